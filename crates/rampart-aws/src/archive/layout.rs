//! Where CloudTrail writes its log files, and which of them a time window needs.
//!
//! A trail delivers to `[PREFIX/]AWSLogs/[o-ORGID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/` +
//! `ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz` (CloudTrail User Guide, "Finding
//! your CloudTrail log files"). The date in the key is the *delivery* time, in UTC: a record of
//! 23:58 may land in the next day's folder. So a window is read from the day before its start to
//! the day after its end, and records are kept by their own `eventTime`.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// One account and Region's log folder: `…/AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LogRoot {
    /// The folder's key prefix, ending in `/`.
    pub prefix: String,
    pub account: String,
    pub region: String,
    /// The organization id, for an organization trail's folder.
    pub organization: Option<String>,
}

impl LogRoot {
    /// The key prefix of one day's files.
    pub fn day_prefix(&self, day: NaiveDate) -> String {
        format!("{}{}/", self.prefix, day.format("%Y/%m/%d"))
    }
}

/// Whether a folder name under `AWSLogs/` is an account id (twelve digits).
pub fn is_account_id(name: &str) -> bool {
    name.len() == 12 && name.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a folder name under `AWSLogs/` is an organization id (`o-` and 10 to 32 lowercase
/// letters or digits).
pub fn is_organization_id(name: &str) -> bool {
    name.strip_prefix("o-").is_some_and(|rest| {
        (10..=32).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// The key days a window needs, newest first: from the day after `end` back to the day before
/// `start` (see the module documentation).
pub fn key_days(start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<NaiveDate> {
    let first = (start - Duration::days(1)).date_naive();
    let last = (end + Duration::days(1)).date_naive();
    let mut days = Vec::new();
    let mut d = last;
    while d >= first {
        days.push(d);
        d = d.pred_opt().unwrap_or(NaiveDate::MIN);
        if d == NaiveDate::MIN {
            break;
        }
    }
    days
}

/// A day from its folder names (`2026`, `03`, `07`), when they are one.
pub fn day_of(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    let n = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(i32::try_from(n(year, 4)?).ok()?, n(month, 2)?, n(day, 2)?)
}

/// The first instant of a day, in UTC.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test time")
    }

    #[test]
    fn a_window_reads_a_day_more_at_each_end_newest_first() {
        let days = key_days(t("2026-03-02T10:00:00Z"), t("2026-03-04T23:00:00Z"));
        let names: Vec<String> = days.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "2026-03-05",
                "2026-03-04",
                "2026-03-03",
                "2026-03-02",
                "2026-03-01"
            ]
        );
    }

    #[test]
    fn folder_names() {
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("11112222333"));
        assert!(is_organization_id("o-a1b2c3d4e5"));
        assert!(!is_organization_id("o-A1B2C3D4E5"));
        assert!(!is_organization_id("111122223333"));
        assert_eq!(
            day_of("2026", "03", "07"),
            NaiveDate::from_ymd_opt(2026, 3, 7)
        );
        assert_eq!(day_of("2026", "3", "07"), None);
        assert_eq!(day_of("2026", "02", "30"), None);
        let root = LogRoot {
            prefix: "AWSLogs/111122223333/CloudTrail/eu-west-1/".into(),
            account: "111122223333".into(),
            region: "eu-west-1".into(),
            organization: None,
        };
        assert_eq!(
            root.day_prefix(NaiveDate::from_ymd_opt(2026, 3, 7).expect("date")),
            "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/07/"
        );
    }
}
