//! `methodology list|show|check|score`: the indices Rapporteur knows, a methodology's outline,
//! the checks of a methodology file, and the score tree of a set of ratings.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use rapporteur::index::{
    self, Best, EditionYear, IndexDef, Node, OutlineLine, RatingsFile, ScoreTree, SectionDef, Sign, describe,
};
use rapporteur::words;

/// What `rapporteur methodology` does.
#[derive(Debug, Subcommand)]
pub enum MethodologyCommand {
    /// List the built-in methodologies.
    List,
    /// Print a methodology's outline with its scales, figures and classifications.
    Show {
        /// A built-in methodology's id (see `list`) or a methodology file.
        #[arg(value_name = "ID|FILE")]
        methodology: String,
    },
    /// Check methodology files: print `FILE:LINE:COL: message` for every problem and exit 1
    /// if there is one.
    Check {
        /// The methodology files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Compute every figure and classification of a ratings file under a methodology.
    Score {
        /// A built-in methodology's id or a methodology file.
        #[arg(value_name = "ID|FILE")]
        methodology: String,
        /// The ratings: `RatingsFile(edition: 2024, ratings: {"A1": 3, …}, last_year: {…})`.
        #[arg(long, value_name = "FILE.ron")]
        ratings: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `methodology` subcommand.
pub fn run(command: MethodologyCommand) -> Result<ExitCode, String> {
    match command {
        MethodologyCommand::List => {
            print!("{}", list());
            Ok(ExitCode::SUCCESS)
        }
        MethodologyCommand::Show { methodology } => {
            let def = index::resolve(&methodology).map_err(|e| e.to_string())?;
            print!("{}", show(&def));
            Ok(ExitCode::SUCCESS)
        }
        MethodologyCommand::Check { files } => check(&files),
        MethodologyCommand::Score { methodology, ratings, json } => score(&methodology, &ratings, json),
    }
}

fn editions(def: &IndexDef) -> String {
    describe::editions(def.editions)
}

/// One line per built-in methodology.
fn list() -> String {
    let mut out = String::new();
    for id in index::builtin_ids() {
        match index::builtin(id) {
            Some(def) => {
                let _ = writeln!(out, "{id:<14}{} ({}; {})", def.name, def.publisher, editions(&def));
            }
            None => {
                let _ = writeln!(out, "{id:<14}(this build's copy does not load)");
            }
        }
    }
    out
}

/// A methodology's outline, figures, classifications, chapter and change rules as text.
fn show(def: &IndexDef) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {} ({})", def.id, def.name, def.publisher);
    let year = match &def.edition_year {
        EditionYear::CoversYearBefore => {
            "an edition is named for its year of publication and covers the year before".to_owned()
        }
        EditionYear::CoversSameYear => "an edition covers the year it is named for".to_owned(),
        EditionYear::Described(text) => text.clone(),
    };
    let _ = writeln!(out, "{}; {year}", capitalize(&editions(def)));
    let _ = writeln!(out, "\nScales");
    for s in &def.scales {
        let best = if s.best == Best::High { "highest best" } else { "lowest best" };
        let _ = writeln!(
            out,
            "  {:<11} {} to {} in steps of {}, {} decimals, {best}",
            s.id, s.min, s.max, s.step, s.decimals
        );
    }
    let _ = writeln!(out, "\nOutline");
    outline(&def.outline, 1, &mut out);
    let _ = writeln!(out, "\nFigures");
    for f in &def.figures {
        let mut shown = format!("{} decimals", f.display.decimals);
        if let Some(suffix) = &f.display.suffix {
            let _ = write!(shown, ", \"{suffix}\"");
        }
        if let Some(h) = f.display.headline {
            let _ = write!(shown, ", headline to {h} decimals");
        }
        if f.best == Best::Low {
            shown.push_str(", lowest best");
        }
        let _ = writeln!(out, "  {:<11} {} = {} ({shown})", f.id, f.label, describe::compute(&f.compute));
    }
    if !def.classifications.is_empty() {
        let _ = writeln!(out, "\nClassifications");
    }
    for c in &def.classifications {
        let rules: Vec<String> =
            describe::classes(&c.rule).into_iter().map(|(label, when)| format!("{label} {when}")).collect();
        let _ = writeln!(out, "  {:<11} {}: {}", c.id, c.label, rules.join("; "));
    }
    let _ = writeln!(out, "\nChapter ({:?})", def.chapter.justification);
    for s in &def.chapter.sections {
        let _ = match s {
            SectionDef::Text(t) => writeln!(out, "  {}", t.title),
            SectionDef::ScoreChanges(t) => writeln!(out, "  {} (score changes)", t.title),
            SectionDef::Items(list) => writeln!(out, "  one section per item of {}", list.of.join(", ")),
            SectionDef::Groups(list) => writeln!(out, "  one section per group: {}", list.of.join(", ")),
        };
    }
    let rules = &def.changes;
    let mut explained = Vec::new();
    if rules.items {
        explained.push("every item".to_owned());
    }
    explained.extend(rules.figures.iter().cloned());
    explained.extend(rules.classifications.iter().cloned());
    let _ = writeln!(
        out,
        "\nChanges to explain: {}",
        if explained.is_empty() { "none".to_owned() } else { explained.join(", ") }
    );
    let _ = writeln!(out, "  item: {}", rules.templates.item);
    let _ = writeln!(out, "  figure: {}", rules.templates.figure);
    out
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn outline(nodes: &[Node], depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    for node in nodes {
        match node {
            Node::Group(g) => {
                let figure = g.figure.as_ref().map(|f| format!(" [{f}]")).unwrap_or_default();
                let _ = writeln!(out, "{indent}{} {}{figure}", g.code, g.name);
                outline(&g.children, depth + 1, out);
            }
            Node::Item(i) => {
                let mut remarks = vec![format!("scale {}", i.scale)];
                if i.optional {
                    remarks.push("may be left unrated".to_owned());
                }
                if i.sign == Sign::Subtract {
                    remarks.push("subtracted".to_owned());
                }
                if !i.editions.is_all() {
                    remarks.push(match (i.editions.from, i.editions.to) {
                        (Some(f), None) => format!("editions {f} onwards"),
                        (None, Some(t)) => format!("editions up to {t}"),
                        (f, t) => format!("editions {} to {}", f.unwrap_or(0), t.unwrap_or(0)),
                    });
                }
                let _ = writeln!(out, "{indent}{} {} ({})", i.code, i.name, remarks.join(", "));
            }
        }
    }
}

/// `methodology check FILE…`.
fn check(files: &[PathBuf]) -> Result<ExitCode, String> {
    let mut failed = false;
    for path in files {
        let text = index::read(path).map_err(|e| e.to_string())?;
        match index::parse(&text, path) {
            Ok(def) => println!(
                "{}: ok ({}: {}, {}, {})",
                path.display(),
                def.id,
                words::count(def.items().len(), "item"),
                words::count(def.figures.len(), "figure"),
                words::count(def.classifications.len(), "classification")
            ),
            Err(e) => {
                failed = true;
                println!("{e}");
            }
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `methodology score ID|FILE --ratings FILE.ron [--json]`.
fn score(methodology: &str, ratings: &Path, json: bool) -> Result<ExitCode, String> {
    let def = index::resolve(methodology).map_err(|e| e.to_string())?;
    let text = index::read(ratings).map_err(|e| e.to_string())?;
    let file = RatingsFile::parse(&text, ratings, &def).map_err(|e| e.to_string())?;
    let tree = ScoreTree::compute(&def, file.edition, &file.ratings);
    let last = file.last_year.as_ref().map(|r| ScoreTree::compute(&def, file.edition - 1, r));
    let changes = last.as_ref().map(|l| tree.changes(l, &def)).unwrap_or_default();
    if json {
        let value = serde_json::json!({ "methodology": def.id, "tree": tree, "changes": changes });
        let text = serde_json::to_string_pretty(&value).map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", def.report_name(), file.edition);
    for line in &tree.outline {
        match line {
            OutlineLine::Group { code, name, depth, figure } => {
                let value = figure
                    .as_deref()
                    .and_then(|f| tree.figure(f))
                    .and_then(index::FigureScore::shown_with_suffix)
                    .unwrap_or_default();
                let _ = writeln!(out, "{}{code} {name}  {value}", "  ".repeat(*depth));
            }
            OutlineLine::Item(i) => {
                let value = i.shown.map_or_else(|| "unrated".to_owned(), |s| s.to_string());
                let _ = writeln!(out, "{}{} {}  {value}", "  ".repeat(i.depth), i.code, i.name);
            }
        }
    }
    let _ = writeln!(out);
    for f in &tree.figures {
        let mut value = f.shown_with_suffix().unwrap_or_else(|| "\u{2014}".to_owned());
        if let Some(h) = f.headline {
            let _ = write!(value, " (headline {h})");
        }
        let _ = writeln!(out, "{:<32}{value}", f.label);
    }
    for c in &tree.classifications {
        let _ = writeln!(out, "{:<32}{}", c.label, c.class.as_deref().unwrap_or("not decided"));
    }
    let moved: Vec<_> = changes.iter().filter(|c| c.direction != rapporteur::score::Direction::Same).collect();
    if last.is_some() {
        let _ = writeln!(out, "\nChanges since last year");
        if moved.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for c in moved {
            let must = if c.must_explain { " (to explain)" } else { "" };
            let w = &def.changes.words;
            let verb = match c.direction {
                rapporteur::score::Direction::Improved => &w.better,
                rapporteur::score::Direction::Declined => &w.worse,
                rapporteur::score::Direction::Same => &w.same,
            };
            let _ = writeln!(out, "  {} {verb} from {} to {}{must}", c.label, c.from, c.to);
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
