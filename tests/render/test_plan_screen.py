"""`dlstudy plan` and the dashboard's countdown as a terminal shows them, at 60, 100 and 200 columns with
colour on (the checks of tests/render/test_screens.py: nothing wider than the terminal, no background)."""

from __future__ import annotations

import pytest

from tests.render.test_screens import WIDTHS, _check_screen
from tests.terminal import run_in_pty

pytestmark = pytest.mark.slow
ENV = {"DLSTUDY_NOW": "2026-03-02T10:00:00+00:00", "DLSTUDY_TZ_UTC": "1"}


@pytest.mark.parametrize("cols", WIDTHS)
@pytest.mark.parametrize("args,expect", [
    (["--date", "2026-03-22", "--topic", "llm"], ["Mon 03-02", "on track"]),  # a bar a day
    (["--date", "2026-06-30", "--topic", "llm", "--topic", "nlp"], ["week of 03-02", "on track"]),  # a bar a week
    (["--date", "2026-03-12", "--topic", "llm", "--topic", "nlp", "--minutes", "5"], ["off track", "more minutes"]),
], ids=["daily", "weekly", "advice"])
def test_plan_screen_fits_every_width(cols, args, expect, tmp_path):
    text = _check_screen(run_in_pty(["plan", *args], [], tmp_path, cols=cols, colour=True, env=ENV), cols)
    flat = " ".join(text.split())
    for phrase in expect:
        assert phrase in flat, text
    countdown = _check_screen(run_in_pty([], [], tmp_path, cols=cols, colour=True, env=ENV), cols)
    assert "interview in" in " ".join(countdown.split())
