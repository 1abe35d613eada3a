"""The thread model shared by every source parser, the link extractor, the export and the UI.

Comment text is held in one internal form (blocks of styled spans), whatever the site sent:
HN and Lobsters HTML, Reddit Markdown and plain-text dumps are all converted into it, so the
thread pane, the link extractor and the Markdown export read the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class SpanStyle(StrEnum):
    """How an inline run of text is styled."""

    PLAIN = "plain"
    EMPHASIS = "emphasis"
    STRONG = "strong"
    CODE = "code"
    LINK = "link"


@dataclass(frozen=True, slots=True)
class Span:
    """An inline run of text with one style.

    A link span keeps its visible text in `text` and its target in `href`. The target always
    comes from the `href` attribute, never from the visible text, which sites shorten.
    """

    text: str
    style: SpanStyle = SpanStyle.PLAIN
    href: str | None = None


class BlockKind(StrEnum):
    """The kinds of block a comment is made of."""

    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    CODE = "code"
    LIST_ITEM = "list_item"


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-level piece of comment text.

    A CODE block holds one plain span whose text keeps its newlines and indentation; it is
    never re-wrapped. A LIST_ITEM carries its marker (`"•"`, `"1."`) in `marker`.
    """

    kind: BlockKind
    spans: tuple[Span, ...]
    marker: str = ""

    @property
    def text(self) -> str:
        """The block's text without styling."""
        return "".join(span.text for span in self.spans)


class LazyBlocks(Sequence[Block]):
    """A comment's blocks, converted from the site's markup the first time they are read.

    A 5,000-comment thread takes most of its parse time converting HTML. The thread pane
    draws the first screen from a few dozen comments, so converting on first read puts that
    work after the first frame. It behaves as the tuple of blocks it stands for (iteration,
    indexing, length, equality). Conversion never raises: should the converter fail, the
    text becomes one plain paragraph of the source.
    """

    __slots__ = ("_source", "_convert", "_blocks")

    def __init__(self, source: str, convert: Callable[[str], tuple[Block, ...]]) -> None:
        self._source = source
        self._convert = convert
        self._blocks: tuple[Block, ...] | None = None

    def resolve(self) -> tuple[Block, ...]:
        """Return the converted blocks, converting them now if needed."""
        blocks = self._blocks
        if blocks is None:
            try:
                blocks = self._convert(self._source)
            except Exception:  # noqa: BLE001 - a bad comment must not break drawing the thread
                blocks = (Block(BlockKind.PARAGRAPH, (Span(self._source),)),)
            self._blocks = blocks
            self._source = ""
        return blocks

    def __getitem__(self, index):  # type: ignore[override]
        return self.resolve()[index]

    def __len__(self) -> int:
        return len(self.resolve())

    def __iter__(self) -> Iterator[Block]:
        return iter(self.resolve())

    def __bool__(self) -> bool:
        return bool(self.resolve())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyBlocks):
            other = other.resolve()
        return self.resolve() == other

    def __hash__(self) -> int:
        return hash(self.resolve())

    def __repr__(self) -> str:
        return repr(self.resolve())


def blocks_text(blocks: Sequence[Block]) -> str:
    """Join blocks into plain text, one blank line between blocks (used for search and quoting)."""
    return "\n\n".join(block.text for block in blocks)


class CommentState(StrEnum):
    """Why a comment has no normal body, or `NORMAL` when it has one.

    Every state except `MORE` keeps its place and its replies in the tree. `MORE` is a stub
    for replies the site did not send (Reddit's "load more" and "continue this thread").
    """

    NORMAL = "normal"
    DELETED = "deleted"
    REMOVED = "removed"
    DEAD = "dead"
    FLAGGED = "flagged"
    MORE = "more"


@dataclass(slots=True)
class Comment:
    """One comment of a thread, in display order, with its depth in the tree.

    Attributes:
        id: The site's comment id, or an id derived from the text for dumps without ids.
        parent_id: The parent comment's id, or None for a top-level comment.
        depth: 0 for top-level comments. Dumps without structure are flat (all 0).
        author: The username, or None when the site hides it (deleted comments).
        blocks: The comment text in the internal form (a tuple, or `LazyBlocks` that
            converts on first read).
        created_at: Unix seconds (UTC) when the site gives an exact time.
        age_text: The relative age as written ("3 hours ago") when no exact time is known.
        score: Points or votes when the site shows them.
        score_hidden: True when the site hides the score for now (Reddit).
        state: Deleted, dead, flagged, a stub for unsent replies, or normal.
        edited: True when the site marks the comment as edited.
        edited_at: Unix seconds of the last edit when the site gives it.
        is_op: True when the author also submitted the story.
        permalink: A URL that opens this comment on the site.
        more_count: For a `MORE` stub, the number of replies not sent (0 for "continue this
            thread"); for a paste, the number of replies hidden under a collapsed comment.
        more_url: For a `MORE` stub, where the replies can be read.
    """

    id: str
    parent_id: str | None
    depth: int
    author: str | None
    blocks: Sequence[Block]
    created_at: float | None = None
    age_text: str | None = None
    score: int | None = None
    score_hidden: bool = False
    state: CommentState = CommentState.NORMAL
    edited: bool = False
    edited_at: float | None = None
    is_op: bool = False
    permalink: str | None = None
    more_count: int | None = None
    more_url: str | None = None

    @property
    def text(self) -> str:
        """The comment's plain text."""
        return blocks_text(self.blocks)


@dataclass(slots=True, repr=False)
class Thread:
    """A story and its comments, flattened in pre-order (display order) with depths.

    The flat list keeps every walk over the tree iterative, so a reply chain thousands deep
    never hits Python's recursion limit.

    Attributes:
        key: The cache key that names this thread across runs: `hn:ID`, `reddit:ID`,
            `lobsters:SHORTID`, or `text:HASH` for local dumps and pastes (a hash of the
            content, so the same dump opened from two paths is one thread).
        site: `hn`, `reddit`, `lobsters` or `text`.
        source: What the user opened: a URL, `hn:ID` or a file path.
        title: The story title, or a title derived from a dump's first comment.
        url: The story's external link, if any.
        permalink: The discussion page on the site.
        author: The story's submitter.
        created_at: Unix seconds (UTC) of the story.
        score: The story's points.
        blocks: The story's own text (Ask HN, self posts, Lobsters descriptions).
        comments: Every comment in display order.
        reported_comment_count: The count the site reports, which can differ from
            `len(comments)` (dead, trimmed or unsent comments).
        focus_comment_id: A comment the source URL points at (`item?id=1#2`).
        domain: The story link's domain when only the domain is known (browser pastes).
        age_text: The story's relative age as written ("6 hours ago") when no exact time
            is known.
    """

    key: str
    site: str
    source: str
    title: str
    comments: list[Comment]
    url: str | None = None
    permalink: str | None = None
    author: str | None = None
    created_at: float | None = None
    score: int | None = None
    blocks: tuple[Block, ...] = ()
    reported_comment_count: int | None = None
    focus_comment_id: str | None = None
    domain: str | None = None
    age_text: str | None = None
    _subtree_ends: list[int] | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        # The generated repr would spell out every comment. asyncio and Textual call repr on
        # results and worker arguments (Python 3.11's asyncio.run does so when it restores
        # the SIGINT handler), which took 0.4 s for a 5,000-comment thread.
        return f"Thread(key={self.key!r}, site={self.site!r}, comments={len(self.comments)})"

    def subtree_ends(self) -> list[int]:
        """Return, for each comment index, the index just past the last comment of its subtree.

        Computed once with a stack over the pre-order depths, so it is O(n) and iterative.
        """
        if self._subtree_ends is not None and len(self._subtree_ends) == len(self.comments):
            return self._subtree_ends

        count = len(self.comments)
        ends = [count] * count
        open_indices: list[int] = []
        for index, comment in enumerate(self.comments):
            while open_indices and self.comments[open_indices[-1]].depth >= comment.depth:
                ends[open_indices.pop()] = index
            open_indices.append(index)
        self._subtree_ends = ends
        return ends

    def index_of(self, comment_id: str) -> int | None:
        """Return the position of a comment by id, or None."""
        for index, comment in enumerate(self.comments):
            if comment.id == comment_id:
                return index
        return None


class PaperStatus(StrEnum):
    """Where a paper reference stands in resolution."""

    QUEUED = "queued"
    RESOLVED = "resolved"
    OFFLINE = "offline"
    NOT_FOUND = "not found"
    INVALID = "invalid id"
    FAILED = "failed — will retry"


@dataclass(slots=True)
class Paper:
    """Metadata of one paper (arXiv preprint or DOI-registered work).

    Titles and abstracts are whitespace-normalised but keep their TeX; display code may turn
    the TeX into readable text, BibTeX uses it as it is.

    Attributes:
        key: `arxiv:<base id>` or `doi:<lowercased doi>`.
        arxiv_id: The base arXiv id without version (`2309.16512`, `hep-th/9901001`).
        version: The version the metadata describes (`2` for v2), when known.
        doi: The publisher DOI (arXiv's `arxiv:doi`, or the DOI itself for Crossref works).
        published: ISO date-time of the first version.
        updated: ISO date-time of the version described.
        categories: All categories, primary first.
        venue: Journal or container title (Crossref).
        year: Publication year.
        withdrawn: True when the version described is a withdrawal notice.
        links: Named links: `abs`, `pdf`, `doi`, `html`.
    """

    key: str
    title: str
    authors: list[str]
    arxiv_id: str | None = None
    version: int | None = None
    abstract: str = ""
    published: str | None = None
    updated: str | None = None
    primary_category: str | None = None
    categories: list[str] = field(default_factory=list)
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    venue: str | None = None
    year: int | None = None
    withdrawn: bool = False
    links: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in a comment or in the story.

    Attributes:
        url: The full target, taken from `href` (or from a bare URL or footnote in text).
        text: The visible text, which may be shortened (`https://example.org/docs/...`).
        comment_id: The comment the link was found in, or None for the story itself.
        footnote: The footnote number when the text cites the link as `[N]`.
        paper_key: `arxiv:<base id>` or `doi:<doi>` when the link names a paper.
        version: The arXiv version the link asks for (`2` for `…v2`), if any.
        domain: The host without `www.`, for grouping.
    """

    url: str
    text: str
    comment_id: str | None
    domain: str
    footnote: str | None = None
    paper_key: str | None = None
    version: int | None = None
