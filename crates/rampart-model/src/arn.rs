//! The fields of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`), read the same way
//! by the collector, the judgements and the planner.

/// The service field (`arn:aws:sns:…` → `sns`).
pub fn service(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")?.split(':').nth(1)
}

/// The Region field, when the ARN has one (`arn:aws:sns:eu-west-1:…` → `eu-west-1`; global
/// resources such as IAM's and S3's have none).
pub fn region(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")?
        .split(':')
        .nth(2)
        .filter(|r| !r.is_empty())
}

/// The account field, when the ARN has one (`arn:aws:sns:eu-west-1:123456789012:t` →
/// `123456789012`; S3 bucket ARNs have none).
pub fn account(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")?
        .split(':')
        .nth(3)
        .filter(|a| !a.is_empty())
}

/// The resource field, everything after the account (`…:123456789012:function:thumbs` →
/// `function:thumbs`).
pub fn resource(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_field() {
        let topic = "arn:aws:sns:eu-west-1:123456789012:alerts";
        assert_eq!(service(topic), Some("sns"));
        assert_eq!(region(topic), Some("eu-west-1"));
        assert_eq!(account(topic), Some("123456789012"));
        assert_eq!(resource(topic), Some("alerts"));
        assert_eq!(
            resource("arn:aws:lambda:eu-west-1:123456789012:function:thumbs"),
            Some("function:thumbs")
        );
        assert_eq!(region("arn:aws:iam::123456789012:root"), None);
        assert_eq!(
            account("arn:aws:iam::123456789012:root"),
            Some("123456789012")
        );
        assert_eq!(account("arn:aws:s3:::bucket"), None);
        assert_eq!(region("not an arn"), None);
        assert_eq!(service("nope"), None);
    }
}
