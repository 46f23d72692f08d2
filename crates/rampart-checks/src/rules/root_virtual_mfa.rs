//! RMP202: the root user's MFA is not a hardware device.

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::facts;
use crate::root::root_mfa;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether the root user's MFA is a hardware device (a FIDO security key or a hardware TOTP
    /// token). Root with MFA on and no virtual MFA device assigned to exactly
    /// `arn:aws:iam::<account>:root` (`ListVirtualMFADevices`) has hardware MFA. Root without any
    /// MFA fails too.
    ///
    /// ## Why it matters
    /// A virtual MFA app lives on a phone that is also used for mail, chat and the web, can be
    /// backed up to the cloud and can be phished for codes. A security key is a separate device
    /// bound to the sign-in page, the strongest protection for the one user that can do anything.
    ///
    /// ## How to fix
    /// Sign in as the root user, open **Security credentials**, choose **Assign MFA device** and
    /// pick **Passkey or security key** or **Hardware TOTP token**; once it works, remove the
    /// virtual device. AWS offers no API for root MFA, so `rampart apply` lists this as a manual
    /// step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.5
    /// - AWS Security Hub control IAM.6
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_fido.html>
    pub struct RootVirtualMfa;

    static META: CheckMeta = CheckMeta {
        id: check_ids::ROOT_VIRTUAL_MFA,
        slug: "root-virtual-mfa",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Mfa,
        severity: Severity::Medium,
        title: "The root user does not have hardware MFA",
        frameworks: &[("cis-aws-7.0", "2.6"), ("cis-aws-6.0", "2.5"), ("cis-aws-5.0", "1.5"), ("aws-fsbp", "IAM.6")],
        fix: Applicability::NeedsPerson(Cow::Borrowed("sign in as root and add a hardware key or passkey")),
    };
}

impl Check for RootVirtualMfa {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::root(cx);
        let mfa = match root_mfa(cx) {
            Ok(m) => m,
            Err(gap) => return vec![gap.finding(META.id, resource)],
        };
        if !mfa.enabled {
            return vec![
                Finding::fail(META.id, resource, "the root user has no MFA at all")
                    .with(mfa.source, false),
            ];
        }
        let devices = match &cx.snapshot.iam.virtual_mfa_devices {
            Observed::Known(d) => d,
            Observed::Unavailable(u) => return vec![Finding::unknown(META.id, resource, u)],
        };
        let root_arn = cx.snapshot.root_arn();
        let virtual_device = devices
            .iter()
            .find(|d| d.user_arn.as_deref() == Some(root_arn.as_str()));
        let f = match virtual_device {
            Some(d) => Finding::fail(
                META.id,
                resource,
                format!(
                    "the root user's MFA is virtual device `{}`",
                    d.serial_number
                ),
            ),
            None => Finding::pass(
                META.id,
                resource,
                "the root user's MFA is a hardware device",
            ),
        };
        vec![f.with(mfa.source, true).with(
            "root_virtual_mfa_device",
            virtual_device.map(|d| &d.serial_number),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, inherited, only, run};
    use rampart_model::iam::VirtualMfaDevice;
    use rampart_model::Status;

    #[test]
    fn fails_without_mfa_or_with_a_virtual_device() {
        assert_eq!(
            only(run(&RootVirtualMfa, &brand_new())).status,
            Status::Fail
        );
        let f = only(run(&RootVirtualMfa, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.message.contains("root-account-mfa-device"),
            "{}",
            f.message
        );
    }

    #[test]
    fn passes_with_hardware_mfa_even_next_to_a_user_called_root() {
        let mut snap = hardened();
        if let Observed::Known(d) = &mut snap.iam.virtual_mfa_devices {
            d.push(VirtualMfaDevice {
                serial_number: "arn:aws:iam::111122223333:mfa/root-ops".into(),
                user_arn: Some("arn:aws:iam::111122223333:user/root-ops".into()),
                enable_date: None,
            });
        }
        assert_eq!(only(run(&RootVirtualMfa, &snap)).status, Status::Pass);
    }

    #[test]
    fn unknown_when_devices_are_refused() {
        let mut snap = hardened();
        snap.iam.virtual_mfa_devices = denied("iam:ListVirtualMFADevices");
        let f = only(run(&RootVirtualMfa, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:ListVirtualMFADevices")
        );
    }
}
