//! `rapporteur check` and `rapporteur renumber`, run as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapporteur::changes::{category_sentence, overall_for};
use rapporteur::model::{Authors, Footnote};
use rapporteur::{Chapter, Methodology, Rating, io};

fn r(h: u32) -> Rating {
    Rating::from_hundredths(h)
}

/// A clean chapter: the seed's ratings (Local Democratic Governance 1.75 → 1.50, the rest 1.25
/// both years), an executive summary citing footnotes 1–78, a bullet per category, and three
/// Corruption bullets citing 79, 80 and 81.
fn clean() -> Chapter {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "Kazakhstan", 2024);
    c.authors = Authors::Anonymous;
    for e in &mut c.categories {
        let (now, last) = if e.code == "LDG" { (150, 175) } else { (125, 125) };
        e.rating = Some(r(now));
        e.last_year = Some(r(last));
    }
    let ldg = category_sentence(&m, "LDG", r(175), r(150), "hollow local elections").unwrap_or_default();
    let overall = overall_for(&c, &m).unwrap_or_default();
    assert_eq!(overall, "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.");
    c.score_changes = vec![c.new_block(ldg), c.new_block(overall)];
    let summary = (1..=72).map(|n| format!("Point {n}.[^{n}]")).collect::<Vec<_>>().join(" ");
    let p = c.new_block(summary);
    *c.text_mut("executive_summary") = vec![p];
    let p = c.new_block("The year in brief.[^73]");
    *c.text_mut("at_a_glance") = vec![p];
    for (i, code) in ["NDG", "EP", "CS", "IM", "LDG", "JFI"].iter().enumerate() {
        let b = c.new_block(format!("What happened in this area.[^{}]", 74 + i));
        if let Some(e) = c.category_mut(code) {
            e.bullets.push(b);
        }
    }
    for n in 79..=81 {
        let b = c.new_block(format!("A case of graft.[^{n}]"));
        if let Some(e) = c.category_mut("CO") {
            e.bullets.push(b);
        }
    }
    for n in 1..=81 {
        c.add_footnote(n.to_string(), format!("Source {n}."), Some(format!("https://example.org/{n}")));
    }
    c
}

fn save(dir: &Path, name: &str, chapter: &Chapter) -> PathBuf {
    let path = dir.join(name);
    if let Err(e) = io::save(&path, chapter) {
        panic!("cannot save {}: {e}", path.display());
    }
    path
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

fn arg(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("path is not UTF-8"))
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"))
}

#[test]
fn clean_chapter_passes() {
    let dir = tempdir();
    let path = save(dir.path(), "clean.ron", &clean());
    let o = rapporteur(&["check", arg(&path)]);
    assert_eq!(stdout(&o), "0 errors, 0 warnings, 0 notes\n");
    assert_eq!(o.status.code(), Some(0));
    let o = rapporteur(&["check", "--strict", arg(&path)]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn missing_footnote_is_an_error_named_by_section_and_bullet() {
    let dir = tempdir();
    let mut c = clean();
    c.footnotes.pop(); // [^81], cited by Corruption's third bullet
    let path = save(dir.path(), "missing.ron", &c);
    let o = rapporteur(&["check", arg(&path)]);
    assert_eq!(
        stdout(&o),
        "Corruption\n  error: Corruption, bullet 3: footnote [^81] has no definition [footnote-missing]\n\n\
         1 error, 0 warnings, 0 notes\n"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn findings_are_grouped_by_section_in_chapter_order() {
    let dir = tempdir();
    let mut c = clean();
    c.authors = Authors::Named(Vec::new());
    c.score_changes.pop();
    let spare = c.new_id();
    c.footnotes.push(Footnote { id: spare, label: "82".into(), text: "Unused.".into(), url: None, accessed: None });
    if let Some(e) = c.category_mut("EP") {
        e.bullets[0].text = "Uncited.".into();
        e.bullets.push(rapporteur::TextBlock { id: spare, text: String::new() });
    }
    c.footnotes.retain(|f| f.label != "75");
    c.repair_ids();
    let path = save(dir.path(), "mixed.ron", &c);
    let o = rapporteur(&["check", arg(&path)]);
    let expected = "\
Header
  warning: Header: no author is named; add one, or mark the chapter as anonymous [author-missing]

Score changes
  warning: Score changes: no item gives the resulting Democracy Score; it would read \"As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.\" [change-overall-missing]

Electoral Process
  note: Electoral Process, bullet 1: this bullet cites no footnote [bullet-uncited]
  warning: Electoral Process, bullet 2: this bullet is empty [block-empty]

Civil Society
  note: Civil Society, bullet 1: footnote numbering skips from [^74] to [^76] (renumber to fix) [footnote-numbering-gap]

Footnotes
  warning: Footnotes, entry 81: footnote [^82] is not cited anywhere in the text [footnote-unused]

0 errors, 4 warnings, 2 notes
";
    assert_eq!(stdout(&o), expected);
    assert_eq!(o.status.code(), Some(0), "warnings alone pass");
    let o = rapporteur(&["check", "--strict", arg(&path)]);
    assert_eq!(o.status.code(), Some(1), "--strict fails on warnings");
}

#[test]
fn json_output() {
    let dir = tempdir();
    let mut c = clean();
    c.footnotes.pop();
    let block = c.category("CO").map(|e| e.bullets[2].id.0);
    let path = save(dir.path(), "missing.ron", &c);
    let o = rapporteur(&["check", "--json", arg(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    let expected = serde_json::json!({
        "findings": [{
            "code": "footnote-missing",
            "severity": "error",
            "location": {
                "place": {"kind": "category", "category": "CO"},
                "block": block,
                "footnote": null,
                "range": {"start": 16, "end": 21}
            },
            "message": "footnote [^81] has no definition"
        }],
        "counts": {"error": 1, "warning": 0, "note": 0}
    });
    assert_eq!(v, expected);
}

#[test]
fn renumber_rewrites_the_file_and_keeps_a_backup() {
    let dir = tempdir();
    let mut c = clean();
    // The executive summary's first two citations swapped: 2 now appears before 1.
    let summary = &mut c.text_mut("executive_summary")[0];
    summary.text = summary.text.replacen("[^1]", "[^x]", 1).replacen("[^2]", "[^1]", 1).replacen("[^x]", "[^2]", 1);
    let first_source = c.footnotes[1].id; // labelled 2, now cited first
    let path = save(dir.path(), "order.ron", &c);
    let before = std::fs::read(&path).unwrap_or_default();
    let o = rapporteur(&["check", arg(&path)]);
    assert!(stdout(&o).contains("[footnote-order]"), "{}", stdout(&o));
    let o = rapporteur(&["renumber", arg(&path)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        format!(
            "Renumbered 2 footnotes in {}; the previous version is in {}.\n",
            path.display(),
            io::backup_path(&path).display()
        )
    );
    assert_eq!(std::fs::read(io::backup_path(&path)).unwrap_or_default(), before);
    let after = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(after.text("executive_summary")[0].text.starts_with("Point 1.[^1] Point 2.[^2] "));
    assert_eq!(after.footnotes[0].id, first_source);
    assert_eq!(after.footnotes[0].label, "1");
    let o = rapporteur(&["check", arg(&path)]);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("0 errors, 0 warnings, 0 notes\n", Some(0)));
    let o = rapporteur(&["renumber", arg(&path)]);
    assert_eq!(stdout(&o), format!("Footnotes are already numbered in order; {} is unchanged.\n", path.display()));
}

#[test]
fn unreadable_file_is_exit_2() {
    let dir = tempdir();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, "not a project").unwrap_or_else(|e| panic!("{e}"));
    let o = rapporteur(&["check", arg(&path)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!("rapporteur: {}: line 1, column 1: expected `Project(`, found `not(`\n", path.display())
    );
    assert_eq!(stdout(&o), "");
    let absent = dir.path().join("absent.ron");
    let o = rapporteur(&["renumber", arg(&absent)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!("rapporteur: {}: cannot read the file: No such file or directory (os error 2)\n", absent.display())
    );
    assert!(!absent.exists(), "renumber does not create the file");
}

#[test]
fn renumber_only_reorders_a_shuffled_footnote_list() {
    let dir = tempdir();
    let mut c = clean();
    c.footnotes.swap(0, 1);
    let path = save(dir.path(), "shuffled.ron", &c);
    let o = rapporteur(&["renumber", arg(&path)]);
    assert_eq!(
        stdout(&o),
        format!(
            "Put the footnote list of {} in order of first appearance; the previous version is in {}.\n",
            path.display(),
            io::backup_path(&path).display()
        )
    );
    let after = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after, clean());
}
