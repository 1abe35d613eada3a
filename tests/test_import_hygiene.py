"""The core never imports Textual or Rich, so `--help`, `export` and `links` start fast."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import SEED

CORE_MODULES = [
    "threadtui.model",
    "threadtui.config",
    "threadtui.store",
    "threadtui.export",
    "threadtui.session",
    "threadtui.reading",
    "threadtui.library",
    "threadtui.links",
    "threadtui.papers",
    "threadtui.bibtex",
    "threadtui.crossref",
    "threadtui.links_report",
    "threadtui.arxiv.ids",
    "threadtui.arxiv.atom",
    "threadtui.arxiv.client",
    "threadtui.sources",
    "threadtui.sources.dump",
    "threadtui.sources.paste",
    "threadtui.sources.hn",
    "threadtui.sources.reddit",
    "threadtui.sources.lobsters",
    "threadtui.sources.detect",
    "threadtui.sources.fetch",
    "threadtui.text.html",
    "threadtui.text.markdown",
    "threadtui.text.plain",
    "threadtui.text.sanitize",
    "threadtui.cli",
]

REPORT_UI_MODULES = "print(sorted({name.split('.')[0] for name in sys.modules} & {'textual', 'rich'}))"


def run_python(code: str) -> str:
    tui = Path(__file__).parent.parent / "tui"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=_env(tui)
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _env(tui: Path) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(tui) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_core_modules_import_no_ui():
    imports = "\n".join(f"import {module}" for module in CORE_MODULES)
    assert run_python(f"import sys\n{imports}\n{REPORT_UI_MODULES}") == "[]"


def test_help_imports_no_ui():
    code = (
        "import sys\nfrom threadtui import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n" + REPORT_UI_MODULES
    )
    assert run_python(code) == "[]"


def test_export_imports_no_ui(tmp_path: Path):
    output = tmp_path / "notes.md"
    code = (
        "import sys\nfrom threadtui import cli\n"
        f"status = cli.main(['export', {str(SEED)!r}, '-o', {str(output)!r}, '--offline'])\n"
        "assert status == 0, status\n" + REPORT_UI_MODULES
    )
    assert run_python(code) == "[]"
    assert output.exists()


def test_opening_a_file_imports_no_network_stack():
    # httpx, markdown-it and feedparser together take longer to import than an empty Textual
    # app takes to start. A local HN dump needs none of them before its first frame.
    code = (
        "import sys\nfrom threadtui.sources import parse_source, read_file\n"
        f"read_file({str(SEED)!r})\n"
        "import threadtui.app.app, threadtui.app.main_screen\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'httpx', 'markdown_it', 'feedparser'}))"
    )
    assert run_python(code) == "[]"
