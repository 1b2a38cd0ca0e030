"""Time whole `meeting-packs` processes on synthetic workspaces, next to the obvious baselines.

    python benchmarks/run.py            # the full run (under 10 minutes on 2 cores)
    python benchmarks/run.py --quick    # one run of each, fewer baselines (about 3 minutes)

Workspaces are generated once into benchmarks/work/ (see generate.py) and reused
while the generator and the register schema are unchanged; --fresh builds them
again.  Each command runs as its own process (`python cli.py -w WORKSPACE ...`):
its wall time is measured around the process, its peak memory is its own
ru_maxrss from os.wait4.  Commands that read registers are timed twice: "cold",
with the workspace's out/ folder (and so the register cache in out/.cache)
removed before each run, as after someone edits a register; and "warm", with the
cache in place, as when commands follow one another.  The tables are printed and
written to benchmarks/results.md with the machine's details.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results.md"
sys.path.insert(0, str(HERE))
if str(REPO) not in sys.path:
    sys.path.insert(1, str(REPO))

import generate  # noqa: E402  (benchmarks/generate.py)
import writes  # noqa: E402  (benchmarks/writes.py: the write commands and their floors)

BOARD, MEETING, AS_OF = generate.BOARD, generate.MEETING.isoformat(), generate.AS_OF.isoformat()
SIZES = (1_000, 5_000, 10_000, 50_000)
CLI = [sys.executable, str(REPO / "cli.py")]

# name -> generate() keyword arguments
WORKSPACES = {
    **{f"actions-{n}": {"actions": n} for n in SIZES},
    # the "normal meeting": one board's registers of 200 actions, 50 risks, 40 plan items
    "normal": {"actions": 200, "risks": 50, "plan": 40, "focus_share": 1.0},
    # worst case for the appendix: every action on the benchmark board and open, so the
    # appendix holds all of them (the "1,000-action appendix" and "10,000 actions" targets)
    "all-open-1000": {"actions": 1_000, "focus_share": 1.0, "open_share": 1.0},
    "all-open-10000": {"actions": 10_000, "focus_share": 1.0, "open_share": 1.0},
}

COMMANDS = {
    "--help": ["--help"],
    "check": ["check", "--as-of", AS_OF],
    "actions list": ["actions", "list", "--as-of", AS_OF],
    "appendix actions": ["appendix", "actions", BOARD, MEETING, "--as-of", AS_OF],
    "pack": ["pack", BOARD, MEETING, "--as-of", AS_OF],
    "pack --pdf": ["pack", BOARD, MEETING, "--as-of", AS_OF, "--pdf"],
}
SERIES_COMMANDS = ("--help", "check", "actions list", "appendix actions", "pack")
# run 3 times rather than 5 (a warm `pack` runs 5 times: on this shared machine a slow spell of a minute
# moved the median of 3 by a third)
SLOW_COMMANDS = ("pack --pdf",)
SLOW_SECONDS = 5.0       # a command whose first run takes longer is repeated 3 times, not 5 (the 10,000-row pack, with a target, is not)
COLD, WARM = "cold", "warm"


# ------------------------------------------------------------------ running whole processes

# Peak memory comes from os.wait4's ru_maxrss.  On Linux a child's ru_maxrss starts at the RSS of
# the process that started it (fork/vfork copy its memory map, and exec keeps that high-water
# mark), so the runner, which grows while it generates workspaces, must not start the measured
# processes itself: a small launcher, started first, does, and reports each child's figures.
LAUNCHER = r"""
import json, os, subprocess, sys, threading, time
for line in sys.stdin:
    request = json.loads(line)
    err = open(request["stderr"], "wb")
    out = open(request["stdout"], "wb") if request["stdout"] else subprocess.DEVNULL
    started = time.perf_counter()
    child = subprocess.Popen(request["argv"], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                             cwd=request["cwd"], env=request["env"])
    timer = threading.Timer(request["timeout"], child.kill)
    timer.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    err.close()
    if out is not subprocess.DEVNULL:
        out.close()
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak": usage.ru_maxrss * 1024, "code": child.returncode}), flush=True)
"""
_launcher: subprocess.Popen | None = None


def compile_sources() -> None:
    """Byte-compile the source tree, as `pip install` does for an installed copy: a user's
    command never compiles the tool's modules, so a timed one should not either (this
    machine sets PYTHONDONTWRITEBYTECODE, so a checkout would otherwise compile them on
    every run, about 0.1 s)."""
    import compileall

    compileall.compile_dir(str(REPO / "meeting_packs"), quiet=1)
    compileall.compile_file(str(REPO / "cli.py"), quiet=1)


def start_launcher() -> None:
    global _launcher
    if _launcher is None:
        compile_sources()
        _launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)


def stop_launcher() -> None:
    global _launcher
    if _launcher is not None:
        _launcher.stdin.close()
        _launcher.wait(timeout=30)
        _launcher = None


def run_process(argv: list[str], timeout: float = 900,
                stdout: Path | None = None) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds, peak RSS bytes, exit code, stderr tail) of one whole process.

    Peak RSS covers the process and the descendants it waited for (for --pdf: LibreOffice), as
    the larger of the two, not their sum.
    """
    start_launcher()
    env = {k: v for k, v in os.environ.items() if k != "MEETING_PACKS_WORKSPACE"}
    with tempfile.TemporaryDirectory() as scratch:
        err = Path(scratch) / "stderr"
        request = {"argv": [str(a) for a in argv], "cwd": str(REPO), "env": env, "timeout": timeout,
                   "stderr": str(err), "stdout": str(stdout) if stdout else None}
        _launcher.stdin.write(json.dumps(request) + "\n")
        _launcher.stdin.flush()
        answer = json.loads(_launcher.stdout.readline())
        tail = err.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
    return answer["wall"], answer["cpu"], answer["peak"], answer["code"], " | ".join(tail)


@dataclass
class Measure:
    command: str
    workspace: str
    cache: str = WARM
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)   # bytes
    failed: str = ""
    skipped: str = ""

    @property
    def wall(self) -> float | None:
        return statistics.median(self.walls) if self.walls else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(self.cpus) if self.cpus else None

    @property
    def peak(self) -> int | None:
        return max(self.peaks) if self.peaks else None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.command, self.workspace, self.cache


def clear_out(workspace: str) -> None:
    """Remove the workspace's out/ folder: the documents built and the register cache (out/.cache)."""
    shutil.rmtree(WORK / workspace / "out", ignore_errors=True)


def measure(command: str, workspace: str, reps: int, cache: str, note) -> Measure:
    result = Measure(command, workspace, cache)
    argv = CLI + ["-w", str(WORK / workspace)] + COMMANDS[command]
    rep = 0
    while rep < reps:
        if cache == COLD:
            clear_out(workspace)
        wall, cpu, peak, code, tail = run_process(argv)
        if code != 0:
            result.failed = f"exit code {code}: {tail}"
            note(f"    {command} on {workspace} FAILED ({result.failed})")
            return result
        result.walls.append(wall)
        result.cpus.append(cpu)
        result.peaks.append(peak)
        if rep == 0 and wall > SLOW_SECONDS:
            reps = min(reps, 3)
        rep += 1
    label = "" if command == "--help" else cache
    note(f"    {command:<17} {workspace:<15} {label:<5} {fmt_s(result.wall):>8} (cpu {fmt_s(result.cpu)}) "
         f"{fmt_mb(result.peak):>7}  n={len(result.walls)}")
    return result


# ------------------------------------------------------------------ workspaces

def fingerprint() -> str:
    """Changes when the generator or the register layout changes (then the workspaces are rebuilt)."""
    digest = hashlib.sha256()
    for path in (HERE / "generate.py", REPO / "meeting_packs" / "registers" / "schema.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def code_fingerprint() -> str:
    """The library, the CLI and the templates as they are now (to notice changes during a run)."""
    digest = hashlib.sha256()
    files = sorted((REPO / "meeting_packs").rglob("*.py")) + [REPO / "cli.py"] + sorted((REPO / "templates").glob("*"))
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_workspace(name: str, fresh: bool, note) -> dict:
    folder = WORK / name
    stamp_path = folder / generate.STAMP
    wanted = fingerprint()
    if stamp_path.exists() and not fresh:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        registers = ("actions.xlsx", "risks.xlsx", "forward-plan.xlsx", "membership.xlsx")
        if stamp.get("fingerprint") == wanted and all((folder / "registers" / f).exists() for f in registers):
            clear_out(name)
            return stamp
        note(f"  {name}: the generator or the schema changed; building it again")
    note(f"  generating {name} ...")
    summary = generate.generate(folder, overwrite=True, **WORKSPACES[name])
    summary["fingerprint"] = wanted
    stamp_path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    note(f"  generated {name} in {summary['seconds']} s")
    return summary


# ------------------------------------------------------------------ baselines (each in a worker process)

def worker(kind: str, args: list[str]) -> None:
    """Run one baseline in this fresh process; print JSON with the times of the operation only."""
    reps = int(args[-1])
    out: dict = {"times": []}
    if kind in ("openpyxl", "ours"):
        path = Path(args[0])
        if kind == "openpyxl":
            import openpyxl
        else:
            from meeting_packs.registers.schema import ACTIONS_BOOK
            from meeting_packs.registers.workbook import read_workbook
        out["values_times"] = []
        for _ in range(reps):
            started = time.perf_counter()
            if kind == "openpyxl":
                book = openpyxl.load_workbook(path)
                loaded = time.perf_counter()
                cells = sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
                out["values_times"].append(time.perf_counter() - loaded)
                out["times"].append(loaded - started)
            else:
                book = read_workbook(ACTIONS_BOOK, path)
                out["times"].append(time.perf_counter() - started)
                cells = sum(len(row) for sheet in book.sheets.values() for row in sheet.rows)
            out["cells"] = cells
            del book
    elif kind in ("fast", "docxtpl"):
        from meeting_packs.documents import action_appendix, registry
        from meeting_packs.documents.context import load_meeting
        from meeting_packs.documents.render import render_docx
        from meeting_packs.workspace import Workspace

        ws = Workspace(args[0])
        target = Path(args[1])
        md = load_meeting(ws, BOARD, MEETING, generate.AS_OF, need_schedule=False)
        context = action_appendix.build_context(md)
        out["rows"] = sum(len(group["actions"]) for group in context["groups"])
        template = registry.get("action-appendix").template_path(ws)
        for _ in range(reps):
            started = time.perf_counter()
            render_docx(template, context, target, finish=None, engine=kind)
            out["times"].append(time.perf_counter() - started)
        with zipfile.ZipFile(target) as package:
            body = package.read("word/document.xml")
        out["table_rows_written"] = body.count(b"<w:tr>") + body.count(b"<w:tr ")
    elif kind.startswith("floor-"):
        writes.main_worker(kind[len("floor-"):], args)
        return
    else:
        raise SystemExit(f"unknown worker {kind}")
    print(json.dumps(out))


def run_worker(kind: str, args: list[str], reps: int) -> dict:
    argv = [sys.executable, str(Path(__file__).resolve()), "_worker", kind, *args, str(reps)]
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "stdout"
        _, _, peak, code, tail = run_process(argv, timeout=1800, stdout=out)
        if code != 0:
            raise RuntimeError(f"baseline {kind} failed: {tail}")
        result = json.loads(out.read_text(encoding="utf-8").strip().splitlines()[-1])
    result["peak"] = peak
    return result


def rezip_floor(docx: Path, reps: int) -> float:
    """Median time to write the finished document's parts into a new .docx (ZIP_DEFLATED)."""
    with zipfile.ZipFile(docx) as package:
        parts = [(info.filename, package.read(info)) for info in package.infolist()]
    times = []
    target = docx.with_name("floor-rezip.docx")
    for _ in range(reps):
        started = time.perf_counter()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts:
                package.writestr(name, data)
        times.append(time.perf_counter() - started)
    target.unlink(missing_ok=True)
    return statistics.median(times)


# ------------------------------------------------------------------ profiles of misses

def profile_command(command: str, workspace: str, cache: str, top: int = 8) -> list[str]:
    """One run under cProfile: where the time goes, as lines of Markdown."""
    import pstats

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "run.prof"
        argv = [sys.executable, "-m", "cProfile", "-o", str(out), str(REPO / "cli.py"),
                "-w", str(WORK / workspace)] + COMMANDS[command]
        if cache == COLD:
            clear_out(workspace)
        wall, _, _, code, tail = run_process(argv)
        if code != 0 or not out.exists():
            return [f"(the profiled run failed: exit code {code}: {tail})"]
        stats = pstats.Stats(str(out), stream=io.StringIO())
    rows = stats.stats  # (file, line, function) -> (cc, nc, tottime, cumtime, callers)
    # the shares are of the whole profiled run (the profiler's own sums can differ slightly)
    total = max([stats.total_tt] + [value[3] for key, value in rows.items() if key[0] != "~"]) or 1.0

    def where(key) -> str:
        file, line, function = key
        if file == "~":
            return function
        short = re.sub(r"^.*/(site-packages|lib/python3\.\d+)/", "", file)
        if short.startswith(str(REPO)):
            short = short[len(str(REPO)) + 1:]
        return f"{short}:{line} {function}"

    lines = [f"One run under cProfile: {wall:.1f} s of wall time, {total:.1f} s profiled (the profiler "
             "inflates Python-heavy code: read the shares rather than the seconds).", "",
             "Own time (tottime), largest first:", ""]
    for key, (_, calls, own, _, _) in sorted(rows.items(), key=lambda kv: -kv[1][2])[:top]:
        lines.append(f"- {own:6.2f} s ({own / total:4.0%})  {calls:>9,} calls  `{where(key)}`")
    lines += ["", "Cumulative time: ours, and the libraries we call:", ""]
    shown = 0
    for key, (_, calls, _, cumulative, _) in sorted(rows.items(), key=lambda kv: -kv[1][3]):
        if key[2] in ("run", "<module>", "main", "__call__", "invoke", "_main", "new_func") or key[0] == "~":
            continue
        if key[0].startswith("<frozen"):
            continue
        if "/typer/" in key[0] or "cProfile" in key[0] or "runpy" in key[0]:
            continue
        lines.append(f"- {cumulative:6.2f} s ({cumulative / total:4.0%})  {calls:>9,} calls  `{where(key)}`")
        shown += 1
        if shown >= top + 4:
            break
    return lines


# ------------------------------------------------------------------ machine and formatting

def machine() -> dict[str, str]:
    info = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "platform": platform.platform(),
            "python": platform.python_version()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
        info["cpu"] = models[0] if models else platform.processor() or "unknown"
    except OSError:
        info["cpu"] = platform.processor() or "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info["cores"] = f"{os.cpu_count()} logical, {usable} usable by this process"
    try:
        meminfo = {line.split(":")[0]: line.split(":")[1].strip() for line in
                   Path("/proc/meminfo").read_text().splitlines()}
        info["memory"] = (f"{int(meminfo['MemTotal'].split()[0]) / 1024 / 1024:.1f} GiB total, "
                          f"{int(meminfo['MemAvailable'].split()[0]) / 1024 / 1024:.1f} GiB available at the start")
    except (OSError, KeyError, ValueError):
        info["memory"] = "unknown"
    from importlib import metadata

    versions = []
    for package in ("meeting-packs", "python-calamine", "openpyxl", "docxtpl", "python-docx", "docxcompose",
                    "lxml", "jinja2", "typer"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (source tree)" if package == "meeting-packs" else f"{package} ?")
    info["libraries"] = ", ".join(versions)
    from meeting_packs.documents.pdf import find_soffice

    soffice = find_soffice()
    info["libreoffice"] = "not installed"
    if soffice:
        try:
            version = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60).stdout
            info["libreoffice"] = version.strip().splitlines()[0] if version.strip() else soffice
        except (OSError, subprocess.TimeoutExpired):
            info["libreoffice"] = soffice
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "meeting_packs", "cli.py",
                                "templates"], capture_output=True, text=True, timeout=10).stdout.strip()
        info["commit"] = (commit or "?") + (" with uncommitted changes to the library" if dirty else "")
    except OSError:
        info["commit"] = "?"
    return info


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def fmt_s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def fmt_mb(value: int | None) -> str:
    return "–" if value is None else f"{value / 1e6:.0f} MB"


def cell(m: Measure | None) -> str:
    if m is None:
        return "–"
    if m.skipped:
        return "skipped"
    if m.failed:
        return "FAILED"
    return f"{fmt_s(m.wall)} · {fmt_mb(m.peak)}"


def md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    rows = [[str(c).replace("`", "") for c in r] for r in rows]
    widths = [max(len(r[i]) for r in [headers] + rows) for i in range(len(headers))]

    def line(r: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]


# ------------------------------------------------------------------ targets

@dataclass
class Target:
    what: str
    limit: float
    unit: str                      # "s", "MB" or "×"
    measures: list[tuple[str, float | None, Measure | None]]   # (label, value, measure to profile)

    def verdicts(self) -> list[tuple[str, float | None, bool | None]]:
        return [(label, value, None if value is None else value <= self.limit)
                for label, value, _ in self.measures]

    def shown(self, value: float | None) -> str:
        if value is None:
            return "–"
        return {"s": fmt_s(value), "MB": f"{value:.0f} MB", "×": f"{value:.1f}×"}[self.unit]

    def row(self) -> list[str]:
        verdicts = self.verdicts()
        measured = " / ".join(f"{self.shown(v)} {label}".strip() for label, v, _ in verdicts)
        result = " / ".join("–" if ok is None else ("pass" if ok else "MISS") for _, _, ok in verdicts)
        over = []
        for label, value, ok in verdicts:
            if ok is False:
                excess = value - self.limit
                amount = {"s": f"{excess:.2f} s", "MB": f"{excess:.0f} MB", "×": f"{excess:.1f}×"}[self.unit]
                over.append(f"{label + ': ' if label else ''}{amount} over ({value / self.limit:.1f}× the limit)")
        limit = {"s": f"≤ {self.limit:g} s", "MB": f"≤ {self.limit:g} MB", "×": f"≤ {self.limit:g}×"}[self.unit]
        return [self.what, measured, limit, result, "; ".join(over)]


# ------------------------------------------------------------------ the run

def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_worker":
        worker(argv[1], argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each, fewer baselines (about 3 minutes)")
    parser.add_argument("--fresh", action="store_true", help="generate every workspace again")
    parser.add_argument("--no-profile", action="store_true", help="do not profile the commands that miss a target")
    parser.add_argument("--output", type=Path, default=RESULTS,
                        help="where to write the results (default: benchmarks/results.md)")
    parser.add_argument("--writes-only", action="store_true",
                        help="only the write commands, their floors and the issue 14 targets (writes.py)")
    args = parser.parse_args(argv)
    quick = args.quick
    if args.writes_only:
        if args.output == RESULTS:  # the full run's file keeps the full run's figures
            args.output = HERE / "results-writes.md"
        return writes_only(args)
    started = time.perf_counter()
    start_launcher()  # first, while this process is small (see LAUNCHER)

    def note(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    load_start = load_average()
    code_at_start = code_fingerprint()
    info = machine()
    note(f"meeting-packs benchmarks{' (quick)' if quick else ''}: {info['cpu']}, {info['cores']}; "
         f"load average {load_start}")
    WORK.mkdir(exist_ok=True)
    if not (WORK / ".gitignore").exists():
        (WORK / ".gitignore").write_text("*\n", encoding="utf-8")
    note("Workspaces:")
    generation_started = time.perf_counter()
    stamps = {name: ensure_workspace(name, args.fresh, note) for name in WORKSPACES}
    generation = time.perf_counter() - generation_started

    from meeting_packs.documents.pdf import find_soffice

    soffice = find_soffice()
    bare_peak = run_process([sys.executable, "-c", "pass"])[2]
    run_process(CLI + ["--help"])  # warm the bytecode and file caches
    results: dict[tuple[str, str, str], Measure] = {}

    def timed(command: str, workspace: str, caches: tuple[str, ...] = (COLD, WARM)) -> None:
        if command == "--help":
            caches = (WARM,)
        for cache in caches:
            if command == "pack --pdf" and soffice is None:
                m = Measure(command, workspace, cache, skipped="LibreOffice is not installed")
            else:
                if quick:
                    count = 1
                elif command in SLOW_COMMANDS or cache == COLD:
                    count = 3
                else:
                    count = 5
                m = measure(command, workspace, count, cache, note)
            results[m.key] = m

    def r(command: str, workspace: str, cache: str = WARM) -> Measure | None:
        return results.get((command, workspace, cache))

    measuring_started = time.perf_counter()
    note("Whole processes (median wall time, peak memory):")
    for size in SIZES:
        for command in SERIES_COMMANDS:
            timed(command, f"actions-{size}")
    timed("pack --pdf", "actions-1000", (WARM,))
    timed("pack", "normal")
    timed("appendix actions", "all-open-10000")
    timed("pack --pdf", "all-open-1000", (WARM,))
    if not quick:
        timed("check", "normal")
        timed("appendix actions", "normal")
        timed("appendix actions", "all-open-1000", (WARM,))
        timed("pack", "all-open-1000", (WARM,))
        timed("pack", "all-open-10000", (WARM,))

    note("Baselines (the operation only, in a fresh worker process each):")
    baselines: dict[str, dict] = {}
    load_sizes = (10_000,) if quick else (10_000, 50_000)
    for size in load_sizes:
        path = WORK / f"actions-{size}" / "registers" / "actions.xlsx"
        baselines[f"ours-{size}"] = run_worker("ours", [str(path)], 1 if quick else 3)
        note(f"    read_workbook          {size:>6,}: {fmt_s(statistics.median(baselines[f'ours-{size}']['times']))}")
        # openpyxl takes close to a minute a time at 50,000 actions: once is enough there
        baselines[f"openpyxl-{size}"] = run_worker("openpyxl", [str(path)], 1 if (quick or size >= 50_000) else 3)
        note(f"    openpyxl.load_workbook {size:>6,}: "
             f"{fmt_s(statistics.median(baselines[f'openpyxl-{size}']['times']))}")
    render_dir = WORK / "renders"
    render_dir.mkdir(exist_ok=True)
    render_reps = 1 if quick else 3
    for engine in ("fast", "docxtpl"):
        out = render_dir / f"action-appendix-{engine}.docx"
        baselines[engine] = run_worker(engine, [str(WORK / "all-open-10000"), str(out)], render_reps)
        note(f"    render_docx engine={engine:<8} {baselines[engine]['rows']:,} rows: "
             f"{fmt_s(statistics.median(baselines[engine]['times']))}")
    floor = rezip_floor(render_dir / "action-appendix-fast.docx", 3 if quick else 5)
    note(f"    floor (re-zip the finished .docx): {fmt_s(floor)}")
    note("The write commands (issue 14):")
    found_writes = writes.run_writes(sys.modules[__name__], quick, note)
    measuring = time.perf_counter() - measuring_started

    # -------------------------------------------------------------- targets
    def wall(command: str, workspace: str, cache: str = WARM) -> tuple[str, float | None, Measure | None]:
        m = r(command, workspace, cache)
        label = "" if command in ("--help", "pack --pdf") else cache
        return label, (m.wall if m else None), m

    helps = [m for (c, _, _), m in results.items() if c == "--help" and m.wall is not None]
    worst_help = max(helps, key=lambda m: m.wall) if helps else None
    check_peaks = [m.peak for m in (r("check", "actions-50000", COLD), r("check", "actions-50000", WARM))
                   if m and m.peak]
    targets = [
        Target("`--help` (slowest median of the workspaces)", 0.25, "s",
               [("", worst_help.wall if worst_help else None, worst_help)]),
        Target("`check`, 50,000 actions: time", 2.0, "s",
               [wall("check", "actions-50000", COLD), wall("check", "actions-50000", WARM)]),
        Target("`check`, 50,000 actions: peak memory", 300, "MB",
               [("", max(check_peaks) / 1e6 if check_peaks else None, None)]),
        Target("`appendix actions`, 10,000-action workspace (20 boards, 15% open)", 2.0, "s",
               [wall("appendix actions", "actions-10000", COLD), wall("appendix actions", "actions-10000", WARM)]),
        Target("`appendix actions`, 10,000 actions all in the appendix", 2.0, "s",
               [wall("appendix actions", "all-open-10000", COLD), wall("appendix actions", "all-open-10000", WARM)]),
        Target("`pack`, normal meeting (200 actions, 50 risks, 40 plan items, four 10-page reports)", 1.5, "s",
               [wall("pack", "normal", COLD), wall("pack", "normal", WARM)]),
        Target("`pack --pdf`, 1,000-action appendix", 20.0, "s", [wall("pack --pdf", "all-open-1000")]),
        Target("`pack --pdf`, 1,000-action workspace (20 boards)", 20.0, "s", [wall("pack --pdf", "actions-1000")]),
    ]
    write_lines, write_targets = writes.report(sys.modules[__name__], found_writes)
    targets += write_targets + pack_targets(r)
    ratios: dict[tuple[str, str], float] = {}
    for command in SERIES_COMMANDS:
        measures = []
        for cache in ((WARM,) if command == "--help" else (COLD, WARM)):
            small, large = r(command, "actions-5000", cache), r(command, "actions-50000", cache)
            value = large.wall / small.wall if small and large and small.wall and large.wall else None
            if value is not None:
                ratios[(command, cache)] = value
            measures.append(("" if command == "--help" else cache, value, None))
        targets.append(Target(f"`{command}`: 50,000 actions ≤ 12 × 5,000 actions", 12, "×", measures))

    # -------------------------------------------------------------- profiles of the misses
    profiles: dict[tuple[str, str, str], list[str]] = {}
    if not args.no_profile:
        wanted = []
        for target in targets:
            missed = [m for (_, value, m), (_, _, ok) in zip(target.measures, target.verdicts())
                      if ok is False and m is not None and m.command != "--help"]
            cold = [m for m in missed if m.cache == COLD]
            wanted += [(cold or missed)[0].key] if missed else []
        for key in dict.fromkeys(wanted):
            if len(profiles) >= (1 if quick else 4):
                break
            note(f"Profiling {key[0]} on {key[1]} ({key[2]} cache), which missed a target ...")
            profiles[key] = profile_command(*key)
    stop_launcher()

    # -------------------------------------------------------------- report
    total = time.perf_counter() - started
    load_end = load_average()
    changed = code_fingerprint() != code_at_start
    changed_text = ("**The library, cli.py or the templates changed while this ran**: the figures mix "
                    "versions. Run it again for a clean set.") if changed else ""
    size_heads = [f"{n:,}" for n in SIZES]
    series = {}
    for cache in (WARM, COLD):
        rows = []
        for command in SERIES_COMMANDS:
            if cache == COLD and command == "--help":
                continue
            row = [f"`{command}`"] + [cell(r(command, f"actions-{n}", cache)) for n in SIZES]
            ratio = ratios.get((command, cache))
            row.append(f"{ratio:.1f}×" if ratio else "–")
            rows.append(row)
        series[cache] = rows
    series[WARM].append(["`pack --pdf`", cell(r("pack --pdf", "actions-1000"))] + ["–"] * len(SIZES))
    cpu_rows = []
    for command in SERIES_COMMANDS:
        for cache in ((WARM,) if command == "--help" else (COLD, WARM)):
            cpu_rows.append([f"`{command}`" + ("" if command == "--help" else f" ({cache})")] +
                            [fmt_s(m.cpu) if (m := r(command, f"actions-{n}", cache)) else "–" for n in SIZES])
    other = [[f"`{m.command}`", m.workspace, "" if m.command in ("pack --pdf",) else m.cache, cell(m),
              fmt_s(m.cpu), str(len(m.walls))]
             for m in results.values() if not m.workspace.startswith("actions-")]
    load_rows = []
    for size in load_sizes:
        theirs, ours = baselines[f"openpyxl-{size}"], baselines[f"ours-{size}"]
        t_load, t_ours = statistics.median(theirs["times"]), statistics.median(ours["times"])
        load_rows.append([f"{size:,} actions + {stamps[f'actions-{size}']['counts']['history']:,} history rows",
                          f"{fmt_s(t_load)} · {fmt_mb(theirs['peak'])} (n={len(theirs['times'])})",
                          fmt_s(statistics.median(theirs["values_times"])),
                          f"{fmt_s(t_ours)} · {fmt_mb(ours['peak'])} (n={len(ours['times'])})",
                          f"{t_load / t_ours:.1f}×"])
    fast_t, tpl_t = statistics.median(baselines["fast"]["times"]), statistics.median(baselines["docxtpl"]["times"])
    render_rows = [[f"{baselines['fast']['rows']:,} actions (table rows written: ours "
                    f"{baselines['fast']['table_rows_written']:,}, docxtpl {baselines['docxtpl']['table_rows_written']:,})",
                    f"{fmt_s(tpl_t)} · {fmt_mb(baselines['docxtpl']['peak'])}",
                    f"{fmt_s(fast_t)} · {fmt_mb(baselines['fast']['peak'])}",
                    f"{tpl_t / fast_t:.1f}×", fmt_s(floor), f"{fast_t / floor:.1f}×"]]
    target_rows = [t.row() for t in targets]
    reps_text = ("one run of each (--quick)" if quick else
                 "warm: 5 runs (3 for `pack --pdf` and for any command whose first run took over "
                 f"{SLOW_SECONDS:g} s); cold: 3 runs")

    text: list[str] = []
    text += ["# meeting-packs benchmarks", "",
             f"Written by `python benchmarks/run.py{' --quick' if quick else ''}` on {info['date']}: "
             f"{total / 60:.1f} min in all, {measuring / 60:.1f} min of it measuring "
             f"({f'{generation:.0f} s generating workspaces' if generation >= 1 else 'workspaces reused'}).",
             "", "## Machine", ""]
    for key in ("platform", "cpu", "cores", "memory", "python", "libraries", "libreoffice", "commit"):
        text.append(f"- **{key}**: {info[key]}")
    text += [f"- **load average** (1, 5, 15 min): {load_start} at the start, {load_end} at the end", ""]
    if changed_text:
        text += [changed_text, ""]
    text += ["The machine is shared with other work, so the figures are noisy. The CPU times (user + "
             "system) are given too: where a wall time is much larger than its CPU time, the process "
             "was waiting for a core.", "",
             "## Whole processes by workspace size", "",
             f"Median wall time · peak memory of `python cli.py -w WORKSPACE …`, {reps_text}. Peak memory is "
             "the process's ru_maxrss (MB = 10⁶ bytes; a bare `python -c pass` measures "
             f"{fmt_mb(bare_peak)} this way). Every command runs with `--as-of {AS_OF}`; `appendix actions` "
             f"and `pack` build the {BOARD} meeting of {MEETING}. The last column is the growth from 5,000 "
             "to 50,000 actions (target ≤ 12×).", "",
             "**Warm**: the register cache (out/.cache) holds the registers, as when commands follow one "
             "another:", ""]
    text += md_table(["command"] + size_heads + ["50k / 5k"], series[WARM])
    text += ["", "**Cold**: the workspace's out/ folder, with the register cache, removed before each run, "
             "as after someone edits a register in Excel:", ""]
    text += md_table(["command"] + size_heads + ["50k / 5k"], series[COLD])
    text += ["", "CPU time (user + system, median):", ""]
    text += md_table(["command"] + size_heads, cpu_rows)
    text += ["", "Each `actions-N` workspace has 20 boards sharing the registers (the benchmark board holds 1/20 "
             "of the rows), about 85% of actions complete, 2-3 history entries per action, risks = actions / 20, "
             "plan items = actions / 25, 25 members and quarterly meetings 2019–2026 per board, and four "
             "~10-page reports on the benchmark meeting's agenda with the Action log and Risk register "
             "appendices. So the action appendix holds only the benchmark board's open actions and those "
             "closed since its previous meeting.", ""]
    text += md_table(["workspace", "actions", "open", "history rows", "risks", "plan items",
                      f"actions on {BOARD}", "actions.xlsx"],
                     [[name, f"{s['counts']['actions']:,}", f"{s['counts']['open_actions']:,}",
                       f"{s['counts']['history']:,}", f"{s['counts']['risks']:,}", f"{s['counts']['plan_items']:,}",
                       f"{s['counts']['benchmark_board_actions']:,}",
                       f"{(WORK / name / 'registers' / 'actions.xlsx').stat().st_size / 1e6:.1f} MB"]
                      for name, s in stamps.items()])
    text += ["", "## The normal meeting and the worst-case appendix", "",
             "`normal`: one board with 200 actions, 50 risks, 40 plan items and four ~10-page reports. "
             "`all-open-N`: N actions, all on the benchmark board and all open, so the action appendix "
             "holds every one of them (the issue's \"1,000-action appendix\"). For `pack --pdf` the peak "
             "is the larger of the tool and LibreOffice.", ""]
    text += md_table(["command", "workspace", "cache", "median wall · peak", "CPU", "runs"], other)
    text += ["", "## Baselines: the obvious implementation next to ours", "",
             "Each timed inside a fresh worker process (imports and set-up not timed); the peak is the "
             "worker's whole peak, for the renders including loading the workspace and building the context.", "",
             "Reading actions.xlsx (Actions and History sheets): plain `openpyxl.load_workbook(path)` versus "
             "our `read_workbook(ACTIONS_BOOK, path)` (python-calamine, rows as dicts, with its container "
             "checks and digest; the commands add the register cache on top of it).", ""]
    text += md_table(["workbook", "openpyxl.load_workbook", "then reading every value", "ours",
                      "ours is faster by"], load_rows)
    text += ["", "Writing the action appendix from one context (`render_docx(..., finish=None)`): docxtpl's own "
             f"`{{%tr %}}` loop versus our table writer (fast_tables.py), median of {render_reps}. The floor is "
             "the time to write the same .docx bytes: the finished document's parts zipped again "
             "(ZIP_DEFLATED). Our time divided by it shows how close we are to the limit.", ""]
    text += md_table(["appendix", "docxtpl `{%tr %}`", "ours", "ours is faster by", "floor (re-zip)",
                      "ours / floor"], render_rows)
    appendix_process = r("appendix actions", "all-open-10000")
    if appendix_process and appendix_process.wall:
        text += ["", f"The whole `appendix actions` process for those {baselines['fast']['rows']:,} actions "
                 f"(warm cache) took {fmt_s(appendix_process.wall)}: {appendix_process.wall / floor:.0f}× the floor."]
    text += [""] + write_lines
    text += ["", "## Targets (issues 6 and 14)", "",
             "Medians of whole processes on this machine (see Machine), cold and warm register cache where "
             "it applies.", ""]
    text += md_table(["target", "measured", "limit", "result", "by how much"], target_rows)
    if worst_help is not None and worst_help.wall and worst_help.wall > 0.25:
        text += ["", f"`--help`: its CPU time was {fmt_s(worst_help.cpu)}, so the miss is start-up work, not "
                 "waiting. `python -X importtime cli.py --help` shows where it goes (Typer formats help "
                 "with rich unless told not to)."]
    if profiles:
        text += ["", "## Why: profiles of the commands that missed a target", ""]
        for (command, workspace, cache), lines in profiles.items():
            text += [f"### `{command}` on {workspace}, {cache} cache", ""] + lines + [""]
    args.output.write_text("\n".join(text).rstrip() + "\n", encoding="utf-8")

    # -------------------------------------------------------------- stdout
    print()
    print("Whole processes, warm register cache: median wall time · peak memory")
    print("\n".join(text_table(["command"] + size_heads + ["50k/5k"], series[WARM])))
    print()
    print("Cold register cache (out/ removed before each run)")
    print("\n".join(text_table(["command"] + size_heads + ["50k/5k"], series[COLD])))
    print()
    print("\n".join(text_table(["command", "workspace", "cache", "median · peak", "CPU", "runs"], other)))
    print()
    print("Baselines: reading actions.xlsx")
    print("\n".join(text_table(["workbook", "openpyxl.load_workbook", "+ values", "ours", "ratio"], load_rows)))
    print()
    print("Baselines: writing the action appendix")
    print("\n".join(text_table(["appendix", "docxtpl {%tr%}", "ours", "ratio", "floor", "ours/floor"], render_rows)))
    print()
    print("Targets")
    print("\n".join(text_table(["target", "measured", "limit", "result", "by how much"], target_rows)))
    print()
    if changed:
        print(changed_text.replace("**", ""))
    print(f"Written to {args.output} ({total / 60:.1f} min; load average {load_start} → {load_end}).")
    return 0


def pack_targets(r) -> list[Target]:
    """Issue 14's target for a pack whose action appendix holds 10,000 rows."""
    out = []
    for what, unit, limit in (("time", "s", 4.0), ("peak memory", "MB", 300)):
        measures = []
        for cache in (COLD, WARM):
            m = r("pack", "all-open-10000", cache)
            value = None if m is None or not m.walls else (m.wall if unit == "s" else m.peak / 1e6)
            measures.append((cache, value, m))
        out.append(Target(f"`pack`, action appendix of 10,000 rows: {what}", limit, unit, measures))
    return out


def writes_only(args) -> int:
    """`--writes-only`: the write commands and issue 14's targets, in a run of their own."""
    started = time.perf_counter()
    start_launcher()

    def note(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    load_start, code_at_start, info = load_average(), code_fingerprint(), machine()
    note(f"meeting-packs benchmarks, write commands: {info['cpu']}, {info['cores']}; load average {load_start}")
    WORK.mkdir(exist_ok=True)
    for name in ("normal", "actions-5000", "actions-50000", "all-open-10000"):
        ensure_workspace(name, args.fresh, note)
    run_process(CLI + ["--help"])
    results: dict[tuple[str, str, str], Measure] = {}
    reps = 1 if args.quick else 3
    for command, workspace, caches in (("--help", "normal", (WARM,)), ("pack", "normal", (COLD, WARM)),
                                       ("pack", "all-open-10000", (COLD, WARM))):
        for cache in caches:
            m = measure(command, workspace, 5 if command == "--help" else reps, cache, note)
            results[m.key] = m
    found = writes.run_writes(sys.modules[__name__], args.quick, note)
    stop_launcher()
    lines, targets = writes.report(sys.modules[__name__], found)

    def r(command, workspace, cache=WARM):
        return results.get((command, workspace, cache))

    help_m = r("--help", "normal")
    targets = [Target("`--help`", 0.25, "s", [("", help_m.wall if help_m else None, help_m)]),
               Target("`pack`, normal meeting", 1.5, "s",
                      [(c, (r("pack", "normal", c).wall if r("pack", "normal", c) else None), r("pack", "normal", c))
                       for c in (COLD, WARM)])] + targets + pack_targets(r)
    other = [[f"`{m.command}`", m.workspace, m.cache, cell(m), fmt_s(m.cpu), str(len(m.walls))]
             for m in results.values()]
    changed = code_fingerprint() != code_at_start
    text = ["# meeting-packs benchmarks: the write commands", "",
            f"Written by `python benchmarks/run.py --writes-only{' --quick' if args.quick else ''}` on "
            f"{info['date']} in {(time.perf_counter() - started) / 60:.1f} min. The full run "
            "(`python benchmarks/run.py`) writes the read and document series as well.", "", "## Machine", ""]
    for key in ("platform", "cpu", "cores", "memory", "python", "libraries", "commit"):
        text.append(f"- **{key}**: {info[key]}")
    text += [f"- **load average** (1, 5, 15 min): {load_start} at the start, {load_average()} at the end", ""]
    if changed:
        text += ["**The library changed while this ran**: the figures mix versions.", ""]
    text += ["The machine is shared with other work, so the figures are noisy: compare the CPU times "
             "with the wall times.", ""]
    text += lines
    text += ["", "## Reads and packs measured in the same run", ""]
    text += md_table(["command", "workspace", "cache", "median wall · peak", "CPU", "runs"], other)
    text += ["", "## Targets (issue 14)", ""]
    text += md_table(["target", "measured", "limit", "result", "by how much"], [t.row() for t in targets])
    args.output.write_text("\n".join(text).rstrip() + "\n", encoding="utf-8")
    print("\n".join(text_table(["target", "measured", "limit", "result", "by how much"],
                               [t.row() for t in targets])))
    print(f"Written to {args.output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
