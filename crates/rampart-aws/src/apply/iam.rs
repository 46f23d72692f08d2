//! IAM calls: the password policy, the MFA-enforcing managed policy, the admin group and the
//! admin users. Every step tolerates finding its work already done.

use aws_sdk_iam::Client;
use rampart_engines::policy::PolicyDocument;
use rampart_model::iam::PasswordPolicy;

use super::password::{generate, GeneratedPassword};
use super::CallError;

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

pub(crate) async fn password_policy(iam: &Client, p: &PasswordPolicy) -> Result<(), CallError> {
    iam.update_account_password_policy()
        .minimum_password_length(i32_of(p.minimum_password_length))
        .require_symbols(p.require_symbols)
        .require_numbers(p.require_numbers)
        .require_uppercase_characters(p.require_uppercase_characters)
        .require_lowercase_characters(p.require_lowercase_characters)
        .allow_users_to_change_password(p.allow_users_to_change_password)
        .set_max_password_age(p.max_password_age.filter(|a| *a > 0).map(i32_of))
        .set_password_reuse_prevention(p.password_reuse_prevention.map(i32_of))
        .hard_expiry(p.hard_expiry)
        .send()
        .await
        .map_err(|e| CallError::sdk("iam:UpdateAccountPasswordPolicy", &e))?;
    Ok(())
}

fn json(doc: &PolicyDocument) -> Result<String, CallError> {
    serde_json::to_string(doc).map_err(|e| CallError::other("iam:CreatePolicy", e.to_string()))
}

pub(crate) async fn managed_policy(
    iam: &Client,
    name: &str,
    arn: &str,
    doc: &PolicyDocument,
) -> Result<(), CallError> {
    let text = json(doc)?;
    let created = iam
        .create_policy()
        .policy_name(name)
        .description("Denies everything but MFA set-up until the user signs in with MFA")
        .policy_document(&text)
        .send()
        .await;
    match created {
        Ok(_) => Ok(()),
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_iam::operation::create_policy::CreatePolicyError::is_entity_already_exists_exception) =>
        {
            // The policy may be the one this very call created, its answer lost and the retry
            // refused: an identical default version is done work, not a new version.
            if default_document(iam, arn).await?.as_ref() == Some(doc) {
                return Ok(());
            }
            iam.create_policy_version()
                .policy_arn(arn)
                .policy_document(&text)
                .set_as_default(true)
                .send()
                .await
                .map_err(|e| CallError::sdk("iam:CreatePolicyVersion", &e))?;
            Ok(())
        }
        Err(e) => Err(CallError::sdk("iam:CreatePolicy", &e)),
    }
}

/// The document of the managed policy's default version, if it has one that parses.
async fn default_document(iam: &Client, arn: &str) -> Result<Option<PolicyDocument>, CallError> {
    let policy = iam
        .get_policy()
        .policy_arn(arn)
        .send()
        .await
        .map_err(|e| CallError::sdk("iam:GetPolicy", &e))?;
    let Some(version) = policy.policy().and_then(|p| p.default_version_id()) else {
        return Ok(None);
    };
    let answer = iam
        .get_policy_version()
        .policy_arn(arn)
        .version_id(version)
        .send()
        .await
        .map_err(|e| CallError::sdk("iam:GetPolicyVersion", &e))?;
    Ok(answer
        .policy_version()
        .and_then(|v| v.document())
        .and_then(|d| PolicyDocument::parse_url_encoded(d).ok()))
}

pub(crate) async fn group(
    iam: &Client,
    name: &str,
    policy_arns: &[String],
) -> Result<(), CallError> {
    match iam.create_group().group_name(name).send().await {
        Ok(_) => {}
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_iam::operation::create_group::CreateGroupError::is_entity_already_exists_exception) => {}
        Err(e) => return Err(CallError::sdk("iam:CreateGroup", &e)),
    }
    for arn in policy_arns {
        // Attaching an attached policy is a no-op in IAM.
        iam.attach_group_policy()
            .group_name(name)
            .policy_arn(arn)
            .send()
            .await
            .map_err(|e| CallError::sdk("iam:AttachGroupPolicy", &e))?;
    }
    Ok(())
}

/// Creates the role with `trust`, then attaches `policy_arns`. A role of that name that exists
/// already is the work done when its trust policy is `trust` (a rerun, a lost answer), and an
/// error otherwise: another role is never taken over.
pub(crate) async fn role(
    iam: &Client,
    name: &str,
    trust: &rampart_engines::policy::PolicyDocument,
    policy_arns: &[String],
) -> Result<(), CallError> {
    let document = serde_json::to_string(trust).map_err(|e| {
        CallError::other(
            "iam:CreateRole",
            format!("cannot write the trust policy: {e}"),
        )
    })?;
    match iam
        .create_role()
        .role_name(name)
        .assume_role_policy_document(&document)
        .description("AWS Support cases (created by rampart)")
        .send()
        .await
    {
        Ok(_) => {}
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_iam::operation::create_role::CreateRoleError::is_entity_already_exists_exception) =>
        {
            let got = iam
                .get_role()
                .role_name(name)
                .send()
                .await
                .map_err(|e| CallError::sdk("iam:GetRole", &e))?;
            let existing = got
                .role()
                .and_then(|r| r.assume_role_policy_document())
                .map(|d| {
                    percent_encoding::percent_decode_str(d)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .and_then(|d| rampart_engines::policy::PolicyDocument::parse(&d).ok());
            if existing.as_ref() != Some(trust) {
                return Err(CallError::other(
                    "iam:CreateRole",
                    format!("a role named `{name}` exists with another trust policy; rampart leaves it as it is"),
                ));
            }
        }
        Err(e) => return Err(CallError::sdk("iam:CreateRole", &e)),
    }
    for arn in policy_arns {
        iam.attach_role_policy()
            .role_name(name)
            .policy_arn(arn)
            .send()
            .await
            .map_err(|e| CallError::sdk("iam:AttachRolePolicy", &e))?;
    }
    Ok(())
}

/// Creates the user if needed, adds it to the group, and gives it a generated console password
/// that must be reset at first sign-in when it has none. Returns that password.
pub(crate) async fn user(
    iam: &Client,
    name: &str,
    group: &str,
    console: bool,
    policy: Option<&PasswordPolicy>,
) -> Result<Option<GeneratedPassword>, CallError> {
    match iam.create_user().user_name(name).send().await {
        Ok(_) => {}
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_iam::operation::create_user::CreateUserError::is_entity_already_exists_exception) => {}
        Err(e) => return Err(CallError::sdk("iam:CreateUser", &e)),
    }
    iam.add_user_to_group()
        .user_name(name)
        .group_name(group)
        .send()
        .await
        .map_err(|e| CallError::sdk("iam:AddUserToGroup", &e))?;
    if !console {
        return Ok(None);
    }
    match iam.get_login_profile().user_name(name).send().await {
        Ok(_) => return Ok(None),
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_iam::operation::get_login_profile::GetLoginProfileError::is_no_such_entity_exception) => {}
        Err(e) => return Err(CallError::sdk("iam:GetLoginProfile", &e)),
    }
    let pw = generate(name, policy).map_err(|e| {
        CallError::other("iam:CreateLoginProfile", format!("no random source: {e}"))
    })?;
    match iam
        .create_login_profile()
        .user_name(name)
        .password(pw.reveal())
        .password_reset_required(true)
        .send()
        .await
    {
        Ok(_) => Ok(Some(pw)),
        // IAM said a moment ago that the user had no password, so a profile that exists now is
        // almost surely this call's own, its answer lost and the retry refused. Its password is
        // one nobody has seen: set it again to the one generated here, which is then shown.
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_iam::operation::create_login_profile::CreateLoginProfileError::is_entity_already_exists_exception) =>
        {
            set_password_again(iam, name, &pw).await?;
            Ok(Some(pw))
        }
        // Any other failure may still have reached IAM (a timeout, a dropped connection, a 5xx
        // after the write): if the profile exists now, it is this call's, with a password
        // nobody has seen.
        Err(e) => {
            let exists = iam.get_login_profile().user_name(name).send().await.is_ok();
            if exists {
                set_password_again(iam, name, &pw).await?;
                return Ok(Some(pw));
            }
            // The SDK error never carries the request's parameters, so the password stays
            // out of it.
            Err(CallError::sdk("iam:CreateLoginProfile", &e))
        }
    }
}

/// Sets the console password to `pw` on a login profile that exists already.
async fn set_password_again(
    iam: &Client,
    name: &str,
    pw: &GeneratedPassword,
) -> Result<(), CallError> {
    iam.update_login_profile()
        .user_name(name)
        .password(pw.reveal())
        .password_reset_required(true)
        .send()
        .await
        .map_err(|e| CallError::sdk("iam:UpdateLoginProfile", &e))?;
    Ok(())
}
