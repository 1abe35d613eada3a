"""Network faults leave the app usable, say what happened, retry a bounded number of times and
cache nothing wrong.

Every server here is one the test starts on 127.0.0.1, or a loopback port that nothing
listens on: the Hacker News stand-in serves the thread, `ArxivStandIn` the paper metadata.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from arxiv_standin import ArxivStandIn, Fault
from conftest import SEED
from faulty_servers import SilentServer, TricklingServer, closed_port
from loopback import LoopbackServer, Response
from synthetic import synthetic_algolia_bytes
from test_app import SIZE, link_rows, settle
from test_hostile_input import RecordingApp, assert_still_usable, remote_app

from threadtui.app.thread_view import ThreadView
from threadtui.config import Settings
from threadtui.model import PaperStatus
from threadtui.sources import parse_source, read_file
from threadtui.store import Store

PAPER_KEYS = ("arxiv:2506.13018", "arxiv:2309.16512")


def errors_of(app: RecordingApp) -> list[tuple[str, str]]:
    return [(title, message) for title, message, severity in app.notifications if severity == "error"]


def status_text(app: RecordingApp) -> str:
    return str(app.screen.query_one("#thread-status").render())


def app_on(cache: Path, base: str, *, http: httpx.AsyncClient | None = None) -> RecordingApp:
    settings = replace(Settings.from_env(cache_dir=cache), hn_api=f"{base}/api/v1")
    return RecordingApp(settings, Store.open(cache), parse_source("hn:900001"), http=http)


# -- fetching the thread -----------------------------------------------------------------------


async def test_thread_connection_refused(isolated_environment: Path):
    app = app_on(isolated_environment, f"http://127.0.0.1:{closed_port()}")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        [(title, message)] = errors_of(app)
        assert title == "Cannot open thread"
        assert "connection refused" in message
        assert "connection refused" in status_text(app)
        await assert_still_usable(pilot, app)
    assert Store.open(isolated_environment).load_thread("hn:900001") is None


async def test_thread_server_never_answers(isolated_environment: Path):
    with SilentServer() as server:
        async with httpx.AsyncClient(timeout=httpx.Timeout(1.5)) as http:
            app = app_on(isolated_environment, server.base, http=http)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                assert status_text(app).startswith("Loading hn:900001")
                # The fetch is still waiting: keys must work meanwhile.
                await assert_still_usable(pilot, app)
                assert errors_of(app) == []
                await settle(pilot, app)
                [(title, message)] = errors_of(app)
                assert message.startswith("timed out fetching http://127.0.0.1:")
                assert status_text(app).startswith("timed out")
        assert server.connections == 1
    assert Store.open(isolated_environment).load_thread("hn:900001") is None


async def test_thread_slow_server_shows_progress(isolated_environment: Path):
    body = synthetic_algolia_bytes() + b" " * 40_000
    statuses: list[str] = []
    with TricklingServer(body, chunks=10, interval=0.15) as server:
        app = app_on(isolated_environment, server.base)
        async with app.run_test(size=SIZE) as pilot:
            started = time.monotonic()
            while app.screen.query_one(ThreadView).thread is None and time.monotonic() - started < 10:
                statuses.append(status_text(app))
                await pilot.press("question_mark", "escape")
                await asyncio.sleep(0.05)
            await settle(pilot, app)
            assert app.screen.query_one(ThreadView).thread.title == "Show HN: Tiny reader"
            assert errors_of(app) == []
    assert any("KiB" in status for status in statuses), statuses
    assert Store.open(isolated_environment).load_thread("hn:900001").format == "hn-algolia"


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (Response(status=429, body=b"slow down", content_type="text/plain", headers={"Retry-After": "120"}),
         "rate limiting requests (HTTP 429; Retry-After: 120)"),
        (Response(status=503, body=b"", content_type="text/plain"), "failed with HTTP 503"),
        (Response(body=b"<!doctype html><p>blocked</p>", content_type="text/html"), "HTML page instead of JSON"),
        (Response(body=b"<!doctype html><p>blocked</p>", content_type="application/json"), "HTML page instead of JSON"),
    ],
    ids=["429", "503", "html", "html-as-json"],
)
async def test_thread_http_fault_is_reported_once(response: Response, expected: str, isolated_environment: Path):
    with LoopbackServer(lambda request: response) as server:
        app = app_on(isolated_environment, server.base)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            [(title, message)] = errors_of(app)
            assert expected in message
            assert expected in status_text(app)
            await assert_still_usable(pilot, app)
        assert len(server.requests) == 1
    assert Store.open(isolated_environment).load_thread("hn:900001") is None


async def test_failed_refresh_keeps_cached_copy(isolated_environment: Path):
    good = synthetic_algolia_bytes()
    answers = [Response(body=good), Response(body=b'{"truncated": ')]
    with LoopbackServer(lambda request: answers.pop(0)) as server:
        app = remote_app(isolated_environment, server)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("r")
            await settle(pilot, app)
            [(title, message)] = errors_of(app)
            assert "truncated" in message
            assert app.screen.query_one(ThreadView).thread.title == "Show HN: Tiny reader"
    cached = Store.open(isolated_environment).load_thread("hn:900001")
    assert cached.payload == good
    assert cached.format == "hn-algolia"


# -- resolving papers --------------------------------------------------------------------------


def seed_app(cache: Path) -> RecordingApp:
    settings = Settings.from_env(cache_dir=cache)
    return RecordingApp(settings, Store.open(cache), read_file(SEED), clock=lambda: 1_800_000_000.0)


async def paper_rows(pilot, app: RecordingApp) -> list[str]:
    await pilot.press("tab", "a")
    await settle(pilot, app)
    return [row for row in link_rows(app) if "arXiv:" in row]


def cached_papers(cache: Path) -> dict:
    return Store.open(cache).get_papers(PAPER_KEYS)


async def test_arxiv_rate_limit_retried_then_resolved(isolated_environment: Path, monkeypatch):
    with ArxivStandIn(known={"2506.13018", "2309.16512"}) as arxiv:
        arxiv.script(Fault.RATE_LIMITED, Fault.RATE_LIMITED)
        monkeypatch.setenv("THREADTUI_ARXIV_API", arxiv.api_url)
        app = seed_app(isolated_environment)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            rows = await paper_rows(pilot, app)
        assert len(arxiv.requests) == 3
    assert all("Paper " in row for row in rows), rows
    assert {record.status for record in cached_papers(isolated_environment).values()} == {PaperStatus.RESOLVED}


@pytest.mark.parametrize(
    ("fault", "requests", "shown"),
    [
        (Fault.UNAVAILABLE, 4, "HTTP 503"),
        (Fault.RATE_LIMITED, 4, "HTTP 429"),
        (Fault.HTML_PAGE, 1, "text/html"),
        (Fault.HTML_BLOCK, 1, "HTTP 403"),
    ],
    ids=["503", "429", "html-page", "html-block"],
)
async def test_arxiv_fault_is_bounded_and_cached_nowhere(
    fault: Fault, requests: int, shown: str, isolated_environment: Path, monkeypatch
):
    with ArxivStandIn(known={"2506.13018", "2309.16512"}) as arxiv:
        arxiv.script(*[fault] * 10)
        monkeypatch.setenv("THREADTUI_ARXIV_API", arxiv.api_url)
        app = seed_app(isolated_environment)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            rows = await paper_rows(pilot, app)
            await assert_still_usable(pilot, app)
        assert len(arxiv.requests) == requests
    assert len(rows) == 2
    assert all("failed — will retry" in row for row in rows), rows
    assert all(shown in row for row in rows), rows
    assert cached_papers(isolated_environment) == {}


async def test_arxiv_refused_leaves_app_usable(isolated_environment: Path, monkeypatch):
    monkeypatch.setenv("THREADTUI_ARXIV_API", f"http://127.0.0.1:{closed_port()}/api/query")
    app = seed_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        rows = await paper_rows(pilot, app)
        await assert_still_usable(pilot, app)
    assert all("failed — will retry" in row for row in rows), rows
    assert all("cannot reach arXiv" in row for row in rows), rows
    assert cached_papers(isolated_environment) == {}


async def test_arxiv_never_answers_app_responds_and_quits(isolated_environment: Path, monkeypatch):
    with SilentServer() as arxiv:
        monkeypatch.setenv("THREADTUI_ARXIV_API", f"{arxiv.base}/api/query")
        app = seed_app(isolated_environment)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.5)
            view = app.screen.query_one(ThreadView)
            await pilot.press("j", "j")
            await pilot.pause()
            assert view.selected == 1
            await assert_still_usable(pilot, app)
            assert arxiv.connections == 1
            progress = str(app.screen.query_one("#link-progress").render())
            assert "request in flight" in progress
            started = time.monotonic()
            await pilot.press("q")
            await pilot.pause()
        assert time.monotonic() - started < 5
    assert cached_papers(isolated_environment) == {}
