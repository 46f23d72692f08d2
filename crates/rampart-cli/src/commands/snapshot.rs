//! `rampart snapshot`: collect one account, or an organization's accounts, into a file that
//! `audit --snapshot`, `plan --snapshot` and `diff` read offline.

use std::process::ExitCode;

use clap::Args;
use rampart_aws::CollectOptions;

use crate::global::Global;
use crate::org_args::OrgArgs;
use crate::output;
use crate::session::Session;

/// `rampart snapshot`'s options.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub org: OrgArgs,
}

pub fn run(global: &Global, args: &SnapshotArgs) -> anyhow::Result<ExitCode> {
    let session = Session::open(global)?;
    let scope = crate::scope::collect(&session, &args.org, &CollectOptions::default());
    session.print_stats(global);
    let scope = scope?;
    let mut text = scope.to_json();
    text.push('\n');
    output::write(global.output.as_deref(), &text)?;
    if !global.quiet {
        if let Some(path) = &global.output {
            eprintln!(
                "snapshot of {} written to {}",
                scope.describe(),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
