//! Does root activity reach a person? Follows both routes the baseline accepts — an
//! EventBridge rule matching root events, or a CloudWatch Logs metric filter with an alarm —
//! through to an SNS topic with a confirmed subscription, and says where each route stops.
//!
//! "Matching root events" is decided by running the rule's pattern (or the filter) on the
//! canonical root events of `rampart_model::canonical_events`: a root console sign-in and root
//! API calls to several services. A route that lets only some of them through is broken.
//!
//! The check RMP308 reports this; the planner asks it too, to leave a working route alone.

use std::collections::HashMap;

use crate::alerting::{log_group_name, EventRule, MetricFilter, RootCoverage, SnsTopic};
use crate::canonical_events::ROOT_EVENTS_REGION;
use crate::cloudtrail::Trail;
use crate::{Gap, Observed, Snapshot, Unavailable};

/// The outcome of following both routes.
pub struct RootAlerting<'a> {
    /// A route that ends in a confirmed subscription, described.
    pub working: Option<String>,
    /// Where each partial route stops, for the evidence.
    pub broken: Vec<String>,
    /// A fact whose absence could hide a working route.
    pub gap: Option<Gap<'a>>,
}

pub fn root_alerting(snap: &Snapshot) -> RootAlerting<'_> {
    let a = &snap.alerting;
    let mut out = RootAlerting {
        working: None,
        broken: Vec::new(),
        gap: None,
    };
    let topics: Result<HashMap<&str, &SnsTopic>, _> = a
        .topics
        .as_result()
        .map(|ts| ts.iter().map(|t| (t.arn.as_str(), t)).collect());
    let mut route = Route {
        topics: &topics,
        out: &mut out,
    };

    match &a.event_rules {
        Observed::Known(rules) => {
            for r in rules {
                rule_route(&mut route, r, &snap.account_id);
            }
        }
        Observed::Unavailable(u) => route.gap(u),
    }

    match &a.metric_filters {
        Observed::Known(filters) => {
            for f in filters {
                filter_route(&mut route, snap, f);
            }
        }
        Observed::Unavailable(u) => route.gap(u),
    }
    out
}

fn partial(c: &RootCoverage) -> String {
    format!(
        "it lets through the {} but not the {}",
        c.matched.join(", "),
        c.missed.join(", ")
    )
}

fn rule_route(route: &mut Route<'_, '_>, r: &EventRule, account: &str) {
    let via = format!("rule `{}` ({})", r.name, r.region);
    let coverage = match r.root_coverage(account) {
        Ok(c) => c,
        Err(e) => {
            return route.absent(format!(
            "the pattern of {via} could not be evaluated ({e}), so it may alert on root activity"
        ))
        }
    };
    if coverage.none() {
        return;
    }
    if !coverage.complete() {
        route.broken(format!(
            "{via} matches only part of root activity: {}",
            partial(&coverage)
        ));
    } else if !r.is_enabled() {
        route.broken(format!("{via} matches root activity but is {}", r.state));
    } else if r.region != ROOT_EVENTS_REGION {
        route.broken(format!(
            "{via} matches root activity outside {ROOT_EVENTS_REGION}, where root sign-ins are delivered"
        ));
    } else {
        route.notify(&via, &r.targets);
    }
}

fn filter_route<'a>(route: &mut Route<'_, 'a>, snap: &'a Snapshot, f: &MetricFilter) {
    let via = format!("metric filter `{}`", f.name);
    let coverage = match f.root_coverage(&snap.account_id) {
        Ok(c) => c,
        Err(e) => {
            return route.absent(format!(
                "the pattern of {via} could not be evaluated ({e}), so it may count root activity"
            ))
        }
    };
    if coverage.none() {
        return;
    }
    if !coverage.complete() {
        return route.broken(format!(
            "{via} matches only part of root activity: {}",
            partial(&coverage)
        ));
    }
    match feed(snap, &f.log_group) {
        Feed::Logging => {}
        Feed::Gap(u) => return route.gap(u),
        Feed::Stops(why) => {
            return route.broken(format!(
                "{via} matches root activity but its log group `{}` {why}",
                f.log_group
            ))
        }
    }
    let alarms = match &snap.alerting.alarms {
        Observed::Known(alarms) => alarms,
        Observed::Unavailable(u) => return route.gap(u),
    };
    let watching = alarms.iter().filter(|al| {
        f.metrics.iter().any(|(ns, m)| {
            al.namespace.as_deref() == Some(ns.as_str())
                && al.metric_name.as_deref() == Some(m.as_str())
        })
    });
    let mut alarmed = false;
    for alarm in watching {
        alarmed = true;
        let via = format!("{via} with alarm `{}`", alarm.name);
        if alarm.actions_enabled {
            route.notify(&via, &alarm.alarm_actions);
        } else {
            route.broken(format!("{via} has its actions disabled"));
        }
    }
    if !alarmed {
        route.broken(format!(
            "{via} matches root activity but no alarm watches its metric"
        ));
    }
}

/// Whether CloudTrail writes root activity into a log group.
enum Feed<'a> {
    Logging,
    Gap(&'a Unavailable),
    Stops(String),
}

/// A log group receives root records only from a trail that names it, is logging, records
/// events in `us-east-1` (where root sign-ins are recorded) and records write management
/// events. The first trail that does all of that feeds the group.
fn feed<'a>(snap: &'a Snapshot, group: &str) -> Feed<'a> {
    let trails = match &snap.cloudtrail.trails {
        Observed::Known(t) => t,
        Observed::Unavailable(u) => return Feed::Gap(u),
    };
    let feeding: Vec<&Trail> = trails
        .iter()
        .filter(|t| {
            t.cloudwatch_logs_log_group_arn
                .as_deref()
                .and_then(log_group_name)
                == Some(group)
        })
        .collect();
    if feeding.is_empty() {
        return Feed::Stops("receives records from no trail".into());
    }
    let mut gap = None;
    let mut why = Vec::new();
    for t in feeding {
        let logging = match &t.status {
            Observed::Known(s) => s.is_logging,
            Observed::Unavailable(u) => {
                gap.get_or_insert(u);
                continue;
            }
        };
        let writes = match &t.selectors {
            Observed::Known(s) => s.management_coverage().write,
            Observed::Unavailable(u) => {
                gap.get_or_insert(u);
                continue;
            }
        };
        let in_us_east_1 = t.is_multi_region || t.home_region == ROOT_EVENTS_REGION;
        match (logging, in_us_east_1, writes) {
            (true, true, true) => return Feed::Logging,
            (false, _, _) => why.push(format!("is fed by trail `{}`, which is not logging", t.name)),
            (_, false, _) => why.push(format!(
                "is fed by trail `{}`, which records nothing in {ROOT_EVENTS_REGION}, where root sign-ins are recorded",
                t.name
            )),
            _ => why.push(format!(
                "is fed by trail `{}`, which records no write management events",
                t.name
            )),
        }
    }
    match gap {
        Some(u) => Feed::Gap(u),
        None => Feed::Stops(why.join("; ")),
    }
}

/// Follows one route to its SNS topics.
struct Route<'r, 'a> {
    topics: &'r Result<HashMap<&'a str, &'a SnsTopic>, &'a Unavailable>,
    out: &'r mut RootAlerting<'a>,
}

impl<'a> Route<'_, 'a> {
    fn broken(&mut self, why: String) {
        self.out.broken.push(why);
    }

    fn gap(&mut self, u: &'a Unavailable) {
        self.out.gap.get_or_insert(Gap::Fact(u));
    }

    fn absent(&mut self, why: String) {
        self.out.gap.get_or_insert(Gap::Absent(why));
    }

    fn notify(&mut self, via: &str, targets: &[String]) {
        let sns: Vec<&String> = targets
            .iter()
            .filter(|t| t.starts_with("arn:aws:sns:"))
            .collect();
        if sns.is_empty() {
            self.broken(format!(
                "{via} matches root activity but notifies no SNS topic"
            ));
            return;
        }
        let topics = match self.topics {
            Ok(map) => map,
            Err(u) => return self.gap(u),
        };
        for target in sns {
            match topics.get(target.as_str()) {
                Some(t) if t.confirmed_subscriptions() > 0 => {
                    self.out
                        .working
                        .get_or_insert(format!("{via} notifies `{target}`"));
                }
                Some(_) => self.broken(format!(
                    "{via} notifies `{target}`, which has no confirmed subscription"
                )),
                None => self.broken(format!("{via} notifies `{target}`, which was not found")),
            }
        }
    }
}
