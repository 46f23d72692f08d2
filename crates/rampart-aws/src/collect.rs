//! Collection: every fact of a [`Snapshot`], read concurrently.
//!
//! `GetCallerIdentity` comes first (it names the account, and its failure leaves nothing to
//! audit); everything else then runs at once. Only bucket and alerting facts wait, for the
//! trails and billing reports that say which buckets and log groups matter.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use chrono::Utc;
use rampart_model::alerting::AlertingFacts;
use rampart_model::billing::BillingFacts;
use rampart_model::cloudtrail::{CloudTrailFacts, Trail};
use rampart_model::iam::IamFacts;
use rampart_model::s3::{BucketFacts, S3Facts};
use rampart_model::snapshot::AccountFacts;
use rampart_model::{Observed, Snapshot, Unavailable, UnavailableKind, FORMAT_VERSION};
use tokio::sync::mpsc::unbounded_channel;

use crate::cause::SdkCause;
use crate::clients::Clients;
use crate::events::RegionLimiters;
use crate::{
    account, alerting, authorization, billing, cloudtrail, credential_report, events, iam, s3,
};
use crate::{Connection, Progress};

#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// Search the CloudTrail event history for root activity (costs `LookupEvents` calls).
    pub root_activity: bool,
    /// Upper bound on waiting for the credential report.
    pub credential_report_timeout: std::time::Duration,
    /// Do not read the billing reports: every check that needs them is ignored.
    pub skip_billing: bool,
    /// Do not read alert rules, topics, filters and alarms: every alert check is ignored.
    pub skip_alerting: bool,
    /// The checks left out (ids): a guardrail fact (step 5) that only they need is not read.
    pub left_out: BTreeSet<String>,
}

impl Default for CollectOptions {
    fn default() -> Self {
        Self {
            root_activity: true,
            credential_report_timeout: std::time::Duration::from_secs(60),
            skip_billing: false,
            skip_alerting: false,
            left_out: BTreeSet::new(),
        }
    }
}

/// A failure that leaves nothing to audit. Each carries the SDK's failure as its source.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("no AWS credentials found (set AWS_PROFILE, run `aws configure` or `aws sso login`)")]
    NoCredentials(#[source] SdkCause),
    #[error("could not identify the caller with sts:GetCallerIdentity")]
    Identity(#[source] SdkCause),
    #[error("sts:GetCallerIdentity answered without naming an account")]
    NoAccount,
}

/// Collects a snapshot of the account behind `conn`.
pub async fn collect(
    conn: &Connection,
    opts: &CollectOptions,
    progress: &dyn Progress,
) -> Result<Snapshot, CollectError> {
    // The collection's future is large (every fact's request in flight at once); it lives on
    // the heap so that callers' stacks (a test thread's 2 MiB, say) do not have to hold it.
    counted(conn, progress, |clients| {
        Box::pin(run(clients, opts, progress))
    })
    .await
}

/// Runs `work` with counted clients for `conn`, reporting each request to `progress`.
///
/// Clients report each request through a channel; it is drained here, alongside the work,
/// because `progress` is only borrowed and the SDK wants owned interceptors.
pub(crate) async fn counted<T, Fut>(
    conn: &Connection,
    progress: &dyn Progress,
    work: impl FnOnce(Clients) -> Fut,
) -> T
where
    Fut: Future<Output = T>,
{
    let (sink, mut requests) = unbounded_channel::<String>();
    let work = work(Clients::new(conn, sink));
    tokio::pin!(work);
    loop {
        tokio::select! {
            biased;
            Some(api) = requests.recv() => progress.request(&api),
            result = &mut work => {
                while let Ok(api) = requests.try_recv() {
                    progress.request(&api);
                }
                return result;
            }
        }
    }
}

/// Runs `fut` between `fact_started` and `fact_finished`.
async fn fact<T>(progress: &dyn Progress, name: &str, fut: impl Future<Output = T>) -> T {
    progress.fact_started(name);
    let value = fut.await;
    progress.fact_finished(name);
    value
}

async fn run(
    clients: Clients,
    opts: &CollectOptions,
    progress: &dyn Progress,
) -> Result<Snapshot, CollectError> {
    let taken_at = Utc::now();
    let region = clients.region().to_owned();
    let (account_id, caller) = fact(
        progress,
        "caller identity",
        account::caller_identity(&clients.sts(&region)),
    )
    .await?;
    let iam = clients.iam(&region);
    let account_client = clients.account(&region);
    let limiters = RegionLimiters::default();

    let root_activity = async {
        if opts.root_activity {
            events::root_activity(&clients, &limiters, taken_at).await
        } else {
            Observed::Unavailable(Unavailable::new(
                UnavailableKind::NotSupported,
                None,
                "the event-history search for root activity was turned off",
            ))
        }
    };
    let (
        credential_report,
        account_summary,
        password_policy,
        authorization,
        virtual_mfa_devices,
        account_aliases,
        server_certificates,
        (security_contact, billing_contact, operations_contact),
        account_public_access_block,
        root_activity,
        guardrails,
        (trails, billing, buckets, alerting, owned, other_buckets),
        cost_alerts,
    ) = tokio::join!(
        fact(
            progress,
            "credential report",
            credential_report::collect(&iam, opts.credential_report_timeout)
        ),
        fact(progress, "account summary", iam::account_summary(&iam)),
        fact(progress, "password policy", iam::password_policy(&iam)),
        fact(
            progress,
            "authorization details",
            authorization::collect(&iam)
        ),
        fact(
            progress,
            "virtual MFA devices",
            iam::virtual_mfa_devices(&iam)
        ),
        fact(progress, "account aliases", iam::account_aliases(&iam)),
        fact(
            progress,
            "server certificates",
            iam::server_certificates(&iam)
        ),
        fact(progress, "alternate contacts", async {
            use aws_sdk_account::types::AlternateContactType as Kind;
            tokio::join!(
                account::alternate_contact(&account_client, Kind::Security),
                account::alternate_contact(&account_client, Kind::Billing),
                account::alternate_contact(&account_client, Kind::Operations),
            )
        }),
        fact(
            progress,
            "account public access block",
            s3::account_public_access_block(&clients, &account_id)
        ),
        fact(progress, "root activity", root_activity),
        fact(
            progress,
            "guardrails",
            crate::guardrails::collect(&clients, &opts.left_out)
        ),
        trails_and_dependents(&clients, &account_id, opts, progress),
        fact(
            progress,
            "cost alerts",
            crate::cost_alerts::collect(
                &clients,
                &account_id,
                !opts
                    .left_out
                    .contains(rampart_model::check_ids::NO_BUDGET_ALERT),
                !opts
                    .left_out
                    .contains(rampart_model::check_ids::NO_COST_ANOMALY_ALERT),
            )
        ),
    );

    Ok(Snapshot {
        format_version: FORMAT_VERSION,
        taken_at,
        account_id,
        caller,
        region,
        iam: IamFacts {
            credential_report,
            account_summary,
            password_policy,
            authorization,
            virtual_mfa_devices,
            account_aliases,
            server_certificates,
        },
        account: AccountFacts {
            security_contact,
            billing_contact,
            operations_contact,
        },
        cloudtrail: CloudTrailFacts {
            trails,
            root_activity,
        },
        s3: S3Facts {
            account_public_access_block,
            buckets,
            owned,
            other_buckets,
        },
        alerting,
        billing,
        guardrails,
        cost_alerts,
        organization: None,
    })
}

/// Trails and billing reports, then the facts that depend on them: their buckets and the
/// alerting built on trail log groups.
async fn trails_and_dependents(
    clients: &Clients,
    account_id: &str,
    opts: &CollectOptions,
    progress: &dyn Progress,
) -> (
    Observed<Vec<Trail>>,
    BillingFacts,
    BTreeMap<String, BucketFacts>,
    AlertingFacts,
    Observed<BTreeSet<String>>,
    BTreeMap<String, BucketFacts>,
) {
    progress.fact_started("buckets");
    let billing = async {
        if opts.skip_billing {
            BillingFacts {
                cur_reports: Observed::Unavailable(skipped("billing reports")),
                data_exports: Observed::Unavailable(skipped("billing reports")),
            }
        } else {
            fact(progress, "billing reports", billing::collect(clients)).await
        }
    };
    let (trails, billing, owned) = tokio::join!(
        fact(progress, "trails", cloudtrail::trails(clients)),
        billing,
        s3::owned_buckets(clients),
    );
    let names = bucket_names(&trails, &billing);
    // Every other bucket's access, for the checks that look at every bucket and the planner's
    // account-wide Block Public Access (which lists the buckets it would cut off).
    use rampart_model::check_ids as id;
    let every_bucket = [
        id::RESOURCE_POLICY_ALLOWS_ANYONE,
        id::ACCOUNT_PUBLIC_ACCESS_BLOCK_OFF,
    ];
    let others: Vec<String> = if every_bucket.iter().any(|i| !opts.left_out.contains(*i)) {
        owned
            .known()
            .map(|set| {
                set.iter()
                    .filter(|n| !names.contains(*n))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let (buckets, alerting) = tokio::join!(
        async {
            let (buckets, others) = tokio::join!(
                s3::buckets(clients, names, &owned),
                s3::other_buckets(clients, others),
            );
            progress.fact_finished("buckets");
            (buckets, others)
        },
        async {
            if opts.skip_alerting {
                AlertingFacts {
                    event_rules: Observed::Unavailable(skipped("alert rules")),
                    topics: Observed::Unavailable(skipped("alert topics")),
                    metric_filters: Observed::Unavailable(skipped("metric filters")),
                    alarms: Observed::Unavailable(skipped("alarms")),
                }
            } else {
                fact(
                    progress,
                    "alerting",
                    alerting::collect(clients, &trails, account_id),
                )
                .await
            }
        },
    );
    let (buckets, other_buckets) = buckets;
    (trails, billing, buckets, alerting, owned, other_buckets)
}

/// A fact not read because every check that needs it is ignored.
pub(crate) fn skipped(what: &str) -> Unavailable {
    Unavailable::new(
        UnavailableKind::Skipped,
        None,
        format!("{what} were not read: every check that needs them is ignored (audit.ignore)"),
    )
}

/// Every bucket a trail or billing report delivers to.
fn bucket_names(trails: &Observed<Vec<Trail>>, billing: &BillingFacts) -> BTreeSet<String> {
    let from_trails = trails
        .known()
        .into_iter()
        .flatten()
        .filter_map(|t| t.s3_bucket.clone());
    let from_cur = billing
        .cur_reports
        .known()
        .into_iter()
        .flatten()
        .map(|r| r.s3_bucket.clone());
    let from_exports = billing
        .data_exports
        .known()
        .into_iter()
        .flatten()
        .map(|e| e.s3_bucket.clone());
    from_trails
        .chain(from_cur)
        .chain(from_exports)
        .filter(|n| !n.is_empty())
        .collect()
}
