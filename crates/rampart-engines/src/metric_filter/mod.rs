//! CloudWatch Logs filter patterns (the syntax of metric filters): a parser and an evaluator, so
//! that "does this metric filter count root activity?" is answered by running the filter on
//! the CloudTrail records a trail writes, not by searching its text.
//!
//! Three forms, after the CloudWatch Logs user guide ("Filter pattern syntax for metric
//! filters"):
//! - JSON patterns `{ $.a.b = "x" && ($.c != 1 || $.d NOT EXISTS) }` — selectors with `.key`
//!   and `[index]`, `=`/`!=` on strings (with a leading or trailing `*` wildcard) and numbers,
//!   `<`/`>`/`<=`/`>=` on numbers, `IS NULL`, `IS TRUE`, `IS FALSE`, `EXISTS`, `NOT EXISTS`,
//!   `&&` binding tighter than `||`, parentheses;
//! - term patterns: `ERROR`, `"quoted phrase"`, all terms ANDed, `-term` excluded, `?a ?b` ORed;
//!   terms are case-sensitive substrings of the message;
//! - space-delimited patterns `[ip, user, ..., status = 4*, bytes > 1000]`.
//!
//! What this engine does not implement — regular expressions (`%…%`), `[*]` selectors, a `*`
//! in the middle of a value, mixing `?term` with other terms — is a [`FilterError`], never a
//! silent match or miss.

mod delimited;
mod json_expr;
mod terms;
#[cfg(test)]
mod tests;

/// A parsed filter pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterPattern {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// The empty pattern matches every event.
    All,
    Terms(terms::Terms),
    Json(json_expr::Expr),
    Delimited(delimited::Delimited),
}

/// Why a pattern cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("invalid filter pattern: {0}")]
    Syntax(String),
    #[error("filter pattern uses {0}, which rampart does not evaluate")]
    Unsupported(String),
}

impl FilterPattern {
    pub fn parse(text: &str) -> Result<Self, FilterError> {
        let t = text.trim();
        let kind = if t.is_empty() {
            Kind::All
        } else if t.starts_with('{') {
            Kind::Json(json_expr::parse(t)?)
        } else if t.starts_with('[') {
            Kind::Delimited(delimited::parse(t)?)
        } else {
            Kind::Terms(terms::parse(t)?)
        };
        Ok(Self { kind })
    }

    /// Whether the log event `message` matches. A JSON pattern never matches a message that
    /// is not JSON.
    pub fn matches(&self, message: &str) -> bool {
        match &self.kind {
            Kind::All => true,
            Kind::Terms(t) => t.matches(message),
            Kind::Json(e) => serde_json::from_str::<serde_json::Value>(message)
                .is_ok_and(|v| json_expr::eval(e, &v)),
            Kind::Delimited(d) => d.matches(message),
        }
    }
}

/// A string operand: literal text with an optional `*` at either end.
#[derive(Debug, Clone, PartialEq)]
struct Glob {
    text: String,
    any_before: bool,
    any_after: bool,
}

impl Glob {
    fn new(raw: &str) -> Result<Self, FilterError> {
        let any_before = raw.starts_with('*');
        let rest = raw.strip_prefix('*').unwrap_or(raw);
        let any_after = !rest.is_empty() && rest.ends_with('*');
        let text = rest.strip_suffix('*').unwrap_or(rest);
        if text.contains('*') {
            return Err(FilterError::Unsupported(format!(
                "a `*` inside the value `{raw}`"
            )));
        }
        Ok(Self {
            text: text.to_owned(),
            any_before,
            any_after,
        })
    }

    fn matches(&self, s: &str) -> bool {
        match (self.any_before, self.any_after) {
            (false, false) => s == self.text,
            (true, false) => s.ends_with(&self.text),
            (false, true) => s.starts_with(&self.text),
            (true, true) => s.contains(&self.text),
        }
    }
}

/// A number as the guide writes it: optional sign, digits, optional decimals, optional
/// exponent. Anything else is not a number operand.
fn number(token: &str) -> Option<f64> {
    let body = token.strip_prefix(['+', '-']).unwrap_or(token);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((i, f)) => digits(i) && digits(f),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    token.strip_prefix('+').unwrap_or(token).parse().ok()
}

/// The number a string field of a JSON event reads as: like [`number`], without an exponent
/// ("Strings don't support scientific notation", CloudWatch Logs guide).
fn string_number(text: &str) -> Option<f64> {
    if text.contains(['e', 'E']) {
        None
    } else {
        number(text)
    }
}

/// Comparison operators shared by JSON and space-delimited patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Number { value: f64, text: String },
    Text(Glob),
}

impl Operand {
    /// A bare token is a number when it reads as one; a quoted token is always text.
    fn from_token(raw: &str, quoted: bool) -> Result<Self, FilterError> {
        match number(raw) {
            Some(value) if !quoted => Ok(Operand::Number {
                value,
                text: raw.to_owned(),
            }),
            _ => Ok(Operand::Text(Glob::new(raw)?)),
        }
    }

    /// `=` against a field's text (and its number, when the field holds or reads as one).
    fn equals(&self, text: &str, num: Option<f64>) -> bool {
        match self {
            Operand::Number { value, text: t } => num.is_some_and(|n| n == *value) || text == t,
            Operand::Text(g) => g.matches(text),
        }
    }

    fn compare(&self, op: Op, text: &str, num: Option<f64>) -> bool {
        match op {
            Op::Eq => self.equals(text, num),
            Op::Ne => !self.equals(text, num),
            _ => {
                let (Operand::Number { value, .. }, Some(n)) = (self, num) else {
                    return false;
                };
                match op {
                    Op::Lt => n < *value,
                    Op::Le => n <= *value,
                    Op::Gt => n > *value,
                    _ => n >= *value,
                }
            }
        }
    }
}
