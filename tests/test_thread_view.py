"""The thread pane on its own: navigation keys, collapse, search and rendering of hostile text."""

from __future__ import annotations

from textual.app import App, ComposeResult

from threadtui.app.thread_view import STORY, ThreadView
from threadtui.model import Block, BlockKind, Comment, Span, Thread


def make_comment(number: int, depth: int, text: str | None = None) -> Comment:
    body = text if text is not None else f"comment {number} at depth {depth}"
    return Comment(
        id=f"c{number}",
        parent_id=None,
        depth=depth,
        author=f"user{number}",
        blocks=(Block(BlockKind.PARAGRAPH, (Span(body),)),),
        created_at=1_700_000_000.0,
    )


def make_thread(depths: list[int], texts: dict[int, str] | None = None) -> Thread:
    texts = texts or {}
    comments = [make_comment(number, depth, texts.get(number)) for number, depth in enumerate(depths)]
    return Thread(key="text:test", site="text", source="test.txt", title="Test thread", comments=comments)


# c0 ─┬ c1 ── c2
#     └ c3
# c4 ── c5
# c6
TREE = [0, 1, 2, 1, 0, 1, 0]


class ViewApp(App[None]):
    def __init__(self, thread: Thread) -> None:
        super().__init__()
        self.thread = thread
        self.highlights: list[int] = []

    def compose(self) -> ComposeResult:
        yield ThreadView(clock=lambda: 1_700_003_600.0)

    def on_mount(self) -> None:
        view = self.query_one(ThreadView)
        view.load(self.thread)
        view.focus()

    def on_thread_view_highlighted(self, event: ThreadView.Highlighted) -> None:
        self.highlights.append(event.index)


async def selection_after(keys: list[str], depths: list[int] = TREE) -> int:
    app = ViewApp(make_thread(depths))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        return app.query_one(ThreadView).selected


async def test_j_moves_down_from_story():
    assert await selection_after(["j", "j"]) == 1


async def test_k_moves_back_up():
    assert await selection_after(["j", "j", "j", "k"]) == 1


async def test_next_sibling_skips_subtree():
    assert await selection_after(["j", "J"]) == 4


async def test_previous_sibling():
    assert await selection_after(["j", "j", "J", "K"]) == 1


async def test_parent_key():
    assert await selection_after(["j", "j", "j", "u"]) == 1


async def test_next_top_level():
    assert await selection_after(["j", "j", "j", "right_square_bracket"]) == 4


async def test_previous_top_level_goes_to_root_first():
    assert await selection_after(["j", "j", "j", "left_square_bracket"]) == 0


async def test_gg_goes_to_story():
    assert await selection_after(["j", "j", "j", "g", "g"]) == STORY


async def test_capital_g_goes_to_last():
    assert await selection_after(["G"]) == 6


async def test_collapse_hides_replies_from_navigation():
    assert await selection_after(["j", "space", "j"]) == 4


async def test_collapse_twice_expands():
    assert await selection_after(["j", "space", "space", "j"]) == 1


async def test_search_finds_and_opens_collapsed_subtree():
    app = ViewApp(make_thread(TREE, texts={2: "the needle is here"}))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(ThreadView)
        await pilot.press("j", "space")
        assert 2 not in view.visible_rows
        assert view.search("NEEDLE") == 1
        view.next_match()
        await pilot.pause()
        assert view.selected == 2
        assert 2 in view.visible_rows


async def test_highlight_message_follows_selection():
    app = ViewApp(make_thread(TREE))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()
        assert app.highlights[-2:] == [0, 1]


async def test_deep_chain_renders_without_recursion():
    depths = list(range(2000))
    app = ViewApp(make_thread(depths))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        view = app.query_one(ThreadView)
        assert view.selected == 1999
        assert len(view.path_to_root(1999)) == 2000


async def test_markup_in_comment_is_drawn_literally():
    hostile = "[@click=app.quit]x[/] \x1b[2J [bold]not bold[/bold]"
    app = ViewApp(make_thread([0], texts={0: hostile}))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(ThreadView)
        lines = ["".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height)]
        screen_text = "\n".join(lines)
        assert "[@click=app.quit]x[/]" in screen_text
        assert "[bold]not bold[/bold]" in screen_text
        assert "\x1b" not in screen_text
        await pilot.click(ThreadView, offset=(5, 4))
        await pilot.pause()
        assert app.is_running


def contrast(style) -> float:
    """WCAG contrast ratio between a Rich style's colour and its background."""

    def luminance(color) -> float:
        red, green, blue = (channel / 255 for channel in color.get_truecolor())
        linear = [part / 12.92 if part <= 0.03928 else ((part + 0.055) / 1.055) ** 2.4 for part in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(style.color), luminance(style.bgcolor)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


async def test_text_styles_readable_in_light_and_dark_themes():
    app = ViewApp(make_thread(TREE))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(ThreadView)
        for theme in ("textual-dark", "textual-light", "solarized-light"):
            app.theme = theme
            await pilot.pause()
            styles = view._read_styles()
            for name in ("meta", "guide", "author", "quote", "link"):
                style = styles.base + getattr(styles, name)
                assert contrast(style) > 1.8, (theme, name, style)
            for name in ("code", "match"):
                assert contrast(getattr(styles, name)) > 1.8, (theme, name)


async def test_search_opens_collapsed_match_itself():
    app = ViewApp(make_thread(TREE, texts={1: "the needle is in the parent"}))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(ThreadView)
        await pilot.press("j", "j", "space")
        assert 1 in view.collapsed
        view.search("needle")
        view.next_match()
        await pilot.pause()
        assert 1 not in view.collapsed
