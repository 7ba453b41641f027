//! What the editor shows besides the chapter: tabs, the dialog on screen, the find bar, the
//! selection and the text being typed. Never saved with the chapter.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use super::TextField;
use super::files;
use crate::model::Id;
use crate::model::review::{Anchor, Role};
use crate::recovery::RecoveredWork;

/// The tabs of the main area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The selected category's description and bullets.
    Justification,
    /// Header, score changes and the text sections of the methodology.
    Chapter,
    /// The footnote list.
    Footnotes,
    /// The review of the selected category: rating, bullets with their citations, comments,
    /// proposals and the review state.
    Review,
}

/// Where the next frame should scroll to and put the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goto {
    /// A text block, with a byte range of its text to select.
    Block {
        /// The block.
        id: Id,
        /// Byte range to select.
        range: Option<Range<usize>>,
    },
    /// A footnote.
    Footnote(Id),
}

/// What waits behind the unsaved-changes prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingOp {
    /// A new chapter.
    New,
    /// Open with a dialog.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Import a published chapter's text, chosen with a dialog.
    Import,
    /// Import this text file.
    ImportPath(PathBuf),
    /// Close the window.
    Quit,
    /// Restore the unsaved work kept in the recovery entry with this key.
    Restore(String),
    /// Start a chapter (from the start page).
    Create {
        /// The methodology: a built-in id, or the path of a methodology file.
        methodology: String,
        /// The country.
        country: String,
        /// The edition year.
        edition: i32,
        /// Last year's chapter, if any.
        from: Option<PathBuf>,
    },
    /// Open a bundled sample, by index.
    Sample(usize),
    /// Close the chapter's tab (an edition's chapter; see `super::edition_tabs`).
    CloseTab,
}

/// What a path field stands in for when there is no native file dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open a file.
    Open,
    /// Save to a file, then carry on with what the unsaved-changes prompt held back, if anything.
    SaveAs(Option<PendingOp>),
    /// Import a published chapter's text.
    Import,
    /// Export to a format.
    Export(crate::export::Format),
    /// Export a review copy (Word or HTML) for reviewers.
    ReviewCopy(crate::export::Format),
    /// Import the comments reviewers wrote in a Word review copy.
    ImportComments,
    /// Compare the chapter with another version.
    Compare,
    /// Open an edition: a folder holding `edition.ron`.
    OpenEdition,
    /// Publish the edition into a folder.
    PublishEdition,
    /// Save one of the edition's charts (as PNG when true, else SVG).
    SaveChart(super::edition::ChartKind, bool),
}

/// The modal dialog on screen, if any.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// Save / Discard / Cancel before `PendingOp`.
    Unsaved(PendingOp),
    /// Something failed; nothing changed.
    Error {
        /// Short title.
        title: String,
        /// The sentence, with line and column where there are some.
        message: String,
    },
    /// Something worth knowing happened (e.g. an import with warnings).
    Notice {
        /// Short title.
        title: String,
        /// What happened, one line each.
        lines: Vec<String>,
    },
    /// The chapter has error findings: export anyway?
    ConfirmExport {
        /// The format asked for.
        format: crate::export::Format,
        /// How many errors.
        errors: usize,
    },
    /// Unsaved work from earlier runs was found: each entry can be restored or discarded.
    Recover(Vec<RecoveredWork>),
    /// No native file dialog: type a path.
    PathPrompt {
        /// Open or save.
        purpose: PathPurpose,
        /// The path typed so far.
        text: String,
        /// What the app found at the path, and the text it was found for (the app looks,
        /// after the frame; the dialog only shows it).
        check: Option<(String, files::PathCheck)>,
    },
    /// The chapter's file changed on disk since the editor read or wrote it (a `git pull`, a
    /// merge, a colleague): merge it in, reload it, save this version elsewhere, or keep on.
    ChangedOnDisk {
        /// The version on disk, when it could be read.
        theirs: Option<Box<crate::model::Chapter>>,
        /// Why it could not be read, if it could not (e.g. git's conflict markers in it).
        problem: Option<String>,
        /// Whether this came up on saving (Overwrite is then offered).
        saving: bool,
        /// The stamp of the bytes `theirs` was read from (or of the unreadable file): what
        /// merging, reloading or overwriting takes as seen. A later change is asked about again.
        stamp: Option<files::DiskStamp>,
        /// What the unsaved-changes prompt held back (closing, opening another file): done
        /// after Overwrite or Save mine as new, asked about again after a merge.
        then: Option<PendingOp>,
    },
    /// A file dialog is open (in the background, the window drawing on): the chapter waits for
    /// its answer, since that may open, import or replace what is on screen. Stop waiting
    /// drops the answer.
    Waiting(String),
    /// The name and role comments are signed with.
    Identity {
        /// The name typed so far.
        name: String,
        /// The role chosen.
        role: Role,
    },
    /// Help ▸ Keyboard Shortcuts: every shortcut of the menus' table and every fixed key.
    Shortcuts,
    /// A new footnote, to be inserted at a place in a block.
    NewFootnote {
        /// The block.
        block: Id,
        /// Byte offset.
        at: usize,
        /// The citation typed so far.
        text: String,
    },
}

impl Dialog {
    /// An empty path field for `purpose`.
    #[must_use]
    pub fn path_prompt(purpose: PathPurpose) -> Self {
        Self::PathPrompt { purpose, text: String::new(), check: None }
    }
}

/// The find bar's state.
#[derive(Clone, Debug, Default)]
pub struct FindState {
    /// Whether the bar is shown.
    pub open: bool,
    /// The text searched for.
    pub query: String,
    /// Focus the field next frame.
    pub focus: bool,
    /// Index of the current match.
    pub current: Option<usize>,
    /// How many matches the query has, as of a revision of the chapter: counted again only
    /// when either changes, not every frame.
    pub counted: Option<(String, u64, usize)>,
}

/// What the user is looking at: selection, tabs, field buffers. Not part of the chapter and
/// never saved.
#[derive(Clone, Debug)]
pub struct ViewState {
    /// The main area's tab.
    pub tab: Tab,
    /// The selected category (index into the chapter's categories).
    pub category: usize,
    /// The selected text block.
    pub selected_block: Option<Id>,
    /// A place to scroll to next frame.
    pub goto: Option<Goto>,
    /// Ratings being typed, by category code (only while a field is being edited).
    pub rating_buffers: HashMap<String, String>,
    /// Why a typed rating was refused, by category code.
    pub rating_errors: HashMap<String, String>,
    /// Access dates being typed, by footnote.
    pub date_buffers: HashMap<Id, String>,
    /// Text as typed into fields the model normalises (authors, footnote labels and URLs),
    /// while they have the focus.
    pub field_buffers: HashMap<TextField, String>,
    /// The modal dialog.
    pub dialog: Option<Dialog>,
    /// Find.
    pub find: FindState,
    /// The last save or autosave, for the status bar.
    pub last_save: Option<String>,
    /// Which severities the findings panel lists: errors, warnings, notes.
    pub findings_shown: [bool; 3],
    /// Whether the findings of a chapter not yet started are shown below its to-do list.
    pub findings_early: bool,
    /// What is being typed in the review view.
    pub review: ReviewForms,
    /// The comparison on screen, if any (File ▸ Compare With…).
    pub compare: Option<super::compare::Comparison>,
    /// The right-click menu on a misspelt word: the field, the word and its suggestions
    /// (found once, as the menu opens).
    pub spell_menu: Option<(super::TextField, crate::spelling::Misspelling, Vec<String>)>,
    /// The context menu opened from the keyboard (Shift+F10, the context key), at the cursor.
    pub key_menu: Option<KeyMenu>,
    /// The words underlined as misspelt in the last frame drawn, by field, with where on
    /// screen (what a test or a screen reader can ask for).
    pub underlined: Vec<(super::TextField, String, egui::Rect)>,
    /// The footnote completer, while open.
    pub completer: Option<super::completer::Completer>,
    /// The marker whose completer was closed with Escape (block, start), so it stays closed.
    pub completer_dismissed: Option<(Id, usize)>,
    /// The completer's list as last found: for what was typed, as of which revision of the
    /// chapter (the list is not searched again every frame it stays open).
    pub completer_list: Option<(String, Option<u64>, Vec<super::completer::Candidate>)>,
    /// The findings panel is asked for, but the window (at its zoom) has room for the ratings
    /// beside the text only, as last drawn; the View menu says so.
    pub findings_crowded_out: bool,
    /// Why the chapter's methodology could not be found, while the chapter is open under a
    /// stand-in that knows none of its items (see [`crate::Methodology::unknown`]).
    pub method_problem: Option<String>,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            tab: Tab::Justification,
            category: 0,
            selected_block: None,
            goto: None,
            rating_buffers: HashMap::new(),
            rating_errors: HashMap::new(),
            date_buffers: HashMap::new(),
            field_buffers: HashMap::new(),
            dialog: None,
            find: FindState::default(),
            last_save: None,
            findings_shown: [true; 3],
            findings_early: false,
            review: ReviewForms::default(),
            compare: None,
            completer: None,
            spell_menu: None,
            key_menu: None,
            underlined: Vec::new(),
            completer_dismissed: None,
            completer_list: None,
            findings_crowded_out: false,
            method_problem: None,
        }
    }
}

/// A text field's context menu opened from the keyboard: where it stands (at the cursor) and
/// whether the focus has still to go to its first entry.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyMenu {
    /// The field.
    pub field: TextField,
    /// Where the menu stands.
    pub at: egui::Pos2,
    /// The focus goes to the first entry once the menu is drawn.
    pub focus_pending: bool,
}

/// The side panels the author can show or hide (View menu).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SidePanel {
    /// The score card and the ratings, on the left.
    Ratings,
    /// The findings, on the right.
    Findings,
}

/// The start page's form for a new chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartPage {
    /// The methodology chosen: a built-in id, or blank while a file is to be given.
    pub methodology: String,
    /// Whether the methodology comes from a file ("From file…"), whose path is `method_file`.
    pub from_file: bool,
    /// The path of a methodology file, as typed.
    pub method_file: String,
    /// The country typed.
    pub country: String,
    /// The edition year.
    pub edition: i32,
    /// The path of last year's chapter (`.ron`, or a published chapter's `.txt`), as typed or
    /// chosen; blank for none.
    pub from: String,
}

impl StartPage {
    /// An empty form for `edition`.
    #[must_use]
    pub fn new(edition: i32) -> Self {
        Self {
            methodology: crate::method::DEFAULT_ID.to_owned(),
            from_file: false,
            method_file: String::new(),
            country: String::new(),
            edition,
            from: String::new(),
        }
    }
}

/// A comment being written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Composer {
    /// What it will be on.
    pub anchor: Anchor,
    /// The quoted span typed or pasted (blank for none).
    pub quote: String,
    /// The comment.
    pub text: String,
    /// A suggested wording for the quote (blank for none).
    pub suggestion: String,
}

/// What is being typed in the review view: never saved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewForms {
    /// The comment being written, if any.
    pub composer: Option<Composer>,
    /// Replies (and reasons for declining) being typed, by comment or proposal id.
    pub replies: HashMap<Id, String>,
    /// Proposals being written, by category code: the rating typed and the reason.
    pub proposal_forms: HashMap<String, (String, String)>,
}

/// What the author chose when the file changed on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskChoice {
    /// Merge the version on disk into the open one (three-way, against the version read last).
    Merge,
    /// Throw the open version away for the one on disk (one undo step brings it back).
    Reload,
    /// Save the open version as a new file.
    SaveAsNew,
    /// Write the open version over the file anyway (the other version is kept as `.bak`).
    Overwrite,
    /// Keep editing; ask again before the next save.
    Keep,
}
