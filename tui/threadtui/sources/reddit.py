"""Parse a Reddit thread: the `comments/ID.json` response, an array of two Listings.

The first Listing contains the submission (`t3`), the second the comment tree (`t1`), where
`replies` is another Listing or `""` for none. What the parser relies on:

- Comment text is the Markdown `body`, rendered by `markdown_to_blocks`. Without `raw_json=1`
  Reddit escapes `&`, `<` and `>` in every string. The payload shows which mode it was
  fetched in: an `*_html` field that starts with `&lt;` is escaped, one that starts with `<`
  is not. Escaped payloads are unescaped once, field by field. A payload without any
  `*_html` field is taken as escaped, because that is Reddit's default.
- `more` stubs become MORE comments, never deleted ones: `count` > 0 is "N more replies";
  `count` 0 with id `_` is "continue this thread", whose replies live on the parent
  comment's own page.
- Body `[deleted]` is DELETED and `[removed]` is REMOVED. An author of `[deleted]` with a
  real body is a normal comment whose author is unknown.
- `score_hidden` hides the score, and `edited` is a float epoch, `true` (no date) or `false`.
- Times come from `created_utc`; `created` is offset by Reddit's server time zone.
- A comment is the OP's when `is_submitter` says so, or, in data without that field, when
  its author is the submission's author.
"""

from __future__ import annotations

from typing import Any

from threadtui.model import Comment, CommentState, Thread
from threadtui.sources.fields import as_dict, as_float, as_id, as_int, as_list
from threadtui.text.markdown import REDDIT_SITE, markdown_to_blocks, unescape_legacy
from threadtui.text.sanitize import clean_optional, clean_url

_GONE_AUTHORS = frozenset({"[deleted]", "[removed]"})
_BODY_STATES = {"[deleted]": CommentState.DELETED, "[removed]": CommentState.REMOVED}


def is_reddit_thread(payload: object) -> bool:
    """Return True for an array of two Listings, the shape of a Reddit thread response."""
    return (
        isinstance(payload, list)
        and len(payload) == 2
        and all(isinstance(part, dict) and part.get("kind") == "Listing" for part in payload)
    )


def is_legacy_escaped(payload: object) -> bool:
    """Return True if the payload was fetched without `raw_json=1`.

    Decided from the first `body_html` or `selftext_html` value found: Reddit escapes it a
    second time in legacy mode, so it starts with `&lt;` instead of `<`.
    """
    stack: list[Any] = [payload]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in ("body_html", "selftext_html"):
                value = node.get(key)
                if isinstance(value, str) and value.strip():
                    return value.lstrip().startswith("&lt;")
            stack.extend(value for value in node.values() if isinstance(value, dict | list))
        elif isinstance(node, list):
            stack.extend(node)
    return True


def parse_reddit(payload: list[Any], *, source: str) -> Thread:
    """Parse a Reddit thread response (two Listings) into a thread."""
    escaped = is_legacy_escaped(payload)

    def text(value: object) -> str | None:
        if not isinstance(value, str):
            return None
        return unescape_legacy(value) if escaped else value

    submission_children = as_list(as_dict(as_dict(payload[0]).get("data")).get("children"))
    if not submission_children:
        raise ValueError("the first Listing has no submission")
    submission = as_dict(as_dict(submission_children[0]).get("data"))
    thread_id = as_id(submission.get("id"))
    if thread_id is None:
        raise ValueError("the submission has no id")

    submission_author = clean_optional(text(submission.get("author")))
    if submission_author in _GONE_AUTHORS:
        submission_author = None
    permalink = _absolute(text(submission.get("permalink"))) or (
        f"{REDDIT_SITE}/comments/{thread_id}/"
    )
    is_self = bool(submission.get("is_self"))
    thread = Thread(
        key=f"reddit:{thread_id}",
        site="reddit",
        source=source,
        title=clean_optional(text(submission.get("title"))) or f"Reddit thread {thread_id}",
        comments=[],
        url=None if is_self else clean_url(text(submission.get("url"))),
        permalink=permalink,
        author=submission_author,
        created_at=as_float(submission.get("created_utc")),
        score=as_int(submission.get("score")),
        blocks=markdown_to_blocks(text(submission.get("selftext"))),
        reported_comment_count=as_int(submission.get("num_comments")),
    )

    walker = _CommentWalker(thread, text, submission_author, permalink)
    walker.walk(as_dict(payload[1]))
    return thread


class _CommentWalker:
    """Flattens the comment Listing tree in pre-order with an explicit stack."""

    def __init__(
        self,
        thread: Thread,
        text: Any,
        submission_author: str | None,
        thread_permalink: str,
    ) -> None:
        self.thread = thread
        self.text = text
        self.submission_author = submission_author
        self.thread_permalink = thread_permalink.rstrip("/") + "/"
        self.used_ids: set[str] = set()

    def walk(self, listing: dict[str, Any]) -> None:
        stack: list[tuple[Any, int, str | None]] = []
        self._push_children(stack, listing, 0, None)
        while stack:
            thing, depth, parent_id = stack.pop()
            thing = as_dict(thing)
            data = as_dict(thing.get("data"))
            kind = thing.get("kind")
            if kind == "more":
                self.thread.comments.append(self._more_stub(data, depth, parent_id))
            elif kind == "t1":
                comment = self._comment(data, depth, parent_id)
                if comment is None:
                    continue
                self.thread.comments.append(comment)
                self._push_children(stack, as_dict(data.get("replies")), depth + 1, comment.id)

    def _push_children(
        self, stack: list[tuple[Any, int, str | None]], listing: dict[str, Any], depth: int,
        parent_id: str | None,
    ) -> None:
        children = as_list(as_dict(listing.get("data")).get("children"))
        for child in reversed(children):
            stack.append((child, depth, parent_id))

    def _comment(self, data: dict[str, Any], depth: int, parent_id: str | None) -> Comment | None:
        comment_id = as_id(data.get("id"))
        if comment_id is None or comment_id in self.used_ids:
            return None
        self.used_ids.add(comment_id)

        body = self.text(data.get("body")) or ""
        author = clean_optional(self.text(data.get("author")))
        state = _BODY_STATES.get(body.strip(), CommentState.NORMAL)
        if author in _GONE_AUTHORS:
            author = None
        blocks = () if state is not CommentState.NORMAL else markdown_to_blocks(body)

        is_submitter = data.get("is_submitter")
        if isinstance(is_submitter, bool):
            is_op = is_submitter
        else:
            is_op = author is not None and author == self.submission_author

        edited_value = data.get("edited")
        edited = edited_value is True or as_float(edited_value) is not None
        score_hidden = data.get("score_hidden") is True

        return Comment(
            id=comment_id,
            parent_id=parent_id,
            depth=depth,
            author=author,
            blocks=blocks,
            created_at=as_float(data.get("created_utc")),
            score=None if score_hidden else _score(data),
            score_hidden=score_hidden,
            state=state,
            edited=edited,
            edited_at=as_float(edited_value),
            is_op=is_op,
            permalink=_absolute(self.text(data.get("permalink")))
            or f"{self.thread_permalink}{comment_id}/",
        )

    def _more_stub(self, data: dict[str, Any], depth: int, parent_id: str | None) -> Comment:
        count = as_int(data.get("count")) or 0
        raw_id = as_id(data.get("id")) or "_"
        continue_thread = raw_id == "_" or (count == 0 and not as_list(data.get("children")))
        if continue_thread:
            count = 0
        # Both kinds of stub are read on the parent comment's own page (or the thread's).
        more_url = f"{self.thread_permalink}{parent_id}/" if parent_id else self.thread_permalink

        target = parent_id if continue_thread else raw_id
        stub_id = f"more:{target or 'top'}"
        suffix = 2
        while stub_id in self.used_ids:
            stub_id = f"more:{target or 'top'}-{suffix}"
            suffix += 1
        self.used_ids.add(stub_id)
        return Comment(
            id=stub_id,
            parent_id=parent_id,
            depth=depth,
            author=None,
            blocks=(),
            state=CommentState.MORE,
            more_count=count,
            more_url=more_url,
        )


def _score(data: dict[str, Any]) -> int | None:
    """Return `score`, or `ups - downs` in old data that has no `score` on comments."""
    score = as_int(data.get("score"))
    if score is not None:
        return score
    ups, downs = as_int(data.get("ups")), as_int(data.get("downs"))
    return ups - downs if ups is not None and downs is not None else None


def _absolute(permalink: str | None) -> str | None:
    """Return a Reddit permalink as an absolute URL on www.reddit.com."""
    url = clean_url(permalink)
    if url is None:
        return None
    if url.startswith("/"):
        return REDDIT_SITE + url
    return url if url.startswith(("http://", "https://")) else None
