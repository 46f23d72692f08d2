//! `rampart init`: write a commented `rampart.toml` with every key at its default, so the
//! baseline's choices are visible and easy to change. An existing file is never overwritten
//! unless `--force` is given.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::Args;

use crate::cli::Global;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write [default: ./rampart.toml]
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

/// The file `init` writes: every key, at its default.
pub const TEMPLATE: &str = r#"# rampart.toml — this account's intent, for `rampart audit`, `plan` and `apply`.
# Every key is optional; the values shown are the defaults. Unknown keys and bad values are
# errors that name the key, so a typo never falls back to a default silently.

[audit]
# Exit 1 when a check of this severity or above fails (info, low, medium, high, critical).
fail_on = "high"
# Checks never to run here (ids, slugs or id prefixes).
ignore = []

[admin]
# The administrators' group: AdministratorAccess plus the MFA-enforcing policy below.
group = "Admins"
# Users to have in it, each with a console password shown once and reset at first sign-in.
# Unset: one user, `admin`, only when the group has no user with a console password yet.
# users = ["admin"]
# The customer managed policy that denies everything but MFA set-up until MFA is used.
mfa_policy = "EnforceMFA"

[password_policy]
# CIS 1.7 and 1.8: at least 14 characters, the last 24 passwords cannot be reused.
minimum_length = 14
reuse_prevention = 24
require_uppercase = true
require_lowercase = true
require_numbers = true
require_symbols = true
allow_users_to_change = true

[trail]
name = "management-events"
# One trail for every Region (the only supported value).
regions = "all"
# Default: rampart-cloudtrail-<account id>-<region>; bucket names are global, so it is unique.
# bucket = "my-trail-bucket"
# Encrypt the logs with a KMS key (CIS 3.5). true: rampart creates one, alias/rampart-cloudtrail,
# with CloudTrail's documented key policy (about 1 USD a month). Off: S3-managed encryption.
kms = false
# Or use a key of your own, whose policy lets CloudTrail encrypt (this wins over `kms`).
# kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/..."
# Server access logging for trail buckets (CIS 3.4), into a private bucket in the same Region.
access_logging = true
# Default: rampart-access-logs-<account id>-<region>.
# access_log_bucket = "my-access-logs"

[alerts]
# Who hears about root sign-ins and root API calls. Each address must confirm a subscription
# e-mail before alerts reach it.
emails = []
topic = "root-activity"
rule = "root-activity"

[billing]
# "data-export" (CUR 2.0, AWS's current recommendation) or "legacy-cur".
kind = "data-export"
name = "cost-and-usage"
# "hourly" or "daily".
granularity = "hourly"
# Default: rampart-billing-<account id>-<region>.
# bucket = "my-billing-bucket"
"#;

pub fn init(global: &Global, args: &InitArgs) -> anyhow::Result<ExitCode> {
    let path = args
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::config::DEFAULT_FILE));
    if path.exists() && !args.force {
        return Err(anyhow!(
            "{} exists; pass --force to replace it",
            path.display()
        ));
    }
    std::fs::write(&path, TEMPLATE).with_context(|| format!("cannot write {}", path.display()))?;
    if !global.quiet {
        eprintln!("wrote {}; edit it, then run `rampart plan`", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_gives_the_defaults() {
        let s = crate::config::parse("rampart.toml", TEMPLATE).expect("the template is valid");
        assert_eq!(s.baseline, rampart_plan::Baseline::default());
    }

    #[test]
    fn bad_baseline_values_name_the_key() {
        let err = |t: &str| {
            crate::config::parse("rampart.toml", t)
                .expect_err("invalid")
                .to_string()
        };
        assert_eq!(
            err("[password_policy]\nminimum_length = 8\n"),
            "rampart.toml: password_policy.minimum_length: must be between 14 and 128, got 8"
        );
        assert!(
            err("[billing]\nkind = \"cur\"\n").starts_with("rampart.toml: billing.kind: expected")
        );
        assert!(err("[trail]\nbucket = \"Bad_Name\"\n")
            .contains("trail.bucket: not a valid S3 bucket name: \"Bad_Name\""));
        assert!(err("[alerts]\nemails = [\"nobody\"]\n")
            .contains("alerts.emails: not an e-mail address: \"nobody\""));
        assert!(err("[trail]\nregions = \"us-east-1\"\n").contains("trail.regions: only \"all\""));
        assert!(err("[billing]\ngranularity = \"monthly\"\n").contains("billing.granularity"));
        assert!(err("[admin]\nusers = [\"a b\"]\n").contains("admin.users: not a valid IAM name"));
        assert!(
            err("[trail]\nnmae = \"x\"\n").starts_with("rampart.toml:2: trail.nmae: unknown field")
        );
    }
}
