//! The audit in each report format: one to a file or standard output, or several into
//! `--output-dir`, each format once.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{anyhow, bail};
use rampart_report::table::TableOptions;
use rampart_report::{compliance, report, ScopeAudit};

use super::AuditArgs;
use crate::global::{Global, ReportFormat};
use crate::output::{use_color, width, write_with};

/// The file name a format gets in `--output-dir`.
pub fn file_name(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Table => "rampart-report.txt",
        ReportFormat::Json => "rampart-report.json",
        ReportFormat::Html => "rampart-report.html",
        ReportFormat::Sarif => "rampart-report.sarif",
        ReportFormat::Junit => "rampart-report.junit.xml",
        ReportFormat::Csv => "rampart-report.csv",
    }
}

/// Renders `audit` in `format`; `path` is where it goes (None: standard output).
fn render(
    global: &Global,
    framework: Option<&compliance::Framework>,
    audit: &ScopeAudit,
    format: ReportFormat,
    path: Option<&Path>,
) -> anyhow::Result<String> {
    let table = TableOptions {
        color: use_color(global.no_color, path),
        width: width(path),
        verbose: global.verbose > 0,
    };
    Ok(match (format, framework) {
        (ReportFormat::Table, Some(fw)) => report::compliance_table(fw, audit, &table),
        (ReportFormat::Json, Some(fw)) => report::compliance_json(fw, audit)?,
        (ReportFormat::Html, Some(fw)) => report::compliance_html(fw, audit),
        (ReportFormat::Csv, Some(fw)) => report::compliance_csv(fw, audit)?,
        (ReportFormat::Sarif, Some(fw)) => report::compliance_sarif(fw, audit)?,
        (ReportFormat::Junit, Some(fw)) => report::compliance_junit(fw, audit),
        (ReportFormat::Table, None) => report::table(audit, &table),
        (ReportFormat::Json, None) => report::json(audit)?,
        (ReportFormat::Html, None) => report::html(audit),
        (ReportFormat::Sarif, None) => report::sarif(audit)?,
        (ReportFormat::Junit, None) => report::junit(audit),
        (ReportFormat::Csv, None) => report::csv(audit)?,
    })
}

fn emit(
    global: &Global,
    framework: Option<&compliance::Framework>,
    audit: &ScopeAudit,
    format: ReportFormat,
    path: Option<&Path>,
) -> anyhow::Result<()> {
    if format == ReportFormat::Json && framework.is_none() {
        return write_with(path, |out| report::json_to(audit, out));
    }
    let text = render(global, framework, audit, format, path)?;
    crate::output::write(path, &text)
}

/// Writes the audit of a scope in every `--format`: one account's in its own layout, an
/// organization's grouped by account.
pub fn write(global: &Global, args: &AuditArgs, audit: &ScopeAudit) -> anyhow::Result<()> {
    let framework = match &args.compliance {
        Some(name) => Some(compliance::framework(name).map_err(|e| anyhow!("--compliance: {e}"))?),
        None => None,
    };
    write_reports(global, args, |format, path| {
        emit(global, framework.as_ref(), audit, format, path)
    })
}

/// Writes a report in every `--format` with `emit(format, path)`: into `--output-dir` (one
/// file each), else the single format to `--output` or standard output. Several formats need a
/// directory, and HTML is refused at a terminal.
pub fn write_reports(
    global: &Global,
    args: &AuditArgs,
    emit: impl Fn(ReportFormat, Option<&Path>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // Each format once, in the order first given (`json,table,json` is json and table).
    let mut formats: Vec<ReportFormat> = Vec::new();
    for f in &global.formats {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    match &args.output_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow!("{}: cannot create the directory: {e}", dir.display()))?;
            for format in formats {
                let path = dir.join(file_name(format));
                emit(format, Some(&path))?;
                if !global.quiet {
                    eprintln!("{} report written to {}", format.name(), path.display());
                }
            }
            Ok(())
        }
        None => {
            let [format] = formats[..] else {
                bail!("--format: several formats need --output-dir DIR");
            };
            let out = global.output.as_deref();
            if format == ReportFormat::Html && out.is_none() && std::io::stdout().is_terminal() {
                bail!(
                    "--format html: an HTML report is a page to open in a browser, not terminal output: write it to a file with `-o {}`",
                    file_name(format)
                );
            }
            emit(format, out)
        }
    }
}
