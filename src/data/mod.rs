//! Reading and writing the publishers' data: tables of ratings, one row per country and
//! edition, as Freedom House's "All Data" workbooks hold them, or in the generic layout any
//! methodology has.
//!
//! A [`Layout`] says what each column holds. The publisher's layout comes from the
//! methodology file's `data_layout` (nothing about a publisher's columns is written here);
//! the generic layout is built from the methodology: `Country`, `Edition`, one column per
//! rated item headed by its code, then (when written) one column per figure and
//! classification headed by its label. [`import`] reads a table into rows of ratings and
//! compares every published figure with what [`ScoreTree`] computes from the row's items;
//! [`write_imported`] writes one file per row (a chapter for a methodology the chapter model
//! holds, a [`RatingsFile`] otherwise); [`export`] writes rows back with every figure computed.
//! `docs/data.md` documents the layouts and the commands.

pub mod table;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::index::check::header_key;
use crate::index::{self, ColumnDef, DataLayoutDef, Holds, IndexDef, Ratings, RatingsFile, ScoreTree, Value};
use crate::score::Fixed;
pub use table::{Cell, Table, column_letters};

/// Why data could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong, one line each (a cell's problem names its row and column).
    pub problems: Vec<String>,
}

impl DataError {
    /// A message that names its file itself.
    #[must_use]
    pub fn said(message: String) -> Self {
        Self { path: PathBuf::new(), problems: vec![message] }
    }

    /// One problem with a file.
    #[must_use]
    pub fn file(path: &Path, problem: String) -> Self {
        Self { path: path.to_owned(), problems: vec![problem] }
    }
}

impl fmt::Display for DataError {
    /// One `FILE: problem` line per problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if self.path.as_os_str().is_empty() {
                write!(f, "{p}")?;
            } else {
                write!(f, "{}: {p}", self.path.display())?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for DataError {}

/// The most cell problems listed before the rest are counted.
const MAX_PROBLEMS: usize = 50;

/// Which layout a table is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutKind {
    /// The publisher's, from the methodology's `data_layout`.
    Publisher,
    /// Country, edition, items by code, figures and classifications by label.
    Generic,
}

/// A table layout: what each column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Publisher's or generic.
    pub kind: LayoutKind,
    /// A title row above the header (written only).
    pub title: Option<String>,
    /// The worksheet's name (written only).
    pub sheet: Option<String>,
    /// The columns, in order.
    pub columns: Vec<ColumnDef>,
}

impl Layout {
    /// The publisher's layout of `def`, if its file describes one.
    #[must_use]
    pub fn publisher(def: &IndexDef) -> Option<Self> {
        def.data_layout.as_ref().map(|l: &DataLayoutDef| Self {
            kind: LayoutKind::Publisher,
            title: l.title.clone(),
            sheet: l.sheet.clone(),
            columns: l.columns.clone(),
        })
    }

    /// The generic layout of `def`: `Country`, `Edition`, every item by code, every figure and
    /// classification by label.
    #[must_use]
    pub fn generic(def: &IndexDef) -> Self {
        let column = |header: &str, holds: Holds| ColumnDef {
            header: header.to_owned(),
            aliases: Vec::new(),
            holds,
            not_rated: None,
            names: Vec::new(),
        };
        let mut columns = vec![column("Country", Holds::Country), column("Edition", Holds::Edition)];
        columns.extend(def.items().iter().map(|i| column(&i.code, Holds::Item(i.code.clone()))));
        columns.extend(def.figures.iter().map(|f| column(&f.label, Holds::Figure(f.id.clone()))));
        columns.extend(def.classifications.iter().map(|c| column(&c.label, Holds::Class(c.id.clone()))));
        Self { kind: LayoutKind::Generic, title: None, sheet: None, columns }
    }

    /// The layout `kind` of `def`: the generic one when asked, or when the methodology has no
    /// publisher's layout.
    #[must_use]
    pub fn of(def: &IndexDef, kind: LayoutKind) -> Self {
        match kind {
            LayoutKind::Publisher => Self::publisher(def).unwrap_or_else(|| Self::generic(def)),
            LayoutKind::Generic => Self::generic(def),
        }
    }
}

/// One row read from a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataRow {
    /// The row's number in the sheet (1 is the first row).
    pub row: usize,
    /// The country.
    pub country: String,
    /// The edition.
    pub edition: i32,
    /// The item ratings (items the edition rates; unrated ones absent).
    pub ratings: Ratings,
    /// Text columns by header (a region).
    pub columns: BTreeMap<String, String>,
}

/// A published figure that disagrees with what the row's items give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// The row (1 is the sheet's first row).
    pub row: usize,
    /// The column's letters.
    pub column: String,
    /// The column's header.
    pub header: String,
    /// The country of the row.
    pub country: String,
    /// The edition of the row.
    pub edition: i32,
    /// What the table says.
    pub published: String,
    /// What the items give ("none" when they give nothing).
    pub computed: String,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row {}, column {} ({}), {} {}: published {}, computed {}",
            self.row, self.column, self.header, self.country, self.edition, self.published, self.computed
        )
    }
}

/// What [`import`] read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The layout the table was found in.
    pub layout: LayoutKind,
    /// The sheet read (empty for a CSV file).
    pub sheet: String,
    /// The rows, in the table's order.
    pub rows: Vec<DataRow>,
    /// Published figures that disagree with the items, in the table's order.
    pub disagreements: Vec<Disagreement>,
    /// Other things worth saying (a score in an edition that does not rate the item).
    pub notes: Vec<String>,
}

/// Which rows to take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Only rows of this edition; also the edition of every row of a table with no edition column.
    pub edition: Option<i32>,
}

/// Reads a table file (see [`table::read`]) and imports it with [`import`].
pub fn import_file(path: &Path, def: &IndexDef, options: ImportOptions) -> Result<Imported, DataError> {
    let sheets = table::read(path)?;
    import(path, &sheets, def, options)
}

/// A column of the layout found in the header row.
struct Found<'l> {
    column: &'l ColumnDef,
    at: usize,
}

/// Finds the header row of `layout` in the first rows of `table`: the first row holding the
/// country's header and at least one item's. Returns the row and the columns found.
fn find_header<'l>(table: &Table, layout: &'l Layout) -> Option<(usize, Vec<Found<'l>>)> {
    let keys: Vec<Vec<String>> = layout
        .columns
        .iter()
        .map(|c| std::iter::once(&c.header).chain(&c.aliases).map(|h| header_key(h)).collect())
        .collect();
    for (r, row) in table.rows.iter().enumerate().take(50) {
        let cells: HashMap<String, usize> = row
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, c)| !c.is_blank())
            .map(|(i, c)| (header_key(&c.shown()), i))
            .collect();
        let found: Vec<Found<'l>> = layout
            .columns
            .iter()
            .zip(&keys)
            .filter_map(|(column, keys)| keys.iter().find_map(|k| cells.get(k)).map(|&at| Found { column, at }))
            .collect();
        let has = |pred: fn(&Holds) -> bool| found.iter().any(|f| pred(&f.column.holds));
        if has(|h| matches!(h, Holds::Country)) && has(|h| matches!(h, Holds::Item(_))) {
            return Some((r, found));
        }
    }
    None
}

/// What a cell says "unrated" with.
fn is_unrated(cell: &Cell, column: &ColumnDef) -> bool {
    let text = cell.shown();
    let t = text.trim();
    t.is_empty()
        || ["n/a", "na", "-", "\u{2013}", "\u{2014}"].contains(&t.to_lowercase().as_str())
        || column.not_rated.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(t))
}

/// A cell's number, exactly as written: a text cell read as a decimal, a number cell by its
/// shortest decimal form (what the person typed: 1.25, not 1.2499999…).
fn number(cell: &Cell) -> Option<Value> {
    match cell {
        Cell::Text(t) => Value::parse(t.trim()).ok(),
        Cell::Number(n) if n.is_finite() => {
            Value::parse(&format!("{n}")).ok().or_else(|| Value::parse(&format!("{n:.12}")).ok())
        }
        Cell::Empty | Cell::Number(_) => None,
    }
}

/// The sheet and layout a table is read in: the header row and the columns found in it.
struct Header<'a> {
    layout: &'a Layout,
    sheet: &'a str,
    table: &'a Table,
    row: usize,
    columns: Vec<Found<'a>>,
}

/// The layout and sheet whose header row matches the most columns (the publisher's first on a tie).
fn pick_header<'a>(layouts: &'a [Layout], sheets: &'a [(String, Table)]) -> Option<Header<'a>> {
    let mut best: Option<Header<'a>> = None;
    for layout in layouts {
        for (sheet, table) in sheets {
            // The most columns found wins; on a tie, the generic layout: the publisher's item
            // columns are the generic ones too, so a tie means none of the publisher's own
            // (its subtotals, its status) was found.
            let fit = |found: usize, layout: &Layout| (found, layout.kind == LayoutKind::Generic);
            if let Some((row, columns)) = find_header(table, layout)
                && best.as_ref().is_none_or(|b| fit(columns.len(), layout) > fit(b.columns.len(), b.layout))
            {
                best = Some(Header { layout, sheet, table, row, columns });
            }
        }
    }
    best
}

/// `row R, column C (header)`.
fn place(row: usize, column: usize, header: &str) -> String {
    format!("row {}, column {} ({header})", row + 1, column_letters(column))
}

/// Imports the first sheet of `sheets` that has a header row of the methodology's publisher's
/// layout, else of its generic layout. A cell that cannot be read (text in a score cell, a
/// score off the scale, a row without a country or edition) is an error naming its row and
/// column, and nothing is imported; a published figure that disagrees with the items is a
/// [`Disagreement`], and the row is imported.
pub fn import(
    path: &Path,
    sheets: &[(String, Table)],
    def: &IndexDef,
    options: ImportOptions,
) -> Result<Imported, DataError> {
    let layouts: Vec<Layout> = Layout::publisher(def).into_iter().chain([Layout::generic(def)]).collect();
    let Some(header) = pick_header(&layouts, sheets) else {
        let example: Vec<&str> = layouts[0].columns.iter().take(6).map(|c| c.header.as_str()).collect();
        return Err(DataError::file(
            path,
            format!("no header row found for {}: expected a row with the columns {} …", def.name, example.join(", ")),
        ));
    };
    let edition_col = header.columns.iter().find(|f| f.column.holds == Holds::Edition).map(|f| f.at);
    if edition_col.is_none() && options.edition.is_none() {
        return Err(DataError::file(
            path,
            format!("row {}: the table has no edition column; give the edition with --edition", header.row + 1),
        ));
    }
    let mut problems = Vec::new();
    let mut out = Imported {
        layout: header.layout.kind,
        sheet: header.sheet.to_owned(),
        rows: Vec::new(),
        disagreements: Vec::new(),
        notes: Vec::new(),
    };
    let mut seen: HashMap<(String, i32), usize> = HashMap::new();
    for r in header.row + 1..header.table.rows.len() {
        let Some((country, edition)) = row_key(&header, r, edition_col, options, &mut problems) else { continue };
        if options.edition.is_some_and(|e| e != edition) {
            continue;
        }
        if let Some(first) = seen.insert((country.clone(), edition), r) {
            problems.push(format!(
                "row {}: {country} {edition} is in row {} already; a country has one row per edition",
                r + 1,
                first + 1
            ));
            continue;
        }
        let Some(data) = read_row(def, &header, r, country, edition, &mut problems, &mut out.notes) else { continue };
        compare_row(def, &header, &data, &mut out.disagreements);
        out.rows.push(data);
    }
    missing_columns(def, &header, &out.rows, &mut problems);
    if problems.is_empty() {
        Ok(out)
    } else {
        let more = problems.len().saturating_sub(MAX_PROBLEMS);
        problems.truncate(MAX_PROBLEMS);
        if more > 0 {
            problems.push(format!("… and {more} more problems"));
        }
        Err(DataError { path: path.to_owned(), problems })
    }
}

/// A row's country and edition; `None` for a blank row or one with a problem (reported).
fn row_key(
    header: &Header<'_>,
    r: usize,
    edition_col: Option<usize>,
    options: ImportOptions,
    problems: &mut Vec<String>,
) -> Option<(String, i32)> {
    let table = header.table;
    if table.rows[r].iter().all(Cell::is_blank) {
        return None;
    }
    let country_col = header.columns.iter().find(|f| f.column.holds == Holds::Country).map_or(0, |f| f.at);
    let country = table.cell(r, country_col).shown();
    if country.is_empty() {
        problems.push(format!("{}: no country in this row", place(r, country_col, "country")));
        return None;
    }
    let Some(c) = edition_col else { return Some((country, options.edition.unwrap_or_default())) };
    let cell = table.cell(r, c);
    match number(cell).filter(|v| v.denom() == 1).and_then(|v| i32::try_from(v.numer()).ok()) {
        Some(e) if (1900..=9999).contains(&e) => Some((country, e)),
        _ => {
            problems.push(format!("{}: \"{}\" is not an edition year", place(r, c, "edition"), cell.shown()));
            None
        }
    }
}

/// A row's ratings and text columns; `None` when a score cannot be read (reported).
fn read_row(
    def: &IndexDef,
    header: &Header<'_>,
    r: usize,
    country: String,
    edition: i32,
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Option<DataRow> {
    let rated: HashSet<&str> = def.items_in(edition).iter().map(|i| i.code.as_str()).collect();
    let mut data = DataRow { row: r + 1, country, edition, ratings: Ratings::new(), columns: BTreeMap::new() };
    let mut good = true;
    for f in &header.columns {
        let cell = header.table.cell(r, f.at);
        match &f.column.holds {
            Holds::Text if !cell.is_blank() => {
                data.columns.insert(f.column.header.clone(), cell.shown());
            }
            Holds::Item(code) if !is_unrated(cell, f.column) => {
                let at = place(r, f.at, &f.column.header);
                let Some(value) = number(cell) else {
                    problems
                        .push(format!("{at}: \"{}\" is not a score; expected a number or an empty cell", cell.shown()));
                    good = false;
                    continue;
                };
                if !rated.contains(code.as_str()) {
                    notes.push(format!(
                        "{at}: the {edition} edition does not rate {code}; its score {value} is left out"
                    ));
                } else if let Err(why) = def.check_rating(code, value) {
                    problems.push(format!("{at}: {why}"));
                    good = false;
                } else {
                    data.ratings.insert(code.clone(), Some(value));
                }
            }
            _ => {}
        }
    }
    good.then_some(data)
}

/// Compares the row's published figures, headlines and classes with the score tree's.
fn compare_row(def: &IndexDef, header: &Header<'_>, data: &DataRow, out: &mut Vec<Disagreement>) {
    let tree = ScoreTree::compute(def, data.edition, &data.ratings);
    let r = data.row - 1;
    for f in &header.columns {
        let cell = header.table.cell(r, f.at);
        if is_unrated(cell, f.column) {
            continue;
        }
        let computed = computed_text(&tree, f.column);
        let agrees = match &f.column.holds {
            Holds::Figure(id) => same_number(cell, tree.figure(id).and_then(|s| s.shown)),
            Holds::Headline(id) => same_number(cell, tree.figure(id).and_then(|s| s.headline)),
            Holds::Class(_) => {
                let published = class_name(f.column, &cell.shown());
                computed.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&published))
            }
            _ => continue,
        };
        if !agrees {
            out.push(Disagreement {
                row: data.row,
                column: column_letters(f.at),
                header: f.column.header.clone(),
                country: data.country.clone(),
                edition: data.edition,
                published: cell.shown(),
                computed: computed.map_or_else(|| "none".to_owned(), |c| written_class(f.column, &c)),
            });
        }
    }
}

/// An item column the header lacks, where the editions read rate the item and it is not optional.
fn missing_columns(def: &IndexDef, header: &Header<'_>, rows: &[DataRow], problems: &mut Vec<String>) {
    let editions: HashSet<i32> = rows.iter().map(|r| r.edition).collect();
    for column in &header.layout.columns {
        let Holds::Item(code) = &column.holds else { continue };
        if header.columns.iter().any(|f| std::ptr::eq(f.column, column)) {
            continue;
        }
        let needed = def.item(code).is_some_and(|i| !i.optional)
            && editions.iter().any(|&e| def.items_in(e).iter().any(|i| &i.code == code));
        if needed {
            problems.push(format!(
                "row {}: no column \"{}\" (item {code}) in the header",
                header.row + 1,
                column.header
            ));
        }
    }
}

/// Whether a published number agrees with a shown figure: the published value, rounded as the
/// figure is shown, is the figure.
fn same_number(cell: &Cell, shown: Option<Fixed>) -> bool {
    match (number(cell), shown) {
        (Some(v), Some(s)) => v.rounded(s.decimals) == Some(s),
        _ => false,
    }
}

/// The publisher's short name for a class turned into the class (`"PF"` → `"Partly Free"`).
fn class_name(column: &ColumnDef, written: &str) -> String {
    column
        .names
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(written.trim()))
        .map_or_else(|| written.trim().to_owned(), |(_, class)| class.clone())
}

/// A class as the publisher writes it (`"Partly Free"` → `"PF"`).
fn written_class(column: &ColumnDef, class: &str) -> String {
    column.names.iter().find(|(_, c)| c == class).map_or_else(|| class.to_owned(), |(w, _)| w.clone())
}

/// The computed figure, headline or class for a column, as text.
fn computed_text(tree: &ScoreTree, column: &ColumnDef) -> Option<String> {
    match &column.holds {
        Holds::Figure(id) => tree.figure(id).and_then(|f| f.shown).map(|f| f.to_string()),
        Holds::Headline(id) => tree.figure(id).and_then(|f| f.headline).map(|f| f.to_string()),
        Holds::Class(id) => tree.classification(id).and_then(|c| c.class.clone()),
        _ => None,
    }
}

/// How imported rows are written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// The methodology as the files should name it (an id, or a path to its file).
    pub methodology: String,
    /// Write each row's ratings as last year's, in a file for the next edition.
    pub as_last_year: bool,
    /// Replace files that exist.
    pub force: bool,
}

/// A file name safe on every system for a country and edition: letters and digits kept,
/// everything else a single `-` ("Congo (Brazzaville)" 2024 → `Congo-Brazzaville-2024.ron`).
#[must_use]
pub fn file_name(country: &str, edition: i32) -> String {
    let mut name = String::new();
    for c in country.chars() {
        if c.is_alphanumeric() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    let name: String = name.chars().take(100).collect();
    if name.is_empty() { format!("{edition}.ron") } else { format!("{name}-{edition}.ron") }
}

/// The methodology chapters of `def` are written under, named as `options` says; `None` when
/// an item's scale holds ratings a chapter cannot (below zero, or finer than hundredths):
/// those rows are written as [`RatingsFile`]s.
fn chapter_method(def: &IndexDef, options: &WriteOptions) -> Option<crate::method::Methodology> {
    let fits = def.scales.iter().all(|s| !s.min.is_negative() && s.decimals <= 2);
    fits.then(|| crate::method::Methodology::from_def(&options.methodology, def.clone()))
}

/// The text of one imported row's file: a chapter project for a methodology chapters hold,
/// else a [`RatingsFile`]; checked to load back.
fn row_file(def: &IndexDef, row: &DataRow, options: &WriteOptions, path: &Path) -> Result<String, String> {
    let edition = if options.as_last_year { row.edition + 1 } else { row.edition };
    if let Some(method) = chapter_method(def, options) {
        let mut chapter = crate::model::Chapter::new(&method, &row.country, edition);
        chapter.columns.clone_from(&row.columns);
        for category in &mut chapter.categories {
            let rating = match row.ratings.get(&category.code).copied().flatten() {
                None => None,
                Some(v) => {
                    let h = v.checked_mul(Value::int(100)).filter(|h| h.denom() == 1 && !h.is_negative());
                    let h = h
                        .and_then(|h| u32::try_from(h.numer()).ok())
                        .ok_or_else(|| format!("{} {}: {v} cannot be a chapter's rating", row.country, row.edition))?;
                    Some(crate::model::Rating::from_hundredths(h))
                }
            };
            if options.as_last_year {
                category.last_year = rating;
            } else {
                category.rating = rating;
            }
        }
        let text = crate::io::to_ron(&chapter);
        crate::io::from_ron(&text, path).map_err(|e| e.to_string())?;
        return Ok(text);
    }
    let file = RatingsFile {
        methodology: Some(options.methodology.clone()),
        country: Some(row.country.clone()),
        edition,
        ratings: if options.as_last_year { Ratings::new() } else { row.ratings.clone() },
        last_year: options.as_last_year.then(|| row.ratings.clone()),
        columns: row.columns.clone(),
    };
    let text = file.to_ron();
    RatingsFile::parse(&text, path, def).map_err(|e| e.to_string())?;
    Ok(text)
}

/// Writes one file per imported row into `dir` (created if missing), named by [`file_name`];
/// refuses, before writing anything, to replace a file unless `force`. Returns the paths.
pub fn write_imported(
    def: &IndexDef,
    rows: &[DataRow],
    dir: &Path,
    options: &WriteOptions,
) -> Result<Vec<PathBuf>, DataError> {
    std::fs::create_dir_all(dir).map_err(|e| DataError::file(dir, format!("cannot create the folder: {e}")))?;
    let mut names: HashSet<String> = HashSet::new();
    let mut plan = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for row in rows {
        let edition = if options.as_last_year { row.edition + 1 } else { row.edition };
        let mut name = file_name(&row.country, edition);
        let mut n = 2;
        while !names.insert(name.to_lowercase()) {
            name = file_name(&format!("{} {n}", row.country), edition);
            n += 1;
        }
        let path = dir.join(&name);
        if !options.force && path.exists() {
            problems.push(format!("{name} exists already; pass --force to replace it"));
        }
        plan.push((row, path));
    }
    if !problems.is_empty() {
        problems.truncate(MAX_PROBLEMS);
        return Err(DataError { path: dir.to_owned(), problems });
    }
    let mut texts = Vec::with_capacity(plan.len());
    for (row, path) in &plan {
        let text = row_file(def, row, options, path).map_err(|e| DataError::file(path, e))?;
        texts.push(text);
    }
    let mut written = Vec::with_capacity(plan.len());
    for ((_, path), text) in plan.into_iter().zip(texts) {
        write_file(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a new file whole: a temporary file beside it, renamed over it, so a reader never sees
/// half a file. (Not synced one by one: an import writes thousands; see [`crate::io::write_atomic`]
/// for the editor's saves.)
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), DataError> {
    use std::io::Write as _;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| DataError::file(path, format!("cannot write the file: {e}"));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rapporteur-").suffix(".tmp");
    // A new file's usual permissions (less the umask), not a temporary file's private ones.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// One country and edition to export: its ratings, from a chapter or a ratings file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRow {
    /// Where it was read from.
    pub source: PathBuf,
    /// The methodology the file names.
    pub methodology: String,
    /// The country.
    pub country: String,
    /// The edition.
    pub edition: i32,
    /// This edition's ratings.
    pub ratings: Ratings,
    /// Text columns by header.
    pub columns: BTreeMap<String, String>,
}

/// The name a RON file's text starts with, after comments and spaces: `RatingsFile`, `Index`
/// (a methodology file), `Project` (a chapter).
#[must_use]
pub fn starts_with_name(text: &str, name: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//").or_else(|| rest.strip_prefix("#!")) {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    rest.strip_prefix(name).is_some_and(|after| after.trim_start().starts_with('('))
}

/// Reads the `.ron` files given, or the `.ron` files of the folders given (sorted by name;
/// methodology files among them passed over), as rows to export. A ratings file's methodology (default `fallback`) is looked up as a
/// built-in id or a file, relative to the ratings file's folder.
pub fn read_rows(paths: &[PathBuf], fallback: Option<&str>) -> Result<Vec<ExportRow>, DataError> {
    // (file, from a folder): a methodology file in a folder (a team's own index kept beside
    // its chapters) is passed over; one named on its own is an error.
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries =
                std::fs::read_dir(path).map_err(|e| DataError::file(path, format!("cannot read the folder: {e}")))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ron") && p.is_file())
                .collect();
            found.sort();
            files.extend(found.into_iter().map(|p| (p, true)));
        } else {
            files.push((path.clone(), false));
        }
    }
    let mut rows = Vec::with_capacity(files.len());
    let mut defs: HashMap<String, IndexDef> = HashMap::new();
    for (path, in_folder) in files {
        let bytes = crate::io::read_capped(&path, crate::io::MAX_FILE_BYTES)
            .map_err(|e| DataError::file(&path, format!("cannot read the file: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|_| DataError::file(&path, "not UTF-8 text".to_owned()))?;
        if in_folder && starts_with_name(&text, "Index") {
            continue;
        }
        if starts_with_name(&text, "RatingsFile") {
            // The methodology first (the file may name one), then the file checked against it.
            let named = ratings_methodology(&text).or_else(|| fallback.map(str::to_owned)).ok_or_else(|| {
                DataError::file(&path, "the ratings file names no methodology; give one with --methodology".to_owned())
            })?;
            if !defs.contains_key(&named) {
                let def = resolve_beside(&named, &path)?;
                defs.insert(named.clone(), def);
            }
            let Some(def) = defs.get(&named) else { continue };
            let file = RatingsFile::parse(&text, &path, def).map_err(|e| DataError::said(e.to_string()))?;
            let country = file
                .country
                .clone()
                .unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
            rows.push(ExportRow {
                source: path,
                methodology: named,
                country,
                edition: file.edition,
                ratings: file.ratings,
                columns: file.columns,
            });
        } else {
            let chapter = crate::io::from_ron(&text, &path).map_err(|e| DataError::said(e.to_string()))?;
            rows.push(ExportRow {
                source: path,
                methodology: chapter.methodology.clone(),
                country: chapter.country.clone(),
                edition: chapter.edition,
                ratings: crate::score::ratings_of(&chapter, false),
                columns: chapter.columns.clone(),
            });
        }
    }
    Ok(rows)
}

/// The `methodology` a ratings file names, read without checking the rest.
fn ratings_methodology(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    #[serde(rename = "RatingsFile")]
    struct Probe {
        #[serde(default)]
        methodology: Option<String>,
    }
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str::<Probe>(text)
        .ok()
        .and_then(|p| p.methodology)
}

/// How a file in `dir` names `target`: a relative path (`../press.ron`) when both are on the
/// same root, so a folder of files and its methodology travel together; else `target` itself.
#[must_use]
pub fn relative_path(dir: &Path, target: &Path) -> PathBuf {
    use std::path::Component;
    let (Ok(dir), Ok(target)) = (std::fs::canonicalize(dir), std::fs::canonicalize(target)) else {
        return target.to_owned();
    };
    let (a, b): (Vec<Component>, Vec<Component>) = (dir.components().collect(), target.components().collect());
    if a.first() != b.first() {
        return target;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c);
    }
    out
}

/// A methodology by built-in id or path; a relative path is tried beside `file` too.
pub fn resolve_beside(id_or_path: &str, file: &Path) -> Result<IndexDef, DataError> {
    let direct = index::resolve(id_or_path);
    if direct.is_err()
        && let Some(dir) = file.parent()
    {
        let beside = dir.join(id_or_path);
        if beside.is_file() {
            return index::load(&beside).map_err(|e| DataError::said(e.to_string()));
        }
    }
    direct.map_err(|e| DataError::said(e.to_string()))
}

/// One cell to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutCell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number, shown with its decimals.
    Number(Fixed),
}

/// The table to write for `rows` in `layout`: the header, then one row each, every figure and
/// classification computed by [`ScoreTree`].
#[must_use]
pub fn export_table(def: &IndexDef, layout: &Layout, rows: &[ExportRow]) -> (Vec<String>, Vec<Vec<OutCell>>) {
    let header = layout.columns.iter().map(|c| c.header.clone()).collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let tree = ScoreTree::compute(def, row.edition, &row.ratings);
        let cells = layout
            .columns
            .iter()
            .map(|column| match &column.holds {
                Holds::Country => OutCell::Text(row.country.clone()),
                Holds::Edition => OutCell::Number(Fixed { value: i64::from(row.edition), decimals: 0 }),
                Holds::Text => row.columns.get(&column.header).map_or(OutCell::Empty, |t| OutCell::Text(t.clone())),
                Holds::Item(code) => match tree.item(code) {
                    Some(item) => item.shown.map_or(OutCell::Empty, OutCell::Number),
                    None => column.not_rated.clone().map_or(OutCell::Empty, OutCell::Text),
                },
                Holds::Figure(id) => tree.figure(id).and_then(|f| f.shown).map_or(OutCell::Empty, OutCell::Number),
                Holds::Headline(id) => tree.figure(id).and_then(|f| f.headline).map_or(OutCell::Empty, OutCell::Number),
                Holds::Class(id) => tree
                    .classification(id)
                    .and_then(|c| c.class.as_deref())
                    .map_or(OutCell::Empty, |c| OutCell::Text(written_class(column, c))),
            })
            .collect();
        out.push(cells);
    }
    (header, out)
}

/// Writes rows to `output` in `layout`: `.xlsx` (with `rust_xlsxwriter`; a title row where the
/// layout has one, numbers as numbers shown with their decimals) or `.csv`.
pub fn export(def: &IndexDef, layout: &Layout, rows: &[ExportRow], output: &Path) -> Result<(), DataError> {
    let ext = output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let bytes = export_bytes(def, layout, rows, &ext).map_err(|e| DataError::file(output, e))?;
    crate::io::write_atomic(output, &bytes, false).map_err(|e| DataError::file(output, e.what))
}

/// The bytes [`export`] writes for a file ending in `.ext` (`xlsx` or `csv`). The same rows
/// give the same bytes (the workbook's creation date is a fixed one, not the clock's).
pub fn export_bytes(def: &IndexDef, layout: &Layout, rows: &[ExportRow], ext: &str) -> Result<Vec<u8>, String> {
    let (header, table) = export_table(def, layout, rows);
    match ext {
        "xlsx" => xlsx_bytes(layout, &header, &table),
        "csv" => csv_bytes(&header, &table),
        _ => Err("expected an output ending in .xlsx or .csv".to_owned()),
    }
}

fn csv_bytes(header: &[String], table: &[Vec<OutCell>]) -> Result<Vec<u8>, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).map_err(|e| e.to_string())?;
    for row in table {
        writer
            .write_record(row.iter().map(|c| match c {
                OutCell::Empty => String::new(),
                OutCell::Text(t) => table::guarded(t).into_owned(),
                OutCell::Number(f) => f.to_string(),
            }))
            .map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

fn xlsx_bytes(layout: &Layout, header: &[String], table: &[Vec<OutCell>]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| format!("cannot write the workbook: {e}");
    let mut workbook = Workbook::new();
    // A fixed creation date, never the clock's, so the same rows give the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).map_err(fail)?;
    workbook.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    if let Some(name) = &layout.sheet
        && sheet.set_name(name).is_err()
    {
        sheet.set_name("Data").map_err(fail)?;
    }
    let bold = Format::new().set_bold();
    let mut formats: HashMap<u32, Format> = HashMap::new();
    let mut r: u32 = 0;
    if let Some(title) = &layout.title {
        sheet.write_string_with_format(0, 0, title, &bold).map_err(fail)?;
        r = 1;
    }
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(r, c as u16, h, &bold).map_err(fail)?;
    }
    for row in table {
        r += 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                OutCell::Empty => {}
                OutCell::Text(t) => {
                    sheet.write_string(r, c, t).map_err(fail)?;
                }
                OutCell::Number(f) => {
                    let n = f.value as f64 / 10f64.powi(f.decimals as i32);
                    if f.decimals == 0 {
                        sheet.write_number(r, c, n).map_err(fail)?;
                    } else {
                        let format = formats.entry(f.decimals).or_insert_with(|| {
                            Format::new().set_num_format(format!("0.{}", "0".repeat(f.decimals as usize)))
                        });
                        sheet.write_number_with_format(r, c, n, format).map_err(fail)?;
                    }
                }
            }
        }
    }
    workbook.save_to_buffer().map_err(fail)
}
