"""The help screen: the keys that work where the focus is, read from the bindings themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

PANE_NAMES = {
    "ThreadView": "Thread pane",
    "LinkPane": "Link pane",
    "OptionList": "Link pane",
    "NotesEditor": "Notes pane",
    "Input": "Search box",
    "LibraryList": "Library",
    "LibraryScreen": "Library",
}

# Textual's scrolling containers bind these; in a pane that cannot scroll sideways they do
# nothing, so listing them would only confuse.
SIDEWAYS_ACTIONS = {"scroll_left", "scroll_right", "page_left", "page_right"}


def describe_bindings(screen, focused: Widget | None) -> list[tuple[str, str, str, str]]:
    """Return (keys, description, binding id, where) for every active binding, grouped by action.

    The keys come from the live bindings, so a remapped key shows as remapped. Rows keep the
    order the bindings are declared in, the focused pane's first.
    """
    grouped: dict[tuple[int, str], list[str]] = {}
    details: dict[tuple[int, str], tuple[str, str, str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system:
            continue
        if binding.action in SIDEWAYS_ACTIONS and not getattr(active.node, "allow_horizontal_scroll", True):
            continue
        group = (id(active.node), binding.action)
        grouped.setdefault(group, []).append(binding.key_display or _key_name(key))
        where = PANE_NAMES.get(type(active.node).__name__, "Everywhere")
        # The tooltip, where there is one, is longer than the footer's one-word description.
        details[group] = (binding.tooltip or binding.description or binding.action, binding.id or "", where)
    rows = []
    for group, keys in grouped.items():
        description, binding_id, where = details[group]
        rows.append((", ".join(dict.fromkeys(keys)), description, binding_id, where))
    order = {name: number for number, name in enumerate([*PANE_NAMES.values(), "Everywhere"])}
    rows.sort(key=lambda row: order.get(row[3], 99))
    return rows


def _key_name(key: str) -> str:
    names = {
        "question_mark": "?",
        "slash": "/",
        "greater_than_sign": ">",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "space": "space",
        "ctrl+p": "ctrl+p",
    }
    return names.get(key, key)


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the focused pane and of the whole app."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-box { width: 90%; max-width: 100; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
        #help-title { height: 1; text-style: bold; }
        #help-body { height: 1fr; }
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j", "scroll_body(1)", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll_body(-1)", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, focused: Widget | None) -> None:
        super().__init__()
        self.rows = describe_bindings(focused.screen if focused else None, focused) if focused else []
        """(keys, description, binding id, where) for each key listed."""
        self._focused_name = PANE_NAMES.get(type(focused).__name__, "threadtui") if focused else "threadtui"

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Content(f"Keys — {self._focused_name} (esc closes)"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._table(), id="help-table")

    def _table(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        section = None
        for keys, description, binding_id, where in self.rows:
            if where != section:
                section = where
                parts += ["\n" if parts else "", (where, "bold underline"), "\n"]
            parts += [(f"{keys:>16}", "bold $accent"), f"  {description}", (f"  {binding_id}" if binding_id else "", "dim"), "\n"]
        parts += ["\n", ("Remap keys in config.toml under [keys] with the ids shown (see the README).", "dim")]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_scroll_body(self, lines: int) -> None:
        """Scroll the list of keys by some lines."""
        self.query_one("#help-body").scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
