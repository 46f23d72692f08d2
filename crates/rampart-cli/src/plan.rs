//! `rampart plan`: collect what the planner needs, plan against the baseline in
//! `rampart.toml`, and show the plan (text or JSON); `--out FILE` saves it for `apply FILE`.
//!
//! `--detailed-exitcode`: 0 when nothing would change, 2 when changes are pending (manual
//! steps are listed but never count).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, Context};
use clap::Args;
use rampart_aws::{Connection, Progress, RequestStats};
use rampart_model::Snapshot;
use rampart_plan::{Baseline, Plan, PlanOptions};

use crate::cli::{Format, Global};
use crate::{collect, config, output};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Read the baseline from FILE [default: ./rampart.toml when it exists]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also save the plan as JSON to FILE, for `rampart apply FILE`
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 0 when nothing would change, 2 when changes are pending (manual steps do not count)
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Plan deleting the root user's access keys (only when running as root)
    #[arg(long)]
    pub delete_root_access_keys: bool,
}

/// Counts requests for `--stats`.
#[derive(Default)]
pub struct Counting {
    pub stats: RequestStats,
}

impl Progress for Counting {
    fn fact_started(&self, _: &str) {}
    fn fact_finished(&self, _: &str) {}
    fn request(&self, api: &str) {
        self.stats.record(api);
    }
}

/// The async runtime and connection for commands that plan or apply.
pub struct Session {
    pub runtime: tokio::runtime::Runtime,
    pub conn: Connection,
    pub counting: Counting,
    pub started: Instant,
}

impl Session {
    pub fn open(global: &Global) -> anyhow::Result<Session> {
        let runtime = crate::collect::runtime()?;
        let opts = crate::collect::connect_options(global);
        let conn = runtime.block_on(rampart_aws::connect(&opts));
        Ok(Session {
            runtime,
            conn,
            counting: Counting::default(),
            started: Instant::now(),
        })
    }

    /// Collects the snapshot the planner needs.
    pub fn snapshot(&self, baseline: &Baseline) -> anyhow::Result<Snapshot> {
        self.runtime
            .block_on(rampart_aws::apply::collect_for_plan(
                &self.conn,
                baseline,
                &self.counting,
            ))
            .context("cannot collect a snapshot of the account")
    }

    pub fn print_stats(&self, global: &Global) {
        if global.stats {
            eprint!(
                "{}",
                collect::stats_text(&self.counting.stats, self.started.elapsed())
            );
        }
    }
}

/// Loads the baseline from the configuration.
pub fn baseline(config_file: Option<&Path>, global: &Global) -> anyhow::Result<Baseline> {
    let settings = config::load(config_file)?;
    if global.verbose > 0 {
        if let Some(source) = &settings.source {
            eprintln!("settings: {}", source.display());
        }
    }
    Ok(settings.baseline)
}

/// The plan in the chosen format.
pub fn render(plan: &Plan, format: Format) -> anyhow::Result<String> {
    Ok(match format {
        Format::Json => {
            let mut t = serde_json::to_string_pretty(plan)
                .map_err(|e| anyhow!("cannot write the plan: {e}"))?;
            t.push('\n');
            t
        }
        Format::Table => rampart_plan::render::text(plan),
    })
}

pub fn plan(global: &Global, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let baseline = baseline(args.config.as_deref(), global)?;
    let session = Session::open(global)?;
    let snapshot = session.snapshot(&baseline);
    session.print_stats(global);
    let snapshot = snapshot?;
    let opts = PlanOptions {
        delete_root_access_keys: args.delete_root_access_keys,
    };
    let plan = rampart_plan::plan(&baseline, &snapshot, &opts);
    output::write(global.output.as_deref(), &render(&plan, global.format)?)?;
    if let Some(path) = &args.out {
        let mut text = plan.to_json();
        text.push('\n');
        output::write(Some(path), &text)
            .with_context(|| format!("cannot save the plan to {}", path.display()))?;
        if !global.quiet {
            eprintln!(
                "plan saved to {}; apply it with `rampart apply {}`",
                path.display(),
                path.display()
            );
        }
    }
    Ok(if args.detailed_exitcode && plan.has_changes() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
