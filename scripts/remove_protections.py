"""Remove each reliability protection once, run the tests meant to catch it, restore the code.

Usage: python scripts/remove_protections.py [WORD ...]

Each entry names a protection, the exact lines that remove it and the tests that must then
fail. WORDs select entries whose name contains one of them. The script prints CAUGHT or
MISSED per entry and always restores the files it changed. An entry whose lines are no
longer found stops the script: update the entry along with the code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDER = "tests/test_hostile_render.py::"
INPUT = "tests/test_hostile_input.py::"
NETWORK = "tests/test_reliability_network.py::"
NOTES = "tests/test_reliability_notes.py::"
LINKS = "tests/test_hostile_links.py::"
KILL = "tests/test_kill.py::"

# Replaces an import of the app's text cleaners with functions that clean nothing.
NO_CLEANING = "def single_line(text):\n    return text or ''\ndef multi_line(text):\n    return text or ''\n"

# (protection, [(file, exact text, replacement)], tests that must fail without it)
REMOVALS = [
    ("layout: bidi and surrogates in make_printable", [("tui/threadtui/app/layout.py",
        '_CONTROL_TABLE.update({ord(char): 0xFFFD for char in "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069"})\n_CONTROL_TABLE.update({code: 0xFFFD for code in range(0xD800, 0xE000)})\n', "")],
        [RENDER + "test_comment_text_is_literal"]),
    ("layout: printable_line for one-line segments", [("tui/threadtui/app/layout.py",
        'return make_printable(text).replace("\\n", " ")', "return make_printable(text)")],
        [RENDER + "test_comment_author_is_literal"]),
    ("link pane: single_line", [("tui/threadtui/app/link_pane.py",
        "from threadtui.app.safe_text import single_line\n", NO_CLEANING)],
        [RENDER + "test_link_url_is_literal", RENDER + "test_paper_title_is_literal", RENDER + "test_paper_status_detail_is_literal"]),
    ("paper screen: single_line and multi_line", [("tui/threadtui/app/paper_screen.py",
        "from threadtui.app.safe_text import multi_line, single_line\n", NO_CLEANING)],
        [RENDER + "test_paper_abstract_is_literal", RENDER + "test_citing_comment_row_is_literal", RENDER + "test_paper_authors_are_literal"]),
    ("main screen: single_line", [("tui/threadtui/app/main_screen.py",
        "from threadtui.app.safe_text import single_line\n", NO_CLEANING)],
        [RENDER + "test_thread_title_is_literal"]),
    ("notes pane: single_line label", [("tui/threadtui/app/notes_pane.py",
        "from threadtui.app.safe_text import single_line\n", NO_CLEANING)],
        [RENDER + "test_comment_author_is_literal"]),
    ("app: literal notify", [("tui/threadtui/app/app.py",
        "multi_line(message), title=single_line(title), severity=severity, timeout=timeout, markup=False",
        "message, title=title, severity=severity, timeout=timeout, markup=True")],
        [RENDER + "test_notification_is_literal"]),
    ("keymap: printable key names", [("tui/threadtui/app/keymap.py",
        "isinstance(key, str) and _is_key_list(key)", "isinstance(key, str) and key.strip()")],
        [RENDER + "test_footer_key_names_are_literal"]),
    ("clean_text: lone surrogates", [("tui/threadtui/text/sanitize.py",
        "    for code in range(0xD800, 0xE000):\n        table[code] = REPLACEMENT_CHARACTER\n", "")],
        [INPUT + "test_lone_surrogates_in_ids_open", INPUT + "test_cached_metadata_is_cleaned"]),
    ("as_id: cleaned ids", [("tui/threadtui/sources/fields.py",
        "return clean_text(value.strip())", "return value.strip()")],
        [INPUT + "test_lone_surrogates_in_ids_open"]),
    ("atom: clean_paper", [("tui/threadtui/arxiv/atom.py", "return clean_paper(Paper(", "return (Paper(")],
        [INPUT + "test_atom_metadata_is_cleaned"]),
    ("crossref: clean_paper", [("tui/threadtui/crossref.py", "return clean_paper(Paper(", "return (Paper(")],
        [INPUT + "test_crossref_metadata_is_cleaned"]),
    ("store: clean_paper on cached rows", [("tui/threadtui/store.py",
        "return clean_paper(Paper(**json.loads(text)))", "return Paper(**json.loads(text))")],
        [INPUT + "test_cached_metadata_is_cleaned"]),
    ("SourceError: cleaned message", [("tui/threadtui/sources/errors.py",
        "super().__init__(clean_text(message))", "super().__init__(message)")],
        [INPUT + "test_bad_payload_notifies_and_app_runs[error-response-with-escapes]"]),
    ("SourceError and CLI: cleaned message (both layers)", [
        ("tui/threadtui/sources/errors.py", "super().__init__(clean_text(message))", "super().__init__(message)"),
        ("tui/threadtui/cli.py", "return clean_text(str(message))", "return str(message)")],
        [INPUT + "test_bad_file_is_one_error_line[error-response-with-escapes-open]"]),
    ("size limit", [("tui/threadtui/sources/detect.py",
        "MAX_PAYLOAD_BYTES = 32 * 1024 * 1024", "MAX_PAYLOAD_BYTES = 64 * 1024 * 1024")],
        [INPUT + "test_bad_file_is_one_error_line[fifty-megabytes-export]", INPUT + "test_bad_payload_notifies_and_app_runs[fifty-megabytes]"]),
    ("binary check", [("tui/threadtui/sources/detect.py", 'if b"\\x00" in data[:65536]:', "if False:")],
        [INPUT + "test_bad_file_is_one_error_line[binary-export]", INPUT + "test_bad_payload_notifies_and_app_runs[binary]"]),
    ("invalid UTF-8 handling", [("tui/threadtui/sources/detect.py",
        "except UnicodeDecodeError as error:", "except KeyError as error:")],
        [INPUT + "test_bad_file_is_one_error_line[invalid-utf8-export]"]),
    ("JSON error handling", [("tui/threadtui/sources/detect.py",
        "    except json.JSONDecodeError as error:\n        raise SourceError(_json_error_message(error, text, source)) from None\n    except RecursionError:",
        "    except KeyError as error:\n        raise SourceError(_json_error_message(error, text, source)) from None\n    except RecursionError:")],
        [INPUT + "test_bad_file_is_one_error_line[truncated-json-export]"]),
    ("deep JSON without recursion", [("tui/threadtui/sources/detect.py", "    except RecursionError:\n", "    except KeyError:\n")],
        [INPUT + "test_bad_file_is_one_error_line[deep-array-export]", INPUT + "test_deep_chain_exports"]),
    ("app: load errors become a notification", [("tui/threadtui/app/main_screen.py",
        "        except SourceError as error:\n            self._set_status(str(error))",
        "        except KeyError as error:\n            self._set_status(str(error))")],
        [INPUT + "test_bad_payload_notifies_and_app_runs[truncated-json]"]),
    ("fetch: HTML body check", [("tui/threadtui/sources/fetch.py",
        'if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<")):', "if False:")],
        [NETWORK + "test_thread_http_fault_is_reported_once"]),
    ("fetch: status check", [("tui/threadtui/sources/fetch.py",
        "            if response.status_code != 200:\n", "            if False:\n")],
        [NETWORK + "test_thread_http_fault_is_reported_once[429]", NETWORK + "test_thread_http_fault_is_reported_once[503]"]),
    ("fetch: timeout message", [("tui/threadtui/sources/fetch.py",
        "    except httpx.TimeoutException:\n", "    except KeyError:\n")],
        [NETWORK + "test_thread_server_never_answers"]),
    ("fetch: connection refused message", [("tui/threadtui/sources/fetch.py",
        "    except httpx.ConnectError as error:\n", "    except KeyError as error:\n")],
        [NETWORK + "test_thread_connection_refused"]),
    ("load_thread: keep the working cached copy", [("tui/threadtui/sources/__init__.py",
        "    if store is not None and not usable:\n", "    if store is not None:\n")],
        [NETWORK + "test_failed_refresh_keeps_cached_copy"]),
    ("arXiv: bounded retries", [("tui/threadtui/arxiv/client.py", "max_attempts: int = 4,", "max_attempts: int = 6,")],
        [NETWORK + "test_arxiv_fault_is_bounded_and_cached_nowhere[503]"]),
    ("arXiv: HTML is not a feed", [("tui/threadtui/arxiv/client.py",
        'if "xml" not in content_type.lower():', "if False:")],
        [NETWORK + "test_arxiv_fault_is_bounded_and_cached_nowhere[html-page]"]),
    ("resolver: failures never cached", [("tui/threadtui/papers.py",
        "            self._failures[key] = shown\n            return shown\n",
        "            self._failures[key] = shown\n            self._put(key, state, None)\n            return shown\n")],
        [NETWORK + "test_arxiv_fault_is_bounded_and_cached_nowhere[503]"]),
    ("notes: save within a second", [("tui/threadtui/app/notes_pane.py", "SAVE_DELAY = 0.5", "SAVE_DELAY = 5.0")],
        [KILL + "test_note_survives_sigkill_one_second_after_typing", NOTES + "test_two_processes_same_note_survive_sigkill"]),
    ("notes: merge a stale save", [("tui/threadtui/store.py",
        "if current is not None and current.revision != base_revision:", "if False:")],
        [NOTES + "test_two_apps_same_note_lose_nothing", NOTES + "test_two_processes_same_note_survive_sigkill", NOTES + "test_stale_save_merges_and_keeps_history"]),
    ("notes: reload an idle pane", [("tui/threadtui/app/notes_pane.py",
        "        self.set_interval(RELOAD_INTERVAL, self.reload_if_changed)\n", "        pass\n")],
        [NOTES + "test_idle_pane_shows_other_instance_note"]),
    ("store: move a damaged database aside", [("tui/threadtui/store.py",
        "        except sqlite3.DatabaseError as error:\n            if isinstance(error, sqlite3.OperationalError) and _is_permission_problem(path):",
        "        except KeyError as error:\n            if isinstance(error, sqlite3.OperationalError) and _is_permission_problem(path):")],
        [NOTES + "test_damaged_database_moved_aside_and_app_starts"]),
    ("store: a unique name for each damaged file", [("tui/threadtui/store.py",
        "    while damaged.exists():\n", "    while False:\n")],
        [NOTES + "test_two_damaged_databases_both_kept"]),
    ("app: store warnings shown", [("tui/threadtui/app/app.py",
        "[*self._startup_messages, *self.store.warnings, *problems]", "[*self._startup_messages, *problems]")],
        [NOTES + "test_damaged_database_moved_aside_and_app_starts"]),
    ("store: read-only fallback", [("tui/threadtui/store.py",
        '?immutable=1"', '?mode=ro"')],
        [NOTES + "test_read_only_cache_app_starts_and_reads", NOTES + "test_read_only_cache_export_reads_notes"]),
    ("links: scheme check", [("tui/threadtui/app/app.py",
        "return parts.scheme.lower() in OPENABLE_SCHEMES and bool(parts.netloc)", "return True")],
        [LINKS + "test_other_links_are_not_openable", LINKS + "test_link_pane_opens_only_http", LINKS + "test_paper_screen_opens_only_http"]),
    ("links: printable check", [("tui/threadtui/app/app.py",
        "    if not url.isprintable() or any(character.isspace() for character in url):\n        return False\n", "")],
        [LINKS + "test_other_links_are_not_openable", LINKS + "test_openable_links_are_http_without_controls"]),
    ("export: slug for the default name", [("tui/threadtui/app/app.py",
        'slug = re.sub(r"[^a-z0-9]+", "-", thread.title.lower()).strip("-")[:48] or "thread"',
        'slug = thread.title[:48] or "thread"')],
        [LINKS + "test_default_export_path_stays_in_working_directory"]),
]

def run_removal(name: str, edits: list[tuple[str, str, str]], tests: list[str]) -> bool:
    """Apply one removal, run its tests and restore the files. Return True if a test failed."""
    originals: dict[Path, str] = {}
    try:
        for path, old, new in edits:
            file = ROOT / path
            originals.setdefault(file, file.read_text())
            current = file.read_text()
            if current.count(old) != 1:
                raise SystemExit(f"{name}: the text to remove occurs {current.count(old)} times in {path}")
            file.write_text(current.replace(old, new))
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", *tests],
            cwd=ROOT, capture_output=True, text=True, timeout=900,
        )
    finally:
        for file, text in originals.items():
            file.write_text(text)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-200:]
    caught = run.returncode != 0 and "failed" in summary
    print(f"{'CAUGHT' if caught else 'MISSED'}  {name}: {summary}", flush=True)
    return caught


def main(words: list[str]) -> int:
    """Try every selected removal. Return 1 when its tests missed any of them, else 0."""
    missed = 0
    for name, edits, tests in REMOVALS:
        if words and not any(word in name for word in words):
            continue
        missed += not run_removal(name, edits, tests)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
