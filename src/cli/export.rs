//! `export`: a chapter as HTML, Markdown, DOCX, plain text or PDF, or a review copy (DOCX or HTML,
//! with the open comments), written atomically.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rapporteur::export::{self, ExportError, Format};
use rapporteur::findings::Finding;
use rapporteur::io;
use rapporteur::review_copy;

/// `rapporteur export FILE [--to FORMAT] -o OUT [--force] [--review]`.
///
/// Without `--to` the format comes from OUT's extension. A chapter with error findings is
/// refused (exit 1, the findings on stderr) unless `--force`; a bad input or an unwritable OUT
/// is an `Err` (exit 2) naming the path. `--review` writes a review copy (DOCX or HTML) instead,
/// which findings never block.
pub fn run(file: &Path, to: Option<&str>, output: &Path, force: bool, review: bool) -> Result<ExitCode, String> {
    let format = match to {
        Some(name) => Format::from_name(name)
            .ok_or_else(|| format!("--to {name}: unknown format; use one of html, md, docx, txt, pdf"))?,
        None => output.extension().and_then(|e| e.to_str()).and_then(Format::from_name).ok_or_else(|| {
            format!("{}: cannot tell the format from the file name; pass --to html|md|docx|txt|pdf", output.display())
        })?,
    };
    if !format.available() {
        return Err(format!(
            "--to {format}: this build of rapporteur has no PDF export (it was built without the `pdf` feature)"
        ));
    }
    if review && !review_copy::FORMATS.contains(&format) {
        return Err(format!(
            "--review: a review copy is a Word document or a web page, not {format}; use --to docx or --to html"
        ));
    }
    let (chapter, method) = super::chapter::load(file)?;
    if review {
        let bytes = review_copy::render(&chapter, &method, format)
            .unwrap_or_else(|| unreachable!("checked above: {format} has a review copy"))
            .map_err(|e| format!("{}: {e}", file.display()))?;
        io::write_atomic(output, &bytes, false).map_err(|e| e.to_string())?;
        let open = review_copy::open_comments(&chapter).count();
        println!(
            "Wrote {} (review copy, {format}, {open} open comment{})",
            output.display(),
            if open == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::SUCCESS);
    }
    match export::export_checked(&chapter, &method, format, force) {
        Ok(bytes) => {
            io::write_atomic(output, &bytes, false).map_err(|e| e.to_string())?;
            println!("Wrote {} ({format})", output.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(ExportError::Blocked { errors }) => {
            eprint!("{}", blocked_message(file, &errors));
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(format!("{}: {e}", file.display())),
    }
}

/// What is printed when error findings block an export.
fn blocked_message(file: &Path, errors: &[Finding]) -> String {
    let mut out = String::new();
    for f in errors {
        let _ = writeln!(out, "{}: error [{}] {}", file.display(), f.code, f.message);
    }
    let _ = writeln!(
        out,
        "rapporteur: not exported: {} error finding{} (fix them, or pass --force to export anyway)",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapporteur::findings::{Code, Location, Place, Severity};

    #[cfg(not(feature = "pdf"))]
    #[test]
    fn a_build_without_pdf_says_so() {
        let err = run(Path::new("kz.ron"), Some("pdf"), Path::new("kz.pdf"), false, false).err();
        assert_eq!(
            err.as_deref(),
            Some("--to pdf: this build of rapporteur has no PDF export (it was built without the `pdf` feature)")
        );
        let err = run(Path::new("kz.ron"), None, Path::new("kz.pdf"), false, false).err();
        assert!(err.is_some_and(|e| e.contains("no PDF export")));
    }

    #[test]
    fn blocked_message_lists_each_error_and_the_way_out() {
        let f = Finding {
            code: Code::FootnoteMissing,
            severity: Severity::Error,
            location: Location { place: Place::Footnotes, block: None, footnote: None, range: None },
            message: "a marker cites no footnote".to_owned(),
        };
        assert_eq!(
            blocked_message(Path::new("kz.ron"), &[f]),
            "kz.ron: error [footnote-missing] a marker cites no footnote\n\
             rapporteur: not exported: 1 error finding (fix them, or pass --force to export anyway)\n"
        );
    }
}
