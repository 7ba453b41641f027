//! Our files read by the programs people open them with: `LibreOffice` (headless `soffice`, and
//! through UNO with `tests/tools/lo_comment.py`), pandoc and poppler's `pdftotext`.
//!
//! - Every export (DOCX, HTML, Markdown, PDF) and every review copy (DOCX, HTML) of both
//!   samples opens in `LibreOffice` Writer: each is converted to ODT and to PDF in one `soffice`
//!   run per target format, and each result must be there and hold the chapter's title. A PDF
//!   is the one input Writer cannot open (`LibreOffice` imports PDF with Draw, which
//!   libreoffice-writer-nogui does not have), so our PDF is read with `pdftotext` instead.
//! - The ODT of the Word review copy holds every open comment and reply, the comment on a
//!   footnote included.
//! - pandoc reads the DOCX and the Markdown export back with every footnote.
//! - A comment and a reply written in `LibreOffice` come back with `import-comments`, on the
//!   bullet and the thread they were written on; a copy `LibreOffice` saved without changes
//!   brings nothing back.
//!
//! Without these programs the tests print a note and pass, except under CI (`CI` set), where
//! they fail: `.ci/run` installs libreoffice-writer-nogui, python3-uno, pandoc and
//! poppler-utils. Each `soffice` run has a user profile of its own in a temporary folder, so
//! that runs in parallel do not collide.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapporteur::export::{self, Format, Numbering};
use rapporteur::io;
use rapporteur::model::review::Anchor;
use rapporteur::model::{Chapter, Id};
use rapporteur::review_copy;

#[path = "support/clients.rs"]
mod clients;
#[path = "support/freedonia.rs"]
mod freedonia;
use clients::{SAMPLES, here, sample, tempdir, write};

/// The Python that has the `uno` module (python3-uno installs it for the system Python).
const PYTHON: &str = "/usr/bin/python3";

fn libreoffice() -> bool {
    here("soffice", &["--version"], "libreoffice-writer-nogui")
}

fn uno() -> bool {
    libreoffice() && here(PYTHON, &["-c", "import uno"], "python3-uno")
}

/// `soffice --headless --convert-to TO --outdir OUT files…`, with a profile of its own.
fn convert(profile: &Path, to: &str, out: &Path, files: &[PathBuf]) -> Output {
    let profile = format!("-env:UserInstallation=file://{}", profile.display());
    Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", to, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run soffice: {e}"))
}

/// The text of a PDF, by `pdftotext`.
fn pdf_text(path: &Path) -> String {
    let out =
        Command::new("pdftotext").arg(path).arg("-").output().unwrap_or_else(|e| panic!("cannot run pdftotext: {e}"));
    assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One entry of a ZIP file (an ODT or a DOCX), as text.
fn entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut part = archive.by_name(name).unwrap_or_else(|e| panic!("{}: {name}: {e}", path.display()));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut part, &mut text).unwrap_or_else(|e| panic!("{}: {name}: {e}", path.display()));
    text
}

/// The open comments' and their replies' texts, as the review copy shows them.
fn open_comment_texts(chapter: &Chapter) -> Vec<String> {
    review_copy::open_comments(chapter)
        .flat_map(|c| std::iter::once(c.text.clone()).chain(c.replies.iter().map(|r| r.text.clone())))
        .collect()
}

/// XML's escaping of text, as in a `text:p` of an ODT.
fn xml_escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\'', "&apos;").replace('"', "&quot;")
}

#[test]
fn every_export_and_review_copy_opens_in_libreoffice() {
    if !libreoffice() || !here("pdftotext", &["-v"], "poppler-utils") {
        return;
    }
    let dir = tempdir();
    let mut writer_files = Vec::new();
    let mut titles = Vec::new();
    for name in SAMPLES {
        let (chapter, method) = sample(name);
        for format in [Format::Docx, Format::Html, Format::Markdown, Format::Pdf] {
            if format == Format::Pdf && !cfg!(feature = "pdf") {
                continue;
            }
            let bytes = export::export(&chapter, &method, format).unwrap_or_else(|e| panic!("{name} {format}: {e}"));
            let path = dir.path().join(format!("{name}-{}.{}", format.extension(), format.extension()));
            write(&path, &bytes);
            if format == Format::Pdf {
                // Writer cannot open a PDF (`LibreOffice` opens PDF in Draw, which the nogui
                // package leaves out): read its text instead.
                let text = pdf_text(&path);
                assert!(text.contains(&chapter.title), "{}: {text}", path.display());
            } else {
                writer_files.push(path);
                titles.push(chapter.title.clone());
            }
        }
        for format in review_copy::FORMATS {
            let bytes = review_copy::render(&chapter, &method, format)
                .unwrap_or_else(|| panic!("{format} has a review copy"))
                .unwrap_or_else(|e| panic!("{name} review {format}: {e}"));
            let path = dir.path().join(format!("{name}-review-{}.{}", format.extension(), format.extension()));
            write(&path, &bytes);
            writer_files.push(path);
            titles.push(chapter.title.clone());
        }
    }
    let profile = dir.path().join("profile");
    for to in ["odt", "pdf"] {
        let out_dir = dir.path().join(to);
        let out = convert(&profile, to, &out_dir, &writer_files);
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!said.contains("could not be loaded"), "soffice: {said}");
        for (file, title) in writer_files.iter().zip(&titles) {
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_else(|| panic!("{}", file.display()));
            let converted = out_dir.join(format!("{stem}.{to}"));
            let size = std::fs::metadata(&converted).map_or(0, |m| m.len());
            assert!(size > 10_000, "{} is {size} bytes: {said}", converted.display());
            let text = if to == "pdf" { pdf_text(&converted) } else { entry(&converted, "content.xml") };
            assert!(text.contains(&xml_escaped(title)) || text.contains(title.as_str()), "{}", converted.display());
        }
    }
    // The Word review copy of the review sample keeps every open comment and reply, the one on
    // a footnote too.
    let (chapter, _) = sample("kazakhstan-2024-review");
    let content = entry(&dir.path().join("odt").join("kazakhstan-2024-review-review-docx.odt"), "content.xml");
    let expected = open_comment_texts(&chapter);
    assert_eq!(content.matches("<office:annotation ").count(), expected.len(), "{content}");
    for text in &expected {
        assert!(content.contains(&xml_escaped(text)), "{text} is not in the ODT");
    }
    assert!(
        review_copy::open_comments(&chapter).any(|c| matches!(c.anchor, Anchor::Footnote(_))),
        "the review sample has a comment on a footnote"
    );
}

/// How many `Note` elements `v` (pandoc's JSON document or part of it) holds.
fn count_notes(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(o) => {
            usize::from(o.get("t").and_then(serde_json::Value::as_str) == Some("Note"))
                + o.values().map(count_notes).sum::<usize>()
        }
        serde_json::Value::Array(a) => a.iter().map(count_notes).sum(),
        _ => 0,
    }
}

/// How many footnotes pandoc finds in `path`: the `Note` elements of its JSON document.
fn pandoc_notes(path: &Path) -> usize {
    let out = Command::new("pandoc")
        .args(["-t", "json"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run pandoc: {e}"));
    assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("pandoc's JSON: {e}"));
    count_notes(&json)
}

#[test]
fn pandoc_reads_every_footnote_back() {
    if !here("pandoc", &["--version"], "pandoc") {
        return;
    }
    let dir = tempdir();
    for name in SAMPLES {
        let (chapter, method) = sample(name);
        // Every footnote of the samples is cited, so each is a real footnote in both formats.
        let numbering = Numbering::new(&chapter);
        assert_eq!(numbering.cited(), chapter.footnotes.len(), "{name}");
        for format in [Format::Docx, Format::Markdown] {
            let bytes = export::export(&chapter, &method, format).unwrap_or_else(|e| panic!("{name} {format}: {e}"));
            let path = dir.path().join(format!("{name}.{}", format.extension()));
            write(&path, &bytes);
            assert_eq!(pandoc_notes(&path), chapter.footnotes.len(), "{}", path.display());
        }
    }
}

/// Runs `tests/tools/lo_comment.py` (`LibreOffice` through UNO) with `args`.
fn lo_comment(profile: &Path, args: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/lo_comment.py");
    let out = Command::new(PYTHON)
        .arg(script)
        .arg(profile)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {PYTHON}: {e}"));
    assert!(
        out.status.success(),
        "lo_comment.py {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn import_comments(copy: &Path, project: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("import-comments")
        .arg(copy)
        .arg("--into")
        .arg(project)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapporteur: {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The review sample and its Word review copy, written into `dir`.
fn project_and_copy(dir: &Path) -> (Chapter, PathBuf, PathBuf) {
    let (chapter, method) = sample("kazakhstan-2024-review");
    let project = dir.join("kz.ron");
    io::save(&project, &chapter).unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.join("kz-review.docx");
    let bytes = review_copy::render(&chapter, &method, Format::Docx)
        .unwrap_or_else(|| panic!("docx has a review copy"))
        .unwrap_or_else(|e| panic!("{e}"));
    write(&copy, &bytes);
    (chapter, project, copy)
}

#[test]
fn a_comment_and_a_reply_written_in_libreoffice_come_back() {
    if !uno() {
        return;
    }
    let dir = tempdir();
    let (chapter, project, copy) = project_and_copy(dir.path());
    // A bullet nobody has commented on, and words of it before its first marker.
    let commented: Vec<Id> = chapter
        .review
        .comments
        .iter()
        .filter_map(|c| if let Anchor::Block(id) = c.anchor { Some(id) } else { None })
        .collect();
    let bullet = chapter
        .categories
        .iter()
        .flat_map(|e| &e.bullets)
        .find(|b| !commented.contains(&b.id) && b.text.find("[^").is_some_and(|m| m > 40))
        .unwrap_or_else(|| panic!("a bullet without comments"));
    let quote = bullet.text[..bullet.text.find("[^").unwrap_or(0)].split(". ").next().unwrap_or_default();
    let quote: String = quote.chars().take(30).collect();
    // An open comment without replies, to reply to.
    let parent = review_copy::open_comments(&chapter)
        .find(|c| c.replies.is_empty() && matches!(c.anchor, Anchor::Block(_)))
        .unwrap_or_else(|| panic!("an open comment without replies"));
    let prefix: String = parent.text.chars().take(25).collect();
    let edited = dir.path().join("kz-review-lo.docx");
    lo_comment(
        &dir.path().join("profile"),
        &[
            copy.to_str().unwrap_or_default(),
            edited.to_str().unwrap_or_default(),
            "comment",
            quote.as_str(),
            "Lena Park",
            "Which year does this describe?",
            prefix.as_str(),
            "Omar Haddad",
            "The annual report has the breakdown.",
        ],
    );
    assert_eq!(
        import_comments(&edited, &project),
        format!("1 comment and 1 reply imported into {}\n", project.display())
    );
    let after = io::load(&project).unwrap_or_else(|e| panic!("{e}"));
    let new = after.review.comments.last().unwrap_or_else(|| panic!("no comments"));
    assert_eq!(
        (&new.anchor, new.quote.as_deref(), new.text.as_str(), new.signed.by.name.as_str()),
        (&Anchor::Block(bullet.id), Some(quote.as_str()), "Which year does this describe?", "Lena Park")
    );
    let thread = after.review.comment(parent.id).unwrap_or_else(|| panic!("the parent comment"));
    let replies: Vec<(&str, &str)> =
        thread.replies.iter().map(|r| (r.signed.by.name.as_str(), r.text.as_str())).collect();
    assert_eq!(replies, [("Omar Haddad", "The annual report has the breakdown.")]);
    assert_eq!(after.review.comments.len(), chapter.review.comments.len() + 1);
    // Importing the same copy again brings nothing.
    let again = import_comments(&edited, &project);
    assert!(again.starts_with(&format!("Nothing new to import into {}", project.display())), "{again}");
}

#[test]
fn a_copy_libreoffice_saved_unchanged_brings_nothing_back() {
    if !uno() {
        return;
    }
    let dir = tempdir();
    let (chapter, project, copy) = project_and_copy(dir.path());
    let before = std::fs::read(&project).unwrap_or_else(|e| panic!("{e}"));
    let resaved = dir.path().join("kz-review-resaved.docx");
    lo_comment(
        &dir.path().join("profile"),
        &[copy.to_str().unwrap_or_default(), resaved.to_str().unwrap_or_default(), "resave"],
    );
    // `LibreOffice` renumbers the comments and writes no commentsExtended.xml: still all known.
    let shown = open_comment_texts(&chapter).len();
    assert_eq!(
        import_comments(&resaved, &project),
        format!("Nothing new to import into {} ({shown} comments and replies there already)\n", project.display())
    );
    assert_eq!(std::fs::read(&project).ok(), Some(before));
    let comments = entry(&resaved, "word/comments.xml");
    assert_eq!(comments.matches("<w:comment ").count(), shown, "{comments}");
}

/// A Freedom in the World chapter (Freedonia, with four review comments, one on the score of
/// the unasked question Q) in every format opens in `LibreOffice` with its nested outline;
/// pandoc reads its footnotes back; and a comment and a reply written on its Word review copy
/// in `LibreOffice` come back on the paragraph and the thread they were written on.
#[test]
fn a_fiw_chapter_opens_in_libreoffice_and_its_comments_come_back() {
    if !libreoffice() || !here("pdftotext", &["-v"], "poppler-utils") {
        return;
    }
    let (chapter, _) = freedonia::freedonia_reviewed();
    // A paragraph nobody has commented on (`LibreOffice` counts a comment's anchor as a
    // character, which would move the quote), and a comment on a paragraph to reply to.
    let second = chapter.category("A1").map_or_else(|| panic!("A1"), |e| e.bullets[1].id);
    let method = freedonia::fiw();
    let dir = tempdir();
    let mut files = Vec::new();
    for format in [Format::Docx, Format::Html, Format::Markdown] {
        let bytes = export::export(&chapter, &method, format).unwrap_or_else(|e| panic!("{format}: {e}"));
        let path = dir.path().join(format!("fiw-{}.{}", format.extension(), format.extension()));
        write(&path, &bytes);
        files.push(path);
    }
    for format in review_copy::FORMATS {
        let bytes = review_copy::render(&chapter, &method, format)
            .unwrap_or_else(|| panic!("{format} has a review copy"))
            .unwrap_or_else(|e| panic!("review {format}: {e}"));
        let path = dir.path().join(format!("fiw-review-{}.{}", format.extension(), format.extension()));
        write(&path, &bytes);
        files.push(path);
    }
    let out_dir = dir.path().join("pdf");
    let out = convert(&dir.path().join("profile"), "pdf", &out_dir, &files);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for file in &files {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_else(|| panic!("{}", file.display()));
        // The title is long enough to wrap after its dash, which pdftotext then drops. Of the
        // review page (a grid of text and margin) `LibreOffice` 7.4 typesets the first page
        // blank: its text is read from the document it opened (ODT) instead.
        let text = if stem == "fiw-review-html" {
            let odt = dir.path().join("odt-html");
            convert(&dir.path().join("profile"), "odt", &odt, std::slice::from_ref(file));
            entry(&odt.join(format!("{stem}.odt")), "content.xml")
        } else {
            pdf_text(&out_dir.join(format!("{stem}.pdf")))
        };
        for expected in [
            "Freedom in the World 2025",
            "Freedonia",
            "Political Rights",
            "A. Electoral Process",
            "A1 Head of government elected",
        ] {
            assert!(text.contains(expected), "{stem}: {expected} not in {text}\n{said}");
        }
    }
    // pandoc finds the three notes in the Word document (each placed once).
    if here("pandoc", &["--version"], "pandoc") {
        assert_eq!(pandoc_notes(&files[0]), 3);
    }
    if !uno() {
        return;
    }
    let odts = dir.path().join("odt");
    let review_docx = dir.path().join("fiw-review-docx.docx");
    convert(&dir.path().join("profile"), "odt", &odts, std::slice::from_ref(&review_docx));
    let content = entry(&odts.join("fiw-review-docx.odt"), "content.xml");
    assert_eq!(content.matches("<office:annotation ").count(), 4, "{content}");
    assert!(content.contains("Should Q be asked this year?"), "{content}");
    let edited = dir.path().join("fiw-review-lo.docx");
    lo_comment(
        &dir.path().join("profile-uno"),
        &[
            review_docx.to_str().unwrap_or_default(),
            edited.to_str().unwrap_or_default(),
            "comment",
            "state television gave him",
            "Lena Park",
            "How much airtime?",
            "Official figure",
            "Omar Haddad",
            "The commission's own.",
        ],
    );
    let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    let imported = review_copy::read_file(&edited, &chapter, now).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.comments.len(), 1, "{imported:?}");
    let new = &imported.comments[0];
    assert_eq!(
        (&new.anchor, new.quote.as_deref(), new.text.as_str(), new.signed.by.name.as_str()),
        (&Anchor::Block(second), Some("state television gave him"), "How much airtime?", "Lena Park")
    );
    let parent = chapter.review.comments.iter().find(|c| c.text == "Official figure?").map(|c| c.id);
    let replies: Vec<(Option<Id>, &str)> = imported.replies.iter().map(|r| (Some(r.to), r.text.as_str())).collect();
    assert_eq!(replies, [(parent, "The commission's own.")]);
    assert_eq!(imported.known, 4);
}
