//! The review in the editor, driven through `egui_kittest` as a reviewer and an author would:
//! typing key by key, clicking by label, asserting on the chapter.
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapporteur::app::{Action, RapporteurApp, Tab};
use rapporteur::model::review::{Anchor, AnchorStatus, Review, Role as ReviewRole, StateNow, SuggestionOutcome};

use crate::common::{click, disabled, end_of_field, harness, rating, sample, type_into, type_keys};

/// A harness on the sample, signed in as `name` in `role`, on LDG's review.
fn reviewing(name: &str, role: ReviewRole) -> Harness<'static, RapporteurApp> {
    let mut h = harness(sample());
    h.state_mut().emit(Action::SetIdentity { name: name.to_owned(), role });
    h.state_mut().emit(Action::SelectCategory(4));
    h.state_mut().emit(Action::ShowTab(Tab::Review));
    h.run();
    h
}

#[test]
fn the_name_and_role_are_set_once_in_the_preferences() {
    let mut h = harness(sample());
    // The Review menu (the first "Review": the menu bar comes before the tabs).
    h.get_all_by_label("Review").next().unwrap_or_else(|| panic!("the Review menu")).click();
    h.run();
    click(&mut h, "Your Name and Role… (Author)");
    type_into(&mut h, "Name:", "Nino Beridze");
    click(&mut h, "Reviewer");
    click(&mut h, "OK");
    assert_eq!(h.state().prefs.name, "Nino Beridze");
    assert_eq!(h.state().prefs.role, ReviewRole::Reviewer);
    assert!(h.state().doc.chapter.review.is_empty(), "nothing of it goes into the chapter");
}

#[test]
fn a_reviewer_comments_on_a_rating_a_bullet_span_and_a_footnote_and_replies_and_resolves() {
    let mut h = reviewing("Nino Beridze", ReviewRole::Reviewer);
    // The evidence is beside each bullet: its footnote's citation.
    h.get_by_label("Council records, 2023.");
    h.get_by_label("Election commission report. — https://example.org/report");

    // On the rating.
    click(&mut h, "Comment on the rating");
    type_into(&mut h, "Your comment", "Why not 1.75, as last year?");
    click(&mut h, "Add comment");
    // On a span of bullet 1.
    click(&mut h, "Comment on bullet 1");
    type_into(&mut h, "Quote (optional)", "without debate");
    type_into(&mut h, "Your comment", "Every budget? Name one.");
    click(&mut h, "Add comment");
    // On footnote 2, beside bullet 2's citation.
    click(&mut h, "Comment on footnote 2, cited in bullet 2");
    type_into(&mut h, "Your comment", "Which report: preliminary or final?");
    click(&mut h, "Add comment");

    let c = &h.state().doc.chapter;
    let anchors: Vec<(Anchor, Option<&str>, &str)> =
        c.review.comments.iter().map(|c| (c.anchor.clone(), c.quote.as_deref(), c.text.as_str())).collect();
    let ldg = &c.categories[4];
    assert_eq!(
        anchors,
        [
            (Anchor::Rating("LDG".into()), None, "Why not 1.75, as last year?"),
            (Anchor::Block(ldg.bullets[0].id), Some("without debate"), "Every budget? Name one."),
            (Anchor::Footnote(c.footnotes[1].id), None, "Which report: preliminary or final?"),
        ]
    );
    assert!(c.review.comments.iter().all(|c| c.signed.by.name == "Nino Beridze"));
    assert!(h.query_all_by_label("Review: 0 of 7 agreed · 3 open comments · 0 open proposals").next().is_some());

    // The author answers the bullet comment and resolves it.
    h.state_mut().emit(Action::SetIdentity { name: "Ann Lee".into(), role: ReviewRole::Author });
    h.run();
    let reply =
        h.get_by_role_and_label(Role::TextInput, "Reply to the comment by Nino Beridze, “Every budget? Name one.”");
    reply.focus();
    h.run();
    type_keys(&mut h, "The 2023 regional budget, see [^1].");
    h.key_press(Key::Enter);
    h.run();
    click(&mut h, "Resolve the comment by Nino Beridze, “Every budget? Name one.”");
    let comment = &h.state().doc.chapter.review.comments[1];
    assert_eq!(comment.replies.len(), 1);
    assert_eq!(comment.replies[0].text, "The 2023 regional budget, see [^1].");
    assert_eq!(comment.replies[0].signed.by.display(), "Ann Lee (Author)");
    assert_eq!(comment.resolved.as_ref().map(|r| r.by.name.as_str()), Some("Ann Lee"));
    assert!(h.query_all_by_label("Review: 0 of 7 agreed · 2 open comments · 0 open proposals").next().is_some());
    // Each is one undo step.
    h.state_mut().emit(Action::Undo);
    h.run();
    assert!(h.state().doc.chapter.review.comments[1].resolved.is_none());
}

#[test]
fn an_anonymous_chapters_author_signs_author_alone() {
    let mut c = sample();
    c.authors = rapporteur::model::Authors::Anonymous;
    let mut h = harness(c);
    h.state_mut().emit(Action::SetIdentity { name: "Ann Lee".into(), role: ReviewRole::Author });
    h.state_mut().emit(Action::ShowTab(Tab::Review));
    h.run();
    click(&mut h, "Comment on the rating");
    type_into(&mut h, "Your comment", "Kept as last year.");
    click(&mut h, "Add comment");
    let by = &h.state().doc.chapter.review.comments[0].signed.by;
    assert_eq!((by.name.as_str(), by.role), ("Author", ReviewRole::Author));
    assert!(!rapporteur::io::to_ron(&h.state().doc.chapter).contains("Ann Lee"));
}

#[test]
fn a_proposal_shows_the_would_be_score_and_the_author_accepts_one_and_declines_another() {
    let mut h = reviewing("Nino Beridze", ReviewRole::Reviewer);
    type_into(&mut h, "Rating to propose", "1.75");
    type_into(&mut h, "Why you propose this rating", "Direct elections of akims");
    click(&mut h, "Propose rating");
    h.get_by_label(
        "If accepted: Democracy Score 1.32 of 7 (now 1.29), Democracy Percentage 5.36 of 100, Consolidated Authoritarian \
         Regime",
    );
    // The ratings panel shows it beside the rating, with the score it would give.
    h.get_by_label("Proposal by Nino Beridze for Local Democratic Governance: 1.75, the Democracy Score would be 1.32");
    // A second proposal, on Corruption.
    h.state_mut().emit(Action::SelectCategory(6));
    h.run();
    type_into(&mut h, "Rating to propose", "1.00");
    type_into(&mut h, "Why you propose this rating", "Selective prosecutions");
    click(&mut h, "Propose rating");
    assert_eq!(h.state().doc.chapter.review.proposals.len(), 2);
    assert!(h.query_all_by_label("Review: 0 of 7 agreed · 0 open comments · 2 open proposals").next().is_some());
    // Open proposals are warnings: check --strict refuses the chapter until they are decided.
    assert!(h.state().derived().findings().iter().any(|f| f.code.as_str() == "proposal-open"));

    // The author accepts LDG's and declines CO's, with a reason.
    h.state_mut().emit(Action::SetIdentity { name: "Ann Lee".into(), role: ReviewRole::Author });
    h.state_mut().emit(Action::SelectCategory(4));
    h.run();
    click(&mut h, "Accept proposal by Nino Beridze");
    assert_eq!(rating(&h, "LDG").as_deref(), Some("1.75"));
    h.get_by_label("Democracy Score 1.32 of 7");
    h.state_mut().emit(Action::SelectCategory(6));
    h.run();
    type_into(
        &mut h,
        "Reason for accepting or declining the proposal by Nino Beridze",
        "Convictions reached three ministries",
    );
    click(&mut h, "Decline proposal by Nino Beridze");
    assert_eq!(rating(&h, "CO").as_deref(), Some("1.25"));
    let p = &h.state().doc.chapter.review.proposals;
    assert_eq!(p[0].decision.as_ref().map(|d| (d.accepted, d.signed.by.name.as_str())), Some((true, "Ann Lee")));
    assert_eq!(p[1].decision.as_ref().map(|d| d.accepted), Some(false));
    assert_eq!(p[1].replies[0].text, "Convictions reached three ministries");
    let declined = format!("Declined by Ann Lee (Author) on {}", rapporteur_local(&p[1]));
    h.get_by_label(&declined);
}

fn rapporteur_local(p: &rapporteur::model::review::Proposal) -> String {
    let d = p.decision.as_ref().unwrap_or_else(|| panic!("decided"));
    d.signed.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()
}

#[test]
fn an_agreed_category_shows_changed_since_agreed_after_an_edit() {
    let mut h = reviewing("Nino Beridze", ReviewRole::Editor);
    click(&mut h, "Agree");
    assert_eq!(rapporteur::model::review::Review::state_now(&h.state().doc.chapter, "LDG"), StateNow::Agreed);
    assert!(disabled(&h.get_by_role_and_label(Role::Button, "Agreed")));
    assert!(h.query_all_by_label("Review: 1 of 7 agreed · 0 open comments · 0 open proposals").next().is_some());
    // The author edits a bullet of the agreed category.
    h.state_mut().emit(Action::ShowTab(Tab::Justification));
    h.run();
    end_of_field(&mut h, 0);
    type_keys(&mut h, " Twice.");
    assert_eq!(Review::state_now(&h.state().doc.chapter, "LDG"), StateNow::ChangedSinceAgreed);
    assert!(h.state().derived().findings().iter().any(|f| f.code.as_str() == "changed-since-agreed"));
    h.state_mut().emit(Action::ShowTab(Tab::Review));
    h.run();
    h.get_by_label_contains("Changed since agreed by Nino Beridze (Editor)");
    click(&mut h, "Agree");
    assert_eq!(Review::state_now(&h.state().doc.chapter, "LDG"), StateNow::Agreed);
}

#[test]
fn comments_survive_editing_moving_and_deleting_their_block() {
    let mut h = reviewing("Nino Beridze", ReviewRole::Reviewer);
    click(&mut h, "Comment on bullet 1");
    type_into(&mut h, "Quote (optional)", "approved budgets");
    type_into(&mut h, "Your comment", "All of them?");
    click(&mut h, "Add comment");
    let block = h.state().doc.chapter.categories[4].bullets[0].id;
    let comment = h.state().doc.chapter.review.comments[0].clone();

    // Edited around the quote: found again where it now is.
    h.state_mut().emit(Action::ShowTab(Tab::Justification));
    h.run();
    let field = h.get_all_by_role(Role::MultilineTextInput).next().unwrap_or_else(|| panic!("bullet"));
    field.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Home);
    h.run();
    type_keys(&mut h, "In 2023 ");
    let c = &h.state().doc.chapter;
    let text = &c.categories[4].bullets[0].text;
    assert!(text.starts_with("In 2023 Local councils"));
    let at = text.find("approved budgets").unwrap_or_else(|| panic!("quote"));
    assert_eq!(Review::resolve_anchor(c, &comment), AnchorStatus::Attached(Some(at..at + 16)));

    // Moved below bullet 2: still on it.
    h.state_mut().emit(Action::MoveBlock { id: block, to: 2 });
    h.run();
    assert_eq!(h.state().doc.chapter.categories[4].bullets[1].id, block);
    assert!(matches!(Review::resolve_anchor(&h.state().doc.chapter, &comment), AnchorStatus::Attached(Some(_))));

    // Deleted: detached, not lost, listed and re-attachable.
    h.state_mut().emit(Action::DeleteBlock(block));
    h.state_mut().emit(Action::ShowTab(Tab::Review));
    h.run();
    assert_eq!(Review::resolve_anchor(&h.state().doc.chapter, &comment), AnchorStatus::Detached);
    h.get_by_label("Detached");
    h.get_by_label("“approved budgets”");
    click(&mut h, "Attach the comment by Nino Beridze, “All of them?” to the chapter");
    assert_eq!(h.state().doc.chapter.review.comments[0].anchor, Anchor::Chapter);
    assert_eq!(h.state().doc.chapter.review.comments.len(), 1);
}

#[test]
fn a_suggested_wording_is_accepted_in_one_undo_step() {
    let mut h = reviewing("Nino Beridze", ReviewRole::Reviewer);
    click(&mut h, "Comment on bullet 1");
    type_into(&mut h, "Quote (optional)", "met rarely");
    type_into(&mut h, "Suggested wording (optional)", "met twice a year");
    click(&mut h, "Add comment");
    let before = h.state().doc.chapter.clone();
    h.state_mut().emit(Action::SetIdentity { name: "Ann Lee".into(), role: ReviewRole::Author });
    h.run();
    click(&mut h, "Accept the suggestion of the comment by Nino Beridze, “met rarely”");
    let c = &h.state().doc.chapter;
    assert_eq!(
        c.categories[4].bullets[0].text,
        "Local councils (maslikhats) met twice a year and approved budgets without debate.[^1]"
    );
    assert_eq!(c.review.comments[0].outcome, Some(SuggestionOutcome::Accepted));
    h.state_mut().emit(Action::Undo);
    h.run();
    assert_eq!(h.state().doc.chapter, before);
}

#[test]
fn hovering_a_marker_shows_its_citation() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    let field = h.get_all_by_role(Role::MultilineTextInput).next().unwrap_or_else(|| panic!("bullet"));
    let rect = field.rect();
    // The marker "[^1]" ends the first line of bullet 1: hover over its last characters.
    let galley_end = rect.left_top() + egui::vec2(4.0, rect.height() / 2.0);
    let text_width = rect.width();
    let mut found = false;
    for step in 0..80 {
        let x = galley_end.x + text_width * (step as f32) / 80.0;
        h.hover_at(egui::pos2(x, galley_end.y));
        // Tooltips wait for the pointer to rest.
        h.run_steps(30);
        if h.query_by_label_contains("[^1] Council records, 2023.").is_some() {
            found = true;
            break;
        }
    }
    assert!(found, "no tooltip with the citation anywhere along the bullet");
}

#[test]
fn ctrl_alt_m_comments_on_the_words_selected_in_a_bullet() {
    let mut h = harness(sample());
    h.state_mut().emit(Action::SetIdentity { name: "Nino Beridze".into(), role: ReviewRole::Reviewer });
    click(&mut h, "Local Democratic Governance");
    let field = h.get_all_by_role(Role::MultilineTextInput).nth(1).unwrap_or_else(|| panic!("bullet 2"));
    field.focus();
    h.run();
    // Select the first word, "District", with Shift+Right from the start.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Home);
    h.run();
    for _ in 0.."District".len() {
        h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowRight);
        h.run();
    }
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::ALT, Key::M);
    h.run();
    assert_eq!(h.state().view.tab, Tab::Review);
    let composer = h.state().view.review.composer.clone().unwrap_or_else(|| panic!("the comment form"));
    let block = h.state().doc.chapter.categories[4].bullets[1].id;
    assert_eq!((composer.anchor, composer.quote.as_str()), (Anchor::Block(block), "District"));
    type_into(&mut h, "Your comment", "Which districts?");
    click(&mut h, "Add comment");
    let c = &h.state().doc.chapter.review.comments[0];
    assert_eq!((c.quote.as_deref(), c.text.as_str()), (Some("District"), "Which districts?"));
}

#[test]
fn a_comment_on_a_summary_paragraph_is_shown_in_the_review_view() {
    let mut h = harness(sample());
    let para = h.state().doc.chapter.text("executive_summary")[0].id;
    h.state_mut().emit(Action::StartComment { anchor: Anchor::Block(para), quote: "constrained press".into() });
    h.run();
    h.get_by_label("Executive Summary, paragraph 1");
    type_into(&mut h, "Your comment", "Which outlets?");
    click(&mut h, "Add comment");
    assert_eq!(h.state().doc.chapter.review.comments[0].anchor, Anchor::Block(para));
    h.get_by_label("“constrained press”");
}

#[test]
fn a_review_copy_goes_out_for_word_and_its_comments_come_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join("kz-review.docx");
    let mut h = reviewing("Nino Beridze", ReviewRole::Reviewer);
    click(&mut h, "Comment on the rating");
    type_into(&mut h, "Your comment", "Why not 1.75?");
    click(&mut h, "Add comment");
    // Review > Review Copy for Word… (no native dialog here: the path field).
    h.get_all_by_label("Review").next().unwrap_or_else(|| panic!("the Review menu")).click();
    h.run();
    click(&mut h, "Review Copy for Word…");
    type_into(&mut h, "Path:", &copy.to_string_lossy());
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    crate::common::settle(&mut h);
    let bytes = std::fs::read(&copy).unwrap_or_else(|e| panic!("{e}"));
    let read = rapporteur::review_copy::read(&bytes, &h.state().doc.chapter, chrono::Utc::now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(read.is_empty(), "the copy carries the chapter's own comment, recognised as known");
    // Back through File > Import Review Comments…: nothing new, nothing changed.
    let before = h.state().doc.chapter.clone();
    click(&mut h, "File");
    click(&mut h, "Import Review Comments…");
    type_into(&mut h, "Path:", &copy.to_string_lossy());
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run();
    h.get_by_label("Review comments imported");
    assert_eq!(h.state().doc.chapter, before);
    click(&mut h, "OK");
    // A file that is no review copy is refused, and nothing changes.
    let plain = dir.path().join("plain.docx");
    let docx =
        rapporteur::export::export(&before, &rapporteur::Methodology::nit_2020(), rapporteur::export::Format::Docx)
            .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&plain, docx).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().emit(Action::ImportReviewCommentsPath(plain));
    h.run();
    h.get_by_label("Cannot import the comments");
    assert_eq!(h.state().doc.chapter, before);
}
