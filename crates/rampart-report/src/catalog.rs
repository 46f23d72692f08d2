//! The list of checks (`rampart checks`), as a table or JSON, and one check's documentation
//! (`rampart explain`).

use rampart_checks::CheckMeta;

use crate::json::CheckJson;
use crate::paint::Paint;

/// One line per check: id, step, severity, CIS v7 control, how a failure is fixed, title.
pub fn render_table(checks: &[&'static CheckMeta], color: bool) -> String {
    let p = Paint { color };
    let mut out = format!(
        "{}\n",
        p.bold("ID      STEP  SEVERITY  CIS v7  FIX              TITLE")
    );
    for m in checks {
        out.push_str(&format!(
            "{:<7} {:<5} {}  {:<7} {:<16} {}\n",
            m.id,
            m.step.number(),
            p.severity(m.severity),
            m.control_in("cis-aws-7.0").unwrap_or("-"),
            m.fix.label(),
            m.title
        ));
    }
    out
}

/// The checks as a JSON array of [`CheckJson`] (no `status`).
pub fn render_json(checks: &[&'static CheckMeta]) -> Result<String, serde_json::Error> {
    let list: Vec<CheckJson> = checks.iter().map(|m| CheckJson::of(m, None)).collect();
    let mut s = serde_json::to_string_pretty(&list)?;
    s.push('\n');
    Ok(s)
}

/// A check's header lines and its documentation, for `rampart explain`.
pub fn render_explain(meta: &'static CheckMeta, color: bool) -> String {
    let p = Paint { color };
    let frameworks: Vec<String> = meta
        .frameworks
        .iter()
        .map(|(f, c)| format!("{f} {c}"))
        .collect();
    let mut out = format!("{}  {}\n", p.bold(meta.id), meta.title);
    out.push_str(&format!("slug:       {}\n", meta.slug));
    if !meta.aliases.is_empty() {
        out.push_str(&format!("aliases:    {}\n", meta.aliases.join(", ")));
    }
    out.push_str(&format!(
        "step:       {} · {}\n",
        meta.step.number(),
        meta.step.title()
    ));
    out.push_str(&format!("severity:   {}\n", meta.severity.as_str()));
    out.push_str(&format!("fix:        {}\n", meta.fix.sentence()));
    if !frameworks.is_empty() {
        out.push_str(&format!("frameworks: {}\n", frameworks.join(", ")));
    }
    let docs = meta.docs();
    if !docs.is_empty() {
        out.push('\n');
        out.push_str(docs.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<&'static CheckMeta> {
        rampart_checks::registry()
            .iter()
            .map(|c| c.meta())
            .collect()
    }

    #[test]
    fn table_has_a_row_per_check_with_its_cis_number() {
        let checks = all();
        let t = render_table(&checks, false);
        assert_eq!(t.lines().count(), checks.len() + 1);
        let row = t
            .lines()
            .find(|l| l.starts_with("RMP102 "))
            .expect("RMP102 listed");
        assert!(
            row.contains(" critical ") && row.contains(" 2.4 ") && row.contains(" needs a flag "),
            "{row}"
        );
    }

    #[test]
    fn json_lists_every_check_without_status() {
        let checks = all();
        let v: serde_json::Value =
            serde_json::from_str(&render_json(&checks).expect("renders")).expect("JSON");
        let arr = v.as_array().expect("array");
        assert_eq!(arr.len(), checks.len());
        assert!(arr
            .iter()
            .all(|c| c.get("status").is_none() && c["id"].is_string()));
    }

    #[test]
    fn explain_shows_meta_and_docs() {
        let meta = rampart_checks::find("RMP102").expect("exists").meta();
        let e = render_explain(meta, false);
        assert!(
            e.starts_with("RMP102  The root user has access keys\n"),
            "{e}"
        );
        assert!(e.contains("cis-aws-7.0 2.4"), "{e}");
        assert!(e.contains("cis-aws-5.0 1.3"), "{e}");
        assert!(e.contains("## How to fix"));
    }
}
