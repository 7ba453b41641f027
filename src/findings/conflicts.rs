//! Merge conflicts a chapter carries (see [`crate::model::conflict`]): one error finding per
//! conflict, at its place, saying what each side has, until the author settles it.

use super::{Code, Finding, Location, Place};
use crate::method::Methodology;
use crate::model::review::{Anchor, Reply};
use crate::model::{Chapter, Conflict, ConflictPlace, Id, Section};

/// How many characters of a text a message quotes from each side.
const EXCERPT: usize = 60;

/// How a side's version is shown in a message.
type Shown = dyn Fn(&Option<String>) -> String;

/// Adds a `merge-conflict` finding for every conflict of `chapter` to `out`.
pub(super) fn check(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    for c in &chapter.conflicts {
        out.push(finding(chapter, method, c));
    }
}

/// The finding of conflict `c`: "Local Democratic Governance rating: ours 1.50, theirs 1.75
/// (base 1.25) — take one or edit".
fn finding(chapter: &Chapter, method: &Methodology, c: &Conflict) -> Finding {
    let rating = |v: &Option<String>| v.as_deref().filter(|v| !v.is_empty()).unwrap_or("unrated").to_owned();
    let text = |v: &Option<String>| v.as_deref().map_or_else(|| "deleted".to_owned(), excerpt);
    let absent = |v: &Option<String>| v.as_deref().map_or_else(|| "none".to_owned(), excerpt);
    let plain = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    let (location, what, show): (Location, String, &Shown) = match &c.place {
        ConflictPlace::Rating(code) => (
            Location::section(Section::Category(code.clone())),
            format!("{} rating", super::category_name(method, code)),
            &rating,
        ),
        ConflictPlace::LastYear(code) => (
            Location::section(Section::Category(code.clone())),
            format!("{} last year's rating", super::category_name(method, code)),
            &rating,
        ),
        ConflictPlace::Block(id) => match chapter.block(*id) {
            Some((section, _)) => {
                let location = Location::block(section, *id);
                let what = super::describe(&location, chapter, method);
                (location, what, &text)
            }
            None => (Location::section(Place::Header), "A deleted text block".to_owned(), &text),
        },
        ConflictPlace::FootnoteText(id) | ConflictPlace::FootnoteLabel(id) | ConflictPlace::FootnoteUrl(id) => {
            let label = chapter.footnote(*id).map_or_else(|| "deleted".to_owned(), |f| format!("[^{}]", f.label));
            let part = match c.place {
                ConflictPlace::FootnoteLabel(_) => "label",
                ConflictPlace::FootnoteUrl(_) => "address",
                _ => "citation",
            };
            let location = if chapter.footnote(*id).is_some() {
                Location::footnote(*id)
            } else {
                Location::section(Place::Footnotes)
            };
            let show: &Shown = if matches!(c.place, ConflictPlace::FootnoteText(_)) { &text } else { &absent };
            (location, format!("Footnote {label}, {part}"), show)
        }
        ConflictPlace::Country => (Location::section(Place::Header), "Country".to_owned(), &absent),
        ConflictPlace::Title => (Location::section(Place::Header), "Title".to_owned(), &absent),
        ConflictPlace::Edition => (Location::section(Place::Header), "Edition".to_owned(), &absent),
        ConflictPlace::Authors => (Location::section(Place::Header), "Authors".to_owned(), &absent),
        ConflictPlace::CommentText(id) | ConflictPlace::CommentSuggestion(id) => {
            let comment = chapter.review.comment(*id);
            let who = comment
                .map_or_else(|| "A deleted comment".to_owned(), |x| format!("Comment by {}", x.signed.by.display()));
            let what = if matches!(c.place, ConflictPlace::CommentSuggestion(_)) {
                format!("{who}, suggested wording")
            } else {
                who
            };
            let location = comment.map_or_else(|| Location::section(Place::Header), |x| on_anchor(chapter, &x.anchor));
            let show: &Shown = if matches!(c.place, ConflictPlace::CommentSuggestion(_)) { &absent } else { &text };
            (location, what, show)
        }
        ConflictPlace::ReplyText(id) => {
            let (location, who) = reply_place(chapter, *id);
            (location, who, &text)
        }
        ConflictPlace::ProposalReason(id) | ConflictPlace::ProposalDecision(id) => {
            let p = chapter.review.proposal(*id);
            let location = p.map_or_else(
                || Location::section(Place::Header),
                |p| Location::section(Section::Category(p.category.clone())),
            );
            let name = p.map_or_else(
                || "A deleted rating proposal".to_owned(),
                |p| {
                    format!(
                        "{}'s proposal of {} for {}",
                        p.signed.by.display(),
                        p.rating,
                        super::category_name(method, &p.category)
                    )
                },
            );
            if matches!(c.place, ConflictPlace::ProposalReason(_)) {
                (location, format!("{name}, reason"), &text)
            } else {
                (location, format!("{name}, decision"), &plain)
            }
        }
        ConflictPlace::ReviewState(code) => (
            Location::section(Section::Category(code.clone())),
            format!("{} review state", super::category_name(method, code)),
            &plain,
        ),
    };
    Finding::new(
        Code::MergeConflict,
        location,
        format!(
            "{what}: ours {}, theirs {} (base {}) \u{2014} take one or edit",
            show(&c.ours),
            show(&c.theirs),
            if c.base.is_none() { "none".to_owned() } else { show(&c.base) }
        ),
    )
}

/// Where a comment on `anchor` is: its block, footnote, category or the chapter's header.
fn on_anchor(chapter: &Chapter, anchor: &Anchor) -> Location {
    match anchor {
        Anchor::Chapter => Location::section(Place::Header),
        Anchor::Rating(code) => Location::section(Section::Category(code.clone())),
        Anchor::Block(id) => chapter
            .block(*id)
            .map_or_else(|| Location::section(Place::Header), |(section, _)| Location::block(section, *id)),
        Anchor::Footnote(id) => {
            if chapter.footnote(*id).is_some() {
                Location::footnote(*id)
            } else {
                Location::section(Place::Footnotes)
            }
        }
    }
}

/// Where reply `id` is (with its comment or its proposal), and what to call it.
fn reply_place(chapter: &Chapter, id: Id) -> (Location, String) {
    let name = |r: &Reply| format!("Reply by {}", r.signed.by.display());
    for c in &chapter.review.comments {
        if let Some(r) = c.replies.iter().find(|r| r.id == id) {
            return (on_anchor(chapter, &c.anchor), name(r));
        }
    }
    for p in &chapter.review.proposals {
        if let Some(r) = p.replies.iter().find(|r| r.id == id) {
            return (Location::section(Section::Category(p.category.clone())), name(r));
        }
    }
    (Location::section(Place::Header), "A deleted reply".to_owned())
}

/// `text` quoted, cut to [`EXCERPT`] characters.
fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(EXCERPT).collect();
    if chars.next().is_some() { format!("\"{}…\"", head.trim_end()) } else { format!("\"{head}\"") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rating;

    #[test]
    fn a_rating_conflict_names_both_sides_and_the_base() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "Kazakhstan", 2024);
        c.categories[4].rating = Some(Rating::from_hundredths(150));
        let id = c.new_id();
        c.conflicts.push(Conflict {
            id,
            place: ConflictPlace::Rating("LDG".into()),
            base: Some("1.25".into()),
            ours: Some("1.50".into()),
            theirs: Some("1.75".into()),
            versions: None,
        });
        let b = c.new_block("Councils met twice.");
        let block = b.id;
        c.categories[4].bullets.push(b);
        let id = c.new_id();
        c.conflicts.push(Conflict {
            id,
            place: ConflictPlace::Block(block),
            base: Some("Councils met.".into()),
            ours: Some("Councils met twice.".into()),
            theirs: None,
            versions: None,
        });
        let mut found = Vec::new();
        check(&c, &method, &mut found);
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Local Democratic Governance rating: ours 1.50, theirs 1.75 (base 1.25) \u{2014} take one or edit",
                "Local Democratic Governance, bullet 1: ours \"Councils met twice.\", theirs deleted (base \
                 \"Councils met.\") \u{2014} take one or edit",
            ]
        );
        assert!(found.iter().all(|f| f.code == Code::MergeConflict && f.severity == super::super::Severity::Error));
        assert_eq!(found[1].location.block, Some(block));
        assert_ne!(block, Id(0));
    }
}
