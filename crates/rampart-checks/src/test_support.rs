//! Fixtures for check tests: the bundled example accounts, to be mutated per case.

use rampart_model::{Finding, Snapshot, Status};

use crate::{AuditConfig, Check, Context};

/// The brand-new account of `examples/brand-new.json`.
pub fn brand_new() -> Snapshot {
    Snapshot::from_json(include_str!("../../../examples/brand-new.json"))
        .expect("brand-new example loads")
}

/// The fully hardened account of `examples/hardened.json`.
pub fn hardened() -> Snapshot {
    Snapshot::from_json(include_str!("../../../examples/hardened.json"))
        .expect("hardened example loads")
}

/// Runs one check with the default config.
pub fn run(check: &dyn Check, snap: &Snapshot) -> Vec<Finding> {
    run_with(check, snap, &AuditConfig::default())
}

pub fn run_with(check: &dyn Check, snap: &Snapshot, config: &AuditConfig) -> Vec<Finding> {
    check.evaluate(&Context::new(snap, config))
}

/// The statuses of the findings, in order.
pub fn statuses(findings: &[Finding]) -> Vec<Status> {
    findings.iter().map(|f| f.status).collect()
}

/// The messy inherited account of `examples/inherited.json`.
pub fn inherited() -> Snapshot {
    Snapshot::from_json(include_str!("../../../examples/inherited.json"))
        .expect("inherited example loads")
}

/// A fact refused with AccessDenied on `action`.
pub fn denied<T>(action: &str) -> rampart_model::Observed<T> {
    rampart_model::Observed::Unavailable(rampart_model::Unavailable::access_denied(
        action,
        "not authorized",
    ))
}

/// The one finding a check returned, asserting there is exactly one.
pub fn only(findings: Vec<Finding>) -> Finding {
    assert_eq!(findings.len(), 1, "expected one finding, got {findings:#?}");
    findings.into_iter().next().expect("one finding")
}

/// The snapshot's authorization details, which the examples always have.
pub fn auth_mut(snap: &mut Snapshot) -> &mut rampart_model::iam::AuthorizationDetails {
    match &mut snap.iam.authorization {
        rampart_model::Observed::Known(a) => a,
        rampart_model::Observed::Unavailable(u) => {
            panic!("example has no authorization details: {u}")
        }
    }
}

/// Rewrites the credential report's CSV text and parses it again.
pub fn edit_report(snap: &mut Snapshot, edit: impl FnOnce(&str) -> String) {
    let report = snap
        .iam
        .credential_report
        .known()
        .expect("example has a credential report");
    let csv = edit(report.csv());
    let parsed =
        rampart_model::credential_report::CredentialReport::parse(report.generated_time, csv)
            .expect("edited report parses");
    snap.iam.credential_report = rampart_model::Observed::Known(parsed);
}

/// An inline policy called `admin` with the given document.
pub fn inline(document: &str) -> rampart_model::iam::InlinePolicy {
    rampart_model::iam::InlinePolicy {
        name: "admin".into(),
        document: rampart_engines::policy::PolicyDocument::parse(document)
            .expect("test policy parses"),
    }
}

/// `snap` as audited in organization `o-test`: as its management account (`management`) or
/// as a member managed by account 999999999999. Neither organization fact is set.
pub fn in_organization(mut snap: Snapshot, management: bool) -> Snapshot {
    let management_account_id = if management {
        snap.account_id.clone()
    } else {
        "999999999999".to_owned()
    };
    snap.organization = Some(rampart_model::organization::Membership::new(
        "o-test",
        &management_account_id,
    ));
    snap
}

/// Every fixture of the check `slug`, read from `src/rules/fixtures/<slug>_<case>.json`: the
/// folder is the list, so a fixture added there is tested without being named anywhere.
/// Each comes with its file name.
pub fn fixtures_of(slug: &str) -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules/fixtures");
    let prefix = format!("{slug}_");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("the fixtures folder")
        .map(|e| e.expect("a fixture entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_owned();
            (name.starts_with(&prefix) && name.ends_with(".json")).then(|| {
                let text = std::fs::read_to_string(&path).expect("a readable fixture");
                (name, text)
            })
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixture of `{slug}` in {dir}");
    out
}

#[test]
fn every_fixture_is_named_after_a_check() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules/fixtures");
    for entry in std::fs::read_dir(dir).expect("the fixtures folder") {
        let path = entry.expect("a fixture entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let slug = name.split('_').next().unwrap_or_default();
        assert!(
            name.ends_with(".json") && crate::find(slug).is_some_and(|c| c.meta().slug == slug),
            "{name}: a fixture is named <slug>_<case>.json after an existing check"
        );
    }
}

/// Asserts that `check` is a single unknown naming `action` on the hardened account once
/// `refuse` has made one of its guardrail facts unreadable in the first enabled Region (it is
/// given the facts, that Region, and the refusal to put there).
pub fn assert_unknown_when_refused_in_one_region(
    check: &dyn Check,
    action: &str,
    refuse: impl FnOnce(&mut rampart_model::guardrails::GuardrailFacts, String),
) {
    let mut snap = hardened();
    let first = snap.guardrails.regions.known().expect("regions")[0].clone();
    refuse(&mut snap.guardrails, first);
    let f = only(run(check, &snap));
    assert_eq!(f.status, Status::Unknown, "{}", f.message);
    assert_eq!(f.missing_permission.as_deref(), Some(action));
}

/// The AWS managed SCP `FullAWSAccess`.
pub const FULL_AWS_ACCESS: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// A service control policy named `name` with the document `json`.
pub fn scp(name: &str, json: &str) -> rampart_model::organization::Scp {
    rampart_model::organization::Scp {
        id: format!("p-{name}"),
        name: name.into(),
        document: rampart_engines::policy::PolicyDocument::parse(json).expect("policy parses"),
    }
}
