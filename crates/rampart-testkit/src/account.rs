//! Fresh, isolated accounts on the emulator, and the handles tests use to seed and inspect them.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aws_credential_types::Credentials;
use aws_types::region::Region;
use serde_json::Value;

use crate::gap::regions::{self, RegionList, RegionOptStatus};
use crate::gap::state::{Fault, GapState, LookupLimit, RootState};

/// The credentials moto accepts before any user exists.
pub const BASE_ACCESS_KEY: &str = "testing";
const BASE_SECRET: &str = "testing";

/// One account on the emulator, reached through the gap endpoint.
#[derive(Clone)]
pub struct TestAccount {
    pub account_id: String,
    /// The gap endpoint's URL (not moto's): every SDK call should go there.
    pub endpoint_url: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub(crate) state: Arc<GapState>,
}

impl std::fmt::Debug for TestAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret and the session token are deliberately left out.
        f.debug_struct("TestAccount")
            .field("account_id", &self.account_id)
            .field("endpoint_url", &self.endpoint_url)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// A random 12-digit account id that does not start with 0 and is not moto's default.
pub(crate) fn random_account_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    let n = 100_000_000_000 + h.finish() % 900_000_000_000;
    if n == 123_456_789_012 {
        return random_account_id();
    }
    n.to_string()
}

/// Assumes `arn:aws:iam::<account_id>:role/x` with the base credentials on moto; moto maps
/// it to that account, created empty on first use.
pub(crate) async fn assume(
    moto_url: &str,
    gap_url: &str,
    state: Arc<GapState>,
    account_id: String,
) -> TestAccount {
    let conf = sdk_config(moto_url, "us-east-1", BASE_ACCESS_KEY, BASE_SECRET, None).await;
    let sts = aws_sdk_sts::Client::new(&conf);
    let out = sts
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account_id}:role/x"))
        .role_session_name("rampart-test")
        .send()
        .await;
    let creds = match out.map(|o| o.credentials) {
        Ok(Some(c)) => c,
        Ok(None) => panic!("moto answered AssumeRole without credentials"),
        Err(e) => panic!("AssumeRole into a fresh account failed on moto: {e:?}"),
    };
    let account = TestAccount {
        account_id,
        endpoint_url: gap_url.to_owned(),
        access_key_id: creds.access_key_id,
        secret_access_key: creds.secret_access_key,
        session_token: Some(creds.session_token),
        state,
    };
    account.state.register_key(
        &account.access_key_id,
        &account.secret_access_key,
        account.session_token.as_deref(),
        &account.account_id,
    );
    account
}

async fn sdk_config(
    url: &str,
    region: &str,
    key: &str,
    secret: &str,
    token: Option<String>,
) -> aws_types::SdkConfig {
    let creds = Credentials::new(key, secret, token, None, "rampart-testkit");
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(url)
        .credentials_provider(creds)
        .load()
        .await
}

impl TestAccount {
    /// SDK configuration for this account: the gap endpoint and this account's credentials.
    pub async fn sdk_config(&self, region: &str) -> aws_types::SdkConfig {
        let token = self.session_token.clone();
        sdk_config(
            &self.endpoint_url,
            region,
            &self.access_key_id,
            &self.secret_access_key,
            token,
        )
        .await
    }

    /// Turns every setting of the account's S3 Block Public Access on.
    pub async fn block_public_access(&self) {
        let control = aws_sdk_s3control::Client::new(&self.sdk_config("us-east-1").await);
        let on = aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
            .block_public_acls(true)
            .ignore_public_acls(true)
            .block_public_policy(true)
            .restrict_public_buckets(true)
            .build();
        // AWS puts the account id in front of S3 Control's host name, which cannot resolve
        // locally; moto answers S3 Control on the plain endpoint, so the label is left out.
        let label = format!("{}.", self.account_id);
        control
            .put_public_access_block()
            .account_id(&self.account_id)
            .public_access_block_configuration(on)
            .customize()
            .mutate_request(move |req| {
                let uri = req.uri().replacen(&label, "", 1);
                let _ = req.set_uri(uri);
            })
            .send()
            .await
            .expect("the account's Block Public Access is set");
    }

    /// `AWS_*` variables that point the `rampart` binary (or any SDK program) at this account
    /// and nothing else: shared config and credential files are replaced by `/dev/null`.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut vars = vec![
            ("AWS_ENDPOINT_URL", self.endpoint_url.clone()),
            ("AWS_ACCESS_KEY_ID", self.access_key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY", self.secret_access_key.clone()),
            ("AWS_REGION", "us-east-1".to_owned()),
            ("AWS_DEFAULT_REGION", "us-east-1".to_owned()),
            ("AWS_CONFIG_FILE", "/dev/null".to_owned()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".to_owned()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ];
        if let Some(token) = &self.session_token {
            vars.push(("AWS_SESSION_TOKEN", token.clone()));
        }
        vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// The same account reached with other credentials (e.g. an IAM user's access key created
    /// during setup); the gap endpoint learns that the key belongs to this account.
    pub fn with_credentials(&self, key: &str, secret: &str, token: Option<String>) -> TestAccount {
        self.state
            .register_key(key, secret, token.as_deref(), &self.account_id);
        TestAccount {
            access_key_id: key.to_owned(),
            secret_access_key: secret.to_owned(),
            session_token: token,
            ..self.clone()
        }
    }

    /// Account `account_id` at this endpoint, reached with credentials the gap endpoint handed
    /// out or learnt itself (an `sts:AssumeRoot` or `sts:AssumeRole` answer through it). Unlike
    /// [`TestAccount::with_credentials`] it registers nothing, so a root session stays one.
    pub fn reached_with(
        &self,
        account_id: &str,
        key: &str,
        secret: &str,
        token: Option<String>,
    ) -> TestAccount {
        TestAccount {
            account_id: account_id.to_owned(),
            access_key_id: key.to_owned(),
            secret_access_key: secret.to_owned(),
            session_token: token,
            ..self.clone()
        }
    }

    /// The same account reached at another endpoint, e.g. straight at moto without the gap
    /// endpoint, to see what a plain emulator answers.
    pub fn at_endpoint(&self, url: &str) -> TestAccount {
        TestAccount {
            endpoint_url: url.to_owned(),
            ..self.clone()
        }
    }

    /// How many requests the account has made so far.
    pub fn requests(&self) -> u64 {
        self.state.with(&self.account_id, |a| a.total_requests)
    }

    pub fn root(&self) -> RootState {
        self.state.with(&self.account_id, |a| a.root.clone())
    }

    pub fn set_root(&self, root: RootState) {
        self.state.with(&self.account_id, |a| a.root = root);
    }

    /// Makes this account's requests act as its root user for what only root can do, which
    /// moto cannot emulate: the caller identity is the root ARN, and `ListAccessKeys` /
    /// `DeleteAccessKey` without a user name act on the root keys of [`RootState`].
    pub fn sign_in_as_root(&self, yes: bool) {
        self.state
            .with(&self.account_id, |a| a.signed_in_as_root = yes);
    }

    /// Injects a fault for every later request of this account.
    pub fn inject(&self, fault: Fault) {
        self.state.with(&self.account_id, |a| a.faults.push(fault));
    }

    pub fn clear_faults(&self) {
        self.state.with(&self.account_id, |a| a.faults.clear());
    }

    /// Requests seen so far, per API (`iam:GetAccountAuthorizationDetails`).
    pub fn request_counts(&self) -> BTreeMap<String, u64> {
        self.state.with(&self.account_id, |a| a.requests.clone())
    }

    pub fn reset_request_counts(&self) {
        self.state.with(&self.account_id, |a| {
            a.requests.clear();
            a.total_requests = 0;
        });
    }

    /// Seeds CloudTrail records (see [`crate::events`]); each lands in its `awsRegion`.
    pub fn add_events(&self, records: impl IntoIterator<Item = Value>) {
        self.state.with(&self.account_id, |a| {
            for record in records {
                let region = record["awsRegion"]
                    .as_str()
                    .unwrap_or("us-east-1")
                    .to_owned();
                a.events.entry(region).or_default().push(record);
            }
        });
    }

    /// Makes IAM take `delay` to build a credential report after `GenerateCredentialReport`
    /// (`Duration::MAX`: never finishes); `None` restores moto's instant report.
    pub fn set_credential_report_delay(&self, delay: Option<std::time::Duration>) {
        self.state.with(&self.account_id, |a| {
            a.report_delay = delay;
            a.report_started = None;
        });
    }

    /// Caps `GetAccountAuthorizationDetails` pages at `size` items whatever `MaxItems` asks for
    /// (AWS may return fewer items than asked); `None` leaves `MaxItems` in charge.
    pub fn set_authorization_page_size(&self, size: Option<usize>) {
        self.state
            .with(&self.account_id, |a| a.authorization_page_size = size);
    }

    /// Changes the `LookupEvents` rate limit (AWS's 2 per second, as a token bucket, by
    /// default), forgetting what the old one counted.
    pub fn set_lookup_limit(&self, limit: LookupLimit) {
        self.state.with(&self.account_id, |a| {
            a.lookup_limit = limit;
            a.lookup_meters.clear();
        });
    }

    /// The Regions `account:ListRegions` lists and their status, sorted by name.
    pub fn regions(&self) -> Vec<(String, RegionOptStatus)> {
        self.state.with(&self.account_id, |a| a.regions.0.clone())
    }

    /// Sets one Region's status (e.g. `Enabled` to opt in to `ap-east-1`), adding the Region
    /// when the account does not list it yet.
    /// Adds an IAM Access Analyzer analyzer to `region`, of `kind` (the API's `type`, such as
    /// `ACCOUNT` or `ACCOUNT_UNUSED_ACCESS`) and `status` (`ACTIVE`, `FAILED`…).
    pub fn add_analyzer(&self, region: &str, name: &str, kind: &str, status: &str) {
        let summary =
            crate::gap::access_analyzer::summary(&self.account_id, region, name, kind, status);
        self.state.with(&self.account_id, |a| {
            a.analyzers.entry(region.to_owned()).or_default().push(
                crate::gap::access_analyzer::Kept {
                    summary,
                    client_token: None,
                },
            );
        });
    }

    /// The names and types of the analyzers in `region`.
    pub fn analyzers(&self, region: &str) -> Vec<(String, String)> {
        self.state.with(&self.account_id, |a| {
            a.analyzers
                .get(region)
                .map(|kept| {
                    kept.iter()
                        .map(|k| {
                            let s =
                                |key: &str| k.summary[key].as_str().unwrap_or_default().to_owned();
                            (s("name"), s("type"))
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    pub fn set_region_status(&self, region: &str, status: RegionOptStatus) {
        self.state
            .with(&self.account_id, |a| regions::set_status(a, region, status));
    }

    /// Replaces the account's Regions (a fresh account has the 17 enabled by default and a few
    /// disabled opt-in Regions).
    pub fn set_regions(&self, list: &[(&str, RegionOptStatus)]) {
        let mut list: Vec<(String, RegionOptStatus)> =
            list.iter().map(|(r, s)| ((*r).to_owned(), *s)).collect();
        list.sort_by(|x, y| x.0.cmp(&y.0));
        self.state
            .with(&self.account_id, |a| a.regions = RegionList(list));
    }
}
