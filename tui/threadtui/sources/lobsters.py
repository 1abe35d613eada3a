"""Parse a Lobsters story: the `/s/SHORT.json` response with its flat list of comments.

Lobsters sends comments as one array in display order. The parser accepts both schemas seen
so far:

- 2022 and later: `parent_comment` (a short id or null), `depth` from 0, `commenting_user`
  as a string, `updated_at` (dropped in 2025) or `last_edited_at`;
- 2021: no `parent_comment`, `indent_level` from 1, `commenting_user` as an object with
  `username`.

A comment's parent is its `parent_comment` when that names a comment in the story, else the
nearest comment above it with a smaller depth. The tree is then walked in list order, so a
reply listed away from its parent still shows under it. Deleted (`is_deleted`) and moderated
(`is_moderated`) comments keep their place, their replies and the text Lobsters puts in their
place.
"""

from __future__ import annotations

from typing import Any

from threadtui.model import Comment, CommentState, Thread
from threadtui.sources.fields import as_dict, as_id, as_int, as_list, parse_iso_time
from threadtui.text.html import html_to_blocks
from threadtui.text.sanitize import clean_optional, clean_url

LOBSTERS_SITE = "https://lobste.rs"


def is_lobsters_story(payload: object) -> bool:
    """Return True for a JSON object shaped like a Lobsters story."""
    return (
        isinstance(payload, dict)
        and "short_id" in payload
        and ("comments" in payload or "comment_count" in payload)
    )


def parse_lobsters(story: dict[str, Any], *, source: str) -> Thread:
    """Parse a Lobsters story response into a thread."""
    short_id = as_id(story.get("short_id"))
    if short_id is None:
        raise ValueError("the story has no short_id")

    submitter = _username(story.get("submitter_user"))
    thread = Thread(
        key=f"lobsters:{short_id}",
        site="lobsters",
        source=source,
        title=clean_optional(story.get("title")) or f"Lobsters story {short_id}",
        comments=[],
        url=clean_url(story.get("url")),
        permalink=clean_url(story.get("comments_url"))
        or clean_url(story.get("short_id_url"))
        or f"{LOBSTERS_SITE}/s/{short_id}",
        author=submitter,
        created_at=parse_iso_time(story.get("created_at")),
        score=as_int(story.get("score")),
        blocks=_html(story.get("description")),
        reported_comment_count=as_int(story.get("comment_count")),
    )

    records = [as_dict(item) for item in as_list(story.get("comments"))]
    records = [record for record in records if as_id(record.get("short_id"))]
    parents = _find_parents(records)
    thread.comments = _walk(records, parents, submitter)
    return thread


def _find_parents(records: list[dict[str, Any]]) -> dict[str, str | None]:
    """Map each comment id to its parent id, from `parent_comment` or the depth stack."""
    known = {as_id(record.get("short_id")) for record in records}
    parents: dict[str, str | None] = {}
    open_comments: list[tuple[int, str]] = []  # (declared depth, id) of the current path

    for record in records:
        comment_id = as_id(record.get("short_id"))
        assert comment_id is not None
        depth = _declared_depth(record)
        while open_comments and open_comments[-1][0] >= depth:
            open_comments.pop()

        parent = as_id(record.get("parent_comment")) if "parent_comment" in record else None
        if parent is None or parent not in known or parent == comment_id:
            parent = open_comments[-1][1] if open_comments and depth > 0 else None
        parents.setdefault(comment_id, parent)
        open_comments.append((depth, comment_id))
    return parents


def _declared_depth(record: dict[str, Any]) -> int:
    depth = as_int(record.get("depth"))
    if depth is not None:
        return max(0, depth)
    indent_level = as_int(record.get("indent_level"))
    if indent_level is not None:
        return max(0, indent_level - 1)  # 1-based in the 2021 schema.
    return 0


def _walk(
    records: list[dict[str, Any]], parents: dict[str, str | None], submitter: str | None
) -> list[Comment]:
    """Flatten the comments in pre-order, children in list order, with an explicit stack."""
    by_id: dict[str, dict[str, Any]] = {}
    children: dict[str | None, list[str]] = {}
    for record in records:
        comment_id = as_id(record.get("short_id"))
        assert comment_id is not None
        if comment_id in by_id:
            continue
        by_id[comment_id] = record
        children.setdefault(parents[comment_id], []).append(comment_id)

    comments: list[Comment] = []
    placed: set[str] = set()
    stack: list[tuple[str, int]] = [(comment_id, 0) for comment_id in reversed(children.get(None, []))]
    while stack:
        comment_id, depth = stack.pop()
        if comment_id in placed:
            continue
        placed.add(comment_id)
        comments.append(_comment(by_id[comment_id], comment_id, parents[comment_id], depth, submitter))
        for child in reversed(children.get(comment_id, [])):
            stack.append((child, depth + 1))

    # Comments caught in a parent cycle are unreachable from the top; show them at the end.
    for comment_id, record in by_id.items():
        if comment_id not in placed:
            placed.add(comment_id)
            comments.append(_comment(record, comment_id, None, 0, submitter))
    return comments


def _comment(
    record: dict[str, Any],
    comment_id: str,
    parent_id: str | None,
    depth: int,
    submitter: str | None,
) -> Comment:
    state = CommentState.NORMAL
    if record.get("is_deleted") is True:
        state = CommentState.DELETED
    elif record.get("is_moderated") is True:
        state = CommentState.REMOVED

    author = _username(record.get("commenting_user"))
    created_at = parse_iso_time(record.get("created_at"))
    edited_at = parse_iso_time(record.get("last_edited_at"))
    if edited_at is None:
        # NOTE: before 2025 only `updated_at` exists. It is taken as the edit time when it
        # differs from `created_at`, but Lobsters may also change it for other updates.
        edited_at = parse_iso_time(record.get("updated_at"))
    if edited_at is not None and created_at is not None and edited_at <= created_at:
        edited_at = None

    return Comment(
        id=comment_id,
        parent_id=parent_id if depth > 0 else None,
        depth=depth,
        author=author,
        blocks=_html(record.get("comment")),
        created_at=created_at,
        score=as_int(record.get("score")),
        state=state,
        edited=edited_at is not None,
        edited_at=edited_at,
        is_op=author is not None and author == submitter,
        permalink=clean_url(record.get("url"))
        or clean_url(record.get("short_id_url"))
        or f"{LOBSTERS_SITE}/c/{comment_id}",
    )


def _username(user: object) -> str | None:
    """Return the username from a string (2022 schema) or a user object (2021 schema)."""
    if isinstance(user, dict):
        return clean_optional(user.get("username"))
    return clean_optional(user)


def _html(value: object) -> tuple:
    return html_to_blocks(
        value if isinstance(value, str) else None, base_url=LOBSTERS_SITE, quote_prefix=False
    )
