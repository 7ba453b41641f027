//! The command line: a subcommand per headless job; no subcommand opens the editor.

mod chapter;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Rapporteur: write and review rated country reports.
#[derive(Debug, Parser)]
#[command(name = "rapporteur", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A project file (.ron) to open in the editor.
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a chapter's score card: ratings, Democracy Score, Percentage and classification.
    Score {
        /// The project file.
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Create a new chapter.
    New {
        /// The country.
        #[arg(long)]
        country: String,
        /// The edition year (the report's year; it covers the year before).
        #[arg(long)]
        edition: i32,
        /// Last edition's project file: its ratings become this chapter's last-year ratings.
        #[arg(long, value_name = "LAST_YEAR.ron")]
        from: Option<PathBuf>,
        /// Where to write the new project file.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Runs the command line. `Err` is a one-sentence message for exit code 2.
pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        None => open_editor(cli.file.as_deref()),
        Some(Command::Score { file, json }) => chapter::score(&file, json),
        Some(Command::New { country, edition, from, output, force }) => {
            chapter::new(&country, edition, from.as_deref(), &output, force)
        }
    }
}

#[cfg(feature = "gui")]
fn open_editor(file: Option<&std::path::Path>) -> Result<ExitCode, String> {
    rapporteur::app::run(file.map(std::path::Path::to_path_buf))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_editor(file: Option<&std::path::Path>) -> Result<ExitCode, String> {
    let _ = file;
    Err("this build has no editor (built without the `gui` feature); use a subcommand (see `rapporteur --help`)"
        .to_owned())
}
