"""Three-way merge of a note edited in two threadtui instances at once, losing no text.

Both instances started from the same stored revision (`base`). One of them saved first
(`theirs`); the other (`ours`) finds the stored revision moved on when it saves. The merge
works on lines, as `git merge` does: changes to different lines of the base are combined,
and two additions at the same place are both kept, ours first. When both sides changed the
same lines differently, nothing can be combined safely, so the result is our text followed
by a marked copy of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

CONFLICT_HEADING = "*Also written in another threadtui window at the same time:*"


@dataclass(frozen=True, slots=True)
class MergedNote:
    """The merged text, and whether both sides changed the same lines."""

    text: str
    conflict: bool


@dataclass(frozen=True, slots=True)
class _Change:
    start: int
    end: int
    lines: tuple[str, ...]


def merge_note(base: str, ours: str, theirs: str) -> MergedNote:
    """Merge two edits of `base`; every line of `ours` and `theirs` is in the result."""
    if ours == theirs or theirs == base:
        return MergedNote(ours, conflict=False)
    if ours == base:
        return MergedNote(theirs, conflict=False)

    # Notes often end without a newline. Lines are compared whole, so without one added here,
    # text appended after the last line would count as a change to that line.
    base_lines = _lines(base)
    merged = _combine(base_lines, _changes(base_lines, _lines(ours)), _changes(base_lines, _lines(theirs)))
    if merged is None:
        return MergedNote(_side_by_side(ours, theirs), conflict=True)
    if not ours.endswith("\n"):
        merged = merged.removesuffix("\n")
    return MergedNote(merged, conflict=False)


def _lines(text: str) -> list[str]:
    if text and not text.endswith("\n"):
        text += "\n"
    return text.splitlines(keepends=True)


def _changes(base: list[str], edited: list[str]) -> list[_Change]:
    matcher = SequenceMatcher(None, base, edited, autojunk=False)
    return [
        _Change(base_start, base_end, tuple(edited[start:end]))
        for tag, base_start, base_end, start, end in matcher.get_opcodes()
        if tag != "equal"
    ]


def _overlaps(first: _Change, second: _Change) -> bool:
    """Return True when two changes touch the same base lines (insertions touch none)."""
    if first.start == first.end or second.start == second.end:
        point, other = (first, second) if first.start == first.end else (second, first)
        return other.start < point.start < other.end
    return first.start < second.end and second.start < first.end


def _combine(base: list[str], ours: list[_Change], theirs: list[_Change]) -> str | None:
    """Apply both sides' changes to the base, or return None when any two overlap."""
    changes = list(ours)
    for change in theirs:
        if change in changes:
            continue
        if any(_overlaps(change, mine) for mine in ours):
            return None
        changes.append(change)

    # Sorting is stable, so at one insertion point our lines come before theirs.
    changes.sort(key=lambda change: (change.start, change.end))
    result: list[str] = []
    position = 0
    for change in changes:
        result.extend(base[position : change.start])
        result.extend(change.lines)
        position = max(position, change.end)
    result.extend(base[position:])
    return "".join(result)


def _side_by_side(ours: str, theirs: str) -> str:
    return f"{ours.rstrip()}\n\n{CONFLICT_HEADING}\n\n{theirs.strip()}\n"


def map_offset(old: str, new: str, offset: int) -> int:
    """Return where a cursor at `offset` in `old` belongs in `new`, text that replaced `old`.

    The cursor keeps the text before it. Inside text both share, it moves by what was added
    or removed before it. Inside text that `new` replaced, it goes to the end of the
    replacement. Where `new` inserted text, it stays before the insertion, because a merge
    puts this window's own lines first.
    """
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            if old_start <= offset <= old_end:
                return new_start + offset - old_start
        elif tag == "insert":
            if offset == old_start:
                return new_start
        elif old_start <= offset < old_end:
            return new_end
    return len(new)
