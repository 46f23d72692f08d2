//! Would a canonical event of a control reach a confirmed subscriber? One question, asked of
//! every route an account has, for every monitoring control of [`crate::alert_controls`].
//!
//! A route is followed link by link, and the evidence names the first link that breaks:
//! 1. **Source.** An EventBridge rule on the default bus sees only the events delivered in its
//!    own Region (global services: `us-east-1`), and only while it is enabled; in the state
//!    `ENABLED` it never receives read-only management events. A metric filter sees the
//!    records a *logging* trail writes to its log group (the `feed` module says which).
//! 2. **Trigger.** The rule's pattern or the filter must match the event, run by the event
//!    pattern and metric filter engines on the event as each route sees it. A filter then
//!    needs an alarm on exactly its metric (namespace, name, dimensions) with actions enabled
//!    that one event trips ([`alarm`]).
//! 3. **Delivery** and 4. **subscriber**: an SNS topic in the sender's Region that the
//!    sender's service may publish to and whose key it may use, with a confirmed subscription
//!    ([`delivery`]).
//!
//! The control is met when every canonical event, in every Region it happens in, is carried
//! by at least one route. A route that also matches the control's *noise* event fires on more
//! than the control asks about; it is reported as noisy and carries nothing. A fact that could
//! not be read decides the verdict only when the events it could carry are otherwise missed.

pub mod alarm;
pub mod delivery;
mod feed;

use std::collections::HashMap;

use crate::alert_controls::{AlertControl, CanonicalEvent, GLOBAL_EVENTS_REGION};
use crate::alerting::{log_group_name, AlertingFacts, EventRule, MetricFilter};
use crate::cloudtrail::Trail;
use crate::{Finding, Gap, Observed, ResourceRef, Snapshot, Status, Unavailable};
use rampart_engines::event_pattern::EventPattern;
use rampart_engines::metric_filter::FilterPattern;

use alarm::{one_event_trips, Trips};
use delivery::{deliver, Delivery, Sender, Topics, CLOUDWATCH_PRINCIPAL, EVENTS_PRINCIPAL};
use feed::{filter_region, organization_route_facts, records, Feed};

/// What following every route found for one control.
pub struct ControlRoutes<'a> {
    pub control: &'static AlertControl,
    /// Routes that carry some of the control's events to a person.
    pub working: Vec<String>,
    /// Routes that match some of the events but break before a person, with the link.
    pub broken: Vec<String>,
    /// Routes that also match the control's noise event.
    pub noisy: Vec<String>,
    /// A fact whose absence could hide a working route.
    pub gap: Option<Gap<'a>>,
    /// How many canonical events (event × Region) the control has.
    pub events: usize,
    /// The Regions the control's events were judged in.
    pub regions: Vec<String>,
    /// The canonical events no working route carries: `(description, Region)`.
    pub missed: Vec<(String, String)>,
}

impl ControlRoutes<'_> {
    pub fn status(&self) -> Status {
        if self.missed.is_empty() {
            Status::Pass
        } else if self.gap.is_some() {
            Status::Unknown
        } else {
            Status::Fail
        }
    }

    /// The Regions where some event reaches no one.
    pub fn missed_regions(&self) -> Vec<&str> {
        let mut r: Vec<&str> = self.missed.iter().map(|(_, r)| r.as_str()).collect();
        r.sort_unstable();
        r.dedup();
        r
    }

    /// The finding of the check that judges this control.
    pub fn finding(&self, check_id: &str, resource: ResourceRef) -> Finding {
        let title = &self.control.title;
        let f = match (self.status(), &self.gap) {
            (Status::Pass, _) => Finding::pass(
                check_id,
                resource,
                format!(
                    "alerts on {title} reach someone in {}: {}",
                    self.regions.join(", "),
                    self.working.first().map_or("", String::as_str)
                ),
            ),
            (Status::Unknown, Some(gap)) => gap.finding(check_id, resource),
            _ => Finding::fail(check_id, resource, self.failure()),
        };
        let missed: Vec<String> = self
            .missed
            .iter()
            .map(|(e, r)| format!("{e} in {r}"))
            .collect();
        f.with(
            "control",
            format!("CIS AWS Foundations v7.0 {}", self.control.control),
        )
        .with("regions", &self.regions)
        .with("working_routes", &self.working)
        .with("broken_routes", &self.broken)
        .with("noisy_routes", &self.noisy)
        .with("missed_events", &missed)
    }

    fn failure(&self) -> String {
        let title = &self.control.title;
        let matched = !(self.working.is_empty() && self.broken.is_empty() && self.noisy.is_empty());
        if !matched {
            return format!("no EventBridge rule or metric filter matches {title}");
        }
        let (first, region) = &self.missed[0];
        let scope = if self.missed.len() == self.events {
            format!("alerts on {title} reach no one")
        } else {
            format!(
                "{} of {} events of {title} reach no one (such as {first} in {region})",
                self.missed.len(),
                self.events
            )
        };
        match (self.broken.first(), self.noisy.first()) {
            (Some(b), _) => format!("{scope}: {b}"),
            (None, Some(n)) => format!("{scope}: only a noisy route matches them: {n}"),
            (None, None) => match self.working.first() {
                Some(w) => format!(
                    "{scope}: no route matches {first} in {region}; {w}, but only for the others"
                ),
                None => format!("{scope}: no route matches {first} in {region}"),
            },
        }
    }
}

/// The Regions an audit covers: `us-east-1` (where global services deliver) and the
/// snapshot's Region.
pub fn audited_regions(snap: &Snapshot) -> Vec<String> {
    let mut r = vec![GLOBAL_EVENTS_REGION.to_owned()];
    if snap.region != GLOBAL_EVENTS_REGION && !snap.region.is_empty() {
        r.push(snap.region.clone());
    }
    r
}

/// Follows every route of the snapshot for `control`.
pub fn control_routes<'a>(snap: &'a Snapshot, control: &'static AlertControl) -> ControlRoutes<'a> {
    let regions = audited_regions(snap);
    let events = control.canonical_events(&snap.account_id, &regions);
    let a = &snap.alerting;
    let mut walk = Walk {
        snap,
        control,
        events: &events,
        covered: vec![false; events.len()],
        facts: Facts::new(a, &snap.cloudtrail.trails, &snap.account_id, String::new()),
        out: ControlRoutes {
            control,
            working: Vec::new(),
            broken: Vec::new(),
            noisy: Vec::new(),
            gap: None,
            events: events.len(),
            regions: {
                let mut r: Vec<String> = events.iter().map(|e| e.region.clone()).collect();
                r.sort_unstable();
                r.dedup();
                r
            },
            missed: Vec::new(),
        },
    };
    match &a.event_rules {
        Observed::Known(rules) => rules.iter().for_each(|r| walk.rule(r)),
        Observed::Unavailable(u) => walk.gap(u),
    }
    match &a.metric_filters {
        Observed::Known(filters) => filters.iter().for_each(|f| walk.filter(f)),
        Observed::Unavailable(u) => walk.gap(u),
    }
    // A member's events also reach the management account's log groups through an
    // organization trail; its metric filters and alarms there may carry them.
    if let Some((management, trails, alerting)) = organization_route_facts(snap) {
        walk.facts = Facts::new(
            alerting,
            trails,
            management,
            format!(" in the management account {management}"),
        );
        match &alerting.metric_filters {
            Observed::Known(filters) => filters.iter().for_each(|f| walk.filter(f)),
            Observed::Unavailable(u) => walk.gap(u),
        }
    }
    let Walk {
        covered, mut out, ..
    } = walk;
    out.missed = events
        .iter()
        .zip(covered)
        .filter(|(_, c)| !c)
        .map(|(e, _)| (e.name.clone(), e.region.clone()))
        .collect();
    out
}

struct Walk<'w, 'a> {
    snap: &'a Snapshot,
    control: &'static AlertControl,
    events: &'w [CanonicalEvent],
    covered: Vec<bool>,
    facts: Facts<'a>,
    out: ControlRoutes<'a>,
}

/// Whose rules, filters, alarms, topics and trails a walk follows: the account's own, or, for
/// a member of an organization, the management account's (its organization trail records the
/// member's events into the management account's log groups).
struct Facts<'a> {
    alerting: &'a AlertingFacts,
    trails: &'a Observed<Vec<Trail>>,
    topics: Topics<'a>,
    /// The account that owns the rules, alarms and topics (`aws:SourceAccount`).
    owner: &'a str,
    /// Added to each route's description: empty for the account's own.
    whose: String,
}

impl<'a> Facts<'a> {
    fn new(
        alerting: &'a AlertingFacts,
        trails: &'a Observed<Vec<Trail>>,
        owner: &'a str,
        whose: String,
    ) -> Self {
        let topics: Topics<'a> = alerting.topics.as_result().map(|ts| {
            ts.iter()
                .map(|t| (t.arn.as_str(), t))
                .collect::<HashMap<_, _>>()
        });
        Facts {
            alerting,
            trails,
            topics,
            owner,
            whose,
        }
    }
}

impl<'a> Walk<'_, 'a> {
    fn gap(&mut self, u: &'a Unavailable) {
        self.out.gap.get_or_insert(Gap::Fact(u));
    }

    fn absent(&mut self, why: String) {
        self.out.gap.get_or_insert(Gap::Absent(why));
    }

    fn account(&self) -> &'a str {
        &self.snap.account_id
    }

    fn rule(&mut self, r: &'a EventRule) {
        let Some(text) = r.event_pattern.as_deref() else {
            return; // a schedule, not an event pattern
        };
        let via = format!("rule `{}` ({})", r.name, r.region);
        let pattern = match EventPattern::parse(text) {
            Ok(p) => p,
            Err(e) => {
                return self.absent(format!(
                    "the pattern of {via} could not be evaluated ({e}), so it may carry {}",
                    self.control.title
                ))
            }
        };
        let account = self.account();
        let matched: Vec<usize> = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.region == r.region && pattern.matches(&e.eventbridge(account)))
            .map(|(i, _)| i)
            .collect();
        if matched.is_empty() {
            let elsewhere = self.events.iter().find(|e| {
                e.region != r.region && {
                    let mut moved = e.eventbridge(account);
                    moved["region"] = r.region.clone().into();
                    pattern.matches(&moved)
                }
            });
            if let Some(e) = elsewhere {
                self.out.broken.push(format!(
                    "{via} matches {} but sees only events delivered in {}, and it is delivered in {}",
                    e.name, r.region, e.region
                ));
            }
            return;
        }
        let noise = self.control.noise_in(account, &r.region);
        if pattern.matches(&noise.eventbridge(account)) {
            return self.out.noisy.push(format!(
                "{via} also matches {}, which is not one of {}",
                noise.name, self.control.title
            ));
        }
        if !r.is_enabled() {
            return self
                .out
                .broken
                .push(format!("{via} matches them but is {}", r.state));
        }
        let (delivered, dropped): (Vec<usize>, Vec<usize>) = matched
            .into_iter()
            .partition(|i| !self.events[*i].read_only() || r.receives_read_only_events());
        if let Some(i) = dropped.first() {
            self.out.broken.push(format!(
                "{via} is in the state {}, which never receives read-only events such as {}; ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS does",
                r.state, self.events[*i].name
            ));
        }
        if delivered.is_empty() {
            return;
        }
        let sender = Sender {
            service: EVENTS_PRINCIPAL,
            source_arn: Some(&r.arn),
            region: &r.region,
            account: self.facts.owner,
        };
        if self.reach(&sender, &via, &r.targets) {
            delivered.into_iter().for_each(|i| self.covered[i] = true);
        }
    }

    fn filter(&mut self, f: &'a MetricFilter) {
        let via = format!(
            "metric filter `{}` on `{}`{}",
            f.name, f.log_group, self.facts.whose
        );
        let pattern = match FilterPattern::parse(&f.pattern) {
            Ok(p) => p,
            Err(e) => {
                return self.absent(format!(
                    "the pattern of {via} could not be evaluated ({e}), so it may count {}",
                    self.control.title
                ))
            }
        };
        let matched: Vec<usize> = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| pattern.matches(&e.record.to_string()))
            .map(|(i, _)| i)
            .collect();
        if matched.is_empty() {
            return;
        }
        let region = filter_region(self.facts.trails, f);
        let noise = self
            .control
            .noise_in(self.account(), region.unwrap_or(GLOBAL_EVENTS_REGION));
        if pattern.matches(&noise.record.to_string()) {
            return self.out.noisy.push(format!(
                "{via} also matches {}, which is not one of {}",
                noise.name, self.control.title
            ));
        }
        let fed = match self.fed(f, &matched, &via) {
            Some(fed) if !fed.is_empty() => fed,
            _ => return,
        };
        let alarms = match &self.facts.alerting.alarms {
            Observed::Known(a) => a,
            Observed::Unavailable(u) => return self.gap(u),
        };
        let mut watched = false;
        for m in &f.metrics {
            for al in alarms.iter().filter(|al| {
                al.namespace.as_deref() == Some(m.namespace.as_str())
                    && al.metric_name.as_deref() == Some(m.name.as_str())
                    && al.dimensions == m.dimensions
            }) {
                let Some(alarm_region) = al.arn.as_deref().and_then(crate::arn::region) else {
                    self.absent(format!(
                        "the Region of alarm `{}` was not recorded (the snapshot predates it)",
                        al.name
                    ));
                    continue;
                };
                if region.is_some_and(|g| g != alarm_region) {
                    continue; // an alarm in another Region watches another metric
                }
                watched = true;
                let via = format!("{via} with alarm `{}`", al.name);
                if !m.dimensions.is_empty() {
                    self.out.broken.push(format!("{via}: the metric is split by the dimensions of each event, so the alarm sees only the events with one set of values"));
                    continue;
                }
                if !al.actions_enabled {
                    self.out
                        .broken
                        .push(format!("{via}: the alarm's actions are disabled"));
                    continue;
                }
                match one_event_trips(al, m) {
                    Trips::Yes => {}
                    Trips::No(why) => {
                        self.out
                            .broken
                            .push(format!("{via}: one event does not trip it: {why}"));
                        continue;
                    }
                    Trips::Undecided(why) => {
                        self.absent(format!(
                            "{via}: whether one event trips it could not be decided: {why}"
                        ));
                        continue;
                    }
                }
                let sender = Sender {
                    service: CLOUDWATCH_PRINCIPAL,
                    source_arn: al.arn.as_deref(),
                    region: alarm_region,
                    account: self.facts.owner,
                };
                if self.reach(&sender, &via, &al.alarm_actions) {
                    fed.iter().for_each(|i| self.covered[*i] = true);
                }
            }
        }
        if !watched {
            self.out.broken.push(format!(
                "{via} matches them but no alarm watches its metric"
            ));
        }
    }

    /// Of the events the filter matches, those a logging trail writes to its log group; the
    /// others are recorded as broken (or as a gap when a trail's state could not be read).
    fn fed(&mut self, f: &MetricFilter, matched: &[usize], via: &str) -> Option<Vec<usize>> {
        let owner = self.facts.owner;
        let trails = match self.facts.trails {
            Observed::Known(t) => t,
            Observed::Unavailable(u) => {
                self.gap(u);
                return None;
            }
        };
        let feeding: Vec<&Trail> = trails
            .iter()
            .filter(|t| {
                t.cloudwatch_logs_log_group_arn
                    .as_deref()
                    .is_some_and(|arn| {
                        log_group_name(arn) == Some(f.log_group.as_str())
                            && (f.region.is_none()
                                || crate::arn::region(arn) == f.region.as_deref())
                            && crate::arn::account(arn) == Some(owner)
                    })
            })
            .collect();
        if feeding.is_empty() {
            self.out.broken.push(format!(
                "{via} matches them but its log group receives records from no trail"
            ));
            return None;
        }
        let mut fed = Vec::new();
        let mut why: Option<String> = None;
        for &i in matched {
            let e = &self.events[i];
            let mut verdict = Err(String::new());
            for t in &feeding {
                match records(t, e) {
                    Ok(()) => {
                        verdict = Ok(());
                        break;
                    }
                    Err(Feed::Gap(u)) => {
                        self.gap(u);
                    }
                    Err(Feed::Stops(w)) => {
                        if verdict.as_ref().is_err_and(String::is_empty) {
                            verdict = Err(w);
                        }
                    }
                }
            }
            match verdict {
                Ok(()) => fed.push(i),
                Err(w) if !w.is_empty() => {
                    why.get_or_insert(format!("{via} matches {} but {w}", e.label()));
                }
                Err(_) => {}
            }
        }
        if let Some(w) = why {
            self.out.broken.push(w);
        }
        Some(fed)
    }

    /// Follows the targets; true when one reaches a person.
    fn reach(&mut self, sender: &Sender<'_>, via: &str, targets: &[String]) -> bool {
        if targets.is_empty() {
            self.out.broken.push(format!("{via} has no target"));
            return false;
        }
        let mut ok = false;
        for t in targets {
            match deliver(&self.facts.topics, sender, t) {
                Delivery::Reaches(d) => {
                    self.out.working.push(format!("{via} notifies {d}"));
                    ok = true;
                }
                Delivery::Breaks(why) => self.out.broken.push(format!("{via}: {why}")),
                Delivery::Gap(g) => {
                    self.out.gap.get_or_insert(g);
                }
            }
        }
        ok
    }
}

#[cfg(test)]
mod tests;
