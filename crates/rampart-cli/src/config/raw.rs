//! The first step of reading `rampart.toml`: the TOML document as typed values, each with its
//! place in the file (`toml::Spanned`), and every key checked against the [schema].
//!
//! Nothing stops at the first problem: a syntax error, a value of the wrong type, an unknown or
//! moved key each become a [`Problem`], and reading goes on, so that one run reports them all.
//! Whether a value is acceptable (a range, a name's shape) is judged later, by validation.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use super::schema;

/// A value that may be absent, with its place in the file when present.
pub type Field<T> = Option<Spanned<T>>;

/// A list of strings, each with its place.
pub type Strings = Vec<Spanned<String>>;

/// One thing wrong with the file: where (byte offsets), which key (`section.key`), what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub key: Option<String>,
    pub message: String,
}

/// The problems found so far, by reading and then by validation.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        self.0.push(Problem {
            span,
            key: Some(key.to_owned()),
            message: message.into(),
        });
    }

    /// Checks a present value with `check`, storing the result in `slot` or a problem naming
    /// `key` and pointing at the value.
    pub fn check<T, U>(
        &mut self,
        key: &str,
        field: Field<T>,
        slot: &mut U,
        check: impl FnOnce(T) -> Result<U, String>,
    ) {
        if let Some(value) = field {
            let span = value.span();
            match check(value.into_inner()) {
                Ok(v) => *slot = v,
                Err(message) => self.push(span, key, message),
            }
        }
    }

    /// Checks each string of a present list; the list is stored only when every one is valid.
    pub fn check_each(
        &mut self,
        key: &str,
        field: Field<Strings>,
        slot: &mut Vec<String>,
        check: impl Fn(String) -> Result<String, String>,
    ) {
        let Some(list) = field else { return };
        let mut good = Vec::new();
        let mut all_good = true;
        for item in list.into_inner() {
            let span = item.span();
            match check(item.into_inner()) {
                Ok(v) => good.push(v),
                Err(message) => {
                    all_good = false;
                    self.push(span, key, message);
                }
            }
        }
        if all_good {
            *slot = good;
        }
    }
}

#[derive(Debug, Default)]
pub struct RawAudit {
    pub unused_credentials_days: Field<i64>,
    pub access_key_max_age_days: Field<i64>,
    pub root_recent_use_days: Field<i64>,
    pub fail_on: Field<String>,
    pub ignore: Field<Strings>,
}

#[derive(Debug, Default)]
pub struct RawAdmin {
    pub group: Field<String>,
    pub users: Field<Strings>,
    pub mfa_policy: Field<String>,
    pub support_role: Field<String>,
}

#[derive(Debug, Default)]
pub struct RawPassword {
    pub minimum_length: Field<i64>,
    pub reuse_prevention: Field<i64>,
    pub require_uppercase: Field<bool>,
    pub require_lowercase: Field<bool>,
    pub require_numbers: Field<bool>,
    pub require_symbols: Field<bool>,
    pub allow_users_to_change: Field<bool>,
}

#[derive(Debug, Default)]
pub struct RawTrail {
    pub name: Field<String>,
    pub regions: Field<String>,
    pub bucket: Field<String>,
    pub kms: Field<bool>,
    pub kms_key_id: Field<String>,
    pub access_logging: Field<bool>,
    pub access_log_bucket: Field<String>,
}

#[derive(Debug, Default)]
pub struct RawAlerts {
    pub emails: Field<Strings>,
    pub controls: Field<Strings>,
    pub topic: Field<String>,
    pub rule: Field<String>,
}

#[derive(Debug, Default)]
pub struct RawBilling {
    pub kind: Field<String>,
    pub name: Field<String>,
    pub granularity: Field<String>,
    pub bucket: Field<String>,
    pub monthly_budget_usd: Field<i64>,
}

#[derive(Debug, Default)]
pub struct RawAthena {
    pub workgroup: Field<String>,
    pub database: Field<String>,
    pub table: Field<String>,
    pub output_location: Field<String>,
    pub region: Field<String>,
}

/// An alternate contact as written: `{ name = "…", title = "…", email = "…", phone = "…" }`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Default)]
pub struct RawContacts {
    pub security: Field<RawContact>,
    pub billing: Field<RawContact>,
    pub operations: Field<RawContact>,
}

#[derive(Debug, Default)]
pub struct RawServices {
    pub guardduty: Field<bool>,
    pub security_hub: Field<bool>,
}

/// The whole file, as read.
#[derive(Debug, Default)]
pub struct RawFile {
    pub audit: RawAudit,
    pub admin: RawAdmin,
    pub password_policy: RawPassword,
    pub trail: RawTrail,
    pub alerts: RawAlerts,
    pub billing: RawBilling,
    pub contacts: RawContacts,
    pub services: RawServices,
    pub athena: RawAthena,
}

/// Reads `text`; the problems found are added to `problems`.
pub fn read(text: &str, problems: &mut Problems) -> RawFile {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // What follows a syntax error is guesswork: report the syntax and nothing else.
        for e in errors {
            problems.0.push(Problem {
                span: e.span().unwrap_or(0..0),
                key: None,
                message: e.message().trim().replace('\n', " "),
            });
        }
        return RawFile::default();
    }
    let mut sections: Vec<(&'static str, Entries<'_>)> = Vec::new();
    for (name, value) in doc.into_inner() {
        let span = name.span();
        let name = name.into_inner();
        let known = schema::SECTIONS.iter().find(|(s, _)| *s == name);
        match (known, value.into_inner()) {
            (Some((section, _)), DeValue::Table(table)) => sections.push((section, entries(table))),
            (Some((section, _)), other) => problems.push(
                span,
                section,
                format!(
                    "expected a table ([{section}]), got {}",
                    a(other.type_str())
                ),
            ),
            (None, value) => {
                let what = if value.is_table() { "section" } else { "key" };
                let hint = rampart_model::similar::did_you_mean(
                    &name,
                    schema::SECTIONS.iter().map(|(s, _)| *s),
                );
                problems.push(span, &name, format!("unknown {what}{hint}"));
            }
        }
    }
    let mut section = |name: &'static str| Section {
        name,
        entries: sections
            .iter()
            .position(|(s, _)| *s == name)
            .map(|i| sections.swap_remove(i).1)
            .unwrap_or_default(),
    };
    let (mut audit, mut admin, mut password, mut trail, mut alerts, mut billing) = (
        section("audit"),
        section("admin"),
        section("password_policy"),
        section("trail"),
        section("alerts"),
        section("billing"),
    );
    let (mut contacts, mut services, mut athena) =
        (section("contacts"), section("services"), section("athena"));
    let raw = RawFile {
        audit: RawAudit {
            unused_credentials_days: audit.field("unused_credentials_days", problems),
            access_key_max_age_days: audit.field("access_key_max_age_days", problems),
            root_recent_use_days: audit.field("root_recent_use_days", problems),
            fail_on: audit.field("fail_on", problems),
            ignore: audit.field("ignore", problems),
        },
        admin: RawAdmin {
            group: admin.field("group", problems),
            users: admin.field("users", problems),
            mfa_policy: admin.field("mfa_policy", problems),
            support_role: admin.field("support_role", problems),
        },
        password_policy: RawPassword {
            minimum_length: password.field("minimum_length", problems),
            reuse_prevention: password.field("reuse_prevention", problems),
            require_uppercase: password.field("require_uppercase", problems),
            require_lowercase: password.field("require_lowercase", problems),
            require_numbers: password.field("require_numbers", problems),
            require_symbols: password.field("require_symbols", problems),
            allow_users_to_change: password.field("allow_users_to_change", problems),
        },
        trail: RawTrail {
            name: trail.field("name", problems),
            regions: trail.field("regions", problems),
            bucket: trail.field("bucket", problems),
            kms: trail.field("kms", problems),
            kms_key_id: trail.field("kms_key_id", problems),
            access_logging: trail.field("access_logging", problems),
            access_log_bucket: trail.field("access_log_bucket", problems),
        },
        alerts: RawAlerts {
            emails: alerts.field("emails", problems),
            controls: alerts.field("controls", problems),
            topic: alerts.field("topic", problems),
            rule: alerts.field("rule", problems),
        },
        billing: RawBilling {
            kind: billing.field("kind", problems),
            name: billing.field("name", problems),
            granularity: billing.field("granularity", problems),
            bucket: billing.field("bucket", problems),
            monthly_budget_usd: billing.field("monthly_budget_usd", problems),
        },
        contacts: RawContacts {
            security: contacts.field("security", problems),
            billing: contacts.field("billing", problems),
            operations: contacts.field("operations", problems),
        },
        services: RawServices {
            guardduty: services.field("guardduty", problems),
            security_hub: services.field("security_hub", problems),
        },
        athena: RawAthena {
            workgroup: athena.field("workgroup", problems),
            database: athena.field("database", problems),
            table: athena.field("table", problems),
            output_location: athena.field("output_location", problems),
            region: athena.field("region", problems),
        },
    };
    for s in [
        audit, admin, password, trail, alerts, billing, contacts, services, athena,
    ] {
        s.finish(problems);
    }
    raw
}

type Entries<'i> = Vec<(Spanned<String>, Spanned<DeValue<'i>>)>;

fn entries(table: DeTable<'_>) -> Entries<'_> {
    table
        .into_iter()
        .map(|(k, v)| (Spanned::new(k.span(), k.into_inner().into_owned()), v))
        .collect()
}

/// The keys of one section not read yet.
struct Section<'i> {
    name: &'static str,
    entries: Entries<'i>,
}

impl Section<'_> {
    /// Takes `key` out of the section, as a `T`; a value of another type is a problem.
    fn field<T: Expected>(&mut self, key: &'static str, problems: &mut Problems) -> Field<T> {
        debug_assert!(
            schema::keys_of(self.name).any(|k| k.name == key),
            "{}.{key} is read but not in the schema",
            self.name
        );
        let i = self.entries.iter().position(|(k, _)| k.get_ref() == key)?;
        let (_, value) = self.entries.remove(i);
        let span = value.span();
        let got = value.get_ref().type_str();
        match Spanned::<T>::deserialize(ValueDeserializer::from(value)) {
            Ok(v) => Some(v),
            Err(_) => {
                problems.push(
                    span,
                    &format!("{}.{key}", self.name),
                    format!("expected {}, got {}", T::WHAT, a(got)),
                );
                None
            }
        }
    }

    /// Every key left is a problem: moved elsewhere, or unknown.
    fn finish(self, problems: &mut Problems) {
        for (key, value) in self.entries {
            let path = format!("{}.{}", self.name, key.get_ref());
            let moved = schema::MOVED
                .iter()
                .find(|(s, k, _)| *s == self.name && k == key.get_ref());
            let message = match moved {
                Some((_, _, to)) => moved_message(to, value.get_ref()),
                None => format!(
                    "unknown key{}",
                    rampart_model::similar::did_you_mean(
                        key.get_ref(),
                        schema::keys_of(self.name).map(|k| k.name)
                    )
                ),
            };
            problems.push(key.span(), &path, message);
        }
    }
}

/// "This setting is now `admin.group`: write `group = "X"` under [admin]".
fn moved_message(to: &str, value: &DeValue<'_>) -> String {
    let (section, name) = to.split_once('.').unwrap_or(("", to));
    let line = match value.as_str() {
        Some(s) => format!("{name} = {}", toml::Value::String(s.to_owned())),
        None => name.to_owned(),
    };
    format!("this setting is `{to}` now, the one place for it: write `{line}` under [{section}] instead")
}

/// "an integer", "a string": the type name with its article.
fn a(type_name: &str) -> String {
    let article = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {type_name}")
}

/// A type a key can hold, with the words that describe it in a message.
trait Expected: DeserializeOwned {
    const WHAT: &'static str;
}

impl Expected for RawContact {
    const WHAT: &'static str =
        "a table of four strings, { name = \"…\", title = \"…\", email = \"…\", phone = \"…\" }";
}

impl Expected for i64 {
    const WHAT: &'static str = "an integer";
}

impl Expected for bool {
    const WHAT: &'static str = "true or false";
}

impl Expected for String {
    const WHAT: &'static str = "a string";
}

impl Expected for Strings {
    const WHAT: &'static str = "a list of strings";
}
