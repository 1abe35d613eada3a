"""Only http and https links are ever opened, and export writes only the file it was given."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEED
from hypothesis import given
from hostile_text import PROPERTY_SETTINGS, hostile_text
from test_app import SIZE, make_app, settle
from test_cli import run_cli
from test_hostile_render import PAPER_LINK, make_paper

from threadtui.app.app import default_export_path, is_openable
from threadtui.app.link_pane import LinkEntry, LinkPane
from threadtui.app.paper_screen import PaperScreen
from threadtui.model import Link, PaperStatus, Thread
from threadtui.resolution import PaperState

OPENABLE = [
    "https://arxiv.org/abs/2309.16512",
    "http://example.org/a?b=c#d",
    "HTTPS://EXAMPLE.ORG/",
    "  https://example.org/padded  ",
]

NOT_OPENABLE = [
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "ftp://example.org/file",
    "mailto:someone@example.org",
    "ssh://example.org",
    "smb://example.org/share",
    "x-man-page://ls",
    "//example.org/scheme-relative",
    "/local/path",
    "https:/missing-host",
    "https://",
    "http:",
    "",
    "https://example.org/\x1b]8;;https://evil.example\x07",
    "https://example.org/a\nfile:///etc/passwd",
    "https://exa mple.org/",
    "https://example.org/\u202eevil",
]


@pytest.mark.parametrize("url", OPENABLE)
def test_http_links_are_openable(url: str):
    assert is_openable(url)


@pytest.mark.parametrize("url", NOT_OPENABLE)
def test_other_links_are_not_openable(url: str):
    assert not is_openable(url)


@PROPERTY_SETTINGS
@given(text=hostile_text)
def test_openable_links_are_http_without_controls(text: str):
    for url in (text, f"https://example.org/{text}", f"{text}https://example.org/"):
        if is_openable(url):
            assert re.match(r"(?i)https?://[^/?#\s]", url.strip())
            assert url.strip().isprintable()


def record_opened(app, monkeypatch) -> list[str]:
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kwargs: opened.append(url))
    return opened


async def test_link_pane_opens_only_http(isolated_environment: Path, monkeypatch):
    app = make_app(isolated_environment, offline=True)
    opened = record_opened(app, monkeypatch)
    urls = ["javascript:alert(1)", "file:///etc/passwd", "https://example.org/ok", "data:,x"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        pane = app.screen.query_one(LinkPane)
        links = [Link(url=url, text=url, comment_id=None, domain="example.org") for url in urls]
        pane.show([LinkEntry(link) for link in links], title="Links")
        pane.option_list.focus()
        for number in range(len(urls)):
            pane.option_list.highlighted = number
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert app.is_running
    assert opened == ["https://example.org/ok", "https://example.org/ok"]


async def test_paper_screen_opens_only_http(isolated_environment: Path, monkeypatch):
    app = make_app(isolated_environment, offline=True)
    opened = record_opened(app, monkeypatch)
    paper = make_paper()
    paper.links["abs"] = "javascript:alert(document.cookie)"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await app.push_screen(PaperScreen(PAPER_LINK, PaperState(PaperStatus.RESOLVED, paper=paper), []))
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert app.is_running
    assert opened == []


# -- export --------------------------------------------------------------------------------


def hostile_dump(directory: Path) -> Path:
    """A dump whose first line, used as the title, looks like a path out of the directory."""
    path = directory / "dump.txt"
    path.write_text("../../../../etc/evil-notes.md /tmp/escape.md\nsecond comment\n", encoding="utf-8")
    return path


def files_under(directory: Path) -> set[Path]:
    return {path for path in directory.rglob("*")}


def test_cli_export_writes_only_output(tmp_path: Path, isolated_environment: Path):
    source = hostile_dump(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    output = tmp_path / "out" / "notes.md"
    output.parent.mkdir()
    before = files_under(tmp_path)

    result = run_cli("export", str(source), "--offline", "-o", str(output), cwd=work)

    assert result.returncode == 0, result.stderr
    created = {path for path in files_under(tmp_path) - before if not path.is_relative_to(isolated_environment)}
    assert created == {output}
    assert output.read_text(encoding="utf-8").startswith("---\n")


def test_cli_export_missing_directory_is_one_line(tmp_path: Path):
    output = tmp_path / "missing" / "notes.md"
    result = run_cli("export", str(SEED), "--offline", "-o", str(output))
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "No such file or directory" in result.stderr
    assert not output.parent.exists()


@PROPERTY_SETTINGS
@given(title=hostile_text)
def test_default_export_path_stays_in_working_directory(title: str):
    path = default_export_path(Thread(key="text:t", site="text", source="t", title=title, comments=[]))
    assert path.parent == Path.cwd()
    assert re.fullmatch(r"[a-z0-9-]+-notes\.md", path.name)


async def test_app_export_writes_only_chosen_file(isolated_environment: Path, tmp_path: Path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    target = tmp_path / "chosen.md"
    app = make_app(isolated_environment, source=hostile_dump(tmp_path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = files_under(tmp_path)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    created = files_under(tmp_path) - before
    assert {path for path in created if not path.is_relative_to(isolated_environment)} == {target}
