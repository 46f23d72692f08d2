//! A synthetic large account, shared by the scale test and the evaluation benchmark.

use std::fmt::Write as _;

use rampart_engines::policy::PolicyDocument;
use rampart_model::credential_report::CredentialReport;
use rampart_model::iam::{AttachedPolicy, IamUser, InlinePolicy};
use rampart_model::{Observed, Snapshot};

/// The hardened example plus `users` IAM users: every tenth without MFA, every hundredth
/// with a policy attached directly, every thousandth with an inline policy of its own that
/// denies IAM calls by their tags (decided per action, by the keys each can carry), all
/// console users with a recent key.
pub fn large_account(users: usize) -> Snapshot {
    let path = format!(
        "{}/../../examples/hardened.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut snap = Snapshot::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let report = snap
        .iam
        .credential_report
        .known()
        .expect("hardened has a report")
        .clone();
    let mut csv = report.csv().to_owned();
    let Observed::Known(auth) = &mut snap.iam.authorization else {
        panic!("hardened has authorization")
    };
    let created: chrono::DateTime<chrono::Utc> = "2025-01-01T00:00:00Z".parse().expect("date");
    for i in 0..users {
        let name = format!("user{i:06}");
        let arn = format!("arn:aws:iam::111122223333:user/{name}");
        // Every tenth user lacks MFA, every hundredth has a policy of its own.
        let mfa = if i % 10 == 0 { "false" } else { "true" };
        writeln!(
            csv,
            "{name},{arn},2025-01-01T00:00:00+00:00,true,2026-11-27T10:00:00+00:00,2025-01-01T00:00:00+00:00,N/A,{mfa},\
             true,2026-10-01T00:00:00+00:00,2026-11-27T11:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
        )
        .expect("write to a String");
        let own = if i % 100 == 0 {
            vec![AttachedPolicy {
                name: "ReadOnlyAccess".into(),
                arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
            }]
        } else {
            Vec::new()
        };
        let inline = if i % 1000 == 0 {
            let text = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{{"ForAllValues:StringEquals":{{"aws:TagKeys":["team-{i}"]}},"StringNotEqualsIfExists":{{"aws:RequestTag/owner":"{name}"}}}}}}]}}"#
            );
            vec![InlinePolicy {
                name: "TaggedIamOnly".into(),
                document: PolicyDocument::parse(&text).expect("generated policy parses"),
            }]
        } else {
            Vec::new()
        };
        auth.users.push(IamUser {
            name,
            arn,
            path: "/".into(),
            create_date: created,
            groups: vec!["Admins".into()],
            attached_policies: own,
            inline_policies: inline,
            permissions_boundary: None,
        });
    }
    let report =
        CredentialReport::parse(report.generated_time, csv).expect("generated report parses");
    snap.iam.credential_report = Observed::Known(report);
    snap
}
