//! Small helpers shared by the collectors: time conversion, concurrent fan-out, ARN parts.

use std::future::Future;

use chrono::{DateTime, Utc};
use rampart_model::{Observed, Unavailable, UnavailableKind};
use tokio::task::JoinSet;

/// Converts an SDK timestamp; `None` when it is outside chrono's range.
pub(crate) fn to_chrono(t: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

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

/// The Region field of an ARN (`arn:aws:sns:eu-west-1:123:topic` → `eu-west-1`).
pub(crate) fn arn_region(arn: &str) -> Option<&str> {
    let region = arn.split(':').nth(3)?;
    (arn.starts_with("arn:") && !region.is_empty()).then_some(region)
}

/// The service field of an ARN (`arn:aws:sns:…` → `sns`).
pub(crate) fn arn_service(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")?.split(':').nth(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_parts() {
        assert_eq!(
            arn_region("arn:aws:sns:eu-west-1:123456789012:alerts"),
            Some("eu-west-1")
        );
        assert_eq!(
            arn_service("arn:aws:sns:eu-west-1:123456789012:alerts"),
            Some("sns")
        );
        assert_eq!(arn_region("arn:aws:iam::123456789012:root"), None);
        assert_eq!(arn_region("not an arn"), None);
        assert_eq!(arn_service("nope"), None);
    }

    #[test]
    fn converts_sdk_times() {
        let t = aws_smithy_types::DateTime::from_secs(1_700_000_000);
        assert_eq!(to_chrono(&t).map(|d| d.timestamp()), Some(1_700_000_000));
    }

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
