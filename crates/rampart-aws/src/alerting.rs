//! Alerting facts put together: EventBridge rules, metric filters with alarms, and the SNS
//! topics either of them notifies, with subscription states. An alert only counts when its
//! topic has a confirmed subscriber, so every targeted topic's subscriptions are read.

use std::collections::BTreeSet;

use rampart_model::alerting::{
    AlertingFacts, EventRule, KmsKey, MetricAlarm, SnsSubscription, SnsTopic, TopicAttributes,
};
use rampart_model::cloudtrail::Trail;
use rampart_model::Observed;

use crate::clients::Clients;
use crate::concurrent::{flatten, join_all};
use crate::errors::{dependency_on, unavailable};
use crate::sdk_values::{arn_region, arn_service};
use crate::{eventbridge, metric_filters};

/// Rules, filters and alarms concurrently; then the topics of `account` they target (a topic
/// in another account is not read: the routes through it are judged undecided).
pub(crate) async fn collect(
    clients: &Clients,
    trails: &Observed<Vec<Trail>>,
    account: &str,
) -> AlertingFacts {
    let (event_rules, (metric_filters, alarms)) = tokio::join!(
        eventbridge::collect(clients),
        metric_filters::collect(clients, trails, account)
    );
    let topics = topics(clients, &event_rules, &alarms, account).await;
    AlertingFacts {
        event_rules,
        topics,
        metric_filters,
        alarms,
    }
}

/// The SNS topics that rules or alarms target. Unavailable only when neither source was read.
async fn topics(
    clients: &Clients,
    rules: &Observed<Vec<EventRule>>,
    alarms: &Observed<Vec<MetricAlarm>>,
    account: &str,
) -> Observed<Vec<SnsTopic>> {
    if let (Observed::Unavailable(r), Observed::Unavailable(_)) = (rules, alarms) {
        return Observed::Unavailable(dependency_on(
            r,
            format!("neither rules nor alarms could be read: {}", r.message),
        ));
    }
    let targeted = targeted_topics(
        rules.known().map(Vec::as_slice),
        alarms.known().map(Vec::as_slice),
    );
    let tasks: Vec<_> = targeted
        .into_iter()
        .filter(|arn| rampart_model::arn::account(arn) == Some(account))
        .map(|arn| {
            let clients = clients.clone();
            async move { topic(&clients, arn).await }
        })
        .collect();
    let mut out = Vec::new();
    for result in join_all(tasks).await {
        match flatten(result) {
            Observed::Known(t) => out.push(t),
            Observed::Unavailable(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(out)
}

/// One topic of the account, read in its own Region: its subscriptions and attributes.
pub(crate) async fn topic(clients: &Clients, arn: String) -> Observed<SnsTopic> {
    let region = arn_region(&arn).unwrap_or(clients.region()).to_owned();
    let client = clients.sns(&region);
    let kms = clients.kms(&region);
    let (subscriptions, attributes) = tokio::join!(
        subscriptions(&client, &arn),
        attributes(&client, &kms, &arn)
    );
    subscriptions.map(|subscriptions| SnsTopic {
        arn,
        subscriptions,
        attributes,
    })
}

/// SNS topic ARNs among rule targets and alarm actions, sorted and without duplicates.
fn targeted_topics(
    rules: Option<&[EventRule]>,
    alarms: Option<&[MetricAlarm]>,
) -> BTreeSet<String> {
    let from_rules = rules
        .unwrap_or_default()
        .iter()
        .flat_map(|r| r.targets.iter());
    let from_alarms = alarms
        .unwrap_or_default()
        .iter()
        .flat_map(|a| a.alarm_actions.iter());
    from_rules
        .chain(from_alarms)
        .filter(|arn| arn_service(arn) == Some("sns"))
        .cloned()
        .collect()
}

/// A topic's subscriptions. A topic that no longer exists has none.
async fn subscriptions(client: &aws_sdk_sns::Client, arn: &str) -> Observed<Vec<SnsSubscription>> {
    let mut pages = client
        .list_subscriptions_by_topic()
        .topic_arn(arn)
        .into_paginator()
        .send();
    let mut subs = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => {
                for s in page.subscriptions() {
                    let confirmed = is_confirmed(s.subscription_arn());
                    let filter_policy = match (confirmed, s.subscription_arn()) {
                        (true, Some(sub)) => match filter_policy(client, sub).await {
                            Ok(p) => p,
                            Err(u) => return Observed::Unavailable(u),
                        },
                        _ => None,
                    };
                    subs.push(SnsSubscription {
                        protocol: s.protocol().unwrap_or_default().to_owned(),
                        endpoint: s.endpoint().unwrap_or_default().to_owned(),
                        confirmed,
                        filter_policy,
                    });
                }
            }
            Err(e)
                if e.as_service_error()
                    .is_some_and(aws_sdk_sns::operation::list_subscriptions_by_topic::ListSubscriptionsByTopicError::is_not_found_exception) =>
            {
                break
            }
            Err(e) => {
                return Observed::Unavailable(unavailable("sns:ListSubscriptionsByTopic", &e))
            }
        }
    }
    Observed::Known(subs)
}

/// A confirmed subscription's `FilterPolicy`, if it has one.
async fn filter_policy(
    client: &aws_sdk_sns::Client,
    subscription: &str,
) -> Result<Option<String>, rampart_model::Unavailable> {
    let answer = match client
        .get_subscription_attributes()
        .subscription_arn(subscription)
        .send()
        .await
    {
        Ok(a) => a,
        // Deleted between the listing and this read: it has no filter, and reaches nobody
        // either, which the next read will show.
        Err(e)
            if e.as_service_error().is_some_and(
                aws_sdk_sns::operation::get_subscription_attributes::GetSubscriptionAttributesError::is_not_found_exception,
            ) =>
        {
            return Ok(None)
        }
        Err(e) => return Err(unavailable("sns:GetSubscriptionAttributes", &e)),
    };
    Ok(answer
        .attributes()
        .and_then(|a| a.get("FilterPolicy"))
        .filter(|p| !p.trim().is_empty() && p.trim() != "{}")
        .cloned())
}

/// The topic's access policy and encryption key (`GetTopicAttributes`), and the key itself.
/// A topic that no longer exists has no policy (its subscriptions say it is gone).
async fn attributes(
    client: &aws_sdk_sns::Client,
    kms: &aws_sdk_kms::Client,
    arn: &str,
) -> Observed<TopicAttributes> {
    let answer = match client.get_topic_attributes().topic_arn(arn).send().await {
        Ok(a) => a,
        Err(e)
            if e.as_service_error().is_some_and(
                aws_sdk_sns::operation::get_topic_attributes::GetTopicAttributesError::is_not_found_exception,
            ) =>
        {
            return Observed::Known(TopicAttributes::default())
        }
        Err(e) => return Observed::Unavailable(unavailable("sns:GetTopicAttributes", &e)),
    };
    let attrs = answer.attributes();
    let get = |k: &str| {
        attrs
            .and_then(|a| a.get(k))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    let kms_master_key_id = get("KmsMasterKeyId");
    let key = match &kms_master_key_id {
        Some(id) => Some(key(kms, id).await),
        None => None,
    };
    Observed::Known(TopicAttributes {
        policy: get("Policy"),
        kms_master_key_id,
        key,
    })
}

/// The KMS key a topic names, with its policy when the customer manages it.
async fn key(kms: &aws_sdk_kms::Client, id: &str) -> Observed<KmsKey> {
    let described = match kms.describe_key().key_id(id).send().await {
        Ok(d) => d,
        Err(e) => return Observed::Unavailable(unavailable("kms:DescribeKey", &e)),
    };
    let Some(meta) = described.key_metadata() else {
        return Observed::Unavailable(rampart_model::Unavailable::new(
            rampart_model::UnavailableKind::Error,
            Some("kms:DescribeKey"),
            format!("DescribeKey of `{id}` answered without key metadata"),
        ));
    };
    let arn = meta.arn().unwrap_or(meta.key_id()).to_owned();
    let manager = meta
        .key_manager()
        .map_or("CUSTOMER", |m| m.as_str())
        .to_owned();
    let state = meta.key_state().map_or("", |s| s.as_str()).to_owned();
    let policy = if manager == "AWS" {
        None
    } else {
        match kms
            .get_key_policy()
            .key_id(&arn)
            .policy_name("default")
            .send()
            .await
        {
            Ok(p) => p.policy().map(str::to_owned),
            Err(e) => return Observed::Unavailable(unavailable("kms:GetKeyPolicy", &e)),
        }
    };
    Observed::Known(KmsKey {
        arn,
        manager,
        state,
        policy,
    })
}

/// A subscription is confirmed once its ARN is a real ARN rather than a state marker.
fn is_confirmed(subscription_arn: Option<&str>) -> bool {
    match subscription_arn {
        None => false,
        Some(a) => a.starts_with("arn:") && !matches!(a, "PendingConfirmation" | "Deleted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmation_follows_the_subscription_arn() {
        assert!(is_confirmed(Some(
            "arn:aws:sns:us-east-1:123456789012:alerts:5f1c"
        )));
        assert!(!is_confirmed(Some("PendingConfirmation")));
        assert!(!is_confirmed(Some("Deleted")));
        assert!(!is_confirmed(Some("")));
        assert!(!is_confirmed(None));
    }

    #[test]
    fn only_sns_targets_are_topics() {
        let rule = EventRule {
            name: "root".into(),
            arn: "arn:aws:events:us-east-1:123456789012:rule/root".into(),
            region: "us-east-1".into(),
            state: "ENABLED".into(),
            event_pattern: None,
            targets: vec![
                "arn:aws:sns:us-east-1:123456789012:alerts".into(),
                "arn:aws:lambda:us-east-1:123456789012:function:f".into(),
            ],
        };
        let alarm = MetricAlarm {
            name: "root-usage".into(),
            arn: None,
            namespace: Some("CIS".into()),
            metric_name: Some("RootUsage".into()),
            dimensions: Default::default(),
            statistic: Some("Sum".into()),
            extended_statistic: None,
            unit: None,
            period: Some(300),
            evaluation_periods: Some(1),
            datapoints_to_alarm: None,
            threshold: Some(1.0),
            comparison_operator: Some("GreaterThanOrEqualToThreshold".into()),
            treat_missing_data: None,
            alarm_actions: vec![
                "arn:aws:sns:us-east-1:123456789012:alerts".into(),
                "arn:aws:sns:eu-west-1:123456789012:ops".into(),
            ],
            actions_enabled: true,
        };
        let topics = targeted_topics(Some(&[rule]), Some(&[alarm]));
        assert_eq!(
            topics.into_iter().collect::<Vec<_>>(),
            vec![
                "arn:aws:sns:eu-west-1:123456789012:ops".to_owned(),
                "arn:aws:sns:us-east-1:123456789012:alerts".to_owned()
            ]
        );
        assert!(targeted_topics(None, None).is_empty());
    }
}
