"""The two apps threadtui is timed against: an empty Textual app and a widget-per-comment reader.

    python bench/reference_apps.py empty
    python bench/reference_apps.py static-per-comment THREAD_FILE

`empty` shows one short `Static` (a screen with nothing on it gives the timer no text to wait
for). `static-per-comment` parses the thread with threadtui's own parser, then mounts one
`Static(markup=False)` per comment in a `VerticalScroll`, indented by depth: the design a
first Textual thread reader usually has.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

EMPTY_APP_TEXT = "empty app"

# Indentation stops growing at this depth, as in threadtui's own pane.
MAX_INDENT_LEVELS = 8


class EmptyApp(App[None]):
    """A Textual app that shows one word."""

    def compose(self) -> ComposeResult:
        yield Static(EMPTY_APP_TEXT, markup=False)


class StaticPerCommentApp(App[None]):
    """A thread reader that mounts one `Static` widget per comment."""

    CSS = "\n".join(
        [".comment { margin-bottom: 1; }"]
        + [f".depth-{level} {{ padding-left: {2 * level + 1}; }}" for level in range(MAX_INDENT_LEVELS + 1)]
    )

    def __init__(self, thread) -> None:
        super().__init__()
        self.thread = thread

    def compose(self) -> ComposeResult:
        thread = self.thread
        with VerticalScroll():
            yield Static(f"{thread.title}\n{len(thread.comments)} comments", markup=False, classes="comment")
            for comment in thread.comments:
                header = comment.author or f"[{comment.state.value}]"
                level = min(comment.depth, MAX_INDENT_LEVELS)
                yield Static(f"{header}\n{comment.text}", markup=False, classes=f"comment depth-{level}")


def main(arguments: list[str]) -> None:
    """Run one of the reference apps in the terminal."""
    if arguments[:1] == ["empty"]:
        EmptyApp().run()
    elif arguments[:1] == ["static-per-comment"] and len(arguments) == 2:
        from threadtui.sources import read_file

        StaticPerCommentApp(read_file(arguments[1])).run()
    else:
        sys.exit("usage: reference_apps.py empty | static-per-comment THREAD_FILE")


if __name__ == "__main__":
    main(sys.argv[1:])
