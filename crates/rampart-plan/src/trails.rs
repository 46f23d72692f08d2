//! CloudTrail: one multi-Region trail that logs management events, log file validation on
//! every trail, and (when a key is configured) KMS encryption. An existing trail that already
//! covers every Region is kept rather than doubled, and one that records management events in
//! a single Region is extended to all: a second copy of management events costs.

use std::collections::HashSet;

use rampart_model::check_ids;
use rampart_model::cloudtrail::Trail;
use rampart_model::Observed;
use serde_json::{json, Value};

use crate::action::{Action, Call, Op};
use crate::baseline::TRAIL_KEY_ALIAS;
use crate::buckets::Needs;
use crate::documents;
use crate::planning::{Draft, Planning};

fn covers_everything(t: &Trail) -> bool {
    let logging = matches!(&t.status, Observed::Known(s) if s.is_logging);
    let cov = t
        .selectors
        .known()
        .map(rampart_model::cloudtrail::EventSelectors::management_coverage);
    t.is_multi_region && logging && cov.is_some_and(|c| c.read && c.write)
}

/// A trail this account owns and may change, delivering somewhere, that records management
/// events of at least one kind.
fn extendable(t: &Trail, account: &str) -> bool {
    !t.is_organization_trail
        && rampart_model::arn::account(&t.arn) == Some(account)
        && t.s3_bucket.is_some()
        && t.selectors.known().is_some_and(|s| {
            let c = s.management_coverage();
            c.read || c.write
        })
}

fn state(t: &Trail) -> Value {
    json!({
        "multi_region": t.is_multi_region,
        "log_file_validation": t.log_file_validation,
        "logging": t.status.known().map(|s| s.is_logging),
        "kms_key_id": t.kms_key_id,
        "bucket": t.s3_bucket,
        "management_events": t.selectors.known().map(|s| {
            let c = s.management_coverage();
            match (c.read, c.write) { (true, true) => "All", (true, false) => "ReadOnly", (false, true) => "WriteOnly", _ => "None" }
        }),
    })
}

/// Plans trail actions (returned, to run after the buckets) and records which buckets trails
/// deliver to.
pub(crate) fn plan(cx: &mut Planning<'_>, needs: &mut Needs) -> Vec<Action> {
    let all = match &cx.snap.cloudtrail.trails {
        Observed::Known(t) => t,
        Observed::Unavailable(u) => {
            cx.unreadable("the trails", u);
            return Vec::new();
        }
    };
    let mut seen = HashSet::new();
    let trails: Vec<&Trail> = all.iter().filter(|t| seen.insert(t.arn.as_str())).collect();
    let settings = &cx.baseline.trail;
    let kms = cx.baseline.trail_key(cx.account, cx.region);
    // A key rampart creates lives in the collection Region; trails homed elsewhere cannot use it.
    let creating_key = settings.kms_key_id.is_none() && settings.create_kms_key;
    let key_reaches = |t: &Trail| !creating_key || t.home_region == cx.region;
    let ours = trails
        .iter()
        .find(|t| t.name == settings.name && t.home_region == cx.region);
    let covered = trails.iter().any(|t| covers_everything(t));
    // No trail of rampart's name and none covering every Region: extend a trail of this
    // account that already records management events, rather than adding a second one (a
    // second copy of management events in a Region is billed; the first is free).
    let promoted = match ours {
        None if !covered => trails.iter().find(|t| extendable(t, cx.account)),
        _ => None,
    };
    let ours = ours.or(promoted);
    let mut out = Vec::new();

    for t in &trails {
        if let Some(b) = &t.s3_bucket {
            needs.trail(b, &t.arn, false);
        }
    }
    for t in &trails {
        let is_ours = ours.is_some_and(|o| o.arn == t.arn);
        let needs_full = is_ours && !covered;
        let logging = matches!(&t.status, Observed::Known(s) if s.is_logging);
        let fix_validation = !t.log_file_validation;
        let fix_kms = kms.is_some() && t.kms_key_id.is_none() && key_reaches(t);
        let cov = t
            .selectors
            .known()
            .map(rampart_model::cloudtrail::EventSelectors::management_coverage);
        let fix_selectors = needs_full && !cov.is_some_and(|c| c.read && c.write);
        let fix_full = needs_full && (!t.is_multi_region || !logging || fix_selectors);
        if !(fix_validation || fix_kms || fix_full) {
            continue;
        }
        let Some(bucket) = t.s3_bucket.clone() else {
            continue;
        };
        let note = (promoted.is_some_and(|p| p.arn == t.arn) && fix_full).then(|| {
            "this trail is extended to every Region instead of adding a second trail, whose copy of management events would be billed".to_owned()
        });
        let mut after = state(t);
        after["log_file_validation"] = json!(true);
        if fix_kms {
            after["kms_key_id"] = json!(kms);
        }
        if fix_full {
            after["multi_region"] = json!(true);
            after["logging"] = json!(true);
            after["management_events"] = json!("All");
        }
        let mut resolves = vec![check_ids::TRAIL_LOG_VALIDATION_OFF];
        if fix_kms {
            resolves.push(check_ids::TRAIL_NOT_KMS_ENCRYPTED);
        }
        if fix_full {
            resolves.push(check_ids::NO_MULTI_REGION_TRAIL);
        }
        let mut action = Draft {
            kind: "trail",
            resource: t.arn.clone(),
            title: format!("trail `{}` ({})", t.name, t.home_region),
            op: Op::Update,
            resolves: &resolves,
            call: Call::EnsureTrail {
                name: t.name.clone(),
                region: t.home_region.clone(),
                bucket,
                create: false,
                multi_region: t.is_multi_region || fix_full,
                log_file_validation: true,
                kms_key_id: if fix_kms { kms.clone() } else { None },
                management_events: fix_selectors,
                start_logging: fix_full && !logging,
            },
            before: state(t),
            after,
        }
        .build();
        action.notes.extend(note);
        out.push(action);
    }
    if ours.is_none() && !covered {
        let bucket = cx.baseline.trail_bucket(cx.account, cx.region);
        let arn = format!(
            "arn:aws:cloudtrail:{}:{}:trail/{}",
            cx.region, cx.account, settings.name
        );
        needs.trail(&bucket, &arn, true);
        let mut resolves = vec![
            check_ids::NO_MULTI_REGION_TRAIL,
            check_ids::TRAIL_LOG_VALIDATION_OFF,
        ];
        if kms.is_some() {
            resolves.push(check_ids::TRAIL_NOT_KMS_ENCRYPTED);
        }
        out.push(
            Draft {
                kind: "trail",
                resource: arn,
                title: format!("trail `{}` ({})", settings.name, cx.region),
                op: Op::Create,
                resolves: &resolves,
                call: Call::EnsureTrail {
                    name: settings.name.clone(),
                    region: cx.region.to_owned(),
                    bucket: bucket.clone(),
                    create: true,
                    multi_region: true,
                    log_file_validation: true,
                    kms_key_id: kms.clone(),
                    management_events: true,
                    start_logging: true,
                },
                before: Value::Null,
                after: json!({"multi_region": true, "log_file_validation": true, "logging": true,
                    "kms_key_id": kms, "bucket": bucket, "management_events": "All"}),
            }
            .build(),
        );
    }
    let uses_key = out.iter().any(|a| {
        matches!(&a.call, Call::EnsureTrail { kms_key_id: Some(k), .. } if Some(k) == kms.as_ref())
    });
    if creating_key && uses_key {
        out.insert(
            0,
            Draft {
                kind: "kms-key",
                resource: format!("{}/{TRAIL_KEY_ALIAS}", cx.region),
                title: format!("KMS key `{TRAIL_KEY_ALIAS}` for trail logs ({})", cx.region),
                op: Op::Create,
                resolves: &[check_ids::TRAIL_NOT_KMS_ENCRYPTED],
                call: Call::EnsureTrailKey {
                    alias: TRAIL_KEY_ALIAS.to_owned(),
                    region: cx.region.to_owned(),
                    policy: documents::trail_key_policy(cx.account),
                },
                before: Value::Null,
                after: json!({"alias": TRAIL_KEY_ALIAS, "cloudtrail_may_encrypt": true,
                    "account_may_decrypt": true}),
            }
            .build(),
        );
        if let Some(key) = out.first_mut() {
            key.notes.push(
                "a customer managed key costs about 1 USD a month; reading the logs then needs kms:Decrypt on it".into(),
            );
        }
    }
    out
}
