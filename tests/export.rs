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
    c.executive_summary.push(p);
    let p = c.new_block("Georgian readers will recognise საქართველო in the comparison.[^7][^z]");
    c.executive_summary.push(p);
    let p = c.new_block("Power stayed concentrated in the presidency throughout 2023.");
    c.at_a_glance.push(p);
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
         At-A-Glance\n\
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
