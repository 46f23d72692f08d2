//! `Action` and `NotAction` patterns: what they match, and how they cover a whole service.

use crate::policy::glob::{match_tokens, matches_everything, tokens, Tok};

/// How a statement's `Action` or `NotAction` relates to one service's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coverage {
    All,
    Some,
    None,
}

/// An `Action` pattern. `*` alone matches every action; otherwise the service prefix is
/// matched literally (ignoring case) and wildcards apply to the action name, as the policy
/// grammar writes it (`"<service>:<action>"`). A pattern without a colon other than `*`, or
/// with a wildcard in the prefix (`s?:*`, `*:Get*`), matches nothing.
#[derive(Debug, Clone)]
pub(super) struct ActionPattern {
    /// `None` for the lone `*`.
    service: Option<String>,
    name: Vec<Tok>,
    every_name: bool,
}

impl ActionPattern {
    pub(super) fn new(p: &str) -> Self {
        let lower = p.to_ascii_lowercase();
        if lower == "*" {
            return Self {
                service: None,
                name: vec![Tok::Star],
                every_name: true,
            };
        }
        let (service, name) = match lower.split_once(':') {
            Some((s, n)) if !s.contains(['*', '?']) => (s.to_owned(), tokens(n)),
            // Never equal to a real prefix, so the pattern matches nothing.
            _ => (String::from(":"), Vec::new()),
        };
        Self {
            every_name: matches_everything(&name),
            service: Some(service),
            name,
        }
    }

    pub(super) fn matches(&self, action_lower: &str) -> bool {
        match &self.service {
            None => true,
            Some(s) => action_lower.split_once(':').is_some_and(|(svc, name)| {
                svc == s && !name.is_empty() && match_tokens(&self.name, name, false)
            }),
        }
    }

    pub(super) fn coverage(&self, service_lower: &str) -> Coverage {
        match &self.service {
            None => Coverage::All,
            Some(s) if s != service_lower => Coverage::None,
            Some(_) if self.every_name => Coverage::All,
            Some(_) => Coverage::Some,
        }
    }
}

/// Whether an `Action` pattern matches an action (see [`ActionPattern`]).
pub(crate) fn action_pattern_matches(pattern: &str, action: &str) -> bool {
    ActionPattern::new(pattern).matches(&action.to_ascii_lowercase())
}
