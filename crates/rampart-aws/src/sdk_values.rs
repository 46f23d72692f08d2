//! Values as the SDK hands them back, turned into the model's: timestamps and ARN fields.

use chrono::{DateTime, Utc};

/// Converts an SDK timestamp; `None` when it is outside chrono's range.
pub(crate) fn to_chrono(t: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
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
}
