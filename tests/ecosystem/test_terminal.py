"""Shell completion with card and demo ids; colours, NO_COLOR, TERM=dumb, narrow terminals, pipes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _run(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_DLSTUDY_", "_TYPER_", "COMP_"))}
    env["DLSTUDY_HOME"] = str(tmp_path / "home")
    env.update(env_extra)
    code = "import sys; from dlstudy.cli.app import main; sys.argv=['dlstudy']+sys.argv[1:]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          cwd=str(REPO), timeout=60)


def test_bash_completion_offers_card_ids(tmp_path):
    r = _run([], {"_DLSTUDY_COMPLETE": "complete_bash", "COMP_WORDS": "dlstudy show uniform-v", "COMP_CWORD": "2"},
             tmp_path)
    assert "uniform-variance" in r.stdout.split()


def test_zsh_completion_offers_demo_ids(tmp_path):
    r = _run([], {"_DLSTUDY_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "dlstudy demo uniform"}, tmp_path)
    assert "uniform-variance" in r.stdout


def test_fish_completion_offers_card_ids_for_options(tmp_path):
    r = _run([], {"_DLSTUDY_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "dlstudy quiz --card uniform",
                  "_TYPER_COMPLETE_FISH_ACTION": "get-args"}, tmp_path)
    assert "uniform-variance" in r.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_available(shell, tmp_path):
    # the script that `--show-completion SHELL` prints, asked for the way the installed script sources it
    # (independent of whether typer can detect the parent shell on this machine)
    r = _run([], {"_DLSTUDY_COMPLETE": f"source_{shell}"}, tmp_path)
    assert r.returncode == 0 and "_DLSTUDY_COMPLETE" in r.stdout


COMMANDS = [["show", "uniform-variance"], ["cards"], ["demo", "uniform-variance"], ["demo"], []]


@pytest.mark.parametrize("args", COMMANDS)
def test_piped_output_has_no_escape_codes(args, tmp_path):
    r = _run(args, {}, tmp_path)
    assert r.returncode == 0, r.stderr
    assert not ANSI.search(r.stdout)


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
@pytest.mark.parametrize("args", COMMANDS)
def test_no_color_and_dumb_terminals(args, env, tmp_path):
    r = _run(args, {**env, "FORCE_COLOR": "1"}, tmp_path)  # even when colour is forced on a pipe
    assert r.returncode == 0, r.stderr
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", r.stdout)  # no colour codes


def test_colour_flag_and_forced_colour(tmp_path):
    forced = _run(["show", "uniform-variance"], {"FORCE_COLOR": "1"}, tmp_path)
    assert ANSI.search(forced.stdout)  # the test above would catch colours if there were any
    plain = _run(["--no-color", "show", "uniform-variance"], {"FORCE_COLOR": "1"}, tmp_path)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", plain.stdout)


@pytest.mark.parametrize("args", COMMANDS + [["stats"], ["history"], ["config"]])
def test_narrow_terminal_stays_within_60_columns(args, tmp_path):
    r = _run(args, {"COLUMNS": "60"}, tmp_path)
    assert r.returncode == 0, r.stderr
    widest = max((len(line) for line in r.stdout.splitlines()), default=0)
    assert widest <= 60, (args, widest)
