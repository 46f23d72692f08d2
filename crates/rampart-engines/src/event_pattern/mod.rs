//! Amazon EventBridge event patterns: a parser into a typed matcher and an evaluator against an
//! event, so that "does this rule see root activity?" is answered by running the rule, not by
//! reading its shape.
//!
//! The language follows the EventBridge user guide ("Creating event patterns", "Content
//! filtering", "Comparison operators", "Arrays", "Null values and empty strings"):
//! - fields are ANDed; the values listed for one field are ORed; `$or` ORs whole sub-patterns;
//! - an event array matches when any of its elements matches (arrays of objects are "crushed
//!   out": a nested pattern must match within one element);
//! - exact values are compared as JSON: strings character by character, numbers by their
//!   JSON text (`300` and `300.0` differ), `true`/`false`/`null` as themselves;
//! - content filters: `prefix`, `suffix` (each also `{"equals-ignore-case": ..}`),
//!   `equals-ignore-case`, `wildcard`, `anything-but` (a value, a list of strings or of numbers,
//!   or `prefix`/`suffix`/`equals-ignore-case`/`wildcard`), `numeric` ranges, `exists`, `cidr`.
//!
//! Anything else is a [`PatternError`]: a pattern EventBridge would refuse never matches here.

mod eval;
mod parse;
#[cfg(test)]
mod tests;

use serde_json::Value;

/// A parsed event pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPattern {
    root: ObjectPattern,
}

/// Why a pattern is not a valid EventBridge pattern.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PatternError {
    #[error("the pattern is not JSON: {0}")]
    Json(String),
    #[error("the pattern must be a JSON object")]
    NotAnObject,
    #[error("`{0}` is an empty object; EventBridge does not allow empty objects")]
    EmptyObject(String),
    #[error("`{0}` must be an object or an array")]
    NotObjectOrArray(String),
    #[error("`{0}` is an empty array; EventBridge does not allow empty arrays")]
    EmptyArray(String),
    #[error("`$or` at `{0}` must be an array of at least two objects")]
    BadOr(String),
    #[error("`{field}`: unknown or malformed filter `{filter}`")]
    UnknownFilter { field: String, filter: String },
    #[error("`{field}`: `{operator}` {why}")]
    BadOperand {
        field: String,
        operator: &'static str,
        why: String,
    },
}

/// One object level of a pattern: fields that must all match, and `$or` groups of which one
/// alternative each must match.
#[derive(Debug, Clone, PartialEq)]
struct ObjectPattern {
    fields: Vec<(String, FieldPattern)>,
    ors: Vec<Vec<ObjectPattern>>,
}

#[derive(Debug, Clone, PartialEq)]
enum FieldPattern {
    Nested(ObjectPattern),
    /// Any one of these matchers matching any leaf value of the field.
    Leaf(Vec<Matcher>),
}

/// A JSON scalar as a pattern writes it. Numbers keep their JSON text.
#[derive(Debug, Clone, PartialEq)]
enum Literal {
    String(String),
    Number(String),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
enum Matcher {
    Exact(Literal),
    Prefix { text: String, ignore_case: bool },
    Suffix { text: String, ignore_case: bool },
    EqualsIgnoreCase(String),
    Wildcard(Wildcard),
    AnythingBut(AnythingBut),
    Numeric(Range),
    Exists(bool),
    Cidr(Cidr),
}

#[derive(Debug, Clone, PartialEq)]
enum AnythingBut {
    /// None of these strings or numbers.
    Values(Vec<Literal>),
    Prefix(String),
    Suffix(String),
    EqualsIgnoreCase(Vec<String>),
    Wildcard(Vec<Wildcard>),
}

/// A wildcard value split at its unescaped `*`s: the literal pieces between them.
#[derive(Debug, Clone, PartialEq)]
struct Wildcard {
    pieces: Vec<String>,
}

/// A numeric range; `None` bounds are open. `(value, inclusive)`.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    lower: Option<(f64, bool)>,
    upper: Option<(f64, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Cidr {
    network: std::net::IpAddr,
    prefix: u8,
}

impl EventPattern {
    /// Parses a pattern as EventBridge stores it (JSON text).
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| PatternError::Json(e.to_string()))?;
        Self::from_value(&value)
    }

    /// Parses an already decoded pattern.
    pub fn from_value(value: &Value) -> Result<Self, PatternError> {
        parse::pattern(value).map(|root| Self { root })
    }

    /// Whether `event` (a full EventBridge event: `source`, `detail-type`, `detail`, …)
    /// matches.
    pub fn matches(&self, event: &Value) -> bool {
        eval::object(&self.root, Some(event))
    }
}
