//! What we publish, read the way assistive technology and accessibility checkers read it.
//!
//! - PDF: both samples are tagged PDF/UA-1 documents (`pdfuaid:part` 1 in the XMP metadata,
//!   the document language in the catalog and the metadata) that poppler reads without a
//!   syntax error, and poppler's reading of the structure tree (`pdfinfo -struct`) has the title
//!   as the one H1, every section as an H2 in order, the score card's ratings as a Table whose
//!   header row is TH cells, and every footnote as a Note whose label links to it.
//! - HTML: the export and the review page of both samples, checked by axe-core in headless
//!   Chromium, offline, against WCAG 2.1 A and AA and axe's best practices, with no violation
//!   at all (the issue asks for none that is serious or critical; the pages have none of any
//!   kind, so any new one is a regression and fails too).
//! - DOCX: headings in Word's heading styles (pandoc reads them as headings, `LibreOffice`
//!   exports them as H1/H2 of a tagged PDF), the score card a table with a repeated header
//!   row, and the document language in the default run properties.
//!
//! Without poppler-utils, Chromium, axe-core, pandoc or `LibreOffice` a test prints a note and
//! passes, except under CI (`CI` set), where it fails: `.ci/run` installs them all. axe-core is
//! found at `$AXE_CORE_JS`, else at `~/.cache/rapporteur-axe/node_modules/axe-core/axe.min.js`
//! (where `.ci/run` installs it with npm).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapporteur::Methodology;
use rapporteur::export::{self, Format, Numbering};
use rapporteur::model::Chapter;
use rapporteur::review_copy;

#[path = "support/clients.rs"]
mod clients;
#[path = "support/freedonia.rs"]
mod freedonia;
use clients::{SAMPLES, here, sample, tempdir, under_ci, write};

fn run(program: &str, args: &[&str], file: &Path) -> Output {
    let out = Command::new(program).args(args).arg(file).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// The text of a PDF, by `pdftotext` (its standard error too).
#[cfg(feature = "pdf")]
fn pdftotext(file: &Path) -> Output {
    let out = Command::new("pdftotext").arg(file).arg("-").output().unwrap_or_else(|e| panic!("pdftotext: {e}"));
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The headings a published chapter has, in order: the title (level 1), then its sections
/// (level 2) as every format names them.
#[cfg(feature = "pdf")]
fn expected_headings(chapter: &Chapter, method: &Methodology) -> Vec<(u8, String)> {
    let mut h = vec![(1, chapter.title.clone()), (2, format!("Score changes in {}", chapter.edition))];
    h.push((2, "Executive Summary".to_owned()));
    h.push((2, "At-a-Glance".to_owned()));
    for entry in &chapter.categories {
        let name = method.category(&entry.code).map_or(entry.code.as_str(), |d| d.name.as_str());
        let rating = entry.rating.map_or_else(|| "\u{2014}".to_owned(), |r| r.to_string());
        h.push((2, format!("{name} {rating} / 7")));
    }
    h
}

/// One element of poppler's structure tree print-out: its depth, its type and the rest of its
/// line (`H1 "Title" (block)` gives `("H1", "\"Title\" (block)")`).
#[derive(Debug)]
struct Element {
    depth: usize,
    kind: String,
    rest: String,
}

/// The elements `pdfinfo -struct` prints, two spaces of indent a level; attribute lines
/// (`/Scope /Column`) are folded into the element's `rest`.
fn elements(tree: &str) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::new();
    for line in tree.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('/') {
            if let Some(last) = out.last_mut() {
                last.rest.push(' ');
                last.rest.push_str(trimmed);
            }
            continue;
        }
        let (kind, rest) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
        out.push(Element {
            depth: (line.len() - trimmed.len()) / 2,
            kind: kind.trim_end_matches(':').to_owned(),
            rest: rest.to_owned(),
        });
    }
    out
}

/// The elements inside `elements[at]`, down to any depth.
fn inside(elements: &[Element], at: usize) -> &[Element] {
    let depth = elements[at].depth;
    let end = elements[at + 1..].iter().position(|e| e.depth <= depth).map_or(elements.len(), |k| at + 1 + k);
    &elements[at + 1..end]
}

/// The catalog's dictionary (typst writes it uncompressed).
fn catalog(pdf: &[u8]) -> String {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/Type/Catalog").unwrap_or_else(|| panic!("no catalog"));
    let end = text[at..].find("endobj").map_or(text.len(), |e| at + e);
    text[at..end].to_owned()
}

#[cfg(feature = "pdf")]
#[test]
fn the_samples_pdfs_are_tagged_pdf_ua_with_headings_a_table_and_linked_notes() {
    if !here("pdfinfo", &["-v"], "poppler-utils") {
        return;
    }
    let dir = tempdir();
    for name in SAMPLES {
        let (chapter, method) = sample(name);
        let bytes = export::export(&chapter, &method, Format::Pdf).unwrap_or_else(|e| panic!("{name}: {e}"));
        let path = dir.path().join(format!("{name}.pdf"));
        write(&path, &bytes);

        // Poppler reads it without complaint: no "Syntax Error: Suspects object is wrong type".
        let info = run("pdfinfo", &[], &path);
        assert_eq!(stderr(&info), "", "{name}: pdfinfo");
        assert!(stdout(&info).contains("\nTagged:          yes\n"), "{name}: {}", stdout(&info));
        assert!(stdout(&info).contains("\nSuspects:        no\n"), "{name}: {}", stdout(&info));
        let text = pdftotext(&path);
        assert_eq!(stderr(&text), "", "{name}: pdftotext");
        assert!(stdout(&text).starts_with(&format!("{}\nAuthors: ", chapter.title)), "{name}: {}", stdout(&text));
        assert!(!catalog(&bytes).contains("/Suspects"), "{name}: {}", catalog(&bytes));
        assert!(catalog(&bytes).contains("/MarkInfo<</Marked true>>"), "{name}: {}", catalog(&bytes));

        // Declared PDF/UA-1, in English.
        let meta = stdout(&run("pdfinfo", &["-meta"], &path));
        assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{name}: {meta}");
        assert!(meta.contains("<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>"), "{name}: {meta}");
        assert!(catalog(&bytes).contains("/Lang(en)"), "{name}: {}", catalog(&bytes));

        let structure = run("pdfinfo", &["-struct"], &path);
        assert!(!stderr(&structure).contains("Syntax Error"), "{name}: {}", stderr(&structure));
        let tree = elements(&stdout(&structure));
        assert_eq!(tree.first().map(|e| e.kind.as_str()), Some("Document"), "{name}");

        // Headings: the title, then every section in reading order.
        let headings: Vec<(u8, String)> = tree
            .iter()
            .filter_map(|e| {
                let level = e.kind.strip_prefix('H')?.parse().ok()?;
                let title = e.rest.strip_prefix('"')?.split('"').next()?;
                Some((level, title.to_owned()))
            })
            .collect();
        let numbering = Numbering::new(&chapter);
        let mut expected = expected_headings(&chapter, &method);
        if numbering.cited() < numbering.notes().len() {
            expected.push((2, "Footnotes not cited in the text".to_owned()));
        }
        assert_eq!(headings, expected, "{name}");

        // The score card's ratings: one table, a row of three column headers, then a row a
        // category: its name the row's header, two data cells each naming both its headers.
        let tables: Vec<usize> = (0..tree.len()).filter(|&i| tree[i].kind == "Table").collect();
        assert_eq!(tables.len(), 1, "{name}: {tables:?}");
        let table = inside(&tree, tables[0]);
        let cells: Vec<String> = table.iter().map(|e| format!("{} {}", e.kind, e.rest)).collect();
        let mut expected_cells = vec!["TR ".to_owned()];
        for x in 0..3 {
            expected_cells.push(format!("TH <U1x{x}y0>: /Scope /Column /Headers [] /BorderStyle /Solid"));
        }
        for y in 1..=chapter.categories.len() {
            expected_cells.push("TR ".to_owned());
            expected_cells.push(format!("TH <U1x0y{y}>: /Scope /Row /Headers [(U1x0y0)] /BorderStyle /Solid"));
            for x in 1..3 {
                expected_cells.push(format!("TD  /Headers [(U1x{x}y0) (U1x0y{y})] /BorderStyle /Solid"));
            }
        }
        assert_eq!(cells, expected_cells, "{name}");

        // Every footnote a text cites is a Note, numbered in order, whose label is a link.
        let notes: Vec<usize> = (0..tree.len()).filter(|&i| tree[i].kind == "Note").collect();
        assert_eq!(notes.len(), numbering.cited(), "{name}");
        for (k, &at) in notes.iter().enumerate() {
            assert_eq!(tree[at].rest, format!("<Note {}> (inline)", k + 1), "{name}");
            let inner: Vec<&str> = inside(&tree, at).iter().take(2).map(|e| e.kind.as_str()).collect();
            assert_eq!(inner, ["Lbl", "Link"], "{name}: note {}", k + 1);
        }
    }
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_speaks_the_chapters_language_and_always_has_a_title() {
    let method = Methodology::nit_2020();
    let mut chapter = Chapter::new(&method, "Deutschland", 2024);
    chapter.spelling.language = Some("de_DE".to_owned());
    chapter.title = " ".to_owned();
    let bytes = export::export(&chapter, &method, Format::Pdf).unwrap_or_else(|e| panic!("{e}"));
    assert!(catalog(&bytes).contains("/Lang(de-DE)"), "{}", catalog(&bytes));
    if !here("pdfinfo", &["-v"], "poppler-utils") {
        return;
    }
    let dir = tempdir();
    let path = dir.path().join("de.pdf");
    write(&path, &bytes);
    let info = stdout(&run("pdfinfo", &[], &path));
    assert!(info.starts_with("Title:           Untitled chapter\n"), "{info}");
    let meta = stdout(&run("pdfinfo", &["-meta"], &path));
    assert!(meta.contains("<rdf:li>de-DE</rdf:li>"), "{meta}");
    let tree = elements(&stdout(&run("pdfinfo", &["-struct"], &path)));
    let h1: Vec<&str> = tree.iter().filter(|e| e.kind == "H1").map(|e| e.rest.as_str()).collect();
    assert_eq!(h1, ["\"Untitled chapter\" (block)"]);
}

#[cfg(feature = "pdf")]
#[test]
fn text_our_fonts_lack_still_exports_tagged_without_claiming_pdf_ua() {
    let method = Methodology::nit_2020();
    let mut chapter = Chapter::new(&method, "Kazakhstan", 2024);
    let b = chapter.new_block("A quotation in Chinese, 中文, which no font of ours has.");
    chapter.categories[0].bullets.push(b);
    let bytes = export::export(&chapter, &method, Format::Pdf).unwrap_or_else(|e| panic!("{e}"));
    assert!(catalog(&bytes).contains("/StructTreeRoot"), "{}", catalog(&bytes));
    if !here("pdfinfo", &["-v"], "poppler-utils") {
        return;
    }
    let dir = tempdir();
    let path = dir.path().join("zh.pdf");
    write(&path, &bytes);
    let info = run("pdfinfo", &[], &path);
    assert!(stdout(&info).contains("\nTagged:          yes\n"), "{}", stdout(&info));
    assert_eq!(stderr(&info), "");
    let meta = stdout(&run("pdfinfo", &["-meta"], &path));
    assert!(!meta.contains("pdfuaid"), "{meta}");
    let text = stdout(&pdftotext(&path));
    assert!(text.contains("A quotation in Chinese"), "{text}");
}

/// axe-core's script: `$AXE_CORE_JS`, else where `.ci/run` installs it; `None` (a note, or a
/// failure under CI) when it is in neither place.
fn axe_core() -> Option<PathBuf> {
    let path = std::env::var_os("AXE_CORE_JS").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(".cache/rapporteur-axe/node_modules/axe-core/axe.min.js"))
    });
    let found = path.filter(|p| p.is_file());
    assert!(found.is_some() || !under_ci(), "axe-core is missing: CI must install it (npm install axe-core@4)");
    if found.is_none() {
        println!("note: axe-core is not installed (set AXE_CORE_JS or npm install it); skipping");
    }
    found
}

/// Runs axe-core over `page` in headless Chromium with no network and returns its violations
/// (`id`, `impact`, `help`, and each node's selector and summary). The page is copied with the
/// script inlined before `</body>`; the script writes the result into a `<pre>` that Chromium's
/// `--dump-dom` prints once the page has settled. Non-ASCII characters in the result are
/// written as JSON escapes, so that undoing the HTML escaping of `&`, `<` and `>` gives the JSON.
fn axe_violations(axe: &Path, page: &str, dir: &Path, name: &str) -> Vec<serde_json::Value> {
    let script = std::fs::read_to_string(axe).unwrap_or_else(|e| panic!("{}: {e}", axe.display()));
    let runner = "<script>axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})\
        .then(function (r) { return r.violations.map(function (v) { return {id: v.id, impact: v.impact, help: v.help, \
        nodes: v.nodes.map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; })}; }); }, \
        function (e) { return 'axe failed: ' + e; })\
        .then(function (result) { var pre = document.createElement('pre'); pre.id = 'axe-result'; \
        pre.textContent = JSON.stringify(result).replace(/[^\\x20-\\x7e]/g, function (c) { \
        return '\\\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4); }); document.body.appendChild(pre); });</script>";
    let at = page.rfind("</body>").unwrap_or_else(|| panic!("{name}: no </body>"));
    let checked =
        format!("{}<script>{}</script>{runner}{}", &page[..at], script.replace("</script", "<\\/script"), &page[at..]);
    let file = dir.join(format!("{name}.html"));
    write(&file, checked.as_bytes());
    let profile = dir.join(format!("{name}-profile"));
    let out = clients::chromium(&profile)
        .arg("--virtual-time-budget=20000")
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap_or_else(|e| panic!("chromium: {e}"));
    let dom = stdout(&out);
    let Some(result) = dom.split("<pre id=\"axe-result\">").nth(1).and_then(|r| r.split("</pre>").next()) else {
        panic!("{name}: axe-core gave no result; chromium said:\n{}", stderr(&out));
    };
    let json = result.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    match serde_json::from_str(&json) {
        Ok(serde_json::Value::Array(violations)) => violations,
        _ => panic!("{name}: {json}"),
    }
}

#[test]
fn the_html_pages_pass_axe_core_with_no_violation() {
    if !here("chromium", &["--version"], "chromium") {
        return;
    }
    let Some(axe) = axe_core() else { return };
    let dir = tempdir();
    for name in SAMPLES {
        let (chapter, method) = sample(name);
        let export = export::export(&chapter, &method, Format::Html).unwrap_or_else(|e| panic!("{name}: {e}"));
        let review = review_copy::render(&chapter, &method, Format::Html)
            .unwrap_or_else(|| panic!("html has a review copy"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (page, bytes) in [(format!("{name}-export"), export), (format!("{name}-review"), review)] {
            let html = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{page}: {e}"));
            let violations = axe_violations(&axe, &html, dir.path(), &page);
            let serious =
                violations.iter().filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical"))).count();
            assert!(
                violations.is_empty(),
                "{page}: {} violations, {serious} serious or critical:\n{}",
                violations.len(),
                serde_json::to_string_pretty(&violations).unwrap_or_default()
            );
        }
    }
}

#[test]
fn the_checker_finds_what_a_page_gets_wrong() {
    if !here("chromium", &["--version"], "chromium") {
        return;
    }
    let Some(axe) = axe_core() else { return };
    let dir = tempdir();
    // No language, an image without alternative text, grey text on white at 2.3:1.
    let page = "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Bad</title></head>\n<body>\n<main>\n\
                <h1>Bad</h1>\n<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">\n\
                <p style=\"color:#aaa\">Faint</p>\n</main>\n</body>\n</html>\n";
    let violations = axe_violations(&axe, page, dir.path(), "bad");
    let mut found: Vec<(&str, &str)> =
        violations.iter().filter_map(|v| Some((v["id"].as_str()?, v["impact"].as_str()?))).collect();
    found.sort_unstable();
    assert_eq!(found, [("color-contrast", "serious"), ("html-has-lang", "serious"), ("image-alt", "critical")]);
}

/// The text of a piece of pandoc's JSON: its strings, spaces as spaces.
fn plain_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(o) => match (o.get("t").and_then(serde_json::Value::as_str), o.get("c")) {
            (Some("Str"), Some(serde_json::Value::String(s))) => s.clone(),
            (Some("Space" | "SoftBreak"), _) => " ".to_owned(),
            (_, Some(c)) => plain_text(c),
            _ => String::new(),
        },
        serde_json::Value::Array(items) => items.iter().map(plain_text).collect(),
        _ => String::new(),
    }
}

/// Both samples' Word export and Word review copy, and a German chapter's export, as files in
/// `dir`: (path, chapter, methodology).
fn word_documents(dir: &Path) -> Vec<(PathBuf, Chapter, Methodology)> {
    let mut out = Vec::new();
    for name in SAMPLES {
        let (chapter, method) = sample(name);
        let export = export::export(&chapter, &method, Format::Docx).unwrap_or_else(|e| panic!("{name}: {e}"));
        let review = review_copy::render(&chapter, &method, Format::Docx)
            .unwrap_or_else(|| panic!("docx has a review copy"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (file, bytes) in [(format!("{name}.docx"), export), (format!("{name}-review.docx"), review)] {
            let path = dir.join(file);
            write(&path, &bytes);
            out.push((path, chapter.clone(), method.clone()));
        }
    }
    let method = Methodology::nit_2020();
    let mut german = Chapter::new(&method, "Deutschland", 2024);
    german.spelling.language = Some("de_DE".to_owned());
    let path = dir.join("deutschland.docx");
    write(&path, &export::export(&german, &method, Format::Docx).unwrap_or_else(|e| panic!("{e}")));
    out.push((path, german, method));
    out
}

/// The headings the Word documents have: the title (level 1), then the sections (level 2),
/// a category's heading its name alone.
fn word_headings(chapter: &Chapter, method: &Methodology) -> Vec<(u8, String)> {
    let mut h = vec![(1, chapter.title.clone()), (2, format!("Score changes in {}", chapter.edition))];
    h.push((2, "Executive Summary".to_owned()));
    h.push((2, "At-a-Glance".to_owned()));
    for entry in &chapter.categories {
        h.push((2, method.category(&entry.code).map_or(entry.code.clone(), |d| d.name.clone())));
    }
    let numbering = Numbering::new(chapter);
    if numbering.cited() < numbering.notes().len() {
        h.push((2, "Footnotes not cited in the text".to_owned()));
    }
    h
}

#[test]
fn pandoc_reads_the_word_documents_headings_and_the_tables_header_row() {
    if !here("pandoc", &["--version"], "pandoc") {
        return;
    }
    let dir = tempdir();
    for (path, chapter, method) in word_documents(dir.path()) {
        let out = run("pandoc", &["-f", "docx", "-t", "json"], &path);
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let blocks = json["blocks"].as_array().cloned().unwrap_or_default();
        let headings: Vec<(u8, String)> = blocks
            .iter()
            .filter(|b| b["t"] == "Header")
            .map(|b| {
                let level = b["c"][0].as_u64().and_then(|l| u8::try_from(l).ok()).unwrap_or(0);
                (level, plain_text(&b["c"][2]))
            })
            .collect();
        assert_eq!(headings, word_headings(&chapter, &method), "{}", path.display());
        // The score card's table: its head is one row of the three column headers.
        let tables: Vec<&serde_json::Value> = blocks.iter().filter(|b| b["t"] == "Table").collect();
        assert_eq!(tables.len(), 1, "{}", path.display());
        let head_rows = tables[0]["c"][3][1].as_array().cloned().unwrap_or_default();
        let head: Vec<Vec<String>> = head_rows
            .iter()
            .map(|row| {
                row[1].as_array().map(|cells| cells.iter().map(|c| plain_text(&c[4])).collect()).unwrap_or_default()
            })
            .collect();
        assert_eq!(head, [["Category", "Rating", "Last year"]], "{}", path.display());
    }
}

#[test]
fn libreoffice_keeps_the_word_documents_headings_table_header_and_language_in_a_tagged_pdf() {
    if !here("soffice", &["--version"], "libreoffice-writer-nogui") || !here("pdfinfo", &["-v"], "poppler-utils") {
        return;
    }
    let dir = tempdir();
    let documents = word_documents(dir.path());
    let out_dir = dir.path().join("pdf");
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            r#"pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}"#,
            "--outdir",
        ])
        .arg(&out_dir)
        .args(documents.iter().map(|(path, _, _)| path))
        .output()
        .unwrap_or_else(|e| panic!("cannot run soffice: {e}"));
    assert!(out.status.success(), "soffice: {}", stderr(&out));
    for (path, chapter, method) in &documents {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let pdf = out_dir.join(format!("{stem}.pdf"));
        let info = stdout(&run("pdfinfo", &[], &pdf));
        assert!(info.contains("\nTagged:          yes\n"), "{stem}: {info}");
        let tree = elements(&stdout(&run("pdfinfo", &["-struct-text"], &pdf)));
        // Each heading element is followed by its text.
        let headings: Vec<(u8, String)> = (0..tree.len())
            .filter_map(|i| {
                let level = tree[i].kind.strip_prefix('H')?.parse().ok()?;
                let text: String = inside(&tree, i)
                    .iter()
                    .map(|e| format!("{} {}", e.kind, e.rest).trim().trim_matches('"').to_owned())
                    .collect();
                Some((level, text))
            })
            .collect();
        assert_eq!(headings, word_headings(chapter, method), "{stem}");
        let th = tree.iter().filter(|e| e.kind == "TH").count();
        assert_eq!(th, 3, "{stem}: the header row's cells");
        let language = if stem == "deutschland" { "/Lang(de-DE)" } else { "/Lang(en-US)" };
        let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
        assert!(catalog(&bytes).contains(language), "{stem}: {}", catalog(&bytes));
    }
}

/// Freedonia, a Freedom in the World chapter: its outline nests (Political Rights ▸ A.
/// Electoral Process ▸ A1 …), and every format still reads as one: the PDF is PDF/UA-1 with H1
/// to H4 in order and no level skipped, the ratings a table with header cells, and the web page
/// and review page pass axe-core.
#[test]
fn a_fiw_chapter_is_accessible_with_its_nested_outline() {
    let chapter = freedonia::freedonia();
    let method = freedonia::fiw();
    let dir = tempdir();
    #[cfg(feature = "pdf")]
    if here("pdfinfo", &["-v"], "poppler-utils") {
        let bytes = export::export(&chapter, &method, Format::Pdf).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("freedonia.pdf");
        write(&path, &bytes);
        let meta = stdout(&run("pdfinfo", &["-meta"], &path));
        assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
        let tree = elements(&stdout(&run("pdfinfo", &["-struct"], &path)));
        let levels: Vec<u32> =
            tree.iter().filter_map(|e| e.kind.strip_prefix('H').and_then(|l| l.parse().ok())).collect();
        assert_eq!(levels.first(), Some(&1));
        assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "a level is skipped: {levels:?}");
        assert_eq!(levels.iter().filter(|l| **l == 2).count(), 5, "{levels:?}");
        assert_eq!(levels.iter().filter(|l| **l == 3).count(), 7, "{levels:?}");
        assert_eq!(levels.iter().filter(|l| **l == 4).count(), 25, "{levels:?}");
        let tables: Vec<usize> = (0..tree.len()).filter(|&i| tree[i].kind == "Table").collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(
            inside(&tree, tables[0]).iter().filter(|e| e.kind == "TH").count(),
            3 + 25,
            "column and row headers"
        );
    }
    if !here("chromium", &["--version"], "chromium") {
        return;
    }
    let Some(axe) = axe_core() else { return };
    let export = export::export(&chapter, &method, Format::Html).unwrap_or_else(|e| panic!("{e}"));
    let review = review_copy::render(&chapter, &method, Format::Html)
        .unwrap_or_else(|| panic!("html has a review copy"))
        .unwrap_or_else(|e| panic!("{e}"));
    for (page, bytes) in [("freedonia-export", export), ("freedonia-review", review)] {
        let html = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{page}: {e}"));
        let violations = axe_violations(&axe, &html, dir.path(), page);
        assert!(violations.is_empty(), "{page}: {}", serde_json::to_string_pretty(&violations).unwrap_or_default());
    }
}
