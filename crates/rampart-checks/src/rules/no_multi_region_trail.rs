//! RMP301: no multi-region trail records all management events.

use rampart_model::cloudtrail::Trail;
use rampart_model::{check_ids, Finding, Observed, Severity, Step, Unavailable};
use serde_json::json;

use crate::{facts, trails};
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether some trail is multi-region, is logging (`GetTrailStatus`), and records management
    /// events, both read and write (`GetEventSelectors`, basic or advanced). Unknown when the
    /// trails could not be listed, or when no trail qualifies and a multi-region trail's status or
    /// selectors could not be read. In an organization audit (`rampart audit --org`), a member
    /// account also passes through the management account's organization trail, which records
    /// every member's events; the finding names it.
    ///
    /// ## Why it matters
    /// The event history keeps 90 days of management events and cannot be queried beyond that or
    /// fed into alerts. A trail keeps every API call, in every Region — including the ones you do
    /// not use, where an attacker would start — for as long as the bucket keeps it.
    ///
    /// ## How to fix
    /// In the CloudTrail console open **Trails → Create trail**, keep **Enable for all accounts /
    /// all Regions**, choose a new S3 bucket, and keep **Management events: Read and Write**. A
    /// trail created with the CLI logs nothing until started:
    /// `aws cloudtrail create-trail --name management-events --s3-bucket-name BUCKET
    /// --is-multi-region-trail --enable-log-file-validation` then
    /// `aws cloudtrail start-logging --name management-events`. `rampart apply` fixes this: it
    /// creates the bucket with the documented policy, the trail, and starts logging.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 3.1
    /// - AWS Security Hub control CloudTrail.1
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html>
    pub struct NoMultiRegionTrail;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_MULTI_REGION_TRAIL,
        slug: "no-multi-region-trail",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::Critical,
        title: "No multi-region trail records all management events",
        frameworks: &[("cis-aws-7.0", "4.1"), ("cis-aws-6.0", "4.1"), ("cis-aws-5.0", "3.1"), ("aws-ssb", "ACCT.07"), ("aws-fsbp", "CloudTrail.1")],
        fix: Applicability::Automatic,
    };
}

impl Check for NoMultiRegionTrail {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::account(cx);
        let mut problems = Vec::new();
        let mut gap: Option<&Unavailable> = None;
        let own = trails::unique(cx).unwrap_or_else(|u| {
            gap = Some(u);
            vec![]
        });
        for t in &own {
            match judge(t) {
                Ok(()) => {
                    return vec![Finding::pass(
                        META.id,
                        facts::trail(t),
                        format!(
                            "trail `{}` records management events in every Region",
                            t.name
                        ),
                    )
                    .with("trail", &t.name)];
                }
                Err(Verdict::Missing(u)) => {
                    gap.get_or_insert(u);
                }
                Err(Verdict::Falls(why)) => {
                    problems.push(json!({"trail": t.name, "problems": why}));
                }
            }
        }
        // A member of an organization is covered by the management account's organization
        // trails, which record every member's events.
        let membership = cx.snapshot.organization.as_ref();
        let organization = membership.and_then(|o| o.organization_trails.as_ref());
        let organization_trails: &[Trail] = match organization {
            Some(Observed::Known(t)) => t,
            Some(Observed::Unavailable(u)) => {
                gap.get_or_insert(u);
                &[]
            }
            None => &[],
        };
        for t in organization_trails {
            match judge(t) {
                Ok(()) => {
                    let management = membership.map_or("", |o| o.management_account_id.as_str());
                    return vec![Finding::pass(
                        META.id,
                        facts::trail(t),
                        format!(
                            "organization trail `{}` of management account {management} records \
                             management events in every Region, for every account of the \
                             organization",
                            t.name
                        ),
                    )
                    .with("organization_trail", &t.arn)];
                }
                Err(Verdict::Missing(u)) => {
                    gap.get_or_insert(u);
                }
                Err(Verdict::Falls(why)) => {
                    problems.push(json!({"organization_trail": t.arn, "problems": why}));
                }
            }
        }
        if let Some(u) = gap {
            return vec![Finding::unknown(META.id, resource, u).with("trails", problems)];
        }
        let message = if own.is_empty() && organization_trails.is_empty() {
            "the account has no trail"
        } else {
            "no trail records management events in every Region"
        };
        vec![Finding::fail(META.id, resource, message).with("trails", problems)]
    }
}

enum Verdict<'a> {
    Missing(&'a Unavailable),
    Falls(Vec<&'static str>),
}

/// Whether one trail qualifies; why not, or which fact is missing to tell.
fn judge(t: &Trail) -> Result<(), Verdict<'_>> {
    if !t.is_multi_region {
        return Err(Verdict::Falls(vec!["single-Region"]));
    }
    let mut why = Vec::new();
    let mut missing = None;
    match &t.status {
        Observed::Known(s) if !s.is_logging => why.push("not logging"),
        Observed::Known(_) => {}
        Observed::Unavailable(u) => missing = Some(u),
    }
    match &t.selectors {
        Observed::Known(sel) => {
            let cov = sel.management_coverage();
            if !cov.read {
                why.push("does not record read management events");
            }
            if !cov.write {
                why.push("does not record write management events");
            }
        }
        Observed::Unavailable(u) => {
            missing.get_or_insert(u);
        }
    }
    match missing {
        _ if !why.is_empty() => Err(Verdict::Falls(why)),
        Some(u) => Err(Verdict::Missing(u)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, inherited, only, run};
    use rampart_model::cloudtrail::{BasicEventSelector, EventSelectors};
    use rampart_model::Status;

    fn trail_mut(snap: &mut rampart_model::Snapshot) -> &mut Trail {
        match &mut snap.cloudtrail.trails {
            Observed::Known(t) => &mut t[0],
            Observed::Unavailable(u) => panic!("{u}"),
        }
    }

    #[test]
    fn fails_without_trails_or_with_a_single_region_one() {
        assert_eq!(
            only(run(&NoMultiRegionTrail, &brand_new())).message,
            "the account has no trail"
        );
        let f = only(run(&NoMultiRegionTrail, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(
            f.evidence["trails"][0]["problems"],
            json!(["single-Region"])
        );
    }

    #[test]
    fn passes_with_the_hardened_trail_but_not_when_stopped_or_write_only() {
        assert_eq!(
            only(run(&NoMultiRegionTrail, &hardened())).status,
            Status::Pass
        );
        let mut snap = hardened();
        if let Observed::Known(s) = &mut trail_mut(&mut snap).status {
            s.is_logging = false;
        }
        assert_eq!(only(run(&NoMultiRegionTrail, &snap)).status, Status::Fail);
        let mut snap = hardened();
        trail_mut(&mut snap).selectors = Observed::Known(EventSelectors {
            basic: vec![BasicEventSelector {
                read_write_type: "WriteOnly".into(),
                include_management_events: true,
                exclude_management_event_sources: vec![],
            }],
            advanced: vec![],
        });
        let f = only(run(&NoMultiRegionTrail, &snap));
        assert_eq!(
            f.evidence["trails"][0]["problems"],
            json!(["does not record read management events"])
        );
    }

    /// A member of an organization, with the hardened account's trail as the management
    /// account's organization trail.
    fn member_with_organization_trail(trail: Trail) -> rampart_model::Snapshot {
        let mut snap = crate::test_support::in_organization(brand_new(), false);
        if let Some(org) = &mut snap.organization {
            org.organization_trails = Some(Observed::Known(vec![Trail {
                is_organization_trail: true,
                include_global_service_events: None,
                ..trail
            }]));
        }
        snap
    }

    #[test]
    fn a_member_passes_with_the_organization_trail_and_says_so() {
        let trail = trail_mut(&mut hardened()).clone();
        let f = only(run(&NoMultiRegionTrail, &member_with_organization_trail(trail.clone())));
        assert_eq!(f.status, Status::Pass);
        assert!(f.message.starts_with(&format!("organization trail `{}`", trail.name)), "{}", f.message);
        assert!(f.message.contains("management account 999999999999"), "{}", f.message);
        assert_eq!(f.evidence["organization_trail"], trail.arn.as_str());

        let mut stopped = trail.clone();
        if let Observed::Known(s) = &mut stopped.status {
            s.is_logging = false;
        }
        let f = only(run(&NoMultiRegionTrail, &member_with_organization_trail(stopped)));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["trails"][0]["problems"], json!(["not logging"]));

        let mut unread = trail;
        unread.status = denied("cloudtrail:GetTrailStatus");
        let f = only(run(&NoMultiRegionTrail, &member_with_organization_trail(unread)));
        assert_eq!(f.status, Status::Unknown);
    }

    #[test]
    fn unknown_when_trails_or_status_are_refused() {
        let mut snap = hardened();
        trail_mut(&mut snap).status = denied("cloudtrail:GetTrailStatus");
        let f = only(run(&NoMultiRegionTrail, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("cloudtrail:GetTrailStatus")
        );
        snap.cloudtrail.trails = denied("cloudtrail:DescribeTrails");
        assert_eq!(
            only(run(&NoMultiRegionTrail, &snap))
                .missing_permission
                .as_deref(),
            Some("cloudtrail:DescribeTrails")
        );
    }
}
