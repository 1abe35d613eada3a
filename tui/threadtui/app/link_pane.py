"""The link pane: links of the selected comment, or every link of the thread ranked by use.

arXiv and DOI links show the paper's title, first authors, year and primary category once
resolved, and their status while they are not. Every string here comes from a thread or a
remote service, so prompts are built as `Content`, never parsed as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from threadtui.app.safe_text import single_line
from threadtui.model import Link, Paper, PaperStatus
from threadtui.resolution import PaperState

SCOPE_COMMENT = "comment"
SCOPE_THREAD = "thread"


@dataclass(slots=True)
class LinkEntry:
    """One row of the pane: a link, and in thread scope the comments that cite it."""

    link: Link
    comment_ids: list[str] = field(default_factory=list)
    group: str | None = None


def readable_tex(text: str) -> str:
    """Return a title or abstract with its TeX made readable for the screen.

    Math stays as written between its dollar signs; the common text macros are dropped, so
    `\\emph{deep}` shows as `deep`. The stored metadata keeps the TeX for BibTeX.
    """
    text = _TEX_TEXT_MACRO.sub(r"\1", text)
    return text.replace("--", "–").replace("``", "“").replace("''", "”").replace("\\&", "&").replace("\\%", "%")


_TEX_TEXT_MACRO = re.compile(r"\\(?:emph|textit|textbf|textsc|texttt|mathrm|text)\{([^{}]*)\}")


def short_authors(authors: list[str]) -> str:
    """Return `A`, `A and B` or `A et al.`."""
    if not authors:
        return ""
    if len(authors) == 1:
        return authors[0]
    if len(authors) == 2:
        return f"{authors[0]} and {authors[1]}"
    return f"{authors[0]} et al."


def paper_label(link: Link) -> str:
    """Return `arXiv:2309.16512v2` or `doi:10.…` for a paper link."""
    key = link.paper_key or ""
    if key.startswith("arxiv:"):
        version = f"v{link.version}" if link.version else ""
        return f"arXiv:{key.removeprefix('arxiv:')}{version}"
    return key


def paper_year(paper: Paper) -> str:
    """Return the year a paper was first published, when known."""
    if paper.year:
        return str(paper.year)
    if paper.published:
        return paper.published[:4]
    return ""


class LinkPane(Vertical):
    """Lists links with their paper metadata; enter opens a paper's details."""

    DEFAULT_CSS = """
    LinkPane {
        height: 1fr;
        #link-header { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
        #link-progress { height: auto; max-height: 2; padding: 0 1; color: $text-muted; display: none; }
        #link-progress.-active { display: block; }
        OptionList { height: 1fr; border: none; padding: 0; }
        OptionList:focus { border: none; }
    }
    """

    BINDINGS = [
        # Priority bindings, run as the app reads each key, like the reading screen's: `j` then
        # `o` in one burst must open the link that `j` moved to (see MainScreen.BINDINGS).
        Binding("j,down", "cursor('down')", "Next link", show=False, id="links.next", priority=True),
        Binding("k,up", "cursor('up')", "Prev link", show=False, id="links.previous", priority=True),
        Binding("g,home", "cursor('first')", "First link", show=False, id="links.first", priority=True),
        Binding("G,end", "cursor('last')", "Last link", show=False, id="links.last", priority=True),
        Binding("b", "copy_bibtex", "Copy BibTeX", id="links.copy_bibtex", priority=True),
    ]

    class LinkHighlighted(Message):
        """A link was highlighted (None when the list is empty)."""

        def __init__(self, entry: LinkEntry | None) -> None:
            super().__init__()
            self.entry = entry

    class LinkChosen(Message):
        """The user pressed enter on a link."""

        def __init__(self, entry: LinkEntry) -> None:
            super().__init__()
            self.entry = entry

    class ScopeToggled(Message):
        """The user asked to switch between the comment's links and the thread's."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scope = SCOPE_COMMENT
        self._entries: list[LinkEntry] = []
        self._papers: dict[str, PaperState] = {}
        self._title = "Links"
        self._shown_scope: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Links"), id="link-header")
        yield Static(Content(""), id="link-progress")
        yield OptionList(id="link-list", markup=False)

    @property
    def option_list(self) -> OptionList:
        """The list of links."""
        return self.query_one("#link-list", OptionList)

    @property
    def entries(self) -> list[LinkEntry]:
        """The rows currently shown."""
        return self._entries

    @property
    def highlighted_entry(self) -> LinkEntry | None:
        """The highlighted row, if any."""
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self._entries):
            return None
        return self._entries[index]

    def show(self, entries: list[LinkEntry], *, title: str) -> None:
        """Replace the rows and the header."""
        same_rows = entries == self._entries and self.scope == self._shown_scope
        had_papers = self._has_papers()
        self._entries = entries
        if self._has_papers() != had_papers:
            # The footer shows `b` only where there is a paper to copy. It is refreshed only
            # when that changes, because each refresh composes the footer's keys again.
            self.refresh_bindings()
        self._title = title
        self._shown_scope = self.scope
        self._update_header()
        if same_rows:
            # Most comments have no links. Rebuilding the same "No links here." row on every
            # selection move made the whole screen lay out again each time.
            self.post_message(self.LinkHighlighted(self.highlighted_entry))
            return
        rows = [Option(self._prompt(entry), id=str(number)) for number, entry in enumerate(entries)]
        if not entries:
            hint = "No links here." + (" Press a to see the whole thread's links." if self.scope == SCOPE_COMMENT else "")
            rows.append(Option(Content.styled(hint, "dim italic"), disabled=True))
        # One set_options call: clearing first emptied the list, and each change of its
        # height lays the whole screen out again.
        options = self.option_list
        options.set_options(rows)
        if entries:
            options.highlighted = 0
        self.post_message(self.LinkHighlighted(self.highlighted_entry))

    def set_papers(self, papers: dict[str, PaperState]) -> None:
        """Replace what is known about papers and redraw the rows that show them."""
        self._papers = dict(papers)
        self._redraw_papers(set(papers))

    def update_paper(self, key: str, view: PaperState) -> None:
        """Record a new state for one paper and redraw its rows."""
        self._papers[key] = view
        self._redraw_papers({key})

    def paper(self, key: str) -> PaperState | None:
        """Return what the pane knows about a paper."""
        return self._papers.get(key)

    def set_progress(self, text: str) -> None:
        """Show resolution progress under the header, or hide it when `text` is empty."""
        progress = self.query_one("#link-progress", Static)
        progress.update(Content(single_line(text)))
        progress.set_class(bool(text), "-active")

    def _redraw_papers(self, keys: set[str]) -> None:
        options = self.option_list
        for number, entry in enumerate(self._entries):
            if entry.link.paper_key in keys:
                options.replace_option_prompt_at_index(number, self._prompt(entry))
        self._update_header()

    def _update_header(self) -> None:
        papers = [entry for entry in self._entries if entry.link.paper_key]
        resolved = sum(
            1
            for entry in papers
            if (view := self._papers.get(entry.link.paper_key or "")) and view.status is PaperStatus.RESOLVED
        )
        counts = f"{len(self._entries)} link{'s' if len(self._entries) != 1 else ''}"
        if papers:
            counts += f", {resolved} of {len(papers)} paper{'s' if len(papers) != 1 else ''} resolved"
        header = Content.assemble((self._title, "bold"), (f" · {counts}", "dim"))
        self.query_one("#link-header", Static).update(header, layout=False)

    def _prompt(self, entry: LinkEntry) -> Content:
        link = entry.link
        footnote = f"[{single_line(link.footnote)}] " if link.footnote is not None else ""
        cited = ""
        if self.scope == SCOPE_THREAD and entry.comment_ids:
            count = len(entry.comment_ids)
            cited = f"  ·  cited by {count} comment{'s' if count != 1 else ''}"

        if not link.paper_key:
            return Content.assemble(
                (footnote, "dim"),
                (single_line(link.domain) or "link", "bold"),
                (cited, "dim"),
                "\n  ",
                (single_line(link.url), "dim"),
            )

        view = self._papers.get(link.paper_key) or PaperState(PaperStatus.QUEUED)
        label = single_line(paper_label(link))
        if view.paper is not None:
            paper = view.paper
            details = single_line(" · ".join(
                part for part in (short_authors(paper.authors), paper_year(paper), paper.primary_category or paper.venue or "") if part
            ))
            badge = ("  withdrawn", "bold $error") if paper.withdrawn else ("", "")
            stale = f"  · cached copy, {view.status.value}" if view.stale or view.status is not PaperStatus.RESOLVED else ""
            return Content.assemble(
                (footnote, "dim"),
                (single_line(readable_tex(paper.title)) if paper.title != "" else "(untitled)", "bold"),
                badge,
                "\n  ",
                (details, ""),
                "\n  ",
                (label, "$text-muted"),
                (stale, "$warning"),
                (cited, "dim"),
            )

        status_style = {
            PaperStatus.QUEUED: "$text-muted",
            PaperStatus.OFFLINE: "$warning",
            PaperStatus.NOT_FOUND: "$warning",
            PaperStatus.INVALID: "$error",
            PaperStatus.FAILED: "$error",
        }.get(view.status, "")
        detail = ""
        if view.detail and view.status is not PaperStatus.QUEUED and not view.detail.startswith(view.status.value):
            detail = f" ({single_line(view.detail)})"
        return Content.assemble(
            (footnote, "dim"),
            (label, "bold"),
            "  ",
            (view.status.value + detail, status_style),
            (cited, "dim"),
            "\n  ",
            (single_line(link.url), "dim"),
        )

    def action_cursor(self, where: str) -> None:
        """Move the highlight: `down`, `up`, `first` or `last`."""
        options = self.option_list
        {"down": options.action_cursor_down, "up": options.action_cursor_up,
         "first": options.action_first, "last": options.action_last}[where]()

    def _has_papers(self) -> bool:
        return any(entry.link.paper_key for entry in self._entries)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Leave `b` out of the footer while no paper is listed."""
        if action == "copy_bibtex":
            return self._has_papers()
        return True

    def action_copy_bibtex(self) -> None:
        """Copy the highlighted paper's BibTeX entry."""
        from threadtui.bibtex import bibtex_entry

        entry = self.highlighted_entry
        view = self._papers.get(entry.link.paper_key or "") if entry else None
        if view is None or view.paper is None:
            self.app.notify("Highlight a resolved paper to copy its BibTeX.", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(bibtex_entry(view.paper))
        self.app.notify(view.paper.title, title="BibTeX copied", markup=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.LinkHighlighted(self.highlighted_entry))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.highlighted_entry
        if entry is not None:
            self.post_message(self.LinkChosen(entry))
