//! The lines of a published chapter's web text: what each kind of line looks like.
//!
//! Every function here looks at one line, already normalised by [`normalize`] (non-breaking
//! spaces made plain, ends trimmed), and says what it is: a heading, a category heading with its
//! scale, a bullet, a figure of the header, a page token left by a flattened page. The order in
//! which lines may come is the importer's business ([`super`]).

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::method::Methodology;
use crate::model::Rating;
use crate::score::Fixed;

/// The line with non-breaking spaces as plain spaces and its ends trimmed.
#[must_use]
pub fn normalize(line: &str) -> Cow<'_, str> {
    let trimmed = line.trim();
    if trimmed.contains('\u{a0}') { Cow::Owned(trimmed.replace('\u{a0}', " ")) } else { Cow::Borrowed(trimmed) }
}

/// A token a flattened page leaves on a line of its own: "DEMOCRACY-SCORE", "header1".
#[must_use]
pub fn is_page_token(line: &str) -> bool {
    if line.is_empty() || line.len() > 40 || line.contains(' ') {
        return false;
    }
    if line.starts_with("header") {
        return header_token(line);
    }
    line.bytes().all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'_') && line.contains(['-', '_'])
}

/// Space as web copy puts it between words: plain, no-break or a tab.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\t')
}

/// `raw` without the page tokens a flattened page prints at the start of the text line
/// ("header1 Score changes in 2019", "DEMOCRACY-SCORE Democracy Score 3.11 7"); a line of
/// tokens only gives "". A `headerN` token is always one; an upper-case token like
/// "DEMOCRACY-SCORE" only when the words after it repeat it, so that prose opening with
/// "OSCE-ODIHR observers …" keeps its first word. Without a token, `raw` is returned as it is.
#[must_use]
pub fn strip_page_tokens(raw: &str) -> &str {
    let mut rest = raw.trim_start_matches(is_space);
    let mut stripped = false;
    loop {
        let end = rest.find(is_space).unwrap_or(rest.len());
        let (word, after) = (&rest[..end], rest[end..].trim_start_matches(is_space));
        let token = if after.is_empty() {
            is_page_token(word)
        } else {
            header_token(word) || (is_page_token(word) && repeats_token(word, after))
        };
        if !token {
            return if stripped { rest } else { raw };
        }
        stripped = true;
        rest = after;
        if rest.is_empty() {
            return rest;
        }
    }
}

/// "header1", "header2" …
fn header_token(word: &str) -> bool {
    word.strip_prefix("header").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `text` starts with the words of `token` ("DEMOCRACY-SCORE" and "Democracy Score 3.11").
fn repeats_token(token: &str, text: &str) -> bool {
    let mut words = text.split(is_space);
    token.split(['-', '_']).all(|part| words.next().is_some_and(|w| w.eq_ignore_ascii_case(part)))
}

/// The text of a bullet line without its bullet ("  • Text" gives "Text").
#[must_use]
pub fn bullet(raw: &str) -> Option<&str> {
    let t = raw.trim_start();
    let rest = t.strip_prefix(['•', '●', '▪', '◦', '‣'])?;
    Some(rest.trim())
}

/// A section heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heading {
    /// "Authors".
    Authors,
    /// "Score changes in 2024", "Score Changes".
    ScoreChanges,
    /// A text section's title ("Executive Summary", "Overview"), by the section's id.
    Text(String),
    /// "Footnotes".
    Footnotes,
    /// A category's heading, with a rating when the same line carries one.
    Category {
        /// The category's code.
        code: String,
        /// The rating on the heading line, if any.
        rating: Option<Rating>,
    },
}

/// Other names of items the methodology's file gives: the headers and aliases of its data
/// layout's item columns (a workbook's column names), other than the codes themselves.
fn other_names(method: &Methodology) -> Vec<(&str, &str)> {
    let Some(layout) = &method.def.data_layout else { return Vec::new() };
    layout
        .columns
        .iter()
        .filter_map(|c| match &c.holds {
            crate::index::Holds::Item(code) => Some((c, code.as_str())),
            _ => None,
        })
        .flat_map(|(c, code)| {
            std::iter::once(c.header.as_str()).chain(c.aliases.iter().map(String::as_str)).map(move |n| (n, code))
        })
        .filter(|(name, code)| !name.eq_ignore_ascii_case(code))
        .collect()
}

/// A title reduced to its letters and digits, lower-cased: "At-A-Glance", "At a Glance" and
/// "At-a-Glance" are one title.
fn title_key(title: &str) -> String {
    title.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The heading `line` is, if it is one.
#[must_use]
pub fn heading(line: &str, method: &Methodology) -> Option<Heading> {
    if line.len() > 160 {
        return None;
    }
    let bare = line.trim_end_matches(':').trim_end();
    let is = |word: &str| bare.eq_ignore_ascii_case(word);
    if is("Authors") || is("Author") {
        return Some(Heading::Authors);
    }
    let key = title_key(bare);
    if let Some((id, _)) =
        method.text_sections().into_iter().find(|(_, title)| !key.is_empty() && title_key(title) == key)
    {
        return Some(Heading::Text(id.to_owned()));
    }
    if is("Footnotes") || is("Endnotes") || is("Notes") {
        return Some(Heading::Footnotes);
    }
    if let Some(title) = method.score_changes_title()
        && let Some(rest) = strip_prefix_ci(bare, title)
    {
        let rest = rest.trim();
        let year = rest.strip_prefix("in ").map(str::trim);
        if rest.is_empty() || year.is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())) {
            return Some(Heading::ScoreChanges);
        }
    }
    category_heading(line, method)
}

/// A category heading: the category's name alone, or followed by its scale ("1.00-7.00 pts")
/// and possibly its rating ("1.25 / 7.00").
fn category_heading(line: &str, method: &Methodology) -> Option<Heading> {
    // Where the methodology publishes its codes (its item template writes `{code}`: "A1"), a
    // heading may give the code instead of the name.
    let codes = method.def.changes.templates.item.contains("{code}");
    let mut names: Vec<(&str, &str)> = method
        .categories
        .iter()
        .map(|c| (c.name.as_str(), c.code.as_str()))
        .chain(other_names(method))
        .chain(method.categories.iter().filter(|_| codes).map(|c| (c.code.as_str(), c.code.as_str())))
        .collect();
    // Longest first, so no name that prefixes another can win ("Add Q", "A1" before "A10").
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    let (code, rest) = names
        .into_iter()
        .filter_map(|(name, code)| Some((code, strip_prefix_ci(line, name)?)))
        .find(|(_, rest)| rest.is_empty() || rest.starts_with(' '))?;
    let mut rest = rest.trim();
    if let Some(at) = rest.find("pts") {
        let scale = &rest[..at];
        if !scale.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '–' | ' ')) {
            return None;
        }
        rest = rest[at + 3..].trim();
    }
    if rest.is_empty() {
        return Some(Heading::Category { code: code.to_owned(), rating: None });
    }
    let (rating, before) = trailing_rating(rest, method, code)?;
    before.trim().is_empty().then(|| Heading::Category { code: code.to_owned(), rating: Some(rating) })
}

/// `hay` without `prefix` at its start, ignoring ASCII case.
fn strip_prefix_ci<'a>(hay: &'a str, prefix: &str) -> Option<&'a str> {
    let head = hay.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &hay[prefix.len()..])
}

/// Whether `token` is a number written with exactly `decimals` decimals, like "1.25" (two) or
/// "3" (none).
fn with_decimals(token: &str, decimals: u32) -> bool {
    let (w, f) = token.split_once('.').unwrap_or((token, ""));
    !w.is_empty()
        && w.len() <= 2
        && f.len() == decimals as usize
        && w.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit())
}

/// How a rating of item `code` is printed over its scale's maximum, for messages: "1.25 / 7.00"
/// (one step above the bottom).
#[must_use]
pub fn rating_example(method: &Methodology, code: &str) -> String {
    method.scale(code).map_or_else(String::new, |s| {
        let example = Rating::from_hundredths((s.min.hundredths() + s.step.hundredths()).min(s.max.hundredths()));
        format!("{} / {}", s.show(example), s.show(s.max))
    })
}

/// A rating of item `code` at the end of a line, over its scale's maximum: "… branches. 1.25 /
/// 7.00", "1.25 7.00", "1.25/7.00". Returns the rating and the text before it.
#[must_use]
pub fn trailing_rating<'a>(line: &'a str, method: &Methodology, code: &str) -> Option<(Rating, &'a str)> {
    let scale = method.scale(code)?;
    let max = scale.show(scale.max);
    let body = line.trim_end();
    let body = body.strip_suffix(max.as_str())?.trim_end();
    let body = body.strip_suffix('/').map_or(body, str::trim_end);
    let start = body.rfind(' ').map_or(0, |i| i + 1);
    let token = &body[start..];
    if !with_decimals(token, scale.decimals) {
        return None;
    }
    Some((Rating::parse(token).ok()?, &body[..start]))
}

/// A heading of a group of the methodology's outline that is not narrated on its own: its
/// title as the web layout writes it ("A. Electoral Process" where the group numbers its items
/// after its code, else "Political Rights"; either is read), alone or followed by the group's
/// figure over its suffix ("A. Electoral Process 6 / 12").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupHeading {
    /// The group's code ("A", "PR").
    pub code: String,
    /// The group's figure id and the value the line prints, when it prints one.
    pub figure: Option<(String, Fixed)>,
}

/// The groups of `nodes` and of the groups inside them, in outline order.
fn groups(nodes: &[crate::index::Node]) -> Vec<&crate::index::GroupDef> {
    let mut out = Vec::new();
    for n in nodes {
        if let crate::index::Node::Group(g) = n {
            out.push(g);
            out.extend(groups(&g.children));
        }
    }
    out
}

/// The group heading `line` is, if it is one (see [`GroupHeading`]). A group narrated on its
/// own (a BTI criterion) is a section of the chapter, read by [`heading`], not here.
#[must_use]
pub fn group_heading(line: &str, method: &Methodology) -> Option<GroupHeading> {
    if line.len() > 160 {
        return None;
    }
    let mut titles: Vec<(String, &crate::index::GroupDef)> = groups(&method.def.outline)
        .into_iter()
        .filter(|g| method.category(&g.code).is_none())
        .flat_map(|g| [(format!("{}. {}", g.code, g.name), g), (g.name.clone(), g)])
        .collect();
    // Longest first, so no title that prefixes another can win.
    titles.sort_by_key(|(title, _)| std::cmp::Reverse(title.len()));
    titles.into_iter().find_map(|(title, g)| {
        let rest = strip_prefix_ci(line, &title)?;
        if rest.is_empty() {
            return Some(GroupHeading { code: g.code.clone(), figure: None });
        }
        let rest = rest.strip_prefix(' ')?.trim();
        let f = method.def.figures.iter().find(|f| Some(&f.id) == g.figure.as_ref())?;
        match figure_value(rest, f) {
            Some((value, "")) => Some(GroupHeading { code: g.code.clone(), figure: Some((f.id.clone(), value)) }),
            _ => None,
        }
    })
}

/// The denominators a figure is printed over, from its suffix ("/ 7" gives "7" and, with the
/// figure's decimals, "7.00"); none for a figure without a suffix.
#[must_use]
pub fn denominators(f: &crate::index::FigureDef) -> Vec<String> {
    let Some(d) = f.display.suffix.as_deref().map(|s| s.trim_start_matches('/').trim()) else { return Vec::new() };
    if d.is_empty() {
        return Vec::new();
    }
    let mut out = vec![d.to_owned()];
    if let Some(shown) =
        crate::index::Value::parse(d).ok().and_then(|v| v.rounded(f.display.decimals)).map(|f| f.to_string())
        && shown != d
    {
        out.push(shown);
    }
    out
}

/// Figure `f`'s value at the start of `text`: over its suffix's denominator where it has a
/// suffix ("52 / 100 Partly Free"), else a plain number ("4.0"). Returns the value and the
/// rest of the text.
#[must_use]
pub fn figure_value<'a>(text: &'a str, f: &crate::index::FigureDef) -> Option<(Fixed, &'a str)> {
    let over = denominators(f);
    if over.is_empty() {
        let (value, rest) = text.split_once(' ').unwrap_or((text, ""));
        return Some((parse_fixed(value)?, rest.trim()));
    }
    leading_fraction(text, &over)
}

/// A figure over a denominator at the start of a line: "5 / 100 Consolidated …", "35.71 100",
/// "1.29 / 7". Returns the figure and the rest of the line.
#[must_use]
pub fn leading_fraction<'a, S: AsRef<str>>(line: &'a str, denominators: &[S]) -> Option<(Fixed, &'a str)> {
    let (value, rest) = line.split_once(' ').unwrap_or((line, ""));
    let (value, rest) = if let Some((v, d)) = value.split_once('/') {
        (v, if d.is_empty() { rest.trim_start() } else { &line[v.len() + 1..] })
    } else {
        let rest = rest.trim_start();
        (value, rest.strip_prefix('/').map_or(rest, str::trim_start))
    };
    let fixed = parse_fixed(value)?;
    let (denominator, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    denominators.iter().any(|d| d.as_ref() == denominator).then_some((fixed, rest.trim()))
}

/// A plain decimal number as a [`Fixed`] with the decimals it is written with: "4.76", "5".
#[must_use]
pub fn parse_fixed(text: &str) -> Option<Fixed> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || whole.len() > 6 || frac.len() > 4 {
        return None;
    }
    if !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{whole}{frac}");
    Some(Fixed { value: digits.parse().ok()?, decimals: frac.len() as u32 })
}

/// Whether two published figures are the same number, whatever decimals each is shown with.
#[must_use]
pub fn same_figure(a: Fixed, b: Fixed) -> bool {
    let d = a.decimals.max(b.decimals);
    let scale = |f: Fixed| i128::from(f.value) * 10_i128.pow(d - f.decimals);
    scale(a) == scale(b)
}

/// A chapter's title line, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    /// The title from the report's name on ("Nations in Transit 2024 - Kazakhstan"), or the
    /// whole line when the country comes first ("Kosovo: Nations in Transit 2019").
    pub title: String,
    /// The edition year.
    pub edition: i32,
    /// The country, when the line names one.
    pub country: Option<String>,
}

/// The title line: "Nations in Transit 2024 - Kazakhstan", the country first ("Kosovo: Nations
/// in Transit 2019", as a browser's tab or a byline gives it), or the report and year alone
/// ("Nations in Transit 2019", as the site prints pages whose country only its menus name).
#[must_use]
pub fn title(line: &str, method: &Methodology) -> Option<Title> {
    let at = line.find(method.report.as_str())?;
    let title = &line[at..];
    let rest = title[method.report.len()..].strip_prefix(' ')?;
    let year = rest.get(..4)?;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let edition: i32 = year.parse().ok()?;
    let rest = rest[4..].trim_start();
    if rest.is_empty() {
        let before = line[..at].trim_end();
        if before.is_empty() {
            return Some(Title { title: title.to_owned(), edition, country: None });
        }
        // "Kosovo: Nations in Transit 2019", "Kosovo – Nations in Transit 2019".
        let country = before.strip_suffix([':', '-', '–', '—', '|'])?.trim();
        return plausible_name(country).then(|| Title {
            title: line.to_owned(),
            edition,
            country: Some(country.to_owned()),
        });
    }
    let country = rest.strip_prefix(['-', '–', '—', ':'])?.trim();
    if country.is_empty() || country.len() > 80 {
        return None;
    }
    Some(Title { title: title.to_owned(), edition, country: Some(country.to_owned()) })
}

/// Whether `name` reads as a country's name: one to five words, each starting with a capital
/// letter (or a lower-case joining word: "and", "of", "the"), no digits, at most 60 bytes.
fn plausible_name(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    !name.is_empty()
        && name.len() <= 60
        && words.len() <= 5
        && words.first().and_then(|w| w.chars().next()).is_some_and(char::is_uppercase)
        && !name.chars().any(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '•'))
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) || matches!(*w, "and" | "of" | "the"))
}

/// The site's heading over its country box after a chapter, "On Kosovo": the country.
#[must_use]
pub fn site_country(line: &str) -> Option<&str> {
    let name = line.strip_prefix("On ")?.trim();
    plausible_name(name).then_some(name)
}

/// A byline: "By Jane Doe and John Roe" gives the names. An organisation's name is one
/// author, "and" and all: "By Group for Legal and Political Studies (GLPS)" (a name with a
/// parenthesis or a lower-case "for", "of", "on", "in" or "the").
#[must_use]
pub fn byline(line: &str) -> Option<Vec<String>> {
    let names = line.strip_prefix("By ")?.trim();
    if names.is_empty() || names.len() > 200 {
        return None;
    }
    let organisation =
        |name: &str| name.contains('(') || name.split(' ').any(|w| matches!(w, "for" | "of" | "on" | "in" | "the"));
    Some(
        names
            .split(", ")
            .flat_map(|n| if organisation(n) { vec![n] } else { n.split(" and ").collect() })
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect(),
    )
}

/// One entry of the footnote list, read from its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FootnoteLine {
    /// The label ("12").
    pub label: String,
    /// The citation, without the address and access date.
    pub text: String,
    /// The address at the end of the line, if any.
    pub url: Option<String>,
    /// The access date, if the line gives one that reads as a date.
    pub accessed: Option<NaiveDate>,
    /// An "(accessed …)" that did not read as a date, kept in the text.
    pub unread_date: bool,
}

/// How far past the number expected next a footnote-list entry may be (entries lost in the
/// copy), and how far a "12." entry may be from it in either direction.
pub const FOOTNOTE_GAP: u32 = 5;

/// A footnote line: `1. Citation https://x (accessed 2024-01-15)`, `1 Citation`, `[1] Citation`.
///
/// `expected` is the number the list is due to give next (1 for its first entry). A line
/// opening with a number is an entry only when the number is plausibly the list's: a bracketed
/// `[12]` always is; `12.`, `12)` or `12:` within [`FOOTNOTE_GAP`] of `expected` (lists skip
/// or repeat an entry now and then); a number followed by a plain space only from `expected`
/// to `expected + FOOTNOTE_GAP`. So "2024 was a year …" after a list is the page's text, not
/// footnote 2024.
#[must_use]
pub fn footnote_line(line: &str, expected: u32) -> Option<FootnoteLine> {
    let line = line.trim();
    let (label, rest, marked) = if let Some(inner) = line.strip_prefix('[') {
        let (label, rest) = inner.split_once(']')?;
        (label, rest, true)
    } else {
        let end = line.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &line[end..];
        let separated = rest.strip_prefix(['.', ')', ':']);
        (&line[..end], separated.unwrap_or(rest), separated.is_some())
    };
    if label.is_empty() || label.len() > 4 || !label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let number: u32 = label.parse().ok()?;
    let bracketed = line.starts_with('[');
    let plausible = if bracketed {
        number >= 1
    } else if marked {
        number >= 1 && number.abs_diff(expected) <= FOOTNOTE_GAP
    } else {
        number >= expected.max(1) && number - expected.max(1) <= FOOTNOTE_GAP
    };
    if !plausible {
        return None;
    }
    let mut text = rest.trim();
    let mut accessed = None;
    let mut unread_date = false;
    if let Some(open) = text.strip_suffix(')').and_then(|t| rfind_ci(t, "(accessed ")) {
        let inner = text[open + "(accessed ".len()..text.len() - 1].trim();
        let inner = inner.strip_prefix("on ").unwrap_or(inner);
        match parse_date(inner) {
            Some(date) => {
                accessed = Some(date);
                text = text[..open].trim_end();
            }
            None => unread_date = true,
        }
    }
    let mut url = None;
    if !unread_date {
        let start = text.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let last = &text[start..];
        if last.starts_with("http://") || last.starts_with("https://") || last.starts_with("www.") {
            url = Some(last.to_owned());
            text = text[..start].trim_end();
        }
    }
    Some(FootnoteLine { label: label.to_owned(), text: text.to_owned(), url, accessed, unread_date })
}

/// Byte offset of the last `needle` in `hay`, ignoring ASCII case.
fn rfind_ci(hay: &str, needle: &str) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| hay.get(i..i + needle.len()).is_some_and(|s| s.eq_ignore_ascii_case(needle)))
}

/// A date as footnotes write it: "2024-01-15", "January 15, 2024", "15 January 2024".
fn parse_date(text: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%B %e, %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Methodology {
        Methodology::nit_2020()
    }

    #[test]
    fn headings() {
        let m = m();
        assert_eq!(heading("Score changes in 2024", &m), Some(Heading::ScoreChanges));
        assert_eq!(heading("Score Changes", &m), Some(Heading::ScoreChanges));
        assert_eq!(heading("Score changes in the year were many", &m), None);
        assert_eq!(heading("At-A-Glance", &m), Some(Heading::Text("at_a_glance".into())));
        assert_eq!(heading("At a Glance:", &m), Some(Heading::Text("at_a_glance".into())));
        assert_eq!(heading("Executive Summary", &m), Some(Heading::Text("executive_summary".into())));
        assert_eq!(
            heading("National Democratic Governance 1.00-7.00 pts", &m),
            Some(Heading::Category { code: "NDG".into(), rating: None })
        );
        assert_eq!(
            heading("Corruption 1.00-7.00 pts 2.75 / 7.00", &m),
            Some(Heading::Category { code: "CO".into(), rating: Some(Rating::from_hundredths(275)) })
        );
        // The data layout's names of an item's column are names of the item too.
        assert_eq!(heading("NDG", &m), None, "a code alone is no heading");
        assert_eq!(heading("Corruption remained rampant in the regions.", &m), None);
        assert_eq!(heading("Corruptions", &m), None);
        // Another methodology's titles and items.
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| unreachable!());
        assert_eq!(heading("Key Developments", &fiw), Some(Heading::Text("key_developments".into())));
        assert_eq!(heading("Executive Summary", &fiw), None);
        assert_eq!(
            heading("Head of government elected 3 / 4", &fiw),
            Some(Heading::Category { code: "A1".into(), rating: Some(Rating::from_hundredths(300)) })
        );
    }

    #[test]
    fn group_headings() {
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| unreachable!());
        let f = |v| Fixed { value: v, decimals: 0 };
        let group = |code: &str, figure: Option<(&str, Fixed)>| {
            Some(GroupHeading { code: code.into(), figure: figure.map(|(id, v)| (id.into(), v)) })
        };
        assert_eq!(group_heading("A. Electoral Process 6 / 12", &fiw), group("A", Some(("A", f(6)))));
        assert_eq!(group_heading("Electoral Process", &fiw), group("A", None));
        assert_eq!(group_heading("Political Rights 21 / 40", &fiw), group("PR", Some(("PR", f(21)))));
        assert_eq!(group_heading("F. Rule of Law 7/16", &fiw), group("F", Some(("F", f(7)))));
        // Over another denominator, or followed by words, it is text.
        assert_eq!(group_heading("A. Electoral Process 6 / 16", &fiw), None);
        assert_eq!(group_heading("Rule of Law is weak.", &fiw), None);
        assert_eq!(group_heading("Political Rights rating 4 / 7", &fiw), None);
        // A group narrated on its own (a BTI criterion) is a section, not a group heading.
        let bti = Methodology::builtin("bti").unwrap_or_else(|| unreachable!());
        assert_eq!(group_heading("Stateness", &bti), None);
        assert!(group_heading("Democracy Status", &bti).is_some_and(|g| g.code == "DEM"));
        // Nations in Transit has no groups.
        assert_eq!(group_heading("Corruption", &m()), None);
    }

    #[test]
    fn figure_values() {
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| unreachable!());
        let figure = |id: &str| fiw.def.figures.iter().find(|f| f.id == id).unwrap_or_else(|| unreachable!());
        let mean = figure("Ratings mean");
        assert!(denominators(mean).is_empty());
        assert_eq!(figure_value("4.0", mean), Some((Fixed { value: 40, decimals: 1 }, "")));
        assert_eq!(
            figure_value("53 / 100 Partly Free", figure("Total")),
            Some((Fixed { value: 53, decimals: 0 }, "Partly Free"))
        );
        assert_eq!(figure_value("53 / 40", figure("Total")), None);
        assert_eq!(denominators(figure("PR rating")), ["7"]);
    }

    #[test]
    fn ratings_and_fractions() {
        let m = m();
        let (r, before) = trailing_rating("Looks at graft and its control. 1.25 / 7.00", &m, "CO").unwrap();
        assert_eq!((r.to_string().as_str(), before), ("1.25", "Looks at graft and its control. "));
        assert!(trailing_rating("1.50 7.00", &m, "CO").is_some());
        assert!(trailing_rating("1.50/7.00", &m, "CO").is_some());
        assert!(trailing_rating("It fell to 7.00", &m, "CO").is_none());
        assert_eq!(rating_example(&m, "CO"), "1.25 / 7.00");
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| unreachable!());
        assert_eq!(trailing_rating("2 / 4", &fiw, "A1").map(|(r, _)| r.hundredths()), Some(200));
        assert_eq!(trailing_rating("2.00 / 4", &fiw, "A1"), None);
        assert_eq!(rating_example(&fiw, "A1"), "1 / 4");
        let f = |v, d| Fixed { value: v, decimals: d };
        assert_eq!(
            leading_fraction("5 / 100 Consolidated Authoritarian Regime", &["100"]),
            Some((f(5, 0), "Consolidated Authoritarian Regime"))
        );
        assert_eq!(leading_fraction("35.71 100", &["100"]), Some((f(3571, 2), "")));
        assert_eq!(leading_fraction("1.29/7", &["7"]), Some((f(129, 2), "")));
        assert_eq!(leading_fraction("1.29 / 8", &["7"]), None);
        assert!(same_figure(f(5, 0), f(500, 2)));
        assert!(!same_figure(f(476, 2), f(48, 1)));
    }

    #[test]
    fn titles_bylines_tokens() {
        let m = m();
        let t = |title: &str, country: Option<&str>| Title {
            title: title.into(),
            edition: if title.contains("2019") { 2019 } else { 2024 },
            country: country.map(Into::into),
        };
        assert_eq!(
            title("Nations in Transit 2024 – Kazakhstan", &m),
            Some(t("Nations in Transit 2024 – Kazakhstan", Some("Kazakhstan")))
        );
        assert_eq!(title("Nations in Transit 2019", &m), Some(t("Nations in Transit 2019", None)));
        assert_eq!(
            title("Kosovo: Nations in Transit 2019", &m),
            Some(t("Kosovo: Nations in Transit 2019", Some("Kosovo")))
        );
        assert_eq!(
            title("Bosnia and Herzegovina – Nations in Transit 2019", &m),
            Some(t("Bosnia and Herzegovina – Nations in Transit 2019", Some("Bosnia and Herzegovina")))
        );
        assert_eq!(title("Nations in Transit is a report", &m), None);
        assert_eq!(title("Read more about Nations in Transit 2019", &m), None);
        assert_eq!(site_country("On Kosovo"), Some("Kosovo"));
        assert_eq!(site_country("On North Macedonia"), Some("North Macedonia"));
        assert_eq!(site_country("On the whole, things got worse."), None);
        assert_eq!(site_country("On 12 May"), None);
        assert_eq!(byline("By Ann Lee and Bo Kim"), Some(vec!["Ann Lee".into(), "Bo Kim".into()]));
        assert_eq!(
            byline("By Group for Legal and Political Studies (GLPS)"),
            Some(vec!["Group for Legal and Political Studies (GLPS)".into()])
        );
        assert_eq!(
            byline("By Ann Lee, Institute of Law and Society"),
            Some(vec!["Ann Lee".into(), "Institute of Law and Society".into()])
        );
        assert!(is_page_token("DEMOCRACY-SCORE") && is_page_token("header2"));
        assert!(!is_page_token("CSOs") && !is_page_token("OSCE") && !is_page_token("header"));
    }

    #[test]
    fn tokens_at_the_start_of_a_line() {
        assert_eq!(strip_page_tokens("header1 Score changes in 2019"), "Score changes in 2019");
        assert_eq!(
            strip_page_tokens("DEMOCRACY-PERCENTAGE Democracy Percentage 35.12 100"),
            "Democracy Percentage 35.12 100"
        );
        assert_eq!(strip_page_tokens("header2\u{a0}DEMOCRACY-SCORE Democracy Score 3.11 7"), "Democracy Score 3.11 7");
        assert_eq!(strip_page_tokens("header3"), "");
        assert_eq!(strip_page_tokens("  • A bullet.1"), "  • A bullet.1");
        // Prose that opens with an upper-case, hyphenated word keeps it.
        assert_eq!(strip_page_tokens("OSCE-ODIHR observers said so."), "OSCE-ODIHR observers said so.");
        assert_eq!(strip_page_tokens("headers are not tokens"), "headers are not tokens");
    }

    #[test]
    fn footnote_lines() {
        let l = footnote_line(
            "12. A. Writer, “A Title,” Daily, 3 May 2023, https://example.org/a (accessed 2024-01-15)",
            12,
        )
        .unwrap();
        assert_eq!(l.label, "12");
        assert_eq!(l.text, "A. Writer, “A Title,” Daily, 3 May 2023,");
        assert_eq!(l.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(l.accessed, NaiveDate::from_ymd_opt(2024, 1, 15));
        let l = footnote_line("[3] Only words", 3).unwrap();
        assert_eq!((l.label.as_str(), l.text.as_str(), l.url), ("3", "Only words", None));
        let l = footnote_line("4 Words https://x.org", 4).unwrap();
        assert_eq!((l.label.as_str(), l.text.as_str()), ("4", "Words"));
        assert!(footnote_line("12th of May", 12).is_none());
        assert!(footnote_line("On Kazakhstan", 1).is_none());
        let l = footnote_line("5. Text (accessed sometime)", 5).unwrap();
        assert!(l.unread_date && l.text == "Text (accessed sometime)");
    }

    #[test]
    fn a_year_opening_a_sentence_is_no_footnote() {
        // After a list of 82, and at its start: "2024 was a year …" is the page's text.
        assert_eq!(footnote_line("2024 was a year of change.", 83), None);
        assert_eq!(footnote_line("2024 was a year of change.", 1), None);
        assert_eq!(footnote_line("2024. A year of change.", 83), None);
        assert_eq!(footnote_line("30 percent of the seats went to independents.", 12), None);
        // Entries near the number expected are read, a few lost in the copy or one repeated.
        assert!(footnote_line("85 Source.", 83).is_some_and(|l| l.label == "85"));
        assert!(footnote_line("82. Source.", 83).is_some_and(|l| l.label == "82"));
        assert!(footnote_line("[2024] Source.", 1).is_some_and(|l| l.label == "2024"));
        assert_eq!(footnote_line("90 Source.", 83), None);
    }
}
