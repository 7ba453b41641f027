//! `score` and `new`: the score card of a chapter, and a new chapter from last year's.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::Chapter;
use rapporteur::score::{Direction, Figure, Figures, ScoreCard, ScoreReport};

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

/// The score card as text, as `rapporteur score` prints it, from the card's lines
/// ([`ScoreCard::lines`]).
fn score_text(chapter: &Chapter, method: &Methodology) -> String {
    let card = ScoreCard::compute(chapter, method);
    let lines = card.lines(chapter, method);
    let mut out = String::new();
    let _ = writeln!(out, "{}", chapter.title);
    let width = lines.categories.iter().map(|l| l.label.chars().count()).max().unwrap_or(0);
    let _ = writeln!(out, "\n{:width$}  {:>9}  {:>9}", "Category", "Rating", "Last year");
    for line in &lines.categories {
        let _ = writeln!(out, "{:width$}  {:>9}  {:>9}", line.label, line.this_year_shown(), line.last_year_shown());
    }
    let max = method.scale.max;
    let year = |label: &str, this_year: bool, f: &Figures, out: &mut String| {
        let _ = writeln!(out, "\n{label}");
        let shown = |figure: Figure| {
            lines.figure(figure).map(|l| if this_year { l.this_year_shown() } else { l.last_year_shown() })
        };
        if let Some(score) = shown(Figure::Score) {
            let _ = writeln!(out, "  Democracy Score       {score} / {max}");
        }
        if let (Some(p), Some(h)) = (shown(Figure::Percentage), shown(Figure::Headline)) {
            let _ = writeln!(out, "  Democracy Percentage  {p} / 100 (headline {h})");
        }
        if let Some(classification) = shown(Figure::Classification) {
            let _ = writeln!(out, "  Classification        {classification}");
        }
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
        Some(f) => year(&format!("{} ({})", chapter.country, chapter.edition), true, f, &mut out),
        None => {
            let _ = writeln!(out, "\nNo category is rated yet.");
        }
    }
    if let Some(f) = &card.last_year {
        year("Last year", false, f, &mut out);
    }
    if let Some(change) = lines.change {
        let _ = match change.direction {
            Direction::Same => writeln!(out, "\nChange: Democracy Score {}", change.phrase()),
            d => writeln!(out, "\nChange: Democracy Score {} ({:+})", d.verb(), change.delta),
        };
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
