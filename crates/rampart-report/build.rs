//! Embeds every compliance framework table under `src/frameworks/` into the crate, so a new
//! framework or benchmark version is a data file dropped there, with no code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("src/frameworks");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tsv"))
            .collect(),
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    names.sort();
    let mut code = String::from("/// Every framework table, as embedded text, by file name.\npub static TABLES: &[&str] = &[\n");
    for n in &names {
        let _ = writeln!(
            code,
            "    include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/frameworks/{n}\")),"
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").map(std::path::PathBuf::from);
    match out {
        Ok(out) => {
            if let Err(e) = std::fs::write(out.join("frameworks.rs"), code) {
                panic!("cannot write frameworks.rs: {e}");
            }
        }
        Err(e) => panic!("OUT_DIR is not set: {e}"),
    }
}
