"""The notes pane: a plain-text editor for the note on the thread, a comment or a paper.

Notes save themselves: half a second after the last keystroke, when the target changes,
when the pane loses focus and when the app exits. Each save is one SQLite transaction.
"""

from __future__ import annotations

import logging

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from threadtui.app.safe_text import single_line
from threadtui.store import Store, StoreError

log = logging.getLogger(__name__)

# Saving within about a second of the last keystroke is the promise; half a second leaves
# room for the write itself even on a slow disk.
SAVE_DELAY = 0.5


class NotesEditor(TextArea):
    """The note's text area; escape hands focus back to the thread."""

    BINDINGS = [
        Binding("escape", "leave", "Back to thread", id="notes.leave"),
    ]

    class Leave(Message):
        """The user asked to leave the editor."""

    def action_leave(self) -> None:
        """Leave the editor."""
        self.post_message(self.Leave())


class NotesPane(Vertical):
    """Shows and edits the note attached to the current target."""

    DEFAULT_CSS = """
    NotesPane {
        height: 1fr;
        #notes-target { height: 1; padding: 0 1; color: $text-muted; background: $panel; }
        NotesEditor { height: 1fr; border: none; padding: 0 1; }
        NotesEditor:focus { border: none; }
    }
    """

    class Saved(Message):
        """A note was written to the store."""

        def __init__(self, thread_key: str, target: str, body: str) -> None:
            super().__init__()
            self.thread_key = thread_key
            self.target = target
            self.body = body

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._store = store
        self._thread_key: str | None = None
        self.target: str | None = None
        """`thread`, `comment:<id>` or `paper:<key>`, or None before a thread is shown."""
        self._saved_text = ""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Notes"), id="notes-target")
        editor = NotesEditor(id="notes-editor", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        editor.placeholder = "Type a note; it saves itself."
        yield editor

    @property
    def editor(self) -> NotesEditor:
        """The text area."""
        return self.query_one(NotesEditor)

    def set_target(self, thread_key: str, target: str, label: str) -> None:
        """Save the current note, then show the note on another target."""
        if (thread_key, target) == (self._thread_key, self.target):
            return
        self.save_now()
        self._thread_key = thread_key
        self.target = target
        note = self._store.get_note(thread_key, target)
        text = note.body if note else ""
        self._saved_text = text
        editor = self.editor
        with editor.prevent(TextArea.Changed):
            editor.load_text(text)
        self.query_one("#notes-target", Static).update(Content(single_line(label)))

    def append(self, text: str) -> None:
        """Add text at the end of the note and save it."""
        editor = self.editor
        current = editor.text
        separator = "" if not current or current.endswith("\n\n") else ("\n" if current.endswith("\n") else "\n\n")
        editor.load_text(current + separator + text)
        editor.move_cursor(editor.document.end)
        self.save_now()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.save_now)

    def on_descendant_blur(self) -> None:
        self.save_now()

    def save_now(self) -> None:
        """Write the note if it changed since it was loaded or last saved."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._thread_key is None or self.target is None:
            return
        try:
            text = self.editor.text
        except NoMatches:
            return
        if text == self._saved_text:
            return
        try:
            self._store.save_note(self._thread_key, self.target, text)
        except StoreError as error:
            log.error("saving note %s failed: %s", self.target, error)
            self.app.notify(str(error), title="Note not saved", severity="error", markup=False)
            return
        self._saved_text = text
        self.post_message(self.Saved(self._thread_key, self.target, text))

    def on_unmount(self) -> None:
        self.save_now()
