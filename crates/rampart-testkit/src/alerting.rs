//! Alert routes as accounts really have them, for tests and `rampart-emulator --alerts`.
//!
//! - [`AlertSeed::Broken`]: five routes for root activity that each deliver to nobody, the
//!   ways real alerting breaks: a topic keeping its default policy, a topic policy for another
//!   rule, a topic encrypted with `alias/aws/sns`, a rule whose topic is in another Region, and
//!   the CIS metric filter with an alarm at `Sum >= 5`. Every topic has a subscriber, so each
//!   route breaks at exactly one link.
//! - [`AlertSeed::Cis`]: the benchmark's own way for all fifteen monitoring controls: a
//!   multi-Region trail into a CloudWatch Logs group, the metric filter CIS prescribes for each
//!   control (read from rampart's control data), an alarm at `Sum >= 1` over one period, and a
//!   topic CloudWatch may publish to with a subscriber.
//!
//! moto confirms e-mail subscriptions at once.

use serde_json::{json, Value};

use crate::TestAccount;

/// Which routes to seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertSeed {
    Broken,
    Cis,
}

const REGION: &str = "us-east-1";
const OTHER_REGION: &str = "eu-west-1";
const ROOT_PATTERN: &str = r#"{"detail-type":["AWS Console Sign In via CloudTrail","AWS API Call via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}"#;
/// The trail's log group.
pub const LOG_GROUP: &str = "cloudtrail-management";

/// Seeds `seed` into `account`; returns one line per route made, for a person to read.
pub async fn seed_alerts(account: &TestAccount, seed: AlertSeed) -> Result<Vec<String>, String> {
    let s = Seeder::new(account).await;
    match seed {
        AlertSeed::Broken => s.broken().await,
        AlertSeed::Cis => s.cis().await,
    }
}

struct Seeder {
    account: String,
    conf: aws_types::SdkConfig,
    other: aws_types::SdkConfig,
}

impl Seeder {
    async fn new(account: &TestAccount) -> Self {
        Seeder {
            account: account.account_id.clone(),
            conf: account.sdk_config(REGION).await,
            other: account.sdk_config(OTHER_REGION).await,
        }
    }

    fn sns(&self, region: &str) -> aws_sdk_sns::Client {
        aws_sdk_sns::Client::new(if region == REGION {
            &self.conf
        } else {
            &self.other
        })
    }

    /// A topic with one e-mail subscriber and, when given, this access policy and key.
    async fn topic(
        &self,
        region: &str,
        name: &str,
        policy: Option<Value>,
        key: Option<&str>,
    ) -> Result<String, String> {
        let sns = self.sns(region);
        let arn = sns
            .create_topic()
            .name(name)
            .send()
            .await
            .map_err(|e| format!("sns:CreateTopic {name}: {e:?}"))?
            .topic_arn()
            .unwrap_or_default()
            .to_owned();
        for (attribute, value) in [
            ("Policy", policy.map(|p| p.to_string())),
            ("KmsMasterKeyId", key.map(str::to_owned)),
        ] {
            let Some(value) = value else { continue };
            sns.set_topic_attributes()
                .topic_arn(&arn)
                .attribute_name(attribute)
                .attribute_value(value)
                .send()
                .await
                .map_err(|e| format!("sns:SetTopicAttributes {name}: {e:?}"))?;
        }
        sns.subscribe()
            .topic_arn(&arn)
            .protocol("email")
            .endpoint("security@example.com")
            .send()
            .await
            .map_err(|e| format!("sns:Subscribe {name}: {e:?}"))?;
        Ok(arn)
    }

    /// Lets `service` publish to `topic` when `aws:SourceArn` is like `source`.
    fn publish_policy(topic: &str, service: &str, source: &str) -> Value {
        json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "AllowServicePublish", "Effect": "Allow", "Principal": {"Service": service},
            "Action": "sns:Publish", "Resource": topic,
            "Condition": {"ArnLike": {"aws:SourceArn": source}}
        }]})
    }

    fn topic_arn(&self, region: &str, name: &str) -> String {
        format!("arn:aws:sns:{region}:{}:{name}", self.account)
    }

    fn rule_arn(&self, name: &str) -> String {
        format!("arn:aws:events:{REGION}:{}:rule/{name}", self.account)
    }

    async fn rule(&self, name: &str, pattern: &str, target: &str) -> Result<(), String> {
        let events = aws_sdk_eventbridge::Client::new(&self.conf);
        events
            .put_rule()
            .name(name)
            .event_pattern(pattern)
            .send()
            .await
            .map_err(|e| format!("events:PutRule {name}: {e:?}"))?;
        let target = aws_sdk_eventbridge::types::Target::builder()
            .id("topic")
            .arn(target)
            .build()
            .map_err(|e| format!("events target: {e}"))?;
        events
            .put_targets()
            .rule(name)
            .targets(target)
            .send()
            .await
            .map_err(|e| format!("events:PutTargets {name}: {e:?}"))?;
        Ok(())
    }

    async fn broken(&self) -> Result<Vec<String>, String> {
        let mut made = Vec::new();
        // 1. The default topic policy: only the owner account's principals may publish.
        let t = self
            .topic(REGION, "alerts-default-policy", None, None)
            .await?;
        self.rule("root-default-policy", ROOT_PATTERN, &t).await?;
        made.push(format!(
            "rule root-default-policy -> {t}: the topic keeps its default policy"
        ));
        // 2. A policy for another rule.
        let name = "alerts-other-rule";
        let arn = self.topic_arn(REGION, name);
        let policy = Self::publish_policy(
            &arn,
            "events.amazonaws.com",
            &self.rule_arn("some-other-rule"),
        );
        let t = self.topic(REGION, name, Some(policy), None).await?;
        self.rule("root-other-rule", ROOT_PATTERN, &t).await?;
        made.push(format!(
            "rule root-other-rule -> {t}: the policy names another rule"
        ));
        // 3. The AWS managed key.
        let name = "alerts-aws-key";
        let arn = self.topic_arn(REGION, name);
        let policy = Self::publish_policy(&arn, "events.amazonaws.com", &self.rule_arn("*"));
        let t = self
            .topic(REGION, name, Some(policy), Some("alias/aws/sns"))
            .await?;
        self.rule("root-aws-key", ROOT_PATTERN, &t).await?;
        made.push(format!(
            "rule root-aws-key -> {t}: encrypted with alias/aws/sns"
        ));
        // 4. A topic in another Region.
        let name = "alerts-other-region";
        let arn = self.topic_arn(OTHER_REGION, name);
        let policy = Self::publish_policy(&arn, "events.amazonaws.com", &self.rule_arn("*"));
        let t = self.topic(OTHER_REGION, name, Some(policy), None).await?;
        self.rule("root-other-region", ROOT_PATTERN, &t).await?;
        made.push(format!(
            "rule root-other-region -> {t}: the topic is in {OTHER_REGION}"
        ));
        // 5. The CIS filter with an alarm one event never trips.
        let root = control("5.3")?;
        let filter = root["cis_filter"].as_str().unwrap_or_default().to_owned();
        let t = self.cloudwatch_topic("alerts-alarms").await?;
        self.trail_into_logs().await?;
        self.filter_and_alarm("root-usage", &filter, 5.0, &t)
            .await?;
        made.push(format!(
            "metric filter root-usage with alarm Sum >= 5 -> {t}: one root sign-in never alarms"
        ));
        Ok(made)
    }

    async fn cis(&self) -> Result<Vec<String>, String> {
        let t = self.cloudwatch_topic("cis-alarms").await?;
        self.trail_into_logs().await?;
        let mut made = Vec::new();
        for c in controls()? {
            let number = c["control"].as_str().unwrap_or_default();
            let filter = c["cis_filter"].as_str().unwrap_or_default();
            let name = format!("cis-{}", number.replace('.', "-"));
            self.filter_and_alarm(&name, filter, 1.0, &t).await?;
            made.push(format!(
                "CIS {number}: metric filter and alarm {name} (Sum >= 1) -> {t}"
            ));
        }
        Ok(made)
    }

    /// A topic that CloudWatch alarms of this account may publish to.
    async fn cloudwatch_topic(&self, name: &str) -> Result<String, String> {
        let arn = self.topic_arn(REGION, name);
        let alarms = format!("arn:aws:cloudwatch:{REGION}:{}:alarm:*", self.account);
        let policy = Self::publish_policy(&arn, "cloudwatch.amazonaws.com", &alarms);
        self.topic(REGION, name, Some(policy), None).await
    }

    /// A bucket, and a logging multi-Region trail that writes into log group [`LOG_GROUP`].
    async fn trail_into_logs(&self) -> Result<(), String> {
        let bucket = format!("alert-trail-{}", self.account);
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&self.conf)
                .force_path_style(true)
                .build(),
        );
        s3.create_bucket()
            .bucket(&bucket)
            .send()
            .await
            .map_err(|e| format!("s3:CreateBucket: {e:?}"))?;
        let logs = aws_sdk_cloudwatchlogs::Client::new(&self.conf);
        logs.create_log_group()
            .log_group_name(LOG_GROUP)
            .send()
            .await
            .map_err(|e| format!("logs:CreateLogGroup: {e:?}"))?;
        let group_arn = format!(
            "arn:aws:logs:{REGION}:{}:log-group:{LOG_GROUP}:*",
            self.account
        );
        let role = format!("arn:aws:iam::{}:role/CloudTrailToLogs", self.account);
        let ct = aws_sdk_cloudtrail::Client::new(&self.conf);
        ct.create_trail()
            .name("alerting")
            .s3_bucket_name(&bucket)
            .is_multi_region_trail(true)
            .cloud_watch_logs_log_group_arn(group_arn)
            .cloud_watch_logs_role_arn(role)
            .send()
            .await
            .map_err(|e| format!("cloudtrail:CreateTrail: {e:?}"))?;
        ct.start_logging()
            .name("alerting")
            .send()
            .await
            .map_err(|e| format!("cloudtrail:StartLogging: {e:?}"))
            .map(|_| ())
    }

    async fn filter_and_alarm(
        &self,
        name: &str,
        pattern: &str,
        threshold: f64,
        topic: &str,
    ) -> Result<(), String> {
        let logs = aws_sdk_cloudwatchlogs::Client::new(&self.conf);
        let metric = aws_sdk_cloudwatchlogs::types::MetricTransformation::builder()
            .metric_namespace("CISBenchmark")
            .metric_name(name)
            .metric_value("1")
            .build()
            .map_err(|e| format!("metric transformation: {e}"))?;
        logs.put_metric_filter()
            .log_group_name(LOG_GROUP)
            .filter_name(name)
            .filter_pattern(pattern)
            .metric_transformations(metric)
            .send()
            .await
            .map_err(|e| format!("logs:PutMetricFilter {name}: {e:?}"))?;
        let cw = aws_sdk_cloudwatch::Client::new(&self.conf);
        cw.put_metric_alarm()
            .alarm_name(name)
            .namespace("CISBenchmark")
            .metric_name(name)
            .statistic(aws_sdk_cloudwatch::types::Statistic::Sum)
            .period(300)
            .evaluation_periods(1)
            .threshold(threshold)
            .comparison_operator(
                aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanOrEqualToThreshold,
            )
            .treat_missing_data("notBreaching")
            .alarm_actions(topic)
            .send()
            .await
            .map_err(|e| format!("cloudwatch:PutMetricAlarm {name}: {e:?}"))?;
        Ok(())
    }
}

/// rampart's monitoring control data (the CIS filters come from it).
fn controls() -> Result<Vec<Value>, String> {
    let data: Value =
        serde_json::from_str(include_str!("../../rampart-model/data/alert-controls.json"))
            .map_err(|e| format!("alert-controls.json: {e}"))?;
    Ok(data["controls"].as_array().cloned().unwrap_or_default())
}

fn control(number: &str) -> Result<Value, String> {
    controls()?
        .into_iter()
        .find(|c| c["control"] == number)
        .ok_or_else(|| format!("no control {number}"))
}
