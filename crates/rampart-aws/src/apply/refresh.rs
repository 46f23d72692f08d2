//! Re-reading the facts an action rests on, just before it runs, with the collector's code.

use std::collections::BTreeSet;

use rampart_model::Snapshot;
use rampart_plan::Action;

use crate::clients::Clients;

/// Replaces the facts of the action's family in `snap` with what the account says now.
pub(crate) async fn reread(clients: &Clients, snap: &mut Snapshot, action: &Action) {
    let region = snap.region.clone();
    match action.kind.as_str() {
        "password-policy" => {
            snap.iam.password_policy = crate::iam::password_policy(&clients.iam(&region)).await;
        }
        "mfa-policy" | "admin-group" | "admin-user" | "support-role" => {
            snap.iam.authorization = crate::authorization::collect(&clients.iam(&region)).await;
        }
        "bucket" | "bucket-logging" => {
            let names = BTreeSet::from([action.resource.clone()]);
            let owned = crate::s3::owned_buckets(clients).await;
            let facts = crate::s3::buckets(clients, names, &owned).await;
            snap.s3.buckets.extend(facts);
        }
        rampart_plan::public_access::KIND => {
            // What the action cuts is decided from every bucket, so every bucket is read again.
            let owned = crate::s3::owned_buckets(clients).await;
            let named: BTreeSet<String> = snap.s3.buckets.keys().cloned().collect();
            let others: Vec<String> = owned
                .known()
                .map(|set| set.difference(&named).cloned().collect())
                .unwrap_or_default();
            let (account, buckets, others) = tokio::join!(
                crate::s3::account_public_access_block(clients, &snap.account_id),
                crate::s3::buckets(clients, named, &owned),
                crate::s3::other_buckets(clients, others),
            );
            snap.s3.account_public_access_block = account;
            snap.s3.buckets = buckets;
            snap.s3.other_buckets = others;
            snap.s3.owned = owned;
        }
        "budget" | "cost-anomaly-alert" => {
            snap.cost_alerts =
                crate::cost_alerts::collect(clients, &snap.account_id, true, true).await;
        }
        "trail" | "kms-key" => snap.cloudtrail.trails = crate::cloudtrail::trails(clients).await,
        "alert-topic" | "alert-rule" => {
            snap.alerting =
                crate::alerting::collect(clients, &snap.cloudtrail.trails, &snap.account_id).await;
        }
        "billing-report" => snap.billing = crate::billing::collect(clients).await,
        "alternate-contact" => {
            let client = clients.account(&region);
            let kind = aws_sdk_account::types::AlternateContactType::from(action.resource.as_str());
            let read = crate::account::alternate_contact(&client, kind).await;
            match action.resource.as_str() {
                "SECURITY" => snap.account.security_contact = read,
                "BILLING" => snap.account.billing_contact = read,
                _ => snap.account.operations_contact = read,
            }
        }
        kind @ ("ebs-default-encryption"
        | "access-analyzer"
        | "guardduty"
        | "kms-rotation"
        | "security-hub") => crate::guardrails::reread(clients, &mut snap.guardrails, kind).await,
        "root-access-keys" => {
            snap.iam.account_summary = crate::iam::account_summary(&clients.iam(&region)).await;
        }
        // Organization actions run as the management account: `clients` are its.
        "root-access" => {
            let access = crate::organization::listing::root_access(
                &clients.iam(&region),
                &clients.organizations(crate::clients::US_EAST_1),
            )
            .await;
            if let Some(org) = &mut snap.organization {
                org.root_access = Some(access);
            }
        }
        "member-root-credentials" => {
            let account = snap.account_id.clone();
            let c = crate::organization::member::read_root_credentials(clients, &account).await;
            if let Some(org) = &mut snap.organization {
                org.root_credentials = Some(c);
            }
        }
        _ => {}
    }
}
