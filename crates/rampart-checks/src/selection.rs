//! `--select` / `--ignore`: which checks run, by id, slug, alias or id prefix.

use crate::registry::{registry, CheckMeta};

/// A validated selection of checks.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SelectionError {
    #[error("`{0}` matches no check id, slug or id prefix (see `rampart checks`)")]
    NoMatch(String),
}

impl Selection {
    /// Every check.
    pub fn all() -> Self {
        Self::default()
    }

    /// Builds a selection; every key must match at least one check.
    pub fn new(select: &[String], ignore: &[String]) -> Result<Self, SelectionError> {
        for key in select.iter().chain(ignore) {
            if !registry().iter().any(|c| matches(c.meta(), key)) {
                return Err(SelectionError::NoMatch(key.clone()));
            }
        }
        Ok(Self {
            select: select.to_vec(),
            ignore: ignore.to_vec(),
        })
    }

    pub fn includes(&self, meta: &CheckMeta) -> bool {
        (self.select.is_empty() || self.select.iter().any(|k| matches(meta, k)))
            && !self.ignore.iter().any(|k| matches(meta, k))
    }
}

fn matches(meta: &CheckMeta, key: &str) -> bool {
    meta.is_named(key)
        || (key.len() >= 3
            && meta
                .id
                .to_ascii_uppercase()
                .starts_with(&key.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_names_select() {
        let s = Selection::new(&["RMP1".into()], &["root-access-keys".into()]).unwrap();
        let chosen: Vec<_> = registry()
            .iter()
            .filter(|c| s.includes(c.meta()))
            .map(|c| c.meta().id)
            .collect();
        assert!(!chosen.is_empty());
        assert!(chosen.iter().all(|id| id.starts_with("RMP1")));
        assert!(!chosen.contains(&"RMP102"));
    }

    #[test]
    fn unknown_keys_are_errors() {
        assert_eq!(
            Selection::new(&["nope".into()], &[]).unwrap_err(),
            SelectionError::NoMatch("nope".into())
        );
    }
}
