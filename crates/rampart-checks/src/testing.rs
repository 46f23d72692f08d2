//! Fixtures for check tests: the bundled example accounts, to be mutated per case.

use rampart_model::{Finding, Snapshot, Status};

use crate::{AuditConfig, Check, Context};

/// The brand-new account of `examples/brand-new.json`.
pub fn brand_new() -> Snapshot {
    Snapshot::from_json(include_str!("../../../examples/brand-new.json")).expect("brand-new example loads")
}

/// The fully hardened account of `examples/hardened.json`.
pub fn hardened() -> Snapshot {
    Snapshot::from_json(include_str!("../../../examples/hardened.json")).expect("hardened example loads")
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
