//! What a screen reader is given: the AccessKit tree of the editor, read and driven as an
//! assistive technology would (by role and accessible name, through AccessKit actions).
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::common::{harness, rating, sample};

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
    h.get_by_label("Refused: 3.10 is not a step of 0.25 on the scale");
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
    h.get_by_label("Headline percentage 5 of 100");
    h.get_by_label("Regime classification: Consolidated Authoritarian Regime");
    h.get_by_label(
        "Last year: Democracy Score 1.32 of 7, Democracy Percentage 5.36 of 100, Consolidated Authoritarian Regime",
    );
    h.get_by_label("Change since last year: the Democracy Score declined by 0.03, from 1.32 to 1.29");
    h.get_by_label("Local Democratic Governance last year: 1.75");
    h.get_by_label("Local Democratic Governance declined by 0.25 since last year");
    h.get_by_label("National Democratic Governance remained the same since last year");
}
