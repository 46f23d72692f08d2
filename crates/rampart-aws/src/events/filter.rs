//! What to look for in the event history: the user's filters, the one lookup attribute sent to
//! CloudTrail (it accepts only one per call), and the test every returned record must pass.

use aws_sdk_cloudtrail::types::LookupAttributeKey;

use rampart_model::alert_controls::AlertControl;

use super::record::Event;

/// The event history's lookup attributes that a filter can be sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupKey {
    AccessKeyId,
    ResourceName,
    Username,
    EventName,
    ResourceType,
    EventSource,
    ReadOnly,
}

impl LookupKey {
    pub(crate) fn sdk(self) -> LookupAttributeKey {
        match self {
            LookupKey::AccessKeyId => LookupAttributeKey::AccessKeyId,
            LookupKey::ResourceName => LookupAttributeKey::ResourceName,
            LookupKey::Username => LookupAttributeKey::Username,
            LookupKey::EventName => LookupAttributeKey::EventName,
            LookupKey::ResourceType => LookupAttributeKey::ResourceType,
            LookupKey::EventSource => LookupAttributeKey::EventSource,
            LookupKey::ReadOnly => LookupAttributeKey::ReadOnly,
        }
    }
}

/// Filters on events; every set field must match.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// The user name the history shows (`root`, an IAM user, a role session), or an ARN.
    pub user: Option<String>,
    pub event_name: Option<String>,
    /// `iam.amazonaws.com`, or just `iam`.
    pub event_source: Option<String>,
    pub resource_name: Option<String>,
    pub resource_type: Option<String>,
    pub access_key: Option<String>,
    pub read_only: Option<bool>,
    /// Only the root user's activity.
    pub root: bool,
    /// Only console sign-ins.
    pub console_logins: bool,
    /// Only failed calls (an error code, or a failed sign-in).
    pub errors: bool,
    /// Only the events of this CIS v7.0 monitoring control (`5.4`), matched with the
    /// control's own EventBridge pattern.
    pub control: Option<&'static AlertControl>,
}

/// The sign-in event's name.
pub const CONSOLE_LOGIN: &str = "ConsoleLogin";

impl EventFilter {
    /// The event source asked for, in full (`iam` is `iam.amazonaws.com`).
    pub fn source(&self) -> Option<String> {
        self.event_source.as_ref().map(|s| {
            if s.contains('.') {
                s.clone()
            } else {
                format!("{s}.amazonaws.com")
            }
        })
    }

    fn user_name(&self) -> Option<String> {
        self.user
            .clone()
            .or_else(|| self.root.then(|| "root".to_owned()))
    }

    /// The event name asked for (`ConsoleLogin` for `--console-logins`).
    pub fn name(&self) -> Option<String> {
        self.event_name
            .clone()
            .or_else(|| self.console_logins.then(|| CONSOLE_LOGIN.to_owned()))
    }

    /// The attribute to send to CloudTrail: the most selective one set (an access key names
    /// fewest events, read-only splits them roughly in two), `None` when no filter maps to one.
    pub fn lookup(&self) -> Option<(LookupKey, String)> {
        let user = self.user_name().filter(|u| !u.starts_with("arn:"));
        [
            (LookupKey::AccessKeyId, self.access_key.clone()),
            (LookupKey::ResourceName, self.resource_name.clone()),
            (LookupKey::Username, user),
            (LookupKey::EventName, self.name()),
            (LookupKey::ResourceType, self.resource_type.clone()),
            (
                LookupKey::EventSource,
                self.source()
                    .or_else(|| self.control.and_then(AlertControl::single_source)),
            ),
            (LookupKey::ReadOnly, self.read_only.map(|b| b.to_string())),
        ]
        .into_iter()
        .find_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| (k, v)))
    }

    /// True when `e` passes every filter (the lookup attribute included, so a record is judged
    /// on its own whatever CloudTrail matched it on).
    pub fn matches(&self, e: &Event) -> bool {
        let eq = |want: &Option<String>, got: Option<&str>| {
            want.as_deref().is_none_or(|w| got == Some(w))
        };
        let user_ok = self.user.as_deref().is_none_or(|u| {
            e.username.as_deref() == Some(u)
                || e.record
                    .pointer("/userIdentity/arn")
                    .and_then(|v| v.as_str())
                    == Some(u)
        });
        let resource = |want: &Option<String>,
                        pick: fn(&super::record::Resource) -> Option<&str>| {
            want.as_deref()
                .is_none_or(|w| e.resources.iter().any(|r| pick(r) == Some(w)))
        };
        // A resource named by its name matches the ARN a log record lists for it.
        let named = self.resource_name.as_deref().is_none_or(|w| {
            e.resources.iter().any(|r| {
                r.name.as_deref().is_some_and(|n| {
                    n == w
                        || (n.starts_with("arn:")
                            && n.strip_suffix(w)
                                .is_some_and(|rest| rest.ends_with(['/', ':'])))
                })
            })
        });
        user_ok
            && named
            && eq(&self.name(), e.event_name.as_deref())
            && eq(&self.source(), e.event_source.as_deref())
            && eq(&self.access_key, e.access_key_id.as_deref())
            && resource(&self.resource_type, |r| r.kind.as_deref())
            && self.read_only.is_none_or(|b| e.read_only == Some(b))
            && (!self.root || e.is_root())
            && (!self.errors || e.error().is_some())
            && self
                .control
                .is_none_or(|c| c.matches_record(&e.record, &e.region))
    }
}

#[cfg(test)]
mod tests;
