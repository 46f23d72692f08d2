//! Questions about the *set* of strings an IAM wildcard pattern matches, which a single
//! match cannot answer: does `arn:aws:s3:::b/*` match every object of bucket `b`? Could
//! `arn:aws:s3:::b/logs/*` match some object at all?
//!
//! Patterns are the policy engine's tokens (`rampart_engines::policy::glob`), run as a small automaton over a fixed prefix such as `arn:aws:s3:::b/`: the
//! pattern matches every continuation when one state has only `*` left, and some
//! continuation when any state is left at all. Single matches are the engine's.

use rampart_engines::policy::glob::{match_tokens, tokens, Tok};
use rampart_engines::policy::Statement;

/// A resource pattern as the set of resources it can match in *some* request: each policy
/// variable (`${aws:username}`, …) stands for whatever value it could take, so it becomes a
/// `*`; `${*}`, `${?}` and `${$}` are the literal characters. `variables` is false for
/// documents older than `2012-10-17`, which read `${…}` literally. For one concrete request,
/// expand with the engine's `policy::variables::expand` instead.
pub fn coverage_tokens(pattern: &str, variables: bool) -> Vec<Tok> {
    if !variables {
        return tokens(pattern);
    }
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.extend(tokens(&rest[..start]));
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.extend(tokens(&rest[start..]));
            return out;
        };
        match &after[..end] {
            "*" => out.push(Tok::Char('*')),
            "?" => out.push(Tok::Char('?')),
            "$" => out.push(Tok::Char('$')),
            _ => out.push(Tok::Star),
        }
        rest = &after[end + 1..];
    }
    out.extend(tokens(rest));
    out
}

/// Whether a statement's `Resource` (or `NotResource`) covers the bucket ARN itself and every
/// object ARN of `bucket` (`arn:aws:s3:::BUCKET`, `arn:aws:s3:::BUCKET/…`).
pub fn bucket_coverage(s: &Statement, bucket: &str, variables: bool) -> (bool, bool) {
    let arn = format!("arn:aws:s3:::{bucket}");
    let objects = format!("{arn}/");
    let toks = |list: &[String]| -> Vec<Vec<Tok>> {
        list.iter().map(|r| coverage_tokens(r, variables)).collect()
    };
    if !s.resource.is_empty() {
        let r = toks(&s.resource);
        (
            r.iter().any(|p| matches(p, &arn)),
            r.iter().any(|p| covers_prefix(p, &objects)),
        )
    } else if !s.not_resource.is_empty() {
        let not = toks(&s.not_resource);
        (
            !not.iter().any(|p| matches(p, &arn)),
            !not.iter().any(|p| meets_prefix(p, &objects)),
        )
    } else {
        (false, false)
    }
}

/// Whether the pattern matches `text` (case-sensitive, as resources are).
pub fn matches(p: &[Tok], text: &str) -> bool {
    match_tokens(p, text, false)
}

/// Whether the pattern matches every string that starts with `prefix` (`prefix` itself too):
/// every set of states reachable from where the prefix leaves the automaton is accepting. The
/// characters the pattern names, and one it does not, stand for the whole alphabet.
pub fn covers_prefix(p: &[Tok], prefix: &str) -> bool {
    let mut alphabet: Vec<char> = p
        .iter()
        .filter_map(|t| match t {
            Tok::Char(c) => Some(*c),
            _ => None,
        })
        .collect();
    alphabet.sort_unstable();
    alphabet.dedup();
    if let Some(other) = ('\u{1}'..).find(|c| !alphabet.contains(c)) {
        alphabet.push(other);
    }
    let mut seen = vec![states_after(p, prefix)];
    let mut k = 0;
    while k < seen.len() {
        let states = seen[k].clone();
        if !states.contains(&p.len()) {
            return false;
        }
        for &c in &alphabet {
            let next = step(p, &states, c);
            if !seen.contains(&next) {
                seen.push(next);
            }
        }
        k += 1;
    }
    true
}

/// Whether the pattern matches at least one string that starts with `prefix`.
pub fn meets_prefix(p: &[Tok], prefix: &str) -> bool {
    !states_after(p, prefix).is_empty()
}

/// The positions in `p` the automaton can be at after reading `text`, stars expanded.
fn states_after(p: &[Tok], text: &str) -> Vec<usize> {
    let mut states = closure(p, vec![0]);
    for c in text.chars() {
        states = step(p, &states, c);
        if states.is_empty() {
            break;
        }
    }
    states
}

/// The states after reading `c` from `states`.
fn step(p: &[Tok], states: &[usize], c: char) -> Vec<usize> {
    let mut next = Vec::new();
    for &i in states {
        match p.get(i) {
            Some(Tok::Star) => next.push(i),
            Some(Tok::One) => next.push(i + 1),
            Some(Tok::Char(l)) if *l == c => next.push(i + 1),
            _ => {}
        }
    }
    closure(p, next)
}

/// Adds the states reachable by letting a `*` match nothing.
fn closure(p: &[Tok], mut states: Vec<usize>) -> Vec<usize> {
    let mut k = 0;
    while k < states.len() {
        let i = states[k];
        if p.get(i) == Some(&Tok::Star) && !states.contains(&(i + 1)) {
            states.push(i + 1);
        }
        k += 1;
    }
    states.sort_unstable();
    states.dedup();
    states
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBJECTS: &str = "arn:aws:s3:::b/";

    #[test]
    fn patterns_that_cover_every_object() {
        for p in [
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::b*",
            "arn:aws:s3:::*",
            "*",
            "arn:aws:s3:::?/*",
            "arn:*:s3:::b/**",
        ] {
            assert!(covers_prefix(&tokens(p), OBJECTS), "{p}");
        }
        for p in [
            "arn:aws:s3:::b",
            "arn:aws:s3:::b/",
            "arn:aws:s3:::b/*/*",
            "arn:aws:s3:::b/?*",
            "arn:aws:s3:::b/logs/*",
            "arn:aws:s3:::b/*?",
            "arn:aws:s3:::B/*",
            "arn:aws:s3:::bb/*",
        ] {
            assert!(!covers_prefix(&tokens(p), OBJECTS), "{p}");
        }
    }

    #[test]
    fn patterns_that_meet_some_object() {
        let meets = |p: &str| meets_prefix(&tokens(p), OBJECTS);
        assert!(meets("arn:aws:s3:::b/logs/*"));
        assert!(meets("arn:aws:s3:::b/x"));
        assert!(meets("arn:aws:s3:::*/x"));
        assert!(!meets("arn:aws:s3:::b"));
        assert!(!meets("arn:aws:s3:::other/*"));
    }

    #[test]
    fn variables_stand_for_any_value() {
        let literal = coverage_tokens("arn:aws:s3:::b/${*}", true);
        assert!(!covers_prefix(&literal, OBJECTS));
        assert!(matches(&literal, "arn:aws:s3:::b/*"));
        let per_user = coverage_tokens("arn:aws:s3:::b/${aws:username}/*", true);
        assert!(meets_prefix(&per_user, OBJECTS) && !covers_prefix(&per_user, OBJECTS));
        assert!(matches(&per_user, "arn:aws:s3:::b/alice/x"));
        let old = coverage_tokens("arn:aws:s3:::b/${aws:username}/*", false);
        assert!(!matches(&old, "arn:aws:s3:::b/alice/x"));
    }

    /// Every string over `alphabet` of length at most `n`.
    fn strings(alphabet: &[char], n: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..n {
            layer = layer
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            out.extend(layer.iter().cloned());
        }
        out
    }

    #[test]
    fn the_automaton_agrees_with_brute_force() {
        // Random patterns over a small alphabet, judged against every continuation of the
        // prefix up to a length beyond which a wildcard pattern cannot tell strings apart.
        let alphabet = ['a', '/', 'z'];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let prefix = "a/";
        for _ in 0..400 {
            let len = 1 + next(6) as usize;
            let pattern: String = (0..len)
                .map(|_| ['a', '/', '*', '?', 'a', '*'][next(6) as usize])
                .collect();
            let p = tokens(&pattern);
            let suffixes = strings(&alphabet, len + 1);
            let hits: Vec<bool> = suffixes
                .iter()
                .map(|s| matches(&p, &format!("{prefix}{s}")))
                .collect();
            assert_eq!(
                covers_prefix(&p, prefix),
                hits.iter().all(|h| *h),
                "{pattern}"
            );
            assert_eq!(
                meets_prefix(&p, prefix),
                hits.iter().any(|h| *h),
                "{pattern}"
            );
        }
    }
}
