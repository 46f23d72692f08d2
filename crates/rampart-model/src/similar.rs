//! "Did you mean …?": the known name closest to a mistyped one.
//!
//! Every place that rejects a name it does not know (a check id, a `rampart.toml` key, an AWS
//! profile or Region) suggests the nearest known one with this, so they all judge "close" alike.

/// The candidate closest to `typed` (case-insensitively), when it is close enough to be a likely
/// typo: at most two edits, or a quarter of the candidate's length for long names.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    candidates
        .into_iter()
        .map(|name| (distance(&typed, &name.to_lowercase()), name))
        .filter(|(d, name)| *d <= 2.max(name.chars().count() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// `; did you mean `NAME`?` for the closest candidate, or nothing.
pub fn did_you_mean<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(typed, candidates)
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default()
}

/// Levenshtein distance, in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("rmp102", "rmp102"), 0);
    }

    #[test]
    fn suggests_only_near_names() {
        let names = ["unused_credentials_days", "fail_on", "ignore"];
        assert_eq!(
            closest("unused_credential_days", names),
            Some("unused_credentials_days")
        );
        assert_eq!(closest("FAIL_ON", names), Some("fail_on"));
        assert_eq!(closest("completely-unrelated", names), None);
        assert_eq!(did_you_mean("ignor", names), "; did you mean `ignore`?");
        assert_eq!(did_you_mean("zzz", names), "");
    }
}
