//! The Athena part of `rampart events`: the same search, run in Amazon Athena over a table on
//! the trail's bucket (created once with --athena-create-table), printed by the same renderers.

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use rampart_aws::athena::{self, AthenaPlace, SearchSpec, TableSpec};
use rampart_aws::events::{newest_first, Event, EventFilter};

use crate::config::AthenaSettings;

/// What a search in Athena found, and what it cost.
pub struct AthenaFound {
    pub events: Vec<Event>,
    pub note: String,
}

/// Where the table reads from: `s3://bucket/prefix/`, for messages.
pub async fn search(
    conn: &rampart_aws::Connection,
    settings: &AthenaSettings,
    regions: &[String],
    window: (DateTime<Utc>, DateTime<Utc>),
    filter: &EventFilter,
    limit: Option<usize>,
    create_table: bool,
) -> anyhow::Result<AthenaFound> {
    let found = rampart_aws::archive::trail_archive(conn, regions)
        .await
        .map_err(|u| anyhow!("cannot find the trail's archive: {}", u.describe()))?;
    let place = AthenaPlace {
        region: settings
            .region
            .clone()
            .unwrap_or_else(|| found.bucket_region.clone()),
        workgroup: settings.workgroup.clone(),
        database: settings.database.clone(),
        output_location: settings.output_location.clone(),
    };
    let mut note = String::new();
    if create_table {
        let organization = rampart_aws::archive::organization_folder(&found)
            .await
            .map_err(|u| anyhow!("cannot read the trail's archive: {}", u.describe()))?;
        let all: Vec<String> = rampart_model::regions::commercial()
            .map(str::to_owned)
            .collect();
        let ddl = athena::create_table(&TableSpec {
            database: &settings.database,
            table: &settings.table,
            bucket: &found.bucket,
            base: &found.base,
            organization: organization.as_deref(),
            regions: &all,
            first_day: "2013/11/01",
        })?;
        athena::execute(conn, &place, &ddl)
            .await
            .map_err(|u| anyhow!("cannot create the table: {}", u.describe()))?;
        note.push_str(&format!(
            "created {}.{} over s3://{}/{}; ",
            settings.database, settings.table, found.bucket, found.base
        ));
    }
    let sql = athena::search(&SearchSpec {
        database: &settings.database,
        table: &settings.table,
        account: &found.account,
        regions: if regions.iter().any(|r| r == "all") {
            &[]
        } else {
            regions
        },
        start: Some(window.0),
        end: window.1,
        filter,
        limit,
    })?;
    let run = athena::run(conn, &place, &sql.sql).await.map_err(|u| {
        anyhow!(
            "the search in Athena failed: {} (is the table there? create it once with --athena-create-table)",
            u.describe()
        )
    })?;
    let events: Vec<Event> = run
        .rows
        .iter()
        .map(|row| {
            let record = athena::record(row);
            let region = record["awsRegion"].as_str().unwrap_or_default().to_owned();
            Event::from_record(&region, record)
        })
        .filter(|e| filter.matches(e))
        .collect();
    note.push_str(&format!(
        "Athena scanned {:.1} MB for query {} (about ${:.4} at ${} per TB scanned, 10 MB minimum)",
        run.scanned_bytes as f64 / 1e6,
        run.id,
        athena::cost(run.scanned_bytes),
        athena::DOLLARS_PER_TB
    ));
    Ok(AthenaFound {
        events: newest_first(events, limit),
        note,
    })
}
