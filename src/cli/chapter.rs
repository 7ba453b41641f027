//! `score` and `new`: the score card of a chapter, and a new chapter (of any methodology, or
//! from last year's).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rapporteur::index::{OutlineLine, ScoreTree};
use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::Chapter;
use rapporteur::score::{Direction, LineKind, ScoreCard, ScoreReport, ratings_of};

/// Loads a chapter and its methodology (a built-in id, or a file beside the chapter), or says
/// why not.
pub fn load(path: &Path) -> Result<(Chapter, Methodology), String> {
    let chapter = io::load(path).map_err(|e| e.to_string())?;
    let method =
        Methodology::resolve(&chapter.methodology, path.parent()).map_err(|e| format!("{}: {e}", path.display()))?;
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

/// The score card as text, as `rapporteur score` prints it: the methodology's outline with each
/// item's rating this year and last, then every figure and classification of the card's lines
/// ([`ScoreCard::lines`]), then the headline's change.
fn score_text(chapter: &Chapter, method: &Methodology) -> String {
    let card = ScoreCard::compute(chapter, method);
    let lines = card.lines(chapter, method);
    let tree = ScoreTree::compute(&method.def, chapter.edition, &ratings_of(chapter, false));
    let mut out = String::new();
    let _ = writeln!(out, "{}", chapter.title);
    let label_of = |line: &OutlineLine| match line {
        OutlineLine::Group { code, name, depth, .. } => format!("{}{}", "  ".repeat(*depth), group_label(code, name)),
        OutlineLine::Item(i) => format!("{}{}", "  ".repeat(i.depth), method.item_title(&i.code)),
    };
    let width = tree.outline.iter().map(|l| label_of(l).chars().count()).max().unwrap_or(0).max(4);
    let _ = writeln!(out, "\n{:width$}  {:>9}  {:>9}", "Item", "Rating", "Last year");
    for line in &tree.outline {
        match line {
            OutlineLine::Group { .. } => {
                let _ = writeln!(out, "{}", label_of(line));
            }
            OutlineLine::Item(i) => {
                let card_line = lines.categories.iter().find(|l| l.kind == LineKind::Category(i.code.clone()));
                let (now, last) =
                    card_line.map_or(("\u{2014}", "\u{2014}"), |l| (l.this_year_shown(), l.last_year_shown()));
                let _ = writeln!(out, "{:width$}  {now:>9}  {last:>9}", label_of(line));
            }
        }
    }
    let with_suffix = |value: &str, suffix: &Option<String>| match suffix {
        Some(s) => format!("{value} {s}"),
        None => value.to_owned(),
    };
    let fwidth = lines.figures.iter().map(|l| l.label.chars().count()).max().unwrap_or(0);
    let year = |heading: &str, this_year: bool, tree: &ScoreTree, out: &mut String| {
        let _ = writeln!(out, "\n{heading}");
        for line in &lines.figures {
            let value = match (this_year, &line.this_year, &line.last_year) {
                (true, Some(v), _) | (false, _, Some(v)) => with_suffix(v, &line.suffix),
                _ => line.placeholder().to_owned(),
            };
            let _ = writeln!(out, "  {:fwidth$}  {value}", line.label);
        }
        let unrated: Vec<&str> = tree
            .items()
            .filter(|i| i.value.is_none() && method.def.item(&i.code).is_none_or(|d| !d.optional))
            .map(|i| method.category(&i.code).map_or(i.code.as_str(), |d| d.name.as_str()))
            .collect();
        if !unrated.is_empty() {
            let _ = writeln!(out, "  Not rated: {}", unrated.join(", "));
        }
    };
    match &card.this_year {
        Some(tree) => year(&format!("{} ({})", chapter.country, chapter.edition), true, tree, &mut out),
        None => {
            let _ = writeln!(out, "\nNothing is rated yet.");
        }
    }
    if let Some(tree) = &card.last_year {
        year("Last year", false, tree, &mut out);
    }
    if let (Some(change), Some(headline)) = (&lines.change, lines.headline()) {
        let _ = match change.direction {
            Direction::Same => writeln!(out, "\nChange: {} {}", headline.label, change.phrase()),
            _ => writeln!(out, "\nChange: {} {} ({:+})", headline.label, change.verb, change.delta),
        };
    }
    out
}

/// A group's line: "A Electoral Process", or the name alone where the code abbreviates it
/// ("Political Rights" for PR).
fn group_label(code: &str, name: &str) -> String {
    let initials: String =
        name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect();
    if code.len() > 1 && initials.starts_with(code) { name.to_owned() } else { format!("{code} {name}") }
}

/// Where a chapter names its methodology: a built-in id as it is; a file by its path relative
/// to the chapter's folder (so a repository of chapters and its own index travel together).
fn methodology_name(given: &str, output: &Path) -> Result<String, String> {
    if Methodology::builtin(given).is_some() {
        return Ok(given.to_owned());
    }
    let file = std::fs::canonicalize(given).map_err(|e| {
        format!(
            "--methodology {given}: neither a built-in methodology ({}) nor a file that can be read: {e}",
            Methodology::builtin_ids().join(", ")
        )
    })?;
    let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = rapporteur::data::relative_path(dir, &file);
    name.to_str().map(|s| s.replace('\\', "/")).ok_or_else(|| format!("{}: the path is not UTF-8", file.display()))
}

/// `rapporteur new --country C --edition Y [--methodology ID|FILE] [--from LAST.ron] -o FILE`.
pub fn new(
    country: &str,
    edition: i32,
    methodology: Option<&str>,
    from: Option<&Path>,
    output: &Path,
    force: bool,
) -> Result<ExitCode, String> {
    if country.trim().is_empty() {
        return Err("--country is empty; give the country's name".to_owned());
    }
    if !(1900..=9999).contains(&edition) {
        return Err(format!("--edition {edition} is not a plausible edition year"));
    }
    if output.exists() && !force {
        return Err(format!("{} exists already; choose another name or pass --force to replace it", output.display()));
    }
    let last = from.map(load).transpose()?;
    let method = match (methodology, &last) {
        (Some(given), _) => {
            let name = methodology_name(given, output)?;
            let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Methodology::resolve(&name, Some(dir)).map_err(|e| format!("--methodology {given}: {e}"))?
        }
        (None, Some((_, m))) => m.clone(),
        (None, None) => Methodology::default_builtin(),
    };
    if let Some((last_chapter, last_method)) = &last {
        if last_method.def.id != method.def.id {
            return Err(format!(
                "--from {}: that chapter is rated under {}, not {}; a new edition keeps its methodology",
                from.map(Path::display).map(|d| d.to_string()).unwrap_or_default(),
                last_method.name,
                method.name
            ));
        }
        let _ = last_chapter;
    }
    let chapter = match &last {
        None => Chapter::new(&method, country.trim(), edition),
        Some((last, _)) => rapporteur::model::next_edition(last, &method, country.trim(), edition),
    };
    io::save(output, &chapter).map_err(|e| e.to_string())?;
    println!("Wrote {} ({})", output.display(), method.name);
    Ok(ExitCode::SUCCESS)
}

/// `rapporteur convert FILE [--to ID] [-o OUT]`.
pub fn convert(path: &Path, to: Option<&str>, output: Option<&Path>) -> Result<ExitCode, String> {
    let (chapter, from) = load(path)?;
    let target = match to.or_else(|| rapporteur::convert::target(&from)) {
        Some(t) => t.to_owned(),
        None => return Err(format!("{}: {} does not convert to another methodology", path.display(), from.name)),
    };
    let to = Methodology::resolve(&target, path.parent()).map_err(|e| format!("--to {target}: {e}"))?;
    let converted =
        rapporteur::convert::convert(&chapter, &from, &to).map_err(|e| format!("{}: {e}", path.display()))?;
    let out = output.unwrap_or(path);
    io::save(out, &converted).map_err(|e| e.to_string())?;
    let rule = converted.conversions.last().map_or("", |c| c.rule.as_str());
    println!("Converted {} from {} to {} ({rule}); wrote {}", chapter.country, from.name, to.name, out.display());
    Ok(ExitCode::SUCCESS)
}
