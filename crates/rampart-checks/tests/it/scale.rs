//! The baseline stays correct at scale: a 100,000-user account yields exactly the failures its
//! users carry. How fast that is, is measured by `benches/evaluate.rs`, not here.

use rampart_checks::{evaluate, AuditConfig, Selection};
use rampart_model::Status;

const USERS: usize = 100_000;

#[test]
fn a_100k_user_account_yields_one_finding_per_offending_user() {
    let snap = crate::large::large_account(USERS);
    let findings = evaluate(&snap, &AuditConfig::default(), &Selection::all());
    let failed = |id: &str| {
        findings
            .iter()
            .filter(|f| f.check_id == id && f.status == Status::Fail)
            .count()
    };
    assert_eq!(failed("RMP203"), USERS / 10, "every tenth user has no MFA");
    assert_eq!(
        failed("RMP108"),
        USERS / 100,
        "every hundredth user has a policy of its own"
    );
}
