//! How long the edition takes on 2 cores: the overview of a 600-chapter archive (29 countries ×
//! 20 editions, each chapter the size of the Kazakhstan sample: some 3,700 words and 82
//! footnotes) opened cold, one changed chapter refreshed, and a 210-chapter Freedom in the World
//! edition opened; a 29-chapter edition published without PDFs and as one book. The issue asks
//! for under 1 s, under 50 ms and memory under 400 MB (the peak is printed once: `VmHWM`, from
//! /proc), and for under 3 s and under 30 s.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::Methodology;
use rapporteur::edition::publish::{PublishOptions, publish};
use rapporteur::edition::{Edition, EditionFile};
use rapporteur::model::{Chapter, Rating};

fn sample(name: &str) -> Chapter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name);
    rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Writes `countries × editions` chapters made from `template` (its country and ratings
/// varied) under `dir`, a folder an edition, with an `edition.ron` at the top.
fn archive(dir: &Path, template: &Chapter, methodology: &str, countries: usize, editions: &[i32]) -> Vec<PathBuf> {
    let method = Methodology::builtin(methodology).unwrap_or_else(|| panic!("{methodology}"));
    let file = EditionFile::new("Bench archive", methodology, *editions.last().unwrap_or(&2024));
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("edition.ron"), file.to_ron()).unwrap();
    let mut paths = Vec::new();
    for &year in editions {
        let folder = dir.join(format!("{year}"));
        std::fs::create_dir_all(&folder).unwrap();
        for n in 0..countries {
            let mut chapter = template.clone();
            chapter.country = format!("Country {n:03}");
            chapter.edition = year;
            for (i, entry) in chapter.categories.iter_mut().enumerate() {
                if let Some(scale) = method.scale(&entry.code) {
                    let span = scale.max.hundredths() - scale.min.hundredths();
                    let step = scale.step.hundredths().max(1);
                    let h = scale.min.hundredths() + ((n * 7 + i * 3 + year as usize) as u32 * step) % (span + step);
                    entry.rating = Some(Rating::from_hundredths(h.min(scale.max.hundredths())));
                }
            }
            let path = folder.join(format!("country-{n:03}.ron"));
            std::fs::write(&path, rapporteur::io::to_ron(&chapter)).unwrap();
            paths.push(path);
        }
    }
    paths
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let nit = tmp.path().join("nit");
    let editions: Vec<i32> = (2005..2025).collect();
    let paths = archive(&nit, &sample("kazakhstan-2024.ron"), "nit-2020", 29, &editions);
    assert_eq!(paths.len(), 600 - 20);
    // 29 × 20 = 580: twenty more chapters of the last edition make it 600.
    let extra = archive(&tmp.path().join("extra"), &sample("kazakhstan-2024.ron"), "nit-2020", 20, &[2024]);
    for (i, p) in extra.iter().enumerate() {
        std::fs::rename(p, nit.join(format!("2024/extra-{i:02}.ron"))).unwrap();
    }
    let fiw = tmp.path().join("fiw");
    archive(&fiw, &sample("freedonia-2025.ron"), "fiw", 210, &[2025]);

    let opened = Edition::open(&nit).unwrap();
    assert_eq!(opened.entries.len(), 600);
    eprintln!("600-chapter overview: peak memory (VmHWM) {}", peak_memory());
    drop(opened);

    let mut group = c.benchmark_group("edition");
    group.sample_size(10);
    group.bench_function("open 600 NIT chapters", |b| b.iter(|| black_box(Edition::open(&nit).unwrap())));
    group.bench_function("open 210 FiW chapters", |b| b.iter(|| black_box(Edition::open(&fiw).unwrap())));

    let mut edition = Edition::open(&nit).unwrap();
    let changed = paths[17].clone();
    let mut chapter = rapporteur::io::load(&changed).unwrap();
    let mut flip = false;
    group.bench_function("refresh one changed chapter of 600", |b| {
        b.iter(|| {
            flip = !flip;
            chapter.categories[0].rating = Some(Rating::from_hundredths(if flip { 300 } else { 325 }));
            std::fs::write(&changed, rapporteur::io::to_ron(&chapter)).unwrap();
            let seen = edition.refresh();
            assert_eq!(seen.changed.len(), 1);
        });
    });
    group.finish();

    // Publishing a 29-chapter edition (the archive's last year): the site without PDFs, and
    // the whole book.
    let one = tmp.path().join("nit-2024");
    archive(&one, &sample("kazakhstan-2024.ron"), "nit-2020", 29, &[2024]);
    let edition = Edition::open(&one).unwrap();
    let site = tmp.path().join("site");
    let mut group = c.benchmark_group("publish");
    group.sample_size(10);
    let force = PublishOptions { force: true, ..PublishOptions::default() };
    group.bench_function("29 chapters, no PDFs", |b| {
        b.iter(|| black_box(publish(&edition, &site, &force).unwrap()));
    });
    let book = PublishOptions { book: true, ..force };
    // Typeset from scratch each time: typst's memo of earlier runs is dropped first.
    group.bench_function("29 chapters, the book", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            black_box(publish(&edition, &site, &book).unwrap())
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
