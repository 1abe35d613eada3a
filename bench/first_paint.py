"""Time a terminal app from process start to its first frame, in a real pseudo-terminal.

The clock starts just before the process is spawned and stops when a given text appears in
what the app writes to the terminal (escape sequences stripped). So the figure covers what a
user waits for: interpreter start, imports, parsing, layout and drawing the first frame. The
process is killed at that moment. Its peak resident memory is read from `VmHWM` in
`/proc/PID/status` just before, and its CPU time from the kernel's accounting (`os.wait4`).
`ru_maxrss` is not used for memory: Linux carries the parent's peak over into a child that was
forked from it, so a child of a large benchmark process would report the parent's size.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass

ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


@dataclass(frozen=True, slots=True)
class PaintTiming:
    """One run to first paint.

    Attributes:
        wall: Seconds from spawning the process to the marker text on the terminal.
        cpu: User plus system CPU seconds the process used up to then.
        max_rss: Peak resident set size of the process, in bytes.
    """

    wall: float
    cpu: float
    max_rss: int


class FirstPaintTimeout(RuntimeError):
    """The marker text did not appear on the terminal in time."""


def time_first_paint(
    command: list[str],
    marker: str,
    *,
    size: tuple[int, int] = (160, 48),
    env: dict[str, str] | None = None,
    timeout: float = 120.0,
) -> PaintTiming:
    """Run `command` in a pseudo-terminal of `size` (columns, rows) until `marker` is drawn."""
    controller, terminal = os.openpty()
    columns, rows = size
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=terminal, stdout=terminal, stderr=terminal, env=env, start_new_session=True
    )
    os.close(terminal)
    try:
        wall = _wait_for_text(controller, marker, start, timeout, process)
        max_rss = peak_memory(process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = -signal.SIGKILL
        os.close(controller)
    return PaintTiming(wall=wall, cpu=usage.ru_utime + usage.ru_stime, max_rss=max_rss)


def peak_memory(pid: int | str = "self") -> int:
    """Return the peak resident set size of a process in bytes, from Linux's `VmHWM`."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM line in /proc/{pid}/status")


def _wait_for_text(controller: int, marker: str, start: float, timeout: float, process: subprocess.Popen) -> float:
    """Read the terminal until `marker` shows; return the seconds since `start`."""
    output = bytearray()
    while True:
        remaining = timeout - (time.perf_counter() - start)
        if remaining <= 0:
            raise FirstPaintTimeout(f"{marker!r} did not appear within {timeout:.0f} s: {_tail(output)}")
        ready, _, _ = select.select([controller], [], [], min(remaining, 1.0))
        if not ready:
            if process.poll() is not None:
                raise FirstPaintTimeout(f"the process exited before drawing {marker!r}: {_tail(output)}")
            continue
        try:
            chunk = os.read(controller, 1 << 16)
        except OSError:
            chunk = b""
        if not chunk:
            raise FirstPaintTimeout(f"the terminal closed before {marker!r} appeared: {_tail(output)}")
        now = time.perf_counter()
        output += chunk
        if marker in ESCAPE_SEQUENCE.sub("", output.decode("utf-8", "replace")):
            return now - start


def _tail(output: bytearray) -> str:
    text = ESCAPE_SEQUENCE.sub("", output.decode("utf-8", "replace"))
    return repr(text[-300:])
