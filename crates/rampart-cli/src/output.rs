//! Where output goes and how it looks: standard output or a file replaced atomically, colour
//! only for a terminal that wants it, and the width to wrap at.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{anyhow, Context};

/// Whether to colour what goes to standard output.
pub fn use_color(no_color_flag: bool, output: Option<&Path>) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color_flag && !no_color_env && output.is_none() && std::io::stdout().is_terminal()
}

/// Columns to wrap the table at: the terminal's width, else `COLUMNS`, else 100.
pub fn width(output: Option<&Path>) -> usize {
    if output.is_none() && std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) =
            terminal_size::terminal_size_of(std::io::stdout())
        {
            return usize::from(w);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// Writes `text` to `path`, or to standard output when there is none. A file is written to a
/// temporary file beside it and renamed into place, so a failure never leaves half a file.
pub fn write(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                // A reader that went away (`| head`) is not an error worth reporting.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
        Some(path) => write_atomic(path, text.as_bytes()),
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path.display();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".rampart-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| anyhow!("{name}: cannot create a file in `{}`: {e}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| anyhow!("{name}: cannot write: {e}"))?;
    tmp.persist(path)
        .map_err(|e| anyhow!("{name}: cannot replace the file: {}", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_colour_when_told_or_writing_a_file() {
        assert!(!use_color(true, None));
        assert!(!use_color(false, Some(Path::new("report.txt"))));
    }

    #[test]
    fn writes_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.json");
        write(Some(&path), "first").expect("writes");
        write(Some(&path), "second").expect("replaces");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("lists")
            .filter_map(|e| e.ok())
            .collect();
        assert_eq!(names.len(), 1, "only the output file remains");
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nope").join("out.json");
        let e = write(Some(&path), "x").expect_err("fails").to_string();
        assert!(e.contains("out.json") && e.contains("cannot create"), "{e}");
        assert!(!path.exists());
    }
}
