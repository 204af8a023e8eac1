"""One voice for errors: click's usage errors look like dlstudy's own (`error:` then `hint:` on stderr,
exit code 2, no click `Usage:`/`Error:` block, no traceback), for the top level and for `export`; messages
wrap at spaces on a terminal and stay one line each when piped."""

from __future__ import annotations

import pytest

from dlstudy.render.messages import cells, format_message, wrap
from tests.conftest import run_subprocess

CASES = [
    # args, the error line, something the hint says
    (["revew"], "no such command 'revew'", "did you mean: review"),
    (["xyzzy"], "no such command 'xyzzy'", "'dlstudy --help' lists the commands"),
    (["--bogus"], "no such option '--bogus'", "'dlstudy --help' lists the options"),
    (["--content"], "option '--content' requires an argument", "see 'dlstudy --help'"),
    (["--json", "cards"], "no such option '--json'", "--json goes after a command: 'dlstudy cards --json'"),
    (["quiz", "--bogus"], "no such option '--bogus' for 'dlstudy quiz'", "'dlstudy quiz --help' lists the options"),
    (["quiz", "--numbr", "3"], "no such option '--numbr' for 'dlstudy quiz'", "did you mean: --number?"),
    (["quiz", "--limit", "3"], "no such option '--limit' for 'dlstudy quiz'",
     "--limit is an option of 'dlstudy review', 'dlstudy history', not of 'dlstudy quiz'"),
    (["quiz", "--no-color"], "no such option '--no-color' for 'dlstudy quiz'",
     "--no-color goes before the command: 'dlstudy --no-color quiz …'"),
    (["show"], "missing argument 'ID'", "usage: dlstudy show [OPTIONS] "),  # ID or {ID}, by typer version
    (["show", "a", "b"], "got unexpected extra argument", "usage: dlstudy show [OPTIONS] "),
    (["review", "--limit", "abc"], "invalid value for '--limit': 'abc' is not a valid", "--limit: at most this many"),
    (["review", "--limit", "0"], "invalid value for '--limit': 0 is not in the range", "see 'dlstudy review --help'"),
    (["export", "ank"], "no such command 'ank' in 'dlstudy export'", "did you mean: anki?"),
    (["export", "anki", "--bogus"], "no such option '--bogus' for 'dlstudy export anki'",
     "'dlstudy export anki --help' lists the options"),
    (["export", "anki"], "missing argument 'FILE.apkg'", "usage: dlstudy export anki [OPTIONS] "),
    (["export", "anki", "x.apkg", "--topic"], "option '--topic' requires an argument",
     "see 'dlstudy export anki --help'"),
    (["docs", "jsn"], "no docs page 'jsn'", "did you mean: json?"),
]


@pytest.mark.parametrize("args,error,hint", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_usage_errors_speak_like_dlstudy(cli, args, error, hint):
    r = cli(*args)
    assert r.exit_code == 2, (r.exit_code, r.stderr)
    lines = r.stderr.splitlines()
    assert len(lines) == 2, r.stderr  # piped: one line per message
    assert lines[0].startswith("error: ") and error in lines[0], r.stderr
    assert lines[1].startswith("hint: ") and hint in lines[1], r.stderr
    for click_style in ("Usage:", "Error:", "Try '", "Traceback"):
        assert click_style not in r.stderr, r.stderr
    assert r.stdout == ""


def test_a_group_without_its_command_shows_its_help(cli):
    # decided: `dlstudy export` alone is a request for the group's help (its commands, one line each),
    # not an error to word; it is printed on stderr with click's exit code 2, stdout stays empty
    r = cli("export")
    assert r.exit_code == 2 and "anki" in r.stderr and "history" in r.stderr and r.stdout == ""


def test_help_and_exits_pass_through(cli):
    assert cli("--help").exit_code == 0
    assert cli("export", "anki", "--help").exit_code == 0
    r = cli("--version")  # an eager option exits while the top level is parsed
    assert r.exit_code == 0 and r.stdout.startswith("dlstudy ") and r.stderr == ""


def test_dlstudys_own_errors_are_unchanged(cli):
    r = cli("show", "xavier-int")
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert lines[0] == "error: no card with id 'xavier-int'" and lines[1].startswith("hint: did you mean: xavier-init")
    assert len(lines) == 2 and "\x1b" not in r.stderr


def test_unknown_command_in_a_real_process():
    r = run_subprocess("revew", env={"NO_COLOR": "1"})
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        "error: no such command 'revew'",
        "hint: did you mean: review, rename, restore? (or 'dlstudy --help' for the commands)",
    ]


# ----- wrapping -----

LONG = ("cannot write /home/me/exports/dlstudy-2024.apkg: the folder "
        "is not writable by this user; card multi-head-attention is fine")


def test_wrap_breaks_at_spaces_and_indents_under_the_text():
    lines = wrap(LONG, 40, indent=len("error: "))
    assert len(lines) > 2
    shown = ["error: " + lines[0]] + lines[1:]
    assert all(cells(line) <= 40 or len(line.split()) == 1 for line in shown), shown  # a path may not fit
    assert sum(cells(line) > 40 for line in shown) == 1
    assert all(line.startswith(" " * 7) and not line.startswith(" " * 8) for line in lines[1:])
    assert " ".join(line.strip() for line in lines).split() == LONG.split()  # no word cut, none lost
    assert "multi-head-attention" in "".join(lines)  # hyphens are not break points (ids have them)


def test_a_quoted_command_is_not_split():
    lines = wrap("x" * 20 + " see 'dlstudy export anki --help' for the options", 40, indent=6)
    assert any(line.strip().startswith("'dlstudy export anki --help'") for line in lines), lines


def test_a_word_longer_than_the_line_stays_whole():
    path = "/very/long/path/" + "x" * 60 + "/file.yaml"
    lines = wrap(f"cannot read {path}: no such file", 40, indent=7)
    assert path + ":" in [line.strip() for line in lines]


def test_wide_characters_count_two_columns():
    text = "卡片 " * 30
    assert cells("卡片") == 4
    assert all(cells(line) <= 40 for line in format_message("warning", text, width=40).splitlines())


def test_piped_messages_are_one_line_each():
    out = format_message("error", LONG, width=None)
    assert out == f"error: {LONG}"
    assert format_message("hint", "a\x1b[31m\x07b") == "hint: a[31mb"  # control characters from data removed


def test_colour_only_on_the_label():
    out = format_message("error", "no such command 'x'", colour=True)
    assert out == "\x1b[1;31merror:\x1b[0m no such command 'x'"


@pytest.mark.slow
def test_long_hint_wraps_at_spaces_in_a_terminal(tmp_path):
    from tests.session.test_pty import COLS, run_in_pty

    piped = run_subprocess("quiz", "--limit", "3", env={"NO_COLOR": "1", "COLUMNS": str(COLS)})
    hint = piped.stderr.splitlines()[1]
    assert len(hint) > COLS  # one line when piped, even with COLUMNS set

    screen = [line for line in run_in_pty(["quiz", "--limit", "3"], [], tmp_path / "home") if line]
    start = next(i for i, line in enumerate(screen) if line.startswith("hint: "))
    block = screen[start:]
    assert len(block) >= 2 and all(len(line) <= COLS for line in block)
    assert all(line.startswith(" " * len("hint: ")) for line in block[1:])  # aligned under the text
    assert " ".join(line.strip() for line in block).split() == hint.split()  # broken at spaces only
