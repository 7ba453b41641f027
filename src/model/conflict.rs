//! Merge conflicts a chapter carries until someone settles them.
//!
//! A three-way merge (see `crate::merge`) combines what two people changed. Where both changed
//! the same thing differently — a rating, overlapping words of one bullet, a footnote, a header
//! field, a reviewer's words (a comment, a reply, a proposal's reason) or a verdict (a
//! proposal's decision, a category's review state) — the merged chapter keeps *our* version in
//! place, so the file loads and reads as a chapter, and records a [`Conflict`] with the base,
//! our and their versions. Nothing either side wrote is dropped. The editor shows each conflict
//! as an error finding with "Take ours", "Take theirs" and "Edit";
//! [`Chapter::settle_conflict`] does what the author chose.

use serde::{Deserialize, Serialize};

use super::review::{Decision, ReviewState};
use super::{Chapter, Id, Rating};

/// What a conflict is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConflictPlace {
    /// A category's rating, by code.
    Rating(String),
    /// A category's last-year rating, by code.
    LastYear(String),
    /// A text block's text (bullet, paragraph, score-change item).
    Block(Id),
    /// A footnote's citation text.
    FootnoteText(Id),
    /// A footnote's label.
    FootnoteLabel(Id),
    /// A footnote's address.
    FootnoteUrl(Id),
    /// The country.
    Country,
    /// The title.
    Title,
    /// The edition year.
    Edition,
    /// The authors (as a byline).
    Authors,
    /// A review comment's text, by the comment's id.
    CommentText(Id),
    /// A review comment's suggested wording (empty for none), by the comment's id.
    CommentSuggestion(Id),
    /// A reply's text (in a comment's or a proposal's thread), by the reply's id.
    ReplyText(Id),
    /// A rating proposal's reason, by the proposal's id.
    ProposalReason(Id),
    /// A rating proposal's decision, by the proposal's id; the versions are in
    /// [`Conflict::versions`].
    ProposalDecision(Id),
    /// A category's review state, by code; the versions are in [`Conflict::versions`].
    ReviewState(String),
}

impl ConflictPlace {
    /// Whether the conflict is about the review (a comment, a reply, a proposal, a review
    /// state) rather than the chapter's text or figures.
    #[must_use]
    pub fn is_review(&self) -> bool {
        matches!(
            self,
            Self::CommentText(_)
                | Self::CommentSuggestion(_)
                | Self::ReplyText(_)
                | Self::ProposalReason(_)
                | Self::ProposalDecision(_)
                | Self::ReviewState(_)
        )
    }

    /// Whether a version of this place is free text someone can edit by hand before settling
    /// ([`Settle::Text`]); a decision or a review state is taken from one side.
    #[must_use]
    pub fn takes_text(&self) -> bool {
        !matches!(self, Self::ProposalDecision(_) | Self::ReviewState(_))
    }
}

/// Both versions of a review verdict, which a text cannot carry: what settling puts in place.
/// The conflict's texts describe them for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Versions {
    /// A proposal's decision (`None`: still open).
    Decision {
        /// The common ancestor's.
        base: Option<Decision>,
        /// Ours (in place).
        ours: Option<Decision>,
        /// Theirs.
        theirs: Option<Decision>,
    },
    /// A category's review state.
    State {
        /// The common ancestor's.
        base: ReviewState,
        /// Ours (in place).
        ours: ReviewState,
        /// Theirs.
        theirs: ReviewState,
    },
}

/// Both versions of something two people changed differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Its id.
    pub id: Id,
    /// What it is about.
    pub place: ConflictPlace,
    /// The common ancestor's version; `None` where it did not exist.
    pub base: Option<String>,
    /// Our version (the one in place in the chapter); `None` where we deleted it.
    pub ours: Option<String>,
    /// Their version; `None` where they deleted it.
    pub theirs: Option<String>,
    /// For a decision or a review state, the versions themselves (the texts above describe
    /// them); absent from the file otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<Versions>,
}

/// What the author chose for a conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settle {
    /// Our version (normally in place already; our deletion is carried out).
    Ours,
    /// Put their version in place.
    Theirs,
    /// Keep what is in place now (edited by hand).
    AsEdited,
    /// Put this text in place (written by hand from both versions); only for places that
    /// take text ([`ConflictPlace::takes_text`]).
    Text(String),
}

/// Why a conflict could not be settled; nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettleError {
    /// No conflict with that id.
    #[error("there is no such conflict in this chapter")]
    NotFound,
    /// The place the conflict is about is gone (its block or footnote was deleted since).
    #[error("what the conflict is about is no longer in the chapter")]
    PlaceGone,
    /// Their version is not a value the place can take (a malformed rating or year).
    #[error("their version \"{0}\" cannot be put in place")]
    Unusable(String),
    /// A footnote label another footnote has already.
    #[error("the label \"{0}\" belongs to another footnote already")]
    LabelTaken(String),
}

/// Which version of a conflict goes in place.
#[derive(Clone, Copy)]
enum Side {
    Ours,
    Theirs,
}

/// A proposal's decision as a conflict shows it: "accepted by Ann Lee (Reviewer) on
/// 2025-03-01", or "open".
#[must_use]
pub fn describe_decision(decision: Option<&Decision>) -> String {
    match decision {
        None => "open".to_owned(),
        Some(d) => format!(
            "{} by {} on {}",
            if d.accepted { "accepted" } else { "declined" },
            d.signed.by.display(),
            d.signed.at.format("%Y-%m-%d")
        ),
    }
}

/// A category's review state as a conflict shows it: "agreed by Ann Lee (Reviewer) on
/// 2025-03-01", "needs work, says …", or "unreviewed".
#[must_use]
pub fn describe_state(state: &ReviewState) -> String {
    match state {
        ReviewState::Unreviewed => "unreviewed".to_owned(),
        ReviewState::NeedsWork(s) => {
            format!("needs work, says {} on {}", s.by.display(), s.at.format("%Y-%m-%d"))
        }
        ReviewState::Agreed { signed, .. } => {
            format!("agreed by {} on {}", signed.by.display(), signed.at.format("%Y-%m-%d"))
        }
    }
}

impl Chapter {
    /// Settles conflict `id` as the author chose: [`Settle::Theirs`] puts their version in
    /// place (their deletion of a block or footnote removes it), [`Settle::Text`] the text
    /// given; the conflict is then gone.
    pub fn settle_conflict(&mut self, id: Id, how: &Settle) -> Result<(), SettleError> {
        let conflict = self.conflicts.iter().find(|c| c.id == id).cloned().ok_or(SettleError::NotFound)?;
        match how {
            Settle::Theirs => self.put_side(&conflict, Side::Theirs)?,
            // Ours is normally in place already; putting it back also undoes a hand edit since,
            // and carries out our deletion where the merge kept their edited block meanwhile.
            Settle::Ours => match self.put_side(&conflict, Side::Ours) {
                Err(SettleError::PlaceGone) if conflict.ours.is_none() => {}
                other => other?,
            },
            Settle::AsEdited => {}
            Settle::Text(text) => {
                if !conflict.place.takes_text() {
                    return Err(SettleError::Unusable(text.clone()));
                }
                self.put_in_place(&conflict.place, Some(text))?;
            }
        }
        self.conflicts.retain(|c| c.id != id);
        Ok(())
    }

    /// Puts one side's version of `conflict` in place: its structured version where it has
    /// one, else its text.
    fn put_side(&mut self, conflict: &Conflict, side: Side) -> Result<(), SettleError> {
        fn pick<'v, V>(side: Side, ours: &'v V, theirs: &'v V) -> &'v V {
            match side {
                Side::Ours => ours,
                Side::Theirs => theirs,
            }
        }
        match (&conflict.place, &conflict.versions) {
            (ConflictPlace::ProposalDecision(id), Some(Versions::Decision { ours, theirs, .. })) => {
                let p = self.review.proposal_mut(*id).ok_or(SettleError::PlaceGone)?;
                p.decision.clone_from(pick(side, ours, theirs));
                Ok(())
            }
            (ConflictPlace::ReviewState(code), Some(Versions::State { ours, theirs, .. })) => {
                if self.category(code).is_none() {
                    return Err(SettleError::PlaceGone);
                }
                self.review.set_state(code, pick(side, ours, theirs).clone());
                Ok(())
            }
            (ConflictPlace::ProposalDecision(_) | ConflictPlace::ReviewState(_), _) => {
                Err(SettleError::Unusable(pick(side, &conflict.ours, &conflict.theirs).clone().unwrap_or_default()))
            }
            (place, _) => self.put_in_place(place, pick(side, &conflict.ours, &conflict.theirs).as_deref()),
        }
    }

    /// The value in place now for `place`, as a conflict records it; `None` when the place is
    /// gone.
    #[must_use]
    pub fn value_at(&self, place: &ConflictPlace) -> Option<String> {
        let rating = |r: Option<Rating>| r.map(|r| r.to_string()).unwrap_or_default();
        match place {
            ConflictPlace::Rating(code) => self.category(code).map(|c| rating(c.rating)),
            ConflictPlace::LastYear(code) => self.category(code).map(|c| rating(c.last_year)),
            ConflictPlace::Block(id) => self.block(*id).map(|(_, b)| b.text.clone()),
            ConflictPlace::FootnoteText(id) => self.footnote(*id).map(|f| f.text.clone()),
            ConflictPlace::FootnoteLabel(id) => self.footnote(*id).map(|f| f.label.clone()),
            ConflictPlace::FootnoteUrl(id) => self.footnote(*id).map(|f| f.url.clone().unwrap_or_default()),
            ConflictPlace::Country => Some(self.country.clone()),
            ConflictPlace::Title => Some(self.title.clone()),
            ConflictPlace::Edition => Some(self.edition.to_string()),
            ConflictPlace::Authors => Some(self.authors.byline()),
            ConflictPlace::CommentText(id) => self.review.comment(*id).map(|c| c.text.clone()),
            ConflictPlace::CommentSuggestion(id) => {
                self.review.comment(*id).map(|c| c.suggestion.clone().unwrap_or_default())
            }
            ConflictPlace::ReplyText(id) => self.reply(*id).map(|r| r.text.clone()),
            ConflictPlace::ProposalReason(id) => self.review.proposal(*id).map(|p| p.reason.clone()),
            ConflictPlace::ProposalDecision(id) => {
                self.review.proposal(*id).map(|p| describe_decision(p.decision.as_ref()))
            }
            ConflictPlace::ReviewState(code) => self.category(code).map(|_| describe_state(self.review.state(code))),
        }
    }

    /// The reply with this id, in a comment's or a proposal's thread.
    fn reply(&self, id: Id) -> Option<&super::review::Reply> {
        let comments = self.review.comments.iter().flat_map(|c| &c.replies);
        comments.chain(self.review.proposals.iter().flat_map(|p| &p.replies)).find(|r| r.id == id)
    }

    fn reply_mut(&mut self, id: Id) -> Option<&mut super::review::Reply> {
        let comments = self.review.comments.iter_mut().flat_map(|c| &mut c.replies);
        comments.chain(self.review.proposals.iter_mut().flat_map(|p| &mut p.replies)).find(|r| r.id == id)
    }

    /// Gives footnote `id` the label `label`, and every marker that cites it (by its label
    /// now) the new label, so that each keeps meaning the same source.
    fn relabel_footnote(&mut self, id: Id, label: &str) -> Result<(), SettleError> {
        let label = label.trim();
        let at = self.footnotes.iter().position(|f| f.id == id).ok_or(SettleError::PlaceGone)?;
        let old = self.footnotes[at].label.clone();
        if old == label {
            return Ok(());
        }
        if label.is_empty() || label.chars().any(|c| c.is_whitespace() || c == '[' || c == ']') {
            return Err(SettleError::Unusable(label.to_owned()));
        }
        if self.footnotes.iter().any(|f| f.id != id && f.label == label) {
            return Err(SettleError::LabelTaken(label.to_owned()));
        }
        // Markers of the old label cite this footnote only when it is the first of that label.
        let cited = self.footnotes.iter().position(|f| f.label == old) == Some(at);
        if cited {
            let relabel = |b: &mut super::TextBlock| {
                b.text = super::markers::relabel(&b.text, |l| (l == old).then(|| label.to_owned()));
            };
            self.score_changes.iter_mut().for_each(relabel);
            for t in &mut self.texts {
                t.paragraphs.iter_mut().for_each(relabel);
            }
            for e in &mut self.categories {
                e.bullets.iter_mut().for_each(relabel);
            }
        }
        label.clone_into(&mut self.footnotes[at].label);
        Ok(())
    }

    fn put_in_place(&mut self, place: &ConflictPlace, value: Option<&str>) -> Result<(), SettleError> {
        let unusable = |v: &str| SettleError::Unusable(v.to_owned());
        let parse_rating = |v: Option<&str>| -> Result<Option<Rating>, SettleError> {
            match v.map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => Rating::parse(v).map(Some).map_err(|_| unusable(v)),
            }
        };
        match place {
            ConflictPlace::Rating(code) => {
                let r = parse_rating(value)?;
                self.category_mut(code).ok_or(SettleError::PlaceGone)?.rating = r;
            }
            ConflictPlace::LastYear(code) => {
                let r = parse_rating(value)?;
                self.category_mut(code).ok_or(SettleError::PlaceGone)?.last_year = r;
            }
            ConflictPlace::Block(id) => {
                if let Some(text) = value {
                    text.clone_into(&mut self.block_mut(*id).ok_or(SettleError::PlaceGone)?.text);
                } else {
                    let (list, i) = self.list_of_mut(*id).ok_or(SettleError::PlaceGone)?;
                    list.remove(i);
                }
            }
            ConflictPlace::FootnoteText(id) | ConflictPlace::FootnoteLabel(id) | ConflictPlace::FootnoteUrl(id) => {
                match value {
                    None => {
                        let before = self.footnotes.len();
                        self.footnotes.retain(|f| f.id != *id);
                        if self.footnotes.len() == before {
                            return Err(SettleError::PlaceGone);
                        }
                    }
                    Some(v) if matches!(place, ConflictPlace::FootnoteLabel(_)) => self.relabel_footnote(*id, v)?,
                    Some(v) => {
                        let f = self.footnote_mut(*id).ok_or(SettleError::PlaceGone)?;
                        if matches!(place, ConflictPlace::FootnoteText(_)) {
                            v.clone_into(&mut f.text);
                        } else {
                            f.url = Some(v.to_owned()).filter(|u| !u.is_empty());
                        }
                    }
                }
            }
            ConflictPlace::Country => value.unwrap_or_default().clone_into(&mut self.country),
            ConflictPlace::Title => value.unwrap_or_default().clone_into(&mut self.title),
            ConflictPlace::Edition => {
                let v = value.unwrap_or_default();
                self.edition = v.trim().parse().map_err(|_| unusable(v))?;
            }
            ConflictPlace::Authors => {
                let v = value.unwrap_or_default().trim();
                self.authors = if v == "Anonymous" {
                    super::Authors::Anonymous
                } else {
                    super::Authors::Named(
                        v.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect(),
                    )
                };
            }
            ConflictPlace::CommentText(id) => {
                let c = self.review.comment_mut(*id).ok_or(SettleError::PlaceGone)?;
                value.unwrap_or_default().clone_into(&mut c.text);
            }
            ConflictPlace::CommentSuggestion(id) => {
                let c = self.review.comment_mut(*id).ok_or(SettleError::PlaceGone)?;
                c.suggestion = value.filter(|v| !v.is_empty()).map(str::to_owned);
            }
            ConflictPlace::ReplyText(id) => {
                let r = self.reply_mut(*id).ok_or(SettleError::PlaceGone)?;
                value.unwrap_or_default().clone_into(&mut r.text);
            }
            ConflictPlace::ProposalReason(id) => {
                let p = self.review.proposal_mut(*id).ok_or(SettleError::PlaceGone)?;
                value.unwrap_or_default().clone_into(&mut p.reason);
            }
            ConflictPlace::ProposalDecision(_) | ConflictPlace::ReviewState(_) => {
                return Err(unusable(value.unwrap_or_default()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Methodology;

    #[test]
    fn theirs_goes_in_place_ours_stays_and_either_way_the_conflict_is_settled() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Georgia", 2024);
        c.categories[0].rating = Some(Rating::from_hundredths(300));
        let b = c.new_block("Ours.");
        let block = b.id;
        c.categories[0].bullets.push(b);
        let ids = [c.new_id(), c.new_id(), c.new_id()];
        c.conflicts = vec![
            Conflict {
                id: ids[0],
                place: ConflictPlace::Rating("NDG".into()),
                base: Some("2.75".into()),
                ours: Some("3.00".into()),
                theirs: Some("3.25".into()),
                versions: None,
            },
            Conflict {
                id: ids[1],
                place: ConflictPlace::Block(block),
                base: Some("Base.".into()),
                ours: Some("Ours.".into()),
                theirs: None,
                versions: None,
            },
            Conflict {
                id: ids[2],
                place: ConflictPlace::Country,
                base: None,
                ours: Some("Georgia".into()),
                theirs: Some("Sakartvelo".into()),
                versions: None,
            },
        ];
        c.settle_conflict(ids[0], &Settle::Theirs).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.categories[0].rating, Some(Rating::from_hundredths(325)));
        c.settle_conflict(ids[2], &Settle::Ours).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.country, "Georgia");
        assert_eq!(c.value_at(&ConflictPlace::Block(block)).as_deref(), Some("Ours."));
        c.settle_conflict(ids[1], &Settle::Theirs).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.categories[0].bullets.is_empty(), "their deletion is carried out");
        // We deleted a bullet they edited: the merge kept theirs in place; taking ours deletes it.
        let b = c.new_block("Their edit.");
        let kept = b.id;
        c.categories[1].bullets.push(b);
        let id = c.new_id();
        c.conflicts.push(Conflict {
            id,
            place: ConflictPlace::Block(kept),
            base: Some("Base.".into()),
            ours: None,
            theirs: Some("Their edit.".into()),
            versions: None,
        });
        c.settle_conflict(id, &Settle::Ours).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.categories[1].bullets.is_empty(), "our deletion is carried out");
        assert!(c.conflicts.is_empty());
        assert_eq!(c.settle_conflict(ids[1], &Settle::Ours), Err(SettleError::NotFound));
    }

    #[test]
    fn a_label_put_in_place_takes_its_markers_along() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Georgia", 2024);
        let note = c.add_footnote("3", "Court records.", None);
        c.add_footnote("4", "Ombudsman report.", None);
        let b = c.new_block("Trials were closed.[^3] Appeals failed.[^4][^3]");
        c.categories[5].bullets.push(b);
        let conflict = |c: &mut Chapter, theirs: &str| {
            let id = c.new_id();
            c.conflicts.push(Conflict {
                id,
                place: ConflictPlace::FootnoteLabel(note),
                base: Some("2".into()),
                ours: Some("3".into()),
                theirs: Some(theirs.into()),
                versions: None,
            });
            id
        };
        // A label another footnote has is refused: its markers would come to mean that one.
        let taken = conflict(&mut c, "4");
        let before = c.clone();
        assert_eq!(c.settle_conflict(taken, &Settle::Theirs), Err(SettleError::LabelTaken("4".into())));
        assert_eq!(c, before);
        c.conflicts.clear();
        let id = conflict(&mut c, "7");
        c.settle_conflict(id, &Settle::Theirs).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.categories[5].bullets[0].text, "Trials were closed.[^7] Appeals failed.[^4][^7]");
        assert_eq!(c.footnote(note).map(|f| f.label.as_str()), Some("7"));
    }

    #[test]
    fn an_unusable_version_changes_nothing() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Georgia", 2024);
        let id = c.new_id();
        c.conflicts.push(Conflict {
            id,
            place: ConflictPlace::Edition,
            base: None,
            ours: Some("2024".into()),
            theirs: Some("twenty".into()),
            versions: None,
        });
        let before = c.clone();
        assert_eq!(c.settle_conflict(id, &Settle::Theirs), Err(SettleError::Unusable("twenty".into())));
        assert_eq!(c, before);
    }
}
