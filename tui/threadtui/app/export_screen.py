"""A small dialog that asks where to write the Markdown export."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ExportScreen(ModalScreen[Path | None]):
    """Asks for a file name; dismisses with the path, or None when cancelled."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        #export-box { width: 80%; max-width: 100; height: auto; border: round $accent; background: $surface; padding: 0 1; }
        #export-error { color: $error; height: auto; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, default: Path) -> None:
        super().__init__()
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Content("Export notes as Markdown to (enter writes, esc cancels):"))
            yield Input(str(self._default), id="export-path")
            yield Static(Content(""), id="export-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self.query_one("#export-error", Static).update(Content("Enter a file name."))
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            self.query_one("#export-error", Static).update(Content(f"{path} is a directory; add a file name."))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
