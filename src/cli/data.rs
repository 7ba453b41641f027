//! `data import|export`: the publishers' tables of ratings read into one file per country and
//! edition, and written back with every figure computed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use rapporteur::data::{self, ImportOptions, Layout, LayoutKind, WriteOptions};
use rapporteur::{index, words};

/// Which layout to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// The publisher's columns (the methodology's `data_layout`); the generic ones if it has none.
    Publisher,
    /// Country, Edition, one column per item by code, then every figure and classification.
    Generic,
}

/// What `rapporteur data` does.
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Read a publisher's table (.xlsx or .csv, its own layout or the generic one) into one
    /// file per country and edition: a chapter where chapters of the methodology exist, a
    /// ratings file otherwise.
    ///
    /// Published figures that disagree with the item scores are printed to stderr with both
    /// values (row, column, published, computed); the import still succeeds. Exit 0 when
    /// imported, 2 when the table cannot be read (not a workbook, no header row, a cell that is
    /// not a score or is off the scale) or a file cannot be written; then nothing is written.
    Import {
        /// The workbook (.xlsx) or CSV file.
        #[arg(value_name = "WORKBOOK")]
        file: PathBuf,
        /// A built-in methodology's id (see `methodology list`) or a methodology file.
        #[arg(long, value_name = "ID|FILE")]
        methodology: String,
        /// Only this edition's rows (and the edition of a table with no edition column).
        #[arg(long, value_name = "YEAR")]
        edition: Option<i32>,
        /// Write the ratings as last year's, in files for the next edition (to start it).
        #[arg(long)]
        as_last_year: bool,
        /// The folder to write into (created if missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Write chapters and ratings files as one table (.xlsx or .csv), every figure and
    /// classification computed. Exit 0 when written, 2 when a file cannot be read or written.
    Export {
        /// Chapter or ratings files (.ron), or folders of them.
        #[arg(required = true, value_name = "DIR|FILE")]
        inputs: Vec<PathBuf>,
        /// Where to write: OUT.xlsx or OUT.csv.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// The columns: the publisher's (where the methodology has a layout) or generic.
        #[arg(long, value_enum, default_value = "publisher")]
        layout: LayoutArg,
        /// The methodology of ratings files that name none.
        #[arg(long, value_name = "ID|FILE")]
        methodology: Option<String>,
    },
}

/// Runs a `data` subcommand.
pub fn run(command: DataCommand) -> Result<ExitCode, String> {
    match command {
        DataCommand::Import { file, methodology, edition, as_last_year, output, force } => {
            import(&file, &methodology, edition, as_last_year, &output, force)
        }
        DataCommand::Export { inputs, output, layout, methodology } => {
            export(&inputs, &output, layout, methodology.as_deref())
        }
    }
}

fn import(
    file: &Path,
    methodology: &str,
    edition: Option<i32>,
    as_last_year: bool,
    output: &Path,
    force: bool,
) -> Result<ExitCode, String> {
    let def = index::resolve(methodology).map_err(|e| e.to_string())?;
    let imported = data::import_file(file, &def, ImportOptions { edition }).map_err(|e| e.to_string())?;
    for note in &imported.notes {
        eprintln!("{}: {note}", file.display());
    }
    for d in &imported.disagreements {
        eprintln!("{}: {d}", file.display());
    }
    if imported.rows.is_empty() {
        let which = edition.map_or_else(String::new, |e| format!(" of the {e} edition"));
        return Err(format!("{}: no rows{which} to import", file.display()));
    }
    // A methodology given as a file is named relative to the output folder, so a folder of
    // ratings files and its index travel together.
    let named = if index::builtin_ref(methodology).is_some() {
        methodology.to_owned()
    } else {
        std::fs::create_dir_all(output).map_err(|e| format!("{}: cannot create the folder: {e}", output.display()))?;
        data::relative_path(output, Path::new(methodology)).display().to_string()
    };
    let options = WriteOptions { methodology: named, as_last_year, force };
    let written = data::write_imported(&def, &imported.rows, output, &options).map_err(|e| e.to_string())?;
    let layout = match imported.layout {
        LayoutKind::Publisher => "the publisher's layout",
        LayoutKind::Generic => "the generic layout",
    };
    let disagree = match imported.disagreements.len() {
        1 => "1 published figure disagrees".to_owned(),
        n => format!("{n} published figures disagree"),
    };
    println!(
        "Imported {} ({layout}) into {} in {}; {disagree} with the scores",
        words::count(imported.rows.len(), "row"),
        words::count(written.len(), "file"),
        output.display(),
    );
    Ok(ExitCode::SUCCESS)
}

fn export(inputs: &[PathBuf], output: &Path, layout: LayoutArg, methodology: Option<&str>) -> Result<ExitCode, String> {
    let rows = data::read_rows(inputs, methodology).map_err(|e| e.to_string())?;
    let Some(first) = rows.first() else {
        return Err("no chapter or ratings files (.ron) among the inputs".to_owned());
    };
    let named = methodology.map_or_else(|| first.methodology.clone(), str::to_owned);
    let def = data::resolve_beside(&named, &first.source).map_err(|e| e.to_string())?;
    let mut checked = std::collections::HashSet::new();
    for row in &rows {
        if !checked.insert(row.methodology.as_str()) {
            continue;
        }
        let id = data::resolve_beside(&row.methodology, &row.source).map(|d| d.id).unwrap_or_default();
        if id != def.id {
            return Err(format!(
                "{}: rated under {}, not {}; export one methodology at a time",
                row.source.display(),
                row.methodology,
                def.id
            ));
        }
    }
    let kind = match layout {
        LayoutArg::Publisher => LayoutKind::Publisher,
        LayoutArg::Generic => LayoutKind::Generic,
    };
    let layout = Layout::of(&def, kind);
    data::export(&def, &layout, &rows, output).map_err(|e| e.to_string())?;
    println!("Wrote {} ({} rows)", output.display(), rows.len());
    Ok(ExitCode::SUCCESS)
}
