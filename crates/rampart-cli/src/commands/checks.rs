//! `rampart checks` and `rampart explain`: the checks themselves, listed or documented.

use std::process::ExitCode;

use anyhow::anyhow;
use rampart_checks::CheckMeta;
use rampart_report::catalog;
use rampart_report::json::CheckJson;

use crate::global::{Format, Global};
use crate::output;

fn all() -> Vec<&'static CheckMeta> {
    rampart_checks::registry()
        .iter()
        .map(|c| c.meta())
        .collect()
}

pub fn checks(global: &Global) -> anyhow::Result<ExitCode> {
    let out = global.output.as_deref();
    let text = match global.format {
        Format::Table => catalog::render_table(&all(), output::use_color(global.no_color, out)),
        Format::Json => catalog::render_json(&all())?,
    };
    output::write(out, &text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn explain(global: &Global, key: &str) -> anyhow::Result<ExitCode> {
    let Some(check) = rampart_checks::find(key) else {
        let hint = match suggest(key) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => String::new(),
        };
        return Err(anyhow!(
            "no check is named `{key}`{hint} (`rampart checks` lists them)"
        ));
    };
    let meta = check.meta();
    let out = global.output.as_deref();
    let text = match global.format {
        Format::Table => catalog::render_explain(meta, output::use_color(global.no_color, out)),
        Format::Json => {
            let mut v = serde_json::to_value(CheckJson::of(meta, None))?;
            v["docs"] = meta.docs().into();
            let mut s = serde_json::to_string_pretty(&v)?;
            s.push('\n');
            s
        }
    };
    output::write(out, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// The id or slug closest to `key`, when it is close enough to be a likely typo.
fn suggest(key: &str) -> Option<&'static str> {
    rampart_model::similar::closest(key, all().into_iter().flat_map(|m| [m.id, m.slug]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_ids_and_slugs_only() {
        assert_eq!(suggest("RMP102x"), Some("RMP102"));
        assert_eq!(suggest("root-acess-keys"), Some("root-access-keys"));
        assert_eq!(suggest("completely-unrelated-words"), None);
    }
}
