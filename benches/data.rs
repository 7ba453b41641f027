//! How long reading the publishers' data takes: a 2,500-row Freedom in the World workbook (the
//! size of Freedom House's 2013–2024 "All Data" workbook) read and checked row by row against
//! the score tree, and the same rows written back as a workbook. The issue asks for an import
//! under two seconds.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::data::{self, ExportRow, ImportOptions, Layout, LayoutKind, table};
use rapporteur::index;

#[allow(clippy::needless_pass_by_value)] // the shape `unwrap_or_else` hands an error over in
fn fail<T>(e: rust_xlsxwriter::XlsxError) -> T {
    panic!("writing the bench workbook: {e}")
}

/// The Freedom in the World header and 2,500 rows with their subcategory and total figures.
fn workbook() -> Vec<u8> {
    let header = "Country/Territory,Region,C/T,Edition,Status,PR rating,CL rating,A1,A2,A3,A,B1,B2,B3,B4,B,\
C1,C2,C3,C,Add Q,Add A,PR,D1,D2,D3,D4,D,E1,E2,E3,E,F1,F2,F3,F4,F,G1,G2,G3,G4,G,CL,Total";
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Freedom in the World 2013-2024").unwrap_or_else(fail);
    for (c, h) in header.split(',').enumerate() {
        sheet.write_string(1, c as u16, h).unwrap_or_else(fail);
    }
    for n in 0..2500_u32 {
        let r = n + 2;
        let edition = 2013 + n % 12;
        let scores: Vec<f64> = (0..25).map(|i| f64::from((n + i) % 5)).collect();
        sheet.write_string(r, 0, format!("Country {}", n / 12)).unwrap_or_else(fail);
        sheet.write_string(r, 1, "Africa").unwrap_or_else(fail);
        sheet.write_string(r, 2, "c").unwrap_or_else(fail);
        sheet.write_number(r, 3, f64::from(edition)).unwrap_or_else(fail);
        let mut c = 7_u16;
        let mut at = 0;
        let mut group = |sheet: &mut rust_xlsxwriter::Worksheet, c: &mut u16, k: usize| {
            let part = &scores[at..at + k];
            for s in part {
                sheet.write_number(r, *c, *s).unwrap_or_else(fail);
                *c += 1;
            }
            sheet.write_number(r, *c, part.iter().sum::<f64>()).unwrap_or_else(fail);
            *c += 1;
            at += k;
        };
        for k in [3, 4, 3] {
            group(sheet, &mut c, k);
        }
        let pr: f64 = scores[..10].iter().sum();
        c += 1; // Add Q left empty
        if edition <= 2017 {
            sheet.write_number(r, c, 0.0).unwrap_or_else(fail);
        } else {
            sheet.write_string(r, c, "N/A").unwrap_or_else(fail);
        }
        c += 1;
        sheet.write_number(r, c, pr).unwrap_or_else(fail);
        c += 1;
        for k in [4, 3, 4, 4] {
            group(sheet, &mut c, k);
        }
        let cl: f64 = scores[10..].iter().sum();
        sheet.write_number(r, c, cl).unwrap_or_else(fail);
        sheet.write_number(r, c + 1, pr + cl).unwrap_or_else(fail);
    }
    book.save_to_buffer().unwrap_or_else(fail)
}

fn bench_data(crit: &mut Criterion) {
    let Some(fiw) = index::builtin_ref("fiw") else { panic!("fiw is built in") };
    let bytes = workbook();
    let path = Path::new("bench.xlsx");
    crit.bench_function("import 2,500 FiW rows (read, check, compare)", |b| {
        b.iter(|| {
            let sheets = table::read_xlsx(path, black_box(bytes.clone())).unwrap_or_default();
            data::import(path, &sheets, fiw, ImportOptions::default()).map(|i| i.rows.len())
        });
    });
    let sheets = table::read_xlsx(path, bytes).unwrap_or_default();
    let rows: Vec<ExportRow> = data::import(path, &sheets, fiw, ImportOptions::default())
        .map(|i| i.rows)
        .unwrap_or_default()
        .into_iter()
        .map(|r| ExportRow {
            source: PathBuf::new(),
            methodology: "fiw".to_owned(),
            country: r.country,
            edition: r.edition,
            ratings: r.ratings,
            columns: r.columns,
        })
        .collect();
    let layout = Layout::of(fiw, LayoutKind::Publisher);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("back.xlsx");
    crit.bench_function("export 2,500 FiW rows as xlsx", |b| {
        b.iter(|| data::export(fiw, &layout, black_box(&rows), &out).is_ok());
    });
}

criterion_group!(benches, bench_data);
criterion_main!(benches);
