"""Parse a plain-text thread dump: comments copied as text, with no headers and no structure.

A dump has one paragraph per line. Nothing marks where one comment ends and the next begins,
so lines are grouped into comments by these rules, applied top to bottom:

1. Blank lines, where a dump has any between two text lines, separate comments: each
   blank-separated group is one comment and its lines are that comment's paragraphs. Rules
   2 and 3 still apply inside a group; rules 4 to 8 apply only to dumps without blank lines.
2. A placeholder line (`Deleted Comment`, `[deleted]` or `[removed]`) is a comment of its own
   with state DELETED or REMOVED, no author and no text.
3. A footnote line (`[N] …`) closes a comment: the nearest comment above that contains the
   marker `[N]` absorbs every line from that marker down to the footnote. Without a marker
   above, the footnote joins the comment just before it. A footnote right after another
   footnote joins the same comment. In blank-line dumps, a group made only of footnote lines
   joins the comment before it. No line after a footnote joins its comment, except further
   footnote lines.
4. A run of quote lines (`>`) starts a new comment, unless the line before introduces it by
   ending with `:`. The first ordinary line after a quote run joins the quote's comment,
   because on HN a quote is followed by the reply to it.
5. A run of list lines (`- `, `* `, `• `) is one comment, together with an aside line starting
   with `*` right after it (`*unfortunately, …`). Like a quote run, it joins the line before
   when that line ends with `:`.
6. A run of code lines (indented by two or more spaces or a tab) is one comment and joins the
   line before when that line ends with `:`.
7. Otherwise each line is its own comment.
8. The marker search of rule 3 looks back at most `FOOTNOTE_REACH` lines and stops at a
   placeholder or at a comment an earlier footnote already closed.

Depth is unknown in a dump, so every comment is top-level (depth 0). Comment ids are `c` plus a
hash of the comment's text, with `-2`, `-3`, … for repeats (such as several `Deleted Comment`
lines), so ids stay stable when the same dump is opened again. The thread key is `text:` plus a
hash of the whole text after line endings are normalised, so the same dump opened from two
paths is one thread. The title is the file name; a dump read from no file takes its first
paragraph, shortened to `TITLE_LENGTH` characters at a word boundary.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum, auto
from pathlib import PurePath

from threadtui.model import Comment, CommentState, Thread
from threadtui.text.plain import is_code_line, plain_to_blocks
from threadtui.text.sanitize import clean_text

# How many lines above a footnote its `[N]` marker may sit. An estimate: a dump puts one
# paragraph on a line, and a comment of more than 20 paragraphs is rare on HN.
FOOTNOTE_REACH = 20
TITLE_LENGTH = 80

_PLACEHOLDERS = {
    "deleted comment": CommentState.DELETED,
    "[deleted]": CommentState.DELETED,
    "[removed]": CommentState.REMOVED,
}
_FOOTNOTE = re.compile(r"^\s*\[(\d{1,3})\]\s+\S")
_QUOTE = re.compile(r"^\s*>")
_LIST = re.compile(r"^\s*[-*\u2022]\s+\S")
_ASIDE = re.compile(r"^\s*\*\S")


class LineKind(Enum):
    """The kind of a dump line, which decides how it is grouped."""

    TEXT = auto()
    PLACEHOLDER = auto()
    FOOTNOTE = auto()
    QUOTE = auto()
    LIST = auto()
    ASIDE = auto()
    CODE = auto()


def classify_line(line: str) -> LineKind:
    """Return the kind of a non-blank dump line."""
    if line.strip().lower() in _PLACEHOLDERS:
        return LineKind.PLACEHOLDER
    if _FOOTNOTE.match(line):
        return LineKind.FOOTNOTE
    if _QUOTE.match(line):
        return LineKind.QUOTE
    if _LIST.match(line):
        return LineKind.LIST
    if _ASIDE.match(line):
        return LineKind.ASIDE
    if is_code_line(line):
        return LineKind.CODE
    return LineKind.TEXT


@dataclass
class _Group:
    """The lines of one comment while grouping: indices into the dump's lines."""

    lines: list[int] = field(default_factory=list)
    closed: bool = False
    placeholder: CommentState | None = None


def dump_key(text: str) -> str:
    """Return the thread key of a text dump or paste: `text:` plus a hash of its content."""
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return f"text:{digest[:16]}"


def normalise_text(text: str) -> str:
    """Drop a byte-order mark, turn CRLF and CR into LF and strip trailing whitespace."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip()


def parse_dump(text: str, *, source: str) -> Thread:
    """Parse a plain-text dump into a flat thread (see the module docstring for the rules)."""
    lines = [line.rstrip() for line in normalise_text(text).split("\n")]
    if _has_blank_separators(lines):
        groups = _group_by_blank_lines(lines)
    else:
        groups = _group_lines(lines)

    comments = _build_comments(lines, groups)
    return Thread(
        key=dump_key(text),
        site="text",
        source=source,
        title=_title(comments, source),
        comments=comments,
    )


def _has_blank_separators(lines: Sequence[str]) -> bool:
    seen_text = False
    blank_pending = False
    for line in lines:
        if line.strip():
            if blank_pending and seen_text:
                return True
            seen_text = True
        elif seen_text:
            blank_pending = True
    return False


def _group_lines(lines: Sequence[str]) -> list[_Group]:
    """Group the lines of a dump without blank lines (rules 2 to 8)."""
    groups: list[_Group] = []
    group_of_line: dict[int, int] = {}
    previous_kind: LineKind | None = None
    previous_line = ""

    def start_group(index: int) -> None:
        groups.append(_Group([index]))
        group_of_line[index] = len(groups) - 1

    def join_last(index: int) -> None:
        groups[-1].lines.append(index)
        group_of_line[index] = len(groups) - 1

    for index, line in enumerate(lines):
        if not line.strip():
            continue
        kind = classify_line(line)
        last_open = bool(groups) and not groups[-1].closed
        introduced = last_open and previous_line.endswith(":")

        if kind is LineKind.PLACEHOLDER:
            groups.append(_Group([index], closed=True, placeholder=_placeholder_state(line)))
            group_of_line[index] = len(groups) - 1
        elif kind is LineKind.FOOTNOTE:
            _place_footnote(index, lines, groups, group_of_line, previous_kind)
        elif kind is LineKind.QUOTE:
            if last_open and (previous_kind is LineKind.QUOTE or introduced):
                join_last(index)
            else:
                start_group(index)
        elif kind is LineKind.LIST or (kind is LineKind.ASIDE and previous_kind is LineKind.LIST):
            if last_open and (previous_kind in (LineKind.LIST, LineKind.ASIDE) or introduced):
                # An aside closes the list, so a list line after an aside starts afresh.
                if previous_kind is LineKind.ASIDE and kind is LineKind.LIST:
                    start_group(index)
                else:
                    join_last(index)
            else:
                start_group(index)
        elif kind is LineKind.CODE:
            if last_open and (previous_kind is LineKind.CODE or introduced):
                join_last(index)
            else:
                start_group(index)
        elif last_open and previous_kind is LineKind.QUOTE:
            join_last(index)  # The reply to a quote.
        else:
            start_group(index)

        previous_kind = kind
        previous_line = line
    return groups


def _place_footnote(
    index: int,
    lines: Sequence[str],
    groups: list[_Group],
    group_of_line: dict[int, int],
    previous_kind: LineKind | None,
) -> None:
    """Attach a footnote line to the comment it closes (rule 3), merging lines as needed."""
    if groups and previous_kind is LineKind.FOOTNOTE and groups[-1].placeholder is None:
        groups[-1].lines.append(index)
        group_of_line[index] = len(groups) - 1
        return

    number = _FOOTNOTE.match(lines[index]).group(1)  # type: ignore[union-attr]
    marker = f"[{number}]"
    target: int | None = None
    for back in range(index - 1, max(-1, index - 1 - FOOTNOTE_REACH), -1):
        if back not in group_of_line:
            continue
        group = groups[group_of_line[back]]
        if group.closed:
            break
        if marker in lines[back]:
            target = group_of_line[back]
            break

    if target is None:
        if groups and not groups[-1].closed:
            target = len(groups) - 1
        else:
            groups.append(_Group([index], closed=True))
            group_of_line[index] = len(groups) - 1
            return

    merged = _Group(closed=True)
    for group in groups[target:]:
        merged.lines.extend(group.lines)
    merged.lines.append(index)
    del groups[target:]
    groups.append(merged)
    for line_index in merged.lines:
        group_of_line[line_index] = target


def _group_by_blank_lines(lines: Sequence[str]) -> list[_Group]:
    """Group a dump with blank lines (rule 1), splitting off placeholders and footnotes."""
    groups: list[_Group] = []
    current: list[int] = []

    def end_paragraph_group() -> None:
        if not current:
            return
        footnotes_only = all(classify_line(lines[i]) is LineKind.FOOTNOTE for i in current)
        if footnotes_only and groups and groups[-1].placeholder is None:
            groups[-1].lines.extend(current)
        else:
            groups.append(_Group(list(current)))
        current.clear()

    for index, line in enumerate(lines):
        if not line.strip():
            end_paragraph_group()
            continue
        state = _placeholder_state(line)
        if state is not None:
            end_paragraph_group()
            groups.append(_Group([index], closed=True, placeholder=state))
        else:
            current.append(index)
    end_paragraph_group()
    return groups


def _placeholder_state(line: str) -> CommentState | None:
    return _PLACEHOLDERS.get(line.strip().lower())


def _build_comments(lines: Sequence[str], groups: Sequence[_Group]) -> list[Comment]:
    comments: list[Comment] = []
    seen: dict[str, int] = {}
    for group in groups:
        group_lines = [lines[i] for i in group.lines]
        text = "\n".join(group_lines)
        comment_id = comment_id_for(text, seen)
        if group.placeholder is not None:
            comments.append(
                Comment(comment_id, None, 0, None, (), state=group.placeholder)
            )
        else:
            comments.append(Comment(comment_id, None, 0, None, plain_to_blocks(group_lines)))
    return comments


def comment_id_for(text: str, seen: dict[str, int]) -> str:
    """Return a stable id for a comment without one: `c` + hash, `-N` for the Nth repeat.

    `seen` counts the ids handed out so far in this thread and is updated.
    """
    base = "c" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    count = seen.get(base, 0) + 1
    seen[base] = count
    return base if count == 1 else f"{base}-{count}"


def _title(comments: Sequence[Comment], source: str) -> str:
    """Return the dump's file name, or its first paragraph when it has no name.

    A dump has no story, and its first line is a comment like any other, so the file name
    says more honestly what the user opened than the first comment would.
    """
    name = clean_text(PurePath(source).name) if source else ""
    if name:
        return name
    for comment in comments:
        if comment.blocks:
            return shorten(comment.blocks[0].text, TITLE_LENGTH)
    return "Untitled thread"


def shorten(text: str, limit: int) -> str:
    """Shorten text to at most `limit` characters at a word boundary, ending with `…`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
