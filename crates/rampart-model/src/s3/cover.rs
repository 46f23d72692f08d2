//! Questions about the *set* of strings an IAM wildcard pattern matches, which a single
//! match cannot answer: does `arn:aws:s3:::b/*` match every object of bucket `b`? Could
//! `s3:Get*` match some S3 action at all?
//!
//! Both are answered by running the pattern as a small automaton over a fixed prefix (such as
//! `arn:aws:s3:::b/`) and looking at the states left: the pattern matches every continuation
//! when one state has only `*` left, and some continuation when any state is left at all.
//! `*` matches any run of characters and `?` exactly one, as in IAM.

/// Whether `pattern` matches every string that starts with `prefix` (`prefix` itself too).
pub fn covers_prefix(pattern: &str, prefix: &str, ignore_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    states_after(&p, prefix, ignore_case)
        .iter()
        .any(|&i| i < p.len() && p[i..].iter().all(|&c| c == '*'))
}

/// Whether `pattern` matches `text` itself.
pub fn full_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    states_after(&p, text, ignore_case).contains(&p.len())
}

/// Whether `pattern` matches at least one string that starts with `prefix`.
pub fn meets_prefix(pattern: &str, prefix: &str, ignore_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    !states_after(&p, prefix, ignore_case).is_empty()
}

/// The positions in `p` the automaton can be at after reading `text`, stars expanded.
fn states_after(p: &[char], text: &str, ignore_case: bool) -> Vec<usize> {
    let same = |a: char, b: char| a == b || (ignore_case && a.eq_ignore_ascii_case(&b));
    let mut states = closure(p, vec![0]);
    for c in text.chars() {
        let mut next = Vec::new();
        for &i in &states {
            match p.get(i) {
                Some('*') => next.push(i),
                Some('?') => next.push(i + 1),
                Some(&l) if same(l, c) => next.push(i + 1),
                _ => {}
            }
        }
        states = closure(p, next);
        if states.is_empty() {
            break;
        }
    }
    states
}

/// Adds the states reachable by letting a `*` match nothing.
fn closure(p: &[char], mut states: Vec<usize>) -> Vec<usize> {
    let mut k = 0;
    while k < states.len() {
        let i = states[k];
        if p.get(i) == Some(&'*') && !states.contains(&(i + 1)) {
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
            assert!(covers_prefix(p, OBJECTS, false), "{p}");
        }
        for p in [
            "arn:aws:s3:::b",
            "arn:aws:s3:::b/",
            "arn:aws:s3:::b/*/*",
            "arn:aws:s3:::b/?*",
            "arn:aws:s3:::b/logs/*",
            "arn:aws:s3:::B/*",
            "arn:aws:s3:::bb/*",
        ] {
            assert!(!covers_prefix(p, OBJECTS, false), "{p}");
        }
    }

    #[test]
    fn patterns_that_meet_some_object() {
        assert!(meets_prefix("arn:aws:s3:::b/logs/*", OBJECTS, false));
        assert!(meets_prefix("arn:aws:s3:::b/x", OBJECTS, false));
        assert!(meets_prefix("arn:aws:s3:::*/x", OBJECTS, false));
        assert!(!meets_prefix("arn:aws:s3:::b", OBJECTS, false));
        assert!(!meets_prefix("arn:aws:s3:::other/*", OBJECTS, false));
    }

    #[test]
    fn actions_ignore_case() {
        assert!(covers_prefix("S3:*", "s3:", true));
        assert!(covers_prefix("s3*", "s3:", true));
        assert!(!covers_prefix("s3:Get*", "s3:", true));
        assert!(meets_prefix("s3:Get*", "s3:", true));
        assert!(!meets_prefix("sqs:*", "s3:", true));
    }
}
