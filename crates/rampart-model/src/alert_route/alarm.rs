//! Would one event trip the alarm? A CloudWatch alarm notifies only when it changes to
//! `ALARM`, so the question is whether the datapoint one matching log event makes — the
//! filter's metric value, in one period — breaches the alarm's threshold, and whether one
//! breaching period is enough.
//!
//! - The value: the filter publishes `metricValue` for each match; a value taken from the
//!   event (`$.field`) cannot be known in advance.
//! - The statistic of that period: `Sum`, `Maximum`, `Minimum`, `Average` and percentiles of
//!   one sample are the value; `SampleCount` is 1. A filter with a `defaultValue` also
//!   publishes that value for every other log event of the period (a trail writes all the
//!   time), which leaves `Sum` unchanged only for a default of 0, `Maximum`/`Minimum` at the
//!   larger/smaller of the two, and `Average` and `SampleCount` undecided.
//! - The comparison: `≥` or `>` the threshold. A `LessThan…` alarm fires when events stop,
//!   not when one happens; an anomaly band depends on history rampart does not read.
//! - "M out of N": one event breaches one period, so `datapoints_to_alarm` (or, unset,
//!   `evaluation_periods`) must be 1; and missing data must not count as breaching, or the
//!   alarm sits in `ALARM` while nothing happens and an event changes nothing.
//! - The unit: an alarm that names a unit sees only data published with it (a filter without
//!   one publishes `None`).

use crate::alerting::{MetricAlarm, MetricTransformation};

/// The answer, with the reason when it is not yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Trips {
    Yes,
    No(String),
    Undecided(String),
}

pub fn one_event_trips(alarm: &MetricAlarm, metric: &MetricTransformation) -> Trips {
    let Some(text) = metric.value.as_deref() else {
        return Trips::Undecided(
            "the filter's metric value was not read (the snapshot predates it)".into(),
        );
    };
    let Ok(value) = text.trim().parse::<f64>() else {
        return Trips::Undecided(format!(
            "the filter publishes `{text}`, a value taken from each event"
        ));
    };
    let published = metric.unit.as_deref().unwrap_or("None");
    if let Some(unit) = alarm.unit.as_deref() {
        if unit != published {
            return Trips::No(format!(
                "it watches unit `{unit}`, but the filter publishes `{published}`"
            ));
        }
    }
    match alarm.treat_missing_data.as_deref() {
        Some("breaching") => return Trips::No(
            "it treats missing data as breaching, so it stays in ALARM while nothing happens and an event changes nothing".into(),
        ),
        // Without a default value the filter publishes nothing between events: an alarm that
        // ignores missing data keeps its state, so after the first event it stays in ALARM
        // and the next ones notify no one.
        Some("ignore") if metric.default_value.is_none() => return Trips::No(
            "it ignores missing data, so after the first event it stays in ALARM and later events notify no one".into(),
        ),
        _ => {}
    }
    let Some(needed) = alarm.datapoints_to_alarm.or(alarm.evaluation_periods) else {
        return Trips::Undecided("its evaluation periods were not read".into());
    };
    if needed > 1 {
        return Trips::No(format!(
            "it needs {needed} breaching periods, and one event makes one"
        ));
    }
    let statistic = match period_statistic(alarm, value, metric.default_value) {
        Ok(s) => s,
        Err(why) => return Trips::Undecided(why),
    };
    let (Some(op), Some(threshold)) = (alarm.comparison_operator.as_deref(), alarm.threshold)
    else {
        return Trips::Undecided("its threshold or comparison was not read".into());
    };
    let stat_name = alarm
        .extended_statistic
        .as_deref()
        .or(alarm.statistic.as_deref())
        .unwrap_or("?");
    let breaches = match op {
        "GreaterThanOrEqualToThreshold" => statistic >= threshold,
        "GreaterThanThreshold" => statistic > threshold,
        "LessThanThreshold" | "LessThanOrEqualToThreshold" => {
            return Trips::No(format!(
                "it fires when {stat_name} falls below {threshold}, not when an event happens"
            ))
        }
        other => {
            return Trips::Undecided(format!(
                "its comparison `{other}` is an anomaly detection band"
            ))
        }
    };
    if breaches {
        Trips::Yes
    } else {
        Trips::No(format!(
            "one event makes {stat_name} {statistic}, which does not reach its threshold ({} {threshold})",
            symbol(op)
        ))
    }
}

fn symbol(op: &str) -> &'static str {
    if op == "GreaterThanThreshold" {
        ">"
    } else {
        ">="
    }
}

/// The statistic of the period holding one event whose value is `v`.
fn period_statistic(alarm: &MetricAlarm, v: f64, default: Option<f64>) -> Result<f64, String> {
    if let Some(p) = alarm.extended_statistic.as_deref() {
        // A percentile (`p99`, `p99.9`) of one sample is that sample; trimmed means, counts
        // and ranges (`tm`, `TC`, `PR(…)`, `IQM`, …) are left undecided.
        let percentile = p
            .strip_prefix('p')
            .is_some_and(|n| n.parse::<f64>().is_ok());
        return match (percentile, default) {
            (true, None) => Ok(v),
            (true, Some(_)) => Err(format!(
                "{p} of a period also holds the filter's default value"
            )),
            (false, _) => Err(format!("its extended statistic `{p}` is not decided")),
        };
    }
    let Some(stat) = alarm.statistic.as_deref() else {
        return Err("its statistic was not read".into());
    };
    let undecided = |what: &str| {
        Err(format!("{what} of a period depends on how many other log events the filter's default value is published for"))
    };
    match (stat, default) {
        ("Sum" | "Maximum" | "Minimum" | "Average", None) => Ok(v),
        ("SampleCount", None) => Ok(1.0),
        ("Sum", Some(0.0)) => Ok(v),
        ("Maximum", Some(d)) => Ok(v.max(d)),
        ("Minimum", Some(d)) => Ok(v.min(d)),
        ("Average", Some(d)) if d == v => Ok(v),
        ("Sum" | "Average" | "SampleCount", Some(_)) => undecided(stat),
        (other, _) => Err(format!(
            "its statistic `{other}` is not one CloudWatch documents"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn metric(value: &str, default: Option<f64>) -> MetricTransformation {
        MetricTransformation {
            namespace: "CIS".into(),
            name: "RootUsage".into(),
            value: Some(value.into()),
            default_value: default,
            dimensions: BTreeMap::new(),
            unit: None,
        }
    }

    fn alarm(stat: &str, op: &str, threshold: f64, periods: i32, m: Option<i32>) -> MetricAlarm {
        MetricAlarm {
            name: "a".into(),
            arn: None,
            namespace: Some("CIS".into()),
            metric_name: Some("RootUsage".into()),
            dimensions: BTreeMap::new(),
            statistic: Some(stat.into()),
            extended_statistic: None,
            unit: None,
            period: Some(300),
            evaluation_periods: Some(periods),
            datapoints_to_alarm: m,
            threshold: Some(threshold),
            comparison_operator: Some(op.into()),
            treat_missing_data: Some("notBreaching".into()),
            alarm_actions: vec![],
            actions_enabled: true,
        }
    }

    const GE: &str = "GreaterThanOrEqualToThreshold";

    #[test]
    fn the_cis_alarm_trips_on_one_event() {
        assert_eq!(
            one_event_trips(&alarm("Sum", GE, 1.0, 1, None), &metric("1", None)),
            Trips::Yes
        );
        let gt = alarm("Sum", "GreaterThanThreshold", 0.0, 1, None);
        assert_eq!(one_event_trips(&gt, &metric("1", Some(0.0))), Trips::Yes);
        let count = alarm("SampleCount", GE, 1.0, 3, Some(1));
        assert_eq!(one_event_trips(&count, &metric("7", None)), Trips::Yes);
    }

    #[test]
    fn a_high_threshold_many_periods_or_falling_alarms_do_not() {
        let five = one_event_trips(&alarm("Sum", GE, 5.0, 1, None), &metric("1", None));
        assert!(
            matches!(&five, Trips::No(why) if why.contains("Sum 1") && why.contains(">= 5")),
            "{five:?}"
        );
        assert!(matches!(
            one_event_trips(&alarm("Sum", GE, 1.0, 3, None), &metric("1", None)),
            Trips::No(_)
        ));
        assert!(matches!(
            one_event_trips(&alarm("Sum", GE, 1.0, 3, Some(2)), &metric("1", None)),
            Trips::No(_)
        ));
        assert!(matches!(
            one_event_trips(
                &alarm("Sum", "LessThanThreshold", 1.0, 1, None),
                &metric("1", None)
            ),
            Trips::No(_)
        ));
        let mut breaching = alarm("Sum", GE, 1.0, 1, None);
        breaching.treat_missing_data = Some("breaching".into());
        assert!(matches!(
            one_event_trips(&breaching, &metric("1", None)),
            Trips::No(_)
        ));
        breaching.treat_missing_data = Some("ignore".into());
        assert!(matches!(
            one_event_trips(&breaching, &metric("1", None)),
            Trips::No(_)
        ));
        let mut pct = alarm("Sum", GE, 1.0, 1, None);
        pct.extended_statistic = Some("p99".into());
        assert_eq!(one_event_trips(&pct, &metric("1", None)), Trips::Yes);
        pct.extended_statistic = Some("TC(1:)".into());
        assert!(matches!(
            one_event_trips(&pct, &metric("5", None)),
            Trips::Undecided(_)
        ));
        let mut unit = alarm("Sum", GE, 1.0, 1, None);
        unit.unit = Some("Count".into());
        assert!(matches!(
            one_event_trips(&unit, &metric("1", None)),
            Trips::No(_)
        ));
    }

    #[test]
    fn values_from_events_and_diluted_statistics_are_undecided() {
        let a = alarm("Sum", GE, 1.0, 1, None);
        assert!(matches!(
            one_event_trips(&a, &metric("$.count", None)),
            Trips::Undecided(_)
        ));
        let avg = alarm("Average", GE, 1.0, 1, None);
        assert!(matches!(
            one_event_trips(&avg, &metric("1", Some(0.0))),
            Trips::Undecided(_)
        ));
        let band = alarm(
            "Sum",
            "LessThanLowerOrGreaterThanUpperThreshold",
            1.0,
            1,
            None,
        );
        assert!(matches!(
            one_event_trips(&band, &metric("1", None)),
            Trips::Undecided(_)
        ));
        let mut old = metric("1", None);
        old.value = None;
        assert!(matches!(one_event_trips(&a, &old), Trips::Undecided(_)));
        let min = alarm("Minimum", GE, 1.0, 1, None);
        assert!(matches!(
            one_event_trips(&min, &metric("1", Some(0.0))),
            Trips::No(_)
        ));
    }
}
