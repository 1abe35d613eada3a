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
    """Return the papers the thread cites, ranked by the number of places citing them."""
    from threadtui.links import paper_index

    flat = [link for found in links.values() for link in found]
    return [
        CitedPaper(citations.paper_key, citations.links[0], citations.comment_ids)
        for citations in paper_index(flat)
    ]
