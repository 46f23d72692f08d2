//! Running a query in Amazon Athena: start it in the configured workgroup, poll with backoff
//! until it ends, page the results, and rebuild each row into a CloudTrail record.

use std::time::Duration;

use aws_sdk_athena::types::{QueryExecutionContext, QueryExecutionState, ResultConfiguration};
use rampart_model::{Unavailable, UnavailableKind};
use serde_json::{Map, Value};

use super::sql::SELECTED;
use crate::clients::Clients;
use crate::errors;
use crate::Connection;

/// Where queries run (`[athena]` in rampart.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AthenaPlace {
    pub region: String,
    pub workgroup: String,
    pub database: String,
    /// Where results go; `None` for the workgroup's own setting.
    pub output_location: Option<String>,
}

/// A finished query.
#[derive(Debug, Clone, Default)]
pub struct QueryRun {
    pub id: String,
    /// Rows after the header, each cell as text (`None` for SQL `NULL`).
    pub rows: Vec<Vec<Option<String>>>,
    /// Bytes the query scanned, which is what Athena charges for.
    pub scanned_bytes: i64,
    /// `GetQueryExecution` polls and result pages.
    pub polls: u32,
    pub pages: u32,
}

fn client(conn: &Connection, region: &str) -> aws_sdk_athena::Client {
    Clients::uncounted(conn).athena(region)
}

/// Runs a statement that returns no rows (the table's DDL) and waits for it to end.
pub async fn execute(
    conn: &Connection,
    place: &AthenaPlace,
    sql: &str,
) -> Result<QueryRun, Unavailable> {
    start_and_wait(&client(conn, &place.region), place, sql).await
}

/// Runs `sql` and returns its rows; a query that fails or is cancelled is an error naming why.
pub async fn run(
    conn: &Connection,
    place: &AthenaPlace,
    sql: &str,
) -> Result<QueryRun, Unavailable> {
    let athena = client(conn, &place.region);
    let mut run = start_and_wait(&athena, place, sql).await?;
    fetch_rows(&athena, &mut run).await?;
    Ok(run)
}

async fn start_and_wait(
    athena: &aws_sdk_athena::Client,
    place: &AthenaPlace,
    sql: &str,
) -> Result<QueryRun, Unavailable> {
    let mut start = athena
        .start_query_execution()
        .query_string(sql)
        .work_group(&place.workgroup)
        .query_execution_context(
            QueryExecutionContext::builder()
                .database(&place.database)
                .build(),
        );
    if let Some(out) = &place.output_location {
        start =
            start.result_configuration(ResultConfiguration::builder().output_location(out).build());
    }
    let id = start
        .send()
        .await
        .map_err(|e| errors::unavailable("athena:StartQueryExecution", &e))?
        .query_execution_id()
        .unwrap_or_default()
        .to_owned();
    let mut run = QueryRun {
        id: id.clone(),
        ..QueryRun::default()
    };
    let mut wait = Duration::from_millis(200);
    loop {
        run.polls += 1;
        let out = athena
            .get_query_execution()
            .query_execution_id(&id)
            .send()
            .await
            .map_err(|e| errors::unavailable("athena:GetQueryExecution", &e))?;
        let execution = out.query_execution();
        let status = execution.and_then(|e| e.status());
        match status.and_then(|s| s.state()) {
            Some(QueryExecutionState::Succeeded) => {
                run.scanned_bytes = execution
                    .and_then(|e| e.statistics())
                    .and_then(
                        aws_sdk_athena::types::QueryExecutionStatistics::data_scanned_in_bytes,
                    )
                    .unwrap_or(0);
                break;
            }
            Some(state @ (QueryExecutionState::Failed | QueryExecutionState::Cancelled)) => {
                let why = status
                    .and_then(|s| s.state_change_reason())
                    .unwrap_or("no reason given");
                return Err(Unavailable::new(
                    UnavailableKind::Error,
                    Some("athena:StartQueryExecution"),
                    format!("the query {id} ended {}: {why}", state.as_str()),
                ));
            }
            _ => {
                tokio::time::sleep(wait).await;
                wait = (wait * 3 / 2).min(Duration::from_secs(5));
            }
        }
    }
    Ok(run)
}

/// Pages a finished query's results into `run.rows`.
async fn fetch_rows(
    athena: &aws_sdk_athena::Client,
    run: &mut QueryRun,
) -> Result<(), Unavailable> {
    let id = run.id.clone();
    let mut token: Option<String> = None;
    let mut tokens = crate::paging::Tokens::default();
    let mut first = true;
    loop {
        let out = athena
            .get_query_results()
            .query_execution_id(&id)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| errors::unavailable("athena:GetQueryResults", &e))?;
        run.pages += 1;
        if let Some(set) = out.result_set() {
            for (i, row) in set.rows().iter().enumerate() {
                let cells: Vec<Option<String>> = row
                    .data()
                    .iter()
                    .map(|d| d.var_char_value().map(str::to_owned))
                    .collect();
                // The first row of a SELECT's first page is its column labels.
                if first && i == 0 && cells.first().and_then(|c| c.as_deref()) == Some("eventtime")
                {
                    continue;
                }
                run.rows.push(cells);
            }
        }
        first = false;
        match tokens.next("athena:GetQueryResults", out.next_token())? {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(())
}

/// CloudTrail's spelling of the lowercase names a table's structs return.
fn camel(key: &str) -> &str {
    match key {
        "principalid" => "principalId",
        "accountid" => "accountId",
        "invokedby" => "invokedBy",
        "accesskeyid" => "accessKeyId",
        "username" => "userName",
        "sessioncontext" => "sessionContext",
        "mfaauthenticated" => "mfaAuthenticated",
        "creationdate" => "creationDate",
        "sessionissuer" => "sessionIssuer",
        "arn" => "arn",
        other => other,
    }
}

fn recase(v: Value, top_resources: bool) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    let name = if top_resources && k == "arn" {
                        "ARN"
                    } else {
                        camel(&k)
                    };
                    (name.to_owned(), recase(v, false))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(|x| recase(x, top_resources)).collect()),
        other => other,
    }
}

/// A CloudTrail record rebuilt from one row of a search (columns as [`SELECTED`] lists them).
pub fn record(row: &[Option<String>]) -> Value {
    let cell = |i: usize| row.get(i).cloned().flatten();
    let json = |i: usize| cell(i).and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let mut r = Map::new();
    let names = [
        "eventTime",
        "eventID",
        "eventName",
        "eventSource",
        "awsRegion",
        "sourceIPAddress",
        "userAgent",
        "errorCode",
        "errorMessage",
    ];
    for (i, name) in names.iter().enumerate() {
        if let Some(v) = cell(i) {
            r.insert((*name).to_owned(), Value::String(v));
        }
    }
    if let Some(ro) = cell(9) {
        r.insert("readOnly".into(), Value::Bool(ro == "true"));
    }
    for (i, name) in [(10, "recipientAccountId"), (11, "eventType")] {
        if let Some(v) = cell(i) {
            r.insert(name.into(), Value::String(v));
        }
    }
    if let Some(v) = json(12) {
        r.insert("userIdentity".into(), recase(v, false));
    }
    if let Some(v) = json(13) {
        r.insert("resources".into(), recase(v, true));
    }
    for (i, name) in [
        (14, "requestParameters"),
        (15, "responseElements"),
        (16, "additionalEventData"),
    ] {
        r.insert(name.into(), json(i).unwrap_or(Value::Null));
    }
    debug_assert_eq!(SELECTED.len(), 17);
    Value::Object(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_becomes_the_record_cloudtrail_wrote() {
        let row: Vec<Option<String>> = [
            Some("2026-03-01T10:00:00Z"),
            Some("e-1"),
            Some("ConsoleLogin"),
            Some("signin.amazonaws.com"),
            Some("us-east-1"),
            Some("203.0.113.7"),
            Some("Mozilla"),
            None,
            None,
            Some("false"),
            Some("111122223333"),
            Some("AwsConsoleSignIn"),
            Some(r#"{"type":"Root","arn":"arn:aws:iam::111122223333:root","accountid":"111122223333","accesskeyid":null}"#),
            Some(r#"[{"arn":"arn:aws:s3:::b","accountid":"111122223333","type":"AWS::S3::Bucket"}]"#),
            None,
            Some(r#"{"ConsoleLogin":"Success"}"#),
            Some(r#"{"MFAUsed":"No"}"#),
        ]
        .into_iter()
        .map(|c| c.map(str::to_owned))
        .collect();
        let r = record(&row);
        assert_eq!(r["userIdentity"]["type"], "Root");
        assert_eq!(r["userIdentity"]["accountId"], "111122223333");
        assert!(r["userIdentity"].get("accessKeyId").is_none());
        assert_eq!(r["resources"][0]["ARN"], "arn:aws:s3:::b");
        assert_eq!(r["readOnly"], false);
        assert_eq!(r["additionalEventData"]["MFAUsed"], "No");
        assert!(r.get("errorCode").is_none());
        let e = crate::events::Event::from_record("us-east-1", r);
        assert!(e.is_root());
        assert_eq!(e.mfa_used(), Some(false));
        assert_eq!(e.login_result(), Some("Success"));
    }
}
