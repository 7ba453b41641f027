//! `index::parse` refuses a methodology that does not make sense, saying where: every check
//! with its exact message and line:column, on a hand-written fourth index (3 indicators, a
//! lookup table) with one mistake put in.

use std::path::Path;

use rapporteur::index::{self, ScoreTree, Value};
use rapporteur::score::Direction;

const PRESS: &str = include_str!("fixtures/methodology/press.ron");

/// The fixture with `from` replaced by `to` (which must occur exactly once).
fn with(from: &str, to: &str) -> String {
    assert_eq!(PRESS.matches(from).count(), 1, "{from:?} occurs once in the fixture");
    PRESS.replacen(from, to, 1)
}

/// Every problem as `LINE:COL: message`.
fn problems(text: &str) -> Vec<String> {
    index::check_text(text).iter().map(ToString::to_string).collect()
}

#[test]
fn the_hand_written_index_loads_and_scores() {
    assert_eq!(problems(PRESS), Vec::<String>::new());
    let def = index::load(Path::new("tests/fixtures/methodology/press.ron")).unwrap_or_else(|e| panic!("{e}"));
    let r = |l: i64, p: i64, e: i64| {
        [("L", l), ("P", p), ("E", e)].iter().map(|(c, x)| ((*c).to_owned(), Some(Value::int(*x)))).collect()
    };
    let now = ScoreTree::compute(&def, 2024, &r(8, 6, 5));
    let shown = |t: &ScoreTree, id: &str| t.figure(id).and_then(|f| f.shown).map(|s| s.to_string());
    // Total 19 → grade 2, "Restricted"; weighted (2·8 + 6 + 5) / 4 = 6.75, headline 7.
    assert_eq!(shown(&now, "Total").as_deref(), Some("19"));
    assert_eq!(shown(&now, "Grade").as_deref(), Some("2"));
    assert_eq!(shown(&now, "Weighted").as_deref(), Some("6.75"));
    assert_eq!(now.figure("Weighted").and_then(|f| f.headline).map(|h| h.to_string()).as_deref(), Some("7"));
    assert_eq!(now.classification("class").and_then(|c| c.class.as_deref()), Some("Restricted"));
    let last = ScoreTree::compute(&def, 2023, &r(8, 7, 5));
    let changes = now.changes(&last, &def);
    let class = changes.iter().find(|c| c.code == "class").unwrap_or_else(|| panic!("class moved"));
    assert_eq!((class.direction, class.must_explain), (Direction::Declined, true));
    assert_eq!(class.sentence(&def, "Ruritania", ""), Some("Ruritania is now Restricted (was Open).".into()));
    let grade = changes.iter().find(|c| c.code == "Grade").unwrap_or_else(|| panic!("grade moved"));
    assert_eq!((grade.from.as_str(), grade.to.as_str(), grade.direction), ("1", "2", Direction::Declined));
    // The outline in published order, with the group's figure.
    let outline: Vec<String> = now
        .outline
        .iter()
        .map(|l| match l {
            index::OutlineLine::Group { code, depth, figure, .. } => {
                format!("{depth} {code} ({})", figure.as_deref().unwrap_or(""))
            }
            index::OutlineLine::Item(i) => {
                format!("{} {} {}", i.depth, i.code, i.shown.map(|s| s.to_string()).unwrap_or_default())
            }
        })
        .collect();
    assert_eq!(outline, ["0 PF (Total)", "1 L 8", "1 P 6", "1 E 5"]);
}

#[test]
fn a_gap_in_a_lookup_table() {
    assert_eq!(
        problems(&with("(from: 10, to: 19, value: 2)", "(from: 10, to: 18, value: 2)")),
        [
            "26:17: figure \"Grade\": no range covers the values between 18 and 20 (the ranges 10 to 18 and 20 to 30 leave a gap)"
        ]
    );
}

#[test]
fn an_overlap_in_a_lookup_table() {
    assert_eq!(
        problems(&with("(from: 10, to: 19, value: 2)", "(from: 10, to: 20, value: 2)")),
        ["26:17: figure \"Grade\": the ranges 10 to 20 and 20 to 30 overlap"]
    );
}

#[test]
fn a_lookup_table_that_does_not_reach_the_ends_of_its_input() {
    assert_eq!(
        problems(&with("(from: 20, to: 30, value: 1)", "(from: 20, to: 29, value: 1)")),
        ["25:17: figure \"Grade\": no range covers values above 29, and \"Total\" can be as high as 30"]
    );
}

#[test]
fn a_band_set_that_misses_part_of_the_scale() {
    assert_eq!(
        problems(&with("(label: \"Closed\", when: Otherwise)", "(label: \"Closed\", when: Below(5))")),
        ["42:38: classification \"class\": no band classifies \"Total\" from 5 up to but not 10"]
    );
}

#[test]
fn a_step_that_does_not_divide_the_range() {
    assert_eq!(
        problems(&with("step: 1, decimals: 0", "step: 3, decimals: 0")),
        ["10:38: scale \"ten\": the step 3 does not divide the range 0 to 10 into whole steps"]
    );
}

#[test]
fn a_figure_that_refers_to_something_unknown() {
    assert_eq!(
        problems(&with("Sum([\"L\", \"P\", \"E\"])", "Sum([\"L\", \"P\", \"X\"])")),
        ["20:69: figure \"Total\" refers to \"X\", which is no item or figure"]
    );
}

#[test]
fn a_figure_that_refers_to_itself() {
    assert_eq!(
        problems(&with("Sum([\"L\", \"P\", \"E\"])", "Sum([\"L\", \"P\", \"Total\"])")),
        ["20:69: figure \"Total\" refers to itself"]
    );
}

#[test]
fn figures_that_refer_to_each_other() {
    assert_eq!(
        problems(&with("Sum([\"L\", \"P\", \"E\"])", "Sum([\"L\", \"P\", \"Grade\"])")),
        ["20:14: figures \"Total\" → \"Grade\" → \"Total\" refer to each other in a cycle"]
    );
}

#[test]
fn a_section_that_names_no_known_item() {
    assert_eq!(
        problems(&with("Items(of: [\"PF\"])", "Items(of: [\"PX\"])")),
        ["53:24: a section names \"PX\", which is no item or group"]
    );
}

#[test]
fn duplicate_codes() {
    assert_eq!(
        problems(&with("Item(code: \"E\"", "Item(code: \"P\"")),
        [
            "16:24: \"P\" is defined twice; items, figures and classifications need codes of their own",
            "20:69: figure \"Total\" refers to \"E\", which is no item or figure",
            "34:57: figure \"Weighted\" refers to \"E\", which is no item or figure",
        ]
    );
    assert_eq!(
        problems(&with("id: \"Weighted\"", "id: \"L\"")),
        [
            "32:17: \"L\" is defined twice; items, figures and classifications need codes of their own",
            "34:37: figure \"L\" refers to itself",
        ]
    );
}

#[test]
fn an_unknown_scale_placeholder_and_classification() {
    assert_eq!(
        problems(&with(
            "Political pressure\", questions: [\"Are journalists free from political pressure?\"], scale: \"ten\"",
            "Political pressure\", questions: [\"Are journalists free from political pressure?\"], scale: \"tens\""
        )),
        ["15:126: item \"P\" is rated on scale \"tens\", which is not defined (scales: ten)"]
    );
    assert_eq!(
        problems(&with("{name} {verb} from {from} to {to}: {reason}", "{name} {verb} from {from} to {to}: {because}")),
        [
            "61:19: the template `item` uses {because}, which is not one of {name}, {code}, {country}, {verb}, {from}, {to}, {delta}, {reason}"
        ]
    );
    assert_eq!(
        problems(&with("classifications: [\"class\"]", "classifications: [\"status\"]")),
        ["59:27: the change rules name \"status\", which is no classification"]
    );
}

#[test]
fn syntax_and_shape_errors_carry_rons_position() {
    assert_eq!(
        problems(&with("label: \"Grade\"", "lable: \"Grade\"")),
        ["23:13: expected one of the fields of a figure (id, label, compute, display, best, inputs), found `lable`"]
    );
    assert_eq!(
        problems(&with("best: Low,\n        ),", "best: Lowest,\n        ),")),
        ["29:19: expected one of High, Low, found `Lowest`"]
    );
    assert_eq!(
        problems("Index(\n    id: \"x\",\n"),
        ["2:13: the file ends too early (is it truncated?); expected more"]
    );
}

#[test]
fn rules_that_name_unknown_classes_or_depend_on_each_other() {
    let rules = "rule: Rules([\n                (label: \"Open\", when: Is(\"class\", \"Free\")),\n                (label: \"Closed\", when: Always),\n            ]),";
    let text = with(
        "rule: Bands(of: \"Total\", bands: [\n                (label: \"Open\", when: AtLeast(20)),\n                (label: \"Restricted\", when: AtLeast(10)),\n                (label: \"Closed\", when: Otherwise),\n            ]),",
        rules,
    );
    assert_eq!(problems(&text), ["43:42: classification \"class\" depends on itself"]);
    let text = text.replace("Is(\"class\", \"Free\")", "AtLeast(Mean([Ref(\"L\"), Ref(\"Q\")]), 5)");
    assert_eq!(problems(&text), ["43:67: classification \"class\" refers to \"Q\", which is no item or figure"]);
}

#[test]
fn a_group_summed_up_by_an_unknown_figure_and_a_bad_weight() {
    assert_eq!(
        problems(&with("figure: \"Total\", children", "figure: \"Sum\", children")),
        ["13:58: group \"PF\" is summed up by figure \"Sum\", which is not defined"]
    );
    assert_eq!(
        problems(&with("(\"L\", 2), (\"P\", 1)", "(\"L\", 2), (\"P\", 0)")),
        ["34:13: figure \"Weighted\": every weight of a weighted mean must be above zero"]
    );
}

#[test]
fn a_file_too_large_or_too_deep_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let big = dir.path().join("big.ron");
    std::fs::write(&big, " ".repeat(1024 * 1024 + 1)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        index::load(&big).map_err(|e| e.to_string()),
        Err(format!("{}:1:1: larger than the 1048576 bytes a methodology file may have", big.display()))
    );
    let deep = format!("Formula({}Num(1){})", "Sub(Num(1), ".repeat(200), ")".repeat(200));
    let text = with("Sum([\"L\", \"P\", \"E\"])", &deep);
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("20:") && found[0].ends_with("brackets nest deeper than 128 levels here"),
        "{found:?}"
    );
}
