//! Whether a bucket policy lets an AWS service write one delivery into the bucket: the
//! billing services' report files, for instance.
//!
//! The question is a resource-policy evaluation for one request — service principal `P`
//! calls `s3:PutObject` on `arn:aws:s3:::BUCKET/KEY` over TLS, with `aws:SourceAccount` and
//! `aws:SourceArn` naming the account and the report it writes for. A statement applies when
//! its principal takes in `P` (`"*"`, `{"AWS": "*"}`, `{"Service": P}`, or a `NotPrincipal`
//! that does not name `P`), its action and resource patterns match (the policy engine's
//! wildcards and variables), and the engine finds its conditions true in that request. As in
//! every AWS evaluation, one applicable `Deny` refuses the write; otherwise one applicable
//! `Allow` permits it. The bucket owner's identity policies play no part: a service principal
//! has none in the account.

use super::public::bucket_arn;
use crate::billing::{CurReport, DataExport};
use rampart_engines::policy::service_access::{service_access, AccessVerdict, ServiceRequest};
use rampart_engines::policy::PolicyDocument;

/// One write a service makes into a bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceWrite {
    /// The service principal, such as `bcm-data-exports.amazonaws.com`.
    pub service: String,
    /// The account the service writes for (`aws:SourceAccount`).
    pub account: String,
    /// The resource the write is for (`aws:SourceArn`), such as the export's ARN.
    pub source_arn: String,
    /// The object key written, such as `cur2/cur2-daily/data/file.parquet`.
    pub key: String,
}

/// What the policy says about one write.
pub type WriteVerdict = AccessVerdict;

pub const PUT_OBJECT: &str = "s3:PutObject";

/// The service principal that writes legacy Cost and Usage Reports.
pub const CUR_PRINCIPAL: &str = "billingreports.amazonaws.com";
/// The service principal that writes Data Exports.
pub const EXPORTS_PRINCIPAL: &str = "bcm-data-exports.amazonaws.com";

/// The write a legacy Cost and Usage Report makes for `account` (its definition's ARN is
/// `arn:aws:cur:us-east-1:ACCOUNT:definition/NAME`; files go under `PREFIX/NAME/`).
pub fn cur_write(account: &str, r: &CurReport) -> ServiceWrite {
    let arn = format!("arn:aws:cur:us-east-1:{account}:definition/{}", r.name);
    write(CUR_PRINCIPAL, account, arn, &r.s3_prefix, &r.name)
}

/// The write a Data Export makes for `account` (files go under `PREFIX/NAME/`).
pub fn export_write(account: &str, e: &DataExport) -> ServiceWrite {
    write(
        EXPORTS_PRINCIPAL,
        account,
        e.arn.clone(),
        &e.s3_prefix,
        &e.name,
    )
}

fn write(
    service: &str,
    account: &str,
    source_arn: String,
    prefix: &str,
    name: &str,
) -> ServiceWrite {
    let prefix = prefix.trim_matches('/');
    let key = if prefix.is_empty() {
        format!("{name}/rampart-delivery-probe")
    } else {
        format!("{prefix}/{name}/rampart-delivery-probe")
    };
    ServiceWrite {
        service: service.to_owned(),
        account: account.to_owned(),
        source_arn,
        key,
    }
}

/// Evaluates `doc` (the policy of `bucket`) for the write `w`, with the service-access
/// evaluation every resource policy question uses.
pub fn evaluate_write(doc: &PolicyDocument, bucket: &str, w: &ServiceWrite) -> WriteVerdict {
    let object = format!("{}/{}", bucket_arn(bucket), w.key);
    let context = ServiceRequest::context_for(
        &w.service,
        PUT_OBJECT,
        &object,
        Some(&w.account),
        Some(&w.source_arn),
    );
    service_access(
        doc,
        &ServiceRequest {
            service: w.service.clone(),
            action: PUT_OBJECT.to_owned(),
            resource: object,
            context,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORTS: &str = "bcm-data-exports.amazonaws.com";

    fn write() -> ServiceWrite {
        ServiceWrite {
            service: EXPORTS.into(),
            account: "111122223333".into(),
            source_arn: "arn:aws:bcm-data-exports:us-east-1:111122223333:export/daily-1".into(),
            key: "cur2/daily/data/f.parquet".into(),
        }
    }

    fn verdict(statements: &str) -> WriteVerdict {
        let doc = PolicyDocument::parse(&format!(
            r#"{{"Version":"2012-10-17","Statement":{statements}}}"#
        ))
        .expect("test policy parses");
        evaluate_write(&doc, "b", &write())
    }

    const DOCUMENTED: &str = r#"[{"Effect":"Allow","Principal":{"Service":["billingreports.amazonaws.com","bcm-data-exports.amazonaws.com"]},"Action":["s3:PutObject","s3:GetBucketPolicy"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"StringLike":{"aws:SourceAccount":"111122223333","aws:SourceArn":["arn:aws:cur:us-east-1:111122223333:definition/*","arn:aws:bcm-data-exports:us-east-1:111122223333:export/*"]}}}]"#;

    #[test]
    fn the_documented_statement_allows_the_write() {
        assert_eq!(verdict(DOCUMENTED), WriteVerdict::Allowed(vec![0]));
        let star = r#"[{"Effect":"Allow","Principal":"*","Action":"s3:Put*","Resource":"arn:aws:s3:::b/cur2/*"}]"#;
        assert!(verdict(star).allowed());
    }

    #[test]
    fn conditions_resources_and_denies_are_evaluated() {
        let other_account = DOCUMENTED.replace(
            r#""aws:SourceAccount":"111122223333""#,
            r#""aws:SourceAccount":"444455556666""#,
        );
        assert_eq!(verdict(&other_account), WriteVerdict::NotAllowed);
        let bucket_only = DOCUMENTED.replace(r#","arn:aws:s3:::b/*""#, "");
        assert_eq!(verdict(&bucket_only), WriteVerdict::NotAllowed);
        let other_prefix = DOCUMENTED.replace("arn:aws:s3:::b/*", "arn:aws:s3:::b/legacy/*");
        assert_eq!(verdict(&other_prefix), WriteVerdict::NotAllowed);
        let denied = DOCUMENTED.replace(
            "}}}]",
            r#"}}},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]"#,
        );
        assert_eq!(verdict(&denied), WriteVerdict::Denied(1));
        let tls_deny = DOCUMENTED.replace(
            "}}}]",
            r#"}}},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]"#,
        );
        assert!(verdict(&tls_deny).allowed(), "the service writes over TLS");
        let wrong_service = DOCUMENTED.replace(r#","bcm-data-exports.amazonaws.com""#, "");
        assert_eq!(verdict(&wrong_service), WriteVerdict::NotAllowed);
    }
}
