//! Values as the SDK hands them back, turned into the model's: timestamps, and ARN fields
//! (read by the model's `arn` module).

use chrono::{DateTime, Utc};

/// Converts an SDK timestamp; `None` when it is outside chrono's range.
pub(crate) fn to_chrono(t: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

pub(crate) use rampart_model::arn::{region as arn_region, service as arn_service};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_sdk_times() {
        let t = aws_smithy_types::DateTime::from_secs(1_700_000_000);
        assert_eq!(to_chrono(&t).map(|d| d.timestamp()), Some(1_700_000_000));
    }
}
