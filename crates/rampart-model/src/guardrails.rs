//! Account-wide settings beyond the seed's four steps, read in every enabled Region.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::observed::{absent, Observed};
use crate::{Unavailable, UnavailableKind};

/// What the guardrail checks judge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuardrailFacts {
    /// The account's enabled Regions (`account:ListRegions`): every per-Region setting is
    /// read in each of them.
    #[serde(default = "absent")]
    pub regions: Observed<Vec<String>>,
    /// EBS encryption by default, per enabled Region (`ec2:GetEbsEncryptionByDefault`).
    #[serde(default)]
    pub ebs_encryption_by_default: BTreeMap<String, Observed<bool>>,
    /// IAM Access Analyzer analyzers of every type, per enabled Region
    /// (`access-analyzer:ListAnalyzers`).
    #[serde(default)]
    pub access_analyzers: BTreeMap<String, Observed<Vec<Analyzer>>>,
}

/// One IAM Access Analyzer analyzer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analyzer {
    pub name: String,
    /// The API's `type`: `ACCOUNT` or `ORGANIZATION` (external access), `…_UNUSED_ACCESS`,
    /// `…_INTERNAL_ACCESS`.
    pub kind: String,
    /// `ACTIVE`, `CREATING`, `DISABLED` or `FAILED`.
    pub status: String,
}

impl Analyzer {
    /// It reports access from outside its zone of trust (the account or the organization).
    /// Unused-access and internal-access analyzers do not.
    pub fn is_external_access(&self) -> bool {
        matches!(self.kind.as_str(), "ACCOUNT" | "ORGANIZATION")
    }

    /// An external-access analyzer of the account itself, of which AWS allows one per Region.
    pub fn is_account_external_access(&self) -> bool {
        self.kind == "ACCOUNT"
    }

    pub fn is_active(&self) -> bool {
        self.status == "ACTIVE"
    }
}

/// One setting of every enabled Region, in Region order, or why the Regions are not known.
pub type ByRegion<'a, T> = Result<Vec<(&'a str, Observed<T>)>, &'a Unavailable>;

impl Default for GuardrailFacts {
    /// The facts of a snapshot taken before rampart read them: absent, so unknown.
    fn default() -> Self {
        Self {
            regions: absent(),
            ebs_encryption_by_default: BTreeMap::new(),
            access_analyzers: BTreeMap::new(),
        }
    }
}

impl GuardrailFacts {
    /// EBS encryption by default in each enabled Region, or why the Regions are not known.
    /// A Region whose setting was not read is unavailable, never off or on.
    pub fn ebs_by_region(&self) -> ByRegion<'_, bool> {
        self.by_region(
            &self.ebs_encryption_by_default,
            "ec2:GetEbsEncryptionByDefault",
        )
    }

    /// The analyzers of each enabled Region, or why the Regions are not known.
    pub fn analyzers_by_region(&self) -> ByRegion<'_, Vec<Analyzer>> {
        self.by_region(&self.access_analyzers, "access-analyzer:ListAnalyzers")
    }

    /// One setting in each enabled Region, in Region order. A Region missing from `read` is
    /// unavailable: absent when the snapshot holds the setting for no Region at all (an
    /// earlier rampart took it), not read otherwise.
    fn by_region<'a, T: Clone>(
        &'a self,
        read: &'a BTreeMap<String, Observed<T>>,
        action: &str,
    ) -> ByRegion<'a, T> {
        let regions = self.regions.as_result()?;
        Ok(regions
            .iter()
            .map(|r| {
                let setting = read.get(r).cloned().unwrap_or_else(|| {
                    if read.is_empty() {
                        absent()
                    } else {
                        Observed::Unavailable(Unavailable::new(
                            UnavailableKind::Dependency,
                            Some(action),
                            format!("not read in {r}"),
                        ))
                    }
                });
                (r.as_str(), setting)
            })
            .collect())
    }
}
