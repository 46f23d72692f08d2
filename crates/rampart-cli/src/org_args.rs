//! The options of `rampart audit --org` and `rampart snapshot --org`: which accounts of the
//! organization, and how to reach them.

use clap::Args;
use rampart_aws::organization::{DEFAULT_CONCURRENCY, DEFAULT_ROLE_NAME, MAX_CONCURRENCY};

#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Organization options")]
pub struct OrgArgs {
    /// Audit every ACTIVE account of the caller's AWS Organization (run it from the management
    /// account or a delegated administrator); the caller's own account with its credentials,
    /// every other through --role-name
    #[arg(long)]
    pub org: bool,
    /// Only these accounts of the organization (12-digit ids; comma lists ok)
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "org", value_parser = parse_account_id)]
    pub accounts: Vec<String>,
    /// Only the accounts under this organizational unit, at any depth (ou-…; repeatable)
    #[arg(long = "ou", value_name = "OU", requires = "org", value_parser = parse_ou)]
    pub ous: Vec<String>,
    /// The role assumed in each member account (AWSControlTowerExecution under Control Tower)
    #[arg(long, value_name = "NAME", default_value = DEFAULT_ROLE_NAME, requires = "org")]
    pub role_name: String,
    /// The external id the member role's trust policy requires
    #[arg(long, value_name = "ID", requires = "org")]
    pub external_id: Option<String>,
    /// Accounts audited at once, 1 to 64
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY, requires = "org", value_parser = parse_concurrency)]
    pub concurrency: usize,
}

impl OrgArgs {
    pub fn options(&self) -> rampart_aws::OrgOptions {
        rampart_aws::OrgOptions {
            accounts: self.accounts.clone(),
            ous: self.ous.clone(),
            role_name: self.role_name.clone(),
            external_id: self.external_id.clone(),
            concurrency: self.concurrency,
            ..rampart_aws::OrgOptions::default()
        }
    }
}

/// A 12-digit account id.
pub fn parse_account_id(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_owned())
    } else {
        Err(format!("`{s}` is not an AWS account id (12 digits)"))
    }
}

/// An organizational unit id, `ou-` then the root's and the unit's own letters and digits, or a
/// root id (`r-…`), which selects the whole organization.
fn parse_ou(s: &str) -> Result<String, String> {
    let s = s.trim();
    let valid = |rest: &str| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match (s.strip_prefix("ou-"), s.strip_prefix("r-")) {
        (Some(rest), _) | (_, Some(rest)) if valid(rest) => Ok(s.to_owned()),
        _ => Err(format!(
            "`{s}` is not an organizational unit id (ou-…) or a root id (r-…)"
        )),
    }
}

fn parse_concurrency(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_CONCURRENCY).contains(&n) => Ok(n),
        _ => Err(format!("`{s}`: give a number from 1 to {MAX_CONCURRENCY}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_and_ous_are_checked() {
        assert_eq!(parse_account_id("123456789012"), Ok("123456789012".into()));
        assert!(parse_account_id("12345678901").is_err());
        assert!(parse_account_id("12345678901x").is_err());
        assert_eq!(parse_ou("ou-ab12-cd34ef56"), Ok("ou-ab12-cd34ef56".into()));
        assert_eq!(parse_ou("r-ab12"), Ok("r-ab12".into()));
        assert!(parse_ou("prod").is_err());
        assert!(parse_ou("ou-").is_err());
        assert_eq!(parse_concurrency("8"), Ok(8));
        assert!(parse_concurrency("0").is_err());
        assert!(parse_concurrency("65").is_err());
    }
}
