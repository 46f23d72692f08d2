//! Where output goes and how it looks: standard output or a file replaced atomically, colour
//! only for a terminal that wants it, and the width to wrap at.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{anyhow, bail, Context};

/// Whether to colour what goes to standard output.
pub fn use_color(no_color_flag: bool, output: Option<&Path>) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    color_wanted(
        no_color_flag,
        no_color_env,
        output,
        std::io::stdout().is_terminal(),
    )
}

/// The rule of [`use_color`], with the environment's answers passed in.
fn color_wanted(
    no_color_flag: bool,
    no_color_env: bool,
    output: Option<&Path>,
    terminal: bool,
) -> bool {
    !no_color_flag && !no_color_env && output.is_none() && terminal
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

/// Writes `text` to `path`, or to standard output when there is none. A regular file (or a new
/// path) is written to a temporary file beside it and renamed into place, so a failure never
/// leaves half a file; a symlink is followed and its target replaced that way; anything else
/// (a device such as `/dev/null`, a FIFO, a process substitution) is written in place, never
/// replaced.
pub fn write(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    write_with(path, |out| out.write_all(text.as_bytes()))
}

/// Like [`write`], for output produced piece by piece by `produce`.
pub fn write_with(
    path: Option<&Path>,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match path {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            to_a_reader(produce(&mut out).and_then(|()| out.flush()))
                .context("cannot write to standard output")
        }
        Some(path) => match destination(path)? {
            Destination::Replace(target) => write_atomic(&target, produce),
            Destination::InPlace => write_in_place(path, produce),
        },
    }
}

/// The result of writing to a reader (standard output, a pipe, a FIFO): one that went away
/// (`| head`) is not an error worth reporting.
fn to_a_reader(written: std::io::Result<()>) -> std::io::Result<()> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// How a path given with `-o` is written.
enum Destination {
    /// A regular file or a new path (a symlink resolved to its target): temp file and rename.
    Replace(std::path::PathBuf),
    /// Not a regular file: opened and written as it is.
    InPlace,
}

fn destination(path: &Path) -> anyhow::Result<Destination> {
    let name = path.display();
    // `/dev/stdout`, `/dev/fd/N` (process substitution), `/proc/self/fd/N`: the kernel's own
    // links to whatever is open there, written in place whatever they point to.
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return Ok(Destination::InPlace);
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => bail!("{name}: is a directory"),
        Ok(m) if m.is_file() => {
            let target = std::fs::canonicalize(path)
                .map_err(|e| anyhow!("{name}: cannot follow the link: {e}"))?;
            Ok(Destination::Replace(target))
        }
        Ok(_) => Ok(Destination::InPlace),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A new path, or a dangling symlink: create the link's target, never replace it.
            let target = resolve_symlinks(path)
                .map_err(|e| anyhow!("{name}: cannot follow the link: {e}"))?;
            Ok(Destination::Replace(target))
        }
        Err(e) => bail!("{name}: {e}"),
    }
}

/// `path` with every symlink in its last component followed, even a dangling one, so that
/// writing replaces the link's target and never the link itself.
fn resolve_symlinks(path: &Path) -> std::io::Result<std::path::PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

fn write_in_place(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let name = path.display();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| anyhow!("{name}: cannot open for writing: {e}"))?;
    let mut out = std::io::BufWriter::new(file);
    to_a_reader(produce(&mut out).and_then(|()| out.flush()))
        .map_err(|e| anyhow!("{name}: cannot write: {e}"))
}

fn write_atomic(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
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
    let mut out = std::io::BufWriter::new(tmp.as_file_mut());
    produce(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| anyhow!("{name}: cannot write: {e}"))?;
    drop(out);
    tmp.as_file()
        .sync_all()
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
        let file = Some(Path::new("report.txt"));
        assert!(
            color_wanted(false, false, None, true),
            "a terminal gets colour"
        );
        assert!(!color_wanted(true, false, None, true), "--no-color");
        assert!(!color_wanted(false, true, None, true), "NO_COLOR");
        assert!(!color_wanted(false, false, file, true), "--output");
        assert!(!color_wanted(false, false, None, false), "a pipe");
        assert!(!use_color(true, None));
        assert!(!use_color(false, file));
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
            .filter_map(std::result::Result::ok)
            .collect();
        assert_eq!(names.len(), 1, "only the output file remains");
    }

    #[test]
    fn a_symlink_is_followed_and_stays_a_symlink() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("real.json");
        std::fs::write(&target, "old").expect("target");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).expect("symlink");
        write(Some(&link), "new").expect("writes through the link");
        assert!(std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).expect("target"), "new");
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink("later.json", &dangling).expect("symlink");
        write(Some(&dangling), "made").expect("creates the target");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("later.json")).expect("target"),
            "made"
        );
    }

    #[test]
    fn a_fifo_is_written_in_place_not_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success(), "mkfifo failed");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).expect("reads the fifo"))
        };
        write(Some(&fifo), "through the pipe").expect("writes into the fifo");
        assert_eq!(reader.join().expect("reader"), "through the pipe");
        let kind = std::fs::symlink_metadata(&fifo)
            .expect("still there")
            .file_type();
        assert!(
            std::os::unix::fs::FileTypeExt::is_fifo(&kind),
            "the FIFO was replaced"
        );
    }

    #[test]
    fn a_process_substitution_is_written_in_place() {
        // What `-o >(cmd)` passes: /dev/fd/N of a pipe.
        let mut child = std::process::Command::new("cat")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("cat runs");
        let stdin = child.stdin.take().expect("pipe");
        let fd = std::os::fd::AsRawFd::as_raw_fd(&stdin);
        let path = std::path::PathBuf::from(format!("/dev/fd/{fd}"));
        write(Some(&path), "into the pipe").expect("writes through /dev/fd");
        drop(stdin);
        let out = child.wait_with_output().expect("cat ends");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "into the pipe");
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
