//! `edition init|DIR`: start an edition from the last one, and print an edition's overview.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use rapporteur::edition::{Edition, overview};

/// What `rapporteur edition` does besides printing the overview.
#[derive(Debug, Subcommand)]
pub enum EditionCommand {
    /// Make a folder an edition: write its edition.ron and, with --from, one chapter per
    /// country of the last edition carrying last year's ratings.
    Init {
        /// The edition's folder (made if missing).
        dir: PathBuf,
        /// The methodology: a built-in id (`rapporteur methodology list`) or a methodology file.
        #[arg(long, value_name = "ID|FILE")]
        methodology: String,
        /// The edition year.
        #[arg(long)]
        edition: i32,
        /// The last edition's folder: its regions, and its chapters' ratings as last year's.
        #[arg(long, value_name = "LAST_EDITION_DIR")]
        from: Option<PathBuf>,
    },
}

/// `rapporteur edition init …`.
pub fn init(dir: &Path, methodology: &str, edition: i32, from: Option<&Path>) -> Result<ExitCode, String> {
    let started = rapporteur::edition::init::init(dir, methodology, edition, from)?;
    println!("Wrote {}", started.edition_file.display());
    for path in &started.chapters {
        println!("Wrote {}", path.display());
    }
    for (path, why) in &started.skipped {
        eprintln!("Skipped {path}: {why}");
    }
    println!("{} for {edition}.", rapporteur::words::count(started.chapters.len(), "chapter"));
    Ok(ExitCode::SUCCESS)
}

/// `rapporteur edition DIR [--json]`: the overview; exit 1 while any chapter has errors.
pub fn show(dir: &Path, json: bool) -> Result<ExitCode, String> {
    let mut edition = Edition::open(dir)?;
    edition.add_last_changes();
    if json {
        let report = overview::report(&edition);
        let text = serde_json::to_string_pretty(&report).map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", overview::text(&edition));
    }
    Ok(if edition.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
