//! Term patterns: `ERROR Exception` (all terms), `ERROR -WARN` (exclusion), `?ERROR ?WARN`
//! (any term; beside other terms, `?` terms are ignored). Terms are case-sensitive substrings; a term with characters other than
//! letters, digits and `_` must be quoted.

use super::FilterError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Terms {
    /// Every `include` appears and no `exclude` does.
    All {
        include: Vec<String>,
        exclude: Vec<String>,
    },
    /// At least one appears.
    Any(Vec<String>),
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Plain,
    Minus,
    Question,
}

pub(super) fn parse(text: &str) -> Result<Terms, FilterError> {
    let chars: Vec<char> = text.chars().collect();
    let mut terms: Vec<(Mark, String)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mark = match chars[i] {
            '-' => Mark::Minus,
            '?' => Mark::Question,
            _ => Mark::Plain,
        };
        if mark != Mark::Plain {
            i += 1;
            // The guide writes `"ERROR" - "Exiting"`: the mark may stand apart from its term.
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
        }
        let term = if chars.get(i) == Some(&'"') {
            let mut t = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(FilterError::Syntax("unterminated quoted term".into())),
                    Some('"') => break,
                    Some('\\') if i + 1 < chars.len() => {
                        t.push(chars[i + 1]);
                        i += 2;
                    }
                    Some(c) => {
                        t.push(*c);
                        i += 1;
                    }
                }
            }
            i += 1;
            t
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word.starts_with('%') {
                return Err(FilterError::Unsupported(
                    "a regular expression (`%…%`)".into(),
                ));
            }
            if word.is_empty() || !word.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(FilterError::Syntax(format!(
                    "the term `{word}` has characters other than letters, digits and `_`; quote it"
                )));
            }
            word
        };
        terms.push((mark, term));
    }
    // "If you combine "?" with other filter patterns, all question mark terms will be
    // ignored" (CloudWatch Logs guide).
    if terms.iter().all(|(m, _)| *m == Mark::Question) {
        return Ok(Terms::Any(terms.into_iter().map(|(_, t)| t).collect()));
    }
    terms.retain(|(m, _)| *m != Mark::Question);
    let (minus, plain): (Vec<_>, Vec<_>) = terms.into_iter().partition(|(m, _)| *m == Mark::Minus);
    Ok(Terms::All {
        include: plain.into_iter().map(|(_, t)| t).collect(),
        exclude: minus.into_iter().map(|(_, t)| t).collect(),
    })
}

impl Terms {
    pub(super) fn matches(&self, message: &str) -> bool {
        match self {
            Terms::All { include, exclude } => {
                include.iter().all(|t| message.contains(t.as_str()))
                    && !exclude.iter().any(|t| message.contains(t.as_str()))
            }
            Terms::Any(ts) => ts.iter().any(|t| message.contains(t.as_str())),
        }
    }
}
