//! Signing in as the root user, which moto cannot do: with [`AccountState::signed_in_as_root`]
//! set, the account's requests act as its root user for what only root can see or do —
//! `sts:GetCallerIdentity` names `arn:aws:iam::<account>:root`, and `iam:ListAccessKeys` and
//! `iam:DeleteAccessKey` without a `UserName` list and delete the root user's own access keys
//! (kept in [`super::state::RootState`]). Every other request still goes to moto.

use hyper::StatusCode;

use super::errors::{error, reply, Reply};
use super::request::{form_value, RequestInfo};
use super::state::AccountState;

/// The id the gap endpoint gives the root user's `n`th access key (1 or 2).
pub fn root_key_id(account: &str, n: u8) -> String {
    format!("AKIAROOT{account}{n:02}")
}

/// The numbers of the root keys that exist: the active count, skipping the deleted ones.
fn root_keys(state: &AccountState) -> impl Iterator<Item = u8> + '_ {
    let made = state.root.access_keys_active as usize + state.root_keys_deleted.len();
    (1..=u8::try_from(made).unwrap_or(u8::MAX)).filter(|k| !state.root_keys_deleted.contains(k))
}

/// Answers a root-only request, or `None` to let it through.
pub(crate) fn answer(
    state: &mut AccountState,
    account: &str,
    info: &RequestInfo,
    body: &[u8],
) -> Option<Reply> {
    if !state.signed_in_as_root {
        return None;
    }
    let form = std::str::from_utf8(body).unwrap_or_default();
    let for_a_user = form_value(form, "UserName").is_some();
    match (info.service.as_str(), info.operation.as_str()) {
        ("sts", "GetCallerIdentity") => Some(root_caller_identity(account)),
        ("iam", "ListAccessKeys") if !for_a_user => Some(list_root_keys(state, account)),
        ("iam", "DeleteAccessKey") if !for_a_user => {
            Some(delete_root_key(state, account, info, form))
        }
        _ => None,
    }
}

/// `GetCallerIdentity` as the root user of `account`.
pub(crate) fn root_caller_identity(account: &str) -> Reply {
    xml(
        "GetCallerIdentity",
        &format!(
            "<Arn>arn:aws:iam::{account}:root</Arn><UserId>{account}</UserId><Account>{account}</Account>"
        ),
    )
}

/// `ListAccessKeys` of the root user: its keys from [`super::state::RootState`].
pub(crate) fn list_root_keys(state: &AccountState, account: &str) -> Reply {
    let created = state
        .root
        .access_keys_created
        .unwrap_or(state.root.created)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let members: String = root_keys(state)
        .map(|n| {
            format!(
                "<member><AccessKeyId>{}</AccessKeyId><Status>Active</Status><CreateDate>{created}</CreateDate></member>",
                root_key_id(account, n)
            )
        })
        .collect();
    xml(
        "ListAccessKeys",
        &format!(
            "<AccessKeyMetadata>{members}</AccessKeyMetadata><IsTruncated>false</IsTruncated>"
        ),
    )
}

/// `DeleteAccessKey` of one root key (`AccessKeyId` in `form`).
pub(crate) fn delete_root_key(
    state: &mut AccountState,
    account: &str,
    info: &RequestInfo,
    form: &str,
) -> Reply {
    let id = form_value(form, "AccessKeyId").unwrap_or_default();
    let Some(n) = root_keys(state).find(|k| id == root_key_id(account, *k)) else {
        return error(
            info,
            StatusCode::NOT_FOUND,
            "NoSuchEntity",
            &format!("The Access Key with id {id} cannot be found."),
        );
    };
    state.root_keys_deleted.push(n);
    state.root.access_keys_active -= 1;
    xml("DeleteAccessKey", "")
}

/// A query-protocol answer of STS (`GetCallerIdentity`, `AssumeRoot`) or IAM.
pub(crate) fn xml(operation: &str, result: &str) -> Reply {
    let ns = if ["GetCallerIdentity", "AssumeRoot"].contains(&operation) {
        "https://sts.amazonaws.com/doc/2011-06-15/"
    } else {
        "https://iam.amazonaws.com/doc/2010-05-08/"
    };
    let result = if result.is_empty() {
        String::new()
    } else {
        format!("<{operation}Result>{result}</{operation}Result>")
    };
    reply(
        StatusCode::OK,
        "text/xml",
        format!(
            "<{operation}Response xmlns=\"{ns}\">{result}<ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></{operation}Response>"
        ),
    )
}
