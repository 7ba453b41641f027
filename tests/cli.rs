//! The command line as a user runs it: exit codes, output, errors on stderr in one sentence.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rapporteur(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"))
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn score_json_prints_the_seed_figures() {
    let path = sample("kazakhstan-2024.ron");
    let out = rapporteur(&["score", &path.to_string_lossy(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(json["democracy_score"], "1.29");
    assert_eq!(json["democracy_percentage"], "4.76");
    assert_eq!(json["democracy_percentage_rounded"], 5);
    assert_eq!(json["classification"], "Consolidated Authoritarian Regime");
    assert_eq!(json["last_year"]["democracy_score"], "1.32");
    assert_eq!(json["last_year"]["democracy_percentage"], "5.36");
    assert_eq!(json["last_year"]["democracy_percentage_rounded"], 5);
    assert_eq!(json["last_year"]["classification"], "Consolidated Authoritarian Regime");
    let ratings: Vec<_> = json["categories"]
        .as_array()
        .map(|a| a.iter().map(|c| (c["code"].as_str().unwrap_or(""), c["rating"].as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    assert_eq!(
        ratings,
        [
            ("NDG", "1.25"),
            ("EP", "1.25"),
            ("CS", "1.25"),
            ("IM", "1.25"),
            ("LDG", "1.50"),
            ("JFI", "1.25"),
            ("CO", "1.25")
        ]
    );
    assert_eq!(json["categories"][4]["last_year_rating"], "1.75");
    assert_eq!(json["categories"][4]["name"], "Local Democratic Governance");
}

#[test]
fn score_text_shows_the_card() {
    let out = rapporteur(&["score", &sample("kazakhstan-2024.ron").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    for line in [
        "Nations in Transit 2024 - Kazakhstan",
        "  Democracy Score       1.29 / 7.00",
        "  Democracy Percentage  4.76 / 100 (headline 5)",
        "  Classification        Consolidated Authoritarian Regime",
        "  Democracy Score       1.32 / 7.00",
        "Change: Democracy Score declined (-0.03)",
    ] {
        assert!(stdout.lines().any(|l| l == line), "missing {line:?} in\n{stdout}");
    }
}

#[test]
fn new_from_last_year_carries_ratings_not_text() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out_path = dir.path().join("kz-2025.ron");
    let from = sample("kazakhstan-2024.ron");
    let out = rapporteur(&[
        "new",
        "--country",
        "Kazakhstan",
        "--edition",
        "2025",
        "--from",
        &from.to_string_lossy(),
        "-o",
        &out_path.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let chapter = rapporteur::io::load(&out_path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chapter.edition, 2025);
    assert_eq!(chapter.title, "Nations in Transit 2025 - Kazakhstan");
    assert_eq!(chapter.authors, rapporteur::Authors::Anonymous);
    let last: Vec<_> = chapter.categories.iter().map(|c| c.last_year.map(|r| r.to_string())).collect();
    let expected = ["1.25", "1.25", "1.25", "1.25", "1.50", "1.25", "1.25"].map(|s| Some(s.to_owned()));
    assert_eq!(last, expected);
    assert!(chapter.categories.iter().all(|c| c.rating.is_none() && c.bullets.is_empty()));
    assert!(chapter.footnotes.is_empty() && chapter.executive_summary.is_empty());
    // A second run refuses to overwrite.
    let again = rapporteur(&["new", "--country", "Kazakhstan", "--edition", "2025", "-o", &out_path.to_string_lossy()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("exists already"));
}

#[test]
fn bad_input_exits_2_with_one_sentence() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Project(format: 1, chapter: Chapter(country: 12))").unwrap_or_else(|e| panic!("{e}"));
    for args in [
        vec!["score".to_owned(), bad.to_string_lossy().into_owned()],
        vec!["score".to_owned(), dir.path().join("missing.ron").to_string_lossy().into_owned()],
        vec!["score".to_owned()],
        vec!["new".to_owned(), "--country".to_owned(), "X".to_owned()],
        vec!["frobnicate".to_owned(), "x".to_owned(), "y".to_owned()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = rapporteur(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
        assert!(!stderr.trim().is_empty());
    }
    let out = rapporteur(&["score", &bad.to_string_lossy()]);
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("bad.ron: line 1, column"), "{stderr}");
}

#[test]
fn the_sample_passes_check_with_no_errors_or_warnings() {
    let out = rapporteur(&["check", &sample("kazakhstan-2024.ron").to_string_lossy(), "--json", "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(json["counts"]["error"], 0);
    assert_eq!(json["counts"]["warning"], 0);
    // The one bullet without a citation is a note, as in the published chapter.
    assert_eq!(json["counts"]["note"], 1);
    assert_eq!(json["findings"][0]["code"], "bullet-uncited");
}
