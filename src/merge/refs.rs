//! Footnote markers as references while chapters merge.
//!
//! A marker means a footnote, not a string: `[^11]` on one side and `[^12]` on the other are the
//! same citation when one side renumbered. Before texts merge, every well-formed marker of a
//! side is written as a reference to the [`Id`] of the footnote it resolves to *on that side*
//! (the first footnote with its label, as the checks and the export read it), or, when it
//! resolves to none, as the bare label it is. Texts then merge token by token with references
//! in place of markers, and after the merge each reference is written back as the label its
//! footnote has in the merged chapter.
//!
//! References are markers themselves (`[^` + a private-use character + the id + `]`), so the
//! word diff and [`markers`] treat them as single tokens; they never leave the merge.

use std::collections::HashMap;

use crate::model::{Chapter, Id, TextBlock, markers};

/// Starts the label of a reference to a footnote's id.
const ID: char = '\u{E000}';
/// Starts the label of a marker that resolved to no footnote on its side.
const LABEL: char = '\u{E001}';

/// What a marker of one side means: the id of the footnote each label resolves to there.
pub(super) struct Labels<'c>(HashMap<&'c str, Id>);

impl<'c> Labels<'c> {
    /// The labels of `chapter`'s footnotes; a label two footnotes share means the first.
    pub(super) fn of(chapter: &'c Chapter) -> Self {
        let mut map = HashMap::new();
        for f in &chapter.footnotes {
            map.entry(f.label.as_str()).or_insert(f.id);
        }
        Self(map)
    }

    /// `text` with every well-formed marker written as a reference.
    pub(super) fn encode(&self, text: &str) -> String {
        markers::relabel(text, |label| {
            Some(match self.0.get(label) {
                Some(id) => format!("{ID}{}", id.0),
                None => format!("{LABEL}{label}"),
            })
        })
    }
}

/// Every text block of `chapter` with its markers written as references (see
/// [`Labels::encode`]), by the chapter's own footnotes.
pub(super) fn encode_chapter(chapter: &mut Chapter) {
    let encoded: Vec<String> = {
        let labels = Labels::of(chapter);
        chapter.text_blocks().map(|(_, b)| labels.encode(&b.text)).collect()
    };
    for (block, text) in blocks_mut(chapter).zip(encoded) {
        block.text = text;
    }
}

/// Every text block of `chapter`, to change it, in the order of [`Chapter::text_blocks`].
pub(super) fn blocks_mut(chapter: &mut Chapter) -> impl Iterator<Item = &mut TextBlock> {
    chapter.section_lists_mut().flat_map(|(_, list)| list.iter_mut())
}

/// The footnote ids an encoded text cites, in order, each as often as it is cited.
pub(super) fn cited(text: &str) -> impl Iterator<Item = Id> + '_ {
    markers::markers(text).filter_map(|m| reference(m.label))
}

/// The id a reference's label stands for.
fn reference(label: &str) -> Option<Id> {
    label.strip_prefix(ID).and_then(|n| n.parse().ok()).map(Id)
}

/// An encoded `text` written back: each reference as the label `label_of` gives its footnote,
/// each unresolved marker as its own label; anything else as it is.
pub(super) fn decode(text: &str, label_of: &HashMap<Id, String>) -> String {
    markers::relabel(text, |label| {
        if let Some(bare) = label.strip_prefix(LABEL) {
            return Some(bare.to_owned());
        }
        // Every id a side cites is a footnote of that side, so `label_of` knows it.
        reference(label).and_then(|id| label_of.get(&id).cloned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::method::Methodology;

    #[test]
    fn markers_become_references_and_come_back_as_the_labels_given() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2025);
        let a = c.add_footnote("11", "Massimov sentencing report.", None);
        let b = c.add_footnote("12", "Abish investigation.", None);
        let labels = Labels::of(&c);
        let text = "Cited[^12] then[^11][^11] and[^9], a [^bad marker.";
        let encoded = labels.encode(text);
        assert_eq!(cited(&encoded).collect::<Vec<_>>(), [b, a, a]);
        let renumbered: HashMap<Id, String> = [(a, "12".to_owned()), (b, "11".to_owned())].into();
        assert_eq!(decode(&encoded, &renumbered), "Cited[^11] then[^12][^12] and[^9], a [^bad marker.");
        let same: HashMap<Id, String> = [(a, "11".to_owned()), (b, "12".to_owned())].into();
        assert_eq!(decode(&encoded, &same), text);
        // A reference is one token of the word diff, as a marker is.
        assert_eq!(crate::diff::tokens(&encoded).iter().filter(|t| t.starts_with("[^")).count(), 5);
    }
}
