//! The justification side: the selected item's guiding question from the methodology and its
//! bullets or paragraphs, each an editable multi-line field. Also the block-list editor the rest of the
//! chapter reuses: add, delete, reorder (buttons and drag), insert a footnote marker, and
//! markers without a footnote highlighted inside the text.

use std::collections::HashSet;
use std::ops::Range;

use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Align, RichText, Sense, TextStyle, Ui};

use super::{Action, Dialog, Goto, Panels, TextField, ViewState, a11y, completer, keys, lazy, spelling, theme};
use crate::model::markers::scan;
use crate::model::review::Anchor;
use crate::model::{Section, TextBlock};

/// A block being dragged to a new place in its list.
#[derive(Clone, Copy, Debug)]
struct DragBlock(crate::model::Id);

/// Draws the selected item's justification (its bullets or paragraphs, as the methodology
/// writes them). An item an index does not write about on its own (a BTI question, whose
/// criterion has one narrative) shows the narrative of the group it is in.
pub fn panel(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>) {
    let Some(selected) = ctx.chapter.categories.get(view.category) else {
        ui.label("This chapter has no rated items.");
        return;
    };
    let written_in = narrated_group_of(ctx, &selected.code);
    let entry = written_in.and_then(|code| ctx.chapter.category(&code)).unwrap_or(selected);
    let def = ctx.method.category(&entry.code);
    let name = def.map_or(entry.code.as_str(), |d| d.name.as_str());
    ui.heading(format!("{} — {name}", entry.code));
    if entry.code != selected.code {
        let item = ctx.method.category(&selected.code).map_or(selected.code.as_str(), |d| d.name.as_str());
        ui.label(
            RichText::new(format!("{} {item} is written about in the narrative on {name}.", selected.code))
                .color(theme::quiet(ui.visuals())),
        );
    }
    if let Some(def) = def
        && !def.description.is_empty()
    {
        ui.label(RichText::new(&def.description).italics().color(theme::quiet(ui.visuals())));
    }
    let words = ctx.derived.words().category(&entry.code);
    let noun = ctx.method.justification_noun();
    ui.label(
        RichText::new(format!("{}, {words} words", crate::words::count(entry.bullets.len(), noun)))
            .small()
            .color(theme::quiet(ui.visuals())),
    );
    ui.separator();
    egui::ScrollArea::vertical().id_salt(("justification", &entry.code)).auto_shrink(false).show(ui, |ui| {
        super::keys::follow_focus(ui);
        block_list(ui, ctx, view, out, &Section::Category(entry.code.clone()), &entry.bullets);
    });
}

/// The code of the group whose narrative item `code` is written in, when the methodology
/// gives the item no section of its own but narrates a group it is in (the innermost).
fn narrated_group_of(ctx: &Panels<'_>, code: &str) -> Option<String> {
    fn walk(nodes: &[crate::index::Node], code: &str, path: &mut Vec<String>) -> Option<Vec<String>> {
        for node in nodes {
            match node {
                crate::index::Node::Item(item) if item.code == code => return Some(path.clone()),
                crate::index::Node::Item(_) => {}
                crate::index::Node::Group(g) => {
                    path.push(g.code.clone());
                    let found = walk(&g.children, code, path);
                    path.pop();
                    if found.is_some() {
                        return found;
                    }
                }
            }
        }
        None
    }
    if !ctx.method.is_item(code) || ctx.method.entry_codes().iter().any(|c| c == code) {
        return None;
    }
    let groups = walk(&ctx.method.def.outline, code, &mut Vec::new())?;
    groups.into_iter().rev().find(|g| ctx.chapter.category(g).is_some() && !ctx.method.is_item(g))
}

/// An editable list of text blocks: one row per block (drag handle, number, text, buttons), and
/// an "Add" button.
pub fn block_list(
    ui: &mut Ui,
    ctx: &Panels<'_>,
    view: &mut ViewState,
    out: &mut Vec<Action>,
    section: &Section,
    blocks: &[TextBlock],
) {
    let noun = section.block_noun(ctx.method);
    let count = blocks.len();
    // The rows either side of the block last edited are drawn even out of sight, so that Tab
    // and Shift+Tab go on to them (a row not drawn has no controls to take the focus).
    let selected_at = blocks.iter().position(|b| Some(b.id) == view.selected_block);
    // What a screen reader calls each block: "bullet 3" (one category is on screen at a time),
    // "paragraph 1 of Overview" (the chapter tab shows several sections).
    let title = section.title(ctx.method);
    let place = |position: usize| match section {
        Section::Category(_) => format!("{noun} {position}"),
        _ => format!("{noun} {position} of {title}"),
    };
    for (i, block) in blocks.iter().enumerate() {
        // The row being edited or gone to is always drawn, so it keeps the keyboard focus and
        // can scroll into view.
        let editing = ui.memory(|m| m.has_focus(editor_id(block.id)));
        if editing {
            block_keys(ui, out, section, block.id, i, count);
        }
        let force = editing
            || selected_at.is_some_and(|s| i + 1 >= s && i <= s + 1)
            || matches!(&view.goto, Some(Goto::Block { id, .. }) if *id == block.id);
        let estimate = |ui: &Ui| {
            lazy::text_height(ui, &block.text, ui.available_width() - theme::BLOCK_CONTROLS_WIDTH - 30.0, 10.0)
        };
        let drawn = lazy::row(ui, ("block", block.id), force, estimate, |ui| {
            let row = ui.horizontal(|ui| {
                let handle = ui.dnd_drag_source(egui::Id::unique(("drag", block.id)), DragBlock(block.id), |ui| {
                    drag_handle(ui);
                });
                let position = i + 1;
                handle.response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Drag {}", place(position)))
                });
                handle_keys(ui, &handle.response, out, block.id, i, count);
                handle.response.on_hover_text(format!("Drag to move this {noun}, or ↑ ↓ while it has the focus"));
                let number = ui.label(RichText::new(format!("{}.", i + 1)).color(theme::quiet(ui.visuals())));
                // The controls in a compact column at the right edge; the text takes the rest.
                ui.with_layout(egui::Layout::right_to_left(Align::Min), |ui| {
                    block_controls(ui, ctx, view, out, block, noun, &place(position), i, count);
                    ui.with_layout(egui::Layout::top_down_justified(Align::Min), |ui| {
                        block_editor(ui, ctx, view, out, block, Some(number.id));
                    });
                    // "Bullet 3 of Civil Society": the number beside the field says less.
                    let mut name = format!("{noun} {position} of {title}");
                    if let Some(first) = name.get_mut(..1) {
                        first.make_ascii_uppercase();
                    }
                    a11y::name_id(ui, editor_id(block.id), name);
                });
            });
            row.response
        });
        if let Some(response) = drawn {
            if let Some(dragged) = response.dnd_hover_payload::<DragBlock>()
                && dragged.0 != block.id
            {
                let y = response.rect.top() - 2.0;
                ui.painter().hline(response.rect.x_range(), y, ui.visuals().selection.stroke);
            }
            if let Some(dragged) = response.dnd_release_payload::<DragBlock>() {
                out.push(Action::MoveBlock { id: dragged.0, to: i });
            }
        }
        ui.add_space(2.0);
    }
    // Dropping below the last row moves to the end.
    let end = ui.allocate_response(egui::vec2(ui.available_width(), 8.0), Sense::hover());
    if let Some(dragged) = end.dnd_release_payload::<DragBlock>() {
        out.push(Action::MoveBlock { id: dragged.0, to: count });
    }
    let add = ui.button(format!("Add {noun}")).on_hover_text(format!("Or Ctrl+Enter in a {noun} to add one after it"));
    if section.category().is_none() {
        a11y::name(ui, &add, format!("Add {noun} to {title}"));
    }
    if add.clicked() {
        out.push(Action::AddBlock { section: section.clone(), after: None });
    }
}

/// A block's controls, two by two in a narrow column: move up, move down, footnote marker,
/// delete. Icons, with what each does in its tooltip and its accessible name.
#[allow(clippy::too_many_arguments)] // one row's context: splitting it would only rename it
fn block_controls(
    ui: &mut Ui,
    ctx: &Panels<'_>,
    view: &mut ViewState,
    out: &mut Vec<Action>,
    block: &TextBlock,
    noun: &str,
    place: &str,
    i: usize,
    count: usize,
) {
    ui.allocate_ui_with_layout(
        egui::vec2(theme::BLOCK_CONTROLS_WIDTH, 0.0),
        egui::Layout::top_down(Align::Min),
        |ui| {
            ui.spacing_mut().item_spacing = egui::vec2(2.0, 2.0);
            ui.horizontal(|ui| {
                let up =
                    icon_button(ui, i > 0, "▲", &format!("Move {place} up"), &format!("Move this {noun} up (Alt+Up)"));
                if up.clicked() {
                    out.push(Action::MoveBlock { id: block.id, to: i - 1 });
                }
                let down = icon_button(
                    ui,
                    i + 1 < count,
                    "▼",
                    &format!("Move {place} down"),
                    &format!("Move this {noun} down (Alt+Down)"),
                );
                if down.clicked() {
                    out.push(Action::MoveBlock { id: block.id, to: i + 2 });
                }
            });
            ui.horizontal(|ui| {
                footnote_menu(ui, ctx, view, out, block, place);
                let delete = icon_button(ui, true, "×", &format!("Delete {place}"), &format!("Delete this {noun}"));
                if delete.clicked() {
                    out.push(Action::DeleteBlock(block.id));
                }
            });
        },
    );
}

/// A small icon button whose accessible name and tooltip say what it does.
fn icon_button(ui: &mut Ui, enabled: bool, icon: &str, name: &str, tip: &str) -> egui::Response {
    let response = ui.add_enabled(enabled, egui::Button::new(icon).small().min_size(egui::vec2(24.0, 0.0)));
    let name = name.to_owned();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &name));
    response.on_hover_text(tip).on_disabled_hover_text(tip)
}

/// Keys of the block being edited, taken before its field sees them: Ctrl+Enter adds a block
/// after it, Alt+Up and Alt+Down move it.
fn block_keys(ui: &mut Ui, out: &mut Vec<Action>, section: &Section, id: crate::model::Id, index: usize, count: usize) {
    let (add, up, down) = ui.input_mut(|i| {
        (i.consume_shortcut(&keys::ADD_AFTER), i.consume_shortcut(&keys::MOVE_UP), i.consume_shortcut(&keys::MOVE_DOWN))
    });
    if add {
        out.push(Action::AddBlock { section: section.clone(), after: Some(id) });
    }
    if up && index > 0 {
        out.push(Action::MoveBlock { id, to: index - 1 });
    }
    if down && index + 1 < count {
        out.push(Action::MoveBlock { id, to: index + 2 });
    }
}

/// The drag handle's keyboard equivalent: while it has the focus (Tab stops on it), ↑ and ↓
/// (or Alt+↑ and Alt+↓) move its block, and the focus stays on it.
fn handle_keys(ui: &Ui, handle: &egui::Response, out: &mut Vec<Action>, id: crate::model::Id, i: usize, count: usize) {
    if !handle.has_focus() {
        return;
    }
    let (up, down) = ui.input_mut(|inp| {
        (
            inp.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) || inp.consume_shortcut(&keys::MOVE_UP),
            inp.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) || inp.consume_shortcut(&keys::MOVE_DOWN),
        )
    });
    if up || down {
        // The arrows are the handle's here, not egui's to move the focus with.
        ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
    }
    if up && i > 0 {
        out.push(Action::MoveBlock { id, to: i - 1 });
    }
    if down && i + 1 < count {
        out.push(Action::MoveBlock { id, to: i + 2 });
    }
}

fn drag_handle(ui: &mut Ui) {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(12.0, 16.0), Sense::hover());
    let colour = if response.hovered() { ui.visuals().strong_text_color() } else { theme::quiet(ui.visuals()) };
    for k in 0..3 {
        let y = rect.top() + 4.0 + 4.0 * k as f32;
        ui.painter().hline(rect.x_range().shrink(1.0), y, egui::Stroke::new(1.5, colour));
    }
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    }
}

/// The editor of one text block: a multi-line field with markers highlighted. Typing emits
/// [`Action::EditText`]; a pending [`Goto`] for this block scrolls to it and selects the range.
pub fn block_editor(
    ui: &mut Ui,
    ctx: &Panels<'_>,
    view: &mut ViewState,
    out: &mut Vec<Action>,
    block: &TextBlock,
    labelled_by: Option<egui::Id>,
) {
    let id = editor_id(block.id);
    let mut text = block.text.clone();
    if ui.memory(|m| m.has_focus(id)) {
        completer::keys(ui, view, block.id, ctx, out, &block.text);
    }
    let labels = &ctx.derived.labels;
    let query = if view.find.open { view.find.query.as_str() } else { "" };
    let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap: f32| {
        let job = highlight_job(ui.style(), buf.as_str(), labels, query, wrap);
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let mut edit = egui::TextEdit::multiline(&mut text)
        .id(id)
        .desired_width(f32::INFINITY)
        .desired_rows(1)
        .layouter(&mut layouter);
    if view.completer.as_ref().is_some_and(|c| c.block == block.id) {
        // While the footnote list is open, Tab and Escape are its keys (insert, close): egui
        // must not take them to move the focus away from the field.
        edit = edit.event_filter(egui::EventFilter {
            tab: true,
            escape: true,
            horizontal_arrows: true,
            vertical_arrows: true,
        });
    }
    let mut output = edit.show(ui);
    let mut response = output.response.response.clone();
    if let Some(label) = labelled_by {
        response = response.labelled_by(label);
    }
    // The footnote completer follows what is typed: `[^` opens it at the caret.
    if response.has_focus() {
        let caret = output.cursor_range.map(|r| {
            let chars = r.primary.index.0;
            text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b)
        });
        if response.changed() || view.completer.as_ref().is_some_and(|c| c.block == block.id) {
            completer::follow(view, block, &text, caret);
        }
        if let Some(cursor) = output.cursor_range {
            let at = output.galley_pos + output.galley.pos_from_cursor(cursor.primary).left_bottom().to_vec2();
            completer::popup(ui, ctx, view, out, block.id, &text, at);
        }
    } else if view.completer.as_ref().is_some_and(|c| c.block == block.id) {
        view.completer = None;
    }
    let typed = response.changed();
    let field = TextField::Block(block.id);
    spelling_marks(ui, ctx, view, &output, block, typed);
    if typed {
        out.push(Action::EditText { field: TextField::Block(block.id), text });
    }
    // Ctrl+Alt+M (as in Word) or the context menu: a comment on the words selected.
    let selected = output.cursor_range.map(|r| {
        let (a, b) = (r.primary.index.0.min(r.secondary.index.0), r.primary.index.0.max(r.secondary.index.0));
        block.text.chars().skip(a).take(b - a).collect::<String>()
    });
    if response.has_focus() && ui.input_mut(|i| i.consume_shortcut(&keys::COMMENT)) {
        out.push(Action::StartComment { anchor: Anchor::Block(block.id), quote: selected.clone().unwrap_or_default() });
    }
    let quote = selected.clone();
    let comment = move |ui: &mut Ui, out: &mut Vec<Action>| comment_item(ui, block, quote.as_deref(), out);
    let misspelt = ctx.derived.misspelt(block.id);
    spelling::key_menu(ui, view, ctx.derived, out, (&field, &block.text, misspelt), &output, comment);
    let spell_menu = view.spell_menu.clone().filter(|(f, _, _)| *f == field);
    response = response
        .context_menu(|ui| {
            if let Some((_, word, suggestions)) = &spell_menu {
                let (id, range) = (block.id, word.range.clone());
                let replace =
                    |with: String| Action::ReplaceText { field: TextField::Block(id), range: range.clone(), with };
                spelling::menu(ui, word, suggestions, replace, out);
                ui.separator();
            }
            comment_item(ui, block, selected.as_deref(), out);
            super::a11y::menu_entries(ui);
        })
        .map_or(response, |r| r.response);
    response = marker_tooltip(ctx, &output, block, response);
    if response.has_focus() {
        view.selected_block = Some(block.id);
    }
    if let Some(Goto::Block { id: target, range }) = &view.goto
        && *target == block.id
    {
        response.scroll_to_me(Some(Align::Center));
        response.request_focus();
        if let Some(range) = range {
            let start = char_index(&block.text, range.start);
            let end = char_index(&block.text, range.end);
            output.state.cursor.set_char_range(Some(CCursorRange::two(CCursor::new(start), CCursor::new(end))));
            output.state.store(ui.ctx(), id);
        }
        view.goto = None;
    }
}

/// Underlines the block's misspelt words (once the model has the text as shown) and, on a
/// right click over one, finds its suggestions for the context menu.
fn spelling_marks(
    ui: &Ui,
    ctx: &Panels<'_>,
    view: &mut ViewState,
    output: &egui::text_edit::TextEditOutput,
    block: &TextBlock,
    typed: bool,
) {
    let field = TextField::Block(block.id);
    let misspelt = ctx.derived.misspelt(block.id);
    if !typed && !misspelt.is_empty() {
        let rects = spelling::underline(ui, &output.galley, output.galley_pos, &block.text, misspelt);
        for (m, rect) in misspelt.iter().zip(rects) {
            view.underlined.push((field.clone(), m.word.clone(), rect));
        }
    }
    let response = &output.response.response;
    if response.secondary_clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let at = output.galley.cursor_from_pos(pointer - output.galley_pos).index.0;
        view.spell_menu = spelling::at_char(&block.text, misspelt, at)
            .map(|m| (field.clone(), m.clone(), ctx.derived.suggest(&m.word)));
    }
}

/// The context menu's Comment entry: a comment on the words selected, or on the block.
fn comment_item(ui: &mut Ui, block: &TextBlock, selected: Option<&str>, out: &mut Vec<Action>) {
    let label = if selected.is_some_and(|s| !s.is_empty()) { "Comment on the selection" } else { "Comment" };
    if ui.add(egui::Button::new(label).shortcut_text(ui.ctx().format_shortcut(&keys::COMMENT))).clicked() {
        out.push(Action::StartComment {
            anchor: Anchor::Block(block.id),
            quote: selected.unwrap_or_default().to_owned(),
        });
        ui.close();
    }
}

/// Hovering a footnote marker shows its citation, address and access date.
fn marker_tooltip(
    ctx: &Panels<'_>,
    output: &egui::text_edit::TextEditOutput,
    block: &TextBlock,
    mut response: egui::Response,
) -> egui::Response {
    if let Some(pointer) = response.hover_pos() {
        let at = output.galley.cursor_from_pos(pointer - output.galley_pos).index.0;
        let byte = block.text.char_indices().nth(at).map_or(block.text.len(), |(b, _)| b);
        if let Some(m) = scan(&block.text).into_iter().find(|m| m.range.contains(&byte)) {
            let note = ctx.derived.notes.get(m.label).and_then(|&i| ctx.chapter.footnotes.get(i));
            let tip = note.map_or_else(
                || format!("[^{}] has no footnote: add one in the Footnotes tab", m.label),
                |f| format!("[^{}] {}", f.label, super::review::citation(f)),
            );
            response = response.on_hover_text_at_pointer(tip);
        }
    }
    response
}

/// The widget id of a block's text field.
#[must_use]
pub fn editor_id(block: crate::model::Id) -> egui::Id {
    egui::Id::unique(("block", block))
}

fn char_index(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].chars().count()
}

/// The caret of a block's field, as a byte offset; the end of the text when it has none.
fn caret(ui: &Ui, block: &TextBlock) -> usize {
    egui::TextEdit::load_state(ui.ctx(), editor_id(block.id)).and_then(|s| s.cursor.char_range()).map_or(
        block.text.len(),
        |r| {
            let chars = r.primary.index.0;
            block.text.char_indices().nth(chars).map_or(block.text.len(), |(b, _)| b)
        },
    )
}

fn footnote_menu(
    ui: &mut Ui,
    ctx: &Panels<'_>,
    view: &mut ViewState,
    out: &mut Vec<Action>,
    block: &TextBlock,
    place: &str,
) {
    let menu = ui.menu_button(RichText::new("[^]").small(), |ui| {
        let at = caret(ui, block);
        // Each entry closes the menu: a click would, Enter does not by itself.
        if ui.button("New footnote…").clicked() {
            view.dialog = Some(Dialog::NewFootnote { block: block.id, at, text: String::new() });
            ui.close();
        }
        ui.separator();
        ui.label(RichText::new("Insert a marker for").small());
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            for f in &ctx.chapter.footnotes {
                let summary: String = f.text.chars().take(60).collect();
                if ui.button(format!("[^{}] {summary}", f.label)).clicked() {
                    out.push(Action::InsertMarker { block: block.id, at, label: f.label.clone() });
                    ui.close();
                }
            }
            super::a11y::menu_entries(ui);
        });
        super::a11y::menu_entries(ui);
    });
    let name = format!("Insert footnote in {place}");
    menu.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    menu.response.on_hover_text("Insert a footnote marker at the cursor, or a new footnote");
}

/// The layout of a block's text: markers of existing footnotes in the link colour, markers
/// without one (or malformed) on a warning background, find matches highlighted.
#[must_use]
pub fn highlight_job(style: &egui::Style, text: &str, labels: &HashSet<String>, query: &str, wrap: f32) -> LayoutJob {
    let visuals = &style.visuals;
    let font = TextStyle::Body.resolve(style);
    let plain = TextFormat { font_id: font.clone(), color: visuals.text_color(), ..Default::default() };
    let good = TextFormat { color: theme::marker(visuals), ..plain.clone() };
    let missing =
        TextFormat { color: theme::error(visuals), background: theme::marker_missing_bg(visuals), ..plain.clone() };
    let found = TextFormat { background: theme::find_match_bg(visuals), ..plain.clone() };

    let mut spans: Vec<(Range<usize>, &TextFormat)> = scan(text)
        .into_iter()
        .map(|m| {
            let ok = m.problem.is_none() && labels.contains(m.label);
            (m.range, if ok { &good } else { &missing })
        })
        .collect();
    for r in crate::find::match_ranges(text, query) {
        if !spans.iter().any(|(s, _)| s.start < r.end && r.start < s.end) {
            spans.push((r, &found));
        }
    }
    spans.sort_by_key(|(r, _)| r.start);

    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap;
    let mut at = 0;
    for (range, format) in spans {
        if range.start < at {
            continue;
        }
        if range.start > at {
            job.append(&text[at..range.start], 0.0, plain.clone());
        }
        job.append(&text[range.clone()], 0.0, format.clone());
        at = range.end;
    }
    if at < text.len() || text.is_empty() {
        job.append(&text[at..], 0.0, plain);
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_markers_get_the_warning_background() {
        let style = egui::Style::default();
        let labels: HashSet<String> = ["1".to_owned()].into();
        let job = highlight_job(&style, "Ok.[^1] Gone.[^9] end", &labels, "", 100.0);
        let pieces: Vec<(&str, bool)> = job
            .sections
            .iter()
            .map(|s| {
                (
                    &job.text[s.byte_range.start.0..s.byte_range.end.0],
                    s.format.background == theme::marker_missing_bg(&style.visuals),
                )
            })
            .collect();
        assert_eq!(pieces, [("Ok.", false), ("[^1]", false), (" Gone.", false), ("[^9]", true), (" end", false)]);
    }

    /// A block whose text, labels and find query did not change is not laid out again: the
    /// job our layouter builds is the same from frame to frame, so egui's galley cache answers.
    #[test]
    fn an_unchanged_block_reuses_last_frames_layout() {
        let ctx = egui::Context::default();
        let labels: HashSet<String> = ["1".to_owned()].into();
        let mut galleys = Vec::new();
        for text in ["Councils met.[^1] Budgets.[^9]", "Councils met.[^1] Budgets.[^9]", "Councils met.[^1]"] {
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                let job = highlight_job(ui.style(), text, &labels, "met", 300.0);
                galleys.push(ui.fonts_mut(|f| f.layout_job(job)));
            });
            out.textures_delta.clear();
        }
        assert!(std::sync::Arc::ptr_eq(&galleys[0], &galleys[1]), "the same text is laid out once");
        assert!(!std::sync::Arc::ptr_eq(&galleys[1], &galleys[2]), "a changed text is laid out again");
    }

    #[test]
    fn char_index_counts_characters_not_bytes() {
        assert_eq!(char_index("Қаз[^1]", 6), 3);
        assert_eq!(char_index("Қаз", 1), 0);
    }
}
