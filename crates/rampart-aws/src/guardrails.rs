//! The guardrail facts: the account's enabled Regions, then each Region's settings, every
//! Region at once, one request per setting per Region.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use rampart_model::guardrails::GuardrailFacts;
use rampart_model::Observed;

use crate::clients::Clients;
use crate::errors::unavailable;

/// Reads the guardrail facts in every enabled Region.
pub(crate) async fn collect(clients: &Clients) -> GuardrailFacts {
    let regions = crate::regions::enabled(clients).await;
    let ebs_encryption_by_default = match &regions {
        Observed::Known(list) => ebs_default_in(clients, list).await,
        Observed::Unavailable(_) => BTreeMap::new(),
    };
    GuardrailFacts {
        regions,
        ebs_encryption_by_default,
    }
}

/// EBS encryption by default in each of `regions`.
pub(crate) async fn ebs_default_in(
    clients: &Clients,
    regions: &[String],
) -> BTreeMap<String, Observed<bool>> {
    join_all(
        regions
            .iter()
            .map(|r| async move { (r.clone(), ebs_encryption_by_default(clients, r).await) }),
    )
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
