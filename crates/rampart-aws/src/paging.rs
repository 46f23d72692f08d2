//! Page tokens of hand-written listing loops. An API that hands back a token it already gave
//! would page forever, and stopping quietly would pass a partial list off as whole: the loop
//! ends with an error naming the API instead.

use std::collections::HashSet;

use rampart_model::{Unavailable, UnavailableKind};

/// The tokens a listing has seen.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    seen: HashSet<String>,
}

impl Tokens {
    /// The token for the next page of `api`: `None` when the listing is done (no token, or an
    /// empty one), an error when the token was already given.
    pub(crate) fn next(
        &mut self,
        api: &str,
        token: Option<&str>,
    ) -> Result<Option<String>, Unavailable> {
        match token.filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) if !self.seen.insert(t.to_owned()) => Err(Unavailable::new(
                UnavailableKind::Error,
                Some(api),
                "the API returned a page token it had returned before, so the listing would never end; what it listed is incomplete",
            )),
            Some(t) => Ok(Some(t.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_token_is_an_error_and_an_empty_one_ends() {
        let mut t = Tokens::default();
        assert_eq!(
            t.next("x:List", Some("a")).expect("new"),
            Some("a".to_owned())
        );
        assert_eq!(
            t.next("x:List", Some("b")).expect("new"),
            Some("b".to_owned())
        );
        assert_eq!(t.next("x:List", Some("")).expect("done"), None);
        assert_eq!(t.next("x:List", None).expect("done"), None);
        let e = t.next("x:List", Some("a")).unwrap_err();
        assert_eq!(e.action.as_deref(), Some("x:List"));
        assert!(e.message.contains("incomplete"), "{}", e.message);
    }
}
