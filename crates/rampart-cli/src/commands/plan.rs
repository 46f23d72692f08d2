//! `rampart plan`: collect what the planner needs (one account, or an organization's accounts
//! with `--org`), plan against the baseline in `rampart.toml`, and show the plan (text or
//! JSON); `--out FILE` saves it for `apply FILE`, for one account or an organization alike.
//!
//! Exit codes: 0 planned, 2 error. With `--detailed-exitcode`, as OpenTofu has them: 0 nothing
//! would change, 1 error, 2 changes pending (manual steps are listed but never count). A plan
//! that could not read a fact some actions depend on is an error either way.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;
use rampart_plan::ScopePlan;

use crate::exit::ExitStatus;
use crate::global::{Format, Global};
use crate::planning::{ensure_scope_complete, make, options, render_scope};
use crate::session::Session;
use crate::{config, output};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Read the baseline from FILE [default: ./rampart.toml when it exists]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also save the plan as JSON to FILE, for `rampart apply FILE` (the global `-o FILE` does
    /// the same for `plan`)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 0 when nothing would change, 1 on error (a fact the plan needs could not be read
    /// included), 2 when changes are pending (manual steps do not count)
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Plan deleting the root user's access keys (only when running as root)
    #[arg(long)]
    pub delete_root_access_keys: bool,
    /// Add users with an active access key and no MFA device to the MFA-enforcing group
    /// anyway; their keys stop working until they enrol a device (without it, such a change is
    /// a manual step that names them)
    #[arg(long)]
    pub allow_mfa_lockout: bool,
    /// Plan against a saved snapshot (`rampart snapshot -o FILE`) instead of the live account,
    /// offline; `apply` of a plan saved this way still checks every action against the account
    #[arg(long, value_name = "FILE", conflicts_with = "org")]
    pub snapshot: Option<PathBuf>,
    /// With --org (or an organization snapshot): plan deleting member accounts' root
    /// credentials (each one is listed)
    #[arg(long)]
    pub delete_member_root_credentials: bool,
    /// Plan turning on automatic rotation of customer managed KMS keys that lack it (about
    /// 1 USD a month per key and rotation)
    #[arg(long)]
    pub enable_key_rotation: bool,
    /// Plan turning the account's S3 Block Public Access fully on; the plan names each bucket
    /// whose public access it would cut
    #[arg(long)]
    pub block_public_access: bool,
    #[command(flatten)]
    pub org: crate::org_args::OrgArgs,
}

/// Errors become exit code 1 under `--detailed-exitcode` in `main`.
pub fn run(global: &Global, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    // A plan written to a file is one `rampart apply FILE` can read: `-o FILE` saves the plan
    // as `--out FILE` does, and the text still goes to the terminal.
    let save = match (&args.out, &global.output) {
        (Some(a), Some(b)) if a != b => {
            bail!(
                "-o {} and --out {}: both save the plan; give one",
                b.display(),
                a.display()
            )
        }
        (Some(path), _) | (None, Some(path)) => Some(path),
        (None, None) => None,
    };
    let settings = config::settings(args.config.as_deref(), global)?;
    let scope = match &args.snapshot {
        Some(path) => crate::scope::load(path)?,
        None => {
            let session = Session::open(global)?;
            let scope = crate::scope::collect_for_plan(&session, &settings, &args.org);
            session.print_stats(global);
            scope?
        }
    };
    let opts = options(
        &scope,
        args.delete_root_access_keys,
        args.allow_mfa_lockout,
        args.delete_member_root_credentials,
        args.enable_key_rotation,
        args.block_public_access,
    );
    let plan = ScopePlan::make(&scope, |snapshot| make(&settings, snapshot, &opts))?;
    if save.is_none() || global.format != Format::Json {
        output::write(None, &render_scope(&plan, global, None)?)?;
    }
    if let Some(path) = save {
        let text = plan.to_json()?;
        output::write(Some(path), &text)
            .with_context(|| format!("cannot save the plan to {}", path.display()))?;
        if !global.quiet {
            let org = if scope.is_organization() {
                " --org"
            } else {
                ""
            };
            eprintln!(
                "plan saved to {}; apply it with `rampart apply {}{org}`",
                path.display(),
                path.display()
            );
        }
    }
    ensure_scope_complete(&plan)?;
    Ok(ExitStatus::from_plan(args.detailed_exitcode, plan.has_changes()).into())
}
