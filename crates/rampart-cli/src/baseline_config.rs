//! The baseline sections of `rampart.toml` (`[admin]`, `[password_policy]`, `[trail]`,
//! `[alerts]`, `[billing]`): what `rampart plan` and `apply` aim for. Every key is optional;
//! every bad value is an error naming the key and the value, before anything touches the
//! account.

use rampart_plan::{Baseline, Granularity, ReportKind};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdmin {
    group: Option<String>,
    users: Option<Vec<String>>,
    mfa_policy: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPassword {
    minimum_length: Option<i64>,
    reuse_prevention: Option<i64>,
    require_uppercase: Option<bool>,
    require_lowercase: Option<bool>,
    require_numbers: Option<bool>,
    require_symbols: Option<bool>,
    allow_users_to_change: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrail {
    name: Option<String>,
    regions: Option<String>,
    bucket: Option<String>,
    kms: Option<bool>,
    kms_key_id: Option<String>,
    access_logging: Option<bool>,
    access_log_bucket: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlerts {
    emails: Option<Vec<String>>,
    topic: Option<String>,
    rule: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBilling {
    kind: Option<String>,
    name: Option<String>,
    granularity: Option<String>,
    bucket: Option<String>,
}

impl RawAdmin {
    pub fn group_is_set(&self) -> bool {
        self.group.is_some()
    }
}

/// The raw baseline sections, as parsed.
pub struct Raw {
    pub admin: RawAdmin,
    pub password_policy: RawPassword,
    pub trail: RawTrail,
    pub alerts: RawAlerts,
    pub billing: RawBilling,
}

/// `(key, message)` for a bad value.
pub type Bad = (String, String);

fn bad(key: &str, message: String) -> Bad {
    (key.to_owned(), message)
}

fn iam_name(key: &str, v: String, max: usize) -> Result<String, Bad> {
    let ok = !v.is_empty()
        && v.len() <= max
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if ok {
        Ok(v)
    } else {
        Err(bad(key, format!("not a valid IAM name: {v:?}")))
    }
}

fn bucket_name(key: &str, v: String) -> Result<String, Bad> {
    let b = v.as_bytes();
    let edge = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let ok = (3..=63).contains(&v.len())
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge(b.first())
        && edge(b.last());
    if ok {
        Ok(v)
    } else {
        Err(bad(key, format!("not a valid S3 bucket name: {v:?}")))
    }
}

fn number(
    key: &str,
    v: Option<i64>,
    range: std::ops::RangeInclusive<i64>,
    default: u32,
) -> Result<u32, Bad> {
    match v {
        None => Ok(default),
        Some(n) if range.contains(&n) => Ok(u32::try_from(n).unwrap_or(default)),
        Some(n) => Err(bad(
            key,
            format!(
                "must be between {} and {}, got {n}",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// Validates the raw sections into a [`Baseline`].
pub fn validate(raw: Raw) -> Result<Baseline, Bad> {
    let mut b = Baseline::default();
    let Raw {
        admin,
        password_policy: pw,
        trail,
        alerts,
        billing,
    } = raw;
    if let Some(g) = admin.group {
        b.admin_group = iam_name("admin.group", g, 128)?;
    }
    if let Some(users) = admin.users {
        b.admin_users = users
            .into_iter()
            .map(|u| iam_name("admin.users", u, 64))
            .collect::<Result<_, _>>()?;
    }
    if let Some(p) = admin.mfa_policy {
        b.mfa_policy_name = iam_name("admin.mfa_policy", p, 128)?;
    }
    let p = &mut b.password_policy;
    p.minimum_password_length = number(
        "password_policy.minimum_length",
        pw.minimum_length,
        14..=128,
        p.minimum_password_length,
    )?;
    let reuse = number(
        "password_policy.reuse_prevention",
        pw.reuse_prevention,
        1..=24,
        24,
    )?;
    p.password_reuse_prevention = Some(reuse);
    for (key, value, slot) in [
        (
            "require_uppercase",
            pw.require_uppercase,
            &mut p.require_uppercase_characters,
        ),
        (
            "require_lowercase",
            pw.require_lowercase,
            &mut p.require_lowercase_characters,
        ),
        (
            "require_numbers",
            pw.require_numbers,
            &mut p.require_numbers,
        ),
        (
            "require_symbols",
            pw.require_symbols,
            &mut p.require_symbols,
        ),
        (
            "allow_users_to_change",
            pw.allow_users_to_change,
            &mut p.allow_users_to_change_password,
        ),
    ] {
        if let Some(v) = value {
            if !v && key != "allow_users_to_change" {
                return Err(bad(
                    &format!("password_policy.{key}"),
                    "the baseline requires every character class; got false".into(),
                ));
            }
            *slot = v;
        }
    }
    if let Some(n) = trail.name {
        let ok = (3..=128).contains(&n.len())
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            && n.starts_with(|c: char| c.is_ascii_alphanumeric());
        if !ok {
            return Err(bad("trail.name", format!("not a valid trail name: {n:?}")));
        }
        b.trail.name = n;
    }
    if let Some(r) = trail.regions {
        if r != "all" {
            return Err(bad(
                "trail.regions",
                format!("only \"all\" is supported (one trail for every Region), got {r:?}"),
            ));
        }
    }
    if let Some(bucket) = trail.bucket {
        b.trail.bucket = Some(bucket_name("trail.bucket", bucket)?);
    }
    if let Some(on) = trail.access_logging {
        b.trail.access_logging = on;
    }
    if let Some(bucket) = trail.access_log_bucket {
        b.trail.access_log_bucket = Some(bucket_name("trail.access_log_bucket", bucket)?);
    }
    if let Some(create) = trail.kms {
        b.trail.create_kms_key = create;
    }
    if let Some(k) = trail.kms_key_id {
        if k.is_empty() || k.contains(char::is_whitespace) {
            return Err(bad(
                "trail.kms_key_id",
                format!("not a KMS key ARN, id or alias: {k:?}"),
            ));
        }
        b.trail.kms_key_id = Some(k);
    }
    if let Some(emails) = alerts.emails {
        for e in &emails {
            let ok = e.matches('@').count() == 1
                && !e.starts_with('@')
                && !e.ends_with('@')
                && !e.contains(char::is_whitespace);
            if !ok {
                return Err(bad(
                    "alerts.emails",
                    format!("not an e-mail address: {e:?}"),
                ));
            }
        }
        b.alerts.emails = emails;
    }
    if let Some(t) = alerts.topic {
        b.alerts.topic_name = iam_name("alerts.topic", t, 256)?;
    }
    if let Some(r) = alerts.rule {
        b.alerts.rule_name = iam_name("alerts.rule", r, 64)?;
    }
    if let Some(k) = billing.kind {
        b.billing.kind = match k.as_str() {
            "data-export" => ReportKind::DataExport,
            "legacy-cur" => ReportKind::LegacyCur,
            _ => {
                return Err(bad(
                    "billing.kind",
                    format!("expected \"data-export\" or \"legacy-cur\", got {k:?}"),
                ))
            }
        };
    }
    if let Some(n) = billing.name {
        let ok = !n.is_empty()
            && n.len() <= 128
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!-_.*'()".contains(c));
        if !ok {
            return Err(bad(
                "billing.name",
                format!("not a valid report name: {n:?}"),
            ));
        }
        b.billing.name = n;
    }
    if let Some(g) = billing.granularity {
        b.billing.granularity = match g.to_ascii_lowercase().as_str() {
            "hourly" => Granularity::Hourly,
            "daily" => Granularity::Daily,
            _ => {
                return Err(bad(
                    "billing.granularity",
                    format!("expected \"hourly\" or \"daily\", got {g:?}"),
                ))
            }
        };
    }
    if let Some(bucket) = billing.bucket {
        b.billing.bucket = Some(bucket_name("billing.bucket", bucket)?);
    }
    Ok(b)
}
