//! Large chapters for tests and benchmarks: one deterministic builder instead of one per bench.
//!
//! [`large_chapter`] writes Rapporteur's own prose (no published text), with the scripts the
//! editor must handle (Kazakh, Georgian, Azerbaijani) and characters every export must escape
//! (`<`, `&`, `"`), and gives the same chapter, byte for byte, on every call.

use std::fmt::Write as _;

use crate::method::Methodology;
use crate::model::{Authors, Chapter};
use crate::score::ScoreCard;

/// How a bullet opens; `{i}` is the bullet's number in its category, `{k}` the category's.
const OPENINGS: [&str; 5] = [
    "In district {i} of region {k} the akimat (әкімдік) met rarely and passed its budget without amendment",
    "Observers from საქართველო and Azərbaycan compared council {i} with its neighbours in region {k}",
    "A newspaper in «Қазақстан» reported that officials <declined> to comment & moved on after question {i}",
    "The \"reform\" package for region {k} stalled in committee, as it had in {i} earlier sittings",
    "Councillors in region {k} said the budget office ignored request {i} for the third year running",
];

/// How a bullet goes on after its first citation.
const CLOSINGS: [&str; 3] = [
    "Local monitors described the same pattern in neighbouring districts",
    "The ministry did not publish its reasons",
    "Residents' petitions went unanswered",
];

/// A chapter for tests and benchmarks (not for authors): Kazakhstan 2024 under
/// [`Methodology::nit_2020`]; see [`large_chapter_of`]. With seven categories, at least one
/// bullet each and at least one footnote, the chapter has no findings at all.
#[must_use]
pub fn large_chapter(categories: usize, bullets_per_category: usize, footnotes: usize) -> Chapter {
    large_chapter_of(&Methodology::nit_2020(), "Kazakhstan", 2024, categories, bullets_per_category, footnotes)
}

/// A chapter for tests and benchmarks under any methodology, anonymous: every item rated one
/// step above the bottom of its scale both years, except the fifth item (the last, with fewer),
/// which falls from three steps above the bottom last year to two, with the score-change items the methodology's change
/// rules call for (drafted from its templates), a paragraph in each text section, and:
///
/// - `blocks_per_item` justification blocks in each of the first `items` items (the others
///   get none);
/// - `footnotes` footnotes labelled `1`..=`footnotes`, each with a citation and an address.
///   Every block cites the next two labels in turn, going round again after the last; if the
///   blocks cite fewer than `footnotes`, the last block cites the rest. So labels appear in
///   order, and every footnote is cited.
///
/// Deterministic: the same arguments give the same chapter.
#[must_use]
pub fn large_chapter_of(
    method: &Methodology,
    country: &str,
    edition: i32,
    items: usize,
    blocks_per_item: usize,
    footnotes: usize,
) -> Chapter {
    let mut c = Chapter::new(method, country, edition);
    c.authors = Authors::Anonymous;
    let rated: Vec<usize> = (0..c.categories.len()).filter(|&i| method.is_item(&c.categories[i].code)).collect();
    let falling = rated.get(4).or(rated.last()).copied();
    for (i, e) in c.categories.iter_mut().enumerate() {
        if !method.is_item(&e.code) {
            continue;
        }
        let up = |r| method.step_up(&e.code, Some(r));
        let one_up = up(method.step_up(&e.code, None));
        let (two_up, three_up) = (up(one_up), up(up(one_up)));
        let (now, last) = if Some(i) == falling { (two_up, three_up) } else { (one_up, one_up) };
        e.rating = Some(now);
        e.last_year = Some(last);
    }
    let card = ScoreCard::compute(&c, method);
    let reason = "councils that met less often and decided less";
    let sentences: Vec<String> = card
        .changes(method)
        .iter()
        .filter(|ch| ch.must_explain)
        .filter_map(|ch| ch.sentence(&method.def, country, reason))
        .collect();
    c.score_changes = sentences.into_iter().map(|s| c.new_block(s)).collect();
    let ids: Vec<String> = c.texts.iter().map(|t| t.id.clone()).collect();
    for (n, id) in ids.iter().enumerate() {
        let text = if n % 2 == 0 {
            "A year of cautious change in the regions, with power held as firmly as before at the centre."
        } else {
            "The presidency kept its hold on power; local government lost what say it had."
        };
        let p = c.new_block(text);
        *c.text_mut(id) = vec![p];
    }
    let rated_entries: Vec<usize> =
        (0..c.categories.len()).filter(|&i| method.is_item(&c.categories[i].code)).collect();
    let categories = items.min(rated_entries.len());
    let bullets_per_category = blocks_per_item;
    let total = categories * bullets_per_category;
    // How many citations are written so far; the next cites label `next % footnotes + 1`.
    let mut next = 0_usize;
    let cite = |text: &mut String, next: &mut usize| {
        if footnotes > 0 {
            let _ = write!(text, "[^{}]", *next % footnotes + 1);
            *next += 1;
        }
    };
    let mut n = 0;
    for k in 0..categories {
        let mut bullets = Vec::with_capacity(bullets_per_category);
        for i in 0..bullets_per_category {
            n += 1;
            let opening = OPENINGS[(k + i) % OPENINGS.len()].replace("{i}", &(i + 1).to_string());
            let mut text = opening.replace("{k}", &(k + 1).to_string());
            text.push('.');
            cite(&mut text, &mut next);
            text.push(' ');
            text.push_str(CLOSINGS[(k + 2 * i) % CLOSINGS.len()]);
            text.push('.');
            cite(&mut text, &mut next);
            if n == total {
                while next < footnotes {
                    cite(&mut text, &mut next);
                }
            }
            bullets.push(text);
        }
        let blocks: Vec<_> = bullets.into_iter().map(|t| c.new_block(t)).collect();
        c.categories[rated_entries[k]].bullets = blocks;
    }
    for label in 1..=footnotes {
        c.add_footnote(
            label.to_string(),
            format!("\"Report {label} on local budgets,\" Regional Monitor, {} May 2023.", label % 28 + 1),
            Some(format!("https://example.org/reports/{label}?lang=en&page=2")),
        );
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markers;

    #[test]
    fn a_full_large_chapter_is_clean_and_cites_every_footnote_in_order() {
        let c = large_chapter(7, 3, 50);
        assert_eq!(crate::findings::check(&c, &Methodology::nit_2020()), []);
        assert_eq!(c.categories.iter().map(|e| e.bullets.len()).collect::<Vec<_>>(), [3; 7]);
        assert_eq!(c.footnotes.len(), 50);
        let labels: Vec<String> = c
            .text_blocks()
            .flat_map(|(_, b)| markers::markers(&b.text).map(|m| m.label.to_owned()).collect::<Vec<_>>())
            .collect();
        let expected: Vec<String> = (1..=50).map(|n: usize| n.to_string()).collect();
        assert_eq!(labels, expected, "two per bullet, the last bullet takes the rest");
        assert_eq!(large_chapter(7, 3, 50), c, "deterministic");
    }

    #[test]
    fn labels_go_round_when_bullets_cite_more_than_there_are() {
        let c = large_chapter(2, 2, 3);
        let texts: Vec<&str> = c.categories.iter().flat_map(|e| e.bullets.iter().map(|b| b.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                "In district 1 of region 1 the akimat (әкімдік) met rarely and passed its budget without amendment.[^1] \
                 Local monitors described the same pattern in neighbouring districts.[^2]",
                "Observers from საქართველო and Azərbaycan compared council 2 with its neighbours in region 1.[^3] \
                 Residents' petitions went unanswered.[^1]",
                "Observers from საქართველო and Azərbaycan compared council 1 with its neighbours in region 2.[^2] \
                 The ministry did not publish its reasons.[^3]",
                "A newspaper in «Қазақстан» reported that officials <declined> to comment & moved on after question \
                 2.[^1] Local monitors described the same pattern in neighbouring districts.[^2]",
            ]
        );
        let found: Vec<_> =
            crate::findings::check(&c, &Methodology::nit_2020()).into_iter().map(|f| f.code.as_str()).collect();
        assert_eq!(found, ["bullets-missing"; 5]);
    }
}
