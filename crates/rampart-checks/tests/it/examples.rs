//! The whole baseline against the bundled example accounts: the hardened one passes every
//! check, and every finding on the brand-new and inherited ones is pinned by a snapshot.

use rampart_checks::{evaluate, registry, AuditConfig, Selection};
use rampart_model::{Finding, Snapshot, Status};

fn load(name: &str) -> Snapshot {
    let path = format!("{}/../../examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Snapshot::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn audit(name: &str) -> Vec<Finding> {
    evaluate(&load(name), &AuditConfig::default(), &Selection::all())
}

#[test]
fn examples_load_and_round_trip() {
    for name in ["brand-new", "hardened", "inherited"] {
        let snap = load(name);
        assert_eq!(snap.account_id, "111122223333", "{name}");
        let again = Snapshot::from_json(&snap.to_json()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(again, snap, "{name} does not round-trip");
    }
}

#[test]
fn hardened_passes_every_check() {
    let findings = audit("hardened");
    let bad: Vec<String> = findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| format!("{} {:?}: {}", f.check_id, f.status, f.message))
        .collect();
    assert!(
        bad.is_empty(),
        "hardened.json should pass everything:\n{}",
        bad.join("\n")
    );
    // The organization checks judge facts an account audited on its own does not have.
    for c in registry() {
        let said = findings.iter().any(|f| f.check_id == c.meta().id);
        assert_eq!(
            said,
            c.meta().subject.applies_alone(),
            "{} said nothing, or something it should not, about hardened.json",
            c.meta().id
        );
    }
}

#[test]
fn brand_new_fails_the_whole_baseline() {
    let findings = audit("brand-new");
    let failed = |id: &str| {
        findings
            .iter()
            .any(|f| f.check_id == id && f.status == Status::Fail)
    };
    for id in [
        "RMP101", "RMP102", "RMP103", "RMP104", "RMP105", "RMP201", "RMP204", "RMP301", "RMP308",
        "RMP401",
    ] {
        assert!(failed(id), "{id} should fail on brand-new.json");
    }
    assert!(
        findings.iter().all(|f| f.status != Status::Unknown),
        "brand-new.json has every fact"
    );
    insta::assert_json_snapshot!("brand_new_findings", findings);
}

#[test]
fn inherited_shows_failures_and_unknowns() {
    let findings = audit("inherited");
    let unknown: Vec<&str> = findings
        .iter()
        .filter(|f| f.status == Status::Unknown)
        .map(|f| f.check_id.as_str())
        .collect();
    assert_eq!(
        unknown,
        ["RMP114", "RMP506"],
        "only the refused security contact and Security Hub in us-east-1 are unknown"
    );
    insta::assert_json_snapshot!("inherited_findings", findings);
}
