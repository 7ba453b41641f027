//! Each check made to fire on a small change to a clean chapter, which itself stays quiet.

use super::*;
use crate::changes::category_sentence;
use crate::model::{Authors, Footnote, Rating, TextBlock};

fn r(h: u32) -> Rating {
    Rating::from_hundredths(h)
}

/// A clean chapter with the seed's ratings: Local Democratic Governance declined from 1.75 to
/// 1.50, every other category at 1.25 both years.
fn clean() -> (Chapter, Methodology) {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "Kazakhstan", 2024);
    c.authors = Authors::Anonymous;
    for entry in &mut c.categories {
        let (now, last) = if entry.code == "LDG" { (150, 175) } else { (125, 125) };
        entry.rating = Some(r(now));
        entry.last_year = Some(r(last));
    }
    let ldg = category_sentence(&m, "LDG", r(175), r(150), "local councils losing what autonomy they had")
        .unwrap_or_else(|| unreachable!());
    c.score_changes =
        vec![c.new_block(ldg), c.new_block("As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.")];
    let b = c.new_block("The president kept a balance of old and new appointees.[^1]");
    *c.text_mut("executive_summary") = vec![b];
    let b = c.new_block("Power stayed with the presidency through the year.[^2]");
    *c.text_mut("at_a_glance") = vec![b];
    for i in 0..c.categories.len() {
        let b = c.new_block(format!("A development in this area, with its source.[^{}]", i + 3));
        c.categories[i].bullets.push(b);
    }
    for n in 1..=9 {
        c.add_footnote(
            n.to_string(),
            format!("Source number {n}, a report."),
            Some(format!("https://example.org/report/{n}")),
        );
    }
    (c, m)
}

fn run(c: &Chapter, m: &Methodology) -> Vec<Finding> {
    check(c, m)
}

/// The only finding of `c`, which must have `code`.
fn only(c: &Chapter, m: &Methodology, code: Code) -> Finding {
    let found = run(c, m);
    assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), [code], "{found:#?}");
    found.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn bullet_id(c: &Chapter, code: &str, i: usize) -> Id {
    c.category(code).map_or_else(|| unreachable!(), |e| e.bullets[i].id)
}

#[test]
fn clean_chapter_has_no_findings() {
    let (c, m) = clean();
    assert_eq!(run(&c, &m), []);
}

#[test]
fn every_code_has_one_name_and_severity() {
    let mut seen = std::collections::HashSet::new();
    for &code in Code::ALL {
        assert!(seen.insert(code.as_str()), "{code} twice");
        // What `check --json` prints is the name, and the name reads back.
        assert_eq!(serde_json::to_string(&code).ok(), Some(format!("\"{code}\"")));
        assert_eq!(Code::from_name(code.as_str()), Some(code));
    }
    assert_eq!(Code::FootnoteMissing.severity(), Severity::Error);
    assert_eq!(Code::BulletUncited.severity(), Severity::Note);
    assert_eq!(Code::ChangeStale.as_str(), "change-stale");
    assert_eq!(Code::from_name("nope"), None);
    assert!(Code::RatingOutOfRange == "rating-out-of-range");
}

/// The README's Findings section lists every code under its severity; it must agree with the
/// enum (both ways).
#[test]
fn the_readme_lists_every_code_under_its_severity() {
    let readme = include_str!("../../README.md");
    let section = readme.split("## Findings").nth(1).and_then(|s| s.split("\n## ").next()).unwrap_or_default();
    let mut listed = Vec::new();
    for (heading, severity) in
        [("**errors**", Severity::Error), ("**warnings**", Severity::Warning), ("**notes**", Severity::Note)]
    {
        let start = section.find(heading).unwrap_or_else(|| panic!("{heading} missing from the README"));
        let rest = &section[start..];
        let end = rest.find(";\n").or_else(|| rest.find(".\n")).unwrap_or(rest.len());
        for name in rest[..end].split('`').skip(1).step_by(2) {
            listed.push((name.to_owned(), severity));
        }
    }
    let mut expected: Vec<_> = Code::ALL.iter().map(|c| (c.as_str().to_owned(), c.severity())).collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
}

#[test]
fn footnote_missing_points_at_the_marker() {
    let (mut c, m) = clean();
    c.category_mut("CO").unwrap_or_else(|| unreachable!()).bullets[0].text = "Graft.[^9] More graft.[^10]".into();
    let f = only(&c, &m, Code::FootnoteMissing);
    let id = bullet_id(&c, "CO", 0);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.location, Location::in_block(Section::Category("CO".into()), id, 22..27));
    assert_eq!(f.message, "footnote [^10] has no definition");
    assert_eq!(describe(&f.location, &c, &m), "Corruption, bullet 1");
}

#[test]
fn lost_footnote_list_gives_one_finding_per_marker() {
    let (mut c, m) = clean();
    c.footnotes.clear();
    c.text_mut("executive_summary")[0].text.push_str(" Again.[^1]");
    let found = run(&c, &m);
    assert_eq!(found.len(), 10);
    assert!(found.iter().all(|f| f.code == Code::FootnoteMissing));
    assert_eq!(found[1].location.range, Some(66..70));
}

#[test]
fn footnote_unused() {
    let (mut c, m) = clean();
    let id = c.new_id();
    c.footnotes.push(Footnote { id, label: "10".into(), text: "Spare.".into(), url: None, accessed: None });
    let f = only(&c, &m, Code::FootnoteUnused);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.location, Location::footnote(id));
    assert_eq!(f.message, "footnote [^10] is not cited anywhere in the text");
    assert_eq!(describe(&f.location, &c, &m), "Footnotes, entry 10");
}

#[test]
fn footnote_duplicate() {
    let (mut c, m) = clean();
    let id = c.new_id();
    c.footnotes.push(Footnote { id, label: "4".into(), text: "Another four.".into(), url: None, accessed: None });
    let f = only(&c, &m, Code::FootnoteDuplicate);
    assert_eq!(f.location, Location::footnote(id));
    assert_eq!(f.message, "footnote [^4] is defined twice (entries 4 and 10)");
}

#[test]
fn footnote_order_fires_once_at_the_first_out_of_order_marker() {
    let (mut c, m) = clean();
    c.text_mut("executive_summary")[0].text = "Balance.[^2]".into();
    c.text_mut("at_a_glance")[0].text = "Power.[^1]".into();
    let f = only(&c, &m, Code::FootnoteOrder);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.location, Location::in_block(Section::Text("at_a_glance".into()), c.text("at_a_glance")[0].id, 6..10));
    assert_eq!(
        f.message,
        "footnote [^1] first appears after [^2]: footnotes are not numbered in order of appearance (renumber to fix)"
    );
    assert_eq!(run(&crate::footnotes::renumber(&c, &m), &m), []);
}

#[test]
fn footnote_numbering_gap() {
    let (mut c, m) = clean();
    c.text_mut("executive_summary")[0].text = "Balance.[^2]".into();
    c.text_mut("at_a_glance")[0].text = "Power.[^3]".into();
    c.category_mut("NDG").unwrap_or_else(|| unreachable!()).bullets[0].text = "Text.[^1]".into();
    // 2, 3, 1, … is out of order, not a gap.
    assert_eq!(only(&c, &m, Code::FootnoteOrder).code, Code::FootnoteOrder);
    let (mut c, m) = clean();
    c.footnotes.retain(|f| f.label != "5");
    c.category_mut("CS").unwrap_or_else(|| unreachable!()).bullets[0].text = "No source here.".into();
    let found = run(&c, &m);
    let codes_found: Vec<_> = found.iter().map(|f| f.code).collect();
    assert_eq!(codes_found, [Code::BulletUncited, Code::FootnoteNumberingGap]);
    assert_eq!(found[1].severity, Severity::Note);
    assert_eq!(found[1].message, "footnote numbering skips from [^4] to [^6] (renumber to fix)");
}

#[test]
fn renumbered_chapter_is_quiet_about_order() {
    let (mut c, m) = clean();
    c.text_mut("executive_summary")[0].text = "Balance.[^7]".into();
    c.categories[4].bullets[0].text = "Local.[^1]".into();
    let before: Vec<_> = run(&c, &m).iter().map(|f| f.code).collect();
    assert_eq!(before, [Code::FootnoteOrder]);
    assert_eq!(run(&crate::footnotes::renumber(&c, &m), &m), []);
}

#[test]
fn footnote_empty_and_url() {
    let (mut c, m) = clean();
    c.footnotes[2].text = "  ".into();
    let f = only(&c, &m, Code::FootnoteEmpty);
    assert_eq!((f.severity, f.message.as_str()), (Severity::Error, "footnote [^3] has no citation text"));
    assert_eq!(f.location, Location::footnote(c.footnotes[2].id));
    let (mut c, m) = clean();
    c.footnotes[0].url = Some("htps//example.org/x".into());
    let f = only(&c, &m, Code::FootnoteUrl);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "footnote [^1] has an address that is not a valid URL (it has no scheme such as https://): htps//example.org/x"
    );
    c.footnotes[0].url = Some(String::new());
    assert_eq!(run(&c, &m), [], "an empty address is no address");
}

#[test]
fn footnote_label_invalid() {
    let (mut c, m) = clean();
    let id = c.new_id();
    c.footnotes.push(Footnote { id, label: "1 0".into(), text: "Odd.".into(), url: None, accessed: None });
    let f = only(&c, &m, Code::FootnoteLabelInvalid);
    assert_eq!(
        f.message,
        "footnote entry 10 has the label \"1 0\", which no marker can use (labels have no spaces or brackets)"
    );
}

#[test]
fn marker_malformed_each_kind() {
    for (text, range, message) in [
        ("Text [^3 and on", 5..8, "footnote marker \"[^3\" has no closing \"]\""),
        ("Text [^3][^]", 9..12, "footnote marker \"[^]\" has no label"),
        ("Text [^3][^1 2]", 9..15, "footnote marker \"[^1 2]\" has spaces in its label"),
    ] {
        let (mut c, m) = clean();
        c.categories[0].bullets[0].text = text.into();
        let found = run(&c, &m);
        let f = found.iter().find(|f| f.code == Code::MarkerMalformed).unwrap_or_else(|| panic!("{found:#?}"));
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.location.range, Some(range), "{text}");
        assert_eq!(f.message, message);
    }
}

#[test]
fn rating_missing_out_of_range_off_step() {
    let (mut c, m) = clean();
    c.category_mut("EP").unwrap_or_else(|| unreachable!()).rating = None;
    // An unrated category also makes the score differ from what the sentence says.
    let found = run(&c, &m);
    let f = &found[0];
    assert_eq!((f.code, f.message.as_str()), (Code::RatingMissing, "Electoral Process has no rating"));
    assert_eq!(f.location, Location::section(Section::Category("EP".into())));

    let (mut c, m) = clean();
    c.category_mut("EP").unwrap_or_else(|| unreachable!()).last_year = Some(r(750));
    let found = run(&c, &m);
    let f = found.iter().find(|f| f.code == Code::RatingOutOfRange).unwrap_or_else(|| unreachable!());
    assert_eq!(f.message, "Electoral Process's rating last year 7.50 is outside the scale 1.00 to 7.00");

    let (mut c, m) = clean();
    let e = c.category_mut("CO").unwrap_or_else(|| unreachable!());
    e.rating = Some(r(130));
    e.last_year = Some(r(130));
    let found = run(&c, &m);
    assert_eq!(found[0].code, Code::ChangeMismatch, "the score moved too");
    let f = found.iter().find(|f| f.code == Code::RatingOffStep).unwrap_or_else(|| unreachable!());
    assert_eq!(f.message, "Corruption's rating 1.30 is not a step of 0.25 on the scale");
    assert_eq!(found.iter().filter(|f| f.code == Code::RatingOffStep).count(), 2);
}

#[test]
fn unknown_and_duplicate_categories() {
    let (mut c, m) = clean();
    let mut extra = c.categories[0].clone();
    extra.bullets.clear();
    c.categories.push(extra.clone());
    extra.code = "XX".into();
    extra.rating = None;
    c.categories.push(extra);
    let found = run(&c, &m);
    let got: Vec<_> = found.iter().map(|f| (f.code, f.message.as_str())).collect();
    assert_eq!(
        got,
        [
            (Code::CategoryDuplicate, "National Democratic Governance is listed twice; only the first is scored"),
            (Code::BulletsMissing, "National Democratic Governance is rated but has no bullets justifying the rating"),
            (
                Code::CategoryUnknown,
                "the chapter has a category \"XX\" that Nations in Transit (2020 scale) does not rate"
            ),
        ]
    );
}

#[test]
fn change_unexplained() {
    let (mut c, m) = clean();
    c.score_changes.remove(0);
    let found = run(&c, &m);
    let f = only(&c, &m, Code::ChangeUnexplained);
    assert_eq!(found.len(), 1);
    assert_eq!(f.location, Location::section(Section::Category("LDG".into())));
    assert_eq!(
        f.message,
        "Local Democratic Governance rating declined from 1.75 to 1.50, but no score-change item explains it"
    );
}

#[test]
fn change_mismatch_on_wrong_figures_or_direction() {
    let (mut c, m) = clean();
    let text = "Local Democratic Governance rating improved from 1.75 to 1.50 due to reforms.";
    c.score_changes[0].text = text.into();
    let f = only(&c, &m, Code::ChangeMismatch);
    assert_eq!(f.location, Location::in_block(Section::ScoreChanges, c.score_changes[0].id, 35..61));
    assert_eq!(&text[35..61], "improved from 1.75 to 1.50");
    assert_eq!(
        f.message,
        "this item says Local Democratic Governance rating improved from 1.75 to 1.50, but the ratings say it declined from 1.75 to 1.50"
    );
    assert_eq!(describe(&f.location, &c, &m), "Score changes, item 1");

    c.score_changes[0].text = "Local Democratic Governance rating declined from 2.00 to 1.50 due to reforms.".into();
    assert_eq!(only(&c, &m, Code::ChangeMismatch).code, Code::ChangeMismatch);
}

#[test]
fn change_mismatch_on_the_overall_sentence() {
    let (mut c, m) = clean();
    c.score_changes[1].text = "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.28.".into();
    let f = only(&c, &m, Code::ChangeMismatch);
    assert_eq!(
        f.message,
        "this item says Kazakhstan's Democracy Score declined from 1.32 to 1.28, but the ratings give a score that declined from 1.32 to 1.29"
    );
    c.score_changes[1].text = "As a result, Kazakhstan’s Democracy Score improved from 1.32 to 1.29.".into();
    assert_eq!(only(&c, &m, Code::ChangeMismatch).code, Code::ChangeMismatch);
    c.score_changes[1].text = "As a result, Kazakhstan’s Democracy Score remained the same at 1.29.".into();
    assert_eq!(only(&c, &m, Code::ChangeMismatch).code, Code::ChangeMismatch);
    c.score_changes[1].text = crate::changes::overall_for(&c, &m).unwrap_or_default();
    assert_eq!(c.score_changes[1].text, "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.");
    assert_eq!(run(&c, &m), []);
}

#[test]
fn no_score_changes_item_contradicted() {
    let (mut c, m) = clean();
    c.score_changes = vec![TextBlock { id: c.score_changes[0].id, text: "No score changes.".into() }];
    let got: Vec<_> = run(&c, &m).into_iter().map(|f| (f.code, f.message)).collect();
    assert_eq!(
        got,
        [
            (
                Code::ChangeOverallMissing,
                "no item gives the resulting Democracy Score; it would read \"As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.\"".to_owned()
            ),
            (
                Code::ChangeMismatch,
                "this item says there were no score changes, but the Local Democratic Governance rating changed".to_owned()
            ),
            (
                Code::ChangeUnexplained,
                "Local Democratic Governance rating declined from 1.75 to 1.50, but no score-change item explains it"
                    .to_owned()
            ),
        ]
    );
}

#[test]
fn change_stale() {
    let (mut c, m) = clean();
    let text = "Corruption rating declined from 1.50 to 1.25 due to new scandals.";
    let b = c.new_block(text);
    c.score_changes.insert(1, b);
    let f = only(&c, &m, Code::ChangeStale);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.location.range, Some(18..44));
    assert_eq!(
        f.message,
        "Corruption rating did not change (it is 1.25, as last year), but this item says it declined"
    );
}

#[test]
fn change_item_for_a_category_without_both_ratings_is_stale() {
    let (mut c, m) = clean();
    c.category_mut("LDG").unwrap_or_else(|| unreachable!()).last_year = None;
    let got: Vec<_> = run(&c, &m).into_iter().map(|f| (f.code, f.location.block, f.message)).collect();
    assert_eq!(
        got,
        [
            (
                Code::ChangeStale,
                Some(c.score_changes[0].id),
                "Local Democratic Governance has no rating last year, so this item (it says the rating declined) \
                 cannot be checked against the ratings"
                    .to_owned()
            ),
            (
                Code::ChangeMismatch,
                Some(c.score_changes[1].id),
                "this item says Kazakhstan's Democracy Score declined from 1.32 to 1.29, but the ratings give a score \
                 that improved from 1.25 to 1.29"
                    .to_owned()
            ),
        ]
    );
    assert_eq!(Code::ChangeStale.severity(), Severity::Warning);
}

/// Bug 5: last year six categories averaged 1.2917, this year seven average 1.2857; both
/// publish as 1.29, so the score "remained the same at 1.29", and "declined from 1.29 to
/// 1.29" contradicts itself.
#[test]
fn equal_published_scores_must_read_remained_the_same() {
    let (mut c, m) = clean();
    for e in &mut c.categories {
        let h = if e.code == "CO" { 150 } else { 125 };
        e.rating = Some(r(h));
        e.last_year = (e.code != "LDG").then(|| r(h));
    }
    c.score_changes.truncate(1);
    c.score_changes[0].text = "As a result, Kazakhstan’s Democracy Score remained the same at 1.29.".into();
    assert_eq!(run(&c, &m), []);
    assert_eq!(
        crate::changes::overall_for(&c, &m).as_deref(),
        Some("As a result, Kazakhstan’s Democracy Score remained the same at 1.29.")
    );
    c.score_changes[0].text = "As a result, Kazakhstan’s Democracy Score declined from 1.29 to 1.29.".into();
    let f = only(&c, &m, Code::ChangeMismatch);
    assert_eq!(
        f.message,
        "this item says Kazakhstan's Democracy Score declined from 1.29 to 1.29, but the ratings give a score that \
         remained the same at 1.29"
    );
}

#[test]
fn change_reason_missing_for_a_placeholder_or_none() {
    for text in [
        "Local Democratic Governance rating declined from 1.75 to 1.50 due to …",
        "Local Democratic Governance rating declined from 1.75 to 1.50.",
        "Local Democratic Governance rating declined from 1.75 to 1.50 due to ...",
    ] {
        let (mut c, m) = clean();
        c.score_changes[0].text = text.into();
        let f = only(&c, &m, Code::ChangeReasonMissing);
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.message, "the reason for the Local Democratic Governance change is not written yet");
        assert_eq!(f.location.range.map(|r| r.start), Some(61), "{text}");
    }
}

#[test]
fn change_duplicate_wrong_country_unreadable_and_overall_missing() {
    let (mut c, m) = clean();
    let again = c.score_changes[0].clone();
    let b = c.new_block(again.text);
    c.score_changes.insert(1, b);
    let f = only(&c, &m, Code::ChangeDuplicate);
    assert_eq!(f.message, "Local Democratic Governance already has a score-change item (item 1)");

    let (mut c, m) = clean();
    c.score_changes[1].text = "As a result, Kyrgyzstan’s Democracy Score declined from 1.32 to 1.29.".into();
    let f = only(&c, &m, Code::ChangeWrongCountry);
    assert_eq!(f.message, "this item names Kyrgyzstan, but the chapter is about Kazakhstan");
    assert_eq!(f.location.range, Some(13..23));

    let (mut c, m) = clean();
    let b = c.new_block("Local governance got worse overall.");
    c.score_changes.insert(1, b);
    let f = only(&c, &m, Code::ChangeUnreadable);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "this item is not in the standard form (\"<Category> rating declined from A to B due to …\" or \"As a \
         result, <Country>’s Democracy Score …\"), so it cannot be checked against the ratings"
    );
    // Each methodology names its own forms.
    let (mut c, m) = clean_fiw();
    c.score_changes[0].text = "Things got worse.".into();
    assert_eq!(
        only(&c, &m, Code::ChangeUnreadable).message,
        "this item is not in the standard form (\"<Code>: The score declined from A to B due to …\" or \"Status \
         Change: <Country>'s status …\"), so it cannot be checked against the ratings"
    );

    let (mut c, m) = clean();
    c.score_changes.pop();
    let f = only(&c, &m, Code::ChangeOverallMissing);
    assert_eq!(f.location, Location::section(Section::ScoreChanges));
}

#[test]
fn bullets_missing_uncited_and_empty_blocks() {
    let (mut c, m) = clean();
    c.category_mut("IM").unwrap_or_else(|| unreachable!()).bullets.clear();
    c.category_mut("CS").unwrap_or_else(|| unreachable!()).bullets[0].text.push_str("[^6]");
    let f = only(&c, &m, Code::BulletsMissing);
    assert_eq!(
        (f.severity, f.message.as_str()),
        (Severity::Warning, "Independent Media is rated but has no bullets justifying the rating")
    );

    let (mut c, m) = clean();
    c.categories[1].bullets[0].text = "No source.".into();
    c.footnotes.retain(|f| f.label != "4");
    c.text_mut("executive_summary")[0].text.push_str("[^4]");
    let found = run(&c, &m);
    let f = found.iter().find(|f| f.code == Code::BulletUncited).unwrap_or_else(|| unreachable!());
    assert_eq!((f.severity, f.message.as_str()), (Severity::Note, "this bullet cites no footnote"));
    assert_eq!(describe(&f.location, &c, &m), "Electoral Process, bullet 1");

    let (mut c, m) = clean();
    let b = c.new_block("  ");
    c.text_mut("executive_summary").push(b);
    let f = only(&c, &m, Code::BlockEmpty);
    assert_eq!(f.message, "this paragraph is empty");
    assert_eq!(describe(&f.location, &c, &m), "Executive Summary, paragraph 2");
}

#[test]
fn section_empty_author_missing_country_and_title() {
    let (mut c, m) = clean();
    c.footnotes.retain(|f| f.label != "2");
    c.text_mut("at_a_glance").clear();
    let found: Vec<_> = run(&c, &m).into_iter().map(|f| (f.code, f.message)).collect();
    assert_eq!(found[0], (Code::SectionEmpty, "the At-a-Glance section is empty".to_owned()));

    let (mut c, m) = clean();
    c.authors = Authors::Named(vec![" ".into()]);
    let f = only(&c, &m, Code::AuthorMissing);
    assert_eq!(f.location, Location::section(Place::Header));
    assert_eq!(f.message, "no author is named; add one, or mark the chapter as anonymous");
    c.authors = Authors::Named(vec!["A. Writer".into()]);
    assert_eq!(run(&c, &m), []);

    let (mut c, m) = clean();
    c.title = "Nations in Transit 2023 - Kazakhstan".into();
    let f = only(&c, &m, Code::TitleMismatch);
    assert_eq!(f.severity, Severity::Note);
    c.country = String::new();
    let found: Vec<_> = run(&c, &m).into_iter().map(|f| f.code).collect();
    assert_eq!(found[0], Code::CountryMissing);
}

#[test]
fn counts_and_summary() {
    let (mut c, m) = clean();
    c.footnotes.clear();
    c.authors = Authors::Named(Vec::new());
    let report = Report::new(&c, &m);
    assert_eq!(report.counts, Counts { error: 9, warning: 1, note: 0 });
    assert_eq!(report.counts.summary(), "9 errors, 1 warning, 0 notes");
}

#[test]
fn places_are_written_as_a_kind_and_a_category_code() {
    let places = [
        Place::Header,
        Section::ScoreChanges.into(),
        Section::Text("executive_summary".into()).into(),
        Section::Text("at_a_glance".into()).into(),
        Section::Category("EP".into()).into(),
        Place::Footnotes,
    ];
    let written: Vec<String> = places.iter().map(|p| serde_json::to_string(p).unwrap_or_default()).collect();
    assert_eq!(
        written,
        [
            r#"{"kind":"header"}"#,
            r#"{"kind":"score_changes"}"#,
            r#"{"kind":"executive_summary"}"#,
            r#"{"kind":"at_a_glance"}"#,
            r#"{"kind":"category","category":"EP"}"#,
            r#"{"kind":"footnotes"}"#,
        ]
    );
    let pretty = serde_json::to_string_pretty(&Location::block(Section::Category("EP".into()), Id(4)));
    assert_eq!(
        pretty.unwrap_or_default(),
        "{\n  \"place\": {\n    \"kind\": \"category\",\n    \"category\": \"EP\"\n  },\n  \"block\": 4,\n  \
         \"footnote\": null,\n  \"range\": null\n}"
    );
}

/// A clean Freedom in the World 2024 chapter: every indicator scored 2 both years (Partly
/// Free), each justified by a paragraph; footnotes numbered in its reading order (overview,
/// key developments, score changes, then A1 … G4).
fn clean_fiw() -> (Chapter, Methodology) {
    let m = Methodology::builtin("fiw").unwrap_or_else(|| unreachable!());
    let mut c = Chapter::new(&m, "Kazakhstan", 2024);
    c.authors = Authors::Anonymous;
    let b = c.new_block("The year in brief.[^1]");
    *c.text_mut("overview") = vec![b];
    let b = c.new_block("Protests were put down.[^2]");
    *c.text_mut("key_developments") = vec![b];
    let b = c.new_block("No score changes.");
    c.score_changes = vec![b];
    let mut n = 2;
    for i in 0..c.categories.len() {
        if c.categories[i].code == "Add Q" {
            continue;
        }
        n += 1;
        c.categories[i].rating = Some(r(200));
        c.categories[i].last_year = Some(r(200));
        let b = c.new_block(format!("What happened under this indicator.[^{n}]"));
        c.categories[i].bullets.push(b);
    }
    for label in 1..=n {
        c.add_footnote(label.to_string(), format!("Source {label}."), Some(format!("https://example.org/{label}")));
    }
    (c, m)
}

#[test]
fn a_clean_fiw_chapter_has_no_findings() {
    let (c, m) = clean_fiw();
    assert_eq!(run(&c, &m), []);
}

#[test]
fn fiw_rating_out_of_range_and_off_step_on_the_indicators_scale() {
    let (mut c, m) = clean_fiw();
    let a1 = c.category_mut("A1").unwrap_or_else(|| unreachable!());
    a1.rating = Some(r(500));
    a1.last_year = Some(r(500));
    let found = run(&c, &m);
    let f = found.iter().find(|f| f.code == Code::RatingOutOfRange).unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(f.message, "A1 Head of government elected's rating 5 is outside the scale 0 to 4");
    assert_eq!(f.location, Location::section(Section::Category("A1".into())));
    assert_eq!(found.iter().filter(|f| f.code == Code::RatingOutOfRange).count(), 2, "this year and last");

    let (mut c, m) = clean_fiw();
    c.category_mut("B2").unwrap_or_else(|| unreachable!()).rating = Some(r(250));
    let found = run(&c, &m);
    let f = found.iter().find(|f| f.code == Code::RatingOffStep).unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(f.message, "B2 Opportunity for the opposition's rating 2.5 is not a step of 1 on the scale");
}

#[test]
fn fiw_unrated_items_are_those_of_the_edition_and_not_optional() {
    let (mut c, m) = clean_fiw();
    c.category_mut("G4").unwrap_or_else(|| unreachable!()).rating = None;
    let found: Vec<_> = run(&c, &m).into_iter().filter(|f| f.code == Code::RatingMissing).map(|f| f.message).collect();
    // Add Q is optional, and Add A is not asked after the 2017 edition.
    assert_eq!(found, ["G4 Equality of opportunity has no rating"]);
}

#[test]
fn fiw_an_indicator_change_must_be_explained() {
    let (mut c, m) = clean_fiw();
    c.category_mut("A1").unwrap_or_else(|| unreachable!()).rating = Some(r(100));
    c.score_changes.clear();
    let f = only(&c, &m, Code::ChangeUnexplained);
    assert_eq!(f.location, Location::section(Section::Category("A1".into())));
    assert_eq!(
        f.message,
        "A1 Head of government elected rating declined from 2 to 1, but no score-change item explains it"
    );
    // The drafted item is the file's template, and once written the chapter is clean.
    assert!(crate::changes::apply_draft(&mut c, &m));
    let texts: Vec<&str> = c.score_changes.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["A1: The score declined from 2 to 1 due to …"]);
    assert_eq!(
        only(&c, &m, Code::ChangeReasonMissing).message,
        "the reason for the A1 Head of government elected change is not written yet"
    );
    c.score_changes[0].text = "A1: The score declined from 2 to 1 due to a presidential vote without rivals.".into();
    assert_eq!(run(&c, &m), []);
    c.score_changes[0].text = "A1: The score declined from 3 to 1 due to a presidential vote without rivals.".into();
    assert_eq!(
        only(&c, &m, Code::ChangeMismatch).message,
        "this item says A1 Head of government elected rating declined from 3 to 1, but the ratings say it declined from 2 to 1"
    );
}

#[test]
fn fiw_a_status_change_must_be_explained() {
    // Last year every indicator 2: PR 20 (rating 4), CL 30 (rating 4), Partly Free. This year
    // every indicator 1: PR 10 (rating 6), CL 15 (rating 6), Not Free.
    let (mut c, m) = clean_fiw();
    for e in &mut c.categories {
        if e.rating.is_some() {
            e.rating = Some(r(100));
        }
    }
    let found = run(&c, &m);
    let status: Vec<_> = found
        .iter()
        .filter(|f| f.code == Code::ChangeUnexplained && f.location.place == Place::Section(Section::ScoreChanges))
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(status, ["Status declined from Partly Free to Not Free, but no score-change item explains it"]);
    assert!(found.iter().any(|f| f.code == Code::ChangeMismatch
        && f.message
            == "this item says there were no score changes, but the A1 Head of government elected rating changed"));
    // The draft gives the status change first, then each indicator, in the file's words.
    let drafted = crate::changes::draft(&c, &m).unwrap_or_else(|| unreachable!());
    assert_eq!(
        drafted.items[0].text,
        "Status Change: Kazakhstan's status declined from Partly Free to Not Free due to …"
    );
    assert_eq!(drafted.items[1].text, "A1: The score declined from 2 to 1 due to …");
    assert_eq!(drafted.items.len(), 26);
    assert_eq!(drafted.removed.len(), 1, "\"No score changes.\" goes");
    // Written, with a wrong class, the item is a mismatch; right, the status is explained.
    let b = c.new_block("Status Change: Kazakhstan's status declined from Free to Not Free due to a crackdown.");
    c.score_changes = vec![b];
    let found = run(&c, &m);
    assert!(found.iter().any(|f| f.code == Code::ChangeMismatch
        && f.message == "this item says Status declined from Free to Not Free, but the ratings say it declined from Partly Free to Not Free"), "{found:#?}");
    c.score_changes[0].text =
        "Status Change: Kazakhstan's status declined from Partly Free to Not Free due to a crackdown.".into();
    let found = run(&c, &m);
    assert!(!found.iter().any(|f| f.location.place == Place::Section(Section::ScoreChanges)), "{found:#?}");
}

#[test]
fn fiw_footnote_order_follows_the_fiw_reading_order() {
    // The overview and key developments are read before the score changes in Freedom in the
    // World, though the chapter stores the score changes first: [^1] in the overview and [^2]
    // in a score-change item are in order.
    let (mut c, m) = clean_fiw();
    c.text_mut("key_developments")[0].text = "Protests were put down.".into();
    c.score_changes[0].text = "No score changes.[^2]".into();
    assert_eq!(run(&c, &m), []);
    // [^1] in a score-change item after the overview's [^2] and the key developments' [^3] is
    // out of order in reading order (in stored order it would come first).
    let (mut c, m) = clean_fiw();
    c.text_mut("overview")[0].text = "The year in brief.[^2]".into();
    c.text_mut("key_developments")[0].text = "Protests were put down.[^3]".into();
    c.score_changes[0].text = "No score changes.[^1]".into();
    let f = only(&c, &m, Code::FootnoteOrder);
    assert_eq!(f.location, Location::in_block(Section::ScoreChanges, c.score_changes[0].id, 17..21));
    assert_eq!(
        f.message,
        "footnote [^1] first appears after [^3]: footnotes are not numbered in order of appearance (renumber to fix)"
    );
    let renumbered = crate::footnotes::renumber(&c, &m);
    assert_eq!(renumbered.text("overview")[0].text, "The year in brief.[^1]");
    assert_eq!(renumbered.score_changes[0].text, "No score changes.[^3]");
    assert_eq!(run(&renumbered, &m), []);
}

#[test]
fn bti_changes_are_explained_in_the_chapters_text() {
    // The BTI has no score-change section: its Status Index, Governance Index and regime
    // category must be explained by a sentence somewhere in the chapter.
    let m = Methodology::builtin("bti").unwrap_or_else(|| unreachable!());
    let mut c = Chapter::new(&m, "Kazakhstan", 2024);
    for e in &mut c.categories {
        if m.is_item(&e.code) {
            e.rating = Some(r(400));
            e.last_year = Some(r(500));
        }
    }
    let unexplained = |c: &Chapter| -> Vec<String> {
        run(c, &m).into_iter().filter(|f| f.code == Code::ChangeUnexplained).map(|f| f.message).collect()
    };
    let before = unexplained(&c);
    let status = before.iter().find(|m| m.starts_with("Status Index ")).cloned().unwrap_or_default();
    assert!(status.ends_with(", but no sentence of the chapter explains it"), "{before:#?}");
    let said = status.trim_end_matches(", but no sentence of the chapter explains it");
    let b = c.new_block(format!("The economy shrank. The {said}. Reforms stalled."));
    c.text_mut("executive_summary").push(b);
    let after = unexplained(&c);
    assert_eq!(after.len(), before.len() - 1, "{after:#?}");
    assert!(!after.iter().any(|m| m.starts_with("Status Index ")));
}
