"""`threadtui links` output: every link with its paper state, as text and as stable JSON."""

from __future__ import annotations

import json

import pytest

from threadtui.links import thread_links
from threadtui.links_report import links_report
from threadtui.model import Block, BlockKind, Comment, Paper, PaperStatus, Span, SpanStyle, Thread
from threadtui.resolution import PaperState

PAPER = Paper(
    key="arxiv:2309.16512",
    title="From Complexity to Clarity",
    authors=["Mert Pilanci", "Ada Lovelace", "Alan Turing", "Grace Hopper"],
    arxiv_id="2309.16512",
    version=1,
    year=2023,
    primary_category="cs.LG",
)


def paragraph(*spans: Span) -> Block:
    return Block(BlockKind.PARAGRAPH, spans)


@pytest.fixture
def thread() -> Thread:
    comments = [
        Comment(
            id="c1",
            parent_id=None,
            depth=0,
            author="a",
            blocks=(
                paragraph(Span("see [0]")),
                paragraph(
                    Span("[0] "),
                    Span("https://starlink.com/x", SpanStyle.LINK, "https://starlink.com/x"),
                ),
            ),
        ),
        Comment(
            id="c2",
            parent_id="c1",
            depth=1,
            author="b",
            blocks=(paragraph(Span("arXiv:2309.16512 and https://arxiv.org/abs/2401.01234v2")),),
        ),
    ]
    return Thread(
        key="hn:1",
        site="hn",
        source="hn:1",
        title="A story",
        comments=comments,
        url="https://example.org/post",
    )


@pytest.fixture
def states() -> dict[str, PaperState]:
    return {
        "arxiv:2309.16512": PaperState(PaperStatus.RESOLVED, PAPER),
        "arxiv:2401.01234": PaperState(PaperStatus.FAILED, detail="HTTP 503"),
    }


def test_json_is_valid(thread: Thread, states: dict[str, PaperState]) -> None:
    report = json.loads(links_report(thread, thread_links(thread), states, as_json=True))
    assert report["thread"]["key"] == "hn:1"


def test_json_lists_every_link(thread: Thread, states: dict[str, PaperState]) -> None:
    report = json.loads(links_report(thread, thread_links(thread), states, as_json=True))
    places = [(link["comment_id"], link["domain"], link["footnote"]) for link in report["links"]]
    assert places == [
        (None, "example.org", None),
        ("c1", "starlink.com", "0"),
        ("c2", "arxiv.org", None),
        ("c2", "arxiv.org", None),
    ]


def test_json_resolved_paper_metadata(thread: Thread, states: dict[str, PaperState]) -> None:
    report = json.loads(links_report(thread, thread_links(thread), states, as_json=True))
    resolution = report["links"][2]["resolution"]
    assert resolution["status"] == "resolved"
    assert resolution["paper"]["title"] == "From Complexity to Clarity"
    assert resolution["paper"]["authors"][0] == "Mert Pilanci"


def test_json_failed_paper(thread: Thread, states: dict[str, PaperState]) -> None:
    report = json.loads(links_report(thread, thread_links(thread), states, as_json=True))
    resolution = report["links"][3]["resolution"]
    assert resolution["status"] == "failed"
    assert resolution["detail"] == "HTTP 503"
    assert resolution["paper"] is None


def test_json_plain_link_has_no_resolution(thread: Thread, states: dict[str, PaperState]) -> None:
    report = json.loads(links_report(thread, thread_links(thread), states, as_json=True))
    assert report["links"][1]["resolution"] is None


def test_json_papers_ranked(thread: Thread, states: dict[str, PaperState]) -> None:
    report = json.loads(links_report(thread, thread_links(thread), states, as_json=True))
    assert [(paper["key"], paper["comment_ids"]) for paper in report["papers"]] == [
        ("arxiv:2309.16512", ["c2"]),
        ("arxiv:2401.01234", ["c2"]),
    ]


def test_json_stable_across_state_order(thread: Thread, states: dict[str, PaperState]) -> None:
    links = thread_links(thread)
    reordered = dict(reversed(list(states.items())))
    assert links_report(thread, links, states, as_json=True) == links_report(
        thread, links, reordered, as_json=True
    )


def test_json_keys_sorted(thread: Thread, states: dict[str, PaperState]) -> None:
    report = json.loads(links_report(thread, thread_links(thread), states, as_json=True))
    assert list(report) == sorted(report)
    assert list(report["links"][0]) == sorted(report["links"][0])


def test_versioned_state_preferred(thread: Thread, states: dict[str, PaperState]) -> None:
    versioned = dict(states)
    versioned["arxiv:2401.01234v2"] = PaperState(PaperStatus.NOT_FOUND)
    report = json.loads(links_report(thread, thread_links(thread), versioned, as_json=True))
    assert report["links"][3]["resolution"]["status"] == "not_found"


def test_text_lists_links_and_papers(thread: Thread, states: dict[str, PaperState]) -> None:
    text = links_report(thread, thread_links(thread), states, as_json=False)
    assert text.splitlines()[:3] == ["A story", "hn:1", "4 links, 2 papers"]
    assert "comment #1 [0]: starlink.com" in text
    assert "comment #2: arxiv.org, arxiv:2309.16512 (resolved)" in text
    assert "  Mert Pilanci, Ada Lovelace, Alan Turing and 1 more" in text
    assert "  2023 · cs.LG · v1" in text
    assert "arxiv:2401.01234 v2 (failed — will retry: HTTP 503)" in text


def test_text_without_state(thread: Thread) -> None:
    text = links_report(thread, thread_links(thread), {}, as_json=False)
    assert "arxiv:2309.16512 (not resolved)" in text


def hostile_thread() -> tuple[Thread, dict[str, PaperState]]:
    title = "Nice tool\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \u202eevil \x9b2J"
    paper = Paper(
        key="arxiv:2309.16512", title=title, authors=["x\x1b[2Jy"], arxiv_id="2309.16512"
    )
    comment = Comment(
        id="c\x1b1",
        parent_id=None,
        depth=0,
        author="a",
        blocks=(paragraph(Span("arXiv:2309.16512")),),
    )
    thread = Thread(key="hn:2", site="hn", source="hn:2", title=title, comments=[comment])
    return thread, {"arxiv:2309.16512": PaperState(PaperStatus.RESOLVED, paper)}


@pytest.mark.parametrize("as_json", [False, True])
def test_no_control_characters_reach_terminal(as_json: bool) -> None:
    thread, states = hostile_thread()
    output = links_report(thread, thread_links(thread), states, as_json=as_json)
    for character in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert character not in output


def test_json_round_trips_hostile_text() -> None:
    thread, states = hostile_thread()
    report = json.loads(links_report(thread, thread_links(thread), states, as_json=True))
    assert report["thread"]["title"] == thread.title
