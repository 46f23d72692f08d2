//! CloudTrail `ListTrails` as AWS answers it. AWS lists every trail of the account, whatever
//! its home Region; moto lists only what `DescribeTrails` shows in the asked Region (its trails
//! and the multi-Region ones), so a single-Region trail homed elsewhere would go unseen.
//!
//! The request still goes to moto first, so its signature and IAM checks apply and its errors
//! come back as they are. On success the list is rebuilt from moto's `DescribeTrails` in each
//! of the account's enabled Regions, asked as the caller (the gap endpoint keeps the secret of
//! every key it registered), straight at moto.

use aws_credential_types::Credentials;
use aws_types::region::Region;
use bytes::Bytes;
use hyper::http::request::Parts;
use serde_json::{json, Value};

use super::errors::{json as json_reply, Reply};
use super::state::KeyInfo;

/// Answers `ListTrails` for the owner of `key`, looking in `regions`.
pub(crate) async fn list_trails(
    parts: &Parts,
    body: Bytes,
    key: Option<(String, KeyInfo)>,
    regions: Vec<String>,
    moto_port: u16,
) -> Reply {
    let reply = super::forward(parts, body, moto_port).await;
    let Some((access_key_id, key)) = key else {
        return reply;
    };
    if !reply.status().is_success() {
        return reply;
    }
    let creds = Credentials::new(
        access_key_id,
        key.secret_access_key,
        key.session_token,
        None,
        "rampart-testkit-gap",
    );
    let base = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(format!("http://127.0.0.1:{moto_port}"))
        .credentials_provider(creds)
        .region(Region::new("us-east-1"))
        .load()
        .await;
    let mut trails: Vec<Value> = Vec::new();
    for region in regions {
        let conf = aws_sdk_cloudtrail::config::Builder::from(&base)
            .region(Region::new(region.clone()))
            .build();
        let answer = aws_sdk_cloudtrail::Client::from_conf(conf)
            .describe_trails()
            .include_shadow_trails(false)
            .send()
            .await;
        let Ok(answer) = answer else {
            continue;
        };
        for t in answer.trail_list() {
            trails.push(json!({
                "TrailARN": t.trail_arn(),
                "Name": t.name(),
                "HomeRegion": t.home_region().unwrap_or(&region),
            }));
        }
    }
    json_reply(&json!({ "Trails": trails }))
}
