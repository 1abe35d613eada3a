"""Settings read from the command line and the environment: cache directory and service URLs.

Every network base URL can be overridden so tests and demos run against loopback servers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from threadtui import __version__

PROJECT_URL = "https://github.com/threadtui/threadtui"
USER_AGENT = f"threadtui/{__version__} (+{PROJECT_URL})"

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_HN_API = "https://hn.algolia.com/api/v1"
DEFAULT_REDDIT_BASE = "https://www.reddit.com"
DEFAULT_LOBSTERS_BASE = "https://lobste.rs"
DEFAULT_CROSSREF_API = "https://api.crossref.org"

# arXiv's terms of use ask for no more than one request every three seconds.
DEFAULT_ARXIV_DELAY = 3.0


class ConfigError(ValueError):
    """A setting from the environment or the command line is invalid."""


def default_cache_dir() -> Path:
    """Return the platform's user cache directory for threadtui."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("threadtui", appauthor=False))


def default_config_dir() -> Path:
    """Return the platform's user config directory for threadtui."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("threadtui", appauthor=False))


@dataclass(frozen=True, slots=True)
class Settings:
    """Where threadtui keeps its data and which services it talks to."""

    cache_dir: Path
    config_dir: Path
    arxiv_api: str = DEFAULT_ARXIV_API
    arxiv_delay: float = DEFAULT_ARXIV_DELAY
    hn_api: str = DEFAULT_HN_API
    reddit_base: str = DEFAULT_REDDIT_BASE
    lobsters_base: str = DEFAULT_LOBSTERS_BASE
    crossref_api: str = DEFAULT_CROSSREF_API
    offline: bool = False
    refresh: bool = False
    debug: bool = False

    @classmethod
    def from_env(
        cls,
        *,
        cache_dir: str | Path | None = None,
        offline: bool = False,
        refresh: bool = False,
        debug: bool = False,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """Build settings from command-line values, then `THREADTUI_*` variables, then defaults.

        Raises:
            ConfigError: `THREADTUI_ARXIV_DELAY` is not a non-negative number.
        """
        env = os.environ if environ is None else environ

        if cache_dir is not None:
            cache_path = Path(cache_dir).expanduser()
        elif env.get("THREADTUI_CACHE_DIR"):
            cache_path = Path(env["THREADTUI_CACHE_DIR"]).expanduser()
        else:
            cache_path = default_cache_dir()

        if env.get("THREADTUI_CONFIG_DIR"):
            config_path = Path(env["THREADTUI_CONFIG_DIR"]).expanduser()
        else:
            config_path = default_config_dir()

        raw_delay = env.get("THREADTUI_ARXIV_DELAY", "").strip()
        if raw_delay:
            try:
                delay = float(raw_delay)
            except ValueError:
                raise ConfigError(
                    f"THREADTUI_ARXIV_DELAY={raw_delay!r} is not a number of seconds"
                ) from None
            if delay < 0 or delay != delay:
                raise ConfigError(f"THREADTUI_ARXIV_DELAY={raw_delay!r} must be 0 or more")
        else:
            delay = DEFAULT_ARXIV_DELAY

        return cls(
            cache_dir=cache_path,
            config_dir=config_path,
            arxiv_api=env.get("THREADTUI_ARXIV_API") or DEFAULT_ARXIV_API,
            arxiv_delay=delay,
            hn_api=(env.get("THREADTUI_HN_API") or DEFAULT_HN_API).rstrip("/"),
            reddit_base=(env.get("THREADTUI_REDDIT_BASE") or DEFAULT_REDDIT_BASE).rstrip("/"),
            lobsters_base=(env.get("THREADTUI_LOBSTERS_BASE") or DEFAULT_LOBSTERS_BASE).rstrip(
                "/"
            ),
            crossref_api=(env.get("THREADTUI_CROSSREF_API") or DEFAULT_CROSSREF_API).rstrip("/"),
            offline=offline,
            refresh=refresh,
            debug=debug,
        )
