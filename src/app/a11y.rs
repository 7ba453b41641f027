//! What a screen reader hears: accessible names for widgets whose drawn text says too little
//! out of context ("+", "×", "1.29 / 7"). The drawn text stays as it is; only the name in the
//! AccessKit tree changes.

use egui::{Response, Ui};

/// Gives the widget of `response` the accessible name `name`. A plain label (AccessKit's
/// `Label` role keeps its text in the value) gets it as its text; any other widget as its
/// name, replacing the one taken from its drawn text.
pub fn name(ui: &Ui, response: &Response, name: impl Into<String>) {
    let name = name.into();
    ui.ctx().accesskit_node_builder(response.id, |b| {
        if b.role() == egui::accesskit::Role::Label {
            b.set_value(name);
        } else {
            b.set_label(name);
        }
    });
}
