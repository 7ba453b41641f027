//! Properties: the methodology engine agrees with the NIT score card for any chapter, the
//! pre-2020 conversion mirrors every figure, and Freedom in the World figures follow Freedom House's rules for
//! any indicator scores.

use std::path::Path;

use proptest::prelude::*;
use rapporteur::index::{self, IndexDef, Ratings, ScoreTree, Value};
use rapporteur::method::Methodology;
use rapporteur::model::{Chapter, Rating};
use rapporteur::score::ScoreCard;

fn def(id: &str) -> IndexDef {
    index::parse(index::builtin_text(id).unwrap_or_default(), Path::new(id)).unwrap_or_else(|e| panic!("{e}"))
}

const NIT: [&str; 7] = ["NDG", "EP", "CS", "IM", "LDG", "JFI", "CO"];

/// Quarter points 4..=28 (1.00..7.00), 0 for unrated.
fn nit_ratings(quarters: &[u32]) -> Ratings {
    NIT.iter()
        .zip(quarters)
        .map(|(c, q)| ((*c).to_owned(), (*q > 0).then(|| Value::hundredths(i64::from(q * 25)))))
        .collect()
}

fn shown(tree: &ScoreTree, id: &str) -> Option<String> {
    tree.figure(id).and_then(|f| f.shown).map(|s| s.to_string())
}

fn quarters() -> impl Strategy<Value = Vec<u32>> {
    proptest::collection::vec(prop_oneof![1 => Just(0_u32), 6 => 4_u32..=28], 7)
}

proptest! {
    /// The NIT 2020 file gives, for any chapter (categories unrated included), the figures
    /// integer arithmetic gives from the sum of quarter points `k` over `n` rated: score
    /// k / 4n, percentage (k − 4n) · 25 / 6n, each rounded half up once; and the card shows them.
    #[test]
    fn nit_2020_file_gives_the_published_arithmetic(now in quarters(), last in quarters()) {
        let m = Methodology::nit_2020();
        let mut chapter = Chapter::new(&m, "X", 2025);
        for ((entry, q), l) in chapter.categories.iter_mut().zip(&now).zip(&last) {
            entry.rating = (*q > 0).then(|| Rating::from_hundredths(q * 25));
            entry.last_year = (*l > 0).then(|| Rating::from_hundredths(l * 25));
        }
        let card = ScoreCard::compute(&chapter, &m);
        let lines = card.lines(&chapter, &m);
        for (quarters, this_year) in [(&now, true), (&last, false)] {
            let k: i64 = quarters.iter().map(|q| i64::from(*q)).sum();
            let n = i64::try_from(quarters.iter().filter(|q| **q > 0).count()).unwrap_or(0);
            let shown: Vec<Option<String>> = lines
                .figures
                .iter()
                .map(|l| if this_year { l.this_year.clone() } else { l.last_year.clone() })
                .collect();
            if n == 0 {
                prop_assert!(shown.iter().all(Option::is_none));
                continue;
            }
            let half_up = |num: i64, den: i64| (2 * num + den).div_euclid(2 * den);
            let two = |hundredths: i64| format!("{}.{:02}", hundredths / 100, hundredths % 100);
            prop_assert_eq!(shown[0].clone(), Some(two(half_up(25 * k, n))));
            prop_assert_eq!(shown[1].clone(), Some(two(half_up((k - 4 * n) * 2500, 6 * n))));
            prop_assert_eq!(shown[2].clone(), Some(half_up((k - 4 * n) * 25, 6 * n).to_string()));
            let class = if k > 20 * n {
                "Consolidated Democracy"
            } else if k > 16 * n {
                "Semi-Consolidated Democracy"
            } else if k > 12 * n {
                "Transitional or Hybrid Regime"
            } else if k > 8 * n {
                "Semi-Consolidated Authoritarian Regime"
            } else {
                "Consolidated Authoritarian Regime"
            };
            prop_assert_eq!(shown[3].as_deref(), Some(class));
            let tree = if this_year { card.this_year.as_ref() } else { card.last_year.as_ref() };
            let missing: Vec<String> = NIT.iter().zip(quarters).filter(|(_, q)| **q == 0).map(|(c, _)| (*c).to_owned()).collect();
            prop_assert_eq!(tree.and_then(|t| t.figure("DS")).map(|f| f.missing.clone()), Some(missing));
        }
    }

    #[test]
    fn converting_mirrors_every_figure(old in quarters()) {
        let pre = def("nit-pre-2020");
        let new = def("nit-2020");
        let old_ratings = nit_ratings(&old);
        let before = ScoreTree::compute(&pre, 2015, &old_ratings);
        let after = ScoreTree::compute(&new, 2015, &index::convert_ratings(&pre, &new, &old_ratings).unwrap_or_default());
        let exact = |t: &ScoreTree| t.figure("DS").and_then(|f| f.exact);
        prop_assert_eq!(exact(&after), exact(&before).and_then(|v| Value::int(8).checked_sub(v)));
        // The classification is the same band on either scale.
        let regime = |t: &ScoreTree| t.classification("regime").and_then(|c| c.rank);
        prop_assert_eq!(regime(&before), regime(&after));
    }

    #[test]
    fn fiw_follows_freedom_houses_rules(scores in proptest::collection::vec(0_i64..=4, 25), q in 0_i64..=4, edition in 2013_i32..=2025) {
        let fiw = def("fiw");
        let codes = ["A1","A2","A3","B1","B2","B3","B4","C1","C2","C3","D1","D2","D3","D4","E1","E2","E3","F1","F2","F3","F4","G1","G2","G3","G4"];
        let mut r: Ratings = codes.iter().zip(&scores).map(|(c, s)| ((*c).to_owned(), Some(Value::int(*s)))).collect();
        r.insert("Add Q".to_owned(), Some(Value::int(q)));
        let tree = ScoreTree::compute(&fiw, edition, &r);
        let a: i64 = scores[..3].iter().sum();
        let pr: i64 = scores[..10].iter().sum::<i64>() - q;
        let cl: i64 = scores[10..].iter().sum();
        let pr_rating = match pr { 36.. => 1, 30..=35 => 2, 24..=29 => 3, 18..=23 => 4, 12..=17 => 5, 6..=11 => 6, _ => 7 };
        let cl_rating = match cl { 53.. => 1, 44..=52 => 2, 35..=43 => 3, 26..=34 => 4, 17..=25 => 5, 8..=16 => 6, _ => 7 };
        let status = match pr_rating + cl_rating { 0..=5 => "Free", 6..=10 => "Partly Free", _ => "Not Free" };
        let ed = if a >= 7 && pr >= 20 && cl >= 30 { "Yes" } else { "No" };
        prop_assert_eq!(shown(&tree, "PR"), Some(pr.to_string()));
        prop_assert_eq!(shown(&tree, "CL"), Some(cl.to_string()));
        prop_assert_eq!(shown(&tree, "Total"), Some((pr + cl).to_string()));
        prop_assert_eq!(shown(&tree, "PR rating"), Some(pr_rating.to_string()));
        prop_assert_eq!(shown(&tree, "CL rating"), Some(cl_rating.to_string()));
        prop_assert_eq!(tree.classification("Status").and_then(|c| c.class.as_deref()), Some(status));
        prop_assert_eq!(tree.classification("Electoral democracy").and_then(|c| c.class.as_deref()), Some(ed));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A methodology file with characters cut out or repeated never panics the reader, and
    /// every problem it reports points inside the text.
    #[test]
    fn a_damaged_file_is_refused_with_positions_inside_it(cuts in proptest::collection::vec((0_usize..4000, 0_usize..3, any::<bool>()), 1..4)) {
        let mut text: Vec<char> = include_str!("fixtures/methodology/press.ron").chars().collect();
        for (at, len, repeat) in cuts {
            let at = at % text.len();
            let end = (at + len).min(text.len());
            if repeat {
                let piece: Vec<char> = text[at..end].to_vec();
                text.splice(at..at, piece);
            } else {
                text.drain(at..end);
            }
        }
        let text: String = text.into_iter().collect();
        let lines: Vec<&str> = text.split('\n').collect();
        for p in index::check_text(&text) {
            prop_assert!(p.at.line >= 1 && p.at.line <= lines.len(), "{p} outside {} lines", lines.len());
            let width = lines[p.at.line - 1].chars().count();
            prop_assert!(p.at.column >= 1 && p.at.column <= width + 1, "{p} outside a line of {width}");
        }
    }
}
