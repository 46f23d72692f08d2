//! The moto emulator as a child process that cannot outlive the tests.
//!
//! moto runs inside a small Python wrapper that serves on a free loopback port, prints the port,
//! then blocks reading its standard input. That input is a pipe held by the test process, so the
//! emulator exits as soon as the test process does, however it ends.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

/// How long moto may take to import and start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);

const WRAPPER: &str = r#"
import os, sys
try:
    from moto.server import ThreadedMotoServer
except Exception as e:
    print("MOTO-MISSING " + str(e), flush=True)
    os._exit(3)
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print("PORT " + str(server.get_host_and_port()[1]), flush=True)
sys.stdin.read()
os._exit(0)
"#;

const INSTALL_HINT: &str = "install it with: python3 -m pip install 'moto[server]'";

/// A running moto server. Dropping it stops the server.
pub struct Moto {
    port: u16,
    child: Mutex<Child>,
    // Held open for the emulator's lifetime: closing it makes the wrapper exit.
    _stdin: ChildStdin,
}

impl Moto {
    /// Starts moto with `MOTO_IAM_LOAD_MANAGED_POLICIES=true` plus `extra_env`.
    ///
    /// Panics with installation instructions when python3 or moto is missing: tests that need
    /// the emulator must fail loudly rather than skip.
    pub fn start(extra_env: &[(&str, &str)]) -> Moto {
        Self::try_start(extra_env).unwrap_or_else(|why| panic!("{why}"))
    }

    /// Like [`Moto::start`], but a missing python3 or moto, or a moto that does not come up,
    /// is an error that says how to install it.
    pub fn try_start(extra_env: &[(&str, &str)]) -> Result<Moto, String> {
        let mut cmd = Command::new("python3");
        cmd.arg("-c")
            .arg(WRAPPER)
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped());
        for var in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
        ] {
            cmd.env_remove(var);
        }
        cmd.stderr(if std::env::var_os("RAMPART_TESTKIT_MOTO_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        });
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().map_err(|e| {
            format!("cannot run python3 to start the moto emulator ({e}); {INSTALL_HINT}")
        })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err("the moto wrapper started without its pipes".to_owned());
        };
        let port = read_port(stdout, &mut child)?;
        if let Err(why) = wait_listening(port) {
            let _ = child.kill();
            return Err(why);
        }
        Ok(Moto {
            port,
            child: Mutex::new(child),
            _stdin: stdin,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let mut child = self
            .child
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Reads the `PORT n` line, then keeps draining stdout on a thread so the wrapper never blocks.
fn read_port(stdout: std::process::ChildStdout, child: &mut Child) -> Result<u16, String> {
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        while let Some(Ok(line)) = lines.next() {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                if let Some(err) = line.strip_prefix("MOTO-MISSING ") {
                    let _ = child.kill();
                    return Err(format!(
                        "the moto emulator is not installed ({err}); {INSTALL_HINT}"
                    ));
                }
                if let Some(Ok(port)) = line.strip_prefix("PORT ").map(str::parse::<u16>) {
                    return Ok(port);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                return Err(format!(
                    "moto did not start within {START_TIMEOUT:?}; {INSTALL_HINT}; \
                     set RAMPART_TESTKIT_MOTO_LOG=1 to see its output"
                ));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = child.wait().ok();
                return Err(format!(
                    "moto exited before it listened (status {status:?}); {INSTALL_HINT}; \
                     set RAMPART_TESTKIT_MOTO_LOG=1 to see its output"
                ));
            }
        }
    }
}

fn wait_listening(port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!(
        "moto announced port {port} but does not accept connections"
    ))
}
