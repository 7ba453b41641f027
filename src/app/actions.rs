//! The one door: every user action is an [`Action`] value, and [`RapporteurApp::apply`] is the
//! only code that carries it out.
//!
//! Panels, menus, keyboard shortcuts and tests all emit the same values, so they all go
//! through the same operations, and undo sees every change to the chapter. Edits to the chapter
//! are applied at the end of the frame they were emitted in, after the panels have drawn (never
//! inside a panel), and the next frame shows them; file dialogs and file I/O also run here.
//!
//! Undo keeps [`Snapshot`]s of the chapter in our [`History`] (which shares unchanged bullets and
//! footnotes between steps): a discrete edit (a rating, a new bullet) is one step; a burst of
//! typing in one field is one step until it pauses. The history lives in memory only and never
//! reaches the project file.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Dialog, Goto, PendingOp, RapporteurApp, Tab};
use crate::findings::{Location, Place};
use crate::history::{History, Snapshot};
use crate::model::review::{Anchor, Person, ReviewError, Role, Signed, StateNow};
use crate::model::{Authors, Chapter, Id, Rating, Section, markers};

/// A text field of the chapter that typing changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TextField {
    /// A bullet, paragraph or score-change item.
    Block(Id),
    /// The country.
    Country,
    /// The chapter title.
    Title,
    /// The authors' names, comma-separated.
    Authors,
    /// A footnote's label.
    FootnoteLabel(Id),
    /// A footnote's citation.
    FootnoteText(Id),
    /// A footnote's URL (empty for none).
    FootnoteUrl(Id),
}

/// What the user chose in the unsaved-changes prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedChoice {
    /// Save, then go on.
    Save,
    /// Throw the changes away and go on.
    Discard,
    /// Stay.
    Cancel,
}

/// Everything a user can do, as a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    // --- the chapter ---
    /// Set (or clear) a category's rating. Refused unless the rating fits the scale.
    SetRating {
        /// Category code.
        code: String,
        /// The new rating.
        rating: Option<Rating>,
    },
    /// One step up or down on the scale.
    StepRating {
        /// Category code.
        code: String,
        /// Up (towards 7) or down.
        up: bool,
    },
    /// Typing in a text field.
    EditText {
        /// Which field.
        field: TextField,
        /// Its whole new text.
        text: String,
    },
    /// Set the edition year.
    SetEdition(i32),
    /// Anonymous authors, or named.
    SetAnonymous(bool),
    /// Add an empty block to a section, after a block or at the end.
    AddBlock {
        /// The section.
        section: Section,
        /// Insert after this block; at the end when `None`.
        after: Option<Id>,
    },
    /// Delete a block, wherever it is.
    DeleteBlock(Id),
    /// Move a block within its list to index `to` (counted before the move).
    MoveBlock {
        /// The block.
        id: Id,
        /// Target index in the list.
        to: usize,
    },
    /// Insert the marker `[^label]` into a block at byte offset `at`.
    InsertMarker {
        /// The block.
        block: Id,
        /// Byte offset (clamped to the text, moved back to a char boundary).
        at: usize,
        /// The footnote label.
        label: String,
    },
    /// Replace the marker being typed (`range`, from its `[^`) with a whole marker: for the
    /// footnote `label`, or for a new footnote with the next free number (`None`), whose
    /// citation then gets the cursor.
    CompleteMarker {
        /// The block.
        block: Id,
        /// Byte range of what was typed, `[^` included.
        range: std::ops::Range<usize>,
        /// The footnote, or `None` for a new one.
        label: Option<String>,
    },
    /// Create a footnote with the next free number and insert its marker into a block.
    NewFootnoteAt {
        /// The block.
        block: Id,
        /// Byte offset.
        at: usize,
        /// The citation.
        text: String,
    },
    /// Add an empty footnote with the next free number.
    AddFootnote,
    /// Delete a footnote.
    DeleteFootnote(Id),
    /// Set a footnote's access date.
    SetFootnoteAccessed {
        /// The footnote.
        id: Id,
        /// The date.
        date: Option<NaiveDate>,
    },
    /// Renumber footnotes in order of first use.
    RenumberFootnotes,
    /// Replace a byte range of a text field (a spelling suggestion): one undo step.
    ReplaceText {
        /// The field.
        field: TextField,
        /// The bytes replaced.
        range: std::ops::Range<usize>,
        /// What replaces them.
        with: String,
    },
    /// Add a word to the chapter's dictionary (saved with the chapter).
    AddToChapterDictionary(String),
    /// Let a word pass in this chapter.
    IgnoreInChapter(String),
    /// Add a word to the personal dictionary (kept with the editor's settings).
    AddToPersonalDictionary(String),
    /// Check the chapter's spelling against this language's dictionary (`None`: English, US).
    SetSpellingLanguage(Option<String>),
    /// Turn spell checking on or off.
    ToggleSpelling,
    /// Check every footnote's address for form and duplicates, offline.
    CheckLinks,
    /// Write the score-change items from the ratings.
    DraftScoreChanges,
    /// Undo the last change.
    Undo,
    /// Redo what was undone.
    Redo,

    // --- navigation ---
    /// Select a category (by index in the chapter).
    SelectCategory(usize),
    /// Show a tab of the main area.
    ShowTab(Tab),
    /// Go to a place: select it, scroll to it, select the range in its text.
    GoTo(Location),
    /// Open the find bar, or go back to its field if it is open, with the words searched for
    /// selected so that typing replaces them (Ctrl+F, as in any editor).
    Find,
    /// Close the find bar (Escape, Close).
    CloseFind,
    /// Next find match.
    FindNext,
    /// Previous find match.
    FindPrevious,

    // --- files and the window ---
    /// Start a new chapter (asks first if there are unsaved changes).
    New,
    /// Open a file with a dialog (asks first if there are unsaved changes).
    Open,
    /// Open this file (asks first if there are unsaved changes).
    OpenPath(PathBuf),
    /// Save to the current file, or ask where.
    Save,
    /// Save to a file chosen with a dialog.
    SaveAs,
    /// Save to this file, then carry on with `then` (what the unsaved-changes prompt held back).
    SaveAsPath {
        /// Where.
        path: PathBuf,
        /// What to do once saved.
        then: Option<PendingOp>,
    },
    /// Import a published chapter's web text with a dialog (asks first if there are unsaved
    /// changes).
    Import,
    /// Import this text file (asks first if there are unsaved changes).
    ImportPath(PathBuf),
    /// Export the chapter to a format (asks first if it has error findings).
    Export(crate::export::Format),
    /// Export even though the chapter has error findings.
    ExportAnyway(crate::export::Format),
    /// Export to this file.
    ExportPath(crate::export::Format, PathBuf),
    /// Close the window (asks first if there are unsaved changes).
    Quit,
    /// The answer to the unsaved-changes prompt.
    Unsaved(UnsavedChoice),
    /// Restore the unsaved work of this recovery entry into the window (asks first if there
    /// are unsaved changes).
    RestoreRecovered(String),
    /// Throw away the unsaved work of this recovery entry.
    DiscardRecovered(String),
    /// List the unsaved work earlier runs left.
    ShowRecoverable,
    /// Start a chapter from the start page: country, edition, and optionally last year's
    /// chapter (a `.ron`, or a published chapter's text) whose ratings become last year's.
    CreateChapter {
        /// The country.
        country: String,
        /// The edition year.
        edition: i32,
        /// Last year's chapter, if any.
        from: Option<PathBuf>,
    },
    /// Open a sample bundled with the editor, by its index in [`super::start::SAMPLES`], as a
    /// new unsaved chapter.
    OpenSample(usize),
    /// Show the start page (File ▸ New shows it too, after asking about unsaved changes).
    ShowStartPage,
    /// Leave the start page for the chapter behind it.
    CloseStartPage,
    /// Choose last year's chapter for the start page's form with a file dialog.
    BrowseLastYear,
    /// Show or hide a side panel.
    TogglePanel(super::state::SidePanel),
    /// Close the open dialog.
    CloseDialog,
    /// Choose the theme.
    SetTheme(super::theme::ThemeChoice),

    // --- the review ---
    /// Comment on a place, signed with the name and role from the preferences.
    AddComment {
        /// What the comment is on.
        anchor: Anchor,
        /// The quoted span (blank for none).
        quote: String,
        /// A suggested wording for the quote (blank for none).
        suggestion: String,
        /// The comment.
        text: String,
    },
    /// Reply to a comment.
    ReplyToComment {
        /// The comment.
        comment: Id,
        /// The reply.
        text: String,
    },
    /// Resolve a comment (true) or open it again (false).
    ResolveComment {
        /// The comment.
        comment: Id,
        /// Resolved or open.
        resolved: bool,
    },
    /// Delete a comment and its thread.
    DeleteComment(Id),
    /// Attach a (detached) comment somewhere else.
    ReattachComment {
        /// The comment.
        comment: Id,
        /// Where.
        anchor: Anchor,
    },
    /// Accept a comment's suggested wording: its quoted span is replaced.
    AcceptSuggestion(Id),
    /// Decline a comment's suggested wording, saying why.
    DeclineSuggestion {
        /// The comment.
        comment: Id,
        /// Why.
        why: String,
    },
    /// Propose a rating for a category.
    ProposeRating {
        /// The category's code.
        code: String,
        /// The rating proposed.
        rating: Rating,
        /// Why.
        reason: String,
    },
    /// Accept (the rating changes) or decline a proposal.
    DecideProposal {
        /// The proposal.
        proposal: Id,
        /// Accept or decline.
        accept: bool,
        /// Why (a reply; may be blank).
        why: String,
    },
    /// Set a category's review state: agreed (as it stands now), needs work, or unreviewed.
    SetReviewState {
        /// The category's code.
        code: String,
        /// The state.
        state: StateNow,
    },
    /// Set the name and role comments are signed with (kept in the preferences, never in the
    /// chapter).
    SetIdentity {
        /// The name.
        name: String,
        /// The role.
        role: Role,
    },
    /// Ask for your name and role.
    AskIdentity,
    /// Start a comment on the chapter as a whole (in the review view).
    CommentOnChapter,
    /// Write a review copy (Word with real comments, or HTML with comments in the margin).
    ReviewCopy(crate::export::Format),
    /// Write a review copy to this file.
    ReviewCopyPath(crate::export::Format, PathBuf),
    /// Import the comments reviewers wrote in a Word review copy (asks for the file).
    ImportReviewComments,
    /// Import the comments of this Word review copy.
    ImportReviewCommentsPath(PathBuf),
    /// Compare the chapter with another version (asks for the file).
    CompareWith,
    /// Compare the chapter with this file (a `.ron`, or a published chapter's text).
    CompareWithPath(PathBuf),
    /// Close the comparison.
    CloseComparison,
    /// What to do about the file having changed on disk.
    ChangedOnDisk(super::state::DiskChoice),
    /// Settle a merge conflict.
    SettleConflict {
        /// The conflict.
        id: Id,
        /// Ours, theirs, or as edited by hand.
        how: crate::model::conflict::Settle,
    },
    /// Start a comment on a place, quoting `quote` (the words selected, if any): the review
    /// view opens there with the comment form.
    StartComment {
        /// Where.
        anchor: Anchor,
        /// The words selected (blank for none).
        quote: String,
    },
}

impl Action {
    /// Every global keyboard shortcut with its action: the one table the frame loop consumes
    /// them from and the menus label them from. An action may have more than one (Redo:
    /// Ctrl+Shift+Z and Ctrl+Y); the first is the one a menu shows. Most specific first, so that
    /// Ctrl+Shift+S is taken before Ctrl+S can match it.
    #[must_use]
    pub fn shortcuts() -> Vec<(egui::KeyboardShortcut, Self)> {
        use super::state::SidePanel;
        use egui::{Key, KeyboardShortcut, Modifiers};
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let cmd_alt = Modifiers::COMMAND | Modifiers::ALT;
        vec![
            (KeyboardShortcut::new(cmd_shift, Key::S), Self::SaveAs),
            (KeyboardShortcut::new(cmd_shift, Key::Z), Self::Redo),
            (KeyboardShortcut::new(cmd_alt, Key::R), Self::TogglePanel(SidePanel::Ratings)),
            (KeyboardShortcut::new(cmd_alt, Key::F), Self::TogglePanel(SidePanel::Findings)),
            (KeyboardShortcut::new(cmd, Key::N), Self::New),
            (KeyboardShortcut::new(cmd, Key::O), Self::Open),
            (KeyboardShortcut::new(cmd, Key::S), Self::Save),
            (KeyboardShortcut::new(cmd, Key::Q), Self::Quit),
            (KeyboardShortcut::new(cmd, Key::Z), Self::Undo),
            (KeyboardShortcut::new(cmd, Key::Y), Self::Redo),
            (KeyboardShortcut::new(cmd, Key::F), Self::Find),
        ]
    }

    /// The keyboard shortcut a menu shows for this action, if it has one.
    #[must_use]
    pub fn shortcut(&self) -> Option<egui::KeyboardShortcut> {
        Self::shortcuts().into_iter().find(|(_, action)| action == self).map(|(shortcut, _)| shortcut)
    }
}

/// The chapter being edited, where it lives on disk, and its undo history.
pub struct Document {
    /// The chapter.
    pub chapter: Chapter,
    /// Its file, once it has one.
    pub path: Option<PathBuf>,
    /// The chapter as last saved or opened, to tell whether there are unsaved changes.
    saved: Chapter,
    history: History<Snapshot, TextField>,
    /// The file as the editor last read or wrote it, and the chapter it held: the base a
    /// change made on disk by someone else is merged against.
    pub on_disk: Option<(super::files::DiskStamp, Chapter)>,
    /// The time of the current frame, in seconds, for bursts of typing.
    now: f64,
    /// Bumped on every change, so derived figures know when to recompute.
    pub revision: u64,
    /// Bumped on every change but a rating's, so what only depends on the text (word counts,
    /// where footnotes are used) is not recomputed when a rating changes.
    pub text_revision: u64,
    dirty: bool,
}

impl Document {
    /// A document for `chapter`, as if just opened from `path`.
    #[must_use]
    pub fn new(chapter: Chapter, path: Option<PathBuf>) -> Self {
        Self {
            saved: chapter.clone(),
            chapter,
            path,
            history: History::new(200, 0.8),
            on_disk: None,
            now: 0.0,
            revision: 0,
            text_revision: 0,
            dirty: false,
        }
    }

    /// Whether the chapter differs from what was last saved or opened.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Marks the current chapter as the saved one.
    pub fn mark_saved(&mut self) {
        self.saved = self.chapter.clone();
        self.dirty = false;
    }

    /// Marks `saved` as the version last saved: the chapter is clean if it is still that one,
    /// and unsaved if it was edited after `saved` was taken (a save in the background).
    pub fn mark_saved_as(&mut self, saved: &Chapter) {
        self.saved = saved.clone();
        self.dirty = self.chapter != self.saved;
    }

    /// Marks the document as holding unsaved work (a restored recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved = Chapter { next_id: u32::MAX, ..self.chapter.clone() };
        self.dirty = true;
    }

    /// Tells the document the time of the current frame (seconds), so that typing with pauses
    /// becomes separate undo steps.
    pub fn tick(&mut self, now: f64) {
        self.now = now;
    }

    /// Whether there is something to undo.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether there is something to redo: only right after an undo, never after a new edit.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.text_revision += 1;
        self.dirty = self.chapter != self.saved;
    }

    /// A discrete edit: one undo step of its own; nothing is recorded when it changes nothing.
    fn edit(&mut self, change: impl FnOnce(&mut Chapter) -> bool) -> bool {
        let before = self.snapshot();
        let changed = change(&mut self.chapter);
        if changed {
            self.history.record(before);
            self.changed();
        }
        changed
    }

    /// A discrete edit of ratings only: like [`Self::edit`], but the text is known unchanged.
    fn edit_ratings(&mut self, change: impl FnOnce(&mut Chapter) -> bool) -> bool {
        let text_revision = self.text_revision;
        let changed = self.edit(change);
        self.text_revision = text_revision;
        changed
    }

    /// Ends the burst of typing, so that the next edit is an undo step of its own (a paste, a
    /// cut).
    pub fn close_burst(&mut self) {
        self.history.close_burst();
    }

    /// Typing into `field`: joins the current burst of typing in that field in the undo
    /// history, or starts a step of its own.
    fn type_into(&mut self, field: &TextField, change: impl FnOnce(&mut Chapter) -> bool) {
        let before = (!self.history.joins(field, self.now)).then(|| self.snapshot());
        if change(&mut self.chapter) {
            self.history.typed(field.clone(), self.now, before);
            self.changed();
        }
    }

    /// Replaces the chapter with `chapter` as one undo step (a merge, a reload from disk), so
    /// the author can go back to what they had.
    pub fn replace_as_edit(&mut self, chapter: Chapter) {
        self.edit(|c| {
            let changed = *c != chapter;
            *c = chapter;
            changed
        });
    }

    fn undo(&mut self) {
        let current = self.snapshot();
        if let Some(state) = self.history.undo(&current) {
            self.chapter = state.restore();
            self.changed();
        }
    }

    fn redo(&mut self) {
        let current = self.snapshot();
        if let Some(state) = self.history.redo(&current) {
            self.chapter = state.restore();
            self.changed();
        }
    }

    /// The chapter as it is now, for the undo history: sharing what it has in common with the
    /// last step kept.
    fn snapshot(&self) -> Snapshot {
        Snapshot::take(&self.chapter, self.history.last())
    }
}

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
fn renumber_footnotes(chapter: &mut Chapter) -> bool {
    let renumbered = crate::footnotes::renumber(chapter);
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
                    && let Err(problem) = method.check_rating(r)
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
                let next = if up { method.step_up(now) } else { method.step_down(now) };
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
                self.view.spell_menu_at = None;
            }
            Action::AddToChapterDictionary(word) => {
                doc.edit(|c| c.spelling.add_word(&word));
                self.view.spell_menu = None;
                self.view.spell_menu_at = None;
            }
            Action::IgnoreInChapter(word) => {
                doc.edit(|c| c.spelling.ignore(&word));
                self.view.spell_menu = None;
                self.view.spell_menu_at = None;
            }
            Action::AddToPersonalDictionary(word) => {
                if let Err(at) = self.prefs.words.binary_search(&word) {
                    self.prefs.words.insert(at, word);
                }
                self.view.spell_menu = None;
                self.view.spell_menu_at = None;
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
                doc.edit(renumber_footnotes);
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
            Action::CreateChapter { country, edition, from } => {
                self.unless_unsaved(PendingOp::Create { country, edition, from });
            }
            Action::OpenSample(i) => self.unless_unsaved(PendingOp::Sample(i)),
            Action::ShowStartPage => self.show_start_page(),
            Action::CloseStartPage => self.start = None,
            Action::BrowseLastYear => self.browse_last_year(),
            Action::TogglePanel(panel) => self.prefs.toggle_panel(panel),
            Action::CloseDialog => self.view.dialog = None,
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
                if let Err(problem) = self.method.check_rating(rating) {
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
                self.ask_path(super::jobs::Pick::Path(super::PathPurpose::ImportComments), None);
            }
            Action::ImportReviewCommentsPath(path) => self.import_review_comments(&path),
            Action::CompareWith => self.ask_path(super::jobs::Pick::Path(super::PathPurpose::Compare), None),
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
            Some(super::state::Composer { anchor, quote, text: String::new(), suggestion: String::new() });
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
    pub(super) fn unless_unsaved(&mut self, op: PendingOp) {
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

#[cfg(test)]
mod shortcut_tests {
    use super::Action;

    #[test]
    fn each_shortcut_is_taken_once_and_the_more_specific_first() {
        let table = Action::shortcuts();
        for (i, (a, _)) in table.iter().enumerate() {
            for (b, _) in &table[i + 1..] {
                assert_ne!(a, b, "{a:?} is in the table twice");
                // A later shortcut on the same key must not be matched first by this one:
                // egui's consume_shortcut takes Ctrl+S from Ctrl+Shift+S too.
                let shadows = a.logical_key == b.logical_key && b.modifiers.contains(a.modifiers);
                assert!(!shadows, "{a:?} comes before the more specific {b:?}");
            }
        }
    }

    #[test]
    fn redo_has_two_shortcuts_and_the_menu_shows_the_first() {
        let redo: Vec<_> = Action::shortcuts().into_iter().filter(|(_, a)| *a == Action::Redo).collect();
        assert_eq!(redo.len(), 2);
        let shown = Action::Redo.shortcut().map(|s| (s.modifiers, s.logical_key));
        assert_eq!(shown, Some((egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z)));
        assert_eq!(Action::Undo.shortcut().map(|s| s.logical_key), Some(egui::Key::Z));
        assert_eq!(Action::SetEdition(2025).shortcut(), None);
    }
}
