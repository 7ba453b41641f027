//! The edition: an edition folder of our own making (Nations in Transit chapters in regions,
//! in a git repository with tagged editions) started from the last one, read into the
//! overview, sorted, filtered and summed, kept current as files change, and its countries'
//! histories read from sibling folders and tags.

#[path = "support/edition.rs"]
mod edition_support;
#[path = "support/git.rs"]
mod git;

use std::path::Path;
use std::process::Command;

use edition_support::{nit_chapter, write_chapter, write_edition_file};
use rapporteur::edition::overview::{self, Column, Filter, Sort, StateFilter};
use rapporteur::edition::{Edition, ReviewStatus, history};

const KAZ: [u32; 7] = [200, 175, 300, 150, 225, 125, 150]; // 13.25 / 7 → 1.89
const KAZ_LAST: [u32; 7] = [200, 200, 300, 150, 225, 125, 150]; // 13.50 / 7 → 1.93
const ARM: [u32; 7] = [325, 500, 500, 325, 300, 250, 275]; // 24.75 / 7 → 3.54
const GEO: [u32; 7] = [300, 400, 475, 375, 350, 250, 300]; // 24.50 / 7 → 3.50
const EST: [u32; 7] = [600, 675, 625, 575, 575, 625, 600]; // 42.75 / 7 → 6.11

const REGIONS: &[(&str, &[&str])] = &[
    ("Central Europe and the Baltics", &["Estonia"]),
    ("Eurasia", &["Armenia", "Georgia"]),
    ("Central Asia", &["Kazakhstan"]),
];

fn rapporteur(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur")).args(args).output().unwrap()
}

/// A 2023 edition: four chapters in three regions (Estonia's anonymous), no changes since 2022
/// except Kazakhstan's Electoral Process, which nobody explained yet.
fn edition_2023(dir: &Path) {
    write_edition_file(dir, 2023, REGIONS);
    write_chapter(
        &dir.join("central-asia/Kazakhstan-2023.ron"),
        &nit_chapter("Kazakhstan", 2023, KAZ, Some(KAZ_LAST), Some("A. Writer")),
    );
    write_chapter(
        &dir.join("eurasia/Armenia-2023.ron"),
        &nit_chapter("Armenia", 2023, ARM, Some(ARM), Some("B. Writer")),
    );
    write_chapter(
        &dir.join("eurasia/Georgia-2023.ron"),
        &nit_chapter("Georgia", 2023, GEO, Some(GEO), Some("C. Writer")),
    );
    write_chapter(&dir.join("cebaltics/Estonia-2023.ron"), &nit_chapter("Estonia", 2023, EST, Some(EST), None));
}

fn by_country<'e>(edition: &'e Edition, country: &str) -> &'e rapporteur::edition::Row {
    edition.rows().find(|r| r.country == country).unwrap_or_else(|| panic!("no row for {country}"))
}

#[test]
fn the_overview_has_every_figure_class_change_and_finding_of_each_chapter() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nit-2023");
    edition_2023(&dir);
    let edition = Edition::open(&dir).unwrap();
    assert_eq!(edition.entries.len(), 4);
    assert_eq!(edition.items, ["NDG", "EP", "CS", "IM", "LDG", "JFI", "CO"]);

    let kaz = by_country(&edition, "Kazakhstan");
    assert_eq!(kaz.path, "central-asia/Kazakhstan-2023.ron");
    assert_eq!(kaz.region.as_deref(), Some("Central Asia"));
    assert_eq!(kaz.author, "A. Writer");
    assert_eq!(overview::cell(kaz, Column::Figure(0)), "1.89");
    assert_eq!(overview::cell(kaz, Column::HeadlineLast), "1.93");
    assert_eq!(overview::cell(kaz, Column::Change), "▼ -0.04");
    assert_eq!(kaz.class.as_deref(), Some("Consolidated Authoritarian Regime"));
    // The Electoral Process and the Democracy Score moved and nobody said why.
    assert!(kaz.counts.error >= 1, "{kaz:?}");
    assert!(kaz.has_errors());
    assert_eq!(kaz.review, ReviewStatus::NotReviewed);

    let est = by_country(&edition, "Estonia");
    assert_eq!((est.author.as_str(), est.anonymous), ("Anonymous", true));
    assert_eq!(overview::cell(est, Column::Figure(0)), "6.11");
    assert_eq!(overview::cell(est, Column::Change), "= 0.00");
    assert_eq!(est.class.as_deref(), Some("Consolidated Democracy"));
    assert_eq!(est.counts.error, 0, "{est:?}");
    assert_eq!(by_country(&edition, "Armenia").class.as_deref(), Some("Transitional or Hybrid Regime"));
    // Every word of the chapter's text: seven bullets of 12 words, two sentences of 9.
    assert_eq!(est.words, 7 * 12 + 2 * 9);

    // Published order: region by region as the edition file lists them.
    let rows: Vec<_> = edition.rows().collect();
    let order = |sort, filter: &Filter| -> Vec<String> {
        overview::view(&edition, &rows, sort, filter).into_iter().map(|i| rows[i].country.clone()).collect()
    };
    assert_eq!(order(Sort::default(), &Filter::default()), ["Estonia", "Armenia", "Georgia", "Kazakhstan"]);
    let by_score = Sort { column: Some(Column::Figure(0)), descending: true };
    assert_eq!(order(by_score, &Filter::default()), ["Estonia", "Armenia", "Georgia", "Kazakhstan"]);
    let by_score_up = Sort { column: Some(Column::Figure(0)), descending: false };
    assert_eq!(order(by_score_up, &Filter::default()), ["Kazakhstan", "Georgia", "Armenia", "Estonia"]);
    let by_change = Sort { column: Some(Column::Change), descending: false };
    assert_eq!(order(by_change, &Filter::default()), ["Kazakhstan", "Estonia", "Armenia", "Georgia"]);
    let by_country = Sort { column: Some(Column::Country), descending: true };
    assert_eq!(order(by_country, &Filter::default()), ["Kazakhstan", "Georgia", "Estonia", "Armenia"]);

    let eurasia = Filter { region: Some("Eurasia".into()), ..Filter::default() };
    assert_eq!(order(Sort::default(), &eurasia), ["Armenia", "Georgia"]);
    let errors = Filter { state: Some(StateFilter::Errors), ..Filter::default() };
    assert_eq!(order(Sort::default(), &errors), ["Kazakhstan"]);
    let hybrid = Filter { class: Some("Transitional or Hybrid Regime".into()), ..Filter::default() };
    assert_eq!(order(Sort::default(), &hybrid), ["Armenia", "Georgia"]);
    let text = Filter { text: "anonym".into(), ..Filter::default() };
    assert_eq!(order(Sort::default(), &text), ["Estonia"]);
    let text = Filter { text: "EURASIA geo".into(), ..Filter::default() };
    assert_eq!(order(Sort::default(), &text), ["Georgia"]);

    // The foot: regional and edition means, chapters per class.
    let footer = overview::footer(&edition, &rows);
    let names: Vec<&str> = footer.regions.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Central Europe and the Baltics", "Eurasia", "Central Asia"]);
    let eurasia = &footer.regions[1];
    assert_eq!(eurasia.chapters, 2);
    assert_eq!(eurasia.means[0].map(|m| m.to_string()).as_deref(), Some("3.52"));
    // (1.89 + 3.54 + 3.50 + 6.11) / 4 = 3.76
    assert_eq!(footer.all.means[0].map(|m| m.to_string()).as_deref(), Some("3.76"));
    assert_eq!(footer.all.headline_last.map(|m| m.to_string()).as_deref(), Some("3.77"));
    assert_eq!(
        footer.all.classes,
        [
            ("Consolidated Democracy".to_owned(), 1),
            ("Semi-Consolidated Democracy".to_owned(), 0),
            ("Transitional or Hybrid Regime".to_owned(), 2),
            ("Semi-Consolidated Authoritarian Regime".to_owned(), 0),
            ("Consolidated Authoritarian Regime".to_owned(), 1),
        ]
    );
    assert_eq!(footer.all.with_errors, 1);
}

#[test]
fn rapporteur_edition_prints_the_overview_and_fails_while_a_chapter_has_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nit-2023");
    edition_2023(&dir);
    let out = rapporteur(&["edition", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Nations in Transit 2023 (Nations in Transit (2020 scale), 4 chapters)");
    assert!(
        lines[2].starts_with(
            "Country     Region                          Democracy Score  Democracy Score 2022   Change  Classification"
        ),
        "{text}"
    );
    assert!(lines[3].starts_with("Estonia     Central Europe and the Baltics             6.11                  6.11   = 0.00  Consolidated Democracy"), "{text}");
    assert!(lines[6].starts_with("Kazakhstan  Central Asia                               1.89                  1.93  ▼ -0.04  Consolidated Authoritarian Regime"), "{text}");
    assert!(
        text.contains("\nEurasia: 2 chapters, mean Democracy Score 3.52; Transitional or Hybrid Regime 2\n"),
        "{text}"
    );
    assert!(text.contains("\nAll: 4 chapters, mean Democracy Score 3.76; Consolidated Democracy 1, Transitional or Hybrid Regime 2, Consolidated Authoritarian Regime 1; 1 with errors\n"), "{text}");

    let out = rapporteur(&["edition", dir.to_str().unwrap(), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["methodology"], "nit-2020");
    assert_eq!(json["figures"][0], "DS");
    assert_eq!(json["rows"][0]["country"], "Estonia");
    assert_eq!(json["rows"][0]["author"], "Anonymous");
    assert_eq!(json["rows"][0]["headline"], "6.11");
    assert_eq!(json["rows"][3]["change"], "-0.04");
    assert_eq!(json["rows"][3]["direction"], "declined");
    assert_eq!(json["footer"]["all"]["means"][0], "3.76");

    // Kazakhstan's change left as last year: no errors, exit 0.
    write_chapter(
        &dir.join("central-asia/Kazakhstan-2023.ron"),
        &nit_chapter("Kazakhstan", 2023, KAZ, Some(KAZ), Some("A. Writer")),
    );
    let out = rapporteur(&["edition", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));

    // Not an edition: a clear message.
    let out = rapporteur(&["edition", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not an edition: it has no edition.ron"), "{err}");
}

#[test]
fn edition_init_starts_the_next_edition_from_the_last_with_last_years_ratings() {
    let tmp = tempfile::tempdir().unwrap();
    let last = tmp.path().join("nit-2023");
    edition_2023(&last);
    let next = tmp.path().join("nit-2024");
    let out = rapporteur(&[
        "edition",
        "init",
        next.to_str().unwrap(),
        "--methodology",
        "nit-2020",
        "--edition",
        "2024",
        "--from",
        last.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.ends_with("4 chapters for 2024.\n"), "{said}");

    let edition = Edition::open(&next).unwrap();
    assert_eq!(edition.file.name, "Nations in Transit 2024");
    let ignore = std::fs::read_to_string(next.join(".gitignore")).unwrap();
    assert!(ignore.ends_with("\n*.ron.bak\n"), "{ignore}");
    assert_eq!(edition.file.edition, 2024);
    assert_eq!(edition.file.regions.len(), 3);
    let paths: Vec<&str> = edition.rows().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "cebaltics/Estonia-2024.ron",
            "central-asia/Kazakhstan-2024.ron",
            "eurasia/Armenia-2024.ron",
            "eurasia/Georgia-2024.ron"
        ]
    );
    let kaz = by_country(&edition, "Kazakhstan");
    assert_eq!(kaz.headline, None, "nothing rated yet");
    assert_eq!(overview::cell(kaz, Column::HeadlineLast), "1.89");
    assert_eq!(kaz.author, "A. Writer");
    assert!(by_country(&edition, "Estonia").anonymous);
    let chapter = edition.chapter(&next.join("central-asia/Kazakhstan-2024.ron")).unwrap();
    assert_eq!(chapter.title, "Nations in Transit 2024 - Kazakhstan");
    let last_year: Vec<u32> = chapter.categories.iter().map(|c| c.last_year.unwrap().hundredths()).collect();
    assert_eq!(last_year, KAZ);

    // Again into the same folder: refused, nothing touched.
    let before = std::fs::read(next.join("edition.ron")).unwrap();
    let out =
        rapporteur(&["edition", "init", next.to_str().unwrap(), "--methodology", "nit-2020", "--edition", "2024"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read(next.join("edition.ron")).unwrap(), before);
    // From an edition of another methodology: refused with the way out.
    let fiw = tmp.path().join("fiw-2025");
    let out = rapporteur(&[
        "edition",
        "init",
        fiw.to_str().unwrap(),
        "--methodology",
        "fiw",
        "--edition",
        "2025",
        "--from",
        last.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("convert its chapters first"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!fiw.join("edition.ron").exists());
}

#[test]
fn refresh_reads_only_what_changed_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nit-2023");
    edition_2023(&dir);
    let mut edition = Edition::open(&dir).unwrap();
    assert!(edition.refresh().is_empty());

    // A pull changes Georgia's rating, adds a chapter and removes one.
    let georgia = dir.join("eurasia/Georgia-2023.ron");
    let mut better = GEO;
    better[0] = 400; // 25.50 / 7 → 3.64
    write_chapter(&georgia, &nit_chapter("Georgia", 2023, better, Some(better), Some("C. Writer")));
    write_chapter(
        &dir.join("eurasia/Moldova-2023.ron"),
        &nit_chapter("Moldova", 2023, ARM, Some(ARM), Some("D. Writer")),
    );
    std::fs::remove_file(dir.join("cebaltics/Estonia-2023.ron")).unwrap();
    // A file that is no chapter (a methodology kept beside them) is passed over; a broken one is a row with its problem.
    std::fs::write(dir.join("notes.ron"), "Project(format: 3, chapter: Chapter(country: ").unwrap();
    let seen = edition.refresh();
    assert_eq!(seen.changed, [georgia]);
    assert_eq!(seen.added, [dir.join("eurasia/Moldova-2023.ron"), dir.join("notes.ron")]);
    assert_eq!(seen.removed, [dir.join("cebaltics/Estonia-2023.ron")]);
    assert_eq!(overview::cell(by_country(&edition, "Georgia"), Column::Figure(0)), "3.64");
    let broken = edition.rows().find(|r| r.path == "notes.ron").unwrap();
    assert!(broken.has_errors());
    assert_eq!(overview::cell(broken, Column::Review), "Cannot be read");
    assert!(broken.problem.as_deref().unwrap().contains("notes.ron"), "{broken:?}");
    assert!(edition.refresh().is_empty());

    // An edition kept inside this one (an archive's earlier year) is its own, not ours.
    let inner = dir.join("archive/nit-2022");
    write_edition_file(&inner, 2022, REGIONS);
    write_chapter(&inner.join("Georgia-2022.ron"), &nit_chapter("Georgia", 2022, GEO, None, Some("C. Writer")));
    assert!(edition.refresh().is_empty());
    assert_eq!(Edition::open(&inner).unwrap().entries.len(), 1);
}

#[test]
fn git_says_who_changed_each_chapter_last_but_never_for_an_anonymous_one() {
    if !git::present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    git::git_ok(repo, &["init", "-q", "-b", "main"]);
    let dir = repo.join("nit-2023");
    edition_2023(&dir);
    git::git_ok(repo, &["add", "-A"]);
    git::git_ok(repo, &["-c", "user.name=Edith Editor", "-c", "user.email=e@example.org", "commit", "-qm", "2023"]);
    // Armenia changed after the commit.
    write_chapter(
        &dir.join("eurasia/Armenia-2023.ron"),
        &nit_chapter("Armenia", 2023, ARM, Some(ARM), Some("B. Writer, E. Second")),
    );
    let mut edition = Edition::open(&dir).unwrap();
    edition.add_last_changes();
    let kaz = by_country(&edition, "Kazakhstan").last_change.clone().unwrap();
    assert_eq!(kaz.who.as_deref(), Some("Edith Editor"));
    assert!(kaz.when.starts_with("2026-11-28T10:00:00"), "{kaz:?}");
    assert!(!kaz.uncommitted);
    assert_eq!(overview::cell(by_country(&edition, "Kazakhstan"), Column::LastChange), "2026-11-28 Edith Editor");
    let est = by_country(&edition, "Estonia").last_change.clone().unwrap();
    assert_eq!(est.who, None, "an anonymous chapter's committer is not shown");
    let arm = by_country(&edition, "Armenia").last_change.clone().unwrap();
    assert!(arm.uncommitted && arm.who.is_none(), "{arm:?}");
    assert!(overview::cell(by_country(&edition, "Armenia"), Column::LastChange).ends_with("(not committed)"));
}

#[test]
fn a_countrys_history_comes_from_tags_sibling_folders_and_last_years_ratings() {
    if !git::present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    git::git_ok(repo, &["init", "-q", "-b", "main"]);
    let commit = |msg: &str| {
        git::git_ok(repo, &["add", "-A"]);
        git::git_ok(repo, &["-c", "user.name=Ed", "-c", "user.email=e@example.org", "commit", "-qm", msg]);
    };
    // The report kept in one folder, rewritten each year and tagged when published.
    let dir = repo.join("report");
    let older = [150; 7];
    write_edition_file(&dir, 2022, REGIONS);
    write_chapter(&dir.join("Kazakhstan.ron"), &nit_chapter("Kazakhstan", 2022, older, None, Some("A. Writer")));
    commit("2022");
    git::git_ok(repo, &["tag", "nit-2022"]);
    write_edition_file(&dir, 2023, REGIONS);
    write_chapter(
        &dir.join("Kazakhstan.ron"),
        &nit_chapter("Kazakhstan", 2023, KAZ_LAST, Some(older), Some("A. Writer")),
    );
    commit("2023");
    git::git_ok(repo, &["tag", "nit-2023"]);
    write_edition_file(&dir, 2024, REGIONS);
    write_chapter(
        &dir.join("Kazakhstan.ron"),
        &nit_chapter("Kazakhstan", 2024, KAZ, Some(KAZ_LAST), Some("A. Writer")),
    );
    commit("2024");

    let edition = Edition::open(&dir).unwrap();
    let points = history::history(&edition, "Kazakhstan");
    let seen: Vec<(i32, String, String)> =
        points.iter().map(|p| (p.edition, p.headline.unwrap().to_string(), format!("{:?}", p.source))).collect();
    assert_eq!(
        seen,
        [
            (2022, "1.50".to_owned(), "Tag(\"nit-2022\")".to_owned()),
            (2023, "1.93".to_owned(), "Tag(\"nit-2023\")".to_owned()),
            (2024, "1.89".to_owned(), "This".to_owned()),
        ]
    );

    // Editions in sibling folders instead: the same history, from the folders.
    let archive = tempfile::tempdir().unwrap();
    for (year, ratings, last) in [(2022, older, None), (2023, KAZ_LAST, Some(older)), (2024, KAZ, Some(KAZ_LAST))] {
        let d = archive.path().join(format!("nit-{year}"));
        write_edition_file(&d, year, REGIONS);
        write_chapter(
            &d.join(format!("Kazakhstan-{year}.ron")),
            &nit_chapter("Kazakhstan", year, ratings, last, Some("A. Writer")),
        );
    }
    let edition = Edition::open(&archive.path().join("nit-2024")).unwrap();
    let points = history::history(&edition, "Kazakhstan");
    let seen: Vec<(i32, String)> = points.iter().map(|p| (p.edition, p.headline.unwrap().to_string())).collect();
    assert_eq!(seen, [(2022, "1.50".to_owned()), (2023, "1.93".to_owned()), (2024, "1.89".to_owned())]);
    assert_eq!(points[0].class.as_deref(), Some("Consolidated Authoritarian Regime"));

    // Alone, the chapter still knows last year.
    let alone = tempfile::tempdir().unwrap();
    let dir = alone.path().join("nit-2024");
    write_edition_file(&dir, 2024, REGIONS);
    write_chapter(&dir.join("k.ron"), &nit_chapter("Kazakhstan", 2024, KAZ, Some(KAZ_LAST), Some("A. Writer")));
    let edition = Edition::open(&dir).unwrap();
    let points = history::history(&edition, "Kazakhstan");
    assert_eq!(points.iter().map(|p| p.edition).collect::<Vec<_>>(), [2023, 2024]);
    assert_eq!(format!("{:?}", points[0].source), "LastYear");
}

#[test]
fn the_bundled_sample_edition_has_no_errors_and_a_history_from_the_folder_beside_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/edition/nit-2024");
    let edition = Edition::open(&dir).unwrap();
    assert!(!edition.has_errors(), "{:?}", edition.rows().filter(|r| r.has_errors()).collect::<Vec<_>>());
    let rows: Vec<_> = edition.rows().collect();
    let shown: Vec<String> = overview::view(&edition, &rows, Sort::default(), &Filter::default())
        .into_iter()
        .map(|i| {
            format!(
                "{} {} {}",
                rows[i].country,
                overview::cell(rows[i], Column::Figure(0)),
                overview::cell(rows[i], Column::Change)
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "Aldmark 5.96 = 0.00",
            "Belvar 5.11 ▲ +0.04",
            "Corvinia 3.61 ▼ -0.03",
            "Dalmora 3.25 = 0.00",
            "Esterhold 1.64 ▼ -0.04",
            "Farovia 1.25 = 0.00"
        ]
    );
    assert_eq!(by_country(&edition, "Belvar").author, "Anonymous");
    let points = history::history(&edition, "Corvinia");
    let seen: Vec<(i32, String)> = points.iter().map(|p| (p.edition, p.headline.unwrap().to_string())).collect();
    assert_eq!(seen, [(2023, "3.64".to_owned()), (2024, "3.61".to_owned())]);
    assert_eq!(format!("{:?}", points[0].source), "Folder(\"nit-2023\")");
}
