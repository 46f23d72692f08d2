//! The commands that need no account: `checks`, `explain`, `completions` and `man`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::CommandFactory;
use rampart_checks::CheckMeta;
use rampart_report::catalog;
use rampart_report::json::CheckJson;

use crate::cli::{Cli, Format, Global};
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

pub fn completions(global: &Global, shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rampart", &mut buf);
    let text =
        String::from_utf8(buf).map_err(|e| anyhow!("completion script is not UTF-8: {e}"))?;
    output::write(global.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// The man page of the top command, in roff, whose SUBCOMMANDS section names every command;
/// or, with `dir`, one page per command written there.
pub fn man(global: &Global, dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Some(dir) = dir else {
        output::write_with(global.output.as_deref(), |out| {
            man_page(man_command()).render(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    };
    if global.output.is_some() {
        anyhow::bail!("--output and --dir: the pages go to --dir, give only one");
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    write_pages(man_command(), dir, &mut written)?;
    let mut list = String::new();
    for path in written {
        list.push_str(&format!("{}\n", path.display()));
    }
    output::write(None, &list)?;
    Ok(ExitCode::SUCCESS)
}

/// The command line as the pages describe it: without the `help` subcommand (`--help` is
/// there), and built from the top so each subcommand's name reads `rampart-audit`, as the
/// SUBCOMMANDS section refers to it.
fn man_command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// A page whose footer names rampart and its version, for the top command and subcommands alike.
fn man_page(cmd: clap::Command) -> clap_mangen::Man {
    let source = format!("rampart {}", cmd.get_version().unwrap_or_default());
    clap_mangen::Man::new(cmd)
        .manual("User Commands")
        .source(source)
}

/// Writes the page of `cmd`, then of each visible subcommand, depth first.
fn write_pages(cmd: clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let subs: Vec<clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let page = man_page(cmd);
    let path = page
        .generate_to(dir)
        .with_context(|| format!("cannot write {}", dir.join(page.get_filename()).display()))?;
    written.push(path);
    for sub in subs {
        write_pages(sub, dir, written)?;
    }
    Ok(())
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
