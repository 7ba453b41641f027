//! Footnote and marker checks: every marker has a definition, every definition is cited, labels
//! are unique and numbered in order of first appearance, citations are not empty and their
//! addresses parse.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{Code, Finding, Location};
use crate::method::Methodology;
use crate::model::markers::{self, MarkerProblem};
use crate::model::{Chapter, Footnote, Id, Section, TextBlock};

/// Adds the footnote findings of `chapter` to `out`; the order of first appearance is the
/// reading order under `method`.
pub(super) fn check(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    let defined = check_definitions(chapter, out, &mut |f| url_of(f).and_then(url_problem));
    let mut used: HashSet<&str> = HashSet::new();
    let blocks: Vec<(Section, &TextBlock)> = chapter.blocks_in_order(method);
    for (section, block) in &blocks {
        let found = markers::scan(&block.text);
        marker_findings(
            section,
            block.id,
            found.iter().map(|m| (m.label, &m.range, m.problem)),
            |l| defined.contains(l),
            out,
        );
        used.extend(found.iter().filter(|m| m.problem.is_none()).map(|m| m.label));
    }
    unused(chapter, |label| used.contains(label), out);
    let cited = blocks.iter().flat_map(|(section, block)| {
        markers::scan(&block.text)
            .into_iter()
            .filter(|m| m.problem.is_none())
            .map(move |m| (section, block.id, m.label, m.range))
    });
    check_order(cited, out);
}

/// A footnote's address as the checks read it: trimmed, `None` when blank.
pub(super) fn url_of(f: &Footnote) -> Option<&str> {
    f.url.as_deref().map(str::trim).filter(|u| !u.is_empty())
}

/// The findings of one block's markers (`label`, byte range, problem), in order: each
/// malformed marker, and each marker of a label `defined` does not hold.
pub(super) fn marker_findings<'m>(
    section: &Section,
    block: Id,
    found: impl Iterator<Item = (&'m str, &'m Range<usize>, Option<MarkerProblem>)>,
    defined: impl Fn(&str) -> bool,
    out: &mut Vec<Finding>,
) {
    for (label, range, problem) in found {
        let at = || Location::in_block(section.clone(), block, range.clone());
        if let Some(problem) = problem {
            out.push(Finding::new(Code::MarkerMalformed, at(), malformed_message(problem, label)));
        } else if !defined(label) {
            out.push(Finding::new(
                Code::FootnoteMissing,
                at(),
                format!("footnote {} has no definition", markers::marker(label)),
            ));
        }
    }
}

/// A `footnote-unused` finding for each footnote whose label is not `used` (once a label, and
/// not for labels no marker could use).
pub(super) fn unused(chapter: &Chapter, used: impl Fn(&str) -> bool, out: &mut Vec<Finding>) {
    let mut reported = HashSet::new();
    for f in &chapter.footnotes {
        if !used(&f.label) && reported.insert(f.label.as_str()) && is_usable_label(&f.label) {
            out.push(Finding::new(
                Code::FootnoteUnused,
                Location::footnote(f.id),
                format!("footnote {} is not cited anywhere in the text", markers::marker(&f.label)),
            ));
        }
    }
}

/// Checks each definition on its own and against the others; returns the labels defined.
/// `url` says what is wrong with a footnote's address (the live checks remember it).
pub(super) fn check_definitions<'c>(
    chapter: &'c Chapter,
    out: &mut Vec<Finding>,
    url: &mut dyn FnMut(&Footnote) -> Option<&'static str>,
) -> HashSet<&'c str> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, f) in chapter.footnotes.iter().enumerate() {
        let at = || Location::footnote(f.id);
        let shown = || markers::marker(&f.label);
        if !is_usable_label(&f.label) {
            out.push(Finding::new(
                Code::FootnoteLabelInvalid,
                at(),
                format!(
                    "footnote entry {} has the label \"{}\", which no marker can use (labels have no spaces or brackets)",
                    i + 1,
                    f.label
                ),
            ));
        } else if let Some(&j) = first.get(f.label.as_str()) {
            out.push(Finding::new(
                Code::FootnoteDuplicate,
                at(),
                format!("footnote {} is defined twice (entries {} and {})", shown(), j + 1, i + 1),
            ));
        } else {
            first.insert(&f.label, i);
        }
        if f.text.trim().is_empty() {
            out.push(Finding::new(Code::FootnoteEmpty, at(), format!("footnote {} has no citation text", shown())));
        }
        if let Some(why) = url(f) {
            let url = f.url.as_deref().unwrap_or_default();
            out.push(Finding::new(
                Code::FootnoteUrl,
                at(),
                format!("footnote {} has an address that is not a valid URL ({why}): {url}", shown()),
            ));
        }
    }
    first.into_keys().collect()
}

/// One finding at the first numbered footnote that appears out of order; failing that, one
/// note at the first number skipped. `cited` is every well-formed marker in reading order.
pub(super) fn check_order<'c>(
    cited: impl Iterator<Item = (&'c Section, Id, &'c str, Range<usize>)>,
    out: &mut Vec<Finding>,
) {
    // Numbered labels in order of first appearance, with where they first appear.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut first: Vec<(u64, &str, &Section, Id, Range<usize>)> = Vec::new();
    for (section, block, label, range) in cited {
        if seen.insert(label)
            && let Some(n) = number(label)
        {
            first.push((n, label, section, block, range));
        }
    }
    let mut highest: Option<(u64, &str)> = None;
    for (n, label, place, block, range) in &first {
        if let Some((h, h_label)) = highest
            && *n < h
        {
            out.push(Finding::new(
                Code::FootnoteOrder,
                Location::in_block((*place).clone(), *block, range.clone()),
                format!(
                    "footnote {} first appears after {}: footnotes are not numbered in order of appearance (renumber to fix)",
                    markers::marker(label),
                    markers::marker(h_label)
                ),
            ));
            return;
        }
        highest = Some((*n, label));
    }
    for (expected, (n, label, place, block, range)) in (1_u64..).zip(&first) {
        if *n != expected {
            let message = if expected == 1 {
                format!("footnote numbering starts at {}, not [^1] (renumber to fix)", markers::marker(label))
            } else {
                format!(
                    "footnote numbering skips from [^{}] to {} (renumber to fix)",
                    expected - 1,
                    markers::marker(label)
                )
            };
            out.push(Finding::new(
                Code::FootnoteNumberingGap,
                Location::in_block((*place).clone(), *block, range.clone()),
                message,
            ));
            return;
        }
    }
}

/// The message for a malformed marker.
fn malformed_message(problem: MarkerProblem, label: &str) -> String {
    match problem {
        MarkerProblem::Unclosed => format!("footnote marker \"[^{label}\" has no closing \"]\""),
        MarkerProblem::EmptyLabel => "footnote marker \"[^]\" has no label".to_owned(),
        MarkerProblem::Whitespace => format!("footnote marker \"[^{label}]\" has spaces in its label"),
    }
}

/// The number a label stands for, if it is all digits.
pub(crate) fn number(label: &str) -> Option<u64> {
    if label.is_empty() || !label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    label.parse().ok()
}

/// Whether a marker could refer to this label: not empty, no white space, no brackets.
pub(super) fn is_usable_label(label: &str) -> bool {
    !label.is_empty() && !label.chars().any(|c| c.is_whitespace() || c == '[' || c == ']' || c == '^')
}

/// Why `url` is not a URL a reader could follow, or `None` if it is one.
///
/// This checks the shape an absolute URL must have (RFC 3986): a scheme, then for web
/// addresses `//` and a host; no spaces or characters a URL cannot hold unescaped; a port of
/// digits. It does not resolve anything.
pub(crate) fn url_problem(url: &str) -> Option<&'static str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it has spaces in it");
    }
    if url.chars().any(|c| matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')) {
        return Some("it has characters a URL cannot hold");
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return Some("it has no scheme such as https://");
    };
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Some("it has no scheme such as https://");
    }
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https" | "ftp") {
        return if rest.is_empty() { Some("nothing follows the scheme") } else { None };
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Some("\"//\" is missing after the scheme");
    };
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if host_port.starts_with('[') {
        // An IPv6 literal: "[::1]" or "[::1]:8080".
        match host_port.find(']') {
            Some(end) => {
                let after = &host_port[end + 1..];
                match after.strip_prefix(':') {
                    Some(p) => (&host_port[..=end], Some(p)),
                    None if after.is_empty() => (&host_port[..=end], None),
                    None => return Some("its host name is not valid"),
                }
            }
            None => return Some("its host name is not valid"),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return Some("it has no host name");
    }
    let ip6 = host.starts_with('[') && host.ends_with(']');
    let host_ok = ip6
        || (host.split('.').all(|part| !part.is_empty())
            && host.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '%')));
    if !host_ok {
        return Some("its host name is not valid");
    }
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u16>().is_err()) {
        return Some("its port is not a number");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://www.osce.org/odihr/elections/kazakhstan/544548",
            "http://example.com:8080/a?b=c#d",
            "https://user@host.kz/x",
            "https://қазақстан.kz/",
            "https://[::1]:80/",
            "https://[::1]/",
            "doi:10.1000/182",
            "mailto:press@example.org",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        assert_eq!(url_problem("www.example.com"), Some("it has no scheme such as https://"));
        assert_eq!(url_problem("https//example.com"), Some("it has no scheme such as https://"));
        assert_eq!(url_problem("http:/example.com"), Some("\"//\" is missing after the scheme"));
        assert_eq!(url_problem("https://exa mple.com"), Some("it has spaces in it"));
        assert_eq!(url_problem("https:///path"), Some("it has no host name"));
        assert_eq!(url_problem("https://a..b/"), Some("its host name is not valid"));
        assert_eq!(url_problem("https://a.b:http/"), Some("its port is not a number"));
        assert_eq!(url_problem("https://a.b/<x>"), Some("it has characters a URL cannot hold"));
        assert_eq!(url_problem("1https://a.b"), Some("it has no scheme such as https://"));
        assert_eq!(url_problem("mailto:"), Some("nothing follows the scheme"));
        assert_eq!(url_problem("https://[::1/"), Some("its host name is not valid"));
        assert_eq!(url_problem("https://a.b:99999/"), Some("its port is not a number"));
    }

    #[test]
    fn numbers() {
        assert_eq!(number("12"), Some(12));
        assert_eq!(number("007"), Some(7));
        assert_eq!(number("a1"), None);
        assert_eq!(number(""), None);
        assert_eq!(number("99999999999999999999999"), None);
    }
}
