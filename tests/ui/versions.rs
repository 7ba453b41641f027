//! Versions in the editor: a file changed on disk behind its back, and merge conflicts, driven
//! through `egui_kittest`.
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapporteur::app::{Action, Clock, Dialog, PendingOp, RapporteurApp};
use rapporteur::model::conflict::{Conflict, ConflictPlace};
use rapporteur::model::{Chapter, Rating, Section};
use rapporteur::recovery::Recovery;

use crate::common::{MAX_STEPS, STEP, click, harness, rating, sample, settle};

/// The sample saved at `path` and opened, with one unsaved edit of ours: NDG up a step.
fn open_with_an_edit(path: &std::path::Path) -> Harness<'static, RapporteurApp> {
    rapporteur::io::save(path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    let mut h = open(path);
    h.state_mut().emit(Action::StepRating { code: "NDG".into(), up: true });
    h.run();
    h
}

fn open(path: &std::path::Path) -> Harness<'static, RapporteurApp> {
    let path = path.to_owned();
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| RapporteurApp::from_path(&cc.egui_ctx, &path).with_native_dialogs(false));
    h.run();
    h
}

fn focus(h: &mut Harness<'_, RapporteurApp>, focused: bool) {
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().focused = Some(focused);
    h.run();
    settle(h);
}

/// A colleague's version: bullet 2 of LDG reworded.
fn theirs(mut c: Chapter) -> Chapter {
    c.categories[4].bullets[1].text =
        "Akims in a few districts were chosen by direct vote, under close watch.[^2]".into();
    c
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first_and_reload_can_be_undone() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    rapporteur::io::save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    let mut h = open(&path);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Raise National Democratic Governance rating").click();
    h.run();
    // Meanwhile a `git pull` writes a colleague's version.
    let disk = theirs(sample());
    rapporteur::io::save(&path, &disk).unwrap_or_else(|e| panic!("{e}"));
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();

    h.state_mut().emit(Action::Save);
    settle(&mut h);
    assert!(matches!(h.state().view.dialog, Some(Dialog::ChangedOnDisk { saving: true, .. })));
    h.get_by_label("The file changed on disk");
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), on_disk, "nothing was written over");

    click(&mut h, "Reload it");
    assert_eq!(h.state().doc.chapter, disk);
    assert!(!h.state().doc.is_dirty());
    h.state_mut().emit(Action::Undo);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"), "Undo brings my version back");
    // Saving now writes over the version on disk knowingly: it was read.
    h.state_mut().emit(Action::Save);
    settle(&mut h);
    assert!(h.state().view.dialog.is_none());
    let saved = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.category("NDG").and_then(|c| c.rating), Some(Rating::from_hundredths(150)));
}

#[test]
fn a_change_on_disk_is_noticed_when_the_window_gets_the_focus_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    rapporteur::io::save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    let mut h = open(&path);
    focus(&mut h, true);
    focus(&mut h, false);
    // Nothing changed on disk: coming back says nothing.
    focus(&mut h, true);
    assert!(h.state().view.dialog.is_none());
    focus(&mut h, false);
    rapporteur::io::save(&path, &theirs(sample())).unwrap_or_else(|e| panic!("{e}"));
    focus(&mut h, true);
    assert!(matches!(h.state().view.dialog, Some(Dialog::ChangedOnDisk { saving: false, .. })));
    assert!(h.query_by_label("Overwrite it").is_none(), "overwriting is offered only on saving");
    click(&mut h, "Keep editing");
    assert!(h.state().view.dialog.is_none());
    // The next save asks again.
    h.state_mut().emit(Action::Save);
    settle(&mut h);
    assert!(matches!(h.state().view.dialog, Some(Dialog::ChangedOnDisk { saving: true, .. })));
    click(&mut h, "Overwrite it");
    settle(&mut h);
    assert_eq!(rapporteur::io::load(&path).ok(), Some(sample()));
    assert!(dir.path().join("kz.ron.bak").exists(), "their version is kept as .bak");
}

/// The sample with two merge conflicts: LDG's rating and the country.
pub fn conflicted() -> rapporteur::model::Chapter {
    let mut c = sample();
    let ids = [c.new_id(), c.new_id()];
    c.conflicts = vec![
        Conflict {
            id: ids[0],
            place: ConflictPlace::Rating("LDG".into()),
            base: Some("1.75".into()),
            ours: Some("1.50".into()),
            theirs: Some("1.25".into()),
            versions: None,
        },
        Conflict {
            id: ids[1],
            place: ConflictPlace::Country,
            base: Some("Kazakhstan".into()),
            ours: Some("Kazakhstan".into()),
            theirs: Some("Qazaqstan".into()),
            versions: None,
        },
    ];
    c
}

#[test]
fn a_merge_conflict_is_settled_with_take_theirs_or_take_ours() {
    let mut h = harness(conflicted());
    h.get_by_label("2 merge conflicts: both versions changed these differently");
    h.get_by_role_and_label(egui::accesskit::Role::Label, "Local Democratic Governance rating");
    h.get_by_label("Theirs: “1.25”");
    click(&mut h, "Take theirs: Local Democratic Governance rating");
    assert_eq!(rating(&h, "LDG").as_deref(), Some("1.25"));
    click(&mut h, "Take ours: The country");
    assert_eq!(h.state().doc.chapter.country, "Kazakhstan");
    assert!(h.state().doc.chapter.conflicts.is_empty());
    assert!(h.query_by_label_contains("merge conflict").is_none());
    // One undo step each.
    h.state_mut().emit(Action::Undo);
    h.run();
    assert_eq!(h.state().doc.chapter.conflicts.len(), 1);
}

#[test]
fn compare_with_another_version_shows_the_changes_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Last round's version: LDG was still 1.75 and bullet 2 read differently.
    let mut earlier = sample();
    earlier.categories[4].rating = Some(Rating::from_hundredths(175));
    earlier.categories[4].bullets[1].text = "District akims were appointed, as before.[^2]".into();
    let path = dir.path().join("kz-round1.ron");
    rapporteur::io::save(&path, &earlier).unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness(sample());
    let before = h.state().doc.chapter.clone();
    click(&mut h, "File");
    click(&mut h, "Compare With…");
    common_type(&mut h, "Path:", &path.to_string_lossy());
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Compare").click();
    h.run();
    h.get_by_label("Compared with kz-round1.ron");
    h.get_by_label("Local Democratic Governance: 1.75 → 1.50");
    h.get_by_label("Democracy Score: 1.32 → 1.29");
    h.get_by_label_contains("Against kz-round1.ron: Democracy Score 1.32 → 1.29; Democracy Percentage 5.36 → 4.76");
    // The edited bullet, words marked: "appointed, as before." out, the new words in.
    let cmp = h.state().view.compare.clone().unwrap_or_else(|| panic!("a comparison"));
    let edited: Vec<_> = cmp.diff.blocks_in(&Section::Category("LDG".into())).collect();
    assert_eq!(edited.len(), 1);
    assert_eq!(
        rapporteur::diff::marked(&edited[0].words),
        rapporteur::diff::marked(&rapporteur::diff::word_ops(
            "District akims were appointed, as before.[^2]",
            "District akims were elected directly in a pilot, under close supervision.[^2]"
        ))
    );
    h.get_by_label_contains("District akims were");
    // Jump to the changed category, then close: back to editing, nothing changed.
    h.get_all_by_label("Local Democratic Governance").last().unwrap_or_else(|| panic!("jump link")).click();
    h.run();
    click(&mut h, "Close the comparison");
    assert!(h.state().view.compare.is_none());
    assert_eq!(h.state().doc.chapter, before);
}

fn common_type(h: &mut Harness<'_, RapporteurApp>, label: &str, text: &str) {
    crate::common::type_into(h, label, text);
}

#[test]
fn a_colleagues_version_on_disk_is_merged_into_mine() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    rapporteur::io::save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    let mut h = open(&path);
    // Mine: NDG up a step, LDG to 1.75. Theirs (a git pull): bullet 2 of LDG reworded, and
    // LDG at 1.25: a conflict.
    h.state_mut().emit(Action::StepRating { code: "NDG".into(), up: true });
    h.state_mut().emit(Action::SetRating { code: "LDG".into(), rating: Some(Rating::from_hundredths(175)) });
    h.run();
    let mut disk = theirs(sample());
    disk.categories[4].rating = Some(Rating::from_hundredths(125));
    rapporteur::io::save(&path, &disk).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().emit(Action::Save);
    settle(&mut h);
    click(&mut h, "Merge it into mine");
    let c = &h.state().doc.chapter;
    assert_eq!(c.category("NDG").and_then(|e| e.rating), Some(Rating::from_hundredths(150)), "mine kept");
    assert_eq!(c.categories[4].bullets[1].text, disk.categories[4].bullets[1].text, "theirs taken");
    assert_eq!(c.conflicts.len(), 1);
    assert_eq!(c.conflicts[0].place, ConflictPlace::Rating("LDG".into()));
    h.get_by_label("1 merge conflict: both versions changed this differently");
    assert!(h.state().derived().findings().iter().any(|f| f.code.as_str() == "merge-conflict"));
    click(&mut h, "Take theirs: Local Democratic Governance rating");
    assert_eq!(rating(&h, "LDG").as_deref(), Some("1.25"));
    // Saving now writes the merged chapter: the version on disk was taken in.
    h.state_mut().emit(Action::Save);
    settle(&mut h);
    assert!(h.state().view.dialog.is_none());
    assert_eq!(rapporteur::io::load(&path).ok().as_ref(), Some(&h.state().doc.chapter));
}

#[test]
fn a_conflict_over_a_reviewers_words_is_settled_in_the_review_tab() {
    use rapporteur::app::Tab;
    use rapporteur::model::review::{Anchor, Person, Role, Signed};
    let mut base = sample();
    let signed = |name: &str| Signed {
        by: Person { name: name.into(), role: Role::Reviewer },
        at: chrono::DateTime::UNIX_EPOCH,
    };
    let on = base.categories[4].bullets[1].id;
    let comment = base
        .add_comment(Anchor::Block(on), None, None, "Which districts?", signed("Nino Beridze"))
        .unwrap_or_else(|e| panic!("{e}"));
    let proposal = base
        .propose_rating("LDG", Rating::from_hundredths(175), "Pilot elections.", signed("Nino Beridze"))
        .unwrap_or_else(|e| panic!("{e}"));
    let reword = |c: &mut Chapter, text: &str, reason: &str| {
        text.clone_into(&mut c.review.comment_mut(comment).unwrap_or_else(|| panic!("comment")).text);
        reason.clone_into(&mut c.review.proposal_mut(proposal).unwrap_or_else(|| panic!("proposal")).reason);
    };
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    reword(&mut ours, "Which districts held the pilot?", "Pilot elections in three districts.");
    reword(&mut theirs, "Name the districts.", "Direct elections, if only a pilot.");
    let merged = rapporteur::merge::merge(&base, &ours, &theirs, &rapporteur::Methodology::nit_2020());
    assert_eq!(merged.conflicts, 2);
    let mut h = harness(merged.chapter);
    assert!(h.state().derived().findings().iter().filter(|f| f.code.as_str() == "merge-conflict").count() == 2);
    // The banner says where they are settled.
    h.get_by_label("2 merge conflicts: both versions changed these differently");
    click(&mut h, "Settle in the Review tab");
    assert_eq!(h.state().view.tab, Tab::Review);
    h.get_by_label("2 merge conflicts in the review: both versions changed these differently");
    // The Review tab lists them itself: no banner above it pointing to where one already is.
    assert!(h.query_by_label("Settle in the Review tab").is_none());
    assert!(h.query_by_label("2 merge conflicts: both versions changed these differently").is_none());
    h.get_by_label("The text of the comment by Nino Beridze (Reviewer) on Local Democratic Governance, bullet 2");
    h.get_by_label("Theirs: “Name the districts.”");
    // Theirs for the comment.
    click(
        &mut h,
        "Take theirs: The text of the comment by Nino Beridze (Reviewer) on Local Democratic Governance, bullet 2",
    );
    let text = |h: &Harness<'_, RapporteurApp>| {
        h.state().doc.chapter.review.comment(comment).map(|c| c.text.clone()).unwrap_or_default()
    };
    assert_eq!(text(&h), "Name the districts.");
    assert_eq!(h.state().doc.chapter.conflicts.len(), 1);
    // The reason written from both: Edit opens ours, and theirs' words are added to it.
    h.get_by_label("1 merge conflict in the review: both versions changed this differently");
    h.get_by_label_contains("Edit by hand: ").click();
    h.run();
    h.get_by_label_contains("Text to keep: ").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    h.run();
    crate::common::type_keys(&mut h, " Direct, if only a pilot.");
    h.get_by_label_contains("Use this text: ").click();
    h.run();
    let reason = |h: &Harness<'_, RapporteurApp>| h.state().doc.chapter.review.proposals[0].reason.clone();
    assert_eq!(reason(&h), "Pilot elections in three districts. Direct, if only a pilot.");
    assert!(h.state().doc.chapter.conflicts.is_empty());
    assert!(h.query_by_label_contains("merge conflict").is_none());
    // Each settling is one undo step.
    h.state_mut().emit(Action::Undo);
    h.run();
    assert_eq!(reason(&h), "Pilot elections in three districts.");
    assert_eq!(h.state().doc.chapter.conflicts.len(), 1);
    h.state_mut().emit(Action::Undo);
    h.run();
    assert_eq!(text(&h), "Which districts held the pilot?");
    assert_eq!(h.state().doc.chapter.conflicts.len(), 2);
}

#[test]
fn a_second_change_while_the_question_is_open_is_asked_about_again() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    let mut h = open_with_an_edit(&path);
    // A colleague's version lands, and the save asks about it.
    let disk = theirs(sample());
    rapporteur::io::save(&path, &disk).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().emit(Action::Save);
    settle(&mut h);
    assert!(matches!(h.state().view.dialog, Some(Dialog::ChangedOnDisk { saving: true, .. })));
    // While the question is on screen, a second pull changes the file again.
    let mut later = theirs(sample());
    later.country = "Qazaqstan".into();
    rapporteur::io::save(&path, &later).unwrap_or_else(|e| panic!("{e}"));
    let later_bytes = std::fs::read(&path).unwrap_or_default();
    // Reloading takes the version that was shown, and only that one as seen.
    click(&mut h, "Reload it");
    assert_eq!(h.state().doc.chapter, disk);
    h.state_mut().emit(Action::Save);
    settle(&mut h);
    assert!(
        matches!(h.state().view.dialog, Some(Dialog::ChangedOnDisk { saving: true, .. })),
        "the second change is asked about: {:?}",
        h.state().view.dialog.as_ref().map(|_| "another dialog")
    );
    assert_eq!(std::fs::read(&path).unwrap_or_default(), later_bytes, "nothing was written over");
    click(&mut h, "Merge it into mine");
    assert_eq!(h.state().doc.chapter.country, "Qazaqstan", "the second change merged in");
}

#[test]
fn save_in_the_unsaved_prompt_over_a_changed_file_still_closes_afterwards() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    // Overwrite, then the window closes.
    let mut h = open_with_an_edit(&path);
    rapporteur::io::save(&path, &theirs(sample())).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().emit(Action::Quit);
    h.run();
    click(&mut h, "Save");
    settle(&mut h);
    assert!(matches!(
        h.state().view.dialog,
        Some(Dialog::ChangedOnDisk { saving: true, then: Some(PendingOp::Quit), .. })
    ));
    assert!(h.query_by_label("Reload it").is_none(), "reloading would throw away what is being saved");
    assert!(!h.state().is_closing());
    click(&mut h, "Overwrite it");
    settle(&mut h);
    assert!(h.state().is_closing(), "the Quit held back by the question goes on");
    let saved = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.category("NDG").and_then(|c| c.rating), Some(Rating::from_hundredths(150)));

    // Merge, then the prompt asks again about the merged chapter; Save writes it and closes.
    let mut h = open_with_an_edit(&path);
    let disk = theirs(sample());
    rapporteur::io::save(&path, &disk).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().emit(Action::Quit);
    h.run();
    click(&mut h, "Save");
    settle(&mut h);
    click(&mut h, "Merge it into mine");
    assert_eq!(h.state().view.dialog, Some(Dialog::Unsaved(PendingOp::Quit)));
    click(&mut h, "Save");
    settle(&mut h);
    assert!(h.state().is_closing());
    let saved = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.category("NDG").and_then(|c| c.rating), Some(Rating::from_hundredths(150)));
    assert_eq!(saved.categories[4].bullets[1].text, disk.categories[4].bullets[1].text);
}

#[test]
fn restoring_after_a_crash_and_a_pull_merges_instead_of_overwriting() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    let folder = dir.path().join("recovery");
    rapporteur::io::save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    let (clock, hand) = Clock::manual();
    let (opened, recovery) = (path.clone(), Recovery::new(folder.clone()));
    let mut h =
        Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1400.0, 900.0]).build_eframe(
            move |cc| {
                RapporteurApp::from_path(&cc.egui_ctx, &opened)
                    .with_native_dialogs(false)
                    .with_recovery(recovery)
                    .with_clock(clock)
            },
        );
    h.run();
    h.state_mut().emit(Action::StepRating { code: "NDG".into(), up: true });
    h.run();
    hand.advance(31.0);
    h.run();
    settle(&mut h);
    // The editor is killed; then a `git pull` brings a colleague's version.
    drop(h);
    let disk = theirs(sample());
    rapporteur::io::save(&path, &disk).unwrap_or_else(|e| panic!("{e}"));
    let pulled = std::fs::read(&path).unwrap_or_default();

    let recovery = Recovery::new(folder);
    let mut h =
        Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1400.0, 900.0]).build_eframe(
            move |cc| RapporteurApp::start_page(&cc.egui_ctx).with_native_dialogs(false).with_recovery(recovery),
        );
    h.run();
    h.get_by_label_contains(&format!("Restore {}, autosaved ", path.display())).click();
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));
    assert!(h.state().doc.is_dirty());
    h.state_mut().emit(Action::Save);
    settle(&mut h);
    assert!(matches!(h.state().view.dialog, Some(Dialog::ChangedOnDisk { saving: true, .. })));
    assert_eq!(std::fs::read(&path).unwrap_or_default(), pulled, "the pulled version is not written over");
    click(&mut h, "Merge it into mine");
    let c = h.state().doc.chapter.clone();
    assert_eq!(c.category("NDG").and_then(|e| e.rating), Some(Rating::from_hundredths(150)), "mine kept");
    assert_eq!(c.categories[4].bullets[1].text, disk.categories[4].bullets[1].text, "the pulled change kept");
    assert!(c.conflicts.is_empty());
    h.state_mut().emit(Action::Save);
    settle(&mut h);
    assert!(h.state().view.dialog.is_none());
    assert_eq!(rapporteur::io::load(&path).ok(), Some(c));
}

#[test]
fn the_window_notices_a_change_on_disk_without_reading_the_file_in_a_frame() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    rapporteur::io::save(&path, &sample()).unwrap_or_else(|e| panic!("{e}"));
    let mut h = open(&path);
    focus(&mut h, false);
    rapporteur::io::save(&path, &theirs(sample())).unwrap_or_else(|e| panic!("{e}"));
    // The focus comes back: the file is read by a job, and its answer shown a frame later.
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().focused = Some(true);
    h.step();
    assert!(h.state().view.dialog.is_none(), "no frame waited for the file");
    assert_eq!(h.state().jobs_running(), ["Looking for changes on disk…"]);
    settle(&mut h);
    assert!(matches!(h.state().view.dialog, Some(Dialog::ChangedOnDisk { saving: false, .. })));
}
