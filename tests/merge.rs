//! Three-way merges of chapters: edits that combine, conflicts kept in the chapter, footnote
//! labels that collide, ids that collide, and the command's exit codes.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use rapporteur::findings::{self, Code};
use rapporteur::io;
use rapporteur::merge::{Merged, merge};
use rapporteur::method::Methodology;
use rapporteur::model::conflict::Settle;
use rapporteur::model::review::{Anchor, Person, Role, Signed};
use rapporteur::model::{Chapter, ConflictPlace, Id, Rating};

/// A small Armenian chapter of our own prose.
fn base() -> Chapter {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, "Armenia", 2025);
    for e in &mut c.categories {
        e.rating = Some(Rating::from_hundredths(325));
        e.last_year = Some(Rating::from_hundredths(325));
    }
    let p = c.new_block("A year of border talks and of protests in the capital.");
    c.text_mut("executive_summary").push(p);
    let bullets = [
        "Community councils met twice and approved every budget without debate.[^1]",
        "Mayors of the merged communities were appointed rather than elected.[^2]",
        "Residents petitioned for a public hearing on water tariffs.[^1]",
    ];
    for text in bullets {
        let b = c.new_block(text);
        c.categories[4].bullets.push(b);
    }
    c.add_footnote("1", "Council records, Gyumri, 2024.", None);
    c.add_footnote("2", "Ministry of Territorial Administration decree, 2024.", None);
    c
}

fn bullet(c: &Chapter, i: usize) -> &str {
    &c.categories[4].bullets[i].text
}

fn set_bullet(c: &mut Chapter, i: usize, text: &str) {
    text.clone_into(&mut c.categories[4].bullets[i].text);
}

fn run(base: &Chapter, ours: &Chapter, theirs: &Chapter) -> Merged {
    let merged = merge(base, ours, theirs, &Methodology::nit_2020());
    // Always a sound chapter: it loads, and its ids need no repair.
    let text = io::to_ron(&merged.chapter);
    let back = io::from_ron(&text, Path::new("merged.ron")).unwrap_or_else(|e| panic!("merged chapter loads: {e}"));
    assert_eq!(back, merged.chapter, "the merged chapter round-trips");
    let mut repaired = merged.chapter.clone();
    assert_eq!(repaired.repair_ids(), 0);
    assert_eq!(repaired, merged.chapter);
    let again = merge(base, ours, theirs, &Methodology::nit_2020());
    assert_eq!(again, merged, "deterministic");
    merged
}

#[test]
fn edits_to_different_bullets_combine() {
    let b = base();
    let mut ours = b.clone();
    set_bullet(&mut ours, 0, "Community councils met three times and approved every budget without debate.[^1]");
    let mut theirs = b.clone();
    set_bullet(&mut theirs, 2, "Residents petitioned twice for a public hearing on water tariffs.[^1]");
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 0);
    assert_eq!(bullet(&m.chapter, 0), bullet(&ours, 0));
    assert_eq!(bullet(&m.chapter, 2), bullet(&theirs, 2));
}

#[test]
fn edits_to_different_words_of_one_bullet_combine_word_by_word() {
    let b = base();
    let mut ours = b.clone();
    set_bullet(&mut ours, 0, "Community councils met only twice and approved every budget without debate.[^1]");
    let mut theirs = b.clone();
    set_bullet(&mut theirs, 0, "Community councils met twice and approved every budget without any debate.[^1]");
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 0);
    assert_eq!(
        bullet(&m.chapter, 0),
        "Community councils met only twice and approved every budget without any debate.[^1]"
    );
}

#[test]
fn overlapping_edits_of_one_bullet_are_a_conflict_with_ours_in_place() {
    let b = base();
    let mut ours = b.clone();
    set_bullet(&mut ours, 1, "Mayors of the merged communities were chosen by the ruling party.[^2]");
    let mut theirs = b.clone();
    set_bullet(&mut theirs, 1, "Mayors of the merged communities were named by the government.[^2]");
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 1);
    assert_eq!(bullet(&m.chapter, 1), bullet(&ours, 1));
    let c = &m.chapter.conflicts[0];
    assert_eq!(c.place, ConflictPlace::Block(b.categories[4].bullets[1].id));
    assert_eq!(
        (c.base.as_deref(), c.ours.as_deref(), c.theirs.as_deref()),
        (Some(bullet(&b, 1)), Some(bullet(&ours, 1)), Some(bullet(&theirs, 1)))
    );
    // The conflict is an error finding at the bullet, and their version can be put in place.
    let found: Vec<_> = findings::check(&m.chapter, &Methodology::nit_2020())
        .into_iter()
        .filter(|f| f.code == Code::MergeConflict)
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].location.block, Some(b.categories[4].bullets[1].id));
    let mut settled = m.chapter.clone();
    settled.settle_conflict(c.id, &Settle::Theirs).unwrap_or_else(|e| panic!("settle: {e}"));
    assert_eq!(bullet(&settled, 1), bullet(&theirs, 1));
}

#[test]
fn the_same_rating_changed_differently_is_a_conflict() {
    let b = base();
    let mut ours = b.clone();
    ours.categories[4].rating = Some(Rating::from_hundredths(300));
    let mut theirs = b.clone();
    theirs.categories[4].rating = Some(Rating::from_hundredths(350));
    theirs.categories[0].rating = Some(Rating::from_hundredths(300));
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 1);
    assert_eq!(m.chapter.categories[4].rating, Some(Rating::from_hundredths(300)), "ours in place");
    assert_eq!(m.chapter.categories[0].rating, Some(Rating::from_hundredths(300)), "their other change taken");
    let messages: Vec<String> =
        findings::check(&m.chapter, &Methodology::nit_2020()).into_iter().map(|f| f.message).collect();
    assert!(
        messages.contains(
            &"Local Democratic Governance rating: ours 3.00, theirs 3.50 (base 3.25) \u{2014} take one or edit"
                .to_owned()
        ),
        "{messages:?}"
    );
}

#[test]
fn footnotes_both_sides_added_with_one_label_are_relabelled_with_their_markers() {
    let b = base();
    let mut ours = b.clone();
    ours.add_footnote("3", "Interview with a council member, Vanadzor, 2024.", None);
    set_bullet(&mut ours, 0, "Community councils met twice and approved every budget without debate.[^1][^3]");
    let mut theirs = b.clone();
    theirs.add_footnote("3", "Water utility annual report, 2024.", None);
    set_bullet(&mut theirs, 2, "Residents petitioned for a public hearing on water tariffs.[^1][^3]");
    let added = theirs.new_block("Tariffs rose by a fifth in the summer.[^3]");
    theirs.categories[4].bullets.push(added);
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 0);
    assert_eq!(m.relabelled, [("3".to_owned(), "4".to_owned())]);
    let labels: Vec<(&str, &str)> = m.chapter.footnotes.iter().map(|f| (f.label.as_str(), f.text.as_str())).collect();
    assert_eq!(
        labels,
        [
            ("1", "Council records, Gyumri, 2024."),
            ("2", "Ministry of Territorial Administration decree, 2024."),
            ("3", "Interview with a council member, Vanadzor, 2024."),
            ("4", "Water utility annual report, 2024."),
        ]
    );
    assert_eq!(bullet(&m.chapter, 0), "Community councils met twice and approved every budget without debate.[^1][^3]");
    assert_eq!(bullet(&m.chapter, 2), "Residents petitioned for a public hearing on water tariffs.[^1][^4]");
    assert_eq!(bullet(&m.chapter, 3), "Tariffs rose by a fifth in the summer.[^4]");
    // The ids both sides' counters handed out (the footnotes, their new bullet) never collide.
    let ids: Vec<Id> = m.chapter.ids().collect();
    let unique: std::collections::HashSet<Id> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len());
    assert!(m.chapter.next_id > ids.iter().map(|i| i.0).max().unwrap_or(0));
}

#[test]
fn a_bullet_deleted_on_one_side_and_edited_on_the_other_is_a_conflict_and_kept() {
    let b = base();
    let id = b.categories[4].bullets[1].id;
    let mut ours = b.clone();
    ours.categories[4].bullets.remove(1);
    let mut theirs = b.clone();
    set_bullet(&mut theirs, 1, "Mayors of the merged communities were appointed by decree.[^2]");
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 1);
    let c = &m.chapter.conflicts[0];
    assert_eq!(
        (c.place.clone(), c.ours.as_deref(), c.theirs.as_deref()),
        (ConflictPlace::Block(id), None, Some(bullet(&theirs, 1)))
    );
    assert_eq!(bullet(&m.chapter, 1), bullet(&theirs, 1), "their words are not lost");

    // The other way round: we edited, they deleted.
    let m = run(&b, &theirs, &ours);
    assert_eq!(m.conflicts, 1);
    assert_eq!(m.chapter.conflicts[0].theirs, None);
    let mut settled = m.chapter.clone();
    settled.settle_conflict(settled.conflicts[0].id, &Settle::Theirs).unwrap_or_else(|e| panic!("settle: {e}"));
    assert_eq!(settled.categories[4].bullets.len(), 2, "their deletion carried out");

    // Deleted on one side and left alone on the other: gone, no conflict.
    let m = run(&b, &ours, &b);
    assert_eq!((m.conflicts, m.chapter.categories[4].bullets.len()), (0, 2));
}

#[test]
fn bullets_added_on_both_sides_keep_their_places_and_ids_never_collide() {
    let b = base();
    let mut ours = b.clone();
    let ours_new = ours.new_block("Ours, after the first bullet.");
    ours.categories[4].bullets.insert(1, ours_new);
    let mut theirs = b.clone();
    let after_second = theirs.new_block("Theirs, after the second bullet.");
    let at_top = theirs.new_block("Theirs, at the top.");
    assert_eq!(ours.categories[4].bullets[1].id, after_second.id, "both counters gave the same id");
    theirs.categories[4].bullets.insert(2, after_second);
    theirs.categories[4].bullets.insert(0, at_top);
    let signed = Signed { by: Person { name: "Ani".into(), role: Role::Reviewer }, at: chrono::DateTime::UNIX_EPOCH };
    let on_y = theirs.categories[4].bullets[3].id;
    theirs.add_comment(Anchor::Block(on_y), None, None, "Source?", signed).unwrap_or_else(|e| panic!("comment: {e}"));
    let merged = run(&b, &ours, &theirs);
    let texts: Vec<&str> = merged.chapter.categories[4].bullets.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Theirs, at the top.",
            bullet(&b, 0),
            "Ours, after the first bullet.",
            bullet(&b, 1),
            "Theirs, after the second bullet.",
            bullet(&b, 2),
        ]
    );
    // Their comment follows their bullet to its new id.
    let comment = &merged.chapter.review.comments[0];
    let Anchor::Block(anchor) = comment.anchor else { panic!("anchor: {:?}", comment.anchor) };
    assert_eq!(merged.chapter.block(anchor).map(|(_, b)| b.text.as_str()), Some("Theirs, after the second bullet."));
}

#[test]
fn merging_with_an_unchanged_side_gives_the_other_side() {
    let b = base();
    let mut x = b.clone();
    set_bullet(&mut x, 0, "Changed.[^1]");
    x.categories[4].bullets.swap(1, 2);
    x.footnotes[1].text = "Another decree.".into();
    assert_eq!(run(&b, &x, &b).chapter, x);
    assert_eq!(run(&b, &b, &x).chapter, x);
}

fn cli(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("merge")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn save(dir: &Path, name: &str, c: &Chapter) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, io::to_ron(c)).unwrap_or_else(|e| panic!("write {name}: {e}"));
    path
}

#[test]
fn the_command_exits_1_on_conflicts_0_without_and_2_on_bad_input() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let b = base();
    let mut ours = b.clone();
    set_bullet(&mut ours, 1, "Mayors were chosen by the ruling party.[^2]");
    let mut theirs = b.clone();
    set_bullet(&mut theirs, 1, "Mayors were named by the government.[^2]");
    let (pb, po, pt) = (
        save(dir.path(), "base.ron", &b),
        save(dir.path(), "ours.ron", &ours),
        save(dir.path(), "theirs.ron", &theirs),
    );
    let (code, out) = cli(&[pb.as_os_str(), po.as_os_str(), pt.as_os_str(), "-o".as_ref(), po.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!(
            "Merged into {}: 1 conflict recorded (take one side or edit; `rapporteur check` lists it)\n",
            po.display()
        )
    );
    let merged = io::load(&po).unwrap_or_else(|e| panic!("load: {e}"));
    assert_eq!(merged.conflicts.len(), 1);
    let out_path = dir.path().join("clean.ron");
    let (code, _) = cli(&[pb.as_os_str(), pb.as_os_str(), pt.as_os_str(), "-o".as_ref(), out_path.as_os_str()]);
    assert_eq!(code, 0);
    assert_eq!(io::load(&out_path).unwrap_or_else(|e| panic!("load: {e}")), theirs);
    let missing = dir.path().join("missing.ron");
    let (code, _) = cli(&[pb.as_os_str(), missing.as_os_str(), pt.as_os_str(), "-o".as_ref(), out_path.as_os_str()]);
    assert_eq!(code, 2);
}

/// A chapter whose footnotes are out of order, as a first draft often is: bullet 2 of NDG cites
/// `[^12]` before `[^11]`.
fn out_of_order() -> Chapter {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, "Kazakhstan", 2024);
    for i in 1..=10 {
        c.add_footnote(i.to_string(), format!("Background source {i}."), None);
    }
    c.add_footnote("11", "Report on the sentencing of the former security chief, 2023.", None);
    c.add_footnote("12", "Report on the investigation into the businessman's death, 2023.", None);
    let all: String = (1..=10).map(|i| rapporteur::model::markers::marker(&i.to_string())).collect();
    let first = c.new_block(format!("Parliament passed the year's laws without debate.{all}"));
    let second = c.new_block("The death inquiry[^12] came after the security chief's sentence.[^11]");
    c.categories[0].bullets = vec![first, second];
    c
}

/// The label of the footnote whose citation starts with `start`.
fn label_of<'c>(c: &'c Chapter, start: &str) -> &'c str {
    c.footnotes.iter().find(|f| f.text.starts_with(start)).map_or("none", |f| f.label.as_str())
}

#[test]
fn a_renumbering_on_one_side_and_a_new_citation_on_the_other_keep_their_meaning() {
    let b = out_of_order();
    // Ours renumbers: 11 and 12 change places, footnotes and markers alike.
    let ours = rapporteur::footnotes::renumber(&b, &Methodology::nit_2020());
    assert_eq!(label_of(&ours, "Report on the sentencing"), "12");
    // Theirs, from the same base, cites the sentencing report as it was labelled then: 11.
    let mut theirs = b.clone();
    let added = theirs.new_block("State media reported the sentence in full.[^11]");
    theirs.categories[1].bullets.push(added);
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 0);
    assert!(m.relabelled.is_empty());
    assert_eq!(m.chapter.footnotes, ours.footnotes, "ours' numbering stands");
    assert_eq!(m.chapter.categories[1].bullets[0].text, "State media reported the sentence in full.[^12]");
    assert_eq!(label_of(&m.chapter, "Report on the sentencing"), "12");
    assert_eq!(m.chapter.categories[0].bullets[1].text, ours.categories[0].bullets[1].text);
    // The other way round, ours' new bullet follows their renumbering.
    let m = run(&b, &theirs, &ours);
    assert_eq!(m.conflicts, 0);
    assert_eq!(m.chapter.categories[1].bullets[0].text, "State media reported the sentence in full.[^12]");
    assert!(findings::check(&m.chapter, &Methodology::nit_2020()).iter().all(|f| f.code != Code::FootnoteMissing));
}

#[test]
fn the_command_merges_a_renumbering_with_a_new_citation_cleanly_and_rightly() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let b = out_of_order();
    let ours = rapporteur::footnotes::renumber(&b, &Methodology::nit_2020());
    let mut theirs = b.clone();
    let added = theirs.new_block("State media reported the sentence in full.[^11]");
    theirs.categories[1].bullets.push(added);
    let (pb, po, pt) = (
        save(dir.path(), "base.ron", &b),
        save(dir.path(), "ours.ron", &ours),
        save(dir.path(), "theirs.ron", &theirs),
    );
    let out = dir.path().join("out.ron");
    let (code, stdout) = cli(&[pb.as_os_str(), po.as_os_str(), pt.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!((code, stdout), (0, format!("Merged into {}: no conflicts\n", out.display())));
    let merged = io::load(&out).unwrap_or_else(|e| panic!("load: {e}"));
    assert_eq!(merged.categories[1].bullets[0].text, "State media reported the sentence in full.[^12]");
    assert_eq!(label_of(&merged, "Report on the sentencing"), "12");
}

/// `text` with the labels of `map` swapped in every well-formed marker.
fn swap_labels(c: &mut Chapter, a: &str, b: &str) {
    let swap = |l: &str| {
        if l == a {
            Some(b.to_owned())
        } else if l == b {
            Some(a.to_owned())
        } else {
            None
        }
    };
    for e in &mut c.categories {
        for bullet in &mut e.bullets {
            bullet.text = rapporteur::model::markers::relabel(&bullet.text, swap);
        }
    }
    for f in &mut c.footnotes {
        if let Some(l) = swap(&f.label) {
            f.label = l;
        }
    }
}

#[test]
fn their_swapped_labels_come_back_as_they_are() {
    let b = base();
    let mut theirs = b.clone();
    swap_labels(&mut theirs, "1", "2");
    assert_eq!(bullet(&theirs, 1), "Mayors of the merged communities were appointed rather than elected.[^1]");
    let m = run(&b, &b, &theirs);
    assert_eq!(m.chapter, theirs);
    assert!(m.relabelled.is_empty());
    let m = run(&b, &theirs, &b);
    assert_eq!(m.chapter, theirs);
}

#[test]
fn adjacent_markers_their_side_relabelled_keep_citing_their_footnotes() {
    let b = base();
    let mut ours = b.clone();
    set_bullet(&mut ours, 0, "Community councils met once and approved every budget without debate.[^1]");
    set_bullet(&mut ours, 2, "Residents petitioned for a public hearing on water tariffs.[^1][^2]");
    let mut base_adjacent = b.clone();
    set_bullet(&mut base_adjacent, 2, "Residents petitioned for a public hearing on water tariffs.[^1][^2]");
    // Theirs adds a footnote first in the chapter and renumbers: [^1][^2] becomes [^2][^3].
    let mut theirs = base_adjacent.clone();
    theirs.add_footnote("3", "Press release of the Public Council, 2024.", None);
    let summary = theirs.text("executive_summary")[0].id;
    theirs.block_mut(summary).map_or_else(|| panic!("summary"), |p| p.text.push_str("[^3]"));
    let theirs = rapporteur::footnotes::renumber(&theirs, &Methodology::nit_2020());
    assert_eq!(bullet(&theirs, 2), "Residents petitioned for a public hearing on water tariffs.[^2][^3]");
    let mut ours_adjacent = ours.clone();
    set_bullet(&mut ours_adjacent, 2, bullet(&base_adjacent, 2));
    let m = run(&base_adjacent, &ours_adjacent, &theirs);
    assert_eq!(m.conflicts, 0);
    assert_eq!(bullet(&m.chapter, 2), "Residents petitioned for a public hearing on water tariffs.[^2][^3]");
    assert_eq!(bullet(&m.chapter, 0), "Community councils met once and approved every budget without debate.[^2]");
    assert_eq!(label_of(&m.chapter, "Council records"), "2");
    assert_eq!(label_of(&m.chapter, "Ministry"), "3");
    assert!(findings::check(&m.chapter, &Methodology::nit_2020()).iter().all(|f| f.code != Code::FootnoteMissing));
}

#[test]
fn the_versions_of_a_text_conflict_cite_the_merged_labels() {
    let b = base();
    // Ours swaps footnotes 1 and 2 and rewords bullet 1; theirs rewords the same words.
    let mut ours = b.clone();
    swap_labels(&mut ours, "1", "2");
    set_bullet(&mut ours, 0, "Community councils met three times and approved every budget without debate.[^2]");
    let mut theirs = b.clone();
    set_bullet(&mut theirs, 0, "Community councils met once and approved every budget without debate.[^1]");
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 1);
    let c = &m.chapter.conflicts[0];
    assert_eq!(c.ours.as_deref(), Some(bullet(&ours, 0)));
    // Their [^1] meant the council records, labelled 2 in the merged chapter.
    assert_eq!(c.theirs.as_deref(), Some("Community councils met once and approved every budget without debate.[^2]"));
    assert_eq!(c.base.as_deref(), Some("Community councils met twice and approved every budget without debate.[^2]"));
    assert_eq!(label_of(&m.chapter, "Council records"), "2");
    let mut settled = m.chapter.clone();
    settled.settle_conflict(c.id, &Settle::Theirs).unwrap_or_else(|e| panic!("settle: {e}"));
    assert_eq!(bullet(&settled, 0), "Community councils met once and approved every budget without debate.[^2]");
}

#[test]
fn a_footnote_deleted_on_one_side_and_newly_cited_on_the_other_is_a_conflict_and_kept() {
    let b = base();
    let decree = b.footnotes[1].clone();
    // Ours deletes footnote 2 and its one marker.
    let mut ours = b.clone();
    ours.footnotes.remove(1);
    set_bullet(&mut ours, 1, "Mayors of the merged communities were appointed rather than elected.");
    // Theirs cites it in a new bullet.
    let mut theirs = b.clone();
    let added = theirs.new_block("The decree named every mayor.[^2]");
    theirs.categories[4].bullets.push(added);
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 1);
    let c = &m.chapter.conflicts[0];
    assert_eq!(
        (&c.place, c.base.as_deref(), c.ours.as_deref(), c.theirs.as_deref()),
        (&ConflictPlace::FootnoteText(decree.id), Some(decree.text.as_str()), None, Some(decree.text.as_str()))
    );
    assert_eq!(m.chapter.footnote(decree.id), Some(&decree), "kept while the conflict stands");
    assert_eq!(bullet(&m.chapter, 3), "The decree named every mayor.[^2]");
    assert_eq!(bullet(&m.chapter, 1), bullet(&ours, 1));
    let found = findings::check(&m.chapter, &Methodology::nit_2020());
    assert!(found.iter().all(|f| f.code != Code::FootnoteMissing), "no marker without its footnote");
    assert!(found.iter().any(|f| f.code == Code::MergeConflict));
    // Deleted on one side and cited nowhere new on the other: gone, no conflict.
    let m = run(&b, &ours, &b);
    assert_eq!((m.conflicts, m.chapter.footnotes.len()), (0, 1));
}

#[test]
fn a_footnote_the_text_kept_in_place_cites_is_kept_though_the_other_side_deleted_it() {
    let b = base();
    let records = b.footnotes[0].clone();
    // Theirs deletes footnote 1 with its markers, rewording bullet 1 on the way; ours rewords
    // the same words of bullet 1 and keeps citing it.
    let mut theirs = b.clone();
    theirs.footnotes.remove(0);
    set_bullet(&mut theirs, 0, "Community councils met rarely and approved every budget without debate.");
    set_bullet(&mut theirs, 2, "Residents petitioned for a public hearing on water tariffs.");
    let mut ours = b.clone();
    set_bullet(&mut ours, 0, "Community councils met monthly and approved every budget without debate.[^1]");
    let m = run(&b, &ours, &theirs);
    assert_eq!(bullet(&m.chapter, 0), bullet(&ours, 0), "ours in place");
    assert_eq!(m.chapter.footnote(records.id), Some(&records), "what it cites is kept");
    let places: Vec<(&ConflictPlace, Option<&str>)> =
        m.chapter.conflicts.iter().map(|c| (&c.place, c.theirs.as_deref())).collect();
    assert_eq!(
        places,
        [
            (&ConflictPlace::Block(b.categories[4].bullets[0].id), Some(bullet(&theirs, 0))),
            (&ConflictPlace::FootnoteText(records.id), None),
        ]
    );
    assert!(findings::check(&m.chapter, &Methodology::nit_2020()).iter().all(|f| f.code != Code::FootnoteMissing));
}

fn signed(name: &str, role: Role, minute: i64) -> Signed {
    Signed {
        by: Person { name: name.into(), role },
        at: chrono::DateTime::UNIX_EPOCH + chrono::Duration::minutes(minute),
    }
}

/// A conflict as the tests compare it: its place, then base, ours and theirs.
type Shown<'c> = (&'c ConflictPlace, Option<&'c str>, Option<&'c str>, Option<&'c str>);

fn shown(c: &rapporteur::model::Conflict) -> Shown<'_> {
    (&c.place, c.base.as_deref(), c.ours.as_deref(), c.theirs.as_deref())
}

/// The base with a review: a comment on bullet 2 with a reply, and an open proposal for LDG.
fn reviewed() -> (Chapter, Id, Id, Id) {
    let mut b = base();
    let on = b.categories[4].bullets[1].id;
    let comment = b
        .add_comment(Anchor::Block(on), None, None, "Which decree?", signed("Ani Petrosyan", Role::Reviewer, 1))
        .unwrap_or_else(|e| panic!("comment: {e}"));
    let reply = b
        .reply_to_comment(comment, "The one of March.", signed("Author", Role::Author, 2))
        .unwrap_or_else(|e| panic!("reply: {e}"));
    let proposal = b
        .propose_rating(
            "LDG",
            Rating::from_hundredths(300),
            "Mayors are appointed.",
            signed("Ani Petrosyan", Role::Reviewer, 3),
        )
        .unwrap_or_else(|e| panic!("proposal: {e}"));
    (b, comment, reply, proposal)
}

#[test]
fn both_sides_rewording_a_comment_a_reply_or_a_reason_are_conflicts_that_keep_both() {
    let (b, comment, reply, proposal) = reviewed();
    let mut ours = b.clone();
    let mut theirs = b.clone();
    let edit = |c: &mut Chapter, text: &str, answer: &str, reason: &str| {
        let x = c.review.comment_mut(comment).unwrap_or_else(|| panic!("comment"));
        x.text = text.into();
        x.replies[0].text = answer.into();
        c.review.proposal_mut(proposal).unwrap_or_else(|| panic!("proposal")).reason = reason.into();
    };
    edit(&mut ours, "Which decree, and of what date?", "The decree of 3 March.", "Mayors are appointed, not elected.");
    edit(&mut theirs, "Which decree? Cite it.", "Government decree 214.", "No mayor was elected.");
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 3);
    assert!(m.notes.is_empty(), "{:?}", m.notes);
    let places: Vec<Shown<'_>> = m.chapter.conflicts.iter().map(shown).collect();
    assert_eq!(
        places,
        [
            (
                &ConflictPlace::CommentText(comment),
                Some("Which decree?"),
                Some("Which decree, and of what date?"),
                Some("Which decree? Cite it.")
            ),
            (
                &ConflictPlace::ReplyText(reply),
                Some("The one of March."),
                Some("The decree of 3 March."),
                Some("Government decree 214.")
            ),
            (
                &ConflictPlace::ProposalReason(proposal),
                Some("Mayors are appointed."),
                Some("Mayors are appointed, not elected."),
                Some("No mayor was elected.")
            ),
        ]
    );
    // Ours in place.
    assert_eq!(m.chapter.review, ours.review);
    // Conflicts over words are written as every earlier version wrote conflicts.
    assert!(!io::to_ron(&m.chapter).contains("versions"));
    let messages: Vec<String> = findings::check(&m.chapter, &Methodology::nit_2020())
        .into_iter()
        .filter(|f| f.code == Code::MergeConflict)
        .map(|f| f.message)
        .collect();
    // In chapter order: the proposal on the rating, then the comment and its reply on bullet 2.
    assert_eq!(
        messages,
        [
            "Ani Petrosyan (Reviewer)'s proposal of 3.00 for Local Democratic Governance, reason: ours \"Mayors are \
             appointed, not elected.\", theirs \"No mayor was elected.\" (base \"Mayors are appointed.\") \u{2014} \
             take one or edit",
            "Comment by Ani Petrosyan (Reviewer): ours \"Which decree, and of what date?\", theirs \"Which decree? Cite \
             it.\" (base \"Which decree?\") \u{2014} take one or edit",
            "Reply by Author: ours \"The decree of 3 March.\", theirs \"Government decree 214.\" (base \"The one of \
             March.\") \u{2014} take one or edit",
        ]
    );
    // Theirs, ours, or a text written from both.
    let ids: Vec<Id> = m.chapter.conflicts.iter().map(|c| c.id).collect();
    let mut settled = m.chapter.clone();
    settled.settle_conflict(ids[0], &Settle::Theirs).unwrap_or_else(|e| panic!("settle: {e}"));
    settled.settle_conflict(ids[1], &Settle::Ours).unwrap_or_else(|e| panic!("settle: {e}"));
    settled
        .settle_conflict(ids[2], &Settle::Text("Mayors are appointed; none was elected.".into()))
        .unwrap_or_else(|e| panic!("settle: {e}"));
    assert!(settled.conflicts.is_empty());
    let x = settled.review.comment(comment).unwrap_or_else(|| panic!("comment"));
    assert_eq!((x.text.as_str(), x.replies[0].text.as_str()), ("Which decree? Cite it.", "The decree of 3 March."));
    let p = &settled.review.proposals[0];
    assert_eq!(p.reason, "Mayors are appointed; none was elected.");
}

#[test]
fn a_proposal_accepted_on_one_side_and_declined_on_the_other_and_review_states_set_both_ways_are_conflicts() {
    let (b, _, _, proposal) = reviewed();
    let mut ours = b.clone();
    ours.decide_proposal(proposal, true, "", signed("Author", Role::Author, 10)).unwrap_or_else(|e| panic!("{e}"));
    ours.set_review_state(
        "EP",
        rapporteur::model::review::StateNow::Agreed,
        signed("Ani Petrosyan", Role::Reviewer, 11),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut theirs = b.clone();
    theirs.decide_proposal(proposal, false, "", signed("Author", Role::Author, 12)).unwrap_or_else(|e| panic!("{e}"));
    theirs
        .set_review_state(
            "EP",
            rapporteur::model::review::StateNow::NeedsWork,
            signed("Ani Petrosyan", Role::Reviewer, 13),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.conflicts, 2);
    let places: Vec<Shown<'_>> = m.chapter.conflicts.iter().map(shown).collect();
    assert_eq!(
        places,
        [
            (
                &ConflictPlace::ProposalDecision(proposal),
                Some("open"),
                Some("accepted by Author on 1970-01-01"),
                Some("declined by Author on 1970-01-01")
            ),
            (
                &ConflictPlace::ReviewState("EP".into()),
                Some("unreviewed"),
                Some("agreed by Ani Petrosyan (Reviewer) on 1970-01-01"),
                Some("needs work, says Ani Petrosyan (Reviewer) on 1970-01-01")
            ),
        ]
    );
    assert_eq!(m.chapter.review.proposals[0].decision, ours.review.proposals[0].decision, "ours in place");
    assert_eq!(m.chapter.review.state("EP"), ours.review.state("EP"));
    // A verdict's versions are kept in the file, to be put in place after a reload.
    let reloaded = io::from_ron(&io::to_ron(&m.chapter), Path::new("merged.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert!(reloaded.conflicts.iter().all(|c| c.versions.is_some()));
    let mut settled = m.chapter.clone();
    for c in &m.chapter.conflicts {
        settled.settle_conflict(c.id, &Settle::Theirs).unwrap_or_else(|e| panic!("settle: {e}"));
    }
    assert_eq!(settled.review.proposals[0].decision, theirs.review.proposals[0].decision);
    assert_eq!(settled.review.state("EP"), theirs.review.state("EP"));
    // A verdict cannot be replaced by a text.
    let mut refused = m.chapter.clone();
    let id = m.chapter.conflicts[0].id;
    assert_eq!(
        refused.settle_conflict(id, &Settle::Text("accepted".into())),
        Err(rapporteur::model::conflict::SettleError::Unusable("accepted".into()))
    );
    assert_eq!(refused, m.chapter);
}

#[test]
fn the_command_exits_1_when_both_sides_reworded_one_comment_and_says_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let (b, comment, _, _) = reviewed();
    let mut ours = b.clone();
    ours.review.comment_mut(comment).unwrap_or_else(|| panic!("comment")).text = "Which decree, and when?".into();
    let mut theirs = b.clone();
    theirs.review.comment_mut(comment).unwrap_or_else(|| panic!("comment")).text = "Cite the decree.".into();
    let (pb, po, pt) = (
        save(dir.path(), "base.ron", &b),
        save(dir.path(), "ours.ron", &ours),
        save(dir.path(), "theirs.ron", &theirs),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args([OsStr::new("merge"), pb.as_os_str(), po.as_os_str(), pt.as_os_str(), OsStr::new("-o"), po.as_os_str()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "Merged into {}: 1 conflict recorded (take one side or edit; `rapporteur check` lists it)\n",
            po.display()
        )
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "nothing only on stderr");
    let merged = io::load(&po).unwrap_or_else(|e| panic!("load: {e}"));
    let c = &merged.conflicts[0];
    assert_eq!((c.ours.as_deref(), c.theirs.as_deref()), (Some("Which decree, and when?"), Some("Cite the decree.")));
}
