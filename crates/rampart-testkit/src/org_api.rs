//! A minimal AWS Organizations client for setting up test organizations: one signed JSON call.
//!
//! The workspace uses no Organizations SDK client, and setting up an organization needs only a
//! handful of calls, so they are made here over HTTP and signed with SigV4 like any SDK request.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::Value;

use crate::TestAccount;

impl TestAccount {
    /// Calls AWS Organizations operation `operation` (`DescribeOrganization`) with `input` as
    /// this account (the workspace has no Organizations SDK client). Answers the output, or the
    /// error's type and message in one line.
    pub async fn call_organizations(&self, operation: &str, input: Value) -> Result<Value, String> {
        call(self, operation, &input).await
    }
}

/// Calls Organizations operation `operation` with `input` as `account`, at its endpoint.
/// Answers the output, or the error's type and message.
pub(crate) async fn call(
    account: &TestAccount,
    operation: &str,
    input: &Value,
) -> Result<Value, String> {
    let url: hyper::Uri = account
        .endpoint_url
        .parse()
        .map_err(|e| format!("bad endpoint {}: {e}", account.endpoint_url))?;
    let host = url
        .authority()
        .map(std::string::ToString::to_string)
        .unwrap_or_default();
    let body = input.to_string();
    let target = format!("AWSOrganizationsV20161128.{operation}");
    let mut headers = vec![
        ("host", host.clone()),
        ("content-type", "application/x-amz-json-1.1".to_owned()),
        ("x-amz-target", target),
    ];
    let creds = Credentials::new(
        &account.access_key_id,
        &account.secret_access_key,
        account.session_token.clone(),
        None,
        "rampart-testkit",
    );
    let identity = creds.into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("organizations")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("cannot sign: {e}"))?
        .into();
    let signable = SignableRequest::new(
        "POST",
        account.endpoint_url.as_str(),
        headers.iter().map(|(k, v)| (*k, v.as_str())),
        SignableBody::Bytes(body.as_bytes()),
    )
    .map_err(|e| format!("cannot sign: {e}"))?;
    let (instructions, _) = sign(signable, &params)
        .map_err(|e| format!("cannot sign: {e}"))?
        .into_parts();
    headers.extend(instructions.headers().map(|(k, v)| (k, v.to_owned())));
    let mut request = hyper::Request::post("/");
    for (name, value) in &headers {
        request = request.header(*name, value);
    }
    let request = request
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("cannot build the request: {e}"))?;
    let (status, answer) = send(&host, request).await?;
    let answer: Value = serde_json::from_slice(&answer).unwrap_or_default();
    if status.is_success() {
        return Ok(answer);
    }
    let kind = answer["__type"].as_str().unwrap_or("unknown error");
    let message = answer["message"].as_str().or(answer["Message"].as_str());
    Err(format!(
        "{operation}: {kind}: {}",
        message.unwrap_or_default()
    ))
}

async fn send(
    host: &str,
    request: hyper::Request<Full<Bytes>>,
) -> Result<(hyper::StatusCode, Bytes), String> {
    let stream = tokio::net::TcpStream::connect(host)
        .await
        .map_err(|e| format!("cannot reach {host}: {e}"))?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("cannot talk to {host}: {e}"))?;
    tokio::spawn(conn);
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("no answer from {host}: {e}"))?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("cut answer from {host}: {e}"))?
        .to_bytes();
    Ok((status, body))
}
