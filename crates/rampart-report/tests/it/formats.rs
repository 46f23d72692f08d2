//! insta snapshots of every report format on every example account. The outputs carry the
//! snapshot's time, never the clock's; the version is masked where a format carries it.

use crate::test_support::{example, EXAMPLES};
use rampart_report::json::RAMPART_VERSION;
use rampart_report::table::TableOptions;
use rampart_report::{compliance, csv, html, junit, sarif};

/// The page without its (long, unchanging) inline style and script.
fn html_body(page: &str) -> String {
    let page = page.replace(html::STYLE, "/* style.css */");
    page.replace(html::SCRIPT, "/* app.js */")
}

#[test]
fn html() {
    for name in EXAMPLES {
        let page = html::render(&example(name));
        insta::assert_snapshot!(format!("html_{name}"), html_body(&page));
    }
}

#[test]
fn sarif() {
    for name in EXAMPLES {
        let text = sarif::render(&example(name)).expect("renders");
        let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["runs"][0]["tool"]["driver"]["version"], RAMPART_VERSION);
        v["runs"][0]["tool"]["driver"]["version"] = "[version]".into();
        insta::assert_json_snapshot!(format!("sarif_{name}"), v);
    }
}

#[test]
fn junit() {
    for name in EXAMPLES {
        insta::assert_snapshot!(format!("junit_{name}"), junit::render(&example(name)));
    }
}

#[test]
fn csv() {
    for name in EXAMPLES {
        insta::assert_snapshot!(
            format!("csv_{name}"),
            csv::render(&example(name)).expect("renders")
        );
    }
}

#[test]
fn compliance_views() {
    for fw_name in ["cis-aws-5.0", "aws-fsbp"] {
        let fw = compliance::framework(fw_name).expect("embedded");
        for name in EXAMPLES {
            let a = example(name);
            insta::assert_snapshot!(
                format!("compliance_{fw_name}_{name}"),
                compliance::render_table(&fw, &a, &TableOptions::default())
            );
        }
    }
    let fw = compliance::framework("cis-aws-5.0").expect("embedded");
    let v: serde_json::Value = serde_json::from_str(
        &compliance::render_json(&fw, &example("brand-new")).expect("renders"),
    )
    .expect("JSON");
    insta::assert_json_snapshot!("compliance_cis_json_brand_new", v);
}
