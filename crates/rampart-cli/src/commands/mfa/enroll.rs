//! `rampart mfa enroll --user NAME [--hardware SERIAL]`: enrol a virtual or hardware TOTP
//! device for an IAM user.
//!
//! A virtual device is created first (AWS hands out the seed only then), so every way out
//! other than success deletes it again: wrong codes three times, an AWS failure, end of input,
//! Ctrl-C. Codes are checked against the seed locally before AWS sees them; a pair refused
//! there or by AWS as invalid may be typed again from the same app entry, as the console
//! allows, so a typo does not cost a new QR scan.

use std::io::Write;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context};
use rampart_aws::mfa::totp::{self, PairCheck};
use rampart_aws::mfa::{MfaClient, MfaError, NewVirtualDevice, MAX_DEVICES_PER_USER};
use tokio::sync::watch;

use super::codes::Codes;
use super::qr;

/// Pairs of codes tried against one new virtual device before it is deleted.
pub const ATTEMPTS: u32 = 3;

/// Flips to true on Ctrl-C. The handler is installed before anything is created, so an
/// interrupt at any point is seen and cleaned up after.
pub fn interrupt_flag() -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(false);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = tx.send(true);
        }
    });
    rx
}

/// Resolves when the flag turns true; never, if the handler went away.
async fn interrupted(flag: &mut watch::Receiver<bool>) {
    if flag.wait_for(|v| *v).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// What the person sees about the device: QR code, and the seed only when asked.
pub struct Display {
    pub show_secret: bool,
    pub background: qr::Background,
}

pub async fn virtual_device(
    client: &MfaClient,
    user: &str,
    codes: &mut Codes,
    display: &Display,
    mut flag: watch::Receiver<bool>,
) -> anyhow::Result<ExitCode> {
    let issuer = client
        .issuer()
        .await
        .context("cannot name the account for the authenticator app")?;
    let device = client
        .create_virtual(user)
        .await
        .with_context(|| format!("cannot create a virtual MFA device for `{user}`"))?;
    if *flag.borrow() {
        discard(client, &device).await;
        return Ok(crate::exit::ExitStatus::Interrupted.into());
    }
    let outcome = tokio::select! {
        r = finish(client, user, &issuer, &device, codes, display) => Some(r),
        () = interrupted(&mut flag) => None,
    };
    match outcome {
        Some(Ok(())) => {
            println!(
                "MFA is on: virtual device {} is assigned to `{user}`.",
                device.serial_number
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Err(e)) => {
            discard(client, &device).await;
            Err(e)
        }
        None => {
            eprintln!("\nInterrupted.");
            discard(client, &device).await;
            Ok(crate::exit::ExitStatus::Interrupted.into())
        }
    }
}

/// Shows the QR code, reads and checks codes, enables the device.
async fn finish(
    client: &MfaClient,
    user: &str,
    issuer: &str,
    device: &NewVirtualDevice,
    codes: &mut Codes,
    display: &Display,
) -> anyhow::Result<()> {
    let key = device.seed.key().context("AWS returned an unusable seed")?;
    // Both hold the seed: overwritten in memory when dropped, like the seed itself.
    let uri = zeroize::Zeroizing::new(qr::otpauth_uri(issuer, user, device.seed.base32()));
    let picture = zeroize::Zeroizing::new(qr::render(&uri, display.background)?);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Scan this QR code with an authenticator app; it adds `{issuer}:{user}`.\n\n{}",
        picture.as_str()
    )?;
    if display.show_secret {
        writeln!(
            out,
            "Secret key (for typing in by hand): {}\n",
            device.seed.base32()
        )?;
    } else {
        writeln!(
            out,
            "Cannot scan it? Run again with --show-secret to see the key as text.\n"
        )?;
    }
    out.flush()?;
    drop(out);
    let attempts = if codes.can_retry() { ATTEMPTS } else { 1 };
    for attempt in 1..=attempts {
        let (first, second) = codes.pair().await?;
        let verdict = totp::check_pair(&key, first, second, totp::step_at(unix_now()));
        let why = match verdict {
            PairCheck::Valid => match client
                .enable(user, &device.serial_number, first, second)
                .await
            {
                Ok(()) => return Ok(()),
                Err(e @ MfaError::InvalidCodes(_)) => format!("{e}."),
                Err(e) => return Err(anyhow!(e).context("AWS did not enable the device")),
            },
            refused => format!(
                "the codes were refused before reaching AWS: {}",
                explain(refused, issuer, user)
            ),
        };
        match attempts - attempt {
            0 if attempts == 1 => bail!("{why}"),
            0 => bail!("{why} That was the last of {attempts} attempts."),
            left => eprintln!("{why} {}", try_again(left)),
        }
    }
    Err(anyhow!("no codes were accepted"))
}

/// What to do after a refused pair, with `left` attempts remaining.
fn try_again(left: u32) -> String {
    let attempts = if left == 1 { "attempt" } else { "attempts" };
    format!(
        "{left} {attempts} left: type the next two codes from the same app entry (no new scan \
         needed)."
    )
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Why a pair of codes was refused, and what to do about it.
pub fn explain(verdict: PairCheck, issuer: &str, user: &str) -> String {
    match verdict {
        PairCheck::Valid => "the codes are valid.".to_owned(),
        PairCheck::ClockDrift { seconds } => format!(
            "the codes are right for this device but come from a clock {} by about {}; AWS \
             would refuse them. Set the phone's date and time to automatic (network time).",
            if seconds > 0 { "ahead" } else { "behind" },
            human(seconds.unsigned_abs()),
        ),
        PairCheck::Repeated => "both codes are the same. Type the code shown, wait for the \
                                app to show a new one, then type that."
            .to_owned(),
        PairCheck::NotConsecutive => "the codes belong to this device but are not two \
                                      consecutive codes in order. Type the code shown now, \
                                      then the very next one."
            .to_owned(),
        PairCheck::NoMatch => format!(
            "the codes do not match the device just created. Check that the app entry is the \
             one scanned now (`{issuer}:{user}`, not an older one) and that the codes were \
             typed correctly."
        ),
    }
}

fn human(seconds: u64) -> String {
    match seconds {
        s if s < 120 => format!("{s} seconds"),
        s if s < 2 * 3600 => format!("{} minutes", s / 60),
        s => format!("{} hours", s / 3600),
    }
}

/// Deletes a device that did not get enabled, saying what happened.
async fn discard(client: &MfaClient, device: &NewVirtualDevice) {
    let serial = &device.serial_number;
    match client.delete_virtual(serial).await {
        Ok(()) => eprintln!("Deleted the unassigned MFA device {serial}."),
        Err(e) => eprintln!(
            "warning: could not delete the MFA device {serial} ({e}). If `rampart mfa status` \
             does not show it assigned, delete it with `aws iam delete-virtual-mfa-device \
             --serial-number {serial}`."
        ),
    }
}

/// Enables a hardware TOTP token; nothing is created, so nothing needs undoing.
pub async fn hardware(
    client: &MfaClient,
    user: &str,
    serial: &str,
    codes: &mut Codes,
    mut flag: watch::Receiver<bool>,
) -> anyhow::Result<ExitCode> {
    let count = client.user_devices(user).await?.len();
    if count >= MAX_DEVICES_PER_USER {
        bail!("user `{user}` already has {count} MFA devices, the most AWS allows");
    }
    println!(
        "Enrolling hardware token {serial} for `{user}`: press its button, type the code, \
         wait for the display to change and type the next one."
    );
    let pair = tokio::select! {
        p = codes.pair() => p?,
        () = interrupted(&mut flag) => {
            eprintln!("\nInterrupted; nothing was changed.");
            return Ok(crate::exit::ExitStatus::Interrupted.into());
        }
    };
    client.enable(user, serial, pair.0, pair.1).await.context(
        "AWS did not enable the token (the codes must be two consecutive ones, the serial the \
         one on the back of the token)",
    )?;
    println!("MFA is on: hardware token {serial} is assigned to `{user}`.");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_says_how_many_attempts_remain() {
        assert!(
            try_again(2).starts_with("2 attempts left: "),
            "{}",
            try_again(2)
        );
        assert!(
            try_again(1).starts_with("1 attempt left: "),
            "{}",
            try_again(1)
        );
    }

    #[test]
    fn drift_messages_say_which_way_and_how_far() {
        let m = explain(PairCheck::ClockDrift { seconds: 300 }, "acme", "alice");
        assert!(m.contains("ahead by about 5 minutes"), "{m}");
        let m = explain(PairCheck::ClockDrift { seconds: -7200 }, "acme", "alice");
        assert!(m.contains("behind by about 2 hours"), "{m}");
        let m = explain(PairCheck::NoMatch, "acme", "alice");
        assert!(m.contains("`acme:alice`"), "{m}");
    }
}
