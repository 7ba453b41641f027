//! `rapporteur data import|export`, run as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

fn rapporteur(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap_or_else(|| panic!("a UTF-8 temporary path"))
}

/// Two rows of Freedom in the World's All Data layout, as CSV: China 2024 as published (PR −2,
/// CL 11, total 9) and the same scores in 2023 with a Total of 10 typed in by mistake.
fn fiw_csv(path: &Path) {
    let header = "Country/Territory,Region,C/T,Edition,Status,PR rating,CL rating,A1,A2,A3,A,B1,B2,B3,B4,B,\
C1,C2,C3,C,Add Q,Add A,PR,D1,D2,D3,D4,D,E1,E2,E3,E,F1,F2,F3,F4,F,G1,G2,G3,G4,G,CL,Total";
    let scores = "0,0,0,0,0,1,0,0,1,0,1,0,1,4,N/A,-2,0,0,1,0,1,0,0,0,0,0,0,1,1,2,1,2,2,3,8,11";
    let body = format!(
        "Freedom in the World 2013-2024\n{header}\nChina,Asia,c,2024,NF,7,6,{scores},9\nChina,Asia,c,2023,NF,7,6,{scores},10\n"
    );
    std::fs::write(path, body).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn import_reports_disagreements_and_succeeds_then_export_writes_the_figures() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = dir.path().join("fiw.csv");
    fiw_csv(&csv);
    let out = dir.path().join("out");
    let run = rapporteur(&["data", "import", s(&csv), "--methodology", "fiw", "-o", s(&out)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(
        text(&run.stderr),
        format!("{}: row 4, column AR (Total), China 2023: published 10, computed 9\n", csv.display())
    );
    assert_eq!(
        text(&run.stdout),
        format!(
            "Imported 2 rows (the publisher's layout) into 2 files in {}; 1 published figure disagrees with the scores\n",
            out.display()
        )
    );
    assert!(out.join("China-2023.ron").is_file() && out.join("China-2024.ron").is_file());

    // Again into the same folder: refused, nothing replaced.
    let again = rapporteur(&["data", "import", s(&csv), "--methodology", "fiw", "-o", s(&out)]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        text(&again.stderr),
        format!(
            "{1}: row 4, column AR (Total), China 2023: published 10, computed 9\n\
             rapporteur: {0}: China-2024.ron exists already; pass --force to replace it\n\
             {0}: China-2023.ron exists already; pass --force to replace it\n",
            out.display(),
            csv.display()
        )
    );

    let back = dir.path().join("back.csv");
    let run = rapporteur(&["data", "export", s(&out), "-o", s(&back)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout), format!("Wrote {} (2 rows)\n", back.display()));
    let written = std::fs::read_to_string(&back).unwrap_or_default();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 3);
    // The Total computed, not the one typed in; Add A "N/A" as the publisher writes it.
    assert_eq!(
        lines[1],
        "China,Asia,c,2023,NF,7,6,0,0,0,0,0,1,0,0,1,0,1,0,1,4,N/A,-2,0,0,1,0,1,0,0,0,0,0,0,1,1,2,1,2,2,3,8,11,9"
    );

    let generic = dir.path().join("generic.csv");
    let run = rapporteur(&["data", "export", s(&out), "-o", s(&generic), "--layout", "generic"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let written = std::fs::read_to_string(&generic).unwrap_or_default();
    assert_eq!(
        written.lines().next(),
        Some(
            "Country,Edition,A1,A2,A3,B1,B2,B3,B4,C1,C2,C3,Add Q,Add A,D1,D2,D3,D4,E1,E2,E3,F1,F2,F3,F4,G1,G2,G3,G4,\
             Electoral Process,Political Pluralism and Participation,Functioning of Government,\
             Freedom of Expression and Belief,Associational and Organizational Rights,Rule of Law,\
             Personal Autonomy and Individual Rights,Political Rights,Civil Liberties,Global Freedom Score,\
             Political Rights rating,Civil Liberties rating,Mean of the two ratings,Status,Electoral democracy"
        )
    );
    assert_eq!(
        written.lines().nth(2),
        Some(
            "China,2024,0,0,0,0,1,0,0,0,1,0,4,,0,0,1,0,0,0,0,0,0,1,1,1,2,2,3,0,1,1,1,0,2,8,-2,11,9,7,6,6.5,Not Free,No"
        )
    );
}

#[test]
fn as_last_year_starts_the_next_edition() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = dir.path().join("fiw.csv");
    fiw_csv(&csv);
    let out = dir.path().join("next");
    let run = rapporteur(&[
        "data",
        "import",
        s(&csv),
        "--methodology",
        "fiw",
        "--edition",
        "2024",
        "--as-last-year",
        "-o",
        s(&out),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    // Only the 2024 row was read, so the 2023 row's wrong Total is not reported.
    assert_eq!(text(&run.stderr), "");
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["China-2025.ron"]);
    let score = rapporteur(&["score", s(&out.join("China-2025.ron"))]);
    assert_eq!(score.status.code(), Some(0), "{}", text(&score.stderr));
    let printed = text(&score.stdout);
    assert!(printed.contains("\nNothing is rated yet.\n\nLast year\n"), "{printed}");
    assert!(printed.contains("  Political Rights                         -2 / 40\n"), "{printed}");
}

#[test]
fn an_unreadable_table_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "Country,Edition,NDG,EP,CS,IM,LDG,JFI,CO\nKazakhstan,2024,1.25,one,1.75,1.25,1.50,1.25,1.00\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let run = rapporteur(&["data", "import", s(&csv), "--methodology", "nit-2020", "-o", s(&out)]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        text(&run.stderr),
        format!(
            "rapporteur: {}: row 2, column D (EP): \"one\" is not a score; expected a number or an empty cell\n",
            csv.display()
        )
    );
    assert!(!out.exists());
}

#[test]
fn a_teams_own_index_travels_with_its_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/methodology/press.ron");
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("index")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(&fixture, repo.join("index/press.ron")).unwrap_or_else(|e| panic!("{e}"));
    let csv = dir.path().join("press.csv");
    std::fs::write(&csv, "Country,Edition,L,P,E\nRuritania,2024,8,6,5\n").unwrap_or_else(|e| panic!("{e}"));
    let out = repo.join("2024");
    let run =
        rapporteur(&["data", "import", s(&csv), "--methodology", s(&repo.join("index/press.ron")), "-o", s(&out)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let written = std::fs::read_to_string(out.join("Ruritania-2024.ron")).unwrap_or_default();
    assert!(
        written.starts_with(
            "Project(\n    format: 3,\n    chapter: Chapter(\n        methodology: \"../index/press.ron\",\n"
        ),
        "{written}"
    );

    // The whole repository moved elsewhere, with a copy of the index inside the folder too:
    // the files still find their index, and the copy is not taken for a chapter.
    let moved = dir.path().join("moved");
    std::fs::rename(&repo, &moved).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(&fixture, moved.join("2024/press.ron")).unwrap_or_else(|e| panic!("{e}"));
    let back = dir.path().join("back.csv");
    let run = rapporteur(&["data", "export", s(&moved.join("2024")), "-o", s(&back)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(
        std::fs::read_to_string(&back).unwrap_or_default(),
        "Country,Edition,L,P,E,Total score,Grade,Weighted score,Press status\nRuritania,2024,8,6,5,19,2,6.75,Restricted\n"
    );
}
