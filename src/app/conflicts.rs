//! Merge conflicts, above the text until they are settled: what each is about, the base, our
//! and their versions, and "Take ours", "Take theirs" or "Edit" (go there, change it by hand,
//! then "Done").

use egui::{RichText, Ui};

use super::{Action, Panels, theme};
use crate::findings::{Location, Place};
use crate::model::conflict::{Conflict, ConflictPlace, Settle};
use crate::model::{Chapter, Section};

/// Draws the conflicts, if the chapter has any.
pub fn banner(ui: &mut Ui, ctx: &Panels<'_>, out: &mut Vec<Action>) {
    let conflicts = &ctx.chapter.conflicts;
    if conflicts.is_empty() {
        return;
    }
    egui::Frame::group(ui.style()).fill(theme::marker_missing_bg(ui.visuals())).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let n = conflicts.len();
        ui.label(
            RichText::new(if n == 1 {
                "1 merge conflict: both versions changed this differently".to_owned()
            } else {
                format!("{n} merge conflicts: both versions changed these differently")
            })
            .strong(),
        );
        egui::ScrollArea::vertical().id_salt("conflicts").max_height(220.0).show(ui, |ui| {
            for c in conflicts {
                row(ui, ctx, out, c);
            }
        });
    });
}

fn row(ui: &mut Ui, ctx: &Panels<'_>, out: &mut Vec<Action>, c: &Conflict) {
    let name = describe(ctx.chapter, ctx.method, &c.place);
    ui.label(RichText::new(name).strong());
    let shown = |v: &Option<String>| v.as_deref().map_or_else(|| "(deleted)".to_owned(), |v| format!("“{v}”"));
    if let Some(base) = &c.base {
        ui.label(RichText::new(format!("Before: “{base}”")).small().color(theme::quiet(ui.visuals())));
    }
    ui.label(format!("Ours: {}", shown(&c.ours)));
    ui.label(format!("Theirs: {}", shown(&c.theirs)));
    ui.horizontal(|ui| {
        if ui.button("Take ours").clicked() {
            out.push(Action::SettleConflict { id: c.id, how: Settle::Ours });
        }
        if ui.button("Take theirs").clicked() {
            out.push(Action::SettleConflict { id: c.id, how: Settle::Theirs });
        }
        if let Some(location) = location(ctx.chapter, &c.place)
            && ui.button("Edit").on_hover_text("Go there and change it by hand, then press Done").clicked()
        {
            out.push(Action::GoTo(location));
        }
        if ui.button("Done").on_hover_text("Keep it as it now stands").clicked() {
            out.push(Action::SettleConflict { id: c.id, how: Settle::AsEdited });
        }
    });
    ui.separator();
}

/// What a conflict is about, as an author names it ("Local Democratic Governance rating",
/// "Corruption, bullet 3", "footnote 12").
#[must_use]
pub fn describe(chapter: &Chapter, method: &crate::Methodology, place: &ConflictPlace) -> String {
    let category = |code: &str| method.category(code).map_or_else(|| code.to_owned(), |d| d.name.clone());
    let note = |id| {
        chapter.footnote(id).map_or_else(|| "a deleted footnote".to_owned(), |f| format!("footnote [^{}]", f.label))
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
    }
}

fn block_name(chapter: &Chapter, method: &crate::Methodology, id: crate::model::Id) -> String {
    let mut last = None;
    let mut n = 0;
    for (section, block) in chapter.text_blocks() {
        if last != Some(section) {
            last = Some(section);
            n = 0;
        }
        n += 1;
        if block.id == id {
            return match section {
                Section::ScoreChanges => format!("Score changes, item {n}"),
                Section::ExecutiveSummary => format!("Executive summary, paragraph {n}"),
                Section::AtAGlance => format!("At-a-glance, paragraph {n}"),
                Section::Category(code) => {
                    format!("{}, bullet {n}", method.category(code).map_or(code, |d| d.name.as_str()))
                }
            };
        }
    }
    "A deleted bullet".to_owned()
}

fn location(chapter: &Chapter, place: &ConflictPlace) -> Option<Location> {
    let at = |place: Place| Location { place, block: None, footnote: None, range: None };
    Some(match place {
        ConflictPlace::Rating(code) | ConflictPlace::LastYear(code) => at(Place::Category(code.clone())),
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
    })
}
