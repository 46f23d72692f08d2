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

/// An example account's snapshot, e.g. `snapshot("brand-new")`.
pub fn snapshot(name: &str) -> Snapshot {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Snapshot::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An organization of the example accounts: `hardened` manages it (centralized root access
/// off), `brand-new` and `inherited` are members (the first with a root password), and
/// member 444455556666 could not be reached.
pub fn organization() -> rampart_model::OrgSnapshot {
    use rampart_model::organization::{
        Membership, OrgSnapshot, Reach, RootAccess, RootCredentials, ScopeAccount,
    };
    use rampart_model::Observed;
    let mut management = snapshot("hardened");
    let management_id = management.account_id.clone();
    let membership = |root_access, root_credentials| Membership {
        organization_id: "o-example".into(),
        management_account_id: management_id.clone(),
        root_access,
        root_credentials,
        organization_trails: None,
        organization_alerting: None,
        organization_billing: None,
        organization_analyzers: None,
        service_control_policies: None,
    };
    management.organization = Some(membership(
        Some(Observed::Known(RootAccess {
            trusted_access: false,
            root_credentials_management: false,
            root_sessions: false,
        })),
        None,
    ));
    let mut org = OrgSnapshot::new(
        management.taken_at,
        "o-example".into(),
        management_id.clone(),
        management_id.clone(),
        "OrganizationAccountAccessRole".into(),
    );
    let mut accounts = vec![("management", management)];
    for (name, id, password) in [
        ("brand-new", "222233334444", true),
        ("inherited", "333344445555", false),
    ] {
        let mut member = snapshot(name);
        member.account_id = id.into();
        member.organization = Some(membership(
            None,
            Some(Observed::Known(RootCredentials {
                password,
                ..RootCredentials::default()
            })),
        ));
        accounts.push((name, member));
    }
    for (name, snap) in accounts {
        org.accounts.push(ScopeAccount {
            account_id: snap.account_id.clone(),
            name: name.into(),
            state: "ACTIVE".into(),
            reach: Reach::Audited {
                snapshot: Box::new(snap),
            },
        });
    }
    org.accounts.push(ScopeAccount {
        account_id: "444455556666".into(),
        name: "gone".into(),
        state: "ACTIVE".into(),
        reach: Reach::Unreachable {
            reason: "cannot assume arn:aws:iam::444455556666:role/OrganizationAccountAccessRole: AccessDenied".into(),
        },
    });
    org
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
