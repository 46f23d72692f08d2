//! Service clients for one collection, each carrying the request counter.
//!
//! Regional facts need clients in other Regions than the connection's (a trail's home Region,
//! a bucket's Region, `us-east-1` for billing), so [`Clients`] builds them on demand from the
//! shared SDK configuration. Clients are cheap handles; building one sends nothing.

use aws_smithy_types::retry::RetryConfig;
use aws_types::region::Region;
use tokio::sync::mpsc::UnboundedSender;

use crate::interceptor::{AccountHostPrefixStripper, HtmlErrorPageIsFinal, RequestCounter};
use crate::Connection;

/// The Region of the global billing APIs and of root console sign-in events.
pub(crate) const US_EAST_1: &str = "us-east-1";

/// Builds counted clients for one collection.
#[derive(Clone, Debug)]
pub(crate) struct Clients {
    conn: Connection,
    sink: UnboundedSender<String>,
}

macro_rules! regional_client {
    ($(#[$doc:meta])* $fn:ident, $krate:ident, $prefix:literal) => {
        $(#[$doc])*
        pub(crate) fn $fn(&self, region: &str) -> $krate::Client {
            let mut config = $krate::config::Builder::from(&self.conn.sdk)
                .region(Region::new(region.to_owned()))
                .interceptor(self.counter($prefix));
            if self.conn.custom_endpoint {
                config = config.retry_classifier(HtmlErrorPageIsFinal);
            }
            $krate::Client::from_conf(config.build())
        }
    };
}

impl Clients {
    pub(crate) fn new(conn: &Connection, sink: UnboundedSender<String>) -> Self {
        Self {
            conn: conn.clone(),
            sink,
        }
    }

    /// Clients whose requests nobody counts (a search, a single read), for work that reports
    /// no request statistics.
    pub(crate) fn uncounted(conn: &Connection) -> Self {
        let (sink, _) = tokio::sync::mpsc::unbounded_channel::<String>();
        Self::new(conn, sink)
    }

    /// The collection Region.
    pub(crate) fn region(&self) -> &str {
        &self.conn.region
    }

    /// The collection Region and `us-east-1`, without duplicates.
    pub(crate) fn home_regions(&self) -> Vec<String> {
        let mut regions = vec![US_EAST_1.to_owned()];
        if self.conn.region != US_EAST_1 {
            regions.push(self.conn.region.clone());
        }
        regions
    }

    fn counter(&self, service: &'static str) -> RequestCounter {
        RequestCounter::new(service, self.sink.clone())
    }

    regional_client!(sts, aws_sdk_sts, "sts");
    regional_client!(iam, aws_sdk_iam, "iam");
    regional_client!(cloudtrail, aws_sdk_cloudtrail, "cloudtrail");
    regional_client!(account, aws_sdk_account, "account");
    regional_client!(events, aws_sdk_eventbridge, "events");
    regional_client!(sns, aws_sdk_sns, "sns");
    regional_client!(logs, aws_sdk_cloudwatchlogs, "logs");
    regional_client!(cloudwatch, aws_sdk_cloudwatch, "cloudwatch");
    regional_client!(cur, aws_sdk_costandusagereport, "cur");
    regional_client!(bcm, aws_sdk_bcmdataexports, "bcm-data-exports");
    regional_client!(kms, aws_sdk_kms, "kms");
    regional_client!(organizations, aws_sdk_organizations, "organizations");
    regional_client!(athena, aws_sdk_athena, "athena");
    regional_client!(ec2, aws_sdk_ec2, "ec2");
    regional_client!(accessanalyzer, aws_sdk_accessanalyzer, "access-analyzer");
    regional_client!(guardduty, aws_sdk_guardduty, "guardduty");
    regional_client!(config, aws_sdk_config, "config");
    regional_client!(securityhub, aws_sdk_securityhub, "securityhub");
    regional_client!(sqs, aws_sdk_sqs, "sqs");
    regional_client!(budgets, aws_sdk_budgets, "budgets");
    regional_client!(ce, aws_sdk_costexplorer, "ce");
    regional_client!(lambda, aws_sdk_lambda, "lambda");
    regional_client!(secretsmanager, aws_sdk_secretsmanager, "secretsmanager");

    /// The same clients acting as another identity (a role or root session in another
    /// account), their requests counted with these.
    pub(crate) fn as_identity(&self, conn: &Connection) -> Clients {
        Clients::new(conn, self.sink.clone())
    }

    /// The connection these clients are built from.
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    /// How often a request that failed in passing is sent again: the configured attempts
    /// (`--max-attempts`, the profile's, or the default), less one.
    pub(crate) fn transient_retries(&self) -> u32 {
        self.conn
            .sdk
            .retry_config()
            .map_or(
                crate::connect::DEFAULT_MAX_ATTEMPTS,
                aws_smithy_types::retry::RetryConfig::max_attempts,
            )
            .saturating_sub(1)
    }

    /// A CloudTrail client for `LookupEvents`: no SDK retries, because the event-history
    /// paginator paces and retries its own requests.
    pub(crate) fn cloudtrail_lookup(&self, region: &str) -> aws_sdk_cloudtrail::Client {
        let config = aws_sdk_cloudtrail::config::Builder::from(&self.conn.sdk)
            .region(Region::new(region.to_owned()))
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .interceptor(self.counter("cloudtrail"))
            .build();
        aws_sdk_cloudtrail::Client::from_conf(config)
    }

    /// An S3 client in `region`, path-style against a local endpoint.
    pub(crate) fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let mut config = aws_sdk_s3::config::Builder::from(&self.conn.sdk)
            .region(Region::new(region.to_owned()))
            .force_path_style(self.conn.custom_endpoint)
            .interceptor(self.counter("s3"));
        if self.conn.custom_endpoint {
            config = config.retry_classifier(HtmlErrorPageIsFinal);
        }
        aws_sdk_s3::Client::from_conf(config.build())
    }

    /// An S3 Control client; against a local endpoint the account-id host label is removed.
    pub(crate) fn s3control(&self) -> aws_sdk_s3control::Client {
        let mut builder = aws_sdk_s3control::config::Builder::from(&self.conn.sdk)
            .region(Region::new(self.conn.region.clone()))
            .interceptor(self.counter("s3control"));
        if self.conn.custom_endpoint {
            builder = builder.retry_classifier(HtmlErrorPageIsFinal);
            if let Some(stripper) = self
                .conn
                .endpoint_url()
                .and_then(AccountHostPrefixStripper::for_endpoint)
            {
                builder = builder.interceptor(stripper);
            }
        }
        aws_sdk_s3control::Client::from_conf(builder.build())
    }
}
