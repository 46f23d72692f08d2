//! What the monitoring checks (CIS v7.0 5.1–5.15) share: each asks the route engine
//! ([`rampart_model::alert_route`]) whether its control's canonical events reach a confirmed
//! subscriber, and reports its answer on the account.

use rampart_model::alert_controls::find_control;
use rampart_model::alert_route::control_routes;
use rampart_model::{Finding, Status};

use crate::facts;
use crate::Context;

/// The finding of the check `check_id` for its monitoring control.
pub(crate) fn evaluate(cx: &Context<'_>, check_id: &str) -> Vec<Finding> {
    let resource = facts::account(cx);
    let Some(control) = find_control(check_id) else {
        // Unreachable while the data file names every monitoring check (a test proves it).
        return vec![Finding::new(
            check_id,
            Status::Unknown,
            resource,
            "no monitoring control is defined for this check",
        )];
    };
    vec![control_routes(cx.snapshot, control).finding(check_id, resource)]
}

#[cfg(test)]
mod tests {
    use rampart_model::alert_controls::alert_controls;
    use rampart_model::Status;

    use crate::test_support::{brand_new, denied, hardened, inherited, only, run};

    #[test]
    fn each_monitoring_check_fails_passes_and_reports_unknown() {
        for c in alert_controls() {
            let check = crate::find(&c.check).expect("registered");
            let f = only(run(check, &brand_new()));
            assert_eq!(f.status, Status::Fail, "{}: {}", c.check, f.message);
            assert_eq!(
                f.message,
                format!("no EventBridge rule or metric filter matches {}", c.title)
            );
            let f = only(run(check, &inherited()));
            assert_eq!(f.status, Status::Fail, "{}: {}", c.check, f.message);
            let f = only(run(check, &hardened()));
            assert_eq!(f.status, Status::Pass, "{}: {}", c.check, f.message);
            assert_eq!(
                f.evidence["control"],
                format!("CIS AWS Foundations v7.0 {}", c.control)
            );
            let mut snap = brand_new();
            snap.alerting.event_rules = denied("events:ListRules");
            let f = only(run(check, &snap));
            assert_eq!(f.status, Status::Unknown, "{}", c.check);
            assert_eq!(f.missing_permission.as_deref(), Some("events:ListRules"));
            let mut snap = hardened();
            snap.alerting.topics = denied("sns:GetTopicAttributes");
            assert_eq!(
                only(run(check, &snap)).status,
                Status::Unknown,
                "{}",
                c.check
            );
        }
    }

    #[test]
    fn every_control_is_judged_by_a_registered_check() {
        for c in alert_controls() {
            let check = crate::find(&c.check).unwrap_or_else(|| panic!("{} has no check", c.check));
            assert_eq!(
                check.meta().control_in("cis-aws-7.0"),
                Some(c.control.as_str()),
                "{}",
                c.check
            );
            assert_eq!(
                check.meta().control_in("cis-aws-5.0"),
                Some(format!("4.{}", &c.control[2..]).as_str()),
                "{}",
                c.check
            );
        }
    }
}
