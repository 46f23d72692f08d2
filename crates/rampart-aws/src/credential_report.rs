//! The IAM credential report: generate, poll with backoff within a bound, parse.
//!
//! IAM builds the report asynchronously. `GenerateCredentialReport` starts it (or answers
//! `LimitExceeded` while one is already being built), `GetCredentialReport` answers
//! `ReportInProgress` until it is done. A report that never completes within the bound is
//! `TimedOut`, never a silent gap.

use std::time::Duration;

use aws_sdk_iam::types::ReportStateType;
use rampart_model::credential_report::CredentialReport;
use rampart_model::{Observed, Unavailable, UnavailableKind};
use tokio::time::Instant;

use crate::errors::{bad_answer, unavailable};
use crate::sdk_values::to_chrono;

const GENERATE: &str = "iam:GenerateCredentialReport";
const GET: &str = "iam:GetCredentialReport";

/// First wait between polls; it doubles up to [`MAX_POLL_DELAY`].
const FIRST_POLL_DELAY: Duration = Duration::from_millis(250);
const MAX_POLL_DELAY: Duration = Duration::from_secs(4);

/// Generates (if needed) and reads the credential report, waiting at most `timeout`.
pub(crate) async fn collect(
    iam: &aws_sdk_iam::Client,
    timeout: Duration,
) -> Observed<CredentialReport> {
    let deadline = Instant::now() + timeout;
    let mut delay = FIRST_POLL_DELAY;
    let mut generate = true;
    loop {
        if generate {
            generate = false;
            match iam.generate_credential_report().send().await {
                Ok(out) if out.state() == Some(&ReportStateType::Complete) => {}
                Ok(_) => {
                    if !wait(&mut delay, deadline).await {
                        return timed_out(timeout);
                    }
                }
                // A report is already being generated: poll for it.
                Err(e)
                    if e.as_service_error()
                        .is_some_and(aws_sdk_iam::operation::generate_credential_report::GenerateCredentialReportError::is_limit_exceeded_exception) => {}
                Err(e) => return Observed::Unavailable(unavailable(GENERATE, &e)),
            }
        }
        match iam.get_credential_report().send().await {
            Ok(out) => {
                return parse(
                    out.content().map(std::convert::AsRef::as_ref),
                    out.generated_time(),
                )
            }
            Err(e) => match e.as_service_error() {
                Some(s) if s.is_credential_report_not_ready_exception() => {}
                Some(s)
                    if s.is_credential_report_expired_exception()
                        || s.is_credential_report_not_present_exception() =>
                {
                    generate = true;
                }
                _ => return Observed::Unavailable(unavailable(GET, &e)),
            },
        }
        if !wait(&mut delay, deadline).await {
            return timed_out(timeout);
        }
    }
}

/// Sleeps `delay` (cut short at `deadline`) and doubles it; false when the deadline has passed.
async fn wait(delay: &mut Duration, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return false;
    }
    tokio::time::sleep((*delay).min(left)).await;
    *delay = (*delay * 2).min(MAX_POLL_DELAY);
    true
}

fn timed_out(timeout: Duration) -> Observed<CredentialReport> {
    Observed::Unavailable(Unavailable::new(
        UnavailableKind::TimedOut,
        Some(GET),
        format!(
            "the credential report was not ready after {} s",
            timeout.as_secs_f32()
        ),
    ))
}

/// Turns the report's bytes into a [`CredentialReport`], or an `Error` fact saying why not.
fn parse(
    content: Option<&[u8]>,
    generated: Option<&aws_smithy_types::DateTime>,
) -> Observed<CredentialReport> {
    let Some(content) = content else {
        return Observed::Unavailable(bad_answer(GET, "the answer carried no report"));
    };
    let Some(generated) = generated.and_then(to_chrono) else {
        return Observed::Unavailable(bad_answer(GET, "the answer carried no GeneratedTime"));
    };
    let text = match String::from_utf8(content.to_vec()) {
        Ok(t) => t,
        Err(e) => {
            return Observed::Unavailable(bad_answer(GET, format!("the report is not UTF-8: {e}")))
        }
    };
    match CredentialReport::parse(generated, text) {
        Ok(report) => Observed::Known(report),
        Err(e) => Observed::Unavailable(bad_answer(GET, e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n\
<root_account>,arn:aws:iam::123456789012:root,2026-01-01T00:00:00+00:00,not_supported,2026-01-02T00:00:00+00:00,not_supported,not_supported,false,true,2026-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";

    #[test]
    fn parses_a_report() {
        let t = aws_smithy_types::DateTime::from_secs(1_780_000_000);
        let report = parse(Some(CSV.as_bytes()), Some(&t));
        let report = report.known().cloned();
        assert!(
            report.as_ref().and_then(|r| r.root()).is_some(),
            "{report:?}"
        );
    }

    #[test]
    fn garbage_is_an_error_fact() {
        let t = aws_smithy_types::DateTime::from_secs(1_780_000_000);
        let Observed::Unavailable(u) = parse(Some(b"this,is\nnot,a report"), Some(&t)) else {
            panic!("garbage parsed");
        };
        assert_eq!(u.kind, UnavailableKind::Error);
        assert_eq!(u.action.as_deref(), Some(GET));
        let Observed::Unavailable(u) = parse(None, Some(&t)) else {
            panic!("no content parsed")
        };
        assert!(u.message.contains("no report"));
        let Observed::Unavailable(u) = parse(Some(&[0xff, 0xfe]), Some(&t)) else {
            panic!("bad utf8 parsed")
        };
        assert!(u.message.contains("UTF-8"));
    }
}
