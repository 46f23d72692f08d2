//! The plan as text, after OpenTofu: a legend, each action with what changes, then a count.
//! Manual steps come last, numbered, with the console page to open; they are listed every
//! time and never counted as pending changes.

use serde_json::Value;

use crate::action::{Action, Call, Op, Plan, Risk};

pub const NO_CHANGES: &str = "No changes. The account matches the baseline.";

/// When the planner could not read a fact some actions depend on: the plan may lack them.
pub const INCOMPLETE: &str =
    "Could not plan everything: rampart could not read facts that some changes depend on (see \"Could not plan\" below).";

/// When nothing is left for rampart to change but manual steps or failing checks remain.
pub const NO_CHANGES_BUT_MANUAL: &str =
    "No changes. What rampart can change matches the baseline; what is left needs a person (below).";

/// What the symbols before each action mean, and what each kind of action needs from the user.
pub const LEGEND: &str =
    "Legend: + create  ~ update  - delete (only with its flag)  ! manual step (a person does it)";

fn symbol(op: Op) -> char {
    match op {
        Op::Create => '+',
        Op::Update => '~',
        Op::Delete => '-',
        Op::Manual => '!',
    }
}

/// `key: before -> after` lines for every leaf that differs (all of `after` for a creation).
fn diff(before: &Value, after: &Value, path: &str, out: &mut Vec<String>) {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, av) in a {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                diff(b.get(k).unwrap_or(&Value::Null), av, &p, out);
            }
        }
        (Value::Null, Value::Object(a)) => {
            for (k, av) in a {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                diff(&Value::Null, av, &p, out);
            }
        }
        (b, a) if b != a => {
            let show = |v: &Value| match v {
                Value::Null => "(none)".to_owned(),
                other => other.to_string(),
            };
            out.push(format!("{path}: {} -> {}", show(b), show(a)));
        }
        _ => {}
    }
}

fn action_text(a: &Action, out: &mut String) {
    out.push_str(&format!("  {} {}\n", symbol(a.op), a.title));
    if a.risk == Risk::NeedsConfirmation {
        out.push_str("      needs confirmation: planned only because its flag was given\n");
    }
    if !a.resolves.is_empty() {
        out.push_str(&format!("      resolves {}\n", a.resolves.join(", ")));
    }
    let mut lines = Vec::new();
    diff(&a.before, &a.after, "", &mut lines);
    for l in lines {
        out.push_str(&format!("      {l}\n"));
    }
    if let Call::EnsureBucket { statements, .. } = &a.call {
        for s in statements {
            out.push_str(&format!(
                "      policy: add statement {}\n",
                s.sid.as_deref().unwrap_or("(no Sid)")
            ));
        }
    }
    for n in &a.notes {
        out.push_str(&format!("      note: {n}\n"));
    }
}

/// A heading and one `? fact: why` line per unreadable fact; nothing when there is none.
fn unreadable_section(out: &mut String, heading: &str, facts: &[String]) {
    if facts.is_empty() {
        return;
    }
    out.push_str(&format!("\n{heading}:\n"));
    for u in facts {
        out.push_str(&format!("  ? {u}\n"));
    }
}

/// The whole plan as text.
pub fn text(plan: &Plan) -> String {
    let mut out = String::new();
    let changes: Vec<&Action> = plan.changes().collect();
    let manual: Vec<&Action> = plan.actions.iter().filter(|a| a.op == Op::Manual).collect();
    if changes.is_empty() {
        out.push_str(if !plan.is_complete() {
            INCOMPLETE
        } else if manual.is_empty() && plan.still_failing.is_empty() && plan.undecided.is_empty() {
            NO_CHANGES
        } else {
            NO_CHANGES_BUT_MANUAL
        });
        out.push('\n');
    } else {
        out.push_str(&format!(
            "Account {} ({}): rampart will make these changes.\n\n",
            plan.account_id, plan.region
        ));
        out.push_str(LEGEND);
        out.push_str("\n\n");
        for a in &changes {
            action_text(a, &mut out);
            out.push('\n');
        }
    }
    if !manual.is_empty() {
        out.push_str("\nManual steps (rampart cannot do these):\n");
        let mut n = 0;
        for a in &manual {
            out.push_str(&format!("  ! {}\n", a.title));
            if let Call::Manual { steps, page } = &a.call {
                for s in steps {
                    n += 1;
                    out.push_str(&format!("      {n}. {s}\n"));
                }
                out.push_str(&format!("      page: {page}\n"));
            }
        }
    }
    if !plan.still_failing.is_empty() {
        out.push_str(
            "\nStill failing, and not addressed above (`rampart explain ID` says how to fix):\n",
        );
        for f in &plan.still_failing {
            let n = if f.findings == 1 {
                "1 finding".to_owned()
            } else {
                format!("{} findings", f.findings)
            };
            out.push_str(&format!("  {}  {} ({n})\n", f.check, f.title));
        }
    }
    if !plan.undecided.is_empty() {
        out.push_str(
            "\nNot decided, because a fact could not be read (`rampart audit` names it):\n",
        );
        for f in &plan.undecided {
            out.push_str(&format!("  {}  {}\n", f.check, f.title));
        }
    }
    unreadable_section(
        &mut out,
        "Could not check (a manual step may be missing)",
        &plan.unreadable_manual,
    );
    unreadable_section(
        &mut out,
        "Could not plan (these parts may need changes that are not shown)",
        &plan.unreadable,
    );
    if !changes.is_empty() {
        let deletes = plan.count(Op::Delete);
        let delete_text = if deletes > 0 {
            format!("{deletes} to delete, ")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "\nPlan: {} to create, {} to change, {delete_text}{} manual{}.\n",
            plan.count(Op::Create),
            plan.count(Op::Update),
            plan.count(Op::Manual),
            match plan.unreadable.len() {
                0 => String::new(),
                n => format!(", {n} could not be planned"),
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_that_needs_its_flag_says_so() {
        let mut snap =
            rampart_model::Snapshot::from_json(include_str!("../../../examples/brand-new.json"))
                .expect("example loads");
        snap.caller.is_root = true;
        let opts = crate::PlanOptions {
            delete_root_access_keys: true,
            ..crate::PlanOptions::default()
        };
        let with_flag = text(&crate::plan(&crate::Baseline::default(), &snap, &opts));
        assert!(
            with_flag.contains("  - root user access keys\n      needs confirmation: planned only because its flag was given\n"),
            "{with_flag}"
        );
        let without = text(&crate::plan(
            &crate::Baseline::default(),
            &snap,
            &crate::PlanOptions::default(),
        ));
        assert!(!without.contains("needs confirmation"), "{without}");
    }

    #[test]
    fn diff_lists_changed_leaves_only() {
        let mut out = Vec::new();
        diff(
            &json!({"a": 1, "b": {"c": true}}),
            &json!({"a": 1, "b": {"c": false}, "d": "x"}),
            "",
            &mut out,
        );
        assert_eq!(out, ["b.c: true -> false", "d: (none) -> \"x\""]);
    }
}
