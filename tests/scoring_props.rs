//! Property: any seven quarter-point ratings give the published percentage and classification.

use proptest::prelude::*;
use rapporteur::method::Methodology;
use rapporteur::model::{Chapter, Rating};
use rapporteur::score::ScoreCard;

proptest! {
    #[test]
    fn seven_quarter_point_ratings(quarters in proptest::collection::vec(4_u32..=28, 7)) {
        let m = Methodology::nit_2020();
        let mut chapter = Chapter::new(&m, "X", 2025);
        for (entry, q) in chapter.categories.iter_mut().zip(&quarters) {
            entry.rating = Some(Rating::from_hundredths(q * 25));
        }
        let card = ScoreCard::compute(&chapter, &m);
        let lines = card.lines(&chapter, &m);
        let shown = |i: usize| lines.figures.get(i).and_then(|l| l.this_year.clone()).unwrap_or_default();
        let k: u32 = quarters.iter().sum();
        // The percentage is (k − 28) · 25 / 42; check the printed figure against it in floats,
        // where the nearest tie is far beyond float error.
        let exact = f64::from(k - 28) * 25.0 / 42.0;
        let printed: f64 = shown(1).parse().unwrap_or(f64::NAN);
        prop_assert!((printed - exact).abs() <= 0.005 + 1e-9, "k={k}: printed {printed}, exact {exact}");
        let headline: i64 = shown(2).parse().unwrap_or(-1);
        prop_assert_eq!(headline, (exact + 0.5).floor() as i64);
        // Score: k / 28, two decimals.
        let score: f64 = shown(0).parse().unwrap_or(f64::NAN);
        prop_assert!((score - f64::from(k) / 28.0).abs() <= 0.005 + 1e-9);
        // Classification on the unrounded score: above 5 ⇔ k > 140, and so on.
        let expected = if k > 140 {
            "Consolidated Democracy"
        } else if k > 112 {
            "Semi-Consolidated Democracy"
        } else if k > 84 {
            "Transitional or Hybrid Regime"
        } else if k > 56 {
            "Semi-Consolidated Authoritarian Regime"
        } else {
            "Consolidated Authoritarian Regime"
        };
        let class = shown(3);
        prop_assert_eq!(class.as_str(), expected);
        prop_assert_eq!(card.classification(), Some(expected));
    }
}
