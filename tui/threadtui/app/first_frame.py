"""Run work, or mount widgets, once the terminal has shown the screen's first frame.

While a Textual app starts, its first refresh falls inside the startup batch, which draws
nothing, and `call_after_refresh` callbacks and `Lazy` widgets run straight after it. Work
deferred that way still delays the first frame written to the terminal. These helpers wait for the
app's own message queue, which runs only once that batch has ended, and then for a refresh.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.lazy import Lazy
from textual.message import Message
from textual.widget import Widget


def call_after_first_frame(widget: Widget, callback: Callable[..., object], *args: object) -> None:
    """Run `callback(*args)` once the terminal has shown a frame of `widget`'s screen.

    Outside startup this costs one trip through the app's message queue more than
    `call_after_refresh`.
    """

    def schedule() -> None:
        if widget.is_attached:
            widget.screen.refresh()
            widget.call_after_refresh(callback, *args)

    widget.app.call_later(schedule)


class AfterFirstFrame(Lazy):
    """A `Lazy` widget that mounts its widget only once the terminal has shown a frame.

    With Textual's own `Lazy`, the rest of the screen and the lazy widget would reach the
    terminal together at startup, in one later frame. `Mounted` is posted to the screen when the
    widget is in place.
    """

    class Mounted(Message):
        """The deferred widget is mounted."""

        def __init__(self, widget: Widget) -> None:
            super().__init__()
            self.widget = widget

    def __init__(self, widget: Widget) -> None:
        super().__init__(widget)
        self._deferred = widget

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        call_after_first_frame(self, self._mount)

    async def _mount(self) -> None:
        parent = self.parent
        if not isinstance(parent, Widget):
            return
        screen = self.screen
        await parent.mount(self._deferred, after=self)
        await self.remove()
        screen.post_message(self.Mounted(self._deferred))
