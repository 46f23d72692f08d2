//! Whether a resource policy lets an AWS service principal make one request: CloudTrail or a
//! billing service writing into a bucket, EventBridge or CloudWatch publishing to an SNS
//! topic, either of them using a KMS key.
//!
//! The question is a resource-policy evaluation for one request — service principal `P`
//! calls action `A` on resource `R` in a closed request context (the keys AWS sends, such as
//! `aws:SourceAccount` and `aws:SourceArn`; every other key absent). A statement applies when
//! its principal takes in `P` (`"*"`, `{"AWS": "*"}`, `{"Service": P}`, or a `NotPrincipal`
//! that does not name `P`), its action and resource patterns match (the engine's wildcards
//! and policy variables), and the condition engine finds its conditions true. As in every AWS
//! evaluation, one applicable `Deny` refuses the request; otherwise one applicable `Allow`
//! permits it. Principals of the owner account (`arn:aws:iam::ACCOUNT:root`) never take in a
//! service principal, and a service principal has no identity policies of its own.
//!
//! The context is built closed, with the keys AWS sends for a service principal
//! ([`ServiceRequest::context_for`]). An `Allow` counts only when its conditions are surely
//! true there. A `Deny` whose conditions are not surely true is asked again with every key
//! the context does not set unknown (except those AWS documents as absent for a service
//! principal): if it could still apply — a condition on the time, a request tag, a key rampart
//! does not model — the verdict is [`AccessVerdict::Undecided`], never "allowed".

use serde_json::Value;

use crate::policy::condition::{evaluate, Tri};
use crate::policy::context::RequestContext;
use crate::policy::glob::{match_tokens, tokens, wildcard_match_ignore_case};
use crate::policy::variables::{expand, Expanded};
use crate::policy::{Effect, PolicyDocument, Statement};

/// Keys AWS does not send when a service principal makes the request: the principal's own
/// keys, and the VPC keys (present only for requests through a VPC endpoint of the caller's).
/// `aws:SourceIp` stays open: a service's request comes from AWS's network, whose addresses
/// rampart does not know.
const ABSENT_FOR_SERVICES: [&str; 13] = [
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpcSourceIp",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:TokenIssueTime",
];

/// One request a service makes on a resource guarded by a resource policy.
#[derive(Debug, Clone)]
pub struct ServiceRequest {
    /// The service principal, such as `events.amazonaws.com`.
    pub service: String,
    /// The action, such as `sns:Publish`.
    pub action: String,
    /// The resource ARN the request names (`*` for a key policy's own key is written as the
    /// key's ARN: a key policy's `"Resource": "*"` matches it).
    pub resource: String,
    /// The request context; build it closed ([`RequestContext::new`]).
    pub context: RequestContext,
}

impl ServiceRequest {
    /// The closed context of a request by `service`: the keys AWS sends for a service
    /// principal (`aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`, TLS) and, when
    /// given, `aws:SourceAccount` and `aws:SourceArn`.
    pub fn context_for(
        service: &str,
        action: &str,
        resource: &str,
        account: Option<&str>,
        source_arn: Option<&str>,
    ) -> RequestContext {
        let mut ctx = RequestContext::new(
            action,
            crate::policy::context::RequestResource::Arn(resource.to_owned()),
        )
        .with("aws:PrincipalIsAWSService", "true")
        .with("aws:PrincipalServiceName", service)
        .with("aws:SecureTransport", "true");
        if let Some(a) = account {
            ctx = ctx.with("aws:SourceAccount", a);
        }
        if let Some(arn) = source_arn {
            ctx = ctx.with("aws:SourceArn", arn);
        }
        ctx
    }
}

/// What the policy says about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessVerdict {
    /// Allowed, by the statements at these positions.
    Allowed(Vec<usize>),
    /// Refused by the `Deny` at this position.
    Denied(usize),
    /// The `Deny` at this position may apply, on keys rampart cannot know.
    Undecided(usize),
    /// No statement allows it.
    NotAllowed,
}

impl AccessVerdict {
    pub fn allowed(&self) -> bool {
        matches!(self, AccessVerdict::Allowed(_))
    }

    /// Why the request is not allowed, for evidence; `None` when it is.
    pub fn refusal(&self) -> Option<String> {
        match self {
            AccessVerdict::Allowed(_) => None,
            AccessVerdict::Denied(i) => Some(format!("statement {} denies it", i + 1)),
            AccessVerdict::Undecided(i) => Some(format!(
                "statement {} may deny it, on conditions rampart cannot decide",
                i + 1
            )),
            AccessVerdict::NotAllowed => Some("no statement allows it".to_owned()),
        }
    }
}

/// Evaluates `doc` for the request `req`.
pub fn service_access(doc: &PolicyDocument, req: &ServiceRequest) -> AccessVerdict {
    let variables = doc.version.as_deref() == Some("2012-10-17");
    let mut allowing = Vec::new();
    let (mut maybe_deny, mut maybe_allow) = (None, None);
    for (i, s) in doc.statements.iter().enumerate() {
        match (s.effect, applies(s, &req.context, req, variables)) {
            (Effect::Deny, Tri::True) => return AccessVerdict::Denied(i),
            (Effect::Allow, Tri::True) => allowing.push(i),
            (Effect::Deny, Tri::Unknown) => {
                maybe_deny.get_or_insert(i);
            }
            (Effect::Allow, Tri::Unknown) => {
                maybe_allow.get_or_insert(i);
            }
            _ => {}
        }
    }
    // Nothing may allow it: refused, whatever the undecided denies say.
    if allowing.is_empty() && maybe_allow.is_none() {
        return AccessVerdict::NotAllowed;
    }
    if let Some(i) = maybe_deny.or(if allowing.is_empty() {
        maybe_allow
    } else {
        None
    }) {
        return AccessVerdict::Undecided(i);
    }
    if allowing.is_empty() {
        AccessVerdict::NotAllowed
    } else {
        AccessVerdict::Allowed(allowing)
    }
}

/// Whether statement `s` applies: `True` when its conditions hold both in the closed context
/// and with every key the context does not set left open (so it does not rest on a key's
/// absence that rampart only assumes); `Unknown` when they may hold.
fn applies(s: &Statement, ctx: &RequestContext, req: &ServiceRequest, variables: bool) -> Tri {
    let principal = match (&s.principal, &s.not_principal) {
        (Some(p), _) => names_service(p, &req.service),
        (None, Some(np)) => !names_service(np, &req.service),
        (None, None) => false,
    };
    let names_action = |list: &[String]| {
        list.iter()
            .any(|a| wildcard_match_ignore_case(a, &req.action))
    };
    let action = if !s.action.is_empty() {
        names_action(&s.action)
    } else {
        !s.not_action.is_empty() && !names_action(&s.not_action)
    };
    // Variables take the request's values; one that cannot be resolved matches nothing.
    let names_resource = |list: &[String]| {
        list.iter().any(|r| {
            let toks = if variables {
                match expand(r, ctx) {
                    Expanded::Tokens(t) => t,
                    Expanded::Unresolved | Expanded::Unknown => return false,
                }
            } else {
                tokens(r)
            };
            match_tokens(&toks, &req.resource, false)
        })
    };
    let resource = if !s.resource.is_empty() {
        names_resource(&s.resource)
    } else {
        !s.not_resource.is_empty() && !names_resource(&s.not_resource)
    };
    if !(principal && action && resource) {
        return Tri::False;
    }
    let open = ABSENT_FOR_SERVICES
        .iter()
        .fold(ctx.opened(), |c, k| c.without(k));
    match (
        evaluate(s.condition.as_ref(), ctx, variables),
        evaluate(s.condition.as_ref(), &open, variables),
    ) {
        (Tri::True, Tri::True) => Tri::True,
        (_, Tri::False) => Tri::False,
        _ => Tri::Unknown,
    }
}

/// Whether a principal element takes in the service: everyone, or the service by name.
fn names_service(p: &Value, service: &str) -> bool {
    if is_everyone(p) {
        return true;
    }
    let listed = |v: &Value| match v {
        Value::String(s) => s.eq_ignore_ascii_case(service),
        Value::Array(a) => a
            .iter()
            .any(|x| x.as_str().is_some_and(|s| s.eq_ignore_ascii_case(service))),
        _ => false,
    };
    p.get("Service").is_some_and(listed)
}

/// `"*"` or `{"AWS": "*"}` (also in a list).
fn is_everyone(p: &Value) -> bool {
    let star = |v: &Value| match v {
        Value::String(s) => s == "*",
        Value::Array(a) => a.iter().any(|x| x.as_str() == Some("*")),
        _ => false,
    };
    match p {
        Value::String(s) => s == "*",
        Value::Object(m) => m.get("AWS").is_some_and(star),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:alerts";
    const RULE: &str = "arn:aws:events:us-east-1:111122223333:rule/cis-5-4";

    fn publish(statements: &str) -> AccessVerdict {
        let doc = PolicyDocument::parse(&format!(
            r#"{{"Version":"2012-10-17","Statement":{statements}}}"#
        ))
        .expect("test policy parses");
        let context = ServiceRequest::context_for(
            "events.amazonaws.com",
            "sns:Publish",
            TOPIC,
            Some("111122223333"),
            Some(RULE),
        )
        // EventBridge sends no `AWS:SourceOwner` (alert_route::delivery says why).
        .without("aws:SourceOwner");
        service_access(
            &doc,
            &ServiceRequest {
                service: "events.amazonaws.com".into(),
                action: "sns:Publish".into(),
                resource: TOPIC.into(),
                context,
            },
        )
    }

    #[test]
    fn a_statement_for_the_service_and_this_rule_allows_publishing() {
        let scoped = format!(
            r#"[{{"Effect":"Allow","Principal":{{"Service":"events.amazonaws.com"}},"Action":"sns:Publish","Resource":"{TOPIC}","Condition":{{"ArnEquals":{{"aws:SourceArn":"{RULE}"}}}}}}]"#
        );
        assert_eq!(publish(&scoped), AccessVerdict::Allowed(vec![0]));
        let like = scoped
            .replace("ArnEquals", "ArnLike")
            .replace("cis-5-4", "cis-*");
        assert!(publish(&like).allowed());
    }

    #[test]
    fn the_default_topic_policy_another_rule_and_denies_refuse() {
        // The policy SNS gives a new topic: the owner account's principals only.
        let default = format!(
            r#"[{{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{{"AWS":"*"}},"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"{TOPIC}","Condition":{{"StringEquals":{{"AWS:SourceOwner":"111122223333"}}}}}}]"#
        );
        assert_eq!(publish(&default), AccessVerdict::NotAllowed);
        let other_rule = format!(
            r#"[{{"Effect":"Allow","Principal":{{"Service":"events.amazonaws.com"}},"Action":"sns:Publish","Resource":"{TOPIC}","Condition":{{"ArnEquals":{{"aws:SourceArn":"arn:aws:events:us-east-1:111122223333:rule/other"}}}}}}]"#
        );
        assert_eq!(publish(&other_rule), AccessVerdict::NotAllowed);
        let owner = format!(
            r#"[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"sns:Publish","Resource":"{TOPIC}"}}]"#
        );
        assert_eq!(publish(&owner), AccessVerdict::NotAllowed);
        let denied = format!(
            r#"[{{"Effect":"Allow","Principal":"*","Action":"sns:*","Resource":"*"}},{{"Effect":"Deny","NotPrincipal":{{"Service":"cloudwatch.amazonaws.com"}},"Action":"sns:Publish","Resource":"{TOPIC}"}}]"#
        );
        assert_eq!(publish(&denied), AccessVerdict::Denied(1));
        assert_eq!(
            AccessVerdict::Denied(1).refusal().as_deref(),
            Some("statement 2 denies it")
        );
    }

    #[test]
    fn a_deny_on_keys_rampart_cannot_know_is_undecided_and_absent_keys_are_absent() {
        let allow = format!(
            r#"{{"Effect":"Allow","Principal":{{"Service":"events.amazonaws.com"}},"Action":"sns:Publish","Resource":"{TOPIC}"}}"#
        );
        let by_time = format!(
            r#"[{allow},{{"Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{{"DateGreaterThan":{{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}}}}]"#
        );
        assert_eq!(publish(&by_time), AccessVerdict::Undecided(1));
        // Services are not in the organization: this Deny refuses them, as AWS does.
        let outside_org = format!(
            r#"[{allow},{{"Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{{"StringNotEquals":{{"aws:PrincipalOrgID":"o-example"}}}}}}]"#
        );
        assert_eq!(publish(&outside_org), AccessVerdict::Denied(1));
        // ... unless it exempts AWS services, a key AWS sends.
        let exempt = outside_org.replace(
            r#""StringNotEquals":{"aws:PrincipalOrgID":"o-example"}"#,
            r#""StringNotEquals":{"aws:PrincipalOrgID":"o-example"},"Bool":{"aws:PrincipalIsAWSService":"false"}"#,
        );
        assert!(publish(&exempt).allowed(), "{:?}", publish(&exempt));
        // An allow that holds only while a key is absent that AWS may send: undecided.
        let if_exists = format!(
            r#"[{{"Effect":"Allow","Principal":{{"Service":"events.amazonaws.com"}},"Action":"sns:Publish","Resource":"{TOPIC}","Condition":{{"StringEqualsIfExists":{{"aws:SourceOrgID":"o-example"}}}}}}]"#
        );
        assert_eq!(publish(&if_exists), AccessVerdict::Undecided(0));
        // An undecided deny with nothing that allows: simply not allowed.
        let only_deny = r#"[{"Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}]"#;
        assert_eq!(publish(only_deny), AccessVerdict::NotAllowed);
    }
}
