//! Rapporteur: an editor for rated country reports.
//!
//! The library is the pure core the editor and the command line stand on. It knows nothing of
//! egui: the chapter model ([`model`]), the methodology as data ([`method`]), exact scoring
//! ([`score`]), the checks an editor runs over a chapter ([`findings`]), project files
//! ([`io`]), and import and export of published text. The egui editor lives in `app`, behind
//! the default `gui` feature, and drives the core through named actions.

#[cfg(feature = "gui")]
pub mod app;
pub mod changes;
pub mod convert;
pub mod data;
pub mod diff;
pub mod edition;
pub mod export;
pub mod find;
pub mod findings;
pub mod footnotes;
pub mod history;
pub mod import;
pub mod index;
pub mod io;
pub mod merge;
pub mod method;
pub mod model;
pub mod progress;
pub mod recovery;
pub mod review_copy;
pub mod sample;
pub mod score;
pub mod spelling;
pub mod words;

pub use method::Methodology;
pub use model::{Authors, Bullet, CategoryEntry, Chapter, Footnote, Id, Paragraph, Rating, TextBlock};
pub use score::ScoreCard;
