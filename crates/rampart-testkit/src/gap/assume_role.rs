//! `sts:AssumeRole` across accounts: an account that cannot be reached, and learning the
//! credentials moto hands out.
//!
//! moto lacks this: moto never evaluates a role's trust policy, so every `AssumeRole` succeeds.
//! With [`super::state::Fault::AssumeRoleDenied`] on the caller, the endpoint refuses the
//! request into the chosen account with AWS's `AccessDenied`, for the "member account whose role
//! cannot be assumed" case. moto answers every other `AssumeRole`; the endpoint then registers
//! the returned key for the role's account, so requests signed with it get the target account's
//! emulated state (its root user, faults and request log) rather than passing through untouched.

use hyper::StatusCode;

use super::errors::{error, Reply};
use super::request::{form_value, RequestInfo};
use super::state::GapState;

/// The account of `arn:aws:iam::<account>:role/...` in the request's `RoleArn`.
fn target_account(body: &[u8]) -> Option<String> {
    let form = std::str::from_utf8(body).ok()?;
    let arn = form_value(form, "RoleArn")?;
    arn.split(':').nth(4).map(str::to_owned)
}

/// The refusal of an `AssumeRole` a fault denies; `None` lets it through to moto.
pub(crate) fn refuse(
    state: &GapState,
    caller: &str,
    info: &RequestInfo,
    body: &[u8],
) -> Option<Reply> {
    let target = target_account(body)?;
    if !state.assume_role_denied(caller, &target) {
        return None;
    }
    let form = std::str::from_utf8(body).unwrap_or_default();
    let role = form_value(form, "RoleArn").unwrap_or_default();
    Some(error(
        info,
        StatusCode::FORBIDDEN,
        "AccessDenied",
        &format!(
            "User: arn:aws:iam::{caller}:user/test-caller is not authorized to perform: \
             sts:AssumeRole on resource: {role}"
        ),
    ))
}

fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let len = xml[start..].find(&format!("</{tag}>"))?;
    Some(xml[start..start + len].trim())
}

/// Registers the credentials of moto's successful `AssumeRole` answer for the role's account.
pub(crate) fn learn(state: &GapState, body: &[u8], answer: &[u8]) {
    let (Some(account), Ok(xml)) = (target_account(body), std::str::from_utf8(answer)) else {
        return;
    };
    let (Some(key), Some(secret)) = (element(xml, "AccessKeyId"), element(xml, "SecretAccessKey"))
    else {
        return;
    };
    state.register_key(key, secret, element(xml, "SessionToken"), &account);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_the_key_for_the_roles_account() {
        let state = GapState::default();
        let body = b"Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A222233334444%3Arole%2Fx";
        let answer = b"<AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId>\
            <SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken></Credentials>";
        learn(&state, body, answer);
        assert_eq!(state.account_of("ASIAX").as_deref(), Some("222233334444"));
    }
}
