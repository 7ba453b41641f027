//! Spell checking as a user meets it: `rapporteur check --spelling` on a chapter, the bundled
//! samples (which carry their own words and check clean), and the dictionaries installed here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapporteur::findings::{CheckOptions, Code, check_with};
use rapporteur::model::Spelling;
use rapporteur::spelling::{Available, Checker, Dictionaries, Dictionary, Origin};
use rapporteur::{Chapter, Methodology, io};

fn rapporteur(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A chapter with typos among names it knows, names it does not, a URL, an acronym, figures
/// and markers; written to `dir`.
fn chapter_with_typos(dir: &Path) -> (PathBuf, Chapter) {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, "Kazakhstan", 2024);
    let summary = c.new_block(
        "President Tokayev called a referendum in 2022.[^1] The OSCE found the vote well run, see \
         https://www.osce.org/odihr/elections/kazakhstan.",
    );
    *c.text_mut("executive_summary") = vec![summary];
    let bullets = vec![
        c.new_block("The Mazhilis pased two laws; Tokaev signed both, and Tokaev's allies cheered.[^2]"),
        c.new_block("Maslikhat deputies met; the akims of 17 regions were apointed.[^3]"),
        c.new_block("Each Maslikhat met once."),
    ];
    c.categories[0].bullets = bullets;
    c.add_footnote("1", "Illustrative citation.", None);
    c.add_footnote("2", "Illustrative citation.", None);
    c.add_footnote("3", "Illustrative citation.", None);
    c.spelling = Spelling {
        language: None,
        words: vec!["Mazhilis".into(), "Tokayev".into(), "akim".into(), "maslikhat".into()],
        ignored: vec!["akims".into()],
    };
    let path = dir.join("typos.ron");
    io::save(&path, &c).unwrap_or_else(|e| panic!("cannot save {}: {e}", path.display()));
    (path, c)
}

#[test]
fn check_spelling_names_each_misspelt_word_once_per_block() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let (path, chapter) = chapter_with_typos(dir.path());
    let file = path.to_string_lossy();

    let out = rapporteur(&["check", "--spelling", &file]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().filter(|l| l.ends_with("[spelling]")).map(str::trim).collect();
    assert_eq!(
        lines,
        [
            "note: National Democratic Governance, bullet 1: misspelt: pased, Tokaev [spelling]",
            "note: National Democratic Governance, bullet 2: misspelt: apointed [spelling]",
            "note: National Democratic Governance, bullet 3: misspelt: Maslikhat [spelling]",
        ],
        "{text}"
    );

    // The JSON carries each note's block and the first word's byte range.
    let out = rapporteur(&["check", "--spelling", "--json", &file]);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", stdout(&out)));
    let spelling: Vec<_> = json["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {json}"))
        .iter()
        .filter(|f| f["code"] == "spelling")
        .collect();
    let bullets = &chapter.categories[0].bullets;
    let expected = [(bullets[0].id.0, 13, 18), (bullets[1].id.0, 53, 61), (bullets[2].id.0, 5, 14)];
    assert_eq!(spelling.len(), expected.len(), "{json}");
    for (f, (block, start, end)) in spelling.iter().zip(expected) {
        assert_eq!(f["severity"], "note");
        assert_eq!(f["location"]["block"], block, "{f}");
        assert_eq!(f["location"]["range"], serde_json::json!({ "start": start, "end": end }), "{f}");
    }

    // Plain `check` leaves spelling out.
    let out = rapporteur(&["check", &file]);
    assert!(!stdout(&out).contains("[spelling]"), "{}", stdout(&out));
}

#[test]
fn a_language_with_no_dictionary_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let (path, mut chapter) = chapter_with_typos(dir.path());
    chapter.spelling.language = Some("xx_XX".into());
    io::save(&path, &chapter).unwrap_or_else(|e| panic!("cannot save: {e}"));
    let out = rapporteur(&["check", "--spelling", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("typos.ron") && err.contains("no spelling dictionary for the language \"xx_XX\""), "{err}");
    // Without --spelling the language does not matter.
    let out = rapporteur(&["check", &path.to_string_lossy()]);
    assert_ne!(out.status.code(), Some(2));
}

#[test]
fn the_samples_check_clean_of_spelling_notes() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut dictionaries = Dictionaries::discover();
    let method = Methodology::nit_2020();
    for name in ["kazakhstan-2024.ron", "kazakhstan-2024-review.ron", "template.ron"] {
        let chapter = io::load(&samples.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let dictionary = dictionaries.for_chapter(&chapter.spelling).unwrap_or_else(|e| panic!("{name}: {e}"));
        let checker = Checker::new(dictionary, &chapter.spelling, &[]);
        let found: Vec<_> = check_with(&chapter, &method, &CheckOptions { spelling: Some(&checker) })
            .into_iter()
            .filter(|f| f.code == Code::Spelling)
            .map(|f| f.message)
            .collect();
        assert_eq!(found, Vec::<String>::new(), "{name}");
        let words = &chapter.spelling.words;
        assert!(words.windows(2).all(|w| w[0] < w[1]), "{name}: the chapter's words are not sorted");
    }
}

#[test]
fn installed_dictionaries_are_listed_and_load() {
    let dictionaries = Dictionaries::discover();
    assert!(dictionaries.languages().any(|l| l == "en_US"), "the bundled dictionary is always listed");
    let mut installed = Vec::new();
    for folder in Dictionaries::system_folders() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let aff = entry.path();
            let Some(language) = aff.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".aff")) else {
                continue;
            };
            let dic = aff.with_extension("dic");
            if dic.is_file() {
                installed.push(Available { language: language.to_owned(), origin: Origin::System { aff, dic } });
            }
        }
    }
    if installed.is_empty() {
        eprintln!("note: no Hunspell dictionary is installed here (apt-get install hunspell-en-us); skipped");
        return;
    }
    for available in &installed {
        assert!(dictionaries.languages().any(|l| l == available.language), "{} is not listed", available.language);
    }
    // The installed English one (the bundled one's source) parses and agrees with the bundled.
    if let Some(en) = installed.iter().find(|a| a.language == "en_US") {
        let system = Dictionary::load(en).unwrap_or_else(|e| panic!("{e}"));
        let bundled = Dictionary::bundled().unwrap_or_else(|e| panic!("{e}"));
        for word in ["government", "parliament", "goverment", "Kazakhstan", "Tokayev"] {
            assert_eq!(system.check(word), bundled.check(word), "{word}");
        }
    }
}
