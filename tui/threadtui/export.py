"""The Markdown export: thread notes, annotated comments with their text, cited papers, BibTeX.

The output depends only on the thread, the notes and the paper metadata, never on the clock
or the order things happened to be cached in, so the same notes give the same bytes and the
file diffs cleanly in git. The front matter's `date` is the time of the newest note (or
`SOURCE_DATE_EPOCH` when set, the reproducible-builds convention), not the time of export.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from threadtui import __version__
from threadtui.model import Block, BlockKind, Comment, CommentState, Link, Paper, PaperStatus, SpanStyle, Thread
from threadtui.store import Note

THREAD_TARGET = "thread"
COMMENT_PREFIX = "comment:"
PAPER_PREFIX = "paper:"


class PaperInfo(Protocol):
    """What the export needs to know about a paper: its status and metadata, if resolved."""

    status: PaperStatus
    paper: Paper | None


@dataclass(frozen=True, slots=True)
class CitedPaper:
    """A paper the thread cites, with the comments that cite it."""

    key: str
    link: Link
    comment_ids: tuple[str, ...]


# Characters that start Markdown syntax anywhere in a line. Escaping them keeps comment text
# from turning into links, emphasis, HTML or tables on GitHub.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#+=-]|\d+[.)])(?=\s|$)")


def escape_markdown(text: str, *, at_line_start: bool = True) -> str:
    """Escape text so Markdown renders it literally.

    Markers such as `-` or `1.` are escaped only at the start of a line. With
    `at_line_start=False` the text's first line continues a line, so it has none.
    """
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if number or at_line_start:
            lines[number] = _LINE_START_SPECIAL.sub(lambda match: match.group(1) + "\\" + match.group(2), line)
    return "\n".join(lines)


def _link_target(url: str) -> str:
    """Make a URL safe inside `(…)` of a Markdown link."""
    for character, encoded in (
        (" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ("[", "%5B"), ("]", "%5D"),
    ):
        url = url.replace(character, encoded)
    return url


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _inline(block: Block) -> str:
    parts: list[str] = []
    line_start = True
    for span in block.spans:
        text = span.text
        if span.style is SpanStyle.CODE:
            part = _code_span(text) if text else ""
        elif span.style is SpanStyle.LINK and span.href and span.href.startswith(("http://", "https://")):
            label = escape_markdown(text, at_line_start=False) or escape_markdown(span.href, at_line_start=False)
            part = f"[{label}]({_link_target(span.href)})"
        elif span.style is SpanStyle.EMPHASIS and text.strip():
            part = f"*{escape_markdown(text, at_line_start=False)}*"
        elif span.style is SpanStyle.STRONG and text.strip():
            part = f"**{escape_markdown(text, at_line_start=False)}**"
        else:
            part = escape_markdown(text, at_line_start=line_start)
        parts.append(part)
        if part:
            line_start = part.endswith("\n")
    return "".join(parts).replace("\n", "  \n")


def blocks_to_markdown(blocks: Sequence[Block]) -> str:
    """Render comment blocks as Markdown: paragraphs, nested quotes, fenced code, list items."""
    chunks: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if block.kind is BlockKind.CODE:
            code = block.text.rstrip("\n")
            longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
            fence = "`" * (longest + 1)
            chunk = f"{fence}\n{code}\n{fence}"
        elif block.kind is BlockKind.QUOTE:
            chunk = "\n".join("> " + line if line else ">" for line in _inline(block).split("\n"))
        elif block.kind is BlockKind.LIST_ITEM:
            marker = block.marker if re.fullmatch(r"\d+[.)]", block.marker or "") else "-"
            chunk = f"{marker} {_inline(block)}"
        else:
            chunk = _inline(block)

        if previous is not None:
            joined = previous.kind is block.kind and block.kind in (BlockKind.LIST_ITEM, BlockKind.QUOTE)
            chunks.append("\n" if joined and block.kind is BlockKind.LIST_ITEM else "\n>\n" if joined else "\n\n")
        chunks.append(chunk)
        previous = block
    return "".join(chunks)


def blockquote(text: str) -> str:
    """Prefix every line with `> ` so the text renders as one blockquote."""
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def format_time(timestamp: float) -> str:
    """Return a UTC time as `YYYY-MM-DD HH:MM UTC`."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(timestamp))


def comment_heading(comment: Comment, position: int, total: int) -> str:
    """Return `author · time` for a comment, or its position when the dump has no times."""
    parts = []
    if comment.author:
        parts.append(escape_markdown(comment.author))
    elif comment.state is not CommentState.NORMAL:
        parts.append(f"\\[{comment.state.value}\\]")
    if comment.created_at is not None:
        parts.append(format_time(comment.created_at))
    elif comment.age_text:
        parts.append(escape_markdown(comment.age_text))
    parts.append(f"comment {position} of {total}")
    return " · ".join(parts)


def quote_attribution(comment: Comment, position: int, total: int) -> str:
    """Return the Markdown blockquote the notes pane inserts for a comment, with attribution."""
    body = blocks_to_markdown(comment.blocks) or "*(no text)*"
    return blockquote(body) + "\n>\n> — " + comment_heading(comment, position, total)


def paper_citation(key: str, link: Link, info: PaperInfo | None) -> str:
    """Return a one-line Markdown citation for a paper, resolved or not."""
    if info is not None and info.paper is not None:
        from threadtui.bibtex import markdown_citation

        return markdown_citation(info.paper)
    status = info.status.value if info is not None else PaperStatus.QUEUED.value
    label = key.removeprefix("arxiv:").removeprefix("doi:")
    prefix = "arXiv:" if key.startswith("arxiv:") else "doi:"
    return f"[{escape_markdown(prefix + label)}]({_link_target(link.url)}) — metadata not available ({status})"


def _paper_title(key: str, info: PaperInfo | None) -> str:
    if info is not None and info.paper is not None and info.paper.title.strip():
        return escape_markdown(" ".join(info.paper.title.split()))
    if key.startswith("arxiv:"):
        return escape_markdown("arXiv:" + key.removeprefix("arxiv:"))
    return escape_markdown(key)


def export_date(notes: Sequence[Note], environ: Mapping[str, str] | None = None) -> float | None:
    """Return the time the export is dated: `SOURCE_DATE_EPOCH`, else the newest note's time."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return float(raw)
    return max((note.updated_at for note in notes), default=None)


def render_markdown(
    thread: Thread,
    notes: Sequence[Note],
    cited: Sequence[CitedPaper],
    papers: Mapping[str, PaperInfo],
    *,
    date: float | None = None,
) -> str:
    """Render the export document.

    Args:
        thread: The thread the notes belong to.
        notes: Every note on the thread (empty ones are skipped).
        cited: The papers the thread cites, most-cited first.
        papers: Status and metadata per paper key.
        date: The time to put in the front matter, or None to leave it out.
    """
    notes_by_target = {note.target: note for note in notes if note.body.strip()}
    total = len(thread.comments)
    out: list[str] = []

    out.append("---")
    out.append(f"title: {json.dumps(thread.title, ensure_ascii=False)}")
    out.append(f"source: {json.dumps(thread.permalink or thread.source, ensure_ascii=False)}")
    out.append(f"thread: {json.dumps(thread.key)}")
    if date is not None:
        out.append("date: " + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(date)))
    out.append(f"generator: threadtui {__version__}")
    out.append("---")
    out.append("")
    out.append(f"# {escape_markdown(thread.title)}")
    out.append("")

    facts = []
    if thread.permalink:
        facts.append(f"<{_link_target(thread.permalink)}>")
    elif thread.site == "text":
        facts.append(f"text dump `{os.path.basename(thread.source)}`")
    if thread.url:
        facts.append(f"links to <{_link_target(thread.url)}>")
    facts.append(f"{total} comment{'' if total == 1 else 's'}")
    out.append(" · ".join(facts))
    out.append("")

    thread_note = notes_by_target.get(THREAD_TARGET)
    if thread_note:
        out += ["## Notes on the thread", "", thread_note.body.strip(), ""]

    comment_notes = {target.removeprefix(COMMENT_PREFIX): note for target, note in notes_by_target.items() if target.startswith(COMMENT_PREFIX)}
    if comment_notes:
        out += ["## Comments", ""]
        for position, comment in enumerate(thread.comments, start=1):
            note = comment_notes.pop(comment.id, None)
            if note is None:
                continue
            out += [f"### {comment_heading(comment, position, total)}", ""]
            if comment.permalink:
                out += [f"<{_link_target(comment.permalink)}>", ""]
            out += [blockquote(blocks_to_markdown(comment.blocks) or "*(no text)*"), "", note.body.strip(), ""]
        for comment_id in sorted(comment_notes):
            out += [f"### Comment {escape_markdown(comment_id)} (no longer in the thread)", "", comment_notes[comment_id].body.strip(), ""]

    paper_notes = {target.removeprefix(PAPER_PREFIX): note for target, note in notes_by_target.items() if target.startswith(PAPER_PREFIX)}
    listed = list(cited)
    cited_keys = {paper.key for paper in listed}
    for key in sorted(paper_notes):
        if key not in cited_keys:
            listed.append(CitedPaper(key, Link(url=_paper_url(key), text=key, comment_ids=None, domain="", paper_key=key), ()))
    if listed:
        out += ["## Papers", ""]
        for number, entry in enumerate(listed, start=1):
            info = papers.get(entry.key)
            out += [f"### {number}. {_paper_title(entry.key, info)}", ""]
            out.append(paper_citation(entry.key, entry.link, info))
            count = len(entry.comment_ids)
            if count:
                out.append("")
                out.append(f"Cited by {count} comment{'s' if count != 1 else ''} in the thread.")
            note = paper_notes.get(entry.key)
            if note:
                out += ["", note.body.strip()]
            out.append("")

        resolved = [info.paper for entry in listed if (info := papers.get(entry.key)) is not None and info.paper is not None]
        if resolved:
            from threadtui.bibtex import bibtex_entries

            out += ["## BibTeX", "", "```bibtex", bibtex_entries(resolved).strip(), "```", ""]

    return "\n".join(out).rstrip("\n") + "\n"


def _paper_url(key: str) -> str:
    if key.startswith("arxiv:"):
        return "https://arxiv.org/abs/" + key.removeprefix("arxiv:")
    return "https://doi.org/" + key.removeprefix("doi:")


def write_export(path: Path, text: str) -> None:
    """Write an export so that `path` ends up with its old content or all of `text`, never part.

    The text goes to a new file in the same directory, which then replaces `path`. A file
    that was there keeps its permissions, and a symbolic link keeps pointing where it did.
    Anything that is not a regular file (`/dev/stdout`, a pipe) is written to directly, as
    replacing it would put a plain file in its place.

    Raises:
        OSError: The file or its directory cannot be written.
    """
    target = path.resolve() if path.is_symlink() else path
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
