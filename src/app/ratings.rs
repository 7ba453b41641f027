//! The ratings side: the live score card, then each category with its rating control, last
//! year's rating, the change and a badge counting its findings.

use egui::{Align, Key, Layout, Modifiers, RichText, Ui};

use super::{Action, Derived, ViewState, a11y, theme};
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
        let headline =
            ui.label(RichText::new(format!("Democracy Score {} / {max}", this(Figure::Score))).heading().strong());
        // Read aloud, "/" is "slash": the card's figures are named in words.
        a11y::name(ui, &headline, format!("Democracy Score {}", spoken(this(Figure::Score), max)));
        if let Some(now) = &derived.card.this_year {
            if lines.figure(Figure::Percentage).is_some() {
                ui.horizontal_wrapped(|ui| {
                    let pct = ui.label(
                        RichText::new(format!("Democracy Percentage {} / 100", this(Figure::Percentage))).strong(),
                    );
                    a11y::name(ui, &pct, format!("Democracy Percentage {}", spoken(this(Figure::Percentage), 100)));
                    let head = ui.label(format!("Headline {} / 100", this(Figure::Headline)));
                    a11y::name(ui, &head, format!("Headline percentage {}", spoken(this(Figure::Headline), 100)));
                });
            }
            let class = ui.label(RichText::new(this(Figure::Classification)).italics());
            a11y::name(ui, &class, format!("Regime classification: {}", this(Figure::Classification)));
            if !now.unrated.is_empty() {
                ui.colored_label(
                    theme::warning(ui.visuals()),
                    format!("Unrated: {} (the score averages the rest)", now.unrated.join(", ")),
                );
            }
        } else {
            ui.label("No category is rated yet.");
        }
        let score_name = |text: &str| format!("Democracy Score {}", spoken(text, max));
        ui.separator();
        if lines.last_year_rated {
            let pct = if lines.figure(Figure::Percentage).is_some() {
                format!(", {} / 100", last(Figure::Percentage))
            } else {
                String::new()
            };
            let text = format!("Last year {} / {max}{pct} — {}", last(Figure::Score), last(Figure::Classification));
            let said = if lines.figure(Figure::Percentage).is_some() {
                format!(", Democracy Percentage {}", spoken(last(Figure::Percentage), 100))
            } else {
                String::new()
            };
            let label = ui.label(RichText::new(text).color(theme::quiet(ui.visuals())));
            let said =
                format!("Last year: {}{said}, {}", score_name(last(Figure::Score)), last(Figure::Classification));
            a11y::name(ui, &label, said);
        } else {
            ui.label(RichText::new("Last year: no ratings").color(theme::quiet(ui.visuals())));
        }
        if let Some(change) = &lines.change {
            let (colour, arrow) = direction_style(ui, change.direction);
            let label = ui
                .colored_label(colour, format!("Change {arrow} {:+} ({})", change.delta, change.direction.verb()))
                .on_hover_text(format!("The Democracy Score {}", change.phrase()));
            a11y::name(ui, &label, change_in_words(change));
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

/// A figure out of its top, in words: "1.29 of 7"; "none yet" for a figure not computed.
fn spoken(figure: &str, top: u32) -> String {
    if figure == "—" { "none yet".to_owned() } else { format!("{figure} of {top}") }
}

/// The change since last year in words: "Change since last year: the Democracy Score declined
/// by 0.03, from 1.32 to 1.29".
fn change_in_words(change: &crate::score::ScoreChange) -> String {
    let by = crate::score::Fixed { value: change.delta.value.abs(), decimals: change.delta.decimals };
    match change.direction {
        Direction::Same => format!("Change since last year: the Democracy Score {}", change.phrase()),
        d => format!(
            "Change since last year: the Democracy Score {} by {by}, from {} to {}",
            d.verb(),
            change.from,
            change.to
        ),
    }
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
                    let badge = ui.add(badge).on_hover_text(format!("{n} findings in {code}"));
                    a11y::name(ui, &badge, format!("{n} findings in {name}"));
                    if badge.clicked() {
                        out.push(Action::SelectCategory(index));
                    }
                }
                review_mark(ui, derived, code, name);
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
            rating_control(ui, code, name, entry.rating, method, view, out);
            let last = entry.last_year.map_or_else(|| "—".to_owned(), |r| r.to_string());
            let was = ui
                .label(RichText::new(format!("was {last}")).color(theme::quiet(ui.visuals())))
                .on_hover_text(format!("Last year's rating: {last}"));
            let said = entry.last_year.map_or_else(|| "none".to_owned(), |r| r.to_string());
            a11y::name(ui, &was, format!("{name} last year: {said}"));
            if let (Some(now), Some(last)) = (entry.rating, entry.last_year) {
                let diff = i64::from(now.hundredths()) - i64::from(last.hundredths());
                let direction = Direction::between(method, now.cmp(&last));
                let (colour, arrow) = direction_style(ui, direction);
                let amount = crate::score::Fixed { value: diff.abs(), decimals: 2 };
                let text = if diff == 0 { "=".to_owned() } else { format!("{arrow} {amount}") };
                let moved =
                    ui.colored_label(colour, text).on_hover_text(format!("{} since last year", direction.verb()));
                let said = if diff == 0 {
                    format!("{name} remained the same since last year")
                } else {
                    format!("{name} {} by {amount} since last year", direction.verb())
                };
                a11y::name(ui, &moved, said);
            }
        });
        if let Some(reason) = view.rating_errors.get(code) {
            let refused = ui.colored_label(theme::error(ui.visuals()), format!("Refused: {reason}"));
            // Said as it appears, without moving the focus from the rating.
            ui.ctx().accesskit_node_builder(refused.id, |b| b.set_live(egui::accesskit::Live::Polite));
        }
        proposals(ui, chapter, derived, out, index, code, name);
    });
}

/// A dot for the category's review state, when it has one.
fn review_mark(ui: &mut Ui, derived: &Derived, code: &str, name: &str) {
    let Some(state) = derived.review.categories.iter().find(|c| c.code == code).map(|c| c.state) else { return };
    let (colour, tip) = match state {
        "agreed" => (theme::improved(ui.visuals()), "Agreed in review"),
        "changed-since-agreed" => (theme::warning(ui.visuals()), "Changed since it was agreed"),
        "needs-work" => (theme::warning(ui.visuals()), "A reviewer asked for more work"),
        _ => return,
    };
    let dot = ui.label(RichText::new("●").color(colour)).on_hover_text(tip);
    a11y::name(ui, &dot, format!("{name}: {}", tip.to_lowercase()));
}

/// Open proposals for the category, with the Democracy Score each would give; a click opens
/// the category's review.
fn proposals(
    ui: &mut Ui,
    chapter: &Chapter,
    derived: &Derived,
    out: &mut Vec<Action>,
    index: usize,
    code: &str,
    name: &str,
) {
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
        let link = ui.link(text).on_hover_text(p.reason.as_str());
        let would = derived.would_be.get(&p.id).and_then(|c| c.this_year.as_ref());
        let said = would.map(|f| format!(", the Democracy Score would be {}", f.score_rounded)).unwrap_or_default();
        a11y::name(ui, &link, format!("Proposal by {} for {name}: {}{said}", p.signed.by.name, p.rating));
        if link.clicked() {
            out.push(Action::SelectCategory(index));
            out.push(Action::ShowTab(super::Tab::Review));
        }
    }
}

/// The rating control: a text field (type, Enter), − and + buttons, arrow keys while focused.
/// To a screen reader the field is a spin button named "<category name> rating", with the
/// scale's range and step, that steps on AccessKit's increment and decrement and takes a value
/// set through it as if it were typed.
fn rating_control(
    ui: &mut Ui,
    code: &str,
    name: &str,
    rating: Option<Rating>,
    method: &Methodology,
    view: &mut ViewState,
    out: &mut Vec<Action>,
) {
    // The short name shown; the field's accessible name is the category's full name.
    ui.label(RichText::new(format!("{code} rating")).small().color(theme::quiet(ui.visuals())));
    let lower = ui.small_button("-").on_hover_text("One step down");
    a11y::name(ui, &lower, format!("Lower {name} rating"));
    if lower.clicked() {
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
    let response = response.on_hover_text(format!(
        "{} to {} in steps of {}; ↑ ↓ step, Enter sets",
        method.scale.min, method.scale.max, method.scale.step
    ));
    if response.has_focus() {
        view.rating_buffers.insert(code.to_owned(), text.clone());
        // Every press is a step, also when several arrive in one frame (a held key repeating,
        // keys typed faster than frames are drawn); ↑ and ↓ in one frame cancel out.
        let (up, down) = ui.input_mut(|i| {
            (
                i.count_and_consume_key(Modifiers::NONE, Key::ArrowUp),
                i.count_and_consume_key(Modifiers::NONE, Key::ArrowDown),
            )
        });
        if up + down > 0 {
            for _ in 0..up.abs_diff(down) {
                out.push(Action::StepRating { code: code.to_owned(), up: up > down });
            }
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
    spin_button(ui, &response, code, name, rating, method, view, out);
    let raise = ui.small_button("+").on_hover_text("One step up");
    a11y::name(ui, &raise, format!("Raise {name} rating"));
    if raise.clicked() {
        out.push(Action::StepRating { code: code.to_owned(), up: true });
    }
}

/// Makes the rating field a spin button to AccessKit (value, range, step, its name) and carries
/// out the increment, decrement and set-value requests a screen reader sends it: a step is
/// [`Action::StepRating`], a value goes through the same checks as a typed one.
#[allow(clippy::too_many_arguments)] // the rating field's own context, passed on from its caller
fn spin_button(
    ui: &Ui,
    field: &egui::Response,
    code: &str,
    name: &str,
    rating: Option<Rating>,
    method: &Methodology,
    view: &mut ViewState,
    out: &mut Vec<Action>,
) {
    use egui::accesskit::{Action as A11y, ActionData, Role};
    let (up, down, set) = ui.input(|i| {
        let set: Vec<Result<Option<Rating>, String>> = i
            .accesskit_action_requests(field.id, A11y::SetValue)
            .filter_map(|r| match &r.data {
                Some(ActionData::NumericValue(v)) => Some(rating_of(*v).map(Some)),
                // Text, as typed: blank clears the rating.
                Some(ActionData::Value(text)) if text.trim().is_empty() => Some(Ok(None)),
                Some(ActionData::Value(text)) => Some(Rating::parse(text).map(Some).map_err(|e| e.to_string())),
                _ => None,
            })
            .collect();
        (
            i.num_accesskit_action_requests(field.id, A11y::Increment),
            i.num_accesskit_action_requests(field.id, A11y::Decrement),
            set,
        )
    });
    for up in std::iter::repeat_n(true, up).chain(std::iter::repeat_n(false, down)) {
        out.push(Action::StepRating { code: code.to_owned(), up });
        // As with the arrow keys: a focused field shows the stepped rating, not what was typed.
        view.rating_buffers.remove(code);
    }
    for value in set {
        // As if typed and entered: the methodology may still refuse a number off its scale
        // or step, and says why beside the field.
        view.rating_buffers.remove(code);
        match value {
            Ok(rating) => out.push(Action::SetRating { code: code.to_owned(), rating }),
            Err(reason) => {
                view.rating_errors.insert(code.to_owned(), reason);
            }
        }
    }
    let points = |r: Rating| f64::from(r.hundredths()) / 100.0;
    let scale = &method.scale;
    ui.ctx().accesskit_node_builder(field.id, |b| {
        b.set_role(Role::SpinButton);
        b.set_label(format!("{name} rating"));
        b.set_min_numeric_value(points(scale.min));
        b.set_max_numeric_value(points(scale.max));
        b.set_numeric_value_step(points(scale.step));
        if let Some(r) = rating {
            b.set_numeric_value(points(r));
        } else {
            b.clear_numeric_value();
        }
        b.add_action(A11y::SetValue);
        if rating.is_none_or(|r| r < scale.max) {
            b.add_action(A11y::Increment);
        }
        if rating.is_none_or(|r| r > scale.min) {
            b.add_action(A11y::Decrement);
        }
    });
}

/// The rating a screen reader's number stands for: a whole number of hundredths, or the reason
/// typing it would be refused ("1.333" has too many decimals, "-1" is not a rating).
fn rating_of(value: f64) -> Result<Rating, String> {
    let hundredths = (value * 100.0).round();
    if value.is_finite()
        && (0.0..=f64::from(u32::MAX)).contains(&hundredths)
        && (value * 100.0 - hundredths).abs() < 1e-6
    {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // whole, in range: checked above
        return Ok(Rating::from_hundredths(hundredths as u32));
    }
    Rating::parse(&value.to_string()).map_err(|e| e.to_string())
}
