//! `rapporteur review` run as a user runs it, and the bundled review sample: built here from the
//! plain sample with the model's own review operations, so the committed file is always what
//! this code makes of it (`RAPPORTEUR_WRITE_SAMPLES=1 cargo test --test review_cli` rewrites it).

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, TimeZone, Utc};
use rapporteur::export::{self, Format};
use rapporteur::findings::{self, Code, Severity};
use rapporteur::model::review::{Anchor, AnchorStatus, Person, Review, ReviewError, Role, Signed, StateNow, Summary};
use rapporteur::model::{Authors, Id};
use rapporteur::{Chapter, Methodology, Rating, io};

fn r(h: u32) -> Rating {
    Rating::from_hundredths(h)
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 2, day, hour, 0, 0).single().unwrap_or_else(|| panic!("no such time: {day} {hour}"))
}

fn signed(name: &str, role: Role, day: u32, hour: u32) -> Signed {
    Signed { by: Person { name: name.to_owned(), role }, at: at(day, hour) }
}

/// Fails the test on a review operation refused.
#[allow(clippy::needless_pass_by_value)] // `unwrap_or_else` hands the error over by value.
fn fail<T>(e: ReviewError) -> T {
    panic!("{e}")
}

fn rapporteur(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("path is not UTF-8"))
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"))
}

fn save(dir: &Path, name: &str, chapter: &Chapter) -> PathBuf {
    let path = dir.join(name);
    io::save(&path, chapter).unwrap_or_else(|e| panic!("cannot save {}: {e}", path.display()));
    path
}

/// A small chapter: every category rated 1.25, one bullet in Civil Society and one in Local
/// Democratic Governance, one footnote they both cite; no review.
fn chapter() -> Chapter {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "Kazakhstan", 2024);
    c.authors = Authors::Anonymous;
    for e in &mut c.categories {
        e.rating = Some(r(125));
        e.last_year = Some(r(125));
    }
    let b = c.new_block("Registered groups reported new audits of their foreign grants.[^1]");
    c.categories[2].bullets.push(b);
    let b = c.new_block("District councils met twice and passed every budget unread.[^1]");
    c.categories[4].bullets.push(b);
    c.add_footnote("1", "Monitoring report, 2023.", None);
    c
}

fn bullet(c: &Chapter, code: &str, i: usize) -> Id {
    c.category(code).map_or_else(|| panic!("no {code}"), |e| e.bullets[i].id)
}

/// [`chapter`] under review: National Democratic Governance agreed, Electoral Process needing
/// work, Civil Society agreed and edited since; open comments on the LDG rating, on the CS
/// bullet, on the chapter and on a deleted bullet, a resolved one; an open proposal for LDG and
/// a declined one for Corruption.
fn reviewed() -> Chapter {
    let mut c = chapter();
    let dana = |day| signed("Dana Reviewer", Role::Reviewer, day, 9);
    let author = |day| signed("Author", Role::Author, day, 15);
    c.set_review_state("NDG", StateNow::Agreed, dana(1)).unwrap_or_else(fail);
    c.set_review_state("EP", StateNow::NeedsWork, dana(1)).unwrap_or_else(fail);
    c.set_review_state("CS", StateNow::Agreed, dana(1)).unwrap_or_else(fail);
    let cs = bullet(&c, "CS", 0);
    if let Some(b) = c.block_mut(cs) {
        b.text = b.text.replace("new audits", "repeated audits");
    }
    c.add_comment(Anchor::Rating("LDG".into()), None, None, "Why not 1.50?", dana(2)).unwrap_or_else(fail);
    c.add_comment(Anchor::Block(cs), Some("repeated audits".into()), None, "How many?", dana(2)).unwrap_or_else(fail);
    c.add_comment(Anchor::Chapter, None, None, "Nearly there.", dana(2)).unwrap_or_else(fail);
    let ldg = bullet(&c, "LDG", 0);
    let done = c.add_comment(Anchor::Block(ldg), None, None, "Source?", dana(2)).unwrap_or_else(fail);
    c.resolve_comment(done, Some(author(3))).unwrap_or_else(fail);
    let gone = c.new_block("A bullet about to be deleted.[^1]");
    let gone_id = gone.id;
    c.categories[4].bullets.push(gone);
    c.add_comment(Anchor::Block(gone_id), None, None, "Cut this?", dana(2)).unwrap_or_else(fail);
    c.categories[4].bullets.retain(|b| b.id != gone_id);
    c.propose_rating("LDG", r(150), "Direct akim elections.", dana(3)).unwrap_or_else(fail);
    let co = c.propose_rating("CO", r(100), "Selective recovery.", dana(3)).unwrap_or_else(fail);
    c.decide_proposal(co, false, "Keeping 1.25.", author(4)).unwrap_or_else(fail);
    c
}

/// Every category agreed, nothing open.
fn all_agreed() -> Chapter {
    let mut c = chapter();
    let codes: Vec<String> = c.categories.iter().map(|e| e.code.clone()).collect();
    for code in codes {
        c.set_review_state(&code, StateNow::Agreed, signed("Dana Reviewer", Role::Reviewer, 1, 9))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    c
}

#[test]
fn json_lists_each_category_and_the_totals_in_order() {
    let dir = tempdir();
    let path = save(dir.path(), "reviewed.ron", &reviewed());
    let out = rapporteur(&["review", arg(&path), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("{\n  \"categories\": [\n"), "{text}");
    let compact: String = text.split_whitespace().collect();
    let category = |code: &str, state: &str, comments: usize, proposals: usize| {
        format!(
            "{{\"code\":\"{code}\",\"state\":\"{state}\",\"open_comments\":{comments},\"open_proposals\":{proposals}}}"
        )
    };
    let categories = [
        category("NDG", "agreed", 0, 0),
        category("EP", "needs-work", 0, 0),
        category("CS", "changed-since-agreed", 1, 0),
        category("IM", "unreviewed", 0, 0),
        category("LDG", "unreviewed", 1, 1),
        category("JFI", "unreviewed", 0, 0),
        category("CO", "unreviewed", 0, 0),
    ]
    .join(",");
    let expected = format!("{{\"categories\":[{categories}],\"open_comments\":4,\"open_proposals\":1,\"detached\":1}}");
    assert_eq!(compact, expected);
}

#[test]
fn text_is_a_line_a_category_and_a_totals_line() {
    let dir = tempdir();
    let path = save(dir.path(), "reviewed.ron", &reviewed());
    let out = rapporteur(&["review", arg(&path)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "\
National Democratic Governance       agreed                no open comments, no open proposals
Electoral Process                    needs-work            no open comments, no open proposals
Civil Society                        changed-since-agreed  1 open comment, no open proposals
Independent Media                    unreviewed            no open comments, no open proposals
Local Democratic Governance          unreviewed            1 open comment, 1 open proposal
Judicial Framework and Independence  unreviewed            no open comments, no open proposals
Corruption                           unreviewed            no open comments, no open proposals
Total: 1 of 7 categories agreed; 4 open comments (1 detached), 1 open proposal
"
    );
}

#[test]
fn exit_0_only_when_every_category_is_agreed_and_nothing_is_open() {
    let dir = tempdir();
    let done = save(dir.path(), "done.ron", &all_agreed());
    let out = rapporteur(&["review", arg(&done)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out)
            .ends_with("Total: 7 of 7 categories agreed; no open comments (none detached), no open proposals\n"),
        "{}",
        stdout(&out)
    );
    let out = rapporteur(&["review", arg(&done), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let reviewer = || signed("Dana Reviewer", Role::Reviewer, 2, 9);
    let mut comment = all_agreed();
    comment.add_comment(Anchor::Chapter, None, None, "One more thing.", reviewer()).unwrap_or_else(|e| panic!("{e}"));
    let mut proposal = all_agreed();
    proposal.propose_rating("CS", r(150), "More room than it seems.", reviewer()).unwrap_or_else(|e| panic!("{e}"));
    let mut needs_work = all_agreed();
    needs_work.set_review_state("IM", StateNow::NeedsWork, reviewer()).unwrap_or_else(|e| panic!("{e}"));
    let mut changed = all_agreed();
    changed.categories[6].rating = Some(r(100));
    // A chapter nobody has reviewed has seven categories not agreed.
    for (name, c) in [
        ("comment", comment),
        ("proposal", proposal),
        ("needs-work", needs_work),
        ("changed", changed),
        ("none", chapter()),
    ] {
        let path = save(dir.path(), &format!("{name}.ron"), &c);
        let out = rapporteur(&["review", arg(&path)]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}{}", stdout(&out), stderr(&out));
    }
}

#[test]
fn bad_input_is_exit_2_with_one_sentence_naming_the_file() {
    let dir = tempdir();
    let missing = dir.path().join("missing.ron");
    let out = rapporteur(&["review", arg(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains(arg(&missing)), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));

    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "Project(format: 2, chapter: Chapter(country: ").unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(&["review", arg(&broken), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains(arg(&broken)), "{}", stderr(&out));

    let out = rapporteur(&["review"]);
    assert_eq!(out.status.code(), Some(2));
}

// The review sample.

fn sample_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name)
}

/// The bullet of category `code` whose text holds `words`.
fn bullet_with(c: &Chapter, code: &str, words: &str) -> Id {
    c.category(code)
        .and_then(|e| e.bullets.iter().find(|b| b.text.contains(words)))
        .map_or_else(|| panic!("no {code} bullet says \"{words}\""), |b| b.id)
}

/// The footnote labelled `label`.
fn footnote(c: &Chapter, label: &str) -> Id {
    c.footnotes.iter().find(|f| f.label == label).map_or_else(|| panic!("no footnote {label}"), |f| f.id)
}

/// What the review sample's people wrote: every comment, reply and proposal reason, and the
/// wordings suggested but not (yet) taken.
const REVIEW_TEXTS: [&str; 15] = [
    "The decline to 1.50 leans on the akim pilot. Do the bullets also show the councils losing ground, or only that the new elections were steered from above?",
    "The second and fourth bullets are about the councils; I can tie them to the rating in a sentence.",
    "Yes, please: one sentence linking the pilot results to the rating would settle it for me.",
    "Is there a breakdown of the register by kind of entry? Readers will want to know how many were media outlets.",
    "Stronger, and the figures that follow bear it out.",
    "Incumbents and their deputies won nearly every race",
    "In which month was the survey carried out? If it came after the March vote, the bullet should say so.",
    "Is the count of women ministers still right after the September reshuffle?",
    "Checked against the cabinet list after the reshuffle: still three.",
    "Tighter opening; the source does not say it got worse, only that it went on.",
    "Who reported the bar association's complaint? Without a source this bullet cannot stay.",
    "Once the open points are settled this chapter goes to copy-editing; please flag any late change to a rating.",
    "On my reading the bullets show pressure on named activists more than on organised civil society as a whole; 1.50 would sit better beside the other categories.",
    "Asset returns are bargained among rival elite groups rather than ordered by courts; the programme looks selective enough for 1.00.",
    "Selective, yes, but the sums recovered and the new committee are real changes on last year, so I would keep 1.25.",
];

/// The reviewers' invented names.
const REVIEWERS: [&str; 3] = ["Mirela Tomić", "Jonas Feldmann", "Sara Okafor"];

/// The bundled sample mid-review, built with the model's review operations from
/// `samples/kazakhstan-2024.ron` on fixed dates, so it is the same on every run.
fn review_sample() -> Chapter {
    let base = sample_path("kazakhstan-2024.ron");
    let mut c = io::load(&base).unwrap_or_else(|e| panic!("{e}"));
    let mirela = |day, hour| signed(REVIEWERS[0], Role::Reviewer, day, hour);
    let jonas = |day, hour| signed(REVIEWERS[1], Role::Reviewer, day, hour);
    let sara = |day, hour| signed(REVIEWERS[2], Role::Editor, day, hour);
    // The author is anonymous, so signs "Author" alone whatever name is typed.
    let author = |c: &Chapter, day, hour| Signed { by: Person::signing(c, "", Role::Author), at: at(day, hour) };
    let [
        t_rating,
        t_reply,
        t_thanks,
        t_register,
        t_suggest,
        w_suggest,
        t_survey,
        t_women,
        t_women_reply,
        t_tighter,
        t_bar,
        t_editor,
        t_civil,
        t_graft,
        t_graft_reply,
    ] = REVIEW_TEXTS;

    // First reading: three categories signed off as they stand.
    c.set_review_state("NDG", StateNow::Agreed, mirela(5, 10)).unwrap_or_else(fail);
    c.set_review_state("EP", StateNow::Agreed, mirela(5, 11)).unwrap_or_else(fail);
    c.set_review_state("JFI", StateNow::Agreed, jonas(5, 14)).unwrap_or_else(fail);
    c.set_review_state("IM", StateNow::Agreed, jonas(6, 9)).unwrap_or_else(fail);

    // A question on a bullet, answered and resolved.
    let women = bullet_with(&c, "NDG", "three of the 19 ministers");
    let id = c
        .add_comment(
            Anchor::Block(women),
            Some("three of the 19 ministers are women".into()),
            None,
            t_women,
            mirela(6, 10),
        )
        .unwrap_or_else(fail);
    c.reply_to_comment(id, t_women_reply, author(&c, 7, 16)).unwrap_or_else(fail);
    c.resolve_comment(id, Some(mirela(8, 9))).unwrap_or_else(fail);

    // A proposal for Corruption, declined with the author's reason.
    let co = c.propose_rating("CO", r(100), t_graft, mirela(6, 11)).unwrap_or_else(fail);
    c.decide_proposal(co, false, t_graft_reply, author(&c, 8, 17)).unwrap_or_else(fail);

    // A thread on the Local Democratic Governance rating, still open.
    let thread = c.add_comment(Anchor::Rating("LDG".into()), None, None, t_rating, mirela(7, 9)).unwrap_or_else(fail);
    c.reply_to_comment(thread, t_reply, author(&c, 8, 15)).unwrap_or_else(fail);
    c.reply_to_comment(thread, t_thanks, mirela(9, 10)).unwrap_or_else(fail);

    // A quoted span of a Civil Society bullet; the category needs work.
    let register = bullet_with(&c, "CS", "Some 240 names appeared on it");
    c.add_comment(
        Anchor::Block(register),
        Some("Some 240 names appeared on it".into()),
        None,
        t_register,
        jonas(7, 11),
    )
    .unwrap_or_else(fail);
    c.set_review_state("CS", StateNow::NeedsWork, jonas(9, 12)).unwrap_or_else(fail);
    c.propose_rating("CS", r(150), t_civil, jonas(9, 13)).unwrap_or_else(fail);

    // A suggested wording for a Local Democratic Governance bullet, not yet decided.
    let pilot = bullet_with(&c, "LDG", "Sitting officials mostly prevailed");
    c.add_comment(
        Anchor::Block(pilot),
        Some("Sitting officials mostly prevailed".into()),
        Some(w_suggest.into()),
        t_suggest,
        mirela(8, 10),
    )
    .unwrap_or_else(fail);

    // A question on a footnote's citation.
    let survey = footnote(&c, "55");
    c.add_comment(Anchor::Footnote(survey), Some("survey report, 2023".into()), None, t_survey, jonas(8, 12))
        .unwrap_or_else(fail);

    // A suggestion the author took after Independent Media was agreed: changed since agreed.
    let violence = bullet_with(&c, "IM", "Violence and intimidation against independent reporters continued.");
    let taken = c
        .add_comment(
            Anchor::Block(violence),
            Some("Violence and intimidation against independent reporters continued.".into()),
            Some("Independent reporters still faced violence and intimidation.".into()),
            t_tighter,
            jonas(9, 9),
        )
        .unwrap_or_else(fail);
    c.accept_suggestion(taken, author(&c, 10, 16)).unwrap_or_else(fail);

    // A comment on a bullet the author then deleted: detached, never lost. Judicial Framework
    // and Independence is as it was when agreed, so it stays agreed.
    let draft = c.new_block("The bar association complained of pressure on defence lawyers in political cases.");
    let draft_id = draft.id;
    if let Some(e) = c.category_mut("JFI") {
        e.bullets.push(draft);
    }
    c.add_comment(Anchor::Block(draft_id), None, None, t_bar, jonas(9, 15)).unwrap_or_else(fail);
    if let Some(e) = c.category_mut("JFI") {
        e.bullets.retain(|b| b.id != draft_id);
    }

    // The editor's note on the chapter as a whole.
    c.add_comment(Anchor::Chapter, None, None, t_editor, sara(12, 9)).unwrap_or_else(fail);
    c
}

#[test]
fn the_review_sample_is_the_one_built_from_the_sample() {
    let generated = io::to_ron(&review_sample());
    let path = sample_path("kazakhstan-2024-review.ron");
    if std::env::var_os("RAPPORTEUR_WRITE_SAMPLES").is_some() {
        fs::write(&path, &generated).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    let committed = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        committed == generated,
        "{} is not what review_sample() builds; run RAPPORTEUR_WRITE_SAMPLES=1 cargo test --test review_cli",
        path.display()
    );
}

#[test]
fn the_review_sample_shows_every_part_of_a_review() {
    let path = sample_path("kazakhstan-2024-review.ron");
    let c = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let s = Summary::of(&c);
    let states: Vec<(&str, &str)> = s.categories.iter().map(|k| (k.code.as_str(), k.state)).collect();
    assert_eq!(
        states,
        [
            ("NDG", "agreed"),
            ("EP", "agreed"),
            ("CS", "needs-work"),
            ("IM", "changed-since-agreed"),
            ("LDG", "unreviewed"),
            ("JFI", "agreed"),
            ("CO", "unreviewed"),
        ]
    );
    assert_eq!((s.open_comments, s.open_proposals, s.detached, s.agreed), (6, 1, 1, 3));
    assert_eq!(c.review.comments.len(), 8);
    assert!(c.review.comments.iter().all(|k| k.signed.by.role != Role::Author));
    // Every quote is found in its text; only the comment on the deleted bullet is detached.
    let statuses: Vec<AnchorStatus> = c.review.comments.iter().map(|k| Review::resolve_anchor(&c, k)).collect();
    assert_eq!(statuses.iter().filter(|s| **s == AnchorStatus::Detached).count(), 1);
    for (k, status) in c.review.comments.iter().zip(&statuses) {
        if k.quote.is_some() {
            assert!(matches!(status, AnchorStatus::Attached(Some(_))), "{:?} is {status:?}", k.quote);
        }
    }
    assert!(
        c.review
            .comments
            .iter()
            .flat_map(|k| &k.replies)
            .chain(c.review.proposals.iter().flat_map(|p| &p.replies))
            .filter(|reply| reply.signed.by.role == Role::Author)
            .all(|reply| reply.signed.by.name == "Author")
    );

    let m = Methodology::nit_2020();
    let found = findings::check(&c, &m);
    assert_eq!(found.iter().filter(|f| f.severity == Severity::Error).count(), 0, "{found:#?}");
    let count = |code: Code| found.iter().filter(|f| f.code == code).count();
    assert_eq!(
        [Code::CommentOpen, Code::ProposalOpen, Code::CategoryNotAgreed, Code::ChangedSinceAgreed].map(count),
        [6, 1, 3, 1]
    );

    let out = rapporteur(&["check", arg(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 errors, 2 warnings"), "{}", stdout(&out));
    // An open proposal is a warning, so a strict check refuses the chapter.
    assert_eq!(rapporteur(&["check", arg(&path), "--strict"]).status.code(), Some(1));
    assert_eq!(rapporteur(&["review", arg(&path)]).status.code(), Some(1));
}

/// Every part of a DOCX, as text.
fn docx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("not a zip: {e}"));
    let mut all = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap_or_else(|e| panic!("entry {i}: {e}"));
        part.read_to_end(&mut all).unwrap_or_else(|e| panic!("entry {i}: {e}"));
    }
    String::from_utf8_lossy(&all).into_owned()
}

#[test]
fn no_plain_export_of_the_review_sample_carries_the_review() {
    let c = io::load(&sample_path("kazakhstan-2024-review.ron")).unwrap_or_else(|e| panic!("{e}"));
    let m = Methodology::nit_2020();
    // These are every text of the sample's review.
    let review = &c.review;
    let mut written: Vec<&str> = review
        .comments
        .iter()
        .flat_map(|k| {
            let suggested = k.suggestion.as_deref().filter(|_| k.outcome.is_none());
            std::iter::once(k.text.as_str()).chain(suggested).chain(k.replies.iter().map(|r| r.text.as_str()))
        })
        .chain(
            review
                .proposals
                .iter()
                .flat_map(|p| std::iter::once(p.reason.as_str()).chain(p.replies.iter().map(|r| r.text.as_str()))),
        )
        .collect();
    written.sort_unstable();
    let mut listed = REVIEW_TEXTS.to_vec();
    listed.sort_unstable();
    assert_eq!(written, listed);
    for format in [Format::Html, Format::Markdown, Format::Docx, Format::Text] {
        let bytes = export::export(&c, &m, format).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        let text =
            if format == Format::Docx { docx_text(&bytes) } else { String::from_utf8_lossy(&bytes).into_owned() };
        for said in REVIEW_TEXTS.iter().chain(&REVIEWERS) {
            // The opening words too, in case the whole is escaped or wrapped differently.
            let opening: String = said.chars().take(24).collect();
            assert!(!text.contains(said) && !text.contains(&opening), "{format:?} export carries {said:?}");
        }
    }
}
