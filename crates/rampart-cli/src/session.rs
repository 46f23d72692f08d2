//! The connection, async runtime and request counter of a command that talks to the account
//! to plan or apply: `rampart plan` and `rampart apply` open one each.

use std::time::Instant;

use anyhow::Context;
use rampart_aws::{Connection, Progress, RequestStats};
use rampart_model::Snapshot;
use rampart_plan::Baseline;

use crate::cli::Global;
use crate::collect;

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

    /// Collects the snapshot the planner needs, leaving out what `opts` skips.
    pub fn snapshot(
        &self,
        baseline: &Baseline,
        opts: &rampart_aws::CollectOptions,
    ) -> anyhow::Result<Snapshot> {
        self.runtime
            .block_on(rampart_aws::collect_for_plan(
                &self.conn,
                baseline,
                opts,
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
