//! The support role (CIS 2.15): when no role can manage AWS Support cases, one is created,
//! assumable by the account's principals that signed in with MFA, with only
//! `AWSSupportAccess`. A role of the baseline's name that exists already is not changed: a
//! person decides what attaching the policy to it means.

use rampart_model::{check_ids, Observed};
use serde_json::json;

use crate::action::{Call, Op};
use crate::documents;
use crate::manual::manual;
use crate::planning::{Draft, Planning};

/// The AWS managed policy for AWS Support cases.
pub const SUPPORT_ACCESS_ARN: &str = "arn:aws:iam::aws:policy/AWSSupportAccess";

pub(crate) fn plan(cx: &mut Planning<'_>) {
    let auth = match &cx.snap.iam.authorization {
        Observed::Known(a) => a,
        Observed::Unavailable(u) => return cx.unreadable("the support role", u),
    };
    let has_support = |r: &rampart_model::iam::IamRole| {
        r.attached_policies
            .iter()
            .any(|p| p.arn == SUPPORT_ACCESS_ARN)
    };
    if auth.roles.iter().any(has_support) {
        return;
    }
    let name = cx.baseline.support_role.clone();
    if let Some(role) = auth
        .roles
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(&name))
    {
        let existing = role.name.clone();
        manual(
            cx,
            "support-role",
            "give a role AWS Support access",
            &[check_ids::NO_SUPPORT_ROLE],
            vec![
                format!("A role named `{existing}` exists already; rampart does not change roles it did not create"),
                format!("If it is meant for Support cases, attach the policy: `aws iam attach-role-policy --role-name {existing} --policy-arn {SUPPORT_ACCESS_ARN}`"),
                "Otherwise set another name in `admin.support_role` and run `rampart apply` again".into(),
            ],
            "https://console.aws.amazon.com/iam/home#/roles",
        );
        return;
    }
    let trust = documents::support_role_trust(&cx.snap.account_id);
    cx.push(Draft {
        kind: "support-role",
        resource: name.clone(),
        title: format!("support role `{name}`"),
        op: Op::Create,
        resolves: &[check_ids::NO_SUPPORT_ROLE],
        before: serde_json::Value::Null,
        after: json!({
            "attached_policies": [SUPPORT_ACCESS_ARN],
            "assumable_by": "this account's principals, with MFA",
        }),
        call: Call::EnsureRole {
            name,
            trust,
            policy_arns: vec![SUPPORT_ACCESS_ARN.to_owned()],
        },
    });
}

#[cfg(test)]
mod tests {
    use rampart_model::{Observed, Snapshot};

    use crate::{plan, Baseline, Call, PlanOptions};

    fn example(text: &str) -> Snapshot {
        Snapshot::from_json(text).expect("example loads")
    }

    #[test]
    fn a_support_role_is_created_only_where_none_exists() {
        let snap = example(include_str!("../../../examples/brand-new.json"));
        let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
        let role = p
            .actions
            .iter()
            .find(|a| a.kind == "support-role")
            .expect("planned");
        let Call::EnsureRole {
            name, policy_arns, ..
        } = &role.call
        else {
            panic!("{:?}", role.call)
        };
        assert_eq!(name, "Support");
        assert_eq!(policy_arns, &[super::SUPPORT_ACCESS_ARN.to_owned()]);
        let hardened = example(include_str!("../../../examples/hardened.json"));
        let p = plan(&Baseline::default(), &hardened, &PlanOptions::default());
        assert!(p.actions.iter().all(|a| a.kind != "support-role"));
    }

    #[test]
    fn a_role_of_that_name_is_left_to_a_person() {
        let mut snap = example(include_str!("../../../examples/brand-new.json"));
        let Observed::Known(auth) = &mut snap.iam.authorization else {
            panic!("authorization")
        };
        auth.roles.push(rampart_model::iam::IamRole {
            name: "support".into(),
            arn: format!("arn:aws:iam::{}:role/support", snap.account_id),
            path: "/".into(),
            create_date: chrono::Utc::now(),
            attached_policies: vec![],
            inline_policies: vec![],
            permissions_boundary: None,
        });
        let p = plan(&Baseline::default(), &snap, &PlanOptions::default());
        let a = p
            .actions
            .iter()
            .find(|a| a.resource == "support-role")
            .expect("a step");
        assert_eq!(a.kind, "manual");
        assert!(matches!(&a.call, Call::Manual { steps, .. } if steps[0].contains("`support`")));
    }
}
