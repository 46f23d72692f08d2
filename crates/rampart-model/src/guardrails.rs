//! Account-wide settings beyond the seed's four steps, read in every enabled Region.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::observed::{absent, Observed};
use crate::resource_policy::ResourcePolicy;
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
    /// GuardDuty detectors, per enabled Region (`guardduty:ListDetectors`, `GetDetector`).
    #[serde(default)]
    pub guardduty_detectors: BTreeMap<String, Observed<Vec<Detector>>>,
    /// AWS Config configuration recorders with their status, per enabled Region
    /// (`config:DescribeConfigurationRecorders`, `DescribeConfigurationRecorderStatus`).
    #[serde(default)]
    pub config_recorders: BTreeMap<String, Observed<Vec<Recorder>>>,
    /// Whether Security Hub is enabled, per enabled Region (`securityhub:DescribeHub`).
    #[serde(default)]
    pub security_hub: BTreeMap<String, Observed<bool>>,
    /// Security groups, per enabled Region (`ec2:DescribeSecurityGroups`).
    #[serde(default)]
    pub security_groups: BTreeMap<String, Observed<Vec<crate::network::SecurityGroup>>>,
    /// Network ACLs, per enabled Region (`ec2:DescribeNetworkAcls`).
    #[serde(default)]
    pub network_acls: BTreeMap<String, Observed<Vec<crate::network::NetworkAcl>>>,
    /// KMS keys, per enabled Region (`kms:ListKeys`, `kms:DescribeKey`, and
    /// `kms:GetKeyRotationStatus` for the keys rotation applies to).
    #[serde(default)]
    pub kms_keys: BTreeMap<String, Observed<Vec<KmsKey>>>,
    /// The ids of the default VPCs, per enabled Region (`ec2:DescribeVpcs`, `isDefault`).
    #[serde(default)]
    pub default_vpcs: BTreeMap<String, Observed<Vec<String>>>,
    /// EC2 instances that are not terminated, with their metadata service options, per
    /// enabled Region (`ec2:DescribeInstances`).
    #[serde(default)]
    pub instances: BTreeMap<String, Observed<Vec<Instance>>>,
    /// The resources with a policy of their own, per service prefix of
    /// [`crate::resource_policy::SERVICES`], then per enabled Region.
    #[serde(default)]
    pub resource_policies: BTreeMap<String, BTreeMap<String, Observed<Vec<ResourcePolicy>>>>,
}

/// One KMS key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KmsKey {
    pub id: String,
    /// `CUSTOMER` or `AWS`.
    pub manager: String,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`…
    pub spec: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`…
    pub state: String,
    /// `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`.
    pub origin: String,
    /// Automatic rotation, read for the keys it applies to ([`KmsKey::rotates_by_itself`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_enabled: Option<bool>,
}

impl KmsKey {
    /// A key AWS can rotate automatically and that the account manages and uses: customer
    /// managed, symmetric, made by KMS itself, enabled.
    pub fn rotation_applies(&self) -> bool {
        self.manager == "CUSTOMER"
            && self.spec == "SYMMETRIC_DEFAULT"
            && self.origin == "AWS_KMS"
            && self.state == "Enabled"
    }
}

/// One EC2 instance and its instance metadata service options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    /// `pending`, `running`, `stopping`, `stopped`, …
    pub state: String,
    /// `required` (IMDSv2 only) or `optional` (IMDSv1 too).
    pub http_tokens: String,
    /// `enabled` or `disabled` (no metadata service at all).
    pub http_endpoint: String,
}

impl Instance {
    /// Its metadata service answers IMDSv1 requests, which need no session token.
    pub fn allows_imds_v1(&self) -> bool {
        self.http_endpoint != "disabled" && self.http_tokens != "required"
    }
}

/// One GuardDuty detector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detector {
    pub id: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
}

impl Detector {
    pub fn is_enabled(&self) -> bool {
        self.status == "ENABLED"
    }
}

/// One AWS Config configuration recorder and its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorder {
    pub name: String,
    /// It records every resource type the Region supports (`allSupported`, or the
    /// `ALL_SUPPORTED_RESOURCE_TYPES` strategy).
    pub all_supported: bool,
    /// It is recording now.
    pub recording: bool,
    /// The outcome of its last recording: `Pending`, `Success` or `Failure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status: Option<String>,
    /// A recorder an AWS service made for itself (it records only what that service needs),
    /// not the account's own.
    #[serde(default)]
    pub service_linked: bool,
}

impl Recorder {
    /// It records the account's whole configuration and its last recording did not fail.
    pub fn records_everything(&self) -> bool {
        !self.service_linked
            && self.recording
            && self.all_supported
            && !self
                .last_status
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("failure"))
    }
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

/// An organization analyzer that covers `snap`'s account in `region` (`ACCOUNT/NAME`), found
/// in an account audited in the same organization run.
pub fn organization_analyzer<'a>(snap: &'a crate::Snapshot, region: &str) -> Option<&'a str> {
    snap.organization
        .as_ref()?
        .organization_analyzers
        .as_ref()?
        .get(region)?
        .first()
        .map(String::as_str)
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
            guardduty_detectors: BTreeMap::new(),
            config_recorders: BTreeMap::new(),
            security_hub: BTreeMap::new(),
            security_groups: BTreeMap::new(),
            network_acls: BTreeMap::new(),
            kms_keys: BTreeMap::new(),
            default_vpcs: BTreeMap::new(),
            resource_policies: BTreeMap::new(),
            instances: BTreeMap::new(),
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

    /// The GuardDuty detectors of each enabled Region.
    pub fn detectors_by_region(&self) -> ByRegion<'_, Vec<Detector>> {
        self.by_region(&self.guardduty_detectors, "guardduty:ListDetectors")
    }

    /// The AWS Config recorders of each enabled Region.
    pub fn recorders_by_region(&self) -> ByRegion<'_, Vec<Recorder>> {
        self.by_region(
            &self.config_recorders,
            "config:DescribeConfigurationRecorders",
        )
    }

    /// Whether Security Hub is enabled in each enabled Region.
    pub fn security_hub_by_region(&self) -> ByRegion<'_, bool> {
        self.by_region(&self.security_hub, "securityhub:DescribeHub")
    }

    /// The security groups of each enabled Region.
    pub fn security_groups_by_region(&self) -> ByRegion<'_, Vec<crate::network::SecurityGroup>> {
        self.by_region(&self.security_groups, "ec2:DescribeSecurityGroups")
    }

    /// The network ACLs of each enabled Region.
    pub fn network_acls_by_region(&self) -> ByRegion<'_, Vec<crate::network::NetworkAcl>> {
        self.by_region(&self.network_acls, "ec2:DescribeNetworkAcls")
    }

    /// The KMS keys of each enabled Region.
    pub fn kms_keys_by_region(&self) -> ByRegion<'_, Vec<KmsKey>> {
        self.by_region(&self.kms_keys, "kms:ListKeys")
    }

    /// The EC2 instances of each enabled Region.
    pub fn instances_by_region(&self) -> ByRegion<'_, Vec<Instance>> {
        self.by_region(&self.instances, "ec2:DescribeInstances")
    }

    /// The default VPCs of each enabled Region.
    pub fn default_vpcs_by_region(&self) -> ByRegion<'_, Vec<String>> {
        self.by_region(&self.default_vpcs, "ec2:DescribeVpcs")
    }

    /// The resources of `service` (a prefix of [`crate::resource_policy::SERVICES`]) that
    /// have a policy, in each enabled Region.
    pub fn resource_policies_by_region(&self, service: &str) -> ByRegion<'_, Vec<ResourcePolicy>> {
        static NONE: BTreeMap<String, Observed<Vec<ResourcePolicy>>> = BTreeMap::new();
        let list = crate::resource_policy::SERVICES
            .iter()
            .find(|s| s.prefix == service)
            .map_or("", |s| s.list);
        self.by_region(self.resource_policies.get(service).unwrap_or(&NONE), list)
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
