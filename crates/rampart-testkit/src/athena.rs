//! Athena for tests: moto runs no query, but answers the next `GetQueryResults` of an account
//! and Region with rows queued through its API (`/moto-api/static/athena/query-results`).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

/// Queues one result set (`rows`, the header row first, each cell text or `None`) for the next
/// query of `account` in `region` whose results are read.
pub async fn queue_result(account: &str, region: &str, rows: &[Vec<Option<String>>]) {
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            let data: Vec<Value> = r
                .iter()
                .map(|c| match c {
                    Some(v) => json!({ "VarCharValue": v }),
                    None => json!({}),
                })
                .collect();
            json!({ "Data": data })
        })
        .collect();
    let body = json!({
        "account_id": account,
        "region": region,
        "results": [{ "rows": rows, "column_info": [] }],
    })
    .to_string();
    let url = crate::shared().moto_url();
    let port: u16 = url
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .expect("moto's URL ends in its port");
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("moto listens");
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP to moto");
    tokio::spawn(conn);
    let req = Request::post("/moto-api/static/athena/query-results")
        .header("host", format!("127.0.0.1:{port}"))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("request");
    let resp = sender.send_request(req).await.expect("moto answers");
    let status = resp.status();
    let text = resp.into_body().collect().await.expect("body").to_bytes();
    assert!(
        status.is_success(),
        "moto refused the result set: {status} {text:?}"
    );
}
