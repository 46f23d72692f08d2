//! `rampart mfa status` as text: root's MFA, each user with a password or keys and their
//! devices, then who still lacks MFA.

use rampart_aws::mfa::{DeviceKind, MfaStatus, RootMfa, UserMfa};

pub fn text(status: &MfaStatus) -> String {
    let mut out = format!("Account {}\n\n", status.account_id);
    let root = match &status.root {
        RootMfa::None => "no MFA (see `rampart mfa enroll --root`)".to_owned(),
        RootMfa::Virtual { serial_number } => {
            format!("virtual device {serial_number} (a hardware key is stronger)")
        }
        RootMfa::Hardware => "hardware token or security key".to_owned(),
        RootMfa::Unknown { reason } => format!("unknown: {reason}"),
    };
    out.push_str(&format!("Root user: {root}\n\n"));
    if status.users.is_empty() {
        out.push_str("No IAM user has a console password or an access key.\n");
        return out;
    }
    let name_width = status
        .users
        .iter()
        .map(|u| u.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    out.push_str(&format!(
        "{:<name_width$}  {:<8}  {:<4}  MFA devices\n",
        "User", "Password", "Keys"
    ));
    for user in &status.users {
        out.push_str(&format!(
            "{:<name_width$}  {:<8}  {:<4}  {}\n",
            user.name,
            if user.console_password { "yes" } else { "no" },
            user.active_access_keys,
            devices(user)
        ));
    }
    let missing: Vec<String> = status.missing().map(describe_missing).collect();
    out.push('\n');
    if missing.is_empty() {
        out.push_str("Every user listed has MFA.\n");
    } else {
        out.push_str(&format!("Without MFA: {}\n", missing.join(", ")));
        out.push_str("Enrol with `rampart mfa enroll --user NAME`.\n");
    }
    out
}

fn devices(user: &UserMfa) -> String {
    if let Some(e) = &user.devices_error {
        return format!("could not list them: {e}");
    }
    if user.devices.is_empty() {
        return if user.mfa_active {
            "MFA on (devices not listed)"
        } else {
            "none"
        }
        .to_owned();
    }
    user.devices
        .iter()
        .map(|d| format!("{} ({})", d.serial_number, kind(d.kind)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind(k: DeviceKind) -> &'static str {
    match k {
        DeviceKind::Virtual => "virtual",
        DeviceKind::Hardware => "hardware",
        DeviceKind::SecurityKey => "security key",
    }
}

fn describe_missing(user: &UserMfa) -> String {
    if user.console_password {
        user.name.clone()
    } else {
        format!("{} (access keys only)", user.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_aws::mfa::Device;

    fn user(name: &str, password: bool, devices: Vec<Device>) -> UserMfa {
        UserMfa {
            name: name.into(),
            arn: format!("arn:aws:iam::111122223333:user/{name}"),
            console_password: password,
            active_access_keys: usize::from(!password),
            mfa_active: !devices.is_empty(),
            devices,
            devices_error: None,
        }
    }

    #[test]
    fn lists_devices_and_who_is_missing() {
        let status = MfaStatus {
            account_id: "111122223333".into(),
            root: RootMfa::None,
            users: vec![
                user(
                    "alice",
                    true,
                    vec![Device {
                        serial_number: "GAHT1".into(),
                        kind: DeviceKind::Hardware,
                        enable_date: None,
                    }],
                ),
                user("bob", true, vec![]),
                user("ci", false, vec![]),
            ],
        };
        let text = text(&status);
        assert!(text.contains("Root user: no MFA"), "{text}");
        assert!(
            text.contains("alice  yes       0     GAHT1 (hardware)\n"),
            "{text}"
        );
        assert!(
            text.contains("Without MFA: bob, ci (access keys only)\n"),
            "{text}"
        );
    }
}
