"""Work shared by the app and the command line: a thread's links, cited papers and export."""

from __future__ import annotations

from collections.abc import Mapping

from threadtui.export import CitedPaper
from threadtui.model import Link, Thread


def links_by_comment(thread: Thread) -> dict[str | None, list[Link]]:
    """Return each comment's links keyed by comment id (None for the story), skipping empty ones."""
    from threadtui.links import comment_links, story_links

    found: dict[str | None, list[Link]] = {None: story_links(thread)}
    for comment in thread.comments:
        links = comment_links(comment)
        if links:
            found[comment.id] = links
    return found


def cited_papers(thread: Thread, links: Mapping[str | None, list[Link]]) -> list[CitedPaper]:
    """Return the papers the thread cites, most-cited first, then by key."""
    first_link: dict[str, Link] = {}
    citing: dict[str, list[str]] = {}
    for comment_id, comment_links in links.items():
        for link in comment_links:
            key = link.paper_key
            if not key:
                continue
            first_link.setdefault(key, link)
            ids = citing.setdefault(key, [])
            if comment_id is not None and comment_id not in ids:
                ids.append(comment_id)
    order = {comment.id: position for position, comment in enumerate(thread.comments)}
    papers = [
        CitedPaper(key, first_link[key], tuple(sorted(ids, key=lambda comment_id: order.get(comment_id, 0))))
        for key, ids in citing.items()
    ]
    papers.sort(key=lambda paper: (-len(paper.comment_ids), paper.key))
    return papers
