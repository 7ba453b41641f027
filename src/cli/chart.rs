//! `rapporteur edition DIR --chart headline|grid|history [--country C] -o FILE.svg|.png`: one of
//! the edition's charts saved for the publication.

use std::path::Path;
use std::process::ExitCode;

use rapporteur::edition::{Edition, chart};

/// The charts there are, as `--chart` names them.
pub const KINDS: [&str; 3] = ["headline", "grid", "history"];

/// Saves chart `kind` of the edition in `dir` to `output` (SVG or PNG by its extension);
/// `history` needs `country`.
pub fn chart(dir: &Path, kind: &str, country: Option<&str>, output: &Path) -> Result<ExitCode, String> {
    // Refuse a bad extension before reading the whole edition.
    chart::ChartFormat::of(output)?;
    let edition = Edition::open(dir)?;
    let chart = match (kind, country) {
        ("headline", None) => chart::headline(&edition),
        ("grid", None) => chart::grid(&edition),
        ("history", Some(country)) => {
            let chart = chart::history(&edition, country);
            if matches!(&chart.kind, chart::Kind::Line(line) if line.points.is_empty()) {
                let known: Vec<&str> = edition.rows().map(|r| r.country.as_str()).collect();
                return Err(format!(
                    "{}: no edition of \"{country}\" was found here or beside it (this edition's countries: {})",
                    dir.display(),
                    if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                ));
            }
            chart
        }
        ("history", None) => return Err("the history chart is one country's: give --country NAME".to_owned()),
        ("headline" | "grid", Some(_)) => {
            return Err(format!("--country is for the history chart; the {kind} chart shows every country"));
        }
        _ => return Err(format!("no chart \"{kind}\": choose one of {}", KINDS.join(", "))),
    };
    chart.save(output)?;
    println!("Wrote {}", output.display());
    Ok(ExitCode::SUCCESS)
}
