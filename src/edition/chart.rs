//! The edition's charts, as data every view draws the same way: the editor (egui_plot), the
//! published site (inline SVG) and the files an editor saves (SVG, PNG).
//! (Being written: see /work/EDITION_API.md.)

use serde::Serialize;

use super::Edition;

/// A chart of the edition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chart {
    /// Its title.
    pub title: String,
}

/// The headline figure of every country, sorted, coloured by classification, over the
/// classification bands.
#[must_use]
pub fn headline(edition: &Edition) -> Chart {
    Chart { title: super::overview::headline_label(edition) }
}

/// The items' (or groups') ratings as a country × item grid.
#[must_use]
pub fn grid(edition: &Edition) -> Chart {
    Chart { title: edition.file.name.clone() }
}

/// One country's headline across editions.
#[must_use]
pub fn history(edition: &Edition, country: &str) -> Chart {
    let _ = edition;
    Chart { title: country.to_owned() }
}

impl Chart {
    /// The chart as a standalone SVG document.
    #[must_use]
    pub fn to_svg(&self) -> String {
        String::new()
    }
}
