//! Billing report calls, both in `us-east-1`: a CUR 2.0 Data Export (`bcm-data-exports`) or a
//! legacy Cost and Usage Report definition (`cur`).

use std::collections::HashMap;

use aws_sdk_bcmdataexports::types::{
    CompressionOption, DataQuery, DestinationConfigurations, Export, FormatOption, FrequencyOption,
    OverwriteOption, RefreshCadence, S3Destination, S3OutputConfigurations, S3OutputType,
};
use aws_sdk_costandusagereport::types::{
    AdditionalArtifact, AwsRegion, CompressionFormat, ReportDefinition, ReportFormat,
    ReportVersioning, SchemaElement, TimeUnit,
};
use rampart_plan::Call;

use super::CallError;
use crate::clients::{Clients, US_EAST_1};
use crate::errors::has_code;

/// The CUR 2.0 columns exported: enough to see who spent what, where, on which service.
const QUERY: &str = "SELECT bill_billing_period_start_date, line_item_usage_account_id, line_item_product_code, \
line_item_usage_type, line_item_operation, line_item_resource_id, line_item_usage_start_date, \
line_item_usage_end_date, line_item_usage_amount, line_item_unblended_cost, line_item_currency_code, \
product_region_code FROM COST_AND_USAGE_REPORT";

pub(crate) async fn create(
    clients: &Clients,
    _account: &str,
    call: &Call,
) -> Result<(), CallError> {
    match call {
        Call::CreateDataExport {
            name,
            bucket,
            prefix,
            bucket_region,
            granularity,
        } => {
            let bad = |e: aws_sdk_bcmdataexports::error::BuildError| {
                CallError::other("bcm-data-exports:CreateExport", e.to_string())
            };
            let table = HashMap::from([(
                "COST_AND_USAGE_REPORT".to_owned(),
                HashMap::from([
                    ("TIME_GRANULARITY".to_owned(), granularity.clone()),
                    ("INCLUDE_RESOURCES".to_owned(), "TRUE".to_owned()),
                ]),
            )]);
            let output = S3OutputConfigurations::builder()
                .output_type(S3OutputType::Custom)
                .format(FormatOption::Parquet)
                .compression(CompressionOption::Parquet)
                .overwrite(OverwriteOption::OverwriteReport)
                .build()
                .map_err(bad)?;
            let dest = S3Destination::builder()
                .s3_bucket(bucket)
                .s3_prefix(prefix)
                .s3_region(bucket_region)
                .s3_output_configurations(output)
                .build()
                .map_err(bad)?;
            let export = Export::builder()
                .name(name)
                .description("Cost and usage, delivered by rampart's baseline")
                .data_query(
                    DataQuery::builder()
                        .query_statement(QUERY)
                        .set_table_configurations(Some(table))
                        .build()
                        .map_err(bad)?,
                )
                .destination_configurations(
                    DestinationConfigurations::builder()
                        .s3_destination(dest)
                        .build(),
                )
                .refresh_cadence(
                    RefreshCadence::builder()
                        .frequency(FrequencyOption::Synchronous)
                        .build()
                        .map_err(bad)?,
                )
                .build()
                .map_err(bad)?;
            match clients
                .bcm(US_EAST_1)
                .create_export()
                .export(export)
                .send()
                .await
            {
                Ok(_) => Ok(()),
                Err(e) if has_code(&e, "ConflictException") => Ok(()),
                Err(e) => Err(CallError::sdk("bcm-data-exports:CreateExport", &e)),
            }
        }
        Call::CreateCurReport {
            name,
            bucket,
            prefix,
            bucket_region,
            time_unit,
        } => {
            let bad = |e: aws_sdk_costandusagereport::error::BuildError| {
                CallError::other("cur:PutReportDefinition", e.to_string())
            };
            let def = ReportDefinition::builder()
                .report_name(name)
                .time_unit(TimeUnit::from(time_unit.as_str()))
                .format(ReportFormat::Parquet)
                .compression(CompressionFormat::Parquet)
                .additional_schema_elements(SchemaElement::Resources)
                .s3_bucket(bucket)
                .s3_prefix(prefix)
                .s3_region(AwsRegion::from(bucket_region.as_str()))
                .additional_artifacts(AdditionalArtifact::Athena)
                .refresh_closed_reports(true)
                .report_versioning(ReportVersioning::OverwriteReport)
                .build()
                .map_err(bad)?;
            match clients
                .cur(US_EAST_1)
                .put_report_definition()
                .report_definition(def)
                .send()
                .await
            {
                Ok(_) => Ok(()),
                Err(e) if has_code(&e, "DuplicateReportNameException") => Ok(()),
                Err(e) => Err(CallError::sdk("cur:PutReportDefinition", &e)),
            }
        }
        _ => Ok(()),
    }
}
