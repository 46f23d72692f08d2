//! A plan never loses an action silently: for every fact of the example accounts, made
//! unreadable one at a time, the plan either keeps every action the healthy plan has or says
//! what it could not plan — and then it is never "No changes".

use std::collections::BTreeSet;

use rampart_model::Snapshot;
use serde_json::{json, Value};

use crate::{plan, render, Baseline, Plan, PlanOptions};

const EXAMPLES: [(&str, &str); 3] = [
    (
        "brand-new",
        include_str!("../../../../examples/brand-new.json"),
    ),
    (
        "inherited",
        include_str!("../../../../examples/inherited.json"),
    ),
    (
        "hardened",
        include_str!("../../../../examples/hardened.json"),
    ),
];

/// JSON pointers of every `{"known": …}` fact in the snapshot.
fn facts(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if m.len() == 1 && m.contains_key("known") {
                out.push(path.clone());
            }
            for (k, child) in m {
                facts(
                    child,
                    format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                facts(child, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn keys(p: &Plan) -> BTreeSet<(String, String)> {
    p.actions
        .iter()
        .map(|a| (a.kind.clone(), a.resource.clone()))
        .collect()
}

#[test]
fn any_single_unreadable_fact_is_named_when_it_costs_an_action() {
    let unavailable = json!({"unavailable": {
        "kind": "access_denied",
        "action": "test:Read",
        "message": "denied for the test"
    }});
    let mut checked = 0;
    let mut silent = Vec::new();
    for (name, text) in EXAMPLES {
        let value: Value = serde_json::from_str(text).expect("example is JSON");
        let healthy_snap = Snapshot::from_json(text).expect("example parses");
        let opts = PlanOptions::default();
        let healthy = keys(&plan(&Baseline::default(), &healthy_snap, &opts));
        let mut pointers = Vec::new();
        facts(&value, String::new(), &mut pointers);
        assert!(
            pointers.len() > 10,
            "{name}: found only {} facts",
            pointers.len()
        );
        for pointer in pointers {
            let mut broken = value.clone();
            *broken.pointer_mut(&pointer).expect("pointer exists") = unavailable.clone();
            let Ok(snap) = serde_json::from_value::<Snapshot>(broken) else {
                continue; // a fact nested in another one's value that no longer parses
            };
            let p = plan(&Baseline::default(), &snap, &opts);
            let now = keys(&p);
            let lost: Vec<_> = healthy.difference(&now).collect();
            let manual_only = lost.iter().all(|(kind, _)| kind == "manual");
            let named = !p.is_complete() || (manual_only && !p.unreadable_manual.is_empty());
            if !lost.is_empty() && !named {
                silent.push(format!(
                    "{name}: with {pointer} unreadable the plan lost {lost:?}"
                ));
            }
            if !p.is_complete() {
                let text = render::text(&p);
                assert!(!text.starts_with("No changes"), "{name} {pointer}: {text}");
                assert!(
                    text.contains("Could not plan ("),
                    "{name} {pointer}: {text}"
                );
            }
            checked += 1;
        }
    }
    assert!(
        silent.is_empty(),
        "actions lost without a word:\n{}",
        silent.join("\n")
    );
    assert!(checked > 30, "only {checked} cases checked");
}
