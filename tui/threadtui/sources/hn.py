"""Parse Hacker News threads: an Algolia item tree or a list of Firebase items.

Algolia's `/api/v1/items/ID` returns the whole tree in nested `children`. A deleted comment
comes back with `author` and `text` null; it keeps its place and its replies. A comment without
a `children` key may have replies Algolia did not send, so it gets a MORE stub ("replies may be
missing") instead of looking like a leaf; `children: null` or `[]` means no replies.

Firebase (`/v0/item/ID.json`) sends one item per request. A saved file is a JSON array of items
(or one item). The root is the first story, job or poll, or else the first item whose parent
is not in the file. Its `kids` are walked in order. Kids missing from the file become one MORE
stub per parent with their count, and comments whose parent is missing follow the tree at
depth 0. Other stories and jobs in the file are ignored. Poll options of the root poll are
shown as list items in the story text.

All walks use an explicit stack, so a reply chain thousands deep parses without recursion.
"""

from __future__ import annotations

from typing import Any

from threadtui.model import Block, BlockKind, Comment, CommentState, LazyBlocks, Span, Thread
from threadtui.sources.dump import shorten
from threadtui.sources.fields import as_dict, as_float, as_id, as_int, as_list, parse_iso_time
from threadtui.text.html import html_to_blocks
from threadtui.text.sanitize import clean_optional, clean_url

HN_SITE = "https://news.ycombinator.com"
ITEM_TYPES = frozenset({"story", "comment", "job", "poll", "pollopt"})
_ROOT_TYPES = ("story", "job", "poll")
_MARKER_TEXTS = {
    "[deleted]": CommentState.DELETED,
    "[flagged]": CommentState.FLAGGED,
    "[dead]": CommentState.DEAD,
}


def item_permalink(item_id: str) -> str:
    """Return the HN page of an item."""
    return f"{HN_SITE}/item?id={item_id}"


def parse_algolia(item: dict[str, Any], *, source: str) -> Thread:
    """Parse an Algolia `items/ID` response into a thread."""
    root_id = as_id(item.get("id")) or "0"
    thread = _thread_from_root(
        root_id,
        source=source,
        author=item.get("author"),
        title=item.get("title"),
        url=item.get("url"),
        text=item.get("text"),
        created_at=as_float(item.get("created_at_i")) or parse_iso_time(item.get("created_at")),
        score=as_int(item.get("points")),
    )

    comments = thread.comments
    seen: set[str] = {root_id}
    # Each entry is (node, depth, parent id), where a node is a JSON object or a ready MORE
    # stub. Children are pushed in reverse so they pop in display order.
    stack: list[tuple[Any, int, str | None]] = []
    _push_algolia_children(stack, item, 0, None, root_id)

    while stack:
        node, depth, parent_id = stack.pop()
        if isinstance(node, Comment):
            comments.append(node)
            continue
        if not isinstance(node, dict):
            continue
        comment_id = as_id(node.get("id"))
        if comment_id is None or comment_id in seen:
            continue
        seen.add(comment_id)

        author = clean_optional(node.get("author"))
        text = node.get("text")
        state = CommentState.NORMAL
        if author is None and not text:
            state = CommentState.DELETED
        elif isinstance(text, str) and text.strip() in _MARKER_TEXTS:
            state = _MARKER_TEXTS[text.strip()]
            text = None
        comments.append(
            Comment(
                id=comment_id,
                parent_id=parent_id,
                depth=depth,
                author=author,
                blocks=LazyBlocks(text, html_to_blocks) if isinstance(text, str) and text else (),
                created_at=as_float(node.get("created_at_i"))
                or parse_iso_time(node.get("created_at")),
                state=state,
                permalink=item_permalink(comment_id),
            )
        )
        _push_algolia_children(stack, node, depth + 1, comment_id, comment_id)
    return thread


def _push_algolia_children(
    stack: list[tuple[Any, int, str | None]],
    node: dict[str, Any],
    depth: int,
    parent_id: str | None,
    node_id: str,
) -> None:
    if "children" not in node:
        # Algolia has dropped whole levels of a tree before, so the replies are marked as
        # possibly missing instead of showing a leaf.
        # NOTE: this assumes Algolia sends `children: []` on leaves, as its documentation
        # shows; no real items response was available to confirm it.
        stub = _missing_replies_stub(node_id, parent_id, depth, count=None)
        stack.append((stub, depth, parent_id))
        return
    for child in reversed(as_list(node.get("children"))):
        stack.append((child, depth, parent_id))


def _missing_replies_stub(
    node_id: str, parent_id: str | None, depth: int, *, count: int | None
) -> Comment:
    """Return a MORE stub for replies of `node_id` that the response did not include."""
    return Comment(
        id=f"{node_id}:more",
        parent_id=parent_id,
        depth=depth,
        author=None,
        blocks=(),
        state=CommentState.MORE,
        more_count=count,
        more_url=item_permalink(node_id),
    )


def parse_firebase(items: list[Any], *, source: str) -> Thread:
    """Parse a list of Firebase items (a thread saved item by item) into a thread."""
    by_id: dict[str, dict[str, Any]] = {}
    for raw in items:
        item = as_dict(raw)
        item_id = as_id(item.get("id"))
        if item_id is not None and item_id not in by_id:
            by_id[item_id] = item
    if not by_id:
        raise ValueError("no Hacker News items with an id")

    root = _firebase_root(list(by_id.values()), by_id)
    root_id = as_id(root.get("id")) or "0"
    thread = _thread_from_root(
        root_id,
        source=source,
        author=None if root.get("deleted") else root.get("by"),
        title=root.get("title"),
        url=root.get("url"),
        text=root.get("text"),
        created_at=as_float(root.get("time")),
        score=as_int(root.get("score")),
    )
    thread.reported_comment_count = as_int(root.get("descendants"))
    thread.blocks = thread.blocks + _poll_options(root, by_id)

    placed: set[str] = {root_id}
    _walk_firebase(root, root_id, 0, None, by_id, placed, thread.comments)

    # Comments whose parent is not in the file: show them, with their replies, at the top level.
    for item_id, item in by_id.items():
        if item_id in placed or item.get("type", "comment") != "comment":
            continue
        if as_id(item.get("parent")) in by_id:
            continue
        _walk_firebase_from(item, item_id, by_id, placed, thread.comments)
    return thread


def _firebase_root(items: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    for item in items:
        if item.get("type") in _ROOT_TYPES:
            return item
    for item in items:
        if as_id(item.get("parent")) not in by_id:
            return item
    return items[0]


def _walk_firebase(
    node: dict[str, Any],
    node_id: str,
    depth: int,
    parent_id: str | None,
    by_id: dict[str, dict[str, Any]],
    placed: set[str],
    comments: list[Comment],
) -> None:
    """Append the replies of `node` in pre-order, using an explicit stack."""
    # Each entry is (item id or ready MORE stub, depth, parent id).
    stack: list[tuple[str | Comment, int, str | None]] = []
    _push_firebase_kids(stack, node, node_id, depth, parent_id, by_id)
    while stack:
        entry, item_depth, item_parent = stack.pop()
        if isinstance(entry, Comment):
            comments.append(entry)
            continue
        if entry in placed:
            continue
        placed.add(entry)
        item = by_id[entry]
        comments.append(_firebase_comment(item, entry, item_depth, item_parent))
        _push_firebase_kids(stack, item, entry, item_depth + 1, entry, by_id)


def _walk_firebase_from(
    item: dict[str, Any],
    item_id: str,
    by_id: dict[str, dict[str, Any]],
    placed: set[str],
    comments: list[Comment],
) -> None:
    placed.add(item_id)
    comments.append(_firebase_comment(item, item_id, 0, None))
    _walk_firebase(item, item_id, 1, item_id, by_id, placed, comments)


def _push_firebase_kids(
    stack: list[tuple[str | Comment, int, str | None]],
    node: dict[str, Any],
    node_id: str,
    depth: int,
    parent_id: str | None,
    by_id: dict[str, dict[str, Any]],
) -> None:
    kids = [kid for kid in (as_id(value) for value in as_list(node.get("kids"))) if kid]
    present = [
        kid for kid in kids if kid in by_id and by_id[kid].get("type", "comment") == "comment"
    ]
    missing = len(kids) - len(present)
    if missing:
        # Pushed first so it pops after the present kids: the stub ends the reply list.
        stub = _missing_replies_stub(node_id, parent_id, depth, count=missing)
        stack.append((stub, depth, parent_id))
    for kid in reversed(present):
        stack.append((kid, depth, parent_id))


def _firebase_comment(item: dict[str, Any], item_id: str, depth: int, parent_id: str | None) -> Comment:
    text = item.get("text")
    state = CommentState.NORMAL
    if item.get("deleted"):
        state = CommentState.DELETED
    elif item.get("dead"):
        state = CommentState.DEAD
    elif isinstance(text, str) and text.strip() in _MARKER_TEXTS:
        state = _MARKER_TEXTS[text.strip()]
        text = None
    return Comment(
        id=item_id,
        parent_id=parent_id,
        depth=depth,
        author=None if item.get("deleted") else clean_optional(item.get("by")),
        blocks=html_to_blocks(text if isinstance(text, str) else None),
        created_at=as_float(item.get("time")),
        state=state,
        permalink=item_permalink(item_id),
    )


def _poll_options(root: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for part in as_list(root.get("parts")):
        option = by_id.get(as_id(part) or "")
        if option is None:
            continue
        label = " ".join(block.text for block in html_to_blocks(option.get("text")))
        votes = as_int(option.get("score"))
        suffix = f" ({votes} votes)" if votes is not None else ""
        blocks.append(Block(BlockKind.LIST_ITEM, (Span(label + suffix),), "•"))
    return tuple(blocks)


def _thread_from_root(
    root_id: str,
    *,
    source: str,
    author: object,
    title: object,
    url: object,
    text: object,
    created_at: float | None,
    score: int | None,
) -> Thread:
    blocks = html_to_blocks(text if isinstance(text, str) else None)
    title_text = clean_optional(title)
    if title_text is None:
        # Opening a comment by id gives a comment as the root; name the thread after it.
        first = blocks[0].text if blocks else ""
        title_text = _shorten(first) or f"Hacker News item {root_id}"
    return Thread(
        key=f"hn:{root_id}",
        site="hn",
        source=source,
        title=title_text,
        comments=[],
        url=clean_url(url),
        permalink=item_permalink(root_id),
        author=clean_optional(author),
        created_at=created_at,
        score=score,
        blocks=blocks,
    )


def _shorten(text: str) -> str:
    return shorten(text, 80)
