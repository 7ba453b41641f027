//! Design tokens: the colours and spacing every panel uses, in one place.
//!
//! Panels never write colour literals; they ask here, so light and dark themes stay
//! consistent and a change of palette is one edit.

use egui::{Color32, Visuals};
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
}

impl ThemeChoice {
    /// egui's preference for this choice.
    #[must_use]
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }

    /// The menu label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow the system",
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }
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

/// Colour of a figure that moved towards democracy.
#[must_use]
pub fn improved(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(110, 200, 120) } else { Color32::from_rgb(20, 120, 40) }
}

/// Colour of a figure that moved away from democracy.
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
    if visuals.dark_mode { Color32::from_rgb(110, 30, 30) } else { Color32::from_rgb(255, 205, 200) }
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
