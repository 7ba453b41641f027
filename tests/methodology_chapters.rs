//! Chapters of every methodology from the command line, as a user runs it: `new
//! --methodology`, `score`, `check`, `convert` of an archived chapter, and a team's own index
//! kept beside its chapters in a git repository, merged through the driver.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::{Chapter, Rating};

fn rapporteur(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .current_dir(dir)
        .env("HOME", dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/methodology").join(name)
}

fn builtin(id: &str) -> Methodology {
    Methodology::builtin(id).unwrap_or_else(|| panic!("{id} is built in"))
}

/// China, Freedom in the World 2024, as published in total: PR −2 (A 0, B 1, C 1, Add Q 4
/// taken off), CL 11 (D 1, E 0, F 1, G 9); the indicator scores are spread to fit.
const CHINA_2024: &[(&str, u32)] = &[
    ("A1", 0),
    ("A2", 0),
    ("A3", 0),
    ("B1", 0),
    ("B2", 0),
    ("B3", 0),
    ("B4", 1),
    ("C1", 0),
    ("C2", 1),
    ("C3", 0),
    ("Add Q", 4),
    ("D1", 0),
    ("D2", 0),
    ("D3", 1),
    ("D4", 0),
    ("E1", 0),
    ("E2", 0),
    ("E3", 0),
    ("F1", 0),
    ("F2", 0),
    ("F3", 0),
    ("F4", 1),
    ("G1", 2),
    ("G2", 2),
    ("G3", 2),
    ("G4", 3),
];

#[test]
fn new_fiw_chapter_has_every_indicator_and_the_fiw_sections() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(
        dir.path(),
        &["new", "--methodology", "fiw", "--country", "Freedonia", "--edition", "2025", "-o", "freedonia.ron"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "Wrote freedonia.ron (Freedom in the World)\n");
    let c = io::load(&dir.path().join("freedonia.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((c.methodology.as_str(), c.title.as_str()), ("fiw", "Freedom in the World 2025 - Freedonia"));
    let codes: Vec<&str> = c.categories.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes.len(), 26, "25 indicators and the discretionary Add Q; Add A ended with 2017");
    assert_eq!((codes[0], codes[10], codes[25]), ("A1", "Add Q", "G4"));
    let texts: Vec<&str> = c.texts.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(texts, ["overview", "key_developments"]);
    // A 2016 chapter still asks Add A.
    let out = rapporteur(
        dir.path(),
        &["new", "--methodology", "fiw", "--country", "Freedonia", "--edition", "2016", "-o", "old.ron"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let old = io::load(&dir.path().join("old.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert!(old.category("Add A").is_some());
    // An unknown methodology is named with the ones there are.
    let out =
        rapporteur(dir.path(), &["new", "--methodology", "fotn", "--country", "X", "--edition", "2025", "-o", "x.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(
            "--methodology fotn: neither a built-in methodology (nit-2020, nit-pre-2020, fiw, bti) nor a file"
        ),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("x.ron").exists());
}

#[test]
fn a_fiw_chapter_scores_every_figure_and_flags_what_is_out_of_scale() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let m = builtin("fiw");
    let mut c = Chapter::new(&m, "China", 2024);
    for &(code, points) in CHINA_2024 {
        let e = c.category_mut(code).unwrap_or_else(|| panic!("{code}"));
        e.rating = Some(Rating::from_hundredths(points * 100));
        e.last_year = e.rating;
    }
    let path = dir.path().join("china.ron");
    io::save(&path, &c).unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(dir.path(), &["score", "china.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let block: Vec<&str> =
        stdout.lines().skip_while(|l| *l != "China (2024)").skip(1).take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        block,
        [
            "  Electoral Process                        0 / 12",
            "  Political Pluralism and Participation    1 / 16",
            "  Functioning of Government                1 / 12",
            "  Freedom of Expression and Belief         1 / 16",
            "  Associational and Organizational Rights  0 / 12",
            "  Rule of Law                              1 / 16",
            "  Personal Autonomy and Individual Rights  9 / 16",
            "  Political Rights                         -2 / 40",
            "  Civil Liberties                          11 / 60",
            "  Global Freedom Score                     9 / 100",
            "  Political Rights rating                  7 / 7",
            "  Civil Liberties rating                   6 / 7",
            "  Mean of the two ratings                  6.5",
            "  Status                                   Not Free",
            "  Electoral democracy                      No",
        ]
    );
    // The outline shows the groups with their items, each score as the scale shows it.
    assert!(
        stdout.contains("\nPolitical Rights\n  A Electoral Process\n    A1 Head of government elected                         0          0\n"),
        "{stdout}"
    );
    // An A1 of 5 is off the 0–4 scale: `check` says so and fails.
    c.category_mut("A1").unwrap_or_else(|| panic!("A1")).rating = Some(Rating::from_hundredths(500));
    io::save(&path, &c).unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(dir.path(), &["check", "china.ron"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("5 is outside the scale 0 to 4"), "{}", text(&out.stdout));
}

#[test]
fn an_archived_chapter_converts_to_the_2020_scale_in_one_command() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let old = builtin("nit-pre-2020");
    let mut c = Chapter::new(&old, "Kosovo", 2019);
    // Kosovo 2019 on the scale of the time, spread to the published sum (see tests/index.rs).
    for (code, h) in [("EP", 475), ("CS", 350), ("IM", 500), ("NDG", 575), ("LDG", 450), ("JFI", 550), ("CO", 525)] {
        c.category_mut(code).unwrap_or_else(|| panic!("{code}")).rating = Some(Rating::from_hundredths(h));
    }
    let p = c.new_block("Our own summary, kept word for word.");
    *c.text_mut("executive_summary") = vec![p];
    io::save(&dir.path().join("kosovo.ron"), &c).unwrap_or_else(|e| panic!("{e}"));
    let before = text(&rapporteur(dir.path(), &["score", "kosovo.ron"]).stdout);
    assert!(before.contains("  Democracy Score  4.89 / 7\n"), "{before}");
    let out = rapporteur(dir.path(), &["convert", "kosovo.ron", "-o", "kosovo-2020.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Converted Kosovo from Nations in Transit (scale before 2020) to Nations in Transit (2020 scale) \
         (new = 8 \u{2212} old); wrote kosovo-2020.ron\n"
    );
    let after = text(&rapporteur(dir.path(), &["score", "kosovo-2020.ron"]).stdout);
    assert!(after.contains("  Democracy Score                  3.11 / 7\n"), "{after}");
    assert!(after.contains("  Democracy Percentage             35.12 / 100\n"), "{after}");
    assert!(after.contains("  Classification                   Transitional or Hybrid Regime\n"), "{after}");
    let file = std::fs::read_to_string(dir.path().join("kosovo-2020.ron")).unwrap_or_default();
    assert!(
        file.contains(
            "        conversions: [\n            Conversion(\n                from: \"nit-pre-2020\",\n                \
             to: \"nit-2020\",\n                rule: \"new = 8 \u{2212} old\",\n"
        ),
        "{file}"
    );
    let converted = io::load(&dir.path().join("kosovo-2020.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(converted.text("executive_summary"), c.text("executive_summary"));
    // A 2004 chapter rates Governance, which today's scale does not have.
    let mut early = Chapter::new(&old, "Slovakia", 2004);
    early.category_mut("GOV").unwrap_or_else(|| panic!("GOV")).rating = Some(Rating::from_hundredths(200));
    io::save(&dir.path().join("slovakia.ron"), &early).unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(dir.path(), &["convert", "slovakia.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "rapporteur: slovakia.ron: Governance (GOV) has no counterpart in Nations in Transit (2020 scale); a \
         chapter rating it cannot be converted\n"
    );
    let unchanged = io::load(&dir.path().join("slovakia.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(unchanged, early, "a refused conversion writes nothing");
}

#[path = "support/git.rs"]
mod git;

use git::{git, git_ok};

fn git_present() -> bool {
    git::present()
}

/// A team's own index kept at the top of a repository, its chapters in a folder below naming
/// it as `../press.ron`: two branches edit different items of one chapter and the index's
/// comment; git merges both through the driver.
#[test]
fn a_teams_index_and_its_chapters_travel_and_merge_together_in_git() {
    if !git_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    git::init(dir);
    std::fs::copy(fixture("press.ron"), dir.join("press.ron")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.join("chapters")).unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(
        dir,
        &[
            "new",
            "--methodology",
            "press.ron",
            "--country",
            "Freedonia",
            "--edition",
            "2025",
            "-o",
            "chapters/freedonia.ron",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = dir.join("chapters/freedonia.ron");
    let c = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.methodology, "../press.ron", "named relative to the chapter's folder");
    git_ok(dir, &["add", "."]);
    git_ok(dir, &["commit", "-q", "-m", "Index and chapter"]);
    let edit = |branch: &str, code: &str, points: u32, paragraph: &str, comment: Option<(&str, &str)>| {
        git_ok(dir, &["checkout", "-q", "-b", branch, "main"]);
        let mut c = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let b = c.new_block(paragraph);
        let e = c.category_mut(code).unwrap_or_else(|| panic!("{code}"));
        e.rating = Some(Rating::from_hundredths(points * 100));
        e.bullets.push(b);
        io::save(&path, &c).unwrap_or_else(|e| panic!("{e}"));
        std::fs::remove_file(io::backup_path(&path)).unwrap_or_else(|e| panic!("{e}"));
        if let Some((from, to)) = comment {
            let index = std::fs::read_to_string(dir.join("press.ron")).unwrap_or_default().replacen(from, to, 1);
            std::fs::write(dir.join("press.ron"), index).unwrap_or_else(|e| panic!("{e}"));
        }
        git_ok(dir, &["commit", "-q", "-am", branch]);
    };
    edit(
        "ours",
        "L",
        6,
        "Two laws on sources passed; one was never applied.",
        Some(("Example Media Monitor", "Example Media Monitor (Vienna)")),
    );
    edit("theirs", "E", 3, "Advertising from ministries went only to friendly outlets.", None);
    git_ok(dir, &["checkout", "-q", "ours"]);
    let merged = git(dir, &["merge", "-q", "--no-edit", "theirs"]);
    assert!(merged.status.success(), "{}{}", text(&merged.stdout), text(&merged.stderr));
    let c = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let get = |code: &str| c.category(code).map(|e| (e.rating.map(Rating::hundredths), e.bullets.len()));
    assert_eq!((get("L"), get("E")), (Some((Some(600), 1)), Some((Some(300), 1))));
    let index = std::fs::read_to_string(dir.join("press.ron")).unwrap_or_default();
    assert!(index.contains("Example Media Monitor (Vienna)"), "the index merged as text");
    let out = rapporteur(dir, &["score", "chapters/freedonia.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("  Total score                9 / 30\n"), "{}", text(&out.stdout));
}

/// The text of a DOCX's main document part.
fn docx_text(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")), &mut xml)
        .unwrap_or_else(|e| panic!("{e}"));
    xml
}

/// A team's own three-indicator index, written by hand (tests/fixtures/methodology/press.ron),
/// and a chapter of it beside it: clean, scored, and exported to every format with its own
/// items, figures and classification, and nothing of any other index.
#[test]
fn a_teams_own_index_chapter_checks_scores_and_exports_to_every_format() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for name in ["press.ron", "press-chapter.ron"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = rapporteur(dir.path(), &["check", "--strict", "--spelling", "press-chapter.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).ends_with("0 errors, 0 warnings, 0 notes\n"), "{}", text(&out.stdout));
    let out = rapporteur(dir.path(), &["score", "press-chapter.ron"]);
    let score = text(&out.stdout);
    let block: Vec<&str> =
        score.lines().skip_while(|l| *l != "Freedonia (2025)").skip(1).take_while(|l| !l.is_empty()).collect();
    // L 5, P 3, E 4: total 12 (grade 2 from the table, "Restricted" from the bands), weighted
    // (2·5 + 3 + 4) / 4 = 4.25, headline 4.
    assert_eq!(
        block,
        [
            "  Total score                12 / 30",
            "  Grade                      2",
            "  Weighted score             4.25 / 10",
            "  Weighted score (headline)  4 / 10",
            "  Press status               Restricted",
        ]
    );
    for (ext, must) in [
        ("html", vec!["Legal environment", "Political pressure", "Economic pressure", "Restricted", "4.25", "Summary"]),
        ("md", vec!["Legal environment", "Restricted", "12 / 30", "Summary"]),
        ("txt", vec!["Do laws protect journalists and sources?", "Restricted", "Total score", "Summary"]),
        ("docx", vec!["Legal environment", "Restricted", "Summary"]),
    ] {
        let name = format!("press.{ext}");
        let out = rapporteur(dir.path(), &["export", "press-chapter.ron", "-o", &name]);
        assert_eq!(out.status.code(), Some(0), "{ext}: {}", text(&out.stderr));
        let written = if ext == "docx" {
            docx_text(&dir.path().join(&name))
        } else {
            std::fs::read_to_string(dir.path().join(&name)).unwrap_or_default()
        };
        for m in must {
            assert!(written.contains(m), "{ext} lacks {m:?}");
        }
        for other in ["Democracy Score", "Nations in Transit", "Global Freedom Score", "/ 7"] {
            assert!(!written.contains(other), "{ext} names {other:?} of another index");
        }
    }
    // The PDF, read back by poppler as a reader's viewer would (in a build that typesets).
    if !rapporteur::export::Format::Pdf.available() {
        return;
    }
    let out = rapporteur(dir.path(), &["export", "press-chapter.ron", "-o", "press.pdf"]);
    assert_eq!(out.status.code(), Some(0), "pdf: {}", text(&out.stderr));
    match Command::new("pdftotext").arg(dir.path().join("press.pdf")).arg("-").output() {
        Ok(read) if read.status.success() => {
            let pdf = text(&read.stdout);
            for m in ["Legal environment", "Economic pressure", "Restricted", "Summary"] {
                assert!(pdf.contains(m), "the PDF lacks {m:?}: {pdf}");
            }
            assert!(!pdf.contains("Democracy Score"), "{pdf}");
        }
        _ => {
            assert!(std::env::var_os("CI").is_none(), "pdftotext must be installed under CI (.ci/run installs it)");
            eprintln!("note: pdftotext is not installed; the PDF is written but not read back");
        }
    }
}

/// The Freedom in the World sample in a repository: one branch rescores A1 and rewrites its
/// paragraph, the other rewrites D1's paragraph and rescores G1; git merges both through the
/// driver, and `rapporteur diff` names what moved, by code, with the figures it moved.
#[test]
fn a_fiw_chapter_merges_through_git_and_diffs_indicator_by_indicator() {
    if !git_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path();
    git::init(dir);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/freedonia-2025.ron");
    let path = dir.join("freedonia.ron");
    std::fs::copy(&sample, &path).unwrap_or_else(|e| panic!("{e}"));
    git_ok(dir, &["add", "."]);
    git_ok(dir, &["commit", "-q", "-m", "Freedonia"]);
    let original = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let edit = |branch: &str, code: &str, points: u32, sentence: &str| {
        git_ok(dir, &["checkout", "-q", "-b", branch, "main"]);
        let mut c = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let e = c.category_mut(code).unwrap_or_else(|| panic!("{code}"));
        e.rating = Some(Rating::from_hundredths(points * 100));
        e.bullets[0].text.push_str(sentence);
        io::save(&path, &c).unwrap_or_else(|e| panic!("{e}"));
        std::fs::remove_file(io::backup_path(&path)).unwrap_or_else(|e| panic!("{e}"));
        git_ok(dir, &["commit", "-q", "-am", branch]);
    };
    edit("ours", "A1", 1, " Observers called the count opaque.");
    git_ok(dir, &["checkout", "-q", "main"]);
    let mut theirs = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    git_ok(dir, &["checkout", "-q", "-b", "theirs", "main"]);
    let d1 = theirs.category_mut("D1").unwrap_or_else(|| panic!("D1"));
    d1.bullets[0].text.push_str(" Two more outlets closed in the autumn.");
    let g1_before = original.category("G1").and_then(|e| e.rating).map_or(0, Rating::hundredths);
    let g1_after = if g1_before == 300 { 200 } else { 300 };
    theirs.category_mut("G1").unwrap_or_else(|| panic!("G1")).rating = Some(Rating::from_hundredths(g1_after));
    io::save(&path, &theirs).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(io::backup_path(&path)).unwrap_or_else(|e| panic!("{e}"));
    git_ok(dir, &["commit", "-q", "-am", "theirs"]);
    git_ok(dir, &["checkout", "-q", "ours"]);
    let merged = git(dir, &["merge", "-q", "--no-edit", "theirs"]);
    assert!(merged.status.success(), "{}{}", text(&merged.stdout), text(&merged.stderr));
    let c = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let get = |code: &str| c.category(code).map(|e| (e.rating.map(Rating::hundredths), e.bullets[0].text.clone()));
    let a1 = get("A1").unwrap_or_else(|| panic!("A1"));
    assert_eq!(a1.0, Some(100));
    assert!(a1.1.ends_with(" Observers called the count opaque."));
    let d1 = get("D1").unwrap_or_else(|| panic!("D1"));
    assert!(d1.1.ends_with(" Two more outlets closed in the autumn."));
    assert_eq!(get("G1").map(|g| g.0), Some(Some(g1_after)));
    assert!(c.conflicts.is_empty());
    // What changed since main, as a reviewer reads it.
    io::save(&dir.join("before.ron"), &original).unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(dir, &["diff", "before.ron", "freedonia.ron"]);
    assert_eq!(out.status.code(), Some(1), "a difference: {}", text(&out.stderr));
    let printed = text(&out.stdout);
    let before = original.category("A1").and_then(|e| e.rating).map_or(0, Rating::hundredths) / 100;
    assert!(printed.contains(&format!("  A1 Head of government elected: {before} -> 1\n")), "{printed}");
    assert!(
        printed.contains(&format!("  G1 Freedom of movement: {} -> {}\n", g1_before / 100, g1_after / 100)),
        "{printed}"
    );
    assert!(printed.contains("  Global Freedom Score: 52 -> "), "{printed}");
}
