//! Driving `rampart mfa enroll` like a person would: read the QR code off its standard output,
//! decode it, compute codes from the secret inside and type them; plus account setup.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use crate::test_support::rampart_for;
use crate::test_support::{run, workdir};
use rampart_aws::mfa::totp;
use rampart_testkit::TestAccount;

const WAIT: Duration = Duration::from_secs(60);

pub async fn iam(account: &TestAccount) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await)
}

pub async fn user(iam: &aws_sdk_iam::Client, name: &str, password: bool) {
    iam.create_user()
        .user_name(name)
        .send()
        .await
        .expect("create user");
    if password {
        let profile = iam.create_login_profile().user_name(name);
        profile
            .password("Correct-Horse-9-Battery!")
            .send()
            .await
            .expect("login profile");
    }
}

pub async fn virtual_devices(iam: &aws_sdk_iam::Client) -> Vec<String> {
    let out = iam
        .list_virtual_mfa_devices()
        .send()
        .await
        .expect("list virtual devices");
    out.virtual_mfa_devices()
        .iter()
        .map(|d| d.serial_number().to_owned())
        .collect()
}

/// `rampart` aimed at `account` only.
/// A running `rampart mfa enroll`, its standard output arriving line by line.
pub struct Running {
    pub child: Child,
    stdin: Option<ChildStdin>,
    stdout: Receiver<String>,
    seen: Vec<String>,
}

pub fn spawn_enroll(account: &TestAccount, args: &[&str]) -> Running {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("rampart"));
    cmd.args(["mfa", "enroll"])
        .args(args)
        .envs(account.env())
        .env_remove("AWS_PROFILE");
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("rampart starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let stdin = child.stdin.take();
    Running {
        child,
        stdin,
        stdout: rx,
        seen: Vec::new(),
    }
}

impl Running {
    /// Reads standard output up to the line after the QR code and decodes the QR code.
    pub fn read_qr(&mut self) -> String {
        let mut picture = Vec::new();
        loop {
            let line = self.stdout.recv_timeout(WAIT).unwrap_or_else(|e| {
                panic!("no QR code on standard output ({e}); got: {:#?}", self.seen)
            });
            self.seen.push(line.clone());
            let is_qr = !line.is_empty() && line.chars().all(|c| "█▀▄ ".contains(c));
            if is_qr {
                picture.push(line);
            } else if !picture.is_empty() {
                return decode_qr(&picture);
            }
        }
    }

    pub fn type_codes(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(text.as_bytes()).expect("write codes");
        stdin.flush().expect("flush");
    }

    /// Waits for the exit; returns (code, all of standard output, standard error).
    pub fn finish(mut self) -> (i32, String, String) {
        drop(self.stdin.take());
        self.wait()
    }

    /// Like [`Running::finish`], but standard input stays open (as a terminal's would).
    pub fn finish_open(self) -> (i32, String, String) {
        self.wait()
    }

    fn wait(mut self) -> (i32, String, String) {
        let out = self.child.wait_with_output().expect("rampart exits");
        // The reader thread ends at end of output, once the process has exited.
        self.seen.extend(self.stdout.iter());
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
        (
            out.status.code().unwrap_or(-1),
            self.seen.join("\n"),
            stderr,
        )
    }
}

/// Rebuilds the bitmap from half-block characters (block = light) and decodes it.
pub fn decode_qr(lines: &[String]) -> String {
    let rows: Vec<Vec<bool>> = lines
        .iter()
        .flat_map(|l| {
            let top = l
                .chars()
                .map(|c| matches!(c, '█' | '▀'))
                .collect::<Vec<_>>();
            let bottom = l
                .chars()
                .map(|c| matches!(c, '█' | '▄'))
                .collect::<Vec<_>>();
            [top, bottom]
        })
        .collect();
    let scale = 4;
    let (w, h) = (rows[0].len() * scale, rows.len() * scale);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let light = rows[y / scale].get(x / scale).copied().unwrap_or(true);
        if light {
            255
        } else {
            0
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code:\n{}", lines.join("\n"));
    grids[0].decode().expect("the QR code decodes").1
}

/// The `secret` parameter of an `otpauth://` URI.
pub fn secret_of(uri: &str) -> String {
    let query = uri.split_once('?').expect("a query").1;
    let secret = query.split('&').find_map(|p| p.strip_prefix("secret="));
    secret.expect("a secret").to_owned()
}

/// Two consecutive codes for a base32 secret, one per line.
pub fn codes_for(secret: &str) -> String {
    codes_off_by(secret, 0)
}

/// Two consecutive codes from a clock `seconds` ahead (negative: behind).
pub fn codes_off_by(secret: &str, seconds: i64) -> String {
    let key = totp::decode_base32(secret).expect("base32 secret");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let step = totp::step_at(now.saturating_add_signed(seconds));
    format!(
        "{:06}\n{:06}\n",
        totp::code(&key, step, 6),
        totp::code(&key, step + 1, 6)
    )
}

pub fn console_mfa_status(account: &TestAccount) -> String {
    let dir = workdir();
    let mut cmd = rampart_for(account, dir.path());
    let (_, stdout, stderr) =
        run(cmd.args(["audit", "--select", "RMP203", "--format", "json", "--quiet"]));
    let report: serde_json::Value = serde_json::from_str(&stdout).expect(&stderr);
    let checks = report["checks"].as_array().expect("checks");
    let check = checks
        .iter()
        .find(|c| c["id"] == "RMP203")
        .expect("RMP203 ran");
    check["status"].as_str().expect("a status").to_owned()
}
