//! Publishing an edition as a static site (being written: see /work/EDITION_API.md).

use std::path::{Path, PathBuf};

use super::Edition;

/// How to publish.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PublishOptions {
    /// Publish chapters with errors too.
    pub force: bool,
    /// Write each chapter's PDF.
    pub pdfs: bool,
    /// Write one PDF of the whole edition.
    pub book: bool,
}

/// What was published.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// Every file written, relative to the site's folder, sorted.
    pub files: Vec<PathBuf>,
    /// Chapters published.
    pub chapters: usize,
    /// Chapters left out (with errors), by file, with why.
    pub left_out: Vec<(String, String)>,
}

/// Writes the site of `edition` into `out`.
pub fn publish(edition: &Edition, out: &Path, options: &PublishOptions) -> Result<Published, String> {
    let _ = (edition, out, options);
    Err("publishing is not written yet".to_owned())
}
