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

/// The figure or classification `id` of a score tree in `rapporteur score --json`.
fn figure<'j>(tree: &'j serde_json::Value, id: &str) -> &'j serde_json::Value {
    let found =
        ["figures", "classifications"].iter().filter_map(|k| tree[k].as_array()).flatten().find(|f| f["id"] == id);
    found.unwrap_or(&serde_json::Value::Null)
}

#[test]
fn score_json_prints_the_seed_figures() {
    let path = sample("kazakhstan-2024.ron");
    let out = rapporteur(&["score", &path.to_string_lossy(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!((&json["methodology"], &json["headline"]), (&"nit-2020".into(), &"DS".into()));
    let now = &json["this_year"];
    assert_eq!(figure(now, "DS")["shown"], "1.29");
    assert_eq!(figure(now, "DS")["label"], "Democracy Score");
    assert_eq!(figure(now, "DS")["suffix"], "/ 7");
    assert_eq!(figure(now, "DP")["shown"], "4.76");
    assert_eq!(figure(now, "DP")["headline"], "5");
    assert_eq!(figure(now, "regime")["class"], "Consolidated Authoritarian Regime");
    let last = &json["last_year"];
    assert_eq!((&figure(last, "DS")["shown"], &figure(last, "DP")["shown"]), (&"1.32".into(), &"5.36".into()));
    assert_eq!(figure(last, "regime")["class"], "Consolidated Authoritarian Regime");
    let ratings: Vec<_> = now["outline"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| (l["Item"]["code"].as_str().unwrap_or(""), l["Item"]["shown"].as_str().unwrap_or("")))
                .collect()
        })
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
    assert_eq!(last["outline"][4]["Item"]["shown"], "1.75");
    assert_eq!(now["outline"][4]["Item"]["name"], "Local Democratic Governance");
    let changes: Vec<(&str, &str, bool)> = json["changes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|c| c["direction"] != "same")
                .map(|c| (c["code"].as_str().unwrap_or(""), c["to"].as_str().unwrap_or(""), c["must_explain"] == true))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(changes, [("LDG", "1.50", true), ("DS", "1.29", true), ("DP", "4.76", false)]);
}

#[test]
fn score_text_shows_the_card() {
    let out = rapporteur(&["score", &sample("kazakhstan-2024.ron").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "Nations in Transit 2024 - Kazakhstan

Item                                    Rating  Last year
National Democratic Governance            1.25       1.25
Electoral Process                         1.25       1.25
Civil Society                             1.25       1.25
Independent Media                         1.25       1.25
Local Democratic Governance               1.50       1.75
Judicial Framework and Independence       1.25       1.25
Corruption                                1.25       1.25

Kazakhstan (2024)
  Democracy Score                  1.29 / 7
  Democracy Percentage             4.76 / 100
  Democracy Percentage (headline)  5 / 100
  Classification                   Consolidated Authoritarian Regime

Last year
  Democracy Score                  1.32 / 7
  Democracy Percentage             5.36 / 100
  Democracy Percentage (headline)  5 / 100
  Classification                   Consolidated Authoritarian Regime

Change: Democracy Score declined (-0.03)
"
    );
}

/// Bug 5: last year six categories averaged 7.75 / 6 = 1.2917, this year seven average
/// 9.00 / 7 = 1.2857; both publish as 1.29, so the score remained the same — it used to print
/// "declined (+0.00)".
#[test]
fn score_text_says_remained_the_same_when_the_published_scores_are_equal() {
    let m = rapporteur::Methodology::nit_2020();
    let mut c = rapporteur::Chapter::new(&m, "Arvenia", 2006);
    for e in &mut c.categories {
        let h = if e.code == "CO" { 150 } else { 125 };
        e.rating = Some(rapporteur::Rating::from_hundredths(h));
        e.last_year = (e.code != "LDG").then(|| rapporteur::Rating::from_hundredths(h));
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("arvenia.ron");
    rapporteur::io::save(&path, &c).unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(&["score", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let tail: Vec<&str> = stdout.lines().skip_while(|l| *l != "Last year").collect();
    assert_eq!(
        tail,
        [
            "Last year",
            "  Democracy Score                  1.29 / 7",
            "  Democracy Percentage             4.86 / 100",
            "  Democracy Percentage (headline)  5 / 100",
            "  Classification                   Consolidated Authoritarian Regime",
            "  Not rated: Local Democratic Governance",
            "",
            "Change: Democracy Score remained the same at 1.29",
        ]
    );
    assert!(!stdout.contains("declined") && !stdout.contains("+0.00"), "{stdout}");
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
    assert!(chapter.footnotes.is_empty() && chapter.text("executive_summary").is_empty());
    // A second run refuses to overwrite.
    let again = rapporteur(&["new", "--country", "Kazakhstan", "--edition", "2025", "-o", &out_path.to_string_lossy()]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        text(&again.stderr),
        format!(
            "rapporteur: {} exists already; choose another name or pass --force to replace it\n",
            out_path.display()
        )
    );
}

#[test]
fn bad_input_exits_2_with_one_sentence() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Project(format: 1, chapter: Chapter(country: 12))").unwrap_or_else(|e| panic!("{e}"));
    let missing = dir.path().join("missing.ron");
    let usage = |missing: &str, usage: &str| {
        format!(
            "error: the following required arguments were not provided:\n{missing}\n\nUsage: {usage}\n\n\
             For more information, try '--help'.\n"
        )
    };
    let cases = [
        (
            vec!["score".to_owned(), bad.to_string_lossy().into_owned()],
            format!("rapporteur: {}: line 1, column 45: expected string\n", bad.display()),
        ),
        (
            vec!["score".to_owned(), missing.to_string_lossy().into_owned()],
            format!(
                "rapporteur: {}: cannot read the file: No such file or directory (os error 2)\n",
                missing.display()
            ),
        ),
        (vec!["score".to_owned()], usage("  <FILE>", "rapporteur score <FILE>")),
        (
            vec!["new".to_owned(), "--country".to_owned(), "X".to_owned()],
            usage(
                "  --edition <EDITION>\n  --output <FILE>",
                "rapporteur new --country <COUNTRY> --edition <EDITION> --output <FILE>",
            ),
        ),
        (
            vec!["frobnicate".to_owned(), "x".to_owned(), "y".to_owned()],
            "error: the subcommand 'x' cannot be used with '[FILE]'\n\nUsage: rapporteur [FILE]\n       \
             rapporteur <COMMAND>\n\nFor more information, try '--help'.\n"
                .to_owned(),
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = rapporteur(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stderr), expected, "{args:?}");
        assert_eq!(text(&out.stdout), "", "{args:?}");
    }
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
