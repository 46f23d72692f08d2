//! Checking a named AWS profile before connecting with it.
//!
//! The SDK's credential chain treats a profile that does not exist like one that has no
//! credentials and goes on to the next source, so a typo in `--profile` ends as "failed to load
//! IMDS session token". This reads the same files the SDK reads (`~/.aws/config` and
//! `~/.aws/credentials`, or `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`) and says what
//! is wrong in the words of the files: no such profile (and which ones exist), or a profile
//! with nothing to sign in with.

use aws_config::profile::ProfileFileLoadError;
use aws_types::os_shim_internal::{Env, Fs};

/// Keys that give a profile a way to get credentials: each starts one of the SDK's profile
/// providers (keys, an assumed role, SSO, `aws login`, a process, web identity).
const CREDENTIAL_KEYS: &[&str] = &[
    "aws_access_key_id",
    "role_arn",
    "sso_session",
    "sso_start_url",
    "login_session",
    "credential_process",
    "web_identity_token_file",
];

/// Environment variables that give credentials whatever the profile says.
const CREDENTIAL_ENV: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

/// A profile that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("{}", missing(name, known, files))]
    Missing {
        name: String,
        /// The profiles that do exist.
        known: Vec<String>,
        /// The files read, as the message names them.
        files: String,
    },
    #[error("the AWS profile `{name}` has no credentials: give it access keys (`aws configure --profile {name}`), a role (`role_arn`), SSO (`aws configure sso --profile {name}`) or a `credential_process`")]
    NoCredentials { name: String },
    #[error("cannot read the AWS config files")]
    Unreadable(#[source] ProfileFileLoadError),
}

/// "does not exist (profiles in …: `a`, `b`); did you mean `a`?"
fn missing(name: &str, known: &[String], files: &str) -> String {
    if known.is_empty() {
        return format!(
            "the AWS profile `{name}` does not exist: {files} define no profile \
             (`aws configure --profile {name}` makes one)"
        );
    }
    let names: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    format!(
        "the AWS profile `{name}` does not exist (profiles in {files}: {}){}",
        names.join(", "),
        rampart_model::similar::did_you_mean(name, known.iter().map(String::as_str))
    )
}

/// Checks that profile `name` exists and can give credentials, reading the files the SDK
/// reads from the real file system and environment.
pub async fn check_profile(name: &str) -> Result<(), ProfileError> {
    check_profile_in(name, &Fs::real(), &Env::real()).await
}

/// [`check_profile`] against a given file system and environment.
pub async fn check_profile_in(name: &str, fs: &Fs, env: &Env) -> Result<(), ProfileError> {
    let set = aws_config::profile::load(fs, env, &Default::default(), None)
        .await
        .map_err(ProfileError::Unreadable)?;
    let Some(profile) = set.get_profile(name) else {
        let mut known: Vec<String> = set.profiles().map(str::to_owned).collect();
        known.sort();
        return Err(ProfileError::Missing {
            name: name.to_owned(),
            known,
            files: files_read(env),
        });
    };
    let has_source = CREDENTIAL_KEYS.iter().any(|k| profile.get(k).is_some());
    let env_gives_credentials = CREDENTIAL_ENV.iter().any(|v| env.get(v).is_ok());
    if !has_source && !env_gives_credentials {
        return Err(ProfileError::NoCredentials {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// "~/.aws/config and ~/.aws/credentials", with the environment's overrides.
fn files_read(env: &Env) -> String {
    let config = env
        .get("AWS_CONFIG_FILE")
        .unwrap_or_else(|_| "~/.aws/config".to_owned());
    let credentials = env
        .get("AWS_SHARED_CREDENTIALS_FILE")
        .unwrap_or_else(|_| "~/.aws/credentials".to_owned());
    format!("{config} and {credentials}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "[default]\nregion = eu-west-1\n\n[profile fresh]\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = default\n\n[profile bare]\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n";
    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n\n[keys-only]\naws_access_key_id = AKIAEXAMPLE2\naws_secret_access_key = secret\n";

    async fn refused(name: &str, fs: &Fs, env: &Env) -> ProfileError {
        check_profile_in(name, fs, env)
            .await
            .expect_err("the profile is refused")
    }

    /// The environment naming the test files, plus `extra`.
    fn env_with(extra: &[(&str, &str)]) -> Env {
        let mut vars = vec![
            ("AWS_CONFIG_FILE", "/cfg/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/cfg/credentials"),
            ("HOME", "/home/nobody"),
        ];
        vars.extend_from_slice(extra);
        Env::from_slice(&vars)
    }

    fn files() -> (Fs, Env) {
        let fs = Fs::from_slice(&[("/cfg/config", CONFIG), ("/cfg/credentials", CREDENTIALS)]);
        (fs, env_with(&[]))
    }

    #[tokio::test]
    async fn profiles_of_either_file_with_a_credential_source_pass() {
        let (fs, env) = files();
        for name in ["default", "fresh", "keys-only"] {
            check_profile_in(name, &fs, &env)
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[tokio::test]
    async fn a_missing_profile_lists_both_files_profiles_and_suggests_the_near_one() {
        let (fs, env) = files();
        let e = refused("fresj", &fs, &env).await;
        assert_eq!(
            e.to_string(),
            "the AWS profile `fresj` does not exist (profiles in /cfg/config and /cfg/credentials: \
             `bare`, `default`, `fresh`, `keys-only`); did you mean `fresh`?"
        );
        let e = refused("corp", &fs, &env).await;
        assert!(
            matches!(&e, ProfileError::Missing { known, .. } if !known.contains(&"corp".to_owned())),
            "{e}"
        );
    }

    #[tokio::test]
    async fn no_files_at_all_say_no_profile_is_configured() {
        let env = Env::from_slice(&[("HOME", "/home/nobody")]);
        let e = refused("work", &Fs::from_slice(&[]), &env).await;
        assert_eq!(
            e.to_string(),
            "the AWS profile `work` does not exist: ~/.aws/config and ~/.aws/credentials define \
             no profile (`aws configure --profile work` makes one)"
        );
    }

    #[tokio::test]
    async fn a_profile_with_nothing_to_sign_in_with_has_its_own_message() {
        let (fs, env) = files();
        let e = refused("bare", &fs, &env).await;
        assert!(matches!(e, ProfileError::NoCredentials { .. }), "{e}");
        assert!(e
            .to_string()
            .starts_with("the AWS profile `bare` has no credentials"));
        // Access keys in the environment win over the profile's (missing) ones.
        let env = env_with(&[("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")]);
        check_profile_in("bare", &fs, &env)
            .await
            .expect("the environment gives credentials");
    }
}
