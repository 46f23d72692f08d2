//! `rampart mfa`: enrol MFA devices from the terminal (step 2 of the baseline) and show who
//! has MFA. Enrolment does through the API what the API allows and prints console steps for
//! the rest (root user, security keys).

mod codes;
mod console;
mod enroll;
mod qr;
mod status;

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{ArgGroup, Args, Subcommand};
use rampart_aws::mfa::MfaClient;
use rampart_aws::Connection;

use crate::global::{Format, Global};
use crate::output;

#[derive(Debug, Args)]
pub struct MfaArgs {
    #[command(subcommand)]
    pub command: MfaCommand,
}

#[derive(Debug, Subcommand)]
pub enum MfaCommand {
    /// Enrol an MFA device: a virtual one for --user (QR code on the terminal), a hardware
    /// TOTP token with --hardware, or console steps for --root and --security-key
    ///
    /// A virtual device is checked against two consecutive codes locally, then enabled. Codes
    /// refused (locally, or by AWS as invalid) may be typed again, up to 3 pairs for the same
    /// QR code; after that, on any other failure or on Ctrl-C the device created is deleted
    /// again. Codes come from --code1/--code2 (one pair), the terminal, or standard input (two
    /// codes a pair, for scripts).
    Enroll(EnrollArgs),
    /// Show every user with a password or access keys, their MFA devices, root's MFA, and who
    /// still lacks MFA
    Status,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("who").required(true).args(["user", "root"])))]
pub struct EnrollArgs {
    /// The IAM user to enrol
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Print the console steps for the root user's MFA (the API cannot set it up)
    #[arg(long)]
    pub root: bool,
    /// Enrol the hardware TOTP token with this serial number instead of a virtual device
    #[arg(
        long,
        value_name = "SERIAL",
        requires = "user",
        conflicts_with = "security_key"
    )]
    pub hardware: Option<String>,
    /// Print the console steps for a FIDO security key or passkey (only a browser can register one)
    #[arg(long)]
    pub security_key: bool,
    /// The first code (with --code2: no prompt)
    #[arg(long, value_name = "CODE", requires = "code2", conflicts_with_all = ["root", "security_key"])]
    pub code1: Option<String>,
    /// The next code after --code1
    #[arg(long, value_name = "CODE", requires = "code1", conflicts_with_all = ["root", "security_key"])]
    pub code2: Option<String>,
    /// Also print the virtual device's secret key as text (for typing into an app by hand)
    #[arg(long, conflicts_with_all = ["root", "security_key", "hardware"])]
    pub show_secret: bool,
    /// Draw the QR code for a terminal with dark text on a light background
    #[arg(long, conflicts_with_all = ["root", "security_key", "hardware"])]
    pub light_background: bool,
}

/// How long `status` waits for IAM to build the credential report.
const REPORT_TIMEOUT: Duration = Duration::from_secs(60);

pub fn run(global: &Global, args: &MfaArgs) -> anyhow::Result<ExitCode> {
    match &args.command {
        MfaCommand::Enroll(e) if e.root => {
            print!("{}", console::root_steps(e.security_key, color(global)));
            Ok(ExitCode::SUCCESS)
        }
        MfaCommand::Enroll(e) => {
            let user = e.user.as_deref().context("--user NAME is required")?;
            crate::session::runtime()?.block_on(async {
                let flag = enroll::interrupt_flag();
                let client = MfaClient::new(&connect(global).await);
                if e.security_key {
                    // Only to refuse a misspelt user name before sending anyone to the console.
                    client.user_devices(user).await?;
                    let account = client.issuer().await.ok();
                    let steps =
                        console::security_key_steps(user, account.as_deref(), color(global));
                    print!("{steps}");
                    return Ok(ExitCode::SUCCESS);
                }
                let mut codes = codes::Codes::new(e.code1.as_deref(), e.code2.as_deref())?;
                match &e.hardware {
                    Some(serial) => enroll::hardware(&client, user, serial, &mut codes, flag).await,
                    None => {
                        let display = enroll::Display {
                            show_secret: e.show_secret,
                            background: if e.light_background {
                                qr::Background::Light
                            } else {
                                qr::Background::Dark
                            },
                        };
                        enroll::virtual_device(&client, user, &mut codes, &display, flag).await
                    }
                }
            })
        }
        MfaCommand::Status => {
            let status = crate::session::runtime()?.block_on(async {
                rampart_aws::mfa::status(&connect(global).await, REPORT_TIMEOUT).await
            });
            let status = status.context("cannot read the account's MFA state")?;
            let text = match global.format {
                Format::Json => {
                    let mut s = serde_json::to_string_pretty(&status)?;
                    s.push('\n');
                    s
                }
                Format::Table => status::text(&status),
            };
            output::write(global.output.as_deref(), &text)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Bold console labels only on a colour terminal (not with --no-color or NO_COLOR).
fn color(global: &Global) -> bool {
    output::use_color(global.no_color, None)
}

async fn connect(global: &Global) -> Connection {
    rampart_aws::connect(&crate::session::connect_options(global)).await
}
