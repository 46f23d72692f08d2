//! Seeding an account the way a careful administrator would have set it up: an admin group, a
//! password policy, a logging trail with a guarded bucket, billing reports, a security contact,
//! root MFA and a recent root sign-in.

use aws_sdk_s3::types::{
    BucketVersioningStatus, PublicAccessBlockConfiguration, VersioningConfiguration,
};
use chrono::Utc;
use rampart_testkit::{events, RootState, TestAccount};

use super::test_support::{iam, s3};

const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

fn trail_bucket_policy(bucket: &str, account: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            { "Sid": "AWSCloudTrailAclCheck", "Effect": "Allow",
              "Principal": { "Service": "cloudtrail.amazonaws.com" },
              "Action": "s3:GetBucketAcl", "Resource": format!("arn:aws:s3:::{bucket}") },
            { "Sid": "AWSCloudTrailWrite", "Effect": "Allow",
              "Principal": { "Service": "cloudtrail.amazonaws.com" },
              "Action": "s3:PutObject", "Resource": format!("arn:aws:s3:::{bucket}/AWSLogs/{account}/*"),
              "Condition": { "StringEquals": { "s3:x-amz-acl": "bucket-owner-full-control" } } },
            { "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
              "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
              "Condition": { "Bool": { "aws:SecureTransport": "false" } } }
        ]
    })
    .to_string()
}

pub async fn seed(account: &TestAccount) -> String {
    let conf = account.sdk_config("us-east-1").await;
    let iam = iam(&conf);
    iam.create_group()
        .group_name("admins")
        .send()
        .await
        .expect("group");
    iam.attach_group_policy()
        .group_name("admins")
        .policy_arn(ADMIN)
        .send()
        .await
        .expect("attach admin");
    for user in ["alice", "bob"] {
        iam.create_user()
            .user_name(user)
            .send()
            .await
            .expect("user");
    }
    iam.add_user_to_group()
        .group_name("admins")
        .user_name("alice")
        .send()
        .await
        .expect("membership");
    iam.create_login_profile()
        .user_name("alice")
        .password("Correct-Horse-9!")
        .send()
        .await
        .expect("login");
    iam.create_access_key()
        .user_name("bob")
        .send()
        .await
        .expect("key");
    iam.update_account_password_policy()
        .minimum_password_length(14)
        .password_reuse_prevention(24)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .allow_users_to_change_password(true)
        .send()
        .await
        .expect("password policy");

    let bucket = format!("trail-{}", account.account_id);
    let s3 = s3(&conf);
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
    s3.put_bucket_policy()
        .bucket(&bucket)
        .policy(trail_bucket_policy(&bucket, &account.account_id))
        .send()
        .await
        .expect("policy");
    s3.put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .expect("versioning");
    let pab = PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(true)
        .restrict_public_buckets(true)
        .build();
    s3.put_public_access_block()
        .bucket(&bucket)
        .public_access_block_configuration(pab)
        .send()
        .await
        .expect("bucket PAB");
    account.block_public_access().await;

    let ct = aws_sdk_cloudtrail::Client::new(&conf);
    ct.create_trail()
        .name("main")
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .send()
        .await
        .expect("trail");
    ct.start_logging()
        .name("main")
        .send()
        .await
        .expect("start logging");

    let contact = aws_sdk_account::Client::new(&conf);
    contact
        .put_alternate_contact()
        .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Security)
        .name("Security Team")
        .email_address("security@example.com")
        .phone_number("+1-555-0100")
        .title("CISO")
        .send()
        .await
        .expect("security contact");

    billing_reports(&conf, &bucket).await;

    account.set_root(RootState {
        mfa_enabled: true,
        mfa_virtual: true,
        ..account.root()
    });
    let id = account.account_id.clone();
    account.add_events([
        events::root_console_login(&id, Utc::now() - chrono::Duration::days(10), true),
        events::user_api_call(
            &id,
            "bob",
            "AKIABOB",
            "us-east-1",
            "s3.amazonaws.com",
            "ListBuckets",
            Utc::now(),
        ),
    ]);
    bucket
}

/// A legacy CUR report and a CUR 2.0 data export, both delivering daily to `bucket`.
async fn billing_reports(conf: &aws_types::SdkConfig, bucket: &str) {
    use aws_sdk_bcmdataexports::types as bcm;
    use aws_sdk_costandusagereport::types as cur;

    let report = cur::ReportDefinition::builder()
        .report_name("daily-cur")
        .time_unit(cur::TimeUnit::Daily)
        .format(cur::ReportFormat::Parquet)
        .compression(cur::CompressionFormat::Parquet)
        .additional_schema_elements(cur::SchemaElement::Resources)
        .s3_bucket(bucket)
        .s3_prefix("cur")
        .s3_region(cur::AwsRegion::UsStandard)
        .build()
        .expect("report definition");
    let cur_client = aws_sdk_costandusagereport::Client::new(conf);
    cur_client
        .put_report_definition()
        .report_definition(report)
        .send()
        .await
        .expect("CUR");

    let output = bcm::S3OutputConfigurations::builder()
        .output_type(bcm::S3OutputType::Custom)
        .format(bcm::FormatOption::Parquet)
        .compression(bcm::CompressionOption::Parquet)
        .overwrite(bcm::OverwriteOption::OverwriteReport)
        .build()
        .expect("output");
    let destination = bcm::S3Destination::builder()
        .s3_bucket(bucket)
        .s3_prefix("cur2")
        .s3_region("us-east-1")
        .s3_output_configurations(output)
        .build()
        .expect("destination");
    let granularity = [("TIME_GRANULARITY".to_owned(), "DAILY".to_owned())]
        .into_iter()
        .collect();
    let query = bcm::DataQuery::builder()
        .query_statement("SELECT line_item_usage_account_id, line_item_unblended_cost FROM COST_AND_USAGE_REPORT")
        .table_configurations("COST_AND_USAGE_REPORT", granularity)
        .build()
        .expect("query");
    let export = bcm::Export::builder()
        .name("cur2-daily")
        .data_query(query)
        .destination_configurations(
            bcm::DestinationConfigurations::builder()
                .s3_destination(destination)
                .build(),
        )
        .refresh_cadence(
            bcm::RefreshCadence::builder()
                .frequency(bcm::FrequencyOption::Synchronous)
                .build()
                .expect("cadence"),
        )
        .build()
        .expect("export");
    let exports = aws_sdk_bcmdataexports::Client::new(conf);
    exports
        .create_export()
        .export(export)
        .send()
        .await
        .expect("data export");
}
