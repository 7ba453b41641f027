//! Publishing an edition as a static site: plain files that work offline and from any web
//! server, with nothing fetched from elsewhere.
//!
//! ```text
//! SITE/index.html              the overview table (sortable by a few lines of inline script,
//!                              in published order without it), the charts as inline SVG, the
//!                              regional summaries
//! SITE/chapters/<stem>.html    each chapter as the HTML export writes it, with links to the
//!                              index and the previous and next chapters
//! SITE/methodology.html        the methodology: outline and questions, scales, how each figure
//!                              is computed, the classification bands
//! SITE/data/<name>.csv|.xlsx   the edition's ratings and figures in the publisher's layout
//! SITE/pdf/<stem>.pdf          each chapter's PDF (unless left out)
//! SITE/book.pdf                the whole edition as one PDF (when asked)
//! SITE/style.css               the index's and methodology page's styles
//! SITE/.rapporteur-site        the mark that the folder is a site of ours
//! ```
//!
//! Chapters with errors (or that cannot be read) are left out unless forced, and listed in
//! [`Published::left_out`]; everything on the site (the table, the charts, the sums, the data)
//! is then of the chapters published. Only what the chapters publish is written: no review,
//! findings, git history or names of who changed what, and an anonymous chapter's byline is
//! "Anonymous" everywhere. Nothing depends on the clock or the machine, so the same edition
//! gives the same bytes.
//!
//! The site is written into a folder beside `out` and renamed into place, so a reader (or a
//! web server) never sees half a site; a folder at `out` that is not a site of ours (it has no
//! [`MARKER`]) is refused rather than replaced.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::overview::{self, Column, Filter, Sort};
use super::{Edition, Row};
use crate::export::html::{NavLink, Page, escape, render_with};
use crate::index::{Node, describe};
use crate::model::Chapter;

/// How to publish.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PublishOptions {
    /// Publish chapters with errors too.
    pub force: bool,
    /// Write each chapter's PDF.
    pub pdfs: bool,
    /// Write one PDF of the whole edition.
    pub book: bool,
}

/// What was published.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// Every file written, relative to the site's folder, sorted.
    pub files: Vec<PathBuf>,
    /// Chapters published.
    pub chapters: usize,
    /// Chapters left out (with errors), by file, with why.
    pub left_out: Vec<(String, String)>,
}

/// The file that marks a folder as a site of ours (which publishing again may replace).
pub const MARKER: &str = ".rapporteur-site";

const MARKER_TEXT: &str = "A site published by Rapporteur (`rapporteur publish`). Publishing the edition again \
                           replaces everything in this folder.\n";

/// The styles of the index and the methodology page (the chapter pages carry the HTML
/// export's own). Every colour keeps a contrast of at least 4.5:1 on white.
const STYLE: &str = "\
body{font-family:Georgia,'Times New Roman',serif;max-width:64em;margin:2em auto;padding:0 1em;line-height:1.5;color:#111}
h1{font-size:1.9em;margin-bottom:.1em}h2{font-size:1.35em;margin-top:1.8em;border-bottom:1px solid #999}
h3{font-size:1.1em;margin-top:1.2em}
a{color:#1d3557}.lead{color:#444;margin-top:0}
nav.site ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.4em}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.6em 0}caption{text-align:left;font-weight:bold;padding:.2em 0}
th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}
thead th{background:#eef1f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:inherit}
th[aria-sort=ascending] button::after{content:' \\25B2'}th[aria-sort=descending] button::after{content:' \\25BC'}
tr.all th,tr.all td{font-weight:bold}
figure{margin:1.2em 0}figure svg{max-width:100%;height:auto}figcaption{font-weight:bold;margin-bottom:.4em}
.outline ul{padding-left:1.4em}.outline .code{font-weight:bold}.questions{font-style:italic;color:#333}
.note{color:#444;font-size:.9em}
footer{margin-top:3em;color:#444;font-size:.85em;border-top:1px solid #ccc}
@media print{body{max-width:none;margin:0}nav.site{display:none}}
";

/// The overview's sorting: each column heading becomes a button; a click sorts the rows by the
/// cells' `data-sort` (numbers where the heading says so; blanks last either way), a second
/// click the other way. Without it, the table reads in published order.
const SORT_SCRIPT: &str = "\
(function(){var t=document.getElementById('overview-table');if(!t)return;var hs=t.tHead.rows[0].cells;
Array.prototype.forEach.call(hs,function(th,i){var b=document.createElement('button');b.type='button';
while(th.firstChild)b.appendChild(th.firstChild);th.appendChild(b);
b.addEventListener('click',function(){var up=th.getAttribute('aria-sort')!=='ascending';
Array.prototype.forEach.call(hs,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',up?'ascending':'descending');var num=th.getAttribute('data-type')==='num';
var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,c){var x=a.cells[i].getAttribute('data-sort'),y=c.cells[i].getAttribute('data-sort');
if(x===''||y==='')return (x==='')-(y==='');var d=num?parseFloat(x)-parseFloat(y):x.localeCompare(y);return up?d:-d;});
rows.forEach(function(r){body.appendChild(r);});});});})();
";

/// A file of the site: where (relative to the site's folder), and its bytes.
type SiteFile = (PathBuf, Vec<u8>);

/// A chapter to publish: its entry's row and chapter, and its file's name on the site.
struct Kept<'e> {
    row: &'e Row,
    chapter: &'e Chapter,
    stem: String,
}

/// Writes the site of `edition` into `out`.
pub fn publish(edition: &Edition, out: &Path, options: &PublishOptions) -> Result<Published, String> {
    check_out(out)?;
    let method = &edition.method;

    // The chapters in published order; those with errors left out unless forced.
    let rows: Vec<&Row> = edition.rows().collect();
    let order = overview::view(edition, &rows, Sort::default(), &Filter::default());
    let mut kept: Vec<Kept<'_>> = Vec::new();
    let mut left_out = Vec::new();
    let mut stems: Vec<String> = Vec::new();
    for i in order {
        let entry = &edition.entries[i];
        let row = &entry.row;
        let Some(chapter) = entry.chapter.as_deref() else {
            left_out.push((row.path.clone(), row.problem.clone().unwrap_or_else(|| "cannot be read".to_owned())));
            continue;
        };
        if row.has_errors() && !options.force {
            left_out.push((row.path.clone(), errors_of(chapter, edition)));
            continue;
        }
        let stem = unique(slug(entry.path.file_stem().map(|s| s.to_string_lossy()).as_deref().unwrap_or("")), &stems);
        stems.push(stem.clone());
        kept.push(Kept { row, chapter, stem });
    }
    // The edition as published: only the chapters kept, for the sums, the charts and the data.
    let mut shown = edition.clone();
    let kept_paths: Vec<&str> = kept.iter().map(|k| k.row.path.as_str()).collect();
    shown.entries.retain(|e| e.chapter.is_some() && kept_paths.contains(&e.row.path.as_str()));
    let data_name = slug(&edition.file.name);
    let data_name = if data_name == "chapter" { "edition".to_owned() } else { data_name };

    // Each chapter's page and PDF, in parallel.
    let pages: Vec<Result<Vec<SiteFile>, String>> = kept
        .par_iter()
        .enumerate()
        .map(|(i, k)| {
            let mut nav = vec![NavLink {
                href: "../index.html".to_owned(),
                label: format!("{} (all chapters)", edition.file.name),
                rel: Some("index"),
            }];
            if let Some(prev) = i.checked_sub(1).and_then(|p| kept.get(p)) {
                nav.push(NavLink {
                    href: format!("{}.html", prev.stem),
                    label: format!("Previous: {}", prev.row.country),
                    rel: Some("prev"),
                });
            }
            if let Some(next) = kept.get(i + 1) {
                nav.push(NavLink {
                    href: format!("{}.html", next.stem),
                    label: format!("Next: {}", next.row.country),
                    rel: Some("next"),
                });
            }
            if options.pdfs {
                nav.push(NavLink { href: format!("../pdf/{}.pdf", k.stem), label: "PDF".to_owned(), rel: None });
            }
            nav.push(NavLink { href: "../methodology.html".to_owned(), label: "Methodology".to_owned(), rel: None });
            let html = render_with(k.chapter, method, &Page { nav });
            let mut files = vec![(PathBuf::from(format!("chapters/{}.html", k.stem)), html.into_bytes())];
            if options.pdfs {
                let pdf = crate::export::export(k.chapter, method, crate::export::Format::Pdf)
                    .map_err(|e| format!("{}: {e}", k.row.path))?;
                files.push((PathBuf::from(format!("pdf/{}.pdf", k.stem)), pdf));
            }
            Ok(files)
        })
        .collect();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for page in pages {
        files.extend(page?);
    }

    let site = Site { edition: &shown, kept: &kept, data_name: &data_name, options };
    files.push((PathBuf::from("index.html"), site.index().into_bytes()));
    files.push((PathBuf::from("methodology.html"), site.methodology().into_bytes()));
    files.push((PathBuf::from("style.css"), STYLE.as_bytes().to_vec()));
    for (ext, bytes) in site.data()? {
        files.push((PathBuf::from(format!("data/{data_name}.{ext}")), bytes));
    }
    if options.book {
        files.push((PathBuf::from("book.pdf"), site.book()?));
    }
    files.push((PathBuf::from(MARKER), MARKER_TEXT.as_bytes().to_vec()));
    files.sort_by(|a, b| a.0.cmp(&b.0));

    write_site(out, &files)?;
    Ok(Published { files: files.into_iter().map(|(p, _)| p).collect(), chapters: kept.len(), left_out })
}

/// Why a chapter with errors is left out: its error findings, the first few.
fn errors_of(chapter: &Chapter, edition: &Edition) -> String {
    let errors: Vec<String> = crate::findings::check(chapter, &edition.method)
        .into_iter()
        .filter(|f| f.severity == crate::findings::Severity::Error)
        .map(|f| f.message)
        .collect();
    let n = errors.len();
    let mut why = crate::words::count(n, "error");
    if n > 0 {
        let shown: Vec<&str> = errors.iter().take(3).map(String::as_str).collect();
        let _ = write!(why, ": {}", shown.join("; "));
        if n > 3 {
            why.push_str("; …");
        }
    }
    why
}

/// Refuses an `out` that is a file, or a folder with something in it that is not a site of ours.
fn check_out(out: &Path) -> Result<(), String> {
    let Ok(meta) = std::fs::symlink_metadata(out) else { return Ok(()) };
    if !meta.is_dir() {
        return Err(format!("{} exists and is not a folder; choose a new folder for the site", out.display()));
    }
    let empty = std::fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?.next().is_none();
    if empty || out.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(format!(
            "{} is a folder that is not a site published by Rapporteur (it has no {MARKER}); choose a new or empty \
             folder, so that nothing else is replaced",
            out.display()
        ))
    }
}

/// Writes the files into a new folder beside `out`, then puts it in `out`'s place (the old
/// site, if any, removed once the new one is there).
fn write_site(out: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| format!("{}: cannot make the folder: {e}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".rapporteur-publish-")
        .tempdir_in(&parent)
        .map_err(|e| format!("{}: cannot make a folder to write the site in: {e}", parent.display()))?;
    let new = staging.path().join("site");
    for (rel, bytes) in files {
        let path = new.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    if out.exists() {
        // Checked to be empty or ours: moved aside into the staging folder, removed with it.
        std::fs::rename(out, staging.path().join("old"))
            .map_err(|e| format!("{}: cannot replace the old site: {e}", out.display()))?;
    }
    std::fs::rename(&new, out).map_err(|e| format!("{}: cannot put the site in place: {e}", out.display()))?;
    staging.close().map_err(|e| format!("cannot remove the old site: {e}"))?;
    Ok(())
}

/// A name for a file on the site: ASCII letters and digits (lower case), `-` for the rest.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "chapter".to_owned() } else { out }
}

/// `stem`, or `stem-2`, `stem-3` … when taken.
fn unique(stem: String, taken: &[String]) -> String {
    if !taken.contains(&stem) {
        return stem;
    }
    // One of the first `taken.len() + 1` numbers from 2 is free.
    (2..taken.len() + 3).map(|n| format!("{stem}-{n}")).find(|s| !taken.contains(s)).unwrap_or(stem)
}

/// An SVG document for inlining into a page: from its `<svg` on (no XML prolog or doctype).
fn inline_svg(svg: &str) -> Option<&str> {
    let at = svg.find("<svg")?;
    Some(svg[at..].trim_end())
}

/// The pages of the site.
struct Site<'a> {
    edition: &'a Edition,
    kept: &'a [Kept<'a>],
    data_name: &'a str,
    options: &'a PublishOptions,
}

impl Site<'_> {
    /// The overview's columns as published: no byline, findings, review or history.
    fn columns(&self) -> Vec<Column> {
        overview::columns(self.edition)
            .into_iter()
            .filter(|c| match c {
                Column::Region => !self.edition.file.regions.is_empty(),
                Column::Country | Column::Figure(_) | Column::HeadlineLast | Column::Change | Column::Class(_) => true,
                _ => false,
            })
            .collect()
    }

    /// The top of a page of ours: doctype, head (title, our styles), the body's opening.
    fn head(title: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n\
             <meta name=\"generator\" content=\"Rapporteur\">\n<link rel=\"stylesheet\" href=\"style.css\">\n\
             </head>\n<body>\n",
            escape(title)
        )
    }

    /// The site's navigation (the index, the methodology, the data, the book).
    fn nav(&self, here: &str) -> String {
        let mut links = vec![("index.html", "Overview".to_owned()), ("methodology.html", "Methodology".to_owned())];
        let csv = format!("data/{}.csv", self.data_name);
        let xlsx = format!("data/{}.xlsx", self.data_name);
        links.push((csv.as_str(), "Data (CSV)".to_owned()));
        links.push((xlsx.as_str(), "Data (Excel)".to_owned()));
        if self.options.book {
            links.push(("book.pdf", "The whole edition (PDF)".to_owned()));
        }
        let mut out = String::from("<nav class=\"site\" aria-label=\"Site\">\n<ul>\n");
        for (href, label) in links {
            let current = if href == here { " aria-current=\"page\"" } else { "" };
            let _ = writeln!(out, "<li><a href=\"{}\"{current}>{}</a></li>", escape(href), escape(&label));
        }
        out.push_str("</ul>\n</nav>\n");
        out
    }

    fn footer(&self) -> String {
        let def = &self.edition.method.def;
        format!(
            "<footer>\n<p>{} · {} ({}) · published with Rapporteur</p>\n</footer>\n",
            escape(&self.edition.file.name),
            escape(&def.name),
            escape(&def.publisher)
        )
    }

    /// The index: the overview table, the charts, the regional summaries.
    fn index(&self) -> String {
        let edition = self.edition;
        let def = &edition.method.def;
        let mut out = Self::head(&edition.file.name);
        let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(&edition.file.name));
        let _ = writeln!(
            out,
            "<p class=\"lead\">{} · {} · {}</p>",
            escape(&def.name),
            escape(&def.publisher),
            crate::words::count(self.kept.len(), "chapter")
        );
        out.push_str(&self.nav("index.html"));
        out.push_str("</header>\n<main>\n");
        self.overview_table(&mut out);
        self.charts(&mut out);
        self.summaries(&mut out);
        out.push_str("</main>\n");
        out.push_str(&self.footer());
        let _ = write!(out, "<script>\n{SORT_SCRIPT}</script>\n</body>\n</html>\n");
        out
    }

    fn overview_table(&self, out: &mut String) {
        let edition = self.edition;
        let columns = self.columns();
        out.push_str("<h2 id=\"overview\">Overview</h2>\n");
        out.push_str(
            "<p class=\"note\">Each country links to its chapter. Select a column's heading to sort by it.</p>\n",
        );
        out.push_str(
            "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Overview table\">\n<table id=\"overview-table\">\n",
        );
        let _ = writeln!(
            out,
            "<caption>{}: {} by country</caption>",
            escape(&edition.file.name),
            escape(&overview::headline_label(edition))
        );
        out.push_str("<thead>\n<tr>");
        for &c in &columns {
            let kind = if overview::numeric(c) || matches!(c, Column::Class(_)) { "num" } else { "text" };
            let _ =
                write!(out, "<th scope=\"col\" data-type=\"{kind}\">{}</th>", escape(&overview::header(edition, c)));
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        for k in self.kept {
            out.push_str("<tr>");
            for &c in &columns {
                let text = overview::cell(k.row, c);
                let sort = sort_key(edition, k.row, c);
                match c {
                    Column::Country => {
                        let _ = write!(
                            out,
                            "<th scope=\"row\" data-sort=\"{}\"><a href=\"chapters/{}.html\">{}</a></th>",
                            escape(&sort),
                            k.stem,
                            escape(&text)
                        );
                    }
                    c if overview::numeric(c) => {
                        let _ = write!(out, "<td class=\"num\" data-sort=\"{}\">{}</td>", escape(&sort), escape(&text));
                    }
                    _ => {
                        let _ = write!(out, "<td data-sort=\"{}\">{}</td>", escape(&sort), escape(&text));
                    }
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn charts(&self, out: &mut String) {
        let charts = [super::chart::headline(self.edition), super::chart::grid(self.edition)];
        let drawn: Vec<(String, String)> = charts
            .iter()
            .filter_map(|c| inline_svg(&c.to_svg()).map(|svg| (c.title.clone(), svg.to_owned())))
            .collect();
        if drawn.is_empty() {
            return;
        }
        out.push_str("<h2 id=\"charts\">Charts</h2>\n");
        for (title, svg) in drawn {
            let _ = writeln!(out, "<figure>\n<figcaption>{}</figcaption>\n{svg}\n</figure>", escape(&title));
        }
    }

    fn summaries(&self, out: &mut String) {
        let edition = self.edition;
        let rows: Vec<&Row> = self.kept.iter().map(|k| k.row).collect();
        let footer = overview::footer(edition, &rows);
        let label = overview::headline_label(edition);
        let head =
            edition.method.headline_figure().and_then(|id| edition.method.def.figures.iter().position(|f| f.id == id));
        let classes: Vec<String> = footer.all.classes.iter().map(|(c, _)| c.clone()).collect();
        out.push_str(
            "<h2 id=\"regions\">Regional summaries</h2>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" \
             aria-label=\"Regional summaries table\">\n<table>\n",
        );
        let _ = writeln!(out, "<caption>Mean {} and chapters per class, by region</caption>", escape(&label));
        out.push_str("<thead>\n<tr><th scope=\"col\">Region</th><th scope=\"col\">Chapters</th>");
        let _ = write!(out, "<th scope=\"col\">Mean {}</th>", escape(&label));
        let _ = write!(out, "<th scope=\"col\">Mean {} {}</th>", escape(&label), edition.file.edition - 1);
        if !classes.is_empty() {
            out.push_str("<th scope=\"col\">Chapters by class</th>");
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        let fixed = |f: Option<crate::score::Fixed>| f.map_or_else(|| "–".to_owned(), |f| f.to_string());
        for (s, all) in footer.regions.iter().map(|s| (s, false)).chain([(&footer.all, true)]) {
            let name = if all { "All chapters" } else { s.name.as_str() };
            let _ = write!(
                out,
                "<tr{}><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
                if all { " class=\"all\"" } else { "" },
                escape(name),
                s.chapters,
                fixed(head.and_then(|i| s.means.get(i).copied().flatten())),
                fixed(s.headline_last)
            );
            // One line a class that has chapters, best class first.
            if !classes.is_empty() {
                let by_class: Vec<String> =
                    s.classes.iter().filter(|(_, n)| *n > 0).map(|(c, n)| format!("{}: {n}", escape(c))).collect();
                let _ = write!(
                    out,
                    "<td>{}</td>",
                    if by_class.is_empty() { "–".to_owned() } else { by_class.join("<br>") }
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }

    /// The methodology page, from the methodology file.
    fn methodology(&self) -> String {
        let edition = self.edition;
        let def = &edition.method.def;
        let mut out = Self::head(&format!("Methodology: {}", def.name));
        let _ = writeln!(out, "<header>\n<h1>Methodology: {}</h1>", escape(&def.name));
        let year = match &def.edition_year {
            crate::index::EditionYear::CoversYearBefore => format!(
                "An edition is named for its year of publication and covers the year before: the {} edition covers {}.",
                edition.file.edition,
                edition.file.edition - 1
            ),
            crate::index::EditionYear::CoversSameYear => {
                format!(
                    "An edition covers the year it is named for: the {} edition covers {}.",
                    edition.file.edition, edition.file.edition
                )
            }
            crate::index::EditionYear::Described(text) => text.clone(),
        };
        let _ = writeln!(out, "<p class=\"lead\">Published by {}. {}</p>", escape(&def.publisher), escape(&year));
        out.push_str(&self.nav("methodology.html"));
        out.push_str("</header>\n<main>\n");
        out.push_str(
            "<p>Contents: <a href=\"#outline\">Outline and questions</a> · <a href=\"#scales\">Scales</a> · \
             <a href=\"#figures\">Figures</a>",
        );
        if !def.classifications.is_empty() {
            out.push_str(" · <a href=\"#classifications\">Classifications</a>");
        }
        out.push_str("</p>\n");

        out.push_str("<h2 id=\"outline\">Outline and questions</h2>\n<div class=\"outline\">\n");
        outline_html(&mut out, &def.outline, edition);
        out.push_str("</div>\n");

        out.push_str("<h2 id=\"scales\">Scales</h2>\n<table>\n<caption>The scales items are rated on</caption>\n");
        out.push_str(
            "<thead><tr><th scope=\"col\">Scale</th><th scope=\"col\">From</th><th scope=\"col\">To</th>\
             <th scope=\"col\">In steps of</th><th scope=\"col\">Best</th></tr></thead>\n<tbody>\n",
        );
        for s in &def.scales {
            let best = if s.best == crate::index::Best::High { "highest" } else { "lowest" };
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{best}</td></tr>",
                escape(&s.id),
                s.min,
                s.max,
                s.step
            );
        }
        out.push_str("</tbody>\n</table>\n");

        out.push_str("<h2 id=\"figures\">Figures</h2>\n<p>Each figure is computed from the items' ratings (by their codes in the outline) and from other figures. An item left unrated is left out.</p>\n");
        out.push_str("<table>\n<caption>How each figure is computed</caption>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Code</th><th scope=\"col\">Computed as</th><th scope=\"col\">Shown</th></tr></thead>\n<tbody>\n");
        for f in &def.figures {
            let mut shown = crate::words::count(f.display.decimals as usize, "decimal");
            if let Some(suffix) = &f.display.suffix {
                let _ = write!(shown, ", as “… {suffix}”");
            }
            if let Some(h) = f.display.headline {
                let _ = write!(shown, "; its headline rounded to {}", crate::words::count(h as usize, "decimal"));
            }
            if f.best == crate::index::Best::Low {
                shown.push_str("; lower is better");
            }
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&f.label),
                escape(&f.id),
                escape(&describe::compute(&f.compute)),
                escape(&shown)
            );
        }
        out.push_str("</tbody>\n</table>\n");

        if !def.classifications.is_empty() {
            out.push_str("<h2 id=\"classifications\">Classifications</h2>\n<p>Classes are listed from best to worst; the first that applies is given.</p>\n");
            for c in &def.classifications {
                let _ = writeln!(out, "<h3>{}</h3>\n<ul>", escape(&c.label));
                for (label, when) in describe::classes(&c.rule) {
                    let _ = writeln!(out, "<li><strong>{}</strong> {}</li>", escape(&label), escape(&when));
                }
                out.push_str("</ul>\n");
            }
        }
        if !def.sources.is_empty() {
            out.push_str("<h2 id=\"sources\">Sources</h2>\n<ul>\n");
            for s in &def.sources {
                let lower = s.to_ascii_lowercase();
                if (lower.starts_with("http://") || lower.starts_with("https://")) && !s.contains(char::is_whitespace) {
                    let _ = writeln!(out, "<li><a href=\"{0}\">{0}</a></li>", escape(s));
                } else {
                    let _ = writeln!(out, "<li>{}</li>", escape(s));
                }
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</main>\n");
        out.push_str(&self.footer());
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The edition's data in the publisher's layout (else the generic one): CSV and XLSX.
    fn data(&self) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
        let edition = self.edition;
        let def = &edition.method.def;
        let layout = crate::data::Layout::publisher(def).unwrap_or_else(|| crate::data::Layout::generic(def));
        let region_columns: Vec<&str> = layout
            .columns
            .iter()
            .filter(|c| c.holds == crate::index::Holds::Text && c.header.eq_ignore_ascii_case("region"))
            .map(|c| c.header.as_str())
            .collect();
        let rows: Vec<crate::data::ExportRow> = self
            .kept
            .iter()
            .map(|k| {
                let mut columns = k.chapter.columns.clone();
                for header in &region_columns {
                    if let Some(region) = &k.row.region {
                        columns.entry((*header).to_owned()).or_insert_with(|| region.clone());
                    }
                }
                crate::data::ExportRow {
                    source: PathBuf::from(&k.row.path),
                    methodology: k.chapter.methodology.clone(),
                    country: k.chapter.country.clone(),
                    edition: k.chapter.edition,
                    ratings: crate::score::ratings_of(k.chapter, false),
                    columns,
                }
            })
            .collect();
        let mut out = Vec::new();
        for ext in ["csv", "xlsx"] {
            let bytes = crate::data::export_bytes(def, &layout, &rows, ext)
                .map_err(|e| format!("data/{}.{ext}: {e}", self.data_name))?;
            out.push((ext, bytes));
        }
        Ok(out)
    }

    /// The whole edition as one PDF.
    #[cfg(feature = "pdf")]
    fn book(&self) -> Result<Vec<u8>, String> {
        use crate::export::book::{Book, Table};
        let edition = self.edition;
        let def = &edition.method.def;
        let head = edition.method.headline_figure().and_then(|id| def.figures.iter().position(|f| f.id == id));
        let mut columns = vec![Column::Country];
        if !edition.file.regions.is_empty() {
            columns.push(Column::Region);
        }
        columns.extend(head.map(Column::Figure));
        columns.extend([Column::HeadlineLast, Column::Change]);
        columns.extend((0..def.classifications.len()).map(Column::Class));
        let overview = Table {
            caption: format!("{}: {} by country", edition.file.name, overview::headline_label(edition)),
            header: columns.iter().map(|&c| overview::header(edition, c)).collect(),
            numeric: columns.iter().map(|&c| overview::numeric(c)).collect(),
            rows: self.kept.iter().map(|k| columns.iter().map(|&c| overview::cell(k.row, c)).collect()).collect(),
        };
        let chart = super::chart::headline(edition);
        let svg = chart.to_svg();
        let chart = inline_svg(&svg).map(|s| (s.to_owned(), chart.title.clone()));
        let book = Book {
            title: &edition.file.name,
            cover: vec![format!("{}, {}", def.name, def.publisher), crate::words::count(self.kept.len(), "chapter")],
            overview,
            chart,
            chapters: self.kept.iter().map(|k| k.chapter).collect(),
            method: &edition.method,
        };
        crate::export::book::render(&book).map_err(|e| format!("book.pdf: {e}"))
    }

    /// This build has no PDF export.
    #[cfg(not(feature = "pdf"))]
    fn book(&self) -> Result<Vec<u8>, String> {
        Err(crate::export::ExportError::PdfUnavailable.to_string())
    }
}

/// The value a cell is sorted by: a number for figures and changes, the class's place (best
/// first) for a classification, the text otherwise; empty for no value.
fn sort_key(edition: &Edition, row: &Row, column: Column) -> String {
    let fixed = |f: Option<crate::score::Fixed>| f.map_or_else(String::new, |f| f.to_string());
    match column {
        Column::Figure(i) => fixed(row.figures.get(i).copied().flatten()),
        Column::HeadlineLast => fixed(row.headline_last),
        Column::Change => fixed(row.change),
        Column::Class(i) => {
            let class = row.classes.get(i).cloned().flatten();
            let labels = edition.method.def.classifications.get(i).map(|c| c.rule.labels()).unwrap_or_default();
            class.and_then(|c| labels.iter().position(|l| *l == c)).map_or_else(String::new, |p| p.to_string())
        }
        Column::Region => row.region.clone().unwrap_or_default(),
        _ => overview::cell(row, column),
    }
}

/// The outline as nested lists: groups with their items, each item with its code, name,
/// scale and guiding questions; only what the edition rates.
fn outline_html(out: &mut String, nodes: &[Node], edition: &Edition) {
    let year = edition.file.edition;
    let def = &edition.method.def;
    out.push_str("<ul>\n");
    for node in nodes {
        match node {
            Node::Group(g) if g.editions.contains(year) => {
                let _ = write!(out, "<li><span class=\"code\">{}</span> {}", escape(&g.code), escape(&g.name));
                if let Some(f) = g.figure.as_ref().and_then(|f| def.figures.iter().find(|d| &d.id == f)) {
                    let _ = write!(out, " (summed up as {})", escape(&f.label));
                }
                out.push('\n');
                outline_html(out, &g.children, edition);
                out.push_str("</li>\n");
            }
            Node::Item(i) if i.editions.contains(year) => {
                let _ = write!(out, "<li><span class=\"code\">{}</span> {}", escape(&i.code), escape(&i.name));
                let mut remarks = Vec::new();
                if let Some(s) = def.scales.iter().find(|s| s.id == i.scale) {
                    remarks.push(format!("rated {} to {}", s.min, s.max));
                }
                if i.optional {
                    remarks.push("may be left unrated".to_owned());
                }
                if i.sign == crate::index::Sign::Subtract {
                    remarks.push("subtracted from the sums".to_owned());
                }
                if !remarks.is_empty() {
                    let _ = write!(out, " <span class=\"note\">({})</span>", escape(&remarks.join("; ")));
                }
                if !i.questions.is_empty() {
                    out.push_str("\n<ul class=\"questions\">\n");
                    for q in &i.questions {
                        let _ = writeln!(out, "<li>{}</li>", escape(q));
                    }
                    out.push_str("</ul>\n");
                }
                out.push_str("</li>\n");
            }
            _ => {}
        }
    }
    out.push_str("</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_and_unique() {
        assert_eq!(slug("Kazakhstan"), "kazakhstan");
        assert_eq!(slug("Bosnia and Herzegovina (2024)"), "bosnia-and-herzegovina-2024");
        assert_eq!(slug("Nations in Transit 2024"), "nations-in-transit-2024");
        assert_eq!(slug("Азербайджан"), "chapter");
        let taken = vec!["kazakhstan".to_owned(), "kazakhstan-2".to_owned()];
        assert_eq!(unique("kazakhstan".to_owned(), &taken), "kazakhstan-3");
        assert_eq!(unique("armenia".to_owned(), &taken), "armenia");
    }

    #[test]
    fn an_svg_is_inlined_without_its_prolog() {
        assert_eq!(inline_svg("<?xml version=\"1.0\"?>\n<svg a=\"1\"></svg>\n"), Some("<svg a=\"1\"></svg>"));
        assert_eq!(inline_svg(""), None);
    }
}
