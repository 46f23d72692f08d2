//! JSON filter patterns: `{ SELECTOR OP VALUE && … || … }`.
//!
//! A comparison applies only when the selector points to a value node (a string or a number):
//! on an array, an object, `null`, a boolean or a missing field both `=` and `!=` are false, as
//! the guide says of `{$.users = 1}` and `{$.users != 1}` on an array.

use serde_json::Value;

use super::{FilterError, Op, Operand};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Test(Selector, Test),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Test {
    Compare(Op, Operand),
    IsNull,
    IsTrue,
    IsFalse,
    Exists,
    NotExists,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Selector {
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Op(Op),
    Selector(Selector),
    /// A value token and whether it was quoted.
    Value(String, bool),
}

fn syntax(why: impl Into<String>) -> FilterError {
    FilterError::Syntax(why.into())
}

pub(super) fn parse(text: &str) -> Result<Expr, FilterError> {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .ok_or_else(|| syntax("a JSON pattern is enclosed in `{ }`"))?;
    let toks = lex(inner)?;
    let mut p = Parser { toks, at: 0 };
    let e = p.or()?;
    if p.at != p.toks.len() {
        return Err(syntax(format!("unexpected {:?}", p.toks[p.at])));
    }
    Ok(e)
}

fn lex(s: &str) -> Result<Vec<Tok>, FilterError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' => {
                out.push(if c == '(' { Tok::LParen } else { Tok::RParen });
                i += 1;
            }
            '&' | '|' if next == Some(c) => {
                out.push(if c == '&' { Tok::And } else { Tok::Or });
                i += 2;
            }
            '=' => {
                out.push(Tok::Op(Op::Eq));
                i += 1;
            }
            '!' if next == Some('=') => {
                out.push(Tok::Op(Op::Ne));
                i += 2;
            }
            '<' | '>' => {
                let eq = next == Some('=');
                out.push(Tok::Op(match (c, eq) {
                    ('<', false) => Op::Lt,
                    ('<', true) => Op::Le,
                    ('>', false) => Op::Gt,
                    _ => Op::Ge,
                }));
                i += if eq { 2 } else { 1 };
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(syntax("unterminated quoted string")),
                        Some('"') => break,
                        Some('\\') => {
                            let e = chars
                                .get(i + 1)
                                .ok_or_else(|| syntax("unterminated quoted string"))?;
                            text.push(*e);
                            i += 2;
                        }
                        Some(c) => {
                            text.push(*c);
                            i += 1;
                        }
                    }
                }
                i += 1;
                out.push(Tok::Value(text, true));
            }
            '%' => {
                return Err(FilterError::Unsupported(
                    "a regular expression (`%…%`)".into(),
                ))
            }
            _ => {
                let start = i;
                while i < chars.len() && !ends_bare(chars[i], chars.get(i + 1).copied()) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word.is_empty() {
                    return Err(syntax(format!("unexpected `{c}`")));
                }
                out.push(if word.starts_with('$') {
                    Tok::Selector(selector(&word)?)
                } else {
                    Tok::Value(word, false)
                });
            }
        }
    }
    Ok(out)
}

fn ends_bare(c: char, next: Option<char>) -> bool {
    c.is_whitespace()
        || matches!(c, '(' | ')' | '=' | '<' | '>' | '"')
        || (c == '!' && next == Some('='))
        || ((c == '&' || c == '|') && next == Some(c))
}

/// `$.key`, `$.key[0]`, `$.a.b[1][2].c`; keys are letters, digits, `-` and `_`.
fn selector(word: &str) -> Result<Selector, FilterError> {
    let bad = || syntax(format!("`{word}` is not a selector"));
    if word.contains("[*]") || word.contains(".*") || word.contains("['") {
        return Err(FilterError::Unsupported(format!(
            "the selector `{word}` (wildcards and quoted keys)"
        )));
    }
    let mut rest = word.strip_prefix('$').ok_or_else(bad)?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(r.len());
            if end == 0 {
                return Err(bad());
            }
            steps.push(Step::Key(r[..end].to_owned()));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let (index, after) = r.split_once(']').ok_or_else(bad)?;
            if index == "*" {
                return Err(FilterError::Unsupported(format!(
                    "the `[*]` selector in `{word}`"
                )));
            }
            if steps.is_empty() {
                return Err(bad());
            }
            steps.push(Step::Index(index.parse().map_err(|_| bad())?));
            rest = after;
        } else {
            return Err(bad());
        }
    }
    if steps.is_empty() {
        return Err(bad());
    }
    Ok(Selector { steps })
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut e = self.unary()?;
        while self.peek() == Some(&Tok::And) {
            self.at += 1;
            e = Expr::And(Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        match self.next() {
            Some(Tok::LParen) => {
                let e = self.or()?;
                match self.next() {
                    Some(Tok::RParen) => Ok(e),
                    _ => Err(syntax("missing `)`")),
                }
            }
            Some(Tok::Selector(s)) => Ok(Expr::Test(s, self.test()?)),
            other => Err(syntax(format!("expected a selector, found {other:?}"))),
        }
    }

    fn keyword(&mut self, word: &str) -> bool {
        if self.peek() == Some(&Tok::Value(word.to_owned(), false)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn test(&mut self) -> Result<Test, FilterError> {
        if self.keyword("EXISTS") {
            return Ok(Test::Exists);
        }
        if self.keyword("NOT") {
            return if self.keyword("EXISTS") {
                Ok(Test::NotExists)
            } else {
                Err(syntax("`NOT` must be followed by `EXISTS`"))
            };
        }
        if self.keyword("IS") {
            return match self.next() {
                Some(Tok::Value(w, false)) if w == "NULL" => Ok(Test::IsNull),
                Some(Tok::Value(w, false)) if w == "TRUE" => Ok(Test::IsTrue),
                Some(Tok::Value(w, false)) if w == "FALSE" => Ok(Test::IsFalse),
                _ => Err(syntax("`IS` must be followed by `NULL`, `TRUE` or `FALSE`")),
            };
        }
        let op = match self.next() {
            Some(Tok::Op(op)) => op,
            other => return Err(syntax(format!("expected an operator, found {other:?}"))),
        };
        let operand = match self.next() {
            Some(Tok::Value(v, quoted)) => Operand::from_token(&v, quoted)?,
            other => return Err(syntax(format!("expected a value, found {other:?}"))),
        };
        if !matches!(op, Op::Eq | Op::Ne) && !matches!(operand, Operand::Number { .. }) {
            return Err(syntax("`<`, `>`, `<=` and `>=` compare with a number"));
        }
        Ok(Test::Compare(op, operand))
    }
}

impl Selector {
    fn resolve<'a>(&self, mut v: &'a Value) -> Option<&'a Value> {
        for step in &self.steps {
            v = match (step, v) {
                (Step::Key(k), Value::Object(m)) => m.get(k)?,
                (Step::Index(i), Value::Array(a)) => a.get(*i)?,
                _ => return None,
            };
        }
        Some(v)
    }
}

pub(super) fn eval(e: &Expr, record: &Value) -> bool {
    match e {
        Expr::And(a, b) => eval(a, record) && eval(b, record),
        Expr::Or(a, b) => eval(a, record) || eval(b, record),
        Expr::Test(sel, test) => {
            let v = sel.resolve(record);
            match test {
                Test::Exists => v.is_some(),
                Test::NotExists => v.is_none(),
                Test::IsNull => v.is_some_and(Value::is_null),
                Test::IsTrue => v == Some(&Value::Bool(true)),
                Test::IsFalse => v == Some(&Value::Bool(false)),
                Test::Compare(op, operand) => match v {
                    Some(Value::String(s)) => operand.compare(*op, s, super::string_number(s)),
                    Some(Value::Number(n)) => operand.compare(*op, &n.to_string(), n.as_f64()),
                    _ => false,
                },
            }
        }
    }
}
