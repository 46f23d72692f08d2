//! Which source searches which part of the window: the event history keeps 90 days, the
//! trail's archive keeps what the trail delivered. `auto` takes the history for the part it
//! keeps and the archive for the older part; a part no source is asked to search is named.

use anyhow::bail;
use chrono::{DateTime, Duration, Utc};
use rampart_aws::events as ev;

use super::args::{EventsArgs, Source};

type Span = (DateTime<Utc>, DateTime<Utc>);

/// The parts of the window each source searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub history: Option<Span>,
    pub archive: Option<Span>,
    pub athena: Option<Span>,
    /// A part no source searches (`--source history` over more than 90 days).
    pub uncovered: Option<Span>,
}

impl Parts {
    /// The line that says which source reads which part, when both are used.
    pub fn note(&self) -> Option<String> {
        let (Some((_, older)), Some(_)) = (self.archive, self.history) else {
            return None;
        };
        Some(format!(
            "events before {} come from the trail's archive, later ones from the event history",
            older.format("%Y-%m-%d %H:%M UTC")
        ))
    }
}

/// Splits `start..end` between the sources `--source` and `--archive-dir` allow.
pub fn plan(
    args: &EventsArgs,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<Parts> {
    let kept = now - Duration::days(i64::from(ev::HISTORY_DAYS));
    let none = Parts {
        history: None,
        archive: None,
        athena: None,
        uncovered: None,
    };
    if args.athena_create_table && args.source != Source::Athena {
        bail!(
            "--athena-create-table creates the table --source athena searches; add --source athena"
        );
    }
    if args.archive_dir.is_some() {
        if matches!(args.source, Source::History | Source::Athena) {
            bail!("--archive-dir reads a copy of the trail's archive; it cannot be used with --source history or athena");
        }
        return Ok(Parts {
            archive: Some((start, end)),
            ..none
        });
    }
    Ok(match args.source {
        Source::Athena => Parts {
            athena: Some((start, end)),
            ..none
        },
        Source::Archive => Parts {
            archive: Some((start, end)),
            ..none
        },
        Source::History => {
            if end <= kept {
                bail!(
                    "--until ({}) is older than the {} days the event history keeps; search the trail's archive with --source archive",
                    end.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    ev::HISTORY_DAYS
                );
            }
            Parts {
                history: Some((start.max(kept), end)),
                uncovered: (start < kept).then_some((start, kept)),
                ..none
            }
        }
        Source::Auto if start >= kept => Parts {
            history: Some((start, end)),
            ..none
        },
        Source::Auto => Parts {
            history: (end > kept).then_some((kept, end)),
            archive: Some((start, end.min(kept))),
            ..none
        },
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: EventsArgs,
    }

    fn parts(argv: &[&str], days_back: i64) -> anyhow::Result<Parts> {
        let cli = Cli::try_parse_from(std::iter::once("events").chain(argv.iter().copied()))
            .expect("arguments parse");
        let now: DateTime<Utc> = "2026-12-07T12:00:00Z".parse().expect("time");
        plan(&cli.args, now - Duration::days(days_back), now, now)
    }

    #[test]
    fn auto_splits_at_the_history_and_history_names_what_it_cannot_search() {
        let p = parts(&[], 30).expect("plan");
        assert!(p.history.is_some() && p.archive.is_none() && p.uncovered.is_none());
        let p = parts(&[], 200).expect("plan");
        let (h, a) = (p.history.expect("history"), p.archive.expect("archive"));
        assert_eq!(h.0, a.1, "the parts meet");
        assert!(p
            .note()
            .expect("a note")
            .starts_with("events before 2026-09-08"));
        let p = parts(&["--source", "history"], 200).expect("plan");
        assert!(p.archive.is_none());
        let (from, to) = p.uncovered.expect("uncovered");
        assert_eq!((to - from).num_days(), 110);
        let p = parts(&["--source", "archive"], 30).expect("plan");
        assert!(p.history.is_none() && p.archive.is_some());
        let p = parts(&["--archive-dir", "/tmp"], 200).expect("plan");
        assert!(p.history.is_none() && p.archive.is_some());
        let e = parts(&["--archive-dir", "/tmp", "--source", "history"], 5).unwrap_err();
        assert!(
            e.to_string()
                .contains("cannot be used with --source history"),
            "{e}"
        );
    }
}
