//! A plan and its actions: what would change, from what to what, and which checks it fixes.
//!
//! Each action carries a typed [`Call`] (what `apply` does), the `before` it expects to find
//! (re-checked at apply time) and the `after` it leaves. Ids are stable across runs: a hash of
//! the action's kind and resource.

use rampart_engines::policy::{PolicyDocument, Statement};
use rampart_model::iam::PasswordPolicy;
use rampart_model::Applicability;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::baseline::Baseline;

/// The plan file format this build writes and reads.
pub const PLAN_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub format_version: u32,
    pub account_id: String,
    /// The Region the plan was made for (trail home, buckets).
    pub region: String,
    /// A digest of the snapshot the plan was made from.
    pub snapshot_digest: String,
    /// The desired state the plan was made for; `apply FILE` re-plans with it.
    pub baseline: Baseline,
    pub actions: Vec<Action>,
    /// Facts that could not be read, so the plan may be incomplete.
    #[serde(default)]
    pub unreadable: Vec<String>,
    /// Facts that could not be read that only manual steps depend on: the changes are whole,
    /// but a manual step may be missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable_manual: Vec<String>,
    /// Checks that fail on the account and that no action or manual step here addresses:
    /// left to a person, so "no changes" is never mistaken for "all clear".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub still_failing: Vec<StillFailing>,
    /// Checks that could not be decided (a fact they need is unreadable) and that no action
    /// here addresses; `findings` counts the unknown ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<StillFailing>,
}

/// A failing check the plan leaves alone, with how many findings fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StillFailing {
    pub check: String,
    pub title: String,
    pub findings: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Create,
    Update,
    /// Only root access keys, and only behind an explicit flag.
    Delete,
    Manual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    Safe,
    NeedsConfirmation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    /// `password-policy`, `bucket`, `trail`, …: the family the executor re-reads.
    pub kind: String,
    pub resource: String,
    pub title: String,
    pub op: Op,
    pub risk: Risk,
    /// Check ids this action fixes.
    pub resolves: Vec<String>,
    pub call: Call,
    pub before: Value,
    pub after: Value,
    /// Things the user should know (e.g. "confirm the e-mail").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// What `apply` does for an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Call {
    PutPasswordPolicy {
        policy: PasswordPolicy,
    },
    /// Register the alternate contact of `kind` (`SECURITY`, `BILLING`, `OPERATIONS`).
    PutAlternateContact {
        kind: String,
        contact: rampart_model::snapshot::AlternateContact,
    },
    /// Turn EBS encryption by default on in each of `regions`.
    EnableEbsEncryptionByDefault {
        regions: Vec<String>,
    },
    /// Create an external-access IAM Access Analyzer named `name`, with the account as its
    /// zone of trust, in each of `regions`.
    CreateAccessAnalyzer {
        name: String,
        regions: Vec<String>,
    },
    /// Turn GuardDuty on in each of `regions`: create an enabled detector where there is none
    /// and enable the disabled one where there is.
    EnableGuardDuty {
        regions: Vec<String>,
    },
    /// Turn automatic rotation on for each `(Region, key id)`.
    EnableKeyRotation {
        keys: Vec<(String, String)>,
    },
    /// Enable Security Hub, with AWS's default standards, in each of `regions`.
    EnableSecurityHub {
        regions: Vec<String>,
    },
    /// Turn the account's four S3 Block Public Access settings on.
    PutAccountPublicAccessBlock,
    /// Create a monthly `COST` budget of `limit_usd` that mails `emails` when actual spending
    /// passes 80 % and when the forecast passes 100 %.
    CreateBudget {
        name: String,
        limit_usd: u64,
        emails: Vec<String>,
    },
    /// Create a daily Cost Anomaly Detection subscription `subscription` mailing `emails` about
    /// anomalies of `threshold_usd` or more, on the account's AWS services monitor, created as
    /// `monitor` when there is none.
    CreateCostAnomalyAlert {
        monitor: String,
        subscription: String,
        emails: Vec<String>,
        threshold_usd: u32,
    },
    /// Create the customer managed policy, or make `document` its default version.
    EnsureManagedPolicy {
        name: String,
        arn: String,
        document: PolicyDocument,
    },
    EnsureGroup {
        name: String,
        policy_arns: Vec<String>,
    },
    /// Create the role with `trust` as its trust policy, then attach `policy_arns`. A role of
    /// that name with another trust policy is an error, never changed.
    EnsureRole {
        name: String,
        trust: PolicyDocument,
        policy_arns: Vec<String>,
    },
    /// Create the user if missing, add it to `group`, give it a console password (generated,
    /// reset at first sign-in) when it has none. Never access keys.
    EnsureUser {
        name: String,
        group: String,
        console_password: bool,
    },
    /// Create the bucket if missing, then bring its settings up; `statements` are merged into
    /// the policy found at apply time by `Sid`.
    EnsureBucket {
        name: String,
        region: String,
        create: bool,
        statements: Vec<Statement>,
        block_public_access: bool,
        versioning: bool,
        encryption: bool,
    },
    /// Deliver `bucket`'s server access logs to `target_bucket` under `target_prefix`.
    EnableBucketLogging {
        bucket: String,
        region: String,
        target_bucket: String,
        target_prefix: String,
    },
    /// Find the key by `alias` in `region`, or create it with `policy` and give it the alias.
    EnsureTrailKey {
        alias: String,
        region: String,
        policy: PolicyDocument,
    },
    EnsureTrail {
        name: String,
        region: String,
        bucket: String,
        create: bool,
        multi_region: bool,
        log_file_validation: bool,
        kms_key_id: Option<String>,
        /// Record read and write management events (basic selector `All`).
        #[serde(default)]
        management_events: bool,
        start_logging: bool,
    },
    /// Create the topic (idempotent), merge the EventBridge publish statement into its policy,
    /// subscribe each address not yet subscribed.
    EnsureTopic {
        name: String,
        region: String,
        policy_statements: Vec<Statement>,
        subscribe: Vec<String>,
    },
    EnsureRule {
        name: String,
        region: String,
        pattern: String,
        topic_arn: String,
        /// `ENABLED`, or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` for a control with
        /// read-only events.
        #[serde(default = "enabled")]
        state: String,
        /// What the rule alerts on, as its description.
        #[serde(default)]
        description: String,
    },
    CreateDataExport {
        name: String,
        bucket: String,
        prefix: String,
        bucket_region: String,
        granularity: String,
    },
    CreateCurReport {
        name: String,
        bucket: String,
        prefix: String,
        bucket_region: String,
        time_unit: String,
    },
    DeleteRootAccessKeys {
        key_count: u32,
    },
    /// Turn on the parts of centralized root access that are off, in this order: IAM's
    /// trusted access in Organizations, `RootCredentialsManagement`, `RootSessions`. Run as the
    /// management account.
    EnableRootAccess {
        trusted_access: bool,
        root_credentials_management: bool,
        root_sessions: bool,
    },
    /// Delete exactly these root credentials of member `account_id`, in a root session with
    /// the `IAMDeleteRootUserCredentials` task policy, from the management account.
    DeleteMemberRootCredentials {
        account_id: String,
        password: bool,
        access_keys: Vec<String>,
        mfa_devices: Vec<String>,
        signing_certificates: Vec<String>,
    },
    Manual {
        steps: Vec<String>,
        page: String,
    },
}

impl Plan {
    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }

    pub fn count(&self, op: Op) -> usize {
        self.actions.iter().filter(|a| a.op == op).count()
    }

    /// Actions that change the account (everything but manual steps).
    pub fn changes(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.op != Op::Manual)
    }

    pub fn has_changes(&self) -> bool {
        self.changes().next().is_some()
    }

    /// Whether every fact the planner needed could be read. An incomplete plan may lack
    /// actions, so "no changes" cannot be concluded from it: it is an error, not a green.
    pub fn is_complete(&self) -> bool {
        self.unreadable.is_empty()
    }

    /// How this plan fixes a failure of `check`, refining what the check `declared`:
    /// - a change resolves it, and no manual step does: automatic;
    /// - a manual step resolves it: the person's part, named by the step — unless nothing
    ///   changes and the check declared a setting or a flag, which the step then explains;
    /// - nothing here addresses it: manual, once the plan is whole (an incomplete plan may
    ///   lack the action, so the declared value stands).
    pub fn applicability(&self, check: &str, declared: &Applicability) -> Applicability {
        let mut changes = false;
        let mut step = None;
        for a in self
            .actions
            .iter()
            .filter(|a| a.resolves.iter().any(|r| r == check))
        {
            if a.op == Op::Manual {
                step.get_or_insert(a);
            } else {
                changes = true;
            }
        }
        let asks_user = matches!(
            declared,
            Applicability::NeedsSetting(_) | Applicability::NeedsFlag(_)
        );
        match step {
            Some(_) if !changes && asks_user => declared.clone(),
            Some(step) => Applicability::NeedsPerson(step.title.clone().into()),
            None if changes => Applicability::Automatic,
            None if asks_user || !self.is_complete() => declared.clone(),
            None => Applicability::Manual,
        }
    }

    /// Every check id some action or manual step resolves.
    pub fn resolved_checks(&self) -> impl Iterator<Item = &str> {
        self.actions
            .iter()
            .flat_map(|a| a.resolves.iter().map(String::as_str))
    }

    /// The plan file's text. A failure is an error, never a file that looks like a plan.
    pub fn to_json(&self) -> Result<String, PlanFileError> {
        let mut text = serde_json::to_string_pretty(self).map_err(PlanFileError::Write)?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a plan file, checking its format version first.
    pub fn from_json(text: &str) -> Result<Plan, PlanFileError> {
        let value: Value = serde_json::from_str(text).map_err(PlanFileError::NotJson)?;
        check_version(&value)?;
        serde_json::from_value(value).map_err(PlanFileError::Corrupt)
    }
}

/// Refuses a plan file of another format version before anything else is read from it.
pub(crate) fn check_version(file: &Value) -> Result<(), PlanFileError> {
    let found = file
        .get("format_version")
        .and_then(Value::as_u64)
        .ok_or(PlanFileError::NoVersion)?;
    if found != u64::from(PLAN_FORMAT_VERSION) {
        return Err(PlanFileError::Version { found });
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    #[error("not a rampart plan: {0}")]
    NotJson(serde_json::Error),
    #[error("not a rampart plan: it has no `format_version`")]
    NoVersion,
    #[error(
        "plan format_version {found} is not the one this rampart reads ({PLAN_FORMAT_VERSION})"
    )]
    Version { found: u64 },
    #[error("the plan file is corrupt: {0}")]
    Corrupt(serde_json::Error),
    #[error("cannot write the plan: {0}")]
    Write(serde_json::Error),
}

/// FNV-1a, 64 bits: stable across runs and platforms (unlike std's hasher).
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The stable id of the action of `kind` on `resource`.
pub fn action_id(kind: &str, resource: &str) -> String {
    format!("{:016x}", fnv64(format!("{kind}\0{resource}").as_bytes()))
}

fn enabled() -> String {
    "ENABLED".to_owned()
}
