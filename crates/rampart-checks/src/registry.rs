//! Check metadata, the `check!` declaration and the static registry of every check.

/// Declares a check: its doc comment (the documentation `rampart explain` prints and the
/// reports link), its unit struct and its metadata, written as a `static META` without the
/// `doc_comment` field, which the macro fills in from the doc comment at compile time. The
/// check's file then implements only [`Check::evaluate`](crate::Check::evaluate).
macro_rules! check {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident;

        static META: CheckMeta = CheckMeta { $($field:ident: $value:expr),* $(,)? };
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        static META: $crate::CheckMeta = $crate::CheckMeta {
            $($field: $value,)*
            doc_comment: concat!($($doc, "\n"),*),
        };

        impl $crate::Declared for $name {
            fn meta(&self) -> &'static $crate::CheckMeta {
                &META
            }
        }
    };
}

use rampart_model::{Severity, Step};

use crate::{Applicability, Check};

/// A framework control the check maps to, e.g. `("cis-aws-5.0", "1.3")`.
pub type Framework = (&'static str, &'static str);

/// What a check judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// One account, on its own or in an organization.
    Account,
    /// A member account, through facts only an organization audit reads (SCPs, root
    /// credentials seen from the management account): an account audited on its own has
    /// nothing here to judge, so such a check is left out of its report.
    Member,
    /// The organization as a whole (judged in the management account's snapshot, where its
    /// facts are stored): reported once, apart from the accounts.
    Organization,
}

impl Subject {
    /// Whether a check of this subject belongs in the report of an account audited on its
    /// own.
    pub fn applies_alone(self) -> bool {
        self == Subject::Account
    }
}

/// Everything about a check but its logic.
#[derive(Debug, serde::Serialize)]
pub struct CheckMeta {
    /// Permanent id, e.g. `RMP102`.
    pub id: &'static str,
    /// Names the bad state, e.g. `root-access-keys`.
    pub slug: &'static str,
    /// Former ids and slugs, still accepted by `--select`, `--ignore` and `explain`.
    pub aliases: &'static [&'static str],
    pub step: Step,
    /// What the check judges: one account, or the organization as a whole.
    pub subject: Subject,
    pub severity: Severity,
    /// One line, says what fails.
    pub title: &'static str,
    pub frameworks: &'static [Framework],
    /// How a failure is fixed, and what that needs.
    pub fix: Applicability,
    /// The check's doc comment (Markdown) as the compiler saw it: one line per `///` line,
    /// each with its leading space. Filled in by `check!`.
    #[serde(skip)]
    pub doc_comment: &'static str,
}

impl CheckMeta {
    /// The control of `framework` (`cis-aws-7.0`) the check maps to, if any (the first, when
    /// it maps to several).
    pub fn control_in(&self, framework: &str) -> Option<&'static str> {
        self.frameworks
            .iter()
            .find(|(f, _)| *f == framework)
            .map(|(_, c)| *c)
    }

    /// Whether `key` names this check: its id, slug or an alias (case-insensitive).
    pub fn is_named(&self, key: &str) -> bool {
        self.id.eq_ignore_ascii_case(key)
            || self.slug.eq_ignore_ascii_case(key)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
    }

    /// The documentation: the doc comment above the check's `pub struct`.
    pub fn docs(&self) -> String {
        self.doc_comment
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Every check, in report order.
pub fn registry() -> &'static [&'static dyn Check] {
    crate::rules::ALL
}

/// The check named by `key` (id, slug or alias).
pub fn find(key: &str) -> Option<&'static dyn Check> {
    registry().iter().copied().find(|c| c.meta().is_named(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_slugs_and_aliases_are_unique() {
        let mut seen = HashSet::new();
        for c in registry() {
            let m = c.meta();
            for name in std::iter::once(m.id)
                .chain(std::iter::once(m.slug))
                .chain(m.aliases.iter().copied())
            {
                assert!(
                    seen.insert(name.to_ascii_lowercase()),
                    "`{name}` is used twice"
                );
            }
        }
    }

    #[test]
    fn every_check_documents_its_four_sections() {
        for c in registry() {
            let docs = c.meta().docs();
            for section in [
                "## What it checks",
                "## Why it matters",
                "## How to fix",
                "## References",
            ] {
                assert!(docs.contains(section), "{} lacks `{section}`", c.meta().id);
            }
        }
    }

    #[test]
    fn every_check_uses_its_id_constant_and_every_constant_a_check() {
        let ids: Vec<&str> = registry().iter().map(|c| c.meta().id).collect();
        assert_eq!(ids, rampart_model::check_ids::ALL);
    }

    #[test]
    fn ids_follow_the_step() {
        for c in registry() {
            let m = c.meta();
            assert!(
                m.id.starts_with(&format!("RMP{}", m.step.number())),
                "{} is not in step {}",
                m.id,
                m.step.number()
            );
        }
    }
}
