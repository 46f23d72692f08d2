//! RMP120: expired SSL/TLS certificates are stored in IAM.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Whether IAM stores server certificates (`iam:ListServerCertificates`) whose expiration
    /// date has passed, as of when the snapshot was taken. One failure per expired
    /// certificate; one pass for the account when none has expired.
    ///
    /// ## Why it matters
    /// An expired certificate still attached to a load balancer or CloudFront distribution
    /// breaks the site for every visitor, and one left behind can be deployed again by mistake.
    /// IAM keeps them until someone deletes them. (Certificates managed by AWS Certificate
    /// Manager are renewed and are not stored here.)
    ///
    /// ## How to fix
    /// Check that nothing still uses the certificate, then delete it: with the CLI,
    /// `aws iam delete-server-certificate --server-certificate-name NAME` (the console does not
    /// list IAM server certificates). Prefer AWS Certificate Manager for new certificates.
    /// `rampart apply` never deletes a certificate: this is a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 2.17 (v6.0.0 2.18, v5.0.0 1.18)
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html>
    pub struct ExpiredServerCertificates;

    static META: CheckMeta = CheckMeta {
        id: check_ids::EXPIRED_SERVER_CERTIFICATES,
        slug: "expired-server-certificates",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Medium,
        title: "Expired SSL/TLS certificates are stored in IAM",
        frameworks: &[("cis-aws-7.0", "2.17"), ("cis-aws-6.0", "2.18"), ("cis-aws-5.0", "1.18")],
        fix: Applicability::Manual,
    };
}

impl Check for ExpiredServerCertificates {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let certificates = match cx.snapshot.iam.server_certificates.as_result() {
            Ok(c) => c,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        let now = cx.snapshot.taken_at;
        let mut out: Vec<Finding> = certificates
            .iter()
            .filter(|c| c.expiration <= now)
            .map(|c| {
                Finding::fail(
                    META.id,
                    rampart_model::ResourceRef::new("server-certificate", c.arn.clone()),
                    format!(
                        "server certificate `{}` expired on {}",
                        c.name,
                        c.expiration.format("%Y-%m-%d")
                    ),
                )
                .with("expiration", c.expiration.to_rfc3339())
            })
            .collect();
        if out.is_empty() {
            out.push(
                Finding::pass(
                    META.id,
                    facts::account(cx),
                    "no expired server certificate is stored in IAM",
                )
                .with("certificates", certificates.len()),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, hardened, only, run, statuses};
    use rampart_model::iam::ServerCertificate;
    use rampart_model::{Observed, Status};

    fn certificate(name: &str, days_from_taken: i64) -> ServerCertificate {
        let taken = hardened().taken_at;
        ServerCertificate {
            name: name.into(),
            arn: format!("arn:aws:iam::111122223333:server-certificate/{name}"),
            expiration: taken + chrono::Duration::days(days_from_taken),
        }
    }

    #[test]
    fn fails_for_each_expired_certificate() {
        let mut snap = hardened();
        snap.iam.server_certificates = Observed::Known(vec![
            certificate("old", -1),
            certificate("current", 30),
            certificate("older", -400),
        ]);
        let findings = run(&ExpiredServerCertificates, &snap);
        assert_eq!(statuses(&findings), [Status::Fail, Status::Fail]);
        assert!(findings[0].message.contains("`old` expired on"), "{}", findings[0].message);
    }

    #[test]
    fn passes_when_none_has_expired_as_of_the_snapshot() {
        let mut snap = hardened();
        snap.iam.server_certificates = Observed::Known(vec![certificate("current", 1)]);
        let f = only(run(&ExpiredServerCertificates, &snap));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.evidence["certificates"], 1);
        assert_eq!(
            only(run(&ExpiredServerCertificates, &hardened())).status,
            Status::Pass
        );
    }

    #[test]
    fn unknown_when_the_list_cannot_be_read() {
        let mut snap = hardened();
        snap.iam.server_certificates = denied("iam:ListServerCertificates");
        let f = only(run(&ExpiredServerCertificates, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(f.missing_permission.as_deref(), Some("iam:ListServerCertificates"));
    }

    #[test]
    fn a_snapshot_from_before_the_fact_is_unknown() {
        let mut text: serde_json::Value =
            serde_json::from_str(include_str!("../../../../examples/hardened.json"))
                .expect("JSON");
        text["iam"]
            .as_object_mut()
            .expect("iam")
            .remove("server_certificates");
        let snap = rampart_model::Snapshot::from_json(&text.to_string()).expect("still loads");
        assert_eq!(
            only(run(&ExpiredServerCertificates, &snap)).status,
            Status::Unknown
        );
    }
}
