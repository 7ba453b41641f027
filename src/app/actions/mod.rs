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

//!
//! This module holds the values: [`Action`] and the fields and choices it names, with the one
//! table of keyboard shortcuts. [`Document`] (in `document.rs`) is the chapter with its undo
//! history; `apply.rs` carries the actions out.

mod apply;
mod document;

pub use document::Document;

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{PendingOp, Tab};
use crate::findings::Location;
use crate::model::review::{Anchor, Role, StateNow};
use crate::model::{Id, Rating, Section};

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
    /// Convert the chapter to the methodology its own converts to (an archived Nations in
    /// Transit chapter onto the 2020 scale), as one undoable step (see
    /// [`crate::convert::convert`]).
    ConvertMethodology,
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
    /// Start a chapter from the start page: methodology, country, edition, and optionally last
    /// year's chapter (a `.ron`, or a published chapter's text) whose ratings become last
    /// year's.
    CreateChapter {
        /// The methodology: a built-in id, or the path of a methodology file.
        methodology: String,
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
    /// Show Help ▸ Keyboard Shortcuts.
    ShowShortcuts,

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
    // --- the edition ---
    /// Open an edition with a folder dialog.
    OpenEdition,
    /// Open the edition in this folder (holding `edition.ron`).
    OpenEditionPath(PathBuf),
    /// Publish the edition (asks for the folder).
    PublishEdition,
    /// Publish the edition into this folder.
    PublishEditionPath(PathBuf),
    /// Show the edition's overview.
    ShowOverview,
    /// Open this chapter of the edition in a tab of its own (or go to its tab).
    OpenEditionChapter(PathBuf),
    /// Show the chapter tab at this place (0: the first chapter after the overview).
    SwitchTab(usize),
    /// Go to the next tab (true) or the previous one, the overview counted.
    CycleTab(bool),
    /// Close the chapter tab at this place (asks first if it has unsaved changes); `None`:
    /// the tab shown.
    CloseTab(Option<usize>),
    /// Save a chart of the edition (asks where): as PNG when true, else SVG.
    SaveChart(super::edition::ChartKind, bool),
    /// Save a chart of the edition to this file.
    SaveChartPath(super::edition::ChartKind, bool, PathBuf),

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
            (KeyboardShortcut::new(cmd_shift, Key::O), Self::OpenEdition),
            (KeyboardShortcut::new(cmd_shift, Key::Tab), Self::CycleTab(false)),
            (KeyboardShortcut::new(cmd, Key::Tab), Self::CycleTab(true)),
            (KeyboardShortcut::new(cmd, Key::PageUp), Self::CycleTab(false)),
            (KeyboardShortcut::new(cmd, Key::PageDown), Self::CycleTab(true)),
            (KeyboardShortcut::new(cmd, Key::W), Self::CloseTab(None)),
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

    /// What an action of the shortcut table does, in the words Help ▸ Keyboard Shortcuts lists
    /// it with (`None` for actions that have no shortcut).
    #[must_use]
    pub fn title(&self) -> Option<&'static str> {
        use super::state::SidePanel;
        Some(match self {
            Self::New => "New chapter",
            Self::Open => "Open a chapter",
            Self::OpenEdition => "Open an edition (a folder of chapters)",
            Self::Save => "Save",
            Self::SaveAs => "Save as",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Find => "Find",
            Self::CycleTab(true) => "Next tab (an edition's overview and chapters)",
            Self::CycleTab(false) => "Previous tab",
            Self::CloseTab(None) => "Close the chapter's tab",
            Self::TogglePanel(SidePanel::Ratings) => "Show or hide the ratings panel",
            Self::TogglePanel(SidePanel::Findings) => "Show or hide the findings panel",
            _ => return None,
        })
    }

    /// The keyboard shortcut a menu shows for this action, if it has one.
    #[must_use]
    pub fn shortcut(&self) -> Option<egui::KeyboardShortcut> {
        Self::shortcuts().into_iter().find(|(_, action)| action == self).map(|(shortcut, _)| shortcut)
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

    #[test]
    fn every_action_with_a_shortcut_has_a_title_for_the_help() {
        for (shortcut, action) in Action::shortcuts() {
            assert!(action.title().is_some(), "{action:?} ({shortcut:?}) has no title");
        }
        assert_eq!(Action::SetEdition(2025).title(), None);
    }
}
