//! The HTML report in a real browser: `rampart audit --format html` on the brand-new example,
//! opened from disk in headless Chromium. The page's script must have run, the step scores and
//! a failing finding must be in the DOM, the filters (driven by the URL hash) must hide exactly
//! the right checks, a screenshot is saved, and the page must not touch the network: Chromium
//! is told to send every request, loopback included, through a local proxy that records the
//! host of each one. Chromium itself talks to a few Google hosts whatever page it shows (it
//! does so on `about:blank` too, flags notwithstanding), so the test first records what it does
//! on `about:blank`, and the report may add nothing to that; a control test shows that a page
//! which does fetch something is caught.
//!
//! Chromium is required (see `browser/mod.rs`); without it this test fails, it never skips.

use std::path::{Path, PathBuf};

use crate::browser::{browse, counter, driver_output};
use crate::test_support::{example, json_masked, rampart_in, run, workdir};

/// The opening tags of every `<article class="check" …>` in the DOM, with whether it is hidden.
fn articles(dom: &str) -> Vec<(String, bool)> {
    dom.split("<article ")
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .map(|tag| (tag.to_string(), tag.contains(" hidden")))
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!("{name}=\"");
    tag.split(&key)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("`{name}` in <article {tag}>"))
}

/// The brand-new example's HTML report written in `dir`, and the same audit as JSON.
fn brand_new_report(dir: &Path) -> (PathBuf, serde_json::Value) {
    let page = dir.join("report.html");
    let snap = example("brand-new");
    let (code, _, stderr) = run(rampart_in(dir)
        .args(["audit", "--format", "html", "--snapshot"])
        .arg(&snap)
        .arg("-o")
        .arg(&page));
    assert_eq!(code, 1, "{stderr}");
    let (_, json, _) = run(rampart_in(dir)
        .args(["audit", "--format", "json", "--snapshot"])
        .arg(&snap));
    (page, json_masked(json.as_bytes()))
}

#[test]
fn the_brand_new_report_works_in_a_browser_without_network() {
    let dir = workdir();
    let (page, report) = brand_new_report(dir.path());
    let checks = report["checks"].as_array().expect("checks");

    let html = std::fs::read_to_string(&page).expect("the page was written");
    assert!(html
        .contains("http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"));
    for tag in ["<link", "<img", "<iframe", "<object", "<embed", " src="] {
        assert!(
            !html.contains(tag),
            "the page references an external resource: {tag}"
        );
    }

    // What the browser does on its own, with these flags, on an empty page: run as many times,
    // in the same modes, as the report is run below, since what Chromium contacts varies a
    // little from one start to the next.
    let baseline = counter();
    let profile = workdir();
    let blank_shot = profile.path().join("blank.png");
    for mode in [
        vec!["--dump-dom".to_string()],
        vec!["--dump-dom".to_string()],
        vec!["--dump-dom".to_string()],
        vec![
            format!("--screenshot={}", blank_shot.display()),
            "--window-size=1200,1800".into(),
        ],
    ] {
        browse(&baseline, profile.path(), "about:blank", &mode);
    }
    let background = baseline.seen();

    let proxy = counter();
    let profile = workdir();
    let url = format!("file://{}", page.display());

    // Unfiltered: the script ran, every check is shown, the scores are there.
    let dom = browse(&proxy, profile.path(), &url, &["--dump-dom".into()]);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not run:\n{dom}"
    );
    let all = articles(&dom);
    assert_eq!(all.len(), checks.len());
    assert!(all.iter().all(|(_, hidden)| !hidden));
    assert!(dom.contains(&format!("{0} of {0} checks shown", checks.len())));
    for step in report["summary"]["steps"].as_array().expect("steps") {
        let card = format!(
            "id=\"step-{}\" data-step=\"{0}\"",
            step["step"].as_u64().expect("number")
        );
        let at = dom
            .find(&card)
            .unwrap_or_else(|| panic!("{card} in the DOM"));
        let score = format!(
            "<span class=\"passing\">{}</span>/<span class=\"applicable\">{}</span>",
            step["passing"], step["applicable"]
        );
        assert!(
            dom[at..].starts_with(&card) && dom[at..at + 1200].contains(&score),
            "{score} for {card}"
        );
    }
    let root_keys = all
        .iter()
        .find(|(t, _)| t.contains("id=\"RMP102\""))
        .expect("RMP102 shown");
    assert_eq!(attr(&root_keys.0, "data-status"), "fail");
    assert!(dom.contains("the root user has access keys"));
    assert!(
        dom.find("id=\"RMP102\"") < dom.find("id=\"passes\""),
        "failures come before the collapsed passes"
    );

    // Filtered by hash: exactly the critical failures remain visible.
    let dom = browse(
        &proxy,
        profile.path(),
        &format!("{url}#severity=critical&status=fail"),
        &["--dump-dom".into()],
    );
    let want: Vec<&str> = checks
        .iter()
        .filter(|c| c["severity"] == "critical" && c["status"] == "fail")
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert!(
        !want.is_empty(),
        "the brand-new account has critical failures"
    );
    let visible: Vec<String> = articles(&dom)
        .iter()
        .filter(|(_, hidden)| !hidden)
        .map(|(t, _)| attr(t, "id").to_string())
        .collect();
    let mut sorted_want: Vec<String> = want.iter().map(std::string::ToString::to_string).collect();
    let mut sorted_visible = visible.clone();
    sorted_want.sort();
    sorted_visible.sort();
    assert_eq!(sorted_visible, sorted_want);
    assert!(dom.contains(&format!("{} of {} checks shown", want.len(), checks.len())));

    // Filtered by step and status pass: the collapsed passes open, only step 1's passes show.
    let dom = browse(
        &proxy,
        profile.path(),
        &format!("{url}#step=1&status=pass"),
        &["--dump-dom".into()],
    );
    let want = checks
        .iter()
        .filter(|c| c["step"] == 1 && c["status"] == "pass")
        .count();
    let visible = articles(&dom).iter().filter(|(_, h)| !h).count();
    assert_eq!(visible, want);
    assert!(want > 0);
    assert!(
        dom.contains("<details class=\"passes\" id=\"passes\" open"),
        "passes opened for the pass filter"
    );

    // A screenshot, kept for people to look at.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-html");
    std::fs::create_dir_all(&shots).expect("screenshot directory");
    let png = shots.join("brand-new.png");
    let _ = std::fs::remove_file(&png);
    browse(
        &proxy,
        profile.path(),
        &url,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1200,1800".into(),
        ],
    );
    let bytes = std::fs::read(&png).expect("the screenshot was saved");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 20_000,
        "a real PNG"
    );
    eprintln!("screenshot: {}", png.display());

    let extra: Vec<String> = proxy
        .seen()
        .into_iter()
        .filter(|h| !background.contains(h))
        .collect();
    assert!(
        extra.is_empty(),
        "the report made network requests to {extra:?} (the browser alone contacts {background:?})"
    );
}

/// The proxy check above is only proof if the proxy would see requests: a page that does
/// fetch something must be caught by it.
#[test]
fn the_counting_proxy_sees_a_page_that_fetches() {
    let dir = workdir();
    let page = dir.path().join("fetches.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><img src=\"http://example.invalid/x.png\">",
    )
    .expect("writes");
    let proxy = counter();
    let profile = workdir();
    browse(
        &proxy,
        profile.path(),
        &format!("file://{}", page.display()),
        &["--dump-dom".into()],
    );
    assert!(
        proxy.seen().contains(&"example.invalid".to_string()),
        "the proxy saw the page's request: {:?}",
        proxy.seen()
    );
}

/// The filter controls themselves, used as a person would: a copy of the report gets a small
/// driver script (and, for it to run, no CSP; the page's own script is unchanged) that picks a
/// step, then a status, then presses Reset, and writes what is visible after each into the
/// DOM.
#[test]
fn the_filter_controls_work_when_used() {
    let dir = workdir();
    let (page, report) = brand_new_report(dir.path());
    let checks = report["checks"].as_array().expect("checks");
    let ids = |keep: &dyn Fn(&serde_json::Value) -> bool| -> String {
        let mut v: Vec<&str> = checks
            .iter()
            .filter(|c| keep(c))
            .map(|c| c["id"].as_str().expect("id"))
            .collect();
        v.sort_unstable();
        v.join(",")
    };

    let html = std::fs::read_to_string(&page).expect("the page was written");
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("the page has a CSP");
    let csp_end = csp_start + html[csp_start..].find('>').expect("the meta ends") + 1;
    let driver = r#"<script>
window.addEventListener("load", function () {
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll("article.check"),
      function (a) { return !a.hidden; }).map(function (a) { return a.id; }).sort().join(",");
  }
  function pick(id, value) {
    var s = document.getElementById(id); s.value = value; s.dispatchEvent(new Event("change"));
  }
  var out = [];
  pick("f-step", "2");
  out.push("step=" + visible() + "|" + location.hash);
  pick("f-status", "fail");
  out.push("fail=" + visible() + "|" + location.hash);
  document.getElementById("f-reset").click();
  out.push("reset=" + visible() + "|" + location.hash);
  var pre = document.createElement("pre");
  pre.id = "driver"; pre.textContent = out.join("\n");
  document.body.appendChild(pre);
});
</script>"#;
    let driven = format!(
        "{}{}",
        &html[..csp_start],
        html[csp_end..].replace("</body>", &format!("{driver}</body>"))
    );
    let copy = dir.path().join("driven.html");
    std::fs::write(&copy, driven).expect("writes the copy");

    let out = driver_output(&copy, &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            format!("step={}|#step=2", ids(&|c| c["step"] == 2)),
            format!(
                "fail={}|#step=2&amp;status=fail",
                ids(&|c| c["step"] == 2 && c["status"] == "fail")
            ),
            format!("reset={}|", ids(&|_| true)),
        ]
    );
}
