//! The async runtime, connection and progress line of a command that talks to AWS: opened
//! once per run, it collects the scope, carries the requests of `apply` and prints `--stats`.

use std::time::Instant;

use anyhow::Context;
use rampart_aws::{CollectOptions, ConnectOptions, Connection, OrgError};
use rampart_model::{OrgSnapshot, Snapshot};
use rampart_plan::Baseline;

use crate::global::Global;
use crate::progress::{stats_text, CollectProgress};

/// A multi-threaded runtime for the commands that talk to AWS (the others never start one).
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// What the global `--profile`, `--region` and `--endpoint-url` say about connecting.
pub fn connect_options(global: &Global) -> ConnectOptions {
    ConnectOptions {
        profile: global.profile.clone(),
        region: global.region.clone(),
        endpoint_url: global.endpoint_url.clone(),
        attempt_timeout: global.request_timeout,
        ..ConnectOptions::default()
    }
}

/// The async runtime, connection and progress of one run.
pub struct Session {
    pub runtime: tokio::runtime::Runtime,
    pub conn: Connection,
    /// The progress line of collection; it counts every request of the run for `--stats`.
    pub progress: CollectProgress,
    pub started: Instant,
}

impl Session {
    pub fn open(global: &Global) -> anyhow::Result<Session> {
        let runtime = runtime()?;
        let opts = connect_options(global);
        let conn = runtime.block_on(rampart_aws::connect(&opts));
        Ok(Session {
            runtime,
            conn,
            progress: CollectProgress::new(crate::progress::visible(global)),
            started: Instant::now(),
        })
    }

    /// Collects a snapshot of the credentials' account for the checks.
    pub fn collect(&self, opts: &CollectOptions) -> anyhow::Result<Snapshot> {
        let snapshot =
            self.runtime
                .block_on(rampart_aws::collect(&self.conn, opts, &self.progress));
        self.progress.finish();
        snapshot.context("cannot collect a snapshot of the account")
    }

    /// Collects every selected account of the caller's organization.
    pub fn collect_org(&self, opts: &rampart_aws::OrgOptions) -> anyhow::Result<OrgSnapshot> {
        let snapshot =
            self.runtime
                .block_on(rampart_aws::collect_org(&self.conn, opts, &self.progress));
        self.progress.finish();
        // The organization names what it lacks; the flag that asked for it is named here.
        snapshot.map_err(|e| {
            let flag = match &e {
                OrgError::UnknownAccount(_) => "--accounts",
                OrgError::UnknownOu(_) => "--ou",
                OrgError::NoAccounts => "--accounts and --ou",
                _ => "cannot collect the organization",
            };
            anyhow::Error::new(e).context(flag)
        })
    }

    /// Collects the snapshot the planner needs, leaving out what `opts` skips.
    pub fn collect_for_plan(
        &self,
        baseline: &Baseline,
        opts: &CollectOptions,
    ) -> anyhow::Result<Snapshot> {
        let snapshot = self.runtime.block_on(rampart_aws::collect_for_plan(
            &self.conn,
            baseline,
            opts,
            &self.progress,
        ));
        self.progress.finish();
        snapshot.context("cannot collect a snapshot of the account")
    }

    /// `--stats`: the requests of the run so far, per API, and the time since it began.
    pub fn print_stats(&self, global: &Global) {
        if global.stats {
            eprint!(
                "{}",
                stats_text(&self.progress.stats, self.started.elapsed())
            );
        }
    }
}
