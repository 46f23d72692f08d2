//! Differential test of the EventBridge pattern engine against moto's, an independent
//! implementation, over thousands of generated (pattern, event) cases.
//!
//! moto 5.2 does not implement the `TestEventPattern` API (its handler raises
//! `NotImplementedError`), so `moto_patterns.py` calls the matcher moto's rule routing uses,
//! `moto.events.models.EventPattern`, with no server. The test fails — it does not skip —
//! when `python3` or moto is missing.
//!
//! The generator avoids, explicitly, only the places where moto departs from the EventBridge
//! user guide:
//! 1. Numbers. The guide ("Creating event patterns"): "For numbers, EventBridge uses string
//!    representation. For example, 300, 300.0, and 3.0e2 are not considered equal." moto
//!    compares with Python's `==`, where `300 == 300.0` and `True == 1`. So exact and
//!    `anything-but` numbers are integers other than 0 and 1, and event floats are never
//!    integral.
//! 2. Booleans under `numeric`. The guide: numeric matching "works with values that are JSON
//!    numbers"; moto tests `isinstance(val, (int, float))`, which Python's `bool` passes. No
//!    boolean event value meets a `numeric` filter.
//! 3. Arrays of objects. The guide ("Arrays") and EventBridge's engine (aws/event-ruler, "JSON
//!    Array Matching") match a nested pattern inside each element of an array of objects;
//!    moto's flattening stops at arrays. Events hold arrays of scalars only.
//! 4. Empty arrays and empty objects in events, whose `exists` moto decides by the key alone;
//!    the guide says exists matching "only works on leaf nodes". None are generated.
//! 5. Patterns the guide refuses and moto accepts (empty objects, `prefix` with a list,
//!    unknown filter names, which moto treats as matching everything) are not generated; the
//!    invalid patterns generated are ones both refuse.

use std::io::Write;
use std::process::{Command, Stdio};

use rampart_engines::event_pattern::EventPattern;
use serde_json::{json, Value};

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const STRINGS: [&str; 14] = [
    "",
    "alpha",
    "Alpha",
    "ALPHA",
    "beta",
    "alphabet",
    "al*pha",
    "10.0.0.5",
    "10.0.1.7",
    "192.168.4.1",
    "2001:db8::1",
    "x.png",
    "dir/lib/x.PNG",
    "us-east-1",
];
const INTS: [i64; 5] = [5, 42, 300, -7, 1000];
const FLOATS: [f64; 3] = [2.5, 301.8, -0.25];

fn scalar(rng: &mut Rng, allow_bool: bool) -> Value {
    match rng.below(if allow_bool { 10 } else { 9 }) {
        0..=4 => json!(rng.pick(&STRINGS)),
        5 | 6 => json!(rng.pick(&INTS)),
        7 => json!(rng.pick(&FLOATS)),
        8 => Value::Null,
        _ => json!(rng.chance(50)),
    }
}

/// A field value in an event: a scalar, an array of scalars, or an object.
fn event_value(rng: &mut Rng, allow_bool: bool) -> Value {
    match rng.below(10) {
        0..=6 => scalar(rng, allow_bool),
        7 | 8 => {
            let n = 1 + rng.below(3);
            Value::Array((0..n).map(|_| scalar(rng, allow_bool)).collect())
        }
        _ => json!({"k": scalar(rng, allow_bool)}),
    }
}

fn exact(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0..=2 => json!(rng.pick(&STRINGS)),
        3 => json!(rng.pick(&INTS)),
        4 => Value::Null,
        _ => json!(rng.chance(50)),
    }
}

/// One filter in a pattern's value list, and whether it is `numeric`.
fn matcher(rng: &mut Rng) -> (Value, bool) {
    let s = |rng: &mut Rng| json!(rng.pick(&["al", "Al", "pha", "PNG", ".png", "10.", "us-", ""]));
    let m = match rng.below(14) {
        0..=2 => exact(rng),
        3 => json!({"prefix": s(rng)}),
        4 => json!({"suffix": s(rng)}),
        5 => match rng.below(2) {
            0 => json!({"prefix": {"equals-ignore-case": s(rng)}}),
            _ => json!({"suffix": {"equals-ignore-case": s(rng)}}),
        },
        6 => json!({"equals-ignore-case": rng.pick(&["alpha", "BETA", "x.PNG", ""])}),
        7 => {
            json!({"wildcard": rng.pick(&["al*", "*pha", "a*a", "*lib*", "al\\*pha", "*", "x*png", "*.PNG"])})
        }
        8 => {
            let ranges = [
                json!([">", 0, "<=", 5]),
                json!(["<", 10]),
                json!(["=", 42]),
                json!([">=", 300]),
                json!([">", -10, "<", 0]),
                json!(["=", 301.8]),
                json!([">", 2, "<", 2.5]),
            ];
            return (json!({"numeric": rng.pick(&ranges)}), true);
        }
        9 => json!({"exists": rng.chance(50)}),
        10 => {
            json!({"cidr": rng.pick(&["10.0.0.0/24", "10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"])})
        }
        _ => {
            let forms = [
                json!("alpha"),
                json!(42),
                json!(["alpha", "beta"]),
                json!([5, 300]),
                json!({"prefix": "al"}),
                json!({"suffix": ".png"}),
                json!({"equals-ignore-case": "ALPHA"}),
                json!({"equals-ignore-case": ["alpha", "beta"]}),
                json!({"wildcard": "*lib*"}),
            ];
            json!({"anything-but": rng.pick(&forms)})
        }
    };
    (m, false)
}

const FIELDS: [&str; 3] = ["a", "b", "c"];

/// A pattern level over `FIELDS`, and which fields carry a `numeric` filter.
fn pattern_level(rng: &mut Rng, depth: u32, numeric: &mut Vec<String>, path: &str) -> Value {
    let mut obj = serde_json::Map::new();
    let n = 1 + rng.below(2);
    for _ in 0..n {
        let f = *rng.pick(&FIELDS);
        let here = format!("{path}{f}");
        if depth < 1 && rng.chance(20) {
            obj.insert(
                f.into(),
                json!({"k": list(rng, numeric, &format!("{here}.k"))}),
            );
        } else {
            obj.insert(f.into(), list(rng, numeric, &here));
        }
    }
    if depth < 1 && rng.chance(20) {
        let alts: Vec<Value> = (0..2)
            .map(|_| pattern_level(rng, depth + 1, numeric, path))
            .collect();
        obj.insert("$or".into(), Value::Array(alts));
    }
    Value::Object(obj)
}

fn list(rng: &mut Rng, numeric: &mut Vec<String>, path: &str) -> Value {
    let n = 1 + rng.below(2);
    let mut items = Vec::new();
    for _ in 0..n {
        let (m, is_numeric) = matcher(rng);
        if is_numeric {
            numeric.push(path.to_owned());
        }
        items.push(m);
    }
    Value::Array(items)
}

fn event(rng: &mut Rng, numeric: &[String]) -> Value {
    let mut detail = serde_json::Map::new();
    for f in FIELDS {
        if rng.chance(25) {
            continue;
        }
        let no_bool = numeric
            .iter()
            .any(|p| p == f || p.starts_with(&format!("{f}.")));
        let v = if rng.chance(15) {
            json!({"k": event_value(rng, !no_bool)})
        } else {
            event_value(rng, !no_bool)
        };
        // An object value must not carry a boolean where `a.k` is numeric either.
        let v = match v {
            Value::Object(m) if no_bool && m.values().any(Value::is_boolean) => json!({"k": 5}),
            v => v,
        };
        detail.insert(f.into(), v);
    }
    json!({"source": "aws.test", "detail": Value::Object(detail)})
}

fn cases(count: usize) -> Vec<(String, Value)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::with_capacity(count + 4);
    for _ in 0..count {
        let mut numeric = Vec::new();
        let detail = pattern_level(&mut rng, 0, &mut numeric, "");
        let pattern = json!({"detail": detail});
        let e = event(&mut rng, &numeric);
        out.push((pattern.to_string(), e));
    }
    for invalid in [
        r#"{"detail": "x"}"#,
        r#"{"detail": {"a": []}}"#,
        r#"{"detail": {"a": 5}}"#,
        "not json",
    ] {
        out.push((invalid.to_owned(), json!({"detail": {"a": "x"}})));
    }
    out
}

fn moto(cases: &[(String, Value)]) -> Vec<Value> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/moto_patterns.py");
    let input: Vec<Value> = cases
        .iter()
        .map(|(p, e)| json!({"pattern": p, "event": e}))
        .collect();
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("this test needs python3 with moto installed (`pip install moto`): cannot run python3: {e}")
        });
    // python3 exits early when moto is missing; its message says more than a broken pipe.
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(Value::Array(input).to_string().as_bytes());
    let out = child.wait_with_output().expect("python3 runs");
    assert!(
        out.status.success(),
        "this test needs python3 with moto installed (`pip install moto`); moto_patterns.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    written.expect("write cases to python3");
    let answer: Value = serde_json::from_slice(&out.stdout).expect("moto_patterns.py prints JSON");
    answer["results"].as_array().expect("results").clone()
}

#[test]
fn the_pattern_engine_agrees_with_moto() {
    let cases = cases(3000);
    let theirs = moto(&cases);
    assert_eq!(theirs.len(), cases.len());
    let mut disagreements = Vec::new();
    let mut matched = 0;
    for ((pattern, event), moto) in cases.iter().zip(&theirs) {
        let ours = match EventPattern::parse(pattern) {
            Ok(p) => json!(p.matches(event)),
            Err(_) => json!("invalid"),
        };
        if ours == json!(true) {
            matched += 1;
        }
        if &ours != moto {
            disagreements.push(format!(
                "pattern {pattern}\n  event {event}\n  rampart {ours}, moto {moto}"
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree; first ones:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements[..disagreements.len().min(10)].join("\n")
    );
    // The generator must exercise both outcomes, not just "no match".
    assert!(
        matched > cases.len() / 10 && matched < cases.len() * 9 / 10,
        "{matched} of {} cases match",
        cases.len()
    );
}
