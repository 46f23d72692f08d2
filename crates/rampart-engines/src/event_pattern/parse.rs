//! From pattern JSON to the typed matcher, refusing what EventBridge refuses: non-object
//! patterns, empty objects and arrays, scalars where a list belongs, unknown filters and
//! malformed operands.

use serde_json::{Map, Value};

use super::{
    AnythingBut, Cidr, FieldPattern, Literal, Matcher, ObjectPattern, PatternError, Range, Wildcard,
};

pub(super) fn pattern(value: &Value) -> Result<ObjectPattern, PatternError> {
    match value {
        Value::Object(map) => object(map, ""),
        _ => Err(PatternError::NotAnObject),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn object(map: &Map<String, Value>, path: &str) -> Result<ObjectPattern, PatternError> {
    if map.is_empty() {
        return Err(PatternError::EmptyObject(if path.is_empty() {
            "the pattern".into()
        } else {
            path.into()
        }));
    }
    let mut out = ObjectPattern {
        fields: Vec::new(),
        ors: Vec::new(),
    };
    for (key, value) in map {
        let here = join(path, key);
        if key == "$or" {
            out.ors.push(or_group(value, &here)?);
            continue;
        }
        let field = match value {
            Value::Object(inner) => FieldPattern::Nested(object(inner, &here)?),
            Value::Array(items) if items.is_empty() => return Err(PatternError::EmptyArray(here)),
            Value::Array(items) => FieldPattern::Leaf(
                items
                    .iter()
                    .map(|i| matcher(i, &here))
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err(PatternError::NotObjectOrArray(here)),
        };
        out.fields.push((key.clone(), field));
    }
    Ok(out)
}

fn or_group(value: &Value, path: &str) -> Result<Vec<ObjectPattern>, PatternError> {
    let bad = || PatternError::BadOr(path.to_owned());
    let items = value.as_array().ok_or_else(bad)?;
    if items.len() < 2 {
        return Err(bad());
    }
    let parent = path
        .strip_suffix("$or")
        .unwrap_or(path)
        .trim_end_matches('.');
    items
        .iter()
        .map(|i| match i {
            Value::Object(m) => object(m, parent),
            _ => Err(bad()),
        })
        .collect()
}

fn literal(v: &Value) -> Option<Literal> {
    Some(match v {
        Value::String(s) => Literal::String(s.clone()),
        Value::Number(n) => Literal::Number(n.to_string()),
        Value::Bool(b) => Literal::Bool(*b),
        Value::Null => Literal::Null,
        _ => return None,
    })
}

fn matcher(v: &Value, field: &str) -> Result<Matcher, PatternError> {
    if let Some(l) = literal(v) {
        return Ok(Matcher::Exact(l));
    }
    let unknown = || PatternError::UnknownFilter {
        field: field.to_owned(),
        filter: v.to_string(),
    };
    let map = v.as_object().ok_or_else(unknown)?;
    if map.len() != 1 {
        return Err(unknown());
    }
    let Some((name, arg)) = map.iter().next() else {
        return Err(unknown());
    };
    let bad = |operator: &'static str, why: &str| PatternError::BadOperand {
        field: field.to_owned(),
        operator,
        why: why.to_owned(),
    };
    Ok(match name.as_str() {
        "prefix" => {
            let (text, ignore_case) = affix(arg).ok_or_else(|| {
                bad(
                    "prefix",
                    "takes a string or {\"equals-ignore-case\": string}",
                )
            })?;
            Matcher::Prefix { text, ignore_case }
        }
        "suffix" => {
            let (text, ignore_case) = affix(arg).ok_or_else(|| {
                bad(
                    "suffix",
                    "takes a string or {\"equals-ignore-case\": string}",
                )
            })?;
            Matcher::Suffix { text, ignore_case }
        }
        "equals-ignore-case" => Matcher::EqualsIgnoreCase(
            arg.as_str()
                .ok_or_else(|| bad("equals-ignore-case", "takes a string"))?
                .to_owned(),
        ),
        "wildcard" => Matcher::Wildcard(wildcard(arg).map_err(|why| bad("wildcard", &why))?),
        "anything-but" => Matcher::AnythingBut(anything_but(arg, field)?),
        "numeric" => Matcher::Numeric(range(arg).map_err(|why| bad("numeric", &why))?),
        "exists" => Matcher::Exists(
            arg.as_bool()
                .ok_or_else(|| bad("exists", "takes true or false"))?,
        ),
        "cidr" => Matcher::Cidr(cidr(arg).ok_or_else(|| {
            bad(
                "cidr",
                "takes an IPv4 or IPv6 network such as \"10.0.0.0/24\"",
            )
        })?),
        _ => return Err(unknown()),
    })
}

/// The operand of `prefix`/`suffix`: a string, or `{"equals-ignore-case": string}`.
fn affix(arg: &Value) -> Option<(String, bool)> {
    match arg {
        Value::String(s) => Some((s.clone(), false)),
        Value::Object(m) if m.len() == 1 => m
            .get("equals-ignore-case")
            .and_then(Value::as_str)
            .map(|s| (s.to_owned(), true)),
        _ => None,
    }
}

/// A wildcard value: `*` matches any run of characters; `\*` and `\\` are literal; any other
/// escape and two consecutive `*` are refused, as the EventBridge guide says.
pub(super) fn wildcard(arg: &Value) -> Result<Wildcard, String> {
    let text = arg.as_str().ok_or("takes a string")?;
    let mut pieces = vec![String::new()];
    let mut chars = text.chars().peekable();
    let mut last_star = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('*' | '\\')) => {
                    pieces.last_mut().ok_or("empty")?.push(e);
                    last_star = false;
                }
                _ => return Err("may escape only `*` and `\\` with a backslash".into()),
            },
            '*' if last_star => return Err("does not allow consecutive `*` characters".into()),
            '*' => {
                pieces.push(String::new());
                last_star = true;
            }
            c => {
                pieces.last_mut().ok_or("empty")?.push(c);
                last_star = false;
            }
        }
    }
    Ok(Wildcard { pieces })
}

fn anything_but(arg: &Value, field: &str) -> Result<AnythingBut, PatternError> {
    let bad = |why: &str| PatternError::BadOperand {
        field: field.to_owned(),
        operator: "anything-but",
        why: why.to_owned(),
    };
    let strings = |v: &Value| -> Option<Vec<String>> {
        match v {
            Value::String(s) => Some(vec![s.clone()]),
            Value::Array(a) if !a.is_empty() => {
                a.iter().map(|x| x.as_str().map(str::to_owned)).collect()
            }
            _ => None,
        }
    };
    match arg {
        Value::String(_) | Value::Number(_) => {
            Ok(AnythingBut::Values(literal(arg).into_iter().collect()))
        }
        Value::Array(items) => {
            let all_strings = items.iter().all(Value::is_string);
            let all_numbers = items.iter().all(Value::is_number);
            if items.is_empty() || !(all_strings || all_numbers) {
                return Err(bad(
                    "takes a non-empty list of only strings or only numbers",
                ));
            }
            Ok(AnythingBut::Values(
                items.iter().filter_map(literal).collect(),
            ))
        }
        Value::Object(m) if m.len() == 1 => {
            let Some((name, inner)) = m.iter().next() else {
                return Err(bad("takes a value, a list, or one nested filter"));
            };
            let one_string = || {
                inner
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| bad(&format!("`{name}` takes a string")))
            };
            match name.as_str() {
                "prefix" => Ok(AnythingBut::Prefix(one_string()?)),
                "suffix" => Ok(AnythingBut::Suffix(one_string()?)),
                "equals-ignore-case" => strings(inner)
                    .map(AnythingBut::EqualsIgnoreCase)
                    .ok_or_else(|| bad("`equals-ignore-case` takes a string or a list of strings")),
                "wildcard" => {
                    let items: Vec<Value> = match inner {
                        Value::Array(a) if !a.is_empty() => a.clone(),
                        Value::String(_) => vec![inner.clone()],
                        _ => return Err(bad("`wildcard` takes a string or a list of strings")),
                    };
                    items
                        .iter()
                        .map(|w| wildcard(w).map_err(|why| bad(&format!("`wildcard` {why}"))))
                        .collect::<Result<_, _>>()
                        .map(AnythingBut::Wildcard)
                }
                _ => Err(bad(&format!("does not take `{name}`"))),
            }
        }
        _ => Err(bad("takes a value, a list, or one nested filter")),
    }
}

/// `["<op>", n, "<op>", n]`: at most one lower and one upper bound, or `"=", n` alone.
fn range(arg: &Value) -> Result<Range, String> {
    let items = arg
        .as_array()
        .ok_or("takes a list of operators and numbers")?;
    if items.is_empty() || items.len() % 2 != 0 {
        return Err("takes pairs of an operator and a number".into());
    }
    let mut r = Range {
        lower: None,
        upper: None,
    };
    for pair in items.chunks(2) {
        let op = pair[0].as_str().ok_or("expects an operator string")?;
        let n = pair[1]
            .as_f64()
            .ok_or("expects a number after each operator")?;
        let slot = match op {
            ">" => (&mut r.lower, (n, false)),
            ">=" => (&mut r.lower, (n, true)),
            "<" => (&mut r.upper, (n, false)),
            "<=" => (&mut r.upper, (n, true)),
            "=" if items.len() == 2 => {
                r.lower = Some((n, true));
                r.upper = Some((n, true));
                continue;
            }
            "=" => return Err("`=` cannot be combined with other bounds".into()),
            other => return Err(format!("has no operator `{other}`")),
        };
        if slot.0.is_some() {
            return Err("allows one lower and one upper bound".into());
        }
        *slot.0 = Some(slot.1);
    }
    if let (Some((lo, _)), Some((hi, _))) = (r.lower, r.upper) {
        if lo > hi {
            return Err("has a lower bound above its upper bound".into());
        }
    }
    Ok(r)
}

fn cidr(arg: &Value) -> Option<Cidr> {
    let (addr, bits) = arg.as_str()?.split_once('/')?;
    let network: std::net::IpAddr = addr.parse().ok()?;
    let prefix: u8 = bits.parse().ok()?;
    let max = if network.is_ipv4() { 32 } else { 128 };
    (prefix <= max).then_some(Cidr { network, prefix })
}
