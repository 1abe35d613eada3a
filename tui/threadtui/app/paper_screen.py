"""A modal with a paper's full metadata and the comments that cite it, each one jump away."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from threadtui.app.link_pane import paper_year, readable_tex
from threadtui.app.safe_text import multi_line, single_line
from threadtui.resolution import PaperState
from threadtui.model import Comment, Link, PaperStatus


def citing_prompt(comment: Comment, index: int) -> Content:
    """Return a citing comment's row: its author (or position) and the start of its text."""
    if comment.author:
        author = single_line(comment.author)
    elif comment.state.value == "normal":
        author = f"#{index + 1}"
    else:
        author = f"#{index + 1} [{comment.state.value}]"
    preview = " ".join(single_line(comment.text).split())[:100]
    return Content.assemble((author, "bold"), "  ", (preview, "dim"))


class PaperScreen(ModalScreen[int | None]):
    """Shows one paper; dismisses with the index of a citing comment to jump to, or None."""

    DEFAULT_CSS = """
    PaperScreen {
        align: center middle;
        #paper-box {
            width: 90%; max-width: 110; height: 90%;
            border: round $accent; background: $surface; padding: 0 1;
        }
        #paper-details { height: 1fr; }
        #paper-citing-title { height: 1; margin-top: 1; color: $text-muted; }
        #paper-citing { height: auto; max-height: 10; border: none; }
        #paper-keys { height: 1; color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="paper.close"),
        Binding("o", "open_abstract", "Open abs page", id="paper.open"),
        Binding("y", "copy_link", "Copy link", id="paper.copy"),
        Binding("b", "copy_bibtex", "Copy BibTeX", id="paper.copy_bibtex"),
    ]

    def __init__(
        self,
        link: Link,
        view: PaperState,
        citing: list[tuple[int, Comment]],
    ) -> None:
        super().__init__()
        self.link = link
        self.view = view
        self.citing = citing

    def compose(self) -> ComposeResult:
        with Vertical(id="paper-box"):
            with VerticalScroll(id="paper-details"):
                yield Static(self._details(), id="paper-text")
            yield Static(Content(f"Cited by {len(self.citing)} comment{'s' if len(self.citing) != 1 else ''} — enter jumps to the highlighted one"), id="paper-citing-title")
            options = OptionList(id="paper-citing", markup=False)
            for index, comment in self.citing:
                options.add_option(Option(citing_prompt(comment, index), id=str(index)))
            yield options
            yield Static(Content("o open · y copy link · b copy BibTeX · esc close"), id="paper-keys")

    def _details(self) -> Content:
        link = self.link
        view = self.view
        paper = view.paper
        if paper is None:
            status = view.status.value
            if view.detail and not view.detail.startswith(view.status.value):
                status += f" ({view.detail})"
            return Content.assemble(
                (single_line(link.paper_key or link.url), "bold"), "\n\n",
                ("Status: ", "dim"), single_line(status), "\n",
                ("Link: ", "dim"), single_line(link.url),
            )

        parts: list[str | tuple[str, str]] = [(single_line(readable_tex(paper.title)), "bold")]
        if paper.withdrawn:
            parts += ["  ", ("withdrawn", "bold $error")]
        parts += ["\n\n", single_line(", ".join(paper.authors)) or "(no authors listed)", "\n"]

        def field(name: str, value: str | None) -> None:
            if value:
                parts.extend(["\n", (f"{single_line(name)}: ", "dim"), single_line(value)])

        if paper.arxiv_id:
            field("arXiv", paper.arxiv_id + (f"v{paper.version}" if paper.version else ""))
        field("Published", (paper.published or "")[:10] or None)
        if paper.updated and paper.updated != paper.published:
            field("Updated", paper.updated[:10])
        if not paper.published:
            field("Year", paper_year(paper))
        field("Categories", ", ".join(paper.categories))
        field("Venue", paper.venue)
        field("Comment", paper.comment)
        field("Journal ref", paper.journal_ref)
        field("DOI", paper.doi)
        for name, url in sorted(paper.links.items()):
            field(name, url)
        if paper.abstract:
            parts += ["\n\n", ("Abstract", "bold"), "\n", multi_line(readable_tex(paper.abstract))]
        if view.status is not PaperStatus.RESOLVED:
            field("Status", view.status.value)
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        citing = self.query_one("#paper-citing", OptionList)
        if self.citing:
            citing.highlighted = 0
        citing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or -1))

    def action_close(self) -> None:
        """Close without jumping."""
        self.dismiss(None)

    def _abs_url(self) -> str:
        paper = self.view.paper
        if paper is not None and paper.links.get("abs"):
            return paper.links["abs"]
        return self.link.url

    def action_open_abstract(self) -> None:
        """Open the paper's abstract page in the browser."""
        from threadtui.app.app import open_link

        open_link(self.app, self._abs_url())

    def action_copy_link(self) -> None:
        """Copy the paper's link."""
        from threadtui.app.app import copy_link

        copy_link(self.app, self._abs_url())

    def action_copy_bibtex(self) -> None:
        """Copy the paper's BibTeX entry."""
        paper = self.view.paper
        if paper is None:
            self.app.notify("This paper is not resolved yet.", severity="warning", markup=False)
            return
        from threadtui.bibtex import bibtex_entry

        self.app.copy_to_clipboard(bibtex_entry(paper))
        self.app.notify(paper.title, title="BibTeX copied", markup=False)
