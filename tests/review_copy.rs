//! Review copies: the Word and HTML copies carry the open comments, plain exports never do, a
//! copy edited "as Word would" brings its new comments back, and hostile files are refused.

use std::io::{Cursor, Read, Write};
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use rapporteur::export::{self, Format};
use rapporteur::method::Methodology;
use rapporteur::model::review::{Anchor, Person, Role, Signed};
use rapporteur::model::{Authors, Chapter};
use rapporteur::review_copy::{self, ImportError, ImportedComments};
use rapporteur::{Id, Rating};
use zip::write::SimpleFileOptions;

#[path = "support/freedonia.rs"]
mod freedonia;
use freedonia::{fiw, freedonia_reviewed as fiw_chapter};

const TRICKY: &str = "Is \"<b>\" & 'this' right?";

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, hour, 15, 30).single().unwrap_or_else(|| panic!("a valid time"))
}

fn signed(name: &str, role: Role, hour: u32) -> Signed {
    Signed { by: Person { name: name.to_owned(), role }, at: at(hour) }
}

/// The ids a test needs to find things again.
struct Ids {
    bullet: Id,
    judiciary: Id,
    footnote: Id,
    rating_comment: Id,
}

/// A chapter with our own sentences and a comment of each kind: on a rating, on a span of a
/// bullet (across a footnote marker), on a footnote's span, on the chapter, a resolved one, one
/// with a reply and a suggestion.
fn chapter(authors: Authors) -> (Chapter, Ids) {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "Kazakhstan", 2025);
    c.authors = authors;
    for entry in &mut c.categories {
        entry.rating = Some(Rating::from_hundredths(if entry.code == "LDG" { 150 } else { 125 }));
        entry.last_year = Some(Rating::from_hundredths(125));
    }
    let footnote = c.add_footnote("1", "Decree of the district council, 4 April 2024.", None);
    c.add_footnote("2", "Interview with a councillor, May 2024.", None);
    c.add_footnote("9", "A survey nobody cites yet.", None);
    let p = c.new_block("Power stayed with the presidency through the year.[^2]");
    c.text_mut("executive_summary").push(p);
    let b = c.new_block("District councils lost their say over budgets[^1] in the spring.");
    let bullet = b.id;
    c.categories[4].bullets.push(b);
    let b = c.new_block("The courts heard fewer appeals against councils than before.");
    let judiciary = b.id;
    c.categories[5].bullets.push(b);

    let reviewer = |h| signed("Dana Reviewer", Role::Reviewer, h);
    let rating_comment = c
        .add_comment(Anchor::Rating("LDG".into()), None, None, "Is 1.50 not too low?", reviewer(9))
        .unwrap_or_else(|e| panic!("rating comment: {e}"));
    let span = c
        .add_comment(
            Anchor::Block(bullet),
            Some("their say over budgets[^1] in".into()),
            Some("their say over budgets[^1] during".into()),
            TRICKY,
            reviewer(10),
        )
        .unwrap_or_else(|e| panic!("span comment: {e}"));
    let author = Person::signing(&c, "Ann Lee", Role::Author);
    c.reply_to_comment(span, "It was spring, see the decree.", Signed { by: author, at: at(11) })
        .unwrap_or_else(|e| panic!("reply: {e}"));
    c.add_comment(Anchor::Footnote(footnote), Some("4 April 2024".into()), None, "Which gazette?", reviewer(12))
        .unwrap_or_else(|e| panic!("footnote comment: {e}"));
    c.add_comment(Anchor::Chapter, None, None, "Please shorten the summary.\nSecond line.", reviewer(13))
        .unwrap_or_else(|e| panic!("chapter comment: {e}"));
    let done = c
        .add_comment(Anchor::Block(judiciary), None, None, "Already settled remark.", reviewer(14))
        .unwrap_or_else(|e| panic!("resolved comment: {e}"));
    c.resolve_comment(done, Some(reviewer(15))).unwrap_or_else(|e| panic!("resolve: {e}"));
    (c, Ids { bullet, judiciary, footnote, rating_comment })
}

fn review_docx(c: &Chapter) -> Vec<u8> {
    review_copy::render(c, &Methodology::nit_2020(), Format::Docx)
        .unwrap_or_else(|| panic!("docx has a review copy"))
        .unwrap_or_else(|e| panic!("review docx: {e}"))
}

fn review_html(c: &Chapter) -> String {
    let bytes = review_copy::render(c, &Methodology::nit_2020(), Format::Html)
        .unwrap_or_else(|| panic!("html has a review copy"))
        .unwrap_or_else(|e| panic!("review html: {e}"));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("html is not UTF-8: {e}"))
}

fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("not a zip: {e}"));
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap_or_else(|e| panic!("entry {i}: {e}"));
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap_or_else(|e| panic!("entry {i}: {e}"));
            (f.name().to_owned(), data)
        })
        .collect()
}

fn part(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, data) = parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} missing"));
    String::from_utf8(data.clone()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A zip of `parts` (deflated), as Word would save it.
fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        w.start_file(name.as_str(), SimpleFileOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        w.write_all(data).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("zip: {e}")).into_inner()
}

fn with_part(parts: &mut [(String, Vec<u8>)], name: &str, edit: impl FnOnce(String) -> String) {
    let (_, data) = parts.iter_mut().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} missing"));
    let text = String::from_utf8(data.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    *data = edit(text).into_bytes();
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).single().unwrap_or_else(|| panic!("a valid time"))
}

fn read(bytes: &[u8], c: &Chapter) -> Result<ImportedComments, ImportError> {
    review_copy::read(bytes, c, now())
}

/// The paraId of the comment whose text starts with `text` in `comments.xml`.
fn para_id_of(comments_xml: &str, text: &str) -> String {
    let at = comments_xml.find(text).unwrap_or_else(|| panic!("{text} not in comments.xml"));
    let key = "w14:paraId=\"";
    let start = comments_xml[..at].rfind(key).unwrap_or_else(|| panic!("no paraId before {text}")) + key.len();
    comments_xml[start..start + 8].to_owned()
}

/// Edits a review copy as Word does when a reviewer selects `phrase` (within one run of the
/// bullet bookmarked `rap_b_<bullet>`) and comments on it, replies to that comment, and replies
/// to the exported comment whose text starts with `existing`.
fn add_comments_as_word_would(bytes: &[u8], bullet: Id, phrase: &str, existing: &str) -> Vec<u8> {
    let mut parts = parts(bytes);
    let bookmark = format!("w:name=\"rap_b_{}\"", bullet.0);
    with_part(&mut parts, "word/document.xml", |xml| {
        let from = xml.find(&bookmark).unwrap_or_else(|| panic!("no {bookmark}"));
        let at = from + xml[from..].find(phrase).unwrap_or_else(|| panic!("{phrase} not after {bookmark}"));
        let ranged = format!(
            "</w:t></w:r><w:commentRangeStart w:id=\"900\"/><w:commentRangeStart w:id=\"901\"/>\
             <w:r><w:t xml:space=\"preserve\">{phrase}</w:t></w:r><w:commentRangeEnd w:id=\"900\"/>\
             <w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"900\"/></w:r>\
             <w:commentRangeEnd w:id=\"901\"/><w:r><w:commentReference w:id=\"901\"/></w:r>\
             <w:r><w:t xml:space=\"preserve\">"
        );
        format!("{}{ranged}{}", &xml[..at], &xml[at + phrase.len()..])
    });
    let existing_para = para_id_of(&part(&parts, "word/comments.xml"), existing);
    with_part(&mut parts, "word/comments.xml", |xml| {
        let comment = |id: u32, author: &str, para: &str, text: &str| {
            format!(
                "<w:comment w:id=\"{id}\" w:author=\"{author}\" w:date=\"2026-11-27T08:05:00Z\" w:initials=\"X\">\
                 <w:p w14:paraId=\"{para}\" w14:textId=\"77777777\"><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>\
                 <w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>\
                 <w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
            )
        };
        let added = [
            comment(900, "Sam Okafor", "7A000001", "Which councils &amp; when?"),
            comment(901, "Ann Lee", "7A000002", "All of them, from March."),
            comment(902, "Sam Okafor", "7A000003", "Agreed with Dana here."),
        ]
        .concat();
        xml.replacen("</w:comments>", &format!("{added}</w:comments>"), 1)
    });
    with_part(&mut parts, "word/commentsExtended.xml", |xml| {
        let ex = format!(
            "<w15:commentEx w15:paraId=\"7A000001\" w15:done=\"0\"/>\
             <w15:commentEx w15:paraId=\"7A000002\" w15:paraIdParent=\"7A000001\" w15:done=\"0\"/>\
             <w15:commentEx w15:paraId=\"7A000003\" w15:paraIdParent=\"{existing_para}\" w15:done=\"0\"/>"
        );
        let end = xml.rfind("</w15:commentsEx>").unwrap_or_else(|| panic!("no commentsEx end: {xml}"));
        format!("{}{ex}{}", &xml[..end], &xml[end..])
    });
    // Word's reply to an existing comment has a range too: on the comments.xml side only here,
    // as LibreOffice writes it (no range in the text).
    zip_of(&parts)
}

#[test]
fn the_word_copy_carries_every_open_comment_on_its_text() {
    let (c, ids) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    let p = parts(&review_docx(&c));
    let comments = part(&p, "word/comments.xml");
    let document = part(&p, "word/document.xml");
    let footnotes = part(&p, "word/footnotes.xml");
    let extended = part(&p, "word/commentsExtended.xml");
    // Four open comments and one reply; the resolved comment stays behind.
    assert_eq!(comments.matches("<w:comment ").count(), 5, "{comments}");
    assert!(!comments.contains("Already settled"), "{comments}");
    assert!(
        comments.contains("w:author=\"Dana Reviewer\" w:date=\"2026-11-20T09:15:30Z\" w:initials=\"DR\""),
        "{comments}"
    );
    assert!(comments.contains("w:author=\"Ann Lee\" w:date=\"2026-11-20T11:15:30Z\" w:initials=\"AL\""), "{comments}");
    assert!(comments.contains("Suggested wording: their say over budgets[^1] during"), "{comments}");
    // The reply hangs under its comment.
    let parent = para_id_of(&comments, "Is &quot;&lt;b&gt;&quot;");
    let reply = para_id_of(&comments, "It was spring");
    assert!(extended.contains(&format!("w15:paraId=\"{reply}\" w15:paraIdParent=\"{parent}\"")), "{extended}");
    // Bookmarks for blocks, ratings and footnotes.
    for name in [format!("rap_b_{}", ids.bullet.0), format!("rap_b_{}", ids.judiciary.0), "rap_r_LDG".into()] {
        assert!(document.contains(&format!("w:name=\"{name}\"")), "{name}");
    }
    assert!(footnotes.contains(&format!("w:name=\"rap_f_{}\"", ids.footnote.0)), "{footnotes}");
    assert!(document.contains("w:name=\"rap_f_"), "the uncited footnote is bookmarked in the body");
    // The span comment covers the quoted words only, the footnote reference inside them.
    let start = document.find("<w:commentRangeStart w:id=\"1\"").unwrap_or_else(|| panic!("{document}"));
    let end = document.find("<w:commentRangeEnd w:id=\"1\"").unwrap_or_else(|| panic!("{document}"));
    let covered = &document[start..end];
    assert!(covered.contains("their say over budgets") && covered.contains("w:footnoteReference"), "{covered}");
    assert!(!covered.contains("District councils lost"), "{covered}");
    // The footnote comment is on the footnote's reference in the text, inside its reference
    // bookmark (LibreOffice cannot open a document with a comment inside a footnote).
    assert!(!footnotes.contains("<w:comment"), "{footnotes}");
    let reference = document
        .find(&format!("w:name=\"rap_n_{}\"", ids.footnote.0))
        .unwrap_or_else(|| panic!("no reference bookmark: {document}"));
    let from_reference = &document[reference..];
    let start = from_reference.find("<w:commentRangeStart w:id=\"3\"").unwrap_or_else(|| panic!("{document}"));
    let note = from_reference.find("<w:footnoteReference").unwrap_or_else(|| panic!("{document}"));
    let end = from_reference.find("<w:commentRangeEnd w:id=\"3\"").unwrap_or_else(|| panic!("{document}"));
    let closed = from_reference.find("<w:bookmarkEnd").unwrap_or_else(|| panic!("{document}"));
    assert!(start < note && note < end && end < closed, "{from_reference}");
    assert!(footnotes.contains("<w:footnoteRef"), "the footnote number field is still patched in");
    // Every part is well-formed XML (part names are the writer's own, lower case).
    for (name, data) in &p {
        let extension = std::path::Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or_default();
        if extension == "xml" || extension == "rels" {
            let text = String::from_utf8(data.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut reader = quick_xml::Reader::from_str(&text);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{name} is not well-formed: {e}"),
                }
            }
        }
    }
    // Every relationship has an id of its own (docx-rs gives footnotes and the custom part
    // both rId8, which Word reports as unreadable content).
    let rels = part(&p, "word/_rels/document.xml.rels");
    let mut ids_used: Vec<&str> =
        rels.split("Id=\"").skip(1).map(|r| r.split('"').next().unwrap_or_default()).collect();
    assert_eq!(ids_used.len(), 8, "{rels}");
    ids_used.sort_unstable();
    ids_used.dedup();
    assert_eq!(ids_used.len(), 8, "{rels}");
    assert!(rels.contains("Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml\""));
    // The custom part says which is which.
    let custom = part(&p, "customXml/item1.xml");
    assert!(custom.contains(&format!("word-id=\"0\" id=\"{}\"", ids.rating_comment.0)), "{custom}");
}

#[test]
fn an_untouched_copy_brings_nothing_back_and_keeps_every_anchor() {
    let (c, _) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    let imported = read(&review_docx(&c), &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert!(imported.is_empty(), "{imported:?}");
    assert_eq!(imported.known, 5);
    // Renumbered by the word processor and without the custom part: still recognised.
    let mut p = parts(&review_docx(&c));
    p.retain(|(n, _)| !n.starts_with("customXml/"));
    for name in ["word/document.xml", "word/footnotes.xml", "word/comments.xml"] {
        with_part(&mut p, name, |xml| {
            let mut out = xml;
            for k in (0..5).rev() {
                out = out.replace(&format!("w:id=\"{k}\""), &format!("w:id=\"{}\"", k + 40));
            }
            out
        });
    }
    let imported = read(&zip_of(&p), &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert!(imported.is_empty(), "{imported:?}");
}

#[test]
fn a_comment_and_replies_written_in_word_come_back_anchored() {
    let (mut c, ids) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    let before = c.clone();
    let edited = add_comments_as_word_would(&review_docx(&c), ids.judiciary, "fewer appeals", "Is 1.50");
    let imported = read(&edited, &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(imported.comments.len(), 1, "{imported:?}");
    let new = &imported.comments[0];
    assert_eq!(new.anchor, Anchor::Block(ids.judiciary));
    assert_eq!(new.quote.as_deref(), Some("fewer appeals"));
    assert_eq!(new.text, "Which councils & when?");
    assert_eq!(new.signed.by, Person { name: "Sam Okafor".into(), role: Role::Reviewer });
    assert_eq!(new.signed.at.to_rfc3339(), "2026-11-27T08:05:00+00:00");
    assert_eq!(new.replies.len(), 1);
    assert_eq!(new.replies[0].1, "All of them, from March.");
    assert_eq!(imported.replies.len(), 1);
    assert_eq!(imported.replies[0].to, ids.rating_comment);
    assert_eq!(imported.replies[0].text, "Agreed with Dana here.");

    let summary = imported.apply(&mut c).unwrap_or_else(|e| panic!("apply: {e}"));
    assert_eq!(summary.to_string(), "1 comment and 2 replies");
    // Nothing else changed: the chapter is the one before with the review's additions.
    let mut without = c.clone();
    without.review = before.review.clone();
    without.next_id = before.next_id;
    assert_eq!(without, before);
    let added = c.review.comments.last().unwrap_or_else(|| panic!("a comment"));
    assert_eq!(added.replies.len(), 1);
    let rating = c.review.comment(ids.rating_comment).unwrap_or_else(|| panic!("the rating comment"));
    assert_eq!(rating.replies.last().map(|r| r.text.as_str()), Some("Agreed with Dana here."));
    // Importing the same file again adds nothing.
    let again = read(&edited, &c).unwrap_or_else(|e| panic!("import again: {e}"));
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn a_span_across_a_footnote_reference_quotes_the_marker() {
    let (c, ids) = chapter(Authors::Named(vec![]));
    let mut p = parts(&review_docx(&c));
    // Outside every bookmark (on the title) it is a chapter comment with its quote; in the
    // bullet it quotes the words around the footnote reference, marker included.
    with_part(&mut p, "word/document.xml", |xml| {
        let title = xml.find(">Nations in Transit 2025 - Kazakhstan<").unwrap_or_else(|| panic!("title"));
        let open = xml[..title].rfind("<w:r>").unwrap_or_else(|| panic!("title run"));
        let xml = format!(
            "{}<w:commentRangeStart w:id=\"700\"/>{}<w:commentRangeEnd w:id=\"700\"/><w:r><w:commentReference w:id=\"700\"/></w:r>{}",
            &xml[..open],
            &xml[open..title + xml[title..].find("</w:r>").unwrap_or(0) + 6],
            &xml[title + xml[title..].find("</w:r>").unwrap_or(0) + 6..]
        );
        let bookmark = format!("w:name=\"rap_b_{}\"", ids.bullet.0);
        let b = xml.find(&bookmark).unwrap_or_else(|| panic!("bullet"));
        // The bullet's own bookmark end (the footnote reference inside has one of its own).
        let id_at = xml[..b].rfind("w:id=\"").unwrap_or_else(|| panic!("bookmark id"));
        let id = &xml[id_at..id_at + xml[id_at + 6..].find('"').unwrap_or(0) + 7];
        let end = b + xml[b..].find(&format!("<w:bookmarkEnd {id}")).unwrap_or_else(|| panic!("bookmark end"));
        format!(
            "{}<w:commentRangeStart w:id=\"701\"/>{}<w:commentRangeEnd w:id=\"701\"/>{}",
            &xml[..b + xml[b..].find("/>").unwrap_or(0) + 2],
            &xml[b + xml[b..].find("/>").unwrap_or(0) + 2..end],
            &xml[end..]
        )
    });
    with_part(&mut p, "word/comments.xml", |xml| {
        xml.replacen(
            "</w:comments>",
            "<w:comment w:id=\"700\" w:author=\"Sam\"><w:p><w:r><w:t>Title?</w:t></w:r></w:p></w:comment>\
             <w:comment w:id=\"701\" w:author=\"Sam\"><w:p><w:r><w:t>Whole bullet.</w:t></w:r></w:p></w:comment></w:comments>",
            1,
        )
    });
    let imported = read(&zip_of(&p), &c).unwrap_or_else(|e| panic!("import: {e}"));
    let by_text = |t: &str| {
        imported.comments.iter().find(|n| n.text == t).unwrap_or_else(|| panic!("{t} not imported: {imported:?}"))
    };
    let title = by_text("Title?");
    assert_eq!(
        (&title.anchor, title.quote.as_deref()),
        (&Anchor::Chapter, Some("Nations in Transit 2025 - Kazakhstan"))
    );
    assert_eq!(title.signed.at, now(), "no date: signed now");
    let whole = by_text("Whole bullet.");
    assert_eq!(whole.anchor, Anchor::Block(ids.bullet));
    assert_eq!(whole.quote.as_deref(), Some("District councils lost their say over budgets[^1] in the spring."));
}

#[test]
fn the_html_copy_has_open_comments_escaped_in_the_margin() {
    let (c, ids) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    let html = review_html(&c);
    assert!(html.contains("Is &quot;&lt;b&gt;&quot; &amp; &#39;this&#39; right?"), "{html}");
    assert!(!html.contains(TRICKY));
    for text in ["Is 1.50 not too low?", "Which gazette?", "Please shorten the summary.\nSecond line.", "It was spring"]
    {
        assert!(html.contains(text), "{text}");
    }
    assert!(!html.contains("Already settled"), "a resolved comment is left out");
    assert!(html.contains("<mark>their say over budgets</mark><sup>2</sup><mark> in</mark>"), "{html}");
    assert!(html.contains(&format!("id=\"rap_b_{}\"", ids.bullet.0)));
    assert!(html.contains("<div class=\"margin\"><div class=\"comment\""));
    assert!(!html.contains("<script"));
}

#[test]
fn plain_exports_never_carry_the_review() {
    let (c, _) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    for format in Format::ALL {
        let bytes = export::export(&c, &Methodology::nit_2020(), format).unwrap_or_else(|e| panic!("{format}: {e}"));
        let texts: Vec<String> = if format == Format::Docx {
            let p = parts(&bytes);
            assert!(!p.iter().any(|(n, _)| n.starts_with("customXml/")), "{format}");
            assert!(!part(&p, "word/comments.xml").contains("<w:comment "), "{format}");
            p.into_iter().map(|(_, d)| String::from_utf8_lossy(&d).into_owned()).collect()
        } else {
            vec![String::from_utf8_lossy(&bytes).into_owned()]
        };
        for text in &texts {
            for review in [
                "Is 1.50",
                "Which gazette",
                "It was spring",
                "shorten the summary",
                "Dana Reviewer",
                "rap_b_",
                "rap_r_",
            ] {
                assert!(!text.contains(review), "{format} carries {review}");
            }
            assert!(!text.contains("commentRangeStart") && !text.contains("Already settled"), "{format}");
        }
    }
    assert!(review_copy::render(&c, &Methodology::nit_2020(), Format::Markdown).is_none());
}

fn machine_identities() -> Vec<String> {
    let mut found = Vec::new();
    for var in ["USER", "LOGNAME", "HOME"] {
        if let Ok(v) = std::env::var(var) {
            found.push(v);
        }
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
    found.push(env!("CARGO_MANIFEST_DIR").to_owned());
    found.retain(|s| s.len() >= 3 && s != "/");
    found.sort();
    found.dedup();
    found
}

#[test]
fn an_anonymous_chapters_copy_names_no_author_and_nothing_from_the_machine() {
    let (mut c, ids) = chapter(Authors::Anonymous);
    // Signed before the chapter went anonymous: the copy still says "Author".
    let named = Signed { by: Person { name: "Ann Lee".into(), role: Role::Author }, at: at(16) };
    c.add_comment(Anchor::Block(ids.bullet), None, None, "Author's own note.", named).unwrap_or_else(|e| panic!("{e}"));
    let docx = review_docx(&c);
    let html = review_html(&c);
    let p = parts(&docx);
    let mut haystacks: Vec<String> = p.iter().map(|(_, d)| String::from_utf8_lossy(d).into_owned()).collect();
    haystacks.push(html);
    let mut ids_found = machine_identities();
    ids_found.push("Ann Lee".into());
    for hay in &haystacks {
        for id in &ids_found {
            assert!(!hay.contains(id.as_str()), "the review copy carries {id}");
        }
    }
    assert!(
        part(&p, "word/comments.xml").contains("w:author=\"Author\" w:date=\"2026-11-20T16:15:30Z\" w:initials=\"A\"")
    );
    // The author's comments are recognised when the copy comes back.
    let imported = read(&docx, &c).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.is_empty(), "{imported:?}");
}

/// A zip whose `word/document.xml` is `size` bytes of one repeated line, written in chunks (the
/// part is never held in memory).
fn big_part_zip(name: &str, size: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().large_file(false);
    w.start_file(name, options).unwrap_or_else(|e| panic!("{e}"));
    let chunk = "<w:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</w:t>\n".repeat(16 * 1024);
    let mut written = 0;
    while written < size {
        let n = chunk.len().min(size - written);
        w.write_all(&chunk.as_bytes()[..n]).unwrap_or_else(|e| panic!("{e}"));
        written += n;
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

/// `bytes` with every uncompressed size in the local and central headers set to `size`.
fn forge_sizes(mut bytes: Vec<u8>, size: u32) -> Vec<u8> {
    let mut i = 0;
    while i + 30 <= bytes.len() {
        let offset = match &bytes[i..i + 4] {
            b"PK\x03\x04" => Some(22),
            b"PK\x01\x02" => Some(24),
            _ => None,
        };
        if let Some(o) = offset {
            bytes[i + o..i + o + 4].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
    bytes
}

fn refused(bytes: &[u8]) -> String {
    let (c, _) = chapter(Authors::Anonymous);
    match read(bytes, &c) {
        Ok(imported) => panic!("accepted: {imported:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn hostile_archives_are_refused() {
    let bomb = big_part_zip("word/document.xml", 200 * 1024 * 1024);
    assert!(bomb.len() < 4 * 1024 * 1024, "the bomb is small: {}", bomb.len());
    let part_bomb = "its part word/document.xml unpacks to more than 16777216 bytes; refused as a possible zip bomb";
    assert_eq!(refused(&bomb), part_bomb);
    // Headers that lie about the size: the capped reader stops at the limit all the same.
    assert_eq!(refused(&forge_sizes(bomb, 1000)), part_bomb);
    assert_eq!(
        refused(&big_part_zip("word/media/image1.png", 100 * 1024 * 1024)),
        "its part word/media/image1.png unpacks to more than 16777216 bytes; refused as a possible zip bomb"
    );
    assert_eq!(
        refused(&vec![0; 65 * 1024 * 1024]),
        "the file is 68157440 bytes, larger than the 67108864 bytes a review copy may have; refused"
    );
    let evil = zip_of(&[("word/document.xml".into(), b"<w:document/>".to_vec()), ("../evil".into(), b"x".to_vec())]);
    assert_eq!(refused(&evil), "it holds an entry named \"../evil\" that points outside the archive; refused");
    let absolute = zip_of(&[("/etc/evil".into(), b"x".to_vec())]);
    assert_eq!(refused(&absolute), "it holds an entry named \"/etc/evil\" that points outside the archive; refused");
    for name in ["word/../../evil", "C:/evil", "..\\evil", "a/../../b", "\\evil", "word/\0evil"] {
        let evil = zip_of(&[("word/document.xml".into(), b"<w:document/>".to_vec()), (name.into(), b"x".to_vec())]);
        let expected = format!("it holds an entry named \"{name}\" that points outside the archive; refused");
        assert_eq!(refused(&evil), expected, "{name:?}");
    }
    // A name with dots that climb nowhere is a name like any other.
    let dots = zip_of(&[("word/document.xml".into(), b"<w:document/>".to_vec()), ("a..b/c".into(), b"x".to_vec())]);
    assert_eq!(
        refused(&dots),
        "it is not a Rapporteur review copy (it has no rap_ bookmarks); make one with `rapporteur export FILE --to docx --review`"
    );
    let many: Vec<(String, Vec<u8>)> = (0..1001).map(|i| (format!("x/{i}.xml"), Vec::new())).collect();
    assert_eq!(refused(&zip_of(&many)), "it holds 1001 entries, more than the 1000 a Word document may have; refused");
    assert!(refused(b"plain text").starts_with("it is not a Word document (not a ZIP archive: "));
}

#[test]
fn hostile_xml_is_refused() {
    let (c, _) = chapter(Authors::Anonymous);
    let mut p = parts(&review_docx(&c));
    let deep = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}{}</w:body></w:document>",
        "<w:p>".repeat(10_000),
        "</w:p>".repeat(10_000)
    );
    with_part(&mut p, "word/document.xml", |_| deep);
    assert_eq!(refused(&zip_of(&p)), "its part word/document.xml nests elements more than 128 deep; refused");
    let lol = "<?xml version=\"1.0\"?><!DOCTYPE w:comments [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\
               <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><w:comments xmlns:w=\"w\"><w:comment w:id=\"1\"><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:comment></w:comments>";
    let mut p = parts(&review_docx(&c));
    with_part(&mut p, "word/comments.xml", |_| lol.to_owned());
    assert_eq!(
        refused(&zip_of(&p)),
        "its part word/comments.xml has a DOCTYPE (entity declarations are refused; Word never writes one)"
    );
    let mut p = parts(&review_docx(&c));
    with_part(&mut p, "word/comments.xml", |xml| xml.replacen("Which gazette?", "Which &c;?", 1));
    assert_eq!(
        refused(&zip_of(&p)),
        "its part word/comments.xml refers to the entity &c; which XML does not define; refused"
    );
}

#[test]
fn a_plain_word_document_is_not_a_review_copy() {
    let (c, _) = chapter(Authors::Anonymous);
    let plain = export::export(&c, &Methodology::nit_2020(), Format::Docx).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        refused(&plain),
        "it is not a Rapporteur review copy (it has no rap_ bookmarks); make one with `rapporteur export FILE --to docx --review`"
    );
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_rapporteur")
}

#[test]
fn the_command_line_exports_a_review_copy_and_imports_comments() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("kz.ron");
    let (c, ids) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    rapporteur::io::save(&project, &c).unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join("kz-review.docx");
    let run = |args: &[&std::ffi::OsStr]| Command::new(bin()).args(args).output().unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "export".as_ref(),
        project.as_os_str(),
        "--to".as_ref(),
        "docx".as_ref(),
        "--review".as_ref(),
        "-o".as_ref(),
        copy.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("Wrote {} (review copy, docx, 4 open comments)\n", copy.display())
    );
    let out = run(&[
        "export".as_ref(),
        project.as_os_str(),
        "--to".as_ref(),
        "md".as_ref(),
        "--review".as_ref(),
        "-o".as_ref(),
        dir.path().join("x.md").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rapporteur: --review: a review copy is a Word document or a web page, not md; use --to docx or --to html\n"
    );

    let bytes = std::fs::read(&copy).unwrap_or_else(|e| panic!("{e}"));
    let edited = add_comments_as_word_would(&bytes, ids.judiciary, "fewer appeals", "Is 1.50");
    std::fs::write(&copy, edited).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["import-comments".as_ref(), copy.as_os_str(), "--into".as_ref(), project.as_os_str()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("1 comment and 2 replies imported into {}\n", project.display())
    );
    assert!(rapporteur::io::backup_path(&project).exists());
    let saved = rapporteur::io::load(&project).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.review.comments.len(), c.review.comments.len() + 1);

    let plain = dir.path().join("plain.docx");
    std::fs::write(
        &plain,
        export::export(&c, &Methodology::nit_2020(), Format::Docx).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&project).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["import-comments".as_ref(), plain.as_os_str(), "--into".as_ref(), project.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "rapporteur: {}: it is not a Rapporteur review copy (it has no rap_ bookmarks); make one with `rapporteur export FILE --to docx --review`\n",
            plain.display()
        )
    );
    assert_eq!(std::fs::read(&project).unwrap_or_else(|e| panic!("{e}")), before, "a refused import writes nothing");
}

/// A review copy with comments added in Word over `phrase` in the bullet bookmarked
/// `rap_b_<bullet>` (the first occurrence after the bookmark): each `(id, author, date, text)`
/// with a range of its own, dates left out where `None` (Word's "remove personal information").
fn with_word_comments(bytes: &[u8], bullet: Id, phrase: &str, comments: &[(u32, &str, Option<&str>, &str)]) -> Vec<u8> {
    let mut parts = parts(bytes);
    let bookmark = format!("w:name=\"rap_b_{}\"", bullet.0);
    with_part(&mut parts, "word/document.xml", |xml| {
        let from = xml.find(&bookmark).unwrap_or_else(|| panic!("no {bookmark}"));
        let at = from + xml[from..].find(phrase).unwrap_or_else(|| panic!("{phrase} not after {bookmark}"));
        let starts = comments
            .iter()
            .map(|(id, ..)| format!("<w:commentRangeStart w:id=\"{id}\"/>"))
            .collect::<Vec<_>>()
            .concat();
        let ends = comments
            .iter()
            .map(|(id, ..)| format!("<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"))
            .collect::<Vec<_>>()
            .concat();
        format!(
            "{}</w:t></w:r>{starts}<w:r><w:t xml:space=\"preserve\">{phrase}</w:t></w:r>{ends}<w:r><w:t xml:space=\"preserve\">{}",
            &xml[..at],
            &xml[at + phrase.len()..]
        )
    });
    with_part(&mut parts, "word/comments.xml", |xml| {
        let added = comments
            .iter()
            .map(|(id, author, date, text)| {
                let date = date.map(|d| format!(" w:date=\"{d}\"")).unwrap_or_default();
                format!(
                    "<w:comment w:id=\"{id}\" w:author=\"{author}\"{date} w:initials=\"\"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
                )
            })
            .collect::<Vec<_>>()
            .concat();
        xml.replacen("</w:comments>", &format!("{added}</w:comments>"), 1)
    });
    zip_of(&parts)
}

/// Word's "remove personal information" signs every comment "Author" and drops the dates: a
/// new "Source?" is still new when an older "Source?" is on another bullet, and comes back once.
#[test]
fn anonymous_undated_comments_are_told_apart_by_what_they_are_on() {
    let (mut c, ids) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    let first =
        with_word_comments(&review_docx(&c), ids.judiciary, "fewer appeals", &[(800, "Author", None, "Source?")]);
    let imported = read(&first, &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(imported.comments.len(), 1, "{imported:?}");
    assert_eq!(imported.comments[0].anchor, Anchor::Block(ids.judiciary));
    assert_eq!(
        imported.comments[0].signed,
        Signed { by: Person { name: "Author".into(), role: Role::Reviewer }, at: now() }
    );
    imported.apply(&mut c).unwrap_or_else(|e| panic!("apply: {e}"));
    // The same text by the same name on another bullet is another comment.
    let second =
        with_word_comments(&review_docx(&c), ids.bullet, "District councils", &[(801, "Author", None, "Source?")]);
    let imported = read(&second, &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(imported.comments.len(), 1, "{imported:?}");
    assert_eq!(
        (&imported.comments[0].anchor, imported.comments[0].quote.as_deref(), imported.comments[0].text.as_str()),
        (&Anchor::Block(ids.bullet), Some("District councils"), "Source?")
    );
    imported.apply(&mut c).unwrap_or_else(|e| panic!("apply: {e}"));
    // Each copy read again brings nothing back.
    for copy in [&first, &second] {
        let again = read(copy, &c).unwrap_or_else(|e| panic!("import again: {e}"));
        assert!(again.is_empty(), "{again:?}");
    }
    // Twice the same words on the same span are two comments, and come back as two.
    let twice = with_word_comments(
        &review_docx(&c),
        ids.judiciary,
        "against councils",
        &[(802, "Author", None, "Really?"), (803, "Author", None, "Really?")],
    );
    let imported = read(&twice, &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(imported.comments.len(), 2, "{imported:?}");
    imported.apply(&mut c).unwrap_or_else(|e| panic!("apply: {e}"));
    let again = read(&twice, &c).unwrap_or_else(|e| panic!("import again: {e}"));
    assert!(again.is_empty(), "{again:?}");
}

/// A comment with an empty or blank author is signed "Reviewer", and recognised as that.
#[test]
fn a_comment_without_an_author_is_imported_once() {
    let (mut c, ids) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    let copy = with_word_comments(
        &review_docx(&c),
        ids.judiciary,
        "fewer appeals",
        &[(810, "", Some("2026-11-27T08:00:00Z"), "No name here."), (811, "  ", None, "Nor here.")],
    );
    let imported = read(&copy, &c).unwrap_or_else(|e| panic!("import: {e}"));
    let signed: Vec<(&str, &str)> =
        imported.comments.iter().map(|n| (n.text.as_str(), n.signed.by.name.as_str())).collect();
    assert_eq!(signed, [("No name here.", "Reviewer"), ("Nor here.", "Reviewer")]);
    imported.apply(&mut c).unwrap_or_else(|e| panic!("apply: {e}"));
    let again = read(&copy, &c).unwrap_or_else(|e| panic!("import again: {e}"));
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(again.known, 7);
}

/// Bookmarks and comment ranges by the hundred thousand: refused (over the caps) or read, in
/// under 2 s each (matching them used to take time quadratic in their number).
#[test]
fn floods_of_ranges_and_bookmarks_are_refused_or_read_quickly() {
    let (c, _) = chapter(Authors::Anonymous);
    let copy = parts(&review_docx(&c));
    let body_with = |extra: &str| {
        let mut p = copy.clone();
        with_part(&mut p, "word/document.xml", |xml| xml.replacen("<w:body>", &format!("<w:body>{extra}"), 1));
        zip_of(&p)
    };
    let timed = |bytes: &[u8]| {
        let started = std::time::Instant::now();
        let result = read(bytes, &c).map_err(|e| e.to_string());
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
        result
    };
    // 100,000 range starts with no ends (257 KB as a part).
    let starts = (0..100_000).map(|i| format!("<w:commentRangeStart w:id=\"{i}\"/>")).collect::<Vec<_>>().concat();
    assert_eq!(
        timed(&body_with(&starts)),
        Err("its part word/document.xml has more than 100000 comment ranges and references; refused".to_owned())
    );
    // 200,000 bookmarks, each closed right away, in a part of 15 MB.
    let bookmarks = (0..200_000)
        .map(|i| format!("<w:bookmarkStart w:id=\"{i}\" w:name=\"b{i}\"/><w:bookmarkEnd w:id=\"{i}\"/>"))
        .collect::<Vec<_>>()
        .concat();
    assert!(bookmarks.len() > 14_000_000, "{}", bookmarks.len());
    assert_eq!(
        timed(&body_with(&bookmarks)),
        Err("its part word/document.xml has more than 100000 bookmarks; refused".to_owned())
    );
    // Just under the caps, nested and closed in the worst order for a search from either end:
    // read, and nothing to import (the ranges have no comments).
    let n = 45_000;
    let opening =
        (0..n).map(|i| format!("<w:bookmarkStart w:id=\"{i}\" w:name=\"b{i}\"/><w:commentRangeStart w:id=\"{i}\"/>"));
    let closing = (0..n).map(|i| format!("<w:bookmarkEnd w:id=\"{i}\"/><w:commentRangeEnd w:id=\"{i}\"/>"));
    let flood = opening
        .chain(std::iter::once("<w:p><w:r><w:t>Inside them all.</w:t></w:r></w:p>".to_owned()))
        .chain(closing)
        .collect::<Vec<_>>()
        .concat();
    let imported = timed(&body_with(&flood)).unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.is_empty(), "{imported:?}");
    // And 50,001 comments are more than a review copy has.
    let mut p = copy.clone();
    let many =
        (0..=50_000).map(|i| format!("<w:comment w:id=\"{}\" w:author=\"A\"/>", 1000 + i)).collect::<Vec<_>>().concat();
    with_part(&mut p, "word/comments.xml", |xml| xml.replacen("</w:comments>", &format!("{many}</w:comments>"), 1));
    assert_eq!(timed(&zip_of(&p)), Err("its part word/comments.xml has more than 50000 comments; refused".to_owned()));
}

/// `import-comments` refuses to save a project larger than any command loads: the project
/// file is left as it was, and nothing else is written beside it.
#[test]
fn an_import_that_would_make_the_project_too_large_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("kz.ron");
    let (c, ids) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    rapporteur::io::save(&project, &c).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&project).unwrap_or_else(|e| panic!("{e}"));
    // 40,000 short comments, within every limit of the review copy: each takes a few hundred
    // bytes in the project.
    let texts: Vec<String> = (0..40_000).map(|i| format!("Remark {i}.")).collect();
    let comments: Vec<(u32, &str, Option<&str>, &str)> =
        texts.iter().zip(2000..).map(|(t, i)| (i, "Sam", Some("2026-11-27T08:00:00Z"), t.as_str())).collect();
    let copy = dir.path().join("kz-review.docx");
    std::fs::write(&copy, with_word_comments(&review_docx(&c), ids.judiciary, "fewer appeals", &comments))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(bin())
        .args(["import-comments".as_ref(), copy.as_os_str(), "--into".as_ref(), project.as_os_str()])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "rapporteur: {}: importing 40000 comments from {} would make the project ",
        project.display(),
        copy.display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(
        stderr.ends_with(
            " bytes, more than the 16777216 bytes a project file may have; nothing was imported and the project is unchanged\n"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&project).ok(), Some(before));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()).unwrap_or_default())
        .collect();
    names.sort();
    assert_eq!(names, ["kz-review.docx", "kz.ron"]);
}

/// A bullet citing one footnote 300,000 times: both review copies are made well within the
/// bound (laying out the text with its comment ranges searched every piece from the start for
/// every cut, quadratic in the markers: 28 s in a release build, minutes in a test build).
#[test]
fn a_review_copy_of_300000_markers_is_made_in_linear_time() {
    let (mut c, ids) = chapter(Authors::Anonymous);
    let bullet = c.block_mut(ids.bullet).unwrap_or_else(|| panic!("the bullet"));
    bullet.text = format!("District councils lost their say over budgets{}", "[^1]".repeat(300_000));
    let started = std::time::Instant::now();
    let docx = review_docx(&c);
    let html = review_html(&c);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
    // The first marker is the footnote, the others its number.
    let p = parts(&docx);
    assert_eq!(part(&p, "word/document.xml").matches("<w:footnoteReference ").count(), 2);
    assert!(html.matches("<sup").count() >= 300_000);
}

/// A comment written on a footnote's number in the text (where the copy puts the comments on
/// footnotes) is a comment on that footnote.
#[test]
fn a_comment_on_a_footnote_reference_is_on_the_footnote() {
    let (c, ids) = chapter(Authors::Named(vec!["Ann Lee".into()]));
    let mut p = parts(&review_docx(&c));
    let bookmark = format!("w:name=\"rap_n_{}\"", ids.footnote.0);
    with_part(&mut p, "word/document.xml", |xml| {
        let at = xml.find(&bookmark).unwrap_or_else(|| panic!("no {bookmark}"));
        let inside = at + xml[at..].find("/>").unwrap_or_else(|| panic!("bookmark start")) + 2;
        let end = inside + xml[inside..].find("<w:bookmarkEnd").unwrap_or_else(|| panic!("bookmark end"));
        format!(
            "{}<w:commentRangeStart w:id=\"820\"/>{}<w:commentRangeEnd w:id=\"820\"/><w:r><w:commentReference w:id=\"820\"/></w:r>{}",
            &xml[..inside],
            &xml[inside..end],
            &xml[end..]
        )
    });
    with_part(&mut p, "word/comments.xml", |xml| {
        xml.replacen(
            "</w:comments>",
            "<w:comment w:id=\"820\" w:author=\"Sam\" w:date=\"2026-11-27T08:00:00Z\"><w:p><w:r><w:t>Is this decree online?</w:t></w:r></w:p></w:comment></w:comments>",
            1,
        )
    });
    let imported = read(&zip_of(&p), &c).unwrap_or_else(|e| panic!("import: {e}"));
    let found: Vec<(&Anchor, Option<&str>, &str)> =
        imported.comments.iter().map(|n| (&n.anchor, n.quote.as_deref(), n.text.as_str())).collect();
    assert_eq!(found, [(&Anchor::Footnote(ids.footnote), None, "Is this decree online?")]);
    assert_eq!(imported.known, 5);
}

#[test]
fn a_fiw_review_copy_goes_to_word_and_back() {
    let (c, a1) = fiw_chapter();
    let copy = review_copy::render(&c, &fiw(), Format::Docx)
        .unwrap_or_else(|| panic!("docx has a review copy"))
        .unwrap_or_else(|e| panic!("review docx: {e}"));
    let p = parts(&copy);
    let document = part(&p, "word/document.xml");
    // Each score line is bookmarked by its code, escaped to a bookmark name.
    for name in ["rap_r_A1", "rap_r_G4", "rap_r_Add_20Q"] {
        assert!(document.contains(&format!("w:name=\"{name}\"")), "{name}");
    }
    assert!(document.contains("Rating: 3 / 4"), "{document}");
    assert!(document.contains("<w:pStyle w:val=\"Heading4\" />"), "indicators under their groups");
    assert_eq!(part(&p, "word/comments.xml").matches("<w:comment ").count(), 4);
    // Untouched, renumbered and without the custom part, nothing comes back as new.
    let imported = read(&copy, &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert!(imported.is_empty() && imported.known == 4, "{imported:?}");
    let mut bare = parts(&copy);
    bare.retain(|(n, _)| !n.starts_with("customXml/"));
    for name in ["word/document.xml", "word/footnotes.xml", "word/comments.xml"] {
        with_part(&mut bare, name, |xml| {
            let mut out = xml;
            for k in (0..4).rev() {
                out = out.replace(&format!("w:id=\"{k}\""), &format!("w:id=\"{}\"", k + 40));
            }
            out
        });
    }
    let imported = read(&zip_of(&bare), &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert!(imported.is_empty() && imported.known == 4, "{imported:?}");
    // A comment written in Word on a paragraph of A1, and a reply to the comment on Q.
    let edited = add_comments_as_word_would(&copy, a1, "state employees were pressed", "Should Q");
    let imported = read(&edited, &c).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(imported.comments.len(), 1, "{imported:?}");
    assert_eq!(imported.comments[0].anchor, Anchor::Block(a1));
    assert_eq!(imported.comments[0].quote.as_deref(), Some("state employees were pressed"));
    assert_eq!(imported.comments[0].replies.len(), 1);
    let q = c.review.comments.iter().find(|k| k.anchor == Anchor::Rating("Add Q".into())).map(|k| k.id);
    assert_eq!(imported.replies.iter().map(|r| Some(r.to)).collect::<Vec<_>>(), [q]);
    let mut applied = c.clone();
    let summary = imported.apply(&mut applied).unwrap_or_else(|e| panic!("apply: {e}"));
    assert_eq!(summary.to_string(), "1 comment and 2 replies");
    let again = read(&edited, &applied).unwrap_or_else(|e| panic!("import again: {e}"));
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn a_fiw_review_page_carries_the_comments_beside_the_outline() {
    let (c, a1) = fiw_chapter();
    let bytes = review_copy::render(&c, &fiw(), Format::Html)
        .unwrap_or_else(|| panic!("html has a review copy"))
        .unwrap_or_else(|e| panic!("review html: {e}"));
    let html = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("<h2>Political Rights 22 / 40</h2>\n<h3>A. Electoral Process 8 / 12</h3>\n<h4>A1 Head of government elected</h4>\n<div class=\"row\" id=\"rap_r_A1\"><div><p class=\"text rating\">Rating: 3 / 4</p></div><div class=\"margin\"><div class=\"comment\""), "{html}");
    assert!(
        html.contains("<div class=\"row\" id=\"rap_r_Add_20Q\"><div><p class=\"text rating\">Rating: \u{2014} / 4</p>"),
        "{html}"
    );
    assert!(html.contains("Should Q be asked this year?"));
    assert!(html.contains(&format!("<div class=\"row\" id=\"rap_b_{}\"><div><p class=\"text\">President Teasdale was reelected in April with <mark>61 percent of the vote.</mark><sup>2</sup>", a1.0)), "{html}");
    assert!(html.contains("Review copy: 4 open comments in the margin."));
}
