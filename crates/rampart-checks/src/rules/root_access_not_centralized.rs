//! RMP115: centralized root access is not enabled for the organization's member accounts.

use std::borrow::Cow;

use rampart_model::organization::RootAccess;
use rampart_model::{check_ids, Finding, Observed, ResourceRef, Severity, Step};

use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// In an organization audit (`rampart audit --org`), whether the organization has
    /// centralized root access for its member accounts: IAM's trusted access in AWS
    /// Organizations and both IAM features, `RootCredentialsManagement` and `RootSessions`
    /// (`iam:ListOrganizationsFeatures`). It is judged once, in the management account; an
    /// account audited on its own has nothing here to judge.
    ///
    /// ## Why it matters
    /// Every member account is born with a root user. Without centralized root access, each
    /// one can be given a password (through "forgot password" on its e-mail address) and used
    /// with unrestricted power. With it, the management account can remove member root
    /// credentials altogether and run the few tasks that need root (unlocking a bucket policy,
    /// say) as short, task-scoped sessions instead.
    ///
    /// ## How to fix
    /// `rampart apply --org`, run as the management account, turns on what is off, after
    /// confirmation. In the console, as an administrator of the management account: open **IAM → Root access management**
    /// (<https://console.aws.amazon.com/iam/home#/organization/root-access-management>) and
    /// choose **Enable**, which turns on trusted access and both features. With the AWS CLI:
    /// `aws organizations enable-aws-service-access --service-principal iam.amazonaws.com`,
    /// then `aws iam enable-organizations-root-credentials-management` and
    /// `aws iam enable-organizations-root-sessions`.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 2.1.1
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html>
    pub struct RootAccessNotCentralized;

    static META: CheckMeta = CheckMeta {
        id: check_ids::ROOT_ACCESS_NOT_CENTRALIZED,
        slug: "root-access-not-centralized",
        aliases: &[],
        subject: Subject::Organization,
        step: Step::Root,
        severity: Severity::High,
        title: "Centralized root access is off for member accounts",
        frameworks: &[("cis-aws-7.0", "2.1.1")],
        fix: Applicability::NeedsFlag(Cow::Borrowed("--org")),
    };
}

impl Check for RootAccessNotCentralized {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let Some(org) = &cx.snapshot.organization else {
            return vec![];
        };
        let Some(root_access) = &org.root_access else {
            return vec![];
        };
        let resource = ResourceRef::new("organization", org.organization_id.clone());
        let access = match root_access {
            Observed::Known(a) => a,
            Observed::Unavailable(why) => return vec![Finding::unknown(META.id, resource, why)],
        };
        let missing = missing_parts(access);
        let finding = if missing.is_empty() {
            Finding::pass(
                META.id,
                resource,
                "centralized root access is enabled: trusted access for IAM, root credentials management and root sessions",
            )
        } else {
            Finding::fail(
                META.id,
                resource,
                format!("centralized root access is incomplete: {} off", missing.join(", ")),
            )
        };
        vec![finding
            .with("trusted_access.iam", access.trusted_access)
            .with(
                "features.RootCredentialsManagement",
                access.root_credentials_management,
            )
            .with("features.RootSessions", access.root_sessions)]
    }
}

/// The parts of centralized root access that are off, in the order they are enabled.
fn missing_parts(access: &RootAccess) -> Vec<&'static str> {
    [
        (access.trusted_access, "trusted access for IAM"),
        (
            access.root_credentials_management,
            "RootCredentialsManagement",
        ),
        (access.root_sessions, "RootSessions"),
    ]
    .into_iter()
    .filter(|(on, _)| !on)
    .map(|(_, name)| name)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, in_organization, only, run};
    use rampart_model::Status;

    fn management(access: Observed<RootAccess>) -> rampart_model::Snapshot {
        let mut snap = in_organization(brand_new(), true);
        if let Some(org) = &mut snap.organization {
            org.root_access = Some(access);
        }
        snap
    }

    #[test]
    fn fails_until_every_part_is_on() {
        let off = RootAccess {
            trusted_access: true,
            root_credentials_management: true,
            root_sessions: false,
        };
        let f = only(run(&RootAccessNotCentralized, &management(Observed::Known(off))));
        assert_eq!(f.status, Status::Fail);
        assert!(f.message.contains("RootSessions off"), "{}", f.message);
        assert_eq!(f.resource.kind, "organization");
        assert_eq!(f.evidence["features.RootSessions"], false);
        let none = RootAccess {
            trusted_access: false,
            root_credentials_management: false,
            root_sessions: false,
        };
        let f = only(run(&RootAccessNotCentralized, &management(Observed::Known(none))));
        assert!(
            f.message
                .contains("trusted access for IAM, RootCredentialsManagement, RootSessions"),
            "{}",
            f.message
        );
    }

    #[test]
    fn passes_when_enabled() {
        let on = RootAccess {
            trusted_access: true,
            root_credentials_management: true,
            root_sessions: true,
        };
        let f = only(run(&RootAccessNotCentralized, &management(Observed::Known(on))));
        assert_eq!(f.status, Status::Pass);
    }

    #[test]
    fn unknown_when_the_features_cannot_be_read() {
        let f = only(run(
            &RootAccessNotCentralized,
            &management(denied("iam:ListOrganizationsFeatures")),
        ));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:ListOrganizationsFeatures")
        );
    }

    #[test]
    fn nothing_to_judge_alone_or_in_a_member_account() {
        assert!(run(&RootAccessNotCentralized, &brand_new()).is_empty());
        let member = in_organization(brand_new(), false);
        assert!(run(&RootAccessNotCentralized, &member).is_empty());
    }
}
