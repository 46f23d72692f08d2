//! RMP311: IAM policy changes raise no alert that reaches anyone (CIS v7.0 5.4).

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether IAM policy changes reach a person. The canonical events are the sixteen IAM calls that create, change, attach or detach a policy (`PutUserPolicy`, `AttachRolePolicy`, `CreatePolicyVersion`, …); each must reach a
    /// confirmed subscriber by some route, in every Region where it happens (`us-east-1` for
    /// global services, every audited Region for the others). A route is an EventBridge rule
    /// on the default bus of that Region, enabled, whose pattern matches the event, or a
    /// CloudWatch Logs metric filter on a log group fed by a logging trail that records the
    /// event, with an alarm on exactly its metric that one event trips. Either way its target
    /// must be an SNS topic in the same Region whose access policy lets the service publish
    /// (`events.amazonaws.com` for the rule, `cloudwatch.amazonaws.com` for the alarm, with
    /// the rule's or alarm's ARN as `aws:SourceArn`), encrypted, if at all, with a customer
    /// managed key that service may use, and with a confirmed subscription. A route that also
    /// matches an unrelated neighbouring event is noisy and does not count. The evidence names
    /// each route, the first link that breaks and the events no route carries; a fact that
    /// could not be read makes the check `unknown` when it could hide a working route.
    ///
    /// ## Why it matters
    /// A changed policy is how access is widened, by mistake or by an intruder making themselves at home. An alert only helps when it reaches someone in time.
    ///
    /// ## How to fix
    /// `rampart apply` creates, for each control in `alerts.controls` (all fifteen by
    /// default), one EventBridge rule per Region that needs it, targeting the alert topic, and
    /// adds a statement to the topic's policy that lets EventBridge publish for exactly those
    /// rules; each address in `alerts.emails` still has to confirm the e-mail AWS sends. By
    /// hand: an SNS topic with a confirmed subscription and an access policy for
    /// `events.amazonaws.com`, then an EventBridge rule whose pattern matches these events
    /// (README.md lists them; `rampart events --control 5.4` searches the event
    /// history with the same set) with the topic as target. The CIS way — a metric filter on
    /// the trail's log group and an alarm at `Sum >= 1` over one period — works too.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 5.4 (v5.0.0: 4.4)
    /// - <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html>
    /// - <https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification>
    pub struct NoIamPolicyChangeAlert;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_IAM_POLICY_CHANGE_ALERT,
        slug: "no-iam-policy-change-alert",
        aliases: &[],
        subject: Subject::Account,
        step: Step::CloudTrail,
        severity: Severity::Medium,
        title: "IAM policy changes raise no alert that reaches anyone",
        frameworks: &[("cis-aws-7.0", "5.4"), ("cis-aws-6.0", "5.4"), ("cis-aws-5.0", "4.4")],
        fix: Applicability::NeedsPerson(Cow::Borrowed("with `alerts.emails` set, `rampart apply` subscribes each address; each must confirm the e-mail AWS sends")),
    };
}

impl Check for NoIamPolicyChangeAlert {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        crate::alerts::evaluate(cx, META.id)
    }
}
