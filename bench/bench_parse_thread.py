"""Time parsing of a generated 5,000-comment HN thread: comment HTML alone and the whole payload.

The thread is an Algolia-shaped tree, 3 replies per comment up to depth 9, each comment about
400 characters of HN-style HTML (paragraphs, italics, entity-encoded links, some code blocks).
Run from the repository root:

    PYTHONPATH=tui python bench/bench_parse_thread.py
"""

from __future__ import annotations

import json
import random
import time
from typing import Any

from threadtui.sources import parse_payload
from threadtui.text.html import html_to_blocks

COMMENTS = 5_000
BRANCHING = 3
MAX_DEPTH = 9
REPEATS = 5

WORDS = (
    "the model weights gradient paper layer network optimizer loss it&#x27;s &quot;fine&quot; "
    "a &gt; b &amp; c"
).split()


def comment_html(rng: random.Random) -> str:
    """Return about 400 characters of HN comment HTML."""
    parts: list[str] = []
    length = 0
    while length < 400:
        words = " ".join(rng.choice(WORDS) for _ in range(8))
        roll = rng.random()
        if roll < 0.1:
            part = f"<i>{words}</i> "
        elif roll < 0.2:
            number = rng.randint(10000, 99999)
            part = (
                f'<a href="https:&#x2F;&#x2F;arxiv.org&#x2F;abs&#x2F;2401.{number}" rel="nofollow">'
                "https:&#x2F;&#x2F;arxiv.org&#x2F;abs&#x2F;2401.0...</a> "
            )
        elif roll < 0.25:
            part = "<pre><code>  for x in y:\n      f(x)\n</code></pre>"
        elif roll < 0.4:
            part = "<p>" + words
        else:
            part = words + " "
        parts.append(part)
        length += len(part)
    return "".join(parts)


def generate_thread(rng: random.Random) -> dict[str, Any]:
    """Return an Algolia item tree with `COMMENTS` comments, built breadth-first."""
    root: dict[str, Any] = {"id": 1, "type": "story", "title": "bench", "author": "a",
                            "created_at_i": 1700000000, "children": []}
    queue: list[tuple[dict[str, Any], int]] = [(root, 0)]
    next_id = 2
    while next_id <= COMMENTS + 1:
        parent, depth = queue.pop(0)
        for _ in range(BRANCHING):
            if next_id > COMMENTS + 1:
                break
            child = {"id": next_id, "type": "comment", "author": f"user{next_id}",
                     "text": comment_html(rng), "created_at_i": 1700000000 + next_id,
                     "parent_id": parent["id"], "children": []}
            parent["children"].append(child)
            next_id += 1
            if depth + 1 < MAX_DEPTH:
                queue.append((child, depth + 1))
    return root


def best_time(function: Any) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = random.Random(1)
    thread = generate_thread(rng)
    texts: list[str] = []
    stack = [thread]
    while stack:
        node = stack.pop()
        if node.get("text"):
            texts.append(node["text"])
        stack.extend(node["children"])
    payload = json.dumps(thread).encode()

    html_seconds = best_time(lambda: [html_to_blocks(text) for text in texts])
    payload_seconds = best_time(lambda: parse_payload(payload, source="bench.json"))
    average = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} comments, {average:.0f} HTML characters each, "
          f"{len(payload) / 1e6:.1f} MB payload; best of {REPEATS} runs")
    print(f"html_to_blocks, all comments: {html_seconds * 1000:.0f} ms")
    print(f"parse_payload (JSON decode + tree walk + HTML): {payload_seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
