//! `--since` and `--until`: a span back from now (`30m`, `24h`, `7d`, `2w`), a date
//! (`2026-11-01`, midnight UTC) or a full timestamp (`2026-11-01T08:00:00Z`).

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Parses `text` relative to `now`; the error says what is accepted.
pub fn parse_time(flag: &str, text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "{flag}: `{text}` is neither a span back from now (30m, 24h, 7d, 2w) nor a date \
             (2026-11-01 or 2026-11-01T08:00:00Z)"
        )
    };
    if t.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Some(unit) = t.chars().last().filter(char::is_ascii_alphabetic) {
        let digits = &t[..t.len() - unit.len_utf8()];
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            let n: i64 = digits.parse().map_err(|_| bad())?;
            let span = match unit.to_ascii_lowercase() {
                'm' => Duration::try_minutes(n),
                'h' => Duration::try_hours(n),
                'd' => Duration::try_days(n),
                'w' => Duration::try_weeks(n),
                _ => None,
            }
            .ok_or_else(bad)?;
            return now.checked_sub_signed(span).ok_or_else(bad);
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(t) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        if let Some(midnight) = d.and_hms_opt(0, 0, 0) {
            return Ok(midnight.and_utc());
        }
    }
    Err(bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn spans_count_back_from_now() {
        assert_eq!(
            parse_time("--since", "7d", now()),
            Ok(at("2026-11-21T12:00:00Z"))
        );
        assert_eq!(
            parse_time("--since", "24h", now()),
            Ok(at("2026-11-27T12:00:00Z"))
        );
        assert_eq!(
            parse_time("--since", "30m", now()),
            Ok(at("2026-11-28T11:30:00Z"))
        );
        assert_eq!(
            parse_time("--since", "2w", now()),
            Ok(at("2026-11-14T12:00:00Z"))
        );
        assert_eq!(parse_time("--until", "now", now()), Ok(now()));
    }

    #[test]
    fn dates_and_timestamps() {
        assert_eq!(
            parse_time("--since", "2026-11-01", now()),
            Ok(at("2026-11-01T00:00:00Z"))
        );
        assert_eq!(
            parse_time("--since", "2026-11-01T08:00:00+02:00", now()),
            Ok(at("2026-11-01T06:00:00Z"))
        );
    }

    #[test]
    fn anything_else_is_refused_with_the_accepted_forms() {
        for bad in [
            "",
            "7",
            "d",
            "7y",
            "yesterday",
            "2026-13-01",
            "-7d",
            "99999999999999999999d",
        ] {
            let e = parse_time("--since", bad, now()).expect_err(bad);
            assert!(e.starts_with("--since: `") && e.contains("7d"), "{e}");
        }
    }
}
