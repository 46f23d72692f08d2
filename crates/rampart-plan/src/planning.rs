//! The planner's working state ([`Planning`]): the inputs, the actions so far, and the facts
//! it could not use. Each family (`iam`, `buckets`, `trails`, …) adds its actions through it.

use rampart_model::{Snapshot, Unavailable};
use serde_json::Value;

use crate::action::{action_id, fnv64, Action, Call, Op, Plan, Risk, PLAN_FORMAT_VERSION};
use crate::baseline::Baseline;

pub(crate) struct Planning<'a> {
    pub baseline: &'a Baseline,
    pub snap: &'a Snapshot,
    pub account: &'a str,
    pub region: &'a str,
    pub actions: Vec<Action>,
    /// Groups whose planned MFA policy locks members out (allowed by flag), for their notes.
    pub lockout_notes: Vec<(String, Vec<crate::lockout::LockedOut>)>,
    unreadable: Vec<String>,
    unreadable_manual: Vec<String>,
}

/// The parts of an action the planner families fill in.
pub(crate) struct Draft<'s> {
    pub kind: &'s str,
    pub resource: String,
    pub title: String,
    pub op: Op,
    pub resolves: &'s [&'s str],
    pub call: Call,
    pub before: Value,
    pub after: Value,
}

impl Draft<'_> {
    pub fn build(self) -> Action {
        Action {
            id: action_id(self.kind, &self.resource),
            kind: self.kind.to_owned(),
            resource: self.resource,
            title: self.title,
            op: self.op,
            risk: if self.op == Op::Delete {
                Risk::NeedsConfirmation
            } else {
                Risk::Safe
            },
            resolves: self.resolves.iter().map(|s| (*s).to_owned()).collect(),
            call: self.call,
            before: self.before,
            after: self.after,
            notes: Vec::new(),
        }
    }
}

impl<'a> Planning<'a> {
    pub fn new(baseline: &'a Baseline, snap: &'a Snapshot) -> Self {
        Self {
            baseline,
            snap,
            account: &snap.account_id,
            region: &snap.region,
            actions: Vec::new(),
            lockout_notes: Vec::new(),
            unreadable: Vec::new(),
            unreadable_manual: Vec::new(),
        }
    }

    pub fn push(&mut self, draft: Draft<'_>) -> &mut Action {
        self.actions.push(draft.build());
        let last = self.actions.len() - 1;
        &mut self.actions[last]
    }

    /// Records that `what` could not be planned because a fact is missing.
    pub fn unreadable(&mut self, what: &str, u: &Unavailable) {
        // A fact skipped because its checks are ignored is not planned, and not missing.
        if u.kind == rampart_model::UnavailableKind::Skipped {
            return;
        }
        self.unreadable.push(format!("{what}: {}", u.describe()));
    }

    /// Records that a manual step could not be decided because a fact is missing; no change
    /// depends on it.
    pub fn unreadable_manual(&mut self, what: &str, u: &Unavailable) {
        if u.kind == rampart_model::UnavailableKind::Skipped {
            return;
        }
        self.unreadable_manual
            .push(format!("{what}: {}", u.describe()));
    }

    pub fn unreadable_text(&mut self, text: String) {
        self.unreadable.push(text);
    }

    pub fn finish(self) -> Plan {
        Plan {
            format_version: PLAN_FORMAT_VERSION,
            account_id: self.account.to_owned(),
            region: self.region.to_owned(),
            snapshot_digest: format!("{:016x}", fnv64(self.snap.to_json().as_bytes())),
            baseline: self.baseline.clone(),
            actions: self.actions,
            unreadable: self.unreadable,
            unreadable_manual: self.unreadable_manual,
            still_failing: Vec::new(),
            undecided: Vec::new(),
        }
    }
}
