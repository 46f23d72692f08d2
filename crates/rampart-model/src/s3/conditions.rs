//! The seam between the S3 analyses and condition evaluation.
//!
//! The S3 questions ("can an outsider satisfy this Allow?", "does this Deny hold for every
//! plain-HTTP request?") are asked one condition key at a time: the entries of a `Condition`
//! block are ANDed and each names one key, so a statement's conditions hold for some (or
//! every) request exactly when, key by key, the entries on that key hold for some (or every)
//! value the key can take. [`holds`] evaluates the entries on one key for one probe value.
//!
//! INTERIM: until the policy engine lands in `crate::policy`, [`holds`] evaluates the
//! operators these analyses meet (`String*`, `Arn*`, `Bool`, `IpAddress`/`NotIpAddress`,
//! `Null`, `…IfExists`) itself. It is to be replaced by a call into the engine.

use serde_json::Value;

/// One `operator → key → values` entry of a `Condition` block.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub operator: &'a str,
    pub key: &'a str,
    /// The values as written (a single value becomes a list of one).
    pub values: Vec<&'a Value>,
}

impl Entry<'_> {
    /// The values as text (`true` and numbers as IAM reads them).
    pub fn texts(&self) -> Vec<String> {
        self.values.iter().map(|v| text(v)).collect()
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
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
        for (key, v) in keys {
            let values = match v {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
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

/// Whether every entry (all on one key) holds when the request's value for that key is
/// `value` (`None`: the key is absent from the request).
pub fn holds(entries: &[&Entry<'_>], value: Option<&str>) -> bool {
    entries.iter().all(|e| interim::entry_holds(e, value))
}

/// Interim evaluation, to be replaced by the policy engine's.
mod interim {
    use super::Entry;

    pub(super) fn entry_holds(e: &Entry<'_>, value: Option<&str>) -> bool {
        let op = e.operator.to_ascii_lowercase();
        if let Some(rest) = op.strip_prefix("forallvalues:") {
            return value.is_none_or(|v| one(rest, e, v));
        }
        let op = op.strip_prefix("foranyvalue:").unwrap_or(&op);
        if op == "null" {
            let want_absent = e.texts().iter().any(|t| t.eq_ignore_ascii_case("true"));
            return want_absent == value.is_none();
        }
        let (base, if_exists) = match op.strip_suffix("ifexists") {
            Some(b) => (b, true),
            None => (op, false),
        };
        match value {
            None => if_exists || negated(base),
            Some(v) => one(base, e, v),
        }
    }

    fn negated(op: &str) -> bool {
        op.contains("not")
    }

    fn one(op: &str, e: &Entry<'_>, v: &str) -> bool {
        let vals = e.texts();
        let any = |f: &dyn Fn(&str) -> bool| vals.iter().any(|x| f(x));
        match op {
            "stringequals" | "arnequals" => any(&|x| x == v),
            "stringnotequals" | "arnnotequals" => !any(&|x| x == v),
            "stringequalsignorecase" => any(&|x| x.eq_ignore_ascii_case(v)),
            "stringnotequalsignorecase" => !any(&|x| x.eq_ignore_ascii_case(v)),
            "stringlike" | "arnlike" => any(&|x| glob(x, v)),
            "stringnotlike" | "arnnotlike" => !any(&|x| glob(x, v)),
            "bool" => any(&|x| x.eq_ignore_ascii_case(v)),
            "ipaddress" => any(&|x| super::super::ip::in_range(v, x)),
            "notipaddress" => !any(&|x| super::super::ip::in_range(v, x)),
            _ => false,
        }
    }

    fn glob(pattern: &str, text: &str) -> bool {
        super::super::cover::full_match(pattern, text, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(cond: Value, key: &str, value: Option<&str>) -> bool {
        let all = entries(Some(&cond));
        holds(&on_key(&all, key), value)
    }

    #[test]
    fn absent_keys_follow_the_documented_rules() {
        let eq = json!({"StringEquals": {"aws:SourceAccount": "1"}});
        assert!(!check(eq.clone(), "aws:SourceAccount", None));
        assert!(check(eq.clone(), "aws:sourceaccount", Some("1")));
        assert!(!check(eq, "aws:SourceAccount", Some("2")));
        let ne = json!({"StringNotEquals": {"aws:SourceAccount": "1"}});
        assert!(check(ne, "aws:SourceAccount", None));
        let ie = json!({"BoolIfExists": {"aws:SecureTransport": false}});
        assert!(check(ie.clone(), "aws:SecureTransport", None));
        assert!(check(ie, "aws:SecureTransport", Some("false")));
        let null = json!({"Null": {"aws:SourceVpce": "true"}});
        assert!(check(null.clone(), "aws:SourceVpce", None));
        assert!(!check(null, "aws:SourceVpce", Some("vpce-1")));
    }

    #[test]
    fn likes_and_addresses() {
        let like = json!({"StringLike": {"aws:SourceArn": "arn:aws:cur:*:1:definition/*"}});
        assert!(check(
            like.clone(),
            "aws:SourceArn",
            Some("arn:aws:cur:us-east-1:1:definition/x")
        ));
        assert!(!check(
            like,
            "aws:SourceArn",
            Some("arn:aws:cur:us-east-1:2:definition/x")
        ));
        let ip = json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}});
        assert!(check(ip.clone(), "aws:SourceIp", Some("10.1.2.3")));
        assert!(check(ip.clone(), "aws:SourceIp", Some("2001:db8::5")));
        assert!(!check(ip, "aws:SourceIp", Some("192.0.2.1")));
    }
}
