//! Fan-out for the collectors: many independent reads at once, in input order, a panicked task
//! turned into an unreadable fact instead of a crash.

use std::future::Future;

use rampart_model::{Observed, Unavailable, UnavailableKind};
use tokio::task::JoinSet;

/// Runs the futures concurrently and returns their outputs in input order. A task that
/// panicked yields an `Error` fact instead of bringing collection down.
pub(crate) async fn join_all<T, F>(futures: Vec<F>) -> Vec<Result<T, Unavailable>>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let count = futures.len();
    let mut set = JoinSet::new();
    for (i, f) in futures.into_iter().enumerate() {
        set.spawn(async move { (i, f.await) });
    }
    let mut out: Vec<Option<T>> = (0..count).map(|_| None).collect();
    let mut failures = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((i, value)) => {
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some(value);
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    out.into_iter()
        .map(|v| {
            v.ok_or_else(|| {
                let cause = failures
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "task did not finish".to_owned());
                Unavailable::new(
                    UnavailableKind::Error,
                    None,
                    format!("internal failure: {cause}"),
                )
            })
        })
        .collect()
}

/// Flattens a fan-out result into an `Observed`.
pub(crate) fn flatten<T>(r: Result<Observed<T>, Unavailable>) -> Observed<T> {
    r.unwrap_or_else(Observed::Unavailable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn join_all_keeps_order() {
        let futs: Vec<_> = (0..5u64)
            .map(|i| async move {
                tokio::time::sleep(std::time::Duration::from_millis(10 * (5 - i))).await;
                i
            })
            .collect();
        let out: Vec<u64> = join_all(futs)
            .await
            .into_iter()
            .map(|r| r.unwrap_or(99))
            .collect();
        assert_eq!(out, vec![0, 1, 2, 3, 4]);
    }
}
