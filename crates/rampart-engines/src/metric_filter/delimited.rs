//! Space-delimited patterns: `[ip, user, ..., status_code = 4*, bytes > 1000]`.
//!
//! The message splits at spaces; text inside `[ ]` or `" "` is one field (without its
//! brackets or quotes). Each pattern slot names a field and may carry conditions joined by
//! `&&` or `||` (`&&` first), on its own or on other named fields. One `...` stands for any
//! number of fields; without it the message needs at least as many fields as the pattern has
//! slots, and the last slot takes the rest of the line (its fields joined by a space).

use super::{FilterError, Op, Operand};

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Delimited {
    /// Slot names before the ellipsis (or all of them).
    head: Vec<String>,
    /// Slot names after the ellipsis, when there is one.
    tail: Option<Vec<String>>,
    /// Conditions, every one of which must hold; each is a disjunction of conjunctions.
    conditions: Vec<Vec<Vec<Cond>>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Cond {
    field: String,
    op: Op,
    operand: Operand,
}

fn syntax(why: impl Into<String>) -> FilterError {
    FilterError::Syntax(why.into())
}

pub(super) fn parse(text: &str) -> Result<Delimited, FilterError> {
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or_else(|| syntax("a space-delimited pattern is enclosed in `[ ]`"))?;
    // An empty slot (the guide's `[..., request=*.html*, status_code=4*,]`) is a field
    // without a name.
    let slots: Vec<&str> = inner.split(',').map(str::trim).collect();
    let mut out = Delimited {
        head: Vec::new(),
        tail: None,
        conditions: Vec::new(),
    };
    for slot in slots {
        if slot == "..." {
            if out.tail.is_some() {
                return Err(FilterError::Unsupported(
                    "more than one `...` in a space-delimited pattern".into(),
                ));
            }
            out.tail = Some(Vec::new());
            continue;
        }
        if slot.contains('"') || slot.contains('%') {
            return Err(FilterError::Unsupported(format!(
                "quoted or regular-expression values in the slot `{slot}`"
            )));
        }
        let name_end = slot
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(slot.len());
        let name = &slot[..name_end];
        if name.is_empty() && !slot.is_empty() {
            return Err(syntax(format!("the slot `{slot}` has no field name")));
        }
        match out.tail.as_mut() {
            Some(t) => t.push(name.to_owned()),
            None => out.head.push(name.to_owned()),
        }
        if name_end < slot.len() {
            out.conditions.push(condition(slot)?);
        }
    }
    let named: Vec<&String> = out.head.iter().chain(out.tail.iter().flatten()).collect();
    for c in out.conditions.iter().flatten().flatten() {
        if !named.contains(&&c.field) {
            return Err(FilterError::Unsupported(format!(
                "a condition on `{}`, a field the pattern does not name",
                c.field
            )));
        }
    }
    Ok(out)
}

/// `a = 1 && b != x || c > 3`, as OR of ANDs.
fn condition(slot: &str) -> Result<Vec<Vec<Cond>>, FilterError> {
    slot.split("||")
        .map(|conj| conj.split("&&").map(|c| comparison(c.trim())).collect())
        .collect()
}

fn comparison(c: &str) -> Result<Cond, FilterError> {
    let ops = [
        ("!=", Op::Ne),
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("=", Op::Eq),
        ("<", Op::Lt),
        (">", Op::Gt),
    ];
    let (at, token, op) = ops
        .iter()
        .filter_map(|(t, op)| c.find(t).map(|at| (at, *t, *op)))
        .min_by_key(|(at, t, _)| (*at, usize::MAX - t.len()))
        .ok_or_else(|| syntax(format!("`{c}` has no comparison operator")))?;
    let field = c[..at].trim();
    let value = c[at + token.len()..].trim();
    if value.starts_with('!') {
        return Err(FilterError::Unsupported(format!(
            "the negation `=!` in `{c}`"
        )));
    }
    if field.is_empty() || value.is_empty() || value.contains(char::is_whitespace) {
        return Err(syntax(format!("`{c}` is not `field OP value`")));
    }
    let operand = Operand::from_token(value, false)?;
    if !matches!(op, Op::Eq | Op::Ne) && !matches!(operand, Operand::Number { .. }) {
        return Err(syntax(format!("`{c}` compares with a number")));
    }
    Ok(Cond {
        field: field.to_owned(),
        op,
        operand,
    })
}

/// Splits a message into fields: spaces separate, `[…]` and `"…"` group.
fn fields(message: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = message.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let close = match c {
            '[' => Some(']'),
            '"' => Some('"'),
            _ => None,
        };
        let mut field = String::new();
        if let Some(close) = close {
            chars.next();
            for c in chars.by_ref() {
                if c == close {
                    break;
                }
                field.push(c);
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                field.push(c);
                chars.next();
            }
        }
        out.push(field);
    }
    out
}

impl Delimited {
    pub(super) fn matches(&self, message: &str) -> bool {
        let values = fields(message);
        let rest: String;
        let mut bound: Vec<(&str, &str)> = Vec::new();
        match &self.tail {
            // Without `...`, a message with more fields than slots still matches: the last
            // slot takes the rest of the line (the guide's `[w1=ERROR, w2]` on a 7-word line).
            None if values.len() < self.head.len() || self.head.is_empty() => return false,
            None => {
                let last = self.head.len() - 1;
                rest = values[last..].join(" ");
                bound.extend(
                    self.head[..last]
                        .iter()
                        .map(String::as_str)
                        .zip(values.iter().map(String::as_str)),
                );
                bound.push((self.head[last].as_str(), rest.as_str()));
            }
            Some(tail) => {
                if values.len() < self.head.len() + tail.len() {
                    return false;
                }
                bound.extend(
                    self.head
                        .iter()
                        .map(String::as_str)
                        .zip(values.iter().map(String::as_str)),
                );
                let from = values.len() - tail.len();
                bound.extend(
                    tail.iter()
                        .map(String::as_str)
                        .zip(values[from..].iter().map(String::as_str)),
                );
            }
        }
        let value = |name: &str| bound.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        self.conditions.iter().all(|disj| {
            disj.iter().any(|conj| {
                conj.iter().all(|c| {
                    value(&c.field).is_some_and(|v| c.operand.compare(c.op, v, super::number(v)))
                })
            })
        })
    }
}
