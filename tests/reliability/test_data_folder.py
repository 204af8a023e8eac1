"""A data folder that is a file (DLSTUDY_HOME pointing at a regular file): every command that keeps
state says so in one line and exits 1, instead of showing a fresh empty state (issue 31, item 6)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [[], ["stats"], ["stats", "--json"], ["history"], ["review"], ["quiz", "-n", "1"],
                                  ["doctor"], ["config"], ["suspended"], ["cards"], ["show", "softmax"],
                                  ["export", "history", "out.csv", "--csv"], ["plan"], ["plan", "--json"]])
def test_a_data_folder_that_is_a_file_is_one_line_and_exit_1(cli, tmp_path, monkeypatch, args):
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DLSTUDY_HOME", str(home))
    monkeypatch.delenv("DLSTUDY_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    r = cli(*args, input="q\n")
    assert r.exit_code == 1, (args, r.stdout, r.stderr)
    lines = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert lines == [f"error: the data folder {home} is not a folder (it is a file)"], r.stderr
    assert "Traceback" not in r.stderr and "No reviews yet" not in r.stdout
    assert home.read_text(encoding="utf-8") == "not a folder"  # untouched


def _every_command() -> list[str]:
    from dlstudy.cli.app import COMMANDS

    return sorted(COMMANDS) + ["export"]


@pytest.mark.parametrize("name", _every_command())
def test_every_command_refuses_a_data_folder_that_is_a_file(cli, tmp_path, monkeypatch, name):
    """Also the commands that never open the data folder (demo, docs): every command, one line, exit 1."""
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DLSTUDY_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    r = cli(name, input="q\n")
    assert r.exit_code == 1, (name, r.stdout, r.stderr)
    assert [line for line in r.stderr.splitlines() if line.startswith("error:")] == \
        [f"error: the data folder {home} is not a folder (it is a file)"], r.stderr
    assert home.read_text(encoding="utf-8") == "not a folder"
