//! What a check says about one resource.

use serde::{Deserialize, Serialize};

pub use crate::evidence::Evidence;

/// A check's verdict on one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Fail,
    Unknown,
    Pass,
}

/// How bad a failure is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown severity `{s}` (expected info, low, medium, high or critical)")
            })
    }
}

/// The four steps of the seed baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Stop using the root user.
    Root,
    /// Multi-factor authentication.
    Mfa,
    /// CloudTrail.
    CloudTrail,
    /// Billing reports.
    Billing,
    /// Account-wide guardrails beyond the four steps (Block Public Access, …).
    Guardrails,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Root,
        Step::Mfa,
        Step::CloudTrail,
        Step::Billing,
        Step::Guardrails,
    ];

    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::Root => "Stop using the root user",
            Step::Mfa => "MFA",
            Step::CloudTrail => "CloudTrail",
            Step::Billing => "Billing reports",
            Step::Guardrails => "Guardrails",
        }
    }
}

/// The resource a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ResourceRef {
    /// A short kind such as `account`, `root`, `iam-user`, `iam-group`, `trail`, `s3-bucket`.
    pub kind: String,
    /// The ARN when there is one, otherwise a name.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl ResourceRef {
    pub fn new(kind: &str, id: impl Into<String>) -> Self {
        Self {
            kind: kind.to_owned(),
            id: id.into(),
            region: None,
        }
    }

    pub fn in_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The account as a whole.
    pub fn account(account_id: &str) -> Self {
        Self::new("account", account_id)
    }
}

/// One check's verdict on one resource, with the values it decided on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub check_id: String,
    pub status: Status,
    pub resource: ResourceRef,
    /// A fragment, no trailing period; resource names in backticks.
    pub message: String,
    /// The values the verdict rests on.
    #[serde(default, skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
    /// For `unknown`: the IAM action that was refused, if that is why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_permission: Option<String>,
}

impl Finding {
    pub fn new(
        check_id: &str,
        status: Status,
        resource: ResourceRef,
        message: impl Into<String>,
    ) -> Self {
        Self {
            check_id: check_id.to_owned(),
            status,
            resource,
            message: message.into(),
            evidence: Evidence::new(),
            missing_permission: None,
        }
    }

    pub fn pass(check_id: &str, resource: ResourceRef, message: impl Into<String>) -> Self {
        Self::new(check_id, Status::Pass, resource, message)
    }

    pub fn fail(check_id: &str, resource: ResourceRef, message: impl Into<String>) -> Self {
        Self::new(check_id, Status::Fail, resource, message)
    }

    /// An `unknown` finding for a fact that could not be read.
    pub fn unknown(check_id: &str, resource: ResourceRef, why: &crate::Unavailable) -> Self {
        let mut f = Self::new(check_id, Status::Unknown, resource, why.describe());
        f.missing_permission = match why.kind {
            crate::UnavailableKind::AccessDenied => why.action.clone(),
            _ => None,
        };
        f
    }

    /// Adds one piece of evidence.
    pub fn with(mut self, key: &str, value: impl Serialize) -> Self {
        let v = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        self.evidence.insert(key.to_owned(), v);
        self
    }
}

/// Why a question about the account cannot be decided: a fact the collector could not read, or
/// one it never recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap<'a> {
    Fact(&'a crate::Unavailable),
    Absent(String),
}

impl<'a> From<&'a crate::Unavailable> for Gap<'a> {
    fn from(u: &'a crate::Unavailable) -> Self {
        Gap::Fact(u)
    }
}

impl Gap<'_> {
    /// The `unknown` finding this gap leads to.
    pub fn finding(&self, check_id: &str, resource: ResourceRef) -> Finding {
        match self {
            Gap::Fact(u) => Finding::unknown(check_id, resource, u),
            Gap::Absent(why) => Finding::new(check_id, Status::Unknown, resource, why.clone()),
        }
    }
}
