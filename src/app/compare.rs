//! The comparison (File ▸ Compare With…): the open chapter against another version — an
//! earlier round, a colleague's copy, last year's chapter (a `.ron`, or published text read on
//! the fly). Ratings and score-card figures that moved, the categories that changed (to jump
//! through), and every added, removed, moved or edited block with its words marked inline:
//! deletions struck through, insertions underlined. Read-only; closing it returns to editing,
//! and nothing in the chapter changes.

use egui::text::LayoutJob;
use egui::{RichText, TextFormat, TextStyle, Ui};

use super::{Action, Panels, lazy, theme};
use crate::diff::{BlockChange, BlockChangeKind, ChapterDiff, FootnoteChangeKind, RatingKind, WordKind, WordOp};
use crate::model::{Chapter, Section};

/// A comparison on screen: the other version and what changed from it to the open chapter.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// What the other version is ("kz-2023.ron").
    pub label: String,
    /// The other version.
    pub other: Chapter,
    /// From the other version to the open chapter, as of `revision`.
    pub diff: ChapterDiff,
    /// The chapter revision the diff is of.
    pub revision: u64,
    /// A section to scroll to next frame.
    pub jump: Option<Section>,
}

/// Draws the comparison.
pub fn panel(ui: &mut Ui, ctx: &Panels<'_>, cmp: &mut Comparison, out: &mut Vec<Action>) {
    let diff = &cmp.diff;
    ui.horizontal_wrapped(|ui| {
        ui.heading(format!("Compared with {}", cmp.label));
        if ui.button("Close the comparison").clicked() {
            out.push(Action::CloseComparison);
        }
    });
    if diff.is_empty() {
        ui.label(RichText::new("No differences.").color(theme::quiet(ui.visuals())));
        return;
    }
    let changed = sections_changed(diff, ctx);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Changed:").color(theme::quiet(ui.visuals())));
        for section in &changed {
            if ui.link(section_name(ctx, section)).clicked() {
                cmp.jump = Some(section.clone());
            }
        }
    });
    ui.separator();
    let jump = cmp.jump.take();
    egui::ScrollArea::vertical().id_salt("compare-scroll").auto_shrink(false).show(ui, |ui| {
        figures(ui, diff);
        for section in &changed {
            let heading = ui.heading(section_name(ctx, section));
            if jump.as_ref() == Some(section) {
                heading.scroll_to_me(Some(egui::Align::TOP));
            }
            for (i, change) in diff.blocks_in(section).enumerate() {
                let words: usize = change.words.iter().map(|w| w.text.len()).sum();
                let estimate = |ui: &Ui| lazy::text_height(ui, &"x".repeat(words), ui.available_width(), 40.0);
                lazy::row(ui, ("compare", section.key(), i), false, estimate, |ui| {
                    ui.vertical(|ui| block(ui, change)).response
                });
            }
            ui.add_space(theme::GAP);
        }
        footnotes(ui, diff);
        if !diff.review.is_empty() {
            ui.heading("Review");
            for r in &diff.review {
                ui.label(format!("{:?}: {}", r.kind, r.text));
            }
        }
    });
}

/// The sections of the open chapter with changed blocks, in reading order.
fn sections_changed(diff: &ChapterDiff, ctx: &Panels<'_>) -> Vec<Section> {
    ctx.method.sections(ctx.chapter).into_iter().filter(|s| diff.blocks_in(s).next().is_some()).collect()
}

/// A section's heading here: its title, as the methodology's file gives it.
fn section_name(ctx: &Panels<'_>, section: &Section) -> String {
    section.title(ctx.method)
}

fn figures(ui: &mut Ui, diff: &ChapterDiff) {
    if diff.ratings.is_empty() && diff.score_card.is_empty() && diff.header.is_empty() {
        return;
    }
    ui.heading("Ratings and score card");
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    for f in &diff.header {
        ui.label(format!("{}: {} → {}", f.field, f.old, f.new));
    }
    for r in &diff.ratings {
        let which = if r.which == RatingKind::LastYear { " (last year)" } else { "" };
        ui.label(format!("{}{which}: {} → {}", r.name, shown(&r.old), shown(&r.new)));
    }
    for f in &diff.score_card {
        let which = if f.which == RatingKind::LastYear { " (last year)" } else { "" };
        ui.label(RichText::new(format!("{}{which}: {} → {}", f.label, shown(&f.old), shown(&f.new))).strong());
    }
    ui.add_space(theme::GAP);
}

fn block(ui: &mut Ui, change: &BlockChange) {
    let position = |p: &Option<crate::diff::BlockPlace>| p.as_ref().map(|p| p.index + 1);
    let what = match change.kind {
        BlockChangeKind::Added => format!("Added as {}", position(&change.new).unwrap_or_default()),
        BlockChangeKind::Removed => format!("Removed (was {})", position(&change.old).unwrap_or_default()),
        BlockChangeKind::Moved => format!(
            "Moved from {} {} to {}",
            change.old.as_ref().map_or("", |p| p.section.key()),
            position(&change.old).unwrap_or_default(),
            position(&change.new).unwrap_or_default()
        ),
        BlockChangeKind::Edited if change.moved => {
            format!("Edited and moved to {}", position(&change.new).unwrap_or_default())
        }
        BlockChangeKind::Edited => format!("Edited, {}", position(&change.new).unwrap_or_default()),
    };
    ui.label(RichText::new(what).small().color(theme::quiet(ui.visuals())));
    ui.add(egui::Label::new(marked_job(ui.style(), &change.words)).wrap());
    ui.separator();
}

fn footnotes(ui: &mut Ui, diff: &ChapterDiff) {
    if diff.footnotes.is_empty() {
        return;
    }
    ui.heading("Footnotes");
    for f in &diff.footnotes {
        let label = f.new_label.as_ref().or(f.old_label.as_ref()).cloned().unwrap_or_default();
        let what = match f.kind {
            FootnoteChangeKind::Added => "added",
            FootnoteChangeKind::Removed => "removed",
            FootnoteChangeKind::Relabelled => "relabelled",
            FootnoteChangeKind::Edited => "edited",
        };
        let relabel = match (&f.old_label, &f.new_label) {
            (Some(a), Some(b)) if a != b => format!(" (was [^{a}])"),
            _ => String::new(),
        };
        ui.label(RichText::new(format!("[^{label}] {what}{relabel}")).small().color(theme::quiet(ui.visuals())));
        if !f.words.is_empty() {
            ui.add(egui::Label::new(marked_job(ui.style(), &f.words)).wrap());
        }
    }
}

/// Words with deletions struck through in the error colour and insertions underlined in the
/// "improved" colour, on tinted backgrounds, so they read without colour too.
#[must_use]
pub fn marked_job(style: &egui::Style, words: &[WordOp]) -> LayoutJob {
    let visuals = &style.visuals;
    let font = TextStyle::Body.resolve(style);
    let plain = TextFormat { font_id: font.clone(), color: visuals.text_color(), ..Default::default() };
    let deleted = TextFormat {
        color: theme::declined(visuals),
        strikethrough: egui::Stroke::new(1.0, theme::declined(visuals)),
        background: theme::deleted_bg(visuals),
        ..plain.clone()
    };
    let inserted = TextFormat {
        color: theme::improved(visuals),
        underline: egui::Stroke::new(1.0, theme::improved(visuals)),
        background: theme::inserted_bg(visuals),
        ..plain.clone()
    };
    let mut job = LayoutJob::default();
    for w in words {
        let format = match w.kind {
            WordKind::Equal => plain.clone(),
            WordKind::Delete => deleted.clone(),
            WordKind::Insert => inserted.clone(),
        };
        job.append(&w.text, 0.0, format);
    }
    job
}
