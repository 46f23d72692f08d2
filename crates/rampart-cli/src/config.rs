//! `rampart.toml`: the account's intent, read strictly.
//!
//! The file is parsed into a raw serde structure that refuses unknown keys, then validated
//! into the checks' [`AuditConfig`]. Every error names the file, the exact key and the bad
//! value, e.g. `rampart.toml: audit.unused_credentials_days: must be between 1 and 365, got 0`,
//! so a typo never silently falls back to a default.

use std::fmt;
use std::path::{Path, PathBuf};

use rampart_checks::{AuditConfig, Selection};
use rampart_model::Severity;
use serde::Deserialize;

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_FILE: &str = "rampart.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    audit: RawAudit,
    #[serde(default)]
    admin: crate::baseline_config::RawAdmin,
    #[serde(default)]
    password_policy: crate::baseline_config::RawPassword,
    #[serde(default)]
    trail: crate::baseline_config::RawTrail,
    #[serde(default)]
    alerts: crate::baseline_config::RawAlerts,
    #[serde(default)]
    billing: crate::baseline_config::RawBilling,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    admin_group: Option<String>,
    unused_credentials_days: Option<i64>,
    access_key_max_age_days: Option<i64>,
    root_recent_use_days: Option<i64>,
    fail_on: Option<String>,
    ignore: Option<Vec<String>>,
}

/// Validated settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub audit: AuditConfig,
    /// `audit.fail_on`; `--fail-on` wins over it.
    pub fail_on: Option<Severity>,
    /// `audit.ignore`; `--ignore` adds to it.
    pub ignore: Vec<String>,
    /// The file the settings came from, if any.
    pub source: Option<PathBuf>,
    /// What `rampart plan` and `apply` aim for (the `[admin]` … `[billing]` sections).
    pub baseline: rampart_plan::Baseline,
}

/// A configuration error: file, optional line, key path, message.
#[derive(Debug)]
pub struct ConfigError {
    file: String,
    line: Option<usize>,
    key: Option<String>,
    message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Loads `explicit`, or `./rampart.toml` when it exists, or the defaults.
pub fn load(explicit: Option<&Path>) -> Result<Settings, ConfigError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new(DEFAULT_FILE).is_file() => PathBuf::from(DEFAULT_FILE),
        None => return Ok(Settings::default()),
    };
    let file = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
        file: file.clone(),
        line: None,
        key: None,
        message: format!("cannot read it: {e}"),
    })?;
    let mut settings = parse(&file, &text)?;
    settings.source = Some(path);
    Ok(settings)
}

/// Parses and validates the text of a config file named `file` (for messages).
pub fn parse(file: &str, text: &str) -> Result<Settings, ConfigError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        ConfigError {
            file: file.to_owned(),
            line: offset.map(|o| text.get(..o).unwrap_or(text).matches('\n').count() + 1),
            key: offset.and_then(|o| key_path(text, o)),
            message: e.message().trim().replace('\n', " "),
        }
    })?;
    let err = |key: &str, message: String| ConfigError {
        file: file.to_owned(),
        line: None,
        key: Some(format!("audit.{key}")),
        message,
    };
    let admin_group_set = raw.admin.group_is_set();
    let baseline = crate::baseline_config::validate(crate::baseline_config::Raw {
        admin: raw.admin,
        password_policy: raw.password_policy,
        trail: raw.trail,
        alerts: raw.alerts,
        billing: raw.billing,
    })
    .map_err(|(key, message)| ConfigError {
        file: file.to_owned(),
        line: None,
        key: Some(key),
        message,
    })?;
    let a = raw.audit;
    let mut audit = AuditConfig::default();
    if let Some(name) = a.admin_group {
        let valid = !name.is_empty()
            && name.len() <= 128
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if !valid {
            return Err(err(
                "admin_group",
                format!("not a valid IAM group name: {name:?}"),
            ));
        }
        audit.admin_group = Some(name);
    }
    let days = |key: &str, value: Option<i64>, default: i64| -> Result<i64, ConfigError> {
        match value {
            None => Ok(default),
            Some(v) if (1..=365).contains(&v) => Ok(v),
            Some(v) => Err(err(key, format!("must be between 1 and 365, got {v}"))),
        }
    };
    audit.unused_credentials_days = days(
        "unused_credentials_days",
        a.unused_credentials_days,
        audit.unused_credentials_days,
    )?;
    audit.access_key_max_age_days = days(
        "access_key_max_age_days",
        a.access_key_max_age_days,
        audit.access_key_max_age_days,
    )?;
    audit.root_recent_use_days = days(
        "root_recent_use_days",
        a.root_recent_use_days,
        audit.root_recent_use_days,
    )?;
    let fail_on = match a.fail_on {
        None => None,
        Some(s) => Some(s.parse::<Severity>().map_err(|m| err("fail_on", m))?),
    };
    let ignore = a.ignore.unwrap_or_default();
    Selection::new(&[], &ignore).map_err(|e| err("ignore", e.to_string()))?;
    if audit.admin_group.is_none() && admin_group_set {
        // The baseline's group is the one the audit should not report as admin-outside-group.
        audit.admin_group = Some(baseline.admin_group.clone());
    }
    Ok(Settings {
        audit,
        fail_on,
        ignore,
        source: None,
        baseline,
    })
}

/// The dotted key at byte `offset` of `text`: the key on that line, prefixed with the table
/// header above it (`audit.unused_credentials_days`), or the header itself (`audit`).
fn key_path(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..end].trim();
    let header = |l: &str| {
        l.trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim()
            .to_owned()
    };
    if line.starts_with('[') {
        return Some(header(line));
    }
    let table = text[..start]
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('['))
        .map(header);
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_owned());
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (t, None) => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse("rampart.toml", text)
            .expect_err("invalid")
            .to_string()
    }

    #[test]
    fn reads_every_key() {
        let s = parse(
            "rampart.toml",
            "[audit]\nadmin_group = \"Admins\"\nunused_credentials_days = 30\naccess_key_max_age_days = 60\nroot_recent_use_days = 7\nfail_on = \"critical\"\nignore = [\"RMP102\"]\n",
        )
        .expect("valid");
        assert_eq!(s.audit.admin_group.as_deref(), Some("Admins"));
        assert_eq!(
            (
                s.audit.unused_credentials_days,
                s.audit.access_key_max_age_days,
                s.audit.root_recent_use_days
            ),
            (30, 60, 7)
        );
        assert_eq!(s.fail_on, Some(Severity::Critical));
        assert_eq!(s.ignore, ["RMP102"]);
    }

    #[test]
    fn the_bundled_example_is_valid() {
        let s = parse(
            "examples/rampart.toml",
            include_str!("../../../examples/rampart.toml"),
        )
        .expect("valid");
        assert_eq!(s.audit.admin_group.as_deref(), Some("Admins"));
        assert_eq!(s.fail_on, Some(Severity::High));
        assert_eq!(
            s.audit.unused_credentials_days,
            AuditConfig::default().unused_credentials_days
        );
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        assert_eq!(
            parse("rampart.toml", "").expect("valid").audit,
            AuditConfig::default()
        );
    }

    #[test]
    fn range_errors_name_key_and_value() {
        assert_eq!(
            error("[audit]\nunused_credentials_days = 0\n"),
            "rampart.toml: audit.unused_credentials_days: must be between 1 and 365, got 0"
        );
        assert!(error("[audit]\nfail_on = \"urgent\"\n")
            .starts_with("rampart.toml: audit.fail_on: unknown severity `urgent`"));
        assert!(error("[audit]\nadmin_group = \"a b\"\n")
            .contains("audit.admin_group: not a valid IAM group name: \"a b\""));
        assert!(error("[audit]\nignore = [\"RMP999\"]\n")
            .contains("audit.ignore: `RMP999` matches no check"));
    }

    #[test]
    fn toml_errors_name_line_and_key_path() {
        let e = error("# settings\n[audit]\nunused_credential_days = 30\n");
        assert!(
            e.starts_with("rampart.toml:3: audit.unused_credential_days: unknown field"),
            "{e}"
        );
        let e = error("[audit]\nroot_recent_use_days = \"ten\"\n");
        assert!(
            e.starts_with("rampart.toml:2: audit.root_recent_use_days: "),
            "{e}"
        );
        let e = error("[audits]\n");
        assert!(
            e.starts_with("rampart.toml:1: audits: unknown field"),
            "{e}"
        );
        assert!(!error("[audit\n").contains('\n'));
    }
}
