//! The IAM credential report, kept as AWS's CSV and parsed into typed rows.
//!
//! The report is the one source that covers every user *and* the root user (password use, key
//! rotation and use, MFA) in a single call, which is why per-user API calls are not needed. A
//! snapshot stores the CSV exactly as AWS returned it, so fixtures can be written in AWS's own
//! format; deserialising a snapshot parses it, and a corrupt report is a load error, not a panic.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The `user` value of the root user's row.
pub const ROOT_USER: &str = "<root_account>";

/// The header AWS emits, in order. Parsing is by name, so extra columns are tolerated.
pub const COLUMNS: [&str; 22] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
];

/// A credential report: when AWS generated it, the raw CSV, and the parsed rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCredentialReport", into = "RawCredentialReport")]
pub struct CredentialReport {
    pub generated_time: DateTime<Utc>,
    csv: String,
    rows: Vec<CredentialRow>,
}

#[derive(Serialize, Deserialize)]
struct RawCredentialReport {
    generated_time: DateTime<Utc>,
    csv: String,
}

impl TryFrom<RawCredentialReport> for CredentialReport {
    type Error = CredentialReportError;
    fn try_from(raw: RawCredentialReport) -> Result<Self, Self::Error> {
        CredentialReport::parse(raw.generated_time, raw.csv)
    }
}

impl From<CredentialReport> for RawCredentialReport {
    fn from(r: CredentialReport) -> Self {
        RawCredentialReport {
            generated_time: r.generated_time,
            csv: r.csv,
        }
    }
}

/// Why a credential report could not be parsed.
#[derive(Debug, thiserror::Error)]
pub enum CredentialReportError {
    #[error("credential report has no `{0}` column")]
    MissingColumn(&'static str),
    #[error("credential report line {line}: {message}")]
    BadValue { line: u64, message: String },
    #[error("credential report is not valid CSV: {0}")]
    Csv(#[from] csv::Error),
}

impl CredentialReport {
    /// Parses AWS's CSV. `generated_time` is the `GeneratedTime` of `GetCredentialReport`.
    pub fn parse(
        generated_time: DateTime<Utc>,
        csv_text: String,
    ) -> Result<Self, CredentialReportError> {
        let rows = parse_rows(&csv_text)?;
        Ok(Self {
            generated_time,
            csv: csv_text,
            rows,
        })
    }

    pub fn rows(&self) -> &[CredentialRow] {
        &self.rows
    }

    /// The root user's row, if the report has one.
    pub fn root(&self) -> Option<&CredentialRow> {
        self.rows.iter().find(|r| r.is_root())
    }

    /// Rows of IAM users (everything but root).
    pub fn users(&self) -> impl Iterator<Item = &CredentialRow> {
        self.rows.iter().filter(|r| !r.is_root())
    }

    pub fn csv(&self) -> &str {
        &self.csv
    }
}

/// A date column: a time, or one of the markers AWS writes instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportDate {
    At(DateTime<Utc>),
    /// `N/A`: never happened (a password never used, a key never rotated).
    NotApplicable,
    /// `no_information`: AWS has no record (use before April 2015 tracking began).
    NoInformation,
    /// `not_supported`: the column does not apply to this row (root's password rotation).
    NotSupported,
}

impl ReportDate {
    pub fn at(&self) -> Option<DateTime<Utc>> {
        match self {
            ReportDate::At(t) => Some(*t),
            _ => None,
        }
    }
}

/// A boolean column that root may mark `not_supported`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportFlag {
    True,
    False,
    NotSupported,
}

impl ReportFlag {
    pub fn is_true(self) -> bool {
        self == ReportFlag::True
    }
}

/// The columns of one access key (or its absence: `active` false, dates `N/A`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKeyColumns {
    pub active: bool,
    pub last_rotated: ReportDate,
    pub last_used_date: ReportDate,
    pub last_used_region: Option<String>,
    pub last_used_service: Option<String>,
}

impl AccessKeyColumns {
    /// A key exists (active or not) when it has a rotation date.
    pub fn exists(&self) -> bool {
        self.active || self.last_rotated.at().is_some()
    }
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialRow {
    pub user: String,
    pub arn: String,
    pub user_creation_time: ReportDate,
    pub password_enabled: ReportFlag,
    pub password_last_used: ReportDate,
    pub password_last_changed: ReportDate,
    pub password_next_rotation: ReportDate,
    pub mfa_active: bool,
    pub access_keys: [AccessKeyColumns; 2],
    pub cert_active: [bool; 2],
}

impl CredentialRow {
    pub fn is_root(&self) -> bool {
        self.user == ROOT_USER
    }

    /// Has a console password (root always has one; its column says `not_supported`).
    pub fn has_console_password(&self) -> bool {
        self.is_root() || self.password_enabled.is_true()
    }

    pub fn active_key_count(&self) -> usize {
        self.access_keys.iter().filter(|k| k.active).count()
    }

    /// The latest time the password or any key was used, if any.
    pub fn last_activity(&self) -> Option<DateTime<Utc>> {
        [
            self.password_last_used,
            self.access_keys[0].last_used_date,
            self.access_keys[1].last_used_date,
        ]
        .iter()
        .filter_map(ReportDate::at)
        .max()
    }
}

fn parse_rows(text: &str) -> Result<Vec<CredentialRow>, CredentialReportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    let mut idx = [0usize; 22];
    for (slot, name) in idx.iter_mut().zip(COLUMNS) {
        *slot = headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or(CredentialReportError::MissingColumn(name))?;
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        let line = record.position().map_or(0, csv::Position::line);
        let get = |i: usize| record.get(idx[i]).unwrap_or("").trim();
        let bad = |message: String| CredentialReportError::BadValue { line, message };
        let date = |i: usize| parse_date(get(i)).map_err(|m| bad(format!("{}: {m}", COLUMNS[i])));
        let flag = |i: usize| parse_flag(get(i)).map_err(|m| bad(format!("{}: {m}", COLUMNS[i])));
        let boolean = |i: usize| -> Result<bool, CredentialReportError> { Ok(flag(i)?.is_true()) };
        let text = |i: usize| match get(i) {
            "" | "N/A" | "no_information" | "not_supported" => None,
            v => Some(v.to_owned()),
        };
        let key = |base: usize| -> Result<AccessKeyColumns, CredentialReportError> {
            Ok(AccessKeyColumns {
                active: boolean(base)?,
                last_rotated: date(base + 1)?,
                last_used_date: date(base + 2)?,
                last_used_region: text(base + 3),
                last_used_service: text(base + 4),
            })
        };
        let user = get(0).to_owned();
        if user.is_empty() {
            return Err(bad("empty `user`".into()));
        }
        rows.push(CredentialRow {
            user,
            arn: get(1).to_owned(),
            user_creation_time: date(2)?,
            password_enabled: flag(3)?,
            password_last_used: date(4)?,
            password_last_changed: date(5)?,
            password_next_rotation: date(6)?,
            mfa_active: boolean(7)?,
            access_keys: [key(8)?, key(13)?],
            cert_active: [boolean(18)?, boolean(20)?],
        });
    }
    Ok(rows)
}

fn parse_date(v: &str) -> Result<ReportDate, String> {
    match v {
        "N/A" | "" => Ok(ReportDate::NotApplicable),
        "no_information" => Ok(ReportDate::NoInformation),
        "not_supported" => Ok(ReportDate::NotSupported),
        _ => DateTime::parse_from_rfc3339(v)
            .map(|t| ReportDate::At(t.with_timezone(&Utc)))
            .map_err(|e| format!("`{v}` is not a date ({e})")),
    }
}

fn parse_flag(v: &str) -> Result<ReportFlag, String> {
    match v {
        "true" | "TRUE" | "True" => Ok(ReportFlag::True),
        "false" | "FALSE" | "False" => Ok(ReportFlag::False),
        "not_supported" | "N/A" => Ok(ReportFlag::NotSupported),
        _ => Err(format!("`{v}` is not true, false or not_supported")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2026-11-20T10:00:00+00:00,not_supported,2026-11-28T08:12:00+00:00,not_supported,not_supported,false,true,2026-11-20T10:05:00+00:00,2026-11-27T09:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::123456789012:user/alice,2025-01-02T03:04:05+00:00,true,no_information,2025-01-02T03:04:05+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

    fn when() -> DateTime<Utc> {
        "2026-11-28T09:00:00Z".parse().unwrap()
    }

    #[test]
    fn parses_root_and_users() {
        let r = CredentialReport::parse(when(), SAMPLE.into()).unwrap();
        let root = r.root().unwrap();
        assert_eq!(root.password_enabled, ReportFlag::NotSupported);
        assert!(root.has_console_password());
        assert!(root.access_keys[0].active);
        assert_eq!(
            root.access_keys[0].last_used_region.as_deref(),
            Some("us-east-1")
        );
        assert_eq!(
            root.last_activity(),
            Some("2026-11-28T08:12:00Z".parse().unwrap())
        );
        let alice = r.users().next().unwrap();
        assert_eq!(alice.password_last_used, ReportDate::NoInformation);
        assert!(alice.mfa_active);
        assert_eq!(alice.active_key_count(), 0);
        assert!(!alice.access_keys[0].exists());
    }

    #[test]
    fn round_trips_through_json_as_csv() {
        let r = CredentialReport::parse(when(), SAMPLE.into()).unwrap();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["csv"], SAMPLE);
        let back: CredentialReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn rejects_bad_values_with_line_and_column() {
        let bad = SAMPLE.replace(
            "2025-01-02T03:04:05+00:00,true",
            "2025-01-02T03:04:05+00:00,maybe",
        );
        let err = CredentialReport::parse(when(), bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("password_enabled") && err.contains("maybe"),
            "{err}"
        );
        let missing = SAMPLE.replacen("mfa_active", "mfa", 1);
        let err = CredentialReport::parse(when(), missing)
            .unwrap_err()
            .to_string();
        assert!(err.contains("mfa_active"), "{err}");
    }
}
