//! `import`: a chapter from the text of its published web page.
//!
//! Exit codes: 0 when the chapter was imported and written, whether or not there were warnings
//! (they go to stderr as `FILE:LINE: message`, one a line, so an editor can jump to them);
//! 2 when the input is not a chapter's text (empty, binary, undecodable, too large, no title) or
//! the output cannot be written.

use std::path::Path;
use std::process::ExitCode;

use rapporteur::import;
use rapporteur::io;
use rapporteur::method::Methodology;

/// `rapporteur import CHAPTER.txt -o FILE.ron [--country NAME] [--methodology ID|FILE] [--force]`.
///
/// The methodology is a built-in id or a methodology file, resolved against the current
/// folder and named in the chapter as given; without one, [`Methodology::default_builtin`].
pub fn import(
    input: &Path,
    output: &Path,
    country: Option<&str>,
    methodology: Option<&str>,
    force: bool,
) -> Result<ExitCode, String> {
    if output.exists() && !force {
        return Err(format!("{} exists already; choose another name or pass --force to replace it", output.display()));
    }
    let method = match methodology {
        Some(given) => {
            let cwd = std::env::current_dir().map_err(|e| format!("--methodology {given}: {e}"))?;
            Methodology::resolve(given, Some(&cwd)).map_err(|e| format!("--methodology {given}: {e}"))?
        }
        None => Methodology::default_builtin(),
    };
    let bytes = import::read_text_file(input)?;
    let options = import::ImportOptions { country: country.map(str::to_owned) };
    let imported =
        import::import_bytes_with(&bytes, &method, &options).map_err(|e| format!("{}: {e}", input.display()))?;
    io::save(output, &imported.chapter).map_err(|e| e.to_string())?;
    for w in &imported.warnings {
        eprintln!("{}:{}: {}", input.display(), w.line, w.message);
    }
    let c = &imported.chapter;
    let byline = c.authors.byline();
    let byline = if byline.is_empty() { "no authors".to_owned() } else { byline };
    let rated = c.categories.iter().filter(|e| e.rating.is_some()).count();
    let bullets: usize = c.categories.iter().map(|e| e.bullets.len()).sum();
    println!(
        "Wrote {}: {} ({}), {rated} of {} rated, {bullets} {}s, {} footnotes, {} warning(s)",
        output.display(),
        c.title,
        byline,
        c.categories.len(),
        method.justification_noun(),
        c.footnotes.len(),
        imported.warnings.len()
    );
    Ok(ExitCode::SUCCESS)
}
