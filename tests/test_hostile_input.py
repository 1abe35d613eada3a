"""Bad input gets one error line and a non-zero exit from the CLI, and a notification in the app.

Each kind of bad input is tried as a file given to `threadtui`, `threadtui export` and
`threadtui links`, and as the body a loopback Hacker News stand-in returns to the app. A
2,000-deep reply chain is not bad input: it must open, export and draw without a
`RecursionError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pytest
from loopback import LoopbackServer, Response
from synthetic import synthetic_algolia_bytes, synthetic_algolia_chain, synthetic_reddit_chain
from test_app import SIZE, settle
from test_cli import run_cli

import threadtui.app.app
from threadtui.app.app import ThreadApp
from threadtui.app.main_screen import MainScreen
from threadtui.app.thread_view import ThreadView
from threadtui.config import Settings
from threadtui.sources import parse_source
from threadtui.store import Store

FIFTY_MB = 50 * 1024 * 1024

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Hacker News</title></head>"
    b"<body><table><tr><td>[@click=app.quit]</td></tr></table></body></html>\n"
)


def fifty_megabytes() -> bytes:
    """Return 50 MB of text that looks like a dump, generated rather than stored."""
    line = b"A comment line that repeats to make a very large thread dump.\n"
    return line * (FIFTY_MB // len(line) + 1)


def deep_json_array(depth: int) -> bytes:
    """Return `[[[…]]]` nested `depth` levels: valid JSON of no known shape."""
    return b"[" * depth + b"]" * depth


BAD_INPUTS: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "blank": lambda: b"  \n\t\n",
    # Valid UTF-8 with NUL bytes, like an executable's header: only the binary check stops it.
    "binary": lambda: b"\x7fELF\x02\x01\x01\x00" + bytes(range(128)) * 64,
    "binary-high-bytes": lambda: bytes(range(256)) * 64,
    "invalid-utf8": lambda: b'{"title": "caf\xe9 \xff\xfe"}',
    "truncated-json": lambda: synthetic_algolia_bytes()[:-40],
    "fifty-megabytes": fifty_megabytes,
    "unknown-shape": lambda: b'{"kind": "something", "items": [1, 2, 3]}',
    "error-response-with-escapes": lambda: json.dumps({"error": "\x1b]8;;https://evil.example\x07x\x1b[2J"}).encode(),
    "html-page": lambda: HTML_PAGE,
    "deep-array": lambda: deep_json_array(100_000),
}

FORBIDDEN_OUTPUT = ("\x1b", "\x07", "\x9b", "Traceback")


def write_input(directory: Path, name: str) -> Path:
    path = directory / f"{name}.json"
    path.write_bytes(BAD_INPUTS[name]())
    return path


@pytest.mark.parametrize("command", [[], ["export"], ["links"]], ids=["open", "export", "links"])
@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_file_is_one_error_line(name: str, command: list[str], tmp_path: Path):
    path = write_input(tmp_path, name)
    result = run_cli(*command, str(path), "--offline")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("threadtui: error: cannot read ")
    for forbidden in FORBIDDEN_OUTPUT:
        assert forbidden not in result.stderr


@pytest.mark.parametrize("make_chain", [synthetic_algolia_chain, synthetic_reddit_chain], ids=["algolia", "reddit"])
def test_deep_chain_exports(make_chain, tmp_path: Path):
    path = tmp_path / "deep.json"
    path.write_bytes(make_chain(2000))
    output = tmp_path / "deep.md"
    result = run_cli("export", str(path), "--offline", "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert output.read_text(encoding="utf-8").startswith("---\n")


def test_lone_surrogates_in_ids_open(tmp_path: Path):
    # JSON escapes can carry lone surrogates, which UTF-8 (and so SQLite) cannot store.
    story = {
        "id": 7, "type": "story", "title": "t\\ud800", "author": "a\\udfff", "created_at_i": 1700000000,
        "children": [{"id": 8, "type": "comment", "author": "b\\ud800", "text": "x\\udc00y", "children": []}],
    }
    text = json.dumps(story).replace("\\\\u", "\\u")
    reddit = json.loads((Path(__file__).parent / "fixtures" / "threads" / "reddit-comments.json").read_text())
    reddit[0]["data"]["children"][0]["data"]["id"] = "p\ud800"
    reddit[1]["data"]["children"][0]["data"]["id"] = "c\udfff"
    cases = {"algolia.json": text, "reddit.json": json.dumps(reddit)}
    for name, body in cases.items():
        path = tmp_path / name
        path.write_text(body, encoding="ascii")
        result = run_cli("links", str(path), "--offline", "--cache-dir", str(tmp_path / "cache"))
        assert result.returncode == 0, f"{name}: {result.stderr}"
        assert "\\ud800" not in result.stdout


# -- in the app ----------------------------------------------------------------------------


class RecordingApp(ThreadApp):
    """The app, recording every notification it shows."""

    # Textual finds CSS_PATH next to the module that defines the class, which is this one.
    CSS_PATH = Path(threadtui.app.app.__file__).parent / ThreadApp.CSS_PATH

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notifications: list[tuple[str, str, str]] = []

    def notify(self, message: str, *, title: str = "", severity="information", **kwargs) -> None:
        self.notifications.append((title, message, severity))
        super().notify(message, title=title, severity=severity, **kwargs)


def remote_app(cache: Path, server: LoopbackServer, source: str = "hn:900001") -> RecordingApp:
    settings = Settings.from_env(cache_dir=cache)
    from dataclasses import replace

    settings = replace(settings, hn_api=server.url("/api/v1"), reddit_base=server.url(), lobsters_base=server.url())
    return RecordingApp(settings, Store.open(cache), parse_source(source), clock=lambda: 1_800_000_000.0)


async def assert_still_usable(pilot, app: RecordingApp) -> None:
    """Check that the app runs and responds to keys by opening and closing the help screen."""
    assert app.is_running
    await pilot.press("question_mark")
    await pilot.pause()
    assert not isinstance(app.screen, MainScreen)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
async def test_bad_payload_notifies_and_app_runs(name: str, isolated_environment: Path):
    body = BAD_INPUTS[name]()
    with LoopbackServer(lambda request: Response(body=body)) as server:
        app = remote_app(isolated_environment, server)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            errors = [entry for entry in app.notifications if entry[2] == "error"]
            assert [title for title, _, _ in errors] == ["Cannot open thread"]
            status = app.screen.query_one("#thread-status")
            assert str(status.render()).startswith(("cannot read", "127.0.0.1", "http://127.0.0.1"))
            for forbidden in FORBIDDEN_OUTPUT:
                assert forbidden not in errors[0][1]
            await assert_still_usable(pilot, app)
    cached = Store.open(isolated_environment).load_thread("hn:900001")
    assert cached is None or cached.format is None


async def test_deep_chain_opens_in_app(isolated_environment: Path):
    body = synthetic_algolia_chain(2000)
    with LoopbackServer(lambda request: Response(body=body)) as server:
        app = remote_app(isolated_environment, server, source="hn:1")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            view = app.screen.query_one(ThreadView)
            assert view.thread is not None
            assert len(view.thread.comments) == 2000
            await pilot.press("G")
            await settle(pilot, app)
            assert view.selected == 1999
            await assert_still_usable(pilot, app)


# -- paper metadata --------------------------------------------------------------------------

HOSTILE_METADATA = "Deep \u202eevil\u202c [b]nets[/b] \x1b[2J\x07 \ud800"


def assert_paper_clean(paper) -> None:
    texts = [paper.title, paper.abstract, *paper.authors, paper.comment or "", *paper.links.values()]
    for text in texts:
        assert text.isprintable(), repr(text)
    assert "[b]nets[/b]" in paper.title


def test_atom_metadata_is_cleaned():
    from arxiv_standin import feed, synthetic_entry

    from threadtui.arxiv.atom import parse_atom

    entry = synthetic_entry("2309.16512", comment="12 pages \u202e")
    entry = entry.replace("Paper 2309.16512", "Deep \u202eevil\u202c [b]nets[/b]")
    entry = entry.replace("Ada Lovelace", "Ada \u2066Lovelace\u2069")
    parsed = parse_atom(feed([entry]))
    assert_paper_clean(parsed.papers["2309.16512"])


def test_crossref_metadata_is_cleaned():
    from threadtui.crossref import paper_from_work

    work = {
        "DOI": "10.1000/x",
        "title": [HOSTILE_METADATA],
        "author": [{"given": "A\x1b[31m", "family": "B\u202e"}],
        "abstract": HOSTILE_METADATA,
    }
    assert_paper_clean(paper_from_work(work, "10.1000/x"))


def test_cached_metadata_is_cleaned(tmp_path: Path):
    from threadtui.model import Paper, PaperStatus

    store = Store.open(tmp_path)
    paper = Paper(key="arxiv:1", title=HOSTILE_METADATA, authors=[HOSTILE_METADATA], abstract=HOSTILE_METADATA,
                  comment=HOSTILE_METADATA, links={"abs": "https://arxiv.org/abs/1\x1b"})
    # An older version stored metadata without cleaning it; write such a row directly.
    store._write(
        "INSERT INTO papers (key, status, data, fetched_at, expires_at) VALUES (?, ?, ?, ?, NULL)",
        ("arxiv:1", "resolved", json.dumps(asdict(paper)), 0.0),
    )
    record = store.get_paper("arxiv:1")
    assert record.status is PaperStatus.RESOLVED
    assert_paper_clean(record.paper)
