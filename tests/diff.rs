//! Comparing chapters: exact word marks, blocks paired by id and by similarity, the JSON shape
//! and the command's exit codes.

use std::path::Path;
use std::process::Command;

use rapporteur::diff::{self, BlockChangeKind, FootnoteChangeKind, Matching, RatingKind, ReviewChangeKind};
use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::review::{Anchor, Person, Role, Signed};
use rapporteur::model::{Chapter, Id, Rating};

/// A small Georgian chapter of our own prose: two bullets under Local Democratic Governance,
/// one under Corruption, a summary paragraph and two footnotes.
fn chapter() -> Chapter {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, "Georgia", 2025);
    for e in &mut c.categories {
        e.rating = Some(Rating::from_hundredths(300));
        e.last_year = Some(Rating::from_hundredths(300));
    }
    let summary = c.new_block("The year brought new pressure on the press and on local councils.");
    c.text_mut("executive_summary").push(summary);
    let first = c.new_block("Municipal councils met in closed session for most of the year.[^1]");
    let second = c.new_block("Mayors answered to the ruling party rather than to voters.[^2]");
    c.categories[4].bullets = vec![first, second];
    let corruption = c.new_block("Procurement rules were bent for friends of the government.[^2]");
    c.categories[6].bullets.push(corruption);
    c.add_footnote("1", "Council minutes, Kutaisi, 2024.", None);
    c.add_footnote("2", "Transparency report, Tbilisi, 2024.", Some("https://example.org/t".into()));
    c
}

fn text_of<'c>(c: &'c mut Chapter, code: &str, i: usize) -> &'c mut String {
    &mut c.category_mut(code).unwrap_or_else(|| panic!("no {code}")).bullets[i].text
}

#[test]
fn word_marks_are_exact_and_blocks_are_paired_by_id() {
    let method = Methodology::nit_2020();
    let old = chapter();
    let mut new = old.clone();
    *text_of(&mut new, "LDG", 0) = "Municipal councils met in open session for half of the year.[^1]".into();
    // A bullet moved from LDG to Corruption, one added, the summary unchanged.
    let moved = new.categories[4].bullets.remove(1);
    new.categories[6].bullets.insert(0, moved);
    let added = new.new_block("A new bullet about audits.[^1]");
    new.categories[4].bullets.push(added);
    new.categories[4].rating = Some(Rating::from_hundredths(275));
    new.footnotes[1].label = "3".into();
    *text_of(&mut new, "CO", 0) = "Mayors answered to the ruling party rather than to voters.[^3]".into();
    *text_of(&mut new, "CO", 1) = "Procurement rules were bent for friends of the government.[^3]".into();

    let d = diff::diff(&old, &new, &method);
    let marks: Vec<(BlockChangeKind, String, bool)> =
        d.blocks.iter().map(|b| (b.kind, diff::marked(&b.words), b.moved)).collect();
    assert_eq!(
        marks,
        [
            (
                BlockChangeKind::Edited,
                "Municipal councils met in [-closed-]{+open+} session for [-most-]{+half+} of the year.[^1]".to_owned(),
                false
            ),
            (BlockChangeKind::Added, "{+A new bullet about audits.[^1]+}".to_owned(), false),
            (
                BlockChangeKind::Edited,
                "Mayors answered to the ruling party rather than to voters.[-[^2]-]{+[^3]+}".to_owned(),
                true
            ),
            (
                BlockChangeKind::Edited,
                "Procurement rules were bent for friends of the government.[-[^2]-]{+[^3]+}".to_owned(),
                false
            ),
        ]
    );
    let moved = &d.blocks[2];
    assert_eq!(moved.old.as_ref().map(|p| (p.section.key(), p.index)), Some(("LDG", 1)));
    assert_eq!(moved.new.as_ref().map(|p| (p.section.key(), p.index)), Some(("CO", 0)));
    assert_eq!(d.changed_categories(), ["LDG", "CO"]);
    assert_eq!(d.ratings.len(), 1);
    assert_eq!(
        (d.ratings[0].which, d.ratings[0].old.as_deref(), d.ratings[0].new.as_deref()),
        (RatingKind::Rating, Some("3.00"), Some("2.75"))
    );
    let figures: Vec<(&str, Option<&str>, Option<&str>)> =
        d.score_card.iter().map(|f| (f.label.as_str(), f.old.as_deref(), f.new.as_deref())).collect();
    assert_eq!(
        figures,
        [
            ("Democracy Score", Some("3.00"), Some("2.96")),
            ("Democracy Percentage", Some("33.33"), Some("32.74")),
            ("Democracy Percentage (headline)", Some("33"), Some("33"))
        ]
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .collect::<Vec<_>>()
    );
    assert_eq!(d.footnotes.len(), 1);
    assert_eq!(d.footnotes[0].kind, FootnoteChangeKind::Relabelled);
    assert_eq!((d.footnotes[0].old_label.as_deref(), d.footnotes[0].new_label.as_deref()), (Some("2"), Some("3")));
    assert!(!d.is_empty());
    assert!(diff::diff(&old, &old, &method).is_empty());
}

#[test]
fn a_moved_bullet_within_its_category_is_moved_not_edited() {
    let method = Methodology::nit_2020();
    let old = chapter();
    let mut new = old.clone();
    new.categories[4].bullets.swap(0, 1);
    let d = diff::diff(&old, &new, &method);
    assert_eq!(d.blocks.len(), 1, "{:?}", d.blocks);
    assert_eq!(d.blocks[0].kind, BlockChangeKind::Moved);
    assert_eq!(diff::marked(&d.blocks[0].words), d.blocks[0].words[0].text);
}

#[test]
fn unrelated_ids_are_paired_by_their_words() {
    let method = Methodology::nit_2020();
    let old = chapter();
    // This year's chapter written afresh: the same texts mostly, every id different.
    let mut new = chapter();
    let shift = |id: &mut Id| id.0 += 100;
    let texts = new.texts.iter_mut().flat_map(|t| t.paragraphs.iter_mut());
    for b in texts.chain(new.categories.iter_mut().flat_map(|e| e.bullets.iter_mut())) {
        shift(&mut b.id);
    }
    for f in &mut new.footnotes {
        shift(&mut f.id);
    }
    new.next_id += 100;
    *text_of(&mut new, "LDG", 1) = "Mayors answered to the ruling party and not to the voters.[^2]".into();
    *text_of(&mut new, "CO", 0) = "Nothing at all in common with anything before.".into();
    for matching in [Matching::ByText, Matching::Auto] {
        let d = diff::diff_with(&old, &new, &method, matching);
        let kinds: Vec<(BlockChangeKind, String)> = d.blocks.iter().map(|b| (b.kind, diff::marked(&b.words))).collect();
        assert_eq!(
            kinds,
            [
                (
                    BlockChangeKind::Edited,
                    "Mayors answered to the ruling party [-rather than-]{+and not+} to {+the +}voters.[^2]".to_owned()
                ),
                (BlockChangeKind::Added, "{+Nothing at all in common with anything before.+}".to_owned()),
                (
                    BlockChangeKind::Removed,
                    "[-Procurement rules were bent for friends of the government.[^2]-]".to_owned()
                ),
            ]
        );
        assert!(d.footnotes.is_empty(), "footnotes paired by their text: {:?}", d.footnotes);
    }
}

#[test]
fn review_changes_are_listed() {
    let method = Methodology::nit_2020();
    let old = chapter();
    let mut new = old.clone();
    let signed = Signed { by: Person { name: "Nino".into(), role: Role::Reviewer }, at: chrono::DateTime::UNIX_EPOCH };
    let id = new
        .add_comment(Anchor::Rating("LDG".into()), None, None, "Why not 2.75?", signed.clone())
        .unwrap_or_else(|e| panic!("comment: {e}"));
    let p = new
        .propose_rating("CO", Rating::from_hundredths(275), "Procurement got worse.", signed.clone())
        .unwrap_or_else(|e| panic!("proposal: {e}"));
    let d = diff::diff(&old, &new, &method);
    let kinds: Vec<(ReviewChangeKind, Id)> = d.review.iter().map(|r| (r.kind, r.id)).collect();
    assert_eq!(kinds, [(ReviewChangeKind::CommentAdded, id), (ReviewChangeKind::ProposalAdded, p)]);
    let mut later = new.clone();
    if let Some(c) = later.review.comment_mut(id) {
        c.resolved = Some(signed.clone());
    }
    later.decide_proposal(p, false, "", signed).unwrap_or_else(|e| panic!("decide: {e}"));
    let d = diff::diff(&new, &later, &method);
    let kinds: Vec<ReviewChangeKind> = d.review.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [ReviewChangeKind::CommentResolved, ReviewChangeKind::ProposalDecided]);
}

#[test]
fn the_json_shape_is_stable() {
    let method = Methodology::nit_2020();
    let old = chapter();
    let mut new = old.clone();
    *text_of(&mut new, "LDG", 0) = "Municipal councils met in open session for most of the year.[^1]".into();
    let d = diff::diff(&old, &new, &method);
    let text = serde_json::to_string(&d).unwrap_or_else(|e| panic!("json: {e}"));
    assert!(text.starts_with("{\"header\":[],\"ratings\":[],\"score_card\":[],\"blocks\":[{"), "{text}");
    assert!(text.ends_with("\"footnotes\":[],\"review\":[]}"), "{text}");
    let v = serde_json::to_value(&d).unwrap_or_else(|e| panic!("json: {e}"));
    assert_eq!(
        v["blocks"][0],
        serde_json::json!({
            "kind": "edited",
            "old": {"section": "LDG", "index": 0, "id": 2},
            "new": {"section": "LDG", "index": 0, "id": 2},
            "moved": false,
            "words": [
                {"kind": "equal", "text": "Municipal councils met in "},
                {"kind": "delete", "text": "closed"},
                {"kind": "insert", "text": "open"},
                {"kind": "equal", "text": " session for most of the year.[^1]"}
            ]
        })
    );
}

fn run(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("diff")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stderr.is_empty() {
        eprintln!("{stderr}");
    }
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn save(dir: &Path, name: &str, c: &Chapter) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, io::to_ron(c)).unwrap_or_else(|e| panic!("write {name}: {e}"));
    path
}

#[test]
fn the_command_exits_0_when_the_same_1_when_different_2_on_bad_input() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let old = chapter();
    let mut new = old.clone();
    *text_of(&mut new, "LDG", 0) = "Municipal councils met in open session for most of the year.[^1]".into();
    let (a, b) = (save(dir.path(), "old.ron", &old), save(dir.path(), "new.ron", &new));
    let html = dir.path().join("changes.html");
    let (code, out) = run(&[a.as_os_str(), a.as_os_str()]);
    assert_eq!((code, out.as_str()), (0, "No changes.\n"));
    let (code, out) = run(&[a.as_os_str(), b.as_os_str(), "--html".as_ref(), html.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "Local Democratic Governance\n  ~ bullet 1: Municipal councils met in [-closed-]{+open+} session for most of \
         the year.[^1]\n"
    );
    let page = std::fs::read_to_string(&html).unwrap_or_else(|e| panic!("html: {e}"));
    assert!(page.contains("<del>closed</del><ins>open</ins>"), "{page}");
    let (code, out) = run(&[a.as_os_str(), b.as_os_str(), "--json".as_ref()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("json: {e}"));
    assert_eq!(v["blocks"][0]["kind"], "edited");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Project(format: 2, chapter: Chap").unwrap_or_else(|e| panic!("write: {e}"));
    assert_eq!(run(&[broken.as_os_str(), b.as_os_str()]).0, 2);
}

#[test]
fn a_published_text_can_be_the_old_version() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let method = Methodology::nit_2020();
    let sample = io::load(Path::new("samples/kazakhstan-2024.ron")).unwrap_or_else(|e| panic!("sample: {e}"));
    let text = rapporteur::export::text::render(&sample, &method);
    let published = dir.path().join("published.txt");
    std::fs::write(&published, text).unwrap_or_else(|e| panic!("write: {e}"));
    let mut new = sample.clone();
    new.categories[4].bullets[0].text.push_str(" The councils did not meet again.");
    let ron = save(dir.path(), "this-year.ron", &new);
    let (code, out) = run(&[published.as_os_str(), ron.as_os_str()]);
    assert_eq!(code, 1);
    let edited: Vec<&str> = out.lines().filter(|l| l.trim_start().starts_with('~')).collect();
    assert_eq!(edited.len(), 1, "{out}");
    assert!(edited[0].ends_with("{+ The councils did not meet again.+}"), "{out}");
}
