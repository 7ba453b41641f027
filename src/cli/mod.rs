//! The command line: a subcommand per headless job; no subcommand opens the editor.

mod chapter;
mod chart;
mod check;
mod data;
mod diff;
mod edition;
mod export;
mod git;
mod import;
mod merge;
mod methodology;
mod publish;
mod review;
mod review_copy;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Rapporteur: write and review rated country reports.
#[derive(Debug, Parser)]
#[command(name = "rapporteur", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A project file (.ron) to open in the editor, or an edition's folder (holding edition.ron)
    /// to open its overview.
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a chapter's score card: every item's rating, every figure and classification of
    /// its methodology, and the headline's change.
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
        /// The methodology: a built-in id (`rapporteur methodology list`) or a methodology
        /// file (named in the chapter by its path relative to the chapter's folder). Default:
        /// the one `--from` is rated under, else nit-2020.
        #[arg(long, value_name = "ID|FILE")]
        methodology: Option<String>,
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
    /// Convert a chapter to the methodology its own converts to (an archived Nations in
    /// Transit chapter to the 2020 scale: new = 8 − old), recording the conversion in it.
    Convert {
        /// The project file.
        file: PathBuf,
        /// The methodology to convert to (default: the one the chapter's methodology names).
        #[arg(long, value_name = "ID")]
        to: Option<String>,
        /// Where to write the converted chapter (default: FILE itself, keeping FILE.bak).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check a chapter: footnotes, ratings, score changes, text. Exit 1 if any error is found.
    Check {
        /// The project file.
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Also check spelling against the chapter's dictionary and its own words: a `spelling`
        /// note per block with misspelt words.
        #[arg(long)]
        spelling: bool,
    },
    /// Say where a chapter's review stands: each category's state, open comments and open
    /// proposals, and the totals. Exit 1 while anything is open (a comment, a proposal, a
    /// category not agreed).
    Review {
        /// The project file.
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Renumber a chapter's footnotes 1, 2, 3, … in order of first appearance, rewriting the
    /// file (the previous version is kept as FILE.bak).
    Renumber {
        /// The project file.
        file: PathBuf,
    },
    /// Import a published chapter from the text of its web page (copied into a .txt file).
    ///
    /// Warnings (what could not be read, printed figures that disagree with the ratings) go to
    /// stderr as `FILE:LINE: message`. Exit 0 when imported (with or without warnings), 2 when
    /// the file is not a chapter's text or the output cannot be written.
    Import {
        /// The chapter's text: UTF-8, UTF-16 with a byte order mark, or Windows-1252.
        file: PathBuf,
        /// Where to write the project file.
        #[arg(short, long, value_name = "FILE.ron")]
        output: PathBuf,
        /// The chapter's country, for pages whose title does not name it ("Nations in Transit
        /// 2019"); used whatever the page says.
        #[arg(long, value_name = "NAME")]
        country: Option<String>,
        /// The methodology the chapter is rated under: a built-in id (`rapporteur methodology
        /// list`) or a methodology file (named in the chapter as given). Default: nit-2020.
        #[arg(long, value_name = "ID|FILE")]
        methodology: Option<String>,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Export a chapter as HTML, Markdown, Word (DOCX) or plain text.
    Export {
        /// The project file.
        file: PathBuf,
        /// The format: html, md, docx or txt (default: from the output file's extension).
        #[arg(long, value_name = "FORMAT")]
        to: Option<String>,
        /// Where to write the export.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Export even if the chapter has error findings.
        #[arg(long)]
        force: bool,
        /// A review copy (docx or html): the open comments on the text, for reviewers; never
        /// blocked by findings.
        #[arg(long)]
        review: bool,
    },
    /// Import the comments a reviewer wrote in a Word review copy (`export --review`) into the
    /// chapter (saved atomically; the previous version is kept as FILE.bak).
    ImportComments {
        /// The review copy, as the reviewer sent it back.
        #[arg(value_name = "REVIEW.docx")]
        file: PathBuf,
        /// The chapter the comments go into.
        #[arg(long, value_name = "FILE.ron")]
        into: PathBuf,
    },
    /// Say how the editor will ask for files here: the desktop portal's file chooser, zenity,
    /// or (with neither) a path field. Exit 1 when there are no native file dialogs.
    FileDialogs,
    /// Show what changed between two versions of a chapter, word by word. Exit 0 when they are
    /// the same, 1 when they differ.
    Diff {
        /// The old version (a project file, or a published chapter's text, `.txt`).
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Also write the changes as a self-contained HTML page.
        #[arg(long, value_name = "OUT.html")]
        html: Option<PathBuf>,
    },
    /// Merge two versions of a chapter with their common ancestor (git's merge driver). Exit 1
    /// when conflicts were recorded in the merged chapter.
    Merge {
        /// The common ancestor.
        base: PathBuf,
        /// Our version.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// Where to write the merged chapter (may be OURS).
        #[arg(short, long, value_name = "OUT.ron")]
        output: PathBuf,
        /// Where the chapter lives in the repository (git's `%P`), when the inputs are
        /// temporary copies: a methodology file the chapter names is looked for beside it.
        #[arg(long, value_name = "PATH")]
        path: Option<PathBuf>,
    },
    /// Set git up to merge and diff .ron chapters through Rapporteur: `.gitattributes` in the
    /// repository's top folder, and the repository's git configuration (yours with --global).
    GitSetup {
        /// Configure git for every repository of this user.
        #[arg(long)]
        global: bool,
    },
    /// The rating indices: list them, show one's outline, check methodology files, score a
    /// set of ratings under one.
    Methodology {
        #[command(subcommand)]
        command: methodology::MethodologyCommand,
    },
    /// The publishers' data: read a table of ratings (a publisher's All Data workbook, or the
    /// generic layout) into files, and write files back as a table with every figure.
    Data {
        #[command(subcommand)]
        command: data::DataCommand,
    },
    /// An edition: every chapter of a report in one folder. `rapporteur edition DIR` prints its
    /// overview (every chapter's figures, classification, change, findings and review) and
    /// exits 1 while any chapter has errors; `edition init` starts one.
    #[command(args_conflicts_with_subcommands = true)]
    Edition {
        #[command(subcommand)]
        command: Option<edition::EditionCommand>,
        /// The edition's folder (holding edition.ron).
        dir: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Save one of the edition's charts instead of printing the overview: the headline
        /// figure of every country, the ratings grid, or one country's history.
        #[arg(long, value_name = "headline|grid|history")]
        chart: Option<String>,
        /// The country of the history chart.
        #[arg(long, requires = "chart")]
        country: Option<String>,
        /// Where to save the chart (.svg or .png).
        #[arg(short = 'o', long, requires = "chart", value_name = "FILE.svg|FILE.png")]
        output: Option<PathBuf>,
    },
    /// Publish an edition as a static site that works offline and from any web server: the
    /// overview, every chapter, the methodology, the data (CSV and XLSX) and each chapter's
    /// PDF. Chapters with errors are left out (and listed; exit 1) unless --force.
    Publish {
        /// The edition's folder (holding edition.ron).
        dir: PathBuf,
        /// The site's folder: new, empty, or a site published before (replaced whole).
        #[arg(short, long, value_name = "SITE")]
        output: PathBuf,
        /// Publish chapters with errors too.
        #[arg(long)]
        force: bool,
        /// Also write one PDF of the whole edition (book.pdf).
        #[arg(long)]
        book: bool,
        /// Write no chapter PDFs.
        #[arg(long)]
        no_pdf: bool,
    },
    /// Print a chapter as readable text, for `git diff` (set up by git-setup).
    #[command(hide = true)]
    Textconv {
        /// The project file.
        file: PathBuf,
    },
}

/// Runs the command line. `Err` is a one-sentence message for exit code 2.
pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        None => open_editor(cli.file.as_deref()),
        Some(Command::Score { file, json }) => chapter::score(&file, json),
        Some(Command::New { country, edition, methodology, from, output, force }) => {
            chapter::new(&country, edition, methodology.as_deref(), from.as_deref(), &output, force)
        }
        Some(Command::Convert { file, to, output }) => chapter::convert(&file, to.as_deref(), output.as_deref()),
        Some(Command::Check { file, json, strict, spelling }) => check::check(&file, json, strict, spelling),
        Some(Command::Renumber { file }) => check::renumber(&file),
        Some(Command::Review { file, json }) => review::review(&file, json),
        Some(Command::Import { file, output, country, methodology, force }) => {
            import::import(&file, &output, country.as_deref(), methodology.as_deref(), force)
        }
        Some(Command::Export { file, to, output, force, review }) => {
            export::run(&file, to.as_deref(), &output, force, review)
        }
        Some(Command::ImportComments { file, into }) => review_copy::import_comments(&file, &into),
        Some(Command::FileDialogs) => Ok(file_dialogs()),
        Some(Command::Diff { old, new, json, html }) => diff::diff(&old, &new, json, html.as_deref()),
        Some(Command::Merge { base, ours, theirs, output, path }) => {
            merge::merge(&base, &ours, &theirs, &output, path.as_deref())
        }
        Some(Command::GitSetup { global }) => git::setup(global),
        Some(Command::Textconv { file }) => git::textconv(&file),
        Some(Command::Methodology { command }) => methodology::run(command),
        Some(Command::Publish { dir, output, force, book, no_pdf }) => {
            publish::publish(&dir, &output, force, book, no_pdf)
        }
        Some(Command::Data { command }) => data::run(command),
        Some(Command::Edition {
            command: Some(edition::EditionCommand::Init { dir, methodology, edition, from }),
            ..
        }) => edition::init(&dir, &methodology, edition, from.as_deref()),
        Some(Command::Edition { command: None, dir: Some(dir), chart: Some(kind), country, output, .. }) => {
            match output {
                Some(o) => chart::chart(&dir, &kind, country.as_deref(), &o),
                None => Err("give the file to save the chart to: -o FILE.svg|FILE.png".to_owned()),
            }
        }
        Some(Command::Edition { command: None, dir: Some(dir), json, .. }) => edition::show(&dir, json),
        Some(Command::Edition { command: None, dir: None, .. }) => {
            Err("give the edition's folder: rapporteur edition DIR (or rapporteur edition init DIR …)".to_owned())
        }
    }
}

#[cfg(feature = "gui")]
fn file_dialogs() -> ExitCode {
    use rapporteur::app::files;
    let (portal, zenity) = (files::portal_file_chooser(), files::zenity_on_path());
    let (line, code) = match (portal, zenity) {
        (true, _) => ("file dialogs: the desktop portal's file chooser", ExitCode::SUCCESS),
        (false, true) => {
            ("file dialogs: zenity (no desktop portal file chooser on the session bus)", ExitCode::SUCCESS)
        }
        (false, false) => (
            "file dialogs: none (no desktop portal file chooser on the session bus, no zenity on PATH); \
             the editor offers a path field instead",
            ExitCode::from(1),
        ),
    };
    println!("{line}");
    code
}

#[cfg(not(feature = "gui"))]
fn file_dialogs() -> ExitCode {
    println!("file dialogs: none (this build has no editor: it was built without the `gui` feature)");
    ExitCode::from(1)
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
