//! How the S3 analyses put their questions to the policy engine's condition evaluation
//! (`rampart_engines::policy::condition`), and the S3 actions they are asked about (the engine's catalog).
//!
//! The entries of a `Condition` block are ANDed and each names one key, so "can some request
//! meet these conditions?" and "does every request meet them?" can be asked key by key: the
//! entries on one key are cut out as a block of their own ([`Entry`], [`block`]) and
//! evaluated by the engine in a request context that sets that key as the question needs.

use serde_json::{Map, Value};

use rampart_engines::policy::catalog::catalog;
use rampart_engines::policy::condition::{evaluate, Tri};
use rampart_engines::policy::context::{RequestContext, RequestResource};
use rampart_engines::policy::glob::wildcard_match_ignore_case;
use rampart_engines::policy::Statement;

/// One `operator → key → values` entry of a `Condition` block.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub operator: &'a str,
    pub key: &'a str,
    /// The values as written.
    pub values: &'a Value,
}

impl Entry<'_> {
    /// The values as text (`true` and numbers as IAM reads them).
    pub fn texts(&self) -> Vec<String> {
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match self.values {
            Value::Array(a) => a.iter().map(text).collect(),
            other => vec![text(other)],
        }
    }
}

/// The entries of a statement's `Condition` block, in document order.
pub fn entries(condition: Option<&Value>) -> Vec<Entry<'_>> {
    let Some(Value::Object(ops)) = condition else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (operator, block) in ops {
        let Value::Object(keys) = block else { continue };
        for (key, values) in keys {
            out.push(Entry {
                operator,
                key,
                values,
            });
        }
    }
    out
}

/// The distinct keys the entries name (compared without case, as IAM does), first spelling kept.
pub fn keys<'a>(entries: &[Entry<'a>]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for e in entries {
        if !out.iter().any(|k| k.eq_ignore_ascii_case(e.key)) {
            out.push(e.key);
        }
    }
    out
}

/// The entries on `key`.
pub fn on_key<'e, 'a>(entries: &'e [Entry<'a>], key: &str) -> Vec<&'e Entry<'a>> {
    entries
        .iter()
        .filter(|e| e.key.eq_ignore_ascii_case(key))
        .collect()
}

/// The entries as a `Condition` block of their own.
pub fn block(entries: &[&Entry<'_>]) -> Value {
    let mut ops: Map<String, Value> = Map::new();
    for e in entries {
        let keys = ops
            .entry(e.operator.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(k) = keys {
            k.insert(e.key.to_owned(), e.values.clone());
        }
    }
    Value::Object(ops)
}

/// A request to the bucket for condition questions; `open` leaves unset keys unknown.
pub fn request(bucket_arn: &str, open: bool) -> RequestContext {
    let resource = RequestResource::Arn(bucket_arn.to_owned());
    if open {
        RequestContext::open("s3:GetObject", resource)
    } else {
        RequestContext::new("s3:GetObject", resource)
    }
}

/// The engine's verdict on `entries` in `ctx`.
pub fn eval(entries: &[&Entry<'_>], ctx: &RequestContext, variables: bool) -> Tri {
    evaluate(Some(&block(entries)), ctx, variables)
}

/// The engine's verdict on a whole `Condition` element in `ctx`.
pub fn eval_all(condition: Option<&Value>, ctx: &RequestContext, variables: bool) -> Tri {
    evaluate(condition, ctx, variables)
}

/// The catalog's S3 actions, lowercased (`s3:getobject`).
pub fn s3_actions() -> impl Iterator<Item = &'static str> {
    catalog().service_actions("s3")
}

/// Whether the statement's `Action`/`NotAction` takes in action `a` (lowercase).
pub fn takes(s: &Statement, a: &str) -> bool {
    if !s.action.is_empty() {
        s.action.iter().any(|p| wildcard_match_ignore_case(p, a))
    } else {
        !s.not_action.is_empty()
            && !s
                .not_action
                .iter()
                .any(|p| wildcard_match_ignore_case(p, a))
    }
}

/// Whether the statement takes in every S3 action of the catalog.
pub fn every_s3_action(s: &Statement) -> bool {
    let mut any = false;
    for a in s3_actions() {
        any = true;
        if !takes(s, a) {
            return false;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn blocks_are_cut_out_by_key() {
        let cond = json!({"StringEquals": {"aws:SourceAccount": "1", "s3:prefix": "a/"},
                          "Bool": {"aws:SecureTransport": false}});
        let all = entries(Some(&cond));
        assert_eq!(
            keys(&all),
            ["aws:SecureTransport", "aws:SourceAccount", "s3:prefix"]
        );
        let one = on_key(&all, "aws:sourceaccount");
        assert_eq!(
            block(&one),
            json!({"StringEquals": {"aws:SourceAccount": "1"}})
        );
        let ctx = request("arn:aws:s3:::b", false).with("aws:SourceAccount", "1");
        assert_eq!(eval(&one, &ctx, true), Tri::True);
        assert_eq!(
            eval(&one, &request("arn:aws:s3:::b", false), true),
            Tri::False
        );
        assert_eq!(
            eval(&one, &request("arn:aws:s3:::b", true), true),
            Tri::Unknown
        );
    }

    #[test]
    fn s3_actions_come_from_the_catalog() {
        let s = |j: Value| -> Statement { serde_json::from_value(j).unwrap() };
        assert!(every_s3_action(&s(
            json!({"Effect": "Deny", "Action": "s3:*"})
        )));
        assert!(every_s3_action(&s(
            json!({"Effect": "Deny", "Action": "*"})
        )));
        assert!(every_s3_action(&s(
            json!({"Effect": "Deny", "NotAction": "sqs:*"})
        )));
        assert!(!every_s3_action(&s(
            json!({"Effect": "Deny", "NotAction": "s3:GetObjectAcl"})
        )));
        assert!(!every_s3_action(&s(
            json!({"Effect": "Deny", "Action": "s3:Get*"})
        )));
        let some = |st: Statement| s3_actions().any(|a| takes(&st, a));
        assert!(some(s(
            json!({"Effect": "Allow", "Action": "S3:getobject"})
        )));
        assert!(!some(s(json!({"Effect": "Allow", "Action": "sqs:*"}))));
    }
}
