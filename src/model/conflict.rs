//! Merge conflicts a chapter carries until someone settles them.
//!
//! A three-way merge (see `crate::merge`) combines what two people changed. Where both changed
//! the same thing differently — a rating, overlapping words of one bullet, a footnote, a header
//! field — the merged chapter keeps *our* version in place, so the file loads and reads as a
//! chapter, and records a [`Conflict`] with the base, our and their versions. Nothing either
//! side wrote is dropped. The editor shows each conflict as an error finding with "Take ours",
//! "Take theirs" and "Edit"; [`Chapter::settle_conflict`] does what the author chose.

use serde::{Deserialize, Serialize};

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
}

impl Chapter {
    /// Settles conflict `id` as the author chose: [`Settle::Theirs`] puts their version in
    /// place (their deletion of a block or footnote removes it); the conflict is then gone.
    pub fn settle_conflict(&mut self, id: Id, how: &Settle) -> Result<(), SettleError> {
        let conflict = self.conflicts.iter().find(|c| c.id == id).cloned().ok_or(SettleError::NotFound)?;
        match how {
            Settle::Theirs => self.put_in_place(&conflict.place, conflict.theirs.as_deref())?,
            // Ours is normally in place already; putting it back also undoes a hand edit since,
            // and carries out our deletion where the merge kept their edited block meanwhile.
            Settle::Ours => match self.put_in_place(&conflict.place, conflict.ours.as_deref()) {
                Err(SettleError::PlaceGone) if conflict.ours.is_none() => {}
                other => other?,
            },
            Settle::AsEdited => {}
        }
        self.conflicts.retain(|c| c.id != id);
        Ok(())
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
        }
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
                    Some(v) => {
                        let f = self.footnote_mut(*id).ok_or(SettleError::PlaceGone)?;
                        match place {
                            ConflictPlace::FootnoteText(_) => v.clone_into(&mut f.text),
                            ConflictPlace::FootnoteLabel(_) => v.clone_into(&mut f.label),
                            _ => f.url = Some(v.to_owned()).filter(|u| !u.is_empty()),
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
            },
            Conflict {
                id: ids[1],
                place: ConflictPlace::Block(block),
                base: Some("Base.".into()),
                ours: Some("Ours.".into()),
                theirs: None,
            },
            Conflict {
                id: ids[2],
                place: ConflictPlace::Country,
                base: None,
                ours: Some("Georgia".into()),
                theirs: Some("Sakartvelo".into()),
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
        });
        c.settle_conflict(id, &Settle::Ours).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.categories[1].bullets.is_empty(), "our deletion is carried out");
        assert!(c.conflicts.is_empty());
        assert_eq!(c.settle_conflict(ids[1], &Settle::Ours), Err(SettleError::NotFound));
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
        });
        let before = c.clone();
        assert_eq!(c.settle_conflict(id, &Settle::Theirs), Err(SettleError::Unusable("twenty".into())));
        assert_eq!(c, before);
    }
}
