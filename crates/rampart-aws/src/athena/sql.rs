//! The SQL rampart sends to Amazon Athena: the table over a trail's bucket, and a search.
//!
//! The table follows the layout CloudTrail delivers (`AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/
//! YYYY/MM/DD/`) with **partition projection**, as AWS's "Querying AWS CloudTrail logs" guide
//! describes: Athena computes the partitions from the query's conditions on `account`, `region`
//! and `day` instead of listing the bucket, so a search scans only the days and Regions it
//! names. Records are read with CloudTrail's input format and the JSON SerDe.
//!
//! A search always bounds `day` (the key date, a day wider than the window at each end, since
//! it is the delivery date) and `eventtime`; the other filters are translated where SQL says
//! exactly the same thing, and every row is judged again by the same test as the other
//! sources' records, so a filter that is not translated still holds.

use chrono::{DateTime, Duration, Utc};

use crate::events::EventFilter;

/// Where the table reads from and what it is called.
#[derive(Debug, Clone)]
pub struct TableSpec<'a> {
    pub database: &'a str,
    pub table: &'a str,
    pub bucket: &'a str,
    /// The key prefix under which `AWSLogs/` lies (empty, or ending in `/`).
    pub base: &'a str,
    /// The organization id, for an organization trail's folders.
    pub organization: Option<&'a str>,
    /// Every Region the projection enumerates.
    pub regions: &'a [String],
    /// The first day the projection starts at (`yyyy/MM/dd`).
    pub first_day: &'a str,
}

/// A search, translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchSql {
    pub sql: String,
    /// Whether the SQL says everything the filter says (then `LIMIT` is safe).
    pub exact: bool,
}

/// Why a search cannot be translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SqlError {
    #[error("a search in Athena needs a start time: without one it would read the whole archive")]
    Unbounded,
    #[error("`{0}` is not a name Athena accepts for a database or table (letters, digits and _)")]
    BadName(String),
}

/// The columns the table declares, as CloudTrail writes them (nested ones as structs, the
/// free-form ones as JSON text).
const COLUMNS: &str = "  eventversion STRING,
  useridentity STRUCT<
    type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING,
    accesskeyid: STRING, username: STRING,
    sessioncontext: STRUCT<
      attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,
      sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>>>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  sourceipaddress STRING,
  useragent STRING,
  errorcode STRING,
  errormessage STRING,
  requestparameters STRING,
  responseelements STRING,
  additionaleventdata STRING,
  requestid STRING,
  eventid STRING,
  readonly STRING,
  resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,
  eventtype STRING,
  recipientaccountid STRING,
  sharedeventid STRING,
  vpcendpointid STRING,
  eventcategory STRING";

fn check_name(name: &str) -> Result<&str, SqlError> {
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(name)
    } else {
        Err(SqlError::BadName(name.to_owned()))
    }
}

/// A SQL string literal.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `CREATE EXTERNAL TABLE IF NOT EXISTS` over the trail's bucket, partitioned by account,
/// Region and day, all projected.
pub fn create_table(spec: &TableSpec<'_>) -> Result<String, SqlError> {
    let (db, table) = (check_name(spec.database)?, check_name(spec.table)?);
    let org = spec
        .organization
        .map(|o| format!("{o}/"))
        .unwrap_or_default();
    let root = format!("s3://{}/{}AWSLogs/{org}", spec.bucket, spec.base);
    Ok(format!(
        "CREATE EXTERNAL TABLE IF NOT EXISTS {db}.{table} (\n{COLUMNS}\n)\n\
         PARTITIONED BY (account STRING, region STRING, day STRING)\n\
         ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'\n\
         STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'\n\
         OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n\
         LOCATION '{root}'\n\
         TBLPROPERTIES (\n  \
         'projection.enabled' = 'true',\n  \
         'projection.account.type' = 'injected',\n  \
         'projection.region.type' = 'enum',\n  \
         'projection.region.values' = '{regions}',\n  \
         'projection.day.type' = 'date',\n  \
         'projection.day.format' = 'yyyy/MM/dd',\n  \
         'projection.day.range' = '{first},NOW',\n  \
         'projection.day.interval' = '1',\n  \
         'projection.day.interval.unit' = 'DAYS',\n  \
         'storage.location.template' = '{root}${{account}}/CloudTrail/${{region}}/${{day}}'\n)",
        regions = spec.regions.join(","),
        first = spec.first_day,
    ))
}

/// The columns a search returns, from which each row's record is rebuilt.
pub const SELECTED: &[&str] = &[
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
    "json_format(CAST(useridentity AS JSON))",
    "json_format(CAST(resources AS JSON))",
    "requestparameters",
    "responseelements",
    "additionaleventdata",
];

/// What to search for in a table.
#[derive(Debug, Clone)]
pub struct SearchSpec<'a> {
    pub database: &'a str,
    pub table: &'a str,
    pub account: &'a str,
    /// Every projected Region when empty.
    pub regions: &'a [String],
    /// `None` is refused: a search without a start would scan every day there is.
    pub start: Option<DateTime<Utc>>,
    pub end: DateTime<Utc>,
    pub filter: &'a EventFilter,
    pub limit: Option<usize>,
}

/// The search `spec` asks for, newest first.
pub fn search(spec: &SearchSpec<'_>) -> Result<SearchSql, SqlError> {
    let (db, table) = (check_name(spec.database)?, check_name(spec.table)?);
    let start = spec.start.ok_or(SqlError::Unbounded)?;
    let (account, regions, end, filter, limit) = (
        spec.account,
        spec.regions,
        spec.end,
        spec.filter,
        spec.limit,
    );
    let day = |t: DateTime<Utc>| t.format("%Y/%m/%d").to_string();
    let stamp = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut conditions = vec![
        format!("account = {}", lit(account)),
        format!(
            "day BETWEEN {} AND {}",
            lit(&day(start - Duration::days(1))),
            lit(&day(end + Duration::days(1)))
        ),
        format!(
            "eventtime BETWEEN {} AND {}",
            lit(&stamp(start)),
            lit(&stamp(end))
        ),
    ];
    if !regions.is_empty() {
        let list: Vec<String> = regions.iter().map(|r| lit(r)).collect();
        conditions.push(format!("region IN ({})", list.join(", ")));
    }
    let mut exact = true;
    if let Some(n) = filter.name() {
        conditions.push(format!("eventname = {}", lit(&n)));
    }
    if let Some(s) = filter.source() {
        conditions.push(format!("eventsource = {}", lit(&s)));
    }
    if let Some(k) = &filter.access_key {
        conditions.push(format!("useridentity.accesskeyid = {}", lit(k)));
    }
    if let Some(r) = filter.read_only {
        conditions.push(format!("readonly = {}", lit(&r.to_string())));
    }
    if filter.root {
        conditions.push("useridentity.type = 'Root'".to_owned());
    }
    if filter.errors {
        // A failed sign-in has no error code; the full test decides it.
        conditions.push("(errorcode IS NOT NULL OR eventname = 'ConsoleLogin')".to_owned());
        exact = false;
    }
    if let Some(u) = &filter.user {
        conditions.push(format!(
            "(useridentity.username = {0} OR useridentity.arn = {0} OR useridentity.arn LIKE {1})",
            lit(u),
            // `%` and `_` in the name only widen the match; the full test narrows it again.
            lit(&format!("%/{u}"))
        ));
        exact = false;
    }
    exact &= filter.resource_name.is_none()
        && filter.resource_type.is_none()
        && filter.control.is_none();
    let limit = match (limit, exact) {
        (Some(n), true) => format!("\nLIMIT {n}"),
        _ => String::new(),
    };
    Ok(SearchSql {
        sql: format!(
            "SELECT {}\nFROM {db}.{table}\nWHERE {}\nORDER BY eventtime DESC{limit}",
            SELECTED.join(", "),
            conditions.join("\n  AND ")
        ),
        exact,
    })
}

#[cfg(test)]
mod tests;
