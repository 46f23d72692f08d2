//! CloudWatch Logs metric filters on the log groups trails deliver to, and the CloudWatch
//! alarms on the metrics those filters publish (the CIS way of alerting on root use).

use std::collections::{BTreeMap, BTreeSet};

use rampart_model::alerting::{log_group_name, MetricAlarm, MetricFilter, MetricTransformation};
use rampart_model::cloudtrail::Trail;
use rampart_model::Observed;

use crate::clients::Clients;
use crate::concurrent::{flatten, join_all};
use crate::errors::{dependency_on, unavailable};
use crate::sdk_values::arn_region;

/// Metric filters of every trail's log group, then the alarms on their metrics.
pub(crate) async fn collect(
    clients: &Clients,
    trails: &Observed<Vec<Trail>>,
    account: &str,
) -> (Observed<Vec<MetricFilter>>, Observed<Vec<MetricAlarm>>) {
    let trails = match trails {
        Observed::Known(t) => t,
        Observed::Unavailable(u) => {
            let gap = dependency_on(u, format!("trails could not be read: {}", u.message));
            return (
                Observed::Unavailable(gap.clone()),
                Observed::Unavailable(gap),
            );
        }
    };
    // (Region, log group name) of every trail that delivers to a CloudWatch Logs group of this
    // account (an organization trail's group lives in the management account, and a group of
    // the same name here receives none of its records).
    let groups: BTreeSet<(String, String)> = trails
        .iter()
        .filter_map(|t| t.cloudwatch_logs_log_group_arn.as_deref())
        .filter(|arn| rampart_model::arn::account(arn) == Some(account))
        .filter_map(|arn| Some((arn_region(arn)?.to_owned(), log_group_name(arn)?.to_owned())))
        .collect();
    let tasks: Vec<_> = groups
        .iter()
        .map(|(region, group)| {
            let client = clients.logs(region);
            let (region, group) = (region.clone(), group.clone());
            async move { filters(&client, &group, &region).await.map(|f| (region, f)) }
        })
        .collect();
    let mut by_region: BTreeMap<String, Vec<MetricFilter>> = BTreeMap::new();
    for result in join_all(tasks).await {
        match flatten(result) {
            Observed::Known((region, f)) => by_region.entry(region).or_default().extend(f),
            Observed::Unavailable(u) => {
                let gap = dependency_on(
                    &u,
                    format!("metric filters could not be read: {}", u.message),
                );
                return (Observed::Unavailable(u), Observed::Unavailable(gap));
            }
        }
    }
    let alarms = alarms(clients, &by_region).await;
    (
        Observed::Known(by_region.into_values().flatten().collect()),
        alarms,
    )
}

async fn filters(
    client: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    region: &str,
) -> Observed<Vec<MetricFilter>> {
    let mut pages = client
        .describe_metric_filters()
        .log_group_name(group)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => out.extend(page.metric_filters().iter().map(|f| {
                MetricFilter {
                    log_group: f.log_group_name().unwrap_or(group).to_owned(),
                    region: Some(region.to_owned()),
                    name: f.filter_name().unwrap_or_default().to_owned(),
                    pattern: f.filter_pattern().unwrap_or_default().to_owned(),
                    metrics: f
                        .metric_transformations()
                        .iter()
                        .map(|m| MetricTransformation {
                            namespace: m.metric_namespace().to_owned(),
                            name: m.metric_name().to_owned(),
                            value: Some(m.metric_value().to_owned()),
                            default_value: m.default_value(),
                            dimensions: m
                                .dimensions()
                                .map(|d| d.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                                .unwrap_or_default(),
                            unit: m.unit().map(|u| u.as_str().to_owned()),
                        })
                        .collect(),
                }
            })),
            Err(e) => return Observed::Unavailable(unavailable("logs:DescribeMetricFilters", &e)),
        }
    }
    Observed::Known(out)
}

/// Alarms, per Region, whose metric is one the filters of that Region publish.
async fn alarms(
    clients: &Clients,
    filters: &BTreeMap<String, Vec<MetricFilter>>,
) -> Observed<Vec<MetricAlarm>> {
    let tasks: Vec<_> = filters
        .iter()
        .filter(|(_, f)| f.iter().any(|f| !f.metrics.is_empty()))
        .map(|(region, f)| {
            let client = clients.cloudwatch(region);
            let wanted: BTreeSet<(String, String)> = f
                .iter()
                .flat_map(|f| {
                    f.metrics
                        .iter()
                        .map(|m| (m.namespace.clone(), m.name.clone()))
                })
                .collect();
            async move { alarms_in_region(&client, &wanted).await }
        })
        .collect();
    let mut out = Vec::new();
    for result in join_all(tasks).await {
        match flatten(result) {
            Observed::Known(a) => out.extend(a),
            Observed::Unavailable(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(out)
}

async fn alarms_in_region(
    client: &aws_sdk_cloudwatch::Client,
    wanted: &BTreeSet<(String, String)>,
) -> Observed<Vec<MetricAlarm>> {
    let mut pages = client.describe_alarms().into_paginator().send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(p) => p,
            Err(e) => return Observed::Unavailable(unavailable("cloudwatch:DescribeAlarms", &e)),
        };
        for a in page.metric_alarms() {
            let key = (
                a.namespace().unwrap_or_default().to_owned(),
                a.metric_name().unwrap_or_default().to_owned(),
            );
            if wanted.contains(&key) {
                out.push(MetricAlarm {
                    name: a.alarm_name().unwrap_or_default().to_owned(),
                    arn: a.alarm_arn().map(str::to_owned),
                    namespace: a.namespace().map(str::to_owned),
                    metric_name: a.metric_name().map(str::to_owned),
                    dimensions: a
                        .dimensions()
                        .iter()
                        .map(|d| {
                            (
                                d.name().unwrap_or_default().to_owned(),
                                d.value().unwrap_or_default().to_owned(),
                            )
                        })
                        .collect(),
                    statistic: a.statistic().map(|s| s.as_str().to_owned()),
                    extended_statistic: a.extended_statistic().map(str::to_owned),
                    unit: a.unit().map(|u| u.as_str().to_owned()),
                    period: a.period(),
                    evaluation_periods: a.evaluation_periods(),
                    datapoints_to_alarm: a.datapoints_to_alarm(),
                    threshold: a.threshold(),
                    comparison_operator: a.comparison_operator().map(|c| c.as_str().to_owned()),
                    treat_missing_data: a.treat_missing_data().map(str::to_owned),
                    alarm_actions: a.alarm_actions().to_vec(),
                    actions_enabled: a.actions_enabled().unwrap_or(true),
                });
            }
        }
    }
    Observed::Known(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_group_names_come_from_arns() {
        assert_eq!(
            log_group_name(
                "arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/DefaultLogGroup:*"
            ),
            Some("CloudTrail/DefaultLogGroup")
        );
        assert_eq!(
            log_group_name("arn:aws:logs:eu-west-1:123456789012:log-group:trail-logs"),
            Some("trail-logs")
        );
        assert_eq!(
            log_group_name("arn:aws:logs:eu-west-1:123456789012:log-group:"),
            None
        );
        assert_eq!(log_group_name("arn:aws:s3:::bucket"), None);
    }
}
