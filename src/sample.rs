//! Large chapters for tests and benchmarks: one deterministic builder instead of one per bench.
//!
//! [`large_chapter`] writes Rapporteur's own prose (no published text), with the scripts the
//! editor must handle (Kazakh, Georgian, Azerbaijani) and characters every export must escape
//! (`<`, `&`, `"`), and gives the same chapter, byte for byte, on every call.

use std::fmt::Write as _;

use crate::changes::{category_sentence, overall_for};
use crate::method::Methodology;
use crate::model::{Authors, Chapter, Rating};
use crate::score::Direction;

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
/// [`Methodology::nit_2020`], anonymous, with the seed's ratings (Local Democratic Governance
/// 1.75 → 1.50, every other category 1.25 both years) and the score-change items they call
/// for, a paragraph of executive summary and one of at-a-glance, and:
///
/// - `bullets_per_category` bullets in each of the first `categories` categories (at most
///   the methodology's seven; the others get none, and so a `bullets-missing` finding each);
/// - `footnotes` footnotes labelled `1`..=`footnotes`, each with a citation and an address.
///   Every bullet cites the next two labels in turn, going round again after the last; if the
///   bullets cite fewer than `footnotes`, the last bullet cites the rest. So labels appear in
///   order, and every footnote is cited.
///
/// With seven categories, at least one bullet each and at least one footnote, the chapter has
/// no findings at all. Deterministic: the same arguments give the same chapter.
#[must_use]
pub fn large_chapter(categories: usize, bullets_per_category: usize, footnotes: usize) -> Chapter {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, "Kazakhstan", 2024);
    c.authors = Authors::Anonymous;
    for e in &mut c.categories {
        let (now, last) = if e.code == "LDG" { (150, 175) } else { (125, 125) };
        e.rating = Some(Rating::from_hundredths(now));
        e.last_year = Some(Rating::from_hundredths(last));
    }
    let ldg = category_sentence(
        "Local Democratic Governance",
        Direction::Declined,
        Rating::from_hundredths(175),
        Rating::from_hundredths(150),
        "councils that met less often and decided less",
    );
    let overall = overall_for(&c, &method).unwrap_or_default();
    c.score_changes = vec![c.new_block(ldg), c.new_block(overall)];
    let p = c.new_block("A year of cautious change in the regions, with power held as firmly as before at the centre.");
    c.executive_summary = vec![p];
    let p = c.new_block("The presidency kept its hold on power; local government lost what say it had.");
    c.at_a_glance = vec![p];

    let categories = categories.min(c.categories.len());
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
        c.categories[k].bullets = blocks;
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
