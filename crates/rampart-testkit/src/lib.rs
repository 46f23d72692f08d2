//! Test support for rampart: the moto emulator, fresh isolated accounts, and the gap endpoint
//! that forwards to moto while adding what moto lacks (the root user's facts, CloudTrail event
//! history, billing reports), fault injection and a per-account request log.
//!
//! What the gap endpoint adds, per account (the account is recognised by the access key in the
//! SigV4 `Authorization` header; requests signed with unknown keys are forwarded untouched):
//! - IAM: the `<root_account>` row of the credential report ([`RootState`]), the root flags of
//!   `GetAccountSummary`, a root virtual MFA device, asynchronous report generation
//!   ([`TestAccount::set_credential_report_delay`]), and AWS-style paging of
//!   `GetAccountAuthorizationDetails` ([`TestAccount::set_authorization_page_size`]).
//! - CloudTrail `LookupEvents` over seeded records ([`events`], [`TestAccount::add_events`]),
//!   rate-limited like AWS as a token bucket or a strict sliding window ([`LookupLimit`]).
//! - `cur` report definitions and `bcm-data-exports` exports, in memory.
//! - `account:ListRegions` over each account's Regions ([`TestAccount::set_region_status`]),
//!   filtered by status and paged like AWS.
//! - IAM Access Analyzer analyzers per Region, created, listed, read and deleted with AWS's
//!   rules ([`TestAccount::add_analyzer`]).
//! - Faults ([`Fault`]) in each service's own error format, and a request log
//!   ([`TestAccount::request_counts`]) naming APIs `service:Operation` the way the collector does.
//!
//! - Organizations ([`Organization`], [`new_organization`]): moto runs the organization and its
//!   accounts; the endpoint adds trusted access for IAM (`organizations:EnableAWSServiceAccess`
//!   for `iam.amazonaws.com`), centralized root access (`iam:ListOrganizationsFeatures`,
//!   `iam:Enable…`/`Disable…OrganizationsRootCredentialsManagement` and `…RootSessions`),
//!   `sts:AssumeRoot` into members, whose credentials act as the member's root user within the
//!   task policy (`GetLoginProfile`, `ListAccessKeys`, `ListMFADevices`,
//!   `ListSigningCertificates` and their deletions, over [`RootState`]), and unreachable members
//!   ([`Organization::make_unreachable`]). Keys moto hands out for `sts:AssumeRole` through the
//!   endpoint are learnt, so a member reached through its role has its own emulated state.
//!
//! The gap endpoint does not evaluate IAM policies for the APIs it answers itself (root
//! sessions excepted: their task policy is enforced).
//!
//! The `rampart-emulator` binary of this crate serves one such account until stopped and prints
//! the `AWS_*` variables that point a shell (rampart, the AWS CLI, boto3) at it; with `--org N`
//! the account manages an organization of N members in mixed root states.
//!
//! ```no_run
//! # async fn demo() {
//! let account = rampart_testkit::new_account().await;
//! let conf = account.sdk_config("us-east-1").await;
//! account.inject(rampart_testkit::Fault::AccessDenied { action: "iam:GetCredentialReport".into() });
//! # let _ = conf;
//! # }
//! ```
//!
//! An organization of three members, one with a root password and access key, one whose
//! `OrganizationAccountAccessRole` the management account cannot assume, one suspended:
//!
//! ```no_run
//! # async fn demo() {
//! use rampart_testkit::{new_organization, RootState};
//! let org = new_organization(3).await;
//! let [a, b, c] = [&org.members[0], &org.members[1], &org.members[2]];
//! org.set_root(a, RootState { login_profile: true, access_keys_active: 1, ..org.root(a) });
//! org.make_unreachable(b);
//! org.suspend(c).await;
//! org.set_root_access(true, true, true); // centralized root access on
//! let conf = org.management.sdk_config("us-east-1").await; // act as the management account
//! # let _ = conf;
//! # }
//! ```

mod account;
pub mod alerting;
pub mod archive;
pub mod athena;
pub mod events;
mod gap;
mod moto;
mod org_api;
mod organization;

use std::sync::OnceLock;

pub use account::{TestAccount, BASE_ACCESS_KEY};
pub use gap::regions::RegionOptStatus;
pub use gap::root_session::root_key_id;
pub use gap::root_task::{mfa_serial, root_cert_id};
pub use gap::state::{Fault, KeyUse, LookupLimit, RootState};
pub use gap::Gap;
pub use moto::Moto;
pub use organization::{Organization, MEMBER_ROLE};

/// moto's default account, the one the base credentials (`testing`/`testing`) act in.
pub const DEFAULT_ACCOUNT: &str = "123456789012";

/// A moto server with a gap endpoint in front of it.
pub struct Emulator {
    moto: Moto,
    gap: Gap,
}

impl Emulator {
    /// Starts a dedicated emulator with extra moto environment, e.g.
    /// `[("INITIAL_NO_AUTH_ACTION_COUNT", "4")]` to enforce IAM permissions after four requests.
    /// It stops when dropped.
    pub fn start(extra_env: &[(&str, &str)]) -> Emulator {
        let moto = Moto::start(extra_env);
        let gap = Gap::start(moto.port());
        Emulator { moto, gap }
    }

    /// Like [`Emulator::start`] with no extra environment, but the gap endpoint listens on
    /// loopback `port` (0: any free port). Fails, with a message to show, when moto cannot be
    /// started or the port is taken.
    pub fn start_on(port: u16) -> Result<Emulator, String> {
        let moto = Moto::try_start(&[])?;
        let gap = Gap::start_on(moto.port(), port)
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        Ok(Emulator { moto, gap })
    }

    pub fn moto_url(&self) -> String {
        self.moto.url()
    }

    pub fn gap_url(&self) -> &str {
        self.gap.url()
    }

    /// A fresh account with empty state (see [`new_account`]).
    pub async fn new_account(&self) -> TestAccount {
        self.account(&account::random_account_id()).await
    }

    /// The account `account_id` (12 digits), created empty on first use: moto's default
    /// account through [`Emulator::default_account`], any other through `sts:AssumeRole`.
    pub async fn account(&self, account_id: &str) -> TestAccount {
        if account_id == DEFAULT_ACCOUNT {
            return self.default_account();
        }
        let (moto, state) = (self.moto.url(), self.gap.state.clone());
        account::assume(&moto, self.gap.url(), state, account_id.to_owned()).await
    }

    /// moto's default account `123456789012`, reached with the base credentials
    /// (`testing`/`testing`) through the gap endpoint.
    pub fn default_account(&self) -> TestAccount {
        let acct = TestAccount {
            account_id: DEFAULT_ACCOUNT.to_owned(),
            endpoint_url: self.gap.url().to_owned(),
            access_key_id: BASE_ACCESS_KEY.to_owned(),
            secret_access_key: "testing".to_owned(),
            session_token: None,
            state: self.gap.state.clone(),
        };
        acct.state
            .register_key(BASE_ACCESS_KEY, "testing", None, &acct.account_id);
        acct
    }
}

/// The emulator shared by every test of this test binary, started on first use. moto exits
/// when the test process does.
pub fn shared() -> &'static Emulator {
    static SHARED: OnceLock<Emulator> = OnceLock::new();
    SHARED.get_or_init(|| Emulator::start(&[]))
}

/// A fresh account on the shared emulator: `sts:AssumeRole` into
/// `arn:aws:iam::<random 12 digits>:role/x`, which moto maps to a new, empty account.
pub async fn new_account() -> TestAccount {
    shared().new_account().await
}

/// A new organization on the shared emulator (see [`Emulator::new_organization`]).
pub async fn new_organization(n_members: usize) -> Organization {
    shared().new_organization(n_members).await
}
