"""Shared test fixtures: every test gets a temporary DLSTUDY_HOME; an in-process CLI helper."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory):
    """One parsed-content cache for the whole run (it is keyed by path, size and mtime, so it is safe)."""
    return tmp_path_factory.mktemp("content-cache")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch, shared_cache):
    """Nothing ever touches the real home directory: DLSTUDY_HOME is a fresh temp dir per test."""
    home = tmp_path / "dlstudy-home"
    monkeypatch.setenv("DLSTUDY_HOME", str(home))
    monkeypatch.setenv("DLSTUDY_CACHE_DIR", str(shared_cache))
    monkeypatch.delenv("DLSTUDY_CONTENT", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


class Cli:
    """Run dlstudy in-process through typer's CliRunner (stdout and stderr kept apart)."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        from dlstudy.cli.app import app

        return self.runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


def run_subprocess(*args: str, input: str | None = None, env: dict | None = None, timeout: float = 120):
    """Run `python -m dlstudy ARGS` in a real subprocess (for import checks, signals, exit codes)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "dlstudy", *args], input=input, capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=str(REPO))
