//! Spell checking in the editor: misspelt words underlined with a wavy line in the text
//! fields, and a right-click menu on them (suggestions, "Add to chapter dictionary", "Ignore in
//! this chapter", "Add to my dictionary").
//!
//! The checking is the core's ([`crate::spelling`]). The bundled English dictionary is parsed
//! in a thread of its own as the editor starts, so the window does not wait for it; until it
//! is ready nothing is underlined. Which words each block misspells is kept in [`Derived`]
//! with the rest of what the text gives, so typing re-checks only the block typed in.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use egui::{Pos2, Stroke, Ui};

use super::{Action, theme};
use crate::model::Spelling;
use crate::spelling::{Checker, Dictionaries, Dictionary, Misspelling};

/// A dictionary being loaded: `None` until ready, then the dictionary or why not.
type Loading = Option<Result<Arc<Dictionary>, String>>;

/// The dictionaries the editor has, and the checker for the open chapter.
pub struct Speller {
    bundled: Arc<Mutex<Loading>>,
    system: Option<Dictionaries>,
    /// System dictionaries asked for, each parsed in a thread of its own.
    loaded: HashMap<String, Arc<Mutex<Loading>>>,
    /// Woken when a dictionary is ready, so that the underlines appear without waiting for input.
    repaint: Option<egui::Context>,
    /// The checker for the chapter, and what it was made for.
    checker: Option<(Checker, Spelling, Vec<String>)>,
}

impl Default for Speller {
    fn default() -> Self {
        Self::idle()
    }
}

impl Speller {
    /// A speller with no dictionary until [`Self::start`]: nothing is underlined (tests and
    /// benches that do not look at spelling stay deterministic).
    #[must_use]
    pub fn idle() -> Self {
        Self { bundled: Arc::default(), system: None, loaded: HashMap::new(), checker: None, repaint: None }
    }

    /// Wakes `ctx` whenever a system dictionary becomes ready.
    #[must_use]
    pub fn with_repaint(mut self, ctx: &egui::Context) -> Self {
        self.repaint = Some(ctx.clone());
        self
    }

    /// Looks for system dictionaries in `folders` only (tests).
    #[cfg(test)]
    fn with_system(mut self, folders: &[std::path::PathBuf]) -> Self {
        self.system = Some(Dictionaries::in_folders(folders));
        self
    }

    /// Starts parsing the bundled dictionary in a thread of its own.
    #[must_use]
    pub fn start() -> Self {
        let bundled: Arc<Mutex<Loading>> = Arc::default();
        let slot = bundled.clone();
        let parse = move || {
            let result = Dictionary::bundled().map_err(|e| e.to_string());
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(result);
            }
        };
        if std::thread::Builder::new().name("spelling-dictionary".to_owned()).spawn(parse.clone()).is_err() {
            parse();
        }
        Self { bundled, system: None, loaded: HashMap::new(), checker: None, repaint: None }
    }

    /// Starts the speller if idle, and waits for the bundled dictionary (tests, so that the
    /// first frames already underline).
    #[must_use]
    pub fn ready(self) -> Self {
        let started = self.bundled.lock().is_ok_and(|s| s.is_some());
        let this = if started { self } else { Self::start() };
        this.wait()
    }

    fn wait(self) -> Self {
        for _ in 0..500 {
            if self.bundled.lock().is_ok_and(|s| s.is_some()) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        self
    }

    /// The languages that can be chosen: the bundled `en_US` and every dictionary installed.
    pub fn languages(&mut self) -> Vec<String> {
        let system = self.system.get_or_insert_with(Dictionaries::discover);
        let mut out: Vec<String> =
            std::iter::once("en_US".to_owned()).chain(system.languages().map(str::to_owned)).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The checker for a chapter spelt by `spelling` and a person whose own words are
    /// `personal`; `None` while the dictionary is not ready, or when it cannot be had.
    pub fn checker(&mut self, spelling: &Spelling, personal: &[String]) -> Option<&Checker> {
        let current = self.checker.as_ref().is_some_and(|(_, s, p)| s == spelling && p == personal);
        if !current {
            let dictionary = self.dictionary(spelling.language.as_deref())?;
            self.checker = Some((Checker::new(dictionary, spelling, personal), spelling.clone(), personal.to_vec()));
        }
        self.checker.as_ref().map(|(c, _, _)| c)
    }

    /// Why the chapter's dictionary cannot be had, if it cannot.
    #[must_use]
    pub fn problem(&self, language: Option<&str>) -> Option<String> {
        match language.filter(|l| *l != "en_US") {
            None => self.bundled.lock().ok().and_then(|s| s.as_ref().and_then(|r| r.as_ref().err().cloned())),
            Some(l) => self.loaded.get(l).and_then(|slot| ready(slot).and_then(Result::err)),
        }
    }

    fn dictionary(&mut self, language: Option<&str>) -> Option<Arc<Dictionary>> {
        match language.filter(|l| *l != "en_US") {
            None => self.bundled.lock().ok().and_then(|s| s.as_ref().and_then(|r| r.as_ref().ok().cloned())),
            Some(l) => {
                if !self.loaded.contains_key(l) {
                    let slot = self.start_loading(l);
                    self.loaded.insert(l.to_owned(), slot);
                }
                self.loaded.get(l).and_then(|slot| ready(slot).and_then(Result::ok))
            }
        }
    }

    /// Starts parsing the system dictionary for `language` in a thread of its own (a large
    /// one takes longer than a frame); until it is ready nothing is underlined.
    fn start_loading(&mut self, language: &str) -> Arc<Mutex<Loading>> {
        let system = self.system.get_or_insert_with(Dictionaries::discover);
        let slot: Arc<Mutex<Loading>> = Arc::default();
        let Some(available) = system.available().iter().find(|a| a.language == language).cloned() else {
            // Not installed: the error names the languages there are, at once.
            let result = system.load(language).map_err(|e| e.to_string());
            if let Ok(mut s) = slot.lock() {
                *s = Some(result);
            }
            return slot;
        };
        let (into, repaint) = (slot.clone(), self.repaint.clone());
        let parse = move || {
            let result = Dictionary::load(&available).map(Arc::new).map_err(|e| e.to_string());
            if let Ok(mut s) = into.lock() {
                *s = Some(result);
            }
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        };
        if std::thread::Builder::new().name("spelling-dictionary".to_owned()).spawn(parse.clone()).is_err() {
            parse();
        }
        slot
    }
}

/// What a dictionary being loaded has come to, if it is ready.
fn ready(slot: &Mutex<Loading>) -> Option<Result<Arc<Dictionary>, String>> {
    slot.lock().ok().and_then(|s| s.clone())
}

/// Paints a wavy line under each misspelt word of a text field: `galley` laid out at
/// `origin`, `text` its text. Returns the rectangles underlined (for tests and hit testing).
pub fn underline(
    ui: &Ui,
    galley: &egui::Galley,
    origin: Pos2,
    text: &str,
    misspelt: &[Misspelling],
) -> Vec<egui::Rect> {
    let colour = theme::error(ui.visuals());
    let mut rects = Vec::new();
    for m in misspelt {
        let start = text[..m.range.start.min(text.len())].chars().count();
        let end = start + m.word.chars().count();
        for rect in span_rects(galley, start..end) {
            let rect = rect.translate(origin.to_vec2());
            wavy(ui.painter(), rect.left(), rect.right(), rect.bottom() - 1.0, Stroke::new(1.0, colour));
            rects.push(rect);
        }
    }
    rects
}

/// The rectangles a range of characters covers in `galley`, one per row it spans.
fn span_rects(galley: &egui::Galley, chars: Range<usize>) -> Vec<egui::Rect> {
    let mut out = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let count = row.char_count_including_newline().0;
        let (from, to) = (chars.start.max(row_start), chars.end.min(row_start + row.char_count_excluding_newline().0));
        if from < to {
            let left = row.x_offset(egui::text::CharIndex(from - row_start));
            let right = row.x_offset(egui::text::CharIndex(to - row_start));
            let r = row.rect();
            out.push(egui::Rect::from_min_max(
                egui::pos2(r.left() + left, r.top()),
                egui::pos2(r.left() + right, r.bottom()),
            ));
        }
        row_start += count;
    }
    out
}

/// A zigzag from `x0` to `x1` along `y`.
fn wavy(painter: &egui::Painter, x0: f32, x1: f32, y: f32, stroke: Stroke) {
    let step = 2.0;
    let mut points = Vec::new();
    let mut x = x0;
    let mut up = false;
    while x <= x1 {
        points.push(egui::pos2(x, if up { y - 1.5 } else { y }));
        x += step;
        up = !up;
    }
    if points.len() > 1 {
        painter.add(egui::Shape::line(points, stroke));
    }
}

/// The misspelling under character `at` of `text`, if any.
#[must_use]
pub fn at_char<'m>(text: &str, misspelt: &'m [Misspelling], at: usize) -> Option<&'m Misspelling> {
    let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
    misspelt.iter().find(|m| m.range.contains(&byte) || m.range.end == byte)
}

/// The items a right-click on a misspelt word offers: its suggestions (choosing one replaces
/// the word in one undo step), then the dictionaries.
pub fn menu(
    ui: &mut Ui,
    word: &Misspelling,
    suggestions: &[String],
    replace: impl Fn(String) -> Action,
    out: &mut Vec<Action>,
) {
    if suggestions.is_empty() {
        ui.label(egui::RichText::new("No suggestions").color(theme::quiet(ui.visuals())));
    }
    for s in suggestions {
        if ui.button(s).clicked() {
            out.push(replace(s.clone()));
            ui.close();
        }
    }
    ui.separator();
    if ui
        .button("Add to chapter dictionary")
        .on_hover_text("Saved in the chapter: right for everyone who checks it")
        .clicked()
    {
        out.push(Action::AddToChapterDictionary(word.word.clone()));
        ui.close();
    }
    if ui.button("Ignore in this chapter").clicked() {
        out.push(Action::IgnoreInChapter(word.word.clone()));
        ui.close();
    }
    if ui.button("Add to my dictionary").on_hover_text("Kept with your editor settings, for every chapter").clicked() {
        out.push(Action::AddToPersonalDictionary(word.word.clone()));
        ui.close();
    }
}

/// Spelling in a one-line field (a footnote's citation, the title): underlines what `misspelt`
/// marks in `text` (the model's text; nothing while it is being changed this frame) and a
/// right-click menu with the suggestions on a misspelt word.
#[allow(clippy::too_many_arguments)] // one field's context: splitting it would only rename it
pub fn one_line(
    ui: &Ui,
    view: &mut super::ViewState,
    derived: &super::Derived,
    out: &mut Vec<Action>,
    field: &super::TextField,
    text: &str,
    output: &egui::text_edit::TextEditOutput,
    misspelt: &[Misspelling],
) {
    let response = &output.response.response;
    if !response.changed() && !misspelt.is_empty() {
        for (m, rect) in misspelt.iter().zip(underline(ui, &output.galley, output.galley_pos, text, misspelt)) {
            view.underlined.push((field.clone(), m.word.clone(), rect));
        }
    }
    if response.secondary_clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let at = output.galley.cursor_from_pos(pointer - output.galley_pos).index.0;
        view.spell_menu = at_char(text, misspelt, at).map(|m| (field.clone(), m.clone(), derived.suggest(&m.word)));
    }
    key_menu(ui, view, derived, out, (field, text, misspelt), output, |_, _| {});
    let Some((_, word, suggestions)) = view.spell_menu.clone().filter(|(f, _, _)| f == field) else { return };
    response.context_menu(|ui| {
        let replace = |with: String| Action::ReplaceText { field: field.clone(), range: word.range.clone(), with };
        menu(ui, &word, &suggestions, replace, out);
        super::a11y::menu_entries(ui);
    });
}

/// A text field's context menu from the keyboard: Shift+F10 (or the context-menu key) opens it
/// at the cursor, with the spelling entries for the word there (or a line saying it is spelt
/// right) and then `more` (Comment, in a bullet). The focus goes to its first entry; ↑ ↓ walk
/// it, Enter chooses, Escape closes it, and the focus comes back to the field. `text` is the
/// field's text in the model and `misspelt` its misspellings.
pub fn key_menu(
    ui: &Ui,
    view: &mut super::ViewState,
    derived: &super::Derived,
    out: &mut Vec<Action>,
    (field, text, misspelt): (&super::TextField, &str, &[Misspelling]),
    output: &egui::text_edit::TextEditOutput,
    more: impl FnOnce(&mut Ui, &mut Vec<Action>),
) {
    use super::keys;
    let response = &output.response.response;
    let popup_id = response.id.with("key-menu");
    let pressed = response.has_focus()
        && ui.input_mut(|i| i.consume_shortcut(&keys::CONTEXT_MENU) || i.consume_shortcut(&keys::CONTEXT_KEY));
    if pressed {
        let caret = output.cursor_range.map_or(0, |r| r.primary.index.0);
        view.spell_menu = at_char(text, misspelt, caret).map(|m| (field.clone(), m.clone(), derived.suggest(&m.word)));
        let at = output.cursor_range.map_or(response.rect.left_bottom(), |c| {
            output.galley_pos + output.galley.pos_from_cursor(c.primary).left_bottom().to_vec2()
        });
        view.key_menu = Some(super::state::KeyMenu { field: field.clone(), at, focus_pending: true });
        egui::Popup::open_id(ui.ctx(), popup_id);
    }
    let Some(menu_state) = view.key_menu.clone().filter(|m| m.field == *field) else { return };
    let spell = view.spell_menu.clone().filter(|(f, _, _)| f == field);
    let shown = egui::Popup::menu(response)
        .id(popup_id)
        .open_memory(None)
        .at_position(menu_state.at)
        .style(theme::menu_style)
        .show(|ui| {
            ui.set_min_width(160.0);
            if let Some((_, word, suggestions)) = &spell {
                let replace =
                    |with: String| Action::ReplaceText { field: field.clone(), range: word.range.clone(), with };
                menu(ui, word, suggestions, replace, out);
            } else {
                ui.label(egui::RichText::new("No misspelt word at the cursor").color(theme::quiet(ui.visuals())));
            }
            ui.separator();
            more(ui, out);
            super::a11y::menu_entries(ui);
        });
    match shown {
        Some(inner) if menu_state.focus_pending => {
            let layer = inner.response.layer_id;
            let first = ui.ctx().viewport(|v| {
                v.this_pass.widgets.get_layer(layer).find(|w| w.enabled && w.sense.is_focusable()).map(|w| w.id)
            });
            // Not in the frame the menu is first laid out (an invisible sizing pass): in the next.
            if let Some(first) = first {
                ui.memory_mut(|m| m.request_focus(first));
                if let Some(m) = &mut view.key_menu {
                    m.focus_pending = false;
                }
            }
        }
        Some(_) => {}
        None => {
            // Closed by a key (Enter on a choice, Escape): the typing goes on where it was. A
            // click elsewhere puts the focus where it clicked.
            view.key_menu = None;
            if !ui.input(|i| i.pointer.any_click() || i.pointer.any_pressed()) {
                response.request_focus();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_dictionary_is_parsed_off_the_ui_thread() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/dictionaries");
        for ext in ["aff", "dic"] {
            std::fs::copy(assets.join(format!("en_US.{ext}")), dir.path().join(format!("en_GB.{ext}")))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let mut speller = Speller::idle().with_system(&[dir.path().to_owned()]);
        let spelling = Spelling { language: Some("en_GB".to_owned()), ..Spelling::default() };
        // Asking starts the parse and returns at once: nothing to check with yet.
        assert!(speller.checker(&spelling, &[]).is_none());
        assert_eq!(speller.problem(Some("en_GB")), None);
        let mut ready = false;
        for _ in 0..1000 {
            if speller.checker(&spelling, &[]).is_some() {
                ready = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(ready, "the dictionary is ready within 10 s");
        // A language that is not installed says so at once.
        let missing = Spelling { language: Some("xx_XX".to_owned()), ..Spelling::default() };
        assert!(speller.checker(&missing, &[]).is_none());
        assert!(
            speller.problem(Some("xx_XX")).is_some_and(|p| p.contains("xx_XX")),
            "{:?}",
            speller.problem(Some("xx_XX"))
        );
    }
}
