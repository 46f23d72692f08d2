//! Check metadata and the static registry of every check.

use rampart_model::{Severity, Step};

use crate::Check;

/// Whether `rampart apply` can fix a failure of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fix {
    /// `rampart apply` fixes it.
    Auto,
    /// Only a person can fix it (console-only, or a decision rampart must not take).
    Manual,
}

/// A framework control the check maps to, e.g. `("cis-aws-5.0", "1.3")`.
pub type Framework = (&'static str, &'static str);

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
    pub severity: Severity,
    /// One line, says what fails.
    pub title: &'static str,
    pub frameworks: &'static [Framework],
    pub fix: Fix,
    /// The check's doc comment (Markdown), extracted from its source file.
    #[serde(skip)]
    pub source: &'static str,
}

impl CheckMeta {
    /// The CIS AWS Foundations v5 control, if any.
    pub fn cis_v5(&self) -> Option<&'static str> {
        self.frameworks
            .iter()
            .find(|(f, _)| *f == "cis-aws-5.0")
            .map(|(_, c)| *c)
    }

    /// Whether `key` names this check: its id, slug or an alias (case-insensitive).
    pub fn is_named(&self, key: &str) -> bool {
        self.id.eq_ignore_ascii_case(key)
            || self.slug.eq_ignore_ascii_case(key)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
    }

    /// The documentation: the `///` lines above the check's `pub struct`.
    pub fn docs(&self) -> String {
        let mut block: Vec<&str> = Vec::new();
        for line in self.source.lines() {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix("///") {
                block.push(rest.strip_prefix(' ').unwrap_or(rest));
            } else if t.starts_with("pub struct") && !block.is_empty() {
                return block.join("\n");
            } else if !t.starts_with("#[") {
                block.clear();
            }
        }
        String::new()
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
