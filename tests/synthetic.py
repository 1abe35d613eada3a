"""Made-up thread payloads for tests: nothing here is a real response.

HN Algolia `items/ID` responses exist only as synthetic data (no real one is saved), shaped
after the field list of the Algolia API documentation. Deep chains are built as JSON text
directly, because `json.dumps` recurses once per nesting level too.
"""

from __future__ import annotations

import json
from typing import Any


def synthetic_algolia_story() -> dict[str, Any]:
    """Return a small Algolia item tree: story, comment, deleted reply, reply under it."""
    return {
        "id": 900001,
        "created_at": "2024-03-01T10:00:00.000Z",
        "created_at_i": 1709287200,
        "type": "story",
        "author": "lumen_fox",
        "title": "Show HN: Tiny reader",
        "url": "https://example.org/",
        "text": None,
        "points": 42,
        "parent_id": None,
        "story_id": 900001,
        "options": [],
        "children": [
            {
                "id": 900002,
                "created_at": "2024-03-01T10:05:00.000Z",
                "created_at_i": 1709287500,
                "type": "comment",
                "author": "quill_otter",
                "title": None,
                "url": None,
                "points": None,
                "parent_id": 900001,
                "story_id": 900001,
                "options": [],
                "text": "<p>It&#x27;s quick.</p><p><i>Very</i> quick.</p>",
                "children": [
                    {
                        "id": 900003,
                        "created_at": "2024-03-01T10:07:00.000Z",
                        "created_at_i": 1709287620,
                        "type": "comment",
                        "author": None,
                        "title": None,
                        "url": None,
                        "points": None,
                        "parent_id": 900002,
                        "story_id": 900001,
                        "options": [],
                        "text": None,
                        "children": [
                            {
                                "id": 900004,
                                "created_at": "2024-03-01T10:09:00.000Z",
                                "created_at_i": 1709287740,
                                "type": "comment",
                                "author": "tin_heron",
                                "title": None,
                                "url": None,
                                "points": None,
                                "parent_id": 900003,
                                "story_id": 900001,
                                "options": [],
                                "text": "reply to a deleted comment",
                                "children": [],
                            }
                        ],
                    }
                ],
            }
        ],
    }


def synthetic_algolia_bytes() -> bytes:
    """Return the synthetic Algolia story as a response body."""
    return json.dumps(synthetic_algolia_story()).encode()


def synthetic_algolia_chain(depth: int) -> bytes:
    """Return an Algolia story with a reply chain `depth` comments deep, as JSON bytes."""
    parts = ['{"id": 1, "type": "story", "title": "deep", "author": "root_user", '
             '"created_at_i": 1700000000, "points": 1, "children": [']
    for number in range(2, depth + 2):
        parts.append(
            f'{{"id": {number}, "type": "comment", "author": "user{number}", '
            f'"text": "level {number - 2}", "created_at_i": {1700000000 + number}, '
            f'"parent_id": {number - 1}, "children": ['
        )
    parts.append("]}" * (depth + 1))
    return "".join(parts).encode()


def synthetic_reddit_chain(depth: int) -> bytes:
    """Return a Reddit thread response with a reply chain `depth` comments deep."""
    submission = {
        "kind": "Listing",
        "data": {
            "children": [
                {
                    "kind": "t3",
                    "data": {
                        "id": "p1",
                        "title": "deep",
                        "author": "op_user",
                        "created_utc": 1700000000.0,
                        "permalink": "/r/test/comments/p1/deep/",
                        "selftext": "",
                        "selftext_html": None,
                    },
                }
            ]
        },
    }
    parts = [json.dumps(submission), ', {"kind": "Listing", "data": {"children": [']
    for number in range(depth):
        replies = '""' if number == depth - 1 else '{"kind": "Listing", "data": {"children": ['
        parts.append(
            f'{{"kind": "t1", "data": {{"id": "c{number}", "author": "user{number}", '
            f'"body": "level {number}", "created_utc": {1700000000 + number}.0, '
            f'"replies": {replies}'
        )
    parts.append("}}")  # The innermost t1's data and thing.
    parts.append("]}}}}" * (depth - 1))  # children, Listing data, Listing, t1 data, t1.
    parts.append("]}}")
    return ("[" + "".join(parts) + "]").encode()


def reddit_thread(comments: list[dict[str, Any]], *, html_escaped: bool | None = None,
                  submission: dict[str, Any] | None = None) -> list[Any]:
    """Return a two-Listing Reddit response around the given comment things.

    `html_escaped` adds a `selftext_html` that shows the fetch mode: True for the legacy
    escaping (no raw_json), False for raw_json=1, None for no HTML field at all.
    """
    data: dict[str, Any] = {
        "id": "p1",
        "name": "t3_p1",
        "title": "Synthetic thread",
        "author": "op_user",
        "created_utc": 1700000000.0,
        "created": 1700025200.0,
        "permalink": "/r/test/comments/p1/synthetic_thread/",
        "url": "https://www.reddit.com/r/test/comments/p1/synthetic_thread/",
        "is_self": True,
        "selftext": "",
        "score": 10,
        "num_comments": len(comments),
    }
    if html_escaped is True:
        data["selftext_html"] = "&lt;div class=\"md\"&gt;&lt;p&gt;x&lt;/p&gt;&lt;/div&gt;"
    elif html_escaped is False:
        data["selftext_html"] = '<div class="md"><p>x</p></div>'
    data.update(submission or {})
    return [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": data}]}},
        {"kind": "Listing", "data": {"children": comments}},
    ]


def reddit_comment(comment_id: str, body: str, **fields: Any) -> dict[str, Any]:
    """Return a t1 thing with sensible defaults, overridden by `fields`."""
    data: dict[str, Any] = {
        "id": comment_id,
        "name": f"t1_{comment_id}",
        "author": "some_user",
        "body": body,
        "created_utc": 1700000100.0,
        "created": 1700025300.0,
        "score": 5,
        "edited": False,
        "parent_id": "t3_p1",
        "link_id": "t3_p1",
        "replies": "",
    }
    data.update(fields)
    return {"kind": "t1", "data": data}
