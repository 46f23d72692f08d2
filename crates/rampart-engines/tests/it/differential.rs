//! Differential test of rampart's policy engine against `@cloud-copilot/iam-simulate`, an
//! independent implementation of AWS's evaluation logic (npm; pinned in
//! `tests/differential/package-lock.json`).
//!
//! 12,000 random cases — policies with wildcards, `NotAction`/`NotResource`, conditions over
//! every operator family with `IfExists` and set prefixes, absent keys, several policies, deny
//! and allow, permission boundaries on users and roles, and levels of service control policies
//! that restrict Regions (`aws:RequestedRegion`) the ways SCPs do — generated from a fixed seed, evaluated by both in one
//! node process. Every disagreement fails the test, except the deliberate deviations listed in
//! [`deviation`], each citing the AWS documentation.
//!
//! Needs node and `npm ci --prefix crates/rampart-model/tests/differential`; without them the
//! test fails and says so.

use crate::support::{named, one_or_many, simulate, Rng};
use rampart_engines::policy::{
    evaluate, Decision, PolicyDocument, PolicySet, RequestContext, RequestResource,
};
use serde_json::{json, Map, Value};

const CASES: usize = 12_000;
const ACCOUNT: &str = "111122223333";
/// The principals a case is requested by: a user, and a role (whose permissions boundary and
/// SCPs are evaluated the same way).
const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:role/deploy",
];

/// Region lists SCPs condition on, with wildcards, as Region-restricting SCPs write them.
const REGION_VALUES: &[&str] = &["us-east-1", "eu-west-1", "eu-*", "us-*-1", "ap-southeast-2"];

/// Actions SCPs exempt from a Region restriction (global services), as AWS's example does.
const GLOBAL_ACTIONS: &[&str] = &["iam:*", "sts:*", "organizations:*", "s3:Get*"];

/// Actions and a resource each is requested on.
const REQUESTS: &[(&str, &str)] = &[
    ("s3:GetObject", "arn:aws:s3:::bucket-a/reports/q1.csv"),
    ("s3:PutObject", "arn:aws:s3:::bucket-b/alice/notes.txt"),
    ("s3:ListBucket", "arn:aws:s3:::bucket-a"),
    ("iam:GetUser", "arn:aws:iam::111122223333:user/alice"),
    ("iam:CreateUser", "arn:aws:iam::111122223333:user/bob"),
    (
        "iam:EnableMFADevice",
        "arn:aws:iam::111122223333:user/alice",
    ),
    (
        "ec2:StartInstances",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
    ),
    (
        "dynamodb:GetItem",
        "arn:aws:dynamodb:us-east-1:111122223333:table/Orders",
    ),
    ("sns:Publish", "arn:aws:sns:eu-west-1:111122223333:alerts"),
    (
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111122223333:queue-1",
    ),
];

const ACTION_PATTERNS: &[&str] = &[
    "*",
    "s3:*",
    "s3:Get*",
    "S3:getobject",
    "s3:*Object",
    "iam:*",
    "iam:*User",
    "iam:Get?ser",
    "ec2:*",
    "dynamodb:Get*",
    "sns:*",
    "SNS:Pub?ish",
    "sqs:Send*",
    "*:Get*",
    "s?:*",
    "iam:EnableMFADevice",
    "ec2:Start*",
    "sts:GetSessionToken",
];

const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket-a/*",
    "arn:aws:s3:::bucket-?",
    "arn:aws:s3:::Bucket-a/*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::bucket-b/${aws:username}/*",
    "arn:aws:iam::111122223333:user/${aws:username}",
    "arn:aws:iam::*:user/*",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:dynamodb:us-east-1:111122223333:table/Ord*",
    "arn:aws:sns:*:111122223333:*",
    "arn:aws:sqs:us-east-1:111122223333:queue-?",
    "arn:aws:*:us-east-1:*:*",
];

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Ip,
    Bool,
    Num,
    Date,
    Arn,
    Multi,
}

/// Context keys, their type, values a request may carry and values a policy may test.
const KEYS: &[(&str, Kind, &[&str], &[&str])] = &[
    (
        "aws:username",
        Kind::Str,
        &["alice"],
        &["alice", "bob", "Alice", "al*", "${aws:username}"],
    ),
    (
        "aws:PrincipalTag/team",
        Kind::Str,
        &["red", "Blue", "green-1"],
        &["red", "blue", "gr*", "*"],
    ),
    (
        "aws:RequestedRegion",
        Kind::Str,
        &["us-east-1", "eu-west-1"],
        &["us-east-1", "eu-*", "us-?ast-1"],
    ),
    (
        "aws:SourceIp",
        Kind::Ip,
        &["203.0.113.7", "10.1.2.3", "2001:db8::1"],
        &[
            "203.0.113.0/24",
            "10.0.0.0/8",
            "2001:db8::/32",
            "10.1.2.3",
            "0.0.0.0/0",
        ],
    ),
    (
        "aws:MultiFactorAuthPresent",
        Kind::Bool,
        &["true", "false"],
        &["true", "false"],
    ),
    (
        "aws:SecureTransport",
        Kind::Bool,
        &["true", "false"],
        &["true", "false"],
    ),
    (
        "aws:MultiFactorAuthAge",
        Kind::Num,
        &["30", "3600", "86400"],
        &["60", "3600", "7200.5"],
    ),
    (
        "aws:EpochTime",
        Kind::Num,
        &["1700000000", "1800000000"],
        &["1750000000"],
    ),
    (
        "aws:CurrentTime",
        Kind::Date,
        &["2026-03-01T12:00:00Z", "2024-01-01T00:00:00Z"],
        &[
            "2025-01-01T00:00:00Z",
            "2026-03-01T12:00:00Z",
            "2027-06-30",
            "1772366400",
        ],
    ),
    (
        "aws:SourceArn",
        Kind::Arn,
        &[
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
            "arn:aws:sns:eu-west-1:444455556666:topic",
        ],
        &[
            "arn:aws:cloudtrail:*:111122223333:trail/*",
            "arn:aws:sns:*:*:*",
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
        ],
    ),
    (
        "aws:TagKeys",
        Kind::Multi,
        &["team", "env", "cost"],
        &["team", "env", "owner", "t*"],
    ),
];

fn operators(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Str => &[
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "StringNotLike",
        ],
        Kind::Ip => &["IpAddress", "NotIpAddress"],
        Kind::Bool => &["Bool"],
        Kind::Num => &[
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
        ],
        Kind::Date => &[
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
        ],
        Kind::Arn => &["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"],
        Kind::Multi => &[
            "StringEquals",
            "StringLike",
            "StringNotEquals",
            "StringNotLike",
        ],
    }
}

fn condition(rng: &mut Rng) -> Value {
    let mut ops = Map::new();
    for _ in 0..1 + rng.below(2) {
        let (key, kind, _, values) = *rng.pick(KEYS);
        let op = if rng.chance(12) {
            "Null".to_owned()
        } else {
            let base = *rng.pick(operators(kind));
            let prefix = match kind {
                Kind::Multi => *rng.pick(&["ForAnyValue:", "ForAllValues:", ""]),
                _ if rng.chance(8) => *rng.pick(&["ForAnyValue:", "ForAllValues:"]),
                _ => "",
            };
            let suffix = if rng.chance(30) { "IfExists" } else { "" };
            format!("{prefix}{base}{suffix}")
        };
        let value = if op == "Null" {
            json!(rng.pick(&["true", "false"]))
        } else {
            one_or_many(rng, values, 2)
        };
        let block = ops.entry(op).or_insert_with(|| json!({}));
        if let Value::Object(b) = block {
            b.insert(key.to_owned(), value);
        }
    }
    Value::Object(ops)
}

fn statement(rng: &mut Rng) -> Value {
    let mut s = Map::new();
    if rng.chance(30) {
        s.insert("Sid".into(), json!(format!("S{}", rng.below(100))));
    }
    let effect = if rng.chance(35) { "Deny" } else { "Allow" };
    s.insert("Effect".into(), json!(effect));
    let actions = one_or_many(rng, ACTION_PATTERNS, 3);
    s.insert(
        if rng.chance(20) {
            "NotAction"
        } else {
            "Action"
        }
        .into(),
        actions,
    );
    let resources = one_or_many(rng, RESOURCE_PATTERNS, 2);
    s.insert(
        if rng.chance(15) {
            "NotResource"
        } else {
            "Resource"
        }
        .into(),
        resources,
    );
    if rng.chance(55) {
        s.insert("Condition".into(), condition(rng));
    }
    Value::Object(s)
}

fn policy(rng: &mut Rng) -> Value {
    let statements: Vec<Value> = (0..1 + rng.below(3)).map(|_| statement(rng)).collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn request_context(rng: &mut Rng) -> Map<String, Value> {
    let mut ctx = Map::new();
    for (key, kind, values, _) in KEYS {
        if !rng.chance(60) {
            continue;
        }
        let v = match kind {
            Kind::Multi => {
                let n = rng.below(3) + 1;
                Value::Array((0..n).map(|_| json!(rng.pick(values))).collect())
            }
            _ => json!(rng.pick(values)),
        };
        ctx.insert((*key).to_owned(), v);
    }
    ctx
}

/// A Region-restricting statement of an SCP: deny outside (or inside) some Regions, with or
/// without exempting global actions and a principal.
fn region_statement(rng: &mut Rng) -> Value {
    let op = *rng.pick(&[
        "StringNotEquals",
        "StringNotLike",
        "StringEquals",
        "StringLike",
        "StringNotEqualsIfExists",
    ]);
    let mut condition =
        json!({ op: { "aws:RequestedRegion": one_or_many(rng, REGION_VALUES, 3) } });
    if rng.chance(30) {
        condition["ArnNotLike"] = json!({"aws:PrincipalArn": rng.pick(&[
            "arn:aws:iam::*:role/deploy",
            "arn:aws:iam::111122223333:user/*",
        ])});
    }
    let mut s = json!({"Effect": "Deny", "Resource": "*", "Condition": condition});
    if rng.chance(50) {
        s["NotAction"] = one_or_many(rng, GLOBAL_ACTIONS, 3);
    } else {
        s["Action"] = one_or_many(rng, ACTION_PATTERNS, 2);
    }
    s
}

/// One level of SCPs: usually `FullAWSAccess` beside a Region restriction, sometimes an
/// allow list or a random policy.
fn scp_level(rng: &mut Rng) -> Vec<Value> {
    let full_access = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let mut level = Vec::new();
    match rng.below(10) {
        0..=5 => level.push(full_access),
        6 | 7 => {
            level.push(json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": one_or_many(rng, ACTION_PATTERNS, 3), "Resource": "*"}]}));
        }
        _ => level.push(policy(rng)),
    }
    if rng.chance(70) {
        let statements: Vec<Value> = (0..1 + rng.below(2))
            .map(|_| region_statement(rng))
            .collect();
        level.push(json!({"Version": "2012-10-17", "Statement": statements}));
    }
    level
}

fn case(rng: &mut Rng) -> Value {
    let (action, resource) = *rng.pick(REQUESTS);
    let principal = *rng.pick(PRINCIPALS);
    let identity: Vec<Value> = (0..1 + rng.below(3)).map(|_| policy(rng)).collect();
    let boundary = rng.chance(20).then(|| vec![policy(rng)]);
    let scps: Vec<Vec<Value>> = if rng.chance(20) {
        (0..1 + rng.below(3)).map(|_| scp_level(rng)).collect()
    } else {
        Vec::new()
    };
    json!({
        "principal": principal, "account": ACCOUNT, "action": action, "resource": resource,
        "context": request_context(rng), "identity": identity, "boundary": boundary,
        "scps": scps,
    })
}

fn rampart(case: &Value) -> &'static str {
    let parse = |v: &Value| PolicyDocument::parse(&v.to_string()).expect("generated policy parses");
    let identity: Vec<PolicyDocument> = case["identity"]
        .as_array()
        .into_iter()
        .flatten()
        .map(parse)
        .collect();
    let boundary: Option<Vec<PolicyDocument>> = case["boundary"]
        .as_array()
        .map(|b| b.iter().map(parse).collect());
    let scps: Vec<Vec<PolicyDocument>> = case["scps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|level| level.as_array().into_iter().flatten().map(parse).collect())
        .collect();
    let set = PolicySet {
        identity: named(&identity),
        boundary: boundary.as_deref().map(named),
        scps: scps.iter().map(|level| named(level)).collect(),
    };
    let mut ctx = RequestContext::new(
        case["action"].as_str().unwrap_or_default(),
        RequestResource::Arn(case["resource"].as_str().unwrap_or_default().to_owned()),
    );
    for (k, v) in case["context"].as_object().into_iter().flatten() {
        ctx = match v {
            Value::Array(a) => ctx.with_multi(
                k,
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect(),
            ),
            other => ctx.with(k, other.as_str().unwrap_or_default()),
        };
    }
    match evaluate(&set, &ctx).decision() {
        Some(Decision::Allowed) => "Allowed",
        Some(Decision::ExplicitDeny) => "ExplicitlyDenied",
        Some(Decision::ImplicitDeny) => "ImplicitlyDenied",
        None => "undecided",
    }
}

/// Cases where rampart follows AWS's documentation and iam-simulate does not; `None` when
/// the case is not one of them. Each is confirmed by rewriting the case into an equivalent
/// one iam-simulate reads as AWS documents it, and checking that iam-simulate then agrees.
fn deviation(case: &Value) -> Option<(String, Value)> {
    let mut reasons = Vec::new();
    let mut rewritten = case.clone();
    // `0.0.0.0/0` is the CIDR block of every IPv4 address (RFC 4632, which the IAM guide's
    // IP address operators follow); iam-simulate matches nothing with it. Its two halves are
    // the same block.
    if rewritten.to_string().contains("\"0.0.0.0/0\"") {
        split_slash_zero(&mut rewritten);
        reasons.push("0.0.0.0/0 is every IPv4 address");
    }
    // A `NotResource` pattern whose variable names a key absent from the request matches no
    // resource ("If AWS cannot resolve a variable, this might cause the entire statement to
    // be invalid", IAM guide, policy variables). rampart counts the resource as outside the
    // pattern when no value of the variable could make it match (`bucket-b/${aws:username}/*`
    // against an object of `bucket-a`); iam-simulate only does so when the resource is of
    // another type. The rewrite spells the variable as a value that matches nothing.
    if case["context"].get("aws:username").is_none()
        && rewritten.to_string().contains("${aws:username}")
    {
        fix_not_resource_variables(&mut rewritten);
        reasons.push("an unresolvable variable in NotResource");
    }
    // Date operators take "one of the W3C implementations of the ISO 8601 date formats or
    // epoch (UNIX) time" (IAM guide, date condition operators); iam-simulate compares only
    // like with like. `1772366400` is the instant `2026-03-01T12:00:00Z`.
    if rewritten.to_string().contains("\"1772366400\"") {
        let text = rewritten
            .to_string()
            .replace("\"1772366400\"", "\"2026-03-01T12:00:00Z\"");
        rewritten = serde_json::from_str(&text).expect("rewritten case parses");
        reasons.push("epoch seconds are a date");
    }
    // A single address in an IP condition is the block of that one address (IAM guide, IP
    // address condition operators); iam-simulate does not compare a single IPv4 address with
    // an IPv6 request (and the reverse) under NotIpAddress, as it does for a block.
    if rewritten.to_string().contains("NotIpAddress") && add_prefix_lengths(&mut rewritten) {
        reasons.push("a single address is a /32 or /128 block");
    }
    (!reasons.is_empty()).then(|| (reasons.join(", "), rewritten))
}

/// Spells `${aws:username}` in every `NotResource` of the case (identity, boundary and SCP
/// policies) as a user name that matches nothing.
fn fix_not_resource_variables(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k == "NotResource" {
                    let fixed = x.to_string().replace("${aws:username}", "no-such-user");
                    *x = serde_json::from_str(&fixed).expect("rewritten NotResource parses");
                } else {
                    fix_not_resource_variables(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(fix_not_resource_variables),
        _ => {}
    }
}

/// Writes every single address under an IP operator as a block (`/32`, `/128`).
fn add_prefix_lengths(v: &mut Value) -> bool {
    let mut changed = false;
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k.contains("IpAddress") {
                    let fix = |s: &mut Value| {
                        if let Some(t) = s.as_str().filter(|t| !t.contains('/')) {
                            let len = if t.contains(':') { 128 } else { 32 };
                            *s = json!(format!("{t}/{len}"));
                            return true;
                        }
                        false
                    };
                    if let Value::Object(keys) = x {
                        for val in keys.values_mut() {
                            match val {
                                Value::Array(a) => a.iter_mut().for_each(|s| changed |= fix(s)),
                                s => changed |= fix(s),
                            }
                        }
                    }
                } else {
                    changed |= add_prefix_lengths(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| changed |= add_prefix_lengths(x)),
        _ => {}
    }
    changed
}

/// Replaces each `0.0.0.0/0` by its two halves, `0.0.0.0/1` and `128.0.0.0/1`.
fn split_slash_zero(v: &mut Value) {
    let halves = || vec![json!("0.0.0.0/1"), json!("128.0.0.0/1")];
    match v {
        Value::String(s) if s == "0.0.0.0/0" => *v = Value::Array(halves()),
        Value::Array(a) => {
            let mut out = Vec::new();
            for mut x in a.drain(..) {
                if x == json!("0.0.0.0/0") {
                    out.extend(halves());
                } else {
                    split_slash_zero(&mut x);
                    out.push(x);
                }
            }
            *a = out;
        }
        Value::Object(o) => o.values_mut().for_each(split_slash_zero),
        _ => {}
    }
}

#[test]
fn rampart_agrees_with_iam_simulate() {
    let mut rng = Rng(0x5EED_2026);
    let cases: Vec<Value> = (0..CASES).map(|_| case(&mut rng)).collect();
    let theirs = simulate(&cases);
    assert_eq!(theirs.len(), cases.len());
    let mut disagreements = Vec::new();
    let mut deviating = Vec::new();
    let mut verdicts = std::collections::BTreeMap::<String, usize>::new();
    for (c, t) in cases.iter().zip(&theirs) {
        let ours = rampart(c);
        *verdicts.entry(t.clone()).or_default() += 1;
        if ours == t {
            continue;
        }
        match deviation(c) {
            Some((why, rewritten)) => deviating.push((why, ours, rewritten, c)),
            None => disagreements.push(format!("rampart {ours}, iam-simulate {t}: {c}")),
        }
    }
    // A deviation only excuses a case when iam-simulate agrees with rampart on the rewrite.
    let rewrites: Vec<Value> = deviating.iter().map(|d| d.2.clone()).collect();
    let confirmed = if rewrites.is_empty() {
        Vec::new()
    } else {
        simulate(&rewrites)
    };
    assert_eq!(confirmed.len(), deviating.len(), "one verdict per rewrite");
    for ((why, ours, _, c), t) in deviating.iter().zip(&confirmed) {
        if ours != t {
            disagreements.push(format!(
                "rampart {ours}, iam-simulate {t} even after the rewrite for \"{why}\": {c}"
            ));
        }
    }
    eprintln!(
        "verdicts {verdicts:?}, documented deviations {}",
        deviating.len()
    );
    // Boundaries and SCPs must decide cases, not just be present: removing them changes
    // rampart's verdict (which iam-simulate shares) in many cases.
    for (layer, empty) in [("boundary", Value::Null), ("scps", json!([]))] {
        let decided = cases
            .iter()
            .filter(|c| !c[layer].is_null() && c[layer] != json!([]))
            .filter(|c| {
                let mut without = (*c).clone();
                without[layer] = empty.clone();
                rampart(c) != rampart(&without)
            })
            .count();
        eprintln!("{layer}: decisive in {decided} cases");
        assert!(decided > CASES / 50, "{layer} decides only {decided} cases");
    }
    assert!(
        verdicts.len() >= 3 && verdicts.values().all(|&n| n > CASES / 20),
        "the generator must exercise every outcome: {verdicts:?}"
    );
    if std::env::var_os("RAMPART_DIFF_MINIMIZE").is_some() {
        let bad: Vec<&Value> = cases
            .iter()
            .zip(&theirs)
            .filter(|(c, t)| rampart(c) != t.as_str() && deviation(c).is_none())
            .map(|(c, _)| c)
            .take(40)
            .collect();
        for c in bad {
            let m = minimize(c.clone());
            eprintln!("MIN rampart {} : {}", rampart(&m), m);
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first ones:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every case one step smaller than `c`: a policy, statement, condition entry, value or
/// context key removed.
fn smaller(c: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let mut push = |f: &dyn Fn(&mut Value) -> bool| {
        let mut d = c.clone();
        if f(&mut d) {
            out.push(d);
        }
    };
    push(&|d| {
        d.as_object_mut().is_some_and(|o| {
            o.insert("boundary".into(), Value::Null)
                .is_some_and(|b| !b.is_null())
        })
    });
    push(&|d| {
        d.as_object_mut().is_some_and(|o| {
            o.insert("scps".into(), json!([]))
                .is_some_and(|s| s != json!([]))
        })
    });
    let n_ctx = c["context"].as_object().map_or(0, serde_json::Map::len);
    for i in 0..n_ctx {
        push(&|d| {
            let o = d["context"].as_object_mut().expect("context");
            let k = o.keys().nth(i).cloned().expect("key");
            o.remove(&k).is_some()
        });
    }
    for layer in ["identity", "boundary"] {
        let n = c[layer].as_array().map_or(0, std::vec::Vec::len);
        for p in 0..n {
            push(&|d| {
                let a = d[layer].as_array_mut().expect("layer");
                a.len() > 1 && {
                    a.remove(p);
                    true
                }
            });
            let ns = c[layer][p]["Statement"]
                .as_array()
                .map_or(0, std::vec::Vec::len);
            for s in 0..ns {
                push(&|d| {
                    let a = d[layer][p]["Statement"].as_array_mut().expect("statements");
                    a.len() > 1 && {
                        a.remove(s);
                        true
                    }
                });
                let st = &c[layer][p]["Statement"][s];
                for field in ["Action", "NotAction", "Resource", "NotResource"] {
                    let nv = st[field].as_array().map_or(0, std::vec::Vec::len);
                    for v in 0..nv {
                        push(&|d| {
                            let a = d[layer][p]["Statement"][s][field]
                                .as_array_mut()
                                .expect("list");
                            a.len() > 1 && {
                                a.remove(v);
                                true
                            }
                        });
                    }
                }
                push(&|d| {
                    d[layer][p]["Statement"][s]
                        .as_object_mut()
                        .expect("statement")
                        .remove("Condition")
                        .is_some()
                });
                let ops: Vec<String> = st["Condition"]
                    .as_object()
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default();
                for op in &ops {
                    push(&|d| {
                        d[layer][p]["Statement"][s]["Condition"]
                            .as_object_mut()
                            .expect("cond")
                            .remove(op)
                            .is_some()
                    });
                    let keys: Vec<String> = st["Condition"][op]
                        .as_object()
                        .map(|o| o.keys().cloned().collect())
                        .unwrap_or_default();
                    for k in &keys {
                        push(&|d| {
                            let b = d[layer][p]["Statement"][s]["Condition"][op]
                                .as_object_mut()
                                .expect("block");
                            b.len() > 1 && b.remove(k).is_some()
                        });
                        let nv = st["Condition"][op][k]
                            .as_array()
                            .map_or(0, std::vec::Vec::len);
                        for v in 0..nv {
                            push(&|d| {
                                let a = d[layer][p]["Statement"][s]["Condition"][op][k]
                                    .as_array_mut()
                                    .expect("values");
                                a.len() > 1 && {
                                    a.remove(v);
                                    true
                                }
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// Shrinks a disagreeing case while it still disagrees.
fn minimize(mut c: Value) -> Value {
    loop {
        let candidates = smaller(&c);
        if candidates.is_empty() {
            return c;
        }
        let theirs = simulate(&candidates);
        match candidates
            .into_iter()
            .zip(theirs)
            .find(|(d, t)| rampart(d) != t.as_str())
        {
            Some((d, _)) => c = d,
            None => return c,
        }
    }
}
