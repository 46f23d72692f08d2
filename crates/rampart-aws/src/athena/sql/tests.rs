//! The DDL and every kind of translated search, as snapshots, each parsed by a SQL parser.

use sqlparser::dialect::{GenericDialect, HiveDialect};
use sqlparser::parser::Parser;

use super::*;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("test time")
}

fn spec<'a>(filter: &'a EventFilter, regions: &'a [String]) -> SearchSpec<'a> {
    SearchSpec {
        database: "default",
        table: "rampart_cloudtrail",
        account: "111122223333",
        regions,
        start: Some(t("2026-01-10T08:00:00Z")),
        end: t("2026-03-01T00:00:00Z"),
        filter,
        limit: None,
    }
}

/// Parses a search as SQL; Athena's `json_format(CAST(x AS JSON))` is plain function syntax.
fn parses(sql: &str) {
    Parser::parse_sql(&GenericDialect {}, sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

#[test]
fn the_table_projects_account_region_and_day() {
    let regions = vec!["us-east-1".to_owned(), "eu-west-1".to_owned()];
    let ddl = create_table(&TableSpec {
        database: "default",
        table: "rampart_cloudtrail",
        bucket: "trail-bucket",
        base: "logs/",
        organization: Some("o-a1b2c3d4e5"),
        regions: &regions,
        first_day: "2013/11/01",
    })
    .expect("ddl");
    insta::assert_snapshot!(ddl);
    assert!(ddl.contains("LOCATION 's3://trail-bucket/logs/AWSLogs/o-a1b2c3d4e5/'"));
    assert!(ddl.contains(
        "'storage.location.template' = 's3://trail-bucket/logs/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${day}'"
    ));
    // The parser's Hive dialect reads every clause but not Hive's `STRUCT<name: TYPE>`; the
    // nested types are parsed as `STRING` and checked by the snapshot above.
    let flat = flatten_nested_types(&ddl);
    Parser::parse_sql(&HiveDialect {}, &flat).unwrap_or_else(|e| panic!("{e}\n{flat}"));
}

/// `STRUCT<…>` and `ARRAY<…>` (balanced) replaced by `STRING`.
fn flatten_nested_types(ddl: &str) -> String {
    let mut out = String::new();
    let mut rest = ddl;
    while let Some(at) = rest.find(['S', 'A']) {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let nested = ["STRUCT<", "ARRAY<"].iter().find(|k| tail.starts_with(*k));
        match nested {
            Some(k) => {
                let mut depth = 0;
                let mut end = tail.len();
                for (i, c) in tail.char_indices().skip(k.len() - 1) {
                    match c {
                        '<' => depth += 1,
                        '>' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                out.push_str("STRING");
                rest = &tail[end..];
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn every_filter_translates() {
    let no_regions: Vec<String> = Vec::new();
    let two = vec!["us-east-1".to_owned(), "eu-west-1".to_owned()];
    let cases: Vec<(&str, EventFilter, &[String], Option<usize>)> = vec![
        ("none", EventFilter::default(), &no_regions, Some(20)),
        (
            "name_source_key_readonly",
            EventFilter {
                event_name: Some("CreateUser".into()),
                event_source: Some("iam".into()),
                access_key: Some("AKIA'QUOTE".into()),
                read_only: Some(false),
                ..EventFilter::default()
            },
            &two,
            Some(5),
        ),
        (
            "root_console_logins",
            EventFilter {
                root: true,
                console_logins: true,
                ..EventFilter::default()
            },
            &no_regions,
            None,
        ),
        (
            "user_errors_limit_not_exact",
            EventFilter {
                user: Some("alice".into()),
                errors: true,
                ..EventFilter::default()
            },
            &two,
            Some(3),
        ),
    ];
    for (name, filter, regions, limit) in cases {
        let s = search(&SearchSpec {
            limit,
            ..spec(&filter, regions)
        })
        .expect("translates");
        parses(&s.sql);
        insta::assert_snapshot!(name, s.sql);
    }
}

#[test]
fn a_search_without_a_start_or_with_a_bad_name_is_refused() {
    let f = EventFilter::default();
    let none: Vec<String> = Vec::new();
    let unbounded = SearchSpec {
        start: None,
        ..spec(&f, &none)
    };
    assert_eq!(search(&unbounded), Err(SqlError::Unbounded));
    let bad = SearchSpec {
        table: "x; DROP TABLE y",
        ..spec(&f, &none)
    };
    assert!(matches!(search(&bad), Err(SqlError::BadName(_))));
}
