//! Running a parsed pattern on an event.
//!
//! A field that is absent, or whose value is an object (an intermediate node), has no leaf
//! values: only `{"exists": false}` matches it. An array contributes each of its scalar
//! elements as a leaf value, and a nested pattern must match within a single element.

use std::net::IpAddr;

use serde_json::Value;

use super::{AnythingBut, Cidr, FieldPattern, Literal, Matcher, ObjectPattern, Range, Wildcard};

pub(super) fn object(p: &ObjectPattern, v: Option<&Value>) -> bool {
    match v {
        Some(Value::Array(items)) if !items.is_empty() => {
            items.iter().any(|item| object(p, Some(item)))
        }
        Some(Value::Object(map)) => {
            p.fields.iter().all(|(k, f)| field(f, map.get(k)))
                && p.ors.iter().all(|alts| alts.iter().any(|a| object(a, v)))
        }
        _ => {
            p.fields.iter().all(|(_, f)| field(f, None))
                && p.ors
                    .iter()
                    .all(|alts| alts.iter().any(|a| object(a, None)))
        }
    }
}

fn field(f: &FieldPattern, v: Option<&Value>) -> bool {
    match f {
        FieldPattern::Nested(p) => object(p, v),
        FieldPattern::Leaf(matchers) => {
            let mut leaves = Vec::new();
            if let Some(v) = v {
                collect_leaves(v, &mut leaves);
            }
            matchers.iter().any(|m| match m {
                Matcher::Exists(want) => leaves.is_empty() != *want,
                m => leaves.iter().any(|leaf| leaf_matches(m, leaf)),
            })
        }
    }
}

fn collect_leaves<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect_leaves(i, out)),
        Value::Object(_) => {}
        scalar => out.push(scalar),
    }
}

fn equals(l: &Literal, v: &Value) -> bool {
    match (l, v) {
        (Literal::String(a), Value::String(b)) => a == b,
        (Literal::Number(a), Value::Number(b)) => *a == b.to_string(),
        (Literal::Bool(a), Value::Bool(b)) => a == b,
        (Literal::Null, Value::Null) => true,
        _ => false,
    }
}

fn leaf_matches(m: &Matcher, v: &Value) -> bool {
    let s = v.as_str();
    match m {
        Matcher::Exact(l) => equals(l, v),
        Matcher::Prefix { text, ignore_case } => {
            s.is_some_and(|s| affix(s, text, *ignore_case, true))
        }
        Matcher::Suffix { text, ignore_case } => {
            s.is_some_and(|s| affix(s, text, *ignore_case, false))
        }
        Matcher::EqualsIgnoreCase(t) => s.is_some_and(|s| s.to_lowercase() == t.to_lowercase()),
        Matcher::Wildcard(w) => s.is_some_and(|s| w.matches(s)),
        Matcher::AnythingBut(a) => !excluded(a, v),
        Matcher::Numeric(r) => v.is_number() && v.as_f64().is_some_and(|n| r.contains(n)),
        Matcher::Exists(want) => *want,
        Matcher::Cidr(c) => s.is_some_and(|s| c.contains(s)),
    }
}

fn affix(s: &str, text: &str, ignore_case: bool, at_start: bool) -> bool {
    if ignore_case {
        let (s, t) = (s.to_lowercase(), text.to_lowercase());
        if at_start {
            s.starts_with(&t)
        } else {
            s.ends_with(&t)
        }
    } else if at_start {
        s.starts_with(text)
    } else {
        s.ends_with(text)
    }
}

/// Whether `anything-but` excludes this leaf. The string forms exclude strings only, so a
/// number or `null` is "anything but" a prefix.
fn excluded(a: &AnythingBut, v: &Value) -> bool {
    let s = v.as_str();
    match a {
        AnythingBut::Values(ls) => ls.iter().any(|l| equals(l, v)),
        AnythingBut::Prefix(p) => s.is_some_and(|s| s.starts_with(p.as_str())),
        AnythingBut::Suffix(p) => s.is_some_and(|s| s.ends_with(p.as_str())),
        AnythingBut::EqualsIgnoreCase(ts) => {
            s.is_some_and(|s| ts.iter().any(|t| t.to_lowercase() == s.to_lowercase()))
        }
        AnythingBut::Wildcard(ws) => s.is_some_and(|s| ws.iter().any(|w| w.matches(s))),
    }
}

impl Range {
    fn contains(&self, n: f64) -> bool {
        let above = self
            .lower
            .is_none_or(|(lo, inclusive)| n > lo || (inclusive && n == lo));
        let below = self
            .upper
            .is_none_or(|(hi, inclusive)| n < hi || (inclusive && n == hi));
        above && below
    }
}

impl Wildcard {
    /// Glob match: the first piece is a prefix, the last a suffix, the ones between appear in
    /// order (leftmost placement is optimal for a `*`-only glob).
    pub(super) fn matches(&self, s: &str) -> bool {
        let Some((first, rest)) = self.pieces.split_first() else {
            return s.is_empty();
        };
        let Some((last, middle)) = rest.split_last() else {
            return s == first;
        };
        let Some(mut tail) = s.strip_prefix(first.as_str()) else {
            return false;
        };
        for piece in middle {
            match tail.find(piece.as_str()) {
                Some(at) => tail = &tail[at + piece.len()..],
                None => return false,
            }
        }
        tail.len() >= last.len() && tail.ends_with(last.as_str())
    }
}

impl Cidr {
    fn contains(&self, s: &str) -> bool {
        let Ok(ip) = s.parse::<IpAddr>() else {
            return false;
        };
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                prefix_eq(&n.octets(), &a.octets(), usize::from(self.prefix))
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                prefix_eq(&n.octets(), &a.octets(), usize::from(self.prefix))
            }
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: usize) -> bool {
    let whole = bits / 8;
    if a[..whole] != b[..whole] {
        return false;
    }
    let rest = bits % 8;
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    (a[whole] & mask) == (b[whole] & mask)
}
