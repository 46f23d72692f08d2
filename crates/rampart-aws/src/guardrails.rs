//! The guardrail facts: the account's enabled Regions, then each Region's settings, every
//! Region at once, a constant number of requests per setting per Region.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use futures_util::future::join_all;
use rampart_model::guardrails::{Analyzer, Detector, GuardrailFacts, KmsKey, Recorder};
use rampart_model::resource_policy::{ResourcePolicy, SERVICES};
use rampart_model::Observed;

use crate::clients::Clients;
use crate::errors::{has_code, unavailable};

/// Reads the guardrail facts in every enabled Region. A fact whose checks are all in
/// `left_out` (ignored or deselected) is not read: it is skipped in every Region, and the
/// Regions themselves are not listed when no guardrail check is kept.
pub(crate) async fn collect(clients: &Clients, left_out: &BTreeSet<String>) -> GuardrailFacts {
    use rampart_model::check_ids as id;
    let wanted = |ids: &[&str]| ids.iter().any(|i| !left_out.contains(*i));
    let regional = [
        id::EBS_DEFAULT_ENCRYPTION_OFF,
        id::NO_ACCESS_ANALYZER,
        id::GUARDDUTY_OFF,
        id::CONFIG_NOT_RECORDING,
        id::SECURITY_HUB_OFF,
        id::SECURITY_GROUP_OPEN_TO_INTERNET,
        id::SECURITY_GROUP_OPEN_TO_IPV6_INTERNET,
        id::NETWORK_ACL_OPEN_TO_INTERNET,
        id::DEFAULT_SECURITY_GROUP_ALLOWS_TRAFFIC,
        id::KMS_KEY_ROTATION_OFF,
        id::DEFAULT_VPC_PRESENT,
        id::RESOURCE_POLICY_ALLOWS_ANYONE,
        id::INSTANCE_METADATA_V1_ALLOWED,
        id::CIFS_OPEN_TO_INTERNET,
    ];
    if !wanted(&regional) {
        return GuardrailFacts {
            regions: Observed::Unavailable(crate::collect::skipped("the enabled Regions")),
            ..GuardrailFacts::default()
        };
    }
    let regions = crate::regions::enabled(clients).await;
    let list = regions.known().cloned().unwrap_or_default();
    let list = &list;
    let (ebs, analyzers, detectors, recorders, hub, groups, acls, keys, vpcs, policies, instances) = tokio::join!(
        unless_left_out(
            wanted(&[id::EBS_DEFAULT_ENCRYPTION_OFF]),
            "EBS encryption settings",
            list,
            in_each(list, |r| ebs_encryption_by_default(clients, r)),
        ),
        unless_left_out(
            wanted(&[id::NO_ACCESS_ANALYZER]),
            "IAM Access Analyzer analyzers",
            list,
            in_each(list, |r| analyzers(clients, r)),
        ),
        unless_left_out(
            wanted(&[id::GUARDDUTY_OFF]),
            "GuardDuty detectors",
            list,
            in_each(list, |r| detectors(clients, r)),
        ),
        unless_left_out(
            wanted(&[id::CONFIG_NOT_RECORDING]),
            "AWS Config recorders",
            list,
            in_each(list, |r| recorders(clients, r)),
        ),
        unless_left_out(
            wanted(&[id::SECURITY_HUB_OFF]),
            "Security Hub settings",
            list,
            in_each(list, |r| security_hub(clients, r)),
        ),
        unless_left_out(
            wanted(&[
                id::SECURITY_GROUP_OPEN_TO_INTERNET,
                id::SECURITY_GROUP_OPEN_TO_IPV6_INTERNET,
                id::DEFAULT_SECURITY_GROUP_ALLOWS_TRAFFIC,
                id::CIFS_OPEN_TO_INTERNET,
            ]),
            "security groups",
            list,
            in_each(list, |r| crate::network::security_groups(clients, r)),
        ),
        unless_left_out(
            wanted(&[id::NETWORK_ACL_OPEN_TO_INTERNET]),
            "network ACLs",
            list,
            in_each(list, |r| crate::network::network_acls(clients, r)),
        ),
        kms_in_each(
            clients,
            list,
            wanted(&[id::KMS_KEY_ROTATION_OFF]),
            wanted(&[id::RESOURCE_POLICY_ALLOWS_ANYONE]),
        ),
        unless_left_out(
            wanted(&[id::DEFAULT_VPC_PRESENT]),
            "default VPCs",
            list,
            in_each(list, |r| crate::network::default_vpcs(clients, r)),
        ),
        join_all(
            SERVICES
                .iter()
                .filter(|s| s.prefix != "kms")
                .map(|service| async move {
                    let read = unless_left_out(
                        wanted(&[id::RESOURCE_POLICY_ALLOWS_ANYONE]),
                        service.plural,
                        list,
                        in_each(list, |r| {
                            crate::resource_policies::read(clients, service.prefix, r)
                        }),
                    );
                    (service.prefix.to_owned(), read.await)
                })
        ),
        unless_left_out(
            wanted(&[id::INSTANCE_METADATA_V1_ALLOWED]),
            "EC2 instances",
            list,
            in_each(list, |r| crate::network::instances(clients, r)),
        ),
    );
    let (keys, key_policies) = keys;
    let mut resource_policies: BTreeMap<_, _> = policies.into_iter().collect();
    resource_policies.insert("kms".to_owned(), key_policies);
    GuardrailFacts {
        regions,
        ebs_encryption_by_default: ebs,
        access_analyzers: analyzers,
        guardduty_detectors: detectors,
        config_recorders: recorders,
        security_hub: hub,
        security_groups: groups,
        network_acls: acls,
        kms_keys: keys,
        default_vpcs: vpcs,
        resource_policies,
        instances,
    }
}

/// Reads again, in every enabled Region, the fact an `apply` action of `kind` rests on (its
/// family, as the plan names it); other kinds, or Regions not known, leave `facts` as they are.
pub(crate) async fn reread(clients: &Clients, facts: &mut GuardrailFacts, kind: &str) {
    let Some(list) = facts.regions.known().cloned() else {
        return;
    };
    let list = &list;
    match kind {
        "ebs-default-encryption" => {
            facts.ebs_encryption_by_default =
                in_each(list, |r| ebs_encryption_by_default(clients, r)).await;
        }
        "access-analyzer" => {
            facts.access_analyzers = in_each(list, |r| analyzers(clients, r)).await;
        }
        "guardduty" => facts.guardduty_detectors = in_each(list, |r| detectors(clients, r)).await,
        "security-hub" => facts.security_hub = in_each(list, |r| security_hub(clients, r)).await,
        "kms-rotation" => facts.kms_keys = kms_in_each(clients, list, true, false).await.0,
        _ => {}
    }
}

/// `read` when `wanted`; otherwise the fact is skipped in each of `regions`, and `read` is
/// never polled, so it sends nothing.
async fn unless_left_out<T>(
    wanted: bool,
    what: &str,
    regions: &[String],
    read: impl Future<Output = BTreeMap<String, Observed<T>>>,
) -> BTreeMap<String, Observed<T>> {
    if wanted {
        return read.await;
    }
    regions
        .iter()
        .map(|r| {
            (
                r.clone(),
                Observed::Unavailable(crate::collect::skipped(what)),
            )
        })
        .collect()
}

/// Reads one setting in each of `regions` at once.
async fn in_each<'a, T, F>(
    regions: &'a [String],
    read: impl Fn(&'a str) -> F,
) -> BTreeMap<String, Observed<T>>
where
    F: Future<Output = Observed<T>>,
{
    join_all(regions.iter().map(|r| {
        let setting = read(r);
        async move { (r.clone(), setting.await) }
    }))
    .await
    .into_iter()
    .collect()
}

async fn ebs_encryption_by_default(clients: &Clients, region: &str) -> Observed<bool> {
    match clients
        .ec2(region)
        .get_ebs_encryption_by_default()
        .send()
        .await
    {
        Ok(out) => Observed::Known(out.ebs_encryption_by_default().unwrap_or(false)),
        Err(e) => Observed::Unavailable(unavailable("ec2:GetEbsEncryptionByDefault", &e)),
    }
}

/// Every analyzer of the Region, whatever its type (`access-analyzer:ListAnalyzers`).
async fn analyzers(clients: &Clients, region: &str) -> Observed<Vec<Analyzer>> {
    let client = clients.accessanalyzer(region);
    let pages = crate::paging::all_pages(
        "access-analyzer:ListAnalyzers",
        |token| client.list_analyzers().set_next_token(token).send(),
        aws_sdk_accessanalyzer::operation::list_analyzers::ListAnalyzersOutput::next_token,
    )
    .await;
    let mut out: Vec<Analyzer> = match pages {
        Ok(pages) => pages
            .iter()
            .flat_map(
                aws_sdk_accessanalyzer::operation::list_analyzers::ListAnalyzersOutput::analyzers,
            )
            .map(|a| Analyzer {
                name: a.name().to_owned(),
                kind: a.r#type().as_str().to_owned(),
                status: a.status().as_str().to_owned(),
            })
            .collect(),
        Err(u) => return Observed::Unavailable(u),
    };
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Observed::Known(out)
}

/// The Region's detectors (`guardduty:ListDetectors`; AWS allows one per Region) and each
/// one's status (`guardduty:GetDetector`).
async fn detectors(clients: &Clients, region: &str) -> Observed<Vec<Detector>> {
    let client = clients.guardduty(region);
    let pages = crate::paging::all_pages(
        "guardduty:ListDetectors",
        |token| client.list_detectors().set_next_token(token).send(),
        aws_sdk_guardduty::operation::list_detectors::ListDetectorsOutput::next_token,
    )
    .await;
    let ids: Vec<String> = match pages {
        Ok(pages) => pages
            .iter()
            .flat_map(|p| p.detector_ids().iter().cloned())
            .collect(),
        Err(u) => return Observed::Unavailable(u),
    };
    let mut out = Vec::new();
    for id in ids {
        match client.get_detector().detector_id(&id).send().await {
            Ok(d) => out.push(Detector {
                id,
                status: d.status().map_or("", |s| s.as_str()).to_owned(),
            }),
            Err(e) => return Observed::Unavailable(unavailable("guardduty:GetDetector", &e)),
        }
    }
    Observed::Known(out)
}

/// The Region's configuration recorders, each with its status: one request where there is no
/// recorder (a new account), two otherwise, whatever their number.
async fn recorders(clients: &Clients, region: &str) -> Observed<Vec<Recorder>> {
    use aws_sdk_config::types::RecordingStrategyType;
    let client = clients.config(region);
    let defined = match client.describe_configuration_recorders().send().await {
        Ok(d) => d,
        Err(e) => {
            return Observed::Unavailable(unavailable("config:DescribeConfigurationRecorders", &e))
        }
    };
    if defined.configuration_recorders().is_empty() {
        return Observed::Known(Vec::new());
    }
    let statuses = match client.describe_configuration_recorder_status().send().await {
        Ok(s) => s,
        Err(e) => {
            return Observed::Unavailable(unavailable(
                "config:DescribeConfigurationRecorderStatus",
                &e,
            ))
        }
    };
    let mut out: Vec<Recorder> = defined
        .configuration_recorders()
        .iter()
        .map(|r| {
            let name = r.name().unwrap_or_default().to_owned();
            let status = statuses
                .configuration_recorders_status()
                .iter()
                .find(|s| s.name() == Some(name.as_str()));
            let group = r.recording_group();
            let all_supported = group.is_some_and(|g| {
                g.all_supported()
                    || g.recording_strategy().and_then(|s| s.use_only())
                        == Some(&RecordingStrategyType::AllSupportedResourceTypes)
            });
            Recorder {
                name,
                all_supported,
                recording: status
                    .is_some_and(aws_sdk_config::types::ConfigurationRecorderStatus::recording),
                last_status: status
                    .and_then(|s| s.last_status())
                    .map(|s| s.as_str().to_owned()),
                service_linked: r.service_principal().is_some_and(|p| !p.is_empty()),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Observed::Known(out)
}

/// `securityhub:DescribeHub` answers `InvalidAccessException` in a Region where the account
/// has not enabled Security Hub: that is "off", not a refusal.
async fn security_hub(clients: &Clients, region: &str) -> Observed<bool> {
    match clients.securityhub(region).describe_hub().send().await {
        Ok(_) => Observed::Known(true),
        Err(e) if has_code(&e, "InvalidAccessException") => Observed::Known(false),
        Err(e) => Observed::Unavailable(unavailable("securityhub:DescribeHub", &e)),
    }
}

/// The KMS facts of every Region in `regions`: the keys with their rotation when `rotation`
/// is wanted, their policies when `policies` is; each fact left out is skipped, and nothing
/// is sent when neither is wanted.
async fn kms_in_each(
    clients: &Clients,
    regions: &[String],
    rotation: bool,
    policies: bool,
) -> (
    BTreeMap<String, Observed<Vec<KmsKey>>>,
    BTreeMap<String, Observed<Vec<ResourcePolicy>>>,
) {
    let read = join_all(regions.iter().map(|r| async move {
        let (keys, policies) = kms_keys(clients, r, rotation, policies).await;
        ((r.clone(), keys), (r.clone(), policies))
    }))
    .await;
    read.into_iter().unzip()
}

/// The Region's keys (`kms:ListKeys`, once for both facts): each described (`kms:DescribeKey`),
/// with the rotation of those it applies to (`kms:GetKeyRotationStatus`), when `rotation`; each
/// one's policy (`kms:GetKeyPolicy`) when `policies`. A request per key and fact, a few keys at
/// once. A key that cannot be described leaves the Region's rotation unknown, so no key goes
/// unjudged; a policy that cannot be read is unknown for its key alone.
async fn kms_keys(
    clients: &Clients,
    region: &str,
    rotation: bool,
    policies: bool,
) -> (Observed<Vec<KmsKey>>, Observed<Vec<ResourcePolicy>>) {
    fn skipped<T>(wanted: bool) -> Option<Observed<T>> {
        (!wanted).then(|| Observed::Unavailable(crate::collect::skipped("KMS keys")))
    }
    let (no_keys, no_policies) = (skipped(rotation), skipped(policies));
    if let (Some(k), Some(p)) = (&no_keys, &no_policies) {
        return (k.clone(), p.clone());
    }
    let client = clients.kms(region);
    let pages = crate::paging::all_pages(
        "kms:ListKeys",
        |token| client.list_keys().set_marker(token).send(),
        |page| page.next_marker().filter(|_| page.truncated()),
    )
    .await;
    let listed: Vec<(String, String)> = match pages {
        Ok(pages) => pages
            .iter()
            .flat_map(aws_sdk_kms::operation::list_keys::ListKeysOutput::keys)
            .filter_map(|k| {
                let id = k.key_id()?.to_owned();
                // KMS lists every key with its ARN; the id stands in should one come without.
                let arn = k.key_arn().map_or_else(|| id.clone(), str::to_owned);
                Some((id, arn))
            })
            .collect(),
        Err(u) => return (Observed::Unavailable(u.clone()), Observed::Unavailable(u)),
    };
    let keys = match no_keys {
        Some(skip) => skip,
        None => {
            let read = join_all(listed.iter().map(|(id, _)| kms_key(&client, id))).await;
            let mut out = Vec::new();
            let mut failed = None;
            for key in read {
                match key {
                    Ok(k) => out.push(k),
                    Err(u) => {
                        failed.get_or_insert(u);
                    }
                }
            }
            out.sort_by(|a, b| a.id.cmp(&b.id));
            failed.map_or(Observed::Known(out), Observed::Unavailable)
        }
    };
    let policies = match no_policies {
        Some(skip) => skip,
        None => {
            let arns = listed.into_iter().map(|(_, arn)| arn).collect();
            let mut found = crate::resource_policies::key_policies(&client, arns).await;
            found.sort_by(|a, b| a.arn.cmp(&b.arn));
            Observed::Known(found)
        }
    };
    (keys, policies)
}

async fn kms_key(
    client: &aws_sdk_kms::Client,
    id: &str,
) -> Result<KmsKey, rampart_model::Unavailable> {
    let described = client
        .describe_key()
        .key_id(id)
        .send()
        .await
        .map_err(|e| unavailable("kms:DescribeKey", &e))?;
    let meta = described.key_metadata();
    let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
    let mut key = KmsKey {
        id: id.to_owned(),
        manager: text(
            meta.and_then(|m| m.key_manager())
                .map(aws_sdk_kms::types::KeyManagerType::as_str),
        ),
        spec: text(
            meta.and_then(|m| m.key_spec())
                .map(aws_sdk_kms::types::KeySpec::as_str),
        ),
        state: text(
            meta.and_then(|m| m.key_state())
                .map(aws_sdk_kms::types::KeyState::as_str),
        ),
        origin: text(
            meta.and_then(|m| m.origin())
                .map(aws_sdk_kms::types::OriginType::as_str),
        ),
        rotation_enabled: None,
    };
    if key.rotation_applies() {
        let status = client
            .get_key_rotation_status()
            .key_id(id)
            .send()
            .await
            .map_err(|e| unavailable("kms:GetKeyRotationStatus", &e))?;
        key.rotation_enabled = Some(status.key_rotation_enabled());
    }
    Ok(key)
}
