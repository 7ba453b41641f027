//! [`RapporteurApp::apply`]: the one function that carries out an [`Action`], and the small
//! pure helpers its arms share.

use super::{Action, TextField, UnsavedChoice};
use crate::app::{Dialog, Goto, PendingOp, RapporteurApp, Tab};
use crate::findings::{Location, Place};
use crate::model::review::{Anchor, Person, ReviewError, Signed};
use crate::model::{Authors, Chapter, Section, markers};

fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn set_if_changed(slot: &mut String, text: String) -> bool {
    if *slot == text {
        false
    } else {
        *slot = text;
        true
    }
}

/// Renumbers the footnotes 1..n in order of first appearance (see
/// [`crate::footnotes::renumber`]). Returns whether the chapter changed.
fn renumber_footnotes(chapter: &mut Chapter, method: &crate::Methodology) -> bool {
    let renumbered = crate::footnotes::renumber(chapter, method);
    let changed = renumbered != *chapter;
    *chapter = renumbered;
    changed
}

/// Drafts the score-change items from the ratings, keeping every author's reason (see
/// [`crate::changes::apply_draft`]). Returns whether the chapter changed.
fn draft_score_changes(chapter: &mut Chapter, method: &crate::Methodology) -> bool {
    crate::changes::apply_draft(chapter, method)
}

impl RapporteurApp {
    /// Queues an action, to be applied at the end of this frame.
    pub fn emit(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// Carries out one action. The only code that changes the chapter, opens or saves files.
    #[allow(clippy::too_many_lines)] // one arm per action, each short: splitting would hide the door
    pub fn apply(&mut self, action: Action) {
        let method = &self.method;
        let doc = &mut self.doc;
        match action {
            Action::SetRating { code, rating } => {
                if let Some(r) = rating
                    && let Err(problem) = method.check_rating(&code, r)
                {
                    self.view.rating_errors.insert(code, problem.to_string());
                    return;
                }
                self.view.rating_errors.remove(&code);
                doc.edit_ratings(|c| match c.category_mut(&code) {
                    Some(entry) if entry.rating != rating => {
                        entry.rating = rating;
                        true
                    }
                    _ => false,
                });
            }
            Action::StepRating { code, up } => {
                let now = doc.chapter.category(&code).and_then(|c| c.rating);
                let next = if up { method.step_up(&code, now) } else { method.step_down(&code, now) };
                self.view.rating_errors.remove(&code);
                doc.edit_ratings(|c| match c.category_mut(&code) {
                    Some(entry) if entry.rating != Some(next) => {
                        entry.rating = Some(next);
                        true
                    }
                    _ => false,
                });
            }
            Action::EditText { field, text } => doc.type_into(&field.clone(), |c| match field {
                TextField::Block(id) => c.block_mut(id).is_some_and(|b| set_if_changed(&mut b.text, text)),
                TextField::Country => set_if_changed(&mut c.country, text),
                TextField::Title => set_if_changed(&mut c.title, text),
                TextField::Authors => {
                    let names: Vec<String> =
                        text.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect();
                    let new = Authors::Named(names);
                    if c.authors == new {
                        false
                    } else {
                        c.authors = new;
                        true
                    }
                }
                TextField::FootnoteLabel(id) => {
                    c.footnote_mut(id).is_some_and(|f| set_if_changed(&mut f.label, text.trim().to_owned()))
                }
                TextField::FootnoteText(id) => c.footnote_mut(id).is_some_and(|f| set_if_changed(&mut f.text, text)),
                TextField::FootnoteUrl(id) => c.footnote_mut(id).is_some_and(|f| {
                    let url = Some(text.trim().to_owned()).filter(|u| !u.is_empty());
                    let changed = f.url != url;
                    f.url = url;
                    changed
                }),
            }),
            Action::SetEdition(year) => {
                doc.edit(|c| {
                    let changed = c.edition != year;
                    c.edition = year;
                    changed
                });
            }
            Action::SetAnonymous(anonymous) => {
                doc.edit(|c| match (&c.authors, anonymous) {
                    (Authors::Anonymous, false) => {
                        c.authors = Authors::Named(Vec::new());
                        true
                    }
                    (Authors::Named(_), true) => {
                        c.authors = Authors::Anonymous;
                        true
                    }
                    _ => false,
                });
            }
            Action::AddBlock { section, after } => {
                let mut new_id = None;
                doc.edit(|c| {
                    let block = c.new_block("");
                    let id = block.id;
                    let Some(blocks) = section.blocks_mut(c) else { return false };
                    let at = after.and_then(|a| blocks.iter().position(|b| b.id == a)).map_or(blocks.len(), |i| i + 1);
                    blocks.insert(at, block);
                    new_id = Some(id);
                    true
                });
                if let Some(id) = new_id {
                    self.view.goto = Some(Goto::Block { id, range: None });
                    self.view.selected_block = Some(id);
                }
            }
            Action::DeleteBlock(id) => {
                doc.edit(|c| {
                    c.list_of_mut(id).is_some_and(|(list, i)| {
                        list.remove(i);
                        true
                    })
                });
            }
            Action::MoveBlock { id, to } => {
                doc.edit(|c| {
                    let Some((list, from)) = c.list_of_mut(id) else { return false };
                    let to = to.min(list.len());
                    // `to` counts positions before the move; moving down past itself shifts by one.
                    let dest = if to > from { to - 1 } else { to };
                    if dest == from {
                        return false;
                    }
                    let block = list.remove(from);
                    list.insert(dest.min(list.len()), block);
                    true
                });
            }
            Action::InsertMarker { block, at, label } => {
                let mut caret = None;
                doc.edit(|c| {
                    c.block_mut(block).is_some_and(|b| {
                        let at = floor_char_boundary(&b.text, at);
                        let m = markers::marker(&label);
                        b.text.insert_str(at, &m);
                        caret = Some(at + m.len());
                        true
                    })
                });
                if let Some(end) = caret {
                    self.view.goto = Some(Goto::Block { id: block, range: Some(end..end) });
                }
            }
            Action::CompleteMarker { block, range, label } => {
                let mut done = None;
                doc.edit(|c| {
                    let (label, new) = match label {
                        Some(l) => (l, false),
                        None => (c.next_footnote_label(), true),
                    };
                    let Some(b) = c.block_mut(block) else { return false };
                    let (start, end) =
                        (floor_char_boundary(&b.text, range.start), floor_char_boundary(&b.text, range.end));
                    if !b.text[start..].starts_with("[^") || end < start {
                        return false;
                    }
                    let m = markers::marker(&label);
                    b.text.replace_range(start..end, &m);
                    let caret = start + m.len();
                    let footnote = new.then(|| c.add_footnote(label, "", None));
                    done = Some((caret, footnote));
                    true
                });
                match done {
                    Some((_, Some(footnote))) => {
                        self.view.tab = Tab::Footnotes;
                        self.view.goto = Some(Goto::Footnote(footnote));
                    }
                    Some((caret, None)) => {
                        self.view.goto = Some(Goto::Block { id: block, range: Some(caret..caret) });
                    }
                    None => {}
                }
            }
            Action::NewFootnoteAt { block, at, text } => {
                let mut caret = None;
                doc.edit(|c| {
                    let label = c.next_footnote_label();
                    let Some(b) = c.block_mut(block) else { return false };
                    let at = floor_char_boundary(&b.text, at);
                    let m = markers::marker(&label);
                    b.text.insert_str(at, &m);
                    caret = Some(at + m.len());
                    c.add_footnote(label, text, None);
                    true
                });
                if let Some(end) = caret {
                    self.view.goto = Some(Goto::Block { id: block, range: Some(end..end) });
                }
            }
            Action::AddFootnote => {
                let mut new_id = None;
                doc.edit(|c| {
                    let label = c.next_footnote_label();
                    new_id = Some(c.add_footnote(label, "", None));
                    true
                });
                if let Some(id) = new_id {
                    self.view.tab = Tab::Footnotes;
                    self.view.goto = Some(Goto::Footnote(id));
                }
            }
            Action::DeleteFootnote(id) => {
                doc.edit(|c| {
                    let before = c.footnotes.len();
                    c.footnotes.retain(|f| f.id != id);
                    c.footnotes.len() != before
                });
            }
            Action::SetFootnoteAccessed { id, date } => {
                doc.edit(|c| {
                    c.footnote_mut(id).is_some_and(|f| {
                        let changed = f.accessed != date;
                        f.accessed = date;
                        changed
                    })
                });
            }
            Action::ReplaceText { field, range, with } => {
                doc.edit(|c| {
                    let slot = match &field {
                        TextField::Block(id) => c.block_mut(*id).map(|b| &mut b.text),
                        TextField::FootnoteText(id) => c.footnote_mut(*id).map(|f| &mut f.text),
                        TextField::Title => Some(&mut c.title),
                        TextField::Country => Some(&mut c.country),
                        _ => None,
                    };
                    let Some(text) = slot else { return false };
                    let ok = range.start <= range.end
                        && range.end <= text.len()
                        && text.is_char_boundary(range.start)
                        && text.is_char_boundary(range.end);
                    if ok {
                        text.replace_range(range.clone(), &with);
                    }
                    ok
                });
                self.view.spell_menu = None;
            }
            Action::AddToChapterDictionary(word) => {
                doc.edit(|c| c.spelling.add_word(&word));
                self.view.spell_menu = None;
            }
            Action::IgnoreInChapter(word) => {
                doc.edit(|c| c.spelling.ignore(&word));
                self.view.spell_menu = None;
            }
            Action::AddToPersonalDictionary(word) => {
                if let Err(at) = self.prefs.words.binary_search(&word) {
                    self.prefs.words.insert(at, word);
                }
                self.view.spell_menu = None;
            }
            Action::SetSpellingLanguage(language) => {
                doc.edit(|c| {
                    let changed = c.spelling.language != language;
                    c.spelling.language = language;
                    changed
                });
            }
            Action::ToggleSpelling => self.prefs.spelling_off = !self.prefs.spelling_off,
            Action::CheckLinks => {
                let lines = crate::footnotes::check_links(&doc.chapter);
                let n = doc.chapter.footnotes.iter().filter(|f| f.url.is_some()).count();
                self.view.dialog = Some(if lines.is_empty() {
                    Dialog::Notice {
                        title: "Links".to_owned(),
                        lines: vec![format!("All {n} addresses are well-formed, and none is given twice.")],
                    }
                } else {
                    Dialog::Notice { title: format!("Links: {} to look at", lines.len()), lines }
                });
            }
            Action::RenumberFootnotes => {
                doc.edit(|c| renumber_footnotes(c, method));
            }
            Action::ConvertMethodology => {
                let dir = doc.path.as_deref().and_then(std::path::Path::parent).map(std::path::Path::to_path_buf);
                let converted = crate::convert::target(method)
                    .ok_or_else(|| format!("{} does not convert to another methodology.", method.name))
                    .and_then(|to| crate::Methodology::resolve(to, dir.as_deref()))
                    .and_then(|to| crate::convert::convert(&doc.chapter, method, &to).map_err(|e| e.to_string()));
                match converted {
                    // The methodology follows the chapter (see `refresh_derived`), undo included.
                    Ok(chapter) => {
                        doc.edit(|c| {
                            *c = chapter;
                            true
                        });
                    }
                    Err(message) => {
                        self.view.dialog =
                            Some(Dialog::Error { title: "The chapter cannot be converted".to_owned(), message });
                    }
                }
            }
            Action::DraftScoreChanges => {
                doc.edit(|c| draft_score_changes(c, method));
            }
            Action::Undo => {
                doc.undo();
                // Fields showing text as typed show the model's again.
                self.view.field_buffers.clear();
            }
            Action::Redo => {
                doc.redo();
                self.view.field_buffers.clear();
            }

            Action::SelectCategory(i) => {
                self.view.category = i.min(doc.chapter.categories.len().saturating_sub(1));
                // The review view follows the category; elsewhere its bullets are shown.
                if self.view.tab != Tab::Review {
                    self.view.tab = Tab::Justification;
                }
            }
            Action::ShowTab(tab) => self.view.tab = tab,
            Action::GoTo(location) => self.go_to(&location),
            Action::Find => {
                self.view.find.open = true;
                self.view.find.focus = true;
            }
            Action::CloseFind => {
                self.view.find.open = false;
                self.view.find.focus = false;
            }
            Action::FindNext => self.find_step(true),
            Action::FindPrevious => self.find_step(false),

            Action::New => self.unless_unsaved(PendingOp::New),
            // With an edition open, a chapter opens in a tab of its own: the one shown stays.
            Action::Open if self.overview.is_some() => {
                self.ask_path(crate::app::jobs::Pick::Path(crate::app::PathPurpose::Open), None);
            }
            Action::OpenPath(path) if self.overview.is_some() => self.open_in_tab(&path),
            Action::Open => self.unless_unsaved(PendingOp::Open),
            Action::OpenPath(path) => self.unless_unsaved(PendingOp::OpenPath(path)),
            Action::Save => {
                if let Some(path) = doc.path.clone() {
                    // Someone else's version on disk is never silently written over: the save
                    // reads the file again right before writing (see `save_to`).
                    self.save_to(path, None);
                } else {
                    self.choose_save_path(None);
                }
            }
            Action::SaveAs => self.choose_save_path(None),
            Action::SaveAsPath { path, then } => self.save_to(path, then),
            Action::Import => self.unless_unsaved(PendingOp::Import),
            Action::ImportPath(path) => self.unless_unsaved(PendingOp::ImportPath(path)),
            Action::Export(format) => self.export(format, false),
            Action::ExportAnyway(format) => {
                self.view.dialog = None;
                self.export(format, true);
            }
            Action::ExportPath(format, path) => self.export_to(format, &path),
            Action::Quit => self.unless_unsaved(PendingOp::Quit),
            Action::Unsaved(choice) => {
                let Some(Dialog::Unsaved(op)) = self.view.dialog.take() else { return };
                match choice {
                    UnsavedChoice::Cancel => {}
                    UnsavedChoice::Discard => self.run_op(op),
                    UnsavedChoice::Save => {
                        if let Some(path) = self.doc.path.clone() {
                            // A file changed on disk is asked about with `op` still to do.
                            self.save_to(path, Some(op));
                        } else {
                            // No file yet: ask where, save, then carry on.
                            self.choose_save_path(Some(op));
                        }
                    }
                }
            }
            Action::RestoreRecovered(key) => self.ask_restore(key),
            Action::DiscardRecovered(key) => self.discard_recovered(&key),
            Action::ShowRecoverable => self.show_recoverable(),
            Action::CreateChapter { methodology, country, edition, from } => {
                self.unless_unsaved(PendingOp::Create { methodology, country, edition, from });
            }
            Action::OpenSample(i) => self.unless_unsaved(PendingOp::Sample(i)),
            Action::ShowStartPage => self.show_start_page(),
            Action::CloseStartPage => self.start = None,
            Action::BrowseLastYear => self.browse_last_year(),
            Action::TogglePanel(panel) => self.prefs.toggle_panel(panel),
            Action::CloseDialog => self.view.dialog = None,
            Action::ShowShortcuts => self.view.dialog = Some(Dialog::Shortcuts),
            Action::SetTheme(choice) => {
                self.prefs.theme = choice;
                self.pending_theme = Some(choice);
            }
            Action::AddComment { anchor, quote, suggestion, text } => {
                let signed = self.signed();
                let quote = Some(quote).filter(|q| !q.trim().is_empty());
                let suggestion = Some(suggestion).filter(|s| !s.trim().is_empty());
                self.review_edit(|c| c.add_comment(anchor, quote, suggestion, &text, signed).map(|_| ()));
                self.view.review.composer = None;
            }
            Action::ReplyToComment { comment, text } => {
                let signed = self.signed();
                self.review_edit(|c| c.reply_to_comment(comment, &text, signed).map(|_| ()));
                self.view.review.replies.remove(&comment);
            }
            Action::ResolveComment { comment, resolved } => {
                let signed = resolved.then(|| self.signed());
                self.review_edit(|c| c.resolve_comment(comment, signed));
            }
            Action::DeleteComment(comment) => self.review_edit(|c| c.delete_comment(comment)),
            Action::ReattachComment { comment, anchor } => self.review_edit(|c| c.reattach_comment(comment, anchor)),
            Action::AcceptSuggestion(comment) => {
                let signed = self.signed();
                self.review_edit(|c| c.accept_suggestion(comment, signed));
            }
            Action::DeclineSuggestion { comment, why } => {
                let signed = self.signed();
                self.review_edit(|c| c.decline_suggestion(comment, &why, signed));
                self.view.review.replies.remove(&comment);
            }
            Action::ProposeRating { code, rating, reason } => {
                if let Err(problem) = self.method.check_rating(&code, rating) {
                    self.view.dialog = Some(Dialog::Error {
                        title: "Cannot propose that rating".to_owned(),
                        message: problem.to_string(),
                    });
                    return;
                }
                let signed = self.signed();
                self.review_edit(|c| c.propose_rating(&code, rating, &reason, signed).map(|_| ()));
                self.view.review.proposal_forms.remove(&code);
            }
            Action::DecideProposal { proposal, accept, why } => {
                let signed = self.signed();
                self.review_edit(|c| c.decide_proposal(proposal, accept, &why, signed));
                self.view.review.replies.remove(&proposal);
            }
            Action::SetReviewState { code, state } => {
                let signed = self.signed();
                self.review_edit(|c| c.set_review_state(&code, state, signed));
            }
            Action::SetIdentity { name, role } => {
                name.trim().clone_into(&mut self.prefs.name);
                self.prefs.role = role;
                self.view.dialog = None;
            }
            Action::CommentOnChapter => self.start_comment(Anchor::Chapter, String::new()),
            Action::ChangedOnDisk(choice) => self.on_disk_choice(choice),
            Action::ReviewCopy(format) => self.review_copy(format),
            Action::ReviewCopyPath(format, path) => self.review_copy_to(format, &path),
            Action::ImportReviewComments => {
                self.ask_path(crate::app::jobs::Pick::Path(crate::app::PathPurpose::ImportComments), None);
            }
            Action::ImportReviewCommentsPath(path) => self.import_review_comments(&path),
            Action::CompareWith => self.ask_path(crate::app::jobs::Pick::Path(crate::app::PathPurpose::Compare), None),
            Action::CompareWithPath(path) => self.compare_with(&path),
            Action::CloseComparison => self.view.compare = None,
            Action::SettleConflict { id, how } => {
                let mut refused = None;
                self.doc.edit(|c| match c.settle_conflict(id, &how) {
                    Ok(()) => true,
                    Err(e) => {
                        refused = Some(e);
                        false
                    }
                });
                if let Some(e) = refused {
                    self.view.dialog =
                        Some(Dialog::Error { title: "Cannot settle the conflict".to_owned(), message: e.to_string() });
                }
            }
            Action::StartComment { anchor, quote } => self.start_comment(anchor, quote),
            Action::OpenEdition
            | Action::OpenEditionPath(_)
            | Action::PublishEdition
            | Action::PublishEditionPath(_)
            | Action::ShowOverview
            | Action::OpenEditionChapter(_)
            | Action::SwitchTab(_)
            | Action::CycleTab(_)
            | Action::CloseTab(_)
            | Action::SaveChart(..)
            | Action::SaveChartPath(..) => self.apply_edition(action),
            Action::AskIdentity => {
                self.view.dialog = Some(Dialog::Identity { name: self.prefs.name.clone(), role: self.prefs.role });
            }
        }
    }

    /// Adds the comments a reviewer wrote in a Word review copy, as one undo step; says how
    /// many, or why the file was refused (nothing changes then).
    fn import_review_comments(&mut self, path: &std::path::Path) {
        let read = crate::review_copy::read_file(path, &self.doc.chapter, chrono::Utc::now());
        let imported = match read {
            Ok(imported) => imported,
            Err(e) => {
                self.view.dialog =
                    Some(Dialog::Error { title: "Cannot import the comments".to_owned(), message: e.to_string() });
                return;
            }
        };
        let mut outcome = None;
        self.doc.edit(|c| {
            let applied = imported.apply(c);
            let changed = applied.as_ref().is_ok_and(|_| !imported.is_empty());
            outcome = Some(applied);
            changed
        });
        self.view.dialog = Some(match outcome {
            Some(Ok(summary)) => Dialog::Notice {
                title: "Review comments imported".to_owned(),
                lines: vec![if imported.is_empty() {
                    format!("{} holds no comments that are not in the chapter already.", path.display())
                } else {
                    format!("{summary} imported from {}.", path.display())
                }],
            },
            Some(Err(e)) => Dialog::Error { title: "Cannot import the comments".to_owned(), message: e.to_string() },
            None => return,
        });
        self.view.tab = Tab::Review;
    }

    /// Opens the review view on `anchor`'s category with the comment form, `quote` filled in.
    fn start_comment(&mut self, anchor: Anchor, quote: String) {
        if let Anchor::Block(id) = &anchor
            && let Some(i) = self.doc.chapter.categories.iter().position(|c| c.bullets.iter().any(|b| b.id == *id))
        {
            self.view.category = i;
            self.view.selected_block = Some(*id);
        }
        if let Anchor::Rating(code) = &anchor
            && let Some(i) = self.doc.chapter.categories.iter().position(|c| &c.code == code)
        {
            self.view.category = i;
        }
        self.view.tab = Tab::Review;
        self.view.review.composer =
            Some(crate::app::state::Composer { anchor, quote, text: String::new(), suggestion: String::new() });
    }

    /// Who is acting, and now: the name and role from the preferences, as the chapter may
    /// record them (an anonymous chapter's author signs "Author" alone).
    fn signed(&self) -> Signed {
        Signed { by: Person::signing(&self.doc.chapter, &self.prefs.name, self.prefs.role), at: chrono::Utc::now() }
    }

    /// A review operation as one undo step; one that is refused changes nothing and says why.
    fn review_edit(&mut self, op: impl FnOnce(&mut Chapter) -> Result<(), ReviewError>) {
        let mut refused = None;
        self.doc.edit(|c| match op(c) {
            Ok(()) => true,
            Err(e) => {
                refused = Some(e);
                false
            }
        });
        if let Some(e) = refused {
            self.view.dialog = Some(Dialog::Error { title: "Cannot do that".to_owned(), message: e.to_string() });
        }
    }

    /// Runs `op` now, or asks Save / Discard / Cancel first when there are unsaved changes.
    pub(in crate::app) fn unless_unsaved(&mut self, op: PendingOp) {
        if self.doc.is_dirty() {
            self.view.dialog = Some(Dialog::Unsaved(op));
        } else {
            self.run_op(op);
        }
    }

    fn go_to(&mut self, location: &Location) {
        match &location.place {
            Place::Section(Section::Category(code)) => {
                if let Some(i) = self.doc.chapter.categories.iter().position(|c| &c.code == code) {
                    self.view.category = i;
                }
                self.view.tab = Tab::Justification;
            }
            Place::Footnotes => self.view.tab = Tab::Footnotes,
            Place::Header | Place::Section(_) => {
                self.view.tab = Tab::Chapter;
            }
        }
        if let Some(id) = location.block {
            // A block id tells the category even when the place is vaguer.
            if let Some(i) = self.doc.chapter.categories.iter().position(|c| c.bullets.iter().any(|b| b.id == id)) {
                self.view.category = i;
                self.view.tab = Tab::Justification;
            }
            self.view.selected_block = Some(id);
            self.view.goto = Some(Goto::Block { id, range: location.range.clone() });
        } else if let Some(id) = location.footnote {
            self.view.tab = Tab::Footnotes;
            self.view.goto = Some(Goto::Footnote(id));
        }
    }
}
