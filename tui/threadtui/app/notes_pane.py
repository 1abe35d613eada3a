"""The notes pane: a plain-text editor for the note on the thread, a comment or a paper.

Notes save themselves: half a second after the last keystroke, when the target changes,
when the pane loses focus and when the app exits. Each save is one SQLite transaction.

Another threadtui instance on the same cache directory may edit the same note. A save
passes the revision the pane loaded, and the store merges in anything saved since (see
`Store.save_note_from`). While the pane has no unsaved typing, it also picks up notes
that the other instance saved, every `RELOAD_INTERVAL` seconds.
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

from threadtui.app.safe_text import crop_to_cells, single_line
from threadtui.store import Store, StoreError

log = logging.getLogger(__name__)

# Saving within about a second of the last keystroke is the promise; half a second leaves
# room for the write itself even on a slow disk.
SAVE_DELAY = 0.5

# Seconds between checks for a newer revision saved by another instance. Each check is one
# indexed SQLite read, and the other text shows up within this time while this pane is idle.
RELOAD_INTERVAL = 2.0


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
        self._revision = 0
        """The stored revision that `_saved_text` is; 0 when the note was never stored."""
        self._timer: Timer | None = None
        self._label = "Notes"

    def compose(self) -> ComposeResult:
        yield Static(Content("Notes"), id="notes-target")
        editor = NotesEditor(id="notes-editor", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        editor.placeholder = "Type a note; it saves itself."
        yield editor

    def on_mount(self) -> None:
        self.set_interval(RELOAD_INTERVAL, self.reload_if_changed)

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
        self._revision = note.revision if note else 0
        editor = self.editor
        if text or editor.text:
            with editor.prevent(TextArea.Changed):
                editor.load_text(text)
        else:
            # Both empty, as for most comments: loading would redraw the editor on every
            # selection move. Clearing the history keeps undo from bringing back another
            # target's text, as load_text would.
            editor.history.clear()
        self._label = single_line(label)
        self._show_label()

    def on_resize(self) -> None:
        self._show_label()

    def _show_label(self) -> None:
        label = self.query_one("#notes-target", Static)
        width = label.content_region.width or self.size.width
        label.update(Content(crop_to_cells(self._label, width)), layout=False)

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
            saved = self._store.save_note_from(
                self._thread_key, self.target, text, base_body=self._saved_text, base_revision=self._revision
            )
        except StoreError as error:
            log.error("saving note %s failed: %s", self.target, error)
            self.app.notify(str(error), title="Note not saved", severity="error", markup=False)
            return
        self._saved_text = saved.note.body
        self._revision = saved.note.revision
        if saved.merged:
            self._show_stored_text(saved.note.body)
            if saved.conflict:
                message = "Another threadtui window changed the same lines; its text is kept below yours."
            else:
                message = "Another threadtui window changed this note too; both changes are kept."
            self.app.notify(message, title="Note merged", severity="warning", timeout=10)
        self.post_message(self.Saved(self._thread_key, self.target, saved.note.body))

    def reload_if_changed(self) -> None:
        """Show a newer revision saved by another instance, unless the user has unsaved typing."""
        if self._thread_key is None or self.target is None:
            return
        try:
            if self.editor.text != self._saved_text:
                return
        except NoMatches:
            return
        note = self._store.get_note(self._thread_key, self.target)
        if note is None or note.revision == self._revision:
            return
        self._saved_text = note.body
        self._revision = note.revision
        self._show_stored_text(note.body)

    def _show_stored_text(self, text: str) -> None:
        """Replace the editor's text without a save; the cursor stays after the same text."""
        from threadtui.note_merge import map_offset

        editor = self.editor
        shown = editor.text
        if shown == text:
            return
        offset = map_offset(shown, text, editor.document.get_index_from_location(editor.cursor_location))
        with editor.prevent(TextArea.Changed):
            editor.load_text(text)
        editor.move_cursor(editor.document.get_location_from_index(offset))

    def on_unmount(self) -> None:
        self.save_now()
