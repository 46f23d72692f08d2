//! RMP514: a resource policy lets anyone in (`"Principal": "*"` without a condition that pins
//! the caller down).

use rampart_model::resource_policy::{
    public_statements, statement_name, PolicyService, ResourcePolicy, Target, SERVICES,
};
use rampart_model::{check_ids, Finding, Observed, ResourceRef, Severity, Status, Step};

use rampart_model::s3::bpa::{effective_bpa, BpaSetting};
use rampart_model::s3::public::public_statements as public_statements_of_bucket;

use crate::{facts, regional};
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In every Region the account has enabled, the policy of each SNS topic, SQS queue, KMS
    /// key, Lambda function, Secrets Manager secret and EventBridge event bus, judged by the
    /// policy engine for an *outsider*: a principal of another account that nobody named. A
    /// policy fails when one of its `Allow` statements to anyone (`"Principal": "*"`,
    /// `{"AWS": "*"}`, or a `NotPrincipal`) takes in an action of the resource's service, and
    /// an outsider's request can meet its conditions without a `Deny` for everyone taking it
    /// back. Conditions that pin the caller down with fixed values — `aws:SourceArn`,
    /// `aws:SourceAccount`, `aws:SourceOwner`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`,
    /// `aws:SourceVpce`, `aws:SourceIp`, `kms:CallerAccount`, … — keep it private; a wildcard
    /// or a negation does not. A condition the engine cannot decide counts against the policy.
    /// The failure names the statements. A policy that could not be read is unknown, and so
    /// is a service in a Region where its resources could not be listed.
    ///
    /// Every S3 bucket the account owns is judged the same way, with one difference S3 makes:
    /// a public bucket policy has no effect while `RestrictPublicBuckets` is in force for the
    /// bucket (its own Block Public Access or the account's), which lets only the account's
    /// principals and AWS services through. ACL grants are not policies; RMP501's fix lists the
    /// buckets they make public.
    ///
    /// ## Why it matters
    /// A statement to `*` is a grant to every AWS account in the world. A queue that anyone can
    /// send to, a topic anyone can subscribe to, a secret anyone can read or a function anyone
    /// can invoke is found by scanners within days. AWS writes conditions into the policies it
    /// creates for services (a topic's default policy allows only its owner through
    /// `AWS:SourceOwner`); the statements people add by hand to get something working are the
    /// ones that forget them.
    ///
    /// ## How to fix
    /// For each statement named, replace `"Principal": "*"` with the accounts or roles that
    /// need the access, or add a condition with a fixed value: `aws:SourceArn` for the one
    /// topic, bucket or rule a service acts for, `aws:PrincipalOrgID` for your organization.
    /// Edit the policy in the service's console (its **Access policy** or **Permissions** tab),
    /// or with the CLI: `aws sqs set-queue-attributes`, `aws sns set-topic-attributes`,
    /// `aws kms put-key-policy`, `aws lambda remove-permission`, `aws secretsmanager
    /// put-resource-policy`, `aws events put-permission` / `remove-permission`. rampart never
    /// rewrites a resource policy: it cannot know who the statement was meant for.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 2.21
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status>
    pub struct ResourcePolicyAllowsAnyone;

    static META: CheckMeta = CheckMeta {
        id: check_ids::RESOURCE_POLICY_ALLOWS_ANYONE,
        slug: "resource-policy-allows-anyone",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::High,
        title: "A resource policy lets anyone outside the account in",
        frameworks: &[("cis-aws-7.0", "2.21"), ("aws-fsbp", "KMS.5"), ("aws-fsbp", "Lambda.1"), ("aws-fsbp", "SNS.4"), ("aws-fsbp", "SQS.3")],
        fix: Applicability::Manual,
    };
}

/// The failure or unknown of one resource's policy, if any.
fn judge(service: &PolicyService, region: &str, r: &ResourcePolicy) -> Option<Finding> {
    let resource = ResourceRef::new(service.kind, &r.arn).in_region(region);
    let doc = match &r.policy {
        Observed::Known(doc) => doc,
        Observed::Unavailable(u) => return Some(Finding::unknown(META.id, resource, u)),
    };
    let target = Target {
        service: service.prefix,
        arn: &r.arn,
        children: false,
    };
    let names: Vec<String> = public_statements(doc, &target)
        .into_iter()
        .map(|(i, s)| statement_name(i, s))
        .collect();
    if names.is_empty() {
        return None;
    }
    let name = rampart_model::arn::resource(&r.arn).unwrap_or(&r.arn);
    Some(
        Finding::fail(
            META.id,
            resource,
            format!(
                "the policy of {} `{name}` in {region} lets anyone outside the account in (statement {})",
                service.noun,
                names.join(", ")
            ),
        )
        .with("statements", names),
    )
}

/// The failures and unknowns of the account's buckets: a public statement counts unless
/// `RestrictPublicBuckets` is in force for the bucket (at its level or the account's), which
/// lets only the account's own principals and AWS services through.
fn buckets(cx: &Context<'_>) -> Vec<Finding> {
    let s3 = &cx.snapshot.s3;
    let owned = match s3.owned_buckets() {
        Ok(owned) => owned,
        Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
    };
    let mut out = Vec::new();
    for b in owned {
        let resource = ResourceRef::new("bucket", b.name);
        let Some(facts) = b.facts else {
            let u = rampart_model::Unavailable::new(
                rampart_model::UnavailableKind::Dependency,
                Some("s3:GetBucketPolicy"),
                format!("the policy of bucket `{}` was not read", b.name),
            );
            out.push(Finding::unknown(META.id, resource, &u));
            continue;
        };
        let doc = match &facts.policy {
            Observed::Known(Some(doc)) => doc,
            Observed::Known(None) => continue,
            Observed::Unavailable(u) => {
                out.push(Finding::unknown(META.id, resource, u));
                continue;
            }
        };
        let names: Vec<String> = public_statements_of_bucket(doc, b.name)
            .into_iter()
            .map(|(i, s)| statement_name(i, s))
            .collect();
        if names.is_empty() {
            continue;
        }
        let bpa = effective_bpa(facts, &s3.account_public_access_block);
        match bpa.get(BpaSetting::RestrictPublicBuckets) {
            Ok(true) => {}
            Ok(false) => out.push(
                Finding::fail(
                    META.id,
                    resource,
                    format!(
                        "the policy of bucket `{}` lets anyone outside the account in (statement {}), and RestrictPublicBuckets is off",
                        b.name,
                        names.join(", ")
                    ),
                )
                .with("statements", names),
            ),
            Err(u) => out.push(Finding::unknown(META.id, resource, u).with("statements", names)),
        }
    }
    out
}

impl Check for ResourcePolicyAllowsAnyone {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut regions = 0;
        for service in &SERVICES {
            let read = cx.snapshot.guardrails.resource_policies_by_region(service.prefix);
            let judged = regional::judge_resources(
                cx,
                META.id,
                read,
                |r, found| found.iter().filter_map(|p| judge(service, r, p)).collect(),
                |n| {
                    regions = n;
                    String::new()
                },
            );
            out.extend(judged.into_iter().filter(|f| f.status != Status::Pass));
        }
        out.extend(buckets(cx));
        if out.is_empty() {
            out.push(
                Finding::pass(
                    META.id,
                    facts::account(cx),
                    format!(
                        "no bucket, topic, queue, key, function, secret or event bus policy lets anyone in, in the {regions} enabled Regions"
                    ),
                )
                .with("regions", regions),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests;
