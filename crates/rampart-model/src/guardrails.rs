//! Account-wide settings beyond the seed's four steps, read in every enabled Region.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::observed::{absent, Observed};

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
}

impl Default for GuardrailFacts {
    /// The facts of a snapshot taken before rampart read them: absent, so unknown.
    fn default() -> Self {
        Self {
            regions: absent(),
            ebs_encryption_by_default: BTreeMap::new(),
        }
    }
}

impl GuardrailFacts {
    /// EBS encryption by default in each enabled Region, or why the Regions are not known.
    /// A Region whose setting was not read is unavailable, never off or on.
    pub fn ebs_by_region(&self) -> Result<Vec<(&str, Observed<bool>)>, &crate::Unavailable> {
        let regions = self.regions.as_result()?;
        Ok(regions
            .iter()
            .map(|r| {
                let setting = self
                    .ebs_encryption_by_default
                    .get(r)
                    .cloned()
                    .unwrap_or_else(|| {
                        Observed::Unavailable(crate::Unavailable::new(
                            crate::UnavailableKind::Dependency,
                            Some("ec2:GetEbsEncryptionByDefault"),
                            format!("not read in {r}"),
                        ))
                    });
                (r.as_str(), setting)
            })
            .collect())
    }
}
