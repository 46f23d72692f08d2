//! Records the commit the binary is built from, for `rampart --version`.
//!
//! Sets `RAMPART_GIT_COMMIT` to the short hash of `HEAD` when building from a git checkout,
//! to the hash cargo recorded in `.cargo_vcs_info.json` when building a packaged crate, and to
//! `unknown` otherwise. It never fails the build: no git, no repository, or an unreadable file
//! all mean `unknown`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // A packaged crate (crates.io, `cargo package`) carries the commit it was cut from; the
    // directory it is unpacked in may sit inside an unrelated repository, so git is not asked.
    let vcs_info = dir.join(".cargo_vcs_info.json");
    let commit = if vcs_info.exists() {
        println!("cargo:rerun-if-changed={}", vcs_info.display());
        packaged_commit(&vcs_info)
    } else {
        checkout_commit(&dir)
    };
    let commit = commit.unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=RAMPART_GIT_COMMIT={commit}");
}

/// The short hash of `HEAD`, and the files to watch so a new commit or checkout reruns this.
fn checkout_commit(dir: &Path) -> Option<String> {
    let hash = git(dir, &["rev-parse", "--short", "HEAD"])?;
    // HEAD names the branch; the branch's ref (loose, or in packed-refs) names the commit.
    // `--git-path` resolves both for linked worktrees too. Only files that exist are watched:
    // cargo reruns a script on every build while a watched file is missing.
    let mut watched = vec![git(dir, &["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(dir, &["rev-parse", "--git-path", &branch]));
    }
    watched.push(git(dir, &["rev-parse", "--git-path", "packed-refs"]));
    for path in watched.into_iter().flatten() {
        let path = dir.join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(hash)
}

/// Runs git in `dir`; its trimmed standard output when it succeeds with some.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_owned())
}

/// The first seven hex digits of `"sha1": "<hash>"` in `.cargo_vcs_info.json`.
fn packaged_commit(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let after = &text[text.find("\"sha1\"")? + "\"sha1\"".len()..];
    let hash: String = after
        .trim_start_matches(|c: char| c == ':' || c == '"' || c.is_whitespace())
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .take(7)
        .collect();
    (hash.len() == 7).then_some(hash)
}
