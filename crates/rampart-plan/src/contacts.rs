//! The account's alternate contacts from `[contacts]`: each one configured and not registered
//! is registered (`account:PutAlternateContact`). A contact already registered is never
//! replaced, whatever the configuration says: someone chose it. The security contact, when not
//! configured, stays a manual step.

use rampart_model::snapshot::AlternateContact;
use rampart_model::{check_ids, Observed};
use serde_json::json;

use crate::action::{Call, Op};
use crate::manual::manual;
use crate::planning::{Draft, Planning};

/// One kind of contact: its name, what the account has, what the baseline wants, the checks
/// it resolves.
type Kind<'a> = (
    &'static str,
    &'a Observed<Option<AlternateContact>>,
    &'a Option<AlternateContact>,
    &'static [&'static str],
);

pub(crate) fn plan(cx: &mut Planning<'_>) {
    let account = &cx.snap.account;
    let contacts = &cx.baseline.contacts;
    let kinds: [Kind<'_>; 3] = [
        (
            "SECURITY",
            &account.security_contact,
            &contacts.security,
            &[check_ids::NO_SECURITY_CONTACT],
        ),
        (
            "BILLING",
            &account.billing_contact,
            &contacts.billing,
            &[check_ids::ALTERNATE_CONTACTS_MISSING],
        ),
        (
            "OPERATIONS",
            &account.operations_contact,
            &contacts.operations,
            &[check_ids::ALTERNATE_CONTACTS_MISSING],
        ),
    ];
    for (kind, fact, wanted, resolves) in kinds {
        let lower = kind.to_ascii_lowercase();
        match (fact, wanted) {
            (Observed::Unavailable(u), Some(_)) => cx.unreadable(&format!("the {lower} contact"), u),
            (Observed::Unavailable(u), None) if kind == "SECURITY" => {
                cx.unreadable_manual("the security contact", u);
            }
            (Observed::Known(None), Some(contact)) => {
                cx.push(Draft {
                    kind: "alternate-contact",
                    resource: kind.to_owned(),
                    title: format!("{lower} alternate contact"),
                    op: Op::Create,
                    resolves,
                    before: serde_json::Value::Null,
                    after: json!({
                        "name": contact.name,
                        "title": contact.title,
                        "email": contact.email,
                        "phone": contact.phone,
                    }),
                    call: Call::PutAlternateContact {
                        kind: kind.to_owned(),
                        contact: contact.clone(),
                    },
                });
            }
            (Observed::Known(None), None) if kind == "SECURITY" => manual(
                cx,
                "security-contact",
                "register a security contact",
                resolves,
                vec![
                    "Set `contacts.security` in rampart.toml and run `rampart apply` again, or open Account, then Alternate contacts, then Edit, and fill in Security".into(),
                ],
                "https://console.aws.amazon.com/billing/home#/account",
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use rampart_model::snapshot::AlternateContact;
    use rampart_model::{Observed, Snapshot};

    use crate::{plan, Baseline, Call, Op, PlanOptions};

    fn contact(who: &str) -> AlternateContact {
        AlternateContact {
            name: who.into(),
            email: format!("{who}@example.com"),
            phone: Some("+1 555 0100".into()),
            title: Some("Team".into()),
        }
    }

    fn brand_new() -> Snapshot {
        Snapshot::from_json(include_str!("../../../examples/brand-new.json")).expect("loads")
    }

    #[test]
    fn configured_contacts_are_registered_and_the_security_one_is_otherwise_a_step() {
        let snap = brand_new();
        let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
        assert!(p.actions.iter().all(|a| a.kind != "alternate-contact"));
        let step = p
            .actions
            .iter()
            .find(|a| a.resource == "security-contact")
            .expect("a manual step");
        assert_eq!(step.op, Op::Manual);

        let mut baseline = Baseline::default();
        baseline.contacts.security = Some(contact("security"));
        baseline.contacts.billing = Some(contact("billing"));
        let p = plan(&baseline, &snap, &PlanOptions::default());
        let kinds: Vec<&str> = p
            .actions
            .iter()
            .filter(|a| a.kind == "alternate-contact")
            .map(|a| a.resource.as_str())
            .collect();
        assert_eq!(kinds, ["SECURITY", "BILLING"]);
        assert!(p.actions.iter().all(|a| a.resource != "security-contact"));
        let Call::PutAlternateContact { contact, .. } = &p
            .actions
            .iter()
            .find(|a| a.resource == "BILLING")
            .expect("billing")
            .call
        else {
            panic!("not a contact call")
        };
        assert_eq!(contact.email, "billing@example.com");
    }

    #[test]
    fn a_registered_contact_is_never_replaced_and_an_unreadable_one_is_named() {
        let mut snap = brand_new();
        snap.account.billing_contact = Observed::Known(Some(contact("someone-else")));
        snap.account.operations_contact = Observed::Unavailable(
            rampart_model::Unavailable::access_denied("account:GetAlternateContact", "denied"),
        );
        let mut baseline = Baseline::default();
        baseline.contacts.billing = Some(contact("billing"));
        baseline.contacts.operations = Some(contact("ops"));
        let p = plan(&baseline, &snap, &PlanOptions::default());
        assert!(p.actions.iter().all(|a| a.kind != "alternate-contact"));
        assert!(
            p.unreadable
                .iter()
                .any(|u| u.contains("operations contact")),
            "{:?}",
            p.unreadable
        );
    }
}
