//! Spelling: the words of each text block its [`Checker`] does not know, one note per block.
//!
//! Off unless asked for ([`super::CheckOptions::spelling`]), so that a chapter's findings do
//! not depend on which dictionaries a machine has. Footnotes are not checked: citations are
//! full of titles and names in other languages.

use super::{Code, Finding, Location};
use crate::model::{Chapter, Id, Section};
use crate::spelling::{Checker, Misspelling};

/// A `spelling` note for each block with misspelt words (see [`note`]).
pub(super) fn check(chapter: &Chapter, checker: &Checker, out: &mut Vec<Finding>) {
    for (section, block) in chapter.text_blocks() {
        out.extend(note(&section, block.id, &checker.misspelt(&block.text)));
    }
}

/// The `spelling` note of block `block` in `section` whose misspelt words are `found`: each
/// word named once, in order of appearance ("misspelt: Tokaev, ameliorated"), located at the
/// first of them; `None` when nothing is misspelt. The editor makes its notes with this from
/// its cached misspellings.
#[must_use]
pub fn note(section: &Section, block: Id, found: &[Misspelling]) -> Option<Finding> {
    let first = found.first()?;
    let mut seen = std::collections::HashSet::new();
    let words: Vec<&str> = found.iter().map(|m| m.word.as_str()).filter(|w| seen.insert(*w)).collect();
    let location = Location::in_block(section.clone(), block, first.range.clone());
    Some(Finding::new(Code::Spelling, location, format!("misspelt: {}", words.join(", "))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{CheckOptions, Severity, check as check_all, check_with};
    use crate::method::Methodology;
    use crate::model::Spelling;
    use crate::spelling::Dictionary;

    #[test]
    fn one_note_per_block_naming_each_word_once() {
        let method = Methodology::nit_2020();
        let mut chapter = Chapter::new(&method, "Kazakhstan", 2024);
        let block = chapter.new_block("Tokaev ameliorated nothing; Tokaev then resigned.[^1]");
        let clean = chapter.new_block("The council met twice.");
        let id = block.id;
        chapter.categories[0].bullets = vec![block, clean];
        chapter.spelling = Spelling { language: None, words: vec!["Qurultay".into()], ignored: Vec::new() };
        let dictionary = Dictionary::bundled().unwrap_or_else(|e| panic!("bundled dictionary: {e}"));
        let checker = Checker::new(dictionary, &chapter.spelling, &[]);
        let mut out = Vec::new();
        super::check(&chapter, &checker, &mut out);
        // "ameliorated" is English: only the name is misspelt.
        assert_eq!(out.len(), 1);
        let f = &out[0];
        assert_eq!(super::note(&Section::Text("at_a_glance".into()), id, &[]), None);
        assert_eq!((f.code, f.severity), (Code::Spelling, Severity::Note));
        assert_eq!(f.message, "misspelt: Tokaev");
        assert_eq!(f.location, Location::in_block(Section::Category("NDG".into()), id, 0..6));

        // Off by default; on when asked for.
        let method = Methodology::nit_2020();
        assert!(!check_all(&chapter, &method).iter().any(|f| f.code == Code::Spelling));
        let on = check_with(&chapter, &method, &CheckOptions { spelling: Some(&checker) });
        assert_eq!(on.iter().filter(|f| f.code == Code::Spelling).count(), 1);
    }
}
