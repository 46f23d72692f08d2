//! RMP515: an EC2 instance's metadata service still answers IMDSv1.

use rampart_model::{check_ids, Finding, ResourceRef, Severity, Step};

use crate::regional;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In every Region the account has enabled, each EC2 instance that is not terminated
    /// (`ec2:DescribeInstances`): its instance metadata service must require session tokens
    /// (`HttpTokens` = `required`, IMDSv2 only) or be turned off (`HttpEndpoint` =
    /// `disabled`). One failure per instance that still answers IMDSv1, one unknown per Region
    /// not read, one pass when no instance does.
    ///
    /// ## Why it matters
    /// The metadata service hands out the instance role's temporary credentials. With IMDSv1,
    /// one server-side request forgery in an application on the instance — a URL fetched on a
    /// user's behalf — is enough to read them; IMDSv2's session token, obtained with a `PUT`
    /// that such requests cannot make, stops it. This is how many cloud breaches began.
    ///
    /// ## How to fix
    /// First check that nothing on the instance still uses IMDSv1: the CloudWatch metric
    /// `MetadataNoToken` of the instance counts IMDSv1 calls, and old SDKs and agents may make
    /// them. Then `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens
    /// required --http-endpoint enabled --region REGION`. For new instances, make IMDSv2 the
    /// account default: `aws ec2 modify-instance-metadata-defaults --http-tokens required
    /// --region REGION`. rampart never changes a running instance: an application that needs
    /// IMDSv1 would stop working.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 6.7 (v6.0.0 6.7, v5.0.0 5.7)
    /// - <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html>
    pub struct InstanceMetadataV1Allowed;

    static META: CheckMeta = CheckMeta {
        id: check_ids::INSTANCE_METADATA_V1_ALLOWED,
        slug: "instance-metadata-v1-allowed",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Medium,
        title: "An EC2 instance's metadata service still answers IMDSv1",
        frameworks: &[("cis-aws-7.0", "6.7"), ("cis-aws-6.0", "6.7"), ("cis-aws-5.0", "5.7"), ("aws-fsbp", "EC2.8")],
        fix: Applicability::Manual,
    };
}

impl Check for InstanceMetadataV1Allowed {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge_resources(
            cx,
            META.id,
            cx.snapshot.guardrails.instances_by_region(),
            |r, instances| {
                instances
                    .iter()
                    .filter(|i| i.allows_imds_v1())
                    .map(|i| {
                        Finding::fail(
                            META.id,
                            ResourceRef::new("instance", &i.id).in_region(r),
                            format!(
                                "instance {} ({}) in {r} answers IMDSv1: its metadata service does not require tokens",
                                i.id, i.state
                            ),
                        )
                        .with("http_tokens", &i.http_tokens)
                    })
                    .collect()
            },
            |n| format!("every instance requires IMDSv2, in the {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        assert_unknown_when_refused_in_one_region, denied, hardened, inherited, only, run,
    };
    use rampart_model::guardrails::Instance;
    use rampart_model::{Observed, Status};

    fn with_instances(tokens: &[(&str, &str)]) -> rampart_model::Snapshot {
        let mut snap = hardened();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        let list = tokens
            .iter()
            .enumerate()
            .map(|(n, (tokens, endpoint))| Instance {
                id: format!("i-{n:017}"),
                state: "running".into(),
                http_tokens: (*tokens).into(),
                http_endpoint: (*endpoint).into(),
            })
            .collect();
        snap.guardrails.instances.insert(first, Observed::Known(list));
        snap
    }

    #[test]
    fn fails_for_each_instance_that_answers_imds_v1() {
        let snap = with_instances(&[("optional", "enabled"), ("required", "enabled"), ("optional", "disabled")]);
        let f = only(run(&InstanceMetadataV1Allowed, &snap));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.resource.id, "i-00000000000000000");
        let f = only(run(&InstanceMetadataV1Allowed, &inherited()));
        assert_eq!(f.status, Status::Fail, "{}", f.message);
    }

    #[test]
    fn passes_when_every_instance_requires_tokens() {
        let f = only(run(&InstanceMetadataV1Allowed, &with_instances(&[("required", "enabled")])));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&InstanceMetadataV1Allowed, "ec2:DescribeInstances", |g, r| {
            g.instances.insert(r, denied("ec2:DescribeInstances"));
        });
    }
}
