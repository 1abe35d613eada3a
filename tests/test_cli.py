"""The command line: errors are one line with a non-zero exit; help, version, cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import SEED

TUI = Path(__file__).parent.parent / "tui"


def run_cli(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(TUI)
    return subprocess.run(
        [sys.executable, "-m", "threadtui", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=cwd,
    )


def test_missing_file_is_one_line(tmp_path: Path):
    result = run_cli(str(tmp_path / "missing.txt"))
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "missing.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_binary_file_is_one_line():
    result = run_cli("/bin/ls")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_help_lists_subcommands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "threadtui export SOURCE" in result.stdout


def test_version():
    result = run_cli("--version")
    assert result.stdout.startswith("threadtui ")


def test_export_to_stdout_offline():
    result = run_cli("export", str(SEED), "--offline")
    assert result.returncode == 0
    assert result.stdout.startswith("---\ntitle: ")


def test_export_into_directory_is_rejected(tmp_path: Path):
    result = run_cli("export", str(SEED), "-o", str(tmp_path), "--offline")
    assert result.returncode != 0
    assert "directory" in result.stderr


def test_links_json_is_valid():
    import json

    result = run_cli("links", str(SEED), "--json", "--offline")
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert data


def test_cache_path_follows_environment(isolated_environment: Path):
    result = run_cli("cache", "path")
    assert result.stdout.strip() == str(isolated_environment)


def test_cache_clear_keeps_notes(isolated_environment: Path):
    from threadtui.model import PaperStatus
    from threadtui.store import Store

    store = Store.open(isolated_environment)
    store.save_note("text:x", "thread", "keep me")
    store.put_paper("arxiv:1", PaperStatus.NOT_FOUND, None, expires_at=None)
    store.close()
    result = run_cli("cache", "clear")
    reopened = Store.open(isolated_environment)
    assert result.returncode == 0
    assert reopened.get_note("text:x", "thread").body == "keep me"
    assert reopened.get_paper("arxiv:1") is None


def test_bad_arxiv_delay_is_one_line(monkeypatch):
    monkeypatch.setenv("THREADTUI_ARXIV_DELAY", "soon")
    result = run_cli("export", str(SEED), "--offline")
    assert result.returncode != 0
    assert "THREADTUI_ARXIV_DELAY" in result.stderr
    assert "Traceback" not in result.stderr


def test_options_before_subcommand():
    result = run_cli("--offline", "links", str(SEED), "--json")
    assert result.returncode == 0


def test_clear_all_needs_confirmation(isolated_environment: Path):
    from threadtui.store import Store

    store = Store.open(isolated_environment)
    store.save_note("text:x", "thread", "keep me")
    store.close()
    result = run_cli("cache", "clear", "--all")
    assert result.returncode != 0
    assert "--yes" in result.stderr
    assert Store.open(isolated_environment).get_note("text:x", "thread") is not None


def test_clear_all_with_yes_deletes_notes(isolated_environment: Path):
    from threadtui.store import Store

    store = Store.open(isolated_environment)
    store.save_note("text:x", "thread", "gone")
    store.close()
    result = run_cli("cache", "clear", "--all", "--yes")
    assert result.returncode == 0
    assert "1 note" in result.stdout
    assert Store.open(isolated_environment).get_note("text:x", "thread") is None


def test_keys_lists_binding_ids():
    result = run_cli("--keys")
    assert result.returncode == 0
    assert "thread.next_unread" in result.stdout
    assert "app.command_palette" in result.stdout


def test_links_json_lists_both_sample_papers(monkeypatch):
    import json

    from arxiv_standin import ArxivStandIn

    with ArxivStandIn(known={"2506.13018", "2309.16512"}) as arxiv:
        monkeypatch.setenv("THREADTUI_ARXIV_API", arxiv.api_url)
        result = run_cli("links", str(SEED), "--json")
    links = json.loads(result.stdout)["links"]
    papers = {link["paper_key"]: link["resolution"] for link in links if link["paper_key"]}
    assert set(papers) == {"arxiv:2506.13018", "arxiv:2309.16512"}
    assert all(resolution["status"] == "resolved" for resolution in papers.values())
    assert papers["arxiv:2309.16512"]["paper"]["title"] == "Paper 2309.16512"


def test_app_without_terminal_exits_at_once():
    result = run_cli(str(SEED), "--offline")
    assert result.returncode != 0
    assert "needs a terminal" in result.stderr


def test_export_reports_paper_retries_without_a_terminal(monkeypatch, tmp_path: Path):
    from faulty_servers import closed_port

    monkeypatch.setenv("THREADTUI_ARXIV_API", f"http://127.0.0.1:{closed_port()}/api/query")
    monkeypatch.setenv("THREADTUI_ARXIV_DELAY", "0.05")
    result = run_cli("export", str(SEED), "-o", str(tmp_path / "notes.md"))
    assert result.returncode == 0
    retries = [line for line in result.stderr.splitlines() if line.startswith("threadtui: Papers: 0 of 2 resolved")]
    assert retries
    assert "retry 1 of" in retries[0]
    assert "threadtui: 2 papers not resolved — cannot reach arXiv" in result.stderr
