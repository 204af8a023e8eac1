"""SIGTERM and SIGHUP handled like Ctrl-C, and the few steps no signal may cut in half.

`install()` (called by the console-script entry point) makes SIGINT, SIGTERM and SIGHUP raise
`Interrupted`, a KeyboardInterrupt: every session already stops cleanly on Ctrl-C (answers kept,
pending ones journaled, the summary printed where a terminal remains), and now does the same when
the terminal closes, an SSH connection drops or `kill` is sent. The exit code is 128 + the signal
(130 Ctrl-C, 129 SIGHUP, 143 SIGTERM). A signal ignored by the parent (nohup) stays ignored.

`held()` marks a step that must finish once started (an answer committed *and* counted, an undo):
a signal arriving inside it is kept and raised when the step ends. `allowed()` re-opens the window
inside a held step while it only waits (for another process's database lock), so waiting stays
interruptible. A second signal while stopping is ignored, so the cleanup itself runs to its end.

The handler's state is per process (signals are), which is why it lives here and not in a context.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Iterator

from dlstudy.errors import ExitCode


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, SIGTERM or SIGHUP: stop like Ctrl-C, exit with 128 + the signal's number."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def terminal_gone(self) -> bool:
        """SIGHUP: the terminal was closed (printing may fail, and nobody reads it)."""
        return self.signum == getattr(signal, "SIGHUP", -1)


def exit_code(exc: BaseException) -> int:
    """The exit code for an interruption: 128 + the signal, 130 for a plain KeyboardInterrupt."""
    return exc.exit_code if isinstance(exc, Interrupted) else int(ExitCode.INTERRUPTED)


class _State:
    held = 0  # depth of held() steps
    pending: int | None = None  # a signal that arrived inside a held step
    received: int | None = None  # the first signal: later ones are ignored while stopping


_state = _State()


def _handler(signum: int, _frame: object) -> None:
    if _state.received is not None:
        return  # already stopping: let the cleanup finish
    _state.received = signum
    if _state.held:
        _state.pending = signum
        return
    raise Interrupted(signum)


def install() -> None:
    """Route SIGINT, SIGTERM and SIGHUP to Interrupted (signals the parent ignores stay ignored)."""
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            if signal.getsignal(signum) == signal.SIG_IGN:
                continue
            signal.signal(signum, _handler)
        except (OSError, ValueError):  # not the main thread, or not allowed here
            continue


def _raise_pending() -> None:
    if _state.pending is not None and not _state.held:
        signum, _state.pending = _state.pending, None
        raise Interrupted(signum)


@contextmanager
def held() -> Iterator[None]:
    """A step no signal may cut in half: a signal inside it is raised when it ends."""
    _state.held += 1
    try:
        yield
    finally:
        _state.held -= 1
    _raise_pending()


@contextmanager
def allowed() -> Iterator[None]:
    """Inside a held step: a stretch of waiting where a signal may stop at once."""
    saved, _state.held = _state.held, 0
    try:
        _raise_pending()
        yield
    finally:
        _state.held = saved


def reset() -> None:
    """Forget a received signal (tests that run several commands in one process)."""
    _state.held, _state.pending, _state.received = 0, None, None
