"""Key remapping from `config.toml` in the platform's config directory.

The file has a `[keys]` table that maps binding ids to keys, for example:

    [keys]
    "thread.next" = "j,down"
    "thread.collapse" = "enter"

Every binding in the app has an id; `threadtui --keys` lists them with their default keys.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from threadtui.text.sanitize import clean_text

CONFIG_NAME = "config.toml"


def config_path(config_dir: Path) -> Path:
    """Return the path of the config file."""
    return config_dir / CONFIG_NAME


def load_keymap(config_dir: Path) -> tuple[dict[str, str], list[str]]:
    """Read the `[keys]` table; return the keymap and one message per problem found.

    A missing file is not a problem. A file that is not valid TOML, or entries that are not
    strings, are reported and skipped so the app still starts with its default keys.
    """
    path = config_path(config_dir)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"cannot read {path}: {error}; using the default keys"]
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{path} is not valid TOML ({error}); using the default keys"]

    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f"{path}: [keys] must be a table of binding id = \"key\"; using the default keys"]

    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, key in keys.items():
        if isinstance(key, str) and _is_key_list(key):
            keymap[binding_id] = key.strip()
        else:
            problems.append(
                f"{path}: keys.{clean_text(binding_id)} must be a key name such as \"ctrl+n\"; ignored"
            )
    return keymap, problems


def _is_key_list(text: str) -> bool:
    """Return True for comma-separated key names made only of printable characters.

    The footer shows key names as they are written, so a name with a control character or a
    space could draw escape sequences or misalign the footer.
    """
    names = text.strip().split(",")
    return all(name.strip() and name.strip().isprintable() and " " not in name.strip() for name in names)
