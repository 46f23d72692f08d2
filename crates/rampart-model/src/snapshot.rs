//! The snapshot: every fact about one account at one moment, and its file format.
//!
//! A snapshot file is JSON with a `format_version`. Loading checks the version before anything
//! else, so a file from a newer rampart is refused with a clear message rather than half-read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::alerting::AlertingFacts;
use crate::billing::BillingFacts;
use crate::cloudtrail::CloudTrailFacts;
use crate::iam::IamFacts;
use crate::observed::Observed;
use crate::organization::Membership;
use crate::s3::S3Facts;

/// The snapshot format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format_version: u32,
    /// When collection started; "now" for every time-based check.
    pub taken_at: DateTime<Utc>,
    pub account_id: String,
    pub caller: Caller,
    /// The Region the collector used for regional calls other than `us-east-1`.
    pub region: String,
    pub iam: IamFacts,
    pub account: AccountFacts,
    pub cloudtrail: CloudTrailFacts,
    pub s3: S3Facts,
    pub alerting: AlertingFacts,
    pub billing: BillingFacts,
    /// Account-wide settings beyond the four steps, per enabled Region.
    #[serde(default)]
    pub guardrails: crate::guardrails::GuardrailFacts,
    /// Budgets and cost anomaly alerts; absent in snapshots of an earlier rampart.
    #[serde(default)]
    pub cost_alerts: crate::cost_alerts::CostAlertFacts,
    /// The organization the account was audited in (`rampart audit --org`); absent for an
    /// account audited on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Membership>,
}

/// Who collected the snapshot (`GetCallerIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    pub arn: String,
    pub user_id: String,
    /// The caller is the root user (`arn:aws:iam::<account>:root`).
    pub is_root: bool,
}

impl Caller {
    pub fn from_arn(arn: &str, user_id: &str) -> Self {
        Self {
            arn: arn.to_owned(),
            user_id: user_id.to_owned(),
            is_root: is_root_arn(arn),
        }
    }
}

/// True for `arn:<partition>:iam::<12 digits>:root` and nothing else.
pub fn is_root_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5] == "root"
}

/// Account-level settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountFacts {
    /// The `SECURITY` alternate contact; `None` when not registered.
    pub security_contact: Observed<Option<AlternateContact>>,
    /// The `BILLING` alternate contact.
    #[serde(default = "crate::observed::absent")]
    pub billing_contact: Observed<Option<AlternateContact>>,
    /// The `OPERATIONS` alternate contact.
    #[serde(default = "crate::observed::absent")]
    pub operations_contact: Observed<Option<AlternateContact>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlternateContact {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

/// Why a snapshot file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a rampart snapshot: {0}")]
    NotJson(serde_json::Error),
    #[error("not a rampart snapshot: it has no `format_version`")]
    NoVersion,
    #[error("snapshot format_version {found} is newer than this rampart understands ({supported}); upgrade rampart")]
    TooNew { found: u64, supported: u32 },
    #[error("snapshot format_version {found} is not supported (this rampart reads {supported})")]
    Unsupported { found: u64, supported: u32 },
    #[error("snapshot is corrupt at `{path}`: {source}")]
    Corrupt {
        /// Where in the document: `iam.authorization.policies[12].document.Statement[0].Action`.
        path: String,
        source: serde_json::Error,
    },
}

/// Checks a snapshot file's `format_version` before anything else is parsed, so a file is
/// judged without building a JSON tree of a possibly large file.
pub(crate) fn check_version(text: &str) -> Result<(), SnapshotError> {
    #[derive(Deserialize)]
    struct Header {
        format_version: Option<serde_json::Value>,
    }
    let header: Header = serde_json::from_str(text).map_err(SnapshotError::NotJson)?;
    let found = header
        .format_version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .ok_or(SnapshotError::NoVersion)?;
    if found > u64::from(FORMAT_VERSION) {
        return Err(SnapshotError::TooNew {
            found,
            supported: FORMAT_VERSION,
        });
    }
    if found != u64::from(FORMAT_VERSION) {
        return Err(SnapshotError::Unsupported {
            found,
            supported: FORMAT_VERSION,
        });
    }
    Ok(())
}

impl Snapshot {
    /// Parses a snapshot file's contents, checking the format version first.
    pub fn from_json(text: &str) -> Result<Self, SnapshotError> {
        check_version(text)?;
        let mut de = serde_json::Deserializer::from_str(text);
        let snapshot: Self =
            serde_path_to_error::deserialize(&mut de).map_err(|e| SnapshotError::Corrupt {
                path: e.path().to_string(),
                source: e.into_inner(),
            })?;
        de.end().map_err(|e| SnapshotError::Corrupt {
            path: ".".into(),
            source: e,
        })?;
        Ok(snapshot)
    }

    /// Serialises the snapshot as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a snapshot always serialises")
    }

    /// The root user's ARN in this account.
    pub fn root_arn(&self) -> String {
        format!("arn:aws:iam::{}:root", self.account_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_arn_is_exact() {
        assert!(is_root_arn("arn:aws:iam::123456789012:root"));
        assert!(!is_root_arn("arn:aws:iam::123456789012:user/root"));
        assert!(!is_root_arn("arn:aws:iam::123456789012:root-ops"));
        assert!(!is_root_arn(
            "arn:aws:sts::123456789012:assumed-role/root/x"
        ));
    }

    #[test]
    fn refuses_newer_and_missing_versions() {
        let err = Snapshot::from_json(r#"{"format_version": 99}"#).unwrap_err();
        assert!(
            matches!(err, SnapshotError::TooNew { found: 99, .. }),
            "{err}"
        );
        let err = Snapshot::from_json(r#"{"account_id": "1"}"#).unwrap_err();
        assert!(matches!(err, SnapshotError::NoVersion));
        let err = Snapshot::from_json("{ nope").unwrap_err();
        assert!(matches!(err, SnapshotError::NotJson(_)));
        let err = Snapshot::from_json(r#"{"format_version": 1, "account_id": 5}"#).unwrap_err();
        assert!(err.to_string().starts_with("snapshot is corrupt"), "{err}");
    }
}
