"""Work out what the user opened: a thread URL or id (`parse_source`) or a payload's format.

`parse_source` accepts the URL shapes of Hacker News, Reddit and Lobsters threads, `hn:ID`,
`reddit:ID`, `lobsters:SHORT` and a bare HN id; anything else that is not a URL is a file
path. `parse_payload` decides the format from the content, never from a file name, and turns
every failure into a one-line `SourceError`.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from threadtui.model import Thread
from threadtui.sources.dump import parse_dump
from threadtui.sources.deepjson import loads_without_recursion
from threadtui.sources.errors import SourceError
from threadtui.sources.paste import looks_like_paste, parse_paste

# The JSON parsers, and the HTML converter the Hacker News one needs, are imported by the
# functions that use them. A text dump such as the bundled sample needs none of them, and the
# app's startup on the sample is held to 1.5 times an empty Textual app's (docs/benchmarks.md).

# Payloads larger than this are rejected before parsing. An estimate of the headroom needed:
# HN's largest threads (a few thousand comments) are a few MB as Algolia JSON, and parsing a
# 32 MiB payload takes seconds, which is as long as a user should wait.
MAX_PAYLOAD_BYTES = 32 * 1024 * 1024

FORMAT_HN_ALGOLIA = "hn-algolia"
FORMAT_HN_FIREBASE = "hn-firebase"
FORMAT_REDDIT = "reddit"
FORMAT_LOBSTERS = "lobsters"
FORMAT_HN_PASTE = "hn-paste"
FORMAT_TEXT_DUMP = "text-dump"
FORMATS = (
    FORMAT_HN_ALGOLIA,
    FORMAT_HN_FIREBASE,
    FORMAT_REDDIT,
    FORMAT_LOBSTERS,
    FORMAT_HN_PASTE,
    FORMAT_TEXT_DUMP,
)

_FORMAT_NAMES = {
    FORMAT_HN_ALGOLIA: "Hacker News Algolia item",
    FORMAT_HN_FIREBASE: "Hacker News Firebase item list",
    FORMAT_REDDIT: "Reddit thread",
    FORMAT_LOBSTERS: "Lobsters story",
    FORMAT_HN_PASTE: "Hacker News page copy",
    FORMAT_TEXT_DUMP: "text dump",
}

_ALGOLIA_KEYS = frozenset({"children", "created_at_i", "story_id", "author", "points", "options"})

@dataclass(frozen=True, slots=True)
class SourceSpec:
    """The thread or file the user asked to open, parsed from the command-line argument.

    Attributes:
        kind: `hn`, `reddit`, `lobsters` or `file`.
        source: The argument as given.
        item_id: The HN item id, Reddit base-36 thread id or Lobsters short id.
        path: The file to read, for `file`.
        focus_comment_id: A comment the URL points at (`item?id=1#2`, `…/comments/ID/x/CID/`).
        subreddit: The subreddit named in a Reddit URL, if any.
    """

    kind: str
    source: str
    item_id: str | None = None
    path: Path | None = None
    focus_comment_id: str | None = None
    subreddit: str | None = None

    @property
    def is_remote(self) -> bool:
        """True for a thread fetched from a site, False for a local file."""
        return self.kind != "file"

    @property
    def key(self) -> str | None:
        """The thread key (`hn:ID`, `reddit:ID`, `lobsters:SHORT`), or None for a file."""
        return f"{self.kind}:{self.item_id}" if self.is_remote else None


# -- command-line arguments ------------------------------------------------------------------

_KEY_FORMS = {
    "hn": re.compile(r"^\d{1,12}$"),
    "reddit": re.compile(r"^[a-z0-9]{1,13}$"),
    "lobsters": re.compile(r"^[a-z0-9]{1,12}$"),
}
_KNOWN_HOSTS = re.compile(
    r"^(?:[a-z0-9-]+\.)*(?:ycombinator\.com|hn\.algolia\.com|hacker-news\.firebaseio\.com"
    r"|reddit\.com|redd\.it|lobste\.rs)(?::\d+)?(?:[/?#]|$)",
    re.IGNORECASE,
)
_REDDIT_THREAD_PATH = re.compile(
    r"^(?:/r/(?P<sub>[^/]+)|/u(?:ser)?/[^/]+)?/comments/(?P<id>[a-z0-9]+)"
    r"(?:/(?P<slug>[^/]+)(?:/(?P<cid>[a-z0-9]+))?)?/?$",
    re.IGNORECASE,
)
_REDDIT_SHARE_PATH = re.compile(r"^/r/[^/]+/s/[^/]+/?$", re.IGNORECASE)
_LOBSTERS_STORY_PATH = re.compile(r"^/s/(?P<id>[a-z0-9]+)(?:/[^/]*)?/?$", re.IGNORECASE)
_LOBSTERS_COMMENT_PATH = re.compile(r"^/c/(?P<id>[a-z0-9]+)/?$", re.IGNORECASE)

_SOURCE_HELP = "pass a thread URL, hn:ID, a bare HN id or a file path"

# A dump may start with a footnote or placeholder line, which also starts with `[`.
_TEXT_START = re.compile(r"\[(?:\d{1,3}|deleted|removed|flagged|dead)\](?:[ \t]|\r?\n|$)", re.I)

# How a JSON document can begin: an object opens with a key or closes at once, an array with
# a value. A dump line such as `[bold]x[/]` or `{braces} and text` matches neither, so it is
# read as text rather than reported as broken JSON.
_JSON_START = re.compile(r'(?:\{\s*(?:"|\})|\[\s*(?:[\[{"\]0-9-]|true\b|false\b|null\b))')


def parse_source(arg: str) -> SourceSpec:
    """Parse a command-line source into a `SourceSpec`.

    Raises:
        SourceError: The argument is empty, a URL of an unsupported site or page, or a share
            link that only the site can resolve with a redirect.
    """
    text = _normalise_argument(arg)
    if not text:
        raise SourceError(f"no source given — {_SOURCE_HELP}")

    prefix, _, rest = text.partition(":")
    if prefix.lower() in _KEY_FORMS and not rest.startswith("//"):
        item_id = rest.strip()
        if prefix.lower() != "hn":
            item_id = item_id.lower()
        if not _KEY_FORMS[prefix.lower()].match(item_id):
            raise SourceError(f"invalid thread id in {arg.strip()!r} — use e.g. hn:8863")
        return SourceSpec(prefix.lower(), arg, item_id=item_id)

    if re.fullmatch(r"[0-9]{1,12}", text):
        return SourceSpec("hn", arg, item_id=str(int(text)))

    url = text
    if _KNOWN_HOSTS.match(url):
        url = "https://" + url
    if re.match(r"^https?://", url, re.IGNORECASE):
        return _parse_url(url, arg)
    if url.lower().startswith("file://"):
        return SourceSpec("file", arg, path=Path(unquote(urlsplit(url).path)))
    return SourceSpec("file", arg, path=Path(text).expanduser())


def _normalise_argument(arg: str) -> str:
    text = arg.strip()
    for opening, closing in (("<", ">"), ('"', '"'), ("'", "'")):
        if len(text) >= 2 and text.startswith(opening) and text.endswith(closing):
            text = text[1:-1].strip()
    return text


def _parse_url(url: str, arg: str) -> SourceSpec:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    if path.endswith(".json") and host != "hacker-news.firebaseio.com":
        path = path.removesuffix(".json")  # An API URL names the same thread as its page.

    if host == "news.ycombinator.com" or host.endswith(".ycombinator.com"):
        return _parse_hn_page(parts.path, parts.query, parts.fragment, arg)
    if host == "hn.algolia.com":
        match = re.match(r"^/api/v1/items/(\d+)/?$", path)
        if match:
            return SourceSpec("hn", arg, item_id=match.group(1))
    elif host == "hacker-news.firebaseio.com":
        match = re.match(r"^/v0/item/(\d+)\.json$", path)
        if match:
            return SourceSpec("hn", arg, item_id=match.group(1))
    elif host == "reddit.com" or host.endswith(".reddit.com"):
        return _parse_reddit_path(path, arg)
    elif host == "redd.it":
        match = re.match(r"^/([a-z0-9]+)/?$", path, re.IGNORECASE)
        if match:
            return SourceSpec("reddit", arg, item_id=match.group(1).lower())
    elif host in ("lobste.rs", "www.lobste.rs"):
        return _parse_lobsters_path(path, parts.fragment, arg)
    else:
        raise SourceError(
            f"not a Hacker News, Reddit or Lobsters thread URL: {url} — {_SOURCE_HELP}"
        )
    raise SourceError(f"not a thread URL: {url} — open the thread's own page, then its URL")


def _parse_hn_page(path: str, query: str, fragment: str, arg: str) -> SourceSpec:
    params = parse_qs(query)
    if path.rstrip("/") == "/reply" and params.get("goto"):
        # `reply?id=456&goto=item%3Fid%3D123%23456`: the thread is in the decoded `goto`.
        goto = urlsplit("https://news.ycombinator.com/" + params["goto"][0])
        return _parse_hn_page(goto.path, goto.query, goto.fragment, arg)
    ids = params.get("id", [])
    if path.rstrip("/") in ("/item", "/reply") and ids and ids[0].isdigit():
        focus = fragment if fragment.isdigit() else None
        return SourceSpec("hn", arg, item_id=str(int(ids[0])), focus_comment_id=focus)
    raise SourceError(
        f"not a Hacker News thread URL: {arg.strip()} — open an item page (item?id=…)"
    )


def _parse_reddit_path(path: str, arg: str) -> SourceSpec:
    if _REDDIT_SHARE_PATH.match(path):
        raise SourceError(
            f"cannot open the Reddit share link {arg.strip()}: only Reddit can resolve it "
            "(it is a redirect) — open it in a browser and pass the thread URL it leads to"
        )
    match = _REDDIT_THREAD_PATH.match(path)
    if match is None:
        raise SourceError(
            f"not a Reddit thread URL: {arg.strip()} — pass a …/comments/ID/… URL"
        )
    comment_id = match.group("cid")
    return SourceSpec(
        "reddit",
        arg,
        item_id=match.group("id").lower(),
        focus_comment_id=comment_id.lower() if comment_id else None,
        subreddit=match.group("sub"),
    )


def _parse_lobsters_path(path: str, fragment: str, arg: str) -> SourceSpec:
    if _LOBSTERS_COMMENT_PATH.match(path):
        raise SourceError(
            f"cannot open the Lobsters comment link {arg.strip()}: it needs a redirect to find "
            "its story — open it in a browser and pass the story URL (https://lobste.rs/s/…)"
        )
    match = _LOBSTERS_STORY_PATH.match(path)
    if match is None:
        raise SourceError(
            f"not a Lobsters story URL: {arg.strip()} — pass https://lobste.rs/s/SHORT_ID"
        )
    focus = fragment[2:] if fragment.startswith("c_") and len(fragment) > 2 else None
    return SourceSpec("lobsters", arg, item_id=match.group("id").lower(), focus_comment_id=focus)


# -- payloads ----------------------------------------------------------------------------------


def parse_payload(data: bytes, *, source: str, format: str | None = None) -> Thread:
    """Parse a thread from raw bytes, detecting the format from the content.

    Args:
        data: The file contents or HTTP body.
        source: What to name in errors and store as `Thread.source` (a path or URL).
        format: A format from `FORMATS` to skip detection (used for cached payloads).

    Raises:
        SourceError: The payload is empty, binary, not UTF-8, truncated or invalid JSON, of an
            unknown shape, an HTML page, over `MAX_PAYLOAD_BYTES`, or malformed.
    """
    return parse_payload_with_format(data, source=source, format=format)[0]


def parse_payload_with_format(
    data: bytes, *, source: str, format: str | None = None
) -> tuple[Thread, str]:
    """Parse a thread like `parse_payload` and also return the detected format."""
    with collector_paused():
        return _parse_payload_with_format(data, source=source, format=format)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a thread is built, then freeze the result.

    A 5,000-comment thread is about 150,000 objects, none of them in reference cycles, so the
    collector can never free any of them. Yet the allocation burst sets off full collections
    that each scanned all of them (about 0.4 s on the 2-core benchmark machine, just before
    the first frame). Freezing moves what exists now out of later collections; reference
    counting still frees the thread once it is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _parse_payload_with_format(
    data: bytes, *, source: str, format: str | None = None
) -> tuple[Thread, str]:
    text = decode_payload(data, source=source)
    stripped = text.lstrip()

    looks_like_text = _TEXT_START.match(stripped) is not None or not (
        stripped.startswith("<") or _JSON_START.match(stripped)
    )
    if format in (FORMAT_HN_PASTE, FORMAT_TEXT_DUMP) or (
        format is None and looks_like_text and stripped != "null"
    ):
        if format == FORMAT_HN_PASTE or (format is None and looks_like_paste(text)):
            return parse_paste(text, source=source), FORMAT_HN_PASTE
        return parse_dump(text, source=source), FORMAT_TEXT_DUMP

    if stripped.startswith("<"):
        raise SourceError(_markup_message(stripped, source))

    payload = load_json(text, source=source)
    detected = format or detect_json_format(payload, source=source)
    try:
        return _parse_json(payload, detected, source), detected
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        name = _FORMAT_NAMES.get(detected, detected)
        raise SourceError(
            f"cannot read {source}: the {name} is malformed ({error}) — save it again or "
            "report the file"
        ) from error


def decode_payload(data: bytes, *, source: str) -> str:
    """Return the payload as text after the size, binary and UTF-8 checks.

    Raises:
        SourceError: The payload is too large, empty, binary or not valid UTF-8.
    """
    if len(data) > MAX_PAYLOAD_BYTES:
        raise SourceError(too_large_message(source, len(data)))
    if not data.strip():
        raise SourceError(
            f"cannot read {source}: it is empty — pass a thread dump, a saved API response "
            "or a thread URL"
        )
    if b"\x00" in data[:65536]:
        raise SourceError(
            f"cannot read {source}: it is a binary file, not text or JSON — pass a thread "
            "dump or a saved API response"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"cannot read {source}: invalid UTF-8 at byte {error.start} — save the file as "
            "UTF-8 and try again"
        ) from None
    return text.lstrip("\ufeff")


def too_large_message(source: str, size: int) -> str:
    """Return the error message for a payload over `MAX_PAYLOAD_BYTES`."""
    return (
        f"cannot read {source}: it is {size / 1_048_576:.1f} MiB, over the "
        f"{MAX_PAYLOAD_BYTES // 1_048_576} MiB limit for a thread — pass a single thread"
    )


def load_json(text: str, *, source: str) -> Any:
    """Decode JSON text, also when it nests deeper than the `json` module allows.

    Raises:
        SourceError: The JSON is truncated or invalid; the message gives the position.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(_json_error_message(error, text, source)) from None
    except RecursionError:
        return _load_deep_json(text, source)


def _load_deep_json(text: str, source: str) -> Any:
    try:
        return loads_without_recursion(text)
    except json.JSONDecodeError as error:
        raise SourceError(_json_error_message(error, text, source)) from None


def _json_error_message(error: json.JSONDecodeError, text: str, source: str) -> str:
    end = len(text.rstrip())
    # An unterminated string is reported at its opening quote, but it runs to the end.
    if error.pos >= end or error.msg.startswith("Unterminated string"):
        line = text.count("\n", 0, end) + 1
        column = end - (text.rfind("\n", 0, end) + 1) + 1
        return (
            f"cannot read {source}: the JSON ends early at line {line} column {column} "
            f"(character {end}), so the file is truncated — download or save it again"
        )
    where = f"line {error.lineno} column {error.colno} (character {error.pos})"
    return f"cannot read {source}: invalid JSON at {where}: {error.msg} — check the file"


def _markup_message(stripped: str, source: str) -> str:
    head = stripped[:512].lower()
    if head.startswith("<?xml") and "<html" not in head:
        return (
            f"cannot read {source}: it is an XML document, not a thread — pass a saved "
            "Algolia, Reddit or Lobsters JSON response"
        )
    return (
        f"cannot read {source}: it is an HTML page, not a thread — pass the thread's URL, or "
        "save its JSON (Algolia items/ID, Reddit or Lobsters .json)"
    )


def detect_json_format(payload: Any, *, source: str) -> str:
    """Return the format of decoded JSON from its shape.

    Raises:
        SourceError: The JSON is none of the supported responses; the message names what
            was seen (top-level keys, array length).
    """
    from threadtui.sources.reddit import is_reddit_thread

    if is_reddit_thread(payload):
        return FORMAT_REDDIT
    if isinstance(payload, list):
        items = [item for item in payload if item is not None]
        if items and all(_is_hn_item(item) for item in items):
            return FORMAT_HN_FIREBASE
        if not payload:
            raise SourceError(f"cannot read {source}: it is an empty JSON array, not a thread")
        raise SourceError(
            f"cannot read {source}: a JSON array of {len(payload)} "
            f"{'item that is' if len(payload) == 1 else 'items that are'} not Hacker "
            "News items or Reddit Listings — pass an Algolia, Firebase, Reddit or Lobsters "
            "response"
        )
    if isinstance(payload, dict):
        return _detect_object_format(payload, source)
    if payload is None:
        raise SourceError(
            f"cannot read {source}: the JSON is null, which Hacker News returns for an item "
            "that does not exist — check the id"
        )
    raise SourceError(
        f"cannot read {source}: the JSON is a single {type(payload).__name__}, not a thread"
    )


def _detect_object_format(payload: dict[str, Any], source: str) -> str:
    from threadtui.sources.lobsters import is_lobsters_story

    if is_lobsters_story(payload):
        return FORMAT_LOBSTERS
    if "id" in payload and _ALGOLIA_KEYS & payload.keys():
        return FORMAT_HN_ALGOLIA
    if _is_hn_item(payload):
        return FORMAT_HN_FIREBASE
    if "hits" in payload and "nbHits" in payload:
        raise SourceError(
            f"cannot read {source}: it is a Hacker News search result, not a thread — open "
            "one hit by its objectID (hn:ID)"
        )
    if payload.get("kind") == "Listing":
        raise SourceError(
            f"cannot read {source}: it is a single Reddit Listing, not a thread — save the "
            "thread's .json, which holds two Listings"
        )
    if "error" in payload or "message" in payload:
        detail = " ".join(str(payload.get(key, "")) for key in ("error", "message")).strip()
        raise SourceError(f"cannot read {source}: it is an error response from the site ({detail})")
    keys = ", ".join(f'"{key}"' for key in list(payload)[:8])
    more = ", …" if len(payload) > 8 else ""
    raise SourceError(
        f"cannot read {source}: not a Hacker News, Reddit or Lobsters response (top-level keys "
        f"seen: {keys or 'none'}{more}) — pass an Algolia, Firebase, Reddit or Lobsters "
        "response"
    )


def _is_hn_item(item: object) -> bool:
    from threadtui.sources.hn import ITEM_TYPES

    return isinstance(item, dict) and "id" in item and item.get("type") in ITEM_TYPES


def _parse_json(payload: Any, format: str, source: str) -> Thread:
    from threadtui.sources.hn import parse_algolia, parse_firebase
    from threadtui.sources.lobsters import parse_lobsters
    from threadtui.sources.reddit import parse_reddit

    if format == FORMAT_HN_ALGOLIA:
        return parse_algolia(payload, source=source)
    if format == FORMAT_HN_FIREBASE:
        items = payload if isinstance(payload, list) else [payload]
        return parse_firebase(items, source=source)
    if format == FORMAT_REDDIT:
        return parse_reddit(payload, source=source)
    if format == FORMAT_LOBSTERS:
        return parse_lobsters(payload, source=source)
    raise ValueError(f"unknown format {format!r}")
