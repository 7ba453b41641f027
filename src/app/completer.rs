//! The footnote completer: typing `[^` in a text block opens a list of the chapter's footnotes
//! (label and the start of the citation), narrowed as the label is typed. ↑/↓ choose, Enter or
//! Tab inserts the marker, Escape closes the list; "New footnote…" creates one with the next
//! free number and puts the cursor in its citation.

use egui::{RichText, Ui};

use super::{Action, Panels, ViewState, theme};
use crate::model::{Id, TextBlock};

/// How many footnotes the list shows at once.
const SHOWN: usize = 8;

/// The completer's state while it is open for a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completer {
    /// The block being typed in.
    pub block: Id,
    /// Byte range of the marker typed so far (`[^` and any label characters), in the block's
    /// text as typed.
    pub range: std::ops::Range<usize>,
    /// The entry chosen with the arrow keys (the last is "New footnote…").
    pub selected: usize,
}

/// A footnote the completer offers: its label and the start of its citation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The label.
    pub label: String,
    /// The start of its citation.
    pub summary: String,
}

/// The footnotes whose label starts with `typed` (all of them for nothing typed), in list
/// order, then those whose citation contains it; at most [`SHOWN`].
#[must_use]
pub fn candidates(notes: &[crate::model::Footnote], typed: &str) -> Vec<Candidate> {
    let lower = typed.to_lowercase();
    let by_label = notes.iter().filter(|f| f.label.starts_with(typed));
    let by_text = notes
        .iter()
        .filter(|f| !typed.is_empty() && !f.label.starts_with(typed) && f.text.to_lowercase().contains(&lower));
    by_label
        .chain(by_text)
        .take(SHOWN)
        .map(|f| Candidate { label: f.label.clone(), summary: f.text.chars().take(60).collect() })
        .collect()
}

/// The footnotes offered for `typed`: found again only when what was typed or the chapter
/// changed since the last frame.
fn offered(view: &mut ViewState, ctx: &Panels<'_>, typed: &str) -> Vec<Candidate> {
    let revision = ctx.derived.revision;
    if let Some((was, at, list)) = &view.completer_list
        && was == typed
        && *at == revision
    {
        return list.clone();
    }
    let list = candidates(&ctx.chapter.footnotes, typed);
    view.completer_list = Some((typed.to_owned(), revision, list.clone()));
    list
}

/// What a key did to the open completer.
enum Key {
    Up,
    Down,
    Accept,
    Close,
}

/// Takes the keys the open completer answers to, before the block's field sees them (so
/// Enter does not break the line).
pub fn keys(ui: &Ui, view: &mut ViewState, block: Id, ctx: &Panels<'_>, out: &mut Vec<Action>, text: &str) {
    let Some(c) = view.completer.as_ref().filter(|c| c.block == block) else { return };
    let key = ui.input_mut(|i| {
        use egui::{Key as K, Modifiers as M};
        if i.consume_key(M::NONE, K::ArrowDown) {
            Some(Key::Down)
        } else if i.consume_key(M::NONE, K::ArrowUp) {
            Some(Key::Up)
        } else if i.consume_key(M::NONE, K::Enter) || i.consume_key(M::NONE, K::Tab) {
            Some(Key::Accept)
        } else if i.consume_key(M::NONE, K::Escape) {
            Some(Key::Close)
        } else {
            None
        }
    });
    let typed = text.get(c.range.start + 2..c.range.end).unwrap_or_default().to_owned();
    let c = c.clone();
    let list = offered(view, ctx, &typed);
    let entries = list.len() + 1;
    match key {
        Some(Key::Down) => {
            if let Some(c) = &mut view.completer {
                c.selected = (c.selected + 1) % entries;
            }
        }
        Some(Key::Up) => {
            if let Some(c) = &mut view.completer {
                c.selected = (c.selected + entries - 1) % entries;
            }
        }
        Some(Key::Accept) => {
            let label = list.get(c.selected).map(|f| f.label.clone());
            out.push(Action::CompleteMarker { block, range: c.range.clone(), label });
            view.completer = None;
        }
        Some(Key::Close) => {
            view.completer_dismissed = Some((block, c.range.start));
            view.completer = None;
        }
        None => {}
    }
}

/// Opens, follows or closes the completer for `block` after typing: `caret` is the cursor's
/// byte offset in `text` (the text as typed this frame).
pub fn follow(view: &mut ViewState, block: &TextBlock, text: &str, caret: Option<usize>) {
    let open = caret.and_then(|at| crate::model::markers::open_marker_before(text, at));
    match open {
        Some(range) if view.completer_dismissed != Some((block.id, range.start)) => {
            let selected = view.completer.as_ref().filter(|c| c.block == block.id).map_or(0, |c| c.selected);
            view.completer = Some(Completer { block: block.id, range, selected });
        }
        _ => {
            if view.completer.as_ref().is_some_and(|c| c.block == block.id) {
                view.completer = None;
            }
        }
    }
}

/// The list under the caret, while the completer is open for `block`.
pub fn popup(
    ui: &Ui,
    ctx: &Panels<'_>,
    view: &mut ViewState,
    out: &mut Vec<Action>,
    block: Id,
    text: &str,
    at: egui::Pos2,
) {
    let Some(c) = view.completer.as_ref().filter(|c| c.block == block).cloned() else { return };
    let typed = text.get(c.range.start + 2..c.range.end).unwrap_or_default();
    let list = offered(view, ctx, typed);
    egui::Area::new(egui::Id::unique(("footnote-completer", block))).order(egui::Order::Foreground).fixed_pos(at).show(
        ui.ctx(),
        |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(420.0);
                ui.label(RichText::new("Footnote (↑ ↓, Enter)").small().color(theme::quiet(ui.visuals())));
                for (i, f) in list.iter().enumerate() {
                    let text = format!("[^{}] {}", f.label, f.summary);
                    if ui.selectable_label(c.selected == i, text).clicked() {
                        out.push(Action::CompleteMarker {
                            block,
                            range: c.range.clone(),
                            label: Some(f.label.clone()),
                        });
                        view.completer = None;
                    }
                }
                if list.is_empty() {
                    ui.label(RichText::new("No footnote with that label").color(theme::quiet(ui.visuals())));
                }
                if ui.selectable_label(c.selected == list.len(), "New footnote…").clicked() {
                    out.push(Action::CompleteMarker { block, range: c.range.clone(), label: None });
                    view.completer = None;
                }
            });
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_by_label_then_by_citation() {
        let mut c = crate::Chapter::new(&crate::Methodology::nit_2020(), "X", 2024);
        for (label, text) in [("1", "Council minutes"), ("12", "Election report"), ("2", "Report on councils")] {
            c.add_footnote(label, text, None);
        }
        let labels = |typed: &str| candidates(&c.footnotes, typed).into_iter().map(|f| f.label).collect::<Vec<_>>();
        assert_eq!(labels(""), ["1", "12", "2"]);
        assert_eq!(labels("1"), ["1", "12"]);
        assert_eq!(labels("council"), ["1", "2"]);
        assert!(labels("zzz").is_empty());
    }
}
