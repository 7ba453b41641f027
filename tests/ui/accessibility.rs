//! What a screen reader is given: the AccessKit tree of the editor, read and driven as an
//! assistive technology would (by role and accessible name, through AccessKit actions).
use std::collections::BTreeMap;
use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, NodeT, Queryable};
use rapporteur::app::{Action, Dialog, PathPurpose, PendingOp, RapporteurApp, Tab};
use rapporteur::model::Chapter;
use rapporteur::model::review::Role as ReviewRole;

use rapporteur::app::SidePanel;
use rapporteur::recovery::{RecoveredWork, RecoveryMeta};

use crate::common::{MAX_STEPS, STEP, end_of_field, harness, rating, sample, settle, type_keys};

/// A rating is a spin button named after its category, with the methodology's range and step;
/// AccessKit's increment steps it, a value set through it is taken as if typed, and the score
/// card, read as text, follows.
#[test]
fn a_rating_is_a_spin_button_that_a_screen_reader_can_read_and_set() {
    let mut h = harness(sample());
    h.get_by_label("Democracy Score 1.29 of 7");
    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    let node = ndg.accesskit_node();
    assert_eq!(node.numeric_value(), Some(1.25));
    assert_eq!(node.min_numeric_value(), Some(1.0));
    assert_eq!(node.max_numeric_value(), Some(7.0));
    assert_eq!(node.numeric_value_step(), Some(0.25));

    ndg.increment_accesskit();
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));
    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    assert_eq!(ndg.accesskit_node().numeric_value(), Some(1.5));
    h.get_by_label("Democracy Score 1.32 of 7");
    h.get_by_label("Change since last year: the Democracy Score remained the same at 1.32");

    ndg.decrement_accesskit();
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.25"));
    h.get_by_label("Democracy Score 1.29 of 7");

    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    ndg.set_value_accesskit(3.0);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("3.00"));
    // (3.00 + 5 × 1.25 + 1.50) / 7 = 10.75 / 7 = 1.536
    h.get_by_label("Democracy Score 1.54 of 7");
    h.get_by_label("Democracy Percentage 8.93 of 100");

    // Off the step and off the scale: refused, with the reason typing it would give.
    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    ndg.set_value_accesskit(3.1);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("3.00"));
    let refused = h.get_by_label("Refused: 3.10 is not a step of 0.25 on the scale");
    assert_eq!(refused.accesskit_node().live(), egui::accesskit::Live::Polite, "read out as it appears");
    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    ndg.set_value_accesskit(8.0);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("3.00"));
    h.get_by_label("Refused: 8.00 is outside the scale 1.00 to 7.00");
    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    ndg.set_value_accesskit(2.125);
    h.run();
    h.get_by_label("Refused: \"2.125\" has more than two decimals; ratings are given to the hundredth, like 1.25");
    h.get_by_label("Democracy Score 1.54 of 7");

    // A value set as text (UI Automation's way) is read as typed; blank clears the rating.
    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    ndg.set_text_value_accesskit("2.50");
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("2.50"));
    assert!(h.query_by_label_contains("Refused").is_none(), "a good value clears the refusal");
    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    ndg.set_text_value_accesskit("");
    h.run();
    assert_eq!(rating(&h, "NDG"), None);
    let ndg = h.get_by_role_and_label(Role::SpinButton, "National Democratic Governance rating");
    assert_eq!(ndg.accesskit_node().numeric_value(), None, "no value while unrated");
    assert_eq!(ndg.accesskit_node().min_numeric_value(), Some(1.0), "the range is there all the same");
}

/// The − and + beside each rating, and the score card's figures, say what they are in words.
#[test]
fn the_rating_buttons_and_the_score_card_are_named_in_words() {
    let h = harness(sample());
    for name in ["National Democratic Governance", "Local Democratic Governance", "Corruption"] {
        h.get_by_role_and_label(Role::Button, &format!("Lower {name} rating"));
        h.get_by_role_and_label(Role::Button, &format!("Raise {name} rating"));
    }
    h.get_by_label("Democracy Score 1.29 of 7");
    h.get_by_label("Democracy Percentage 4.76 of 100");
    h.get_by_label("Democracy Percentage (headline) 5 of 100");
    h.get_by_label("Classification: Consolidated Authoritarian Regime");
    h.get_by_label(
        "Last year: Democracy Score 1.32 of 7, Democracy Percentage 5.36 of 100, Consolidated Authoritarian Regime",
    );
    h.get_by_label("Change since last year: the Democracy Score declined by 0.03, from 1.32 to 1.29");
    h.get_by_label("Local Democratic Governance last year: 1.75");
    h.get_by_label("Local Democratic Governance declined by 0.25 since last year");
    h.get_by_label("National Democratic Governance remained the same since last year");
}

/// Roles a person operates: each needs a name of its own.
fn operable_role(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::DefaultButton
            | Role::CheckBox
            | Role::RadioButton
            | Role::Switch
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::SearchInput
            | Role::EmailInput
            | Role::NumberInput
            | Role::PasswordInput
            | Role::PhoneNumberInput
            | Role::UrlInput
            | Role::DateInput
            | Role::SpinButton
            | Role::Slider
            | Role::Link
            | Role::MenuItem
            | Role::MenuItemCheckBox
            | Role::MenuItemRadio
            | Role::ComboBox
            | Role::EditableComboBox
            | Role::Tab
            | Role::ListBoxOption
            | Role::TreeItem
            | Role::DisclosureTriangle
            | Role::ColorWell
    )
}

/// The accessible name a screen reader speaks: a label's text (AccessKit keeps it in the
/// value), otherwise the node's label or the labels of the nodes it is labelled by. A text
/// field's value is what was typed, not its name.
fn spoken_name(node: &AccessKitNode<'_>) -> Option<String> {
    let name = if node.label_comes_from_value() { node.value() } else { node.label() };
    name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty())
}

fn describe(node: &AccessKitNode<'_>) -> String {
    match spoken_name(node) {
        Some(name) => format!("{:?} \"{name}\"", node.role()),
        None => format!("{:?}", node.role()),
    }
}

/// The node as [`describe`] says it, and for one without a name, what it holds or hints at,
/// which says where it is.
fn describe_fully(node: &AccessKitNode<'_>) -> String {
    if let Some(name) = spoken_name(node) {
        return format!("{:?} \"{name}\"", node.role());
    }
    let held = node.value().or_else(|| node.placeholder().map(str::to_owned)).unwrap_or_default();
    let held: String = held.chars().take(40).collect();
    format!("{:?} holding \"{held}\"", node.role())
}

/// Walks the whole AccessKit tree on screen and adds to `problems` every operable node without
/// a name, every pair of operable nodes with the same role and name, and every spin button
/// without its range and step, each with its role, name and path.
fn audit(h: &Harness<'_, RapporteurApp>, view: &str, problems: &mut Vec<String>) {
    fn walk(
        node: &AccessKitNode<'_>,
        path: &mut Vec<String>,
        seen: &mut BTreeMap<(String, String), Vec<String>>,
        problems: &mut Vec<String>,
        view: &str,
    ) {
        if node.is_hidden() {
            return;
        }
        let data = node.data();
        // egui gives every label whose text can be selected a click action (for selecting);
        // a label is operable when the editor made it so, which makes it focusable too.
        let operable = operable_role(node.role())
            || data.supports_action(egui::accesskit::Action::Focus)
            || (data.supports_action(egui::accesskit::Action::Click) && node.role() != Role::Label);
        let here = describe(node);
        let at = || format!("{} > {}", path.join(" > "), describe_fully(node));
        // egui's scroll bars take the pointer only and have no name to give: a screen reader
        // scrolls the area itself, and egui offers no way to name the bar.
        if operable && node.role() != Role::ScrollBar {
            match spoken_name(node) {
                None => problems.push(format!("{view}: no name: {:?} at {}", node.role(), at())),
                Some(name) => seen.entry((format!("{:?}", node.role()), name)).or_default().push(at()),
            }
        }
        if node.role() == Role::SpinButton
            && (node.min_numeric_value().is_none()
                || node.max_numeric_value().is_none()
                || node.numeric_value_step().is_none())
        {
            problems.push(format!("{view}: spin button without its range and step: {}", at()));
        }
        // Generic containers without a name only lengthen the path.
        let pushed = spoken_name(node).is_some() || node.role() != Role::GenericContainer;
        if pushed {
            path.push(here.clone());
        }
        for child in node.children() {
            walk(&child, path, seen, problems, view);
        }
        if pushed {
            path.pop();
        }
    }
    let mut seen = BTreeMap::new();
    let root = h.root();
    walk(&root.accesskit_node(), &mut Vec::new(), &mut seen, problems, view);
    for ((role, name), places) in seen {
        if places.len() > 1 {
            problems.push(format!("{view}: {} {role} nodes named \"{name}\": {}", places.len(), places.join(" | ")));
        }
    }
}

fn review_sample() -> Chapter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024-review.ron");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    rapporteur::io::from_ron(&text, &path).unwrap_or_else(|e| panic!("{e}"))
}

fn fail_on(problems: &[String]) {
    assert!(problems.is_empty(), "{} accessibility problems:\n{}", problems.len(), problems.join("\n"));
}

fn show(h: &mut Harness<'_, RapporteurApp>, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        h.state_mut().emit(action);
    }
    h.run();
}

/// Every tab of every category, with the findings and ratings panels, the status bar, the find
/// bar and the comparison: each a view whose controls a screen reader must be able to tell
/// apart.
#[test]
fn every_view_names_its_controls() {
    let mut problems = Vec::new();
    let mut h = harness(review_sample());
    for (i, code) in ["NDG", "EP", "CS", "IM", "LDG", "JFI", "CO"].into_iter().enumerate() {
        show(&mut h, [Action::SelectCategory(i), Action::ShowTab(Tab::Justification)]);
        audit(&h, &format!("{code} bullets"), &mut problems);
        show(&mut h, [Action::ShowTab(Tab::Review)]);
        audit(&h, &format!("{code} review (author)"), &mut problems);
    }
    show(&mut h, [Action::SetIdentity { name: "Jonas Feldmann".into(), role: ReviewRole::Reviewer }]);
    for (i, code) in ["NDG", "CS", "LDG", "CO"].into_iter().enumerate() {
        let i = [0, 2, 4, 6][i];
        show(&mut h, [Action::SelectCategory(i), Action::ShowTab(Tab::Review)]);
        audit(&h, &format!("{code} review (reviewer)"), &mut problems);
    }
    show(&mut h, [Action::ShowTab(Tab::Chapter)]);
    audit(&h, "chapter", &mut problems);
    show(&mut h, [Action::ShowTab(Tab::Footnotes)]);
    audit(&h, "footnotes", &mut problems);
    show(&mut h, [Action::ShowTab(Tab::Justification), Action::Find]);
    type_keys(&mut h, "the");
    audit(&h, "find bar", &mut problems);
    show(&mut h, [Action::CloseFind]);

    // The footnote completer, open in a bullet.
    show(&mut h, [Action::SelectCategory(4)]);
    end_of_field(&mut h, 0);
    type_keys(&mut h, " See [^");
    h.get_by_label("Footnote (↑ ↓, Enter)");
    audit(&h, "footnote completer", &mut problems);
    h.key_press(egui::Key::Escape);
    h.run();

    // The ratings panel hidden: the category is chosen from a drop-down.
    show(&mut h, [Action::TogglePanel(SidePanel::Ratings)]);
    audit(&h, "without the ratings panel", &mut problems);
    h.get_by_label("Category").click();
    h.run();
    audit(&h, "category drop-down", &mut problems);
    h.key_press(egui::Key::Escape);
    show(&mut h, [Action::TogglePanel(SidePanel::Ratings)]);

    // The comparison, with an earlier version of the chapter.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut earlier = review_sample();
    earlier.categories[4].rating = Some(rapporteur::model::Rating::from_hundredths(175));
    if let Some(b) = earlier.categories[4].bullets.first_mut() {
        b.text.insert_str(0, "Earlier: ");
    }
    let path = dir.path().join("kz-round1.ron");
    rapporteur::io::save(&path, &earlier).unwrap_or_else(|e| panic!("{e}"));
    show(&mut h, [Action::CompareWithPath(path)]);
    settle(&mut h);
    assert!(h.state().view.compare.is_some(), "the comparison is shown");
    audit(&h, "comparison", &mut problems);
    show(&mut h, [Action::CloseComparison]);

    // A chapter with merge conflicts.
    let mut h = harness(crate::versions::conflicted());
    audit(&h, "merge conflicts", &mut problems);
    h.run();

    // The spelling menu, opened from the keyboard on a misspelt word.
    let mut h =
        Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1400.0, 900.0]).build_eframe(|cc| {
            RapporteurApp::from_chapter(&cc.egui_ctx, sample()).with_native_dialogs(false).with_spelling_ready()
        });
    show(&mut h, [Action::SelectCategory(4)]);
    end_of_field(&mut h, 0);
    type_keys(&mut h, " The goverment met.");
    for _ in 0..5 {
        h.key_press(egui::Key::ArrowLeft);
        h.run();
    }
    h.key_press(egui::Key::Menu);
    h.run();
    h.get_by_label("Add to chapter dictionary");
    audit(&h, "spelling menu", &mut problems);

    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1400.0, 900.0])
        .build_eframe(|cc| RapporteurApp::start_page(&cc.egui_ctx).with_native_dialogs(false));
    // Two recent files of one name, in different folders.
    h.state_mut().prefs.recent = vec![dir.path().join("a/kz.ron"), dir.path().join("b/kz.ron")];
    h.run();
    audit(&h, "start page", &mut problems);
    fail_on(&problems);
}

/// Each menu, opened: its items and submenus.
#[test]
fn every_menu_names_its_items() {
    let mut problems = Vec::new();
    let mut h = harness(review_sample());
    for (menu, submenus) in [
        ("File", &["Open Recent", "Export"][..]),
        ("Edit", &[][..]),
        ("Review", &[][..]),
        ("View", &[][..]),
        ("Help", &[][..]),
    ] {
        h.get_all_by_label(menu).next().unwrap_or_else(|| panic!("the {menu} menu")).click();
        h.run();
        audit(&h, &format!("{menu} menu"), &mut problems);
        for sub in submenus {
            h.get_by_label(sub).hover();
            h.run();
            audit(&h, &format!("{menu} ▸ {sub} menu"), &mut problems);
        }
        h.key_press(egui::Key::Escape);
        h.run();
    }
    fail_on(&problems);
}

/// The menus read as menus: the bar's titles and the submenus say they open one, entries are
/// menu items, the check boxes and theme choices checkable ones with their state.
#[test]
fn menus_are_menus_to_a_screen_reader() {
    use egui::accesskit::{HasPopup, Toggled};
    let mut h = harness(review_sample());
    for title in ["File", "Edit", "Review", "View", "Help"] {
        let node = h.get_all_by_label(title).next().unwrap_or_else(|| panic!("the {title} menu"));
        assert_eq!(node.accesskit_node().role(), Role::MenuItem, "{title}");
        assert_eq!(node.accesskit_node().has_popup(), Some(HasPopup::Menu), "{title}");
    }
    h.get_all_by_label("File").next().unwrap_or_else(|| panic!("File")).click();
    h.run();
    h.get_by_role_and_label(Role::MenuItem, "Save Ctrl+S");
    h.get_by_role_and_label(Role::MenuItem, "Quit Ctrl+Q");
    let export = h.get_by_role_and_label(Role::MenuItem, "Export");
    assert_eq!(export.accesskit_node().has_popup(), Some(HasPopup::Menu));
    assert_eq!(
        h.query_all_by_role(Role::Button)
            .filter(|n| n.accesskit_node().label().is_some_and(|l| l.contains("Ctrl+")))
            .count(),
        0
    );
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_all_by_label("View").next().unwrap_or_else(|| panic!("View")).click();
    h.run();
    let spelling = h.get_by_role_and_label(Role::MenuItemCheckBox, "Check Spelling");
    assert_eq!(spelling.accesskit_node().toggled(), Some(Toggled::True));
    assert_eq!(
        h.get_by_role_and_label(Role::MenuItemCheckBox, "Ratings Panel").accesskit_node().toggled(),
        Some(Toggled::True)
    );
    assert!(h.query_all_by_role(Role::MenuItemRadio).count() >= 3, "the themes are radio menu items");
    h.get_by_role_and_label(Role::MenuItem, "Show the Review Tab");
    h.key_press(egui::Key::Escape);
    h.run();

    // A bullet's footnote menu too: its entries are menu items.
    h.get_all_by_role(Role::Button)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with("Insert footnote in bullet 1")))
        .unwrap_or_else(|| panic!("the first bullet's footnote button"))
        .click();
    h.run();
    h.get_by_role_and_label(Role::MenuItem, "New footnote…");
    assert!(
        h.query_all_by_role(Role::MenuItem)
            .filter(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with("[^")))
            .count()
            > 0,
        "the footnotes to cite are menu items"
    );
}

/// Every dialog the editor shows, over the chapter.
#[test]
fn every_dialog_names_its_controls() {
    use rapporteur::export::Format;
    let mut problems = Vec::new();
    let mut h = harness(review_sample());
    let block = h.state().doc.chapter.categories[0].bullets[0].id;
    let dialogs = [
        ("unsaved changes", Dialog::Unsaved(PendingOp::Quit)),
        ("error", Dialog::Error { title: "Could not open".into(), message: "line 3: not a chapter".into() }),
        (
            "notice",
            Dialog::Notice { title: "Imported".into(), lines: vec!["2 warnings".into(), "see findings".into()] },
        ),
        ("confirm export", Dialog::ConfirmExport { format: Format::Html, errors: 2 }),
        ("path: open", Dialog::path_prompt(PathPurpose::Open)),
        ("path: save as", Dialog::path_prompt(PathPurpose::SaveAs(None))),
        ("path: export", Dialog::path_prompt(PathPurpose::Export(Format::Docx))),
        ("path: compare", Dialog::path_prompt(PathPurpose::Compare)),
        (
            "changed on disk",
            Dialog::ChangedOnDisk {
                theirs: Some(Box::new(review_sample())),
                problem: None,
                saving: true,
                stamp: None,
                then: None,
            },
        ),
        (
            "changed on disk, unreadable",
            Dialog::ChangedOnDisk {
                theirs: None,
                problem: Some("line 1: git's conflict markers".into()),
                saving: false,
                stamp: None,
                then: None,
            },
        ),
        ("waiting", Dialog::Waiting("Choosing a file to open".into())),
        ("identity", Dialog::Identity { name: "Ann".into(), role: ReviewRole::Author }),
        ("new footnote", Dialog::NewFootnote { block, at: 0, text: "Council records".into() }),
        ("keyboard shortcuts", Dialog::Shortcuts),
        (
            "recover unsaved work",
            Dialog::Recover(
                [None, Some("/reports/kz.ron"), Some("/reports/ge.ron")]
                    .into_iter()
                    .enumerate()
                    .map(|(i, origin)| RecoveredWork {
                        key: format!("entry-{i}"),
                        chapter_path: format!("/recovery/entry-{i}.ron").into(),
                        meta: RecoveryMeta {
                            origin: origin.map(Into::into),
                            pid: 1,
                            written: format!("2024-02-0{}T10:00:00Z", i + 1),
                            base: None,
                        },
                    })
                    .collect(),
            ),
        ),
    ];
    // Every kind of dialog is opened: a new kind fails to compile here until it is added.
    let kinds: std::collections::BTreeSet<&str> = dialogs.iter().map(|(_, d)| kind(d)).collect();
    assert_eq!(kinds.len(), 11, "one of each kind `kind` names: {kinds:?}");
    for (name, dialog) in dialogs {
        h.state_mut().view.dialog = Some(dialog);
        // Steps, not `run`: the waiting dialog's spinner never lets the editor settle.
        h.run_steps(3);
        audit(&h, &format!("{name} dialog"), &mut problems);
        h.state_mut().view.dialog = None;
        h.run_steps(3);
    }
    fail_on(&problems);
}

/// Bullets, their buttons and the review's proposals are named by what and where they are,
/// and the findings are a list whose items say severity, place and message.
#[test]
fn bullets_proposals_and_findings_say_what_and_where_they_are() {
    let mut h = harness(review_sample());
    show(&mut h, [Action::SelectCategory(2), Action::ShowTab(Tab::Justification)]);
    h.get_by_role_and_label(Role::MultilineTextInput, "Bullet 3 of Civil Society");
    for name in
        ["Delete bullet 3", "Move bullet 3 up", "Move bullet 3 down", "Insert footnote in bullet 3", "Drag bullet 3"]
    {
        h.get_by_role_and_label(Role::Button, name);
    }

    let list = h.get_by_role_and_label(Role::List, "List of findings");
    let items: Vec<String> = list
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == Role::ListItem)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert!(items.len() >= 2, "{items:?}");
    for wanted in [
        "Note, National Democratic Governance, bullet 1: this bullet cites no footnote",
        "Warning, Independent Media: Independent Media changed after Jonas Feldmann (Reviewer) agreed to it on \
         2024-02-06; read it again and agree again",
    ] {
        assert!(items.iter().any(|i| i == wanted), "no item {wanted:?} in {items:#?}");
    }
    let severities = ["Error, ", "Warning, ", "Note, "];
    assert!(items.iter().all(|i| severities.iter().any(|s| i.starts_with(s))), "{items:#?}");
    // Its button goes there, and says where.
    h.get_by_role_and_label(
        Role::Button,
        "Go to: Note, National Democratic Governance, bullet 1: this bullet cites no footnote",
    )
    .click();
    h.run();
    assert_eq!(h.state().view.category, 0);
    show(&mut h, [Action::SelectCategory(2)]);

    show(&mut h, [Action::ShowTab(Tab::Review)]);
    h.get_by_role_and_label(Role::Button, "Accept proposal by Jonas Feldmann");
    h.get_by_role_and_label(Role::Button, "Decline proposal by Jonas Feldmann");
}

/// The kind of a dialog, by a match with no catch-all, so that a new kind of dialog is a
/// compile error in this test until the test opens it.
fn kind(dialog: &Dialog) -> &'static str {
    match dialog {
        Dialog::Unsaved(_) => "unsaved",
        Dialog::Error { .. } => "error",
        Dialog::Notice { .. } => "notice",
        Dialog::ConfirmExport { .. } => "confirm export",
        Dialog::Recover(_) => "recover",
        Dialog::PathPrompt { .. } => "path",
        Dialog::ChangedOnDisk { .. } => "changed on disk",
        Dialog::Waiting(_) => "waiting",
        Dialog::Identity { .. } => "identity",
        Dialog::NewFootnote { .. } => "new footnote",
        Dialog::Shortcuts => "keyboard shortcuts",
    }
}
