//! What the differential tests share: a seeded generator and the node runner of
//! `@cloud-copilot/iam-simulate`, the independent evaluator they compare rampart with.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

use rampart_engines::policy::{NamedPolicy, PolicyDocument};
use serde_json::{json, Value};

/// SplitMix64: small, seeded, the same on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Evaluates cases (JSON objects: `principal`, `account`, `action`, `resource`, `context`,
/// `identity`, and optionally `boundary` and `scps`, a list of levels) with iam-simulate: one
/// verdict each, `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`.
pub fn simulate(cases: &[Value]) -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/differential");
    let fix = "run `npm ci --prefix crates/rampart-model/tests/differential` (needs node and npm)";
    assert!(
        std::path::Path::new(&format!("{dir}/node_modules/@cloud-copilot/iam-simulate")).exists(),
        "@cloud-copilot/iam-simulate is not installed: {fix}"
    );
    let mut child = Command::new("node")
        .arg(format!("{dir}/run.js"))
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start node ({e}): {fix}"));
    let input = serde_json::to_vec(cases).expect("cases serialise");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(&input)
        .expect("write cases to node");
    let out = child.wait_with_output().expect("node runs");
    assert!(
        out.status.success(),
        "the node runner failed: {}",
        out.status
    );
    serde_json::from_slice(&out.stdout).expect("the node runner prints a JSON array")
}

/// One value of the pool, or an array of up to `max` of them.
pub fn one_or_many(rng: &mut Rng, pool: &[&str], max: usize) -> Value {
    let n = 1 + rng.below(max);
    let items: Vec<Value> = (0..n).map(|_| json!(rng.pick(pool))).collect();
    if n == 1 && rng.chance(50) {
        items[0].clone()
    } else {
        Value::Array(items)
    }
}

/// Documents as a layer of a policy set.
pub fn named(docs: &[PolicyDocument]) -> Vec<NamedPolicy<'_>> {
    docs.iter()
        .map(|d| NamedPolicy {
            name: "p",
            document: d,
        })
        .collect()
}
