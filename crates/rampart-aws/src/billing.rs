//! Billing reports, both only in `us-east-1`: legacy Cost and Usage Report definitions (`cur`)
//! and Data Exports (`bcm-data-exports`, CUR 2.0), each export read with `GetExport` for its
//! query, table properties and S3 destination.

use std::collections::HashMap;

use rampart_model::billing::{BillingFacts, CurReport, DataExport};
use rampart_model::Observed;

use crate::clients::{Clients, US_EAST_1};
use crate::concurrent::{flatten, join_all};
use crate::errors::{bad_answer, unavailable};

/// The table a CUR 2.0 export reads, whose properties carry the granularity.
const CUR_TABLE: &str = "COST_AND_USAGE_REPORT";
const TIME_GRANULARITY: &str = "TIME_GRANULARITY";

/// Both kinds of billing report, concurrently.
pub(crate) async fn collect(clients: &Clients) -> BillingFacts {
    let (cur_reports, data_exports) = tokio::join!(cur_reports(clients), data_exports(clients));
    BillingFacts {
        cur_reports,
        data_exports,
    }
}

async fn cur_reports(clients: &Clients) -> Observed<Vec<CurReport>> {
    let mut pages = clients
        .cur(US_EAST_1)
        .describe_report_definitions()
        .into_paginator()
        .send();
    let mut reports = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => reports.extend(page.report_definitions().iter().map(|r| CurReport {
                name: r.report_name().to_owned(),
                time_unit: r.time_unit().as_str().to_owned(),
                format: r.format().as_str().to_owned(),
                s3_bucket: r.s3_bucket().to_owned(),
                s3_prefix: r.s3_prefix().to_owned(),
                s3_region: r.s3_region().as_str().to_owned(),
            })),
            Err(e) => {
                return Observed::Unavailable(unavailable("cur:DescribeReportDefinitions", &e))
            }
        }
    }
    Observed::Known(reports)
}

async fn data_exports(clients: &Clients) -> Observed<Vec<DataExport>> {
    let bcm = clients.bcm(US_EAST_1);
    let mut pages = bcm.list_exports().into_paginator().send();
    let mut arns = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => arns.extend(page.exports().iter().map(|e| e.export_arn().to_owned())),
            Err(e) => {
                return Observed::Unavailable(unavailable("bcm-data-exports:ListExports", &e))
            }
        }
    }
    let tasks: Vec<_> = arns
        .into_iter()
        .map(|arn| {
            let bcm = bcm.clone();
            async move { export(&bcm, &arn).await }
        })
        .collect();
    let mut exports = Vec::new();
    for result in join_all(tasks).await {
        match flatten(result) {
            Observed::Known(e) => exports.push(e),
            Observed::Unavailable(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(exports)
}

async fn export(bcm: &aws_sdk_bcmdataexports::Client, arn: &str) -> Observed<DataExport> {
    const ACTION: &str = "bcm-data-exports:GetExport";
    let out = match bcm.get_export().export_arn(arn).send().await {
        Ok(out) => out,
        Err(e) => return Observed::Unavailable(unavailable(ACTION, &e)),
    };
    let Some(export) = out.export() else {
        return Observed::Unavailable(bad_answer(
            ACTION,
            format!("no export in the answer for `{arn}`"),
        ));
    };
    let destination = export
        .destination_configurations()
        .and_then(|d| d.s3_destination());
    Observed::Known(DataExport {
        name: export.name().to_owned(),
        arn: export.export_arn().unwrap_or(arn).to_owned(),
        query: export
            .data_query()
            .map(|q| q.query_statement().to_owned())
            .unwrap_or_default(),
        time_granularity: export
            .data_query()
            .and_then(|q| q.table_configurations())
            .and_then(time_granularity),
        s3_bucket: destination
            .map(|d| d.s3_bucket().to_owned())
            .unwrap_or_default(),
        s3_prefix: destination
            .map(|d| d.s3_prefix().to_owned())
            .unwrap_or_default(),
        s3_region: destination
            .map(|d| d.s3_region().to_owned())
            .unwrap_or_default(),
    })
}

/// The `TIME_GRANULARITY` property, from the CUR table if it has one, else from any table.
fn time_granularity(tables: &HashMap<String, HashMap<String, String>>) -> Option<String> {
    tables
        .get(CUR_TABLE)
        .and_then(|props| props.get(TIME_GRANULARITY))
        .or_else(|| {
            let mut names: Vec<&String> = tables.keys().collect();
            names.sort();
            names
                .into_iter()
                .find_map(|n| tables.get(n).and_then(|p| p.get(TIME_GRANULARITY)))
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, props: &[(&str, &str)]) -> (String, HashMap<String, String>) {
        (
            name.to_owned(),
            props
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn granularity_comes_from_the_cur_table() {
        let tables: HashMap<_, _> = [
            table(
                "COST_AND_USAGE_REPORT",
                &[
                    ("TIME_GRANULARITY", "HOURLY"),
                    ("INCLUDE_RESOURCES", "TRUE"),
                ],
            ),
            table("OTHER", &[("TIME_GRANULARITY", "MONTHLY")]),
        ]
        .into_iter()
        .collect();
        assert_eq!(time_granularity(&tables).as_deref(), Some("HOURLY"));
    }

    #[test]
    fn granularity_falls_back_to_any_table_or_none() {
        let tables: HashMap<_, _> = [table("FOCUS_1_0", &[("TIME_GRANULARITY", "DAILY")])]
            .into_iter()
            .collect();
        assert_eq!(time_granularity(&tables).as_deref(), Some("DAILY"));
        let tables: HashMap<_, _> = [table(
            "COST_AND_USAGE_REPORT",
            &[("INCLUDE_RESOURCES", "TRUE")],
        )]
        .into_iter()
        .collect();
        assert_eq!(time_granularity(&tables), None);
    }
}
