"""At 80×24 every pane can be reached and shows at full width; wide terminals show all three."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from threadtui.app.first_frame import AfterFirstFrame

from pilot_helpers import main_screen, make_app, settle, static_text, thread_view

NARROW = (80, 24)
WIDE = (200, 60)


def shown(app, selector: str) -> bool:
    return app.screen.query_one(selector).display


async def test_narrow_shows_thread_pane_alone(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        assert shown(app, "#thread-column")
        assert not shown(app, "#side-column")
        assert thread_view(app).region.width >= 78


async def test_tab_reaches_link_pane_at_full_width(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")
        await settle(pilot, app)
        links = main_screen(app).link_pane
        assert app.focused is links.option_list
        assert not shown(app, "#thread-column")
        assert links.region.width == 80


async def test_tab_reaches_notes_pane(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "tab")
        await settle(pilot, app)
        notes = main_screen(app).notes_pane
        assert app.focused is notes.editor
        assert notes.region.height >= 8


async def test_third_tab_returns_to_thread(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "tab", "tab")
        await settle(pilot, app)
        assert app.focused is thread_view(app)
        assert shown(app, "#thread-column")


async def test_shift_tab_goes_to_notes(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        await pilot.press("shift+tab")
        await settle(pilot, app)
        assert app.focused is main_screen(app).notes_pane.editor


async def test_note_key_shows_notes_pane(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "i")
        await settle(pilot, app)
        assert shown(app, "#side-column")
        assert not shown(app, "#thread-column")


async def test_escape_from_notes_shows_thread(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        await pilot.press("i", "escape")
        await settle(pilot, app)
        assert shown(app, "#thread-column")


async def test_header_counts_fit_beside_long_title(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        counts = app.screen.query_one("#thread-counts")
        assert counts.region.right <= 80
        assert counts.region.width >= len(static_text(app, "#thread-counts"))


async def test_wide_shows_all_panes(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert shown(app, "#thread-column")
        assert shown(app, "#side-column")


async def test_resize_to_narrow_hides_side_column(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.resize_terminal(*NARROW)
        await settle(pilot, app)
        assert not shown(app, "#side-column")


async def test_library_fits_narrow_terminal(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        await pilot.press("L")
        await settle(pilot, app)
        rows = app.screen.query_one("#library-list")
        assert rows.region.width == 80
        assert rows.virtual_size.width <= 80


async def test_footer_is_compact_when_narrow_and_full_when_wide(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        footer = app.screen.query_one(Footer)
        assert footer.compact
        assert not footer.show_command_palette
        await pilot.resize_terminal(*WIDE)
        await settle(pilot, app)
        assert not footer.compact
        assert footer.show_command_palette


async def test_footer_built_for_an_old_width_is_corrected(isolated_environment: Path):
    # The footer mounts after the first frame but is built for the width at compose time, so
    # after a resize in between the screen corrects it once it hears the footer has mounted.
    app = make_app(isolated_environment)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        footer = app.screen.query_one(Footer)
        footer.compact = False
        app.screen.post_message(AfterFirstFrame.Mounted(footer))
        await settle(pilot, app)
        assert footer.compact
