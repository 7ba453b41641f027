//! A methodology as data: the categories, the scale, the aggregation, the percentage rule and
//! the classification bands.
//!
//! Nothing about Nations in Transit is spread through the code as constants: it is one value,
//! [`Methodology::nit_2020`], and a chapter names the methodology it is rated under. Scoring
//! ([`crate::score`]) and the checks read everything they need from here.

use serde::{Deserialize, Serialize};

use crate::model::Rating;

/// One rated category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryDef {
    /// Short code, e.g. `"NDG"`; chapters refer to categories by it.
    pub code: String,
    /// The published name, e.g. "National Democratic Governance".
    pub name: String,
    /// What the category considers, as the methodology words it.
    pub description: String,
}

/// The rating scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    /// The lowest rating.
    pub min: Rating,
    /// The highest rating.
    pub max: Rating,
    /// Every rating is `min` plus a whole number of steps.
    pub step: Rating,
    /// Whether `max` is the most democratic end (true since the 2020 NIT edition).
    pub high_is_democratic: bool,
}

/// How category ratings combine into the overall score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aggregation {
    /// The arithmetic mean of the categories rated.
    MeanOfRated,
}

/// How the score becomes a percentage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PercentageRule {
    /// (score − min) / (max − min) × 100 from the unrounded score, towards the democratic end.
    LinearOnScale,
}

/// A threshold a band starts at, compared with the unrounded score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Threshold {
    /// Strictly greater than the rating.
    Above(Rating),
    /// Greater than or equal to the rating.
    AtLeast(Rating),
    /// Strictly less than the rating.
    Below(Rating),
    /// Less than or equal to the rating.
    AtMost(Rating),
    /// Any score: the last band.
    Otherwise,
}

/// A classification band: the label a score gets when it meets the threshold. Bands are tried
/// in order; the first that a score meets gives its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// The classification, e.g. "Consolidated Democracy".
    pub label: String,
    /// When a score falls in this band.
    pub threshold: Threshold,
}

/// A rating system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Methodology {
    /// The id project files name, e.g. `"nit-2020"`.
    pub id: String,
    /// Human name, e.g. "Nations in Transit (2020 scale)".
    pub name: String,
    /// The report's name, used in chapter titles: "Nations in Transit".
    pub report: String,
    /// The categories in published order.
    pub categories: Vec<CategoryDef>,
    /// The scale every rating lies on.
    pub scale: Scale,
    /// How ratings combine.
    pub aggregation: Aggregation,
    /// How the score becomes a percentage, if the report publishes one.
    pub percentage: Option<PercentageRule>,
    /// Decimals the score and percentage are published with.
    pub decimals: u32,
    /// The classification bands, tried in order.
    pub bands: Vec<Band>,
}

/// Why a rating does not fit a methodology's scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RatingProblem {
    /// Below the minimum or above the maximum.
    #[error("{rating} is outside the scale {min} to {max}")]
    OutOfRange {
        /// The rating.
        rating: Rating,
        /// Scale minimum.
        min: Rating,
        /// Scale maximum.
        max: Rating,
    },
    /// Not a whole number of steps from the minimum.
    #[error("{rating} is not a step of {step} on the scale")]
    OffStep {
        /// The rating.
        rating: Rating,
        /// The scale's step.
        step: Rating,
    },
}

fn r(hundredths: u32) -> Rating {
    Rating::from_hundredths(hundredths)
}

impl Methodology {
    /// The methodologies Rapporteur knows, by id.
    #[must_use]
    pub fn builtin(id: &str) -> Option<Self> {
        match id {
            "nit-2020" => Some(Self::nit_2020()),
            _ => None,
        }
    }

    /// Ids of every built-in methodology.
    #[must_use]
    pub fn builtin_ids() -> &'static [&'static str] {
        &["nit-2020"]
    }

    /// Nations in Transit on its 2020+ scale: seven categories rated 1.00–7.00 in quarter
    /// points, 7 most democratic; Democracy Score the mean; Democracy Percentage
    /// (score − 1) / 6 × 100; five regime classifications.
    #[must_use]
    pub fn nit_2020() -> Self {
        let cat = |code: &str, name: &str, description: &str| CategoryDef {
            code: code.to_owned(),
            name: name.to_owned(),
            description: description.to_owned(),
        };
        let band = |label: &str, threshold| Band { label: label.to_owned(), threshold };
        Self {
            id: "nit-2020".to_owned(),
            name: "Nations in Transit (2020 scale)".to_owned(),
            report: "Nations in Transit".to_owned(),
            categories: vec![
                cat(
                    "NDG",
                    "National Democratic Governance",
                    "How democratic the system of government is, and how independent, effective \
                     and accountable the legislature and the executive are.",
                ),
                cat(
                    "EP",
                    "Electoral Process",
                    "National executive and legislative elections, the electoral framework, \
                     multiparty competition and how people take part in politics.",
                ),
                cat(
                    "CS",
                    "Civil Society",
                    "The capacity and finances of civic groups, the legal and political climate \
                     they work in, trade unions, interest groups in policy making, and the threat \
                     of antidemocratic extremist groups.",
                ),
                cat(
                    "IM",
                    "Independent Media",
                    "Press freedom (libel law, harassment of journalists, editorial \
                     independence), a financially viable private press, and public media.",
                ),
                cat(
                    "LDG",
                    "Local Democratic Governance",
                    "Decentralization; the powers, election and capacity of local government; \
                     and the transparency and accountability of local authorities.",
                ),
                cat(
                    "JFI",
                    "Judicial Framework and Independence",
                    "Constitutional and human-rights protections, judicial independence, \
                     minority rights, equality before the law, the treatment of suspects and \
                     prisoners, and whether court decisions are carried out.",
                ),
                cat(
                    "CO",
                    "Corruption",
                    "How corruption is perceived, the business interests of top officials, \
                     disclosure and conflict-of-interest rules, and whether anticorruption \
                     efforts work.",
                ),
            ],
            scale: Scale { min: r(100), max: r(700), step: r(25), high_is_democratic: true },
            aggregation: Aggregation::MeanOfRated,
            percentage: Some(PercentageRule::LinearOnScale),
            decimals: 2,
            bands: vec![
                band("Consolidated Democracy", Threshold::Above(r(500))),
                band("Semi-Consolidated Democracy", Threshold::Above(r(400))),
                band("Transitional or Hybrid Regime", Threshold::Above(r(300))),
                band("Semi-Consolidated Authoritarian Regime", Threshold::Above(r(200))),
                band("Consolidated Authoritarian Regime", Threshold::Otherwise),
            ],
        }
    }

    /// The category with this code.
    #[must_use]
    pub fn category(&self, code: &str) -> Option<&CategoryDef> {
        self.categories.iter().find(|c| c.code == code)
    }

    /// The category with this published name (exact, ignoring case and surrounding space).
    #[must_use]
    pub fn category_by_name(&self, name: &str) -> Option<&CategoryDef> {
        let name = name.trim();
        self.categories.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// A chapter's title: "Nations in Transit 2024 - Kazakhstan".
    #[must_use]
    pub fn chapter_title(&self, country: &str, edition: i32) -> String {
        format!("{} {edition} - {country}", self.report)
    }

    /// Whether a rating lies on the scale and on its step.
    pub fn check_rating(&self, rating: Rating) -> Result<(), RatingProblem> {
        let Scale { min, max, step, .. } = self.scale;
        if rating < min || rating > max {
            return Err(RatingProblem::OutOfRange { rating, min, max });
        }
        if step.hundredths() != 0 && !(rating.hundredths() - min.hundredths()).is_multiple_of(step.hundredths()) {
            return Err(RatingProblem::OffStep { rating, step });
        }
        Ok(())
    }

    /// The rating one step towards the top of the scale from `rating`: the next rating on the
    /// step above it, clamped to the scale; the bottom of the scale when there is none yet.
    #[must_use]
    pub fn step_up(&self, rating: Option<Rating>) -> Rating {
        let Scale { min, max, step, .. } = self.scale;
        let Some(r) = rating else { return min };
        if r < min {
            return min;
        }
        let step = step.hundredths().max(1);
        let k = (r.hundredths() - min.hundredths()) / step + 1;
        Rating::from_hundredths(min.hundredths() + k * step).min(max)
    }

    /// The rating one step towards the bottom of the scale from `rating`: the next rating on
    /// the step below it, clamped to the scale; the bottom of the scale when there is none yet.
    #[must_use]
    pub fn step_down(&self, rating: Option<Rating>) -> Rating {
        let Scale { min, max, step, .. } = self.scale;
        let Some(r) = rating else { return min };
        if r > max {
            return max;
        }
        if r <= min {
            return min;
        }
        let step = step.hundredths().max(1);
        let k = (r.hundredths() - min.hundredths() - 1) / step;
        Rating::from_hundredths(min.hundredths() + k * step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nit_scale_checks_range_and_step() {
        let m = Methodology::nit_2020();
        assert_eq!(m.check_rating(r(100)), Ok(()));
        assert_eq!(m.check_rating(r(700)), Ok(()));
        assert_eq!(m.check_rating(r(475)), Ok(()));
        assert!(matches!(m.check_rating(r(75)), Err(RatingProblem::OutOfRange { .. })));
        assert!(matches!(m.check_rating(r(725)), Err(RatingProblem::OutOfRange { .. })));
        assert!(matches!(m.check_rating(r(130)), Err(RatingProblem::OffStep { .. })));
        assert_eq!(
            m.check_rating(r(130)).map_err(|e| e.to_string()),
            Err("1.30 is not a step of 0.25 on the scale".to_owned())
        );
    }

    #[test]
    fn steps_move_along_the_scale_and_stop_at_its_ends() {
        let m = Methodology::nit_2020();
        assert_eq!(m.step_up(Some(r(125))), r(150));
        assert_eq!(m.step_up(Some(r(130))), r(150));
        assert_eq!(m.step_up(Some(r(700))), r(700));
        assert_eq!(m.step_up(Some(r(50))), r(100));
        assert_eq!(m.step_up(None), r(100));
        assert_eq!(m.step_down(Some(r(150))), r(125));
        assert_eq!(m.step_down(Some(r(130))), r(125));
        assert_eq!(m.step_down(Some(r(100))), r(100));
        assert_eq!(m.step_down(Some(r(900))), r(700));
        assert_eq!(m.step_down(None), r(100));
    }

    #[test]
    fn builtins_are_found_by_id() {
        for id in Methodology::builtin_ids() {
            assert_eq!(Methodology::builtin(id).map(|m| m.id), Some((*id).to_owned()));
        }
        assert_eq!(Methodology::builtin("nope"), None);
        let m = Methodology::nit_2020();
        assert_eq!(m.category_by_name(" corruption ").map(|c| c.code.as_str()), Some("CO"));
    }
}
