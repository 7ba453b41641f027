//! What a screen reader hears: accessible names for widgets whose drawn text says too little
//! out of context ("+", "×", "24 / 40"). The drawn text stays as it is; only the name in the
//! AccessKit tree changes.

use egui::{Id, Response, Ui};

/// Gives the widget of `response` the accessible name `name`. A plain label (AccessKit's
/// `Label` role keeps its text in the value) gets it as its text; any other widget as its
/// name, replacing the one taken from its drawn text.
pub fn name(ui: &Ui, response: &Response, name: impl Into<String>) {
    name_id(ui, response.id, name);
}

/// Gives the widget with `id` the accessible name `name`, as [`name`] does (for a widget
/// drawn this frame whose [`Response`] is not at hand, e.g. a panel's resize handle).
pub fn name_id(ui: &Ui, id: Id, name: impl Into<String>) {
    let name = name.into();
    ui.ctx().accesskit_node_builder(id, |b| {
        if b.role() == egui::accesskit::Role::Label {
            b.set_value(name);
        } else {
            b.set_label(name);
        }
    });
}

/// The id egui gives the resize handle of the panel `salt` shown in `ui` (egui names every
/// one "Resize panel"; ours say which panel).
pub fn resize_handle(ui: &Ui, salt: &str) -> Id {
    ui.scope_id().with(salt).with("__resize")
}

/// Makes the widget of `response` a tab to AccessKit, selected or not (egui draws tabs as
/// selectable labels, which it calls toggle buttons).
pub fn tab(ui: &Ui, response: &Response, selected: bool) {
    ui.ctx().accesskit_node_builder(response.id, |b| {
        b.set_role(egui::accesskit::Role::Tab);
        b.clear_toggled();
        b.set_selected(selected);
    });
}

/// Makes the widget of `response` a menu entry to AccessKit: egui draws a menu's entries as
/// buttons, check boxes and radio buttons, which a screen reader would announce as such; they
/// are menu items, the checkable and radio ones keeping their state.
pub fn menu_entry(ui: &Ui, response: &Response) {
    use egui::accesskit::Role;
    ui.ctx().accesskit_node_builder(response.id, |b| {
        let role = match b.role() {
            Role::CheckBox => Role::MenuItemCheckBox,
            Role::RadioButton => Role::MenuItemRadio,
            _ => Role::MenuItem,
        };
        b.set_role(role);
    });
}

/// Makes the widget of `response` a menu entry that opens a menu of its own (a menu bar's
/// title, a submenu), as [`menu_entry`] does, saying it has one.
pub fn menu_opener(ui: &Ui, response: &Response) {
    menu_entry(ui, response);
    ui.ctx().accesskit_node_builder(response.id, |b| b.set_has_popup(egui::accesskit::HasPopup::Menu));
}

/// Makes every entry drawn so far in `ui`'s layer (a context menu's popup) a menu item to
/// AccessKit, as [`menu_entry`] does for one: called last in the menu's closure.
pub fn menu_entries(ui: &Ui) {
    use egui::accesskit::Role;
    let layer = ui.layer_id();
    let ids: Vec<Id> = ui
        .ctx()
        .viewport(|v| v.this_pass.widgets.get_layer(layer).filter(|w| w.sense.is_focusable()).map(|w| w.id).collect());
    for id in ids {
        ui.ctx().accesskit_node_builder(id, |b| match b.role() {
            Role::Button => b.set_role(Role::MenuItem),
            Role::CheckBox => b.set_role(Role::MenuItemCheckBox),
            Role::RadioButton => b.set_role(Role::MenuItemRadio),
            _ => {}
        });
    }
}
