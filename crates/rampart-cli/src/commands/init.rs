//! `rampart init`: write a commented `rampart.toml` with every key at its default, so the
//! baseline's choices are visible and easy to change. An existing file is never overwritten
//! unless `--force` is given.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::Args;

use crate::global::Global;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write [default: ./rampart.toml]
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(global: &Global, args: &InitArgs) -> anyhow::Result<ExitCode> {
    let path = args
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::config::DEFAULT_FILE));
    if path.exists() && !args.force {
        return Err(anyhow!(
            "{} exists; pass --force to replace it",
            path.display()
        ));
    }
    std::fs::write(&path, crate::config::schema::template())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if !global.quiet {
        eprintln!("wrote {}; edit it, then run `rampart plan`", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use crate::config::schema::{self, Default, KEYS};
    use crate::config::{parse, Settings};

    /// The keys set (`key = value`) and commented out (`# key = value`) in each section.
    fn keys_in(text: &str) -> Vec<(String, String, bool)> {
        let mut section = String::new();
        let mut keys = Vec::new();
        for line in text.lines() {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_owned();
            } else if let Some((key, _)) = line.split_once(" = ") {
                let (key, commented) = match key.strip_prefix("# ") {
                    Some(k) => (k, true),
                    None => (key, false),
                };
                keys.push((section.clone(), key.to_owned(), commented));
            }
        }
        keys
    }

    #[test]
    fn the_template_has_every_key_and_gives_the_defaults() {
        let text = schema::template();
        let written = keys_in(&text);
        for key in KEYS {
            let commented = matches!(key.default, Default::Unset(_));
            assert!(
                written.contains(&(key.section.to_owned(), key.name.to_owned(), commented)),
                "{}.{} is missing from the template (commented out: {commented}):\n{text}",
                key.section,
                key.name
            );
        }
        assert_eq!(written.len(), KEYS.len(), "{text}");
        let settings = parse("rampart.toml", &text).expect("the template is valid");
        assert_eq!(settings, Settings::default());
    }

    #[test]
    fn every_example_of_the_template_is_valid_too() {
        let text: String = schema::template()
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest)
                    if KEYS
                        .iter()
                        .any(|k| rest.starts_with(&format!("{} = ", k.name))) =>
                {
                    format!("{rest}\n")
                }
                _ => format!("{line}\n"),
            })
            .collect();
        let uncommented = keys_in(&text).into_iter().filter(|k| !k.2).count();
        assert_eq!(uncommented, KEYS.len());
        let settings = parse("rampart.toml", &text).expect("the examples are valid");
        assert_eq!(settings.baseline.admin_users, ["admin"]);
        assert_eq!(
            settings.baseline.billing.bucket.as_deref(),
            Some("my-billing-bucket")
        );
        assert_eq!(settings.audit.admin_group.as_deref(), Some("Admins"));
    }
}
