//! RMP405: no Cost Anomaly Detection alert reaches anyone.

use rampart_model::cost_alerts::{anomaly_alerts, ANOMALY_PRINCIPAL};
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::cost_alerts::verdict;
use crate::facts;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Whether a Cost Anomaly Detection subscription watches a monitor that exists and has a
    /// subscriber it reaches: an e-mail address that has not declined the alerts, or an SNS
    /// topic whose access policy lets `costalerts.amazonaws.com` publish and which has a
    /// confirmed subscription that reaches a person. Unknown when the monitors or subscriptions
    /// could not be read, or when the only subscribers lead where rampart cannot follow.
    ///
    /// ## Why it matters
    /// A budget catches spending that runs over a number you chose; anomaly detection catches
    /// spending that is unusual for a service, even while the total is small — the first day of
    /// someone else's instances in a Region you never use. It is free.
    ///
    /// ## How to fix
    /// Set `[alerts] emails` in `rampart.toml`: `rampart apply` then creates an AWS services
    /// monitor (`rampart-services`) where the account has none, and a daily subscription
    /// (`rampart-cost-anomalies`) that mails those addresses about anomalies of 10 USD or
    /// more. By hand: **Billing and Cost Management → Cost Anomaly Detection → Create monitor**.
    ///
    /// ## References
    /// - AWS Startup Security Baseline, ACCT.16
    /// - <https://docs.aws.amazon.com/cost-management/latest/userguide/manage-ad.html>
    pub struct NoCostAnomalyAlert;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_COST_ANOMALY_ALERT,
        slug: "no-cost-anomaly-alert",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Billing,
        severity: Severity::Low,
        title: "No cost anomaly alert reaches anyone",
        frameworks: &[("aws-ssb", "ACCT.16")],
        fix: Applicability::NeedsSetting(std::borrow::Cow::Borrowed("alerts.emails")),
    };
}

impl Check for NoCostAnomalyAlert {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let facts = &cx.snapshot.cost_alerts;
        let alerts = match anomaly_alerts(facts) {
            Ok(a) => a,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        let none = if facts.anomaly_monitors.known().is_some_and(Vec::is_empty) {
            "the account has no cost anomaly monitor"
        } else {
            "no subscription sends the anomalies the monitors find"
        };
        vec![verdict(cx, META.id, ANOMALY_PRINCIPAL, &alerts, none)]
    }
}

#[cfg(test)]
mod tests;
