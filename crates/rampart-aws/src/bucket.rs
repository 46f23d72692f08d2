//! The facts of one bucket: Region, policy, ACL, Block Public Access, default encryption,
//! versioning and access logging.
//!
//! The Region is asked first (of `us-east-1`, which answers for every bucket); the other reads
//! then go to the bucket's own Region, concurrently. "Not configured" answers (no policy, no
//! Block Public Access, no encryption) are facts (`None`), not failures.

use rampart_engines::policy::PolicyDocument;
use rampart_model::s3::{AclGrant, BucketFacts, BucketOwnership, LoggingTarget, PublicAccessBlock};
use rampart_model::{Observed, Unavailable};

use crate::clients::{Clients, US_EAST_1};
use crate::errors::{bad_answer, has_code, unavailable};

/// A bucket none of whose facts could be read, for the reason `why`.
pub(crate) fn unreadable(
    name: &str,
    ownership: Observed<BucketOwnership>,
    why: Unavailable,
) -> BucketFacts {
    fn gap<T>(why: &Unavailable) -> Observed<T> {
        Observed::Unavailable(why.clone())
    }
    BucketFacts {
        name: name.to_owned(),
        ownership,
        region: gap(&why),
        policy: gap(&why),
        acl_grants: gap(&why),
        public_access_block: gap(&why),
        encryption: gap(&why),
        versioning: gap(&why),
        logging: gap(&why),
    }
}

/// Reads every fact of a bucket the account owns (or may own).
pub(crate) async fn read(
    clients: &Clients,
    name: &str,
    ownership: Observed<BucketOwnership>,
) -> BucketFacts {
    let region = bucket_region(clients, name).await;
    let s3 = clients.s3(region.known().map_or(clients.region(), String::as_str));
    let (policy, acl_grants, public_access_block, encryption, versioning, logging) = tokio::join!(
        policy(&s3, name),
        acl(&s3, name),
        public_access_block(&s3, name),
        encryption(&s3, name),
        versioning(&s3, name),
        logging(&s3, name),
    );
    BucketFacts {
        name: name.to_owned(),
        ownership,
        region,
        policy,
        acl_grants,
        public_access_block,
        encryption,
        versioning,
        logging,
    }
}

/// Why the other facts of a bucket no trail or billing report names are not read.
pub(crate) const NOT_ASKED: &str =
    "not read: no check asks about this bucket's encryption, versioning or logging";

/// Reads the access facts of a bucket the account owns — Region, policy, ACL and Block Public
/// Access — for the buckets no trail or billing report names: their encryption, versioning and
/// logging are nobody's question, so they are skipped, not read.
pub(crate) async fn read_access(clients: &Clients, name: &str) -> BucketFacts {
    let region = bucket_region(clients, name).await;
    let s3 = clients.s3(region.known().map_or(clients.region(), String::as_str));
    let (policy, acl_grants, public_access_block) = tokio::join!(
        policy(&s3, name),
        acl(&s3, name),
        public_access_block(&s3, name),
    );
    fn skipped<T>() -> Observed<T> {
        Observed::Unavailable(Unavailable::new(
            rampart_model::UnavailableKind::Skipped,
            None,
            NOT_ASKED,
        ))
    }
    BucketFacts {
        name: name.to_owned(),
        ownership: Observed::Known(BucketOwnership::Account),
        region,
        policy,
        acl_grants,
        public_access_block,
        encryption: skipped(),
        versioning: skipped(),
        logging: skipped(),
    }
}

/// `GetBucketLocation`'s constraint as a Region: empty means `us-east-1`, `EU` is `eu-west-1`.
/// The Region a bucket is in (`s3:GetBucketLocation`).
pub(crate) async fn bucket_region(clients: &Clients, name: &str) -> Observed<String> {
    match clients
        .s3(US_EAST_1)
        .get_bucket_location()
        .bucket(name)
        .send()
        .await
    {
        Ok(out) => Observed::Known(location_region(
            out.location_constraint()
                .map(aws_sdk_s3::types::BucketLocationConstraint::as_str),
        )),
        Err(e) => Observed::Unavailable(unavailable("s3:GetBucketLocation", &e)),
    }
}

fn location_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => US_EAST_1.to_owned(),
        Some("EU") => "eu-west-1".to_owned(),
        Some(r) => r.to_owned(),
    }
}

async fn policy(s3: &aws_sdk_s3::Client, bucket: &str) -> Observed<Option<PolicyDocument>> {
    const ACTION: &str = "s3:GetBucketPolicy";
    match s3.get_bucket_policy().bucket(bucket).send().await {
        Ok(out) => match out.policy() {
            None | Some("") => Observed::Known(None),
            Some(text) => match PolicyDocument::parse(text) {
                Ok(doc) => Observed::Known(Some(doc)),
                Err(e) => {
                    Observed::Unavailable(bad_answer(ACTION, format!("policy of `{bucket}`: {e}")))
                }
            },
        },
        Err(e) if has_code(&e, "NoSuchBucketPolicy") => Observed::Known(None),
        Err(e) => Observed::Unavailable(unavailable(ACTION, &e)),
    }
}

async fn acl(s3: &aws_sdk_s3::Client, bucket: &str) -> Observed<Vec<AclGrant>> {
    match s3.get_bucket_acl().bucket(bucket).send().await {
        Ok(out) => Observed::Known(
            out.grants()
                .iter()
                .map(|g| AclGrant {
                    grantee_uri: g.grantee().and_then(|x| x.uri()).map(str::to_owned),
                    grantee_id: g.grantee().and_then(|x| x.id()).map(str::to_owned),
                    permission: g
                        .permission()
                        .map(|p| p.as_str().to_owned())
                        .unwrap_or_default(),
                })
                .collect(),
        ),
        Err(e) => Observed::Unavailable(unavailable("s3:GetBucketAcl", &e)),
    }
}

async fn public_access_block(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
) -> Observed<Option<PublicAccessBlock>> {
    match s3.get_public_access_block().bucket(bucket).send().await {
        Ok(out) => {
            Observed::Known(
                out.public_access_block_configuration()
                    .map(|c| PublicAccessBlock {
                        block_public_acls: c.block_public_acls().unwrap_or(false),
                        ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
                        block_public_policy: c.block_public_policy().unwrap_or(false),
                        restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
                    }),
            )
        }
        Err(e) if has_code(&e, "NoSuchPublicAccessBlockConfiguration") => Observed::Known(None),
        Err(e) => Observed::Unavailable(unavailable("s3:GetBucketPublicAccessBlock", &e)),
    }
}

async fn encryption(s3: &aws_sdk_s3::Client, bucket: &str) -> Observed<Option<String>> {
    match s3.get_bucket_encryption().bucket(bucket).send().await {
        Ok(out) => Observed::Known(
            out.server_side_encryption_configuration()
                .and_then(|c| {
                    c.rules()
                        .iter()
                        .find_map(|r| r.apply_server_side_encryption_by_default())
                })
                .map(|d| d.sse_algorithm().as_str().to_owned()),
        ),
        Err(e) if has_code(&e, "ServerSideEncryptionConfigurationNotFoundError") => {
            Observed::Known(None)
        }
        Err(e) => Observed::Unavailable(unavailable("s3:GetEncryptionConfiguration", &e)),
    }
}

async fn versioning(s3: &aws_sdk_s3::Client, bucket: &str) -> Observed<Option<String>> {
    match s3.get_bucket_versioning().bucket(bucket).send().await {
        Ok(out) => Observed::Known(out.status().map(|s| s.as_str().to_owned())),
        Err(e) => {
            // A 200 the SDK could not read (some endpoints name the XML root differently):
            // the answer is still well-formed enough to take the status from.
            let body = e
                .raw_response()
                .filter(|r| r.status().as_u16() == 200)
                .and_then(|r| r.body().bytes());
            match body
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(versioning_from_xml)
            {
                Some(status) => Observed::Known(status),
                None => Observed::Unavailable(unavailable("s3:GetBucketVersioning", &e)),
            }
        }
    }
}

/// The `<Status>` of a versioning answer: `Some(None)` when the answer has none (never
/// enabled), `None` when the text is not a versioning answer at all.
fn versioning_from_xml(xml: &str) -> Option<Option<String>> {
    let mut root = xml.trim_start();
    if root.starts_with("<?") {
        root = root.split_once("?>")?.1.trim_start();
    }
    if !(root.starts_with("<VersioningConfiguration")
        || root.starts_with("<GetBucketVersioningResponse"))
    {
        return None;
    }
    let Some((_, rest)) = xml.split_once("<Status>") else {
        return Some(None);
    };
    let (status, _) = rest.split_once("</Status>")?;
    Some(Some(status.trim().to_owned()).filter(|s| !s.is_empty()))
}

async fn logging(s3: &aws_sdk_s3::Client, bucket: &str) -> Observed<Option<LoggingTarget>> {
    match s3.get_bucket_logging().bucket(bucket).send().await {
        Ok(out) => Observed::Known(out.logging_enabled().map(|l| LoggingTarget {
            target_bucket: l.target_bucket().to_owned(),
            target_prefix: l.target_prefix().to_owned(),
        })),
        Err(e) => Observed::Unavailable(unavailable("s3:GetBucketLogging", &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_constraints_become_regions() {
        assert_eq!(location_region(None), "us-east-1");
        assert_eq!(location_region(Some("")), "us-east-1");
        assert_eq!(location_region(Some("EU")), "eu-west-1");
        assert_eq!(location_region(Some("ap-south-2")), "ap-south-2");
    }

    #[test]
    fn versioning_status_from_raw_answers() {
        let odd = r#"<?xml version="1.0" encoding="utf-8"?>
<GetBucketVersioningResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></GetBucketVersioningResponse>"#;
        assert_eq!(versioning_from_xml(odd), Some(Some("Enabled".to_owned())));
        let never = r#"<?xml version="1.0"?><VersioningConfiguration xmlns="x"/>"#;
        assert_eq!(versioning_from_xml(never), Some(None));
        assert_eq!(
            versioning_from_xml(
                "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>"
            ),
            Some(Some("Suspended".to_owned()))
        );
        assert_eq!(
            versioning_from_xml("<Error><Code>NoSuchBucket</Code></Error>"),
            None
        );
        assert_eq!(versioning_from_xml("not xml"), None);
    }

    #[test]
    fn unreadable_buckets_carry_the_reason_everywhere() {
        let why = Unavailable::new(rampart_model::UnavailableKind::Dependency, None, "gone");
        let facts = unreadable(
            "logs",
            Observed::Known(BucketOwnership::Missing),
            why.clone(),
        );
        assert_eq!(facts.ownership, Observed::Known(BucketOwnership::Missing));
        assert_eq!(facts.policy, Observed::Unavailable(why.clone()));
        assert_eq!(facts.logging, Observed::Unavailable(why));
    }
}
