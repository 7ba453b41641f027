//! Undo and redo: snapshots of a state, with one step per discrete edit and one per burst of
//! typing.
//!
//! [`History`] keeps the states before each step (`undos`) and the states undone (`redos`). Any
//! new edit clears the redo stack: once the author has done something new, what was undone
//! before is gone for good, as in every editor (redoing it would silently throw away the new
//! edit). Typing into one field joins the step already open for that field until the field
//! changes or the typing pauses for [`History::pause`] seconds, so a sentence is one step and
//! not fifty.
//!
//! The history is pure data: no clock of its own (callers pass the time), no egui, so the
//! editor and its tests see the same behaviour.

use std::sync::Arc;

use crate::model::{CategoryEntry, Chapter, Footnote, TextBlock};

/// Undo and redo over snapshots of `S`; `K` names the field a burst of typing goes into.
#[derive(Clone, Debug)]
pub struct History<S, K = u64> {
    undos: Vec<S>,
    redos: Vec<S>,
    /// The burst of typing still open: which field, and when it was last typed into.
    burst: Option<(K, f64)>,
    max: usize,
    pause: f64,
}

impl<S: Clone, K: PartialEq> Default for History<S, K> {
    fn default() -> Self {
        Self::new(200, 0.8)
    }
}

impl<S: Clone, K: PartialEq> History<S, K> {
    /// A history keeping at most `max` undo steps, closing a burst of typing after `pause`
    /// seconds without a key.
    #[must_use]
    pub fn new(max: usize, pause: f64) -> Self {
        Self { undos: Vec::new(), redos: Vec::new(), burst: None, max: max.max(1), pause }
    }

    /// Seconds without typing that close a burst.
    #[must_use]
    pub fn pause(&self) -> f64 {
        self.pause
    }

    /// Records a discrete edit: `before` is the state it changed. Clears the redo stack and
    /// closes any burst of typing.
    pub fn record(&mut self, before: S) {
        self.burst = None;
        self.push_undo(before);
    }

    /// Whether a key typed into `field` at time `now` joins the burst of typing already open.
    #[must_use]
    pub fn joins(&self, field: &K, now: f64) -> bool {
        matches!(&self.burst, Some((open, last)) if open == field && now - *last < self.pause)
    }

    /// Records typing into `field` at time `now`. A key that [`Self::joins`] the open burst
    /// adds no step; the first key of a burst records `before`, the state before that key (a
    /// caller that knows the key joins may pass `None`). Any typing clears the redo stack.
    pub fn typed(&mut self, field: K, now: f64, before: Option<S>) {
        if self.joins(&field, now) {
            self.redos.clear();
        } else if let Some(before) = before {
            self.push_undo(before);
        } else {
            self.redos.clear();
        }
        self.burst = Some((field, now));
    }

    /// Closes the burst of typing, so the next key starts a step of its own.
    pub fn close_burst(&mut self) {
        self.burst = None;
    }

    /// Goes one step back from `current`; returns the state to show, or `None` when there is
    /// nothing to undo.
    pub fn undo(&mut self, current: &S) -> Option<S> {
        self.burst = None;
        let state = self.undos.pop()?;
        self.redos.push(current.clone());
        Some(state)
    }

    /// Goes one step forward again from `current`; `None` when nothing was undone since the
    /// last edit.
    pub fn redo(&mut self, current: &S) -> Option<S> {
        self.burst = None;
        let state = self.redos.pop()?;
        self.undos.push(current.clone());
        Some(state)
    }

    /// Whether there is something to undo.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        !self.undos.is_empty()
    }

    /// Whether there is something to redo.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        !self.redos.is_empty()
    }

    /// How many steps can be undone.
    #[must_use]
    pub fn undo_len(&self) -> usize {
        self.undos.len()
    }

    /// The state the next undo goes back to, if any (what a new snapshot may share with).
    #[must_use]
    pub fn last(&self) -> Option<&S> {
        self.undos.last()
    }

    fn push_undo(&mut self, before: S) {
        self.redos.clear();
        self.undos.push(before);
        if self.undos.len() > self.max {
            let excess = self.undos.len() - self.max;
            self.undos.drain(..excess);
        }
    }
}

/// A chapter as the undo history keeps it: the bulky lists — each category's bullets and the
/// footnote list — are shared with an earlier snapshot wherever they are unchanged, so that a
/// step that changes a rating or one bullet copies neither the other bullets nor the footnotes.
/// A long chapter's two hundred steps cost about what the chapter costs once, and taking a
/// snapshot costs a comparison rather than a copy.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The chapter without its bullets and footnotes.
    shell: Chapter,
    /// Each category's bullets, in order.
    bullets: Vec<Arc<Vec<TextBlock>>>,
    footnotes: Arc<Vec<Footnote>>,
}

impl Snapshot {
    /// A snapshot of `chapter`, sharing the lists it has in common with `like`.
    #[must_use]
    pub fn take(chapter: &Chapter, like: Option<&Self>) -> Self {
        // Every field named: a field added to the chapter is a compile error here, not a field
        // the undo history silently forgets.
        let Chapter {
            methodology,
            country,
            edition,
            title,
            authors,
            categories,
            score_changes,
            texts,
            conversions,
            columns,
            footnotes,
            review,
            conflicts,
            spelling,
            next_id,
        } = chapter;
        let shell = Chapter {
            methodology: methodology.clone(),
            country: country.clone(),
            edition: *edition,
            title: title.clone(),
            authors: authors.clone(),
            categories: categories
                .iter()
                .map(|c| {
                    let CategoryEntry { code, rating, last_year, bullets: _ } = c;
                    CategoryEntry { code: code.clone(), rating: *rating, last_year: *last_year, bullets: Vec::new() }
                })
                .collect(),
            score_changes: score_changes.clone(),
            texts: texts.clone(),
            conversions: conversions.clone(),
            columns: columns.clone(),
            footnotes: Vec::new(),
            review: review.clone(),
            conflicts: conflicts.clone(),
            spelling: spelling.clone(),
            next_id: *next_id,
        };
        let bullets = categories
            .iter()
            .enumerate()
            .map(|(i, c)| match like.and_then(|l| l.bullets.get(i)) {
                Some(shared) if **shared == c.bullets => Arc::clone(shared),
                _ => Arc::new(c.bullets.clone()),
            })
            .collect();
        let footnotes = match like {
            Some(l) if *l.footnotes == *footnotes => Arc::clone(&l.footnotes),
            _ => Arc::new(footnotes.clone()),
        };
        Self { shell, bullets, footnotes }
    }

    /// The chapter this is a snapshot of.
    #[must_use]
    pub fn restore(&self) -> Chapter {
        let mut chapter = self.shell.clone();
        for (entry, bullets) in chapter.categories.iter_mut().zip(&self.bullets) {
            entry.bullets.clone_from(bullets.as_ref());
        }
        chapter.footnotes.clone_from(self.footnotes.as_ref());
        chapter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a discrete edit to `state`, recording it.
    fn edit(h: &mut History<String>, state: &mut String, to: &str) {
        h.record(state.clone());
        *state = to.to_owned();
    }

    #[test]
    fn a_new_edit_after_undo_clears_redo() {
        // The reported bug: +NDG, undo, +EP, redo brought NDG back and lost EP.
        let mut h = History::default();
        let mut s = "NDG 1.25, EP 1.25".to_owned();
        edit(&mut h, &mut s, "NDG 1.50, EP 1.25");
        s = h.undo(&s).unwrap_or_else(|| panic!("undo"));
        assert_eq!(s, "NDG 1.25, EP 1.25");
        assert!(h.can_redo());
        edit(&mut h, &mut s, "NDG 1.25, EP 1.50");
        assert!(!h.can_redo(), "a new edit leaves nothing to redo");
        assert_eq!(h.redo(&s), None);
        assert_eq!(s, "NDG 1.25, EP 1.50");
        s = h.undo(&s).unwrap_or_else(|| panic!("undo"));
        assert_eq!(s, "NDG 1.25, EP 1.25");
        assert!(!h.can_undo());
    }

    #[test]
    fn undo_and_redo_walk_the_steps_both_ways() {
        let mut h = History::default();
        let mut s = "a".to_owned();
        edit(&mut h, &mut s, "b");
        edit(&mut h, &mut s, "c");
        s = h.undo(&s).unwrap_or_else(|| panic!("undo 1"));
        s = h.undo(&s).unwrap_or_else(|| panic!("undo 2"));
        assert_eq!(s, "a");
        assert_eq!(h.undo(&s), None);
        s = h.redo(&s).unwrap_or_else(|| panic!("redo 1"));
        assert_eq!(s, "b");
        s = h.redo(&s).unwrap_or_else(|| panic!("redo 2"));
        assert_eq!(s, "c");
        assert_eq!(h.redo(&s), None);
    }

    #[test]
    fn a_burst_of_typing_is_one_step_until_a_pause_or_another_field() {
        let mut h: History<String> = History::new(100, 0.8);
        let mut s = String::new();
        for (i, ch) in "Tokayev".chars().enumerate() {
            let before = s.clone();
            h.typed(1, i as f64 * 0.1, Some(before));
            s.push(ch);
        }
        assert_eq!(h.undo_len(), 1);
        // A pause starts a new step.
        let before = s.clone();
        h.typed(1, 5.0, Some(before));
        s.push('!');
        assert_eq!(h.undo_len(), 2);
        // So does another field, at once.
        let before = s.clone();
        h.typed(2, 5.1, Some(before));
        s.push('?');
        assert_eq!(h.undo_len(), 3);
        s = h.undo(&s).unwrap_or_else(|| panic!("undo"));
        assert_eq!(s, "Tokayev!");
        s = h.undo(&s).unwrap_or_else(|| panic!("undo"));
        assert_eq!(s, "Tokayev");
        s = h.undo(&s).unwrap_or_else(|| panic!("undo"));
        assert_eq!(s, "");
    }

    #[test]
    fn typing_after_undo_clears_redo_too() {
        let mut h: History<String> = History::default();
        let mut s = "x".to_owned();
        edit(&mut h, &mut s, "y");
        s = h.undo(&s).unwrap_or_else(|| panic!("undo"));
        let before = s.clone();
        h.typed(7, 0.0, Some(before));
        s.push('z');
        assert!(!h.can_redo());
    }

    #[test]
    fn a_snapshot_restores_the_chapter_and_shares_what_did_not_change() {
        let mut chapter = crate::sample::large_chapter(7, 5, 20);
        let first = Snapshot::take(&chapter, None);
        assert_eq!(first.restore(), chapter);
        // A rating changed: nothing bulky is copied.
        chapter.categories[2].rating = Some(crate::model::Rating::from_hundredths(300));
        let second = Snapshot::take(&chapter, Some(&first));
        assert_eq!(second.restore(), chapter);
        assert!(second.bullets.iter().zip(&first.bullets).all(|(a, b)| Arc::ptr_eq(a, b)));
        assert!(Arc::ptr_eq(&second.footnotes, &first.footnotes));
        // One bullet edited: only its category's bullets are copied.
        chapter.categories[4].bullets[1].text.push_str(" More.");
        let third = Snapshot::take(&chapter, Some(&second));
        assert_eq!(third.restore(), chapter);
        let shared: Vec<bool> = third.bullets.iter().zip(&second.bullets).map(|(a, b)| Arc::ptr_eq(a, b)).collect();
        assert_eq!(shared, [true, true, true, true, false, true, true]);
        assert_eq!(first.restore().categories[2].rating, Some(crate::model::Rating::from_hundredths(125)));
    }

    #[test]
    fn the_oldest_steps_go_past_the_limit() {
        let mut h: History<u32> = History::new(3, 0.8);
        let mut s = 0;
        for n in 1..=5 {
            h.record(s);
            s = n;
        }
        assert_eq!(h.undo_len(), 3);
        for expect in [4, 3, 2] {
            s = h.undo(&s).unwrap_or_else(|| panic!("undo"));
            assert_eq!(s, expect);
        }
        assert_eq!(h.undo(&s), None);
    }
}
