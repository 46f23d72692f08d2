//! One log file to the events in it that a search wants.
//!
//! A file is `{"Records": [...]}`, gzipped. It is inflated into one buffer (a file holds minutes
//! of one Region, not a day) and each record is kept as the raw text the buffer holds. Before a
//! record is built into a value, a cheap test runs on that text: every *needle* of the filter
//! (the quoted event name, access key, user name… it asks for) must appear in it. Only records
//! that pass are parsed, kept when their `eventTime` falls in the window, and judged by
//! [`EventFilter::matches`] — the same test the event history's records pass.

use std::io::Read;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::events::{Event, EventFilter};

/// What reading one file found.
#[derive(Debug, Default)]
pub struct Decoded {
    pub events: Vec<Event>,
    /// Records in the file.
    pub records: u64,
    /// Bytes after inflating.
    pub inflated: u64,
}

#[derive(Deserialize)]
struct LogFile<'a> {
    #[serde(rename = "Records", borrow)]
    records: Vec<&'a RawValue>,
}

/// Strings every matching record's text contains: the JSON form of each exact-match value the
/// filter asks for, and the bare text of a user or resource name (which may stand inside an
/// ARN). Values a writer could escape (anything but letters, digits and `.-_:@+=`) give none.
pub fn needles(filter: &EventFilter) -> Vec<String> {
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-_:@+=".contains(&b))
    };
    let quoted = [
        filter.name(),
        filter.source(),
        filter.access_key.clone(),
        filter.resource_type.clone(),
        filter.root.then(|| "Root".to_owned()),
    ]
    .into_iter()
    .flatten()
    .filter(|v| plain(v))
    .map(|v| format!("\"{v}\""));
    let bare = [filter.user.clone(), filter.resource_name.clone()]
        .into_iter()
        .flatten()
        .filter(|v| plain(v));
    quoted.chain(bare).collect()
}

/// Inflates `bytes` when gzipped (a `.json.gz` file), else takes them as JSON.
pub(super) fn inflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(bytes.len() * 8);
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| format!("not a readable gzip file: {e}"))?;
        Ok(out)
    } else {
        Ok(bytes.to_vec())
    }
}

/// The events of one file (of `region`'s folder) in `start..=end` that pass `filter`.
pub fn decode(
    bytes: &[u8],
    region: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    filter: &EventFilter,
    needles: &[String],
) -> Result<Decoded, String> {
    let text = inflate(bytes)?;
    let file: LogFile<'_> = serde_json::from_slice(&text)
        .map_err(|e| format!("not a CloudTrail log file ({{\"Records\": [...]}}): {e}"))?;
    let mut out = Decoded {
        records: file.records.len() as u64,
        inflated: text.len() as u64,
        events: Vec::new(),
    };
    for raw in file.records {
        let body = raw.get();
        // A writer may escape any character; a record that does is judged in full.
        if !body.contains("\\u") && !needles.iter().all(|n| body.contains(n.as_str())) {
            continue;
        }
        let Ok(record) = serde_json::from_str::<serde_json::Value>(body) else {
            continue;
        };
        let time = record
            .get("eventTime")
            .and_then(serde_json::Value::as_str)
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc));
        if !time.is_some_and(|t| t >= start && t <= end) {
            continue;
        }
        let record_region = record
            .get("awsRegion")
            .and_then(serde_json::Value::as_str)
            .unwrap_or(region)
            .to_owned();
        let event = Event::from_record(&record_region, record);
        if filter.matches(&event) {
            out.events.push(event.slimmed(body));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gz(text: &str) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text.as_bytes()).expect("gzip");
        e.finish().expect("gzip")
    }

    const FILE: &str = r#"{"Records":[
      {"eventVersion":"1.08","eventTime":"2026-03-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"a","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}},
      {"eventVersion":"1.08","eventTime":"2026-03-01T11:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","eventID":"b","userIdentity":{"type":"IAMUser","userName":"alice"}},
      {"eventVersion":"1.08","eventTime":"2026-03-03T11:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"c","userIdentity":{"type":"IAMUser","userName":"bob"}},
      {"eventVersion":"1.08","eventTime":"2026-03-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"\u0043reateUser","awsRegion":"us-east-1","eventID":"d","userIdentity":{"type":"IAMUser","userName":"carol"}}
    ]}"#;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test time")
    }

    #[test]
    fn filters_by_window_needles_and_the_full_test() {
        let filter = EventFilter {
            event_name: Some("CreateUser".into()),
            ..EventFilter::default()
        };
        let n = needles(&filter);
        assert_eq!(n, ["\"CreateUser\""]);
        let (start, end) = (t("2026-03-01T00:00:00Z"), t("2026-03-02T00:00:00Z"));
        for bytes in [gz(FILE), FILE.as_bytes().to_vec()] {
            let d = decode(&bytes, "us-east-1", start, end, &filter, &n).expect("decodes");
            assert_eq!(d.records, 4);
            let ids: Vec<_> = d.events.iter().filter_map(|e| e.event_id.clone()).collect();
            // `c` is outside the window; `d` escapes its name and is still found.
            assert_eq!(ids, ["a", "d"]);
        }
        let root = EventFilter {
            root: true,
            ..EventFilter::default()
        };
        let d = decode(
            FILE.as_bytes(),
            "us-east-1",
            start,
            end,
            &root,
            &needles(&root),
        )
        .expect("decodes");
        assert_eq!(d.events.len(), 1);
        assert!(d.events[0].is_root());
    }

    #[test]
    fn a_file_that_is_not_a_log_is_an_error() {
        let f = EventFilter::default();
        let (start, end) = (t("2026-03-01T00:00:00Z"), t("2026-03-02T00:00:00Z"));
        let e = decode(b"{\"nope\":1}", "us-east-1", start, end, &f, &[]).unwrap_err();
        assert!(e.contains("not a CloudTrail log file"), "{e}");
        let e = decode(&[0x1f, 0x8b, 1, 2, 3], "us-east-1", start, end, &f, &[]).unwrap_err();
        assert!(e.contains("gzip"), "{e}");
    }
}
