//! Applying a plan: each action in order, after re-reading the facts it rests on.
//!
//! Before an action runs, the executor re-reads its family of facts with the collector's own
//! code, re-plans with the plan's baseline, and compares: an action whose `before` no longer
//! holds means the account changed since the plan, and nothing more is done; an action the
//! fresh plan no longer needs is skipped as already in place. That is also what makes a rerun
//! after a failure finish the job without doing anything twice. On an error the executor stops
//! and reports what was done and what was not.

mod alerting;
mod billing;
mod bucket;
mod call;
mod cost_alerts;
mod guardrails;
mod iam;
mod kms;
mod organization;
mod password;
mod refresh;
mod root;
mod trail;

use crate::clients::Clients;
use crate::{Connection, Progress};
use rampart_model::Snapshot;
use rampart_plan::{Action, Call, Plan, PlanOptions};

pub(crate) use call::with_clients;
pub use call::CallError;

pub use password::{GeneratedPassword, Secret};

/// What the executor reports while it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyEvent {
    Started {
        title: String,
    },
    Done {
        title: String,
    },
    Skipped {
        title: String,
        why: String,
    },
    /// A console password was just set: to be written where it goes now, so that a run cut
    /// short later does not lose it.
    PasswordSet {
        user: String,
        password: Secret,
    },
}

/// Why an action could not be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("the account changed since the plan: {title} is no longer as the plan expected it (was {expected}, now {found}); run `rampart plan` again")]
    Stale {
        title: String,
        expected: String,
        found: String,
    },
    #[error("{title}: {api} failed", api = source.api)]
    Call {
        title: String,
        #[source]
        source: call::CallError,
    },
    #[error("the plan is for account {plan}, but the credentials are for account {actual}")]
    WrongAccount { plan: String, actual: String },
    /// Re-reading the facts an action rests on failed, so whether it is still needed is unknown.
    #[error("{title}: could not check the account before acting: {why}; nothing was changed for it, run `rampart apply` again")]
    Unreadable { title: String, why: String },
}

/// The result of an apply, successful or not. Generated passwords are in it either way so
/// they can be shown once, even when a later action failed.
#[derive(Debug, Default)]
pub struct ApplyOutcome {
    pub done: Vec<String>,
    pub skipped: Vec<String>,
    pub failed: Option<StepError>,
    /// Titles of the actions not attempted because of the failure.
    pub not_done: Vec<String>,
    pub passwords: Vec<GeneratedPassword>,
    /// The sign-in URL for the generated passwords.
    pub sign_in_url: Option<String>,
}

/// Applies `plan`. `snapshot` is the one the plan was just made from, if any; otherwise the
/// account is collected first. Manual steps are not actions here: they are for the reader.
pub async fn apply(
    conn: &Connection,
    plan: &Plan,
    snapshot: Option<Snapshot>,
    opts: &PlanOptions,
    events: &(dyn Fn(&ApplyEvent) + Sync),
    progress: &dyn Progress,
) -> Result<ApplyOutcome, crate::CollectError> {
    let snap = match snapshot {
        Some(s) => s,
        None => {
            // What the plan left out (ignored checks) is not read again either.
            let collect = crate::CollectOptions {
                skip_billing: !opts.wants(rampart_model::check_ids::BILLING),
                skip_alerting: !opts.wants(rampart_model::check_ids::ALERTS),
                ..crate::CollectOptions::default()
            };
            crate::collect_for_plan(conn, &plan.baseline, &collect, progress).await?
        }
    };
    Ok(with_clients(conn, progress, |clients| {
        run(clients, plan, snap, opts, events)
    })
    .await)
}

async fn run(
    clients: Clients,
    plan: &Plan,
    mut snap: Snapshot,
    opts: &PlanOptions,
    events: &(dyn Fn(&ApplyEvent) + Sync),
) -> ApplyOutcome {
    let mut out = ApplyOutcome::default();
    let actions: Vec<&Action> = plan.changes().collect();
    if snap.account_id != plan.account_id {
        out.failed = Some(StepError::WrongAccount {
            plan: plan.account_id.clone(),
            actual: snap.account_id.clone(),
        });
        out.not_done = actions.iter().map(|a| a.title.clone()).collect();
        return out;
    }
    for (i, action) in actions.iter().enumerate() {
        refresh::reread(&clients, &mut snap, action).await;
        let fresh = rampart_plan::plan(&plan.baseline, &snap, opts);
        let newly_unreadable: Vec<&str> = fresh
            .unreadable
            .iter()
            .filter(|u| !plan.unreadable.contains(u))
            .map(String::as_str)
            .collect();
        let result = match fresh.action(&action.id) {
            // A re-read that failed drops the action from the fresh plan: that is not "already
            // in place", it is unknown.
            None if !newly_unreadable.is_empty() => Err(StepError::Unreadable {
                title: action.title.clone(),
                why: newly_unreadable.join("; "),
            }),
            None => {
                let why = "already in place".to_owned();
                events(&ApplyEvent::Skipped {
                    title: action.title.clone(),
                    why,
                });
                out.skipped.push(action.title.clone());
                continue;
            }
            Some(f) if f.before != action.before => Err(StepError::Stale {
                title: action.title.clone(),
                expected: action.before.to_string(),
                found: f.before.to_string(),
            }),
            // The call made is the one planned just now from what was re-read, never one
            // taken from a file: apply does only what it would plan itself.
            Some(fresh_action) => {
                events(&ApplyEvent::Started {
                    title: action.title.clone(),
                });
                let set_before = out.passwords.len();
                let done = Box::pin(execute(
                    &clients,
                    &snap,
                    &plan.baseline,
                    fresh_action,
                    &mut out,
                ))
                .await;
                for pw in &out.passwords[set_before..] {
                    events(&ApplyEvent::PasswordSet {
                        user: pw.user.clone(),
                        password: pw.secret(),
                    });
                }
                done.map_err(|source| StepError::Call {
                    title: action.title.clone(),
                    source,
                })
            }
        };
        match result {
            Ok(()) => {
                events(&ApplyEvent::Done {
                    title: action.title.clone(),
                });
                out.done.push(action.title.clone());
            }
            Err(e) => {
                out.failed = Some(e);
                out.not_done = actions[i..].iter().map(|a| a.title.clone()).collect();
                break;
            }
        }
    }
    if !out.passwords.is_empty() {
        let alias = snap
            .iam
            .account_aliases
            .known()
            .and_then(|a| a.first().cloned());
        let host = alias.unwrap_or_else(|| snap.account_id.clone());
        out.sign_in_url = Some(format!("https://{host}.signin.aws.amazon.com/console"));
    }
    out
}

async fn execute(
    clients: &Clients,
    snap: &Snapshot,
    baseline: &rampart_plan::Baseline,
    action: &Action,
    out: &mut ApplyOutcome,
) -> Result<(), CallError> {
    let region = snap.region.as_str();
    match &action.call {
        Call::PutPasswordPolicy { policy } => {
            iam::password_policy(&clients.iam(region), policy).await
        }
        Call::PutAlternateContact { kind, contact } => clients
            .account(region)
            .put_alternate_contact()
            .alternate_contact_type(aws_sdk_account::types::AlternateContactType::from(
                kind.as_str(),
            ))
            .name(&contact.name)
            .email_address(&contact.email)
            .set_phone_number(contact.phone.clone())
            .set_title(contact.title.clone())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| CallError::sdk("account:PutAlternateContact", &e)),
        Call::EnableEbsEncryptionByDefault { regions } => {
            guardrails::ebs_encryption_by_default(clients, regions).await
        }
        Call::CreateAccessAnalyzer { name, regions } => {
            guardrails::access_analyzer(clients, name, regions).await
        }
        Call::EnableGuardDuty { regions } => guardrails::guardduty(clients, regions).await,
        Call::EnableKeyRotation { keys } => guardrails::key_rotation(clients, keys).await,
        Call::EnableSecurityHub { regions } => guardrails::security_hub(clients, regions).await,
        Call::CreateBudget {
            name,
            limit_usd,
            emails,
        } => cost_alerts::budget(clients, &snap.account_id, name, *limit_usd, emails).await,
        Call::CreateCostAnomalyAlert {
            monitor,
            subscription,
            emails,
            threshold_usd,
        } => {
            cost_alerts::anomaly_alert(clients, monitor, subscription, emails, *threshold_usd).await
        }
        Call::PutAccountPublicAccessBlock => {
            guardrails::account_public_access_block(clients, &snap.account_id).await
        }
        Call::EnsureManagedPolicy {
            name,
            arn,
            document,
        } => iam::managed_policy(&clients.iam(region), name, arn, document).await,
        Call::EnsureRole {
            name,
            trust,
            policy_arns,
        } => iam::role(&clients.iam(region), name, trust, policy_arns).await,
        Call::EnsureGroup { name, policy_arns } => {
            iam::group(&clients.iam(region), name, policy_arns).await
        }
        Call::EnsureUser {
            name,
            group,
            console_password,
        } => {
            // The password must satisfy the policy in force when it is set: the account's, or
            // the baseline's if this apply has just put a stricter one in place.
            let current = snap.iam.password_policy.known().cloned().flatten();
            let policy = match current {
                Some(p)
                    if p.minimum_password_length
                        >= baseline.password_policy.minimum_password_length =>
                {
                    Some(p)
                }
                _ => Some(baseline.password_policy.clone()),
            };
            let pw = iam::user(
                &clients.iam(region),
                name,
                group,
                *console_password,
                policy.as_ref(),
            )
            .await?;
            out.passwords.extend(pw);
            Ok(())
        }
        Call::EnsureBucket { .. } => bucket::ensure(clients, &action.call).await,
        Call::EnableBucketLogging { .. } => bucket::enable_logging(clients, &action.call).await,
        Call::EnsureTrailKey {
            alias,
            region,
            policy,
        } => kms::ensure_key(&clients.kms(region), alias, policy).await,
        Call::EnsureTrail { .. } => trail::ensure(clients, &action.call).await,
        Call::EnsureTopic {
            name,
            region,
            policy_statements,
            subscribe,
        } => alerting::topic(&clients.sns(region), name, policy_statements, subscribe).await,
        Call::EnsureRule {
            name,
            region,
            pattern,
            topic_arn,
            state,
            description,
        } => {
            let rule = alerting::RuleSpec {
                name,
                pattern,
                state,
                description,
            };
            alerting::rule(&clients.events(region), &rule, topic_arn).await
        }
        Call::CreateDataExport { .. } | Call::CreateCurReport { .. } => {
            billing::create(clients, &snap.account_id, &action.call).await
        }
        Call::DeleteRootAccessKeys { .. } => root::delete_keys(&clients.iam(region), snap).await,
        Call::EnableRootAccess {
            trusted_access,
            root_credentials_management,
            root_sessions,
        } => {
            organization::enable_root_access(
                clients,
                *trusted_access,
                *root_credentials_management,
                *root_sessions,
            )
            .await
        }
        Call::DeleteMemberRootCredentials {
            account_id,
            password,
            access_keys,
            mfa_devices,
            signing_certificates,
        } => {
            let planned = rampart_model::organization::RootCredentials {
                password: *password,
                access_keys: access_keys.clone(),
                mfa_devices: mfa_devices.clone(),
                signing_certificates: signing_certificates.clone(),
            };
            organization::delete_member_root_credentials(clients, snap, account_id, &planned).await
        }
        Call::Manual { .. } => Ok(()),
    }
}
