//! RMP101: the root user was used recently.

use chrono::{DateTime, Utc};
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts::{self, Gap};
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// When the root user was last used: its password and access keys (credential report) and the
    /// most recent event by `userIdentity.type` `Root` in the CloudTrail event history. Use within
    /// `root_recent_use_days` (90 by default) of the snapshot fails. The verdict is unknown only
    /// when neither source could be read.
    ///
    /// ## Why it matters
    /// The root user can do anything, including closing the account, and no policy can limit it.
    /// Every sign-in is a chance for its password or session to be phished or stolen. Day-to-day
    /// work belongs to IAM users or roles; root is for the few tasks only it can do.
    ///
    /// ## How to fix
    /// Create an administrator for yourself (see RMP103 and RMP104), sign in as that user, and
    /// store the root credentials somewhere safe. Review what root did in the console under
    /// **CloudTrail → Event history**, filtered on **User name** `root`, or with
    /// `aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root`
    /// (or `rampart events --root`). `rampart apply` cannot stop a person from using root: this is a
    /// manual step, and the failure clears once no root use is left in the window.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.6
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html>
    pub struct RootUsedRecently;

    static META: CheckMeta = CheckMeta {
        id: check_ids::ROOT_USED_RECENTLY,
        slug: "root-used-recently",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::High,
        title: "The root user was used recently",
        frameworks: &[("cis-aws-7.0", "2.7"), ("cis-aws-6.0", "2.6"), ("cis-aws-5.0", "1.6"), ("aws-ssb", "ACCT.02")],
        fix: Applicability::Manual,
    };
}

impl Check for RootUsedRecently {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::root(cx);
        let report = cx.credential_report();
        let root_row = report.ok().and_then(|r| r.root());
        let history = cx.snapshot.cloudtrail.root_activity.as_result();

        let mut uses: Vec<(DateTime<Utc>, String)> = Vec::new();
        if let Some(row) = root_row {
            if let Some(t) = row.password_last_used.at() {
                uses.push((t, "credential report: password_last_used".into()));
            }
            for (i, key) in row.access_keys.iter().enumerate() {
                if let Some(t) = key.last_used_date.at() {
                    uses.push((
                        t,
                        format!("credential report: access_key_{}_last_used_date", i + 1),
                    ));
                }
            }
        }
        if let Ok(Some(e)) = history.map(|h| h.last_event.as_ref()) {
            uses.push((
                e.time,
                format!("event history: `{}` in {}", e.event_name, e.region),
            ));
        }
        if root_row.is_none() {
            if let Err(h) = history {
                let gap = match report {
                    Err(u) => Gap::Fact(u),
                    Ok(_) => Gap::Fact(h),
                };
                return vec![gap.finding(META.id, resource)];
            }
        }

        let limit = cx.config.root_recent_use_days;
        let last = uses.iter().max_by_key(|(t, _)| *t);
        let finding = match last {
            Some((t, source)) if cx.days_since(*t) < limit => {
                let ago = match cx.days_since(*t) {
                    d if d <= 0 => "today".to_owned(),
                    1 => "1 day ago".to_owned(),
                    d => format!("{d} days ago"),
                };
                Finding::fail(
                    META.id,
                    resource,
                    format!("the root user was last used {ago} ({source})"),
                )
            }
            _ => Finding::pass(
                META.id,
                resource,
                format!("the root user has not been used in the last {limit} days"),
            ),
        };
        vec![finding
            .with("last_use", last.map(|(t, _)| t))
            .with("last_use_source", last.map(|(_, s)| s))
            .with("days_since_last_use", last.map(|(t, _)| cx.days_since(*t)))
            .with("root_recent_use_days", limit)
            .with(
                "event_history_window_days",
                history.ok().map(|h| h.window_days),
            )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_when_root_signed_in_today() {
        let f = only(run(&RootUsedRecently, &brand_new()));
        assert_eq!(f.status, Status::Fail);
        assert!(f.message.contains("today"), "{}", f.message);
        assert_eq!(f.evidence["days_since_last_use"], 0);
        assert_eq!(f.evidence["last_use"], "2026-11-28T08:47:09Z");
    }

    #[test]
    fn passes_when_root_last_used_long_ago() {
        let f = only(run(&RootUsedRecently, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert_eq!(f.evidence["days_since_last_use"], 136);
    }

    #[test]
    fn event_history_alone_is_enough_to_fail() {
        let mut snap = hardened();
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        let mut history = snap.cloudtrail.root_activity.known().cloned().unwrap();
        history.last_event = Some(rampart_model::cloudtrail::RootEvent {
            time: "2026-11-20T10:00:00Z".parse().unwrap(),
            event_name: "CreateUser".into(),
            region: "eu-west-1".into(),
            source_ip: None,
        });
        snap.cloudtrail.root_activity = rampart_model::Observed::Known(history);
        let f = only(run(&RootUsedRecently, &snap));
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.message.contains("7 days ago") && f.message.contains("`CreateUser`"),
            "{}",
            f.message
        );
    }

    #[test]
    fn unknown_when_neither_source_was_read() {
        let mut snap = brand_new();
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        snap.cloudtrail.root_activity = denied("cloudtrail:LookupEvents");
        let f = only(run(&RootUsedRecently, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:GetCredentialReport")
        );
    }
}
