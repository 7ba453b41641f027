//! The review's part of a merge: comments, proposals and their replies by id, review states by
//! category.
//!
//! Comments, proposals and replies are *threads* ([`Thread`]): one function,
//! [`merge_thread`], decides what becomes of each from its three versions, and each kind only
//! lists its fields. A reviewer's words (a comment's text or suggested wording, a reply, a
//! proposal's reason) and verdicts (a proposal's decision, a category's review state) that
//! both sides changed differently are conflicts kept in the chapter, with ours in place;
//! nothing a reviewer wrote is dropped. What carries no one's words (a comment's anchor or
//! quote, who signed it) keeps ours, with a note.

use super::{Lists, Pending, merge_lists, three};
use crate::model::conflict::{Versions, describe_decision, describe_state};
use crate::model::review::{Comment, Proposal, Reply, ReviewState};
use crate::model::{Chapter, ConflictPlace, Id};

/// Merges the review of `base`, `ours` and `theirs` into `out`.
pub(super) fn review(
    base: &Chapter,
    ours: &Chapter,
    theirs: &Chapter,
    out: &mut Chapter,
    pending: &mut Vec<Pending>,
    notes: &mut Vec<String>,
) {
    out.review.comments =
        threads(&base.review.comments, &ours.review.comments, &theirs.review.comments, pending, notes);
    out.review.proposals =
        threads(&base.review.proposals, &ours.review.proposals, &theirs.review.proposals, pending, notes);
    let mut codes: Vec<&str> = ours.review.states.iter().map(|s| s.code.as_str()).collect();
    for s in theirs.review.states.iter().chain(&base.review.states) {
        if !codes.contains(&s.code.as_str()) {
            codes.push(&s.code);
        }
    }
    let mut states = crate::model::Review::default();
    for code in codes {
        let (b, o, t) = (base.review.state(code), ours.review.state(code), theirs.review.state(code));
        let state = three(b, o, t).unwrap_or_else(|()| {
            if verdict(o) == verdict(t) {
                // Both came to the same verdict (agreed, or asked for work): ours stands.
                notes
                    .push(format!("both sides set the review state of {code} alike, signed differently; ours is kept"));
            } else {
                pending.push(Pending {
                    place: ConflictPlace::ReviewState(code.to_owned()),
                    base: Some(describe_state(b)),
                    ours: Some(describe_state(o)),
                    theirs: Some(describe_state(t)),
                    versions: Some(Versions::State { base: b.clone(), ours: o.clone(), theirs: t.clone() }),
                });
            }
            o.clone()
        });
        states.set_state(code, state);
    }
    out.review.states = states.states;
}

/// A review state's verdict, whoever signed it and whatever it was agreed on.
fn verdict(state: &ReviewState) -> u8 {
    match state {
        ReviewState::Unreviewed => 0,
        ReviewState::NeedsWork(_) => 1,
        ReviewState::Agreed { .. } => 2,
    }
}

/// Merges lists of threads by id (see [`merge_lists`]).
fn threads<T: Thread>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    pending: &mut Vec<Pending>,
    notes: &mut Vec<String>,
) -> Vec<T> {
    let single = |v: &[T]| -> Lists<(), T> { vec![((), v.to_vec())] };
    let merged = merge_lists(&single(base), &single(ours), &single(theirs), T::id, |b, o, t| {
        merge_thread(b, o, t, pending, notes)
    });
    merged.into_iter().flat_map(|((), l)| l).collect()
}

/// A comment, a proposal or a reply: something of the review with an id that merges field by
/// field.
trait Thread: Clone + PartialEq {
    /// Its id.
    fn id(&self) -> Id;
    /// What a note calls it: "comment #12".
    fn name(&self) -> String;
    /// Merges the fields of `base`, `ours` and `theirs` into `out` (a copy of ours).
    fn merge_fields(out: &mut Self, base: &Self, ours: &Self, theirs: &Self, fields: &mut Fields<'_>);
}

/// What becomes of one thread, from its base, our and their versions (`None` where absent):
/// new on one side, kept; deleted on one side and left alone on the other, gone; deleted on
/// one side and changed on the other, kept (with a note); on both sides, merged field by field.
fn merge_thread<T: Thread>(
    base: Option<&T>,
    ours: Option<&T>,
    theirs: Option<&T>,
    pending: &mut Vec<Pending>,
    notes: &mut Vec<String>,
) -> Option<T> {
    match (base, ours, theirs) {
        (None, Some(o), _) => Some(o.clone()),
        (None, None, Some(t)) => Some(t.clone()),
        (Some(b), Some(x), None) | (Some(b), None, Some(x)) => {
            if x == b {
                None
            } else {
                notes.push(format!("{} was deleted on one side and changed on the other; kept", x.name()));
                Some(x.clone())
            }
        }
        (Some(b), Some(o), Some(t)) => {
            let mut out = o.clone();
            let mut fields = Fields { pending, notes, lost: Vec::new() };
            T::merge_fields(&mut out, b, o, t, &mut fields);
            let lost = std::mem::take(&mut fields.lost);
            if !lost.is_empty() {
                notes.push(format!(
                    "{}: both sides changed its {} differently; ours is kept",
                    o.name(),
                    lost.join(", ")
                ));
            }
            Some(out)
        }
        (_, None, None) => None,
    }
}

/// Where a thread's fields merge: conflicts and notes go here.
struct Fields<'a> {
    pending: &'a mut Vec<Pending>,
    notes: &'a mut Vec<String>,
    /// The fields of the thread being merged whose change of theirs was not taken.
    lost: Vec<&'static str>,
}

impl Fields<'_> {
    /// A field that carries nobody's words: changed differently on both sides, ours is kept
    /// and the field named in a note.
    fn value<V: PartialEq + Clone>(&mut self, name: &'static str, base: &V, ours: &V, theirs: &V) -> V {
        three(base, ours, theirs).unwrap_or_else(|()| {
            self.lost.push(name);
            ours.clone()
        })
    }

    /// Someone's words: changed differently on both sides, a conflict at `place` with ours in
    /// place.
    fn words(&mut self, place: ConflictPlace, base: &str, ours: &str, theirs: &str) -> String {
        three(&base, &ours, &theirs).map_or_else(
            |()| {
                self.pending.push(Pending {
                    place,
                    base: Some(base.to_owned()),
                    ours: Some(ours.to_owned()),
                    theirs: Some(theirs.to_owned()),
                    versions: None,
                });
                ours.to_owned()
            },
            ToOwned::to_owned,
        )
    }

    /// A thread's replies, each a thread of its own.
    fn replies(&mut self, base: &[Reply], ours: &[Reply], theirs: &[Reply]) -> Vec<Reply> {
        threads(base, ours, theirs, self.pending, self.notes)
    }
}

impl Thread for Reply {
    fn id(&self) -> Id {
        self.id
    }

    fn name(&self) -> String {
        format!("reply {}", self.id)
    }

    fn merge_fields(out: &mut Self, b: &Self, o: &Self, t: &Self, f: &mut Fields<'_>) {
        out.text = f.words(ConflictPlace::ReplyText(o.id), &b.text, &o.text, &t.text);
        out.signed = f.value("signature", &b.signed, &o.signed, &t.signed);
    }
}

impl Thread for Comment {
    fn id(&self) -> Id {
        self.id
    }

    fn name(&self) -> String {
        format!("comment {}", self.id)
    }

    fn merge_fields(out: &mut Self, b: &Self, o: &Self, t: &Self, f: &mut Fields<'_>) {
        out.anchor = f.value("anchor", &b.anchor, &o.anchor, &t.anchor);
        out.quote = f.value("quote", &b.quote, &o.quote, &t.quote);
        let suggestion = |c: &Comment| c.suggestion.clone().unwrap_or_default();
        let suggested = f.words(ConflictPlace::CommentSuggestion(o.id), &suggestion(b), &suggestion(o), &suggestion(t));
        out.suggestion = Some(suggested).filter(|s| !s.is_empty());
        out.text = f.words(ConflictPlace::CommentText(o.id), &b.text, &o.text, &t.text);
        out.signed = f.value("signature", &b.signed, &o.signed, &t.signed);
        out.outcome = three(&b.outcome, &o.outcome, &t.outcome).unwrap_or(o.outcome.or(t.outcome));
        // Resolved if either side resolved it (and nobody reopened it).
        out.resolved = three(&b.resolved, &o.resolved, &t.resolved)
            .unwrap_or_else(|()| o.resolved.clone().or_else(|| t.resolved.clone()));
        out.replies = f.replies(&b.replies, &o.replies, &t.replies);
    }
}

impl Thread for Proposal {
    fn id(&self) -> Id {
        self.id
    }

    fn name(&self) -> String {
        format!("proposal {} ({} for {})", self.id, self.rating, self.category)
    }

    fn merge_fields(out: &mut Self, b: &Self, o: &Self, t: &Self, f: &mut Fields<'_>) {
        out.category = f.value("category", &b.category, &o.category, &t.category);
        out.rating = f.value("rating", &b.rating, &o.rating, &t.rating);
        out.reason = f.words(ConflictPlace::ProposalReason(o.id), &b.reason, &o.reason, &t.reason);
        out.signed = f.value("signature", &b.signed, &o.signed, &t.signed);
        // A decision taken on one side stands; the same verdict on both, ours stands; accepted
        // on one side and declined (or reopened) on the other, a conflict.
        let accepted = |p: &Proposal| p.decision.as_ref().map(|d| d.accepted);
        out.decision = three(&b.decision, &o.decision, &t.decision).unwrap_or_else(|()| {
            if accepted(o) == accepted(t) {
                f.lost.push("decision's signature");
            } else {
                f.pending.push(Pending {
                    place: ConflictPlace::ProposalDecision(o.id),
                    base: Some(describe_decision(b.decision.as_ref())),
                    ours: Some(describe_decision(o.decision.as_ref())),
                    theirs: Some(describe_decision(t.decision.as_ref())),
                    versions: Some(Versions::Decision {
                        base: b.decision.clone(),
                        ours: o.decision.clone(),
                        theirs: t.decision.clone(),
                    }),
                });
            }
            o.decision.clone()
        });
        out.replies = f.replies(&b.replies, &o.replies, &t.replies);
    }
}
