//! The console steps for what the API cannot do: MFA for the root user, and FIDO security keys
//! (passkeys), which only a browser can register.
//!
//! The names of console buttons and choices stand out: bold on a colour terminal, in quotes
//! otherwise (never Markdown, which a terminal shows as literal asterisks).

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

/// A console label (a button, a choice) as the terminal shows it: bold with `color`, else in
/// quotes.
fn label(text: &str, color: bool) -> String {
    match color {
        true => format!("\x1b[1m{text}\x1b[0m"),
        false => format!("\"{text}\""),
    }
}

/// Steps to give the root user MFA; `security_key` narrows the choice to a FIDO key.
pub fn root_steps(security_key: bool, color: bool) -> String {
    let l = |text: &str| label(text, color);
    let kind = if security_key {
        format!(
            "choose {}, name it, choose Next, then insert the key and touch it when the \
             browser asks",
            l("Passkey or security key")
        )
    } else {
        format!(
            "choose {} (strongest; see RMP202) or {} (type the serial number and two \
             consecutive codes); {} works too, but a phone app is the weakest choice for root",
            l("Passkey or security key"),
            l("Hardware TOTP token"),
            l("Authenticator app")
        )
    };
    numbered(&[
        "AWS offers no API for the root user's MFA; it is set up in the console.".to_owned(),
        format!(
            "Sign in at {ROOT_SIGN_IN_URL}, choose {} and use the account's email address and \
             password.",
            l("Root user")
        ),
        format!("Open {SECURITY_CREDENTIALS_URL}"),
        format!(
            "Under {} choose {}.",
            l("Multi-factor authentication (MFA)"),
            l("Assign MFA device")
        ),
        format!("Give the device a name, {kind}."),
        "Sign out and back in once, to see the MFA prompt work.".to_owned(),
        "Check with `rampart mfa status` (or `rampart audit --select RMP201,RMP202`).".to_owned(),
    ])
}

/// Steps to register a FIDO security key for IAM user `user`.
pub fn security_key_steps(user: &str, account: Option<&str>, color: bool) -> String {
    let l = |text: &str| label(text, color);
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
        format!(
            "Under {} choose {}.",
            l("Multi-factor authentication (MFA)"),
            l("Assign MFA device")
        ),
        format!(
            "Name the device, choose {}, choose Next, insert the key and touch it when the \
             browser asks.",
            l("Passkey or security key")
        ),
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
        let text = root_steps(false, false);
        assert!(
            text.contains(
                " 2. Open https://console.aws.amazon.com/iam/home#/security_credentials\n"
            ),
            "{text}"
        );
        assert!(text.contains("Root user"));
        assert!(root_steps(true, false).contains("touch it"));
    }

    #[test]
    fn labels_are_quoted_or_bold_never_markdown() {
        let all = [
            root_steps(false, false),
            root_steps(true, false),
            security_key_steps("alice", Some("acme"), false),
        ];
        for text in &all {
            assert!(!text.contains("**") && !text.contains('\x1b'), "{text}");
        }
        assert!(
            all[0].contains("choose \"Root user\" and use"),
            "{}",
            all[0]
        );
        assert!(
            all[2].contains("choose \"Passkey or security key\""),
            "{}",
            all[2]
        );
        let bold = root_steps(false, true);
        assert!(!bold.contains("**") && !bold.contains('"'), "{bold}");
        assert!(
            bold.contains("choose \x1b[1mRoot user\x1b[0m and use"),
            "{bold}"
        );
    }

    #[test]
    fn security_key_steps_name_the_users_pages() {
        let text = security_key_steps("alice", Some("acme"), false);
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
