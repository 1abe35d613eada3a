"""Fixtures shared by every test: an isolated environment and paths to the fixture files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
SEED = REPO / "seeds" / "hn-thread-dump.txt"

# Port 9 (discard) on loopback refuses connections at once, so a test that forgets to set a
# base URL fails fast instead of reaching the internet.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache and config at a temporary directory and every service at nothing.

    Keeps the developer's own cache, notes and key config out of the tests, and makes sure no
    test talks to a real service or starts a real web browser.
    """
    cache = tmp_path / "cache"
    monkeypatch.setenv("THREADTUI_CACHE_DIR", str(cache))
    monkeypatch.setenv("THREADTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("THREADTUI_ARXIV_API", f"{UNREACHABLE}/api/query")
    monkeypatch.setenv("THREADTUI_HN_API", f"{UNREACHABLE}/api/v1")
    monkeypatch.setenv("THREADTUI_REDDIT_BASE", UNREACHABLE)
    monkeypatch.setenv("THREADTUI_LOBSTERS_BASE", UNREACHABLE)
    monkeypatch.setenv("THREADTUI_CROSSREF_API", UNREACHABLE)
    monkeypatch.setenv("THREADTUI_ARXIV_DELAY", "0")
    # Python's webbrowser module reads BROWSER once per process, so every test sets the same
    # stand-in; a test reads what it opened from THREADTUI_TEST_BROWSER_LOG.
    monkeypatch.setenv("BROWSER", f"{sys.executable} {Path(__file__).parent / 'browser_standin.py'} %s")
    monkeypatch.delenv("THREADTUI_TEST_BROWSER_LOG", raising=False)
    return cache


@pytest.fixture
def fixtures() -> Path:
    """The directory of saved real responses (copied from public repositories)."""
    return FIXTURES
