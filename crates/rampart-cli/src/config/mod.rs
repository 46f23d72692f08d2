//! `rampart.toml`: the account's intent, read strictly, in three steps.
//!
//! [`raw`] reads the TOML into typed values that keep their place in the file and checks every
//! key against the [`schema`]; validation then judges each value and builds the [`Settings`]
//! the commands use. Every problem of every step is collected, and all of them are reported at
//! once, one line each naming the file, line:column and key, e.g.
//! `rampart.toml:12:9: alerts.emails: "bob" is not an e-mail address`, so a typo never
//! silently falls back to a default and one run shows everything to fix.

pub mod baseline;
pub mod raw;
pub mod schema;

use std::fmt;
use std::path::{Path, PathBuf};

use rampart_checks::{AuditConfig, Selection};
use rampart_model::Severity;

use raw::{Problem, Problems, RawAudit};

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_FILE: &str = "rampart.toml";

/// `audit.fail_on` when the file does not set it; `--fail-on` wins over both.
pub const DEFAULT_FAIL_ON: Severity = Severity::High;

/// Validated settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub audit: AuditConfig,
    /// `audit.fail_on`; `--fail-on` wins over it.
    pub fail_on: Severity,
    /// `audit.ignore`; `--ignore` adds to it.
    pub ignore: Vec<String>,
    /// The file the settings came from, if any.
    pub source: Option<PathBuf>,
    /// What `rampart plan` and `apply` aim for (the `[admin]` … `[billing]` sections).
    pub baseline: rampart_plan::Baseline,
    /// Where `rampart events --source athena` runs (the `[athena]` section).
    pub athena: AthenaSettings,
}

/// The `[athena]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AthenaSettings {
    pub workgroup: String,
    pub database: String,
    pub table: String,
    /// `None`: the workgroup's own result location.
    pub output_location: Option<String>,
    /// `None`: the Region of the trail's bucket.
    pub region: Option<String>,
}

impl Default for AthenaSettings {
    fn default() -> Self {
        Self {
            workgroup: "primary".to_owned(),
            database: "default".to_owned(),
            table: "rampart_cloudtrail".to_owned(),
            output_location: None,
            region: None,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            audit: AuditConfig::default(),
            fail_on: DEFAULT_FAIL_ON,
            ignore: Vec::new(),
            source: None,
            baseline: rampart_plan::Baseline::default(),
            athena: AthenaSettings::default(),
        }
    }
}

/// One configuration problem: file, line:column, key path, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    file: String,
    position: Option<(usize, usize)>,
    key: Option<String>,
    message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem of a configuration file, in file order (never empty).
#[derive(Debug)]
pub struct ConfigErrors {
    pub file: String,
    pub errors: Vec<ConfigError>,
}

impl ConfigErrors {
    /// The last line: how many problems the file has.
    pub fn count_line(&self) -> String {
        let n = self.errors.len();
        format!(
            "{}: {n} error{}, nothing was done",
            self.file,
            if n == 1 { "" } else { "s" }
        )
    }
}

/// One problem a line, then the count.
impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        write!(f, "{}", self.count_line())
    }
}

impl std::error::Error for ConfigErrors {}

/// Loads `explicit`, or `./rampart.toml` when it exists, or the defaults.
pub fn load(explicit: Option<&Path>) -> Result<Settings, ConfigErrors> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new(DEFAULT_FILE).is_file() => PathBuf::from(DEFAULT_FILE),
        None => return Ok(Settings::default()),
    };
    let file = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigErrors {
        errors: vec![ConfigError {
            file: file.clone(),
            position: None,
            key: None,
            message: format!("cannot read it: {e}"),
        }],
        file: file.clone(),
    })?;
    let mut settings = parse(&file, &text)?;
    settings.source = Some(path);
    Ok(settings)
}

/// Reads and validates the text of a config file named `file` (for messages).
pub fn parse(file: &str, text: &str) -> Result<Settings, ConfigErrors> {
    let mut problems = Problems::default();
    let raw = raw::read(text, &mut problems);
    let group_is_set = raw.admin.group.is_some();
    let baseline = crate::config::baseline::validate(
        crate::config::baseline::Raw {
            admin: raw.admin,
            password_policy: raw.password_policy,
            trail: raw.trail,
            alerts: raw.alerts,
            billing: raw.billing,
            contacts: raw.contacts,
            services: raw.services,
        },
        &mut problems,
    );
    let mut settings = validate_audit(raw.audit, &mut problems);
    settings.baseline = baseline;
    settings.athena = validate_athena(raw.athena, &mut problems);
    if group_is_set {
        // One setting, two readers: the group `plan` creates is the group the audit expects.
        settings.audit.admin_group = Some(settings.baseline.admin_group.clone());
    }
    if problems.0.is_empty() {
        return Ok(settings);
    }
    problems.0.sort_by_key(|p| p.span.start);
    Err(ConfigErrors {
        file: file.to_owned(),
        errors: problems
            .0
            .into_iter()
            .map(|p| error_at(file, text, p))
            .collect(),
    })
}

/// The `[audit]` section. The admin group is not here: it is the baseline's `admin.group`.
fn validate_audit(a: RawAudit, problems: &mut Problems) -> Settings {
    let mut s = Settings::default();
    let days = crate::config::baseline::number::<i64>;
    problems.check(
        "audit.unused_credentials_days",
        a.unused_credentials_days,
        &mut s.audit.unused_credentials_days,
        days(1..=365),
    );
    problems.check(
        "audit.access_key_max_age_days",
        a.access_key_max_age_days,
        &mut s.audit.access_key_max_age_days,
        days(1..=365),
    );
    problems.check(
        "audit.root_recent_use_days",
        a.root_recent_use_days,
        &mut s.audit.root_recent_use_days,
        days(1..=365),
    );
    problems.check("audit.fail_on", a.fail_on, &mut s.fail_on, |v| {
        v.parse::<Severity>()
    });
    problems.check_each("audit.ignore", a.ignore, &mut s.ignore, |id| {
        Selection::new(&[], std::slice::from_ref(&id))
            .map(|_| id)
            .map_err(|e| e.to_string())
    });
    s
}

/// The `[athena]` section: names Athena accepts, an `s3://` location, a known Region.
fn validate_athena(a: raw::RawAthena, problems: &mut Problems) -> AthenaSettings {
    let mut s = AthenaSettings::default();
    let name = |v: String| {
        let ok = !v.is_empty()
            && v.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(v)
        } else {
            Err(format!(
                "\"{v}\" is not a name Athena accepts (lowercase letters, digits and _)"
            ))
        }
    };
    problems.check("athena.workgroup", a.workgroup, &mut s.workgroup, |v| {
        let ok = !v.is_empty()
            && v.len() <= 128
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if ok {
            Ok(v)
        } else {
            Err(format!(
                "\"{v}\" is not a workgroup name (letters, digits, . _ -)"
            ))
        }
    });
    problems.check("athena.database", a.database, &mut s.database, name);
    problems.check("athena.table", a.table, &mut s.table, name);
    problems.check(
        "athena.output_location",
        a.output_location,
        &mut s.output_location,
        |v| {
            if v.starts_with("s3://") && v.len() > 5 {
                Ok(Some(v))
            } else {
                Err(format!(
                    "\"{v}\" is not an S3 location (s3://bucket/prefix/)"
                ))
            }
        },
    );
    problems.check("athena.region", a.region, &mut s.region, |v| {
        rampart_aws::check_region(&v, None)
            .map(Some)
            .map_err(|e| e.to_string())
    });
    s
}

fn error_at(file: &str, text: &str, p: Problem) -> ConfigError {
    ConfigError {
        file: file.to_owned(),
        position: Some(position(text, p.span.start)),
        key: p.key,
        message: p.message,
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Loads the settings of a command that reads `rampart.toml` (audit, plan, apply), and names
/// the file they came from under `-v`.
pub fn settings(
    config_file: Option<&Path>,
    global: &crate::global::Global,
) -> anyhow::Result<Settings> {
    let settings = load(config_file)?;
    if global.verbose > 0 {
        if let Some(source) = &settings.source {
            eprintln!("settings: {}", source.display());
        }
    }
    Ok(settings)
}

#[cfg(test)]
mod tests;
