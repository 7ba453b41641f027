//! PDF export, read back with poppler's tools (`pdftotext`, `pdffonts`, `pdfinfo`, `pdftohtml`):
//! every bullet and every footnote under its number, embedded fonts in every script, bookmarks,
//! metadata with nothing from the machine, and the same bytes every time.
//!
//! Without poppler-utils these tests print a note and pass, except under CI (`CI` set), where
//! they fail: .ci/run installs poppler-utils.
#![cfg(feature = "pdf")]

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

use rapporteur::export::{self, Format, Numbering, Piece, pieces};
use rapporteur::method::Methodology;
use rapporteur::model::{Authors, Chapter, Footnote};
use rapporteur::sample::large_chapter;

#[path = "support/freedonia.rs"]
mod freedonia;
use freedonia::{FREEDONIA_FIGURES, fiw, freedonia};

/// Whether poppler's tools are here; when not, a note (outside CI) or a failure (under CI).
fn poppler() -> bool {
    let here = Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(here || std::env::var_os("CI").is_none(), "pdftotext is missing: install poppler-utils");
    if !here {
        println!("note: poppler-utils is not installed; the PDF was made but not read back");
    }
    here
}

fn pdf(chapter: &Chapter) -> Vec<u8> {
    export::export(chapter, &Methodology::nit_2020(), Format::Pdf).unwrap_or_else(|e| panic!("pdf export: {e}"))
}

/// Runs a poppler tool on `bytes` (written to a temporary file) and returns its standard output.
fn tool(name: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("chapter.pdf");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut command = Command::new(name);
    command.args(args).arg(&path);
    if name != "pdffonts" && name != "pdfinfo" {
        command.arg("-");
    }
    let out = command.output().unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{name} wrote no UTF-8: {e}"))
}

/// Words for comparing typeset text with what was written: hyphens (real or soft) and bullets
/// go, a word hyphenated at a line end is joined again, and a break is allowed after
/// `/ . , ? & = :` (so a web address broken across lines still compares).
fn words(text: &str) -> Vec<String> {
    let joined =
        text.replace("\u{AD}\n", "").replace("-\n", "").replace(['\u{AD}', '-', '\u{2010}'], "").replace('•', " ");
    let mut spaced = String::with_capacity(joined.len() * 11 / 10);
    for c in joined.chars() {
        spaced.push(c);
        if matches!(c, '/' | '.' | ',' | '?' | '&' | '=' | ':') {
            spaced.push(' ');
        }
    }
    spaced.split_whitespace().map(str::to_owned).collect()
}

/// Finds `expected` in `doc` at or after `from`, allowing up to three gaps of at most 800
/// words each (a page break puts the page's footnotes and its number in the middle of a
/// paragraph). Returns where the match ends.
fn find(doc: &[String], expected: &[String], from: usize) -> Option<usize> {
    const GAP: usize = 800;
    let lead = expected.len().min(4);
    if expected.is_empty() {
        return Some(from);
    }
    let mut start = from;
    while start + lead <= doc.len() {
        if doc[start..start + lead] == expected[..lead] {
            let (mut i, mut j, mut gaps) = (start, 0, 0);
            loop {
                if j == expected.len() {
                    return Some(i);
                }
                if i < doc.len() && doc[i] == expected[j] {
                    i += 1;
                    j += 1;
                    continue;
                }
                // A gap: the rest must go on within GAP words, at least three words in step.
                let step = (expected.len() - j).min(3);
                let resume = (i + 1..(i + GAP).min(doc.len()))
                    .find(|&k| k + step <= doc.len() && doc[k..k + step] == expected[j..j + step]);
                match resume {
                    Some(k) if gaps < 3 && j > 0 => {
                        gaps += 1;
                        i = k;
                    }
                    _ => break,
                }
            }
        }
        start += 1;
    }
    None
}

/// A block's text as typeset: its words with each marker's published number after them.
fn shown(text: &str, numbering: &Numbering<'_>) -> String {
    pieces(text, numbering)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => t.to_owned(),
            Piece::Note(n) => n.to_string(),
        })
        .collect()
}

/// Checks that the PDF's text holds every score change, paragraph and bullet in reading order
/// (markers shown as their numbers) and every footnote's citation right after its number.
fn assert_holds_the_chapter(chapter: &Chapter, method: &Methodology, bytes: &[u8]) {
    let text = tool("pdftotext", &[], bytes);
    let doc = words(&text);
    let numbering = Numbering::of(chapter, method);
    let mut at = 0;
    for (place, block) in chapter.blocks_in_order(method) {
        let expected = words(&shown(&block.text, &numbering));
        at = find(&doc, &expected, at)
            .unwrap_or_else(|| panic!("{place:?}: not found in order after word {at}: {:?}", block.text));
    }
    let mut at = 0;
    for note in numbering.notes() {
        let citation = citation(note.footnote);
        let expected = if note.cited {
            words(&format!("{}{citation}", note.number))
        } else {
            words(&format!("{}. {citation}", note.number))
        };
        at = find(&doc, &expected, at)
            .unwrap_or_else(|| panic!("footnote {} not found in order after word {at}: {citation:?}", note.number));
    }
}

/// A citation as every format writes it: text, address, date accessed.
fn citation(f: &Footnote) -> String {
    let mut s = f.text.trim().to_owned();
    if let Some(url) = f.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        s = format!("{s} {url}");
    }
    if let Some(date) = f.accessed {
        s = format!("{s} (accessed {})", date.format("%Y-%m-%d"));
    }
    s
}

#[test]
fn the_comparison_allows_page_breaks_and_nothing_else() {
    let doc =
        words("Intro. The council met twice.1\n\n1Some footnote text.\n\n3\n\nIt passed the budget un-\nchanged. Then");
    let bullet = words("The council met twice.1 It passed the budget unchanged.");
    assert_eq!(find(&doc, &bullet, 0), Some(doc.len() - 1));
    for wrong in
        ["The council met twice.2 It passed the budget unchanged.", "The council met twice.1 It passed the budget."]
    {
        assert_eq!(find(&doc, &words(wrong), 0), None, "{wrong}");
    }
    assert_eq!(words("https://example.org/\nreports/1?lang=en"), words("https://example.org/reports/1?lang=en"));
}

fn sample() -> Chapter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron");
    rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A small chapter in every script our authors write in, with text that is typst markup.
fn scripts(authors: Authors) -> Chapter {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "Azərbaycan", 2024);
    c.authors = authors;
    for entry in &mut c.categories {
        entry.rating = Some(rapporteur::Rating::from_hundredths(150));
        entry.last_year = Some(rapporteur::Rating::from_hundredths(175));
    }
    c.add_footnote("g".to_owned(), "Interview in Tbilisi: „საქართველოს პარლამენტი“.".to_owned(), None);
    c.add_footnote("h".to_owned(), "Armenian press: «Հայաստանի Հանրապետություն».".to_owned(), None);
    c.add_footnote(
        "k".to_owned(),
        "Kazakh daily «Егемен Қазақстан», 3 March 2023.".to_owned(),
        Some("https://example.org/kz?a=1&b=\"2\"".to_owned()),
    );
    c.add_footnote("u".to_owned(), "A source nobody cites.".to_owned(), None);
    let b = c.new_block("Georgian: საქართველოს კონსტიტუცია ითვალისწინებს.[^g]");
    c.categories[0].bullets.push(b);
    let b = c.new_block("Armenian: Հայաստանի Ազգային ժողով.[^h] Kazakh: Қазақстан Республикасы, әкімдік, ұлттық.[^k]");
    c.categories[1].bullets.push(b);
    let b =
        c.new_block("Azerbaijani: Milli Məclis və bələdiyyələr; Polish: Łódź, Czech: Příbram, Romanian: Ștefan.[^g]");
    c.categories[2].bullets.push(b);
    let b = c.new_block(
        "Markup stays text: #set page(width: 1cm) *bold* _it_ $x^2$ `raw` <fn-1> @fn-1 \\ [x] = h + a - b / c ~ \"q\" // no comment",
    );
    c.categories[3].bullets.push(b);
    let b = c.new_block("= Not a heading, and a missing note [^nope] stays as written.");
    c.categories[4].bullets.push(b);
    c
}

#[test]
fn the_sample_holds_every_bullet_and_footnote_under_its_number() {
    let bytes = pdf(&sample());
    assert!(bytes.starts_with(b"%PDF-"));
    if poppler() {
        assert_holds_the_chapter(&sample(), &Methodology::nit_2020(), &bytes);
        let text = tool("pdftotext", &[], &bytes);
        for line in ["Consolidated Authoritarian Regime", "Democracy Score 1.29 / 7", "Score changes in 2024"] {
            assert!(text.contains(line), "{line:?} missing");
        }
        let last_year = "Last year's Democracy Percentage & Status: 5 / 100 Consolidated Authoritarian Regime";
        assert!(text.contains(last_year), "last year's figures missing");
        // Page numbers: the last page's number stands alone on a line.
        let pages: usize = tool("pdfinfo", &[], &bytes)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("pdfinfo gives no page count"));
        assert!(pages > 2, "{pages} pages");
        assert!(text.lines().any(|l| l.trim() == pages.to_string()), "no page number {pages}");
    }
}

#[test]
fn a_fifteen_fold_chapter_holds_every_bullet_and_footnote_under_its_number() {
    let chapter = large_chapter(7, 150, 1500);
    let bytes = pdf(&chapter);
    if poppler() {
        assert_holds_the_chapter(&chapter, &Methodology::nit_2020(), &bytes);
    }
}

#[test]
fn fonts_are_embedded_in_every_script_and_none_is_type3() {
    let chapter = scripts(Authors::Anonymous);
    let bytes = pdf(&chapter);
    if !poppler() {
        return;
    }
    let fonts = tool("pdffonts", &[], &bytes);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "one subset of each of our three fonts:\n{fonts}");
    for family in ["NotoSans-Regular", "NotoSansGeorgian-Regular", "NotoSansArmenian-Regular"] {
        assert!(rows.iter().any(|r| r.contains(family)), "{family} missing:\n{fonts}");
    }
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type ("CID TrueType"), encoding, then emb, sub, uni, object id, generation
        assert!(!row.contains("Type 3"), "a Type 3 font: {row}");
        assert_eq!(cols.get(cols.len() - 5), Some(&"yes"), "not embedded: {row}");
        assert_eq!(cols.get(cols.len() - 3), Some(&"yes"), "no ToUnicode map, so no searchable text: {row}");
    }
    let text = tool("pdftotext", &[], &bytes);
    for words in [
        "საქართველოს კონსტიტუცია",
        "Հայաստանի Ազգային",
        "Қазақстан Республикасы, әкімдік, ұлттық",
        "Milli Məclis və bələdiyyələr",
        "Łódź",
        "Příbram",
        "Ștefan",
        "«Егемен Қазақстан»",
        "Azərbaycan",
    ] {
        assert!(text.contains(words), "{words:?} not in the text:\n{text}");
    }
    assert_holds_the_chapter(&chapter, &Methodology::nit_2020(), &bytes);
}

#[test]
fn user_text_is_never_markup() {
    let chapter = scripts(Authors::Anonymous);
    let bytes = pdf(&chapter);
    if !poppler() {
        return;
    }
    let text = tool("pdftotext", &["-raw"], &bytes).replace("\u{AD}\n", "");
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for literal in [
        "#set page(width: 1cm) *bold* _it_ $x^2$ `raw` <fn-1> @fn-1 \\ [x] = h + a",
        "\"q\" // no comment",
        "= Not a heading, and a missing note [^nope] stays as written.",
    ] {
        assert!(squashed.contains(literal), "{literal:?} not shown as written:\n{squashed}");
    }
    // Still on A4 (595 x 842 points): the bullet did not set the page.
    assert!(tool("pdfinfo", &[], &bytes).contains("595.276 x 841.89 pts (A4)"));
}

#[test]
fn every_section_has_a_bookmark() {
    let chapter = sample();
    let bytes = pdf(&chapter);
    if !poppler() {
        return;
    }
    let xml = tool("pdftohtml", &["-xml", "-i", "-stdout", "-q"], &bytes);
    let outline = xml.split("<outline>").nth(1).unwrap_or_else(|| panic!("no outline:\n{xml}"));
    let titles: Vec<&str> = outline
        .split("<item ")
        .skip(1)
        .filter_map(|item| item.split('>').nth(1).and_then(|t| t.split('<').next()))
        .collect();
    assert_eq!(
        titles,
        [
            "Score changes in 2024",
            "Executive Summary",
            "At-a-Glance",
            "National Democratic Governance 1.25 / 7",
            "Electoral Process 1.25 / 7",
            "Civil Society 1.25 / 7",
            "Independent Media 1.25 / 7",
            "Local Democratic Governance 1.50 / 7",
            "Judicial Framework and Independence 1.25 / 7",
            "Corruption 1.25 / 7",
        ]
    );
}

/// Everything that could name the machine or the person at it.
fn machine_identities() -> Vec<String> {
    let mut found = Vec::new();
    for var in ["USER", "LOGNAME", "HOME"] {
        if let Ok(v) = std::env::var(var) {
            found.push(v);
        }
    }
    if let Ok(h) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        found.push(h.trim().to_owned());
    }
    if let Ok(out) = Command::new("hostname").output() {
        found.push(String::from_utf8_lossy(&out.stdout).trim().to_owned());
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

/// The PDF's bytes, and each of its Flate streams inflated (where metadata and text live).
fn inflated_streams(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = find_bytes(&bytes[at..], b"stream").map(|i| at + i + b"stream".len()) {
        let body = start + usize::from(bytes.get(start) == Some(&b'\r')) + 1;
        let Some(end) = find_bytes(bytes.get(body..).unwrap_or_default(), b"endstream").map(|i| body + i) else {
            break;
        };
        let mut data = Vec::new();
        if flate2::read::ZlibDecoder::new(&bytes[body..end]).read_to_end(&mut data).is_ok() {
            out.push(data);
        }
        at = end + b"endstream".len();
    }
    out
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn an_anonymous_pdf_carries_nothing_from_the_machine() {
    let ids = machine_identities();
    assert!(!ids.is_empty());
    let chapter = scripts(Authors::Anonymous);
    let bytes = pdf(&chapter);
    let streams = inflated_streams(&bytes);
    assert!(streams.len() > 3, "only {} streams inflated", streams.len());
    for blob in std::iter::once(&bytes).chain(&streams) {
        for id in &ids {
            // Exact bytes: PDF names are case-sensitive and every PDF has a `/Root`.
            assert!(find_bytes(blob, id.as_bytes()).is_none(), "the PDF contains {id:?}");
        }
        for field in [&b"/Author"[..], b"/CreationDate", b"/ModDate", b"dc:creator", b"xmp:CreateDate"] {
            assert!(find_bytes(blob, field).is_none(), "the PDF has {}", String::from_utf8_lossy(field));
        }
    }
    if poppler() {
        let info = tool("pdfinfo", &[], &bytes);
        assert!(info.contains("Title:           Nations in Transit 2024 - Azərbaycan"), "{info}");
        assert!(info.contains("Keywords:        Azərbaycan"), "{info}");
        for absent in ["Author:", "CreationDate:", "ModDate:"] {
            assert!(!info.contains(absent), "{absent} in\n{info}");
        }
        let meta = tool("pdfinfo", &["-meta"], &bytes);
        assert!(!meta.contains("creator>") || !meta.contains("Anonymous"), "{meta}");
    }
}

#[test]
fn a_named_chapter_names_no_author_in_the_metadata_either() {
    let bytes = pdf(&scripts(Authors::Named(vec!["Nino Beridze".into()])));
    for blob in std::iter::once(&bytes).chain(&inflated_streams(&bytes)) {
        assert!(find_bytes(blob, b"/Author").is_none());
        assert!(find_bytes(blob, b"dc:creator").is_none());
    }
}

#[test]
fn the_same_chapter_gives_the_same_bytes() {
    let chapter = scripts(Authors::Anonymous);
    assert_eq!(pdf(&chapter), pdf(&chapter), "the scripts chapter");
    let sample = sample();
    let first = pdf(&sample);
    assert_eq!(first, pdf(&sample), "the sample");
    assert_ne!(first, pdf(&chapter));
}

#[test]
fn the_command_line_writes_a_pdf() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let out_path = dir.path().join("kz.pdf");
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron");
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("export")
        .arg(&input)
        .args(["--to", "pdf", "-o"])
        .arg(&out_path)
        .output()
        .unwrap_or_else(|e| panic!("rapporteur: {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("Wrote {} (pdf)\n", out_path.display()));
    let written = std::fs::read(&out_path).unwrap_or_else(|e| panic!("{}: {e}", out_path.display()));
    assert_eq!(written, pdf(&sample()));
    // The format also follows from the extension.
    let again = dir.path().join("again.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("export")
        .arg(&input)
        .arg("-o")
        .arg(&again)
        .output()
        .unwrap_or_else(|e| panic!("rapporteur: {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&again).ok(), Some(written));
}

#[test]
fn text_our_fonts_lack_and_an_empty_chapter_still_typeset() {
    let m = Methodology::nit_2020();
    let empty = Chapter::new(&m, "", 2025);
    assert!(pdf(&empty).starts_with(b"%PDF-"));
    let mut c = scripts(Authors::Anonymous);
    let odd = format!(
        "Emoji 🙂, Chinese 中文, a control\u{7}character, a tab\tand a line\nbreak, and {}.",
        "unbreakable".repeat(40)
    );
    let b = c.new_block(odd);
    c.categories[5].bullets.push(b);
    c.footnotes[0].text = String::new();
    let bytes = pdf(&c);
    if poppler() {
        let text = tool("pdftotext", &[], &bytes);
        assert!(text.contains("Emoji"), "{text}");
        assert!(text.contains("a tab and a line"), "{text}");
    }
}

/// A paragraph of 32,768 "é" and no space made typst's PDF writer panic (exit 101); 32,767
/// exported. Both export now, and every letter is in the PDF.
#[test]
fn a_paragraph_with_no_break_at_all_exports_whole() {
    let m = Methodology::nit_2020();
    for count in [32_767, 32_768, 70_000] {
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        let b = c.new_block("é".repeat(count));
        c.categories[0].bullets.push(b);
        let bytes = export::export(&c, &m, Format::Pdf).unwrap_or_else(|e| panic!("{count}: {e}"));
        assert!(bytes.starts_with(b"%PDF-"));
        if poppler() {
            let text = tool("pdftotext", &[], &bytes);
            assert_eq!(text.matches('é').count(), count);
        }
    }
}

/// A web address longer than any line breaks like text; one longer than typst links (8,000
/// bytes, past which typst refused the whole document) is shown as text.
#[test]
fn very_long_addresses_are_shown_broken_and_the_longest_not_linked() {
    let m = Methodology::nit_2020();
    // 3,990 "ж" make an address of 8,000 bytes, linked; 40,000 "é" one of 80,020, not linked.
    for (letter, count) in [('ж', 3_990), ('é', 40_000)] {
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        let url = format!("https://example.org/{}", letter.to_string().repeat(count));
        c.add_footnote("1", "A report.", Some(url));
        let b = c.new_block("The report says so.[^1]");
        c.categories[0].bullets.push(b);
        let bytes = export::export(&c, &m, Format::Pdf).unwrap_or_else(|e| panic!("{count}: {e}"));
        if poppler() {
            let text = tool("pdftotext", &[], &bytes);
            assert_eq!(text.chars().filter(|&ch| ch == letter).count(), count, "{letter}");
        }
    }
}

/// The outline's bookmarks as `pdftohtml -xml` lists them: each title with its depth (0 at
/// the top).
fn bookmarks(bytes: &[u8]) -> Vec<(usize, String)> {
    let xml = tool("pdftohtml", &["-xml", "-i", "-stdout", "-q"], bytes);
    let outline = xml.split_once("<outline>").map_or("", |(_, o)| o);
    let mut depth = 0usize;
    let mut out = Vec::new();
    let mut rest = outline;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with("<outline>") {
            depth += 1;
        } else if rest.starts_with("</outline>") {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if rest.starts_with("<item ") {
            let title = rest.split('>').nth(1).and_then(|t| t.split('<').next()).unwrap_or_default();
            out.push((depth, title.to_owned()));
        }
        rest = &rest[1..];
    }
    out
}

#[test]
fn a_fiw_chapter_typesets_with_its_outline_figures_and_notes() {
    let chapter = freedonia();
    let bytes = export::export(&chapter, &fiw(), Format::Pdf).unwrap_or_else(|e| panic!("pdf export: {e}"));
    // Declared PDF/UA-1: every character is in our fonts, no heading level is skipped.
    assert!(find_bytes(&bytes, b"pdfuaid:part").is_some(), "no PDF/UA claim");
    if !poppler() {
        return;
    }
    assert_holds_the_chapter(&chapter, &fiw(), &bytes);
    let text = tool("pdftotext", &[], &bytes);
    assert!(text.starts_with("Freedom in the World 2025 - Freedonia\nAuthors: Mara Ilić\n\nPartly Free\n"), "{text}");
    for line in FREEDONIA_FIGURES
        .iter()
        .copied()
        .chain(["Electoral democracy: Yes", "Last year's Global Freedom Score & Status: 55 / 100 Partly Free"])
    {
        assert!(text.contains(&format!("{line}\n")), "{line} in {text}");
    }
    assert!(!text.contains("Democracy") && !text.contains("ethnic composition"), "{text}");
    // Political Rights ▸ A. Electoral Process ▸ A1 …, nested in the bookmarks.
    let marks = bookmarks(&bytes);
    assert_eq!(
        marks[..8],
        [
            (0, "Overview".to_owned()),
            (0, "Key Developments".to_owned()),
            (0, "Score Changes in 2025".to_owned()),
            (0, "Political Rights 22 / 40".to_owned()),
            (1, "A. Electoral Process 8 / 12".to_owned()),
            (2, "A1 Head of government elected 3 / 4".to_owned()),
            (2, "A2 Legislature elected 3 / 4".to_owned()),
            (2, "A3 Electoral framework 2 / 4".to_owned()),
        ],
        "{marks:?}"
    );
    assert!(marks.contains(&(0, "Civil Liberties 31 / 60".to_owned())), "{marks:?}");
    assert!(marks.contains(&(2, "G4 Equality of opportunity 2 / 4".to_owned())), "{marks:?}");
    assert_eq!(marks.len(), 3 + 2 + 7 + 25, "{marks:?}");
}
