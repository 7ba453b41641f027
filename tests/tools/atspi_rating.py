#!/usr/bin/python3
"""What a screen reader does with the editor, through AT-SPI (pyatspi), for tests/atspi.rs.

Finds the application on the accessibility bus, walks its tree to the rating spin button and
the score card's headline, reads both, raises the rating by the spin button's own step through
the Value interface (as Orca does with the arrow keys on a spin button), waits for the
headline to change and prints one JSON object on stdout:

    {"min": 1.0, "max": 7.0, "step": 0.25,
     "rating_before": 1.0, "rating_after": 1.25,
     "score_before": "Democracy Score 1.29 of 7", "score_after": "Democracy Score 1.32 of 7"}

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

    # One step up through the Value interface; accesskit turns it into a SetValue action.
    target = before + step
    value.currentValue = target

    after, score_after = before, score_before
    while time.monotonic() < deadline:
        # Found again each time: the editor may rebuild the nodes it redraws.
        spin, score = find(app, rating_name, score_prefix)
        if spin is not None and score is not None:
            after, score_after = spin.queryValue().currentValue, score.name
            if abs(after - target) < 1e-9 and score_after != score_before:
                break
        time.sleep(0.1)
    else:
        fail(
            "after setting %r to %r: its value is %r and the score still reads %r (was %r)"
            % (rating_name, target, after, score_after, score_before),
            app,
        )

    print(json.dumps({
        "min": low,
        "max": high,
        "step": step,
        "rating_before": before,
        "rating_after": after,
        "score_before": score_before,
        "score_after": score_after,
    }))


if __name__ == "__main__":
    main()
