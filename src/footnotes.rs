//! Footnote operations: where each footnote is cited, and renumbering.
//!
//! Published chapters number their footnotes 1, 2, 3, … in order of first appearance through
//! the chapter, in its reading order: the methodology's outline ([`Methodology::sections`]),
//! e.g. NIT's score changes, executive summary, at-a-glance, then the categories, or Freedom in
//! the World's overview, key developments, score changes, then A1 … G4. [`renumber`] puts a
//! chapter in that shape;
//! [`usages`] tells the editor where each footnote is cited. Both read markers with the one
//! scanner, [`crate::model::markers`].

use std::collections::HashMap;
use std::ops::Range;

use crate::method::Methodology;
use crate::model::{Chapter, Id, Section, markers};

/// One citation of a footnote: a marker in a text block.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Usage {
    /// The section the block is in.
    pub section: Section,
    /// The text block.
    pub block: Id,
    /// The byte range of the marker `[^label]` in the block's text.
    pub range: Range<usize>,
}

/// Where each footnote is cited, in the footnote list's order: `(footnote id, usages in reading
/// order under `method`)`. A footnote no marker cites has no usages. When two footnotes share a
/// label, markers refer to the first of them (as the checks and export read them).
#[must_use]
pub fn usages(chapter: &Chapter, method: &Methodology) -> Vec<(Id, Vec<Usage>)> {
    let mut by_label: HashMap<&str, usize> = HashMap::new();
    for (i, f) in chapter.footnotes.iter().enumerate() {
        by_label.entry(f.label.as_str()).or_insert(i);
    }
    let mut out: Vec<(Id, Vec<Usage>)> = chapter.footnotes.iter().map(|f| (f.id, Vec::new())).collect();
    for (section, block) in chapter.blocks_in_order(method) {
        for m in markers::markers(&block.text) {
            if let Some(&i) = by_label.get(m.label) {
                out[i].1.push(Usage { section: section.clone(), block: block.id, range: m.range });
            }
        }
    }
    out
}

/// The labels markers use, each once, in order of first appearance in reading order under
/// `method`.
#[must_use]
pub fn first_appearance<'c>(chapter: &'c Chapter, method: &Methodology) -> Vec<&'c str> {
    let mut seen = std::collections::HashSet::new();
    let mut order = Vec::new();
    for (_, block) in chapter.blocks_in_order(method) {
        for m in markers::markers(&block.text) {
            if seen.insert(m.label) {
                order.push(m.label);
            }
        }
    }
    order
}

/// Whether a label is a footnote number: digits only.
fn is_numeric(label: &str) -> bool {
    !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit())
}

/// `chapter` with its numbered footnotes renumbered 1, 2, 3, … in order of first appearance
/// (reading order under `method`), every marker rewritten to match, and the footnote list in
/// that order.
///
/// - Every marker keeps pointing at the citation it pointed at (with two footnotes of one
///   label, markers point at the first, and the second becomes unused).
/// - A numbered marker with no footnote gets its number in the sequence too and still has no
///   footnote, so it can never come to point at another's citation.
/// - Footnotes no marker cites go to the end of the list, numbered on from the cited ones.
/// - Labels that are not numbers (`[^note-a]`) are kept; those footnotes take their place in
///   the list by first appearance as well.
///
/// Renumbering a renumbered chapter changes nothing.
#[must_use]
pub fn renumber(chapter: &Chapter, method: &Methodology) -> Chapter {
    let order = first_appearance(chapter, method);
    let mut new_label: HashMap<String, String> = HashMap::new();
    let mut next = 1_u64;
    for label in &order {
        if is_numeric(label) {
            new_label.insert((*label).to_owned(), next.to_string());
            next += 1;
        }
    }
    let rank: HashMap<&str, usize> = order.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    // Which footnote each cited label resolves to: the first of that label.
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, f) in chapter.footnotes.iter().enumerate() {
        owner.entry(f.label.as_str()).or_insert(i);
    }
    let mut cited = Vec::new();
    let mut unused = Vec::new();
    for (i, f) in chapter.footnotes.iter().enumerate() {
        match rank.get(f.label.as_str()) {
            Some(&r) if owner.get(f.label.as_str()) == Some(&i) => cited.push((r, i)),
            _ => unused.push(i),
        }
    }
    cited.sort_unstable();
    let mut out = chapter.clone();
    out.footnotes = Vec::with_capacity(chapter.footnotes.len());
    for (_, i) in cited {
        let mut f = chapter.footnotes[i].clone();
        if let Some(label) = new_label.get(&f.label) {
            f.label.clone_from(label);
        }
        out.footnotes.push(f);
    }
    for i in unused {
        let mut f = chapter.footnotes[i].clone();
        if is_numeric(&f.label) {
            f.label = next.to_string();
            next += 1;
        }
        out.footnotes.push(f);
    }
    let relabel = |text: &str| markers::relabel(text, |l| new_label.get(l).filter(|n| n.as_str() != l).cloned());
    for (_, blocks) in out.section_lists_mut() {
        for b in blocks {
            b.text = relabel(&b.text);
        }
    }
    out
}

/// What "Check links" reports, one line a problem, without going online: addresses that are
/// not well-formed URLs, and addresses given in more than one footnote (often a citation
/// copied and not updated).
#[must_use]
pub fn check_links(chapter: &Chapter) -> Vec<String> {
    let mut lines = Vec::new();
    let mut seen: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for f in &chapter.footnotes {
        let Some(url) = f.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else { continue };
        if let Some(problem) = crate::findings::url_problem(url) {
            lines.push(format!("[^{}]: \"{url}\" is not a usable address: {problem}", f.label));
        }
        seen.entry(url).or_default().push(&f.label);
    }
    let mut shared: Vec<_> = seen.into_iter().filter(|(_, labels)| labels.len() > 1).collect();
    shared.sort_by(|a, b| a.1.cmp(&b.1));
    for (url, labels) in shared {
        let labels: Vec<String> = labels.iter().map(|l| format!("[^{l}]")).collect();
        lines.push(format!("{} share the address {url}", labels.join(", ")));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Footnote, TextBlock};

    fn note(id: u32, label: &str, text: &str) -> Footnote {
        Footnote { id: Id(id), label: label.to_owned(), text: text.to_owned(), url: None, accessed: None }
    }

    fn chapter() -> Chapter {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        *c.text_mut("executive_summary") =
            vec![TextBlock { id: Id(1), text: "Elite networks.[^4] Assets.[^2]".into() }];
        *c.text_mut("at_a_glance") = vec![TextBlock { id: Id(2), text: "Again[^4] and [^x] and [^9]".into() }];
        c.categories[6].bullets = vec![TextBlock { id: Id(3), text: "Corruption.[^1]".into() }];
        c.footnotes = vec![
            note(10, "1", "One"),
            note(11, "2", "Two"),
            note(12, "3", "Three (unused)"),
            note(13, "4", "Four"),
            note(14, "x", "Ex"),
            note(15, "4", "Four again (duplicate)"),
        ];
        c.next_id = 20;
        c
    }

    #[test]
    fn renumbers_in_order_of_first_appearance() {
        let m = Methodology::nit_2020();
        let r = renumber(&chapter(), &m);
        assert_eq!(r.text("executive_summary")[0].text, "Elite networks.[^1] Assets.[^2]");
        // [^9] has no footnote: it takes number 3 and still has none.
        assert_eq!(r.text("at_a_glance")[0].text, "Again[^1] and [^x] and [^3]");
        assert_eq!(r.categories[6].bullets[0].text, "Corruption.[^4]");
        let list: Vec<_> = r.footnotes.iter().map(|f| (f.id.0, f.label.as_str())).collect();
        assert_eq!(list, [(13, "1"), (11, "2"), (14, "x"), (10, "4"), (12, "5"), (15, "6")]);
        assert_eq!(renumber(&r, &m), r);
    }

    #[test]
    fn renumbers_in_the_methodologys_reading_order() {
        // Freedom in the World reads the overview and key developments before the score
        // changes, and the indicators after them; the chapter stores score changes first.
        let m = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        c.score_changes = vec![TextBlock { id: Id(1), text: "A1: changed.[^a]".into() }];
        *c.text_mut("key_developments") = vec![TextBlock { id: Id(2), text: "Protests.[^b]".into() }];
        *c.text_mut("overview") = vec![TextBlock { id: Id(3), text: "Overview.[^c]".into() }];
        if let Some(g4) = c.category_mut("G4") {
            g4.bullets = vec![TextBlock { id: Id(4), text: "Last.[^d]".into() }];
        }
        if let Some(a1) = c.category_mut("A1") {
            a1.bullets = vec![TextBlock { id: Id(5), text: "First.[^e]".into() }];
        }
        for (label, id) in [("a", 10), ("b", 11), ("c", 12), ("d", 13), ("e", 14)] {
            c.footnotes.push(note(id, label, label));
        }
        assert_eq!(first_appearance(&c, &m), ["c", "b", "a", "e", "d"]);
        let list: Vec<u32> = renumber(&c, &m).footnotes.iter().map(|f| f.id.0).collect();
        assert_eq!(list, [12, 11, 10, 14, 13]);
    }

    #[test]
    fn usages_list_every_marker_of_each_footnote() {
        let u = usages(&chapter(), &Methodology::nit_2020());
        let four = &u[3];
        assert_eq!(four.0, Id(13));
        assert_eq!(
            four.1,
            [
                Usage { section: Section::Text("executive_summary".into()), block: Id(1), range: 15..19 },
                Usage { section: Section::Text("at_a_glance".into()), block: Id(2), range: 5..9 },
            ]
        );
        assert!(u[2].1.is_empty());
        assert!(u[5].1.is_empty(), "markers point at the first of two footnotes with one label");
        assert_eq!(u[0].1, [Usage { section: Section::Category("CO".into()), block: Id(3), range: 11..15 }]);
    }

    #[test]
    fn check_links_reports_bad_and_shared_addresses() {
        let mut c = Chapter::new(&crate::Methodology::nit_2020(), "X", 2024);
        c.add_footnote("1", "a", Some("https://example.org/a".into()));
        c.add_footnote("2", "b", Some("example.org/b".into()));
        c.add_footnote("3", "c", Some("https://example.org/a".into()));
        c.add_footnote("4", "d", None);
        assert_eq!(
            check_links(&c),
            [
                "[^2]: \"example.org/b\" is not a usable address: it has no scheme such as https://",
                "[^1], [^3] share the address https://example.org/a",
            ]
        );
    }
}
