//! Publishing an edition (`rapporteur publish`, File ▸ Publish Edition…): the static site's
//! files, the overview's exact figures, links both ways between the index and the chapters,
//! chapters with errors left out (and in with --force), anonymous chapters anonymous
//! everywhere, the same bytes twice, and the site read by real clients: `tidy` on every page,
//! a link check of every href and src, headless Chromium (screenshots and axe-core), and the
//! book's PDF read by poppler's `pdftotext`.
//!
//! Without tidy, Chromium, axe-core or poppler-utils a test prints a note and passes, except
//! under CI (`CI` set), where it fails: `.ci/run` installs them.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use rapporteur::Methodology;
use rapporteur::edition::publish::{MARKER, PublishOptions, Published, publish};
use rapporteur::edition::{Edition, EditionFile, Region};
use rapporteur::model::{Authors, Chapter, Rating};

#[path = "support/clients.rs"]
mod clients;
use clients::{chromium, here, tempdir, under_ci};

/// The name git records for the anonymous chapter's commits: it must appear nowhere on the site.
const HIDDEN: &str = "Hidden Authorname";

fn sample() -> Chapter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron");
    rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// The Kazakhstan sample as another country: every rating (this year and last) `hundredths`,
/// the score changes (which explain the sample's own changes) dropped.
fn copy(country: &str, hundredths: u32, authors: Authors) -> Chapter {
    let mut c = sample();
    country.clone_into(&mut c.country);
    c.title = format!("Nations in Transit 2024 - {country}");
    c.authors = authors;
    for entry in &mut c.categories {
        entry.rating = Some(Rating::from_hundredths(hundredths));
        entry.last_year = Some(Rating::from_hundredths(hundredths));
    }
    c.score_changes.clear();
    c
}

fn save(path: &Path, chapter: &Chapter) {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(path, rapporteur::io::to_ron(chapter)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git").current_dir(dir).args(args).output().unwrap_or_else(|e| panic!("git: {e}"));
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A Nations in Transit 2024 edition of our own: Kazakhstan (the sample, anonymous), Armenia
/// (all 3.00, named), Moldova (all 4.50, anonymous, committed by a named person) and Georgia
/// (a rating off the scale: an error), in a git repository.
fn nit_edition(dir: &Path) -> PathBuf {
    let root = dir.join("nit-2024");
    let mut file = EditionFile::new("Nations in Transit 2024", "nit-2020", 2024);
    file.regions = vec![
        Region { name: "Central Asia".into(), countries: vec!["Kazakhstan".into()] },
        Region { name: "Eurasia".into(), countries: vec!["Moldova".into(), "Armenia".into(), "Georgia".into()] },
    ];
    std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(root.join("edition.ron"), file.to_ron()).unwrap_or_else(|e| panic!("{e}"));
    save(&root.join("chapters/kazakhstan.ron"), &sample());
    save(&root.join("chapters/armenia.ron"), &copy("Armenia", 300, Authors::Named(vec!["Ana Example".into()])));
    let mut broken = copy("Georgia", 400, Authors::Named(vec!["Gia Example".into()]));
    broken.categories[2].rating = Some(Rating::from_hundredths(900));
    broken.categories[2].last_year = Some(Rating::from_hundredths(900));
    save(&root.join("chapters/georgia.ron"), &broken);
    git(&root, &["init", "-q"]);
    git(&root, &["-c", "user.name=Editor", "-c", "user.email=editor@example.org", "add", "."]);
    git(&root, &["-c", "user.name=Editor", "-c", "user.email=editor@example.org", "commit", "-qm", "edition"]);
    save(&root.join("chapters/moldova.ron"), &copy("Moldova", 450, Authors::Anonymous));
    let who = format!("user.name={HIDDEN}");
    git(&root, &["add", "."]);
    git(&root, &["-c", &who, "-c", "user.email=hidden@example.org", "commit", "-qm", "Moldova"]);
    root
}

fn open(root: &Path) -> Edition {
    let mut edition = Edition::open(root).unwrap_or_else(|e| panic!("{e}"));
    // Who changed what is known to the editor; none of it may be published.
    edition.add_last_changes();
    edition
}

fn publish_into(edition: &Edition, out: &Path, options: PublishOptions) -> Published {
    publish(edition, out, &options).unwrap_or_else(|e| panic!("{e}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file below `dir`, relative, sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(dir).into_iter().map(|p| p.strip_prefix(dir).unwrap_or(&p).to_owned()).collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

/// The cells of the overview table's body rows, tags stripped.
fn table_rows(index: &str) -> Vec<Vec<String>> {
    let body = index.split("<table id=\"overview-table\">").nth(1).and_then(|t| t.split("</tbody>").next());
    let body = body.unwrap_or_else(|| panic!("no overview table")).split("<tbody>").nth(1).unwrap_or("");
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split(['<', '>'])
                .collect::<Vec<_>>()
                .chunks(2)
                .filter_map(|c| c.first())
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .collect()
}

/// Every `href="…"` and `src="…"` value of a page.
fn targets(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for piece in page.split(attr).skip(1) {
            out.push(piece.split('"').next().unwrap_or("").replace("&amp;", "&"));
        }
    }
    out
}

/// Checks that every link and asset of every page resolves inside `site`: relative targets
/// exist, anchors exist in their page, no asset is fetched from elsewhere. Returns the links
/// each page makes to files of the site (relative to the site).
fn check_links(site: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut found = Vec::new();
    for rel in files_below(site).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
        let page_path = site.join(&rel);
        let page = read(&page_path);
        assert!(!page.contains(" src=\"http"), "{}: an asset from elsewhere", rel.display());
        assert!(!page.contains("<link rel=\"stylesheet\" href=\"http"), "{}", rel.display());
        for target in targets(&page) {
            if target.starts_with("http://") || target.starts_with("https://") {
                continue; // a footnote's source: a link out, not an asset
            }
            assert!(!target.contains(':'), "{}: {target}", rel.display());
            let (file, anchor) = target.split_once('#').map_or((target.as_str(), None), |(f, a)| (f, Some(a)));
            let dest = if file.is_empty() { page_path.clone() } else { page_path.parent().unwrap_or(site).join(file) };
            let dest = normalize(&dest);
            assert!(dest.starts_with(site), "{}: {target} leaves the site", rel.display());
            assert!(dest.is_file(), "{}: {target} does not exist", rel.display());
            if let Some(anchor) = anchor {
                let text = read(&dest);
                assert!(text.contains(&format!("id=\"{anchor}\"")), "{}: no #{anchor} in {file}", rel.display());
            }
            found.push((rel.clone(), dest.strip_prefix(site).unwrap_or(&dest).to_owned()));
        }
    }
    found
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A file's bytes and, for a PDF or a ZIP (XLSX), what its compressed parts hold.
fn readable_parts(path: &Path) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = vec![bytes.clone()];
    if bytes.starts_with(b"%PDF") {
        let mut at = 0;
        while let Some(start) = bytes[at..].windows(6).position(|w| w == b"stream").map(|i| at + i + 6) {
            let body = start + usize::from(bytes.get(start) == Some(&b'\r')) + 1;
            let Some(end) = bytes.get(body..).and_then(|b| b.windows(9).position(|w| w == b"endstream")) else { break };
            let mut data = Vec::new();
            if flate2::read::ZlibDecoder::new(&bytes[body..body + end]).read_to_end(&mut data).is_ok() {
                out.push(data);
            }
            at = body + end + 9;
        }
    } else if bytes.starts_with(b"PK") {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            let mut data = Vec::new();
            part.read_to_end(&mut data).unwrap_or_else(|e| panic!("{e}"));
            out.push(data);
        }
    }
    out
}

#[test]
fn a_site_has_every_page_the_exact_figures_and_links_both_ways_and_leaves_out_errors() {
    let dir = tempdir();
    let root = nit_edition(dir.path());
    let edition = open(&root);
    let site = dir.path().join("site");
    let published = publish_into(&edition, &site, PublishOptions { force: false, pdfs: true, book: false });

    let expected: Vec<PathBuf> = [
        MARKER,
        "chapters/armenia.html",
        "chapters/kazakhstan.html",
        "chapters/moldova.html",
        "data/nations-in-transit-2024.csv",
        "data/nations-in-transit-2024.xlsx",
        "index.html",
        "methodology.html",
        "pdf/armenia.pdf",
        "pdf/kazakhstan.pdf",
        "pdf/moldova.pdf",
        "style.css",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(published.files, expected);
    assert_eq!(files_below(&site), expected);
    assert_eq!(published.chapters, 3);
    assert_eq!(published.left_out.len(), 1, "{:?}", published.left_out);
    assert_eq!(published.left_out[0].0, "chapters/georgia.ron");
    assert_eq!(
        published.left_out[0].1,
        "2 errors: Civil Society's rating 9.00 is outside the scale 1.00 to 7.00; Civil Society's rating last year \
         9.00 is outside the scale 1.00 to 7.00"
    );

    // The overview: published order (regions as the edition file lists them), exact figures,
    // last year's headline, the change and the class; no byline, findings or review.
    let index = read(&site.join("index.html"));
    assert_eq!(
        table_rows(&index),
        [
            ["Kazakhstan", "Central Asia", "1.29", "1.32", "▼ -0.03", "Consolidated Authoritarian Regime", "4.76"],
            ["Moldova", "Eurasia", "4.50", "4.50", "= 0.00", "Semi-Consolidated Democracy", "58.33"],
            ["Armenia", "Eurasia", "3.00", "3.00", "= 0.00", "Semi-Consolidated Authoritarian Regime", "33.33"],
        ]
    );
    for absent in ["Georgia", "Author", "Errors", "Warnings", "Review", "Words", "Last change", "Editor"] {
        assert!(!index.contains(&format!(">{absent}<")), "the index shows {absent:?}");
    }
    assert!(index.contains("<td class=\"num\" data-sort=\"-0.03\">▼ -0.03</td>"), "{index}");

    // Regional summaries: the mean headline per region and of all chapters published.
    assert!(index.contains("<th scope=\"row\">Eurasia</th><td class=\"num\">2</td><td class=\"num\">3.75</td>"));
    assert!(index.contains("<th scope=\"row\">All chapters</th><td class=\"num\">3</td><td class=\"num\">2.93</td>"));

    // Links both ways: the index to each chapter, each chapter to the index and its neighbours.
    let links = check_links(&site);
    let has = |from: &str, to: &str| links.contains(&(PathBuf::from(from), PathBuf::from(to)));
    for stem in ["kazakhstan", "moldova", "armenia"] {
        let page = format!("chapters/{stem}.html");
        assert!(has("index.html", &page), "index → {page}");
        assert!(has(&page, "index.html"), "{page} → index");
        assert!(has(&page, &format!("pdf/{stem}.pdf")), "{page} → its PDF");
        assert!(has(&page, "methodology.html"), "{page} → methodology");
    }
    let moldova = read(&site.join("chapters/moldova.html"));
    assert!(moldova.contains("<a href=\"kazakhstan.html\" rel=\"prev\">Previous: Kazakhstan</a>"), "{moldova}");
    assert!(moldova.contains("<a href=\"armenia.html\" rel=\"next\">Next: Armenia</a>"), "{moldova}");
    assert!(moldova.contains("<p class=\"byline\">Authors: Anonymous</p>"));
    let armenia = read(&site.join("chapters/armenia.html"));
    assert!(armenia.contains("<p class=\"byline\">Authors: Ana Example</p>"));
    for stem in ["index", "methodology"] {
        for to in ["data/nations-in-transit-2024.csv", "data/nations-in-transit-2024.xlsx", "methodology.html"] {
            assert!(has(&format!("{stem}.html"), to), "{stem} → {to}");
        }
    }

    // The data in the publisher's layout: one row per chapter published.
    let csv = read(&site.join("data/nations-in-transit-2024.csv"));
    let csv_lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        csv_lines[1..],
        [
            "Central Asia,Kazakhstan,2024,1.25,1.25,1.25,1.25,1.50,1.25,1.25,1.29,4.76,5,Consolidated Authoritarian Regime",
            "Eurasia,Moldova,2024,4.50,4.50,4.50,4.50,4.50,4.50,4.50,4.50,58.33,58,Semi-Consolidated Democracy",
            "Eurasia,Armenia,2024,3.00,3.00,3.00,3.00,3.00,3.00,3.00,3.00,33.33,33,Semi-Consolidated Authoritarian Regime",
        ]
    );
    assert!(csv_lines[0].starts_with("Region,Country,Year,National Democratic Governance,"), "{csv}");
    assert!(!csv.contains("Georgia"));

    // The methodology page: outline with questions, scales, how figures are computed, bands.
    let method = read(&site.join("methodology.html"));
    let nit = Methodology::nit_2020();
    for item in nit.def.items() {
        assert!(method.contains(&format!("<span class=\"code\">{}</span> {}", item.code, item.name)), "{}", item.code);
        for q in &item.questions {
            assert!(method.contains(&rapporteur_escape(q)), "{q}");
        }
    }
    assert!(method.contains("<td>mean of NDG, EP, CS, IM, LDG, JFI, CO</td>"), "{method}");
    assert!(method.contains("<td>DS rescaled from 1–7 to 0–100</td>"), "{method}");
    assert!(method.contains("<li><strong>Consolidated Democracy</strong> if DS above 5</li>"), "{method}");
    assert!(method.contains("<li><strong>Consolidated Authoritarian Regime</strong> otherwise</li>"), "{method}");

    // Anonymous everywhere: the name git knows for the anonymous chapter's commit is nowhere,
    // not in a page, the data, or a PDF's compressed streams; nor is the editor's.
    for file in files_below(&site) {
        for part in readable_parts(&site.join(&file)) {
            for name in [HIDDEN, "hidden@example.org", "editor@example.org"] {
                assert!(!find_bytes(&part, name.as_bytes()), "{} holds {name}", file.display());
            }
        }
    }
}

#[test]
fn with_force_the_chapter_with_errors_is_published_too() {
    let dir = tempdir();
    let edition = open(&nit_edition(dir.path()));
    let forced = dir.path().join("forced");
    let all = publish_into(&edition, &forced, PublishOptions { force: true, pdfs: false, book: false });
    assert_eq!(all.chapters, 4);
    assert!(all.left_out.is_empty());
    assert!(forced.join("chapters/georgia.html").is_file());
    let rows = table_rows(&read(&forced.join("index.html")));
    assert_eq!(rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["Kazakhstan", "Moldova", "Armenia", "Georgia"]);
    check_links(&forced);
}

fn rapporteur_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[test]
fn the_same_edition_gives_the_same_bytes_and_a_site_replaces_only_a_site() {
    let dir = tempdir();
    let root = nit_edition(dir.path());
    let edition = open(&root);
    let options = PublishOptions { force: false, pdfs: true, book: cfg!(feature = "pdf") };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    publish_into(&edition, &a, options);
    publish_into(&open(&root), &b, options);
    assert_eq!(files_below(&a), files_below(&b));
    for file in files_below(&a) {
        assert!(std::fs::read(a.join(&file)).ok() == std::fs::read(b.join(&file)).ok(), "{} differs", file.display());
    }

    // Publishing again over a site replaces it whole (a file of the old site is gone) ...
    std::fs::write(a.join("chapters/gone.html"), "old").unwrap_or_else(|e| panic!("{e}"));
    publish_into(&edition, &a, options);
    assert_eq!(files_below(&a), files_below(&b));
    // ... but a folder that is not a site of ours is refused, and left as it was.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(other.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    let e = publish(&edition, &other, &options).err().unwrap_or_default();
    assert!(e.contains("is a folder that is not a site published by Rapporteur"), "{e}");
    assert_eq!(files_below(&other), [PathBuf::from("notes.txt")]);
    // Nothing is left beside the sites.
    let names: BTreeSet<String> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()).unwrap_or_default())
        .collect();
    assert_eq!(names, ["a", "b", "nit-2024", "other"].iter().map(|s| (*s).to_owned()).collect());
}

#[test]
fn every_page_passes_tidy() {
    if !here("tidy", &["-v"], "tidy") {
        return;
    }
    let dir = tempdir();
    let root = nit_edition(dir.path());
    let site = dir.path().join("site");
    publish_into(&open(&root), &site, PublishOptions { force: true, pdfs: false, book: false });
    for file in files_below(&site).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
        let out = Command::new("tidy")
            .args(["-q", "-e", "--drop-empty-elements", "no"])
            .arg(site.join(&file))
            .output()
            .unwrap_or_else(|e| panic!("tidy: {e}"));
        let said = String::from_utf8_lossy(&out.stderr);
        // 0: nothing to say; 1: warnings only; 2: errors.
        assert!(out.status.code() != Some(2), "{}: tidy found errors:\n{said}", file.display());
        let warnings: Vec<&str> = said.lines().filter(|l| l.contains("Warning:")).collect();
        // tidy 5.6 knows no SVG elements inside HTML: those are its only warnings allowed.
        let other: Vec<&&str> = warnings
            .iter()
            .filter(|l| {
                !l.contains("<svg>") && !l.contains("proprietary attribute") && !l.contains("is not recognized")
            })
            .collect();
        assert!(other.is_empty(), "{}: {other:?}", file.display());
    }
}

#[cfg(feature = "pdf")]
#[test]
fn the_book_has_a_cover_contents_the_overview_and_every_chapter_with_its_own_footnotes() {
    let dir = tempdir();
    let root = nit_edition(dir.path());
    let site = dir.path().join("site");
    let published = publish_into(&open(&root), &site, PublishOptions { force: false, pdfs: false, book: true });
    assert!(published.files.contains(&PathBuf::from("book.pdf")));
    assert!(read(&site.join("index.html")).contains("<a href=\"book.pdf\">"));
    if !here("pdftotext", &["-v"], "poppler-utils") {
        return;
    }
    let book = site.join("book.pdf");
    let info = Command::new("pdfinfo").arg(&book).output().unwrap_or_else(|e| panic!("pdfinfo: {e}"));
    assert_eq!(String::from_utf8_lossy(&info.stderr), "");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.starts_with("Title:           Nations in Transit 2024\n"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{info}"));
    let page_text = |p: usize| {
        let out = Command::new("pdftotext")
            .args(["-layout", "-f", &p.to_string(), "-l", &p.to_string()])
            .arg(&book)
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("pdftotext: {e}"));
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let texts: Vec<String> = (1..=pages).map(page_text).collect();
    assert!(texts[0].contains("Nations in Transit 2024") && texts[0].contains("3 chapters"), "{}", texts[0]);
    assert!(texts[1].contains("Contents"), "{}", texts[1]);
    for country in ["Kazakhstan", "Moldova", "Armenia"] {
        assert!(texts[1].contains(&format!("Nations in Transit 2024 - {country}")), "{}", texts[1]);
    }
    assert!(texts[2].contains("Overview") && texts[2].contains("Semi-Consolidated Democracy"), "{}", texts[2]);
    assert!(!texts.iter().any(|t| t.contains("Georgia")));
    // Each chapter starts a page of its own, its first footnote numbered 1; the pages after
    // carry the country and the edition as a running head, and every page after the cover a
    // number (the contents is page 1).
    let starts: Vec<usize> = (0..pages).filter(|&p| texts[p].contains("Authors: ")).collect();
    assert_eq!(starts.len(), 3, "{starts:?}");
    for (&start, country) in starts.iter().zip(["Kazakhstan", "Moldova", "Armenia"]) {
        let text = &texts[start];
        assert!(text.trim_start().starts_with(&format!("Nations in Transit 2024 - {country}")), "{text}");
        let first_note =
            text.lines().map(str::trim_start).find(|l| l.starts_with(char::is_numeric) && l.contains("Illustrative"));
        assert!(
            first_note.is_some_and(|l| l.starts_with("1Illustrative") || l.starts_with("1 Illustrative")),
            "{text}"
        );
        let next = &texts[start + 1];
        let head = next.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert!(
            head.trim_start().starts_with(country) && head.trim_end().ends_with("Nations in Transit 2024"),
            "{head}"
        );
    }
    for (p, text) in texts.iter().enumerate().skip(1) {
        let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert_eq!(last.trim(), p.to_string(), "page {}", p + 1);
    }
}

#[test]
fn the_site_shows_in_a_real_browser_and_its_index_passes_axe_core() {
    if !here("chromium", &["--version"], "chromium") {
        return;
    }
    let dir = tempdir();
    let root = nit_edition(dir.path());
    let site = dir.path().join("site");
    publish_into(&open(&root), &site, PublishOptions { force: false, pdfs: false, book: false });
    // Screenshots of the index and a chapter page: a picture of the page, not an error page.
    let shots = std::env::var_os("RAPPORTEUR_SHOTS").map_or_else(|| dir.path().to_owned(), PathBuf::from);
    for page in ["index.html", "chapters/moldova.html", "methodology.html"] {
        let png = shots.join(format!("{}.png", page.replace('/', "-")));
        let out = chromium(&dir.path().join("profile"))
            .arg("--window-size=1200,1600")
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("file://{}", site.join(page).display()))
            .output()
            .unwrap_or_else(|e| panic!("chromium: {e}"));
        let bytes = std::fs::read(&png).unwrap_or_else(|e| {
            panic!("{page}: no screenshot ({e}); chromium said {}", String::from_utf8_lossy(&out.stderr))
        });
        assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000, "{page}: {} bytes", bytes.len());
    }
    // The sorting script works: a click on "Democracy Score" sorts the rows lowest first,
    // a second click highest first.
    let probe = "<script>(function(){var b=document.querySelectorAll('#overview-table thead button')[2];\
        var names=function(){return Array.prototype.map.call(document.querySelectorAll('#overview-table tbody th'),\
        function(t){return t.textContent;}).join(',');};b.click();var up=names();b.click();var down=names();\
        var pre=document.createElement('pre');pre.id='probe';pre.textContent=up+'|'+down;document.body.appendChild(pre);})();</script>";
    let index = read(&site.join("index.html"));
    let probed = site.join("probe.html");
    std::fs::write(&probed, index.replace("</body>", &format!("{probe}</body>"))).unwrap_or_else(|e| panic!("{e}"));
    let out = chromium(&dir.path().join("profile"))
        .arg("--dump-dom")
        .arg(format!("file://{}", probed.display()))
        .output()
        .unwrap_or_else(|e| panic!("chromium: {e}"));
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("<pre id=\"probe\">Kazakhstan,Armenia,Moldova|Moldova,Armenia,Kazakhstan</pre>"), "{dom}");
    std::fs::remove_file(&probed).unwrap_or_else(|e| panic!("{e}"));

    // axe-core over the index: no violation of WCAG 2.1 A and AA or axe's best practices.
    let axe = std::env::var_os("AXE_CORE_JS").map(PathBuf::from).or_else(|| {
        std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(".cache/rapporteur-axe/node_modules/axe-core/axe.min.js"))
    });
    let Some(axe) = axe.filter(|p| p.is_file()) else {
        assert!(!under_ci(), "axe-core is missing: CI must install it");
        println!("note: axe-core is not installed; skipping");
        return;
    };
    let script = read(&axe);
    let runner = "<script>axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})\
        .then(function (r) { return r.violations.map(function (v) { return v.id + ' ' + v.impact + ': ' + \
        v.nodes.map(function (n) { return n.target.join(' '); }).join('; '); }); }, function (e) { return ['axe failed: ' + e]; })\
        .then(function (result) { var pre = document.createElement('pre'); pre.id = 'axe-result'; \
        pre.textContent = result.join('\\n') || 'none'; document.body.appendChild(pre); });</script>";
    for page in ["index.html", "methodology.html"] {
        let html = read(&site.join(page));
        let checked = html.replace(
            "</body>",
            &format!("<script>{}</script>{runner}</body>", script.replace("</script", "<\\/script")),
        );
        let file = site.join(format!("axe-{page}"));
        std::fs::write(&file, checked).unwrap_or_else(|e| panic!("{e}"));
        let out = chromium(&dir.path().join("profile"))
            .arg("--virtual-time-budget=20000")
            .arg("--dump-dom")
            .arg(format!("file://{}", file.display()))
            .output()
            .unwrap_or_else(|e| panic!("chromium: {e}"));
        let dom = String::from_utf8_lossy(&out.stdout);
        let result = dom.split("<pre id=\"axe-result\">").nth(1).and_then(|r| r.split("</pre>").next());
        assert_eq!(result, Some("none"), "{page}: axe-core found violations");
    }
}

#[test]
fn a_fiw_edition_publishes_its_own_figures_and_methodology() {
    let dir = tempdir();
    let root = dir.path().join("fiw-2025");
    let file = EditionFile::new("Freedom in the World 2025", "fiw", 2025);
    std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(root.join("edition.ron"), file.to_ron()).unwrap_or_else(|e| panic!("{e}"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/freedonia-2025.ron");
    let freedonia = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    save(&root.join("freedonia.ron"), &freedonia);
    let site = dir.path().join("site");
    let published = publish_into(&open(&root), &site, PublishOptions { force: false, pdfs: false, book: false });
    assert_eq!(published.chapters, 1, "{:?}", published.left_out);
    let index = read(&site.join("index.html"));
    let rows = table_rows(&index);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].first().map(String::as_str), Some("Freedonia"));
    // The headline first: total 52, 53 last year, Partly Free (and not an electoral
    // democracy); then its subcategories A to G, political rights 21, civil liberties 31, both
    // ratings 4 (freedom rating 4.0); no region column for an edition with no regions.
    assert_eq!(
        rows[0],
        [
            "Freedonia",
            "52",
            "53",
            "▼ -1",
            "Partly Free",
            "No",
            "6",
            "8",
            "7",
            "8",
            "6",
            "7",
            "10",
            "21",
            "31",
            "4",
            "4",
            "4.0"
        ]
    );
    let def = Methodology::builtin("fiw").unwrap_or_else(|| panic!("fiw")).def;
    assert_eq!(rows[0].len(), 1 + def.figures.len() + 2 + def.classifications.len());
    assert!(!index.contains("data-type=\"text\">Region</th>"));
    let method = read(&site.join("methodology.html"));
    assert!(method.contains("<span class=\"code\">A1</span>"), "{method}");
    assert!(method.contains("<span class=\"code\">A</span> Electoral Process"), "{method}");
    assert!(method.contains("subtracted from the sums"), "the discretionary question");
    check_links(&site);
}

#[test]
fn the_command_writes_the_site_and_exits_1_listing_what_it_left_out() {
    let dir = tempdir();
    let root = nit_edition(dir.path());
    let site = dir.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["publish"])
        .arg(&root)
        .arg("-o")
        .arg(&site)
        .arg("--no-pdf")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains(&format!("Wrote {}\n", site.join("index.html").display())), "{stdout}");
    assert!(stdout.ends_with(&format!("Published 3 chapters of Nations in Transit 2024 into {}.\n", site.display())));
    assert!(stderr.starts_with("Left out 1 chapter with errors (fix them, or publish them anyway with --force):\n  chapters/georgia.ron: 2 errors: "), "{stderr}");
    assert!(!site.join("pdf").exists());
    let forced = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["publish", "--force", "--no-pdf", "-o"])
        .arg(&site)
        .arg(&root)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(forced.status.code(), Some(0), "{}", String::from_utf8_lossy(&forced.stderr));
    assert!(site.join("chapters/georgia.html").is_file());
}
