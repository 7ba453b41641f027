//! The find bar under the menu (Ctrl+F), with next and previous; the search itself is
//! [`crate::find`].

use egui::Ui;

use super::{Action, FindState};
use crate::find::matches;
use crate::model::Chapter;

/// The find bar: query field, match count, previous and next.
pub fn bar(
    ui: &mut Ui,
    find: &mut FindState,
    chapter: &Chapter,
    method: &crate::Methodology,
    revision: u64,
    out: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Find");
        let mut output =
            egui::TextEdit::singleline(&mut find.query).id_salt("find-query").desired_width(260.0).show(ui);
        let response = output.response.response.clone().labelled_by(label.id);
        if find.focus {
            // Ctrl+F: the field takes the keys, its words selected, so typing searches anew.
            response.request_focus();
            let all = egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(find.query.chars().count()),
            );
            output.state.cursor.set_char_range(Some(all));
            output.state.store(ui.ctx(), response.id);
            find.focus = false;
        }
        if response.changed() {
            find.current = None;
        }
        let total = match &find.counted {
            Some((query, at, n)) if *query == find.query && *at == revision => *n,
            _ => {
                let n = matches(chapter, method, &find.query).len();
                find.counted = Some((find.query.clone(), revision, n));
                n
            }
        };
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let previous = ui.button("Previous");
        super::a11y::name(ui, &previous, "Previous match");
        if previous.clicked() {
            out.push(Action::FindPrevious);
        }
        let next = ui.button("Next");
        super::a11y::name(ui, &next, "Next match");
        if next.clicked() || enter {
            out.push(Action::FindNext);
            if enter {
                response.request_focus();
            }
        }
        let status = match (total, find.current) {
            (0, _) if !find.query.is_empty() => "no matches".to_owned(),
            (0, _) => String::new(),
            (n, Some(i)) => format!("{} of {n}", i + 1),
            (n, None) => format!("{n} matches"),
        };
        ui.label(status);
        let close = ui.button("Close");
        super::a11y::name(ui, &close, "Close the find bar");
        if close.clicked() {
            out.push(Action::CloseFind);
        }
    });
}
