//! RMP404: no cost budget alerts anyone when spending runs over.

use rampart_model::cost_alerts::{budget_alerts, BUDGETS_PRINCIPAL};
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::cost_alerts::verdict;
use crate::facts;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Whether some AWS Budgets budget of type `COST`, whose time period has not ended, has a
    /// notification that fires when spending goes over a threshold (`GREATER_THAN`, actual or
    /// forecasted) and
    /// a subscriber it reaches: an e-mail address (AWS Budgets mails it directly), or an SNS
    /// topic whose access policy lets `budgets.amazonaws.com` publish for the budget and which
    /// has a confirmed subscription that reaches a person — the same delivery rules as the
    /// monitoring alerts. Usage, reservation and savings-plan budgets do not count. Unknown
    /// when the budgets could not be read, or when the only subscribers lead where rampart
    /// cannot follow.
    ///
    /// ## Why it matters
    /// A leaked access key is usually found by the bill: someone mines cryptocurrency on your
    /// account until the month ends. A budget that mails you at 80 % of what you expect to
    /// spend turns a month of damage into a day of it. Budgets are free.
    ///
    /// ## How to fix
    /// Set `[billing] monthly_budget_usd` in `rampart.toml` (and `[alerts] emails`): `rampart
    /// apply` then creates the `rampart-monthly-cost` budget, which mails those addresses when
    /// actual spending passes 80 % of it and when the forecast passes 100 %. By hand: **Billing
    /// and Cost Management → Budgets → Create budget → Monthly cost budget**.
    ///
    /// ## References
    /// - AWS Startup Security Baseline, ACCT.10
    /// - <https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-create.html>
    /// - <https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html>
    pub struct NoBudgetAlert;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_BUDGET_ALERT,
        slug: "no-budget-alert",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Billing,
        severity: Severity::Medium,
        title: "No cost budget alerts anyone when spending runs over",
        frameworks: &[("aws-ssb", "ACCT.10")],
        fix: Applicability::NeedsSetting(std::borrow::Cow::Borrowed(
            "billing.monthly_budget_usd and alerts.emails",
        )),
    };
}

impl Check for NoBudgetAlert {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let snap = cx.snapshot;
        let alerts = match budget_alerts(&snap.cost_alerts, &snap.account_id, snap.taken_at) {
            Ok(a) => a,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        vec![verdict(
            cx,
            META.id,
            BUDGETS_PRINCIPAL,
            &alerts,
            "the account has no cost budget",
        )]
    }
}

#[cfg(test)]
mod tests;
