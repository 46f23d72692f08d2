//! `rampart events --source athena` against moto's Athena, which runs no SQL but answers with
//! result sets queued through its API: the table is created once, the search sent is bounded
//! by the projected partitions, and the rows come back as the same records, through the same
//! filters and renderers.

use rampart_testkit::athena::queue_result;

use crate::events::archive::trail_with_bucket;
use crate::events::*;

/// A row as the search's columns hold it.
fn row(record: &Value) -> Vec<Option<String>> {
    let text = |p: &str| record.pointer(p).and_then(Value::as_str).map(str::to_owned);
    let json = |p: &str| {
        record
            .pointer(p)
            .filter(|v| !v.is_null())
            .map(Value::to_string)
    };
    let identity = record.pointer("/userIdentity").map(|u| {
        // Athena returns a struct's fields under the table's lowercase names.
        let lower: serde_json::Map<String, Value> = u
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        Value::Object(lower).to_string()
    });
    vec![
        text("/eventTime"),
        text("/eventID"),
        text("/eventName"),
        text("/eventSource"),
        text("/awsRegion"),
        text("/sourceIPAddress"),
        text("/userAgent"),
        text("/errorCode"),
        text("/errorMessage"),
        record.pointer("/readOnly").map(ToString::to_string),
        text("/recipientAccountId"),
        text("/eventType"),
        identity,
        None,
        json("/requestParameters"),
        json("/responseElements"),
        json("/additionalEventData"),
    ]
}

fn header() -> Vec<Option<String>> {
    [
        "eventtime",
        "eventid",
        "eventname",
        "eventsource",
        "awsregion",
        "sourceipaddress",
        "useragent",
        "errorcode",
        "errormessage",
        "readonly",
        "recipientaccountid",
        "eventtype",
        "_col12",
        "_col13",
        "requestparameters",
        "responseelements",
        "additionaleventdata",
    ]
    .iter()
    .map(|s| Some((*s).to_owned()))
    .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_in_athena_prints_what_the_history_prints() {
    let h = history().await;
    let bucket = trail_with_bucket(&h.account, &[]).await;
    // moto hands queued result sets to queries in the order they start: none for the table's
    // DDL, then what the table would hold for the search.
    queue_result(&h.account.account_id, "us-east-1", &[]).await;
    let rows = vec![header(), row(&h.bob_denied), row(&h.bob_create)];
    queue_result(&h.account.account_id, "us-east-1", &rows).await;
    let dir = crate::test_support::workdir();
    let config = dir.path().join("rampart.toml");
    std::fs::write(
        &config,
        "[athena]\nworkgroup = \"primary\"\noutput_location = \"s3://athena-results/rampart/\"\n",
    )
    .expect("config");
    let mut cmd = rampart_for(&h.account, dir.path());
    cmd.args([
        "events",
        "--source",
        "athena",
        "--athena-create-table",
        "--since",
        "400d",
        "--user",
        "bob",
        "--format",
        "json",
        "--config",
    ])
    .arg(&config);
    let (code, stdout, stderr) = crate::test_support::run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json_ids(&stdout), [id(&h.bob_denied), id(&h.bob_create)]);
    assert!(
        stderr.contains("created default.rampart_cloudtrail over s3://"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Athena scanned 0.0 MB for query "),
        "{stderr}"
    );
    // The statements sent, as Athena recorded them.
    let config_sdk = h.account.sdk_config("us-east-1").await;
    let athena = aws_sdk_athena::Client::new(&config_sdk);
    let ids = athena.list_query_executions().send().await.expect("list");
    let mut sent = Vec::new();
    for qid in ids.query_execution_ids() {
        let q = athena
            .get_query_execution()
            .query_execution_id(qid)
            .send()
            .await
            .expect("get");
        let e = q.query_execution().expect("execution");
        sent.push((
            e.query().unwrap_or_default().to_owned(),
            e.result_configuration()
                .and_then(|r| r.output_location())
                .unwrap_or_default()
                .to_owned(),
        ));
    }
    assert_eq!(sent.len(), 2, "{sent:?}");
    let ddl = sent
        .iter()
        .find(|(q, _)| q.starts_with("CREATE EXTERNAL TABLE"))
        .expect("the table");
    assert!(
        ddl.0
            .contains(&format!("LOCATION 's3://{bucket}/logs/AWSLogs/'")),
        "{}",
        ddl.0
    );
    let search = sent
        .iter()
        .find(|(q, _)| q.starts_with("SELECT"))
        .expect("the search");
    assert!(
        search
            .0
            .contains(&format!("account = '{}'", h.account.account_id)),
        "{}",
        search.0
    );
    assert!(search.0.contains("day BETWEEN '"), "{}", search.0);
    assert!(
        search.1.starts_with("s3://athena-results/rampart/"),
        "{}",
        search.1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn athena_settings_are_checked_and_archive_dir_refused() {
    let h = history().await;
    let dir = crate::test_support::workdir();
    let config = dir.path().join("rampart.toml");
    std::fs::write(
        &config,
        "[athena]\ntable = \"Bad-Name\"\noutput_location = \"athena-results\"\n",
    )
    .expect("config");
    let mut cmd = rampart_for(&h.account, dir.path());
    cmd.args(["events", "--source", "athena", "--since", "10d", "--config"])
        .arg(&config);
    let (code, _, stderr) = crate::test_support::run(&mut cmd);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("athena.table: \"Bad-Name\" is not a name Athena accepts"),
        "{stderr}"
    );
    assert!(
        stderr.contains("athena.output_location: \"athena-results\" is not an S3 location"),
        "{stderr}"
    );
    let (code, _, stderr) =
        events_cmd(&h.account, &["--source", "athena", "--archive-dir", "/tmp"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot be used with --source history or athena"),
        "{stderr}"
    );
}
