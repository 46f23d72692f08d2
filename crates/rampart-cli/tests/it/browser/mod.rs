//! Headless Chromium for the HTML report tests: the browser itself, a local listener standing
//! in for a proxy that records every host a page asks for, and one run of the browser on a
//! page through it.
//!
//! Chromium is required (Debian: `apt-get install -y chromium`; `.ci/run` installs it). Set
//! `RAMPART_CHROMIUM` to use another binary. Without it the tests fail, they never skip.

#![allow(dead_code)]

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn chromium() -> PathBuf {
    let path = std::env::var_os("RAMPART_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.exists(),
        "Chromium is needed for the HTML report test and was not found at {}.\n\
         Install it with `sudo apt-get install -y chromium` (Debian; `.ci/run` does this), \
         or set RAMPART_CHROMIUM to a Chromium binary.",
        path.display()
    );
    path
}

/// A local listener standing in for a proxy: it records the host each request asks for.
///
/// Chromium may open a connection to its proxy ahead of need and close it unused; such a
/// connection carries no request and names no host, so it is not counted. Each connection is
/// read on its own thread, so an idle one cannot delay the next.
pub struct Counter {
    port: u16,
    hosts: Arc<Mutex<Vec<String>>>,
    open: Arc<AtomicUsize>,
}

impl Counter {
    /// The hosts asked for so far, once every connection accepted has been read to its first
    /// line or closed (Chromium has exited by then, so none stays open for long).
    pub fn seen(&self) -> Vec<String> {
        // A bound on waiting, not an assertion: past it the hosts seen so far are compared.
        let start = Instant::now();
        while self.open.load(Ordering::SeqCst) > 0 && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut h = self.hosts.lock().map(|h| h.clone()).unwrap_or_default();
        h.sort();
        h.dedup();
        h
    }
}

/// The host of a proxied request: `CONNECT host:443 …` or `GET http://host/… …`.
fn host_of(request: &str) -> String {
    let target = request.split_whitespace().nth(1).unwrap_or(request);
    let target = target.strip_prefix("http://").unwrap_or(target);
    let host = target.split('/').next().unwrap_or(target);
    host.rsplit_once(':').map_or(host, |(h, _)| h).to_string()
}

/// The first line a client sends on `stream`, or `None` when it closes without sending one.
fn first_line(mut stream: std::net::TcpStream) -> Option<String> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut bytes = Vec::new();
    let mut buf = [0u8; 2048];
    while !bytes.contains(&b'\n') {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_string())
}

pub fn counter() -> Counter {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds a local port");
    let port = listener.local_addr().expect("has an address").port();
    let hosts = Arc::new(Mutex::new(Vec::new()));
    let open = Arc::new(AtomicUsize::new(0));
    let (seen, pending) = (Arc::clone(&hosts), Arc::clone(&open));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            pending.fetch_add(1, Ordering::SeqCst);
            let (seen, pending) = (Arc::clone(&seen), Arc::clone(&pending));
            std::thread::spawn(move || {
                if let Some(line) = first_line(stream) {
                    if let Ok(mut h) = seen.lock() {
                        h.push(host_of(&line));
                    }
                }
                pending.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    Counter { port, hosts, open }
}

/// Runs Chromium headless on `url` with `mode` (`--dump-dom` or `--screenshot=…`), through the
/// counting proxy; returns standard output.
pub fn browse(proxy: &Counter, profile: &Path, url: &str, mode: &[String]) -> String {
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--dns-prefetch-disable",
            "--disable-features=NetworkTimeServiceQuerying,PreconnectToSearch,OptimizationHints",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--proxy-server=http://127.0.0.1:{}", proxy.port))
        .arg("--proxy-bypass-list=<-loopback>")
        .args(mode)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    loop {
        match child.try_wait().expect("waits for Chromium") {
            Some(status) => {
                assert!(status.success(), "Chromium failed on {url}: {status}");
                break;
            }
            // A guard against a hung browser, not a timing assertion: rendering takes seconds.
            None if start.elapsed() > Duration::from_secs(90) => {
                let _ = child.kill();
                panic!("Chromium did not finish within 90 s on {url}");
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    reader.join().expect("reads Chromium's output")
}

/// Opens the file `page` in Chromium (through a fresh counting proxy and profile, with
/// `flags`) and returns the text a driver script left in `<pre id="driver">`.
pub fn driver_output(page: &Path, flags: &[String]) -> String {
    let proxy = counter();
    let profile = tempfile::tempdir().expect("a browser profile directory");
    let mut mode = flags.to_vec();
    mode.push("--dump-dom".into());
    let dom = browse(
        &proxy,
        profile.path(),
        &format!("file://{}", page.display()),
        &mode,
    );
    dom.split("<pre id=\"driver\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or_else(|| panic!("the driver ran:\n{dom}"))
        .to_string()
}
