//! The finding shared by the cost alert checks (RMP404 budgets, RMP405 anomalies), from the
//! model's outcome: pass on the first alert that reaches a person, unknown when none does and
//! a fact that could decide it is missing, fail with every reason otherwise.

use rampart_model::cost_alerts::{outcome, Alert, Outcome};
use rampart_model::Finding;

use crate::{facts, Context};

/// The finding for `alerts`, sent by `service`. `none` words the failure when there is no
/// alert at all.
pub(crate) fn verdict(
    cx: &Context<'_>,
    id: &str,
    service: &'static str,
    alerts: &[Alert<'_>],
    none: &str,
) -> Finding {
    let resource = facts::account(cx);
    match outcome(
        &cx.snapshot.cost_alerts,
        alerts,
        service,
        &cx.snapshot.account_id,
    ) {
        Outcome::Reaches {
            alert,
            who,
            address,
        } => Finding::pass(id, resource, format!("{alert} alerts {who}"))
            .with("alert", alert)
            .with("subscriber", address),
        Outcome::Undecided(gap, broken) => gap.finding(id, resource).with("broken", broken),
        Outcome::Broken(broken) if broken.is_empty() => Finding::fail(id, resource, none),
        Outcome::Broken(broken) => Finding::fail(
            id,
            resource,
            format!("no alert reaches anyone: {}", broken.join("; ")),
        )
        .with("broken", broken),
    }
}
