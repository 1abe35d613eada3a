"""The theme picked in the app is the theme of the next start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pilot_helpers import make_app, settle

from threadtui.store import DATABASE_NAME, MIGRATIONS, SCHEMA_VERSION, Store

SIZE = (120, 40)


async def test_chosen_theme_is_restored_on_the_next_start(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.theme = "solarized-light"
        await settle(pilot, app)

    again = make_app(isolated_environment)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert again.theme == "solarized-light"


async def test_unknown_stored_theme_leaves_the_default(isolated_environment: Path):
    Store.open(isolated_environment).set_preference("theme", "no-such-theme")
    app = make_app(isolated_environment)
    default = app.theme
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.theme == default


def test_first_schema_database_is_upgraded(tmp_path: Path):
    connection = sqlite3.connect(tmp_path / DATABASE_NAME)
    connection.executescript(MIGRATIONS[0])
    connection.execute("INSERT INTO notes (thread_key, target, body, updated_at) VALUES ('t', 'thread', 'kept', 1)")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()

    store = Store.open(tmp_path)
    store.set_preference("theme", "nord")
    assert store.preference("theme") == "nord"
    assert store.get_note("t", "thread").body == "kept"
    version = sqlite3.connect(tmp_path / DATABASE_NAME).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
