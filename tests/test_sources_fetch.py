"""load_thread against loopback stand-ins for Algolia, Reddit and Lobsters: fetch, cache, errors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from conftest import SEED, UNREACHABLE
from loopback import LoopbackServer, Request, Response
from synthetic import reddit_comment, reddit_thread, synthetic_algolia_bytes

from threadtui.config import USER_AGENT, Settings
from threadtui.model import CommentState
from threadtui.sources import FetchError, SourceError, load_thread, parse_source
from threadtui.store import Store

ALGOLIA_PATH = "/api/v1/items/900001"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store")
    yield opened
    opened.close()


def settings_for(server: LoopbackServer, **changes: object) -> Settings:
    return replace(
        Settings.from_env(),
        hn_api=server.url("/api/v1"),
        reddit_base=server.url(),
        lobsters_base=server.url(),
        **changes,
    )


def algolia_handler(request: Request) -> Response:
    if request.path == ALGOLIA_PATH:
        return Response(body=synthetic_algolia_bytes())
    return Response(status=404, body=b'{"status":404,"error":"Not Found"}')


def fixed(response: Response):
    return lambda request: response


async def open_url(url: str, settings: Settings, store: Store | None, **kwargs: object):
    async with httpx.AsyncClient(timeout=5) as client:
        return await load_thread(parse_source(url), settings, store, client, **kwargs)


async def fetch_error(url: str, response: Response, store: Store | None = None) -> str:
    with LoopbackServer(fixed(response)) as server:
        with pytest.raises(FetchError) as raised:
            await open_url(url, settings_for(server), store)
    message = str(raised.value)
    assert "\n" not in message
    return message


# -- Hacker News (Algolia) -------------------------------------------------------------------


async def test_hn_url_opens_thread(store: Store) -> None:
    with LoopbackServer(algolia_handler) as server:
        loaded = await open_url("https://news.ycombinator.com/item?id=900001#900004",
                                settings_for(server), store)
    thread = loaded.thread
    assert loaded.from_cache is False
    assert loaded.fetched_at is not None
    assert thread.key == "hn:900001"
    assert thread.focus_comment_id == "900004"
    assert [(c.author, c.depth, c.state, c.created_at) for c in thread.comments] == [
        ("quill_otter", 0, CommentState.NORMAL, 1709287500),
        (None, 1, CommentState.DELETED, 1709287620),
        ("tin_heron", 2, CommentState.NORMAL, 1709287740),
    ]


async def test_hn_one_request_with_user_agent(store: Store) -> None:
    with LoopbackServer(algolia_handler) as server:
        await open_url("hn:900001", settings_for(server), store)
    assert [request.path for request in server.requests] == [ALGOLIA_PATH]
    assert server.requests[0].headers["user-agent"] == USER_AGENT


async def test_reopen_uses_cache(store: Store) -> None:
    with LoopbackServer(algolia_handler) as server:
        first = await open_url("hn:900001", settings_for(server), store)
        again = await open_url("https://news.ycombinator.com/item?id=900001", settings_for(server),
                               store)
    assert len(server.requests) == 1
    assert again.from_cache is True
    assert again.fetched_at == first.fetched_at
    assert [c.id for c in again.thread.comments] == [c.id for c in first.thread.comments]


async def test_refresh_sends_one_request(store: Store) -> None:
    with LoopbackServer(algolia_handler) as server:
        await open_url("hn:900001", settings_for(server), store)
        refreshed = await open_url("hn:900001", settings_for(server, refresh=True), store)
    assert len(server.requests) == 2
    assert refreshed.from_cache is False


async def test_offline_uses_cache(store: Store) -> None:
    with LoopbackServer(algolia_handler) as server:
        await open_url("hn:900001", settings_for(server), store)
        loaded = await open_url("hn:900001", settings_for(server, offline=True, refresh=True),
                                store)
    assert len(server.requests) == 1
    assert loaded.from_cache is True


async def test_offline_without_cache(store: Store) -> None:
    with LoopbackServer(algolia_handler) as server:
        with pytest.raises(SourceError) as raised:
            await open_url("hn:123", settings_for(server, offline=True), store)
    assert str(raised.value) == "no cached copy of hn:123 — run without --offline to fetch it"
    assert server.requests == []


async def test_payload_stored_with_format(store: Store) -> None:
    with LoopbackServer(algolia_handler) as server:
        await open_url("hn:900001", settings_for(server), store)
    cached = store.load_thread("hn:900001")
    assert cached is not None
    assert cached.payload == synthetic_algolia_bytes()
    assert cached.format == "hn-algolia"
    assert cached.title == "Show HN: Tiny reader"


async def test_payload_stored_before_parsing(store: Store) -> None:
    with LoopbackServer(fixed(Response(body=b'{"unexpected": true}'))) as server:
        with pytest.raises(SourceError, match="top-level keys seen"):
            await open_url("hn:5", settings_for(server), store)
    cached = store.load_thread("hn:5")
    assert cached is not None
    assert cached.payload == b'{"unexpected": true}'


async def test_unparseable_cache_fetched_again(store: Store) -> None:
    with LoopbackServer(fixed(Response(body=b'{"unexpected": true}'))) as server:
        with pytest.raises(SourceError):
            await open_url("hn:900001", settings_for(server), store)
    with LoopbackServer(algolia_handler) as server:
        loaded = await open_url("hn:900001", settings_for(server), store)
    assert len(server.requests) == 1
    assert loaded.thread.title == "Show HN: Tiny reader"


async def test_progress_reported(store: Store) -> None:
    calls: list[tuple[int, int | None]] = []
    body = synthetic_algolia_bytes()
    with LoopbackServer(algolia_handler) as server:
        await open_url("hn:900001", settings_for(server), store,
                       on_progress=lambda received, total: calls.append((received, total)))
    assert calls
    assert calls[-1] == (len(body), len(body))


async def test_progress_without_content_length() -> None:
    body = synthetic_algolia_bytes()

    async def chunks() -> AsyncIterator[bytes]:
        yield body[:100]
        yield body[100:]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=chunks(), headers={"content-type": "application/json"})

    calls: list[tuple[int, int | None]] = []
    settings = replace(Settings.from_env(), hn_api="http://127.0.0.1:9/api/v1")
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        loaded = await load_thread(parse_source("hn:900001"), settings, None, client,
                                   on_progress=lambda received, total: calls.append((received, total)))
    assert calls == [(100, None), (len(body), None)]
    assert loaded.thread.key == "hn:900001"


# -- Reddit and Lobsters ---------------------------------------------------------------------


async def test_reddit_url_opens_thread(store: Store) -> None:
    payload = reddit_thread(
        [reddit_comment("a1", "a &lt; b", author="op_user", is_submitter=True),
         reddit_comment("a2", "[deleted]", author="[deleted]")],
        html_escaped=False,
    )

    def handler(request: Request) -> Response:
        if request.path == "/comments/p1.json":
            return Response(body=json.dumps(payload).encode())
        return Response(status=404)

    with LoopbackServer(handler) as server:
        loaded = await open_url("https://old.reddit.com/r/test/comments/p1/synthetic/a2/",
                                settings_for(server), store)
    request = server.requests[0]
    assert request.path == "/comments/p1.json"
    assert request.query["raw_json"] == ["1"]
    assert request.query["limit"] == ["500"]
    assert loaded.thread.key == "reddit:p1"
    assert loaded.thread.focus_comment_id == "a2"
    assert [(c.author, c.is_op, c.state, c.text) for c in loaded.thread.comments] == [
        ("op_user", True, CommentState.NORMAL, "a &lt; b"),
        (None, False, CommentState.DELETED, ""),
    ]


async def test_lobsters_url_opens_thread(store: Store, fixtures: Path) -> None:
    body = (fixtures / "threads" / "lobsters-story.json").read_bytes()

    def handler(request: Request) -> Response:
        if request.path == "/s/tdfoqh.json":
            return Response(body=body)
        return Response(status=404)

    with LoopbackServer(handler) as server:
        loaded = await open_url("https://lobste.rs/s/tdfoqh/ranking#c_pcvbcd",
                                settings_for(server), store)
    assert [request.path for request in server.requests] == ["/s/tdfoqh.json"]
    assert loaded.thread.key == "lobsters:tdfoqh"
    assert len(loaded.thread.comments) == 10
    assert loaded.thread.focus_comment_id == "pcvbcd"


# -- local files -----------------------------------------------------------------------------


async def test_local_file_stored_under_key(store: Store, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere.txt"
    moved.write_bytes(SEED.read_bytes())
    first = await load_thread(parse_source(str(SEED)), Settings.from_env(), store, None)
    second = await load_thread(parse_source(str(moved)), Settings.from_env(), store, None)
    assert first.thread.key == second.thread.key
    cached = store.load_thread(first.thread.key)
    assert cached is not None
    assert cached.format == "text-dump"
    assert cached.payload == SEED.read_bytes()
    assert first.from_cache is False
    assert first.fetched_at is None


async def test_local_file_errors_are_source_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        await load_thread(parse_source(str(tmp_path / "gone.json")), Settings.from_env(), None,
                          None)


# -- network errors: one line each -----------------------------------------------------------


async def test_not_found() -> None:
    message = await fetch_error("hn:424242", Response(status=404, body=b'{"error":"Not Found"}'))
    assert message.startswith("hn:424242 not found")
    assert "HTTP 404" in message


async def test_json_null_is_not_found() -> None:
    message = await fetch_error("hn:424242", Response(body=b"null"))
    assert message.startswith("hn:424242 not found")


async def test_forbidden() -> None:
    message = await fetch_error("reddit:p1", Response(status=403, body=b"blocked"))
    assert "(HTTP 403)" in message
    assert "save the thread's JSON in a browser" in message


async def test_rate_limited_mentions_retry_after() -> None:
    message = await fetch_error("reddit:p1", Response(status=429, headers={"Retry-After": "30"}))
    assert "HTTP 429; Retry-After: 30" in message


async def test_rate_limited_without_retry_after() -> None:
    message = await fetch_error("reddit:p1", Response(status=429))
    assert "(HTTP 429)" in message


async def test_server_error() -> None:
    message = await fetch_error("lobsters:abc123", Response(status=503))
    assert "failed with HTTP 503" in message


async def test_html_instead_of_json() -> None:
    page = Response(body=b"<!doctype html><html><body>whoa there, pardner!</body></html>",
                    content_type="text/html; charset=utf-8")
    message = await fetch_error("reddit:p1", page)
    assert "returned an HTML page instead of JSON" in message


async def test_errors_cache_nothing(store: Store) -> None:
    await fetch_error("reddit:p1", Response(status=429), store)
    assert store.load_thread("reddit:p1") is None


async def test_timeout() -> None:
    slow = Response(body=synthetic_algolia_bytes(), delay=2.0)
    with LoopbackServer(fixed(slow)) as server:
        async with httpx.AsyncClient(timeout=0.3) as client:
            with pytest.raises(FetchError) as raised:
                await load_thread(parse_source("hn:900001"), settings_for(server), None, client)
    assert str(raised.value).startswith("timed out fetching http://127.0.0.1:")


async def test_connection_refused() -> None:
    settings = Settings.from_env()
    assert settings.hn_api.startswith(UNREACHABLE)
    async with httpx.AsyncClient(timeout=5) as client:
        with pytest.raises(FetchError) as raised:
            await load_thread(parse_source("hn:1"), settings, None, client)
    message = str(raised.value)
    assert message.startswith("cannot connect to 127.0.0.1:9")
    assert "connection refused" in message
    assert "THREADTUI_HN_API" in message
