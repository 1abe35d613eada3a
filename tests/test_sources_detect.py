"""parse_source and parse_payload: what an argument names, and what a payload is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from synthetic import synthetic_algolia_bytes

from threadtui.sources import (
    MAX_PAYLOAD_BYTES,
    SourceError,
    SourceSpec,
    parse_payload,
    parse_source,
    read_file,
)
from threadtui.sources.detect import (
    FORMAT_HN_ALGOLIA,
    FORMAT_HN_FIREBASE,
    FORMAT_HN_PASTE,
    FORMAT_LOBSTERS,
    FORMAT_REDDIT,
    FORMAT_TEXT_DUMP,
    parse_payload_with_format,
)

# -- parse_source ----------------------------------------------------------------------------

SOURCES = [
    ("https://news.ycombinator.com/item?id=123", "hn", "123", None),
    ("http://news.ycombinator.com/item?id=123&p=2", "hn", "123", None),
    ("news.ycombinator.com/item?id=123", "hn", "123", None),
    ("https://news.ycombinator.com/item?id=123&goto=news", "hn", "123", None),
    ("https://news.ycombinator.com/item?id=123#456", "hn", "123", "456"),
    ("https://news.ycombinator.com/reply?id=456&goto=item%3Fid%3D123%23456", "hn", "123", "456"),
    ("https://hn.algolia.com/api/v1/items/123", "hn", "123", None),
    ("https://hacker-news.firebaseio.com/v0/item/123.json?print=pretty", "hn", "123", None),
    ("123", "hn", "123", None),
    ("hn:123", "hn", "123", None),
    ("  <https://news.ycombinator.com/item?id=123>  ", "hn", "123", None),
    ('"https://news.ycombinator.com/item?id=123"', "hn", "123", None),
    ("https://www.reddit.com/r/Python/comments/abc123/some_title/", "reddit", "abc123", None),
    ("https://old.reddit.com/r/Python/comments/abc123/some_title/", "reddit", "abc123", None),
    ("https://np.reddit.com/r/Python/comments/abc123/", "reddit", "abc123", None),
    ("https://new.reddit.com/r/Python/comments/abc123/x/", "reddit", "abc123", None),
    ("https://m.reddit.com/r/Python/comments/abc123/x/", "reddit", "abc123", None),
    ("https://reddit.com/r/Python/comments/abc123/x/", "reddit", "abc123", None),
    ("https://www.reddit.com/r/Python/comments/abc123/x/def456/?context=3", "reddit", "abc123",
     "def456"),
    ("https://www.reddit.com/r/Python/comments/abc123/comment/def456/", "reddit", "abc123",
     "def456"),
    ("https://www.reddit.com/comments/abc123", "reddit", "abc123", None),
    ("https://redd.it/abc123", "reddit", "abc123", None),
    ("reddit:abc123", "reddit", "abc123", None),
    ("https://lobste.rs/s/tdfoqh", "lobsters", "tdfoqh", None),
    ("https://lobste.rs/s/tdfoqh/ranking_comments", "lobsters", "tdfoqh", None),
    ("https://lobste.rs/s/tdfoqh/ranking_comments#c_ncdsfc", "lobsters", "tdfoqh", "ncdsfc"),
    ("lobste.rs/s/tdfoqh", "lobsters", "tdfoqh", None),
    ("lobsters:tdfoqh", "lobsters", "tdfoqh", None),
    ("https://lobste.rs/s/tdfoqh.json", "lobsters", "tdfoqh", None),
    ("https://www.reddit.com/r/Python/comments/abc123/x.json?limit=5", "reddit", "abc123", None),
    ("https://www.reddit.com/comments/abc123.json", "reddit", "abc123", None),
]


@pytest.mark.parametrize(("arg", "kind", "item_id", "focus"), SOURCES)
def test_parse_source_shapes(arg: str, kind: str, item_id: str, focus: str | None) -> None:
    spec = parse_source(arg)
    assert spec.kind == kind
    assert spec.item_id == item_id
    assert spec.focus_comment_id == focus
    assert spec.key == f"{kind}:{item_id}"
    assert spec.source == arg


def test_parse_source_subreddit() -> None:
    assert parse_source("https://www.reddit.com/r/Python/comments/abc123/").subreddit == "Python"


def test_parse_source_file_path() -> None:
    spec = parse_source("saved/thread.json")
    assert spec == SourceSpec("file", "saved/thread.json", path=Path("saved/thread.json"))
    assert spec.is_remote is False
    assert spec.key is None


def test_parse_source_file_url() -> None:
    assert parse_source("file:///tmp/thread.json").path == Path("/tmp/thread.json")


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("https://www.reddit.com/r/Python/s/AbCdEf123", "share link"),
        ("https://lobste.rs/c/abc123", "needs a redirect"),
        ("https://example.org/item?id=1", "not a Hacker News, Reddit or Lobsters thread URL"),
        ("https://news.ycombinator.com/newest", "not a Hacker News thread URL"),
        ("https://www.reddit.com/r/Python/", "not a Reddit thread URL"),
        ("https://lobste.rs/t/meta", "not a Lobsters story URL"),
        ("   ", "no source given"),
        ("hn:12x", "invalid thread id"),
    ],
)
def test_parse_source_errors(arg: str, message: str) -> None:
    with pytest.raises(SourceError, match=message) as raised:
        parse_source(arg)
    assert "\n" not in str(raised.value)


# -- format detection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hn-firebase-items.json", FORMAT_HN_FIREBASE),
        ("reddit-comments.json", FORMAT_REDDIT),
        ("lobsters-story.json", FORMAT_LOBSTERS),
    ],
)
def test_fixture_formats_detected(fixtures: Path, name: str, expected: str) -> None:
    data = (fixtures / "threads" / name).read_bytes()
    assert parse_payload_with_format(data, source=name)[1] == expected


def test_synthetic_algolia_detected() -> None:
    assert parse_payload_with_format(synthetic_algolia_bytes(), source="s")[1] == FORMAT_HN_ALGOLIA


def test_detection_ignores_file_name(tmp_path: Path, fixtures: Path) -> None:
    misnamed = tmp_path / "notes.txt"
    misnamed.write_bytes((fixtures / "threads" / "lobsters-story.json").read_bytes())
    assert read_file(misnamed).key == "lobsters:tdfoqh"


def test_text_formats_detected() -> None:
    dump = parse_payload_with_format(b"one line\nanother line\n", source="d")[1]
    paste = parse_payload_with_format(
        b"x_user 1 hour ago | next [-]\nhi\nreply\ny_user 1 hour ago | parent | next [-]\n",
        source="p",
    )[1]
    assert dump == FORMAT_TEXT_DUMP
    assert paste == FORMAT_HN_PASTE


def test_dump_starting_with_bracket_line_is_text() -> None:
    assert len(parse_payload(b"[deleted]\nreply to it\n", source="d").comments) == 2
    assert len(parse_payload(b"[0] https://a.org/\nnext\n", source="d").comments) == 2


def test_byte_order_mark_ignored(fixtures: Path) -> None:
    data = b"\xef\xbb\xbf" + (fixtures / "threads" / "lobsters-story.json").read_bytes()
    assert parse_payload(data, source="bom.json").key == "lobsters:tdfoqh"


def test_same_key_from_file_and_url(fixtures: Path) -> None:
    thread = read_file(fixtures / "threads" / "lobsters-story.json")
    assert thread.key == parse_source("https://lobste.rs/s/tdfoqh").key


def test_explicit_format_skips_detection() -> None:
    thread = parse_payload(b"a\nb", source="x", format=FORMAT_TEXT_DUMP)
    assert len(thread.comments) == 2


# -- bad input: one clear line each ----------------------------------------------------------


def error_for(data: bytes, source: str = "thread.json") -> str:
    with pytest.raises(SourceError) as raised:
        parse_payload(data, source=source)
    message = str(raised.value)
    assert "\n" not in message
    assert source in message
    return message


def file_error(path: Path | str) -> str:
    with pytest.raises(SourceError) as raised:
        read_file(path)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in file_error(tmp_path / "absent.json")


def test_directory(tmp_path: Path) -> None:
    assert "it is a directory" in file_error(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "it is empty" in file_error(empty)


def test_whitespace_only_is_empty() -> None:
    assert "it is empty" in error_for(b" \n\t\n")


def test_binary_file() -> None:
    assert "binary file" in file_error("/bin/ls")


def test_invalid_utf8() -> None:
    message = error_for(b"caf\xe9 au lait\n")
    assert "invalid UTF-8 at byte 3" in message


def test_truncated_json_gives_position(fixtures: Path) -> None:
    data = (fixtures / "threads" / "lobsters-story.json").read_bytes()[:500]
    message = error_for(data)
    assert "the JSON ends early at line" in message
    assert "truncated" in message


def test_invalid_json_gives_position() -> None:
    message = error_for(b'{"id": 1,, "x": 2}')
    assert "invalid JSON at line 1 column 10 (character 9)" in message


def test_unknown_object_names_keys() -> None:
    message = error_for(b'{"items": [], "total": 0}')
    assert 'top-level keys seen: "items", "total"' in message


def test_unknown_array() -> None:
    assert "a JSON array of 2 items" in error_for(b"[1, 2]")


def test_json_null() -> None:
    assert "does not exist" in error_for(b"null")


def test_search_result_explained() -> None:
    assert "search result" in error_for(b'{"hits": [], "nbHits": 0, "page": 0}')


def test_single_listing_explained() -> None:
    assert "single Reddit Listing" in error_for(b'{"kind": "Listing", "data": {"children": []}}')


def test_html_page() -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>Hacker News</title></head></html>"
    assert "it is an HTML page" in error_for(page, source="item.html")


def test_malformed_known_shape() -> None:
    payload = [{"kind": "Listing", "data": {"children": []}},
               {"kind": "Listing", "data": {"children": []}}]
    message = error_for(json.dumps(payload).encode())
    assert "the Reddit thread is malformed" in message


def test_large_file_rejected_quickly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # A sparse 50 MB file.
    message = file_error(big)
    assert "50.0 MiB, over the 32 MiB limit" in message


def test_large_payload_rejected() -> None:
    assert "over the" in error_for(b"a" * (MAX_PAYLOAD_BYTES + 1))
