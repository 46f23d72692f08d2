//! Whether a resource policy lets *anyone* in: an outsider — a principal of another account,
//! unknown to the owner — reaches the resource through an `Allow` to everybody.
//!
//! One analysis for every resource policy rampart reads (S3 bucket policies, SNS topic and SQS
//! queue policies, KMS key policies, Lambda function policies, Secrets Manager secret policies,
//! EventBridge bus policies), decided by evaluation rather than by the look of the document.
//! An `Allow` to anyone (`Principal: "*"`, `{"AWS": "*"}`, or any `NotPrincipal`) that takes
//! in an action of the resource's service and reaches the resource is public when an
//! outsider's request can satisfy its conditions and no `Deny` surely takes it back.
//!
//! The outsider's request carries, for each *restricting* key the statements name, either
//! nothing or a value of the outsider's own (an account id, ARN, VPC or address that no fixed
//! value names, or one a wildcard value matches). Restricting keys are the ones that pin a
//! caller down when their values are fixed — S3's list in *Blocking public access*, "The
//! meaning of public", the principal-side keys that do the same, and `kms:CallerAccount`.
//! Every other key is the caller's to choose, so the policy engine evaluates the conditions in
//! an open context, and a condition it cannot decide leaves the statement public: a doubt is
//! never read as "private".
//!
//! A `Deny` takes the grant back when it applies to everyone, covers the whole resource and
//! every action of the service the grant gives, and surely holds for the outsider's request.

use rampart_engines::policy::catalog::catalog;
use rampart_engines::policy::condition::Tri;
use rampart_engines::policy::context::{RequestContext, RequestResource};
use rampart_engines::policy::glob::Tok;
use rampart_engines::policy::{Effect, PolicyDocument, Statement};

use serde::{Deserialize, Serialize};

use crate::observed::Observed;
use crate::s3::conditions::{self, Entry};
use crate::s3::cover;

/// A service whose resource policies the guardrail facts read in each enabled Region.
#[derive(Debug, Clone, Copy)]
pub struct PolicyService {
    /// The service prefix of its actions and ARNs.
    pub prefix: &'static str,
    /// A finding's resource kind for one of its resources.
    pub kind: &'static str,
    /// One of its resources, in words.
    pub noun: &'static str,
    /// Its resources, in words.
    pub plural: &'static str,
    /// The request that lists them.
    pub list: &'static str,
}

/// The services whose resource policies the guardrail facts read.
pub const SERVICES: [PolicyService; 6] = [
    PolicyService {
        prefix: "sns",
        kind: "sns-topic",
        noun: "SNS topic",
        plural: "SNS topics",
        list: "sns:ListTopics",
    },
    PolicyService {
        prefix: "sqs",
        kind: "sqs-queue",
        noun: "SQS queue",
        plural: "SQS queues",
        list: "sqs:ListQueues",
    },
    PolicyService {
        prefix: "kms",
        kind: "kms-key",
        noun: "KMS key",
        plural: "KMS keys",
        list: "kms:ListKeys",
    },
    PolicyService {
        prefix: "lambda",
        kind: "lambda-function",
        noun: "Lambda function",
        plural: "Lambda functions",
        list: "lambda:ListFunctions",
    },
    PolicyService {
        prefix: "secretsmanager",
        kind: "secret",
        noun: "secret",
        plural: "Secrets Manager secrets",
        list: "secretsmanager:ListSecrets",
    },
    PolicyService {
        prefix: "events",
        kind: "event-bus",
        noun: "event bus",
        plural: "EventBridge event buses",
        list: "events:ListEventBuses",
    },
];

/// One resource with a policy of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourcePolicy {
    /// The resource's ARN.
    pub arn: String,
    /// Its policy, or why it could not be read or parsed.
    pub policy: Observed<PolicyDocument>,
}

/// Condition keys that pin a caller down when their values are fixed (S3's list, the
/// principal-side keys that do the same for callers in an organization or account, and KMS's
/// caller account).
pub const RESTRICTING_KEYS: [&str; 17] = [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:userid",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "s3:DataAccessPointArn",
    "s3:DataAccessPointAccount",
    "kms:CallerAccount",
];

/// The resource a policy is attached to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The service prefix of its actions (`s3`, `sns`, `kms`, …).
    pub service: &'a str,
    /// Its ARN.
    pub arn: &'a str,
    /// Whether it holds resources of its own under `ARN/` (a bucket's objects) that the policy
    /// governs too.
    pub children: bool,
}

/// Whether the document replaces policy variables (version `2012-10-17`).
pub fn expands_variables(doc: &PolicyDocument) -> bool {
    doc.version.as_deref() == Some("2012-10-17")
}

/// The statements of `doc` that let anyone reach `target`, with their positions.
pub fn public_statements<'a>(
    doc: &'a PolicyDocument,
    target: &Target<'_>,
) -> Vec<(usize, &'a Statement)> {
    let variables = expands_variables(doc);
    let denies: Vec<&Statement> = doc
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny)
        .collect();
    doc.statements
        .iter()
        .enumerate()
        .filter(|(_, s)| grants_outsiders(s, target, variables, &denies))
        .collect()
}

/// Whether `s`, on its own, lets anyone reach `target`. `variables` says whether the
/// statement's document replaces policy variables.
pub fn is_public_statement(s: &Statement, target: &Target<'_>, variables: bool) -> bool {
    grants_outsiders(s, target, variables, &[])
}

/// The name a finding gives a statement: its `Sid`, else its position (`#2`).
pub fn statement_name(index: usize, s: &Statement) -> String {
    s.sid
        .clone()
        .filter(|sid| !sid.is_empty())
        .unwrap_or_else(|| format!("#{}", index + 1))
}

/// The catalog's actions of the target's service, lowercased.
fn service_actions<'a>(target: &Target<'a>) -> impl Iterator<Item = &'a str> + 'a {
    catalog().service_actions(target.service)
}

/// Whether `s` grants anyone some access to `target` that none of `denies` takes back.
fn grants_outsiders(
    s: &Statement,
    target: &Target<'_>,
    variables: bool,
    denies: &[&Statement],
) -> bool {
    if s.effect != Effect::Allow || !(s.principal_is_public() || s.not_principal.is_some()) {
        return false;
    }
    let Some(action) = service_actions(target).find(|a| conditions::takes(s, a)) else {
        return false;
    };
    reaches(s, target, variables) && outsider_reaches(s, action, target, variables, denies)
}

/// A `Resource` or `NotResource` list as the sets of ARNs its patterns can match.
fn patterns(list: &[String], variables: bool) -> Vec<Vec<Tok>> {
    list.iter()
        .map(|r| cover::coverage_tokens(r, variables))
        .collect()
}

/// Whether the statement's resources take in the target or at least one of its children. A
/// statement that names no resource at all is taken to mean the resource it is attached to.
fn reaches(s: &Statement, target: &Target<'_>, variables: bool) -> bool {
    let children = format!("{}/", target.arn);
    let toks = |list: &[String]| patterns(list, variables);
    if !s.resource.is_empty() {
        toks(&s.resource).iter().any(|r| {
            cover::matches(r, target.arn) || (target.children && cover::meets_prefix(r, &children))
        })
    } else if !s.not_resource.is_empty() {
        let not = toks(&s.not_resource);
        !not.iter().any(|r| cover::matches(r, target.arn))
            || (target.children && !not.iter().any(|r| cover::covers_prefix(r, &children)))
    } else {
        true
    }
}

/// Whether the statement's resources cover the target and all its children.
fn covers(s: &Statement, target: &Target<'_>, variables: bool) -> bool {
    let children = format!("{}/", target.arn);
    let toks = |list: &[String]| patterns(list, variables);
    if !s.resource.is_empty() {
        let r = toks(&s.resource);
        r.iter().any(|p| cover::matches(p, target.arn))
            && (!target.children || r.iter().any(|p| cover::covers_prefix(p, &children)))
    } else if !s.not_resource.is_empty() {
        let not = toks(&s.not_resource);
        !not.iter().any(|p| cover::matches(p, target.arn))
            && (!target.children || !not.iter().any(|p| cover::meets_prefix(p, &children)))
    } else {
        false
    }
}

/// The most outsider requests tried for one statement; beyond it (a dozen restricting keys
/// at once) the statement is taken to be public rather than cleared unexamined.
const MAX_REQUESTS: usize = 4096;

/// Whether some outsider's request for `action` is allowed by the statement and refused by
/// none of the `denies`. The `Allow` must possibly hold (a block it can never satisfy, such as
/// one with an unknown operator, grants nothing); a `Deny` refuses only when it surely holds
/// and covers, for everyone, every action of the service the `Allow` grants on the whole
/// target.
fn outsider_reaches(
    s: &Statement,
    action: &str,
    target: &Target<'_>,
    variables: bool,
    denies: &[&Statement],
) -> bool {
    let blocking: Vec<&Statement> = denies
        .iter()
        .copied()
        .filter(|d| blocks_all_of(d, s, target, variables))
        .collect();
    let mut entries = conditions::entries(s.condition.as_ref());
    for d in &blocking {
        entries.extend(conditions::entries(d.condition.as_ref()));
    }
    // A restricting key with a policy variable among its values is not pinned to a fixed
    // value: it stays the caller's to choose.
    let keys: Vec<&str> = conditions::keys(&entries)
        .into_iter()
        .filter(|k| restricts_for(k, target.service))
        .filter(|k| {
            !conditions::on_key(&entries, k)
                .iter()
                .any(|e| e.texts().iter().any(|t| t.contains("${")))
        })
        .collect();
    let choices: Vec<Vec<Option<String>>> = keys
        .iter()
        .map(|k| {
            std::iter::once(None)
                .chain(
                    outsider_values(k, &conditions::on_key(&entries, k))
                        .into_iter()
                        .map(Some),
                )
                .collect()
        })
        .collect();
    let total = choices
        .iter()
        .try_fold(1usize, |n, c| n.checked_mul(c.len()))
        .unwrap_or(usize::MAX);
    if total > MAX_REQUESTS {
        return true;
    }
    let resource = RequestResource::Arn(target.arn.to_owned());
    (0..total).any(|mut n| {
        let mut ctx = RequestContext::open(action, resource.clone());
        for (k, c) in keys.iter().zip(&choices) {
            ctx = match &c[n % c.len()] {
                None => ctx.without(k),
                Some(v) => ctx.with(k, v.as_str()),
            };
            n /= c.len();
        }
        conditions::eval_all(s.condition.as_ref(), &ctx, variables).possible()
            && !blocking
                .iter()
                .any(|d| conditions::eval_all(d.condition.as_ref(), &ctx, variables) == Tri::True)
    })
}

/// Whether `deny` applies to everyone and to every action of the service `allow` grants, on
/// the whole target.
fn blocks_all_of(
    deny: &Statement,
    allow: &Statement,
    target: &Target<'_>,
    variables: bool,
) -> bool {
    deny.effect == Effect::Deny
        && deny.not_principal.is_none()
        && deny.principal_is_public()
        && covers(deny, target, variables)
        && service_actions(target)
            .filter(|a| conditions::takes(allow, a))
            .all(|a| conditions::takes(deny, a))
}

pub fn is_restricting(key: &str) -> bool {
    RESTRICTING_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Whether `key` pins a caller down in a policy of `service`: a service's own keys
/// (`kms:CallerAccount`, `s3:DataAccessPointAccount`) only in that service's policies, so a
/// bucket policy is judged by S3's own list.
fn restricts_for(key: &str, service: &str) -> bool {
    is_restricting(key)
        && key.split_once(':').is_none_or(|(prefix, _)| {
            prefix.eq_ignore_ascii_case("aws") || prefix.eq_ignore_ascii_case(service)
        })
}

/// The values an outsider can bring for `key`: one that no listed value names, and an instance
/// of each wildcard value (except the `ROLEID:*` form of `aws:userid`, which S3 counts as fixed).
fn outsider_values(key: &str, entries: &[&Entry<'_>]) -> Vec<String> {
    let listed: Vec<String> = entries.iter().flat_map(|e| e.texts()).collect();
    if key.eq_ignore_ascii_case("aws:SourceIp") {
        return crate::s3::ip::outsiders(&listed);
    }
    let k = key.to_ascii_lowercase();
    let shapes: [&str; 2] = if k.ends_with("arn") {
        [
            "arn:aws:iam::000000000000:role/rampart-outsider",
            "arn:aws:sts::999999999999:assumed-role/rampart-outsider/x",
        ]
    } else if k.ends_with("account") || k.ends_with("owner") {
        ["000000000000", "999999999999"]
    } else if k.ends_with("orgid") {
        ["o-rampartoutsider0", "o-rampartoutsider1"]
    } else {
        ["rampart-outsider-0", "rampart-outsider-1"]
    };
    let mut out: Vec<String> = shapes
        .iter()
        .find(|s| !listed.iter().any(|l| l.eq_ignore_ascii_case(s)))
        .map(|s| vec![(*s).to_owned()])
        .unwrap_or_default();
    for l in &listed {
        let role_sessions =
            k == "aws:userid" && l.ends_with(":*") && !l[..l.len() - 2].contains(['*', '?']);
        if (l.contains('*') || l.contains('?')) && !role_sessions {
            out.push(l.replace(['*', '?'], "x"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
