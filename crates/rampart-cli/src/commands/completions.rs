//! `rampart completions` and `rampart man`: shell completions and manual pages, generated
//! from the command line's own definition and help.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context};

use crate::global::Global;
use crate::output;

pub fn completions(
    global: &Global,
    mut app: clap::Command,
    shell: clap_complete::Shell,
) -> anyhow::Result<ExitCode> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut app, "rampart", &mut buf);
    let text =
        String::from_utf8(buf).map_err(|e| anyhow!("completion script is not UTF-8: {e}"))?;
    output::write(global.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// The man page of the top command, in roff, whose SUBCOMMANDS section names every command;
/// or, with `dir`, one page per command written there.
pub fn man(global: &Global, app: clap::Command, dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Some(dir) = dir else {
        output::write_with(global.output.as_deref(), |out| {
            man_page(man_command(app)).render(out)
        })?;
        return Ok(ExitCode::SUCCESS);
    };
    if global.output.is_some() {
        anyhow::bail!("--output and --dir: the pages go to --dir, give only one");
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    write_pages(man_command(app), dir, &mut written)?;
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
fn man_command(app: clap::Command) -> clap::Command {
    let mut cmd = app.disable_help_subcommand(true);
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
