"""`dlstudy stats` and the dashboard with practice and a calibration chart, on a real pseudo-terminal of 60,
100 and 200 columns with colour on, read back through the pyte emulator: nothing wider than the terminal, no
background colour, the chart's legend, rows, counts and scale whole, the practice lines whole."""

from __future__ import annotations

import pytest

from tests.render.test_screens import _check_screen
from tests.srs.conftest import DEFAULT_SPEC, write_deck
from tests.terminal import run_in_pty

pytestmark = pytest.mark.slow
NOW = "2026-06-01T12:00:00+00:00"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A review history of 192 reviews (enough for calibration) and 5 practice answers, written through the
    store; the test deck beside it."""
    from datetime import datetime

    from dlstudy.srs.store import Attempt, Store
    from tests.srs.test_stats_calibration import learner_log, write_history

    root = tmp_path_factory.mktemp("stats-screens")
    write_deck(root / "deck", DEFAULT_SPEC)
    write_history(learner_log(16), root / "home" / "dlstudy.db")
    with Store.open(root / "home" / "dlstudy.db") as store:
        at = datetime.fromisoformat(NOW).timestamp() - 3600
        session = store.start_session("quiz", at)
        for i, (card, qid, rating) in enumerate([("beta", "q1", 3), ("beta", "q2", 1), ("delta", "q1", 3),
                                                 ("delta", "q2", 4), ("zeta", "q1", 2)]):
            store.add_attempt(Attempt(session, card, qid, "short", at + i, rating=rating, suggested_rating=rating))
    return root


def _run(home, args, cols):
    env = {"DLSTUDY_NOW": NOW, "DLSTUDY_TZ_UTC": "1"}
    return run_in_pty(["--content", str(home / "deck"), *args], [], home / "home", cols=cols, colour=True, env=env)


def _json(home):
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    env = dict(os.environ, DLSTUDY_HOME=str(home / "home"), DLSTUDY_NOW=NOW, DLSTUDY_TZ_UTC="1")
    out = subprocess.run([sys.executable, "-m", "dlstudy", "--content", str(home / "deck"), "stats", "--json"],
                         capture_output=True, text=True, env=env, cwd=str(REPO), check=True).stdout
    return json.loads(out)


@pytest.mark.parametrize("cols", (60, 100, 200))
def test_stats_calibration_chart_fits(cols, home):
    data = _json(home)
    cal = data["calibration"]
    assert cal["reviews_used"] >= 100 and cal["bins"]
    capture = _run(home, ["stats"], cols)
    text = _check_screen(capture, cols)
    flat = " ".join(text.split())
    assert "Calibration: predicted recall against what happened" in flat
    assert "█ share recalled ┃ predicted recall (bars end here when predictions are exact)" in flat  # legend, whole
    assert "predicted" in text and "recalled" in text and "reviews" in text
    lines = capture.lines
    chart_rows = []
    for b in cal["bins"]:  # each bin on one line: its prediction, its track, its share recalled and its count
        row = [y for y, line in enumerate(lines) if (w := line.split()) and w[0] == f"{b['predicted']:.0%}"
               and w[-2:] == [f"{b['actual']:.0%}", f"{b['n']:,}"]]
        assert len(row) == 1 and "┃" in lines[row[0]], (b, lines)
        chart_rows += row
    scale = [line for line in lines if line.strip().startswith("0%") and line.rstrip().endswith("100%")]
    assert scale and "50%" in scale[0]
    assert f"log loss {cal['log_loss']:.3f} · RMSE(bins) {cal['rmse_bins']:.3f}" in flat
    # colour: the bars and the marker are drawn in colour (no background anywhere: _check_screen)
    cells = [c for y in chart_rows for c in capture.screen.buffer[y].values() if c.data in "█┃"]
    bar_fg = {c.fg for c in cells if c.data == "█"}
    mark_fg = {c.fg for c in cells if c.data == "┃"}
    assert "default" not in bar_fg | mark_fg and bar_fg and mark_fg and not bar_fg & mark_fg


@pytest.mark.parametrize("cols", (60, 100))
def test_practice_lines_fit(cols, home):
    text = _check_screen(_run(home, ["stats"], cols), cols)
    flat = " ".join(text.split())
    assert ("practice: 5 answers (quiz 5), 60% right, 5 in the last 7 days; quizzes do not change the schedule, "
            "dlstudy review does") in flat
    assert "last 7 days: reviews and practice answers" in flat
    assert "reviews" in text and "practice" in text and "today" in text
    dash = " ".join(_check_screen(_run(home, [], cols), cols).split())
    assert "practice: 5 answers in the last 7 days (quizzes do not change the schedule; dlstudy review does)" in dash
