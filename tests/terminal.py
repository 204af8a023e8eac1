"""Running dlstudy on a real pseudo-terminal of a given size, read back through the pyte emulator."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass

import pyte

from tests.conftest import REPO

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]")


@dataclass
class Capture:
    screen: pyte.Screen  # what the terminal shows
    raw: str  # everything the program wrote, as text
    returncode: int | None

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def written_lines(self) -> list[str]:
        """The program's own lines (escape codes removed; a carriage return starts the line over), before
        any wrapping by the terminal: a line longer than the screen is one the terminal had to wrap."""
        out = []
        for line in ANSI.sub("", self.raw).replace("\r\n", "\n").split("\n"):
            out.append(line.rsplit("\r", 1)[-1])
        return out


def at_prompt(screen: pyte.Screen) -> bool:
    """The cursor stands right after a prompt (`> `, `>> `, `lab> `): the program reads a line."""
    line = screen.display[screen.cursor.y][: screen.cursor.x]
    return line.rstrip().endswith(">")


def run_in_pty(args: list[str], keys: list[str], home, end: str | None = None, timeout: float = 60,
               cols: int = 100, rows: int = 400, colour: bool = False, env: dict | None = None) -> Capture:
    """Run dlstudy on a pty of cols x rows, type each key string when the program waits for input."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.set_inheritable(slave, True)
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    full_env.update(DLSTUDY_HOME=str(home), TERM="xterm-256color")
    if not colour:
        full_env["NO_COLOR"] = "1"
    full_env.update(env or {})
    proc = subprocess.Popen([sys.executable, "-m", "dlstudy", *args], stdin=slave, stdout=slave, stderr=slave,
                            env=full_env, cwd=str(REPO), close_fds=True, start_new_session=True)
    os.close(slave)
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    raw = bytearray()
    pending = list(keys)
    deadline = time.monotonic() + timeout
    idle = 0.0
    started = False  # keys are typed only once the program has printed something (not ahead of it)
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
            raw += data
            idle = 0.0
            started = True
            continue
        if proc.poll() is not None:
            break
        idle += 0.2
        # the program waits for input: its cursor stands after a prompt (or it has been quiet a long time,
        # for waits without a prompt); keys typed ahead of a slow program would go to the wrong prompt
        if started and ((idle >= 0.6 and at_prompt(screen)) or idle >= 8.0):
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
    try:
        proc.wait(timeout=30)
    finally:
        os.close(master)
    return Capture(screen, raw.decode("utf-8", "replace"), proc.returncode)
