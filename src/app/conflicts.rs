//! Merge conflicts, above the text until they are settled: what each is about, the base, our
//! and their versions, and "Take ours", "Take theirs" or "Edit" (go there, change it by hand,
//! then "Done").
//!
//! Conflicts in the review (a comment's or a reply's words, a proposal's reason or decision, a
//! category's review state) are settled in the Review tab, at the top of it
//! ([`review_section`]): there "Edit" opens the words of both sides to write one version from
//! them, since the review view shows comments read-only. The banner points there.

use egui::{RichText, Ui};

use super::{Action, Panels, Tab, a11y, theme};
use crate::findings::{Location, Place};
use crate::model::conflict::{Conflict, ConflictPlace, Settle};
use crate::model::review::Anchor;
use crate::model::{Chapter, Id, Section};

/// Draws the conflicts, if the chapter has any. In the Review tab, which lists the review's
/// conflicts itself, only the others are shown here.
pub fn banner(ui: &mut Ui, ctx: &Panels<'_>, in_review_tab: bool, out: &mut Vec<Action>) {
    let conflicts = &ctx.chapter.conflicts;
    if conflicts.iter().all(|c| in_review_tab && c.place.is_review()) {
        return;
    }
    egui::Frame::group(ui.style()).fill(theme::marker_missing_bg(ui.visuals())).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let n = conflicts.iter().filter(|c| !(in_review_tab && c.place.is_review())).count();
        ui.label(
            RichText::new(if n == 1 {
                "1 merge conflict: both versions changed this differently".to_owned()
            } else {
                format!("{n} merge conflicts: both versions changed these differently")
            })
            .strong(),
        );
        egui::ScrollArea::vertical().id_salt("conflicts").max_height(220.0).show(ui, |ui| {
            for c in conflicts.iter().filter(|c| !c.place.is_review()) {
                row(ui, ctx, out, c);
            }
        });
        let in_review = conflicts.iter().filter(|c| c.place.is_review()).count();
        if in_review > 0 && !in_review_tab {
            ui.horizontal_wrapped(|ui| {
                ui.label(if in_review == 1 {
                    "1 of them is in the review: a reviewer's words or verdict.".to_owned()
                } else {
                    format!("{in_review} of them are in the review: reviewers' words or verdicts.")
                });
                if ui.button("Settle in the Review tab").clicked() {
                    out.push(Action::ShowTab(Tab::Review));
                }
            });
        }
    });
}

fn row(ui: &mut Ui, ctx: &Panels<'_>, out: &mut Vec<Action>, c: &Conflict) {
    let name = describe(ctx.chapter, ctx.method, &c.place);
    ui.label(RichText::new(&name).strong());
    versions(ui, c);
    ui.horizontal(|ui| {
        take_buttons(ui, out, c, &name);
        if let Some(location) = location(ctx.chapter, &c.place) {
            let edit = ui.button("Edit").on_hover_text("Go there and change it by hand, then press Done");
            a11y::name(ui, &edit, format!("Edit by hand: {name}"));
            if edit.clicked() {
                out.push(Action::GoTo(location));
            }
        }
        let done = ui.button("Done").on_hover_text("Keep it as it now stands");
        a11y::name(ui, &done, format!("Done, keep as it stands: {name}"));
        if done.clicked() {
            out.push(Action::SettleConflict { id: c.id, how: Settle::AsEdited });
        }
    });
    ui.separator();
}

/// The base (when there was one), our and their versions.
fn versions(ui: &mut Ui, c: &Conflict) {
    let shown = |v: &Option<String>| v.as_deref().map_or_else(|| "(deleted)".to_owned(), |v| format!("“{v}”"));
    if let Some(base) = &c.base {
        ui.label(RichText::new(format!("Before: “{base}”")).small().color(theme::quiet(ui.visuals())));
    }
    ui.label(format!("Ours: {}", shown(&c.ours)));
    ui.label(format!("Theirs: {}", shown(&c.theirs)));
}

/// "Take ours" and "Take theirs", named for a screen reader after what the conflict is about
/// (`name`), as several conflicts are listed at once.
fn take_buttons(ui: &mut Ui, out: &mut Vec<Action>, c: &Conflict, name: &str) {
    let ours = ui.button("Take ours");
    a11y::name(ui, &ours, format!("Take ours: {name}"));
    if ours.clicked() {
        out.push(Action::SettleConflict { id: c.id, how: Settle::Ours });
    }
    let theirs = ui.button("Take theirs");
    a11y::name(ui, &theirs, format!("Take theirs: {name}"));
    if theirs.clicked() {
        out.push(Action::SettleConflict { id: c.id, how: Settle::Theirs });
    }
}

/// The review's conflicts, at the top of the Review tab: each with what it is about, both
/// versions, "Take ours", "Take theirs" and, for words, "Edit" (write one version from both,
/// then "Use this text").
pub fn review_section(ui: &mut Ui, ctx: &Panels<'_>, out: &mut Vec<Action>) {
    let conflicts: Vec<&Conflict> = ctx.chapter.conflicts.iter().filter(|c| c.place.is_review()).collect();
    if conflicts.is_empty() {
        return;
    }
    egui::Frame::group(ui.style()).fill(theme::marker_missing_bg(ui.visuals())).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(if conflicts.len() == 1 {
                "1 merge conflict in the review: both versions changed this differently".to_owned()
            } else {
                format!("{} merge conflicts in the review: both versions changed these differently", conflicts.len())
            })
            .strong(),
        );
        for c in conflicts {
            review_row(ui, ctx, out, c);
        }
    });
}

/// Where the text being written for conflict `id` is kept between frames (in egui's memory:
/// it is the view's, never the chapter's), `None` while not editing.
fn draft_id(id: Id) -> egui::Id {
    egui::Id::unique(("conflict-draft", id))
}

fn review_row(ui: &mut Ui, ctx: &Panels<'_>, out: &mut Vec<Action>, c: &Conflict) {
    let name = describe(ctx.chapter, ctx.method, &c.place);
    ui.label(RichText::new(&name).strong());
    versions(ui, c);
    let key = draft_id(c.id);
    let mut draft: Option<String> = ui.data(|d| d.get_temp(key));
    ui.horizontal(|ui| {
        take_buttons(ui, out, c, &name);
        if c.place.takes_text() && draft.is_none() {
            let edit = ui.button("Edit").on_hover_text("Write one version from both");
            a11y::name(ui, &edit, format!("Edit by hand: {name}"));
            if edit.clicked() {
                draft = Some(ctx.chapter.value_at(&c.place).unwrap_or_default());
            }
        }
    });
    if let Some(text) = &mut draft {
        ui.label("Text to keep");
        let field = ui.add(
            egui::TextEdit::multiline(text)
                .id_salt(("conflict-edit", c.id))
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        );
        a11y::name(ui, &field, format!("Text to keep: {name}"));
        let mut done = false;
        ui.horizontal(|ui| {
            let keep = ui.button("Use this text");
            a11y::name(ui, &keep, format!("Use this text: {name}"));
            if keep.clicked() {
                out.push(Action::SettleConflict { id: c.id, how: Settle::Text(text.clone()) });
                done = true;
            }
            let cancel = ui.button("Cancel");
            a11y::name(ui, &cancel, format!("Cancel editing: {name}"));
            done |= cancel.clicked();
        });
        if done {
            draft = None;
        }
    }
    ui.data_mut(|d| match draft {
        Some(text) => {
            d.insert_temp(key, text);
        }
        None => d.remove::<String>(key),
    });
    ui.separator();
}

/// What a conflict is about, as an author names it ("Local Democratic Governance rating",
/// "Corruption, bullet 3", "footnote 12", "Comment by Ann Lee (Reviewer), on …").
#[must_use]
pub fn describe(chapter: &Chapter, method: &crate::Methodology, place: &ConflictPlace) -> String {
    let category = |code: &str| method.category(code).map_or_else(|| code.to_owned(), |d| d.name.clone());
    let note = |id| {
        chapter.footnote(id).map_or_else(|| "a deleted footnote".to_owned(), |f| format!("footnote [^{}]", f.label))
    };
    let on = |anchor: &Anchor| match anchor {
        Anchor::Chapter => "the chapter".to_owned(),
        Anchor::Rating(code) => format!("the {} rating", category(code)),
        Anchor::Block(id) => block_name(chapter, method, *id),
        Anchor::Footnote(id) => note(*id),
    };
    let comment = |id: Id, part: &str| {
        chapter.review.comment(id).map_or_else(
            || format!("The {part} of a deleted comment"),
            |c| format!("The {part} of the comment by {} on {}", c.signed.by.display(), on(&c.anchor)),
        )
    };
    let proposal = |id: Id, part: &str| {
        chapter.review.proposal(id).map_or_else(
            || format!("The {part} of a deleted proposal"),
            |p| {
                format!(
                    "The {part} of {}'s proposal of {} for {}",
                    p.signed.by.display(),
                    p.rating,
                    category(&p.category)
                )
            },
        )
    };
    match place {
        ConflictPlace::Rating(code) => format!("{} rating", category(code)),
        ConflictPlace::LastYear(code) => format!("{} last year's rating", category(code)),
        ConflictPlace::Block(id) => block_name(chapter, method, *id),
        ConflictPlace::FootnoteText(id) => format!("The citation of {}", note(*id)),
        ConflictPlace::FootnoteLabel(id) => format!("The label of {}", note(*id)),
        ConflictPlace::FootnoteUrl(id) => format!("The address of {}", note(*id)),
        ConflictPlace::Country => "The country".to_owned(),
        ConflictPlace::Title => "The title".to_owned(),
        ConflictPlace::Edition => "The edition".to_owned(),
        ConflictPlace::Authors => "The authors".to_owned(),
        ConflictPlace::CommentText(id) => comment(*id, "text"),
        ConflictPlace::CommentSuggestion(id) => comment(*id, "suggested wording"),
        ConflictPlace::ReplyText(id) => reply_name(chapter, *id),
        ConflictPlace::ProposalReason(id) => proposal(*id, "reason"),
        ConflictPlace::ProposalDecision(id) => proposal(*id, "decision"),
        ConflictPlace::ReviewState(code) => format!("The review state of {}", category(code)),
    }
}

/// "A reply by Ann Lee (Author) to the comment by …" (or "to a proposal").
fn reply_name(chapter: &Chapter, id: Id) -> String {
    for c in &chapter.review.comments {
        if let Some(r) = c.replies.iter().find(|r| r.id == id) {
            return format!("A reply by {} to the comment by {}", r.signed.by.display(), c.signed.by.display());
        }
    }
    for p in &chapter.review.proposals {
        if let Some(r) = p.replies.iter().find(|r| r.id == id) {
            return format!("A reply by {} to the proposal by {}", r.signed.by.display(), p.signed.by.display());
        }
    }
    "A deleted reply".to_owned()
}

fn block_name(chapter: &Chapter, method: &crate::Methodology, id: crate::model::Id) -> String {
    let mut last = None;
    let mut n = 0;
    for (section, block) in chapter.text_blocks() {
        if last.as_ref() != Some(&section) {
            last = Some(section.clone());
            n = 0;
        }
        n += 1;
        if block.id == id {
            return format!("{}, {} {n}", section.title(method), section.block_noun(method));
        }
    }
    format!("A deleted {}", method.justification_noun())
}

fn location(chapter: &Chapter, place: &ConflictPlace) -> Option<Location> {
    let at = |place: Place| Location { place, block: None, footnote: None, range: None };
    Some(match place {
        ConflictPlace::Rating(code) | ConflictPlace::LastYear(code) => at(Section::Category(code.clone()).into()),
        ConflictPlace::Block(id) => {
            chapter.block(*id)?;
            Location { block: Some(*id), ..at(Place::Header) }
        }
        ConflictPlace::FootnoteText(id) | ConflictPlace::FootnoteLabel(id) | ConflictPlace::FootnoteUrl(id) => {
            chapter.footnote(*id)?;
            Location { footnote: Some(*id), ..at(Place::Footnotes) }
        }
        ConflictPlace::Country | ConflictPlace::Title | ConflictPlace::Edition | ConflictPlace::Authors => {
            at(Place::Header)
        }
        // Settled in the Review tab.
        ConflictPlace::CommentText(_)
        | ConflictPlace::CommentSuggestion(_)
        | ConflictPlace::ReplyText(_)
        | ConflictPlace::ProposalReason(_)
        | ConflictPlace::ProposalDecision(_)
        | ConflictPlace::ReviewState(_) => return None,
    })
}
