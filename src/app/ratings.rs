//! The ratings side: the live score card (every figure and classification of the
//! methodology's score tree), then the methodology's outline — groups that fold, each rated
//! item with its rating control, last year's rating, the change and a badge counting its
//! findings.

use std::fmt::Write as _;

use egui::{Align, Key, Layout, Modifiers, RichText, Ui};

use super::{Action, Derived, ViewState, a11y, theme};
use crate::index::{GroupDef, Node};
use crate::method::Methodology;
use crate::model::{Chapter, Rating};
use crate::score::{CardLine, Direction, LineKind};

/// What the rows of the ratings side read, and where they write.
struct Rows<'a, 'v> {
    chapter: &'a Chapter,
    method: &'a Methodology,
    derived: &'a Derived,
    view: &'v mut ViewState,
    out: &'v mut Vec<Action>,
}

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
        if view.method_problem.is_some() {
            ui.colored_label(
                theme::error(ui.visuals()),
                format!(
                    "The methodology \"{}\" cannot be found: ratings cannot be changed and no figure is computed.",
                    chapter.methodology
                ),
            );
        }
        score_card(ui, chapter, method, derived, view);
        ui.add_space(theme::GAP / 2.0);
        ui.horizontal_wrapped(|ui| {
            ui.heading("Ratings");
            if let Some(scale) = common_scale(chapter, method) {
                ui.label(
                    RichText::new(format!(
                        "{} to {}, steps of {}",
                        scale.show(scale.min),
                        scale.show(scale.max),
                        scale.show(scale.step)
                    ))
                    .small()
                    .color(theme::quiet(ui.visuals())),
                );
            }
        });
        let mut rows = Rows { chapter, method, derived, view, out };
        rows.outline(ui, &method.def.outline);
        // Whatever the outline does not place (an item of another edition or methodology, a
        // narrative of a group the file no longer has) still has its row.
        let mut placed = std::collections::HashSet::new();
        outline_codes(&method.def.outline, &mut placed);
        for (i, entry) in chapter.categories.iter().enumerate() {
            if !placed.contains(entry.code.as_str()) {
                rows.entry(ui, i);
            }
        }
    });
}

/// The codes of every group and item in the outline.
fn outline_codes<'n>(nodes: &'n [Node], out: &mut std::collections::HashSet<&'n str>) {
    for node in nodes {
        match node {
            Node::Item(item) => {
                out.insert(&item.code);
            }
            Node::Group(group) => {
                out.insert(&group.code);
                outline_codes(&group.children, out);
            }
        }
    }
}

/// The scale every rated item of the chapter shares, if they share one.
fn common_scale(chapter: &Chapter, method: &Methodology) -> Option<crate::method::Scale> {
    let mut scales = chapter.categories.iter().filter(|c| method.is_item(&c.code)).map(|c| method.scale(&c.code));
    let first = scales.next()??;
    scales.all(|s| s == Some(first)).then_some(first)
}

impl Rows<'_, '_> {
    /// The outline's nodes: groups fold (open at first), items are rating rows. A group none
    /// of whose items the chapter rates (one of another edition) is left out.
    fn outline(&mut self, ui: &mut Ui, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Item(item) => {
                    if let Some(i) = self.index_of(&item.code) {
                        self.entry(ui, i);
                    }
                }
                Node::Group(group) => {
                    if !self.has_entries(group) {
                        continue;
                    }
                    let header = group_header(group, self.derived);
                    egui::CollapsingHeader::new(RichText::new(header).strong())
                        .id_salt(("outline-group", &group.code))
                        .default_open(true)
                        .show(ui, |ui| {
                            if let Some(i) = self.index_of(&group.code) {
                                self.entry(ui, i);
                            }
                            self.outline(ui, &group.children);
                        });
                }
            }
        }
    }

    fn index_of(&self, code: &str) -> Option<usize> {
        self.chapter.categories.iter().position(|c| c.code == code)
    }

    /// Whether the chapter has an entry for the group (its narrative) or anything in it.
    fn has_entries(&self, group: &GroupDef) -> bool {
        self.index_of(&group.code).is_some()
            || group.children.iter().any(|n| match n {
                Node::Item(item) => self.index_of(&item.code).is_some(),
                Node::Group(g) => self.has_entries(g),
            })
    }

    /// The row of entry `i`: a rated item's rating row, or a narrated group's link to its
    /// narrative.
    fn entry(&mut self, ui: &mut Ui, i: usize) {
        let Some(entry) = self.chapter.categories.get(i) else { return };
        if self.method.is_item(&entry.code) || self.method.category(&entry.code).is_none() {
            category_row(ui, self.chapter, i, self.method, self.derived, self.view, self.out);
        } else {
            narrative_row(ui, self.chapter, i, self.method, self.derived, self.view, self.out);
        }
    }
}

/// A group's heading in the outline: its code where the index numbers its groups by it ("A
/// Electoral Process", "1 Stateness"; not "PR", an abbreviation of "Political Rights"), and
/// the figure that sums it up, as computed ("— 7 / 12").
fn group_header(group: &GroupDef, derived: &Derived) -> String {
    let numbered = group.code.chars().count() == 1 || group.code.chars().any(|c| c.is_ascii_digit());
    let title = if numbered { format!("{} {}", group.code, group.name) } else { group.name.clone() };
    let figure =
        group.figure.as_deref().and_then(|id| derived.card.this_year.as_ref()?.figure(id)?.shown_with_suffix());
    match figure {
        Some(figure) => format!("{title} — {figure}"),
        None => title,
    }
}

/// The row of a group written about as a whole (a BTI criterion): its name, selecting it shows
/// its narrative.
fn narrative_row(
    ui: &mut Ui,
    chapter: &Chapter,
    index: usize,
    method: &Methodology,
    derived: &Derived,
    view: &ViewState,
    out: &mut Vec<Action>,
) {
    let Some(entry) = chapter.categories.get(index) else { return };
    let name = method.category(&entry.code).map_or(entry.code.as_str(), |c| c.name.as_str());
    ui.horizontal(|ui| {
        let blocks = crate::words::count(entry.bullets.len(), method.justification_noun());
        let link = ui
            .selectable_label(view.category == index, format!("Narrative on {name}"))
            .on_hover_text(format!("{blocks} on {name} as a whole"));
        if link.clicked() {
            out.push(Action::SelectCategory(index));
        }
        let n = derived.findings_in(&entry.code);
        if n > 0 {
            ui.label(RichText::new(format!("{n} findings")).small().color(theme::warning(ui.visuals())));
        }
    });
}

/// The line of the card's headline figure (the one the methodology's file names), or the
/// first figure.
fn headline_line(derived: &Derived) -> Option<&CardLine> {
    let lines = &derived.lines;
    derived.card.headline.as_deref().and_then(|id| lines.line(id)).or_else(|| lines.headline())
}

/// A value with its suffix as the card prints it: "24 / 40".
fn with_suffix(value: &str, line: &CardLine) -> String {
    match &line.suffix {
        Some(suffix) if !line.is_class() => format!("{value} {suffix}"),
        _ => value.to_owned(),
    }
}

/// The score card, drawn from [`crate::score::CardLines`], the one line model every renderer
/// of the card uses: the headline figure large, then every other figure and classification
/// of the methodology with this year's and last year's value and which way it moved.
fn score_card(ui: &mut Ui, chapter: &Chapter, method: &Methodology, derived: &Derived, view: &ViewState) {
    let lines = &derived.lines;
    let headline = headline_line(derived);
    egui::Frame::group(ui.style()).fill(theme::card_bg(ui.visuals())).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let Some(head) = headline else {
            ui.label(RichText::new("This methodology computes no figure.").color(theme::quiet(ui.visuals())));
            return;
        };
        let now = head.this_year_shown();
        let shown = ui.label(RichText::new(format!("{} {}", head.label, with_suffix(now, head))).heading().strong());
        // Read aloud, "/" is "slash": the card's figures are named in words.
        a11y::name(ui, &shown, format!("{} {}", head.label, spoken(now, head)));
        // A card of a few lines (Nations in Transit's four) reads in one glance, as a row and
        // a classification; a longer one (Freedom in the World's fifteen) a line per figure,
        // with last year's value beside each.
        let compact = lines.figures.len() <= COMPACT_CARD;
        if derived.card.this_year.is_some() {
            if compact {
                figure_row(ui, lines, head);
            } else {
                figure_grid(ui, method, lines, head);
            }
            unrated(ui, chapter, method);
        } else {
            ui.label("Nothing is rated yet.");
        }
        ui.separator();
        if lines.last_year_rated {
            let last = head.last_year_shown();
            let class = lines.figures.iter().find(|l| l.is_class());
            let mut text = format!("Last year {}", with_suffix(last, head));
            let mut said = format!("Last year: {} {}", head.label, spoken(last, head));
            if compact {
                for line in lines.figures.iter().filter(|l| is_plain_figure(l) && !std::ptr::eq(*l, head)) {
                    let _ = write!(text, ", {}", with_suffix(line.last_year_shown(), line));
                    let _ = write!(said, ", {} {}", line.label, spoken(line.last_year_shown(), line));
                }
            }
            if let Some(class) = class {
                let _ = write!(text, " — {}", class.last_year_shown());
                let _ = write!(said, ", {}", class.last_year_shown());
            }
            let label = ui.label(RichText::new(text).color(theme::quiet(ui.visuals())));
            a11y::name(ui, &label, said);
        } else {
            ui.label(RichText::new("Last year: no ratings").color(theme::quiet(ui.visuals())));
        }
        if let Some(change) = &lines.change {
            let (colour, arrow) = direction_style(ui, change.direction);
            let label = ui
                .colored_label(colour, format!("Change {arrow} {:+} ({})", change.delta, change.verb))
                .on_hover_text(format!("The {} {}", head.label, change.phrase()));
            a11y::name(ui, &label, change_in_words(&head.label, change));
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

/// The most lines a card may have to be drawn compact ([`figure_row`]).
const COMPACT_CARD: usize = 4;

/// A figure of its own (not a figure's headline number, not a classification).
fn is_plain_figure(line: &CardLine) -> bool {
    matches!(line.kind, LineKind::Figure(_))
}

/// A short card's figures but the headline in one wrapping row ("Democracy Percentage
/// 4.76 / 100  Headline 5 / 100"), then each classification in italics.
fn figure_row(ui: &mut Ui, lines: &crate::score::CardLines, head: &CardLine) {
    let others: Vec<&CardLine> = lines.figures.iter().filter(|l| !l.is_class() && !std::ptr::eq(*l, head)).collect();
    if !others.is_empty() {
        ui.horizontal_wrapped(|ui| {
            for line in others {
                let now = line.this_year_shown();
                let label = if is_plain_figure(line) {
                    ui.label(RichText::new(format!("{} {}", line.label, with_suffix(now, line))).strong())
                } else {
                    ui.label(format!("Headline {}", with_suffix(now, line)))
                };
                a11y::name(ui, &label, format!("{} {}", line.label, spoken(now, line)));
            }
        });
    }
    for class in lines.figures.iter().filter(|l| l.is_class()) {
        let now = class.this_year_shown();
        let label = ui.label(RichText::new(now).italics());
        a11y::name(ui, &label, format!("{}: {now}", class.label));
    }
}

/// Every figure and classification but the headline, a line each: its label, this year's
/// value, last year's (while last year is rated) and which way it moved. Lines wrap, so that
/// the card never widens the panel.
fn figure_grid(ui: &mut Ui, method: &Methodology, lines: &crate::score::CardLines, head: &CardLine) {
    for line in lines.figures.iter().filter(|l| !std::ptr::eq(*l, head)) {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            let headline_of_figure = matches!(line.kind, LineKind::Headline(_));
            let label = if headline_of_figure { "Headline" } else { line.label.as_str() };
            let name = ui.label(RichText::new(label).color(theme::quiet(ui.visuals())));
            if headline_of_figure {
                // Its label says whose headline it is: "<figure> (headline)".
                a11y::name(ui, &name, line.label.clone());
            }
            let now = line.this_year_shown();
            let value = if line.is_class() {
                ui.label(RichText::new(now).italics())
            } else {
                ui.label(RichText::new(with_suffix(now, line)).strong())
            };
            let said = if line.is_class() {
                format!("{}: {now}", line.label)
            } else {
                format!("{} {}", line.label, spoken(now, line))
            };
            a11y::name(ui, &value, said);
            if lines.last_year_rated {
                let last = line.last_year_shown();
                let was = ui
                    .label(RichText::new(format!("was {}", with_suffix(last, line))).color(theme::quiet(ui.visuals())));
                let said = if line.is_class() { last.to_owned() } else { spoken(last, line) };
                a11y::name(ui, &was, format!("{} last year: {said}", line.label));
                if let Some(direction) = line.change {
                    let (colour, arrow) = direction_style(ui, direction);
                    let moved = ui.colored_label(colour, arrow);
                    a11y::name(ui, &moved, format!("{} {} since last year", line.label, direction.verb(method)));
                }
            }
        });
    }
}

/// The rated items of this edition left unrated (not the optional ones, which an index asks
/// only where they apply): the figures leave them out.
fn unrated(ui: &mut Ui, chapter: &Chapter, method: &Methodology) {
    let missing: Vec<&str> = chapter
        .categories
        .iter()
        .filter(|c| c.rating.is_none() && method.def.item(&c.code).is_some_and(|i| !i.optional))
        .map(|c| c.code.as_str())
        .collect();
    let text = match missing.len() {
        0 => return,
        1..=8 => format!("Unrated: {} (the figures leave them out)", missing.join(", ")),
        n => format!("{n} items unrated (the figures leave them out)"),
    };
    ui.colored_label(theme::warning(ui.visuals()), text);
}

/// A figure as read aloud: "24 of 40" for "24 / 40"; "none yet" for a figure not computed.
fn spoken(figure: &str, line: &CardLine) -> String {
    if figure == "—" || figure == line.placeholder() {
        return "none yet".to_owned();
    }
    match line.suffix.as_deref().map(str::trim) {
        Some(suffix) if !line.is_class() => match suffix.strip_prefix('/') {
            Some(top) => format!("{figure} of {}", top.trim()),
            None => format!("{figure} {suffix}"),
        },
        _ => figure.to_owned(),
    }
}

/// The change since last year in words: "Change since last year: the <headline figure>
/// declined by 3, from 54 to 51".
fn change_in_words(label: &str, change: &crate::score::ScoreChange) -> String {
    let by = crate::score::Fixed { value: change.delta.value.abs(), decimals: change.delta.decimals };
    match change.direction {
        Direction::Same => format!("Change since last year: the {label} {}", change.phrase()),
        _ => format!(
            "Change since last year: the {label} {} by {by}, from {} to {}",
            change.verb, change.from, change.to
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
    let def = method.category(code);
    let name = def.map_or(code, |c| c.name.as_str());
    let question = def.map_or("", |c| c.description.as_str());
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
                    // The name whole (the panel may shorten it) and the item's guiding question.
                    let tip =
                        if question.is_empty() { name.to_owned() } else { format!("{code} {name}\n\n{question}") };
                    if ui.add(label).on_hover_text(tip).clicked() {
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
            let last = entry.last_year.map_or_else(|| "—".to_owned(), |r| method.show(code, r));
            let was = ui
                .label(RichText::new(format!("was {last}")).color(theme::quiet(ui.visuals())))
                .on_hover_text(format!("Last year's rating: {last}"));
            let said = entry.last_year.map_or_else(|| "none".to_owned(), |r| method.show(code, r));
            a11y::name(ui, &was, format!("{name} last year: {said}"));
            if let (Some(now), Some(last)) = (entry.rating, entry.last_year) {
                let high = method.scale(code).is_none_or(|s| s.high_is_best);
                let direction = Direction::between(high, now.cmp(&last));
                let (colour, arrow) = direction_style(ui, direction);
                // The difference on the item's own scale: "0.25" on NIT's, "1" on a 0–4 one.
                let amount = method.show(code, Rating::from_hundredths(now.hundredths().abs_diff(last.hundredths())));
                let same = now == last;
                let text = if same { "=".to_owned() } else { format!("{arrow} {amount}") };
                let moved =
                    ui.colored_label(colour, text).on_hover_text(format!("{} since last year", direction.verb(method)));
                let said = if same {
                    format!("{name} {} since last year", Direction::Same.verb(method))
                } else {
                    format!("{name} {} by {amount} since last year", direction.verb(method))
                };
                a11y::name(ui, &moved, said);
            }
        });
        if let Some(reason) = view.rating_errors.get(code) {
            let refused = ui.colored_label(theme::error(ui.visuals()), format!("Refused: {reason}"));
            // Said as it appears, without moving the focus from the rating.
            ui.ctx().accesskit_node_builder(refused.id, |b| b.set_live(egui::accesskit::Live::Polite));
        }
        proposals(ui, chapter, method, derived, out, index, code, name);
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

/// Open proposals for the item, with the headline figure each would give; a click opens the
/// item's review.
#[allow(clippy::too_many_arguments)] // the row's own context, passed on from its caller
fn proposals(
    ui: &mut Ui,
    chapter: &Chapter,
    method: &Methodology,
    derived: &Derived,
    out: &mut Vec<Action>,
    index: usize,
    code: &str,
    name: &str,
) {
    let label = headline_line(derived).map_or("", |l| l.label.as_str());
    for p in chapter.review.proposals.iter().filter(|p| p.category == code && p.decision.is_none()) {
        let would = derived.would_be.get(&p.id).and_then(crate::score::ScoreCard::headline_now);
        let proposed = method.show(code, p.rating);
        let shown = would.map(|f| format!(" → {label} {f}")).unwrap_or_default();
        let text = RichText::new(format!("{} proposes {proposed}{shown}", p.signed.by.name))
            .small()
            .color(theme::warning(ui.visuals()));
        let link = ui.link(text).on_hover_text(p.reason.as_str());
        let said = would.map(|f| format!(", the {label} would be {f}")).unwrap_or_default();
        a11y::name(ui, &link, format!("Proposal by {} for {name}: {proposed}{said}", p.signed.by.name));
        if link.clicked() {
            out.push(Action::SelectCategory(index));
            out.push(Action::ShowTab(super::Tab::Review));
        }
    }
}

/// The rating control: a text field (type, Enter), − and + buttons, arrow keys while focused.
/// To a screen reader the field is a spin button named "<item name> rating", with the item's
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
    // The short name shown; the field's accessible name is the item's full name.
    ui.label(RichText::new(format!("{code} rating")).small().color(theme::quiet(ui.visuals())));
    let Some(scale) = method.scale(code) else {
        // An item the methodology does not rate (or no methodology was found): shown as
        // kept, not changed on another scale.
        let kept = rating.map_or_else(|| "—".to_owned(), |r| r.to_string());
        let label = ui.label(kept.clone()).on_hover_text("Not an item of this chapter's methodology: kept as it is");
        a11y::name(ui, &label, format!("{name} rating {kept}, kept as it is"));
        return;
    };
    let lower = ui.small_button("-").on_hover_text("One step down");
    a11y::name(ui, &lower, format!("Lower {name} rating"));
    if lower.clicked() {
        out.push(Action::StepRating { code: code.to_owned(), up: false });
    }
    let field_id = egui::Id::unique(("rating", code));
    let shown = rating.map_or_else(String::new, |r| scale.show(r));
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
        scale.show(scale.min),
        scale.show(scale.max),
        scale.show(scale.step)
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
    spin_button(ui, &response, code, name, rating, scale, view, out);
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
    scale: crate::method::Scale,
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
