//! Working without a mouse: the keys the editor answers to besides the shortcut table of
//! [`Action::shortcuts`](super::Action::shortcuts) — keys that move the focus or act on the
//! focused control — and the ring of panes that F6 walks.
//!
//! Each key is defined once, here: the code that answers it reads the constant, and Help ▸
//! Keyboard Shortcuts lists [`FIXED`] beside the shortcut table, so the list cannot drift from
//! what the keys do.
//!
//! The window is cut into panes ([`RING`]): the find bar, the ratings, the main area, the
//! findings and the status bar. F6 and Shift+F6 go to the next or previous pane shown, onto the
//! control last focused there (or its first). Tab and Shift+Tab go from control to control in
//! the order they are drawn, and from the last control of a pane on to the first of the next
//! in the same ring (egui alone would follow the order the panels are laid out in: status bar
//! and findings before the main area). Menus are reached with F10, not Tab, as in most desktop
//! editors.

use std::collections::HashMap;
use std::ops::Range;

use egui::gui_zoom::kb_shortcuts;
use egui::{Context, Id, Key, KeyboardShortcut, LayerId, Modifiers};

/// Tab: the next control.
pub const NEXT_CONTROL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Tab);
/// Shift+Tab: the previous control.
pub const PREVIOUS_CONTROL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::Tab);
/// F6: the next pane.
pub const NEXT_PANE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F6);
/// Shift+F6: the previous pane.
pub const PREVIOUS_PANE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F6);
/// F10: the menu bar (its first menu opens; ↓ goes into it, ← → to the next menu).
pub const MENU_BAR: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F10);
/// Shift+F10: the context menu of the text field being typed in, at the cursor.
pub const CONTEXT_MENU: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F10);
/// The context-menu key: as Shift+F10.
pub const CONTEXT_KEY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Menu);
/// Alt+Up: move the bullet or paragraph being edited up (the drag handle's equivalent).
pub const MOVE_UP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp);
/// Alt+Down: move it down.
pub const MOVE_DOWN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown);
/// Ctrl+Enter: a new bullet or paragraph after the one being edited.
pub const ADD_AFTER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
/// Ctrl+Alt+M: comment on the words selected (as in Word).
pub const COMMENT: KeyboardShortcut = KeyboardShortcut::new(Modifiers { alt: true, ..Modifiers::COMMAND }, Key::M);
/// Up and Down in a rating field: one step up or down the scale.
pub const STEP_UP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::ArrowUp);
/// See [`STEP_UP`].
pub const STEP_DOWN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::ArrowDown);
/// Enter: press the focused button, set a typed rating, choose in a menu or the completer.
pub const ACTIVATE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Enter);
/// Escape: close a menu, a dialog, the completer or the find bar.
pub const CLOSE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Escape);

/// Alt pressed and released alone (no key, click or text between) opens the menu bar, as F10
/// does. Under winit (X11, Wayland, Windows) egui reports Alt itself as a key (`AltLeft`,
/// `AltRight`), and that press and release are what count: X11 also reports the modifiers
/// changing several times around one press. A backend that reports only the change of the
/// modifiers held (no Alt key events) is followed by those changes.
#[derive(Clone, Copy, Debug, Default)]
pub struct AltAlone {
    /// Alt went down alone and nothing else has happened since.
    armed: bool,
    /// Alt has been seen as a key: only its key events arm and fire from then on.
    keys_seen: bool,
}

impl AltAlone {
    /// Follows a frame's events; true when Alt was just released after being pressed alone.
    pub fn released(&mut self, events: &[egui::Event]) -> bool {
        let mut fire = false;
        for event in events {
            match event {
                egui::Event::Key { key: Key::AltLeft | Key::AltRight, pressed, modifiers, .. } => {
                    self.keys_seen = true;
                    if *pressed {
                        self.armed = !(modifiers.ctrl || modifiers.shift || modifiers.command || modifiers.mac_cmd);
                    } else if self.armed {
                        fire = true;
                        self.armed = false;
                    }
                }
                egui::Event::ModifiersChanged(m) => {
                    let others = m.ctrl || m.shift || m.command || m.mac_cmd;
                    if self.keys_seen {
                        // Ctrl or Shift joining Alt makes it a chord, not Alt alone.
                        self.armed &= !others;
                    } else {
                        if !m.any() && self.armed {
                            fire = true;
                        }
                        self.armed = m.alt && !others;
                    }
                }
                egui::Event::Key { .. }
                | egui::Event::Text(_)
                | egui::Event::PointerButton { .. }
                | egui::Event::MouseWheel { .. }
                | egui::Event::WindowFocused(_) => {
                    self.armed = false;
                    fire = false;
                }
                _ => {}
            }
        }
        fire
    }
}

/// A shortcut as menus and Help show it: egui's words, but the signs for = + − (egui writes
/// "Equals", "Plus", "Minus").
#[must_use]
pub fn shown(ctx: &Context, shortcut: &KeyboardShortcut) -> String {
    let words = ctx.format_shortcut(shortcut);
    let sign = match shortcut.logical_key {
        Key::Equals => "=",
        Key::Plus => "+",
        Key::Minus => "−",
        _ => return words,
    };
    let name = shortcut.logical_key.name();
    words.strip_suffix(name).map_or(words.clone(), |start| format!("{start}{sign}"))
}

/// A key (or keys) the editor answers to outside the shortcut table, and what it does.
#[derive(Clone, Copy, Debug)]
pub struct FixedKey {
    /// The keys, any of which does it.
    pub keys: &'static [KeyboardShortcut],
    /// What it does.
    pub does: &'static str,
}

/// Every key outside the shortcut table, in the order Help ▸ Keyboard Shortcuts lists them.
pub const FIXED: &[FixedKey] = &[
    FixedKey { keys: &[NEXT_CONTROL], does: "Next control" },
    FixedKey { keys: &[PREVIOUS_CONTROL], does: "Previous control" },
    FixedKey { keys: &[NEXT_PANE], does: "Next pane: find bar, ratings, main area, findings, status bar" },
    FixedKey { keys: &[PREVIOUS_PANE], does: "Previous pane" },
    FixedKey {
        keys: &[MENU_BAR],
        does: "Menu bar (Alt pressed alone too): ↓ opens a menu, ← → the next, Enter chooses, Escape closes",
    },
    FixedKey { keys: &[CONTEXT_MENU, CONTEXT_KEY], does: "Spelling and comment menu at the cursor of a text" },
    FixedKey { keys: &[ACTIVATE], does: "Press the focused button; set a typed rating; choose in a list" },
    FixedKey { keys: &[CLOSE], does: "Close a menu, a dialog, the footnote list or the find bar" },
    FixedKey { keys: &[STEP_UP, STEP_DOWN], does: "In a rating: one step up or down" },
    FixedKey { keys: &[MOVE_UP], does: "Move the bullet or paragraph being edited up (↑ on its drag handle too)" },
    FixedKey {
        keys: &[MOVE_DOWN], does: "Move the bullet or paragraph being edited down (↓ on its drag handle too)"
    },
    FixedKey { keys: &[ADD_AFTER], does: "New bullet or paragraph after the one being edited" },
    FixedKey { keys: &[COMMENT], does: "Comment on the words selected" },
    FixedKey {
        keys: &[KeyboardShortcut::new(Modifiers::NONE, Key::OpenBracket)],
        does: "Typing [^ in a bullet or paragraph opens the footnote list: ↑ ↓, Enter or Tab inserts, Escape closes",
    },
    FixedKey { keys: &[kb_shortcuts::ZOOM_IN_SECONDARY, kb_shortcuts::ZOOM_IN], does: "Zoom in" },
    FixedKey { keys: &[kb_shortcuts::ZOOM_OUT], does: "Zoom out" },
    FixedKey { keys: &[kb_shortcuts::ZOOM_RESET], does: "Actual size" },
];

/// Brings the control the keyboard focus just moved to into view, if it is in this scroll
/// area: call first thing in a vertical [`egui::ScrollArea`]'s contents. (egui scrolls a text
/// field to its cursor, but not a button or a label to itself, so Tab would go on out of
/// sight.)
pub fn follow_focus(ui: &mut egui::Ui) {
    let Some(id) = ui.memory(egui::Memory::focused) else { return };
    let key = ui.scope_id().with("followed-focus");
    if ui.data(|d| d.get_temp::<Id>(key)) == Some(id) {
        return;
    }
    ui.data_mut(|d| d.insert_temp(key, id));
    if egui::TextEdit::load_state(ui.ctx(), id).is_some() {
        // A text field: egui keeps its cursor in view, and a jump to a place in it scrolls there.
        return;
    }
    let Some(response) = ui.ctx().read_response(id) else { return };
    let clip = ui.clip_rect();
    if response.layer_id == ui.layer_id()
        && clip.x_range().contains(response.rect.center().x)
        && !clip.contains_rect(response.rect)
    {
        ui.scroll_to_rect_animation(response.rect, None, egui::style::ScrollAnimation::none());
    }
}

/// A part of the window that F6 moves between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    /// The find bar, while it is open.
    FindBar,
    /// The score card and the ratings.
    Ratings,
    /// The tabs and what they show (justification, chapter, footnotes, review), or the start
    /// page.
    Main,
    /// The findings.
    Findings,
    /// The status bar.
    Status,
}

/// The panes in the order F6 (and Tab, at a pane's edge) walks them.
pub const RING: [Pane; 5] = [Pane::FindBar, Pane::Ratings, Pane::Main, Pane::Findings, Pane::Status];

/// Where each pane was drawn, and which control had the focus in each.
///
/// A pane's controls are the focusable widgets registered while it was drawn (egui keeps them
/// in the order they were added), so a control scrolled out of sight still belongs to its pane
/// and Tab still reaches it.
#[derive(Debug, Default)]
pub struct Panes {
    /// The panes drawn in the last frame, and which of the layer's widgets (by position) were
    /// added while each was drawn.
    drawn: Vec<(Pane, Range<usize>)>,
    /// The layer they are drawn on.
    layer: Option<LayerId>,
    /// The control that last had the focus in each pane.
    last: HashMap<Pane, Id>,
    /// Where the focus was when the menu bar took it (F10), to give it back there.
    held: Option<(Id, Option<Pane>)>,
    /// The control whose pane was last looked up (looked up again only when the focus moves).
    seen: Option<Id>,
    /// Focusable widgets that are no pane's controls: the side panels' resize handles, which
    /// belong to the edge between two panes.
    edges: Vec<Id>,
}

impl Panes {
    /// Starts drawing a frame: notes which pane the focus is in, then records the panes again as
    /// they are drawn.
    pub fn begin(&mut self, ctx: &Context, layer: LayerId) {
        let focused = ctx.memory(egui::Memory::focused);
        if focused != self.seen {
            match focused.map(|id| (id, self.pane_of(ctx, id))) {
                Some((id, Some(pane))) => {
                    self.last.insert(pane, id);
                    self.seen = focused;
                }
                // Not drawn yet (a bullet just added): looked up again next frame.
                Some((_, None)) => {}
                None => self.seen = None,
            }
        }
        self.drawn.clear();
        self.layer = Some(layer);
    }

    /// How many widgets the layer has so far this frame: call before drawing a pane, and pass
    /// the answer to [`Self::drawn`] after.
    #[must_use]
    pub fn mark(&self, ctx: &Context) -> usize {
        let Some(layer) = self.layer else { return 0 };
        ctx.viewport(|v| v.this_pass.widgets.get_layer(layer).count())
    }

    /// Records that `pane` was drawn, with the widgets added since `from` (what [`Self::mark`]
    /// said before it was drawn).
    pub fn drawn(&mut self, ctx: &Context, pane: Pane, from: usize) {
        let to = self.mark(ctx);
        self.drawn.push((pane, from..to));
    }

    /// Leaves a focusable widget out of every pane's controls (a side panel's resize handle).
    pub fn edge(&mut self, id: Id) {
        if !self.edges.contains(&id) {
            self.edges.push(id);
        }
    }

    /// The panes drawn last frame, in the ring's order.
    #[must_use]
    pub fn shown(&self) -> Vec<Pane> {
        RING.into_iter().filter(|p| self.drawn.iter().any(|(d, _)| d == p)).collect()
    }

    /// The controls of `pane` that take the focus, in the order they were drawn, as of the last
    /// frame.
    #[must_use]
    pub fn controls(&self, ctx: &Context, pane: Pane) -> Vec<Id> {
        let Some(layer) = self.layer else { return Vec::new() };
        let Some((_, range)) = self.drawn.iter().find(|(p, _)| *p == pane) else { return Vec::new() };
        ctx.viewport(|v| {
            v.prev_pass
                .widgets
                .get_layer(layer)
                .enumerate()
                .filter(|(i, w)| {
                    range.contains(i) && w.enabled && w.sense.is_focusable() && !self.edges.contains(&w.id)
                })
                .map(|(_, w)| w.id)
                .collect()
        })
    }

    /// The pane a control was drawn in, as of the last frame.
    #[must_use]
    pub fn pane_of(&self, ctx: &Context, id: Id) -> Option<Pane> {
        let layer = self.layer?;
        if self.edges.contains(&id) {
            return None;
        }
        let at = ctx.viewport(|v| v.prev_pass.widgets.get_layer(layer).position(|w| w.id == id))?;
        self.drawn.iter().find(|(_, range)| range.contains(&at)).map(|(p, _)| *p)
    }

    /// The menu bar takes the focus (F10): remembers where it was.
    pub fn hold(&mut self, ctx: &Context) {
        if let Some(id) = ctx.memory(egui::Memory::focused) {
            self.held = Some((id, self.pane_of(ctx, id)));
        }
    }

    /// Once the menus are closed (Escape, or a choice made with Enter) and the focus is in none
    /// of the panes, gives it back to the control that had it before F10 — or, if that control
    /// is gone (a menu showed another tab), to the first control of its pane. Call only while no
    /// menu or dialog is open.
    pub fn give_back(&mut self, ctx: &Context) {
        let Some((id, pane)) = self.held else { return };
        match ctx.memory(egui::Memory::focused) {
            // Chosen with the mouse, or moved on with F6: nothing to give back.
            Some(f) if self.pane_of(ctx, f).is_some() => {
                self.held = None;
                return;
            }
            // Still on the entry just chosen: egui lets go of it in the frame after the menu
            // closed, once what the choice showed is drawn (and can be looked for).
            Some(_) => return,
            None => self.held = None,
        }
        let target = if self.pane_of(ctx, id).is_some() {
            Some(id)
        } else {
            pane.and_then(|p| self.controls(ctx, p).first().copied())
        };
        if let Some(target) = target {
            ctx.memory_mut(|m| m.request_focus(target));
        }
    }

    /// Answers F6, Shift+F6, and Tab or Shift+Tab on the last or first control of a pane, before
    /// the frame's controls are drawn (egui moves the focus as they are). Call only while no
    /// dialog or menu is open: those keep the focus to themselves. `tab_taken`: the focused
    /// field answers Tab itself this frame (the footnote list is open in it).
    pub fn keys(&mut self, ctx: &Context, tab_taken: bool) {
        let ours = ctx.input(|i| {
            i.events.iter().any(|e| matches!(e, egui::Event::Key { key: Key::F6 | Key::Tab, pressed: true, .. }))
        });
        if !ours || self.drawn.is_empty() {
            return;
        }
        let focused = ctx.memory(egui::Memory::focused);
        let here = focused.and_then(|id| self.pane_of(ctx, id));
        let (back, forth) = ctx
            .input_mut(|i| (i.consume_shortcut(&PREVIOUS_PANE), !i.modifiers.shift && i.consume_shortcut(&NEXT_PANE)));
        if back || forth {
            if let Some((pane, id)) = self.step(ctx, here, forth, true) {
                ctx.memory_mut(|m| m.request_focus(id));
                self.last.insert(pane, id);
            }
            return;
        }
        let (Some(id), Some(pane)) = (focused, here) else { return };
        let (tab, shift_tab) = ctx.input(|i| {
            let pressed = |s: &KeyboardShortcut| {
                i.events.iter().any(|e| {
                    matches!(e, egui::Event::Key { key, pressed: true, modifiers, .. }
                        if *key == s.logical_key && *modifiers == s.modifiers)
                })
            };
            (pressed(&NEXT_CONTROL), pressed(&PREVIOUS_CONTROL))
        });
        if !(tab || shift_tab) || tab_taken {
            return;
        }
        let controls = self.controls(ctx, pane);
        let at_edge = if tab { controls.last() == Some(&id) } else { controls.first() == Some(&id) };
        if at_edge && let Some((next, target)) = self.step(ctx, Some(pane), tab, false) {
            ctx.memory_mut(|m| {
                m.move_focus(egui::FocusDirection::None);
                m.request_focus(target);
            });
            self.last.insert(next, target);
        }
    }

    /// The pane after (or before) `from` that has a control to focus, and that control: the one
    /// last focused there if `remembered` and it is still shown, else its first (its last, going
    /// back with Shift+Tab).
    fn step(&self, ctx: &Context, from: Option<Pane>, forth: bool, remembered: bool) -> Option<(Pane, Id)> {
        let shown = self.shown();
        let n = shown.len();
        let start = from.and_then(|p| shown.iter().position(|s| *s == p));
        for k in 1..=n {
            let i = match (start, forth) {
                (Some(s), true) => (s + k) % n,
                (Some(s), false) => (s + n - k) % n,
                (None, true) => k - 1,
                (None, false) => n - k,
            };
            let pane = shown[i];
            let controls = self.controls(ctx, pane);
            let last = self.last.get(&pane).filter(|id| remembered && controls.contains(id)).copied();
            let pick = last.or_else(|| if forth || remembered { controls.first() } else { controls.last() }.copied());
            if let Some(id) = pick {
                return Some((pane, id));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mods(alt: bool, ctrl: bool) -> egui::Event {
        egui::Event::ModifiersChanged(Modifiers { alt, ctrl, ..Modifiers::NONE })
    }

    fn key(key: Key) -> egui::Event {
        egui::Event::Key { key, physical_key: None, pressed: true, repeat: false, modifiers: Modifiers::ALT }
    }

    #[test]
    fn alt_alone_opens_the_menus_but_not_alt_with_a_key_or_ctrl() {
        let mut alt = AltAlone::default();
        assert!(alt.released(&[mods(true, false), mods(false, false)]), "pressed and released in one frame");
        assert!(!alt.released(&[mods(true, false)]));
        assert!(alt.released(&[mods(false, false)]), "released a frame later");
        // Alt+Up moves a bullet: not the menus.
        assert!(!alt.released(&[mods(true, false), key(Key::ArrowUp), mods(false, false)]));
        // Ctrl+Alt+R, pressed Alt first.
        assert!(!alt.released(&[mods(true, false), mods(true, true), key(Key::R), mods(false, false)]));
        // Alt+Tab to another window and back.
        assert!(!alt.released(&[mods(true, false), egui::Event::WindowFocused(false), mods(false, false)]));
        assert!(!alt.released(&[mods(false, false)]), "nothing armed");
    }

    fn alt_key(pressed: bool, alt_held: bool) -> egui::Event {
        let modifiers = if alt_held { Modifiers::ALT } else { Modifiers::NONE };
        egui::Event::Key { key: Key::AltLeft, physical_key: Some(Key::AltLeft), pressed, repeat: false, modifiers }
    }

    /// What X11 sends for one press and release of Alt (read off a real window under Xvfb with
    /// `xdotool key alt`): the modifiers change around the key events, not only once each way.
    #[test]
    fn alt_alone_as_x11_reports_it_opens_the_menus_once() {
        let x11_press_release = [
            mods(true, false),
            mods(false, false),
            alt_key(true, false),
            mods(true, false),
            alt_key(false, true),
            mods(false, false),
        ];
        let mut alt = AltAlone::default();
        assert!(alt.released(&x11_press_release));
        assert!(!alt.released(&[mods(false, false)]), "fired once");
        // Over two frames.
        assert!(!alt.released(&x11_press_release[..3]));
        assert!(alt.released(&x11_press_release[3..]));
        // Alt+Up: the arrow comes between the press and the release.
        assert!(!alt.released(&[alt_key(true, false), mods(true, false), key(Key::ArrowUp), alt_key(false, true)]));
        // Ctrl then Alt (Ctrl+Alt+R begun), and Ctrl joining a held Alt.
        let ctrl_alt = egui::Event::Key {
            key: Key::AltLeft,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::CTRL,
        };
        assert!(!alt.released(&[ctrl_alt, alt_key(false, true)]));
        assert!(!alt.released(&[alt_key(true, false), mods(true, true), alt_key(false, true)]));
    }

    #[test]
    fn no_fixed_key_is_also_in_the_shortcut_table() {
        let table = crate::app::Action::shortcuts();
        for key in FIXED {
            for k in key.keys {
                // The table's shortcuts are taken first, and egui matches them ignoring extra
                // Shift and Alt: a fixed key they would take would never reach its code.
                let taken = table
                    .iter()
                    .find(|(t, _)| t.logical_key == k.logical_key && k.modifiers.matches_logically(t.modifiers));
                assert!(taken.is_none(), "{k:?} ({}) is taken by {taken:?}", key.does);
            }
        }
    }

    #[test]
    fn shortcuts_show_signs_for_equals_plus_and_minus() {
        let ctx = Context::default();
        assert_eq!(shown(&ctx, &kb_shortcuts::ZOOM_IN_SECONDARY), "Ctrl+=");
        assert_eq!(shown(&ctx, &kb_shortcuts::ZOOM_IN), "Ctrl++");
        assert_eq!(shown(&ctx, &kb_shortcuts::ZOOM_OUT), "Ctrl+−");
        assert_eq!(shown(&ctx, &NEXT_PANE), "F6");
        assert_eq!(shown(&ctx, &MOVE_UP), ctx.format_shortcut(&MOVE_UP));
    }
}
