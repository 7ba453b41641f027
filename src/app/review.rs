//! The review view (View ▸ Review, the Review tab): one category at a time, as a reviewer
//! checks it — the rating against last year's, each bullet with the citations of its
//! footnotes beneath it (the evidence), the comments on the rating, the bullets and the
//! footnotes, rating proposals with the score they would give, and the category's review
//! state. Text is read-only here: reviewers comment and suggest, authors answer. Merge
//! conflicts in the review (two versions of a comment's words, a reply, a proposal's reason or
//! decision, a review state) are listed at the top until settled.

use std::fmt::Write as _;

use egui::{RichText, Ui};

use super::state::Composer;
use super::{Action, Panels, ViewState, a11y, lazy, theme};
use crate::model::review::{Anchor, AnchorStatus, Comment, Proposal, Review, ReviewState, StateNow, SuggestionOutcome};
use crate::model::{Chapter, Id, Rating, TextBlock};

/// Draws the review of the selected category, then the chapter's own and detached comments.
pub fn panel(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>) {
    let chapter = ctx.chapter;
    let Some(entry) = chapter.categories.get(view.category) else {
        ui.label("This chapter has no categories.");
        return;
    };
    let code = entry.code.clone();
    let name = ctx.method.category(&code).map_or(code.as_str(), |d| d.name.as_str());
    summary_line(ui, ctx);
    super::conflicts::review_section(ui, ctx, out);
    ui.horizontal(|ui| {
        let previous = ui.add_enabled(view.category > 0, egui::Button::new("◀ Previous"));
        a11y::name(ui, &previous, "Previous category");
        if previous.clicked() {
            out.push(Action::SelectCategory(view.category - 1));
        }
        let next = ui.add_enabled(view.category + 1 < chapter.categories.len(), egui::Button::new("Next ▶"));
        a11y::name(ui, &next, "Next category");
        if next.clicked() {
            out.push(Action::SelectCategory(view.category + 1));
        }
        ui.heading(format!("{code} — {name}"));
    });
    ui.separator();
    let width = ui.available_width();
    egui::ScrollArea::vertical().id_salt(("review", &code)).auto_shrink(false).show(ui, |ui| {
        super::keys::follow_focus(ui);
        // Long citations (addresses) must wrap, never widen the view past the window.
        ui.set_max_width(width - ui.spacing().scroll.bar_width - ui.spacing().item_spacing.x);
        if ctx.method.is_item(&code) {
            rating_section(ui, ctx, view, out, &code);
        }
        ui.add_space(theme::GAP);
        ui.heading("Justification");
        let bullets = &entry.bullets;
        if bullets.is_empty() {
            let none = format!("No {}s yet.", ctx.method.justification_noun());
            ui.label(RichText::new(none).color(theme::quiet(ui.visuals())));
        }
        for (i, block) in bullets.iter().enumerate() {
            let composing = view.review.composer.as_ref().is_some_and(|c| c.anchor == Anchor::Block(block.id));
            let force = composing || view.selected_block == Some(block.id);
            let estimate = |ui: &Ui| lazy::text_height(ui, &block.text, ui.available_width(), 60.0);
            lazy::row(ui, ("review-block", block.id), force, estimate, |ui| {
                ui.vertical(|ui| bullet(ui, ctx, view, out, i, block)).response
            });
        }
        ui.add_space(theme::GAP);
        category_findings(ui, ctx, out, &code);
        ui.add_space(theme::GAP);
        chapter_comments(ui, ctx, view, out);
    });
}

/// "Review: 3 of 7 categories agreed · 4 open comments · 1 open proposal · 1 detached".
fn summary_line(ui: &mut Ui, ctx: &Panels<'_>) {
    let s = &ctx.derived.review;
    ui.label(RichText::new(summary_text(s)).color(theme::quiet(ui.visuals())));
}

/// The review summary in words, for this view, the findings panel and the status bar.
#[must_use]
pub fn summary_text(s: &crate::model::review::Summary) -> String {
    let plural = crate::words::count;
    let mut text = format!(
        "Review: {} of {} agreed · {} · {}",
        s.agreed,
        s.categories.len(),
        plural(s.open_comments, "open comment"),
        plural(s.open_proposals, "open proposal")
    );
    if s.detached > 0 {
        let _ = write!(text, " · {} detached", s.detached);
    }
    text
}

fn rating_section(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>, code: &str) {
    let chapter = ctx.chapter;
    let Some(entry) = chapter.category(code) else { return };
    let shown = |r: Option<Rating>| r.map_or_else(|| "—".to_owned(), |r| ctx.method.show(code, r));
    egui::Frame::group(ui.style()).fill(theme::card_bg(ui.visuals())).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("Rating {}", shown(entry.rating))).heading().strong());
            ui.label(RichText::new(format!("last year {}", shown(entry.last_year))).color(theme::quiet(ui.visuals())));
        });
        state_controls(ui, chapter, out, code);
        ui.separator();
        for p in chapter.review.proposals.iter().filter(|p| p.category == code) {
            proposal(ui, ctx, view, out, p);
        }
        propose_form(ui, ctx.method, view, out, code);
        ui.separator();
        comments_on(ui, ctx, view, out, &Anchor::Rating(code.to_owned()), "Comment on the rating", "");
    });
}

fn state_controls(ui: &mut Ui, chapter: &Chapter, out: &mut Vec<Action>, code: &str) {
    let now = Review::state_now(chapter, code);
    let (text, colour) = match (now, chapter.review.state(code)) {
        (StateNow::Agreed, ReviewState::Agreed { signed, .. }) => {
            (format!("Agreed by {} on {}", signed.by.display(), local(signed.at)), theme::improved(ui.visuals()))
        }
        (StateNow::ChangedSinceAgreed, ReviewState::Agreed { signed, .. }) => (
            format!("Changed since agreed by {} on {}", signed.by.display(), local(signed.at)),
            theme::warning(ui.visuals()),
        ),
        (StateNow::NeedsWork, ReviewState::NeedsWork(signed)) => {
            (format!("Needs work, says {} ({})", signed.by.display(), local(signed.at)), theme::warning(ui.visuals()))
        }
        _ => ("Not reviewed yet".to_owned(), theme::quiet(ui.visuals())),
    };
    ui.colored_label(colour, text);
    ui.horizontal(|ui| {
        let agree = if now == StateNow::Agreed { "Agreed" } else { "Agree" };
        if ui
            .add_enabled(now != StateNow::Agreed, egui::Button::new(agree))
            .on_hover_text("Sign this category off as it stands: its rating and its bullets")
            .clicked()
        {
            out.push(Action::SetReviewState { code: code.to_owned(), state: StateNow::Agreed });
        }
        if ui.add_enabled(now != StateNow::NeedsWork, egui::Button::new("Needs work")).clicked() {
            out.push(Action::SetReviewState { code: code.to_owned(), state: StateNow::NeedsWork });
        }
        if ui.add_enabled(now != StateNow::Unreviewed, egui::Button::new("Reset")).clicked() {
            out.push(Action::SetReviewState { code: code.to_owned(), state: StateNow::Unreviewed });
        }
    });
}

fn proposal(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>, p: &Proposal) {
    let current = ctx.chapter.category(&p.category).and_then(|e| e.rating);
    let show = |r: crate::model::Rating| ctx.method.show(&p.category, r);
    ui.label(
        RichText::new(format!(
            "{} proposes {} (now {}): {}",
            p.signed.by.display(),
            show(p.rating),
            current.map_or_else(|| "unrated".to_owned(), show),
            p.reason
        ))
        .strong(),
    );
    ui.label(RichText::new(local(p.signed.at)).small().color(theme::quiet(ui.visuals())));
    for r in &p.replies {
        reply_line(ui, &r.signed.by.display(), r.signed.at, &r.text);
    }
    if let Some(d) = &p.decision {
        let word = if d.accepted { "Accepted" } else { "Declined" };
        ui.label(
            RichText::new(format!("{word} by {} on {}", d.signed.by.display(), local(d.signed.at)))
                .color(theme::quiet(ui.visuals())),
        );
    } else {
        if let Some(card) = ctx.derived.would_be.get(&p.id).filter(|c| c.this_year.is_some())
            && let Some(lines) = ctx.derived.would_be_lines.get(&p.id)
        {
            let (shown, said) = if_accepted(ctx, card, lines);
            let would = ui.label(shown);
            a11y::name(ui, &would, said);
        }
        let draft = view.review.replies.entry(p.id).or_default();
        let by = &p.signed.by.name;
        ui.horizontal(|ui| {
            let accept = ui.button("Accept").on_hover_text("Change the rating to the proposed one");
            a11y::name(ui, &accept, format!("Accept proposal by {by}"));
            if accept.clicked() {
                out.push(Action::DecideProposal { proposal: p.id, accept: true, why: draft.clone() });
            }
            let decline = ui.button("Decline").on_hover_text("Keep the rating; the reason is recorded");
            a11y::name(ui, &decline, format!("Decline proposal by {by}"));
            if decline.clicked() {
                out.push(Action::DecideProposal { proposal: p.id, accept: false, why: draft.clone() });
            }
            ui.label(RichText::new("Reason").small());
            let reason = ui.add(
                egui::TextEdit::singleline(draft)
                    .id_salt(("proposal-why", p.id))
                    .hint_text("optional")
                    .desired_width(f32::INFINITY),
            );
            a11y::name(ui, &reason, format!("Reason for accepting or declining the proposal by {by}"));
        });
    }
    ui.add_space(theme::GAP / 2.0);
}

/// What accepting a proposal would make of the score card, shown and read aloud: "If
/// accepted: <headline figure> 54 / 100 (now 51), 24 / 40, Partly Free" — the headline
/// figure, every other figure it would change, and the classifications.
fn if_accepted(ctx: &Panels<'_>, card: &crate::score::ScoreCard, would: &crate::score::CardLines) -> (String, String) {
    use crate::score::{CardLine, LineKind};
    let now = &ctx.derived.lines;
    let headline = card.headline.as_deref().and_then(|id| would.line(id)).or_else(|| would.headline());
    let suffixed = |l: &CardLine, value: &str, spoken: bool| match l.suffix.as_deref() {
        Some(s) if spoken => match s.trim().strip_prefix('/') {
            Some(top) => format!("{value} of {}", top.trim()),
            None => format!("{value} {s}"),
        },
        Some(s) => format!("{value} {s}"),
        None => value.to_owned(),
    };
    let mut shown = String::from("If accepted:");
    let mut said = String::from("If accepted:");
    if let Some(h) = headline {
        let before = now.figures.iter().find(|l| l.kind == h.kind).map_or("—", CardLine::this_year_shown);
        let value = h.this_year_shown();
        let _ = write!(shown, " {} {} (now {before})", h.label, suffixed(h, value, false));
        let _ = write!(said, " {} {} (now {before})", h.label, suffixed(h, value, true));
    }
    for l in &would.figures {
        if headline.is_some_and(|h| h.kind == l.kind) {
            continue;
        }
        let before = now.figures.iter().find(|n| n.kind == l.kind).and_then(|n| n.this_year.as_deref());
        match &l.kind {
            LineKind::Class(_) => {
                let _ = write!(shown, ", {}", l.this_year_shown());
                let _ = write!(said, ", {}", l.this_year_shown());
            }
            LineKind::Figure(_) if before != l.this_year.as_deref() => {
                let _ = write!(shown, ", {}", suffixed(l, l.this_year_shown(), false));
                let _ = write!(said, ", {} {}", l.label, suffixed(l, l.this_year_shown(), true));
            }
            _ => {}
        }
    }
    (shown, said)
}

fn propose_form(ui: &mut Ui, method: &crate::Methodology, view: &mut ViewState, out: &mut Vec<Action>, code: &str) {
    // The hint is a rating of the item's own scale: its lowest.
    let hint = method.scale(code).map(|s| s.show(s.min)).unwrap_or_default();
    let (rating, reason) = view.review.proposal_forms.entry(code.to_owned()).or_default();
    ui.horizontal(|ui| {
        ui.label("Propose");
        let field = ui.add(
            egui::TextEdit::singleline(rating).id_salt(("propose-rating", code)).hint_text(hint).desired_width(48.0),
        );
        a11y::name(ui, &field, "Rating to propose");
        ui.label("because");
        let field = ui.add(
            egui::TextEdit::singleline(reason)
                .id_salt(("propose-reason", code))
                .hint_text("why this rating")
                .desired_width((ui.available_width() - 140.0).max(120.0)),
        );
        a11y::name(ui, &field, "Why you propose this rating");
        let parsed = Rating::parse(rating.trim());
        let ready = parsed.is_ok() && !reason.trim().is_empty();
        let button = ui.add_enabled(ready, egui::Button::new("Propose rating"));
        if let Ok(r) = parsed
            && button.clicked()
        {
            out.push(Action::ProposeRating { code: code.to_owned(), rating: r, reason: reason.clone() });
        }
    });
    if !rating.trim().is_empty()
        && let Err(e) = Rating::parse(rating.trim())
    {
        ui.colored_label(theme::error(ui.visuals()), e.to_string());
    }
}

fn bullet(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>, i: usize, block: &TextBlock) {
    let noun = ctx.method.justification_noun();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{}.", i + 1)).color(theme::quiet(ui.visuals())));
        ui.label(&block.text);
    });
    // The evidence: the citation of every footnote the bullet cites, beneath it.
    let mut seen = Vec::new();
    for m in crate::model::markers::markers(&block.text) {
        if seen.contains(&m.label) {
            continue;
        }
        seen.push(m.label);
        let note = ctx.derived.notes.get(m.label).and_then(|&i| ctx.chapter.footnotes.get(i));
        ui.horizontal_wrapped(|ui| {
            ui.add_space(24.0);
            match note {
                Some(f) => {
                    ui.label(RichText::new(format!("[^{}]", f.label)).small().color(theme::marker(ui.visuals())));
                    ui.label(RichText::new(citation(f)).small());
                    let comment = ui.small_button("Comment").on_hover_text("Comment on this footnote");
                    a11y::name(ui, &comment, format!("Comment on footnote {}, cited in {noun} {}", f.label, i + 1));
                    if comment.clicked() {
                        view.review.composer = Some(composer(Anchor::Footnote(f.id)));
                    }
                }
                None => {
                    ui.colored_label(theme::error(ui.visuals()), format!("[^{}] has no footnote", m.label));
                }
            }
        });
        if let Some(f) = note {
            ui.indent(("fn-comments", block.id, f.id), |ui| {
                comments_on(ui, ctx, view, out, &Anchor::Footnote(f.id), "", "");
            });
        }
    }
    ui.indent(("block-comments", block.id), |ui| {
        comments_on(ui, ctx, view, out, &Anchor::Block(block.id), "Comment", &format!("Comment on {noun} {}", i + 1));
    });
    ui.separator();
}

/// A footnote's citation as a reviewer reads it: text, address, access date.
#[must_use]
pub fn citation(f: &crate::model::Footnote) -> String {
    let mut text = f.text.clone();
    if let Some(url) = &f.url {
        text.push_str(" — ");
        text.push_str(url);
    }
    if let Some(date) = f.accessed {
        let _ = write!(text, " (accessed {})", date.format("%Y-%m-%d"));
    }
    text
}

fn composer(anchor: Anchor) -> Composer {
    Composer { anchor, quote: String::new(), text: String::new(), suggestion: String::new() }
}

/// The comments on `anchor`, each with its thread; then the form to write one, or a button to
/// start one (`start` is its label, blank for none; `name` its accessible name where the label
/// says too little out of context, blank for the label).
fn comments_on(
    ui: &mut Ui,
    ctx: &Panels<'_>,
    view: &mut ViewState,
    out: &mut Vec<Action>,
    anchor: &Anchor,
    start: &str,
    name: &str,
) {
    if let Some(ids) = ctx.derived.comments_on.get(anchor) {
        for id in ids {
            if let Some(c) = ctx.chapter.review.comment(*id) {
                thread(ui, ctx.chapter, view, out, c);
            }
        }
    }
    let composing = view.review.composer.as_ref().is_some_and(|c| &c.anchor == anchor);
    if composing {
        compose(ui, view, out);
    } else if !start.is_empty() {
        let button = ui.small_button(start);
        if !name.is_empty() {
            a11y::name(ui, &button, name);
        }
        if button.clicked() {
            view.review.composer = Some(composer(anchor.clone()));
        }
    }
}

fn compose(ui: &mut Ui, view: &mut ViewState, out: &mut Vec<Action>) {
    let Some(c) = &mut view.review.composer else { return };
    let spans_text = matches!(c.anchor, Anchor::Block(_) | Anchor::Footnote(_));
    let mut cancel = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if spans_text {
            let label = ui.label("Quote (optional)");
            ui.add(
                egui::TextEdit::singleline(&mut c.quote)
                    .hint_text("the words the comment is about, as they stand")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        }
        let label = ui.label("Your comment");
        let r = ui
            .add(egui::TextEdit::multiline(&mut c.text).desired_rows(2).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if ui.memory(|m| m.focused().is_none()) {
            r.request_focus();
        }
        if spans_text {
            let label = ui.label("Suggested wording (optional)");
            ui.add(
                egui::TextEdit::singleline(&mut c.suggestion)
                    .hint_text("what the quote should say instead")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        }
        ui.horizontal(|ui| {
            let ready = !c.text.trim().is_empty() || (!c.suggestion.trim().is_empty() && !c.quote.trim().is_empty());
            if ui.add_enabled(ready, egui::Button::new("Add comment")).clicked() {
                out.push(Action::AddComment {
                    anchor: c.anchor.clone(),
                    quote: c.quote.clone(),
                    suggestion: c.suggestion.clone(),
                    text: c.text.clone(),
                });
            }
            cancel = ui.button("Cancel").clicked();
        });
    });
    if cancel {
        view.review.composer = None;
    }
}

/// One comment with its quote, suggestion, replies and controls.
fn thread(ui: &mut Ui, chapter: &Chapter, view: &mut ViewState, out: &mut Vec<Action>, c: &Comment) {
    let status = Review::resolve_anchor(chapter, c);
    let resolved = c.resolved.is_some();
    let fill = if resolved { ui.visuals().faint_bg_color } else { theme::comment_bg(ui.visuals()) };
    // What a screen reader calls the comment: its author and first words (several comments,
    // each with its Reply, Resolve and other buttons, are on screen at once).
    let which = comment_name(c);
    egui::Frame::group(ui.style()).fill(fill).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(c.signed.by.display()).strong());
            ui.label(RichText::new(local(c.signed.at)).small().color(theme::quiet(ui.visuals())));
            match status {
                AnchorStatus::TextChanged => {
                    ui.colored_label(theme::warning(ui.visuals()), "text changed");
                }
                AnchorStatus::Detached => {
                    ui.colored_label(theme::warning(ui.visuals()), "detached");
                }
                AnchorStatus::Attached(_) => {}
            }
            if let Some(r) = &c.resolved {
                ui.label(
                    RichText::new(format!("resolved by {}", r.by.display())).small().color(theme::quiet(ui.visuals())),
                );
            }
        });
        if let Some(q) = &c.quote {
            ui.label(RichText::new(format!("“{q}”")).italics().color(theme::quiet(ui.visuals())));
        }
        if !c.text.is_empty() {
            ui.label(&c.text);
        }
        if let Some(s) = &c.suggestion {
            let outcome = match c.outcome {
                Some(SuggestionOutcome::Accepted) => " (accepted)",
                Some(SuggestionOutcome::Declined) => " (declined)",
                None => "",
            };
            ui.label(RichText::new(format!("Suggests: “{s}”{outcome}")).color(theme::marker(ui.visuals())));
        }
        for r in &c.replies {
            reply_line(ui, &r.signed.by.display(), r.signed.at, &r.text);
        }
        if resolved {
            let reopen = ui.small_button("Reopen");
            a11y::name(ui, &reopen, format!("Reopen {which}"));
            if reopen.clicked() {
                out.push(Action::ResolveComment { comment: c.id, resolved: false });
            }
            return;
        }
        let draft = view.review.replies.entry(c.id).or_default();
        ui.horizontal(|ui| {
            ui.label(RichText::new("Reply").small());
            let r = ui.add(
                egui::TextEdit::singleline(draft)
                    .id_salt(("reply", c.id))
                    .hint_text("an answer, or why")
                    .desired_width((ui.available_width() - 200.0).max(120.0)),
            );
            a11y::name(ui, &r, format!("Reply to {which}"));
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let send = ui.add_enabled(!draft.trim().is_empty(), egui::Button::new("Send reply"));
            a11y::name(ui, &send, format!("Send reply to {which}"));
            if (send.clicked() || enter) && !draft.trim().is_empty() {
                out.push(Action::ReplyToComment { comment: c.id, text: draft.clone() });
            }
            let resolve = ui.button("Resolve");
            a11y::name(ui, &resolve, format!("Resolve {which}"));
            if resolve.clicked() {
                out.push(Action::ResolveComment { comment: c.id, resolved: true });
            }
        });
        suggestion_and_detached(ui, out, c, &status, draft, &which);
    });
}

/// A comment's suggestion buttons (while undecided) and, for a detached comment, Attach and
/// Delete; `which` names the comment for a screen reader.
fn suggestion_and_detached(
    ui: &mut Ui,
    out: &mut Vec<Action>,
    c: &Comment,
    status: &AnchorStatus,
    draft: &str,
    which: &str,
) {
    if c.suggestion.is_some() && c.outcome.is_none() {
        ui.horizontal(|ui| {
            let can = matches!(status, AnchorStatus::Attached(Some(_)));
            let accept = ui
                .add_enabled(can, egui::Button::new("Accept suggestion"))
                .on_hover_text("Replace the quoted words with the suggestion")
                .on_disabled_hover_text("The quoted words are no longer in the text");
            a11y::name(ui, &accept, format!("Accept the suggestion of {which}"));
            if accept.clicked() {
                out.push(Action::AcceptSuggestion(c.id));
            }
            let decline = ui.button("Decline suggestion").on_hover_text("Keep the text; the reply above says why");
            a11y::name(ui, &decline, format!("Decline the suggestion of {which}"));
            if decline.clicked() {
                out.push(Action::DeclineSuggestion { comment: c.id, why: draft.to_owned() });
            }
        });
    }
    if *status == AnchorStatus::Detached {
        ui.horizontal(|ui| {
            let attach = ui.small_button("Attach to the chapter");
            a11y::name(ui, &attach, format!("Attach {which} to the chapter"));
            if attach.clicked() {
                out.push(Action::ReattachComment { comment: c.id, anchor: Anchor::Chapter });
            }
            let delete = ui.small_button("Delete");
            a11y::name(ui, &delete, format!("Delete {which}"));
            if delete.clicked() {
                out.push(Action::DeleteComment(c.id));
            }
        });
    }
}

/// A comment as a screen reader names it: "the comment by Jonas Feldmann, “Who reported the
/// bar association's…”" — its author and first words (or its quote or suggestion, for a
/// comment without words of its own).
fn comment_name(c: &Comment) -> String {
    let words = [Some(c.text.as_str()), c.quote.as_deref(), c.suggestion.as_deref()]
        .into_iter()
        .flatten()
        .find(|w| !w.trim().is_empty())
        .unwrap_or_default()
        .trim();
    let start: String = words.chars().take(40).collect();
    let more = if words.chars().count() > 40 { "…" } else { "" };
    format!("the comment by {}, “{start}{more}”", c.signed.by.name)
}

fn reply_line(ui: &mut Ui, who: &str, at: chrono::DateTime<chrono::Utc>, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.add_space(12.0);
        ui.label(RichText::new(format!("{who} · {}", local(at))).small().strong());
        ui.label(text);
    });
}

fn category_findings(ui: &mut Ui, ctx: &Panels<'_>, out: &mut Vec<Action>, code: &str) {
    let findings: Vec<_> =
        ctx.derived.findings().iter().filter(|f| f.location.place.category() == Some(code)).collect();
    ui.heading(format!("Findings in {code}"));
    if findings.is_empty() {
        ui.label(RichText::new("None.").color(theme::quiet(ui.visuals())));
    }
    for f in findings {
        let colour = theme::severity(ui.visuals(), f.severity);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(f.severity.as_str()).small().strong().color(colour));
            let go = ui.add(egui::Button::new(f.message.as_str()).frame(false).wrap());
            let place = crate::findings::describe(&f.location, ctx.chapter, ctx.method);
            a11y::name(ui, &go, format!("Go to {place}: {} ({})", f.message, f.severity.as_str()));
            if go.clicked() {
                out.push(Action::GoTo(f.location.clone()));
            }
        });
    }
}

fn chapter_comments(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>) {
    ui.heading("On the whole chapter");
    comments_on(ui, ctx, view, out, &Anchor::Chapter, "Comment on the chapter", "");
    // The score changes and the text sections: the paragraphs with comments (or one being
    // commented on), each with the start of its text.
    for section in ctx.method.sections(ctx.chapter) {
        if section.category().is_some() {
            continue;
        }
        let blocks = section.blocks(ctx.chapter).unwrap_or(&[]);
        let name = format!("{}, {}", section.title(ctx.method), section.block_noun(ctx.method));
        for (i, block) in blocks.iter().enumerate() {
            paragraph_comments(ui, ctx, view, out, &name, i + 1, block);
        }
    }
    detached_comments(ui, ctx, view, out);
}

/// The comments on paragraph `n` of a section called `name` ("Overview, paragraph"),
/// under the start of its text; nothing for a paragraph without any.
fn paragraph_comments(
    ui: &mut Ui,
    ctx: &Panels<'_>,
    view: &mut ViewState,
    out: &mut Vec<Action>,
    name: &str,
    n: usize,
    block: &TextBlock,
) {
    let anchor = Anchor::Block(block.id);
    let composing = view.review.composer.as_ref().is_some_and(|c| c.anchor == anchor);
    if !composing && !ctx.derived.comments_on.contains_key(&anchor) {
        return;
    }
    let start: String = block.text.chars().take(90).collect();
    let more = if block.text.chars().count() > 90 { "…" } else { "" };
    ui.label(RichText::new(format!("{name} {n}")).strong());
    ui.label(RichText::new(format!("{start}{more}")).color(theme::quiet(ui.visuals())));
    ui.indent(("paragraph-comments", block.id), |ui| comments_on(ui, ctx, view, out, &anchor, "", ""));
}

/// The comments whose place was deleted, to attach again or delete.
fn detached_comments(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>) {
    let detached: Vec<Id> = ctx
        .chapter
        .review
        .comments
        .iter()
        .filter(|c| Review::resolve_anchor(ctx.chapter, c) == AnchorStatus::Detached)
        .map(|c| c.id)
        .collect();
    if !detached.is_empty() {
        ui.add_space(theme::GAP);
        ui.heading("Detached");
        let noun = ctx.method.justification_noun();
        ui.label(
            RichText::new(format!(
                "Comments whose {noun}, footnote or item was deleted: attach them again, or delete them."
            ))
            .small()
            .color(theme::quiet(ui.visuals())),
        );
        for id in detached {
            if let Some(c) = ctx.chapter.review.comment(id) {
                thread(ui, ctx.chapter, view, out, c);
            }
        }
    }
}

/// A time in the reader's own time zone.
#[must_use]
pub fn local(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()
}
