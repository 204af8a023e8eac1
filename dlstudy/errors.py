"""Errors a user can cause, each with the exit code it maps to.

Exit codes everywhere: 0 ok, 1 a check found problems, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # a check found problems, or the data folder/database cannot be used as it is
    USAGE = 2
    INTERRUPTED = 130


class DlstudyError(Exception):
    """An error caused by the user's input or environment, shown as one line, no traceback."""

    exit_code: int = ExitCode.USAGE  # an ExitCode member, or another code given to __init__

    def __init__(self, message: str, hint: str | None = None, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(DlstudyError):
    """Bad arguments: unknown id, bad parameter, wrong option value (exit 2)."""

    exit_code = ExitCode.USAGE


class StateError(DlstudyError):
    """The data directory or database cannot be used as it is (exit 1)."""

    exit_code = ExitCode.PROBLEMS
