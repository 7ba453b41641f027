//! Export: every format of chapters built in code (our own prose, the seed's figures).

use std::io::Read;
use std::path::Path;
use std::process::Command;

use rapporteur::export::{self, ExportError, Format};
use rapporteur::findings::{Code, Finding, Location, Place, Severity};
use rapporteur::method::Methodology;
use rapporteur::model::{Authors, Chapter};
use rapporteur::{Id, Rating};

const HOSTILE: &str = "Officials called it <script>alert(1)</script> & \"fake\" 'news' [link](javascript:x) *loudly*";

fn note(c: &mut Chapter, label: &str, text: &str, url: Option<&str>) {
    c.add_footnote(label.to_owned(), text.to_owned(), url.map(str::to_owned));
}

/// A small chapter with the seed's ratings, our own sentences, labels out of order, a
/// hostile bullet, Cyrillic and Georgian text, a repeated citation and an uncited note.
fn sample(authors: Authors) -> Chapter {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "Kazakhstan", 2024);
    c.authors = authors;
    for entry in &mut c.categories {
        let h = if entry.code == "LDG" { 150 } else { 125 };
        entry.rating = Some(Rating::from_hundredths(h));
        entry.last_year = Some(Rating::from_hundredths(if entry.code == "LDG" { 175 } else { 125 }));
    }
    note(&mut c, "z", "Ministry statement, 3 March 2023.", Some("https://example.org/a?x=1&y=2"));
    note(&mut c, "7", "Interview with a district official.", None);
    note(&mut c, "a", "Court records on \"Бишимбаев\".", Some("https://example.org/court"));
    note(&mut c, "unused", "A report no bullet cites.", Some("javascript:alert(2)"));
    let b = c.new_block("Local Democratic Governance rating declined from 1.75 to 1.50 because district councils lost what little say they had.[^a]");
    c.score_changes.push(b);
    let b = c.new_block("As a result, Kazakhstan's Democracy Score declined from 1.32 to 1.29.");
    c.score_changes.push(b);
    let p = c.new_block(
        "The president kept a careful balance among old and new elites.[^z] Quotations in Kazakh read «Қазақстан».",
    );
    c.text_mut("executive_summary").push(p);
    let p = c.new_block("Georgian readers will recognise საქართველო in the comparison.[^7][^z]");
    c.text_mut("executive_summary").push(p);
    let p = c.new_block("Power stayed concentrated in the presidency throughout 2023.");
    c.text_mut("at_a_glance").push(p);
    let b = c.new_block(HOSTILE);
    c.categories[0].bullets.push(b);
    let b = c.new_block("Council seats rose from 107 to 98 in 2023[^a] and then stayed put.");
    c.categories[4].bullets.push(b);
    c
}

fn string(format: Format, c: &Chapter) -> String {
    let bytes = export::export(c, &Methodology::nit_2020(), format).unwrap_or_else(|e| panic!("{format}: {e}"));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{format} is not UTF-8: {e}"))
}

fn docx_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>, zip::DateTime)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("not a zip: {e}"));
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap_or_else(|e| panic!("entry {i}: {e}"));
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap_or_else(|e| panic!("entry {i}: {e}"));
            let time = f.last_modified().unwrap_or_default();
            (f.name().to_owned(), data, time)
        })
        .collect()
}

fn part(parts: &[(String, Vec<u8>, zip::DateTime)], name: &str) -> String {
    let (_, data, _) =
        parts.iter().find(|(n, _, _)| n == name).unwrap_or_else(|| panic!("{name} missing from the docx"));
    String::from_utf8(data.clone()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn text_is_the_web_layout_exactly() {
    let text = string(Format::Text, &sample(Authors::Anonymous));
    let blurb = export::methodology_blurb(&Methodology::nit_2020());
    let m = Methodology::nit_2020();
    let d = |code: &str| m.category(code).map(|c| c.description.clone()).unwrap_or_default();
    let expected = format!(
        "Nations in Transit 2024 - Kazakhstan\n\
         \n\
         Consolidated Authoritarian Regime\n\
         5\n\
         /\u{a0}100\n\
         Democracy Percentage 4.76\u{a0}/\u{a0}100\n\
         Democracy Score 1.29\u{a0}/\u{a0}7\n\
         Last Year's Democracy Percentage & Status\n\
         5\u{a0}/\u{a0}100\u{a0}Consolidated Authoritarian Regime\n\
         {blurb}\n\
         \u{a0}\n\
         \n\
         Authors\n\
         \n\
         \x20 • Anonymous\n\
         \n\
         Score changes in 2024\n\
         \n\
         \x20 • Local Democratic Governance rating declined from 1.75 to 1.50 because district councils lost what little say they had.1\n\
         \x20 • As a result, Kazakhstan's Democracy Score declined from 1.32 to 1.29.\n\
         \n\
         Executive Summary\n\
         \n\
         The president kept a careful balance among old and new elites.2\u{a0}Quotations in Kazakh read «Қазақстан».\n\
         \n\
         Georgian readers will recognise საქართველო in the comparison.3\u{a0}2\n\
         \n\
         At-a-Glance\n\
         \n\
         Power stayed concentrated in the presidency throughout 2023.\n\
         \n\
         \u{a0}\n\
         National Democratic Governance\u{a0}1.00-7.00 pts\n\
         {ndg} 1.25\u{a0}/ 7.00\n\
         \x20 • {HOSTILE}\n\
         Electoral Process\u{a0}1.00-7.00 pts\n\
         {ep} 1.25\u{a0}/ 7.00\n\
         Civil Society\u{a0}1.00-7.00 pts\n\
         {cs} 1.25\u{a0}/ 7.00\n\
         Independent Media\u{a0}1.00-7.00 pts\n\
         {im} 1.25\u{a0}/ 7.00\n\
         Local Democratic Governance\u{a0}1.00-7.00 pts\n\
         {ldg} 1.50\u{a0}/ 7.00\n\
         \x20 • Council seats rose from 107 to 98 in 2023\u{a0}1\u{a0}and then stayed put.\n\
         Judicial Framework and Independence\u{a0}1.00-7.00 pts\n\
         {jfi} 1.25\u{a0}/ 7.00\n\
         Corruption\u{a0}1.00-7.00 pts\n\
         {co} 1.25\u{a0}/ 7.00\n\
         \n\
         Footnotes\n\
         \n\
         1. Court records on \"Бишимбаев\". https://example.org/court\n\
         2. Ministry statement, 3 March 2023. https://example.org/a?x=1&y=2\n\
         3. Interview with a district official.\n\
         4. A report no bullet cites. javascript:alert(2)\n",
        ndg = d("NDG"),
        ep = d("EP"),
        cs = d("CS"),
        im = d("IM"),
        ldg = d("LDG"),
        jfi = d("JFI"),
        co = d("CO"),
    );
    assert_eq!(text, expected);
}

#[test]
fn html_escapes_hostile_text_and_links_notes_both_ways() {
    let html = string(Format::Html, &sample(Authors::Anonymous));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
    assert!(html.contains(
        "<li>Officials called it &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;fake&quot; &#39;news&#39; [link](javascript:x) *loudly*</li>"
    ));
    assert!(!html.contains("<script"), "raw script tag in the page");
    // Nothing is fetched: no external resources, no scripts.
    for bad in ["<link", "src=", "@import", "url(", "<iframe", "<img"] {
        assert!(!html.contains(bad), "{bad} in the page");
    }
    // Only http(s) addresses become links; the javascript: address stays text.
    assert!(html.contains("<a href=\"https://example.org/a?x=1&amp;y=2\">"));
    assert!(!html.contains("href=\"javascript"));
    assert!(html.contains("A report no bullet cites. javascript:alert(2)</li>"));
    // Markers: superscript links to the note, numbered by first appearance.
    assert!(html.contains("say they had.<sup><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\" aria-label=\"Footnote 1\">1</a></sup></li>"));
    assert!(html.contains("comparison.<sup><a href=\"#fn-3\" id=\"fnref-3\" role=\"doc-noteref\" aria-label=\"Footnote 3\">3</a></sup><sup><a href=\"#fn-2\" id=\"fnref-2-2\" role=\"doc-noteref\" aria-label=\"Footnote 2\">2</a></sup>"));
    assert!(html.contains("<li id=\"fn-3\">Interview with a district official. <a href=\"#fnref-3\" class=\"back\""));
    // An uncited note has no way back.
    assert!(!html.contains("href=\"#fnref-4\""));
    assert!(html.contains("<li id=\"fn-4\">"));
    // Every id is unique.
    let ids: Vec<&str> =
        html.match_indices(" id=\"").map(|(i, _)| &html[i + 5..i + 5 + html[i + 5..].find('"').unwrap_or(0)]).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    // The score card comes before the first section.
    let card = html.find("Democracy Percentage 4.76 / 100").unwrap_or(usize::MAX);
    let changes = html.find("<h2>Score changes in 2024</h2>").unwrap_or(0);
    assert!(card < changes);
}

#[test]
fn html_declares_its_language_landmarks_and_what_each_note_link_is() {
    let mut c = sample(Authors::Anonymous);
    c.spelling.language = Some("de_DE".to_owned());
    let html = string(Format::Html, &c);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"de-DE\">\n"), "{html}");
    // The title and byline are the banner, the rest is the main content.
    assert!(html.contains(
        "<body>\n<header>\n<h1>Nations in Transit 2024 - Kazakhstan</h1>\n<p class=\"byline\">Authors: Anonymous</p>\n</header>\n<main>\n"
    ));
    assert!(html.ends_with("</section>\n</main>\n</body>\n</html>\n"));
    assert_eq!(html.matches("<h1>").count(), 1);
    assert_eq!(html.matches("<main>").count(), 1);
    // The ratings table is captioned, with column and row headers.
    assert!(html.contains(
        "<table>\n<caption>Ratings by category</caption>\n<thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Rating</th><th scope=\"col\">Last year</th></tr></thead>\n<tbody>\n<tr><th scope=\"row\">National Democratic Governance</th><td class=\"num\">1.25</td><td class=\"num\">1.25</td></tr>\n"
    ));
    // The notes are the end notes, named by their heading; each way back says where it goes.
    assert!(html.contains(
        "<section class=\"notes\" role=\"doc-endnotes\" aria-labelledby=\"notes-heading\">\n<h2 id=\"notes-heading\">Footnotes</h2>\n<ol>\n"
    ));
    assert!(html.contains(
        "<li id=\"fn-3\">Interview with a district official. <a href=\"#fnref-3\" class=\"back\" role=\"doc-backlink\" aria-label=\"Back to reference 3\">\u{21a9}\u{fe0e}</a></li>\n"
    ));
    // A blank title still names the page and heads it.
    c.title = " ".to_owned();
    let untitled = string(Format::Html, &c);
    assert!(untitled.contains("<title>Untitled chapter</title>"));
    assert!(untitled.contains("<h1>Untitled chapter</h1>"));
    // Headings go h1, then h2 only: no level is skipped.
    let levels: Vec<&str> = html
        .match_indices("<h")
        .filter_map(|(i, _)| html.get(i + 2..i + 3))
        .filter(|l| l.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(levels.first(), Some(&"1"));
    assert!(levels[1..].iter().all(|l| *l == "2"), "{levels:?}");
}

#[test]
fn html_is_well_formed_where_xmllint_is_installed() {
    let Ok(out) = Command::new("xmllint").arg("--version").output() else {
        println!("note: xmllint is not installed; skipping the HTML parse check");
        return;
    };
    assert!(out.status.success(), "xmllint --version failed: {}", String::from_utf8_lossy(&out.stderr));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.html");
    std::fs::write(&path, string(Format::Html, &sample(Authors::Anonymous))).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("xmllint").args(["--html", "--noout"]).arg(&path).output().unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // libxml2's HTML parser predates HTML5 and does not know <section>/<article>/<header>/<main>.
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.contains("error")
                && !l.contains("Tag section invalid")
                && !l.contains("Tag article invalid")
                && !l.contains("Tag header invalid")
                && !l.contains("Tag main invalid")
        })
        .collect();
    assert!(problems.is_empty(), "{stderr}");
}

#[test]
fn markdown_has_pandoc_footnotes_and_escaped_text() {
    let md = string(Format::Markdown, &sample(Authors::Anonymous));
    assert!(
        md.starts_with("---\ntitle: \"Nations in Transit 2024 - Kazakhstan\"\nauthor: \"Anonymous\"\nlang: en\n---\n")
    );
    assert!(md.contains("- Officials called it \\<script\\>alert(1)\\</script\\> \\& \"fake\" 'news' \\[link\\](javascript:x) \\*loudly\\*\n"));
    assert!(md.contains("say they had.[^1]\n"));
    assert!(md.contains("comparison.[^3][^2]\n"));
    assert!(md.contains("in 2023[^1] and then"));
    assert!(md.contains("\n[^1]: Court records on \"Бишимбаев\". <https://example.org/court>\n[^2]: Ministry statement, 3 March 2023. <https://example.org/a?x=1&y=2>\n[^3]: Interview with a district official.\n"));
    assert!(md.contains("# Footnotes not cited in the text\n\n4. A report no bullet cites. javascript:alert(2)\n"));
    assert!(md.contains("| Local Democratic Governance | 1.50 | 1.75 |\n"));
    assert!(md.ends_with("alert(2)\n"));
}

#[test]
fn markdown_declares_the_chapters_language() {
    let mut c = sample(Authors::Anonymous);
    c.spelling.language = Some("kk_KZ".to_owned());
    let md = string(Format::Markdown, &c);
    assert!(md.starts_with(
        "---\ntitle: \"Nations in Transit 2024 - Kazakhstan\"\nauthor: \"Anonymous\"\nlang: kk-KZ\n---\n"
    ));
}

#[test]
fn markdown_converts_with_pandoc_where_installed() {
    let Ok(v) = Command::new("pandoc").arg("--version").output() else {
        println!("note: pandoc is not installed; skipping the Markdown conversion check");
        return;
    };
    assert!(v.status.success());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.md");
    std::fs::write(&path, string(Format::Markdown, &sample(Authors::Anonymous))).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("pandoc")
        .args(["-f", "markdown", "-t", "html"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(!html.contains("<script"), "pandoc made a script tag: {html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Three cited notes become Pandoc footnotes.
    assert_eq!(html.matches("class=\"footnote-ref\"").count(), 5, "{html}");
    assert!(html.contains("Interview with a district official."));
}

#[test]
fn docx_has_real_footnotes_headings_and_a_score_table() {
    let bytes = export::export(&sample(Authors::Anonymous), &Methodology::nit_2020(), Format::Docx)
        .unwrap_or_else(|e| panic!("{e}"));
    let parts = docx_parts(&bytes);
    let document = part(&parts, "word/document.xml");
    let footnotes = part(&parts, "word/footnotes.xml");
    // One w:footnoteReference per cited note; the repeated citation is superscript text.
    assert_eq!(document.matches("<w:footnoteReference ").count(), 3);
    for n in 1..=3 {
        assert!(document.contains(&format!("<w:footnoteReference w:id=\"{n}\" />")), "reference {n}");
        assert!(footnotes.contains(&format!("<w:footnote w:id=\"{n}\">")), "footnote {n}");
    }
    assert_eq!(footnotes.matches("<w:footnoteRef/>").count(), 3);
    assert!(!document.contains("[1]") && !document.contains("[^"));
    let first = footnotes.find("<w:footnote w:id=\"1\">").unwrap_or(usize::MAX);
    let court = footnotes.find("Court records on &quot;Бишимбаев&quot;. https://example.org/court").unwrap_or(0);
    assert!(first < court, "footnote 1 is the court record");
    assert!(document.contains("<w:vertAlign w:val=\"superscript\" />"));
    // The title is the one "heading 1", the sections "heading 2": Word's own heading styles,
    // with their outline levels.
    assert_eq!(document.matches("<w:pStyle w:val=\"Heading1\" />").count(), 1);
    assert!(document.contains(
        "<w:pStyle w:val=\"Heading1\" /></w:pPr><w:r><w:rPr /><w:t xml:space=\"preserve\">Nations in Transit 2024 - Kazakhstan</w:t>"
    ));
    assert_eq!(document.matches("<w:pStyle w:val=\"Heading2\" />").count(), 11);
    let styles = part(&parts, "word/styles.xml");
    for (id, name, size, level) in [("Heading1", "heading 1", 40, 0), ("Heading2", "heading 2", 30, 1)] {
        let style = format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\" /><w:rPr><w:sz w:val=\"{size}\" /><w:szCs w:val=\"{size}\" /><w:b /><w:bCs /></w:rPr><w:pPr><w:rPr /><w:outlineLvl w:val=\"{level}\" /></w:pPr><w:next w:val=\"Normal\" /><w:qFormat /><w:basedOn w:val=\"Normal\" /></w:style>"
        );
        assert!(styles.contains(&style), "{style} not in {styles}");
    }
    // The document's language, in the defaults every run inherits.
    assert!(
        styles.contains("<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"en\"/></w:rPr></w:rPrDefault>"),
        "{styles}"
    );
    // The score card is a table whose first row, and only that, is a header row.
    assert_eq!(document.matches("<w:tbl>").count(), 1);
    assert_eq!(document.matches("<w:tblHeader/>").count(), 1);
    assert!(document.contains("<w:tblGrid><w:gridCol w:w=\"5200\" w:type=\"dxa\" /><w:gridCol w:w=\"1600\" w:type=\"dxa\" /><w:gridCol w:w=\"1600\" w:type=\"dxa\" /></w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>"));
    assert!(document.contains("Local Democratic Governance"));
    // Hostile text is escaped XML text.
    assert!(document.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;fake&quot;"));
    // The footnotes part is declared and related.
    assert!(part(&parts, "[Content_Types].xml").contains("footnotes+xml"));
    assert!(part(&parts, "word/_rels/document.xml.rels").contains("relationships/footnotes"));
    // The uncited note is listed at the end under its number.
    assert!(document.contains("4. A report no bullet cites. javascript:alert(2)"));
}

#[test]
fn docx_metadata_is_anonymous_and_timeless() {
    let bytes = export::export(&sample(Authors::Anonymous), &Methodology::nit_2020(), Format::Docx)
        .unwrap_or_else(|e| panic!("{e}"));
    let parts = docx_parts(&bytes);
    let core = part(&parts, "docProps/core.xml");
    assert!(
        core.contains("<dc:creator>Anonymous</dc:creator><cp:lastModifiedBy>Anonymous</cp:lastModifiedBy>"),
        "{core}"
    );
    assert!(!core.contains("dcterms:created") && !core.contains("dcterms:modified"), "{core}");
    assert!(!part(&parts, "docProps/app.xml").contains("Application"));
    for (name, _, time) in &parts {
        assert_eq!(*time, zip::DateTime::default(), "{name} carries a timestamp");
    }
    // A named chapter names its authors, and only them.
    let named = export::export(
        &sample(Authors::Named(vec!["Ана Берідзе".into(), "J. Doe".into()])),
        &Methodology::nit_2020(),
        Format::Docx,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let core = part(&docx_parts(&named), "docProps/core.xml");
    assert!(core.contains("<dc:creator>Ана Берідзе; J. Doe</dc:creator>"), "{core}");
}

fn machine_identities() -> Vec<String> {
    let mut found = Vec::new();
    if let Ok(u) = std::env::var("USER") {
        found.push(u);
    }
    if let Ok(out) = Command::new("whoami").output() {
        found.push(String::from_utf8_lossy(&out.stdout).trim().to_owned());
    }
    if let Ok(h) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        found.push(h.trim().to_owned());
    }
    if let Ok(out) = Command::new("hostname").output() {
        found.push(String::from_utf8_lossy(&out.stdout).trim().to_owned());
    }
    if let Ok(home) = std::env::var("HOME") {
        found.push(home);
    }
    found.push(env!("CARGO_MANIFEST_DIR").to_owned());
    if let Ok(dir) = std::env::current_dir() {
        found.push(dir.display().to_string());
    }
    found.retain(|s| s.len() >= 3 && s != "/");
    found.sort();
    found.dedup();
    found
}

fn contains_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn anonymous_exports_carry_no_machine_identity() {
    let ids = machine_identities();
    assert!(!ids.is_empty());
    println!("searched for: {ids:?}");
    let chapter = sample(Authors::Anonymous);
    for format in Format::ALL {
        let bytes = export::export(&chapter, &Methodology::nit_2020(), format).unwrap_or_else(|e| panic!("{e}"));
        let mut blobs = vec![("raw".to_owned(), bytes.clone())];
        if format == Format::Docx {
            blobs.extend(docx_parts(&bytes).into_iter().map(|(n, d, _)| (n, d)));
        }
        for (name, blob) in &blobs {
            for id in &ids {
                let lower = String::from_utf8_lossy(blob).to_lowercase();
                // Every PDF names its catalog `/Root`, so a home of /root would match case-blind:
                // a PDF is compared exactly (tests/pdf.rs also reads its inflated streams).
                let case_blind = format != Format::Pdf && lower.contains(&id.to_lowercase());
                assert!(!contains_bytes(blob, id.as_bytes()) && !case_blind, "{format} ({name}) contains {id:?}");
            }
        }
    }
}

#[test]
fn exports_are_deterministic() {
    let chapter = sample(Authors::Anonymous);
    for format in Format::ALL {
        let a = export::export(&chapter, &Methodology::nit_2020(), format).unwrap_or_else(|e| panic!("{e}"));
        let b = export::export(&chapter, &Methodology::nit_2020(), format).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a, b, "{format} differs between two exports");
    }
}

fn error_finding() -> Finding {
    Finding {
        code: Code::FootnoteMissing,
        severity: Severity::Error,
        location: Location { place: Place::Footnotes, block: None, footnote: Some(Id(1)), range: None },
        message: "a marker cites a footnote that does not exist".to_owned(),
    }
}

#[test]
fn error_findings_block_export_unless_forced() {
    let chapter = sample(Authors::Anonymous);
    let m = Methodology::nit_2020();
    let blocked = export::export_gated(&chapter, &m, Format::Text, false, |_, _| vec![error_finding()]);
    match blocked {
        Err(ExportError::Blocked { errors }) => assert_eq!(errors, [error_finding()]),
        other => panic!("expected Blocked, got {other:?}"),
    }
    let forced = export::export_gated(&chapter, &m, Format::Text, true, |_, _| vec![error_finding()]);
    assert_eq!(forced.ok(), export::export(&chapter, &m, Format::Text).ok());
    let warning = Finding { severity: Severity::Warning, ..error_finding() };
    assert!(export::export_gated(&chapter, &m, Format::Html, false, move |_, _| vec![warning]).is_ok());
    // The real checks: a clean sample is not blocked.
    assert!(export::export_checked(&chapter, &m, Format::Markdown, false).is_ok());
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_rapporteur")
}

#[test]
fn cli_exports_atomically_and_names_an_unwritable_path() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("kz.ron");
    rapporteur::io::save(&project, &sample(Authors::Anonymous)).unwrap_or_else(|e| panic!("{e}"));

    let out_path = dir.path().join("kz.txt");
    let out = Command::new(bin())
        .arg("export")
        .arg(&project)
        .arg("-o")
        .arg(&out_path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("Wrote {} (txt)\n", out_path.display()));
    let written = std::fs::read_to_string(&out_path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(written, string(Format::Text, &sample(Authors::Anonymous)));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".rapporteur-"))
                .collect()
        })
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let out_path = dir.path().join("kz.bin");
    let out = Command::new(bin())
        .arg("export")
        .arg(&project)
        .args(["--to", "docx", "-o"])
        .arg(&out_path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&out_path).is_ok_and(|b| b.starts_with(b"PK")));

    let bad = Path::new("/nonexistent-folder-rapporteur/out.html");
    let out = Command::new(bin())
        .arg("export")
        .arg(&project)
        .args(["--to", "html", "-o"])
        .arg(bad)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rapporteur: /nonexistent-folder-rapporteur/out.html: cannot save: the folder /nonexistent-folder-rapporteur \
         does not exist\n"
    );

    let out = Command::new(bin())
        .arg("export")
        .arg(&project)
        .args(["--to", "odt", "-o", "x.odt"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rapporteur: --to odt: unknown format; use one of html, md, docx, txt, pdf\n"
    );
    assert!(!Path::new("x.odt").exists());
}

#[test]
fn docx_opens_in_libreoffice_where_installed() {
    let Ok(v) = Command::new("soffice").arg("--version").output() else {
        println!("note: soffice (LibreOffice) is not installed; skipping the DOCX-to-PDF check");
        return;
    };
    if !v.status.success() {
        println!("note: soffice does not run here; skipping the DOCX-to-PDF check");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let docx = dir.path().join("kz.docx");
    let bytes = export::export(&sample(Authors::Anonymous), &Methodology::nit_2020(), Format::Docx)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&docx, bytes).unwrap_or_else(|e| panic!("{e}"));
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let pdf = dir.path().join("kz.pdf");
    assert!(pdf.exists(), "no PDF: {}", String::from_utf8_lossy(&out.stderr));
    let Ok(text) = Command::new("pdftotext").arg(&pdf).arg("-").output() else {
        println!("note: pdftotext is not installed; the PDF was made but its text is not checked");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Nations in Transit 2024 - Kazakhstan"), "{text}");
    assert!(text.contains("Interview with a district official."), "{text}");
    assert!(text.contains("Court records on"), "{text}");
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
}

/// Writes the sample in every format, for a person to look at: into `EXPORT_DUMP_DIR` when it
/// is set, else into a temporary folder; either way each file must hold exactly the export.
#[test]
fn dump_sample_for_review() {
    let temporary = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = std::env::var_os("EXPORT_DUMP_DIR").map_or_else(|| temporary.path().to_owned(), std::path::PathBuf::from);
    let chapter = sample(Authors::Anonymous);
    let mut written = Vec::new();
    for format in Format::ALL {
        let bytes = export::export(&chapter, &Methodology::nit_2020(), format).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join(format!("sample.{}", format.extension()));
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(std::fs::read(&path).ok(), Some(bytes), "{}", path.display());
        written.push(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    }
    let mut expected = vec!["sample.html", "sample.md", "sample.docx", "sample.txt"];
    if cfg!(feature = "pdf") {
        expected.insert(3, "sample.pdf");
    }
    assert_eq!(written, expected);
    println!("note: the sample in every format is in {} (set EXPORT_DUMP_DIR to keep it)", dir.display());
}

/// A tab, and text that looks like Word's XML (`<w:tbl>`, `<w:tab/>`), in bullets and
/// citations: the DOCX still has one number field per footnote and escapes the text.
#[test]
fn docx_footnotes_survive_tabs_and_markup_like_text() {
    let mut c = sample(Authors::Anonymous);
    c.footnotes[2].text = "Court\trecords <w:tab/> and <w:tbl> on \"Бишимбаев\".".into();
    let b = c.new_block("A\ttabbed bullet citing <w:t>.[^7] Then a table <w:tbl>.[^z]");
    c.categories[1].bullets.push(b);
    let bytes = export::export(&c, &Methodology::nit_2020(), Format::Docx).unwrap_or_else(|e| panic!("{e}"));
    let parts = docx_parts(&bytes);
    let footnotes = part(&parts, "word/footnotes.xml");
    assert_eq!(footnotes.matches("<w:footnoteRef/>").count(), 3, "{footnotes}");
    assert!(!footnotes.contains(">#<"), "a placeholder is left: {footnotes}");
    assert!(
        footnotes.contains("Court\trecords &lt;w:tab/&gt; and &lt;w:tbl&gt; on &quot;Бишимбаев&quot;."),
        "{footnotes}"
    );
    let document = part(&parts, "word/document.xml");
    assert!(document.contains("A\ttabbed bullet citing &lt;w:t&gt;."), "the bullet's text is escaped");
}

// ---------------------------------------------------------------------------------------------
// A Freedom in the World chapter: the same exporters, walking FiW's outline and score tree.

#[path = "support/freedonia.rs"]
mod freedonia;
use freedonia::{FREEDONIA_FIGURES, fiw, freedonia, question};

fn fiw_string(format: Format, c: &Chapter) -> String {
    let bytes = export::export(c, &fiw(), format).unwrap_or_else(|e| panic!("{format}: {e}"));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{format} is not UTF-8: {e}"))
}

#[test]
fn a_fiw_chapter_in_the_web_layout() {
    let text = fiw_string(Format::Text, &freedonia());
    let blurb = export::methodology_blurb(&fiw());
    let figures: String = FREEDONIA_FIGURES.iter().map(|f| f.replace(" / ", "\u{a0}/\u{a0}") + "\n").collect();
    let card = format!(
        "Freedom in the World 2025 - Freedonia\n\
         \n\
         Partly Free\n\
         {figures}\
         Electoral democracy Yes\n\
         Last Year's Global Freedom Score & Status\n\
         55\u{a0}/\u{a0}100\u{a0}Partly Free\n\
         {blurb}\n\
         \u{a0}\n\
         \n\
         Authors\n\
         \n\
         \x20 • Mara Ilić\n\
         \n\
         Overview\n\
         \n\
         Freedonia holds regular elections, but the ruling party dominates public life and the courts rarely check its power.1\u{a0}Journalists and civic groups work under growing pressure.\n\
         \n\
         Key Developments\n\
         \n\
         In April, President Teasdale won a second term in an election that observers called orderly but uneven.2\u{a0}1\n\
         \n\
         In October, parliament passed a law obliging media outlets with foreign funding to register as foreign agents.3\n\
         \n\
         Score Changes in 2025\n\
         \n\
         \x20 • A1: The score declined from 4 to 3 due to the use of state resources in the president's reelection campaign.\n\
         \x20 • D1: The score declined from 3 to 2 due to a new law that obliges media outlets with foreign funding to register as foreign agents.\n\
         \n\
         \u{a0}\n\
         Political Rights 22\u{a0}/\u{a0}40\n\
         A. Electoral Process 8\u{a0}/\u{a0}12\n\
         A1\u{a0}0-4 pts\n\
         {a1} 3\u{a0}/ 4\n\
         President Teasdale was reelected in April with 61 percent of the vote.2\u{a0}Observers found the count orderly but reported that state employees were pressed to attend campaign rallies.1\n\
         The opposition candidate campaigned across the country, although state television gave him a fraction of the airtime the president received.\n\
         A2\u{a0}0-4 pts\n\
         {a2} 3\u{a0}/ 4\n\
         The unicameral parliament was elected in 2022 in polls that observers judged competitive.1\n\
         A3\u{a0}0-4 pts\n\
         {a3} 2\u{a0}/ 4\n\
         B. Political Pluralism and Participation 9\u{a0}/\u{a0}16\n\
         B1\u{a0}0-4 pts\n",
        a1 = question("A1"),
        a2 = question("A2"),
        a3 = question("A3"),
    );
    assert!(text.starts_with(&card), "{text}");
    // The civil liberties, under their own heading after the last political-rights indicator;
    // the discretionary question Q, unasked, is left out.
    assert!(text.contains(&format!(
        "C3\u{a0}0-4 pts\n{c3} 2\u{a0}/ 4\nCivil Liberties 31\u{a0}/\u{a0}60\nD. Freedom of Expression and Belief 10\u{a0}/\u{a0}16\nD1\u{a0}0-4 pts\n{d1} 2\u{a0}/ 4\nPrivate newspapers",
        c3 = question("C3"),
        d1 = question("D1"),
    )));
    assert!(!text.contains("Add Q\u{a0}") && !text.contains("ethnic composition"), "{text}");
    assert!(text.ends_with(&format!(
        "G4\u{a0}0-4 pts\n{g4} 2\u{a0}/ 4\n\
         \n\
         Footnotes\n\
         \n\
         1. Election observation mission, statement of preliminary findings, 15 April 2024. https://example.org/observers\n\
         2. Central Election Commission of Freedonia, final results of the presidential election, 14 April 2024. https://example.org/cec/2024\n\
         3. Union of Freedonian Journalists, annual report on media freedom, January 2025.\n",
        g4 = question("G4")
    )));
    // Nothing of Nations in Transit's.
    for nit in ["Democracy", "/ 7.00", "1.00-7.00", "Executive Summary", "At-a-Glance"] {
        assert!(!text.contains(nit), "{nit} in {text}");
    }
}

#[test]
fn the_blurb_is_written_from_the_methodology_file() {
    assert_eq!(
        export::methodology_blurb(&fiw()),
        "Each rating runs from 0 to 4 (4 best). Electoral Process, Political Pluralism and Participation, \
         Functioning of Government, Freedom of Expression and Belief, Associational and Organizational Rights, Rule \
         of Law and Personal Autonomy and Individual Rights are each the sum of the ratings of their items. Political \
         Rights is the sum of Electoral Process, Political Pluralism and Participation, Functioning of Government and \
         Add A, less Add Q. Civil Liberties is the sum of Freedom of Expression and Belief, Associational and \
         Organizational Rights, Rule of Law and Personal Autonomy and Individual Rights. Global Freedom Score is the \
         sum of Political Rights and Civil Liberties. Political Rights rating is read from Political Rights in a \
         table, from 1 to 7 (1 best). Civil Liberties rating is read from Civil Liberties in a table, from 1 to 7 (1 \
         best). Mean of the two ratings is the mean of Political Rights rating and Civil Liberties rating. Status \
         (Free, Partly Free or Not Free) is read from Mean of the two ratings. Electoral democracy (Yes or No) \
         follows from Electoral Process, Political Rights and Civil Liberties. The methodology explains how ratings \
         are set: https://freedomhouse.org/reports/freedom-world/freedom-world-research-methodology"
    );
    assert_eq!(
        export::methodology_blurb(&Methodology::nit_2020()),
        "Each rating runs from 1 to 7 (7 best). Democracy Score is the mean of the 7 ratings (those given). \
         Democracy Percentage puts Democracy Score on a scale from 0 to 100. Classification (Consolidated Democracy, \
         Semi-Consolidated Democracy, Transitional or Hybrid Regime, Semi-Consolidated Authoritarian Regime or \
         Consolidated Authoritarian Regime) is read from Democracy Score. The methodology explains how ratings are \
         set: https://freedomhouse.org/reports/nations-transit/nations-transit-methodology"
    );
}

#[test]
fn a_fiw_chapter_as_a_web_page() {
    let html = fiw_string(Format::Html, &freedonia());
    // The score card: status, every figure with its suffix, the other classification, last
    // year's total and status.
    let figures: String = FREEDONIA_FIGURES.iter().flat_map(|f| ["<p>", f, "</p>\n"]).collect();
    assert!(
        html.contains(&format!(
            "<section class=\"card\" aria-label=\"Score card\">\n<p class=\"status\">Partly Free</p>\n{figures}\
         <p>Electoral democracy: Yes</p>\n\
         <p>Last year's Global Freedom Score &amp; Status: 55 / 100 Partly Free</p>\n<table>\n"
        )),
        "{html}"
    );
    assert!(html.contains(
        "<tr><th scope=\"row\">A1 Head of government elected</th><td class=\"num\">3</td><td class=\"num\">4</td></tr>\n"
    ));
    // The outline: Political Rights ▸ A. Electoral Process ▸ A1, each with its score.
    assert!(html.contains(&format!(
        "<h2>Political Rights <span class=\"rating\">22 / 40</span></h2>\n\
         <h3>A. Electoral Process <span class=\"rating\">8 / 12</span></h3>\n\
         <section>\n<h4>A1 Head of government elected <span class=\"rating\">3 / 4</span></h4>\n\
         <p class=\"description\">{}</p>\n\
         <p>President Teasdale was reelected in April with 61 percent of the vote.<sup><a href=\"#fn-2\" id=\"fnref-2-2\" role=\"doc-noteref\" aria-label=\"Footnote 2\">2</a></sup> \
         Observers found the count orderly but reported that state employees were pressed to attend campaign rallies.<sup><a href=\"#fn-1\" id=\"fnref-1-3\" role=\"doc-noteref\" aria-label=\"Footnote 1\">1</a></sup></p>\n\
         <p>The opposition candidate campaigned across the country, although state television gave him a fraction of the airtime the president received.</p>\n\
         </section>\n",
        question("A1")
    )), "{html}");
    assert!(html.contains("<h2>Civil Liberties <span class=\"rating\">31 / 60</span></h2>\n<h3>D. Freedom of Expression and Belief <span class=\"rating\">10 / 16</span></h3>\n"));
    assert!(html.contains("<section>\n<h2>Score Changes in 2025</h2>\n<ul>\n<li>A1: The score declined from 4 to 3"));
    assert!(!html.contains("Add Q Deliberate"), "the unasked question Q has no section");
    // Headings go down one level at a time: h1, then h2 … h4, never skipping one.
    let levels: Vec<u32> =
        html.match_indices("<h").filter_map(|(i, _)| html.get(i + 2..i + 3).and_then(|l| l.parse().ok())).collect();
    assert_eq!(levels.first(), Some(&1));
    assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{levels:?}");
    assert_eq!(levels.iter().filter(|l| **l == 4).count(), 25, "every indicator, not Q");
}

#[test]
fn a_fiw_chapter_in_markdown_and_through_pandoc() {
    let md = fiw_string(Format::Markdown, &freedonia());
    assert!(md.starts_with(
        "---\ntitle: \"Freedom in the World 2025 - Freedonia\"\nauthor:\n  - \"Mara Ilić\"\nlang: en\n---\n\n**Partly Free**\n\nGlobal Freedom Score 53 / 100\n\nElectoral Process 8 / 12\n"
    ), "{md}");
    assert!(md.contains("Mean of the two ratings 4.0\n\nElectoral democracy: Yes\n\nLast year's Global Freedom Score \\& Status: 55 / 100 Partly Free\n\n| Category | Rating | Last year |\n"));
    assert!(md.contains("| D1 Free and independent media | 2 | 3 |\n"));
    assert!(md.contains(&format!(
        "# Political Rights (22 / 40)\n\n## A. Electoral Process (8 / 12)\n\n### A1 Head of government elected\n\n**Rating: 3 / 4**\n\n*{}*\n\n\
         President Teasdale was reelected in April with 61 percent of the vote.[^2] Observers found the count orderly but reported that state employees were pressed to attend campaign rallies.[^1]\n\n\
         The opposition candidate campaigned across the country, although state television gave him a fraction of the airtime the president received.\n\n### A2 Legislature elected\n",
        question("A1")
    )), "{md}");
    assert!(md.contains("# Score Changes in 2025\n\n- A1: The score declined from 4 to 3"));
    assert!(
        md.ends_with("[^3]: Union of Freedonian Journalists, annual report on media freedom, January 2025.\n"),
        "{md}"
    );
    let Ok(v) = Command::new("pandoc").arg("--version").output() else {
        println!("note: pandoc is not installed; skipping the Markdown conversion check");
        return;
    };
    assert!(v.status.success());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("f.md");
    std::fs::write(&path, &md).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("pandoc")
        .args(["-f", "markdown", "-t", "html"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("<h1 id=\"political-rights-22-40\">Political Rights (22 / 40)</h1>"), "{html}");
    assert!(html.contains("<h2 id=\"a.-electoral-process-8-12\">A. Electoral Process (8 / 12)</h2>"), "{html}");
    assert!(html.contains("<h3 id=\"a1-head-of-government-elected\">A1 Head of government"), "{html}");
    // Eight citations of three notes.
    assert_eq!(html.matches("class=\"footnote-ref\"").count(), 8, "{html}");
}

/// What pandoc reads from a Word document, as Markdown.
fn pandoc_docx(bytes: &[u8]) -> Option<String> {
    if Command::new("pandoc").arg("--version").output().is_err() {
        println!("note: pandoc is not installed; skipping the DOCX read-back");
        return None;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("f.docx");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("pandoc")
        .args(["-f", "docx", "-t", "markdown-smart", "--wrap=none"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_fiw_chapter_as_a_word_document() {
    let bytes = export::export(&freedonia(), &fiw(), Format::Docx).unwrap_or_else(|e| panic!("{e}"));
    let parts = docx_parts(&bytes);
    let document = part(&parts, "word/document.xml");
    // Group and indicator headings in Word's heading styles, one level a step.
    assert_eq!(document.matches("<w:pStyle w:val=\"Heading1\" />").count(), 1);
    assert_eq!(document.matches("<w:pStyle w:val=\"Heading2\" />").count(), 3 + 2, "texts, score changes, PR, CL");
    assert_eq!(document.matches("<w:pStyle w:val=\"Heading3\" />").count(), 7, "the subcategories");
    assert_eq!(document.matches("<w:pStyle w:val=\"Heading4\" />").count(), 25, "the indicators, not Q");
    let styles = part(&parts, "word/styles.xml");
    assert!(
        styles.contains("<w:style w:type=\"paragraph\" w:styleId=\"Heading4\"><w:name w:val=\"heading 4\" />"),
        "{styles}"
    );
    assert_eq!(document.matches("<w:footnoteReference ").count(), 3);
    let Some(md) = pandoc_docx(&bytes) else { return };
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).take(9).collect();
    assert_eq!(
        headings,
        [
            "# Freedom in the World 2025 - Freedonia",
            "## Overview",
            "## Key Developments",
            "## Score Changes in 2025",
            "## Political Rights 22 / 40",
            "### A. Electoral Process 8 / 12",
            "#### A1 Head of government elected",
            "#### A2 Legislature elected",
            "#### A3 Electoral framework",
        ]
    );
    for line in FREEDONIA_FIGURES {
        assert!(md.contains(&format!("\n{line}\n")), "{line} in {md}");
    }
    assert!(md.contains("\n**Partly Free**\n"), "{md}");
    assert!(md.contains("\nElectoral democracy: Yes\n"), "{md}");
    assert!(md.contains("\nLast year's Global Freedom Score & Status: 55 / 100 Partly Free\n"), "{md}");
    assert!(
        md.contains(&format!("#### A1 Head of government elected\n\n**Rating: 3 / 4**\n\n*{}*\n\n", question("A1"))),
        "{md}"
    );
    // Each note is a Word footnote where first cited (in the key developments), its number
    // in superscript where cited again.
    assert!(md.contains("orderly but uneven.[^2]^1^\n"), "{md}");
    assert!(md.contains("61 percent of the vote.^2^ Observers"), "{md}");
    assert!(md.contains("pressed to attend campaign rallies.^1^\n"), "{md}");
    // Paragraphs, not bullets: FiW justifies in paragraphs.
    assert!(!md.contains("- President Teasdale"), "{md}");
    assert!(md.contains("\n-   A1: The score declined from 4 to 3"), "{md}");
}
