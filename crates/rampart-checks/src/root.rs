//! What the account says about the root user's MFA, shared by the two root MFA checks.

use rampart_model::Observed;

use crate::facts::Gap;
use crate::Context;

/// Whether root has MFA, and which fact said so.
pub struct RootMfa {
    pub enabled: bool,
    /// `account_summary.AccountMFAEnabled` or `credential_report.mfa_active`.
    pub source: &'static str,
}

/// The live `AccountMFAEnabled` flag when it was read, else the credential report's root row.
pub fn root_mfa<'a>(cx: &Context<'a>) -> Result<RootMfa, Gap<'a>> {
    let summary = &cx.snapshot.iam.account_summary;
    if let Observed::Known(map) = summary {
        if let Some(v) = map.get("AccountMFAEnabled") {
            return Ok(RootMfa {
                enabled: *v > 0,
                source: "account_summary.AccountMFAEnabled",
            });
        }
    }
    match cx.credential_report() {
        Ok(report) => match report.root() {
            Some(row) => Ok(RootMfa { enabled: row.mfa_active, source: "credential_report.mfa_active" }),
            None => match summary {
                Observed::Unavailable(u) => Err(Gap::Fact(u)),
                Observed::Known(_) => Err(Gap::Absent(
                    "neither the account summary nor the credential report says whether root has MFA".into(),
                )),
            },
        },
        Err(u) => match summary {
            Observed::Unavailable(s) => Err(Gap::Fact(s)),
            Observed::Known(_) => Err(Gap::Fact(u)),
        },
    }
}
