//! The policy documents the baseline installs, written from AWS's documented shapes, and the
//! by-`Sid` merge that adds them to a policy without dropping what is already there.

use rampart_engines::policy::{Effect, PolicyDocument, Statement};
use rampart_model::s3::tls::denies_http;
use serde_json::{json, Value};

pub const VERSION: &str = "2012-10-17";
pub const SID_TRAIL_ACL: &str = "AWSCloudTrailAclCheck";
pub const SID_TRAIL_WRITE: &str = "AWSCloudTrailWrite";
pub const SID_DENY_HTTP: &str = "DenyInsecureTransport";
pub const SID_BILLING: &str = "AllowBillingReportDelivery";
/// The topic statement that lets EventBridge publish for rampart's rules. (Earlier versions
/// wrote `AllowEventBridgePublish` for every rule; that statement is kept, not replaced, so
/// the account's own rules into the topic keep working.)
pub const SID_EVENTS_PUBLISH: &str = "AllowEventBridgePublishForRampartRules";
pub const SID_ACCESS_LOGS: &str = "AllowServerAccessLogDelivery";

pub(crate) fn statement(value: Value) -> Statement {
    // The values below are literals of the right shape; a failure would be a typo here.
    serde_json::from_value(value).unwrap_or_else(|e| panic!("built-in policy statement: {e}"))
}

/// AWS's documented policy that lets users manage their own password and MFA, and denies
/// everything else until they sign in with MFA.
pub fn mfa_policy() -> PolicyDocument {
    let own_user = "arn:aws:iam::*:user/${aws:username}";
    let own_mfa = "arn:aws:iam::*:mfa/*";
    PolicyDocument {
        version: Some(VERSION.into()),
        id: None,
        statements: vec![
            statement(json!({"Sid": "AllowViewAccountInfo", "Effect": "Allow",
                "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"})),
            statement(json!({"Sid": "AllowManageOwnPasswords", "Effect": "Allow",
                "Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": own_user})),
            statement(
                json!({"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow",
                "Action": ["iam:CreateVirtualMFADevice"], "Resource": own_mfa}),
            ),
            statement(json!({"Sid": "AllowManageOwnUserMFA", "Effect": "Allow",
                "Action": ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
                "Resource": own_user})),
            statement(
                json!({"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
                "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetMFADevice",
                    "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}),
            ),
        ],
    }
}

/// CloudTrail's documented bucket statements for the trails (ARNs) that deliver to `bucket`.
pub fn trail_statements(bucket: &str, account: &str, trail_arns: &[String]) -> Vec<Statement> {
    vec![
        statement(json!({"Sid": SID_TRAIL_ACL, "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": ["s3:GetBucketAcl"],
            "Resource": [format!("arn:aws:s3:::{bucket}")],
            "Condition": {"StringEquals": {"aws:SourceArn": trail_arns}}})),
        statement(json!({"Sid": SID_TRAIL_WRITE, "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": ["s3:PutObject"],
            "Resource": [format!("arn:aws:s3:::{bucket}/AWSLogs/{account}/*")],
            "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail_arns}}})),
    ]
}

/// The key policy of the KMS key rampart creates for trail logs, after CloudTrail's documented
/// sections: the account administers the key; CloudTrail encrypts with it for this account's
/// trails and may describe it; principals of the account may decrypt the log files.
/// Who may assume the support role: this account's principals that signed in with MFA (their
/// own IAM permissions then decide, and the admin group's `AdministratorAccess` allows it).
pub fn support_role_trust(account: &str) -> PolicyDocument {
    PolicyDocument {
        version: Some(VERSION.into()),
        id: None,
        statements: vec![statement(json!({"Sid": "AssumeWithMfa", "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}))],
    }
}

pub fn trail_key_policy(account: &str) -> PolicyDocument {
    let trails = format!("arn:aws:cloudtrail:*:{account}:trail/*");
    PolicyDocument {
        version: Some(VERSION.to_owned()),
        id: None,
        statements: vec![
            statement(
                json!({"Sid": "EnableAccountAdministration", "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
                "Action": ["kms:*"], "Resource": ["*"]}),
            ),
            statement(
                json!({"Sid": "AllowCloudTrailToEncryptLogs", "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": ["kms:GenerateDataKey*"], "Resource": ["*"],
                "Condition": {"StringLike": {
                    "aws:SourceArn": trails,
                    "kms:EncryptionContext:aws:cloudtrail:arn": trails}}}),
            ),
            statement(
                json!({"Sid": "AllowCloudTrailToDescribeKey", "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": ["kms:DescribeKey"], "Resource": ["*"]}),
            ),
            statement(
                json!({"Sid": "AllowAccountToDecryptLogs", "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Decrypt", "kms:ReEncryptFrom"], "Resource": ["*"],
                "Condition": {
                    "StringEquals": {"kms:CallerAccount": account},
                    "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": trails}}}),
            ),
        ],
    }
}

/// S3's documented statement that lets the logging service deliver server access logs of the
/// `sources` buckets (of `account`) into `bucket`.
pub fn access_log_statement(bucket: &str, account: &str, sources: &[String]) -> Statement {
    let sources: Vec<String> = sources
        .iter()
        .map(|b| format!("arn:aws:s3:::{b}"))
        .collect();
    statement(json!({"Sid": SID_ACCESS_LOGS, "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": ["s3:PutObject"],
        "Resource": [format!("arn:aws:s3:::{bucket}/*")],
        "Condition": {"ArnLike": {"aws:SourceArn": sources},
                      "StringEquals": {"aws:SourceAccount": account}}}))
}

/// A deny of every S3 action on the bucket and its objects over plain HTTP.
pub fn deny_http_statement(bucket: &str) -> Statement {
    statement(
        json!({"Sid": SID_DENY_HTTP, "Effect": "Deny", "Principal": "*", "Action": ["s3:*"],
        "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}),
    )
}

/// Lets legacy CUR and Data Exports deliver to `bucket` for this account only.
pub fn billing_statement(bucket: &str, account: &str) -> Statement {
    statement(json!({"Sid": SID_BILLING, "Effect": "Allow",
    "Principal": {"Service": ["billingreports.amazonaws.com", "bcm-data-exports.amazonaws.com"]},
    "Action": ["s3:PutObject", "s3:GetBucketPolicy"],
    "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
    "Condition": {
        "StringEquals": {"aws:SourceAccount": account},
        "StringLike": {"aws:SourceArn": [
            format!("arn:aws:cur:us-east-1:{account}:definition/*"),
            format!("arn:aws:bcm-data-exports:us-east-1:{account}:export/*"),
        ]}
    }}))
}

/// One-element arrays become their element, recursively, so `"a"` and `["a"]` compare equal
/// (AWS stores either).
pub fn normalize(v: &Value) -> Value {
    match v {
        Value::Array(a) if a.len() == 1 => normalize(&a[0]),
        Value::Array(a) => {
            let mut items: Vec<Value> = a.iter().map(normalize).collect();
            items.sort_by_key(std::string::ToString::to_string);
            Value::Array(items)
        }
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        Value::Bool(b) => Value::String(b.to_string()),
        other => other.clone(),
    }
}

/// Whether two statements say the same thing, whatever the list/scalar spelling.
pub fn same_statement(a: &Statement, b: &Statement) -> bool {
    let as_value = |s: &Statement| normalize(&serde_json::to_value(s).unwrap_or(Value::Null));
    as_value(a) == as_value(b)
}

/// The statements of `wanted` that `current` lacks. A statement is there when one says the
/// same thing (whatever its `Sid`); unless `strict`, also when one grants the same service
/// principals the same actions under conditions of its own, or refuses every plain-HTTP
/// request to the bucket and its objects (`rampart_model::s3::tls`, which RMP306 asks too).
pub fn missing_statements(
    current: Option<&PolicyDocument>,
    wanted: &[Statement],
    strict: bool,
) -> Vec<Statement> {
    let have = current.map_or(&[][..], |d| &d.statements[..]);
    wanted
        .iter()
        .filter(|w| {
            !have
                .iter()
                .any(|h| same_statement_any_sid(h, w) || (!strict && equivalent(h, w)))
        })
        .cloned()
        .collect()
}

fn same_statement_any_sid(a: &Statement, b: &Statement) -> bool {
    let mut a = a.clone();
    a.sid.clone_from(&b.sid);
    same_statement(&a, b)
}

fn equivalent(have: &Statement, want: &Statement) -> bool {
    if have.effect != want.effect {
        return false;
    }
    match want.effect {
        Effect::Allow => {
            let principals = have.service_principals();
            !want.service_principals().is_empty()
                && want
                    .service_principals()
                    .iter()
                    .all(|p| principals.contains(p))
                && want.action.iter().all(|a| have.allows_action(a))
        }
        // The only `Deny` the baseline installs is [`deny_http_statement`]: any statement that
        // refuses every plain-HTTP request to the same bucket and its objects does its job, as
        // RMP306 judges it.
        Effect::Deny => want
            .resource
            .first()
            .and_then(|arn| arn.strip_prefix("arn:aws:s3:::"))
            .is_some_and(|bucket| denies_http(have, bucket)),
    }
}

/// `current` with `add` merged in: a statement whose `Sid` matches one of `add` is replaced by
/// it; every other statement is kept as it is.
pub fn merge(current: Option<&PolicyDocument>, add: &[Statement]) -> PolicyDocument {
    let mut doc = current.cloned().unwrap_or_default();
    if doc.version.is_none() {
        doc.version = Some(VERSION.into());
    }
    for s in add {
        match doc
            .statements
            .iter_mut()
            .find(|h| h.sid.is_some() && h.sid == s.sid)
        {
            Some(slot) => *slot = s.clone(),
            None => doc.statements.push(s.clone()),
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mfa_policy_enforces_mfa() {
        assert!(mfa_policy().requires_mfa_for_admin());
        assert!(!mfa_policy().grants_full_admin());
    }

    #[test]
    fn merge_keeps_foreign_statements_and_replaces_by_sid() {
        let existing = PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Theirs","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
        )
        .unwrap();
        let add = vec![deny_http_statement("b"), billing_statement("b", "1")];
        let merged = merge(Some(&existing), &add);
        let sids: Vec<_> = merged
            .statements
            .iter()
            .filter_map(|s| s.sid.as_deref())
            .collect();
        assert_eq!(sids, ["Theirs", SID_DENY_HTTP, SID_BILLING]);
        assert!(same_statement(
            &merged.statements[1],
            &deny_http_statement("b")
        ));
        assert!(missing_statements(Some(&merged), &add, true).is_empty());
        assert_eq!(missing_statements(Some(&existing), &add, true).len(), 2);
        let renamed = merged
            .statements
            .iter()
            .cloned()
            .map(|mut s| {
                s.sid = Some(format!("x{}", s.sid.unwrap_or_default()));
                s
            })
            .collect();
        let renamed = PolicyDocument {
            statements: renamed,
            ..merged.clone()
        };
        assert!(
            missing_statements(Some(&renamed), &add, true).is_empty(),
            "the Sid does not matter"
        );
    }

    #[test]
    fn scalar_and_list_spellings_compare_equal() {
        let scalar = PolicyDocument::parse(
            r#"{"Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b"],"Condition":{"Bool":{"aws:SecureTransport":false}}}]}"#,
        )
        .unwrap();
        assert!(same_statement(
            &scalar.statements[0],
            &deny_http_statement("b")
        ));
    }
}
