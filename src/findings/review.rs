//! Review findings: what is still open in the chapter's review. Each open comment and each open
//! rating proposal is a finding at its place, and so is each category not agreed (only once
//! the chapter has a review at all) and each agreed category edited since it was agreed.
//!
//! The review is never published, but a chapter with open proposals is not finished:
//! `proposal-open` and `changed-since-agreed` are warnings, so `check --strict` refuses it.

use super::{Code, Finding, Location, Place};
use crate::method::Methodology;
use crate::model::review::{Anchor, AnchorStatus, Comment, Review, ReviewState, StateNow};
use crate::model::{Chapter, Section};

/// How many characters of a comment or a reason a message quotes.
const EXCERPT: usize = 60;

/// Adds the review findings of `chapter` to `out`: category states, then proposals, then
/// comments (the caller sorts them into chapter order).
pub(super) fn check(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    if chapter.review.is_empty() {
        return;
    }
    for entry in &chapter.categories {
        states(chapter, method, &entry.code, out);
    }
    proposals(chapter, method, out);
    comments(chapter, method, out);
}

/// A `proposal-open` finding for each proposal nobody has decided yet.
pub(super) fn proposals(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    for p in chapter.review.proposals.iter().filter(|p| p.decision.is_none()) {
        let name = super::category_name(method, &p.category);
        let now = chapter
            .category(&p.category)
            .and_then(|e| e.rating)
            .map_or_else(|| "unrated".to_owned(), |r| method.show(&p.category, r));
        let proposed = method.show(&p.category, p.rating);
        out.push(Finding::new(
            Code::ProposalOpen,
            Location::section(Section::Category(p.category.clone())),
            format!("{} proposes {proposed} for {name} (now {now}): {}", p.signed.by.display(), excerpt(&p.reason)),
        ));
    }
}

/// A `comment-open` finding for each comment nobody has resolved yet.
pub(super) fn comments(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    for c in chapter.review.comments.iter().filter(|c| c.resolved.is_none()) {
        out.push(comment(chapter, method, c));
    }
}

/// The state findings of category `code`: not agreed, or changed since agreed.
pub(super) fn states(chapter: &Chapter, method: &Methodology, code: &str, out: &mut Vec<Finding>) {
    let name = super::category_name(method, code);
    let at = || Location::section(Section::Category(code.to_owned()));
    let stored = chapter.review.state(code);
    match (Review::state_now(chapter, code), stored) {
        (StateNow::Agreed, _) => {}
        (StateNow::ChangedSinceAgreed, ReviewState::Agreed { signed, .. }) => out.push(Finding::new(
            Code::ChangedSinceAgreed,
            at(),
            format!(
                "{name} changed after {} agreed to it on {}; read it again and agree again",
                signed.by.display(),
                signed.at.format("%Y-%m-%d")
            ),
        )),
        (_, ReviewState::NeedsWork(signed)) => out.push(Finding::new(
            Code::CategoryNotAgreed,
            at(),
            format!(
                "{name} is not agreed: {} asked for more work on {}",
                signed.by.display(),
                signed.at.format("%Y-%m-%d")
            ),
        )),
        _ => out.push(Finding::new(
            Code::CategoryNotAgreed,
            at(),
            format!("{name} is not agreed: nobody has reviewed it yet"),
        )),
    }
}

/// The finding of open comment `c`, at its place.
fn comment(chapter: &Chapter, method: &Methodology, c: &Comment) -> Finding {
    let who = c.signed.by.display();
    let said = said(c);
    let status = Review::resolve_anchor(chapter, c);
    if status == AnchorStatus::Detached {
        let what = match &c.anchor {
            Anchor::Block(_) => format!("a {} that was deleted", method.justification_noun()),
            Anchor::Footnote(_) => "a footnote that was deleted".to_owned(),
            Anchor::Rating(_) => "a category this chapter no longer has".to_owned(),
            Anchor::Chapter => "the chapter".to_owned(),
        };
        return Finding::new(
            Code::CommentOpen,
            Location::section(Place::Header),
            format!("{who} commented on {what}; re-attach or delete it: {said}"),
        );
    }
    let range = match &status {
        AnchorStatus::Attached(range) => range.clone(),
        AnchorStatus::TextChanged | AnchorStatus::Detached => None,
    };
    let location = match &c.anchor {
        Anchor::Chapter => Location::section(Place::Header),
        Anchor::Rating(code) => Location::section(Section::Category(code.clone())),
        Anchor::Block(id) => {
            let place: Place = chapter.block(*id).map_or(Place::Header, |(section, _)| section.into());
            Location { place, block: Some(*id), footnote: None, range }
        }
        Anchor::Footnote(id) => Location { range, ..Location::footnote(*id) },
    };
    let gone = match (&status, &c.quote) {
        (AnchorStatus::TextChanged, Some(quote)) => {
            format!(" (the quoted \"{}\" is no longer in the text)", excerpt(quote))
        }
        _ => String::new(),
    };
    let message = format!("{who}: {said}{gone}");
    Finding::new(Code::CommentOpen, location, message)
}

/// What comment `c` says, quoted: its text, or the wording it suggests.
fn said(c: &Comment) -> String {
    match (&c.suggestion, &c.quote) {
        (Some(suggestion), Some(quote)) if c.text.trim().is_empty() => {
            format!("suggests \"{}\" for \"{}\"", excerpt(suggestion), excerpt(quote))
        }
        (Some(suggestion), Some(quote)) => {
            format!("\"{}\" (suggests \"{}\" for \"{}\")", excerpt(&c.text), excerpt(suggestion), excerpt(quote))
        }
        _ => format!("\"{}\"", excerpt(&c.text)),
    }
}

/// The start of `text` on one line: at most [`EXCERPT`] characters, cut after a whole word and
/// ended with "…" when there is more.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() <= EXCERPT {
        return line;
    }
    let mut out = String::new();
    for word in words {
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if len > EXCERPT {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = line.chars().take(EXCERPT).collect();
    }
    let out = out.trim_end_matches([',', ';', ':', '.']);
    format!("{out}…")
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::super::{Severity, check as check_all};
    use super::*;
    use crate::model::review::{Person, Role, Signed};
    use crate::model::{Authors, Id, Rating};

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 3, day, 9, 30, 0).single().unwrap_or_default()
    }

    fn reviewer(day: u32) -> Signed {
        Signed { by: Person { name: "Dana Reviewer".into(), role: Role::Reviewer }, at: at(day) }
    }

    fn author(day: u32) -> Signed {
        Signed { by: Person { name: "Author".into(), role: Role::Author }, at: at(day) }
    }

    /// A chapter with a rating per category, one Local Democratic Governance bullet and a
    /// footnote, and no review; with its bullet's and footnote's ids.
    fn chapter() -> (Chapter, Methodology, Id, Id) {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        c.authors = Authors::Anonymous;
        for e in &mut c.categories {
            e.rating = Some(Rating::from_hundredths(125));
        }
        let b = c.new_block("District councils met twice and passed every budget unread.[^1]");
        let bullet = b.id;
        c.categories[4].bullets.push(b);
        let note = c.add_footnote("1", "Minutes of the district council, Karaganda, 2023.", None);
        (c, m, bullet, note)
    }

    /// The review findings of `c` (the others filtered out), in chapter order.
    fn review_findings(c: &Chapter, m: &Methodology) -> Vec<Finding> {
        check_all(c, m)
            .into_iter()
            .filter(|f| {
                matches!(
                    f.code,
                    Code::CommentOpen | Code::ProposalOpen | Code::CategoryNotAgreed | Code::ChangedSinceAgreed
                )
            })
            .collect()
    }

    /// Agrees every category as it stands, so only what a test adds is open.
    fn agree_all(c: &mut Chapter) {
        let codes: Vec<String> = c.categories.iter().map(|e| e.code.clone()).collect();
        for code in codes {
            c.set_review_state(&code, StateNow::Agreed, reviewer(1)).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn a_chapter_without_a_review_has_no_review_findings() {
        let (c, m, _, _) = chapter();
        assert_eq!(review_findings(&c, &m), []);
    }

    #[test]
    fn every_category_agreed_and_nothing_open_has_no_review_findings() {
        let (mut c, m, _, _) = chapter();
        agree_all(&mut c);
        assert_eq!(review_findings(&c, &m), []);
    }

    #[test]
    fn comment_open_on_a_quoted_span_points_at_the_span() {
        let (mut c, m, bullet, _) = chapter();
        agree_all(&mut c);
        c.add_comment(
            Anchor::Block(bullet),
            Some("passed every budget".into()),
            None,
            "Every one of them? The minutes list two that were sent back.",
            reviewer(2),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let found = review_findings(&c, &m);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!((f.code, f.severity), (Code::CommentOpen, Severity::Note));
        assert_eq!(f.location, Location::in_block(Section::Category("LDG".into()), bullet, 32..51));
        assert_eq!(
            f.message,
            "Dana Reviewer (Reviewer): \"Every one of them? The minutes list two that were sent back.\""
        );
        assert_eq!(super::super::describe(&f.location, &c, &m), "Local Democratic Governance, bullet 1");
    }

    #[test]
    fn comment_open_on_a_rating_a_footnote_and_the_chapter() {
        let (mut c, m, _, note) = chapter();
        agree_all(&mut c);
        c.add_comment(Anchor::Chapter, None, None, "Please check the spelling of place names throughout.", reviewer(2))
            .unwrap_or_else(|e| panic!("{e}"));
        c.add_comment(
            Anchor::Rating("CS".into()),
            None,
            None,
            "Is 1.25 not too low given the new NGO law and its registration rules for foreign-funded groups?",
            reviewer(3),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        c.add_comment(Anchor::Footnote(note), Some("Karaganda".into()), Some("Qaraghandy".into()), "", reviewer(4))
            .unwrap_or_else(|e| panic!("{e}"));
        let found = review_findings(&c, &m);
        let got: Vec<(&Location, &str)> = found.iter().map(|f| (&f.location, f.message.as_str())).collect();
        let footnote = Location { range: Some(33..42), ..Location::footnote(note) };
        assert_eq!(
            got,
            [
                (
                    &Location::section(Place::Header),
                    "Dana Reviewer (Reviewer): \"Please check the spelling of place names throughout.\""
                ),
                (
                    &Location::section(Section::Category("CS".into())),
                    "Dana Reviewer (Reviewer): \"Is 1.25 not too low given the new NGO law and its…\""
                ),
                (&footnote, "Dana Reviewer (Reviewer): suggests \"Qaraghandy\" for \"Karaganda\""),
            ]
        );
        assert!(found.iter().all(|f| f.code == Code::CommentOpen));
    }

    #[test]
    fn a_resolved_comment_is_no_finding_and_a_changed_quote_is_said() {
        let (mut c, m, bullet, _) = chapter();
        agree_all(&mut c);
        let done =
            c.add_comment(Anchor::Block(bullet), None, None, "Source?", reviewer(2)).unwrap_or_else(|e| panic!("{e}"));
        c.resolve_comment(done, Some(author(3))).unwrap_or_else(|e| panic!("{e}"));
        c.add_comment(Anchor::Block(bullet), Some("met twice".into()), None, "When?", reviewer(2))
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(b) = c.block_mut(bullet) {
            b.text = b.text.replace("met twice", "met two times");
        }
        agree_all(&mut c);
        let found = review_findings(&c, &m);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].location, Location::block(Section::Category("LDG".into()), bullet));
        assert_eq!(
            found[0].message,
            "Dana Reviewer (Reviewer): \"When?\" (the quoted \"met twice\" is no longer in the text)"
        );
    }

    #[test]
    fn a_detached_comment_says_so_under_the_header() {
        let (mut c, m, bullet, _) = chapter();
        c.add_comment(Anchor::Block(bullet), Some("unread".into()), None, "Which budgets were these?", reviewer(2))
            .unwrap_or_else(|e| panic!("{e}"));
        c.categories[4].bullets.clear();
        agree_all(&mut c);
        let found = review_findings(&c, &m);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, Code::CommentOpen);
        assert_eq!(found[0].location, Location::section(Place::Header));
        assert_eq!(
            found[0].message,
            "Dana Reviewer (Reviewer) commented on a bullet that was deleted; re-attach or delete it: \
             \"Which budgets were these?\""
        );
    }

    #[test]
    fn proposal_open_names_the_rating_now_and_the_reason() {
        let (mut c, m, _, _) = chapter();
        agree_all(&mut c);
        let decided = c
            .propose_rating("CO", Rating::from_hundredths(100), "Selective prosecutions.", reviewer(2))
            .unwrap_or_else(|e| panic!("{e}"));
        c.decide_proposal(decided, false, "", author(3)).unwrap_or_else(|e| panic!("{e}"));
        c.propose_rating(
            "LDG",
            Rating::from_hundredths(150),
            "Direct elections of district akims were held for the first time, if under tight control.",
            reviewer(4),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let found = review_findings(&c, &m);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].code, found[0].severity), (Code::ProposalOpen, Severity::Warning));
        assert_eq!(found[0].location, Location::section(Section::Category("LDG".into())));
        assert_eq!(
            found[0].message,
            "Dana Reviewer (Reviewer) proposes 1.50 for Local Democratic Governance (now 1.25): Direct \
             elections of district akims were held for the first…"
        );
    }

    #[test]
    fn category_not_agreed_for_unreviewed_and_needs_work() {
        let (mut c, m, _, _) = chapter();
        c.set_review_state("EP", StateNow::NeedsWork, reviewer(5)).unwrap_or_else(|e| panic!("{e}"));
        let found = review_findings(&c, &m);
        assert_eq!(found.len(), 7, "{found:#?}");
        assert!(found.iter().all(|f| f.code == Code::CategoryNotAgreed && f.severity == Severity::Note));
        assert_eq!(found[0].location, Location::section(Section::Category("NDG".into())));
        assert_eq!(found[0].message, "National Democratic Governance is not agreed: nobody has reviewed it yet");
        assert_eq!(found[1].location, Location::section(Section::Category("EP".into())));
        assert_eq!(
            found[1].message,
            "Electoral Process is not agreed: Dana Reviewer (Reviewer) asked for more work on 2024-03-05"
        );
    }

    #[test]
    fn changed_since_agreed_for_an_edited_rating_or_bullet() {
        let (mut c, m, bullet, _) = chapter();
        agree_all(&mut c);
        if let Some(b) = c.block_mut(bullet) {
            b.text.push_str(" Two were sent back.");
        }
        c.categories[6].rating = Some(Rating::from_hundredths(100));
        let found = review_findings(&c, &m);
        let got: Vec<(Code, Severity, &Location, &str)> =
            found.iter().map(|f| (f.code, f.severity, &f.location, f.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    Code::ChangedSinceAgreed,
                    Severity::Warning,
                    &Location::section(Section::Category("LDG".into())),
                    "Local Democratic Governance changed after Dana Reviewer (Reviewer) agreed to it on 2024-03-01; \
                     read it again and agree again"
                ),
                (
                    Code::ChangedSinceAgreed,
                    Severity::Warning,
                    &Location::section(Section::Category("CO".into())),
                    "Corruption changed after Dana Reviewer (Reviewer) agreed to it on 2024-03-01; read it again \
                     and agree again"
                ),
            ]
        );
    }

    #[test]
    fn an_excerpt_cuts_after_a_whole_word() {
        assert_eq!(excerpt("  short\n text "), "short text");
        let long = "word ".repeat(20);
        assert_eq!(excerpt(&long), format!("{}…", ["word"; 12].join(" ")));
        let unbroken = "x".repeat(70);
        assert_eq!(excerpt(&unbroken), format!("{}…", "x".repeat(60)));
    }
}
