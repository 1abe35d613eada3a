"""The `threadtui` command: open a thread in the app, or export, list links and manage the cache.

Textual is imported only when the app actually starts, so `--help`, `export`, `links` and
`cache` stay quick and work without a terminal.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from threadtui import __version__
from threadtui.config import ConfigError, Settings

SUBCOMMANDS = ("export", "links", "cache")

DESCRIPTION = """\
Read a discussion thread with the papers it cites, and take notes.

SOURCE is a text dump or saved response (file), a Hacker News URL, hn:ID or ID,
a Reddit thread URL, or a Lobsters story URL. Without SOURCE, the library of
threads you have read opens (the bundled sample thread on the first run).
"""

EPILOG = """\
other commands:
  threadtui export SOURCE [-o FILE]   write your notes on a thread as Markdown
  threadtui links SOURCE [--json]     print the thread's links and paper metadata
  threadtui cache path|info|clear     show or clear the cache directory

environment:
  THREADTUI_CACHE_DIR    cache directory (else the platform's user cache directory)
  THREADTUI_CONFIG_DIR   directory of config.toml (else the platform's user config directory)
  THREADTUI_ARXIV_API, THREADTUI_HN_API, THREADTUI_REDDIT_BASE, THREADTUI_LOBSTERS_BASE,
  THREADTUI_CROSSREF_API service base URLs; THREADTUI_ARXIV_DELAY seconds between arXiv
  requests (default 3)
"""


class CommandError(Exception):
    """A failure to report as one line on stderr with a non-zero exit."""


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache-dir", metavar="DIR", help="keep the cache and notes in DIR")
    parser.add_argument("--offline", action="store_true", help="never use the network; read only the cache")
    parser.add_argument("--debug", action="store_true", help="log to threadtui.log in the cache directory")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for `threadtui [SOURCE]`."""
    parser = argparse.ArgumentParser(
        prog="threadtui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", nargs="?", metavar="SOURCE", help="file, URL or hn:ID to open")
    _common_options(parser)
    parser.add_argument("--refresh", action="store_true", help="fetch a remote thread again instead of using the cache")
    parser.add_argument(
        "--keys", action="store_true", help="list every key binding id with its default keys, then exit"
    )
    parser.add_argument("--version", action="version", version=f"threadtui {__version__}")
    return parser


def build_subcommand_parser(name: str) -> argparse.ArgumentParser:
    """Return the parser for one of `export`, `links` and `cache`."""
    if name == "export":
        parser = argparse.ArgumentParser(
            prog="threadtui export", description="Write your notes on a thread as Markdown, with citations."
        )
        parser.add_argument("source", metavar="SOURCE", help="file, URL or hn:ID")
        parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
        _common_options(parser)
        parser.add_argument("--refresh", action="store_true", help="fetch a remote thread again first")
    elif name == "links":
        parser = argparse.ArgumentParser(
            prog="threadtui links", description="Print a thread's links with their paper metadata."
        )
        parser.add_argument("source", metavar="SOURCE", help="file, URL or hn:ID")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")
        _common_options(parser)
        parser.add_argument("--refresh", action="store_true", help="fetch a remote thread again first")
    else:
        parser = argparse.ArgumentParser(prog="threadtui cache", description="Show or clear the cache directory.")
        parser.add_argument("action", choices=["path", "info", "clear"])
        parser.add_argument(
            "--all", action="store_true", help="with clear: also delete notes and reading positions"
        )
        parser.add_argument("--yes", action="store_true", help="with clear --all: do not ask before deleting notes")
        parser.add_argument("--cache-dir", metavar="DIR", help="the cache directory to use")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        cache_dir=args.cache_dir,
        offline=getattr(args, "offline", False),
        refresh=getattr(args, "refresh", False),
        debug=getattr(args, "debug", False),
    )


def _setup_logging(settings: Settings) -> None:
    if not settings.debug:
        logging.disable(logging.CRITICAL)
        return
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        filename=settings.cache_dir / "threadtui.log",
        level=logging.DEBUG,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _open_store(settings: Settings):
    from threadtui.store import Store, StoreError

    try:
        return Store.open(settings.cache_dir)
    except StoreError as error:
        raise CommandError(str(error)) from error


class _StderrProgress:
    """Prints download and resolution progress on one stderr line when stderr is a terminal.

    Without a terminal it prints only the waits that follow a failed paper request.
    """

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._shown = False
        self._last_detail = ""

    def download(self, label: str):
        def report(received: int, total: int | None) -> None:
            if total:
                self.line(f"Loading {label}: {received // 1024} of {total // 1024} KiB")
            else:
                self.line(f"Loading {label}: {received // 1024} KiB")

        return report

    def papers(self, progress) -> None:
        from threadtui.arxiv.client import ProgressPhase, describe_progress

        if self._tty:
            self.line(describe_progress(progress))
        elif progress.detail and progress.phase is ProgressPhase.WAITING and progress.detail != self._last_detail:
            # Without a terminal, only the waits after a failure are reported, one line each,
            # so that a script does not sit through them in silence.
            self._last_detail = progress.detail
            print(f"threadtui: {_one_line(describe_progress(progress))}", file=sys.stderr)

    def line(self, text: str) -> None:
        if self._tty:
            sys.stderr.write("\r\033[K" + text)
            sys.stderr.flush()
            self._shown = True

    def done(self) -> None:
        if self._shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self._shown = False


async def _load_with_papers(settings: Settings, store, source: str, progress: _StderrProgress):
    """Load a thread and resolve its papers (cache first); return (thread, links, states)."""
    import httpx

    from threadtui.config import USER_AGENT
    from threadtui.papers import PaperResolver
    from threadtui.session import links_by_comment
    from threadtui.sources import load_thread, parse_source

    spec = parse_source(source)
    async with httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT}, timeout=httpx.Timeout(20.0, connect=10.0), follow_redirects=True
    ) as http:
        loaded = await load_thread(
            spec, settings, store, http, on_progress=progress.download(spec.source), opened=False
        )
        thread = loaded.thread
        links = links_by_comment(thread)
        keys = list(dict.fromkeys(link.paper_key for found in links.values() for link in found if link.paper_key))
        resolver = PaperResolver(store, settings, http)
        try:
            if settings.offline:
                states = resolver.cached(keys)
            else:
                states = await resolver.resolve(keys, on_progress=progress.papers)
        finally:
            await resolver.aclose()
    progress.done()
    _report_failed_papers(states)
    return thread, links, states


def _report_failed_papers(states) -> None:
    """Print on stderr how many paper lookups failed. The next export or the app retries them."""
    from threadtui.model import PaperStatus

    failed = [(key, state) for key, state in states.items() if state.status is PaperStatus.FAILED]
    if not failed:
        return
    reason = failed[0][1].detail or "no answer"
    print(
        f"threadtui: {_plural(len(failed), 'paper')} not resolved — {_one_line(reason)}. "
        "The next export or the app looks them up again.",
        file=sys.stderr,
    )


def _run_load(settings: Settings, store, source: str, progress: _StderrProgress):
    """Run `_load_with_papers` to completion.

    asyncio is imported here, not at the top, so that `--help` does not pay the 40-50 ms its
    import takes.
    """
    import asyncio

    return asyncio.run(_load_with_papers(settings, store, source, progress))


def command_export(args: argparse.Namespace) -> int:
    """Write the Markdown export of a thread's notes."""
    from threadtui.export import export_date, render_markdown, write_export
    from threadtui.session import cited_papers

    settings = _settings(args)
    _setup_logging(settings)
    store = _open_store(settings)
    for warning in store.warnings:
        print(f"threadtui: warning: {_one_line(warning)}", file=sys.stderr)
    progress = _StderrProgress()
    thread, links, states = _run_load(settings, store, args.source, progress)
    notes = store.notes_for_thread(thread.key)
    text = render_markdown(thread, notes, cited_papers(thread, links), states, date=export_date(notes))

    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    output = Path(args.output).expanduser()
    if output.is_dir():
        raise CommandError(f"cannot write {output}: it is a directory; give a file name")
    try:
        write_export(output, text)
    except OSError as error:
        raise CommandError(f"cannot write {output}: {error.strerror or error}") from error
    note_count = len([note for note in notes if note.body.strip()])
    print(f"wrote {output} ({note_count} note{'s' if note_count != 1 else ''})", file=sys.stderr)
    return 0


def command_links(args: argparse.Namespace) -> int:
    """Print a thread's links with their paper metadata."""
    from threadtui.links_report import links_report

    settings = _settings(args)
    _setup_logging(settings)
    store = _open_store(settings)
    progress = _StderrProgress()
    thread, links, states = _run_load(settings, store, args.source, progress)
    flat = [link for found in links.values() for link in found]
    sys.stdout.write(links_report(thread, flat, states, as_json=args.json))
    return 0


def command_cache(args: argparse.Namespace) -> int:
    """Show the cache directory, what it holds, or clear it."""
    settings = Settings.from_env(cache_dir=args.cache_dir)
    if args.action == "path":
        print(settings.cache_dir)
        return 0
    store = _open_store(settings)
    if args.action == "info":
        stats = store.stats()
        print(json.dumps({"cache_dir": str(settings.cache_dir), **stats}, indent=2))
        return 0
    if args.all:
        notes = store.stats()["notes"]
        if notes and not args.yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    f"clear --all would delete {_plural(notes, 'note')}; add --yes to confirm"
                )
            answer = input(f"Delete {_plural(notes, 'note')} and all reading positions too? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("nothing cleared", file=sys.stderr)
                return 1
    removed = store.clear(include_notes=args.all)
    cleared = f"cleared {_plural(removed['threads'], 'thread')} and {_plural(removed['papers'], 'paper')}"
    if args.all:
        print(f"{cleared}, {_plural(removed['notes'], 'note')} and the reading positions")
    else:
        print(f"{cleared} (notes and reading positions kept; --all deletes them too)")
    return 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def command_open(args: argparse.Namespace) -> int:
    """Start the app on a thread, or on the library when no SOURCE is given and there is history."""
    if args.keys:
        return command_keys()
    settings = _settings(args)
    _setup_logging(settings)
    store = _open_store(settings)
    source = startup_source(args.source, settings, store)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal, Textual's driver reads end-of-file forever at full CPU.
        raise CommandError(
            "the app needs a terminal, and standard input or output is not one; "
            "for scripts, use `threadtui export` or `threadtui links`"
        )

    from threadtui.app.app import run_app

    run_app(settings, store, source)
    return 0


def startup_source(source: str | None, settings: Settings, store):
    """Decide what the app opens: the given source, else the library once there is history,
    else the bundled sample.

    Returns a `SourceSpec` for a remote thread, None for the library, or a parsed `Thread`
    for a file. A file is read now so that a bad one gets one error line before the screen
    takes over. Reading also stores its copy, which the library opens if the file moves.
    """
    import asyncio

    from threadtui.library import bundled_sample, has_history
    from threadtui.sources import load_thread, parse_source

    if source is None and has_history(store):
        return None
    spec = parse_source(source or str(bundled_sample()))
    if spec.kind != "file":
        return spec
    return asyncio.run(load_thread(spec, settings, store, None)).thread


def command_keys() -> int:
    """Print every binding id, its default keys and what it does, for config.toml."""
    from threadtui.app.keymap import binding_table

    table = binding_table()
    width = max(len(binding.id) for binding in table)
    keys_width = max(len(binding.keys) for binding in table)
    for binding in table:
        print(f"{binding.id:<{width}}  {binding.keys:<{keys_width}}  {binding.description} ({binding.where})")
    return 0


# Options that take a value, so the value is not mistaken for SOURCE or a subcommand.
_VALUE_OPTIONS = {"--cache-dir", "-o", "--output"}


def _subcommand_first(arguments: list[str]) -> list[str]:
    """Move a subcommand to the front when options come before it (`--offline export X`)."""
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument in SUBCOMMANDS:
            return [argument, *arguments[:index], *arguments[index + 1 :]]
        if argument == "--" or not argument.startswith("-"):
            return arguments
        index += 2 if argument in _VALUE_OPTIONS else 1
    return arguments


def _one_line(message: object) -> str:
    """Return a message as one printable line: errors can quote remote text and file names."""
    from threadtui.text.sanitize import clean_text

    return clean_text(str(message))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = _subcommand_first(list(sys.argv[1:] if argv is None else argv))
    try:
        if arguments and arguments[0] in SUBCOMMANDS:
            name = arguments[0]
            args = build_subcommand_parser(name).parse_args(arguments[1:])
            handler = {"export": command_export, "links": command_links, "cache": command_cache}[name]
        else:
            args = build_parser().parse_args(arguments)
            handler = command_open
        return handler(args)
    except KeyboardInterrupt:
        print("threadtui: interrupted", file=sys.stderr)
        return 130
    except (CommandError, ConfigError) as error:
        print(f"threadtui: error: {_one_line(error)}", file=sys.stderr)
        return 1
    except Exception as error:
        from threadtui.sources import SourceError
        from threadtui.store import StoreError

        if isinstance(error, (SourceError, StoreError)):
            print(f"threadtui: error: {_one_line(error)}", file=sys.stderr)
            return 1
        # Anything else is a bug; keep the traceback for --debug and give the user one line.
        logging.getLogger("threadtui").exception("unexpected error")
        print(
            f"threadtui: internal error: {type(error).__name__}: {_one_line(error)} "
            "(run with --debug to log the details to threadtui.log in the cache directory)",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
