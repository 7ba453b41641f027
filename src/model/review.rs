//! The review a chapter carries: comments, rating proposals and each category's review state.
//!
//! Ratings are the consensus of authors, expert advisers, regional reviewers and editors. A
//! reviewer reads each rating against its bullets and their sources, comments, proposes another
//! rating and signs the category off; the author answers. All of it lives in the chapter file,
//! so it travels with the chapter (by git, by mail) and never needs a server.
//!
//! Anchors are ids, never character offsets: a comment is on a category's rating, on a text
//! block (optionally on a quoted span of it, re-found by its text as the block is edited), on a
//! footnote, or on the chapter. A comment whose block or footnote was deleted is *detached*,
//! never lost: see [`Review::resolve_anchor`].
//!
//! Nothing here is published: exports leave the review out, except the review copies made for
//! reviewers on purpose.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Chapter, Id, Rating};

/// The part someone plays in the review.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// A report author.
    #[default]
    Author,
    /// An expert adviser or regional reviewer.
    Reviewer,
    /// An editor.
    Editor,
}

impl Role {
    /// The role as people say it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Author => "Author",
            Self::Reviewer => "Reviewer",
            Self::Editor => "Editor",
        }
    }

    /// Every role, in the order the editor lists them.
    pub const ALL: [Self; 3] = [Self::Author, Self::Reviewer, Self::Editor];
}

/// Who did something in the review, as the chapter records it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Person {
    /// The name as signed ("Author" alone for the author of an anonymous chapter).
    pub name: String,
    /// The part they play.
    pub role: Role,
}

impl Person {
    /// `name` in `role`, as it may be written into `chapter`: on an anonymous chapter an
    /// author is signed "Author" alone, so a file sent to reviewers never says who wrote it.
    #[must_use]
    pub fn signing(chapter: &Chapter, name: &str, role: Role) -> Self {
        let name = name.trim();
        let anonymous = matches!(chapter.authors, super::Authors::Anonymous);
        let name = if (anonymous && role == Role::Author) || name.is_empty() {
            role.label().to_owned()
        } else {
            name.to_owned()
        };
        Self { name, role }
    }

    /// "Ann Lee (Reviewer)", or "Author" alone.
    #[must_use]
    pub fn display(&self) -> String {
        if self.name == self.role.label() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.role.label())
        }
    }
}

/// Who did something, and when (UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signed {
    /// Who.
    pub by: Person,
    /// When, in UTC.
    pub at: DateTime<Utc>,
}

/// What a comment is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Anchor {
    /// The chapter as a whole.
    Chapter,
    /// A category's rating, by code.
    Rating(String),
    /// A bullet, paragraph or score-change item.
    Block(Id),
    /// A footnote.
    Footnote(Id),
}

/// A reply in a comment's thread (or a proposal's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// Its id.
    pub id: Id,
    /// Who wrote it, and when.
    pub signed: Signed,
    /// What it says.
    pub text: String,
}

/// What became of a suggested wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionOutcome {
    /// The author took it: the quoted span was replaced.
    Accepted,
    /// The author declined it (with a reply saying why).
    Declined,
}

/// A comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Its id (from the chapter's id counter).
    pub id: Id,
    /// What it is on.
    pub anchor: Anchor,
    /// The span of the block or footnote it is about, as quoted when the comment was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// A wording suggested in place of [`Comment::quote`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// What became of the suggestion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<SuggestionOutcome>,
    /// Who wrote it, and when.
    pub signed: Signed,
    /// What it says.
    pub text: String,
    /// The thread.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Who resolved it, and when; `None` while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Signed>,
}

/// What the author decided about a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Accepted (the rating changed) or declined.
    pub accepted: bool,
    /// Who decided, and when.
    pub signed: Signed,
}

/// A reviewer's proposal of another rating for a category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Its id.
    pub id: Id,
    /// The category, by code.
    pub category: String,
    /// The rating proposed.
    pub rating: Rating,
    /// Why.
    pub reason: String,
    /// Who proposed it, and when.
    pub signed: Signed,
    /// The thread.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// The decision; `None` while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

/// Where a category's review stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewState {
    /// Nobody has signed it off or asked for work.
    #[default]
    Unreviewed,
    /// A reviewer asked for more work.
    NeedsWork(Signed),
    /// Agreed, as the category stood then: `fingerprint` is [`category_fingerprint`] of its
    /// rating and bullets at that moment, so an edit since shows as "changed since agreed".
    Agreed {
        /// Who agreed, and when.
        signed: Signed,
        /// The category's fingerprint when agreed.
        fingerprint: String,
    },
}

/// One category's review state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryReview {
    /// The category, by code.
    pub code: String,
    /// Its state.
    pub state: ReviewState,
}

/// The review a chapter carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Comments, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Rating proposals, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<Proposal>,
    /// Categories whose state is not "unreviewed".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<CategoryReview>,
}

/// Where a comment's anchor stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnchorStatus {
    /// On its place; with a quote, the quote's byte range in the text as it is now.
    Attached(Option<std::ops::Range<usize>>),
    /// On its block or footnote, but the quoted text is no longer in it.
    TextChanged,
    /// Its block, footnote or category is gone: listed under "Detached".
    Detached,
}

/// How a category's review stands, with what the chapter says now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateNow {
    /// Not reviewed.
    Unreviewed,
    /// Needs work.
    NeedsWork,
    /// Agreed, and unchanged since.
    Agreed,
    /// Agreed, but its rating or bullets changed since.
    ChangedSinceAgreed,
}

impl StateNow {
    /// The state as the editor and `rapporteur review` name it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unreviewed => "unreviewed",
            Self::NeedsWork => "needs-work",
            Self::Agreed => "agreed",
            Self::ChangedSinceAgreed => "changed-since-agreed",
        }
    }
}

impl Review {
    /// Whether there is no review at all (what a chapter without one saves as nothing).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.comments.is_empty() && self.proposals.is_empty() && self.states.is_empty()
    }

    /// The stored state of category `code`.
    #[must_use]
    pub fn state(&self, code: &str) -> &ReviewState {
        const NONE: &ReviewState = &ReviewState::Unreviewed;
        self.states.iter().find(|s| s.code == code).map_or(NONE, |s| &s.state)
    }

    /// Sets category `code`'s state (unreviewed removes the entry).
    pub fn set_state(&mut self, code: &str, state: ReviewState) {
        self.states.retain(|s| s.code != code);
        if state != ReviewState::Unreviewed {
            self.states.push(CategoryReview { code: code.to_owned(), state });
        }
    }

    /// The comment with this id.
    #[must_use]
    pub fn comment(&self, id: Id) -> Option<&Comment> {
        self.comments.iter().find(|c| c.id == id)
    }

    /// The comment with this id, to change it.
    pub fn comment_mut(&mut self, id: Id) -> Option<&mut Comment> {
        self.comments.iter_mut().find(|c| c.id == id)
    }

    /// The proposal with this id.
    #[must_use]
    pub fn proposal(&self, id: Id) -> Option<&Proposal> {
        self.proposals.iter().find(|p| p.id == id)
    }

    /// The proposal with this id, to change it.
    pub fn proposal_mut(&mut self, id: Id) -> Option<&mut Proposal> {
        self.proposals.iter_mut().find(|p| p.id == id)
    }

    /// Where `comment`'s anchor stands in `chapter` now. A quoted span is looked for in the
    /// text as it is now (so it follows the edits around it); when it is gone the comment stays
    /// on its block, marked "text changed".
    #[must_use]
    pub fn resolve_anchor(chapter: &Chapter, comment: &Comment) -> AnchorStatus {
        let text = match &comment.anchor {
            Anchor::Chapter => return AnchorStatus::Attached(None),
            Anchor::Rating(code) => {
                return if chapter.category(code).is_some() {
                    AnchorStatus::Attached(None)
                } else {
                    AnchorStatus::Detached
                };
            }
            Anchor::Block(id) => chapter.block(*id).map(|(_, b)| b.text.as_str()),
            Anchor::Footnote(id) => chapter.footnote(*id).map(|f| f.text.as_str()),
        };
        let Some(text) = text else { return AnchorStatus::Detached };
        match comment.quote.as_deref().filter(|q| !q.is_empty()) {
            None => AnchorStatus::Attached(None),
            Some(quote) => text
                .find(quote)
                .map_or(AnchorStatus::TextChanged, |at| AnchorStatus::Attached(Some(at..at + quote.len()))),
        }
    }

    /// Category `code`'s state with what `chapter` says now.
    #[must_use]
    pub fn state_now(chapter: &Chapter, code: &str) -> StateNow {
        match chapter.review.state(code) {
            ReviewState::Unreviewed => StateNow::Unreviewed,
            ReviewState::NeedsWork(_) => StateNow::NeedsWork,
            ReviewState::Agreed { fingerprint, .. } => {
                if category_fingerprint(chapter, code) == *fingerprint {
                    StateNow::Agreed
                } else {
                    StateNow::ChangedSinceAgreed
                }
            }
        }
    }

    /// The category a comment belongs to, when it has one: its rating's, or that of the
    /// category whose bullet it is on.
    #[must_use]
    pub fn category_of<'c>(chapter: &'c Chapter, comment: &Comment) -> Option<&'c str> {
        match &comment.anchor {
            Anchor::Rating(code) => chapter.category(code).map(|c| c.code.as_str()),
            Anchor::Block(id) => {
                chapter.categories.iter().find(|c| c.bullets.iter().any(|b| b.id == *id)).map(|c| c.code.as_str())
            }
            Anchor::Chapter | Anchor::Footnote(_) => None,
        }
    }
}

/// A fingerprint of category `code`'s rating and bullets: what "agreed" was agreed on. Stable
/// across versions and machines (FNV-1a over the rating and the texts), so it can be stored.
#[must_use]
pub fn category_fingerprint(chapter: &Chapter, code: &str) -> String {
    let Some(entry) = chapter.category(code) else { return String::new() };
    let mut bytes = Vec::new();
    bytes.extend_from_slice(entry.rating.map(|r| r.to_string()).unwrap_or_default().as_bytes());
    for b in &entry.bullets {
        bytes.push(0);
        bytes.extend_from_slice(b.text.as_bytes());
    }
    format!("{:016x}", super::stable_hash(&bytes))
}

/// Why a review operation could not be done; nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// No comment, proposal or category with that id or code.
    #[error("there is no {0} like that in this chapter")]
    NotFound(&'static str),
    /// The comment has no suggestion, or it was decided already.
    #[error("this comment has no open suggestion")]
    NoSuggestion,
    /// The quoted text is no longer in the block, so the suggestion cannot replace it.
    #[error("the quoted text \"{0}\" is no longer in the text; edit it by hand")]
    QuoteGone(String),
    /// The proposal was decided already.
    #[error("this proposal was decided already")]
    Decided,
    /// Empty text where some is needed.
    #[error("a {0} needs some text")]
    Empty(&'static str),
}

impl Chapter {
    /// Adds a comment (its id from the chapter's counter) and returns its id. A quote that is
    /// blank is dropped; a suggestion without a quote is refused.
    pub fn add_comment(
        &mut self,
        anchor: Anchor,
        quote: Option<String>,
        suggestion: Option<String>,
        text: &str,
        signed: Signed,
    ) -> Result<Id, ReviewError> {
        let quote = quote.filter(|q| !q.trim().is_empty());
        if text.trim().is_empty() && suggestion.is_none() {
            return Err(ReviewError::Empty("comment"));
        }
        if suggestion.is_some() && quote.is_none() {
            return Err(ReviewError::NoSuggestion);
        }
        let id = self.new_id();
        self.review.comments.push(Comment {
            id,
            anchor,
            quote,
            suggestion,
            outcome: None,
            signed,
            text: text.trim().to_owned(),
            replies: Vec::new(),
            resolved: None,
        });
        Ok(id)
    }

    /// Replies to comment `comment`; returns the reply's id.
    pub fn reply_to_comment(&mut self, comment: Id, text: &str, signed: Signed) -> Result<Id, ReviewError> {
        if text.trim().is_empty() {
            return Err(ReviewError::Empty("reply"));
        }
        if self.review.comment(comment).is_none() {
            return Err(ReviewError::NotFound("comment"));
        }
        let id = self.new_id();
        let c = self.review.comment_mut(comment).ok_or(ReviewError::NotFound("comment"))?;
        c.replies.push(Reply { id, signed, text: text.trim().to_owned() });
        Ok(id)
    }

    /// Resolves comment `comment` (`Some`) or opens it again (`None`).
    pub fn resolve_comment(&mut self, comment: Id, resolved: Option<Signed>) -> Result<(), ReviewError> {
        let c = self.review.comment_mut(comment).ok_or(ReviewError::NotFound("comment"))?;
        c.resolved = resolved;
        Ok(())
    }

    /// Deletes comment `comment` and its thread.
    pub fn delete_comment(&mut self, comment: Id) -> Result<(), ReviewError> {
        let before = self.review.comments.len();
        self.review.comments.retain(|c| c.id != comment);
        if self.review.comments.len() == before { Err(ReviewError::NotFound("comment")) } else { Ok(()) }
    }

    /// Attaches comment `comment` to `anchor` (a detached comment, put back somewhere).
    pub fn reattach_comment(&mut self, comment: Id, anchor: Anchor) -> Result<(), ReviewError> {
        let c = self.review.comment_mut(comment).ok_or(ReviewError::NotFound("comment"))?;
        c.anchor = anchor;
        Ok(())
    }

    /// Accepts comment `comment`'s suggested wording: the quoted span of its block or footnote
    /// is replaced by the suggestion, and the comment is marked accepted and resolved.
    pub fn accept_suggestion(&mut self, comment: Id, signed: Signed) -> Result<(), ReviewError> {
        let c = self.review.comment(comment).ok_or(ReviewError::NotFound("comment"))?.clone();
        let (Some(quote), Some(suggestion), None) = (c.quote.as_deref(), c.suggestion.as_deref(), c.outcome) else {
            return Err(ReviewError::NoSuggestion);
        };
        let Some(range) = (match Review::resolve_anchor(self, &c) {
            AnchorStatus::Attached(range) => range,
            AnchorStatus::TextChanged | AnchorStatus::Detached => None,
        }) else {
            return Err(ReviewError::QuoteGone(quote.to_owned()));
        };
        let text = match c.anchor {
            Anchor::Block(id) => self.block_mut(id).map(|b| &mut b.text),
            Anchor::Footnote(id) => self.footnote_mut(id).map(|f| &mut f.text),
            Anchor::Chapter | Anchor::Rating(_) => None,
        };
        let text = text.ok_or(ReviewError::QuoteGone(quote.to_owned()))?;
        text.replace_range(range, suggestion);
        let c = self.review.comment_mut(comment).ok_or(ReviewError::NotFound("comment"))?;
        // The comment now quotes the words in the text, so it stays attached to them.
        c.quote = c.suggestion.clone();
        c.outcome = Some(SuggestionOutcome::Accepted);
        c.resolved = Some(signed);
        Ok(())
    }

    /// Declines comment `comment`'s suggested wording, with a reply saying why; the text stays.
    pub fn decline_suggestion(&mut self, comment: Id, why: &str, signed: Signed) -> Result<(), ReviewError> {
        let c = self.review.comment(comment).ok_or(ReviewError::NotFound("comment"))?;
        if c.suggestion.is_none() || c.outcome.is_some() {
            return Err(ReviewError::NoSuggestion);
        }
        if !why.trim().is_empty() {
            self.reply_to_comment(comment, why, signed.clone())?;
        }
        let c = self.review.comment_mut(comment).ok_or(ReviewError::NotFound("comment"))?;
        c.outcome = Some(SuggestionOutcome::Declined);
        c.resolved = Some(signed);
        Ok(())
    }

    /// Proposes `rating` for category `code`; returns the proposal's id. The rating must be
    /// one the methodology allows: the caller checks it, as for any rating.
    pub fn propose_rating(
        &mut self,
        code: &str,
        rating: Rating,
        reason: &str,
        signed: Signed,
    ) -> Result<Id, ReviewError> {
        if self.category(code).is_none() {
            return Err(ReviewError::NotFound("category"));
        }
        if reason.trim().is_empty() {
            return Err(ReviewError::Empty("proposal's reason"));
        }
        let id = self.new_id();
        self.review.proposals.push(Proposal {
            id,
            category: code.to_owned(),
            rating,
            reason: reason.trim().to_owned(),
            signed,
            replies: Vec::new(),
            decision: None,
        });
        Ok(id)
    }

    /// Decides proposal `proposal`: accepted, the category's rating becomes the proposed one;
    /// declined, `why` (if any) is added as a reply. Either way who and when are recorded.
    pub fn decide_proposal(
        &mut self,
        proposal: Id,
        accept: bool,
        why: &str,
        signed: Signed,
    ) -> Result<(), ReviewError> {
        let p = self.review.proposals.iter().find(|p| p.id == proposal).ok_or(ReviewError::NotFound("proposal"))?;
        if p.decision.is_some() {
            return Err(ReviewError::Decided);
        }
        let (code, rating) = (p.category.clone(), p.rating);
        let reply = (!why.trim().is_empty()).then(|| self.new_id());
        if accept {
            let entry = self.category_mut(&code).ok_or(ReviewError::NotFound("category"))?;
            entry.rating = Some(rating);
        }
        let p = self.review.proposal_mut(proposal).ok_or(ReviewError::NotFound("proposal"))?;
        if let Some(id) = reply {
            p.replies.push(Reply { id, signed: signed.clone(), text: why.trim().to_owned() });
        }
        p.decision = Some(Decision { accepted: accept, signed });
        Ok(())
    }

    /// Marks category `code` agreed (as it stands now), needing work, or unreviewed.
    pub fn set_review_state(&mut self, code: &str, state: StateNow, signed: Signed) -> Result<(), ReviewError> {
        if self.category(code).is_none() {
            return Err(ReviewError::NotFound("category"));
        }
        let state = match state {
            StateNow::Unreviewed => ReviewState::Unreviewed,
            StateNow::NeedsWork => ReviewState::NeedsWork(signed),
            StateNow::Agreed | StateNow::ChangedSinceAgreed => {
                ReviewState::Agreed { signed, fingerprint: category_fingerprint(self, code) }
            }
        };
        self.review.set_state(code, state);
        Ok(())
    }
}

/// The review at a glance: what `rapporteur review`, the status bar and the findings panel say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Per category of the chapter, in its order.
    pub categories: Vec<CategorySummary>,
    /// Open comments in the whole chapter (detached ones included).
    pub open_comments: usize,
    /// Open rating proposals.
    pub open_proposals: usize,
    /// Comments whose block, footnote or category is gone.
    pub detached: usize,
    /// Categories agreed and unchanged since.
    pub agreed: usize,
}

/// One category's review at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategorySummary {
    /// The category's code.
    pub code: String,
    /// Its state: `unreviewed`, `needs-work`, `agreed` or `changed-since-agreed`.
    pub state: &'static str,
    /// Open comments on its rating and bullets.
    pub open_comments: usize,
    /// Open proposals for its rating.
    pub open_proposals: usize,
}

impl Summary {
    /// The summary of `chapter`'s review.
    #[must_use]
    pub fn of(chapter: &Chapter) -> Self {
        let open = |c: &&Comment| c.resolved.is_none();
        let categories: Vec<CategorySummary> = chapter
            .categories
            .iter()
            .map(|entry| CategorySummary {
                code: entry.code.clone(),
                state: Review::state_now(chapter, &entry.code).as_str(),
                open_comments: chapter
                    .review
                    .comments
                    .iter()
                    .filter(open)
                    .filter(|c| Review::category_of(chapter, c) == Some(entry.code.as_str()))
                    .count(),
                open_proposals: chapter
                    .review
                    .proposals
                    .iter()
                    .filter(|p| p.decision.is_none() && p.category == entry.code)
                    .count(),
            })
            .collect();
        Self {
            agreed: categories.iter().filter(|c| c.state == StateNow::Agreed.as_str()).count(),
            categories,
            open_comments: chapter.review.comments.iter().filter(open).count(),
            open_proposals: chapter.review.proposals.iter().filter(|p| p.decision.is_none()).count(),
            detached: chapter
                .review
                .comments
                .iter()
                .filter(|c| Review::resolve_anchor(chapter, c) == AnchorStatus::Detached)
                .count(),
        }
    }

    /// Whether anything is still open: a comment, a proposal, or a category not agreed.
    #[must_use]
    pub fn anything_open(&self) -> bool {
        self.open_comments > 0 || self.open_proposals > 0 || self.agreed < self.categories.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Methodology;

    fn at(minute: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2024, 3, 1, 10, minute, 0).single().unwrap_or_default()
    }

    fn reviewer(minute: u32) -> Signed {
        Signed { by: Person { name: "Dana Reviewer".into(), role: Role::Reviewer }, at: at(minute) }
    }

    fn author(chapter: &Chapter, minute: u32) -> Signed {
        Signed { by: Person::signing(chapter, "Ann Lee", Role::Author), at: at(minute) }
    }

    fn chapter() -> (Chapter, Id, Id) {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        for e in &mut c.categories {
            e.rating = Some(Rating::from_hundredths(125));
        }
        let b = c.new_block("Councils met twice and approved every budget without debate.[^1]");
        let id = b.id;
        c.categories[4].bullets.push(b);
        let f = c.add_footnote("1", "Council minutes, Almaty, 2023.", None);
        (c, id, f)
    }

    #[test]
    fn a_quote_is_found_again_after_edits_around_it_and_marked_when_gone() {
        let (mut c, b, _) = chapter();
        let id = c
            .add_comment(Anchor::Block(b), Some("without debate".into()), None, "Which budgets?", reviewer(1))
            .unwrap_or_else(|e| panic!("{e}"));
        let comment = c.review.comment(id).cloned().unwrap_or_else(|| panic!("comment"));
        let text = c.block(b).map(|(_, b)| b.text.clone()).unwrap_or_default();
        let at = text.find("without debate").unwrap_or(0);
        assert_eq!(Review::resolve_anchor(&c, &comment), AnchorStatus::Attached(Some(at..at + 14)));
        if let Some(block) = c.block_mut(b) {
            block.text.insert_str(0, "In 2023, ");
        }
        assert_eq!(Review::resolve_anchor(&c, &comment), AnchorStatus::Attached(Some(at + 9..at + 23)));
        if let Some(block) = c.block_mut(b) {
            block.text = block.text.replace("without debate", "unread");
        }
        assert_eq!(Review::resolve_anchor(&c, &comment), AnchorStatus::TextChanged);
        c.categories[4].bullets.clear();
        assert_eq!(Review::resolve_anchor(&c, &comment), AnchorStatus::Detached);
        assert_eq!(Summary::of(&c).detached, 1);
        // Re-attached to the chapter, it is found again.
        c.reattach_comment(id, Anchor::Chapter).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Summary::of(&c).detached, 0);
    }

    #[test]
    fn an_accepted_suggestion_replaces_the_span_and_a_declined_one_leaves_it() {
        let (mut c, b, f) = chapter();
        let id = c
            .add_comment(Anchor::Block(b), Some("twice".into()), Some("only twice".into()), "", reviewer(1))
            .unwrap_or_else(|e| panic!("{e}"));
        c.accept_suggestion(id, author(&c, 2)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.block(b).map(|(_, b)| b.text.as_str()),
            Some("Councils met only twice and approved every budget without debate.[^1]")
        );
        let comment = c.review.comment(id).cloned().unwrap_or_else(|| panic!("comment"));
        assert_eq!(comment.outcome, Some(SuggestionOutcome::Accepted));
        assert!(comment.resolved.is_some());
        assert_eq!(c.accept_suggestion(id, author(&c, 3)), Err(ReviewError::NoSuggestion));

        let id = c
            .add_comment(Anchor::Footnote(f), Some("Almaty".into()), Some("Astana".into()), "Wrong city?", reviewer(4))
            .unwrap_or_else(|e| panic!("{e}"));
        c.decline_suggestion(id, "The minutes are from Almaty.", author(&c, 5)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.footnote(f).map(|n| n.text.as_str()), Some("Council minutes, Almaty, 2023."));
        let comment = c.review.comment(id).cloned().unwrap_or_else(|| panic!("comment"));
        assert_eq!(comment.outcome, Some(SuggestionOutcome::Declined));
        assert_eq!(comment.replies.len(), 1);
        assert_eq!(comment.replies[0].text, "The minutes are from Almaty.");
    }

    #[test]
    fn a_suggestion_whose_quote_is_gone_is_refused_and_changes_nothing() {
        let (mut c, b, _) = chapter();
        let id = c
            .add_comment(Anchor::Block(b), Some("twice".into()), Some("thrice".into()), "", reviewer(1))
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(block) = c.block_mut(b) {
            block.text = "Councils rarely met.".into();
        }
        let before = c.clone();
        assert_eq!(c.accept_suggestion(id, author(&c, 2)), Err(ReviewError::QuoteGone("twice".into())));
        assert_eq!(c, before);
    }

    #[test]
    fn proposals_are_accepted_or_declined_with_who_and_when() {
        let (mut c, _, _) = chapter();
        let up = c
            .propose_rating("LDG", Rating::from_hundredths(150), "Direct elections of akims.", reviewer(1))
            .unwrap_or_else(|e| panic!("{e}"));
        let down = c
            .propose_rating("CO", Rating::from_hundredths(100), "Asset recovery is selective.", reviewer(2))
            .unwrap_or_else(|e| panic!("{e}"));
        let s = Summary::of(&c);
        assert_eq!((s.open_proposals, s.categories[4].open_proposals, s.categories[6].open_proposals), (2, 1, 1));
        c.decide_proposal(up, true, "", author(&c, 3)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.category("LDG").and_then(|e| e.rating), Some(Rating::from_hundredths(150)));
        c.decide_proposal(down, false, "Recovery reached every sector.", author(&c, 4))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.category("CO").and_then(|e| e.rating), Some(Rating::from_hundredths(125)));
        assert_eq!(c.decide_proposal(down, true, "", author(&c, 5)), Err(ReviewError::Decided));
        let p = &c.review.proposals[1];
        assert_eq!(p.decision.as_ref().map(|d| (d.accepted, d.signed.at)), Some((false, at(4))));
        assert_eq!(p.replies[0].text, "Recovery reached every sector.");
        assert_eq!(Summary::of(&c).open_proposals, 0);
    }

    #[test]
    fn an_edit_after_agreement_shows_as_changed_since_agreed() {
        let (mut c, b, _) = chapter();
        c.set_review_state("LDG", StateNow::Agreed, reviewer(1)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Review::state_now(&c, "LDG"), StateNow::Agreed);
        assert_eq!(Summary::of(&c).agreed, 1);
        if let Some(block) = c.block_mut(b) {
            block.text.push_str(" More.");
        }
        assert_eq!(Review::state_now(&c, "LDG"), StateNow::ChangedSinceAgreed);
        c.set_review_state("LDG", StateNow::Agreed, reviewer(2)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Review::state_now(&c, "LDG"), StateNow::Agreed);
        c.categories[4].rating = Some(Rating::from_hundredths(175));
        assert_eq!(Review::state_now(&c, "LDG"), StateNow::ChangedSinceAgreed);
        c.set_review_state("LDG", StateNow::Unreviewed, reviewer(3)).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.review.states.is_empty());
    }

    #[test]
    fn an_anonymous_authors_comments_are_signed_author_alone() {
        let (mut c, _, _) = chapter();
        c.authors = crate::model::Authors::Anonymous;
        assert_eq!(Person::signing(&c, "Ann Lee", Role::Author), Person { name: "Author".into(), role: Role::Author });
        assert_eq!(Person::signing(&c, "Dana", Role::Reviewer).name, "Dana");
        c.authors = crate::model::Authors::Named(vec!["Ann Lee".into()]);
        assert_eq!(Person::signing(&c, "Ann Lee", Role::Author).display(), "Ann Lee (Author)");
        assert_eq!(Person::signing(&c, "  ", Role::Editor).display(), "Editor");
    }

    #[test]
    fn review_ids_come_from_the_chapter_counter_and_never_collide() {
        let (mut c, b, _) = chapter();
        let comment =
            c.add_comment(Anchor::Block(b), None, None, "Source?", reviewer(1)).unwrap_or_else(|e| panic!("{e}"));
        let reply = c.reply_to_comment(comment, "Added.", author(&c, 2)).unwrap_or_else(|e| panic!("{e}"));
        let block = c.new_block("x");
        let ids: std::collections::HashSet<Id> = c.ids().collect();
        assert!(ids.contains(&comment) && ids.contains(&reply));
        assert!(!ids.contains(&block.id));
        assert_eq!(c.add_comment(Anchor::Chapter, None, None, "  ", reviewer(3)), Err(ReviewError::Empty("comment")));
    }
}
