//! What the gap endpoint remembers per account: root facts, seeded events, billing reports,
//! Regions, injected faults and the request log.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::Value;

pub use super::lookup_limit::LookupLimit;
use super::lookup_limit::Meter;

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
    /// The root user has a console password (a login profile). Accounts that sign up have one;
    /// accounts created by AWS Organizations do not until someone recovers it.
    pub login_profile: bool,
    /// Number of X.509 signing certificates of the root user (0, 1 or 2).
    pub signing_certificates: u8,
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
            login_profile: true,
            signing_certificates: 0,
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
    /// The next `times` matching requests are delayed by `delay` before being answered (a
    /// request that goes unanswered past the caller's timeout, once).
    Hang {
        action: String,
        times: u32,
        delay: Duration,
    },
    /// After this many requests from the account, every connection is dropped unanswered.
    DropConnection { after_n_requests: u32 },
    /// The next `times` matching requests reach the service, which acts on them, and then the
    /// connection is dropped before the answer: the caller cannot tell whether it happened.
    LoseAnswer { action: String, times: u32 },
    /// The next `times` `iam:EnableMFADevice` requests are refused the way AWS refuses wrong
    /// codes (`InvalidAuthenticationCode`). moto accepts any codes, so this is the only way a
    /// test sees AWS reject codes that passed a local check (reused, or from a clock at the
    /// edge of a step).
    InvalidMfaCode { times: u32 },
    /// Every `sts:AssumeRole` into a role of `account_id` is refused with `AccessDenied`, as
    /// AWS refuses it when the role's trust policy does not name the caller.
    AssumeRoleDenied { account_id: String },
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
    /// What each Region's `LookupEvents` limit has counted so far.
    pub lookup_meters: HashMap<String, Meter>,
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
    /// Root signing certificates deleted so far, by number.
    pub root_certs_deleted: Vec<u8>,
    /// IAM Access Analyzer analyzers per Region, in creation order.
    pub analyzers: HashMap<String, Vec<super::access_analyzer::Kept>>,
    /// AWS Budgets budgets, in creation order.
    pub budgets: Vec<super::cost_alerts::Budget>,
    /// Cost Anomaly Detection monitors and subscriptions, as the API lists them.
    pub anomaly_monitors: Vec<Value>,
    pub anomaly_subscriptions: Vec<Value>,
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
    /// Refuse `EnableMFADevice` for invalid codes.
    InvalidMfaCode,
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
                Fault::Hang {
                    action,
                    times,
                    delay: d,
                } if *times > 0 && matches(action, api) => {
                    *times -= 1;
                    delay = Some(*d);
                }
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
                Fault::InvalidMfaCode { times } if *times > 0 && api == "iam:EnableMFADevice" => {
                    if matches!(verdict, Verdict::Pass) {
                        *times -= 1;
                        verdict = Verdict::InvalidMfaCode;
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

    /// Counts one `LookupEvents` request for `region` against the limit; false when the
    /// limit refuses it.
    pub fn take_lookup_token(&mut self, region: &str) -> bool {
        let (limit, now) = (self.lookup_limit, Instant::now());
        self.lookup_meters
            .entry(region.to_owned())
            .or_insert_with(|| Meter::new(limit, now))
            .admit(limit, now)
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
    /// The organizations created through the endpoint (see `gap::organizations`).
    pub orgs: Mutex<super::organizations::Registry>,
}

/// A registered access key: its account, and the secret the gap endpoint needs to call moto
/// as the key's owner (see `gap::trails`).
#[derive(Debug, Clone)]
pub(crate) struct KeyInfo {
    pub account_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    /// Set for the credentials of an `sts:AssumeRoot` session (see `gap::root_task`).
    pub root_task: Option<super::root_task::RootTask>,
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
                root_task: None,
            },
        );
        lock(&self.accounts)
            .entry(account_id.to_owned())
            .or_default();
    }

    /// Records the credentials of a root session in `account_id` limited to `task`.
    pub fn register_root_session(
        &self,
        access_key_id: &str,
        secret_access_key: &str,
        session_token: &str,
        account_id: &str,
        task: super::root_task::RootTask,
    ) {
        self.register_key(
            access_key_id,
            secret_access_key,
            Some(session_token),
            account_id,
        );
        if let Some(key) = lock(&self.keys).get_mut(access_key_id) {
            key.root_task = Some(task);
        }
    }

    /// Whether a fault of `caller` refuses `sts:AssumeRole` into `target`.
    pub fn assume_role_denied(&self, caller: &str, target: &str) -> bool {
        self.with(caller, |a| {
            a.faults.iter().any(
                |f| matches!(f, Fault::AssumeRoleDenied { account_id } if account_id == target),
            )
        })
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
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
