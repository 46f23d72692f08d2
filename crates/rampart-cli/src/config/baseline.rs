//! The baseline sections of `rampart.toml` (`[admin]`, `[password_policy]`, `[trail]`,
//! `[alerts]`, `[billing]`): what `rampart plan` and `apply` aim for. Every key is optional;
//! every bad value is a problem naming the key and the value, before anything touches the
//! account, and every one is reported, not only the first.

use rampart_plan::Baseline;

use crate::config::raw::{
    Problems, RawAdmin, RawAlerts, RawBilling, RawContact, RawContacts, RawPassword, RawServices,
    RawTrail,
};
use crate::config::schema::{GRANULARITIES, REPORT_KINDS};

/// The value `name` stands for in `table` (case-insensitively).
fn one_of<T: Copy>(table: &[(&str, T)], name: String) -> Result<T, String> {
    let lower = name.to_ascii_lowercase();
    table
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<String> = table.iter().map(|(n, _)| format!("{n:?}")).collect();
            format!("expected {}, got {name:?}", names.join(" or "))
        })
}

/// An IAM name of at most `max` characters (users, groups, policies, topics, rules).
pub fn iam_name(v: String, max: usize) -> Result<String, String> {
    let ok = !v.is_empty()
        && v.len() <= max
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if ok {
        Ok(v)
    } else {
        Err(format!("{v:?} is not a valid IAM name"))
    }
}

fn bucket_name(v: String) -> Result<Option<String>, String> {
    let b = v.as_bytes();
    let edge = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let ok = (3..=63).contains(&v.len())
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge(b.first())
        && edge(b.last());
    if ok {
        Ok(Some(v))
    } else {
        Err(format!("{v:?} is not a valid S3 bucket name"))
    }
}

/// A whole number within `range`.
pub fn number<N: TryFrom<i64>>(
    range: std::ops::RangeInclusive<i64>,
) -> impl FnOnce(i64) -> Result<N, String> {
    move |n| {
        if !range.contains(&n) {
            return Err(format!(
                "must be between {} and {}, got {n}",
                range.start(),
                range.end()
            ));
        }
        N::try_from(n).map_err(|_| format!("{n} is too large"))
    }
}

fn email(e: String) -> Result<String, String> {
    let ok = e.matches('@').count() == 1
        && !e.starts_with('@')
        && !e.ends_with('@')
        && !e.contains(char::is_whitespace);
    if ok {
        Ok(e)
    } else {
        Err(format!("{e:?} is not an e-mail address"))
    }
}

/// The raw baseline sections, as read.
pub struct Raw {
    pub admin: RawAdmin,
    pub password_policy: RawPassword,
    pub trail: RawTrail,
    pub alerts: RawAlerts,
    pub billing: RawBilling,
    pub contacts: RawContacts,
    pub services: RawServices,
}

/// Validates the raw sections into a [`Baseline`]; each bad value is added to `problems` and
/// leaves its default in place.
pub fn validate(raw: Raw, problems: &mut Problems) -> Baseline {
    let mut b = Baseline::default();
    let Raw {
        admin,
        password_policy: pw,
        trail,
        alerts,
        billing,
        contacts,
        services,
    } = raw;
    problems.check(
        "services.guardduty",
        services.guardduty,
        &mut b.services.guardduty,
        Ok,
    );
    problems.check(
        "services.security_hub",
        services.security_hub,
        &mut b.services.security_hub,
        Ok,
    );
    for (key, field, slot) in [
        (
            "contacts.security",
            contacts.security,
            &mut b.contacts.security,
        ),
        (
            "contacts.billing",
            contacts.billing,
            &mut b.contacts.billing,
        ),
        (
            "contacts.operations",
            contacts.operations,
            &mut b.contacts.operations,
        ),
    ] {
        problems.check(key, field, slot, |c| contact(c).map(Some));
    }
    problems.check("admin.group", admin.group, &mut b.admin_group, |g| {
        iam_name(g, 128)
    });
    problems.check_each("admin.users", admin.users, &mut b.admin_users, |u| {
        iam_name(u, 64)
    });
    problems.check(
        "admin.mfa_policy",
        admin.mfa_policy,
        &mut b.mfa_policy_name,
        |p| iam_name(p, 128),
    );
    problems.check(
        "admin.support_role",
        admin.support_role,
        &mut b.support_role,
        |r| iam_name(r, 64),
    );
    let p = &mut b.password_policy;
    problems.check(
        "password_policy.minimum_length",
        pw.minimum_length,
        &mut p.minimum_password_length,
        number(14..=128),
    );
    problems.check(
        "password_policy.reuse_prevention",
        pw.reuse_prevention,
        &mut p.password_reuse_prevention,
        |n| number(1..=24)(n).map(Some),
    );
    let required = |v: bool| {
        if v {
            Ok(true)
        } else {
            Err("the baseline requires every character class; got false".to_owned())
        }
    };
    problems.check(
        "password_policy.require_uppercase",
        pw.require_uppercase,
        &mut p.require_uppercase_characters,
        required,
    );
    problems.check(
        "password_policy.require_lowercase",
        pw.require_lowercase,
        &mut p.require_lowercase_characters,
        required,
    );
    problems.check(
        "password_policy.require_numbers",
        pw.require_numbers,
        &mut p.require_numbers,
        required,
    );
    problems.check(
        "password_policy.require_symbols",
        pw.require_symbols,
        &mut p.require_symbols,
        required,
    );
    problems.check(
        "password_policy.allow_users_to_change",
        pw.allow_users_to_change,
        &mut p.allow_users_to_change_password,
        Ok,
    );
    problems.check("trail.name", trail.name, &mut b.trail.name, |n| {
        let ok = (3..=128).contains(&n.len())
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            && n.starts_with(|c: char| c.is_ascii_alphanumeric());
        if ok {
            Ok(n)
        } else {
            Err(format!("{n:?} is not a valid trail name"))
        }
    });
    problems.check("trail.regions", trail.regions, &mut (), |r| {
        if r == "all" {
            Ok(())
        } else {
            Err(format!(
                "only \"all\" is supported (one trail for every Region), got {r:?}"
            ))
        }
    });
    problems.check(
        "trail.bucket",
        trail.bucket,
        &mut b.trail.bucket,
        bucket_name,
    );
    problems.check(
        "trail.access_logging",
        trail.access_logging,
        &mut b.trail.access_logging,
        Ok,
    );
    problems.check(
        "trail.access_log_bucket",
        trail.access_log_bucket,
        &mut b.trail.access_log_bucket,
        bucket_name,
    );
    problems.check("trail.kms", trail.kms, &mut b.trail.create_kms_key, Ok);
    problems.check(
        "trail.kms_key_id",
        trail.kms_key_id,
        &mut b.trail.kms_key_id,
        |k| {
            if k.is_empty() || k.contains(char::is_whitespace) {
                Err(format!("{k:?} is not a KMS key ARN, id or alias"))
            } else {
                Ok(Some(k))
            }
        },
    );
    problems.check_each("alerts.emails", alerts.emails, &mut b.alerts.emails, email);
    problems.check_each(
        "alerts.controls",
        alerts.controls,
        &mut b.alerts.controls,
        |c| match rampart_model::alert_controls::find_control(&c) {
            Some(found) if found.control == c => Ok(c),
            _ => Err(format!(
                "{c:?} is not a CIS v7.0 monitoring control (5.1 to 5.15)"
            )),
        },
    );
    problems.check(
        "alerts.topic",
        alerts.topic,
        &mut b.alerts.topic_name,
        |t| iam_name(t, 256),
    );
    problems.check("alerts.rule", alerts.rule, &mut b.alerts.rule_name, |r| {
        iam_name(r, 64)
    });
    problems.check("billing.kind", billing.kind, &mut b.billing.kind, |k| {
        one_of(REPORT_KINDS, k)
    });
    problems.check("billing.name", billing.name, &mut b.billing.name, |n| {
        let ok = !n.is_empty()
            && n.len() <= 128
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!-_.*'()".contains(c));
        if ok {
            Ok(n)
        } else {
            Err(format!("{n:?} is not a valid report name"))
        }
    });
    problems.check(
        "billing.granularity",
        billing.granularity,
        &mut b.billing.granularity,
        |g| one_of(GRANULARITIES, g),
    );
    problems.check(
        "billing.bucket",
        billing.bucket,
        &mut b.billing.bucket,
        bucket_name,
    );
    problems.check(
        "billing.monthly_budget_usd",
        billing.monthly_budget_usd,
        &mut b.billing.monthly_budget_usd,
        |n| {
            if (1..=1_000_000_000).contains(&n) {
                Ok(Some(n as u64))
            } else {
                Err(format!(
                    "{n} is not a budget: give whole US dollars, 1 or more"
                ))
            }
        },
    );
    b
}
/// A contact as `account:PutAlternateContact` accepts it: every field set, within AWS's
/// lengths, an e-mail address with one `@`, a phone number of digits, spaces, `+`, `-`, `(`, `)`.
fn contact(c: RawContact) -> Result<rampart_model::snapshot::AlternateContact, String> {
    let within = |what: &str, v: &str, max: usize| {
        if v.trim().is_empty() || v.chars().count() > max {
            Err(format!("`{what}` must be 1 to {max} characters, got `{v}`"))
        } else {
            Ok(())
        }
    };
    within("name", &c.name, 64)?;
    within("title", &c.title, 50)?;
    within("email", &c.email, 254)?;
    within("phone", &c.phone, 25)?;
    let mut parts = c.email.split('@');
    let ok_email = matches!((parts.next(), parts.next(), parts.next()), (Some(l), Some(d), None) if !l.is_empty() && d.contains('.') && !c.email.contains(char::is_whitespace));
    if !ok_email {
        return Err(format!("`email` is not an e-mail address: `{}`", c.email));
    }
    if !c
        .phone
        .chars()
        .all(|ch| ch.is_ascii_digit() || " +-()".contains(ch))
    {
        return Err(format!(
            "`phone` may hold digits, spaces and + - ( ) only: `{}`",
            c.phone
        ));
    }
    Ok(rampart_model::snapshot::AlternateContact {
        name: c.name,
        email: c.email,
        phone: Some(c.phone),
        title: Some(c.title),
    })
}
