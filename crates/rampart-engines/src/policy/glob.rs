//! IAM's wildcard matching: `*` matches any run of characters (none included), `?` exactly one.
//!
//! Actions, resources, `StringLike` values and ARN components all use the same two wildcards;
//! only the case rule differs (actions ignore case, resources and strings do not). A pattern is
//! a list of [`Tok`]s so that a policy variable such as `${*}` can stand for a literal `*`.

/// One element of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Char(char),
    /// `*`: any run of characters, possibly empty.
    Star,
    /// `?`: exactly one character.
    One,
}

/// A pattern's tokens, where every `*` and `?` is a wildcard.
pub fn tokens(pattern: &str) -> Vec<Tok> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            c => Tok::Char(c),
        })
        .collect()
}

/// Whether `text` matches `pattern`, where `*` and `?` are wildcards.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    match_tokens(&tokens(pattern), text, false)
}

/// Like [`wildcard_match`], ignoring ASCII case.
pub fn wildcard_match_ignore_case(pattern: &str, text: &str) -> bool {
    match_tokens(&tokens(pattern), text, true)
}

/// Whether `text` matches the tokens; `fold` ignores ASCII case.
pub fn match_tokens(p: &[Tok], text: &str, fold: bool) -> bool {
    let t: Vec<char> = text.chars().collect();
    let same = |a: char, b: char| a == b || (fold && a.eq_ignore_ascii_case(&b));
    let (mut pi, mut ti) = (0usize, 0usize);
    // The last `*` seen and the text position it is currently assumed to cover up to.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let step = match p.get(pi) {
            Some(Tok::One) => true,
            Some(Tok::Char(c)) => same(*c, t[ti]),
            _ => false,
        };
        if step {
            pi += 1;
            ti += 1;
        } else if p.get(pi) == Some(&Tok::Star) {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == Tok::Star)
}

/// Whether the tokens match every possible string (they are `*` only).
pub fn matches_everything(p: &[Tok]) -> bool {
    !p.is_empty() && p.iter().all(|&c| c == Tok::Star)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_and_question_marks() {
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("a*c", "abbbc"));
        assert!(wildcard_match("a*c", "ac"));
        assert!(!wildcard_match("a*c", "acb"));
        assert!(wildcard_match("a?c", "abc"));
        assert!(!wildcard_match("a?c", "ac"));
        assert!(wildcard_match("*b*b*", "abcbd"));
        assert!(!wildcard_match("A*", "abc"));
        assert!(wildcard_match_ignore_case("S3:Get*", "s3:getobject"));
        assert!(wildcard_match("é?", "éü"));
    }

    #[test]
    fn a_literal_star_is_no_wildcard() {
        let p = [Tok::Char('a'), Tok::Char('*')];
        assert!(match_tokens(&p, "a*", false));
        assert!(!match_tokens(&p, "ab", false));
    }

    #[test]
    fn everything_patterns() {
        assert!(matches_everything(&tokens("*")));
        assert!(matches_everything(&tokens("**")));
        assert!(!matches_everything(&tokens("*?")));
        assert!(!matches_everything(&tokens("")));
    }
}
