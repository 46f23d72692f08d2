//! RMP308: root activity raises no alert that reaches anyone.

use rampart_model::{Finding, Severity, Step};

use crate::alerts::root_alerting;
use crate::facts;
use crate::{Check, CheckMeta, Context, Fix};

/// ## What it checks
/// Whether root activity notifies a person, by either route: an enabled EventBridge rule in
/// `us-east-1` whose pattern matches `detail.userIdentity.type` `Root`, targeting an SNS
/// topic; or a CloudWatch Logs metric filter on `$.userIdentity.type = "Root"` whose metric
/// has an alarm with an SNS action. Either way the topic needs at least one confirmed
/// subscription. A rule must let both root sign-ins and root API calls through: one that
/// keeps only one CloudTrail detail type, or adds conditions on the source, the event name or
/// other fields, covers only part of root activity. The evidence says where each partial
/// route stops.
///
/// ## Why it matters
/// Once nobody uses root day to day, any root sign-in is either you doing one of the rare
/// root-only tasks or someone else — and then minutes matter. A rule whose email subscription
/// was never confirmed alerts no one.
///
/// ## How to fix
/// Create an SNS topic with an email subscription and confirm the email, then an EventBridge
/// rule in `us-east-1` on the default bus with the pattern
/// `{"detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
/// "detail": {"userIdentity": {"type": ["Root"]}}}` and the topic as target. With the CLI:
/// `aws sns create-topic --name root-activity`, `aws sns subscribe --protocol email …`,
/// `aws events put-rule --name root-activity --event-pattern file://pattern.json --region
/// us-east-1` and `aws events put-targets …`. `rampart apply` fixes this: it creates the
/// topic, a subscription per address in `alerts.emails`, the rule and its target; each
/// recipient still has to confirm the email.
///
/// ## References
/// - CIS AWS Foundations Benchmark v5.0.0, 4.3
/// - AWS Security Hub control CloudWatch.1
/// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html>
pub struct NoRootActivityAlert;

static META: CheckMeta = CheckMeta {
    id: "RMP308",
    slug: "no-root-activity-alert",
    aliases: &[],
    step: Step::CloudTrail,
    severity: Severity::High,
    title: "Root activity raises no alert that reaches anyone",
    frameworks: &[("cis-aws-5.0", "4.3"), ("aws-fsbp", "CloudWatch.1")],
    fix: Fix::Auto,
    source: include_str!("no_root_activity_alert.rs"),
};

impl Check for NoRootActivityAlert {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::account(cx);
        let routes = root_alerting(&cx.snapshot.alerting);
        let f = match (&routes.working, &routes.gap) {
            (Some(route), _) => {
                Finding::pass(META.id, resource, format!("root activity alerts: {route}"))
            }
            (None, Some(gap)) => gap.finding(META.id, resource),
            (None, None) => match routes.broken.first() {
                Some(first) => Finding::fail(
                    META.id,
                    resource,
                    format!("root activity alerts no one: {first}"),
                ),
                None => Finding::fail(
                    META.id,
                    resource,
                    "no EventBridge rule or metric filter matches root activity",
                ),
            },
        };
        vec![f
            .with("working_route", &routes.working)
            .with("broken_routes", &routes.broken)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{brand_new, denied, hardened, inherited, only, run};
    use rampart_model::alerting::{MetricAlarm, MetricFilter};
    use rampart_model::{Observed, Status};

    #[test]
    fn fails_without_rules_and_names_an_unconfirmed_subscriber() {
        let f = only(run(&NoRootActivityAlert, &brand_new()));
        assert_eq!(
            f.message,
            "no EventBridge rule or metric filter matches root activity"
        );
        let f = only(run(&NoRootActivityAlert, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.message.contains("has no confirmed subscription"),
            "{}",
            f.message
        );
    }

    #[test]
    fn passes_with_a_confirmed_rule_route_and_a_metric_alarm_route() {
        let f = only(run(&NoRootActivityAlert, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert!(f.message.contains("rule `root-activity`"), "{}", f.message);

        let mut snap = hardened();
        let topic = "arn:aws:sns:us-east-1:111122223333:root-activity-alerts".to_owned();
        snap.alerting.event_rules = Observed::Known(vec![]);
        snap.alerting.metric_filters = Observed::Known(vec![MetricFilter {
            log_group: "cloudtrail".into(),
            name: "RootUsage".into(),
            pattern: r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#.into(),
            metrics: vec![("CISBenchmark".into(), "RootAccountUsage".into())],
        }]);
        snap.alerting.alarms = Observed::Known(vec![MetricAlarm {
            name: "root-usage".into(),
            namespace: Some("CISBenchmark".into()),
            metric_name: Some("RootAccountUsage".into()),
            alarm_actions: vec![topic],
            actions_enabled: true,
        }]);
        let f = only(run(&NoRootActivityAlert, &snap));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert!(
            f.message
                .contains("metric filter `RootUsage` with alarm `root-usage`"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_disabled_rule_does_not_count() {
        let mut snap = hardened();
        if let Observed::Known(rules) = &mut snap.alerting.event_rules {
            rules[0].state = "DISABLED".into();
        }
        let f = only(run(&NoRootActivityAlert, &snap));
        assert!(
            f.message.ends_with("matches root activity but is DISABLED"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_rule_for_root_sign_ins_only_does_not_count() {
        let mut snap = hardened();
        if let Observed::Known(rules) = &mut snap.alerting.event_rules {
            rules[0].event_pattern = Some(
                r#"{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}"#
                    .into(),
            );
        }
        let f = only(run(&NoRootActivityAlert, &snap));
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.message.ends_with(
                "matches only part of root activity: `detail-type` leaves out AWS API Call via CloudTrail"
            ),
            "{}",
            f.message
        );
    }

    #[test]
    fn unknown_when_rules_or_topics_are_refused() {
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
    }
}
