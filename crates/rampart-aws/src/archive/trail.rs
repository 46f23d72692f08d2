//! Finding the archive of an account: the trail that delivers its events for the Regions a
//! search asks about, that trail's bucket (wherever it is, another account's included) and key
//! prefix.

use rampart_model::{Unavailable, UnavailableKind};

use super::store::S3Bucket;
use crate::bucket::bucket_region;
use crate::clients::{Clients, US_EAST_1};
use crate::errors;
use crate::Connection;

/// The archive a trail writes.
#[derive(Debug, Clone)]
pub struct TrailArchive {
    pub trail: String,
    pub bucket: String,
    /// The key prefix under which `AWSLogs/` lies (`S3KeyPrefix/`, or empty).
    pub base: String,
    /// The caller's account, whose folders are searched.
    pub account: String,
    /// The KMS key the trail encrypts its files with, when it does.
    pub kms_key: Option<String>,
    /// The bucket's Region.
    pub bucket_region: String,
    pub store: S3Bucket,
}

/// The organization folder (`o-…`) under the archive's `AWSLogs/`, for an organization trail.
pub async fn organization_folder(archive: &TrailArchive) -> Result<Option<String>, Unavailable> {
    use super::store::Store;
    let folders = archive
        .store
        .folders(&format!("{}AWSLogs/", archive.base))
        .await?;
    Ok(folders
        .into_iter()
        .find(|f| super::layout::is_organization_id(f)))
}

/// The trail whose archive covers `regions` for the caller's account: a multi-Region trail (an
/// organization trail first), or a single-Region trail when only its Region is asked about.
pub async fn trail_archive(
    conn: &Connection,
    regions: &[String],
) -> Result<TrailArchive, Unavailable> {
    let clients = Clients::uncounted(conn);
    let account = clients
        .sts(clients.region())
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| errors::unavailable("sts:GetCallerIdentity", &e))?
        .account()
        .unwrap_or_default()
        .to_owned();
    let trails = clients
        .cloudtrail(clients.region())
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await
        .map_err(|e| errors::unavailable("cloudtrail:DescribeTrails", &e))?;
    let mut candidates: Vec<_> = trails
        .trail_list()
        .iter()
        .filter(|t| t.s3_bucket_name().is_some_and(|b| !b.is_empty()))
        .filter(|t| {
            t.is_multi_region_trail() == Some(true)
                || regions.iter().all(|r| t.home_region() == Some(r.as_str()))
        })
        .collect();
    candidates.sort_by_key(|t| {
        (
            t.is_organization_trail() != Some(true),
            t.is_multi_region_trail() != Some(true),
            t.name().map(str::to_owned),
        )
    });
    let Some(trail) = candidates.first() else {
        return Err(Unavailable::new(
            UnavailableKind::Error,
            None,
            format!(
                "no trail delivers this account's events in {} to S3, so there is no archive to read (`rampart plan` creates one)",
                regions.join(", ")
            ),
        ));
    };
    let bucket = trail.s3_bucket_name().unwrap_or_default().to_owned();
    // Another account's bucket may refuse its location: its trail's Region is a guess that S3
    // corrects with an error naming the right one.
    let region = bucket_region(&clients, &bucket)
        .await
        .known()
        .cloned()
        .unwrap_or_else(|| trail.home_region().unwrap_or(US_EAST_1).to_owned());
    let base = trail
        .s3_key_prefix()
        .filter(|p| !p.is_empty())
        .map(|p| format!("{}/", p.trim_end_matches('/')))
        .unwrap_or_default();
    Ok(TrailArchive {
        trail: trail.name().unwrap_or_default().to_owned(),
        store: S3Bucket {
            client: clients.s3(&region),
            bucket: bucket.clone(),
        },
        bucket_region: region,
        bucket,
        base,
        account,
        kms_key: trail.kms_key_id().map(str::to_owned),
    })
}

/// The public keys CloudTrail signed digests with in `regions` between `start` and `end`, by
/// fingerprint (`cloudtrail:ListPublicKeys`, in each Region).
pub async fn public_keys(
    conn: &Connection,
    regions: &[String],
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
) -> Result<std::collections::HashMap<String, super::verify::PublicKey>, Unavailable> {
    let clients = Clients::uncounted(conn);
    let stamp =
        |t: chrono::DateTime<chrono::Utc>| aws_smithy_types::DateTime::from_secs(t.timestamp());
    let mut keys = std::collections::HashMap::new();
    for region in regions {
        let mut token: Option<String> = None;
        let mut tokens = crate::paging::Tokens::default();
        loop {
            let out = clients
                .cloudtrail(region)
                .list_public_keys()
                .start_time(stamp(start - chrono::Duration::days(1)))
                .end_time(stamp(end))
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| errors::unavailable("cloudtrail:ListPublicKeys", &e))?;
            for k in out.public_key_list() {
                if let (Some(fp), Some(value)) = (k.fingerprint(), k.value()) {
                    keys.insert(
                        fp.to_owned(),
                        super::verify::PublicKey {
                            fingerprint: fp.to_owned(),
                            der: value.as_ref().to_vec(),
                        },
                    );
                }
            }
            match tokens.next("cloudtrail:ListPublicKeys", out.next_token())? {
                Some(t) => token = Some(t),
                None => break,
            }
        }
    }
    Ok(keys)
}
