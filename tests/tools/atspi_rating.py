#!/usr/bin/python3
"""What a screen reader does with the editor, through AT-SPI (pyatspi), for tests/atspi.rs.

Finds the application on the accessibility bus, walks its tree to the rating spin button and
the score card's headline, reads both, raises the rating by the spin button's own step through
the Value interface (as Orca does with the arrow keys on a spin button) and waits for the
headline to change; then presses the button named "Raise <rating name>" through the Action
interface (its one action, "click") and waits again. Prints one JSON object on stdout:

    {"min": 1.0, "max": 7.0, "step": 0.25,
     "rating_before": 1.25, "rating_after": 1.5, "rating_clicked": 1.75,
     "score_before": "Democracy Score 1.29 of 7", "score_after": "Democracy Score 1.32 of 7",
     "score_clicked": "Democracy Score 1.36 of 7"}

Every failure exits non-zero with a sentence on stderr saying what was missing, followed by
what the tree did hold, so that a failed run in CI can be read without a screen.

Usage: atspi_rating.py APP RATING_NAME SCORE_PREFIX TIMEOUT_SECONDS
"""

import json
import sys
import time

import pyatspi


def nodes(root):
    """Every node under root, depth first, in the order a screen reader reads them."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        try:
            children = [c for c in node if c is not None]
        except Exception:  # a node that went away while we walked (the UI redraws)
            children = []
        stack.extend(reversed(children))


def describe(node):
    try:
        return "[%s] %r" % (node.getRoleName(), node.name)
    except Exception as e:  # the node went away
        return "[gone: %s]" % e


def find_app(name):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.name == name:
            return app
    return None


def apps():
    return [a.name for a in pyatspi.Registry.getDesktop(0) if a is not None]


def find(app, rating_name, score_prefix):
    """The rating spin button and the score headline, or None for either not (yet) there."""
    spin = score = None
    for node in nodes(app):
        try:
            role, name = node.getRole(), node.name
        except Exception:
            continue
        if spin is None and role == pyatspi.ROLE_SPIN_BUTTON and name == rating_name:
            spin = node
        elif score is None and name.startswith(score_prefix):
            score = node
        if spin is not None and score is not None:
            break
    return spin, score


def find_button(app, name):
    for node in nodes(app):
        try:
            if node.getRole() == pyatspi.ROLE_PUSH_BUTTON and node.name == name:
                return node
        except Exception:
            continue
    return None


def wait_for(app, rating_name, score_prefix, target, score_before, deadline, how):
    """Waits until the spin button holds target and the headline no longer reads
    score_before; returns the headline."""
    after, score_after = None, score_before
    while time.monotonic() < deadline:
        # Found again each time: the editor may rebuild the nodes it redraws.
        spin, score = find(app, rating_name, score_prefix)
        if spin is not None and score is not None:
            after, score_after = spin.queryValue().currentValue, score.name
            if abs(after - target) < 1e-9 and score_after != score_before:
                return after, score_after
        time.sleep(0.1)
    fail(
        "after %s: %r holds %r (expected %r) and the score reads %r (it read %r before)"
        % (how, rating_name, after, target, score_after, score_before),
        app,
    )


def fail(message, app=None):
    sys.stderr.write(message + "\n")
    if app is not None:
        sys.stderr.write("The application's tree:\n")
        for node in nodes(app):
            sys.stderr.write("  " + describe(node) + "\n")
    else:
        sys.stderr.write("Applications on the bus: %r\n" % apps())
    sys.exit(1)


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        sys.exit(2)
    app_name, rating_name, score_prefix = sys.argv[1:4]
    deadline = time.monotonic() + float(sys.argv[4])

    # The editor registers once accesskit has seen the bus enabled; its tree fills on the
    # first frames.
    app = spin = score = None
    while time.monotonic() < deadline:
        app = find_app(app_name)
        if app is not None:
            spin, score = find(app, rating_name, score_prefix)
            if spin is not None and score is not None:
                break
        time.sleep(0.25)
    if app is None:
        fail("no application named %r registered on the accessibility bus" % app_name)
    if spin is None:
        fail("no spin button named %r in %r" % (rating_name, app_name), app)
    if score is None:
        fail("no node whose name starts with %r in %r" % (score_prefix, app_name), app)

    value = spin.queryValue()
    before = value.currentValue
    step = value.minimumIncrement
    low, high = value.minimumValue, value.maximumValue
    score_before = score.name
    if step <= 0:
        fail("the spin button %r has no step (minimum increment %r)" % (rating_name, step))

    # One step up through the Value interface; AccessKit turns it into a SetValue request.
    target = before + step
    value.currentValue = target
    how = "setting its value to %r through the Value interface" % target
    after, score_after = wait_for(app, rating_name, score_prefix, target, score_before, deadline, how)

    # Another through the Action interface: AccessKit offers one action, "click", on a button.
    button_name = "Raise " + rating_name
    button = find_button(app, button_name)
    if button is None:
        fail("no button named %r in %r" % (button_name, app_name), app)
    action = button.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if "click" not in names:
        fail("the button %r offers the actions %r, not \"click\"" % (button_name, names), app)
    action.doAction(names.index("click"))
    how = "the \"click\" action of %r" % button_name
    clicked, score_clicked = wait_for(app, rating_name, score_prefix, after + step, score_after, deadline, how)

    print(json.dumps({
        "min": low,
        "max": high,
        "step": step,
        "rating_before": before,
        "rating_after": after,
        "rating_clicked": clicked,
        "score_before": score_before,
        "score_after": score_after,
        "score_clicked": score_clicked,
    }))


if __name__ == "__main__":
    main()
