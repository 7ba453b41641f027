//! `check` and `renumber`: a chapter's findings, and renumbering its footnotes in place.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rapporteur::findings::{self, CheckOptions, Finding, Place, Report};
use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::Chapter;
use rapporteur::spelling::{Checker, Dictionaries};

use super::chapter::load;

/// `rapporteur check FILE [--json] [--strict] [--spelling]`: exit 0 with no errors (with
/// `--strict`, no warnings either), 1 otherwise. With `--spelling`, the chapter's language's
/// dictionary (bundled or installed) and its own words check the spelling too; a language with
/// no dictionary here is exit 2.
pub fn check(path: &Path, json: bool, strict: bool, spelling: bool) -> Result<ExitCode, String> {
    let (chapter, method) = load(path)?;
    let checker = if spelling {
        let dictionary =
            Dictionaries::discover().for_chapter(&chapter.spelling).map_err(|e| format!("{}: {e}", path.display()))?;
        Some(Checker::new(dictionary, &chapter.spelling, &[]))
    } else {
        None
    };
    let report = Report::with_options(&chapter, &method, &CheckOptions { spelling: checker.as_ref() });
    if json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", check_text(&report, &chapter, &method));
    }
    let failed = report.counts.error > 0 || (strict && report.counts.warning > 0);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The findings as text, grouped by section with a heading per section, one line per finding,
/// and a count line:
///
/// ```text
/// Corruption
///   error: Corruption, bullet 3: footnote [^81] has no definition [footnote-missing]
///
/// 1 error, 0 warnings, 0 notes
/// ```
fn check_text(report: &Report, chapter: &Chapter, method: &Methodology) -> String {
    let mut out = String::new();
    let mut current: Option<&Place> = None;
    for f in &report.findings {
        if current != Some(&f.location.place) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", findings::section_title(&f.location.place, method));
            current = Some(&f.location.place);
        }
        let _ = writeln!(out, "  {}", line(f, chapter, method));
    }
    if current.is_some() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", report.counts.summary());
    out
}

/// One finding on one line:
/// `error: Corruption, bullet 3: footnote [^81] has no definition [footnote-missing]`.
fn line(f: &Finding, chapter: &Chapter, method: &Methodology) -> String {
    let place = findings::describe(&f.location, chapter, method);
    format!("{}: {place}: {} [{}]", f.severity.as_str(), f.message, f.code)
}

/// `rapporteur renumber FILE`: renumbers the footnotes and saves atomically, keeping the
/// previous version as `FILE.bak`; leaves the file alone when nothing changes.
pub fn renumber(path: &Path) -> Result<ExitCode, String> {
    let (chapter, method) = load(path)?;
    let renumbered = rapporteur::footnotes::renumber(&chapter, &method);
    if renumbered == chapter {
        println!("Footnotes are already numbered in order; {} is unchanged.", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let relabelled =
        chapter.footnotes.iter().filter(|f| renumbered.footnote(f.id).is_some_and(|n| n.label != f.label)).count();
    io::save(path, &renumbered).map_err(|e| e.to_string())?;
    let backup = io::backup_path(path);
    if relabelled == 0 {
        println!(
            "Put the footnote list of {} in order of first appearance; the previous version is in {}.",
            path.display(),
            backup.display()
        );
    } else {
        let plural = if relabelled == 1 { "" } else { "s" };
        println!(
            "Renumbered {relabelled} footnote{plural} in {}; the previous version is in {}.",
            path.display(),
            backup.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
