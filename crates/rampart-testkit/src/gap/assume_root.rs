//! `sts:AssumeRoot`: a short root session in a member account, for one privileged task.
//!
//! moto lacks this: moto 5.2 has no `AssumeRoot`. The endpoint serves it as the STS API
//! reference describes: only the organization's management account may call it (IAM delegated
//! administrators are not modelled), only once centralized root access is on (trusted access for
//! IAM and the `RootSessions` feature, which is what allows privileged tasks), only for a member
//! of its organization, with one of the `root-task` policies and at most 900 seconds. The
//! credentials it returns are registered as a root session (see `gap::root_task`).

use std::hash::{BuildHasher, Hasher};

use chrono::{Duration, SecondsFormat, Utc};
use hyper::StatusCode;

use super::errors::{error, Reply};
use super::request::{form_value, RequestInfo};
use super::root_session::xml;
use super::root_task::RootTask;
use super::state::GapState;

/// The longest root session AWS grants, in seconds (also the default).
const MAX_SECONDS: i64 = 900;

pub(crate) fn assume_root(
    state: &GapState,
    caller: &str,
    info: &RequestInfo,
    body: &[u8],
) -> Reply {
    let form = std::str::from_utf8(body).unwrap_or_default();
    let target = form_value(form, "TargetPrincipal").unwrap_or_default();
    // The target may be an account id or the member's root ARN.
    let target = target
        .strip_prefix("arn:aws:iam::")
        .and_then(|t| t.strip_suffix(":root"))
        .unwrap_or(&target)
        .to_owned();
    let policy_arn = form_value(form, "TaskPolicyArn.arn").unwrap_or_default();
    let seconds = match form_value(form, "DurationSeconds").map(|s| s.parse::<i64>()) {
        None => MAX_SECONDS,
        Some(Ok(s)) if (0..=MAX_SECONDS).contains(&s) => s,
        Some(_) => {
            return invalid(
                info,
                "1 validation error detected: Value at 'durationSeconds' failed to satisfy \
                 constraint: Member must have value less than or equal to 900",
            )
        }
    };
    let Some(task) = RootTask::new(&policy_arn, Utc::now() + Duration::seconds(seconds)) else {
        return invalid(
            info,
            &format!("The TaskPolicyArn {policy_arn:?} is not a root task policy."),
        );
    };
    let refusal = state.with_org(caller, |org| match org {
        None => Some("the caller's account belongs to no organization"),
        Some(o) if o.management != caller => Some("the caller is not the management account"),
        Some(o) if o.iam_access.is_none() || !o.root_sessions => {
            Some("centralized root access (RootSessions) is not enabled for the organization")
        }
        Some(o) if !o.members.contains(&target) => {
            Some("the target principal is not a member account of the organization")
        }
        Some(_) => None,
    });
    if let Some(why) = refusal {
        return error(
            info,
            StatusCode::FORBIDDEN,
            "AccessDenied",
            &format!(
                "User: arn:aws:iam::{caller}:user/test-caller is not authorized to perform: \
                 sts:AssumeRoot on resource: arn:aws:iam::{target}:root ({why})"
            ),
        );
    }
    let key = format!("ASIA{}", random_chars(16));
    let secret = random_chars(40);
    let token = format!("RootSession{}", random_chars(64));
    let expires = task.expires.to_rfc3339_opts(SecondsFormat::Secs, true);
    state.register_root_session(&key, &secret, &token, &target, task);
    xml(
        "AssumeRoot",
        &format!(
            "<Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{secret}\
             </SecretAccessKey><SessionToken>{token}</SessionToken><Expiration>{expires}\
             </Expiration></Credentials>"
        ),
    )
}

fn invalid(info: &RequestInfo, message: &str) -> Reply {
    error(info, StatusCode::BAD_REQUEST, "ValidationError", message)
}

/// `n` random upper-case letters and digits.
fn random_chars(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(n);
    while out.len() < n {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(out.len());
        let mut bits = h.finish();
        for _ in 0..12 {
            if out.len() == n {
                break;
            }
            out.push(char::from(ALPHABET[(bits % 32) as usize]));
            bits /= 32;
        }
    }
    out
}
