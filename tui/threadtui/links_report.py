"""The output of `threadtui links SOURCE [--json]`: every link of a thread, with paper metadata.

Both forms are deterministic, so a script can diff two runs. Text from the thread and from
arXiv or Crossref is untrusted, so control characters and bidirectional overrides never reach
the terminal raw. The text form shows them as `\\x1b`-style escapes, and the JSON form as
`\\u001b`-style escapes, which JSON readers decode back to the original characters.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from threadtui.links import domain_index, paper_index
from threadtui.model import Link, Paper, Thread
from threadtui.resolution import PaperState

__all__ = ["links_report"]

# C0 and C1 control characters, DEL, and the Unicode bidirectional controls that can reorder
# what a terminal shows (U+202A-U+202E, U+2066-U+2069) or hide text (U+200E, U+200F).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# JSON escapes C0 controls itself; these are the rest of `_UNSAFE`.
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_AUTHORS_SHOWN = 3


def links_report(
    thread: Thread,
    links: Sequence[Link],
    states: Mapping[str, PaperState],
    *,
    as_json: bool,
) -> str:
    """Render a thread's links and the state of each cited paper, as text or as JSON.

    `states` is keyed by paper key. A link naming a version (`…v2`) uses the state of the
    versioned key when present, else that of the base key. The result ends with a newline.
    """
    if as_json:
        return _json_report(thread, links, states)
    return _text_report(thread, links, states)


def _state_for(
    link_key: str | None, version: int | None, states: Mapping[str, PaperState]
) -> PaperState | None:
    if link_key is None:
        return None
    if version is not None and f"{link_key}v{version}" in states:
        return states[f"{link_key}v{version}"]
    return states.get(link_key)


# -- JSON ------------------------------------------------------------------------------------


def _json_report(thread: Thread, links: Sequence[Link], states: Mapping[str, PaperState]) -> str:
    document = {
        "thread": {
            "key": thread.key,
            "site": thread.site,
            "source": thread.source,
            "title": thread.title,
            "url": thread.url,
            "permalink": thread.permalink,
        },
        "links": [_link_json(link, states) for link in links],
        "papers": [
            {
                "key": paper.paper_key,
                "citation_count": paper.citation_count,
                "comment_ids": list(paper.comment_ids),
                "in_story": paper.in_story,
                "versions": list(paper.versions),
                "resolution": _state_json(_state_for(paper.paper_key, None, states)),
            }
            for paper in paper_index(links)
        ],
        "domains": [
            {
                "domain": domain.domain,
                "citation_count": domain.citation_count,
                "comment_ids": list(domain.comment_ids),
                "in_story": domain.in_story,
                "urls": [
                    {"url": url.url, "comment_ids": list(url.comment_ids), "in_story": url.in_story}
                    for url in domain.urls
                ],
            }
            for domain in domain_index(links)
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text) + "\n"


def _link_json(link: Link, states: Mapping[str, PaperState]) -> dict[str, Any]:
    return {
        "url": link.url,
        "text": link.text,
        "comment_id": link.comment_id,
        "footnote": link.footnote,
        "domain": link.domain,
        "paper_key": link.paper_key,
        "version": link.version,
        "resolution": _state_json(_state_for(link.paper_key, link.version, states)),
    }


def _state_json(state: PaperState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "status": state.status.name.lower(),
        "status_text": str(state.status),
        "detail": state.detail,
        "stale": state.stale,
        "paper": dataclasses.asdict(state.paper) if state.paper is not None else None,
    }


# -- text ------------------------------------------------------------------------------------


def _text_report(thread: Thread, links: Sequence[Link], states: Mapping[str, PaperState]) -> str:
    papers = paper_index(links)
    lines = [
        _safe(thread.title),
        _safe(thread.source),
        f"{_count(len(links), 'link')}, {_count(len(papers), 'paper')}",
    ]

    positions = {comment.id: number for number, comment in enumerate(thread.comments, start=1)}
    for link in links:
        lines.append("")
        if link.comment_id is None:
            place = "story"
        elif link.comment_id in positions:
            place = f"comment #{positions[link.comment_id]}"
        else:
            place = f"comment {_safe(link.comment_id)}"
        footnote = f" [{_safe(link.footnote)}]" if link.footnote else ""
        heading = f"{place}{footnote}: {_safe(link.domain)}"
        state = _state_for(link.paper_key, link.version, states)
        if link.paper_key is not None:
            version = f" v{link.version}" if link.version is not None else ""
            status = f" ({_status_text(state)})" if state is not None else " (not resolved)"
            heading += f", {_safe(link.paper_key)}{version}{status}"
        lines.append(heading)
        lines.append(f"  {_safe(link.url)}")
        if state is not None and state.paper is not None:
            lines.extend(f"  {line}" for line in _paper_lines(state.paper))

    return "\n".join(lines) + "\n"


def _status_text(state: PaperState) -> str:
    text = str(state.status)
    if state.stale:
        text += ", cached copy"
    if state.detail and not state.detail.startswith(str(state.status)):
        text += f": {_safe(state.detail)}"
    return text


def _paper_lines(paper: Paper) -> list[str]:
    shown = ", ".join(_safe(name) for name in paper.authors[:_AUTHORS_SHOWN])
    if len(paper.authors) > _AUTHORS_SHOWN:
        shown += f" and {len(paper.authors) - _AUTHORS_SHOWN} more"

    facts = [str(paper.year) if paper.year is not None else None]
    facts.append(_safe(paper.primary_category) if paper.primary_category else None)
    facts.append(f"v{paper.version}" if paper.version is not None else None)
    facts.append(_safe(paper.venue) if paper.venue else None)
    facts.append("withdrawn" if paper.withdrawn else None)

    lines = [_safe(paper.title), shown or "(no authors listed)"]
    joined = " · ".join(fact for fact in facts if fact)
    if joined:
        lines.append(joined)
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _safe(text: str) -> str:
    """Show control and bidirectional characters as escapes, so they cannot act on a terminal."""
    return _UNSAFE.sub(lambda match: _escape(match.group(0)), text)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
