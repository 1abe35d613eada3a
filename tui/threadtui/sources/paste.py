"""Parse a Hacker News item page copied from a browser (select all, copy, paste into a file).

The copy loses HN's indentation, so depth comes from each header's navigation links:

- `user 3 hours ago | next [–]` (no `parent`) is a top-level comment, depth 0;
- `… | parent | …` without `root` is a reply to the latest depth-0 comment, depth 1;
- `… | root | parent | …` is a reply to the latest comment of depth 1 or more. The exact depth
  is not in the copy, so such a chain nests one level deeper per comment.

Other parts of the page:

- Site chrome at the top (`Hacker News new | past | …`) is skipped. The story block is a title
  line, optionally ending in `(domain.tld)`, then `N points by USER AGE ago | … | M comments`,
  then the story's own text up to the first comment header.
- A comment's body runs from its header to a line `reply`, or to the next header on threads
  that no longer take replies. Blank lines only separate paragraphs; the body is converted by
  `plain_to_blocks` (quotes, code, footnotes, bare URLs).
- `[deleted]`, `Deleted Comment` or `[removed]` on a line of its own is a deleted comment
  without a header. HN shows those only when they have replies, so its depth is guessed from
  the next header. Before a `root | parent` reply it is a child of the latest comment of depth
  1 or more (depth 1 if there is none). Otherwise it is top-level.
- `[flagged]` or `[dead]` after the age marks the comment FLAGGED or DEAD. A body that is only
  `[flagged]` or `[dead]` is that marker, not text.
- A collapsed comment (`[3 more]` as its toggle) has no body in the copy and hides its
  replies; `more_count` records how many.
- `More` or the `Guidelines | FAQ | …` footer ends the page.

Ages stay as written in `age_text` ("3 hours ago"); they are never turned into timestamps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from threadtui.model import Comment, CommentState, Thread
from threadtui.sources.dump import comment_id_for, dump_key, normalise_text, shorten
from threadtui.text.plain import plain_to_blocks
from threadtui.text.sanitize import clean_text

_AGE = r"(?:\d+|an?)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago|just\s+now"
HEADER = re.compile(
    rf"""^\s*(?P<user>[A-Za-z0-9_-]{{2,15}})\s+(?P<age>{_AGE})
    (?:\s+\[(?P<mark>flagged|dead)\])?
    (?P<navs>(?:\s+\|\s+(?:root|parent|context|prev|next|on:\s.+?))*)
    \s*(?P<toggle>\[(?:\u2013|-|\+|\+\d+|\d+\s+more)\])?\s*$""",
    re.VERBOSE,
)
STORY_LINE = re.compile(
    rf"^\s*(?P<points>\d+)\s+points?\s+by\s+(?P<user>\S+)\s+(?P<age>{_AGE})\s*(?:\|(?P<rest>.*))?$"
)
_COMMENT_COUNT = re.compile(r"(\d+)\s+comments?\b")
_TITLE_DOMAIN = re.compile(r"^(?P<title>.+?)\s+\((?P<domain>[A-Za-z0-9.-]+\.[A-Za-z]{2,})\)\s*$")
_PLACEHOLDER = re.compile(r"^\s*(?:\[deleted\]|Deleted Comment|\[removed\])\s*$", re.IGNORECASE)
_MARKER_BODY = re.compile(r"^\s*\[(?:flagged|dead)\]\s*$")
_REPLY = re.compile(r"^\s*reply\s*$")
_END = re.compile(r"^\s*(?:More|Guidelines \| FAQ.*)\s*$")
_CHROME = re.compile(r"^\s*(?:Hacker News\s+)?new\s*\|\s*past\s*\|", re.IGNORECASE)
_ADD_COMMENT = re.compile(r"^\s*add comment\s*$", re.IGNORECASE)


@dataclass
class _Entry:
    """A comment as read from the page, before depths are assigned."""

    author: str | None
    age: str | None
    navs: frozenset[str]
    state: CommentState
    hidden: int | None = None
    body: list[str] = field(default_factory=list)
    placeholder: bool = False


def looks_like_paste(text: str) -> bool:
    """Return True if the text looks like a copied HN page rather than a plain dump.

    It does when it has the story line (`N points by …`), or comment headers with HN's
    navigation links or collapse toggle: two of them, or one and a `reply` line.
    """
    headers = 0
    replies = 0
    for line in text.splitlines()[:5000]:
        if STORY_LINE.match(line):
            return True
        match = HEADER.match(line)
        if match and (match.group("navs") or match.group("toggle")):
            headers += 1
        elif _REPLY.match(line):
            replies += 1
        if headers >= 2 or (headers and replies):
            return True
    return False


def parse_paste(text: str, *, source: str) -> Thread:
    """Parse a copied HN page into a thread (see the module docstring for the rules)."""
    lines = normalise_text(text).split("\n")
    position = _skip_chrome(lines)
    title, domain, story, position = _read_story(lines, position)
    story_body, entries = _read_entries(lines, position)
    comments = _place_entries(entries)

    if title is None:
        first = next((comment for comment in comments if comment.blocks), None)
        title = shorten(first.blocks[0].text, 80) if first else "Hacker News thread"

    thread = Thread(
        key=dump_key(text),
        site="text",
        source=source,
        title=title,
        comments=comments,
        blocks=plain_to_blocks(story_body),
        domain=domain,
    )
    if story is not None:
        thread.author = clean_text(story.group("user"))
        thread.score = int(story.group("points"))
        thread.age_text = story.group("age")
        count = _COMMENT_COUNT.search(story.group("rest") or "")
        thread.reported_comment_count = int(count.group(1)) if count else 0
    return thread


def _skip_chrome(lines: Sequence[str]) -> int:
    position = 0
    while position < len(lines) and (not lines[position].strip() or _CHROME.match(lines[position])):
        position += 1
    return position


def _read_story(
    lines: Sequence[str], position: int
) -> tuple[str | None, str | None, re.Match[str] | None, int]:
    """Read the title, domain and points line; return them and where the comments start."""
    if position >= len(lines) or HEADER.match(lines[position]):
        return None, None, None, position

    following = position + 1
    while following < len(lines) and not lines[following].strip():
        following += 1
    story = STORY_LINE.match(lines[following]) if following < len(lines) else None
    if story is None:
        return None, None, None, position

    title_line = clean_text(lines[position]).strip()
    match = _TITLE_DOMAIN.match(title_line)
    title, domain = (match.group("title"), match.group("domain")) if match else (title_line, None)
    return title, domain, story, following + 1


def _read_entries(lines: Sequence[str], position: int) -> tuple[list[str], list[_Entry]]:
    """Split the page after the story line into the story's text lines and comment entries."""
    story_text = _Entry(None, None, frozenset(), CommentState.NORMAL)
    entries: list[_Entry] = []
    current: _Entry | None = story_text

    for line in lines[position:]:
        if _END.match(line):
            break
        header = HEADER.match(line)
        if header:
            current = _entry_from_header(header)
            entries.append(current)
        elif _PLACEHOLDER.match(line):
            state = CommentState.REMOVED if "removed" in line.lower() else CommentState.DELETED
            entries.append(_Entry(None, None, frozenset(), state, placeholder=True))
            current = None
        elif _REPLY.match(line) or _ADD_COMMENT.match(line):
            current = None
        elif _MARKER_BODY.match(line) and current is not None and current is not story_text:
            if current.state is CommentState.NORMAL:
                current.state = _marker_state(line)
        elif current is not None:
            current.body.append(line)
        elif line.strip() and entries and not entries[-1].placeholder:
            # Text after `reply` and before the next header: keep it with the comment above
            # rather than lose it.
            entries[-1].body.append(line)

    return story_text.body, entries


def _entry_from_header(header: re.Match[str]) -> _Entry:
    navs = frozenset(
        part.strip().split(":")[0]
        for part in header.group("navs").split("|")
        if part.strip()
    )
    mark = header.group("mark")
    state = _marker_state(f"[{mark}]") if mark else CommentState.NORMAL
    return _Entry(
        author=clean_text(header.group("user")),
        age=header.group("age"),
        navs=navs,
        state=state,
        hidden=_hidden_count(header.group("toggle")),
    )


def _marker_state(marker: str) -> CommentState:
    return CommentState.DEAD if "dead" in marker else CommentState.FLAGGED


def _hidden_count(toggle: str | None) -> int | None:
    if not toggle:
        return None
    digits = re.search(r"\d+", toggle)
    return int(digits.group()) if digits else None


def _place_entries(entries: Sequence[_Entry]) -> list[Comment]:
    """Give each entry its depth and parent from its navigation links, in page order."""
    comments: list[Comment] = []
    seen: dict[str, int] = {}
    latest_top: Comment | None = None
    latest_nested: Comment | None = None  # The latest comment of depth 1 or more.

    for index, entry in enumerate(entries):
        if entry.placeholder:
            kind = _next_header_kind(entries, index + 1)
            parent = (latest_nested or latest_top) if kind == "nested" else None
        elif "root" in entry.navs and "parent" in entry.navs:
            parent = latest_nested or latest_top
        elif "parent" in entry.navs:
            parent = latest_top
        else:
            parent = None

        depth = parent.depth + 1 if parent is not None else 0
        text = "\n".join(entry.body).strip()
        identity = f"{entry.author or '[deleted]'}\n{text}"
        comment = Comment(
            id=comment_id_for(identity, seen),
            parent_id=parent.id if parent is not None else None,
            depth=depth,
            author=entry.author,
            blocks=plain_to_blocks(entry.body),
            age_text=entry.age,
            state=entry.state,
            more_count=entry.hidden,
        )
        comments.append(comment)
        if depth == 0:
            latest_top, latest_nested = comment, None
        else:
            latest_nested = comment
    return comments


def _next_header_kind(entries: Sequence[_Entry], start: int) -> str:
    """Return "top", "reply" or "nested" for the next entry with a header, "top" if none."""
    for entry in entries[start:]:
        if entry.placeholder:
            continue
        if "root" in entry.navs and "parent" in entry.navs:
            return "nested"
        return "reply" if "parent" in entry.navs else "top"
    return "top"
