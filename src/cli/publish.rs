//! `publish DIR -o SITE [--force] [--book] [--no-pdf]`: an edition as a static site.

use std::path::Path;
use std::process::ExitCode;

use rapporteur::edition::Edition;
use rapporteur::edition::publish::{PublishOptions, publish as publish_site};
use rapporteur::export::Format;

/// Publishes the edition in `dir` into `output`: prints each file written, then the chapters
/// left out and why. Exits 1 when chapters were left out (the site is written without them),
/// 0 when every chapter was published.
pub fn publish(dir: &Path, output: &Path, force: bool, book: bool, no_pdf: bool) -> Result<ExitCode, String> {
    if book && !Format::Pdf.available() {
        return Err("this build of Rapporteur has no PDF export, so --book cannot be written".to_owned());
    }
    let edition = Edition::open(dir)?;
    let options = PublishOptions { force, pdfs: !no_pdf && Format::Pdf.available(), book };
    let published = publish_site(&edition, output, &options)?;
    for file in &published.files {
        println!("Wrote {}", output.join(file).display());
    }
    println!(
        "Published {} of {} into {}.",
        rapporteur::words::count(published.chapters, "chapter"),
        edition.file.name,
        output.display()
    );
    if published.left_out.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "Left out {} with errors (fix them, or publish them anyway with --force):",
        rapporteur::words::count(published.left_out.len(), "chapter")
    );
    for (path, why) in &published.left_out {
        eprintln!("  {path}: {why}");
    }
    Ok(ExitCode::from(1))
}
