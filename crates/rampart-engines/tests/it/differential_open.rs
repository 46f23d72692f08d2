//! Differential test of rampart's answers in *open* request contexts — the form its questions
//! take ("is this allowed, whatever the request carries?") — against
//! `@cloud-copilot/iam-simulate`, which evaluates concrete requests.
//!
//! Each case is a set of policies conditioned on keys whose presence depends on the action
//! (`aws:TagKeys`, `aws:RequestTag/…`, `aws:ResourceTag/…`, a service's own keys), under every
//! set operator, `…IfExists` and `Null`, and an action that may or may not carry them according
//! to the Service Authorization Reference. rampart evaluates it once with every key open; the
//! simulator evaluates every completion of the request: a key the action never carries is
//! absent, a key it may carry is absent or takes each value of a pool that tells the policy's
//! values apart. When rampart decides, every completion must agree with it; when it leaves the
//! case undecided, the completions must in fact disagree (a few imprecise cases are counted and
//! bounded, because a three-valued answer cannot always see that two conditions cancel out).
//!
//! Needs node and `npm ci --prefix crates/rampart-model/tests/differential`; without them the
//! test fails and says so.

use crate::support::{named, one_or_many, simulate, Rng};
use rampart_engines::policy::catalog::catalog;
use rampart_engines::policy::{
    evaluate, Decision, PolicyDocument, PolicySet, RequestContext, RequestResource,
};
use serde_json::{json, Map, Value};

const CASES: usize = 1_500;
const ACCOUNT: &str = "111122223333";
const PRINCIPAL: &str = "arn:aws:iam::111122223333:role/deploy";

/// Actions and a resource each is requested on: some carry tag keys or service keys, some
/// cannot carry any.
const REQUESTS: &[(&str, &str)] = &[
    ("iam:ListUsers", "*"),
    ("iam:CreateUser", "arn:aws:iam::111122223333:user/bob"),
    ("iam:TagUser", "arn:aws:iam::111122223333:user/bob"),
    ("iam:GetUser", "arn:aws:iam::111122223333:user/bob"),
    ("iam:PassRole", "arn:aws:iam::111122223333:role/app"),
    ("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/bob"),
    ("s3:ListBucket", "arn:aws:s3:::bucket-a"),
    ("s3:GetObject", "arn:aws:s3:::bucket-a/reports/q1.csv"),
    ("s3:ListAllMyBuckets", "*"),
    (
        "ec2:RunInstances",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
    ),
    ("ec2:DescribeInstances", "*"),
    ("sts:GetSessionToken", "*"),
    ("organizations:LeaveOrganization", "*"),
];

const ACTION_PATTERNS: &[&str] = &[
    "*",
    "iam:*",
    "s3:*",
    "ec2:*",
    "iam:*User",
    "s3:List*",
    "sts:*",
];

/// Keys whose presence depends on the action: whether multivalued, values a policy tests, and
/// a value none of them matches. A request may carry each policy value literally (a `*` is a
/// character to `StringEquals`) and the other one.
const KEYS: &[(&str, bool, &[&str], &str)] = &[
    ("aws:TagKeys", true, &["team", "env", "t*"], "other"),
    ("aws:RequestTag/team", false, &["red", "r*"], "blue"),
    ("aws:ResourceTag/env", false, &["prod", "p*"], "dev"),
    (
        "iam:PassedToService",
        false,
        &["ec2.amazonaws.com", "*.amazonaws.com"],
        "lambda.amazonaws.com",
    ),
    ("s3:prefix", false, &["home/", "ho*"], "logs/"),
    (
        "iam:PermissionsBoundary",
        false,
        &["arn:aws:iam::111122223333:policy/b"],
        "arn:aws:iam::111122223333:policy/c",
    ),
];

type Key = (&'static str, bool, &'static [&'static str], &'static str);

fn condition(rng: &mut Rng) -> Value {
    let mut ops = Map::new();
    for _ in 0..1 + rng.below(2) {
        let (key, multi, values, _) = *rng.pick(KEYS);
        let op = if rng.chance(12) {
            "Null".to_owned()
        } else {
            let base = *rng.pick(&[
                "StringEquals",
                "StringNotEquals",
                "StringLike",
                "StringNotLike",
            ]);
            let prefix = if multi || rng.chance(10) {
                *rng.pick(&["ForAllValues:", "ForAnyValue:", ""])
            } else {
                ""
            };
            let suffix = if rng.chance(30) { "IfExists" } else { "" };
            format!("{prefix}{base}{suffix}")
        };
        let value = if op == "Null" {
            json!(rng.pick(&["true", "false"]))
        } else {
            one_or_many(rng, values, 2)
        };
        if let Value::Object(b) = ops.entry(op).or_insert_with(|| json!({})) {
            b.insert(key.to_owned(), value);
        }
    }
    Value::Object(ops)
}

fn policy(rng: &mut Rng) -> Value {
    let statements: Vec<Value> = (0..1 + rng.below(2))
        .map(|_| {
            let effect = if rng.chance(50) { "Deny" } else { "Allow" };
            let mut s = json!({"Effect": effect, "Action": one_or_many(rng, ACTION_PATTERNS, 2), "Resource": "*"});
            if effect == "Deny" || rng.chance(50) {
                s["Condition"] = condition(rng);
            }
            s
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn case(rng: &mut Rng) -> Value {
    let (action, resource) = *rng.pick(REQUESTS);
    // An administrator's grant beside the generated policies, as in the questions rampart asks.
    let mut identity = vec![json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]})];
    identity.extend((0..1 + rng.below(2)).map(|_| policy(rng)));
    json!({
        "principal": PRINCIPAL, "account": ACCOUNT, "action": action, "resource": resource,
        "context": {}, "identity": identity,
    })
}

/// The action-scoped keys a case's policies test.
fn keys_of(case: &Value) -> Vec<&'static Key> {
    let text = case["identity"].to_string();
    KEYS.iter()
        .filter(|(k, ..)| text.contains(&format!("\"{k}\"")))
        .collect()
}

/// Every concrete request the open case stands for.
fn completions(case: &Value) -> Vec<Value> {
    let action = case["action"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut out = vec![case.clone()];
    for (key, multi, values, other) in keys_of(case) {
        let carried = catalog().carries(&action, key) != Some(false);
        let mut options: Vec<Option<Value>> = vec![None];
        if carried {
            let each = values.iter().chain(std::iter::once(other));
            if *multi {
                options.push(Some(json!([])));
                options.extend(each.map(|v| Some(json!([v]))));
                options.push(Some(json!([values[0], other])));
                options.push(Some(json!(values)));
            } else {
                options.extend(each.map(|v| Some(json!(v))));
            }
        }
        out = out
            .into_iter()
            .flat_map(|c| {
                options.iter().map(move |o| {
                    let mut c = c.clone();
                    if let Some(v) = o {
                        c["context"][key] = v.clone();
                    }
                    c
                })
            })
            .collect();
    }
    out
}

fn rampart(case: &Value) -> &'static str {
    let docs: Vec<PolicyDocument> = case["identity"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| PolicyDocument::parse(&v.to_string()).expect("generated policy parses"))
        .collect();
    let set = PolicySet {
        identity: named(&docs),
        ..PolicySet::default()
    };
    let resource = case["resource"].as_str().unwrap_or_default();
    let ctx = RequestContext::open(
        case["action"].as_str().unwrap_or_default(),
        RequestResource::Arn(resource.to_owned()),
    );
    match evaluate(&set, &ctx).decision() {
        Some(Decision::Allowed) => "Allowed",
        Some(Decision::ExplicitDeny) => "ExplicitlyDenied",
        Some(Decision::ImplicitDeny) => "ImplicitlyDenied",
        None => "undecided",
    }
}

#[test]
fn open_answers_agree_with_every_completion() {
    let mut rng = Rng(0x0BE7_2026);
    let cases: Vec<Value> = (0..CASES)
        .map(|_| case(&mut rng))
        .filter(|c| !keys_of(c).is_empty())
        .collect();
    let expanded: Vec<Vec<Value>> = cases.iter().map(completions).collect();
    let flat: Vec<Value> = expanded.iter().flatten().cloned().collect();
    let verdicts = simulate(&flat);
    assert_eq!(verdicts.len(), flat.len());
    let mut theirs = verdicts.into_iter();
    let mut wrong = Vec::new();
    let (mut decided, mut undecided, mut imprecise, mut absent_decides) = (0, 0, 0, 0);
    for (c, comps) in cases.iter().zip(&expanded) {
        let got: Vec<String> = theirs.by_ref().take(comps.len()).collect();
        let ours = rampart(c);
        let agree = got.iter().all(|g| *g == got[0]);
        if ours == "undecided" {
            undecided += 1;
            imprecise += usize::from(agree);
            if agree && std::env::var_os("RAMPART_DIFF_SHOW").is_some() {
                eprintln!("IMPRECISE {} {c}", got[0]);
            }
        } else {
            decided += 1;
            if let Some(g) = got.iter().find(|g| *g != ours) {
                wrong.push(format!("rampart {ours}, a completion {g}: {c}"));
            }
            let action = c["action"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase();
            absent_decides += usize::from(
                keys_of(c)
                    .iter()
                    .any(|(k, ..)| catalog().carries(&action, k) == Some(false)),
            );
        }
    }
    eprintln!(
        "{} cases: {decided} decided ({absent_decides} with a key the action never carries), \
         {undecided} undecided ({imprecise} of them with agreeing completions)",
        cases.len()
    );
    assert!(
        wrong.is_empty(),
        "{} decided wrongly, first ones:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(5)].join("\n")
    );
    assert!(
        decided > cases.len() / 3
            && undecided > cases.len() / 20
            && absent_decides > cases.len() / 10,
        "the generator must exercise every outcome"
    );
    assert!(
        imprecise * 20 <= undecided,
        "{imprecise} of {undecided} undecided cases have one verdict in every completion"
    );
}
