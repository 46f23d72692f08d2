//! A small, hand-built audit for the renderers' tests: three steps, every status, long values.

use rampart_checks::{CheckMeta, Fix};
use rampart_model::{Caller, Finding, ResourceRef, Severity, Step, Unavailable};

use crate::Audit;

static ROOT_KEYS: CheckMeta = CheckMeta {
    id: "RMP102",
    slug: "root-access-keys",
    aliases: &[],
    step: Step::Root,
    severity: Severity::Critical,
    title: "The root user has access keys",
    frameworks: &[("cis-aws-5.0", "1.3"), ("aws-fsbp", "IAM.4")],
    fix: Fix::Manual,
    source: "",
};

static PASSWORD: CheckMeta = CheckMeta {
    id: "RMP105",
    slug: "weak-password-policy",
    aliases: &[],
    step: Step::Root,
    severity: Severity::Medium,
    title: "The password policy is missing or weak",
    frameworks: &[("cis-aws-5.0", "1.7")],
    fix: Fix::Auto,
    source: "",
};

static CONTACT: CheckMeta = CheckMeta {
    id: "RMP109",
    slug: "no-security-contact",
    aliases: &[],
    step: Step::Root,
    severity: Severity::Low,
    title: "No security contact is registered",
    frameworks: &[("cis-aws-5.0", "1.2")],
    fix: Fix::Manual,
    source: "",
};

static USER_MFA: CheckMeta = CheckMeta {
    id: "RMP202",
    slug: "console-user-without-mfa",
    aliases: &[],
    step: Step::Mfa,
    severity: Severity::High,
    title: "A console user has no MFA",
    frameworks: &[("cis-aws-5.0", "1.9")],
    fix: Fix::Manual,
    source: "",
};

static TRAIL: CheckMeta = CheckMeta {
    id: "RMP301",
    slug: "no-multi-region-trail",
    aliases: &[],
    step: Step::CloudTrail,
    severity: Severity::High,
    title: "No multi-Region trail logs management events",
    frameworks: &[("cis-aws-5.0", "3.1")],
    fix: Fix::Auto,
    source: "",
};

static TRAIL_BUCKET: CheckMeta = CheckMeta {
    id: "RMP305",
    slug: "trail-bucket-public",
    aliases: &[],
    step: Step::CloudTrail,
    severity: Severity::Critical,
    title: "A trail bucket is public",
    frameworks: &[("cis-aws-5.0", "2.1.4")],
    fix: Fix::Auto,
    source: "",
};

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
        checks: vec![&ROOT_KEYS, &PASSWORD, &CONTACT, &USER_MFA, &TRAIL, &TRAIL_BUCKET],
        findings: vec![
            Finding::fail("RMP102", root, "the root user has access keys")
                .with("account_summary.AccountAccessKeysPresent", 1)
                .with("credential_report.root_active_keys", 2),
            Finding::pass("RMP105", ResourceRef::account(account), "the password policy meets the baseline"),
            Finding::unknown("RMP109", ResourceRef::account(account), &denied),
            Finding::fail("RMP202", user("alice"), "`alice` signs in to the console without MFA")
                .with("password_last_used", "2026-11-27T18:00:00Z")
                .with("groups", vec!["Developers", "Support"]),
            Finding::pass("RMP202", user("bob"), "`bob` has MFA"),
            Finding::fail(
                "RMP202",
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
    }
}
