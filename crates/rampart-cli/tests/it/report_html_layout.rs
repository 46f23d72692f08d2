//! The HTML pages' layout and live counts in headless Chromium.
//!
//! Headless Chromium will not make its window narrower than 500 px, so each page is opened,
//! unchanged (its own Content-Security-Policy and script included), in a 390 px wide iframe of
//! a small driver page; the driver reads the page through the frame, which Chromium allows
//! between files with `--allow-file-access-from-files`. The driver writes what it measured
//! into its own DOM, which `--dump-dom` prints. Every request still goes through the counting
//! proxy of `browser/mod.rs`.

use std::path::Path;

use crate::browser::driver_output;
use crate::test_support::{example, json_masked, rampart_in, run, workdir};

/// A phone's viewport width, in CSS pixels.
const PHONE: u32 = 390;

/// `rampart audit --snapshot <example> [extra…] --format html -o <dir>/<file>`.
fn write_page(dir: &Path, example_name: &str, extra: &[&str], file: &str) {
    let (code, _, stderr) = run(rampart_in(dir)
        .args(["audit", "--format", "html", "--snapshot"])
        .arg(example(example_name))
        .args(extra)
        .args(["-o", file]));
    assert!(code == 0 || code == 1, "{stderr}");
}

/// Opens `frames` (file names in `dir`, with a hash if wanted) each in a phone-wide iframe
/// of a driver page running `script` once all have loaded, and returns the text the script
/// put in `out` (an array of lines); the script finds the frame elements in `iframes`.
fn drive(dir: &Path, frames: &[&str], script: &str) -> Vec<String> {
    let tags: String = frames
        .iter()
        .map(|f| format!("<iframe src=\"{f}\" width=\"{PHONE}\" height=\"844\"></iframe>\n"))
        .collect();
    let driver = format!(
        "<!DOCTYPE html><html><body>\n{tags}<script>\n\
var loaded = 0, iframes = document.querySelectorAll(\"iframe\");\n\
iframes.forEach(function (f) {{ f.addEventListener(\"load\", function () {{\n\
  loaded += 1; if (loaded < iframes.length) {{ return; }}\n\
  var out = [];\n\
  try {{ {script} }} catch (e) {{ out.push(\"error: \" + e); }}\n\
  var pre = document.createElement(\"pre\"); pre.id = \"driver\";\n\
  pre.textContent = out.join(\"\\n\"); document.body.appendChild(pre);\n\
}}); }});\n</script></body></html>\n"
    );
    let page = dir.join("driver.html");
    std::fs::write(&page, driver).expect("writes the driver");
    let flags = ["--allow-file-access-from-files", "--window-size=1600,1000"];
    let out = driver_output(&page, &flags.map(String::from));
    out.lines().map(|l| l.replace("&amp;", "&")).collect()
}

#[test]
fn no_page_scrolls_sideways_on_a_phone() {
    let dir = workdir();
    let pages = ["brand-new", "hardened", "inherited"];
    for name in pages {
        write_page(dir.path(), name, &[], &format!("{name}.html"));
    }
    write_page(
        dir.path(),
        "inherited",
        &["--compliance", "cis-aws-5.0"],
        "compliance.html",
    );
    let files = [
        "brand-new.html",
        "hardened.html",
        "inherited.html",
        "compliance.html",
    ];
    // Everything folded away is opened first: its long links must fit too.
    let lines = drive(
        dir.path(),
        &files,
        r#"for (var i = 0; i < iframes.length; i++) {
    var w = iframes[i].contentWindow, d = w.document;
    d.querySelectorAll("details").forEach(function (x) { x.open = true; });
    out.push(d.documentElement.scrollWidth + " " + w.innerWidth + " " + d.querySelectorAll("a").length);
  }"#,
    );
    assert_eq!(lines.len(), files.len(), "{lines:?}");
    for (file, line) in files.iter().zip(&lines) {
        let n: Vec<u32> = line
            .split(' ')
            .map(|v| v.parse().unwrap_or_else(|_| panic!("{file}: {line}")))
            .collect();
        let [scroll, inner, links] = n[..] else {
            panic!("{file}: {line}")
        };
        assert_eq!(inner, PHONE, "{file}: the frame is a phone's width");
        assert!(
            scroll <= inner,
            "{file} is {scroll} px wide in a {inner} px viewport"
        );
        if *file != "compliance.html" {
            assert!(links > 0, "{file} has documentation links to wrap");
        }
    }
}

#[test]
fn group_headings_count_the_checks_the_filters_show() {
    let dir = workdir();
    write_page(dir.path(), "inherited", &[], "report.html");
    let (_, json, _) = run(rampart_in(dir.path())
        .args(["audit", "--format", "json", "--snapshot"])
        .arg(example("inherited")));
    let report = json_masked(json.as_bytes());
    let checks = report["checks"].as_array().expect("checks");

    // Opened with a filter in the hash, then filtered as a person would, with the controls.
    let lines = drive(
        dir.path(),
        &["report.html#step=2"],
        r#"var w = iframes[0].contentWindow, d = w.document;
  function pick(id, v) { var s = d.getElementById(id); s.value = v; s.dispatchEvent(new w.Event("change")); }
  function seen(label) {
    var parts = ["failing", "unknown", "passes"].map(function (id) {
      var g = d.getElementById(id);
      var title = id === "passes" ? g.querySelector("summary") : g.querySelector("h2");
      var shown = g.querySelectorAll("article.check:not([hidden])").length;
      return title.textContent + " = " + shown + (g.hidden ? " hidden" : "");
    });
    out.push(label + ": " + parts.join(" | "));
  }
  seen("step=2");
  pick("f-step", "1"); seen("step=1");
  pick("f-status", "fail"); seen("step=1 status=fail");
  pick("f-step", ""); pick("f-status", ""); pick("f-severity", "high"); seen("severity=high");
  d.getElementById("f-reset").click(); seen("all");"#,
    );

    let expect = |label: &str, step: Option<u64>, severity: Option<&str>, status: Option<&str>| {
        let count = |wanted: &[&str]| {
            checks
                .iter()
                .filter(|c| step.is_none_or(|s| c["step"] == s))
                .filter(|c| severity.is_none_or(|s| c["severity"] == s))
                .filter(|c| status.is_none_or(|s| c["status"] == s))
                .filter(|c| wanted.iter().any(|w| c["status"] == *w))
                .count()
        };
        let (fail, unknown) = (count(&["fail"]), count(&["unknown"]));
        let passes = count(&["pass", "not_applicable"]);
        let hidden = |n: usize| if n == 0 { " hidden" } else { "" };
        format!(
            "{label}: Failing checks ({fail}) = {fail}{} | \
             Checks that could not be decided ({unknown}) = {unknown}{} | \
             Passing and not applicable checks ({passes}) = {passes}",
            hidden(fail),
            hidden(unknown)
        )
    };
    let want = [
        expect("step=2", Some(2), None, None),
        expect("step=1", Some(1), None, None),
        expect("step=1 status=fail", Some(1), None, Some("fail")),
        expect("severity=high", None, Some("high"), None),
        expect("all", None, None, None),
    ];
    assert_eq!(lines, want);
    // The filters really narrowed the failing checks, so the counts above had to change.
    let failing = checks.iter().filter(|c| c["status"] == "fail").count();
    let step_one = checks
        .iter()
        .filter(|c| c["status"] == "fail" && c["step"] == 1)
        .count();
    assert!(
        0 < step_one && step_one < failing,
        "{step_one} of {failing}"
    );
}
