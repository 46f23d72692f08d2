//! What the gap endpoint remembers per account: root facts, seeded events, billing reports,
//! Regions, injected faults and the request log.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Facts about the root user that moto does not model.
#[derive(Debug, Clone, PartialEq)]
pub struct RootState {
    /// When the account (and so the root user) was created.
    pub created: DateTime<Utc>,
    pub mfa_enabled: bool,
    /// With `mfa_enabled`, list a virtual MFA device assigned to the root user
    /// (`arn:aws:iam::<account>:root`) in `ListVirtualMFADevices`; otherwise root MFA looks like
    /// a hardware or FIDO device.
    pub mfa_virtual: bool,
    /// Number of active root access keys (0, 1 or 2).
    pub access_keys_active: u8,
    /// When the root access keys were created (their `last_rotated` date).
    pub access_keys_created: Option<DateTime<Utc>>,
    pub password_last_used: Option<DateTime<Utc>>,
    /// Last use of the first root access key.
    pub key_last_used: Option<KeyUse>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyUse {
    pub at: DateTime<Utc>,
    pub region: String,
    pub service: String,
}

impl Default for RootState {
    fn default() -> Self {
        RootState {
            created: Utc::now() - chrono::Duration::days(2),
            mfa_enabled: false,
            mfa_virtual: false,
            access_keys_active: 0,
            access_keys_created: None,
            password_last_used: None,
            key_last_used: None,
        }
    }
}

/// A failure the gap endpoint injects for one account. `action` names an API the way the
/// request log does (`iam:GetCredentialReport`); a trailing `*` matches a prefix (`s3:*`).
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Every matching request is refused as the service would refuse it.
    AccessDenied { action: String },
    /// The next `times` matching requests are throttled.
    Throttle { action: String, times: u32 },
    /// The next `times` matching requests answer HTTP 500.
    ServerError { action: String, times: u32 },
    /// Every matching request is delayed before being answered.
    Slow { action: String, delay: Duration },
    /// After this many requests from the account, every connection is dropped unanswered.
    DropConnection { after_n_requests: u32 },
    /// The next `times` matching requests reach the service, which acts on them, and then the
    /// connection is dropped before the answer: the caller cannot tell whether it happened.
    LoseAnswer { action: String, times: u32 },
}

/// The `LookupEvents` rate limit (a token bucket per account and Region).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LookupLimit {
    pub per_second: f64,
    pub burst: f64,
}

impl Default for LookupLimit {
    /// AWS's documented limit: 2 requests per second per account per Region.
    fn default() -> Self {
        LookupLimit {
            per_second: 2.0,
            burst: 2.0,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Bucket {
    pub tokens: f64,
    pub at: Instant,
}

/// Everything kept for one account.
#[derive(Debug, Default)]
pub(crate) struct AccountState {
    pub root: RootState,
    pub faults: Vec<Fault>,
    pub requests: BTreeMap<String, u64>,
    pub total_requests: u64,
    /// Seeded CloudTrail records per Region.
    pub events: HashMap<String, Vec<Value>>,
    pub lookup_limit: LookupLimit,
    pub buckets: HashMap<String, Bucket>,
    /// Legacy CUR report definitions, in creation order.
    pub cur_reports: Vec<Value>,
    /// Data exports (the `Export` object plus its creation time), in creation order.
    pub exports: Vec<(Value, DateTime<Utc>)>,
    /// How long IAM takes to build a credential report (`None`: moto's instant report).
    pub report_delay: Option<Duration>,
    /// When the report being built was requested.
    pub report_started: Option<Instant>,
    /// Most items per `GetAccountAuthorizationDetails` page, below the caller's `MaxItems`.
    pub authorization_page_size: Option<usize>,
    /// The Regions `account:ListRegions` lists, with their opt-in status.
    pub regions: super::regions::RegionList,
    /// Requests act as the root user (see `gap::root_session`).
    pub signed_in_as_root: bool,
    /// Root access keys deleted so far, by number.
    pub root_keys_deleted: Vec<u8>,
}

/// What a fault check decided for one request.
pub(crate) enum Verdict {
    Pass,
    Drop,
    Deny,
    Throttle,
    ServerError,
    /// Forward the request, then drop the connection instead of answering.
    LoseAnswer,
}

impl AccountState {
    /// Consults the faults for `api` after logging the request; returns the verdict and any delay.
    pub fn judge(&mut self, api: &str) -> (Verdict, Option<Duration>) {
        *self.requests.entry(api.to_owned()).or_default() += 1;
        self.total_requests += 1;
        let mut delay = None;
        let mut verdict = Verdict::Pass;
        for fault in &mut self.faults {
            match fault {
                Fault::DropConnection { after_n_requests }
                    if self.total_requests > u64::from(*after_n_requests) =>
                {
                    return (Verdict::Drop, None);
                }
                Fault::Slow { action, delay: d } if matches(action, api) => delay = Some(*d),
                Fault::AccessDenied { action } if matches(action, api) => {
                    verdict = Verdict::Deny;
                }
                Fault::Throttle { action, times } if *times > 0 && matches(action, api) => {
                    if matches!(verdict, Verdict::Pass) {
                        *times -= 1;
                        verdict = Verdict::Throttle;
                    }
                }
                Fault::ServerError { action, times } if *times > 0 && matches(action, api) => {
                    if matches!(verdict, Verdict::Pass) {
                        *times -= 1;
                        verdict = Verdict::ServerError;
                    }
                }
                Fault::LoseAnswer { action, times } if *times > 0 && matches(action, api) => {
                    if matches!(verdict, Verdict::Pass) {
                        *times -= 1;
                        verdict = Verdict::LoseAnswer;
                    }
                }
                _ => {}
            }
        }
        (verdict, delay)
    }

    /// Takes one `LookupEvents` token for `region`; false when the bucket is empty.
    pub fn take_lookup_token(&mut self, region: &str) -> bool {
        let limit = self.lookup_limit;
        let now = Instant::now();
        let bucket = self.buckets.entry(region.to_owned()).or_insert(Bucket {
            tokens: limit.burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * limit.per_second;
        bucket.tokens = (bucket.tokens + refill).min(limit.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn matches(pattern: &str, api: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => api.starts_with(prefix),
        None => pattern == api,
    }
}

/// State shared by the gap endpoint and the test code.
#[derive(Debug, Default)]
pub(crate) struct GapState {
    accounts: Mutex<HashMap<String, AccountState>>,
    keys: Mutex<HashMap<String, KeyInfo>>,
}

/// A registered access key: its account, and the secret the gap endpoint needs to call moto
/// as the key's owner (see `gap::trails`).
#[derive(Debug, Clone)]
pub(crate) struct KeyInfo {
    pub account_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl GapState {
    pub fn new() -> Arc<GapState> {
        Arc::new(GapState::default())
    }

    /// Records that `access_key_id` (with its secret) belongs to `account_id`, creating the
    /// account's state.
    pub fn register_key(
        &self,
        access_key_id: &str,
        secret_access_key: &str,
        session_token: Option<&str>,
        account_id: &str,
    ) {
        lock(&self.keys).insert(
            access_key_id.to_owned(),
            KeyInfo {
                account_id: account_id.to_owned(),
                secret_access_key: secret_access_key.to_owned(),
                session_token: session_token.map(str::to_owned),
            },
        );
        lock(&self.accounts)
            .entry(account_id.to_owned())
            .or_default();
    }

    pub fn account_of(&self, access_key_id: &str) -> Option<String> {
        lock(&self.keys)
            .get(access_key_id)
            .map(|k| k.account_id.clone())
    }

    pub(crate) fn key(&self, access_key_id: &str) -> Option<KeyInfo> {
        lock(&self.keys).get(access_key_id).cloned()
    }

    /// Runs `f` on the account's state (created on first use).
    pub fn with<R>(&self, account_id: &str, f: impl FnOnce(&mut AccountState) -> R) -> R {
        let mut accounts = lock(&self.accounts);
        f(accounts.entry(account_id.to_owned()).or_default())
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
