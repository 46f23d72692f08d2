//! The `Condition` element: every operator AWS documents for identity policies.
//!
//! Rules (IAM User Guide, "Condition operators" and "Single-valued vs. multivalued context
//! keys"): all operators of a block must be true, all keys under an operator must be true, and
//! one of a key's values suffices. A key absent from the request makes a matching operator
//! false and a negated one (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, …) true;
//! `…IfExists` is true on an absent key; `Null` tests presence; `ForAllValues:` is true and
//! `ForAnyValue:` false on an absent key; a multivalued key under an operator without a set
//! prefix does not match. An operator AWS does not know makes its condition
//! false: IAM refuses to store such a policy, so one can only come from a hand-written
//! document, and a condition that cannot be read must not be taken to hold.
//!
//! Evaluation is three-valued so that open request contexts (keys unknown) can be asked about:
//! [`Tri::Unknown`] means "depends on a key the question leaves open".

use std::net::IpAddr;

use serde_json::Value;

use super::context::{ContextValue, Lookup, RequestContext};
use super::glob::{match_tokens, tokens, Tok};
use super::variables::{expand, Expanded};

mod operator;
pub use operator::Operator;
use operator::{Base, SetOp};

/// A three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tri {
    False,
    Unknown,
    True,
}

impl Tri {
    pub fn from_bool(b: bool) -> Self {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
    pub fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }
    pub fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }
    pub fn negate(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
    /// True or unknown.
    pub fn possible(self) -> bool {
        self != Tri::False
    }
}

fn any(items: impl Iterator<Item = Tri>) -> Tri {
    items.fold(Tri::False, Tri::or)
}

fn all(items: impl Iterator<Item = Tri>) -> Tri {
    items.fold(Tri::True, Tri::and)
}

/// Evaluates a statement's `Condition` element. `variables` says whether the document's
/// version replaces policy variables.
pub fn evaluate(condition: Option<&Value>, ctx: &RequestContext, variables: bool) -> Tri {
    let Some(condition) = condition else {
        return Tri::True;
    };
    let Value::Object(ops) = condition else {
        return Tri::False;
    };
    let mut result = Tri::True;
    for (op_name, block) in ops {
        let Some(op) = Operator::parse(op_name) else {
            return Tri::False;
        };
        let Value::Object(keys) = block else {
            return Tri::False;
        };
        for (key, values) in keys {
            result = result.and(evaluate_key(op, key, values, ctx, variables));
            if result == Tri::False {
                return Tri::False;
            }
        }
    }
    result
}

fn policy_values(v: &Value) -> Vec<Option<String>> {
    fn one(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    match v {
        Value::Array(a) => a.iter().map(one).collect(),
        other => vec![one(other)],
    }
}

fn evaluate_key(op: Operator, key: &str, values: &Value, ctx: &RequestContext, vars: bool) -> Tri {
    let pvals = policy_values(values);
    let found = ctx.lookup(key);
    if op.base == Base::Null {
        let absent = match found {
            Lookup::Unknown => return Tri::Unknown,
            Lookup::Absent => true,
            Lookup::Present(_) => false,
        };
        return any(pvals
            .iter()
            .map(|p| match p.as_deref().map(str::to_ascii_lowercase) {
                Some(s) if s == "true" => Tri::from_bool(absent),
                Some(s) if s == "false" => Tri::from_bool(!absent),
                _ => Tri::False,
            }));
    }
    let cv = match found {
        Lookup::Unknown => return Tri::Unknown,
        Lookup::Absent => {
            return Tri::from_bool(match op.set {
                SetOp::ForAllValues => true,
                SetOp::ForAnyValue => false,
                SetOp::None => op.if_exists || op.base.negated(),
            })
        }
        Lookup::Present(cv) => cv,
    };
    let single = |c: &str| -> Tri {
        let hit = any(pvals.iter().map(|p| match p {
            Some(p) => positive(op.base, p, c, ctx, vars),
            None => Tri::False,
        }));
        if op.base.negated() {
            hit.negate()
        } else {
            hit
        }
    };
    let cvals = cv.values();
    match (op.set, cv) {
        (SetOp::ForAllValues, _) => all(cvals.iter().map(|c| single(c))),
        (SetOp::ForAnyValue, _) => any(cvals.iter().map(|c| single(c))),
        // "Multivalued context keys require a condition set operator" (IAM guide,
        // single-valued vs. multivalued context keys): without one the condition does not
        // match, whether the operator is negated or not.
        (SetOp::None, ContextValue::Multi(_)) => Tri::False,
        (SetOp::None, ContextValue::Single(c)) => single(c),
    }
}

/// The non-negated comparison of one policy value with one request value.
fn positive(base: Base, p: &str, c: &str, ctx: &RequestContext, vars: bool) -> Tri {
    let pattern = if vars && base.takes_variables() {
        match expand(p, ctx) {
            Expanded::Tokens(t) => t,
            Expanded::Unresolved => return Tri::False,
            Expanded::Unknown => return Tri::Unknown,
        }
    } else {
        tokens(p)
    };
    let literal = || -> String {
        pattern
            .iter()
            .map(|t| match t {
                Tok::Char(c) => *c,
                Tok::Star => '*',
                Tok::One => '?',
            })
            .collect()
    };
    Tri::from_bool(match base {
        Base::StringEquals | Base::StringNotEquals => literal() == c,
        Base::StringEqualsIgnoreCase | Base::StringNotEqualsIgnoreCase => {
            literal().to_lowercase() == c.to_lowercase()
        }
        Base::StringLike | Base::StringNotLike => match_tokens(&pattern, c, false),
        Base::NumericEquals | Base::NumericNotEquals => num(p, c, |a, b| a == b),
        Base::NumericLessThan => num(p, c, |pv, cv| cv < pv),
        Base::NumericLessThanEquals => num(p, c, |pv, cv| cv <= pv),
        Base::NumericGreaterThan => num(p, c, |pv, cv| cv > pv),
        Base::NumericGreaterThanEquals => num(p, c, |pv, cv| cv >= pv),
        Base::DateEquals | Base::DateNotEquals => date(p, c, |a, b| a == b),
        Base::DateLessThan => date(p, c, |pv, cv| cv < pv),
        Base::DateLessThanEquals => date(p, c, |pv, cv| cv <= pv),
        Base::DateGreaterThan => date(p, c, |pv, cv| cv > pv),
        Base::DateGreaterThanEquals => date(p, c, |pv, cv| cv >= pv),
        Base::Bool => p.eq_ignore_ascii_case(c),
        Base::BinaryEquals => p == c,
        Base::IpAddress | Base::NotIpAddress => ip_in(p, c),
        Base::ArnEquals | Base::ArnLike | Base::ArnNotEquals | Base::ArnNotLike => {
            arn_like(&pattern, c)
        }
        Base::Null => false,
    })
}

fn num(p: &str, c: &str, cmp: impl Fn(f64, f64) -> bool) -> bool {
    match (p.trim().parse::<f64>(), c.trim().parse::<f64>()) {
        (Ok(p), Ok(c)) => cmp(p, c),
        _ => false,
    }
}

/// Milliseconds since the epoch of an ISO 8601 date or date-time, or of epoch seconds.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<i64>() {
        return Some(secs.saturating_mul(1000));
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp_millis());
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis());
    }
    None
}

fn date(p: &str, c: &str, cmp: impl Fn(i64, i64) -> bool) -> bool {
    match (parse_date(p), parse_date(c)) {
        (Some(p), Some(c)) => cmp(p, c),
        _ => false,
    }
}

/// Whether address `c` is in `p`, a CIDR block or a single address (IPv4 or IPv6).
fn ip_in(p: &str, c: &str) -> bool {
    let Ok(addr) = c.trim().parse::<IpAddr>() else {
        return false;
    };
    let (net, len) = match p.trim().split_once('/') {
        Some((n, l)) => match l.parse::<u32>() {
            Ok(l) => (n, Some(l)),
            Err(_) => return false,
        },
        None => (p.trim(), None),
    };
    let Ok(net) = net.parse::<IpAddr>() else {
        return false;
    };
    match (net, addr) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let len = len.unwrap_or(32);
            len <= 32 && prefix_eq(u32::from(n).into(), u32::from(a).into(), len, 32)
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let len = len.unwrap_or(128);
            len <= 128 && prefix_eq(u128::from(n), u128::from(a), len, 128)
        }
        _ => false,
    }
}

fn prefix_eq(n: u128, a: u128, len: u32, bits: u32) -> bool {
    if len == 0 {
        return true;
    }
    let shift = bits - len;
    (n >> shift) == (a >> shift)
}

/// ARN matching: each of the six colon-separated components matched on its own, with
/// wildcards, case-sensitive.
fn arn_like(pattern: &[Tok], c: &str) -> bool {
    let mut parts = Vec::with_capacity(6);
    let mut cur = Vec::new();
    for t in pattern {
        if *t == Tok::Char(':') && parts.len() < 5 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(*t);
        }
    }
    parts.push(cur);
    let cparts: Vec<&str> = c.splitn(6, ':').collect();
    parts.len() == 6
        && cparts.len() == 6
        && parts
            .iter()
            .zip(&cparts)
            .all(|(p, c)| match_tokens(p, c, false))
}

#[cfg(test)]
mod tests;
