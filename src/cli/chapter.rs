//! `score` and `new`: the score card of a chapter, and a new chapter from last year's.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::Chapter;
use rapporteur::score::{ScoreCard, ScoreReport};

/// Loads a chapter and its methodology, or says why not.
pub fn load(path: &Path) -> Result<(Chapter, Methodology), String> {
    let chapter = io::load(path).map_err(|e| e.to_string())?;
    // `io::load` refuses unknown methodologies, so this lookup succeeds for loaded chapters.
    let method = Methodology::builtin(&chapter.methodology)
        .ok_or_else(|| format!("{}: unknown methodology \"{}\"", path.display(), chapter.methodology))?;
    Ok((chapter, method))
}

/// `rapporteur score FILE [--json]`.
pub fn score(path: &Path, json: bool) -> Result<ExitCode, String> {
    let (chapter, method) = load(path)?;
    if json {
        let report = ScoreReport::new(&chapter, &method);
        let text = serde_json::to_string_pretty(&report).map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", score_text(&chapter, &method));
    }
    Ok(ExitCode::SUCCESS)
}

/// The score card as text, as `rapporteur score` prints it.
fn score_text(chapter: &Chapter, method: &Methodology) -> String {
    let card = ScoreCard::compute(chapter, method);
    let mut out = String::new();
    let _ = writeln!(out, "{}", chapter.title);
    let width = method.categories.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
    let _ = writeln!(out, "\n{:width$}  {:>9}  {:>9}", "Category", "Rating", "Last year");
    for def in &method.categories {
        let entry = chapter.category(&def.code);
        let show = |r: Option<rapporteur::Rating>| r.map_or_else(|| "—".to_owned(), |r| r.to_string());
        let _ = writeln!(
            out,
            "{:width$}  {:>9}  {:>9}",
            def.name,
            show(entry.and_then(|e| e.rating)),
            show(entry.and_then(|e| e.last_year))
        );
    }
    let max = method.scale.max;
    let year = |label: &str, f: &rapporteur::score::Figures, out: &mut String| {
        let _ = writeln!(out, "\n{label}");
        let _ = writeln!(out, "  Democracy Score       {} / {max}", f.score_rounded);
        if let (Some(p), Some(h)) = (f.percentage, f.percentage_headline) {
            let _ = writeln!(out, "  Democracy Percentage  {p} / 100 (headline {h})");
        }
        let _ = writeln!(out, "  Classification        {}", f.classification);
        if !f.unrated.is_empty() {
            let names: Vec<_> =
                f.unrated.iter().map(|c| method.category(c).map_or(c.as_str(), |d| d.name.as_str())).collect();
            let _ = writeln!(
                out,
                "  Averaged over {} of {} categories; not rated: {}",
                f.score.rated,
                method.categories.len(),
                names.join(", ")
            );
        }
    };
    match &card.this_year {
        Some(f) => year(&format!("{} ({})", chapter.country, chapter.edition), f, &mut out),
        None => {
            let _ = writeln!(out, "\nNo category is rated yet.");
        }
    }
    if let Some(f) = &card.last_year {
        year("Last year", f, &mut out);
    }
    if let (Some(dir), Some(change)) = (card.direction(method), card.score_change()) {
        let _ = writeln!(out, "\nChange: Democracy Score {} ({change:+})", dir.verb());
    }
    out
}

/// `rapporteur new --country C --edition Y [--from LAST.ron] -o FILE`.
pub fn new(country: &str, edition: i32, from: Option<&Path>, output: &Path, force: bool) -> Result<ExitCode, String> {
    if country.trim().is_empty() {
        return Err("--country is empty; give the country's name".to_owned());
    }
    if !(1900..=9999).contains(&edition) {
        return Err(format!("--edition {edition} is not a plausible edition year"));
    }
    if output.exists() && !force {
        return Err(format!("{} exists already; choose another name or pass --force to replace it", output.display()));
    }
    let chapter = match from {
        None => Chapter::new(&Methodology::nit_2020(), country.trim(), edition),
        Some(path) => {
            let (last, method) = load(path)?;
            rapporteur::model::next_edition(&last, &method, country.trim(), edition)
        }
    };
    io::save(output, &chapter).map_err(|e| e.to_string())?;
    println!("Wrote {}", output.display());
    Ok(ExitCode::SUCCESS)
}
