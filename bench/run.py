"""Benchmark threadtui on a generated 5,000-comment thread against a widget-per-comment reader.

Run by `make bench` (or `python bench/run.py` with threadtui importable). One run reports:

- parse time of the generated HN Algolia payload, in this process (median of several runs);
- first paint, in a pseudo-terminal, of threadtui on the thread, of threadtui on the bundled
  sample thread, of an empty Textual app, and of a reader that mounts one `Static` per comment;
- selection move, collapsing the largest subtree, resize and search in the running app, in a
  separate process whose peak memory is reported too;
- how long `threadtui --help` and `threadtui export` take.

The generated thread is written to bench/out/, and every figure to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPOSITORY = BENCH.parent
sys.path.insert(0, str(BENCH))

from first_paint import PaintTiming, time_first_paint  # noqa: E402
from thread_generator import DEFAULT_COMMENTS, DEFAULT_SEED, generate_payload  # noqa: E402

from threadtui.sources import parse_payload  # noqa: E402
from threadtui.text.html import html_to_blocks  # noqa: E402

SAMPLE = REPOSITORY / "seeds" / "hn-thread-dump.txt"
SAMPLE_MARKER = "Not really sure how useful"
# The empty notes pane's placeholder: on the screen once the link and notes panes are.
PANES_MARKER = "Type a note; it saves itself."
TERMINAL = (160, 48)
PARSE_RUNS = 5
CLI_RUNS = 5

# Port 9 (discard) on loopback refuses at once, so nothing can leave the machine even if
# --offline were ignored.
UNREACHABLE = "http://127.0.0.1:9"

MB = 1024 * 1024


def machine() -> dict[str, str]:
    """Describe the processor, Python and Textual this run used."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "textual": version("textual"),
    }


def isolated_env(work: Path) -> dict[str, str]:
    """Return an environment with the cache, config and every service URL kept local."""
    env = dict(os.environ)
    env.update(
        THREADTUI_CACHE_DIR=str(work / "cache"),
        THREADTUI_CONFIG_DIR=str(work / "config"),
        THREADTUI_ARXIV_API=f"{UNREACHABLE}/api/query",
        THREADTUI_HN_API=f"{UNREACHABLE}/api/v1",
        THREADTUI_REDDIT_BASE=UNREACHABLE,
        THREADTUI_LOBSTERS_BASE=UNREACHABLE,
        THREADTUI_CROSSREF_API=UNREACHABLE,
        TERM="xterm-256color",
        COLORTERM="truecolor",
        PYTHONPATH=os.pathsep.join([str(REPOSITORY / "tui"), str(BENCH), env.get("PYTHONPATH", "")]),
    )
    return env


def median_seconds(function, runs: int) -> float:
    """Return the median wall time of `function` over `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _parse_and_convert(payload: bytes) -> None:
    """Parse a thread and convert every comment's HTML, which the app does after first paint."""
    for comment in parse_payload(payload, source="bench.json").comments:
        len(comment.blocks)


def measure_parse(payload: bytes) -> dict:
    """Time `parse_payload` on the whole response, and HTML conversion of the comments alone."""
    thread = parse_payload(payload, source="bench.json")
    texts = []
    stack = [json.loads(payload)]
    while stack:
        node = stack.pop()
        if node.get("type") == "comment" and node.get("text"):
            texts.append(node["text"])
        stack.extend(node.get("children") or [])
    return {
        "comments": len(thread.comments),
        "max_depth": max(comment.depth for comment in thread.comments),
        "payload_bytes": len(payload),
        "parse": median_seconds(lambda: parse_payload(payload, source="bench.json"), PARSE_RUNS),
        "parse_all": median_seconds(lambda: _parse_and_convert(payload), PARSE_RUNS),
        "html": median_seconds(lambda: [html_to_blocks(text) for text in texts], PARSE_RUNS),
        "first_author": thread.comments[0].author,
    }


def paint_summary(timings: list[PaintTiming]) -> dict:
    """Return the medians of several first-paint runs."""
    return {
        "wall": statistics.median(timing.wall for timing in timings),
        "cpu": statistics.median(timing.cpu for timing in timings),
        "max_rss": statistics.median(timing.max_rss for timing in timings),
        "runs": len(timings),
        "walls": [timing.wall for timing in timings],
    }


def measure_first_paint(thread_file: Path, marker: str, env: dict[str, str], runs: int, baseline_runs: int) -> dict:
    """Time first paint of each app, alternating them so drift in machine speed hits all alike."""
    python = sys.executable
    cache = env["THREADTUI_CACHE_DIR"]
    commands = {
        "empty": ([python, str(BENCH / "reference_apps.py"), "empty"], "empty app"),
        "sample": ([python, "-m", "threadtui", str(SAMPLE), "--offline", "--cache-dir", cache], SAMPLE_MARKER),
        "threadtui": ([python, "-m", "threadtui", str(thread_file), "--offline", "--cache-dir", cache], marker),
        "baseline": ([python, str(BENCH / "reference_apps.py"), "static-per-comment", str(thread_file)], marker),
    }
    # The link and notes panes mount one frame after the thread; these runs wait for them.
    commands["sample_panes"] = (commands["sample"][0], PANES_MARKER)
    commands["threadtui_panes"] = (commands["threadtui"][0], PANES_MARKER)
    # One uncounted run of each quick app first, so files read for the first time do not
    # count; the baseline takes seconds, which dwarfs that.
    for name in ("empty", "sample", "threadtui"):
        command, text = commands[name]
        time_first_paint(command, text, size=TERMINAL, env=env)
    timings: dict[str, list[PaintTiming]] = {name: [] for name in commands}
    for run in range(runs):
        for name, (command, text) in commands.items():
            if name == "baseline" and run >= baseline_runs:
                continue
            timings[name].append(time_first_paint(command, text, size=TERMINAL, env=env))
    return {name: paint_summary(values) for name, values in timings.items()}


def measure_interactions(thread_file: Path, env: dict[str, str]) -> dict:
    """Run bench/interactions.py in its own process and return its figures."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "interactions.py"), str(thread_file)],
        env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench/interactions.py failed:\n{result.stderr}")
    return json.loads(result.stdout)


def measure_cli(env: dict[str, str], work: Path) -> dict:
    """Time `threadtui --help` and an offline `threadtui export` of the sample, whole process."""
    python = sys.executable
    output = work / "notes.md"
    commands = {
        "help": [python, "-m", "threadtui", "--help"],
        "export": [python, "-m", "threadtui", "export", str(SAMPLE), "--offline", "-o", str(output)],
    }
    figures = {}
    for name, command in commands.items():
        figures[name] = median_seconds(
            lambda command=command: subprocess.run(command, env=env, capture_output=True, check=True), CLI_RUNS
        )
    return figures


def milliseconds(seconds: float) -> str:
    """Format seconds as milliseconds, or as seconds from 10 s up."""
    if seconds >= 10:
        return f"{seconds:.1f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def report(results: dict) -> str:
    """Return the printed report: one row per figure, with the target it must meet, if any."""
    parse = results["parse"]
    paint = results["first_paint"]
    steps = results["interactions"]
    cli = results["cli"]
    setup = results["setup"]
    ratio = paint["baseline"]["wall"] / paint["threadtui"]["wall"]
    startup = paint["sample"]["wall"] / paint["empty"]["wall"]

    def verdict(met: bool) -> str:
        return "met" if met else "NOT MET"

    rows: list[tuple[str, str, str, str]] = [
        ("parse (JSON and tree; HTML on first read)", milliseconds(parse["parse"]), "", ""),
        ("parse and convert every comment's HTML", milliseconds(parse["parse_all"]), "", ""),
        ("  of which HTML to blocks", milliseconds(parse["html"]), "", ""),
        ("first paint, 5,000 comments (pty)", milliseconds(paint["threadtui"]["wall"]), "< 1 s",
         verdict(paint["threadtui"]["wall"] < 1.0)),
        ("  CPU to first paint", milliseconds(paint["threadtui"]["cpu"]), "< 1 s",
         verdict(paint["threadtui"]["cpu"] < 1.0)),
        ("  peak memory at first paint", f"{paint['threadtui']['max_rss'] / MB:.0f} MB", "< 200 MB",
         verdict(paint["threadtui"]["max_rss"] < 200 * MB)),
        ("  link and notes panes shown", milliseconds(paint["threadtui_panes"]["wall"]), "", ""),
        ("baseline: one Static per comment (pty)", milliseconds(paint["baseline"]["wall"]), "", ""),
        ("  peak memory at first paint", f"{paint['baseline']['max_rss'] / MB:.0f} MB", "", ""),
        ("baseline / threadtui, first paint", f"{ratio:.1f}x", ">= 10x", verdict(ratio >= 10)),
        ("empty Textual app, first paint (pty)", milliseconds(paint["empty"]["wall"]), "", ""),
        ("sample thread, first paint (pty)", milliseconds(paint["sample"]["wall"]), "", ""),
        ("  link and notes panes shown", milliseconds(paint["sample_panes"]["wall"]), "", ""),
        ("sample / empty app, first paint", f"{startup:.2f}x", "<= 1.5x", verdict(startup <= 1.5)),
        ("selection move (median of %d)" % steps["move"]["count"], milliseconds(steps["move"]["median"]), "< 20 ms",
         verdict(steps["move"]["median"] < 0.020)),
        ("  95th percentile / max", f"{milliseconds(steps['move']['p95'])} / {milliseconds(steps['move']['max'])}",
         "", ""),
        ("  thread pane alone (action + its rows)", milliseconds(steps["move_pane"]), "", ""),
        ("collapse largest subtree (%d replies)" % steps["collapse"]["replies"],
         milliseconds(steps["collapse"]["median"]), "< 20 ms", verdict(steps["collapse"]["median"] < 0.020)),
        ("  expand it again", milliseconds(steps["expand"]["median"]), "", ""),
        ("  thread pane alone (action + its rows)", milliseconds(steps["collapse_pane"]), "", ""),
        ("resize to a new width (median of %d)" % steps["resize"]["count"], milliseconds(steps["resize"]["median"]),
         "< 100 ms", verdict(steps["resize"]["median"] < 0.100)),
        ("  slowest resize", milliseconds(steps["resize"]["max"]), "", ""),
    ]
    for key in ("search_1", "search_2"):
        search = steps[key]
        label = f"search {search['term']!r} ({search['matches']} comments)"
        rows.append((label, milliseconds(search["seconds"]), "", ""))
    rows += [
        ("peak memory, whole session", f"{steps['peak_memory'] / MB:.0f} MB", "< 200 MB",
         verdict(steps["peak_memory"] < 200 * MB)),
        ("harness overhead per timed step", milliseconds(steps["frame_overhead"]["median"]), "", ""),
        ("threadtui --help (whole process)", milliseconds(cli["help"]), "", ""),
        ("threadtui export, sample (whole process)", milliseconds(cli["export"]), "", ""),
    ]

    info = results["machine"]
    lines = [
        f"threadtui benchmark: {parse['comments']:,} comments, depth up to {parse['max_depth']}, "
        f"{parse['payload_bytes'] / MB:.1f} MB of JSON (seed {setup['seed']}), terminal {TERMINAL[0]}x{TERMINAL[1]}",
        f"machine: {info['cpu']}, {info['cores']} cores, {info['system']}, Python {info['python']}, "
        f"Textual {info['textual']}",
        f"first paint: median of {paint['threadtui']['runs']} runs ({paint['baseline']['runs']} for the baseline)",
        "",
    ]
    width = max(len(row[0]) for row in rows)
    lines.append(f"{'figure':<{width}}  {'measured':>15}  {'target':>8}")
    for label, value, target, met in rows:
        lines.append(f"{label:<{width}}  {value:>15}  {target:>8}  {met}".rstrip())
    return "\n".join(lines)


def compile_package() -> None:
    """Write threadtui's bytecode files, as installing a wheel does, before anything is timed.

    An editable install leaves them to the first import. With PYTHONDONTWRITEBYTECODE set, as
    on the machine in docs/benchmarks.md, they are never written, so every start would compile
    threadtui from source: some 40 ms that an installed copy does not spend.
    """
    import compileall

    import threadtui

    compileall.compile_dir(Path(threadtui.__file__).parent, quiet=1)


def main() -> None:
    """Generate the thread, take every measurement and print the report."""
    parser = argparse.ArgumentParser(description="Benchmark threadtui on a generated thread.")
    parser.add_argument("--comments", type=int, default=DEFAULT_COMMENTS, help="comments in the thread")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the generated thread")
    parser.add_argument("--runs", type=int, default=15, help="first-paint runs of each app")
    parser.add_argument("--baseline-runs", type=int, default=3, help="first-paint runs of the baseline")
    args = parser.parse_args()

    out = BENCH / "out"
    out.mkdir(exist_ok=True)
    thread_file = out / f"thread-{args.comments}.json"
    payload = generate_payload(args.comments, args.seed)
    thread_file.write_bytes(payload)

    compile_package()
    with tempfile.TemporaryDirectory(prefix="threadtui-bench-") as directory:
        work = Path(directory)
        env = isolated_env(work)
        results: dict = {"machine": machine(), "setup": {"comments": args.comments, "seed": args.seed}}
        results["parse"] = measure_parse(payload)
        marker = results["parse"]["first_author"]
        results["first_paint"] = measure_first_paint(thread_file, marker, env, args.runs, args.baseline_runs)
        results["interactions"] = measure_interactions(thread_file, env)
        results["cli"] = measure_cli(env, work)

    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))


if __name__ == "__main__":
    main()
