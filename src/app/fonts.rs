//! Fonts for every script the chapters use.
//!
//! egui's bundled fonts miss Azerbaijani ə, Georgian and Armenian. We ship Noto Sans (Latin,
//! Cyrillic and Greek in full, ə included) as the first proportional font, and Noto Sans
//! Georgian and Noto Sans Armenian as fallbacks for every family; egui's own fonts stay behind
//! them for emoji, icons and arrows. The files and their licence (SIL OFL 1.1) are in `assets/fonts/`.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const NOTO_GEORGIAN: &[u8] = include_bytes!("../../assets/fonts/NotoSansGeorgian-Regular.ttf");
const NOTO_ARMENIAN: &[u8] = include_bytes!("../../assets/fonts/NotoSansArmenian-Regular.ttf");

/// egui's default fonts with ours added: Noto Sans first for proportional text, Georgian and
/// Armenian as fallbacks for proportional and monospace text.
#[must_use]
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in
        [("NotoSans", NOTO_SANS), ("NotoSansGeorgian", NOTO_GEORGIAN), ("NotoSansArmenian", NOTO_ARMENIAN)]
    {
        fonts.font_data.insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    }
    if let Some(list) = fonts.families.get_mut(&FontFamily::Proportional) {
        list.insert(0, "NotoSans".to_owned());
        list.push("NotoSansGeorgian".to_owned());
        list.push("NotoSansArmenian".to_owned());
        // Arrows and triangles (▲ ▼ ↑ ↓) are in egui's monospace font only.
        list.push("Hack".to_owned());
    }
    if let Some(list) = fonts.families.get_mut(&FontFamily::Monospace) {
        list.push("NotoSans".to_owned());
        list.push("NotoSansGeorgian".to_owned());
        list.push("NotoSansArmenian".to_owned());
    }
    fonts
}

/// Installs [`definitions`] in `ctx`.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
