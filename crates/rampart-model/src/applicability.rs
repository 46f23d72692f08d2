//! How a failing check gets fixed, after ruff's fix applicability: whether `rampart apply` does
//! it as configured by default, once a setting or a flag asks for it, only with a person's part,
//! or not at all.
//!
//! Each check declares one [`Applicability`] in its metadata; it drives `rampart checks`,
//! `rampart explain`, the fix hint of every report and the plan's legend. A test in
//! `rampart-plan` proves that each check's value is what the planner does with the default
//! configuration. For one account, the plan made for it refines the value
//! (`Plan::applicability`): an automatic fix that rampart declines there, say to avoid a
//! lock-out, becomes the manual step the plan lists. It lives in the model because both the
//! checks and the planner speak of it.

use std::borrow::Cow;

/// How a failure of a check is fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applicability {
    /// `rampart apply` fixes it with the default configuration.
    Automatic,
    /// `rampart apply` fixes it once `setting` is set in `rampart.toml`; off by default (it
    /// costs money, say). The setting is written as it would be in the file.
    NeedsSetting(Cow<'static, str>),
    /// `rampart apply` fixes it only when run with this flag, because the change deletes
    /// something or locks someone out.
    NeedsFlag(Cow<'static, str>),
    /// A person must do or finish it (a console-only step, a confirmation e-mail); `rampart
    /// plan` lists it as a numbered manual step. Says what the person does.
    NeedsPerson(Cow<'static, str>),
    /// rampart leaves it to a person's judgement (deleting users, rotating keys);
    /// `rampart explain` says how.
    Manual,
}

impl Applicability {
    /// The stable name used in JSON and CSV: `automatic`, `needs_setting`, `needs_flag`,
    /// `needs_person` or `manual`.
    pub fn kind(&self) -> &'static str {
        match self {
            Applicability::Automatic => "automatic",
            Applicability::NeedsSetting(_) => "needs_setting",
            Applicability::NeedsFlag(_) => "needs_flag",
            Applicability::NeedsPerson(_) => "needs_person",
            Applicability::Manual => "manual",
        }
    }

    /// A short label for tables: `automatic`, `needs a setting`, ….
    pub fn label(&self) -> &'static str {
        match self {
            Applicability::Automatic => "automatic",
            Applicability::NeedsSetting(_) => "needs a setting",
            Applicability::NeedsFlag(_) => "needs a flag",
            Applicability::NeedsPerson(_) => "needs a person",
            Applicability::Manual => "manual",
        }
    }

    /// Whether `rampart apply` fixes it without anything more from the user.
    pub fn is_automatic(&self) -> bool {
        matches!(self, Applicability::Automatic)
    }

    /// The one-line fix hint a report shows under a failing check `id`.
    pub fn hint(&self, id: &str) -> String {
        match self {
            Applicability::Automatic => "fix: rampart apply".to_owned(),
            Applicability::NeedsSetting(setting) => {
                format!(
                    "fix: set {} in rampart.toml, then rampart apply",
                    settings(setting)
                )
            }
            Applicability::NeedsFlag(flag) => {
                format!(
                    "fix: rampart apply {flag} — the flag consents to what it changes, see rampart explain {id}"
                )
            }
            Applicability::NeedsPerson(what) => {
                format!("fix: needs a person — {what}; rampart plan lists the steps")
            }
            Applicability::Manual => format!("fix: manual — rampart explain {id}"),
        }
    }

    /// One sentence for `rampart explain` and the HTML report.
    pub fn sentence(&self) -> String {
        match self {
            Applicability::Automatic => "automatic: `rampart apply` fixes it".to_owned(),
            Applicability::NeedsSetting(setting) => {
                let verb = if setting.contains(" and ") {
                    "are"
                } else {
                    "is"
                };
                format!(
                    "needs a setting: `rampart apply` fixes it once {} {verb} set in rampart.toml",
                    settings(setting)
                )
            }
            Applicability::NeedsFlag(flag) => {
                format!("needs a flag: `rampart apply {flag}` fixes it; without the flag it is a manual step")
            }
            Applicability::NeedsPerson(what) => {
                format!("needs a person: {what}; `rampart plan` lists the steps")
            }
            Applicability::Manual => "manual: see How to fix".to_owned(),
        }
    }
}

/// The settings a fix needs, each in backticks: `a` and `b`.
fn settings(text: &str) -> String {
    text.split(" and ")
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

impl serde::Serialize for Applicability {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.kind())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_what_is_needed() {
        let setting = Applicability::NeedsSetting("trail.kms = true".into());
        assert_eq!(
            setting.hint("RMP303"),
            "fix: set `trail.kms = true` in rampart.toml, then rampart apply"
        );
        let flag = Applicability::NeedsFlag("--delete-root-access-keys".into());
        assert!(flag
            .hint("RMP102")
            .starts_with("fix: rampart apply --delete-root-access-keys "));
        assert_eq!(
            Applicability::Manual.hint("RMP110"),
            "fix: manual — rampart explain RMP110"
        );
        assert_eq!(
            serde_json::to_value(&flag).expect("serializes"),
            serde_json::json!("needs_flag")
        );
    }
}
