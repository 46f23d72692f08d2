//! A saved plan is an approval: any edit of any one field is refused, or provably changes
//! nothing that `apply` does.

use serde_json::Value;

use super::*;

fn plan_of(example: &str) -> Plan {
    let path = format!(
        "{}/../../examples/{example}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("example snapshot");
    let snap = rampart_model::Snapshot::from_json(&text).expect("example parses");
    rampart_plan::plan(
        &rampart_plan::Baseline::default(),
        &snap,
        &PlanOptions::default(),
    )
}

/// Every leaf of `v`, as JSON pointers.
fn leaves(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(o) if !o.is_empty() => {
            for (k, x) in o {
                leaves(
                    x,
                    &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, &format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at.to_owned()),
    }
}

/// Changes a leaf to another value of its kind.
fn mutate(v: &mut Value) {
    *v = match v.take() {
        Value::String(s) => Value::String(format!("{s}x")),
        Value::Number(n) => Value::from(n.as_i64().map_or(1, |i| i + 1)),
        Value::Bool(b) => Value::Bool(!b),
        Value::Null => Value::String("x".into()),
        Value::Array(_) => serde_json::json!(["x"]),
        Value::Object(_) => serde_json::json!({"x": 1}),
    };
}

/// Fields that only describe the account as it was (findings, unreadable facts, the digest):
/// `apply` re-plans and applies the plan made now, so they change nothing it does.
const DESCRIPTIVE: &[&str] = &[
    "/snapshot_digest",
    "/unreadable",
    "/unreadable_manual",
    "/still_failing",
    "/undecided",
];

#[test]
fn any_single_field_edit_of_a_saved_plan_is_refused_or_changes_nothing() {
    for example in ["brand-new", "hardened"] {
        let now = plan_of(example);
        let json = serde_json::to_value(&now).expect("plan serialises");
        let mut paths = Vec::new();
        leaves(&json, "", &mut paths);
        let (mut refused, mut inert) = (0, 0);
        for p in &paths {
            let mut edited = json.clone();
            mutate(edited.pointer_mut(p).expect("a leaf"));
            let Ok(saved) = Plan::from_json(&edited.to_string()) else {
                refused += 1; // refused when the file is read
                continue;
            };
            let diff = differences(&saved, &now);
            if DESCRIPTIVE.iter().any(|d| p.starts_with(d)) {
                assert!(diff.is_empty(), "{p}: {diff:?}");
                inert += 1;
            } else {
                assert!(!diff.is_empty(), "{example}: editing {p} was not noticed");
                refused += 1;
            }
        }
        assert!(refused > 20, "{example}: {refused} edits refused");
        eprintln!(
            "{example}: {} fields, {refused} edits refused, {inert} descriptive",
            paths.len()
        );
    }
}

#[test]
fn a_duplicated_action_a_rewritten_manual_step_and_another_region_are_refused() {
    let now = plan_of("brand-new");
    let mut dup = now.clone();
    let first = dup.actions[0].clone();
    dup.actions.push(first);
    assert!(differences(&dup, &now).iter().any(|d| d.contains("twice")));
    let mut manual = now.clone();
    let step = manual
        .actions
        .iter_mut()
        .find(|a| a.op == rampart_plan::Op::Manual)
        .expect("a manual step");
    step.title.push_str(" (edited)");
    assert!(!differences(&manual, &now).is_empty());
    let mut region = now.clone();
    region.region = "mars-1".into();
    assert!(differences(&region, &now)
        .iter()
        .any(|d| d.contains("mars-1")));
    // A manual step done in between (absent now) is no reason to refuse.
    let mut done = now.clone();
    done.actions.retain(|a| a.op != rampart_plan::Op::Manual);
    assert!(differences(&now, &done).is_empty());
    // Order does not matter.
    let mut reordered = now.clone();
    reordered.actions.reverse();
    assert!(differences(&reordered, &now).is_empty());
}
