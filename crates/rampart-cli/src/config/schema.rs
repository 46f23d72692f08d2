//! Every key `rampart.toml` accepts, in one list: what it means and what it defaults to.
//!
//! The reader refuses keys that are not here, `rampart init` writes every key here with its
//! comment, and the defaults are read from [`Settings::default`] (the checks' `AuditConfig` and
//! the planner's `Baseline`), so a default is written down in exactly one place.

use toml::Value;

use super::Settings;
use rampart_plan::{Granularity, ReportKind};

/// `billing.kind`'s values.
pub const REPORT_KINDS: &[(&str, ReportKind)] = &[
    ("data-export", ReportKind::DataExport),
    ("legacy-cur", ReportKind::LegacyCur),
];

/// `billing.granularity`'s values.
pub const GRANULARITIES: &[(&str, Granularity)] = &[
    ("hourly", Granularity::Hourly),
    ("daily", Granularity::Daily),
];

/// The name `rampart.toml` gives `value` in `table`.
pub fn name_of<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(name, _)| name)
}

/// The sections, in the order `rampart init` writes them, each with its comment.
pub const SECTIONS: &[(&str, &str)] = &[
    ("audit", "What `rampart audit` reports and when it fails."),
    (
        "admin",
        "The administrators: `rampart plan` and `apply` create them; the audit expects them.",
    ),
    (
        "password_policy",
        "CIS 1.7 and 1.8: at least 14 characters, the last 24 passwords cannot be reused.",
    ),
    ("trail", "CloudTrail: one trail for every Region."),
    (
        "alerts",
        "Who hears about root activity and the other CIS monitoring events. Each address must\nconfirm a subscription e-mail before alerts reach it.",
    ),
    ("billing", "The cost and usage report."),
    (
        "contacts",
        "The account's alternate contacts, each registered where none is (a registered one is\nnever replaced): AWS writes about security issues, invoices and operations to them.",
    ),
    (
        "services",
        "Paid AWS security services. Each costs money from the day it is on, so `rampart apply`\nturns one on only when it is set here; the checks fail where it is off either way.",
    ),
    (
        "athena",
        "Where `rampart events --source athena` runs its searches of the trail's archive.",
    ),
];

/// What a key is when the file does not set it.
pub enum Default {
    /// This value.
    Value(fn(&Settings) -> Value),
    /// Nothing: the key's comment says what happens then. `rampart init` writes this example
    /// commented out.
    Unset(fn(&Settings) -> Value),
}

/// One key of a section.
pub struct Key {
    pub section: &'static str,
    pub name: &'static str,
    /// The comment `rampart init` writes above the key.
    pub doc: &'static str,
    pub default: Default,
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

/// An example contact, as `rampart init` writes it commented out.
fn contact(kind: &str) -> Value {
    let mut t = toml::map::Map::new();
    t.insert("name".into(), text(&format!("{kind} team")));
    t.insert("title".into(), text("Team"));
    t.insert("email".into(), text(&format!("{kind}@example.com")));
    t.insert("phone".into(), text("+1 555 0100"));
    Value::Table(t)
}

fn texts(list: &[String]) -> Value {
    Value::Array(list.iter().map(|s| text(s)).collect())
}

fn int(n: impl Into<i64>) -> Value {
    Value::Integer(n.into())
}

/// Every key, section by section.
pub const KEYS: &[Key] = &[
    Key {
        section: "audit",
        name: "unused_credentials_days",
        doc: "CIS 1.11: passwords and access keys unused for this many days should be disabled (1-365).",
        default: Default::Value(|s| int(s.audit.unused_credentials_days)),
    },
    Key {
        section: "audit",
        name: "access_key_max_age_days",
        doc: "CIS 1.13: access keys older than this many days should be rotated (1-365).",
        default: Default::Value(|s| int(s.audit.access_key_max_age_days)),
    },
    Key {
        section: "audit",
        name: "root_recent_use_days",
        doc: "CIS 1.6: root user activity within this many days counts as recent use (1-365).",
        default: Default::Value(|s| int(s.audit.root_recent_use_days)),
    },
    Key {
        section: "audit",
        name: "fail_on",
        doc: "Exit 1 when a check of this severity or above fails (info, low, medium, high,\ncritical). `--fail-on` wins.",
        default: Default::Value(|s| text(s.fail_on.as_str())),
    },
    Key {
        section: "audit",
        name: "ignore",
        doc: "Checks never to run here (ids, slugs or id prefixes). `--ignore` adds to them.",
        default: Default::Value(|s| texts(&s.ignore)),
    },
    Key {
        section: "admin",
        name: "group",
        doc: "The administrators' group: AdministratorAccess plus the MFA-enforcing policy below.\nUnset: `rampart plan` creates the group shown, and the audit takes the group that both\ngrants full admin and enforces MFA to be it. Set: the audit expects exactly this group.",
        default: Default::Unset(|s| text(&s.baseline.admin_group)),
    },
    Key {
        section: "admin",
        name: "users",
        doc: "Users to have in the group, each with a console password shown once and reset at\nfirst sign-in. Unset: one user, `admin`, only when the group has no user with a console\npassword yet.",
        default: Default::Unset(|_| texts(&["admin".to_owned()])),
    },
    Key {
        section: "admin",
        name: "mfa_policy",
        doc: "The customer managed policy that denies everything but MFA set-up until MFA is used.",
        default: Default::Value(|s| text(&s.baseline.mfa_policy_name)),
    },
    Key {
        section: "admin",
        name: "support_role",
        doc: "The role for AWS Support cases (CIS 2.15), with AWSSupportAccess, assumable with MFA by\nthis account's principals allowed to (the admin group is); created when no role has the policy.",
        default: Default::Value(|s| text(&s.baseline.support_role)),
    },
    Key {
        section: "password_policy",
        name: "minimum_length",
        doc: "At least this many characters (14-128).",
        default: Default::Value(|s| int(s.baseline.password_policy.minimum_password_length)),
    },
    Key {
        section: "password_policy",
        name: "reuse_prevention",
        doc: "How many previous passwords cannot be used again (1-24).",
        default: Default::Value(|s| {
            int(s
                .baseline
                .password_policy
                .password_reuse_prevention
                .unwrap_or(24))
        }),
    },
    Key {
        section: "password_policy",
        name: "require_uppercase",
        doc: "Each character class is required by the baseline; only true is accepted.",
        default: Default::Value(|s| {
            Value::Boolean(s.baseline.password_policy.require_uppercase_characters)
        }),
    },
    Key {
        section: "password_policy",
        name: "require_lowercase",
        doc: "",
        default: Default::Value(|s| {
            Value::Boolean(s.baseline.password_policy.require_lowercase_characters)
        }),
    },
    Key {
        section: "password_policy",
        name: "require_numbers",
        doc: "",
        default: Default::Value(|s| Value::Boolean(s.baseline.password_policy.require_numbers)),
    },
    Key {
        section: "password_policy",
        name: "require_symbols",
        doc: "",
        default: Default::Value(|s| Value::Boolean(s.baseline.password_policy.require_symbols)),
    },
    Key {
        section: "password_policy",
        name: "allow_users_to_change",
        doc: "Users may change their own password.",
        default: Default::Value(|s| {
            Value::Boolean(s.baseline.password_policy.allow_users_to_change_password)
        }),
    },
    Key {
        section: "trail",
        name: "name",
        doc: "The trail's name.",
        default: Default::Value(|s| text(&s.baseline.trail.name)),
    },
    Key {
        section: "trail",
        name: "regions",
        doc: "One trail for every Region (the only supported value).",
        default: Default::Value(|_| text("all")),
    },
    Key {
        section: "trail",
        name: "bucket",
        doc: "Unset: rampart-cloudtrail-<account id>-<region>; bucket names are global, so it is unique.",
        default: Default::Unset(|_| text("my-trail-bucket")),
    },
    Key {
        section: "trail",
        name: "kms",
        doc: "Encrypt the logs with a KMS key (CIS 3.5). true: rampart creates one,\nalias/rampart-cloudtrail, with CloudTrail's documented key policy (about 1 USD a month).\nfalse: S3-managed encryption.",
        default: Default::Value(|s| Value::Boolean(s.baseline.trail.create_kms_key)),
    },
    Key {
        section: "trail",
        name: "kms_key_id",
        doc: "Or use a key of your own, whose policy lets CloudTrail encrypt (this wins over `kms`).\nUnset: as `kms` says.",
        default: Default::Unset(|_| text("arn:aws:kms:us-east-1:111122223333:key/EXAMPLE")),
    },
    Key {
        section: "trail",
        name: "access_logging",
        doc: "Server access logging for trail buckets (CIS 3.4), into a private bucket in the same\nRegion.",
        default: Default::Value(|s| Value::Boolean(s.baseline.trail.access_logging)),
    },
    Key {
        section: "trail",
        name: "access_log_bucket",
        doc: "Unset: rampart-access-logs-<account id>-<region>.",
        default: Default::Unset(|_| text("my-access-logs")),
    },
    Key {
        section: "alerts",
        name: "emails",
        doc: "The addresses to alert.",
        default: Default::Value(|s| texts(&s.baseline.alerts.emails)),
    },
    Key {
        section: "alerts",
        name: "controls",
        doc: "The CIS v7.0 monitoring controls to alert on, one EventBridge rule each (5.3 is root activity).",
        default: Default::Value(|s| texts(&s.baseline.alerts.controls)),
    },
    Key {
        section: "alerts",
        name: "topic",
        doc: "The SNS topic the alerts go through.",
        default: Default::Value(|s| text(&s.baseline.alerts.topic_name)),
    },
    Key {
        section: "alerts",
        name: "rule",
        doc: "The EventBridge rule that matches root activity (CIS 5.3); the others are rampart-cis-5-N.",
        default: Default::Value(|s| text(&s.baseline.alerts.rule_name)),
    },
    Key {
        section: "billing",
        name: "kind",
        doc: "\"data-export\" (CUR 2.0, AWS's current recommendation) or \"legacy-cur\".",
        default: Default::Value(|s| text(name_of(REPORT_KINDS, s.baseline.billing.kind))),
    },
    Key {
        section: "billing",
        name: "name",
        doc: "The report's name.",
        default: Default::Value(|s| text(&s.baseline.billing.name)),
    },
    Key {
        section: "billing",
        name: "granularity",
        doc: "\"hourly\" or \"daily\".",
        default: Default::Value(|s| text(name_of(GRANULARITIES, s.baseline.billing.granularity))),
    },
    Key {
        section: "billing",
        name: "bucket",
        doc: "Unset: rampart-billing-<account id>-<region>.",
        default: Default::Unset(|_| text("my-billing-bucket")),
    },
    Key {
        section: "billing",
        name: "monthly_budget_usd",
        doc: "A monthly cost budget of this many US dollars, which mails [alerts] emails at 80 %\nof it and when the forecast passes it (AWS Startup Security Baseline ACCT.10). Free.\nUnset: no budget.",
        default: Default::Unset(|_| Value::Integer(100)),
    },
    Key {
        section: "contacts",
        name: "security",
        doc: "SECURITY: who hears about security issues in the account (CIS 2.3).",
        default: Default::Unset(|_| contact("security")),
    },
    Key {
        section: "contacts",
        name: "billing",
        doc: "BILLING: who hears about invoices and payments (AWS Startup Security Baseline ACCT.01).",
        default: Default::Unset(|_| contact("billing")),
    },
    Key {
        section: "contacts",
        name: "operations",
        doc: "OPERATIONS: who hears about service events and maintenance (ACCT.01).",
        default: Default::Unset(|_| contact("operations")),
    },
    Key {
        section: "services",
        name: "guardduty",
        doc: "GuardDuty in every enabled Region (AWS Startup Security Baseline ACCT.14). Paid by\nvolume: a quiet account usually pays a few USD a month per Region; 30 days free.\nUnset: off.",
        default: Default::Unset(|_| Value::Boolean(true)),
    },
    Key {
        section: "services",
        name: "security_hub",
        doc: "Security Hub with AWS's default standards in every enabled Region (CIS 5.16, ACCT.15).\nPaid per check and finding: usually a few USD a month per Region; 30 days free.\nUnset: off.",
        default: Default::Unset(|_| Value::Boolean(true)),
    },
    Key {
        section: "athena",
        name: "workgroup",
        doc: "The Athena workgroup queries run in.",
        default: Default::Value(|s| text(&s.athena.workgroup)),
    },
    Key {
        section: "athena",
        name: "database",
        doc: "The Glue database of the table.",
        default: Default::Value(|s| text(&s.athena.database)),
    },
    Key {
        section: "athena",
        name: "table",
        doc: "The table over the trail's bucket (--athena-create-table creates it).",
        default: Default::Value(|s| text(&s.athena.table)),
    },
    Key {
        section: "athena",
        name: "output_location",
        doc: "Where Athena writes query results. Unset: the workgroup's own setting.",
        default: Default::Unset(|_| text("s3://my-athena-results/rampart/")),
    },
    Key {
        section: "athena",
        name: "region",
        doc: "The Region queries run in. Unset: the trail bucket's Region.",
        default: Default::Unset(|_| text("us-east-1")),
    },
];

/// Keys that used to exist, each with the key that now holds the same setting.
pub const MOVED: &[(&str, &str, &str)] = &[("audit", "admin_group", "admin.group")];

/// The keys of `section`.
pub fn keys_of(section: &str) -> impl Iterator<Item = &'static Key> + '_ {
    KEYS.iter().filter(move |k| k.section == section)
}

/// The file `rampart init` writes: every section and key with its comment, each key at its
/// default, or commented out with an example when it has none.
pub fn template() -> String {
    let defaults = Settings::default();
    let mut out = String::from(
        "# rampart.toml — this account's intent, for `rampart audit`, `plan` and `apply`.\n\
         # Every key is optional; the values shown are the defaults. Unknown keys and bad values\n\
         # are errors that name the key, so a typo never falls back to a default silently.\n",
    );
    for (section, doc) in SECTIONS {
        out.push('\n');
        push_comment(&mut out, doc);
        out.push_str(&format!("[{section}]\n"));
        for key in keys_of(section) {
            push_comment(&mut out, key.doc);
            match &key.default {
                Default::Value(value) => {
                    out.push_str(&format!("{} = {}\n", key.name, value(&defaults)));
                }
                Default::Unset(example) => {
                    out.push_str(&format!("# {} = {}\n", key.name, example(&defaults)));
                }
            }
        }
    }
    out
}

fn push_comment(out: &mut String, doc: &str) {
    for line in doc.lines() {
        out.push_str(&format!("# {line}\n"));
    }
}
