"""Prompts in a real pseudo-terminal (line editing on, as a user meets them): after Enter, Ctrl-C,
Ctrl-D and the interview timer, nothing is printed on the prompt's line; the next header starts a line
of its own. Rendered through the pyte terminal emulator."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

import pyte
import pytest

from tests.conftest import REPO

COLS, ROWS = 100, 400


def run_in_pty(args: list[str], keys: list[str], home, end: str | None = None, timeout: float = 60,
               cols: int = COLS, raw: bytearray | None = None) -> list[str]:
    """Run dlstudy on a pty, type each key string when the program waits for input, return the screen
    (`cols` wide; the terminal reports that size). Every byte the program wrote is added to `raw`."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, cols, 0, 0))
    os.set_inheritable(slave, True)
    env = dict(os.environ, DLSTUDY_HOME=str(home), COLUMNS=str(cols), LINES=str(ROWS), TERM="xterm", NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "dlstudy", *args], stdin=slave, stdout=slave, stderr=slave,
                            env=env, cwd=str(REPO), close_fds=True, start_new_session=True)
    os.close(slave)
    screen = pyte.Screen(cols, ROWS)
    stream = pyte.ByteStream(screen)
    pending = list(keys)
    deadline = time.monotonic() + timeout
    idle = 0.0
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            stream.feed(data)
            if raw is not None:
                raw += data
            idle = 0.0
            continue
        if proc.poll() is not None:
            break
        idle += 0.2
        if idle >= 0.6:  # the program is waiting for input
            idle = 0.0
            if pending:
                key = pending.pop(0)
                if key == "^C":
                    os.killpg(proc.pid, signal.SIGINT)
                else:
                    os.write(master, key.encode())
            elif end == "^D":
                os.write(master, b"\x04")
                end = None
    proc.wait(timeout=30)
    os.close(master)
    return [line.rstrip() for line in screen.display]


def assert_nothing_glued(lines: list[str]) -> None:
    for line in lines:
        for prompt in ("> ", ">> ", "grader:", "lab> "):
            if line.startswith(prompt) or prompt in line[:60]:
                rest = line.split(prompt, 1)[1]
                assert "───" not in rest and "Summary" not in rest and "Q2/" not in rest, line


@pytest.mark.slow
@pytest.mark.parametrize("args,keys,end", [
    (["quiz", "--question", "softmax/shift", "--question", "softmax/trick-name"], ["a\r", "\r", "logsumexp\r", "\r"],
     None),
    (["quiz", "--question", "softmax/shift", "--question", "softmax/trick-name"], ["a\r", "^C"], None),
    (["quiz", "--question", "softmax/shift", "--question", "softmax/trick-name"], ["a\r"], "^D"),
    (["review", "--new", "2", "--topic", "neurons"], ["x\r", "\r", "x\r", "\r"], "^D"),
    (["drill", "uniform-variance", "-n", "2", "--seed", "1"], ["1\r", "\r", "1\r", "\r"], "^D"),
    (["quiz", "--interview", "--minutes", "1", "-n", "1", "--seed", "2"], ["an answer\r", "\r"], "^D"),
], ids=["quiz-enter", "quiz-ctrl-c", "quiz-ctrl-d", "review", "drill", "interview"])
def test_prompt_lines_end_before_anything_else_is_printed(tmp_path, args, keys, end):
    lines = run_in_pty(args, keys, tmp_path / "home", end=end)
    text = "\n".join(lines)
    assert "Summary" in text or "summary" in text, text[-2000:]
    assert_nothing_glued(lines)
