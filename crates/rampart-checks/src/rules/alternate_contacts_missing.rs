//! RMP121: the billing or operations alternate contact is not registered.

use std::borrow::Cow;

use rampart_model::snapshot::AlternateContact;
use rampart_model::{check_ids, Finding, Observed, Severity, Step};

use crate::facts;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Whether the account registers a `BILLING` and an `OPERATIONS` alternate contact
    /// (`account:GetAlternateContact`); the `SECURITY` contact is RMP114's. One failure per
    /// missing contact, one unknown per contact that could not be read, one pass when both are
    /// registered.
    ///
    /// ## Why it matters
    /// AWS writes to the alternate contacts about invoices and payment problems (billing) and
    /// about service events, retirements and maintenance that need action (operations). Without
    /// them every such message goes only to the root user's e-mail address, often one person's
    /// inbox or one nobody reads, and an unpaid invoice or a retired instance is noticed late.
    ///
    /// ## How to fix
    /// Register a team address for each: in the console open **Account → Alternate contacts →
    /// Edit** (<https://console.aws.amazon.com/billing/home#/account>); with the CLI
    /// `aws account put-alternate-contact --alternate-contact-type BILLING --name NAME
    /// --title TITLE --email-address EMAIL --phone-number PHONE` (and `OPERATIONS`). With
    /// `contacts.billing` and `contacts.operations` set in `rampart.toml`, `rampart apply`
    /// registers each that is missing (it never replaces one that is registered).
    ///
    /// ## References
    /// - AWS Startup Security Baseline, ACCT.01
    /// - <https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html>
    pub struct AlternateContactsMissing;

    static META: CheckMeta = CheckMeta {
        id: check_ids::ALTERNATE_CONTACTS_MISSING,
        slug: "alternate-contacts-missing",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Low,
        title: "The billing or operations alternate contact is not registered",
        frameworks: &[("aws-ssb", "ACCT.01")],
        fix: Applicability::NeedsSetting(Cow::Borrowed("contacts.billing and contacts.operations")),
    };
}

impl Check for AlternateContactsMissing {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let account = &cx.snapshot.account;
        let contacts: [(&str, &Observed<Option<AlternateContact>>); 2] = [
            ("BILLING", &account.billing_contact),
            ("OPERATIONS", &account.operations_contact),
        ];
        let mut out = Vec::new();
        for (kind, contact) in contacts {
            match contact {
                Observed::Unavailable(u) => {
                    out.push(Finding::unknown(META.id, facts::account(cx), u).with("contact", kind));
                }
                Observed::Known(None) => out.push(
                    Finding::fail(
                        META.id,
                        facts::account(cx),
                        format!("no `{kind}` alternate contact is registered"),
                    )
                    .with("contact", kind),
                ),
                Observed::Known(Some(_)) => {}
            }
        }
        if out.is_empty() {
            out.push(Finding::pass(
                META.id,
                facts::account(cx),
                "the billing and operations alternate contacts are registered",
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run, statuses};
    use rampart_model::Status;

    #[test]
    fn fails_for_each_missing_contact() {
        let findings = run(&AlternateContactsMissing, &brand_new());
        assert_eq!(statuses(&findings), [Status::Fail, Status::Fail]);
        assert_eq!(findings[1].evidence["contact"], "OPERATIONS");
    }

    #[test]
    fn passes_with_both() {
        let f = only(run(&AlternateContactsMissing, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn an_unreadable_contact_is_unknown_never_a_pass() {
        let mut snap = hardened();
        snap.account.operations_contact = denied("account:GetAlternateContact");
        let f = only(run(&AlternateContactsMissing, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(f.evidence["contact"], "OPERATIONS");
    }
}
