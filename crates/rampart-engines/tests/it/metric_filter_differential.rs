//! Differential test of rampart's metric-filter engine (CloudWatch Logs filter patterns).
//!
//! No independent implementation runs offline, so the reference is a second, deliberately
//! naive evaluator written from the CloudWatch Logs guide alone, in another language and
//! style (`tests/metric_filter/reference.py`, standard-library Python; its docstring lists each
//! decision and the sentence it follows). Two tests:
//! - every example the guide prints (`tests/metric_filter/guide-examples.json`, with its
//!   sources): rampart must give the guide's answer, or refuse a pattern whose syntax it does
//!   not evaluate (regular expressions, `[*]` and `$.*` selectors, quoted keys) — never the
//!   wrong answer;
//! - 6,000 patterns and messages generated from the documented grammar (JSON selectors with
//!   every operator on strings, numbers, wildcards, `null`, booleans, arrays and missing
//!   fields, `&&`/`||` and parentheses; terms, phrases, exclusions and `?` terms): both
//!   evaluators must agree wherever both decide, and neither may decide where the other finds
//!   the pattern invalid.
//!
//! Needs `python3` (which the test kit's emulator needs too); without it the test fails.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::Rng;
use rampart_engines::metric_filter::{FilterError, FilterPattern};
use serde_json::{json, Value};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/metric_filter");

/// rampart's verdict in the reference's words.
fn rampart(pattern: &str, message: &str) -> &'static str {
    match FilterPattern::parse(pattern) {
        Ok(p) if p.matches(message) => "match",
        Ok(_) => "nomatch",
        Err(FilterError::Unsupported(_)) => "unsupported",
        Err(FilterError::Syntax(_)) => "invalid",
    }
}

fn reference(cases: &[Value]) -> Vec<String> {
    let mut child = Command::new("python3")
        .arg(format!("{DIR}/reference.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start python3 ({e}): the reference evaluator needs it"));
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(&serde_json::to_vec(cases).expect("cases serialise"))
        .expect("write cases");
    let out = child.wait_with_output().expect("python3 runs");
    assert!(out.status.success(), "the reference failed: {}", out.status);
    serde_json::from_slice(&out.stdout).expect("the reference prints a JSON array")
}

/// Syntax rampart leaves out on purpose: regular expressions, wildcard selectors and quoted
/// keys (`$.['cluster.name']`); a pattern with them is reported as not evaluated.
fn deliberately_unsupported(pattern: &str) -> bool {
    let mut outside = String::new();
    let mut quoted = false;
    for c in pattern.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            outside.push(c);
        }
    }
    outside.contains('%')
        || outside.contains("[*]")
        || outside.contains("$.*")
        || pattern.contains("['")
}

#[test]
fn every_example_of_the_guide() {
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{DIR}/guide-examples.json")).expect("examples file"),
    )
    .expect("examples parse");
    let examples = file["examples"].as_array().expect("examples");
    let mut wrong = Vec::new();
    let (mut decided, mut refused) = (0, 0);
    for e in examples {
        let (p, m) = (
            e["pattern"].as_str().unwrap_or_default(),
            e["message"].as_str().unwrap_or_default(),
        );
        let want = if e["matches"].as_bool() == Some(true) {
            "match"
        } else {
            "nomatch"
        };
        match rampart(p, m) {
            got if got == want => decided += 1,
            "unsupported" if deliberately_unsupported(p) => refused += 1,
            got => wrong.push(format!(
                "{p:?} on {m:?}: rampart {got}, the guide {want} ({})",
                e["section"]
            )),
        }
    }
    eprintln!("{} examples: {decided} as the guide says, {refused} refused (regex, wildcard selectors, quoted keys)", examples.len());
    assert!(examples.len() > 150 && decided > 100);
    assert!(
        wrong.is_empty(),
        "{} examples disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

const SELECTORS: &[&str] = &[
    "$.eventName",
    "$.userIdentity.type",
    "$.errorCode",
    "$.count",
    "$.ratio",
    "$.flag",
    "$.nothing",
    "$.list[0]",
    "$.list",
    "$.nested.deep.value",
    "$.missing",
];

const STRINGS: &[&str] = &[
    "CreateUser",
    "Root",
    "AccessDenied",
    "Create",
    "User",
    "404",
    "4.5",
    "-1",
    "",
];

fn value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0..=3 => json!(rng.pick(STRINGS)),
        4 | 5 => json!(rng.pick(&[0, 1, 404, -1, 75, 1000])),
        6 => json!(rng.pick(&[4.5, 0.001, 1e3])),
        7 => json!(rng.pick(&[true, false])),
        _ => Value::Null,
    }
}

fn record(rng: &mut Rng) -> Value {
    let mut r = json!({});
    for key in [
        "eventName",
        "errorCode",
        "count",
        "ratio",
        "flag",
        "nothing",
        "missing",
    ] {
        if rng.chance(75) {
            r[key] = value(rng);
        }
    }
    if rng.chance(80) {
        r["userIdentity"] = json!({"type": value(rng)});
    }
    if rng.chance(60) {
        r["list"] = json!([value(rng), value(rng)]);
    }
    if rng.chance(50) {
        r["nested"] = json!({"deep": {"value": value(rng)}});
    }
    r
}

fn operand(rng: &mut Rng) -> String {
    let base = match rng.below(4) {
        0 => (*rng.pick(&[
            "0", "1", "404", "-1", "75", "4.5", "1e3", "1000", "+1", "0.001",
        ]))
        .to_owned(),
        _ => (*rng.pick(STRINGS)).to_owned(),
    };
    let wild = match rng.below(8) {
        0 => format!("*{base}"),
        1 => format!("{base}*"),
        2 => format!("*{base}*"),
        3 => "*".to_owned(),
        _ => base,
    };
    if rng.chance(40) || wild.is_empty() {
        format!("\"{wild}\"")
    } else {
        wild
    }
}

fn test(rng: &mut Rng) -> String {
    let sel = *rng.pick(SELECTORS);
    match rng.below(10) {
        0 => format!("{sel} IS NULL"),
        1 => format!("{sel} NOT EXISTS"),
        2 => format!("{sel} IS TRUE"),
        3 => format!("{sel} IS FALSE"),
        _ => {
            let op = *rng.pick(&["=", "!=", "<", ">", "<=", ">="]);
            format!("{sel} {op} {}", operand(rng))
        }
    }
}

fn expr(rng: &mut Rng, depth: usize) -> String {
    if depth == 0 || rng.chance(45) {
        return test(rng);
    }
    let op = if rng.chance(50) { "&&" } else { "||" };
    let (a, b) = (expr(rng, depth - 1), expr(rng, depth - 1));
    if rng.chance(40) {
        format!("({a}) {op} {b}")
    } else {
        format!("{a} {op} {b}")
    }
}

const WORDS: &[&str] = &[
    "ERROR",
    "WARN",
    "Exception",
    "REQUEST",
    "error",
    "404",
    "user_1",
];

fn terms(rng: &mut Rng) -> (String, String) {
    let n = 1 + rng.below(3);
    let mark = rng.below(3);
    let pattern: Vec<String> = (0..n)
        .map(|_| {
            let t = if rng.chance(25) {
                format!("\"{} {}\"", rng.pick(WORDS), rng.pick(WORDS))
            } else {
                (*rng.pick(WORDS)).to_owned()
            };
            match (mark, rng.below(3)) {
                (1, 0) => format!("-{t}"),
                (2, _) => format!("?{t}"),
                _ => t,
            }
        })
        .collect();
    let message: Vec<&str> = (0..2 + rng.below(4)).map(|_| *rng.pick(WORDS)).collect();
    (pattern.join(" "), message.join(" "))
}

#[test]
fn rampart_agrees_with_the_reference_on_generated_patterns() {
    let mut rng = Rng(0xF11E_2026);
    let cases: Vec<Value> = (0..6_000)
        .map(|_| {
            if rng.chance(75) {
                let message = if rng.chance(5) {
                    "not json".to_owned()
                } else {
                    record(&mut rng).to_string()
                };
                json!({"pattern": format!("{{ {} }}", expr(&mut rng, 3)), "message": message})
            } else {
                let (pattern, message) = terms(&mut rng);
                json!({"pattern": pattern, "message": message})
            }
        })
        .collect();
    let theirs = reference(&cases);
    assert_eq!(theirs.len(), cases.len());
    let mut tally = std::collections::BTreeMap::<String, usize>::new();
    let mut wrong = Vec::new();
    for (c, t) in cases.iter().zip(&theirs) {
        let (p, m) = (
            c["pattern"].as_str().unwrap_or_default(),
            c["message"].as_str().unwrap_or_default(),
        );
        let ours = rampart(p, m);
        *tally.entry(format!("{ours}/{t}")).or_default() += 1;
        let both_decide =
            matches!(ours, "match" | "nomatch") && matches!(t.as_str(), "match" | "nomatch");
        let ours_on_invalid = matches!(ours, "match" | "nomatch") && t == "invalid";
        if (both_decide && ours != t) || ours_on_invalid {
            wrong.push(format!("{p:?} on {m}: rampart {ours}, reference {t}"));
        }
    }
    eprintln!("rampart/reference: {tally:?}");
    let decided = tally.get("match/match").copied().unwrap_or(0);
    let missed = tally.get("nomatch/nomatch").copied().unwrap_or(0);
    assert!(
        decided > 600 && missed > 600,
        "the generator must exercise both outcomes: {tally:?}"
    );
    assert!(
        wrong.is_empty(),
        "{} disagreements, first ones:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(8)].join("\n")
    );
}
