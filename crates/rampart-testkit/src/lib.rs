//! Test support for rampart: the moto emulator, fresh isolated accounts, and the gap endpoint
//! that forwards to moto while adding what moto lacks (the root user's facts, CloudTrail event
//! history, billing reports), fault injection and a per-account request log.
//!
//! ```no_run
//! # async fn demo() {
//! let account = rampart_testkit::new_account().await;
//! let conf = account.sdk_config("us-east-1").await;
//! account.inject(rampart_testkit::Fault::AccessDenied { action: "iam:GetCredentialReport".into() });
//! # let _ = conf;
//! # }
//! ```

mod account;
pub mod events;
mod gap;
mod moto;

use std::sync::OnceLock;

pub use account::{TestAccount, BASE_ACCESS_KEY};
pub use gap::state::{Fault, KeyUse, LookupLimit, RootState};
pub use gap::Gap;
pub use moto::Moto;

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

    pub fn moto_url(&self) -> String {
        self.moto.url()
    }

    pub fn gap_url(&self) -> &str {
        self.gap.url()
    }

    /// A fresh account with empty state (see [`new_account`]).
    pub async fn new_account(&self) -> TestAccount {
        account::assume_fresh(&self.moto.url(), self.gap.url(), self.gap.state.clone()).await
    }

    /// moto's default account `123456789012`, reached with the base credentials
    /// (`testing`/`testing`) through the gap endpoint.
    pub fn default_account(&self) -> TestAccount {
        let acct = TestAccount {
            account_id: "123456789012".to_owned(),
            endpoint_url: self.gap.url().to_owned(),
            access_key_id: BASE_ACCESS_KEY.to_owned(),
            secret_access_key: "testing".to_owned(),
            session_token: None,
            state: self.gap.state.clone(),
        };
        acct.state.register_key(BASE_ACCESS_KEY, &acct.account_id);
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
