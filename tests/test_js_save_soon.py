"""When an explorer's steps reach the kernel: ``saveSoon`` in ``lossnotes/widgets/js/ui.js``.

The explorers draw every step at once and send the new parameters to the kernel (what
``explorer.p`` reads in Python) once the controls rest for 250 ms, at least once a second while
they keep moving, and at once when the focus leaves a control or the page goes away.  Evaluated
in node on a virtual clock (``tests/js/save_soon.mjs``), so the times are exact.  The JupyterLab
test ``test_browser.py::_kernel_follows_the_browser`` checks the focus path against a real kernel.
"""

from __future__ import annotations

import pytest

from js_parity import ROOT, run_js

SAVE_SOON = {"saves": ROOT / "tests" / "js" / "save_soon.mjs"}


def saves(*runs):
    return run_js([("saves", "saves", [events]) for events in runs], SAVE_SOON)


def test_one_step_is_sent_once_the_control_rests():
    assert saves([[0, "step"]]) == [[250]]


def test_steps_closer_than_the_rest_travel_as_one_message():
    # a key pressed every 100 ms for 0.5 s: one message, 250 ms after the last step
    assert saves([[t, "step"] for t in range(0, 501, 100)]) == [[750]]


def test_a_long_drag_is_sent_at_least_every_second():
    # a step every 50 ms for 2.5 s: at 1 s and 2 s after the first unsent step, then once it rests
    assert saves([[t, "step"] for t in range(0, 2501, 50)]) == [[1000, 2000, 2750]]


@pytest.mark.parametrize("leave", ["focusout", "pagehide"])
def test_leaving_the_control_sends_at_once(leave):
    # the focus leaves 40 ms after the step: sent then, and not again when the timer would have fired
    assert saves([[0, "step"], [40, leave]]) == [[40]]
    # nothing pending: leaving sends nothing
    assert saves([[0, leave]]) == [[]]


def test_a_step_after_a_rest_starts_a_new_message():
    assert saves([[0, "step"], [300, "step"]], [[0, "step"], [200, "step"]]) == [[250, 550], [450]]
