//! A small, hand-built audit for the renderers' tests: three steps, every status, long values,
//! over the real checks' metadata.

use rampart_checks::CheckMeta;
use rampart_model::{Caller, Finding, ResourceRef, Unavailable};

use crate::Audit;

/// The registry's own metadata for `id`, so the fixture cannot drift from the real checks.
fn meta(id: &str) -> &'static CheckMeta {
    rampart_checks::find(id)
        .unwrap_or_else(|| panic!("{id} is a registered check"))
        .meta()
}

pub fn audit() -> Audit {
    let account = "123456789012";
    let root = ResourceRef::new("root", "arn:aws:iam::123456789012:root");
    let user =
        |n: &str| ResourceRef::new("iam-user", format!("arn:aws:iam::123456789012:user/{n}"));
    let denied =
        Unavailable::access_denied("account:GetAlternateContact", "User is not authorized");
    Audit {
        account_id: account.into(),
        account_alias: Some("acme-prod".into()),
        taken_at: "2026-11-28T09:00:00Z".parse().expect("fixed time"),
        caller: Caller::from_arn("arn:aws:iam::123456789012:user/auditor", "AIDAEXAMPLE"),
        checks: ["RMP102", "RMP105", "RMP114", "RMP203", "RMP301", "RMP305"]
            .into_iter()
            .map(meta)
            .collect(),
        findings: vec![
            Finding::fail("RMP102", root, "the root user has access keys")
                .with("account_summary.AccountAccessKeysPresent", 1)
                .with("credential_report.root_active_keys", 2),
            Finding::pass("RMP105", ResourceRef::account(account), "the password policy meets the baseline"),
            Finding::unknown("RMP114", ResourceRef::account(account), &denied),
            Finding::fail("RMP203", user("alice"), "`alice` signs in to the console without MFA")
                .with("password_last_used", "2026-11-27T18:00:00Z")
                .with("groups", vec!["Developers", "Support"]),
            Finding::pass("RMP203", user("bob"), "`bob` has MFA"),
            Finding::fail(
                "RMP203",
                user("carol-with-a-rather-long-name-for-wrapping"),
                "`carol-with-a-rather-long-name-for-wrapping` signs in to the console without MFA and has done so for a long while",
            )
            .with("note", "x".repeat(120)),
            Finding::pass(
                "RMP301",
                ResourceRef::new("trail", "arn:aws:cloudtrail:us-east-1:123456789012:trail/main")
                    .in_region("us-east-1"),
                "`main` logs management events, read and write, in every Region",
            ),
        ],
        fixes: Default::default(),
    }
}
