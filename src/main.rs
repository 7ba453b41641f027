//! `rapporteur`: opens the editor, or runs a headless command on a chapter.
//!
//! Exit codes: 0 done, 1 ran and found problems, 2 bad input or usage. Errors go to stderr as
//! one sentence.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    #[cfg(feature = "gui")]
    rapporteur::app::timings::process_started();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("rapporteur: {message}");
            ExitCode::from(2)
        }
    }
}
