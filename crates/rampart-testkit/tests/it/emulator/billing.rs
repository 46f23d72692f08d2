//! Legacy CUR and Data Exports round trips through the real SDK clients.

use aws_sdk_bcmdataexports::types as bcm;
use aws_sdk_costandusagereport::types as cur;
use rampart_testkit::new_account;

fn report(name: &str, unit: cur::TimeUnit) -> cur::ReportDefinition {
    cur::ReportDefinition::builder()
        .report_name(name)
        .time_unit(unit)
        .format(cur::ReportFormat::Csv)
        .compression(cur::CompressionFormat::Gzip)
        .additional_schema_elements(cur::SchemaElement::Resources)
        .s3_bucket("billing-bucket")
        .s3_prefix("cur")
        .s3_region(cur::AwsRegion::UsStandard)
        .refresh_closed_reports(true)
        .report_versioning(cur::ReportVersioning::OverwriteReport)
        .build()
        .expect("report definition")
}

#[tokio::test]
async fn cur_report_definitions_round_trip() {
    let account = new_account().await;
    let client = aws_sdk_costandusagereport::Client::new(&account.sdk_config("us-east-1").await);
    let listed = client
        .describe_report_definitions()
        .send()
        .await
        .expect("describe empty");
    assert!(listed.report_definitions().is_empty());

    client
        .put_report_definition()
        .report_definition(report("daily", cur::TimeUnit::Daily))
        .send()
        .await
        .expect("put");
    let dup = client
        .put_report_definition()
        .report_definition(report("daily", cur::TimeUnit::Daily))
        .send()
        .await
        .expect_err("duplicate name");
    assert!(dup
        .into_service_error()
        .is_duplicate_report_name_exception());
    let bad = client
        .put_report_definition()
        .report_definition(report("weekly", cur::TimeUnit::from("WEEKLY")))
        .send()
        .await
        .expect_err("WEEKLY is not a time unit");
    assert!(bad.into_service_error().is_validation_exception());

    let listed = client
        .describe_report_definitions()
        .send()
        .await
        .expect("describe");
    let defs = listed.report_definitions();
    assert_eq!(defs.len(), 1);
    assert_eq!(defs[0].report_name(), "daily");
    assert_eq!(defs[0].time_unit(), &cur::TimeUnit::Daily);
    assert_eq!(defs[0].s3_bucket(), "billing-bucket");
    assert_eq!(
        defs[0].additional_schema_elements(),
        [cur::SchemaElement::Resources]
    );

    client
        .delete_report_definition()
        .report_name("daily")
        .send()
        .await
        .expect("delete");
    let listed = client
        .describe_report_definitions()
        .send()
        .await
        .expect("describe after delete");
    assert!(listed.report_definitions().is_empty());

    let other = new_account().await;
    let other = aws_sdk_costandusagereport::Client::new(&other.sdk_config("us-east-1").await);
    client
        .put_report_definition()
        .report_definition(report("mine", cur::TimeUnit::Hourly))
        .send()
        .await
        .expect("put");
    let theirs = other
        .describe_report_definitions()
        .send()
        .await
        .expect("describe other");
    assert!(
        theirs.report_definitions().is_empty(),
        "reports are per account"
    );
}

fn export(name: &str, frequency: &str) -> bcm::Export {
    let output = bcm::S3OutputConfigurations::builder()
        .output_type(bcm::S3OutputType::Custom)
        .format(bcm::FormatOption::Parquet)
        .compression(bcm::CompressionOption::Parquet)
        .overwrite(bcm::OverwriteOption::OverwriteReport)
        .build()
        .expect("output");
    let s3 = bcm::S3Destination::builder()
        .s3_bucket("billing-bucket")
        .s3_prefix("cur2")
        .s3_region("us-east-1")
        .s3_output_configurations(output)
        .build()
        .expect("s3");
    let table = [("TIME_GRANULARITY".to_owned(), "DAILY".to_owned())]
        .into_iter()
        .collect();
    bcm::Export::builder()
        .name(name)
        .data_query(
            bcm::DataQuery::builder()
                .query_statement("SELECT identity_line_item_id FROM COST_AND_USAGE_REPORT")
                .table_configurations("COST_AND_USAGE_REPORT", table)
                .build()
                .expect("query"),
        )
        .destination_configurations(
            bcm::DestinationConfigurations::builder()
                .s3_destination(s3)
                .build(),
        )
        .refresh_cadence(
            bcm::RefreshCadence::builder()
                .frequency(bcm::FrequencyOption::from(frequency))
                .build()
                .expect("cadence"),
        )
        .build()
        .expect("export")
}

#[tokio::test]
async fn data_exports_round_trip() {
    let account = new_account().await;
    let client = aws_sdk_bcmdataexports::Client::new(&account.sdk_config("us-east-1").await);
    assert!(client
        .list_exports()
        .send()
        .await
        .expect("list empty")
        .exports()
        .is_empty());

    let arn = client
        .create_export()
        .export(export("cur2", "SYNCHRONOUS"))
        .send()
        .await
        .expect("create")
        .export_arn
        .expect("arn");
    assert!(
        arn.starts_with(&format!(
            "arn:aws:bcm-data-exports:us-east-1:{}:export/cur2-",
            account.account_id
        )),
        "{arn}"
    );
    let bad = client
        .create_export()
        .export(export("bad", "WEEKLY"))
        .send()
        .await
        .expect_err("bad cadence");
    assert!(bad.into_service_error().is_validation_exception());

    let got = client
        .get_export()
        .export_arn(&arn)
        .send()
        .await
        .expect("get");
    let exp = got.export().expect("export");
    assert_eq!(exp.name(), "cur2");
    let query = exp.data_query().expect("query");
    assert!(query.query_statement().contains("COST_AND_USAGE_REPORT"));
    assert_eq!(
        query
            .table_configurations()
            .and_then(|t| t["COST_AND_USAGE_REPORT"].get("TIME_GRANULARITY"))
            .map(String::as_str),
        Some("DAILY")
    );
    let s3 = exp
        .destination_configurations()
        .and_then(|d| d.s3_destination())
        .expect("s3");
    assert_eq!(s3.s3_bucket(), "billing-bucket");
    assert_eq!(
        got.export_status().and_then(|s| s.status_code()),
        Some(&bcm::ExportStatusCode::Healthy)
    );

    let listed = client.list_exports().send().await.expect("list");
    assert_eq!(listed.exports().len(), 1);
    assert_eq!(listed.exports()[0].export_name(), "cur2");

    client
        .delete_export()
        .export_arn(&arn)
        .send()
        .await
        .expect("delete");
    let gone = client
        .get_export()
        .export_arn(&arn)
        .send()
        .await
        .expect_err("deleted");
    assert!(gone.into_service_error().is_resource_not_found_exception());
}
