//! Console passwords for new admin users: drawn from the operating system's random source,
//! long enough for the policy and with every character class, and never printed by `Debug`.

use rampart_model::iam::PasswordPolicy;

const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const DIGITS: &[u8] = b"23456789";
const SYMBOLS: &[u8] = b"!@#$%^&*()_+-=[]{}|";

/// A user's one-time password. Its `Debug` hides the password; only [`Self::reveal`] shows it.
pub struct GeneratedPassword {
    pub user: String,
    /// Overwritten in memory when dropped.
    password: zeroize::Zeroizing<String>,
}

impl std::fmt::Debug for GeneratedPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratedPassword")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl GeneratedPassword {
    /// The password, for the one-time display.
    pub fn reveal(&self) -> &str {
        &self.password
    }

    /// The password, to hand on as soon as it is set.
    pub fn secret(&self) -> Secret {
        Secret(self.password.clone())
    }
}

/// A password handed on in an event: overwritten when dropped, hidden by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(zeroize::Zeroizing<String>);

impl Secret {
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// A random password for `user` that satisfies `policy` (and is at least 20 characters).
pub(crate) fn generate(
    user: &str,
    policy: Option<&PasswordPolicy>,
) -> Result<GeneratedPassword, getrandom::Error> {
    let len = policy
        .map_or(20, |p| p.minimum_password_length as usize)
        .clamp(20, 128);
    let all: Vec<u8> = [UPPER, LOWER, DIGITS, SYMBOLS].concat();
    loop {
        let mut bytes = vec![0u8; len * 2];
        getrandom::fill(&mut bytes)?;
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % all.len();
        let chars: Vec<u8> = bytes
            .iter()
            .filter(|b| usize::from(**b) < limit)
            .map(|b| all[usize::from(*b) % all.len()])
            .take(len)
            .collect();
        let has = |set: &[u8]| chars.iter().any(|c| set.contains(c));
        if chars.len() == len && has(UPPER) && has(LOWER) && has(DIGITS) && has(SYMBOLS) {
            let password = String::from_utf8_lossy(&chars).into_owned();
            return Ok(GeneratedPassword {
                user: user.to_owned(),
                password: password.into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_meet_the_policy_and_differ() {
        let mut policy = rampart_model::iam::PasswordPolicy {
            minimum_password_length: 32,
            ..rampart_plan::default_password_policy()
        };
        let a = generate("admin", Some(&policy)).expect("random");
        assert_eq!(a.reveal().len(), 32);
        for set in [UPPER, LOWER, DIGITS, SYMBOLS] {
            assert!(a.reveal().bytes().any(|c| set.contains(&c)));
        }
        policy.minimum_password_length = 8;
        let b = generate("admin", Some(&policy)).expect("random");
        assert_eq!(b.reveal().len(), 20);
        assert_ne!(a.reveal(), b.reveal());
        assert!(!format!("{b:?}").contains(b.reveal()));
    }
}
