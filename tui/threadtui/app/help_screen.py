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
    "OptionList": "Link pane",
    "NotesEditor": "Notes pane",
    "Input": "Search box",
}


def describe_bindings(screen, focused: Widget | None) -> list[tuple[str, str, str, str]]:
    """Return (keys, description, binding id, where) for every active binding, grouped by action.

    The keys come from the live bindings, so a remapped key shows as remapped.
    """
    grouped: dict[tuple[int, str], list[str]] = {}
    details: dict[tuple[int, str], tuple[str, str, str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system:
            continue
        group = (id(active.node), binding.action)
        grouped.setdefault(group, []).append(binding.key_display or _key_name(key))
        where = PANE_NAMES.get(type(active.node).__name__, "Everywhere")
        details[group] = (binding.description or binding.action, binding.id or "", where)
    rows = []
    for group, keys in grouped.items():
        description, binding_id, where = details[group]
        rows.append((", ".join(dict.fromkeys(keys)), description, binding_id, where))
    order = {name: number for number, name in enumerate([*PANE_NAMES.values(), "Everywhere"])}
    rows.sort(key=lambda row: (order.get(row[3], 99), row[1]))
    return rows


def _key_name(key: str) -> str:
    names = {
        "question_mark": "?",
        "slash": "/",
        "greater_than_sign": ">",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "space": "space",
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

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, focused: Widget | None) -> None:
        super().__init__()
        self._rows = describe_bindings(focused.screen if focused else None, focused) if focused else []
        self._focused_name = PANE_NAMES.get(type(focused).__name__, "threadtui") if focused else "threadtui"

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Content(f"Keys — {self._focused_name} (esc closes)"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._table(), id="help-table")

    def _table(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        section = None
        for keys, description, binding_id, where in self._rows:
            if where != section:
                section = where
                parts += ["\n" if parts else "", (where, "bold underline"), "\n"]
            parts += [(f"{keys:>16}", "bold $accent"), f"  {description}", (f"  {binding_id}" if binding_id else "", "dim"), "\n"]
        parts += ["\n", ("Remap keys in config.toml under [keys] with the ids shown (see the README).", "dim")]
        return Content.assemble(*parts)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
