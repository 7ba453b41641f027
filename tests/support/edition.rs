//! Editions of our own making for the tests: Nations in Transit chapters with given ratings,
//! written into folders with an `edition.ron`.
//! Included by path (`#[path = "support/edition.rs"] mod edition_support;`).
#![allow(dead_code)] // each test binary uses its own part of it

use std::path::Path;

use rapporteur::Methodology;
use rapporteur::edition::{EditionFile, Region};
use rapporteur::model::{Authors, Chapter, Rating};

/// A Nations in Transit chapter for `country` and `edition`: the seven ratings in hundredths
/// (NDG, EP, CS, IM, LDG, JFI, CO), last year's if given, a byline, a sentence of our own
/// per category and in each text section.
pub fn nit_chapter(
    country: &str,
    edition: i32,
    ratings: [u32; 7],
    last: Option<[u32; 7]>,
    author: Option<&str>,
) -> Chapter {
    let method = Methodology::nit_2020();
    let mut chapter = Chapter::new(&method, country, edition);
    chapter.authors = match author {
        Some(name) => Authors::Named(vec![name.to_owned()]),
        None => Authors::Anonymous,
    };
    for (i, r) in ratings.iter().enumerate() {
        let rating = Some(Rating::from_hundredths(*r));
        let last_year = last.map(|l| Rating::from_hundredths(l[i]));
        let block =
            chapter.new_block(format!("{country} kept the institutions this category looks at much as they were."));
        let entry = &mut chapter.categories[i];
        entry.rating = rating;
        entry.last_year = last_year;
        entry.bullets.push(block);
    }
    for id in ["executive_summary", "at_a_glance"] {
        let block = chapter.new_block(format!("The year in {country} in a few plain words."));
        chapter.text_mut(id).push(block);
    }
    chapter
}

/// Writes `chapter` to `path` (folders made as needed).
pub fn write_chapter(path: &Path, chapter: &Chapter) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, rapporteur::io::to_ron(chapter)).unwrap();
}

/// Writes `dir/edition.ron` for a Nations in Transit edition with `regions`.
pub fn write_edition_file(dir: &Path, year: i32, regions: &[(&str, &[&str])]) {
    let mut file = EditionFile::new(&format!("Nations in Transit {year}"), "nit-2020", year);
    file.regions = regions.iter().map(|(name, countries)| Region::new(name, countries)).collect();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("edition.ron"), file.to_ron()).unwrap();
}
