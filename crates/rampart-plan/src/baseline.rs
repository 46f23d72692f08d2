//! The baseline's desired state: what `rampart.toml` asks the account to look like, with every
//! value defaulted. Names that must be globally unique (bucket names) are derived from the
//! account id and Region when the configuration does not set them.

use rampart_model::iam::PasswordPolicy;
use serde::{Deserialize, Serialize};

/// Everything `rampart plan` aims for. No secrets: it is saved inside plan files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub admin_group: String,
    /// Users to have in the admin group, each with a console password. Empty (the default):
    /// one user, [`DEFAULT_ADMIN_USER`], and only when the group has no console user yet.
    pub admin_users: Vec<String>,
    /// The customer managed policy that denies everything but MFA set-up until MFA is used.
    pub mfa_policy_name: String,
    /// The role for AWS Support cases (CIS 2.15), created when no role has `AWSSupportAccess`.
    #[serde(default = "default_support_role")]
    pub support_role: String,
    pub password_policy: PasswordPolicy,
    pub trail: TrailSettings,
    pub alerts: AlertSettings,
    pub billing: BillingSettings,
    /// The alternate contacts to register where none is (`[contacts]`).
    #[serde(default)]
    pub contacts: ContactSettings,
    /// The paid security services to turn on in every enabled Region (`[services]`).
    #[serde(default)]
    pub services: ServiceSettings,
}

fn default_support_role() -> String {
    "Support".into()
}

/// Paid AWS security services: each is enabled by `apply` only when set, because it costs
/// money.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSettings {
    /// GuardDuty in every enabled Region.
    #[serde(default)]
    pub guardduty: bool,
    /// Security Hub, with AWS's default standards, in every enabled Region.
    #[serde(default)]
    pub security_hub: bool,
}

/// The account's alternate contacts, each registered only where none is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<rampart_model::snapshot::AlternateContact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<rampart_model::snapshot::AlternateContact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<rampart_model::snapshot::AlternateContact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrailSettings {
    pub name: String,
    /// `None`: `rampart-cloudtrail-<account>-<region>`.
    pub bucket: Option<String>,
    /// A KMS key (ARN or alias) whose key policy lets CloudTrail encrypt. `None` with
    /// [`Self::create_kms_key`] off leaves the trail on S3-managed encryption and lists
    /// creating a key as a manual step.
    pub kms_key_id: Option<String>,
    /// Create a KMS key for the trail's logs ([`TRAIL_KEY_ALIAS`]) when no `kms_key_id` is
    /// given. Off by default: a key costs about a dollar a month.
    #[serde(default)]
    pub create_kms_key: bool,
    /// Turn on server access logging for trail buckets (CIS 3.4), into
    /// [`Baseline::access_log_bucket`] in the same Region.
    #[serde(default = "yes")]
    pub access_logging: bool,
    /// `None`: `rampart-access-logs-<account>-<region>`.
    #[serde(default)]
    pub access_log_bucket: Option<String>,
}

fn yes() -> bool {
    true
}

/// The alias of the KMS key rampart creates for trail logs.
pub const TRAIL_KEY_ALIAS: &str = "alias/rampart-cloudtrail";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertSettings {
    pub topic_name: String,
    /// The rule for root activity (CIS 5.3); the other controls' rules are `rampart-cis-5-N`.
    pub rule_name: String,
    pub emails: Vec<String>,
    /// The CIS v7.0 monitoring controls (`5.1` … `5.15`) to alert on.
    #[serde(default = "all_controls")]
    pub controls: Vec<String>,
}

/// Every monitoring control of the data file, in benchmark order.
pub fn all_controls() -> Vec<String> {
    rampart_model::alert_controls::alert_controls()
        .iter()
        .map(|c| c.control.clone())
        .collect()
}

/// Which billing API delivers the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// CUR 2.0 through Data Exports (`bcm-data-exports`), AWS's current recommendation.
    DataExport,
    /// The legacy Cost and Usage Report (`cur`).
    LegacyCur,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Granularity {
    Hourly,
    Daily,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Hourly => "HOURLY",
            Granularity::Daily => "DAILY",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingSettings {
    pub kind: ReportKind,
    pub name: String,
    pub granularity: Granularity,
    /// `None`: `rampart-billing-<account>-<region>`.
    pub bucket: Option<String>,
    /// A monthly cost budget in whole US dollars (`None`: none is created).
    #[serde(default)]
    pub monthly_budget_usd: Option<u64>,
}

/// CIS v5 numbers plus every character class and self-service changes.
pub fn default_password_policy() -> PasswordPolicy {
    PasswordPolicy {
        minimum_password_length: 14,
        require_symbols: true,
        require_numbers: true,
        require_uppercase_characters: true,
        require_lowercase_characters: true,
        allow_users_to_change_password: true,
        max_password_age: None,
        password_reuse_prevention: Some(24),
        hard_expiry: false,
    }
}

/// The admin user created when `admin.users` is not set and the admin group has no console
/// user yet.
pub const DEFAULT_ADMIN_USER: &str = "admin";

impl Default for Baseline {
    fn default() -> Self {
        Self {
            admin_group: "Admins".into(),
            admin_users: Vec::new(),
            mfa_policy_name: "EnforceMFA".into(),
            support_role: default_support_role(),
            password_policy: default_password_policy(),
            trail: TrailSettings {
                name: "management-events".into(),
                bucket: None,
                kms_key_id: None,
                create_kms_key: false,
                access_logging: true,
                access_log_bucket: None,
            },
            alerts: AlertSettings {
                topic_name: "root-activity".into(),
                rule_name: "root-activity".into(),
                emails: Vec::new(),
                controls: all_controls(),
            },
            billing: BillingSettings {
                kind: ReportKind::DataExport,
                name: "cost-and-usage".into(),
                granularity: Granularity::Hourly,
                bucket: None,
                monthly_budget_usd: None,
            },
            contacts: ContactSettings::default(),
            services: ServiceSettings::default(),
        }
    }
}

impl Baseline {
    /// The trail bucket's name in `account`, whose collection Region is `region`.
    pub fn trail_bucket(&self, account: &str, region: &str) -> String {
        self.trail
            .bucket
            .clone()
            .unwrap_or_else(|| format!("rampart-cloudtrail-{account}-{region}"))
    }

    /// The KMS key trails in `region` are to use: the configured one, or the alias of the
    /// key rampart creates there when asked to; `None` when neither.
    pub fn trail_key(&self, account: &str, region: &str) -> Option<String> {
        self.trail.kms_key_id.clone().or_else(|| {
            self.trail
                .create_kms_key
                .then(|| format!("arn:aws:kms:{region}:{account}:{TRAIL_KEY_ALIAS}"))
        })
    }

    /// The billing bucket's name.
    pub fn billing_bucket(&self, account: &str, region: &str) -> String {
        self.billing
            .bucket
            .clone()
            .unwrap_or_else(|| format!("rampart-billing-{account}-{region}"))
    }

    /// The bucket that receives trail buckets' server access logs.
    pub fn access_log_bucket(&self, account: &str, region: &str) -> String {
        self.trail
            .access_log_bucket
            .clone()
            .unwrap_or_else(|| format!("rampart-access-logs-{account}-{region}"))
    }

    /// The buckets the planner needs facts about, beyond those trails and reports name.
    pub fn wanted_buckets(&self, account: &str, region: &str) -> Vec<String> {
        let mut names = vec![
            self.trail_bucket(account, region),
            self.billing_bucket(account, region),
        ];
        if self.trail.access_logging {
            names.push(self.access_log_bucket(account, region));
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_derive_from_account_and_region() {
        let b = Baseline::default();
        assert_eq!(
            b.trail_bucket("123456789012", "eu-west-1"),
            "rampart-cloudtrail-123456789012-eu-west-1"
        );
        let mut named = b.clone();
        named.billing.bucket = Some("my-bills".into());
        assert_eq!(named.billing_bucket("1", "r"), "my-bills");
    }

    #[test]
    fn kinds_serialise_as_the_config_spells_them() {
        assert_eq!(
            serde_json::to_string(&ReportKind::LegacyCur).unwrap(),
            "\"legacy-cur\""
        );
        assert_eq!(
            serde_json::to_string(&Granularity::Daily).unwrap(),
            "\"DAILY\""
        );
    }
}
