//! Design tokens: the colours and spacing every panel uses, in one place.
//!
//! Panels never write colour literals; they ask here, so light and dark themes stay
//! consistent and a change of palette is one edit.
//!
//! The three themes (light, dark, high contrast) start from egui's and are adjusted here so that
//! every text colour meets WCAG AA (4.5:1) on the backgrounds it is drawn on, and keyboard focus
//! is a 2-point ring in [`focus`]'s colour, 3:1 at least against what is around it (egui's own
//! is a 1-point line, easy to lose). The tests at the end compute the contrast ratios.

use egui::{Color32, Stroke, Visuals};
use serde::{Deserialize, Serialize};

/// Space between the blocks of a panel.
pub const GAP: f32 = 8.0;
/// Width of a rating's text field.
pub const RATING_FIELD_WIDTH: f32 = 40.0;
/// Widest default of the ratings side (it takes about a quarter of the window).
pub const RATINGS_WIDTH: f32 = 360.0;
/// Widest default of the findings panel (it takes about a fifth of the window).
pub const FINDINGS_WIDTH: f32 = 300.0;
/// The narrowest a side panel gets.
pub const SIDE_MIN_WIDTH: f32 = 220.0;
/// The narrowest window (in points) that shows both side panels: below it only one is shown
/// beside the text, so that the text keeps room at a large zoom.
pub const TWO_PANELS_WIDTH: f32 = 900.0;
/// Width of a block's row of controls (move, footnote, delete) beside its text.
pub const BLOCK_CONTROLS_WIDTH: f32 = 52.0;

/// Which theme the user chose; remembered between runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
    /// White on black, with a yellow focus ring and a strong blue selection.
    HighContrast,
}

impl ThemeChoice {
    /// egui's preference for this choice.
    #[must_use]
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark | Self::HighContrast => egui::ThemePreference::Dark,
        }
    }

    /// The menu label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow the system",
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::HighContrast => "High contrast",
        }
    }

    /// Every choice, in the order the View menu lists them.
    pub const ALL: [Self; 4] = [Self::System, Self::Light, Self::Dark, Self::HighContrast];
}

/// Puts `choice` into effect: our light visuals for egui's light theme, our dark (or high
/// contrast) visuals for its dark theme, and the preference between them.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_visuals_of(egui::Theme::Light, light());
    let dark_side = if choice == ThemeChoice::HighContrast { high_contrast() } else { dark() };
    ctx.set_visuals_of(egui::Theme::Dark, dark_side);
    ctx.set_theme(choice.preference());
}

/// The light theme: egui's, with text colours dark enough for AA and a strong focus ring.
#[must_use]
pub fn light() -> Visuals {
    let mut v = Visuals::light();
    v.weak_text_color = Some(Color32::from_gray(100));
    v.hyperlink_color = Color32::from_rgb(0, 90, 190);
    v.warn_fg_color = Color32::from_rgb(170, 70, 0);
    v.error_fg_color = Color32::from_rgb(200, 0, 0);
    strong_focus(&mut v);
    v
}

/// The dark theme: egui's, with brighter body and quiet text and a strong focus ring.
#[must_use]
pub fn dark() -> Visuals {
    let mut v = Visuals::dark();
    v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(210);
    v.weak_text_color = Some(Color32::from_gray(160));
    v.error_fg_color = Color32::from_rgb(255, 110, 100);
    strong_focus(&mut v);
    v
}

/// The high-contrast theme: white text on black, controls outlined in white, selection white
/// on strong blue, and a thick yellow focus ring.
#[must_use]
pub fn high_contrast() -> Visuals {
    let mut v = Visuals::dark();
    let (black, white) = (Color32::BLACK, Color32::WHITE);
    v.panel_fill = black;
    v.window_fill = black;
    v.extreme_bg_color = black;
    v.faint_bg_color = Color32::from_gray(24);
    v.code_bg_color = Color32::from_gray(40);
    v.window_stroke = Stroke::new(2.0, white);
    v.weak_text_color = Some(Color32::from_gray(215));
    v.hyperlink_color = Color32::from_rgb(110, 200, 255);
    v.warn_fg_color = Color32::from_rgb(255, 190, 0);
    v.error_fg_color = Color32::from_rgb(255, 120, 120);
    let w = &mut v.widgets;
    w.noninteractive.fg_stroke = Stroke::new(1.0, white);
    w.noninteractive.bg_stroke = Stroke::new(1.0, Color32::from_gray(200));
    w.noninteractive.bg_fill = black;
    w.noninteractive.weak_bg_fill = black;
    w.inactive.fg_stroke = Stroke::new(1.0, white);
    w.inactive.bg_stroke = Stroke::new(1.0, white);
    w.inactive.bg_fill = black;
    w.inactive.weak_bg_fill = black;
    w.hovered.fg_stroke = Stroke::new(1.5, white);
    w.hovered.bg_stroke = Stroke::new(2.0, white);
    w.hovered.bg_fill = Color32::from_gray(45);
    w.hovered.weak_bg_fill = Color32::from_gray(45);
    w.active.fg_stroke = Stroke::new(2.0, white);
    w.active.bg_fill = black;
    w.active.weak_bg_fill = black;
    w.open.fg_stroke = Stroke::new(1.0, white);
    w.open.bg_fill = Color32::from_gray(45);
    w.open.weak_bg_fill = Color32::from_gray(45);
    v.selection.bg_fill = Color32::from_rgb(0, 60, 200);
    v.selection.stroke = Stroke::new(2.0, Color32::from_rgb(255, 255, 0));
    strong_focus(&mut v);
    v.widgets.active.bg_stroke.width = 3.0;
    v
}

/// Keyboard focus as a 2-point ring in the selection's stroke colour: on buttons, check boxes
/// and tabs (egui draws a focused widget in its `active` look) and around text fields (which
/// egui outlines with the selection stroke).
fn strong_focus(v: &mut Visuals) {
    v.selection.stroke.width = 2.0;
    v.widgets.active.bg_stroke = Stroke::new(2.0, v.selection.stroke.color);
}

/// The colour of the keyboard focus ring.
#[must_use]
pub fn focus(visuals: &Visuals) -> Color32 {
    visuals.selection.stroke.color
}

/// The style of menus (the menu bar's and context menus): egui's, but keeping the focus ring
/// on the entry the arrow keys are on (egui's menus draw no stroke on it).
pub fn menu_style(style: &mut egui::Style) {
    let active = style.visuals.widgets.active.bg_stroke;
    egui::containers::menu::menu_style(style);
    style.visuals.widgets.active.bg_stroke = active;
}

/// Colour of errors: refused entries, error findings, undefined markers.
#[must_use]
pub fn error(visuals: &Visuals) -> Color32 {
    visuals.error_fg_color
}

/// Colour of warnings.
#[must_use]
pub fn warning(visuals: &Visuals) -> Color32 {
    visuals.warn_fg_color
}

/// Colour of notes and quiet secondary text.
#[must_use]
pub fn quiet(visuals: &Visuals) -> Color32 {
    visuals.weak_text_color()
}

/// Colour of a figure that moved towards the best end of its scale.
#[must_use]
pub fn improved(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(110, 200, 120) } else { Color32::from_rgb(20, 120, 40) }
}

/// Colour of a figure that moved away from the best end of its scale.
#[must_use]
pub fn declined(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(240, 120, 110) } else { Color32::from_rgb(180, 30, 30) }
}

/// Text colour of a well-formed footnote marker whose footnote exists.
#[must_use]
pub fn marker(visuals: &Visuals) -> Color32 {
    visuals.hyperlink_color
}

/// Background behind a marker with no footnote (or a malformed one).
#[must_use]
pub fn marker_missing_bg(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(80, 20, 20) } else { Color32::from_rgb(255, 225, 220) }
}

/// Background behind a find match.
#[must_use]
pub fn find_match_bg(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(90, 80, 20) } else { Color32::from_rgb(255, 240, 150) }
}

/// Background of the score card.
#[must_use]
pub fn card_bg(visuals: &Visuals) -> Color32 {
    visuals.faint_bg_color
}

/// Black or white, whichever reads better on `fill` (a badge's number on its colour).
#[must_use]
pub fn text_on(fill: Color32) -> Color32 {
    if contrast(Color32::BLACK, fill) >= contrast(Color32::WHITE, fill) { Color32::BLACK } else { Color32::WHITE }
}

/// WCAG 2 relative luminance of an opaque sRGB colour.
fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// A colour (premultiplied, perhaps translucent) as it shows over an opaque background.
fn over(fg: Color32, bg: Color32) -> Color32 {
    let rest = 255 - u16::from(fg.a());
    let mix = |f: u8, b: u8| (u16::from(f) + (u16::from(b) * rest + 127) / 255).min(255) as u8;
    Color32::from_rgb(mix(fg.r(), bg.r()), mix(fg.g(), bg.g()), mix(fg.b(), bg.b()))
}

/// WCAG 2 contrast ratio of `fg` drawn over `bg` (from 1 to 21).
#[must_use]
pub fn contrast(fg: Color32, bg: Color32) -> f64 {
    let (a, b) = (luminance(over(fg, bg)), luminance(bg));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Colour of a finding's severity badge.
#[must_use]
pub fn severity(visuals: &Visuals, severity: crate::findings::Severity) -> Color32 {
    match severity {
        crate::findings::Severity::Error => error(visuals),
        crate::findings::Severity::Warning => warning(visuals),
        crate::findings::Severity::Note => quiet(visuals),
    }
}

/// Background of an open comment.
#[must_use]
pub fn comment_bg(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(52, 48, 30) } else { Color32::from_rgb(255, 248, 215) }
}

/// Background of words deleted, in a comparison.
#[must_use]
pub fn deleted_bg(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(80, 30, 30) } else { Color32::from_rgb(255, 225, 222) }
}

/// Background of words inserted, in a comparison.
#[must_use]
pub fn inserted_bg(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(25, 70, 35) } else { Color32::from_rgb(215, 245, 220) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;

    /// Every pair of text and background colour the editor draws in a theme, with the ratio
    /// WCAG AA asks of it: 4.5:1 for text, 3:1 for the focus ring (a non-text indicator).
    fn pairs(v: &Visuals) -> Vec<(&'static str, Color32, Color32, f64)> {
        let text = v.text_color();
        let w = &v.widgets;
        vec![
            ("text on panel", text, v.panel_fill, 4.5),
            ("text on window", text, v.window_fill, 4.5),
            ("text in a field", text, v.text_edit_bg_color(), 4.5),
            ("text on the score card", text, over(card_bg(v), v.panel_fill), 4.5),
            ("quiet text on panel", quiet(v), v.panel_fill, 4.5),
            ("quiet text on window", quiet(v), v.window_fill, 4.5),
            ("quiet text on the score card", quiet(v), over(card_bg(v), v.panel_fill), 4.5),
            ("links and markers on panel", marker(v), v.panel_fill, 4.5),
            ("markers in a field", marker(v), v.text_edit_bg_color(), 4.5),
            ("errors on panel", error(v), v.panel_fill, 4.5),
            ("errors on window", error(v), v.window_fill, 4.5),
            ("warnings on panel", warning(v), v.panel_fill, 4.5),
            ("improved on panel", improved(v), v.panel_fill, 4.5),
            ("declined on panel", declined(v), v.panel_fill, 4.5),
            ("button text", w.inactive.text_color(), over(w.inactive.weak_bg_fill, v.panel_fill), 4.5),
            ("hovered button text", w.hovered.text_color(), over(w.hovered.weak_bg_fill, v.panel_fill), 4.5),
            ("pressed or focused button text", w.active.text_color(), over(w.active.weak_bg_fill, v.panel_fill), 4.5),
            ("selected tab text", v.selection.stroke.color, v.selection.bg_fill, 4.5),
            ("selected words in a field", text, v.selection.bg_fill, 4.5),
            ("a missing marker", error(v), marker_missing_bg(v), 4.5),
            ("a find match", text, find_match_bg(v), 4.5),
            ("an open comment", text, comment_bg(v), 4.5),
            ("deleted words", text, deleted_bg(v), 4.5),
            ("inserted words", text, inserted_bg(v), 4.5),
            ("an error badge", text_on(severity(v, Severity::Error)), severity(v, Severity::Error), 4.5),
            ("a warning badge", text_on(severity(v, Severity::Warning)), severity(v, Severity::Warning), 4.5),
            ("a note badge", text_on(severity(v, Severity::Note)), severity(v, Severity::Note), 4.5),
            ("focus ring on panel", focus(v), v.panel_fill, 3.0),
            ("focus ring on a field", focus(v), v.text_edit_bg_color(), 3.0),
            ("focus ring on a focused button", focus(v), over(w.active.weak_bg_fill, v.panel_fill), 3.0),
        ]
    }

    fn failures(v: &Visuals) -> Vec<String> {
        pairs(v)
            .into_iter()
            .map(|(what, fg, bg, min)| (what, contrast(fg, bg), min))
            .filter(|(_, ratio, min)| ratio < min)
            .map(|(what, ratio, min)| format!("{what}: {ratio:.2} < {min}"))
            .collect()
    }

    #[test]
    fn contrast_is_computed_as_wcag_defines_it() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known lightest grey that passes AA: 4.54:1.
        assert!((contrast(Color32::from_gray(0x76), Color32::WHITE) - 4.54).abs() < 0.01);
        // Half-transparent black over white shows as a mid grey.
        assert_eq!(over(Color32::from_black_alpha(128), Color32::WHITE), Color32::from_gray(127));
    }

    #[test]
    fn every_theme_meets_wcag_aa() {
        for (name, v) in [("light", light()), ("dark", dark()), ("high contrast", high_contrast())] {
            assert_eq!(failures(&v), Vec::<String>::new(), "the {name} theme");
        }
    }

    #[test]
    fn egui_s_own_themes_would_fail_the_same_check() {
        // What the check above guards against: egui's defaults have faint links, warnings and
        // quiet text on light, and dim text on the highlights of dark.
        assert!(failures(&Visuals::light()).iter().any(|f| f.starts_with("links and markers on panel")));
        assert!(failures(&Visuals::dark()).iter().any(|f| f.starts_with("quiet text on panel")));
    }

    #[test]
    fn high_contrast_is_white_on_black_with_a_thick_yellow_ring() {
        let v = high_contrast();
        assert_eq!((v.text_color(), v.panel_fill), (Color32::WHITE, Color32::BLACK));
        assert_eq!(v.widgets.active.bg_stroke, Stroke::new(3.0, Color32::from_rgb(255, 255, 0)));
        assert!(contrast(v.text_color(), v.panel_fill) >= 7.0, "AAA for body text");
    }

    #[test]
    fn focus_is_a_two_point_ring_in_every_theme() {
        for v in [light(), dark(), high_contrast()] {
            assert!(v.widgets.active.bg_stroke.width >= 2.0);
            assert_eq!(v.widgets.active.bg_stroke.color, focus(&v));
            assert!(v.selection.stroke.width >= 2.0, "text fields are outlined as thickly");
        }
        // egui's own: one point, in black or white rather than a colour of its own.
        assert!(Visuals::light().widgets.active.bg_stroke.width < 2.0);
    }
}
