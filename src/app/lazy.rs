//! Long lists drawn at the cost of what is in sight.
//!
//! A row out of sight is not laid out: it takes the height it had when last drawn (or an
//! estimate), so the scroll bar stays right and a list of hundreds of bullets or findings costs
//! what its visible rows cost.

use egui::Ui;

/// Draws one row of a long list with `add`, unless it is out of sight and not `force`d (a row
/// being edited must be drawn to keep its keyboard focus). Returns what `add` returned, or
/// `None` for a row skipped.
pub fn row<R>(
    ui: &mut Ui,
    key: impl std::hash::Hash + std::fmt::Debug,
    force: bool,
    estimate: impl FnOnce(&Ui) -> f32,
    add: impl FnOnce(&mut Ui) -> R,
) -> Option<R> {
    let height_id = egui::Id::unique(("lazy-row-height", key));
    if !force {
        let height = ui.data(|d| d.get_temp::<f32>(height_id)).unwrap_or_else(|| estimate(ui));
        let size = egui::vec2(ui.available_width(), height);
        if !ui.is_rect_visible(egui::Rect::from_min_size(ui.cursor().min, size)) {
            ui.allocate_space(size);
            return None;
        }
    }
    let top = ui.cursor().min.y;
    let inner = add(ui);
    // What the row took, less the spacing after it (which `allocate_space` adds back).
    let height = (ui.cursor().min.y - top - ui.spacing().item_spacing.y).max(0.0);
    ui.data_mut(|d| d.insert_temp(height_id, height));
    Some(inner)
}

/// A guess at the height of `text` wrapped in `width` points, plus `extra`.
#[must_use]
pub fn text_height(ui: &Ui, text: &str, width: f32, extra: f32) -> f32 {
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let per_line = (width.max(60.0) / (line * 0.5)).max(1.0);
    let lines: f32 = text.split('\n').map(|l| (l.chars().count() as f32 / per_line).ceil().max(1.0)).sum();
    lines * line + extra
}
