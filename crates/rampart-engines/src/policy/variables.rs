//! Policy variables: `${aws:username}` and friends in `Resource` and condition values.
//!
//! A variable is replaced by the request's value for that context key. `${*}`, `${?}` and
//! `${$}` stand for a literal `*`, `?` and `$`. `${key, 'default'}` uses the default when the
//! key is absent. A variable whose key is absent (and has no default), or multivalued, cannot
//! be resolved, and the string it is in matches nothing (AWS: "If AWS cannot resolve a
//! variable, this might cause the entire statement to be invalid"). Variables are only
//! replaced in documents of version `2012-10-17`; older documents read them literally.

use super::context::{ContextValue, Lookup, RequestContext};
use super::glob::{tokens, Tok};

/// A pattern after its variables were replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expanded {
    Tokens(Vec<Tok>),
    /// A variable names an absent or multivalued key: the pattern matches nothing.
    Unresolved,
    /// A variable names a key an open context does not know.
    Unknown,
}

/// Whether the text has something that looks like a variable.
pub fn has_variables(text: &str) -> bool {
    text.contains("${")
}

/// Replaces the variables of `pattern`; `*` and `?` outside variables stay wildcards.
pub fn expand(pattern: &str, ctx: &RequestContext) -> Expanded {
    expand_with(pattern, ctx, false)
}

/// Like [`expand`], but a variable that cannot be resolved becomes `*`: the pattern then
/// matches every resource the original could match for some value of the variable.
pub fn widen(pattern: &str, ctx: &RequestContext) -> Vec<Tok> {
    match expand_with(pattern, ctx, true) {
        Expanded::Tokens(t) => t,
        _ => vec![Tok::Star],
    }
}

fn expand_with(pattern: &str, ctx: &RequestContext, widen: bool) -> Expanded {
    if !has_variables(pattern) {
        return Expanded::Tokens(tokens(pattern));
    }
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.extend(tokens(&rest[..start]));
        let after = &rest[start + 2..];
        let Some(end) = closing_brace(after) else {
            out.extend(tokens(&rest[start..]));
            return Expanded::Tokens(out);
        };
        match resolve(&after[..end], ctx) {
            Resolved::Text(t) => out.extend(t.chars().map(Tok::Char)),
            Resolved::Unresolved | Resolved::Unknown if widen => out.push(Tok::Star),
            Resolved::Unresolved => return Expanded::Unresolved,
            Resolved::Unknown => return Expanded::Unknown,
        }
        rest = &after[end + 1..];
    }
    out.extend(tokens(rest));
    Expanded::Tokens(out)
}

/// The index of the `}` closing a variable, skipping quoted defaults.
fn closing_brace(s: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '}' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

enum Resolved {
    Text(String),
    Unresolved,
    Unknown,
}

fn resolve(inner: &str, ctx: &RequestContext) -> Resolved {
    match inner.trim() {
        "*" => return Resolved::Text("*".into()),
        "?" => return Resolved::Text("?".into()),
        "$" => return Resolved::Text("$".into()),
        _ => {}
    }
    let (key, default) = match inner.split_once(',') {
        Some((k, d)) => {
            let d = d.trim();
            let d = d
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .map(|d| d.replace("''", "'"));
            (k.trim(), d)
        }
        None => (inner.trim(), None),
    };
    match ctx.lookup(key) {
        Lookup::Present(ContextValue::Single(v)) => Resolved::Text(v.clone()),
        Lookup::Unknown => Resolved::Unknown,
        Lookup::Present(ContextValue::Multi(_)) | Lookup::Absent => match default {
            Some(d) => Resolved::Text(d),
            None => Resolved::Unresolved,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::context::RequestResource;
    use super::*;

    fn ctx() -> RequestContext {
        RequestContext::new("s3:GetObject", RequestResource::Generic).with("aws:username", "alice")
    }

    fn text(e: Expanded) -> String {
        match e {
            Expanded::Tokens(t) => t
                .iter()
                .map(|t| match t {
                    Tok::Char(c) => *c,
                    Tok::Star => '⋆',
                    Tok::One => '¿',
                })
                .collect(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn replaces_variables_and_escapes() {
        assert_eq!(
            text(expand("arn:aws:iam::*:user/${aws:username}", &ctx())),
            "arn:aws:iam::⋆:user/alice"
        );
        assert_eq!(text(expand("a${*}b${?}${$}", &ctx())), "a*b?$");
        assert_eq!(
            text(expand("${aws:PrincipalTag/team, 'all'}", &ctx())),
            "all"
        );
        assert_eq!(expand("${aws:userid}", &ctx()), Expanded::Unresolved);
        let open = RequestContext::open("s3:GetObject", RequestResource::Generic);
        assert_eq!(expand("${aws:username}", &open), Expanded::Unknown);
        assert_eq!(text(expand("${unclosed", &ctx())), "${unclosed");
    }
}
