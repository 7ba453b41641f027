//! A Freedom in the World chapter for the export, PDF and review-copy tests: an invented
//! country, every indicator scored, our own prose with footnotes.
#![allow(dead_code)] // Each test file uses what it needs.

use chrono::{TimeZone, Utc};
use rapporteur::method::Methodology;
use rapporteur::model::review::{Anchor, Person, Role, Signed};
use rapporteur::model::{Authors, Chapter};
use rapporteur::{Id, Rating};

fn note(c: &mut Chapter, label: &str, text: &str, url: Option<&str>) {
    c.add_footnote(label.to_owned(), text.to_owned(), url.map(str::to_owned));
}

/// Freedom in the World, built in.
pub fn fiw() -> Methodology {
    Methodology::builtin("fiw").unwrap_or_else(|| panic!("fiw is built in"))
}

/// Freedonia's scores for the 2025 edition, indicator by indicator (0–4, 4 freest). Last year
/// A1 was 4 and D1 was 3; everything else is unchanged. Sums: A 8, B 9, C 5 (PR 22), D 10,
/// E 6, F 6, G 9 (CL 31); total 53 (last year 55); both ratings 4, so Partly Free.
pub const FREEDONIA: [(&str, u32); 25] = [
    ("A1", 3),
    ("A2", 3),
    ("A3", 2),
    ("B1", 3),
    ("B2", 2),
    ("B3", 2),
    ("B4", 2),
    ("C1", 2),
    ("C2", 1),
    ("C3", 2),
    ("D1", 2),
    ("D2", 3),
    ("D3", 3),
    ("D4", 2),
    ("E1", 2),
    ("E2", 2),
    ("E3", 2),
    ("F1", 1),
    ("F2", 1),
    ("F3", 2),
    ("F4", 2),
    ("G1", 3),
    ("G2", 2),
    ("G3", 2),
    ("G4", 2),
];

pub fn para(c: &mut Chapter, code: &str, text: &str) {
    let b = c.new_block(text);
    c.category_mut(code).unwrap_or_else(|| panic!("{code} is in the chapter")).bullets.push(b);
}

/// A Freedom in the World 2025 chapter for an invented country: every indicator scored (the
/// discretionary question Q left unasked, as for most countries), an overview, key
/// developments, two score changes, and a justification of a paragraph or two with footnotes
/// for a few indicators. Our own prose throughout.
pub fn freedonia() -> Chapter {
    let m = fiw();
    let mut c = Chapter::new(&m, "Freedonia", 2025);
    c.authors = Authors::Named(vec!["Mara Ilić".into()]);
    for (code, points) in FREEDONIA {
        let last = match code {
            "A1" => 4,
            "D1" => 3,
            _ => points,
        };
        let entry = c.category_mut(code).unwrap_or_else(|| panic!("{code} is in the chapter"));
        entry.rating = Some(Rating::from_hundredths(points * 100));
        entry.last_year = Some(Rating::from_hundredths(last * 100));
    }
    note(
        &mut c,
        "cec",
        "Central Election Commission of Freedonia, final results of the presidential election, 14 April 2024.",
        Some("https://example.org/cec/2024"),
    );
    note(
        &mut c,
        "observers",
        "Election observation mission, statement of preliminary findings, 15 April 2024.",
        Some("https://example.org/observers"),
    );
    note(&mut c, "press", "Union of Freedonian Journalists, annual report on media freedom, January 2025.", None);
    let p = c.new_block(
        "Freedonia holds regular elections, but the ruling party dominates public life and the courts rarely check its \
         power.[^observers] Journalists and civic groups work under growing pressure.",
    );
    c.text_mut("overview").push(p);
    let p = c.new_block(
        "In April, President Teasdale won a second term in an election that observers called orderly but \
         uneven.[^cec][^observers]",
    );
    c.text_mut("key_developments").push(p);
    let p = c.new_block(
        "In October, parliament passed a law obliging media outlets with foreign funding to register as foreign \
         agents.[^press]",
    );
    c.text_mut("key_developments").push(p);
    let b = c.new_block(
        "A1: The score declined from 4 to 3 due to the use of state resources in the president's reelection campaign.",
    );
    c.score_changes.push(b);
    let b = c.new_block(
        "D1: The score declined from 3 to 2 due to a new law that obliges media outlets with foreign funding to \
         register as foreign agents.",
    );
    c.score_changes.push(b);
    para(
        &mut c,
        "A1",
        "President Teasdale was reelected in April with 61 percent of the vote.[^cec] Observers found the count orderly \
         but reported that state employees were pressed to attend campaign rallies.[^observers]",
    );
    para(
        &mut c,
        "A1",
        "The opposition candidate campaigned across the country, although state television gave him a fraction of the \
         airtime the president received.",
    );
    para(
        &mut c,
        "A2",
        "The unicameral parliament was elected in 2022 in polls that observers judged competitive.[^observers]",
    );
    para(
        &mut c,
        "D1",
        "Private newspapers and online outlets criticize the government, but the new foreign-agent law has already led \
         two regional outlets to close.[^press]",
    );
    para(
        &mut c,
        "E1",
        "Rallies require notice to the municipality, which is usually given; in September the police dispersed a small \
         protest against the media law.",
    );
    c
}

/// Freedom in the World's question for an indicator, from the file.
pub fn question(code: &str) -> String {
    fiw().category(code).map_or_else(|| panic!("{code} has a question"), |c| c.description.clone())
}

/// The score card's figures as every format lists them: the total first (the figure the rest
/// lead up to), then the file's order, each with its suffix.
pub const FREEDONIA_FIGURES: [&str; 13] = [
    "Global Freedom Score 53 / 100",
    "Electoral Process 8 / 12",
    "Political Pluralism and Participation 9 / 16",
    "Functioning of Government 5 / 12",
    "Freedom of Expression and Belief 10 / 16",
    "Associational and Organizational Rights 6 / 12",
    "Rule of Law 6 / 16",
    "Personal Autonomy and Individual Rights 9 / 16",
    "Political Rights 22 / 40",
    "Civil Liberties 31 / 60",
    "Political Rights rating 4 / 7",
    "Civil Liberties rating 4 / 7",
    "Mean of the two ratings 4.0",
];

/// Freedonia (a Freedom in the World chapter) with a comment on an indicator's score, one on
/// the discretionary question Q (unasked: left out of a plain export, kept in a review copy),
/// one on a span of a justification paragraph and one on a footnote.
pub fn freedonia_reviewed() -> (Chapter, Id) {
    let mut c = freedonia();
    let reviewer = |hour: u32| Signed {
        by: Person { name: "Dana Reviewer".to_owned(), role: Role::Reviewer },
        at: Utc.with_ymd_and_hms(2026, 11, 20, hour, 15, 30).single().unwrap_or_else(|| panic!("a valid time")),
    };
    let a1 = c.category("A1").map_or_else(|| panic!("A1 has a paragraph"), |e| e.bullets[0].id);
    c.add_comment(Anchor::Rating("A1".into()), None, None, "Is 3 not generous?", reviewer(9))
        .unwrap_or_else(|e| panic!("rating comment: {e}"));
    c.add_comment(Anchor::Rating("Add Q".into()), None, None, "Should Q be asked this year?", reviewer(10))
        .unwrap_or_else(|e| panic!("Q comment: {e}"));
    c.add_comment(
        Anchor::Block(a1),
        Some("61 percent of the vote.[^cec]".into()),
        None,
        "Official figure?",
        reviewer(11),
    )
    .unwrap_or_else(|e| panic!("span comment: {e}"));
    let press = c.footnotes.iter().find(|f| f.label == "press").map_or_else(|| panic!("a press note"), |f| f.id);
    c.add_comment(Anchor::Footnote(press), None, None, "Add the report's address.", reviewer(12))
        .unwrap_or_else(|e| panic!("footnote comment: {e}"));
    (c, a1)
}
