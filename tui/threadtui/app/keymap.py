"""Key remapping from `config.toml` in the platform's config directory.

The file has a `[keys]` table that maps binding ids to keys, for example:

    [keys]
    "thread.next" = "j,down"
    "thread.collapse" = "enter"

Every binding in the app has an id; `threadtui --keys` lists them with their default keys. A
binding id may appear on several screens (`app.quit` on the reading screen and the library);
one entry remaps it everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from threadtui.text.sanitize import clean_text

CONFIG_NAME = "config.toml"


@dataclass(frozen=True, slots=True)
class BindingInfo:
    """A remappable binding as declared: its id, default keys, description and where it works."""

    id: str
    keys: str
    description: str
    where: str


def binding_table() -> list[BindingInfo]:
    """Return every binding with an id, in the order the panes and screens declare them."""
    from threadtui.app.app import ThreadApp
    from threadtui.app.export_screen import ExportScreen
    from threadtui.app.help_screen import HelpScreen
    from threadtui.app.library_screen import LibraryList, LibraryScreen
    from threadtui.app.link_pane import LinkPane
    from threadtui.app.main_screen import MainScreen
    from threadtui.app.notes_pane import NotesEditor
    from threadtui.app.paper_screen import PaperScreen
    from threadtui.app.thread_view import ThreadView

    places = [
        (ThreadView, "thread pane"),
        (LinkPane, "link pane"),
        (NotesEditor, "notes pane"),
        (MainScreen, "reading screen"),
        (LibraryList, "library"),
        (LibraryScreen, "library"),
        (PaperScreen, "paper details"),
        (ExportScreen, "export dialog"),
        (HelpScreen, "help"),
        (ThreadApp, "everywhere"),
    ]
    table: list[BindingInfo] = []
    seen: set[str] = set()
    for owner, where in places:
        for binding in owner.__dict__.get("BINDINGS", []):
            if binding.id and binding.id not in seen:
                seen.add(binding.id)
                table.append(BindingInfo(binding.id, binding.key, binding.description, where))
    return table


# Places whose bindings are active at the same time: the focused pane's, its screen's and the
# app's. A key bound twice within one of these groups reaches only one of the two actions.
ACTIVE_TOGETHER = [
    {"thread pane", "reading screen", "everywhere"},
    {"link pane", "reading screen", "everywhere"},
    {"notes pane", "reading screen", "everywhere"},
    {"library", "everywhere"},
    {"paper details", "everywhere"},
    {"export dialog", "everywhere"},
    {"help", "everywhere"},
]


# Pairs that share a key on purpose: the focused pane's binding wins and does the same job.
INTENDED_OVERLAPS = {frozenset({"app.back", "notes.leave"})}


def find_clashes(table: list[BindingInfo], keymap: dict[str, str]) -> list[str]:
    """Return one message per key that a remapping binds to two actions active together."""
    keys_of = {
        binding.id: {key.strip() for key in keymap.get(binding.id, binding.keys).split(",") if key.strip()}
        for binding in table
    }
    messages: list[str] = []
    reported: set[tuple[str, frozenset[str]]] = set()
    for group in ACTIVE_TOGETHER:
        owners: dict[str, list[BindingInfo]] = {}
        for binding in table:
            if binding.where in group:
                for key in keys_of[binding.id]:
                    owners.setdefault(key, []).append(binding)
        for key, bindings in owners.items():
            ids = frozenset(binding.id for binding in bindings)
            if len(ids) < 2 or ids in INTENDED_OVERLAPS or not ids & keymap.keys() or (key, ids) in reported:
                continue
            reported.add((key, ids))
            names = " and ".join(sorted(ids))
            messages.append(f"key {key!r} is bound to both {names}; only one of them will work")
    return messages


def config_path(config_dir: Path) -> Path:
    """Return the path of the config file."""
    return config_dir / CONFIG_NAME


def load_keymap(config_dir: Path, known_ids: set[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Read the `[keys]` table; return the keymap and one message per problem found.

    A missing file is not a problem. A file that is not valid TOML, entries that are not
    strings, and ids not in `known_ids` (when given) are reported and skipped, so the app
    still starts with its default keys.
    """
    import tomllib  # here, not at the top: most users have no config file to parse

    path = config_path(config_dir)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"cannot read {path}: {error}; using the default keys"]
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{path} is not valid TOML ({error}); using the default keys"]

    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f"{path}: [keys] must be a table of binding id = \"key\"; using the default keys"]

    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, key in _flatten(keys).items():
        if known_ids is not None and binding_id not in known_ids:
            problems.append(f"{path}: keys.{binding_id} is not a binding id (threadtui --keys lists them); ignored")
        elif isinstance(key, str) and _is_key_list(key):
            keymap[binding_id] = key.strip()
        else:
            problems.append(
                f"{path}: keys.{clean_text(binding_id)} = {clean_text(repr(key))} is not a key name"
                " such as \"ctrl+n\" (threadtui --keys lists the defaults); ignored"
            )
    return keymap, problems


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, object]:
    """Join nested tables into dotted ids.

    TOML reads an unquoted `thread.next = "j"` as the table `thread` holding `next`, so both
    spellings of an id end up the same.
    """
    flat: dict[str, object] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _is_key_list(text: str) -> bool:
    """Return True for comma-separated key names that Textual knows.

    A name it does not know (`sapce`, `ctrl+`) would silently leave the binding with no key
    that works, and the footer shows key names as they are written, so a name with a control
    character could also draw escape sequences.
    """
    names = [name.strip() for name in text.strip().split(",")]
    return all(is_key_name(name) for name in names)



MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}


def is_key_name(name: str) -> bool:
    """Return True when `name` is a key Textual can bind: `j`, `ctrl+n`, `space`, `question_mark`."""
    if not name or not name.isprintable() or " " in name:
        return False
    *modifiers, key = name.split("+")
    if not key or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    return len(key) == 1 or key in _named_keys()


@lru_cache(maxsize=1)
def _named_keys() -> frozenset[str]:
    """Return every multi-letter key name Textual uses: `space`, `f5`, `question_mark`, …"""
    from textual.keys import Keys, _character_to_key

    names = {member.value for member in Keys}
    names.update(_character_to_key(chr(code)) for code in range(32, 127))
    return frozenset(name for name in names if "+" not in name)