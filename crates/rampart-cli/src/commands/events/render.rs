//! Events as text: an aligned table for people, CSV for spreadsheets, JSON lines of the full
//! CloudTrail records for scripts. All newest first, as given.

use rampart_aws::events::Event;

/// Columns of the table and the CSV, in order; sign-in searches add MFA and result.
fn headers(logins: bool) -> Vec<&'static str> {
    let mut h = vec!["time", "region", "who", "event"];
    if logins {
        h.extend(["mfa", "result"]);
    }
    h.extend(["source", "resources", "source ip", "error"]);
    h
}

fn row(e: &Event, logins: bool) -> Vec<String> {
    let opt = |s: Option<&str>| s.unwrap_or("").to_owned();
    let time = e
        .time
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default();
    let source = e.event_source.as_deref().unwrap_or("");
    let mut r = vec![
        time,
        e.region.clone(),
        e.who(),
        opt(e.event_name.as_deref()),
    ];
    if logins {
        let mfa = match e.mfa_used() {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        r.extend([mfa.to_owned(), opt(e.login_result())]);
    }
    r.extend([
        source
            .strip_suffix(".amazonaws.com")
            .unwrap_or(source)
            .to_owned(),
        e.resource_names().join(" "),
        opt(e.source_ip()),
        opt(e.error()),
    ]);
    r
}

/// Longest cell of a column in the table; longer ones are cut with `…`.
const MAX_CELL: usize = 48;

fn cut(s: &str) -> String {
    if s.chars().count() <= MAX_CELL {
        s.to_owned()
    } else {
        let mut c: String = s.chars().take(MAX_CELL - 1).collect();
        c.push('…');
        c
    }
}

/// An aligned table with upper-case headers; `-` marks an empty cell.
pub fn table(events: &[Event], logins: bool) -> String {
    let head: Vec<String> = headers(logins).iter().map(|h| h.to_uppercase()).collect();
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            row(e, logins)
                .into_iter()
                .map(|c| {
                    if c.is_empty() {
                        "-".to_owned()
                    } else {
                        cut(&c)
                    }
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(&head).chain(&rows) {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// CSV (RFC 4180) with a header row; times in RFC 3339.
pub fn csv(events: &[Event], logins: bool) -> String {
    let mut out = csv_header(logins);
    out.push_str(&csv_rows(events, logins));
    out
}

/// The CSV header row.
pub fn csv_header(logins: bool) -> String {
    let mut out = headers(logins)
        .iter()
        .map(|h| h.replace(' ', "_"))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// CSV rows without the header, for output written a batch at a time.
pub fn csv_rows(events: &[Event], logins: bool) -> String {
    let mut out = String::new();
    for e in events {
        let mut cells = row(e, logins);
        if let (Some(first), Some(t)) = (cells.first_mut(), e.time) {
            *first = t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        }
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One full CloudTrail record per line (from the archive, the log file's own text).
pub fn json_lines(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        // An archive event prints its record as the log file holds it.
        match &e.raw {
            Some(raw) => out.push_str(raw),
            None => out.push_str(&e.record.to_string()),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn login() -> Event {
        Event::from_record(
            "us-east-1",
            json!({"userIdentity": {"type": "Root"}, "eventName": "ConsoleLogin",
                   "eventSource": "signin.amazonaws.com", "eventTime": "2026-11-20T08:30:00Z",
                   "sourceIPAddress": "203.0.113.10",
                   "responseElements": {"ConsoleLogin": "Failure"},
                   "errorMessage": "Failed authentication",
                   "additionalEventData": {"MFAUsed": "No"}}),
        )
    }

    #[test]
    fn table_aligns_and_marks_empty_cells() {
        let t = table(&[login()], false);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("TIME                 REGION     WHO   EVENT"),
            "{t}"
        );
        assert!(
            lines[1].starts_with("2026-11-20 08:30:00  us-east-1  root  ConsoleLogin  signin  -"),
            "{t}"
        );
        assert!(
            lines[1].ends_with("203.0.113.10  Failed authentication"),
            "{t}"
        );
        let with_mfa = table(&[login()], true);
        assert!(
            with_mfa.contains("MFA  RESULT") && with_mfa.contains("no   Failure"),
            "{with_mfa}"
        );
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut e = login();
        e.record["errorMessage"] = json!("bad, \"very\" bad");
        let text = csv(&[e], true);
        assert_eq!(
            text,
            "time,region,who,event,mfa,result,source,resources,source_ip,error\r\n\
             2026-11-20T08:30:00Z,us-east-1,root,ConsoleLogin,no,Failure,signin,,203.0.113.10,\"bad, \"\"very\"\" bad\"\r\n"
        );
    }

    #[test]
    fn json_lines_are_the_full_records() {
        let text = json_lines(&[login(), login()]);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["additionalEventData"]["MFAUsed"], "No");
    }
}
