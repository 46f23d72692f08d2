//! The gap endpoint: an HTTP server in front of moto that forwards every request verbatim and
//! answers itself only what moto lacks (root facts, event history, billing reports, the
//! account's Regions, IAM Access Analyzer, centralized root access and root sessions), plus per-account fault
//! injection and a request log.
//!
//! It runs on its own thread with its own Tokio runtime, because every `#[tokio::test]` has a
//! runtime that dies with the test while the endpoint is shared by all tests of a binary.

pub(crate) mod access_analyzer;
mod assume_role;
mod assume_root;
mod authorization;
mod billing;
mod cloudtrail;
pub(crate) mod cost_alerts;
pub mod digest_keys;
mod errors;
mod iam;
mod lookup_limit;
mod org_features;
pub(crate) mod organizations;
pub(crate) mod regions;
mod request;
pub mod root_session;
pub(crate) mod root_task;
pub(crate) mod state;
mod trails;

use std::net::TcpListener;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

use errors::Reply;
use request::RequestInfo;
use state::{GapState, Verdict};

/// The running endpoint. Dropping it stops the server and its thread.
pub struct Gap {
    url: String,
    pub(crate) state: Arc<GapState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Gap {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The error that makes hyper drop a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

impl Gap {
    /// Starts the endpoint in front of moto on `moto_port`, on a free loopback port.
    pub fn start(moto_port: u16) -> Gap {
        match Gap::start_on(moto_port, 0) {
            Ok(gap) => gap,
            Err(e) => panic!("cannot bind the gap endpoint on 127.0.0.1: {e}"),
        }
    }

    /// Starts the endpoint in front of moto on `moto_port`, listening on loopback `port`
    /// (0: any free port). Fails when the port is taken.
    pub fn start_on(moto_port: u16, port: u16) -> std::io::Result<Gap> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let url = match listener.local_addr() {
            Ok(addr) => format!("http://{addr}"),
            Err(e) => panic!("gap endpoint has no local address: {e}"),
        };
        if let Err(e) = listener.set_nonblocking(true) {
            panic!("cannot make the gap listener non-blocking: {e}");
        }
        let state = GapState::new();
        let shared = state.clone();
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let spawned = std::thread::Builder::new()
            .name("rampart-gap".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => panic!("cannot build the gap endpoint's runtime: {e}"),
                };
                runtime.block_on(serve(listener, moto_port, shared, stopped));
            });
        if let Err(e) = spawned {
            panic!("cannot start the gap endpoint thread: {e}");
        }
        Ok(Gap {
            url,
            state,
            stop: Some(stop),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

async fn serve(
    listener: TcpListener,
    moto_port: u16,
    state: Arc<GapState>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => panic!("cannot adopt the gap listener: {e}"),
    };
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(req, moto_port, state.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(
    req: Request<Incoming>,
    moto_port: u16,
    state: Arc<GapState>,
) -> Result<Reply, Dropped> {
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Err(Dropped),
    };
    let info = request::describe(&parts, &body);
    let account = info.access_key.as_deref().and_then(|k| state.account_of(k));
    let Some(account) = account else {
        return Ok(forward(&parts, body, moto_port).await);
    };
    let (verdict, delay) = state.with(&account, |a| a.judge(&info.api()));
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    match verdict {
        Verdict::Drop => return Err(Dropped),
        Verdict::Deny => return Ok(errors::access_denied(&info, &account)),
        Verdict::Throttle => return Ok(errors::throttled(&info)),
        Verdict::ServerError => return Ok(errors::server_error(&info)),
        Verdict::InvalidMfaCode => return Ok(errors::invalid_mfa_code(&info)),
        Verdict::LoseAnswer => {
            // The service acts (emulated or moto), then the answer is lost.
            if emulate(&state, &account, &info, &body).is_none() {
                let _ = forward(&parts, body, moto_port).await;
            }
            return Err(Dropped);
        }
        Verdict::Pass => {}
    }
    if let Some(reply) = emulate(&state, &account, &info, &body) {
        return Ok(reply);
    }
    if (info.service.as_str(), info.operation.as_str()) == ("cloudtrail", "ListTrails") {
        let key = info
            .access_key
            .as_ref()
            .and_then(|k| Some((k.clone(), state.key(k)?)));
        let regions = state.with(&account, |a| a.regions.enabled());
        return Ok(trails::list_trails(&parts, body, key, regions, moto_port).await);
    }
    let reply = forward(&parts, body.clone(), moto_port).await;
    let reply = observe(&state, &account, &info, &body, reply).await;
    Ok(patch_iam(&state, &account, &info, &body, reply).await)
}

/// Learns from moto's successful Organizations and `AssumeRole` answers, and adds trusted access
/// for IAM to `ListAWSServiceAccessForOrganization`.
async fn observe(
    state: &GapState,
    account: &str,
    info: &RequestInfo,
    body: &Bytes,
    reply: Reply,
) -> Reply {
    let watched = matches!(
        (info.service.as_str(), info.operation.as_str()),
        ("sts", "AssumeRole")
            | (
                "organizations",
                "CreateOrganization" | "CreateAccount" | "ListAWSServiceAccessForOrganization"
            )
    );
    if !watched || !reply.status().is_success() {
        return reply;
    }
    let (mut parts, answer) = reply.into_parts();
    let Ok(answer) = answer
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes);
    let new = match info.operation.as_str() {
        "AssumeRole" => {
            assume_role::learn(state, body, &answer);
            None
        }
        "ListAWSServiceAccessForOrganization" => {
            organizations::add_iam_access(state, account, &answer)
        }
        op => {
            organizations::learn(state, account, op, &answer);
            None
        }
    };
    parts.headers.remove("content-length");
    Response::from_parts(parts, Full::new(new.map(Bytes::from).unwrap_or(answer)))
}

/// Answers what moto does not implement at all.
fn emulate(state: &GapState, account: &str, info: &RequestInfo, body: &Bytes) -> Option<Reply> {
    let task = info
        .access_key
        .as_deref()
        .and_then(|k| state.key(k)?.root_task);
    if let Some(task) = task {
        return Some(state.with(account, |a| {
            root_task::answer(a, account, &task, info, body)
        }));
    }
    if let Some(reply) = state.with(account, |a| root_session::answer(a, account, info, body)) {
        return Some(reply);
    }
    let parse = || serde_json::from_slice::<serde_json::Value>(body).unwrap_or_default();
    match (info.service.as_str(), info.operation.as_str()) {
        ("cloudtrail", "ListPublicKeys") => Some(digest_keys::list_public_keys()),
        ("cloudtrail", "LookupEvents") => Some(state.with(account, |a| {
            cloudtrail::lookup_events(a, &info.region, body)
        })),
        ("cur", op) => Some(state.with(account, |a| billing::cur(a, op, &parse()))),
        ("iam", "GenerateCredentialReport" | "GetCredentialReport") => {
            state.with(account, |a| iam::report_generation(a, info))
        }
        ("access-analyzer", _) => {
            Some(state.with(account, |a| access_analyzer::answer(a, account, info, body)))
        }
        ("account", "ListRegions") => {
            Some(state.with(account, |a| regions::list_regions(a, account, body)))
        }
        ("iam", _) => org_features::answer(state, account, info),
        ("sts", "AssumeRoot") => Some(assume_root::assume_root(state, account, info, body)),
        ("sts", "AssumeRole") => assume_role::refuse(state, account, info, body),
        ("organizations", op @ ("EnableAWSServiceAccess" | "DisableAWSServiceAccess")) => {
            organizations::service_access(state, account, op, body)
        }
        ("budgets", op) => Some(state.with(account, |a| cost_alerts::budgets(a, op, &parse()))),
        (
            "ce",
            op @ ("CreateAnomalyMonitor"
            | "GetAnomalyMonitors"
            | "DeleteAnomalyMonitor"
            | "CreateAnomalySubscription"
            | "GetAnomalySubscriptions"),
        ) => Some(state.with(account, |a| {
            cost_alerts::anomalies(a, account, op, &parse())
        })),
        ("bcm-data-exports", op) => {
            Some(state.with(account, |a| billing::exports(a, account, op, &parse())))
        }
        _ => None,
    }
}

/// Adds root facts to IAM answers moto gives without them.
async fn patch_iam(
    state: &GapState,
    account: &str,
    info: &RequestInfo,
    body: &Bytes,
    reply: Reply,
) -> Reply {
    let op = info.operation.as_str();
    let wanted = [
        "GetCredentialReport",
        "GetAccountSummary",
        "ListVirtualMFADevices",
        "GetAccountAuthorizationDetails",
    ];
    if info.service != "iam" || !wanted.contains(&op) || !reply.status().is_success() {
        return reply;
    }
    let (mut parts, old) = reply.into_parts();
    let Ok(old) = old.collect().await.map(http_body_util::Collected::to_bytes);
    let xml = String::from_utf8_lossy(&old);
    let (root, cap) = state.with(account, |a| (a.root.clone(), a.authorization_page_size));
    let form = String::from_utf8_lossy(body);
    let new = match op {
        "GetCredentialReport" => iam::add_root_row(&xml, account, &root),
        "GetAccountSummary" => Some(iam::rewrite_summary(&xml, &root)),
        "GetAccountAuthorizationDetails" => match authorization::page(&xml, &form, cap) {
            Some(page) => Some(page),
            None => {
                let message = "Invalid MaxItems or Marker";
                return errors::error(
                    info,
                    hyper::StatusCode::BAD_REQUEST,
                    "ValidationError",
                    message,
                );
            }
        },
        _ => Some(iam::add_root_virtual_mfa(&xml, account, &root, &form)),
    };
    parts.headers.remove("content-length");
    Response::from_parts(parts, Full::new(new.map(Bytes::from).unwrap_or(old)))
}

/// Sends the request to moto as it came (same method, path, query, headers and body, so the
/// SigV4 signature stays valid) and returns moto's answer.
pub(crate) async fn forward(
    parts: &hyper::http::request::Parts,
    body: Bytes,
    moto_port: u16,
) -> Reply {
    let bad_gateway = |why: String| {
        errors::reply(
            hyper::StatusCode::BAD_GATEWAY,
            "text/plain",
            format!("moto: {why}"),
        )
    };
    let stream = match tokio::net::TcpStream::connect(("127.0.0.1", moto_port)).await {
        Ok(s) => s,
        Err(e) => return bad_gateway(e.to_string()),
    };
    let (mut sender, conn) = match hyper::client::conn::http1::handshake(TokioIo::new(stream)).await
    {
        Ok(pair) => pair,
        Err(e) => return bad_gateway(e.to_string()),
    };
    tokio::spawn(conn);
    let mut out = Request::builder()
        .method(parts.method.clone())
        .uri(parts.uri.clone());
    for (name, value) in &parts.headers {
        out = out.header(name, value);
    }
    let Ok(out) = out.body(Full::new(body)) else {
        return bad_gateway("cannot rebuild the request".into());
    };
    let resp = match sender.send_request(out).await {
        Ok(r) => r,
        Err(e) => return bad_gateway(e.to_string()),
    };
    let (mut parts, incoming) = resp.into_parts();
    let bytes = match incoming.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return bad_gateway(e.to_string()),
    };
    parts.headers.remove("transfer-encoding");
    parts.headers.remove("connection");
    Response::from_parts(parts, Full::new(bytes))
}
