//! `rapporteur methodology list|show|check|score`, run as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rapporteur(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/methodology").join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_names_the_four_built_in_indices() {
    let out = rapporteur(&["methodology", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "nit-2020      Nations in Transit (2020 scale) (Freedom House; editions up to 2024)\n\
         nit-pre-2020  Nations in Transit (scale before 2020) (Freedom House; editions up to 2019)\n\
         fiw           Freedom in the World (Freedom House; editions 2013 onwards)\n\
         bti           Bertelsmann Transformation Index (Bertelsmann Stiftung; editions 2006 onwards)\n"
    );
}

#[test]
fn show_prints_the_outline_figures_and_classifications() {
    let out = rapporteur(&["methodology", "show", "fiw"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for line in [
        "fiw: Freedom in the World (Freedom House)\n",
        "\n  points      0 to 4 in steps of 1, 0 decimals, highest best\n",
        "\n    A Electoral Process [A]\n      A1 Head of government elected (scale points)\n",
        "\n    Add Q Deliberate change of ethnic composition (scale points, may be left unrated, subtracted)\n",
        "\n    Add A Consultation in traditional monarchies (scale points, may be left unrated, editions up to 2017)\n",
        "\n  PR          Political Rights = sum of A, B, C, Add Q, Add A (0 decimals, \"/ 40\")\n",
        "\n  CL rating   Civil Liberties rating = CL looked up: 53–60 → 1; 44–52 → 2; 35–43 → 3; 26–34 → 4; 17–25 → 5; 8–16 → 6; 0–7 → 7 (0 decimals, \"/ 7\", lowest best)\n",
        "\n  Status      Status: Free if Ratings mean at most 2.5; Partly Free if Ratings mean at most 5; Not Free otherwise\n",
        "\n  Electoral democracy Electoral democracy: Yes if all of (A at least 7, PR at least 20, CL at least 30); No otherwise\n",
        "\n  one section per item of PR, CL\n",
    ] {
        assert!(shown.contains(line), "{line:?} in:\n{shown}");
    }
    let bti = text(&rapporteur(&["methodology", "show", "bti"]).stdout);
    assert!(bti.contains("\n  GI          Governance Index = GP × (35 + [13]) / 45 (2 decimals, \"/ 10\")\n"), "{bti}");
    assert!(
        bti.contains(
            "\n  13.6        Stateness and rule of law (difficulty) = (11 − mean([1], [3])) (2 decimals, lowest best)\n"
        ),
        "{bti}"
    );
    // A file is shown as well as an id.
    let press = rapporteur(&["methodology", "show", &fixture("press.ron").to_string_lossy()]);
    assert_eq!(press.status.code(), Some(0));
    assert!(text(&press.stdout).starts_with("press-barometer: Press Freedom Barometer (Example Media Monitor)\n"));
}

#[test]
fn show_of_an_unknown_id_says_so() {
    let out = rapporteur(&["methodology", "show", "no-such-index"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "rapporteur: no-such-index:1:1: no built-in methodology has this id (nit-2020, nit-pre-2020, fiw, bti) and there is no such file\n"
    );
}

#[test]
fn check_passes_good_files_and_lists_every_problem_of_a_bad_one() {
    let good = fixture("press.ron");
    let out = rapporteur(&["methodology", "check", &good.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!("{}: ok (press-barometer: 3 items, 3 figures, 1 classification)\n", good.display())
    );

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.ron");
    let text_of = std::fs::read_to_string(&good).unwrap_or_default();
    let broken = text_of
        .replace("(from: 10, to: 19, value: 2)", "(from: 10, to: 18, value: 2)")
        .replace("Items(of: [\"PF\"])", "Items(of: [\"PX\"])");
    std::fs::write(&bad, broken).unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(&["methodology", "check", &bad.to_string_lossy(), &good.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let b = bad.display();
    assert_eq!(
        text(&out.stdout),
        format!(
            "{b}:26:17: figure \"Grade\": no range covers the values between 18 and 20 (the ranges 10 to 18 and 20 to 30 leave a gap)\n\
             {b}:53:24: a section names \"PX\", which is no item or group\n\
             {}: ok (press-barometer: 3 items, 3 figures, 1 classification)\n",
            good.display()
        )
    );
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/methodologies/fiw.ron");
    assert_eq!(rapporteur(&["methodology", "check", &builtin.to_string_lossy()]).status.code(), Some(0));
}

#[test]
fn score_computes_the_tree_of_a_ratings_file() {
    let out = rapporteur(&[
        "methodology",
        "score",
        &fixture("press.ron").to_string_lossy(),
        "--ratings",
        &fixture("press-ratings.ron").to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Press Freedom Barometer 2024\n\
         PF Press freedom  19 / 30\n\
         \x20 L Legal environment  8\n\
         \x20 P Political pressure  6\n\
         \x20 E Economic pressure  5\n\
         \n\
         Total score                     19 / 30\n\
         Grade                           2\n\
         Weighted score                  6.75 / 10 (headline 7)\n\
         Press status                    Restricted\n\
         \n\
         Changes since last year\n\
         \x20 Political pressure declined from 7 to 6 (to explain)\n\
         \x20 Total score declined from 20 to 19 (to explain)\n\
         \x20 Grade declined from 1 to 2\n\
         \x20 Weighted score declined from 7.00 to 6.75\n\
         \x20 Press status declined from Open to Restricted (to explain)\n"
    );
    let json = rapporteur(&[
        "methodology",
        "score",
        &fixture("press.ron").to_string_lossy(),
        "--ratings",
        &fixture("press-ratings.ron").to_string_lossy(),
        "--json",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap_or_default();
    assert_eq!(value["tree"]["figures"][0]["shown"], "19");
    assert_eq!(value["tree"]["classifications"][0]["class"], "Restricted");
    assert_eq!((&value["changes"][0]["code"], &value["changes"][0]["direction"]), (&"L".into(), &"same".into()));
    assert_eq!((&value["changes"][1]["code"], &value["changes"][1]["direction"]), (&"P".into(), &"declined".into()));
}

#[test]
fn score_refuses_ratings_the_index_does_not_have() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ratings = dir.path().join("r.ron");
    std::fs::write(
        &ratings,
        "RatingsFile(\n    edition: 2018,\n    ratings: {\"A1\": 5, \"Add A\": 1, \"Z9\": 2},\n)\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = rapporteur(&["methodology", "score", "fiw", "--ratings", &ratings.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let r = ratings.display();
    assert_eq!(
        text(&out.stderr),
        format!(
            "rapporteur: {r}:3:15: \"A1\": 5 is outside the scale 0 to 4\n\
             {r}:3:24: \"Add A\" is not rated in the 2018 edition of Freedom in the World\n\
             {r}:3:36: \"Z9\" is not an item of Freedom in the World\n"
        )
    );
}
