//! The ratings side: the live score card, then each category with its rating control, last
//! year's rating, the change and a badge counting its findings.

use egui::{Align, Key, Layout, Modifiers, RichText, Ui};

use super::{Action, Derived, ViewState, theme};
use crate::method::Methodology;
use crate::model::{Chapter, Rating};
use crate::score::{CardLine, Direction, Figure};

/// Draws the whole ratings side.
pub fn side(
    ui: &mut Ui,
    chapter: &Chapter,
    method: &Methodology,
    derived: &Derived,
    view: &mut ViewState,
    out: &mut Vec<Action>,
) {
    egui::ScrollArea::vertical().id_salt("ratings-scroll").show(ui, |ui| {
        super::keys::follow_focus(ui);
        score_card(ui, method, derived, view);
        ui.add_space(theme::GAP / 2.0);
        ui.horizontal_wrapped(|ui| {
            ui.heading("Ratings");
            ui.label(
                RichText::new(format!("{} to {}, steps of {}", method.scale.min, method.scale.max, method.scale.step))
                    .small()
                    .color(theme::quiet(ui.visuals())),
            );
        });
        for i in 0..chapter.categories.len() {
            category_row(ui, chapter, i, method, derived, view, out);
        }
    });
}

/// The score card, drawn from [`crate::score::CardLines`], the one line model every renderer
/// of the card uses.
fn score_card(ui: &mut Ui, method: &Methodology, derived: &Derived, view: &ViewState) {
    let lines = &derived.lines;
    // "/ 7": the top of the scale, in whole points as the card prints it.
    let max = method.scale.max.hundredths() / 100;
    let shown = |figure: Figure, year: fn(&CardLine) -> &str| lines.figure(figure).map_or("—", year);
    let this = |figure: Figure| shown(figure, CardLine::this_year_shown);
    let last = |figure: Figure| shown(figure, CardLine::last_year_shown);
    egui::Frame::group(ui.style()).fill(theme::card_bg(ui.visuals())).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(format!("Democracy Score {} / {max}", this(Figure::Score))).heading().strong());
        if let Some(now) = &derived.card.this_year {
            if lines.figure(Figure::Percentage).is_some() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("Democracy Percentage {} / 100", this(Figure::Percentage))).strong(),
                    );
                    ui.label(format!("Headline {} / 100", this(Figure::Headline)));
                });
            }
            ui.label(RichText::new(this(Figure::Classification)).italics());
            if !now.unrated.is_empty() {
                ui.colored_label(
                    theme::warning(ui.visuals()),
                    format!("Unrated: {} (the score averages the rest)", now.unrated.join(", ")),
                );
            }
        } else {
            ui.label("No category is rated yet.");
        }
        ui.separator();
        if lines.last_year_rated {
            let pct = if lines.figure(Figure::Percentage).is_some() {
                format!(", {} / 100", last(Figure::Percentage))
            } else {
                String::new()
            };
            let text = format!("Last year {} / {max}{pct} — {}", last(Figure::Score), last(Figure::Classification));
            ui.label(RichText::new(text).color(theme::quiet(ui.visuals())));
        } else {
            ui.label(RichText::new("Last year: no ratings").color(theme::quiet(ui.visuals())));
        }
        if let Some(change) = &lines.change {
            let (colour, arrow) = direction_style(ui, change.direction);
            ui.colored_label(colour, format!("Change {arrow} {:+} ({})", change.delta, change.direction.verb()))
                .on_hover_text(format!("The Democracy Score {}", change.phrase()));
        }
        if let Some(cmp) = &view.compare {
            let moved: Vec<String> = cmp
                .diff
                .score_card
                .iter()
                .filter(|f| f.which == crate::diff::RatingKind::Rating)
                .map(|f| {
                    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
                    format!("{} {} → {}", f.label, shown(&f.old), shown(&f.new))
                })
                .collect();
            let text = if moved.is_empty() {
                format!("Against {}: the same figures", cmp.label)
            } else {
                format!("Against {}: {}", cmp.label, moved.join("; "))
            };
            ui.label(RichText::new(text).small().color(theme::marker(ui.visuals())));
        }
    });
}

fn direction_style(ui: &Ui, direction: Direction) -> (egui::Color32, &'static str) {
    match direction {
        Direction::Improved => (theme::improved(ui.visuals()), "▲"),
        Direction::Declined => (theme::declined(ui.visuals()), "▼"),
        Direction::Same => (theme::quiet(ui.visuals()), "="),
    }
}

fn category_row(
    ui: &mut Ui,
    chapter: &Chapter,
    index: usize,
    method: &Methodology,
    derived: &Derived,
    view: &mut ViewState,
    out: &mut Vec<Action>,
) {
    let Some(entry) = chapter.categories.get(index) else { return };
    let code = entry.code.as_str();
    let name = method.category(code).map_or(code, |c| c.name.as_str());
    let selected = view.category == index;
    let frame = egui::Frame::new().inner_margin(egui::vec2(4.0, 2.0)).corner_radius(4.0).fill(if selected {
        ui.visuals().selection.bg_fill.gamma_multiply(0.35)
    } else {
        egui::Color32::TRANSPARENT
    });
    frame.show(ui, |ui| {
        ui.horizontal(|ui| {
            // The badge at the right edge; the name takes the rest, shortened with "…" when
            // the panel is narrow (its tooltip has it whole).
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                let n = derived.findings_in(code);
                if let Some(worst) = derived.worst_in(code) {
                    let fill = theme::severity(ui.visuals(), worst);
                    let badge = egui::Button::new(RichText::new(n.to_string()).small().color(theme::text_on(fill)))
                        .fill(fill)
                        .corner_radius(8.0);
                    if ui.add(badge).on_hover_text(format!("{n} findings in {code}")).clicked() {
                        out.push(Action::SelectCategory(index));
                    }
                }
                review_mark(ui, derived, code);
                ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                    let label = egui::Label::new(RichText::new(name).strong()).truncate().sense(egui::Sense::click());
                    if ui.add(label).clicked() {
                        out.push(Action::SelectCategory(index));
                    }
                });
            });
        });
        // Wrapped, so that a narrow panel puts last year's rating on a line of its own
        // rather than growing wider than the author set it.
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            rating_control(ui, code, entry.rating, method, view, out);
            let last = entry.last_year.map_or_else(|| "—".to_owned(), |r| r.to_string());
            ui.label(RichText::new(format!("was {last}")).color(theme::quiet(ui.visuals())))
                .on_hover_text(format!("Last year's rating: {last}"));
            if let (Some(now), Some(last)) = (entry.rating, entry.last_year) {
                let diff = i64::from(now.hundredths()) - i64::from(last.hundredths());
                let direction = Direction::between(method, now.cmp(&last));
                let (colour, arrow) = direction_style(ui, direction);
                let amount = crate::score::Fixed { value: diff.abs(), decimals: 2 };
                let text = if diff == 0 { "=".to_owned() } else { format!("{arrow} {amount}") };
                ui.colored_label(colour, text).on_hover_text(format!("{} since last year", direction.verb()));
            }
        });
        if let Some(reason) = view.rating_errors.get(code) {
            ui.colored_label(theme::error(ui.visuals()), format!("Refused: {reason}"));
        }
        proposals(ui, chapter, derived, out, index, code);
    });
}

/// A dot for the category's review state, when it has one.
fn review_mark(ui: &mut Ui, derived: &Derived, code: &str) {
    let Some(state) = derived.review.categories.iter().find(|c| c.code == code).map(|c| c.state) else { return };
    let (colour, tip) = match state {
        "agreed" => (theme::improved(ui.visuals()), "Agreed in review"),
        "changed-since-agreed" => (theme::warning(ui.visuals()), "Changed since it was agreed"),
        "needs-work" => (theme::warning(ui.visuals()), "A reviewer asked for more work"),
        _ => return,
    };
    ui.label(RichText::new("●").color(colour)).on_hover_text(tip);
}

/// Open proposals for the category, with the Democracy Score each would give; a click opens
/// the category's review.
fn proposals(ui: &mut Ui, chapter: &Chapter, derived: &Derived, out: &mut Vec<Action>, index: usize, code: &str) {
    for p in chapter.review.proposals.iter().filter(|p| p.category == code && p.decision.is_none()) {
        let would = derived
            .would_be
            .get(&p.id)
            .and_then(|c| c.this_year.as_ref())
            .map(|f| format!(" → score {}", f.score_rounded))
            .unwrap_or_default();
        let text = RichText::new(format!("{} proposes {}{would}", p.signed.by.name, p.rating))
            .small()
            .color(theme::warning(ui.visuals()));
        if ui.link(text).on_hover_text(p.reason.as_str()).clicked() {
            out.push(Action::SelectCategory(index));
            out.push(Action::ShowTab(super::Tab::Review));
        }
    }
}

/// The rating control: a text field (type, Enter), − and + buttons, arrow keys while focused.
fn rating_control(
    ui: &mut Ui,
    code: &str,
    rating: Option<Rating>,
    method: &Methodology,
    view: &mut ViewState,
    out: &mut Vec<Action>,
) {
    let label = ui.label(RichText::new(format!("{code} rating")).small().color(theme::quiet(ui.visuals())));
    if ui.small_button("-").on_hover_text("One step down").clicked() {
        out.push(Action::StepRating { code: code.to_owned(), up: false });
    }
    let field_id = egui::Id::unique(("rating", code));
    let shown = rating.map_or_else(String::new, |r| r.to_string());
    let has_focus = ui.memory(|m| m.has_focus(field_id));
    let mut text = if has_focus || view.rating_errors.contains_key(code) {
        view.rating_buffers.get(code).cloned().unwrap_or_else(|| shown.clone())
    } else {
        shown.clone()
    };
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id(field_id)
            .desired_width(theme::RATING_FIELD_WIDTH)
            .hint_text("–")
            .align(egui::Align2::CENTER_CENTER),
    );
    let response = response.labelled_by(label.id).on_hover_text(format!(
        "{} to {} in steps of {}; ↑ ↓ step, Enter sets",
        method.scale.min, method.scale.max, method.scale.step
    ));
    if response.has_focus() {
        view.rating_buffers.insert(code.to_owned(), text.clone());
        let (up, down) = ui.input_mut(|i| {
            (i.consume_key(Modifiers::NONE, Key::ArrowUp), i.consume_key(Modifiers::NONE, Key::ArrowDown))
        });
        if up || down {
            out.push(Action::StepRating { code: code.to_owned(), up });
            view.rating_buffers.remove(code);
        }
    }
    if response.lost_focus() {
        if text.trim() == shown {
            view.rating_errors.remove(code);
        } else {
            let parsed = if text.trim().is_empty() { Ok(None) } else { Rating::parse(&text).map(Some) };
            match parsed {
                // The methodology may still refuse it (off the scale or off the step); the
                // typed text stays in the field beside the reason until it is corrected.
                Ok(r) => out.push(Action::SetRating { code: code.to_owned(), rating: r }),
                Err(e) => {
                    view.rating_errors.insert(code.to_owned(), e.to_string());
                }
            }
        }
        view.rating_buffers.insert(code.to_owned(), text);
    }
    if ui.small_button("+").on_hover_text("One step up").clicked() {
        out.push(Action::StepRating { code: code.to_owned(), up: true });
    }
}
