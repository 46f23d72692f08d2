//! RMP505: AWS Config does not record every resource type in an enabled Region.

use rampart_model::guardrails::Recorder;
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::regional::{self, InRegion};
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In every Region the account has enabled (`account:ListRegions`), whether one of the
    /// account's own AWS Config recorders records every supported resource type, is
    /// recording, and did not fail its last recording
    /// (`config:DescribeConfigurationRecorders`, `config:DescribeConfigurationRecorderStatus`).
    /// Recorders that AWS services make for themselves do not count. One failure per Region
    /// without one, one unknown per Region not read, one pass when every Region has one.
    ///
    /// ## Why it matters
    /// Config keeps the history of every resource's configuration: who opened that security
    /// group, what the bucket policy said last Tuesday. During an incident it is how you learn
    /// what changed; without it, the past configuration is gone.
    ///
    /// ## Cost
    /// Config is paid per configuration item recorded (about 0.003 USD each) and per rule
    /// evaluation: a quiet account pays little, one that churns resources can pay a lot.
    /// Recording needs a delivery channel (an S3 bucket) and a role, which is why rampart
    /// leaves it to you.
    ///
    /// ## How to fix
    /// In the console, per Region: **Config → Get started → Record all resource types**, with
    /// a delivery bucket (Config can create one) and the service-linked role. With the CLI:
    /// `aws configservice put-configuration-recorder` with `allSupported=true`,
    /// `aws configservice put-delivery-channel`, then `aws configservice
    /// start-configuration-recorder`. Global resource types (IAM) need recording in one Region
    /// only.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 4.3 (v6.0.0 4.3, v5.0.0 3.3)
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/gs-console.html>
    pub struct ConfigNotRecording;

    static META: CheckMeta = CheckMeta {
        id: check_ids::CONFIG_NOT_RECORDING,
        slug: "config-not-recording",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Medium,
        title: "AWS Config does not record everything in an enabled Region",
        frameworks: &[("cis-aws-7.0", "4.3"), ("cis-aws-6.0", "4.3"), ("cis-aws-5.0", "3.3")],
        fix: Applicability::Manual,
    };
}

fn in_region(r: &str, recorders: &[Recorder]) -> InRegion {
    if recorders.iter().any(Recorder::records_everything) {
        return InRegion::Good;
    }
    let own: Vec<&Recorder> = recorders.iter().filter(|c| !c.service_linked).collect();
    let Some(c) = own.first() else {
        return InRegion::Bad(format!("AWS Config has no recorder in {r}"));
    };
    let why = if !c.recording {
        "is stopped"
    } else if !c.all_supported {
        "records only some resource types"
    } else {
        "failed its last recording"
    };
    InRegion::Bad(format!("AWS Config's recorder `{}` in {r} {why}", c.name))
}

impl Check for ConfigNotRecording {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge(
            cx,
            META.id,
            cx.snapshot.guardrails.recorders_by_region(),
            |r, d| in_region(r, d),
            |n| format!("AWS Config records every resource type in all {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, only, run};
    use rampart_model::{Observed, Status};

    fn recorder() -> Recorder {
        Recorder {
            name: "default".into(),
            all_supported: true,
            recording: true,
            last_status: Some("SUCCESS".into()),
            service_linked: false,
        }
    }

    fn first_region(recorders: Vec<Recorder>) -> rampart_model::Snapshot {
        let mut snap = hardened();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        snap.guardrails
            .config_recorders
            .insert(first, Observed::Known(recorders));
        snap
    }

    #[test]
    fn fails_without_a_recorder_or_with_one_that_records_too_little() {
        let findings = run(&ConfigNotRecording, &brand_new());
        assert!(findings.len() > 1);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        for (bad, why) in [
            (Recorder { recording: false, ..recorder() }, "is stopped"),
            (Recorder { all_supported: false, ..recorder() }, "some resource types"),
            (Recorder { last_status: Some("FAILURE".into()), ..recorder() }, "failed"),
            (Recorder { service_linked: true, ..recorder() }, "no recorder"),
        ] {
            let f = only(run(&ConfigNotRecording, &first_region(vec![bad])));
            assert_eq!(f.status, Status::Fail);
            assert!(f.message.contains(why), "{}", f.message);
        }
    }

    #[test]
    fn passes_when_everything_is_recorded_everywhere() {
        let f = only(run(&ConfigNotRecording, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        let pending = Recorder { last_status: Some("PENDING".into()), ..recorder() };
        let f = only(run(&ConfigNotRecording, &first_region(vec![pending])));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&ConfigNotRecording, "config:DescribeConfigurationRecorders", |g, r| {
            g.config_recorders.insert(r, denied("config:DescribeConfigurationRecorders"));
        });
    }
}
