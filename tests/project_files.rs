//! Project files: samples round-trip byte for byte; malformed, hostile and newer files are
//! refused with one message naming the file, line and column, and stay untouched on disk;
//! saves are atomic and keep a backup.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rapporteur::io::{self, LoadError};
use rapporteur::method::Methodology;
use rapporteur::model::review::{Anchor, Person, Role, Signed, StateNow};
use rapporteur::model::{Authors, Chapter, Footnote, Rating};

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "ron")).collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_sample_round_trips_byte_for_byte() {
    let files = samples();
    assert!(files.len() >= 2, "expected the sample and the template in samples/, found {files:?}");
    for path in files {
        let bytes = fs::read(&path).unwrap_or_default();
        let chapter = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(io::to_ron(&chapter).as_bytes(), bytes.as_slice(), "{} does not round-trip", path.display());
        let again = io::from_ron(&io::to_ron(&chapter), &path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, chapter);
    }
}

/// A chapter that uses every kind of field, including text that needs escaping.
fn rich_chapter() -> Chapter {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "Azərbaycan", 2025);
    c.authors = Authors::Named(vec!["Ана Қасымова".into(), "Jan Nowak-Łęcki".into()]);
    for (i, entry) in c.categories.iter_mut().enumerate() {
        entry.rating = Some(Rating::from_hundredths(100 + 25 * i as u32));
        entry.last_year = (i % 2 == 0).then(|| Rating::from_hundredths(150));
    }
    let b = c.new_block(
        "Quotes \"inside\", a back\\slash, a tab\tand\na new line[^1]; ქართული, Հայերեն, non\u{a0}breaking.",
    );
    c.categories[0].bullets.push(b);
    let p = c.new_block("r#\"raw-looking\"# text and ) ( ] [ brackets");
    c.text_mut("executive_summary").push(p);
    let id = c.new_id();
    c.footnotes.push(Footnote {
        id,
        label: "1".into(),
        text: "Source, 2024.".into(),
        url: Some("https://example.org/a?b=c&d=e".into()),
        accessed: chrono::NaiveDate::from_ymd_opt(2024, 2, 29),
    });
    // A review with every kind of entry, so that it round-trips too.
    let when = chrono::DateTime::parse_from_rfc3339("2025-03-01T09:30:00Z")
        .map_or_else(|e| panic!("{e}"), |t| t.with_timezone(&chrono::Utc));
    let reviewer = Signed { by: Person { name: "Nino Beridze".into(), role: Role::Reviewer }, at: when };
    let comment = c
        .add_comment(
            Anchor::Block(b_id(&c)),
            Some("a back\\slash".into()),
            Some("a backslash".into()),
            "Typo? «»",
            reviewer.clone(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    c.reply_to_comment(comment, "Yes.", reviewer.clone()).unwrap_or_else(|e| panic!("{e}"));
    c.add_comment(Anchor::Rating("EP".into()), None, None, "Too low?", reviewer.clone())
        .unwrap_or_else(|e| panic!("{e}"));
    c.propose_rating("CO", Rating::from_hundredths(250), "Convictions rose.", reviewer.clone())
        .unwrap_or_else(|e| panic!("{e}"));
    c.set_review_state("NDG", StateNow::Agreed, reviewer).unwrap_or_else(|e| panic!("{e}"));
    c
}

fn b_id(c: &Chapter) -> rapporteur::Id {
    c.categories[0].bullets[0].id
}

/// Every quoted string of a project file's text (texts, labels, ratings, names), as written.
fn strings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let mut end = 0;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = i;
                    break;
                }
                _ => escaped = false,
            }
        }
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out.sort();
    out
}

#[test]
fn format_1_and_2_files_read_unchanged_and_save_as_format_3_losing_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format2");
    for (name, sample) in
        [("kazakhstan-2024.ron", "kazakhstan-2024.ron"), ("kazakhstan-2024-review.ron", "kazakhstan-2024-review.ron")]
    {
        let two = fs::read_to_string(fixtures.join(name)).unwrap_or_else(|e| panic!("{e}"));
        assert!(two.starts_with("Project(\n    format: 2,\n"));
        assert!(two.contains("executive_summary: [") && two.contains("at_a_glance: ["));
        let three = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(sample))
            .unwrap_or_else(|e| panic!("{e}"));
        let versions: &[(&str, String)] = if name.contains("review") {
            &[("2", two.clone())]
        } else {
            &[("2", two.clone()), ("1", two.replacen("format: 2,", "format: 1,", 1))]
        };
        for (format, old) in versions {
            let path = write(dir.path(), &format!("format-{format}-{name}"), old.as_bytes());
            let chapter = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(fs::read_to_string(&path).unwrap_or_default(), *old, "loading never writes");
            let summary = chapter.text("executive_summary");
            assert!(!summary.is_empty() && !chapter.text("at_a_glance").is_empty(), "format {format}: texts kept");
            io::save(&path, &chapter).unwrap_or_else(|e| panic!("{e}"));
            let saved = fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(saved, three, "format {format} {name} saves as the format-3 sample");
            // Nothing lost: every string of the old file is in the new one, and only the two
            // text-section ids are new.
            let (before, after) = (strings(old), strings(&saved));
            let mut added = after.clone();
            for s in &before {
                let at = added.iter().position(|a| a == s).unwrap_or_else(|| panic!("format {format}: lost \"{s}\""));
                added.remove(at);
            }
            assert_eq!(added, ["at_a_glance", "executive_summary"], "format {format}");
        }
    }
}

#[test]
fn a_chapter_with_both_the_old_and_the_new_text_field_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let two =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format2/kazakhstan-2024.ron"))
            .unwrap_or_else(|e| panic!("{e}"));
    let both = two.replacen(
        "        footnotes: [",
        "        texts: [\n            TextSection(id: \"executive_summary\", paragraphs: []),\n        ],\n        footnotes: [",
        1,
    );
    let path = write(dir.path(), "both.ron", both.as_bytes());
    let err = io::load(&path).map(|_| ()).map_err(|e| e.to_string());
    assert!(
        err.as_ref().is_err_and(|e| e.contains("the chapter has `executive_summary` twice: as a field and in `texts`")),
        "{err:?}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap_or_default(), both, "a failed load never touches the file");
}

#[test]
fn a_rich_chapter_round_trips_through_disk() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("rich.ron");
    let chapter = rich_chapter();
    io::save(&path, &chapter).unwrap_or_else(|e| panic!("{e}"));
    let text = fs::read_to_string(&path).unwrap_or_default();
    assert!(!text.contains('\r'), "line ends must be \\n only");
    assert!(text.ends_with(")\n"));
    assert!(text.contains("Ана Қасымова"), "non-ASCII stays readable, not escaped");
    let back = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, chapter);
    io::save(&path, &back).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fs::read_to_string(&path).unwrap_or_default(), text, "save(load(f)) is byte-identical");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// Loads `bytes` from a file and returns the error message after the file's path (which it
/// must start with), checking the file is untouched and no backup or temporary file appeared.
fn refused(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write(dir.path(), name, bytes);
    let result = io::load(&path);
    assert_eq!(fs::read(&path).ok().as_deref(), Some(bytes), "a failed load must not touch the file");
    let entries = fs::read_dir(dir.path()).map_or(0, Iterator::count);
    assert_eq!(entries, 1, "a failed load must not create files");
    match result {
        Ok(_) => panic!("{name} was accepted"),
        Err(e) => {
            let message = e.to_string();
            let shown = path.display().to_string();
            let Some(rest) = message.strip_prefix(&shown) else { panic!("the message names the file: {message}") };
            assert!(!message.contains('\n'), "one line: {message}");
            rest.to_owned()
        }
    }
}

fn valid_text() -> String {
    io::to_ron(&rich_chapter())
}

#[test]
fn deeply_nested_brackets_are_refused() {
    let text = format!("Project(format: 1, chapter: {}", "[".repeat(10_000));
    let message = refused("nested.ron", text.as_bytes());
    assert_eq!(message, ": line 1, column 60: brackets nest deeper than 64 levels here, which no chapter does");
}

#[test]
fn a_100_mb_string_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("huge.ron");
    {
        let mut f = fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
        let chunk = "a".repeat(1 << 20);
        let _ = f.write_all(b"Project(format: 1, chapter: Chapter(methodology: \"");
        for _ in 0..100 {
            let _ = f.write_all(chunk.as_bytes());
        }
        let _ = f.write_all(b"\"))");
    }
    let size = fs::metadata(&path).map_or(0, |m| m.len());
    let err = io::load(&path).err();
    assert!(matches!(err, Some(LoadError::TooLarge { .. })), "{err:?}");
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(
        message,
        format!(
            "{}: the file is {size} bytes, larger than the 16777216 bytes a project file may have; it is not a \
             Rapporteur project",
            path.display()
        )
    );
    assert_eq!(fs::metadata(&path).map_or(0, |m| m.len()), size);
}

#[test]
fn wrong_types_name_line_column_and_expectation() {
    let text = valid_text().replace("edition: 2025", "edition: \"2025\"");
    let line = text.lines().position(|l| l.contains("edition:")).map_or(0, |i| i + 1);
    let message = refused("types.ron", text.as_bytes());
    assert_eq!(message, format!(": line {line}, column 17: expected integer"));
}

#[test]
fn a_bare_number_rating_is_read_exactly_or_refused() {
    let text = valid_text().replacen("rating: Some(\"1.00\")", "rating: Some(1.3)", 1);
    let chapter = io::from_ron(&text, Path::new("float.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chapter.categories[0].rating, Some(Rating::from_hundredths(130)));
    let text = valid_text().replacen("rating: Some(\"1.00\")", "rating: Some(1.255)", 1);
    let message = refused("float.ron", text.as_bytes());
    assert_eq!(
        message,
        ": line 15, column 30: 1.255 is not a rating like \"1.25\" (at most two decimals, not negative)"
    );
    let text = valid_text().replacen("rating: Some(\"1.00\")", "rating: Some([1])", 1);
    let message = refused("list.ron", text.as_bytes());
    assert_eq!(
        message,
        ": line 15, column 30: expected a rating as a string with two decimals, like \"1.25\" but found a sequence \
         instead"
    );
}

#[test]
fn a_rating_with_three_decimals_is_refused() {
    let text = valid_text().replacen("rating: Some(\"1.00\")", "rating: Some(\"1.333\")", 1);
    let message = refused("precise.ron", text.as_bytes());
    assert_eq!(
        message,
        ": line 15, column 31: \"1.333\" has more than two decimals; ratings are given to the hundredth, like 1.25"
    );
}

#[test]
fn a_truncated_file_is_refused() {
    let text = valid_text();
    let message = refused("cut.ron", &text.as_bytes()[..text.len() / 2]);
    assert_eq!(message, ": line 86, column 24: the file ends too early (is it truncated?); expected more");
}

#[test]
fn a_newer_file_asks_for_an_update() {
    let text = valid_text().replacen("format: 3,", "format: 7,", 1);
    let message = refused("newer.ron", text.as_bytes());
    assert_eq!(
        message,
        ": written by a newer Rapporteur (project format 7; this version reads format 3 and older); update \
         Rapporteur to open it"
    );
}

#[test]
fn an_unknown_field_lists_the_known_ones() {
    let text = valid_text().replacen("country:", "contry:", 1);
    let message = refused("typo.ron", text.as_bytes());
    assert_eq!(
        message,
        ": line 5, column 9: expected one of the fields of Chapter (methodology, country, edition, title, authors, \
         categories, score_changes, executive_summary, at_a_glance, texts, footnotes, review, conflicts, spelling, \
         conversions, columns, next_id), found `contry`"
    );
}

#[test]
fn unknown_methodology_and_category_are_named() {
    let text = valid_text().replacen("\"nit-2020\"", "\"nit-1999\"", 1);
    let message = refused("method.ron", text.as_bytes());
    assert_eq!(
        message,
        ": line 4, column 9: expected a built-in methodology (nit-2020, nit-pre-2020, fiw, bti) or a methodology file \
         beside the chapter, found \"nit-1999\""
    );
    let text = valid_text().replacen("code: \"EP\"", "code: \"XX\"", 1);
    let message = refused("code.ron", text.as_bytes());
    assert_eq!(
        message,
        ": line 25, column 17: expected an item code of Nations in Transit (2020 scale) (NDG, EP, CS, IM, LDG, JFI, CO), \
         found \"XX\""
    );
    let text = valid_text().replacen("code: \"EP\"", "code: \"NDG\"", 1);
    let message = refused("twice.ron", text.as_bytes());
    assert_eq!(message, ": line 14, column 17: expected each item once, found \"NDG\" twice");
}

#[test]
fn binary_and_other_encodings_are_refused() {
    let not_utf8 = ": line 1, column 1: expected UTF-8 text, found bytes that are not (is it a binary file, or in another encoding?)";
    let message = refused("binary.ron", &[0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe]);
    assert_eq!(message, not_utf8);
    // "Project(" in UTF-16 little endian, with a byte-order mark.
    let utf16: Vec<u8> = "\u{feff}Project(".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let message = refused("utf16.ron", &utf16);
    assert_eq!(message, not_utf8);
    let message = refused("empty.ron", b"");
    assert_eq!(message, ": the file is empty; expected a project starting with `Project(`");
}

#[test]
fn saving_keeps_the_previous_version_as_a_backup() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.ron");
    let mut chapter = rich_chapter();
    io::save(&path, &chapter).unwrap_or_else(|e| panic!("{e}"));
    assert!(!io::backup_path(&path).exists(), "nothing to back up on the first save");
    let first = fs::read(&path).unwrap_or_default();
    chapter.country = "Georgia".into();
    io::save(&path, &chapter).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fs::read(io::backup_path(&path)).unwrap_or_default(), first);
    assert_eq!(io::load(&path).map(|c| c.country).ok().as_deref(), Some("Georgia"));
    let names: Vec<_> = fs::read_dir(dir.path())
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    assert_eq!(names.len(), 2, "no temporary files left behind: {names:?}");
}

#[test]
fn an_unwritable_path_is_reported_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let blocker = write(dir.path(), "file", b"not a folder");
    let path = blocker.join("c.ron");
    let err = io::save(&path, &rich_chapter()).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(err, format!("{}: cannot save: the folder {} does not exist", path.display(), blocker.display()));
    assert_eq!(fs::read(&blocker).unwrap_or_default(), b"not a folder");
    let err = io::save(dir.path(), &rich_chapter()).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(err, format!("{}: cannot save: it is a folder", dir.path().display()));
}

/// When the backup cannot be replaced (here `c.ron.bak` is a folder), the new version is
/// saved, the old backup stays, and the previous version is kept in a file the error names.
#[test]
fn a_backup_that_cannot_be_replaced_is_left_and_the_previous_version_kept() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.ron");
    let mut chapter = rich_chapter();
    io::save(&path, &chapter).unwrap_or_else(|e| panic!("{e}"));
    let first = fs::read(&path).unwrap_or_default();
    let backup = io::backup_path(&path);
    fs::create_dir(&backup).unwrap_or_else(|e| panic!("{e}"));
    write(&backup, "kept", b"an old backup");
    chapter.country = "Georgia".into();
    let err = io::save(&path, &chapter).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(io::load(&path).map(|c| c.country).ok().as_deref(), Some("Georgia"), "the new version is saved");
    assert_eq!(fs::read(backup.join("kept")).unwrap_or_default(), b"an old backup");
    let kept: Vec<PathBuf> = fs::read_dir(dir.path())
        .map(|rd| {
            rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(".bak.tmp")).collect()
        })
        .unwrap_or_default();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(fs::read(&kept[0]).unwrap_or_default(), first, "the previous version is kept");
    assert_eq!(
        err,
        format!(
            "{}: cannot save: the new version is saved, but the previous one could not be moved to {} (Is a directory \
             (os error 21)); it is in {}",
            path.display(),
            backup.display(),
            kept[0].display()
        )
    );
}

#[test]
fn loading_repairs_missing_categories_and_duplicate_ids() {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "X", 2004);
    c.categories.retain(|e| e.code != "LDG");
    c.categories.reverse();
    let b = c.new_block("one");
    *c.text_mut("executive_summary") = vec![b.clone(), b];
    let loaded = io::from_ron(&io::to_ron(&c), Path::new("x.ron")).unwrap_or_else(|e| panic!("{e}"));
    let codes: Vec<_> = loaded.categories.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["NDG", "EP", "CS", "IM", "LDG", "JFI", "CO"]);
    let summary = loaded.text("executive_summary");
    assert_ne!(summary[0].id, summary[1].id);
    assert!(loaded.ids().all(|id| id.0 < loaded.next_id));
}
