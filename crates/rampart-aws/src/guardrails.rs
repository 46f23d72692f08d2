//! The guardrail facts: the account's enabled Regions, then each Region's settings, every
//! Region at once, a constant number of requests per setting per Region.

use std::collections::BTreeMap;
use std::future::Future;

use futures_util::future::join_all;
use rampart_model::guardrails::{Analyzer, GuardrailFacts};
use rampart_model::Observed;

use crate::clients::Clients;
use crate::errors::unavailable;

/// Reads the guardrail facts in every enabled Region.
pub(crate) async fn collect(clients: &Clients) -> GuardrailFacts {
    let regions = crate::regions::enabled(clients).await;
    let list = regions.known().cloned().unwrap_or_default();
    let (ebs_encryption_by_default, access_analyzers) =
        tokio::join!(ebs_default_in(clients, &list), analyzers_in(clients, &list));
    GuardrailFacts {
        regions,
        ebs_encryption_by_default,
        access_analyzers,
    }
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

/// EBS encryption by default in each of `regions`.
pub(crate) async fn ebs_default_in(
    clients: &Clients,
    regions: &[String],
) -> BTreeMap<String, Observed<bool>> {
    in_each(regions, |r| ebs_encryption_by_default(clients, r)).await
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

/// The IAM Access Analyzer analyzers of each of `regions`.
pub(crate) async fn analyzers_in(
    clients: &Clients,
    regions: &[String],
) -> BTreeMap<String, Observed<Vec<Analyzer>>> {
    in_each(regions, |r| analyzers(clients, r)).await
}

/// Every analyzer of the Region, whatever its type (`access-analyzer:ListAnalyzers`).
async fn analyzers(clients: &Clients, region: &str) -> Observed<Vec<Analyzer>> {
    const API: &str = "access-analyzer:ListAnalyzers";
    let client = clients.accessanalyzer(region);
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut tokens = crate::paging::Tokens::default();
    loop {
        let page = match client
            .list_analyzers()
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(page) => page,
            Err(e) => return Observed::Unavailable(unavailable(API, &e)),
        };
        out.extend(page.analyzers().iter().map(|a| Analyzer {
            name: a.name().to_owned(),
            kind: a.r#type().as_str().to_owned(),
            status: a.status().as_str().to_owned(),
        }));
        match tokens.next(API, page.next_token()) {
            Ok(Some(t)) => token = Some(t),
            Ok(None) => break,
            Err(u) => return Observed::Unavailable(u),
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Observed::Known(out)
}
