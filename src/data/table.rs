//! Reading a table of cells from a workbook (`.xlsx`, with calamine) or a `.csv` file (with
//! the csv crate), within limits: a hostile file gets a clear error, never a panic or an
//! exhausted memory.

use std::io::Cursor;
use std::path::Path;

use calamine::{Reader as _, Xlsx};

use super::DataError;

/// The largest table file read (Freedom House's Freedom in the World workbook, 2,500 rows, is about 1 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes the parts of a workbook may unpack to, as its zip directory declares them.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// The most rows read.
pub const MAX_ROWS: usize = 200_000;
/// The most columns read.
pub const MAX_COLUMNS: usize = 1_000;
/// The most cells held, counting the empty ones before a row's last cell (about 64 MB).
pub const MAX_CELLS: usize = 2_000_000;
/// The most characters in one cell.
pub const MAX_CELL_CHARS: usize = 10_000;

/// One cell's content.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
}

impl Cell {
    /// The cell as the person sees it: text as it is, a number in its shortest form.
    #[must_use]
    pub fn shown(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(t) => t.trim().to_owned(),
            Self::Number(n) => format!("{n}"),
        }
    }

    /// Whether the cell is empty or only spaces.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(t) => t.trim().is_empty(),
            Self::Number(_) => false,
        }
    }
}

/// A table: rows of cells, row 0 being the sheet's first row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The rows; a row may be shorter than others.
    pub rows: Vec<Vec<Cell>>,
    /// How many cells the rows hold.
    cells: usize,
}

impl Table {
    /// The cell at `row`, `column` (0-based), empty when outside the table.
    #[must_use]
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(column)).unwrap_or(&Cell::Empty)
    }
}

/// A column's letters as a spreadsheet names it: 0 → A, 25 → Z, 26 → AA.
#[must_use]
pub fn column_letters(column: usize) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads every sheet of a workbook, or the one table of a CSV file (by the extension:
/// `.xlsx`/`.xlsm` or `.csv`/`.txt`).
pub fn read(path: &Path) -> Result<Vec<(String, Table)>, DataError> {
    let bytes = crate::io::read_capped(path, MAX_FILE_BYTES).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => {
            DataError::file(path, format!("larger than the {} MB a table may have", MAX_FILE_BYTES / 1024 / 1024))
        }
        _ => DataError::file(path, format!("cannot read the file: {e}")),
    })?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" => read_xlsx(path, bytes),
        "csv" | "txt" => Ok(vec![(String::new(), read_csv(path, &bytes)?)]),
        _ => Err(DataError::file(path, "expected a workbook (.xlsx) or a .csv file".to_owned())),
    }
}

/// The sheets of an `.xlsx` workbook.
pub fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Vec<(String, Table)>, DataError> {
    let not_a_workbook = |why: String| DataError::file(path, format!("not an .xlsx workbook ({why})"));
    // What the parts unpack to, before calamine unpacks any (a zip bomb stops here).
    {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).map_err(|e| not_a_workbook(e.to_string()))?;
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let part = zip.by_index_raw(i).map_err(|e| not_a_workbook(e.to_string()))?;
            total = total.saturating_add(part.size());
        }
        if total > MAX_UNPACKED_BYTES {
            return Err(DataError::file(
                path,
                format!("the workbook unpacks to more than {} MB; it is not read", MAX_UNPACKED_BYTES / 1024 / 1024),
            ));
        }
    }
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| not_a_workbook(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let mut table = Table::default();
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|e| DataError::file(path, format!("sheet \"{name}\" cannot be read: {e}")))?;
        while let Some(cell) =
            reader.next_cell().map_err(|e| DataError::file(path, format!("sheet \"{name}\" cannot be read: {e}")))?
        {
            let (row, column) = cell.get_position();
            let (row, column) = (row as usize, column as usize);
            let value = match cell.get_value() {
                calamine::DataRef::Int(n) => Cell::Number(*n as f64),
                calamine::DataRef::Float(f) => Cell::Number(*f),
                calamine::DataRef::String(s)
                | calamine::DataRef::DateTimeIso(s)
                | calamine::DataRef::DurationIso(s) => Cell::Text(s.clone()),
                calamine::DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
                calamine::DataRef::Bool(b) => Cell::Text(b.to_string()),
                calamine::DataRef::DateTime(d) => Cell::Number(d.as_f64()),
                calamine::DataRef::Error(e) => Cell::Text(format!("#{e}")),
                calamine::DataRef::Empty => Cell::Empty,
            };
            if value == Cell::Empty {
                continue;
            }
            put(&mut table, row, column, value)
                .map_err(|why| DataError::file(path, format!("sheet \"{name}\", {why}")))?;
        }
        sheets.push((name, table));
    }
    Ok(sheets)
}

/// Puts a cell into the table, within the limits.
fn put(table: &mut Table, row: usize, column: usize, value: Cell) -> Result<(), String> {
    if row >= MAX_ROWS {
        return Err(format!("row {}: more than the {MAX_ROWS} rows a table may have", row + 1));
    }
    if column >= MAX_COLUMNS {
        return Err(format!(
            "row {}, column {}: more than the {MAX_COLUMNS} columns a table may have",
            row + 1,
            column_letters(column)
        ));
    }
    if let Cell::Text(t) = &value
        && t.chars().count() > MAX_CELL_CHARS
    {
        return Err(format!(
            "row {}, column {}: a cell longer than {MAX_CELL_CHARS} characters",
            row + 1,
            column_letters(column)
        ));
    }
    if table.rows.len() <= row {
        table.rows.resize_with(row + 1, Vec::new);
    }
    let cells = &mut table.rows[row];
    if cells.len() <= column {
        let more = column + 1 - cells.len();
        if table.cells + more > MAX_CELLS {
            return Err(format!(
                "row {}, column {}: more than the {MAX_CELLS} cells a table may hold",
                row + 1,
                column_letters(column)
            ));
        }
        table.cells += more;
        cells.resize(column + 1, Cell::Empty);
    }
    cells[column] = value;
    Ok(())
}

/// The characters a spreadsheet takes as the start of a formula when a CSV cell begins with
/// one (OWASP's list for CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text written to a CSV cell: text a spreadsheet would run as a formula (`=HYPERLINK(…)` as a
/// country's name) gets an apostrophe in front, which spreadsheets show as text and
/// [`read_csv`] takes off again. Numbers are never text here, so `-2` stays a number.
#[must_use]
pub fn guarded(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { format!("'{text}").into() } else { text.into() }
}

/// A CSV cell as written before [`guarded`] put its apostrophe in front.
fn unguarded(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => field,
    }
}

/// A CSV file's table: UTF-8 (a byte order mark is skipped), else Windows-1252; comma
/// separated, or semicolon or tab separated when the first line has no comma. Every cell is
/// text; numbers are read where a rating or figure is expected.
/// A cell [`guarded`] against formulas reads as it was.
pub fn read_csv(path: &Path, bytes: &[u8]) -> Result<Table, DataError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(',') {
        b','
    } else if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut table = Table::default();
    let mut record = csv::StringRecord::new();
    let mut row = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(row + 1, |p| p.line() as usize);
                return Err(DataError::file(path, format!("line {line}: not readable as CSV: {e}")));
            }
        }
        for (column, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                put(&mut table, row, column, Cell::Text(unguarded(field).to_owned()))
                    .map_err(|why| DataError::file(path, why))?;
            }
        }
        row += 1;
        if row > MAX_ROWS {
            return Err(DataError::file(path, format!("more than the {MAX_ROWS} rows a table may have")));
        }
    }
    table.rows.resize_with(row.min(MAX_ROWS), Vec::new);
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(51), "AZ");
        assert_eq!(column_letters(52), "BA");
    }
}
