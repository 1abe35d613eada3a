"""Writing the export file: all of it or none of it, without disturbing what the path is."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from threadtui import export
from threadtui.export import write_export

TEXT = "# Notes\n\nline one\nline two\n"


def test_writes_a_new_file(tmp_path: Path):
    path = tmp_path / "notes.md"
    write_export(path, TEXT)
    assert path.read_bytes() == TEXT.encode()


def test_leaves_no_temporary_file(tmp_path: Path):
    write_export(tmp_path / "notes.md", TEXT)
    assert [entry.name for entry in tmp_path.iterdir()] == ["notes.md"]


def test_writes_unix_line_endings(tmp_path: Path):
    path = tmp_path / "notes.md"
    write_export(path, "a\nb\n")
    assert path.read_bytes() == b"a\nb\n"


def test_replaced_file_keeps_its_permissions(tmp_path: Path):
    path = tmp_path / "notes.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_export(path, TEXT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_symbolic_link_keeps_pointing_at_its_file(tmp_path: Path):
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "notes.md"
    link.symlink_to(real)
    write_export(link, TEXT)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == TEXT


def test_failed_write_keeps_the_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "notes.md"
    path.write_text("old notes", encoding="utf-8")

    def failing_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_export(path, TEXT)
    assert path.read_text(encoding="utf-8") == "old notes"
    assert [entry.name for entry in tmp_path.iterdir()] == ["notes.md"]


def test_missing_directory_raises(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        write_export(tmp_path / "absent" / "notes.md", TEXT)


def test_pipe_is_written_to_not_replaced(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_export(fifo, TEXT)
    reader.join(timeout=10)
    assert received == [TEXT.encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
