//! RMP114: the account has no security contact.

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether the account has a `SECURITY` alternate contact registered.
    ///
    /// ## Why it matters
    /// AWS writes to the security contact about abuse reports, leaked credentials it found in
    /// public code, and compromised resources. Without one, those warnings go only to the root
    /// email address, which often nobody reads.
    ///
    /// ## How to fix
    /// In the console open **Account → Alternate contacts → Edit** and fill in **Security
    /// contact**; use a team mailbox rather than a person. With the CLI:
    /// `aws account put-alternate-contact --alternate-contact-type SECURITY --name … --title …
    /// --email-address … --phone-number …`. `rampart apply` does not invent a contact: with
    /// `contacts.security` set in `rampart.toml` it registers that one; without, it lists the
    /// console steps.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.2
    /// - AWS Security Hub control Account.1
    /// - <https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html>
    pub struct NoSecurityContact;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_SECURITY_CONTACT,
        slug: "no-security-contact",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Low,
        title: "The account has no security contact",
        frameworks: &[("cis-aws-7.0", "2.3"), ("cis-aws-6.0", "2.2"), ("cis-aws-5.0", "1.2"), ("aws-ssb", "ACCT.01"), ("aws-fsbp", "Account.1")],
        fix: Applicability::NeedsPerson(Cow::Borrowed("set `contacts.security` in rampart.toml for `rampart apply` to register it, or enter it in the account settings")),
    };
}

impl Check for NoSecurityContact {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::account(cx);
        vec![match &cx.snapshot.account.security_contact {
            Observed::Unavailable(u) => Finding::unknown(META.id, resource, u),
            Observed::Known(None) => {
                Finding::fail(META.id, resource, "no security contact is registered")
            }
            Observed::Known(Some(c)) => Finding::pass(
                META.id,
                resource,
                format!("security contact `{}` is registered", c.name),
            )
            .with("name", &c.name)
            .with("email", &c.email),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_without_a_contact() {
        assert_eq!(
            only(run(&NoSecurityContact, &brand_new())).status,
            Status::Fail
        );
    }

    #[test]
    fn passes_with_a_contact() {
        let f = only(run(&NoSecurityContact, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.evidence["email"], "security@example.com");
    }

    #[test]
    fn unknown_when_refused() {
        let f = only(run(&NoSecurityContact, &inherited()));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("account:GetAlternateContact")
        );
    }
}
