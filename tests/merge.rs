//! Three-way merges of chapters: edits that combine, conflicts kept in the chapter, footnote
//! labels that collide, ids that collide, and the command's exit codes.

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
    c.executive_summary.push(p);
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
