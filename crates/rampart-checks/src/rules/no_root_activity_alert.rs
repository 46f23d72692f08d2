//! RMP308: root activity raises no alert that reaches anyone (CIS v7.0 5.3).

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether root activity reaches a person: a root console sign-in and root API calls to
    /// IAM, S3 and CloudTrail, each in every Region where it happens (sign-ins and IAM in
    /// `us-east-1`, S3 and CloudTrail in every audited Region). A route is an EventBridge rule
    /// on the default bus of that Region, enabled, whose pattern matches the event as
    /// EventBridge delivers it, or a CloudWatch Logs metric filter on a log group fed by a
    /// logging trail that records the event, with an alarm on exactly its metric that one
    /// event trips (an alarm at `Sum >= 5` never fires for one sign-in). Either way the target
    /// must be an SNS topic in the same Region whose access policy lets the service publish
    /// for this rule or alarm (`aws:SourceArn`), encrypted, if at all, with a customer managed
    /// key that service may use (never `alias/aws/sns`), and with a confirmed subscription.
    /// Patterns and filters are evaluated, not read: `$or`, content filters and ignore-case
    /// forms work; a rule or filter that keeps only sign-ins, only API calls, one service or
    /// one event name covers only part of root activity, and one that also matches an IAM
    /// user's call is noisy and does not count. The evidence names each route and the first
    /// link that breaks; a fact that could not be read makes the check `unknown`.
    ///
    /// ## Why it matters
    /// Once nobody uses root day to day, any root sign-in is either you doing one of the rare
    /// root-only tasks or someone else — and then minutes matter. A rule whose email subscription
    /// was never confirmed alerts no one.
    ///
    /// ## How to fix
    /// Create an SNS topic with an email subscription, confirm the email, and give the topic
    /// an access policy that lets `events.amazonaws.com` publish; then an EventBridge rule in
    /// `us-east-1` (and in each other Region you use) on the default bus with the pattern
    /// `{"detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
    /// "detail": {"userIdentity": {"type": ["Root"]}}}` and the topic as target. With the CLI:
    /// `aws sns create-topic --name root-activity`, `aws sns subscribe --protocol email …`,
    /// `aws events put-rule --name root-activity --event-pattern file://pattern.json --region
    /// us-east-1` and `aws events put-targets …`. `rampart apply` fixes this: it creates the
    /// topic with that policy statement (scoped to its rules by `aws:SourceArn`), a
    /// subscription per address in `alerts.emails`, the rules and their target; each
    /// recipient still has to confirm the email.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 5.3 (v5.0.0: 4.3)
    /// - AWS Security Hub control CloudWatch.1
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html>
    pub struct NoRootActivityAlert;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_ROOT_ACTIVITY_ALERT,
        slug: "no-root-activity-alert",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::High,
        title: "Root activity raises no alert that reaches anyone",
        frameworks: &[("cis-aws-7.0", "5.3"), ("cis-aws-6.0", "5.3"), ("cis-aws-5.0", "4.3"), ("aws-fsbp", "CloudWatch.1")],
        fix: Applicability::NeedsPerson(Cow::Borrowed("with `alerts.emails` set, `rampart apply` subscribes each address; each must confirm the e-mail AWS sends")),
    };
}

impl Check for NoRootActivityAlert {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        crate::alerts::evaluate(cx, META.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, fixtures_of, hardened, inherited, only, run};
    use rampart_model::{Observed, Snapshot, Status};
    use serde_json::Value;

    #[test]
    fn fails_without_rules_and_names_an_unconfirmed_subscriber() {
        let f = only(run(&NoRootActivityAlert, &brand_new()));
        assert_eq!(
            f.message,
            "no EventBridge rule or metric filter matches root activity"
        );
        // The inherited account's topic keeps its default policy (and nobody confirmed).
        let f = only(run(&NoRootActivityAlert, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.message.contains("does not let `events.amazonaws.com` publish"),
            "{}",
            f.message
        );
    }

    #[test]
    fn passes_with_a_confirmed_rule_route() {
        let f = only(run(&NoRootActivityAlert, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert!(f.message.contains("rule `root-activity`"), "{}", f.message);
    }

    #[test]
    fn unknown_when_rules_topics_or_trails_are_refused() {
        let mut snap = hardened();
        snap.alerting.topics = denied("sns:ListSubscriptionsByTopic");
        let f = only(run(&NoRootActivityAlert, &snap));
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("sns:ListSubscriptionsByTopic")
        );
        let mut snap = brand_new();
        snap.alerting.event_rules = denied("events:ListRules");
        assert_eq!(
            only(run(&NoRootActivityAlert, &snap)).status,
            Status::Unknown
        );
        let mut snap = fixture_snapshot(&fixture("metric_filter_cis"));
        snap.cloudtrail.trails = denied("cloudtrail:DescribeTrails");
        let f = only(run(&NoRootActivityAlert, &snap));
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("cloudtrail:DescribeTrails")
        );
    }

    /// Every form of root alerting the fixtures describe, with its expected verdict: every
    /// `no-root-activity-alert_*.json` in the fixtures folder.
    fn fixtures() -> Vec<String> {
        fixtures_of(META.slug).into_iter().map(|(_, text)| text).collect()
    }

    fn fixture(case: &str) -> Value {
        fixtures()
            .iter()
            .map(|t| serde_json::from_str::<Value>(t).expect("fixture is JSON"))
            .find(|f| f["case"] == case)
            .unwrap_or_else(|| panic!("no fixture `{case}`"))
    }

    /// The hardened account with the fixture's rules, filters, alarms and trail settings.
    fn fixture_snapshot(fx: &Value) -> Snapshot {
        let mut snap = hardened();
        let known = |v: &Value| serde_json::json!({ "known": v });
        let a = &mut snap.alerting;
        if let Some(v) = fx.get("event_rules") {
            a.event_rules = serde_json::from_value(known(v)).expect("rules");
        }
        if let Some(v) = fx.get("metric_filters") {
            a.metric_filters = serde_json::from_value(known(v)).expect("filters");
        }
        if let Some(v) = fx.get("alarms") {
            a.alarms = serde_json::from_value(known(v)).expect("alarms");
        }
        if let Some(v) = fx.get("topics") {
            a.topics = serde_json::from_value(known(v)).expect("topics");
        }
        if let Some(t) = fx.get("trail") {
            let Observed::Known(trails) = &mut snap.cloudtrail.trails else {
                panic!("hardened has trails")
            };
            let trail = &mut trails[0];
            if let Some(arn) = t["cloudwatch_logs_log_group_arn"].as_str() {
                trail.cloudwatch_logs_log_group_arn = Some(arn.to_owned());
            }
            if let (Some(logging), Observed::Known(status)) =
                (t["is_logging"].as_bool(), &mut trail.status)
            {
                status.is_logging = logging;
            }
        }
        snap
    }

    #[test]
    fn every_fixture_gets_its_verdict() {
        let mut wrong = Vec::new();
        for text in fixtures() {
            let fx: Value = serde_json::from_str(&text).expect("fixture is JSON");
            let f = only(run(&NoRootActivityAlert, &fixture_snapshot(&fx)));
            let want = match fx["expect"].as_str() {
                Some("pass") => Status::Pass,
                Some("fail") => Status::Fail,
                Some("unknown") => Status::Unknown,
                other => panic!("bad expect {other:?}"),
            };
            let contains = fx["message_contains"].as_str().expect("message_contains");
            if f.status != want || !f.message.contains(contains) {
                wrong.push(format!(
                    "{}: {:?} `{}` (want {want:?} with `{contains}`)",
                    fx["case"], f.status, f.message
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_partial_route_counts_for_what_it_carries_and_is_evidence() {
        let mut snap = fixture_snapshot(&fixture("metric_filter_console_login"));
        snap.alerting.event_rules = hardened().alerting.event_rules;
        let f = only(run(&NoRootActivityAlert, &snap));
        assert_eq!(f.status, Status::Pass);
        let working = f.evidence["working_routes"].as_array().expect("list");
        assert!(
            working.iter().any(|w| w
                .as_str()
                .is_some_and(|w| w.contains("metric filter `RootUsage`"))),
            "{working:?}"
        );
    }
}
