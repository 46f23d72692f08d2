//! Completions that know rampart's own names: check ids and slugs for `--select`, `--ignore`
//! and `explain`, framework names for `--compliance`.
//!
//! The value parser here accepts any text — id prefixes and former ids are resolved later,
//! with errors that say what is wrong — but tells clap which names exist, so the scripts
//! `rampart completions SHELL` writes offer them. The arguments hide the list from `--help`.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};

/// Any text, with the names a shell should offer for it.
#[derive(Debug, Clone, Copy)]
pub struct Named {
    names: fn() -> Vec<PossibleValue>,
}

/// A check id or slug.
pub const CHECK_NAME: Named = Named { names: check_names };

/// A compliance framework's name, as the embedded tables spell it.
pub const FRAMEWORK_NAME: Named = Named {
    names: framework_names,
};

fn check_names() -> Vec<PossibleValue> {
    rampart_checks::registry()
        .iter()
        .flat_map(|c| {
            let m = c.meta();
            [
                PossibleValue::new(m.id).help(m.title),
                PossibleValue::new(m.slug).help(m.title),
            ]
        })
        .collect()
}

fn framework_names() -> Vec<PossibleValue> {
    rampart_report::compliance::frameworks()
        .unwrap_or_default()
        .into_iter()
        .map(|f| PossibleValue::new(f.name))
        .collect()
}

impl TypedValueParser for Named {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.names)().into_iter()))
    }
}
