//! The console steps for what the API cannot do: MFA for the root user, and FIDO security keys
//! (passkeys), which only a browser can register.

/// The root user's own security credentials page.
pub const SECURITY_CREDENTIALS_URL: &str =
    "https://console.aws.amazon.com/iam/home#/security_credentials";
/// Where the root user signs in.
pub const ROOT_SIGN_IN_URL: &str = "https://console.aws.amazon.com/";

/// The console page where an administrator manages `user`'s credentials.
pub fn user_page(user: &str) -> String {
    format!("https://console.aws.amazon.com/iam/home#/users/details/{user}?section=security_credentials")
}

/// The sign-in page for IAM users of the account (`account` is its id or alias).
pub fn user_sign_in(account: &str) -> String {
    format!("https://{account}.signin.aws.amazon.com/console")
}

/// Steps to give the root user MFA; `security_key` narrows the choice to a FIDO key.
pub fn root_steps(security_key: bool) -> String {
    let kind = if security_key {
        "choose **Passkey or security key**, name it, choose Next, then insert the key and \
         touch it when the browser asks"
    } else {
        "choose **Passkey or security key** (strongest; see RMP202) or **Hardware TOTP token** \
         (type the serial number and two consecutive codes); **Authenticator app** works too, \
         but a phone app is the weakest choice for root"
    };
    numbered(&[
        "AWS offers no API for the root user's MFA; it is set up in the console.".to_owned(),
        format!("Sign in at {ROOT_SIGN_IN_URL}, choose **Root user** and use the account's email address and password."),
        format!("Open {SECURITY_CREDENTIALS_URL}"),
        "Under **Multi-factor authentication (MFA)** choose **Assign MFA device**.".to_owned(),
        format!("Give the device a name, {kind}."),
        "Sign out and back in once, to see the MFA prompt work.".to_owned(),
        "Check with `rampart mfa status` (or `rampart audit --select RMP201,RMP202`).".to_owned(),
    ])
}

/// Steps to register a FIDO security key for IAM user `user`.
pub fn security_key_steps(user: &str, account: Option<&str>) -> String {
    let sign_in = match account {
        Some(a) => format!(
            "Sign in as `{user}` at {}, or as an administrator with the key at hand.",
            user_sign_in(a)
        ),
        None => format!("Sign in as `{user}`, or as an administrator with the key at hand."),
    };
    numbered(&[
        "Security keys are registered by the browser; the API cannot do it.".to_owned(),
        sign_in,
        format!(
            "As `{user}`, open {SECURITY_CREDENTIALS_URL}; as an administrator, open {}",
            user_page(user)
        ),
        "Under **Multi-factor authentication (MFA)** choose **Assign MFA device**.".to_owned(),
        "Name the device, choose **Passkey or security key**, choose Next, insert the key and \
         touch it when the browser asks."
            .to_owned(),
        "Check with `rampart mfa status`.".to_owned(),
    ])
}

/// The first line as a heading, the rest numbered.
fn numbered(lines: &[String]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        match i {
            0 => out.push_str(&format!("{line}\n\n")),
            n => out.push_str(&format!("{n:>2}. {line}\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_steps_name_the_exact_pages() {
        let text = root_steps(false);
        assert!(
            text.contains(
                " 2. Open https://console.aws.amazon.com/iam/home#/security_credentials\n"
            ),
            "{text}"
        );
        assert!(text.contains("Root user"));
        assert!(root_steps(true).contains("touch it"));
    }

    #[test]
    fn security_key_steps_name_the_users_pages() {
        let text = security_key_steps("alice", Some("acme"));
        assert!(
            text.contains("https://acme.signin.aws.amazon.com/console"),
            "{text}"
        );
        assert!(
            text.contains("#/users/details/alice?section=security_credentials"),
            "{text}"
        );
    }
}
