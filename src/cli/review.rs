//! `review`: where a chapter's review stands, category by category, from the model's
//! [`Summary`].

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rapporteur::method::Methodology;
use rapporteur::model::Section;
use rapporteur::model::review::{CategorySummary, Summary};
use serde::Serialize;

use super::chapter::load;

/// What `rapporteur review --json` prints: the model's [`Summary`] with exactly these keys, in
/// this order.
#[derive(Serialize)]
struct ReviewJson<'s> {
    /// Per category, in the chapter's order.
    categories: &'s [CategorySummary],
    /// Open comments in the whole chapter, detached ones included.
    open_comments: usize,
    /// Open rating proposals.
    open_proposals: usize,
    /// Comments whose block, footnote or category is gone.
    detached: usize,
}

/// `rapporteur review FILE [--json]`: exit 0 when every category is agreed and nothing is
/// open, 1 while a comment, a proposal or a category not agreed is left.
pub fn review(path: &Path, json: bool) -> Result<ExitCode, String> {
    let (chapter, method) = load(path)?;
    let summary = Summary::of(&chapter);
    if json {
        let out = ReviewJson {
            categories: &summary.categories,
            open_comments: summary.open_comments,
            open_proposals: summary.open_proposals,
            detached: summary.detached,
        };
        let text = serde_json::to_string_pretty(&out).map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", review_text(&summary, &method));
    }
    Ok(if summary.anything_open() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The review as text, a line per category and a totals line:
///
/// ```text
/// National Democratic Governance  agreed                no open comments, no open proposals
/// Local Democratic Governance     changed-since-agreed  2 open comments, 1 open proposal
/// Total: 1 of 2 categories agreed; 2 open comments (none detached), 1 open proposal
/// ```
fn review_text(summary: &Summary, method: &Methodology) -> String {
    let names: Vec<String> =
        summary.categories.iter().map(|c| Section::Category(c.code.clone()).title(method)).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let state_width = summary.categories.iter().map(|c| c.state.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (c, name) in summary.categories.iter().zip(&names) {
        let _ = writeln!(
            out,
            "{name:width$}  {:state_width$}  {}, {}",
            c.state,
            count(c.open_comments, "open comment"),
            count(c.open_proposals, "open proposal")
        );
    }
    let detached = if summary.detached == 0 { "none".to_owned() } else { summary.detached.to_string() };
    let _ = writeln!(
        out,
        "Total: {} of {} categories agreed; {} ({detached} detached), {}",
        summary.agreed,
        summary.categories.len(),
        count(summary.open_comments, "open comment"),
        count(summary.open_proposals, "open proposal")
    );
    out
}

/// "no open comments", "1 open comment", "3 open comments".
fn count(n: usize, what: &str) -> String {
    match n {
        0 => format!("no {what}s"),
        1 => format!("1 {what}"),
        _ => format!("{n} {what}s"),
    }
}
