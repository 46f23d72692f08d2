//! Condition operator names: a base operator (`StringLike`, `NumericLessThan`, …), an optional
//! `ForAnyValue:`/`ForAllValues:` set prefix and an optional `IfExists` suffix, read without
//! regard to case.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Base {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

const BASES: [(&str, Base); 27] = [
    ("stringequals", Base::StringEquals),
    ("stringnotequals", Base::StringNotEquals),
    ("stringequalsignorecase", Base::StringEqualsIgnoreCase),
    ("stringnotequalsignorecase", Base::StringNotEqualsIgnoreCase),
    ("stringlike", Base::StringLike),
    ("stringnotlike", Base::StringNotLike),
    ("numericequals", Base::NumericEquals),
    ("numericnotequals", Base::NumericNotEquals),
    ("numericlessthan", Base::NumericLessThan),
    ("numericlessthanequals", Base::NumericLessThanEquals),
    ("numericgreaterthan", Base::NumericGreaterThan),
    ("numericgreaterthanequals", Base::NumericGreaterThanEquals),
    ("dateequals", Base::DateEquals),
    ("datenotequals", Base::DateNotEquals),
    ("datelessthan", Base::DateLessThan),
    ("datelessthanequals", Base::DateLessThanEquals),
    ("dategreaterthan", Base::DateGreaterThan),
    ("dategreaterthanequals", Base::DateGreaterThanEquals),
    ("bool", Base::Bool),
    ("binaryequals", Base::BinaryEquals),
    ("ipaddress", Base::IpAddress),
    ("notipaddress", Base::NotIpAddress),
    ("arnequals", Base::ArnEquals),
    ("arnlike", Base::ArnLike),
    ("arnnotequals", Base::ArnNotEquals),
    ("arnnotlike", Base::ArnNotLike),
    ("null", Base::Null),
];

impl Base {
    pub(super) fn negated(self) -> bool {
        matches!(
            self,
            Base::StringNotEquals
                | Base::StringNotEqualsIgnoreCase
                | Base::StringNotLike
                | Base::NumericNotEquals
                | Base::DateNotEquals
                | Base::NotIpAddress
                | Base::ArnNotEquals
                | Base::ArnNotLike
        )
    }

    /// Whether policy variables are replaced in this operator's values.
    pub(super) fn takes_variables(self) -> bool {
        matches!(
            self,
            Base::StringEquals
                | Base::StringNotEquals
                | Base::StringEqualsIgnoreCase
                | Base::StringNotEqualsIgnoreCase
                | Base::StringLike
                | Base::StringNotLike
                | Base::ArnEquals
                | Base::ArnLike
                | Base::ArnNotEquals
                | Base::ArnNotLike
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SetOp {
    None,
    ForAnyValue,
    ForAllValues,
}

/// A parsed operator name such as `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub(super) set: SetOp,
    pub(super) base: Base,
    pub(super) if_exists: bool,
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &s[prefix.len()..])
}

impl Operator {
    /// Parses an operator name; `None` when AWS documents no such operator.
    pub fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(r) = strip_prefix_ci(name, "ForAnyValue:") {
            (SetOp::ForAnyValue, r)
        } else if let Some(r) = strip_prefix_ci(name, "ForAllValues:") {
            (SetOp::ForAllValues, r)
        } else {
            (SetOp::None, name)
        };
        let lower = rest.to_ascii_lowercase();
        let (base_name, if_exists) = match lower.strip_suffix("ifexists") {
            Some(b) => (b, true),
            None => (lower.as_str(), false),
        };
        let base = BASES.iter().find(|(n, _)| *n == base_name)?.1;
        if base == Base::Null && (if_exists || set != SetOp::None) {
            return None;
        }
        Some(Operator {
            set,
            base,
            if_exists,
        })
    }
}
