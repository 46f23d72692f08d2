//! The scope of a run — one account, or an organization's accounts — read live with the
//! session's credentials or loaded from a snapshot file.

use std::path::Path;

use anyhow::anyhow;
use rampart_aws::CollectOptions;
use rampart_model::Scope;

use crate::config::Settings;
use crate::org_args::OrgArgs;
use crate::session::Session;

/// Reads a snapshot file of either kind as a scope; every error is one line that names the
/// file.
pub fn load(path: &Path) -> anyhow::Result<Scope> {
    let name = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow!("{name}: cannot read the snapshot: {e}"))?;
    Scope::from_json(&text).map_err(|e| anyhow!("{name}: {e}"))
}

/// Collects the scope for the checks: the accounts of an organization with `--org`, else the
/// credentials' account.
pub fn collect(session: &Session, org: &OrgArgs, opts: &CollectOptions) -> anyhow::Result<Scope> {
    if org.org {
        let opts = rampart_aws::OrgOptions {
            collect: opts.clone(),
            ..org.options()
        };
        return Ok(Scope::organization(session.collect_org(&opts)?));
    }
    Ok(Scope::account(session.collect(opts)?))
}

/// Collects the scope `plan` and `apply` plan over: as [`collect`], with only what the
/// planner needs of a single account.
pub fn collect_for_plan(
    session: &Session,
    settings: &Settings,
    org: &OrgArgs,
) -> anyhow::Result<Scope> {
    let opts = crate::selection::collect_options(&crate::selection::kept(settings)?);
    if org.org {
        return collect(session, org, &opts);
    }
    Ok(Scope::account(
        session.collect_for_plan(&settings.baseline, &opts)?,
    ))
}
