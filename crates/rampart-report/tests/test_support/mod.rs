//! What the report tests share: the bundled example accounts, evaluated with every
//! check and the default settings.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rampart_checks::{AuditConfig, Selection};
use rampart_model::Snapshot;
use rampart_report::Audit;

/// The example accounts under `examples/`.
pub const EXAMPLES: [&str; 3] = ["brand-new", "hardened", "inherited"];

/// A file of the tests' schema directory.
pub fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name)
}

/// The audit of an example account, e.g. `example("brand-new")`.
pub fn example(name: &str) -> Audit {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let snapshot = Snapshot::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Audit::evaluate(&snapshot, &AuditConfig::default(), &Selection::all())
}
