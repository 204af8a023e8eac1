"""`history` on a narrow terminal (issue 31 item 5): dates (12-07 09:00 when narrow), modes and ids are
never cut, and no header is cut either; on a real terminal at 60 and 100 columns."""

from __future__ import annotations

import pytest

from tests import terminal


@pytest.fixture
def home(tmp_path, cli):
    # a quiz with an override, an interview answered with probes: every optional column has something to show
    assert cli("quiz", "--question", "xavier-init/var-300-100", input="1/200\n1\n").exit_code == 0
    # an open answer with probes: the answer, then one line per probe (a letter), then Enter at the rating
    r = cli("quiz", "--question", "kl-divergence/forward-vs-reverse", "--probe", "--json",
            input="forward covers, reverse seeks a mode\n" + "a\n" * 5 + "\n")
    assert r.exit_code == 0 and '"answered": 1' in r.stdout, r.stderr[-2000:]
    from dlstudy.paths import home_dir

    return home_dir()


@pytest.mark.parametrize("cols", [60, 100])
def test_history_cuts_nothing_that_matters(home, cols):
    cap = terminal.run_in_pty(["history", "--limit", "6"], [], home, cols=cols)
    text = "\n".join(cap.lines)
    assert "…" not in text, text
    rows = [line.replace("│", " ").split() for line in cap.lines if line.replace("│", " ").strip()[:1].isdigit()]
    assert len(rows) == 2, text
    for row in rows:
        assert row[1] == "quiz", row
        date = " ".join(row[2:4]) if cols < 100 else " ".join(row[2:4])
        assert (len(date) == 11 and date[2] == "-" and date[5] == " ") if cols < 100 else (len(date) == 16), row
    assert "probes" in text and ("yours" in text or "your ratings" in text), text
    assert all(len(line) <= cols for line in cap.lines)
