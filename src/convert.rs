//! Converting a chapter from one methodology to another, as the first methodology's file says
//! (`conversion: (to: "nit-2020", rule: Reflect)`): an archived Nations in Transit chapter on
//! the pre-2020 scale (1 most democratic) moved to today's (7 most democratic) as
//! new = 8 − old. One function for `rapporteur convert` and the editor's undoable action; the
//! chapter records what was done ([`Chapter::conversions`]).

use crate::index::ConversionRule;
use crate::method::Methodology;
use crate::model::{Chapter, Conversion, Rating};

/// Why a chapter cannot be converted, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConvertError(pub String);

/// The methodology `from`'s file converts to, by id, if any.
#[must_use]
pub fn target(from: &Methodology) -> Option<&str> {
    from.def.conversion.as_ref().map(|c| c.to.as_str())
}

/// `chapter`, rated under `from`, converted to `to`: every rating and last year's rating by the
/// rule `from`'s file gives, the methodology and (where it was the methodology's own) the
/// title changed, texts and footnotes kept as they are, and the conversion recorded.
///
/// Refused, with the reason, when `from` does not convert to `to`, when the chapter has an
/// item `to` does not know (NIT's pre-2005 "GOV"), or when a converted rating would not lie on
/// `to`'s scale.
pub fn convert(chapter: &Chapter, from: &Methodology, to: &Methodology) -> Result<Chapter, ConvertError> {
    let Some(conversion) = from.def.conversion.as_ref().filter(|c| c.to == to.def.id) else {
        return Err(ConvertError(match target(from) {
            Some(t) => format!("{} converts to {t}, not to {}", from.name, to.def.id),
            None => format!("{} does not say how to convert its chapters to another methodology", from.name),
        }));
    };
    let mut out = chapter.clone();
    let mut rule_words = String::new();
    for entry in &mut out.categories {
        if !from.is_item(&entry.code) {
            continue;
        }
        let Some(scale) = to.scale(&entry.code) else {
            if entry.rating.is_none() && entry.last_year.is_none() {
                continue;
            }
            return Err(ConvertError(format!(
                "{} ({}) has no counterpart in {}; a chapter rating it cannot be converted",
                from.category(&entry.code).map_or(entry.code.as_str(), |c| c.name.as_str()),
                entry.code,
                to.name
            )));
        };
        let ends = scale.min.hundredths() + scale.max.hundredths();
        let one = |r: Rating| -> Result<Rating, ConvertError> {
            let new = match conversion.rule {
                ConversionRule::Same => Some(r),
                ConversionRule::Reflect => ends.checked_sub(r.hundredths()).map(Rating::from_hundredths),
            };
            let new = new.filter(|n| to.check_rating(&entry.code, *n).is_ok()).ok_or_else(|| {
                ConvertError(format!(
                    "{} rating {} does not convert to a rating on the scale of {}",
                    entry.code,
                    from.show(&entry.code, r),
                    to.name
                ))
            })?;
            Ok(new)
        };
        entry.rating = entry.rating.map(one).transpose()?;
        entry.last_year = entry.last_year.map(one).transpose()?;
        if rule_words.is_empty() {
            rule_words = match conversion.rule {
                ConversionRule::Same => "new = old".to_owned(),
                ConversionRule::Reflect => {
                    let ends =
                        crate::method::show_rating(Rating::from_hundredths(ends), if ends % 100 == 0 { 0 } else { 2 });
                    format!("new = {ends} \u{2212} old")
                }
            };
        }
    }
    let entries = std::mem::take(&mut out.categories);
    // Today's order: the target's outline, then anything it does not place.
    let mut rest = entries;
    for def in &to.categories {
        if let Some(i) = rest.iter().position(|e| e.code == def.code) {
            out.categories.push(rest.remove(i));
        } else if to.items_in(out.edition).contains(&def.code.as_str()) {
            out.categories.push(crate::model::CategoryEntry {
                code: def.code.clone(),
                rating: None,
                last_year: None,
                bullets: Vec::new(),
            });
        }
    }
    out.categories.extend(rest);
    if out.title == from.chapter_title(&out.country, out.edition) {
        out.title = to.chapter_title(&out.country, out.edition);
    }
    if rule_words.is_empty() {
        rule_words = format!("{:?}", conversion.rule).to_lowercase();
    }
    out.conversions.push(Conversion { from: chapter.methodology.clone(), to: to.id.clone(), rule: rule_words });
    out.methodology.clone_from(&to.id);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(id: &str) -> Methodology {
        Methodology::builtin(id).unwrap_or_else(|| panic!("{id} is built in"))
    }

    #[test]
    fn an_archived_chapter_turns_over_onto_todays_scale_and_says_so() {
        let (old, new) = (builtin("nit-pre-2020"), builtin("nit-2020"));
        let mut c = Chapter::new(&old, "Kosovo", 2019);
        // Kosovo 2019 on the old scale, spread to the published sum (see tests/index.rs).
        let ratings = [("EP", 475), ("CS", 350), ("IM", 500), ("NDG", 575), ("LDG", 450), ("JFI", 550), ("CO", 525)];
        for (code, h) in ratings {
            if let Some(e) = c.category_mut(code) {
                e.rating = Some(Rating::from_hundredths(h));
            }
        }
        let p = c.new_block("Kept as written.");
        *c.text_mut("executive_summary") = vec![p];
        let converted = convert(&c, &old, &new).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(converted.methodology, "nit-2020");
        assert_eq!(converted.title, "Nations in Transit 2019 - Kosovo");
        let got: Vec<(&str, Option<u32>)> =
            converted.categories.iter().map(|e| (e.code.as_str(), e.rating.map(Rating::hundredths))).collect();
        assert_eq!(
            got,
            [
                ("NDG", Some(225)),
                ("EP", Some(325)),
                ("CS", Some(450)),
                ("IM", Some(300)),
                ("LDG", Some(350)),
                ("JFI", Some(250)),
                ("CO", Some(275))
            ]
        );
        assert_eq!(converted.text("executive_summary"), c.text("executive_summary"));
        assert_eq!(
            converted.conversions,
            [Conversion { from: "nit-pre-2020".into(), to: "nit-2020".into(), rule: "new = 8 \u{2212} old".into() }]
        );
        // The published 2020-scale figures of Kosovo 2019: 3.11 and 35.12.
        let card = crate::score::ScoreCard::compute(&converted, &new);
        let lines = card.lines(&converted, &new);
        let shown: Vec<&str> = lines.figures.iter().take(2).map(crate::score::CardLine::this_year_shown).collect();
        assert_eq!(shown, ["3.11", "35.12"]);
    }

    #[test]
    fn what_cannot_convert_is_refused_with_the_reason() {
        let (old, new, fiw) = (builtin("nit-pre-2020"), builtin("nit-2020"), builtin("fiw"));
        let mut c = Chapter::new(&old, "Slovakia", 2004);
        if let Some(e) = c.category_mut("GOV") {
            e.rating = Some(Rating::from_hundredths(200));
        }
        assert_eq!(
            convert(&c, &old, &new).map_err(|e| e.to_string()),
            Err("Governance (GOV) has no counterpart in Nations in Transit (2020 scale); a chapter rating it cannot be converted".to_owned())
        );
        assert_eq!(
            convert(&c, &old, &fiw).map_err(|e| e.to_string()),
            Err("Nations in Transit (scale before 2020) converts to nit-2020, not to fiw".to_owned())
        );
        let today = Chapter::new(&new, "Slovakia", 2024);
        assert!(convert(&today, &new, &old).is_err_and(|e| e.0.contains("does not say how to convert")));
    }
}
