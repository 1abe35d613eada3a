"""The app with remote sources and a misbehaving arXiv: loading, errors, statuses, progress."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest
from arxiv_standin import ArxivStandIn, Fault
from loopback import LoopbackServer, Request, Response
from pilot_helpers import settle
from synthetic import synthetic_algolia_bytes

from threadtui.app.app import ThreadApp
from threadtui.app.link_pane import LinkPane
from threadtui.app.main_screen import MainScreen
from threadtui.app.thread_view import ThreadView
from threadtui.config import Settings
from threadtui.model import Block, BlockKind, Comment, PaperStatus, Span, SpanStyle, Thread
from threadtui.sources import parse_source
from threadtui.store import Store

SIZE = (140, 40)


def algolia(request: Request) -> Response:
    if request.path == "/api/v1/items/900001":
        return Response(body=synthetic_algolia_bytes())
    return Response(status=404, body=b'{"status":404,"error":"Not Found"}')


def remote_app(cache: Path, url: str) -> ThreadApp:
    return ThreadApp(Settings.from_env(cache_dir=cache), Store.open(cache), parse_source(url))


async def test_hn_url_opens_in_app(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    with LoopbackServer(algolia) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        app = remote_app(isolated_environment, "https://news.ycombinator.com/item?id=900001")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            view = app.screen.query_one(ThreadView)
            authors = [comment.author for comment in view.thread.comments]
    assert authors == ["quill_otter", None, "tin_heron"]
    assert len(server.requests) == 1


async def test_reopened_url_comes_from_cache(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    with LoopbackServer(algolia) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        for _ in range(2):
            app = remote_app(isolated_environment, "hn:900001")
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot, app)
    assert len(server.requests) == 1


async def test_refresh_key_fetches_again(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    with LoopbackServer(algolia) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        app = remote_app(isolated_environment, "hn:900001")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("r")
            await settle(pilot, app)
    assert len(server.requests) == 2


async def test_unknown_item_notifies_and_keeps_running(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    with LoopbackServer(algolia) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        app = remote_app(isolated_environment, "hn:424242")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot, app)
            messages = [notification.message for notification in app._notifications]
            assert app.is_running
    assert any("424242" in message for message in messages)


async def test_slow_download_shows_loading_status(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    def slow(request: Request) -> Response:
        return Response(body=synthetic_algolia_bytes(), delay=3.0)

    with LoopbackServer(slow) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        app = remote_app(isolated_environment, "hn:900001")
        async with app.run_test(size=SIZE) as pilot:
            seen: list[str] = []
            for _ in range(50):
                await asyncio.sleep(0.05)
                if isinstance(app.screen, MainScreen):
                    seen.append(str(app.screen.query_one("#thread-status").render()))
                if any("Loading hn:900001" in text for text in seen):
                    break
            await settle(pilot, app)
    assert any("Loading hn:900001" in text for text in seen)


# -- papers under faults ------------------------------------------------------------------------


def citing_thread() -> Thread:
    """A thread whose one comment cites one arXiv paper."""
    url = "https://arxiv.org/abs/2309.16512"
    block = Block(BlockKind.PARAGRAPH, (Span("see "), Span(url, SpanStyle.LINK, url)))
    comment = Comment(id="c1", parent_id=None, depth=0, author="quill_otter", blocks=(block,))
    return Thread(key="text:faults", site="text", source="faults.txt", title="Faults", comments=[comment])


async def paper_status(cache: Path, *faults: Fault, withdrawn: bool = False) -> tuple[PaperStatus, str, Store]:
    store = Store.open(cache)
    with ArxivStandIn(known={"2309.16512"}, withdrawn={"2309.16512"} if withdrawn else ()) as arxiv:
        arxiv.script(*faults)
        settings = replace(Settings.from_env(cache_dir=cache), arxiv_api=arxiv.api_url)
        app = ThreadApp(settings, store, citing_thread())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("j")
            await pilot.pause()
            pane = app.screen.query_one(LinkPane)
            state = pane.paper("arxiv:2309.16512")
            prompt = str(pane.option_list.options[0].prompt)
    return state.status, prompt, store


async def test_rate_limit_then_success_resolves(isolated_environment: Path):
    status, prompt, _ = await paper_status(isolated_environment, Fault.RATE_LIMITED)
    assert status is PaperStatus.RESOLVED
    assert "Paper 2309.16512" in prompt


async def test_persistent_503_shows_failed(isolated_environment: Path):
    status, prompt, store = await paper_status(isolated_environment, *[Fault.UNAVAILABLE] * 8)
    assert status is PaperStatus.FAILED
    assert "failed — will retry" in prompt
    assert store.get_paper("arxiv:2309.16512") is None


async def test_html_block_page_is_failure_not_missing(isolated_environment: Path):
    status, _, store = await paper_status(isolated_environment, *[Fault.HTML_BLOCK] * 8)
    assert status is PaperStatus.FAILED
    assert store.get_paper("arxiv:2309.16512") is None


async def test_error_entry_shows_invalid(isolated_environment: Path):
    status, prompt, _ = await paper_status(isolated_environment, Fault.ERROR_ENTRY)
    assert status is PaperStatus.INVALID
    assert "invalid id" in prompt


async def test_empty_feed_shows_not_found(isolated_environment: Path):
    status, prompt, _ = await paper_status(isolated_environment, *[Fault.EMPTY] * 8)
    assert status is PaperStatus.NOT_FOUND
    assert "not found" in prompt


async def test_withdrawn_paper_has_badge(isolated_environment: Path):
    status, prompt, _ = await paper_status(isolated_environment, withdrawn=True)
    assert status is PaperStatus.RESOLVED
    assert "withdrawn" in prompt


async def test_progress_shows_count_and_wait(isolated_environment: Path):
    store = Store.open(isolated_environment)
    with ArxivStandIn(known={"2309.16512"}) as arxiv:
        arxiv.script(Fault.RATE_LIMITED)
        settings = replace(Settings.from_env(cache_dir=isolated_environment), arxiv_api=arxiv.api_url, arxiv_delay=1.5)
        app = ThreadApp(settings, store, citing_thread())
        async with app.run_test(size=SIZE) as pilot:
            seen: list[str] = []
            for _ in range(40):
                await asyncio.sleep(0.1)
                seen.append(str(app.screen.query_one("#link-progress").render()))
            await settle(pilot, app)
    assert any("0 of 1 resolved" in text for text in seen)
    assert any("next request in" in text for text in seen)
