"""Remote text is drawn literally in every field that shows it: a property test per field.

Each test starts the app once and feeds hostile strings (see `hostile_text`) into one field
through the real widgets, then renders the widgets' lines as Textual would send them to the
terminal. For every example the lines must contain no control characters, bidi controls or
lone surrogates. They must use no style that the same field with benign text does not use,
so markup in the text neither styles it nor attaches a `@click` action or a hyperlink. They
must fit the widget's width, and the app must still be running.

The strings go straight into the model objects, past the parsers' own cleaning, so these
tests check the app's last line of defence rather than the sanitiser in front of it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from hypothesis import given
from hostile_text import PROPERTY_SETTINGS, forbidden_in, hostile_text, style_signature
from rich.segment import Segment
from test_app import SIZE, make_app, settle
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static
from textual.widgets._toast import Toast

from threadtui.app.app import ThreadApp
from threadtui.app.keymap import config_path, load_keymap
from threadtui.app.link_pane import LinkEntry, LinkPane
from threadtui.app.main_screen import MainScreen
from threadtui.app.paper_screen import PaperScreen, citing_prompt
from threadtui.app.safe_text import crop_to_cells
from threadtui.app.thread_view import ThreadView
from threadtui.model import Block, BlockKind, Comment, Link, Paper, PaperStatus, Span, Thread
from threadtui.resolution import PaperState

BENIGN = "A plain sentence with words"
MIN_EXAMPLES = 500

Render = Callable[[str], Awaitable[list[Strip]]]


def widget_lines(widget: Widget) -> list[Strip]:
    """Render a widget's visible lines now, as the compositor would."""
    width, height = widget.size
    return list(widget.render_lines(Region(0, 0, width, height)))


def make_thread(
    *, text: str = BENIGN, author: str = "alice", title: str = "A title", url: str | None = None,
    key: str = "text:hostile",
) -> Thread:
    blocks = (
        Block(BlockKind.PARAGRAPH, (Span(text),)),
        Block(BlockKind.QUOTE, (Span(text),)),
        Block(BlockKind.CODE, (Span(text),)),
        Block(BlockKind.LIST_ITEM, (Span(text),), marker="•"),
    )
    comment = Comment(id="c1", parent_id=None, depth=3, author=author, blocks=blocks, created_at=1.7e9)
    return Thread(key=key, site="text", source="hostile", title=title, url=url, comments=[comment])


def make_paper(*, title: str = BENIGN, author: str = "Ada Lovelace", abstract: str = BENIGN) -> Paper:
    return Paper(
        key="arxiv:2309.16512",
        title=title,
        authors=[author, "Bob"],
        arxiv_id="2309.16512",
        abstract=abstract,
        published="2023-09-28T00:00:00Z",
        primary_category="cs.LG",
        categories=["cs.LG"],
        comment=abstract,
        journal_ref=title,
        links={"abs": "https://arxiv.org/abs/2309.16512"},
    )


PAPER_LINK = Link(
    url="https://arxiv.org/abs/2309.16512",
    text="arxiv.org/abs/2309.16512",
    comment_id="c1",
    domain="arxiv.org",
    paper_key="arxiv:2309.16512",
)


async def wait_until(condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Poll every millisecond until `condition()` is true (`pilot.pause` takes 30 ms)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting for the screen to update"
        await asyncio.sleep(0.001)


async def check_field(app: ThreadApp, render: Render, *, benign: str = BENIGN) -> int:
    """Render hostile examples through `render`, check each, and return the example count.

    `benign` is what the field shows for the reference rendering, which must be visible.
    """
    benign_lines = await render(benign)
    assert benign in "\n".join(line.text for line in benign_lines), "the field is not on screen"
    allowed_styles = style_signature([segment for line in benign_lines for segment in line])
    count = 0

    @PROPERTY_SETTINGS
    @given(text=hostile_text)
    def property_holds(text: str) -> None:
        nonlocal count
        count += 1
        lines = app.call_from_thread(render, text)
        segments: list[Segment] = [segment for line in lines for segment in line]
        assert forbidden_in(segments) == set(), f"control characters drawn for {text!r}"
        assert style_signature(segments) <= allowed_styles, f"style changed for {text!r}"
        for line in lines:
            assert Segment.get_line_length(list(line)) == line.cell_length, f"misaligned for {text!r}"
        assert app.is_running
        assert isinstance(app.screen, MainScreen | PaperScreen)

    await asyncio.to_thread(property_holds)
    return count


async def test_comment_text_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(ThreadView)

        async def render(text: str) -> list[Strip]:
            view.load(make_thread(text=text), selected=0)
            return widget_lines(view)

        assert await check_field(app, render) >= MIN_EXAMPLES


async def test_comment_author_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        view = screen.query_one(ThreadView)

        examples = iter(range(1_000_000))

        async def render(text: str) -> list[Strip]:
            # A new thread key each time: the notes pane keeps its label for the same target.
            thread = make_thread(author=text, key=f"text:hostile-{next(examples)}")
            screen.thread = thread
            view.load(thread, selected=0)
            screen.comment_highlighted(ThreadView.Highlighted(view, 0))
            return [
                *widget_lines(view),
                *widget_lines(screen.query_one("#breadcrumb", Static)),
                *widget_lines(screen.query_one("#notes-target", Static)),
            ]

        assert await check_field(app, render) >= MIN_EXAMPLES


async def test_joined_emoji_at_the_notes_label_edge_is_aligned(isolated_environment: Path):
    # A ZWJ family that ends exactly at the label's edge: Textual cut it in two, and the line
    # then reported one cell less than it drew.
    author = "[[@click=app.quit][reverse]AA00000000\U0001F469\u200d\U0001F469\u200d\U0001F467"
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        view = screen.query_one(ThreadView)
        thread = make_thread(author=author, key="text:joined-emoji")
        screen.thread = thread
        view.load(thread, selected=0)
        screen.comment_highlighted(ThreadView.Highlighted(view, 0))
        for line in widget_lines(screen.query_one("#notes-target", Static)):
            assert Segment.get_line_length(list(line)) == line.cell_length


def test_crop_keeps_joined_emoji_whole():
    family = "\U0001F469\u200d\U0001F469\u200d\U0001F467"
    assert crop_to_cells(f"ab{family}c", 5) == "ab"
    assert crop_to_cells(f"ab{family}c", 8) == f"ab{family}"
    assert crop_to_cells("abc", 3) == "abc"


async def test_thread_title_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        view = screen.query_one(ThreadView)

        async def render(text: str) -> list[Strip]:
            screen.show_thread(make_thread(title=text))
            return [*widget_lines(screen.query_one("#thread-title", Static)), *widget_lines(view)]

        assert await check_field(app, render) >= MIN_EXAMPLES


async def test_story_url_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(ThreadView)

        async def render(text: str) -> list[Strip]:
            view.load(make_thread(url=text))
            return widget_lines(view)

        assert await check_field(app, render) >= MIN_EXAMPLES


async def test_link_url_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        pane = app.screen.query_one(LinkPane)

        async def render(text: str) -> list[Strip]:
            link = Link(url=text, text=text, comment_id="c1", domain=text, footnote=text)
            pane.show([LinkEntry(link, ["c1"])], title="Links")
            return widget_lines(pane.option_list)

        assert await check_field(app, render) >= MIN_EXAMPLES


class PaperScreenFields:
    """One open paper screen whose detail text and citing rows are replaced per example.

    Opening and closing a screen per example takes about 0.1 s, too slow for 500 examples,
    so the details and rows that `PaperScreen` builds for each new paper are drawn in the
    widgets of a paper screen opened once.
    """

    def __init__(self, screen: PaperScreen) -> None:
        self.screen = screen
        self.details = screen.query_one("#paper-text", Static)
        self.citing = screen.query_one("#paper-citing", OptionList)

    @classmethod
    async def open(cls, app: ThreadApp, pilot) -> PaperScreenFields:
        state = PaperState(PaperStatus.RESOLVED, paper=make_paper())
        screen = PaperScreen(PAPER_LINK, state, [(0, make_thread().comments[0])])
        await app.push_screen(screen)
        await pilot.pause()
        return cls(screen)

    def lines(self, state: PaperState, citing_text: str = BENIGN) -> list[Strip]:
        comment = make_thread(text=citing_text, author=citing_text).comments[0]
        self.details.update(PaperScreen(PAPER_LINK, state, [])._details())
        self.citing.replace_option_prompt_at_index(0, citing_prompt(comment, 0))
        return [*widget_lines(self.details), *widget_lines(self.citing)]


async def check_paper_field(app: ThreadApp, pilot, make_state: Callable[[str], PaperState]) -> int:
    """Check one paper field in the link pane and on the paper screen; return the example count."""
    pane = app.screen.query_one(LinkPane)
    pane.show([LinkEntry(PAPER_LINK, ["c1"])], title="Links")
    paper_screen = await PaperScreenFields.open(app, pilot)

    async def render(text: str) -> list[Strip]:
        state = make_state(text)
        pane.set_papers({PAPER_LINK.paper_key: state})
        return [*widget_lines(pane.option_list), *paper_screen.lines(state)]

    return await check_field(app, render)


async def test_paper_title_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        count = await check_paper_field(
            app, pilot, lambda text: PaperState(PaperStatus.RESOLVED, paper=make_paper(title=text))
        )
        assert count >= MIN_EXAMPLES


async def test_paper_authors_are_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        count = await check_paper_field(
            app, pilot, lambda text: PaperState(PaperStatus.RESOLVED, paper=make_paper(author=text))
        )
        assert count >= MIN_EXAMPLES


async def test_paper_abstract_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        count = await check_paper_field(
            app, pilot, lambda text: PaperState(PaperStatus.RESOLVED, paper=make_paper(abstract=text))
        )
        assert count >= MIN_EXAMPLES


async def test_paper_status_detail_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        count = await check_paper_field(app, pilot, lambda text: PaperState(PaperStatus.FAILED, detail=text))
        assert count >= MIN_EXAMPLES


async def test_citing_comment_row_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        paper_screen = await PaperScreenFields.open(app, pilot)
        state = PaperState(PaperStatus.RESOLVED, paper=make_paper())

        async def render(text: str) -> list[Strip]:
            return paper_screen.lines(state, citing_text=text)

        assert await check_field(app, render) >= MIN_EXAMPLES


async def test_notification_is_literal(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)

        async def render(text: str) -> list[Strip]:
            app.clear_notifications()
            await wait_until(lambda: not app.screen.query(Toast))
            # No markup=False here: the app must treat every notification as literal text.
            app.notify(text, title=text, severity="error")
            await wait_until(lambda: app.screen.query(Toast))
            toasts = list(app.screen.query(Toast))
            # Headless runs do not finish laying out toasts, so render their content at the
            # width a toast has on screen instead of cropping it to a stale size.
            return [
                line
                for toast in toasts
                for line in Visual.to_strips(toast, visualize(toast, toast.render()), 60, None, toast.visual_style)
            ]

        assert await check_field(app, render) >= MIN_EXAMPLES


async def test_footer_key_names_are_literal(isolated_environment: Path, tmp_path: Path):
    # The footer's only text from outside the program is key names from the config file,
    # so hostile names go through a real config file and `load_keymap`, as at startup.
    app = make_app(isolated_environment, offline=True)
    config_dir = tmp_path / "keys"
    config_dir.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        current_keymap: dict[str, str] = {}

        async def render(text: str) -> list[Strip]:
            # JSON string escapes are valid TOML escapes, except for lone surrogates, which
            # TOML rejects and `load_keymap` then reports as a problem.
            config_path(config_dir).write_text(f'[keys]\n"links.open" = {json.dumps(text)}\n', encoding="utf-8")
            keymap, _ = load_keymap(config_dir)
            keymap = keymap or {"links.open": "o"}
            if keymap != current_keymap:
                # The footer is composed again after a keymap change, which takes a refresh.
                app.set_keymap(keymap)
                current_keymap.clear()
                current_keymap.update(keymap)
                await pilot.pause()
                await pilot.pause()
            footer = app.screen.query_one(Footer)
            return [line for key in footer.children for line in widget_lines(key)]

        assert await check_field(app, render, benign="x") >= MIN_EXAMPLES
