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

/// Every page of a listing: `fetch` sends the request for a page token (`None` first), `next`
/// reads the token of the page after. The first failed request ends it, as does a repeated
/// token (see [`Tokens`]).
pub(crate) async fn all_pages<P, E, Fut>(
    api: &str,
    mut fetch: impl FnMut(Option<String>) -> Fut,
    next: impl Fn(&P) -> Option<&str>,
) -> Result<Vec<P>, Unavailable>
where
    Fut: std::future::Future<
        Output = Result<
            P,
            aws_smithy_runtime_api::client::result::SdkError<
                E,
                aws_smithy_runtime_api::client::orchestrator::HttpResponse,
            >,
        >,
    >,
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
{
    let mut pages = Vec::new();
    let mut token = None;
    let mut tokens = Tokens::default();
    loop {
        let page = fetch(token.take())
            .await
            .map_err(|e| crate::errors::unavailable(api, &e))?;
        token = tokens.next(api, next(&page))?;
        pages.push(page);
        if token.is_none() {
            return Ok(pages);
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
