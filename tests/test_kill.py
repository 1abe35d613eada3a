"""Notes survive the app being killed with SIGKILL a second after the last keystroke.

The app runs for real in a pseudo-terminal, as a user would run it; keys are written to the
terminal and the process is killed without any chance to clean up.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from conftest import SEED

from threadtui.sources import read_file
from threadtui.store import Store

TUI = Path(__file__).parent.parent / "tui"


class TerminalApp:
    """threadtui running in a pseudo-terminal of a given size."""

    def __init__(
        self, arguments: list[str], *, columns: int = 120, rows: int = 40, prefix: list[str] | None = None
    ) -> None:
        """Start `threadtui ARGUMENTS`, run through `prefix` (such as `setpriv …`) if given."""
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = dict(os.environ)
        env.update({"PYTHONPATH": str(TUI), "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)})
        self.process = subprocess.Popen(
            [*(prefix or []), sys.executable, "-m", "threadtui", *arguments],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""

    def read_until(self, needle: bytes, timeout: float = 30.0) -> None:
        """Read the terminal output until it contains `needle`."""
        deadline = time.monotonic() + timeout
        while needle not in self.output:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{needle!r} not seen; last output: {self.output[-400:]!r}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    raise AssertionError(f"app exited before {needle!r}: {self.output[-400:]!r}") from None

    def drain(self, seconds: float) -> None:
        """Keep reading output for a while, so the app never blocks on a full terminal."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    return

    def type(self, text: str, pause: float = 0.05) -> None:
        """Send keystrokes one at a time."""
        for character in text:
            os.write(self.master, character.encode())
            self.drain(pause)

    def kill(self) -> None:
        """Kill the app with SIGKILL and wait for it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)


@pytest.mark.slow
def test_note_survives_sigkill_one_second_after_typing(isolated_environment: Path):
    app = TerminalApp([str(SEED), "--offline", "--cache-dir", str(isolated_environment)])
    try:
        app.read_until(b"Note on")
        app.drain(1.0)
        app.type("j")
        app.type("i")
        app.type("kept after kill")
        app.drain(1.0)
    finally:
        app.kill()

    assert app.process.returncode == -signal.SIGKILL
    thread = read_file(SEED)
    note = Store.open(isolated_environment).get_note(thread.key, f"comment:{thread.comments[0].id}")
    assert note is not None
    assert note.body == "kept after kill"
