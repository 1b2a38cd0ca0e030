"""The write commands timed next to their floors (issue 14), for run.py.

    python benchmarks/run.py --writes-only     # this part alone, with the issue 14 targets

`actions add`, `actions update`, `actions close`, `minutes import` of the benchmark
meeting (three actions agreed, attendance recorded) and `plan add` run as whole processes
on copies of the `normal` (200 actions), `actions-5000` and `actions-50000` workspaces.
Each copy is first "settled" by one `actions add` (the state the tool leaves a register in
after its first save), then its registers are put back from that snapshot before every
run, so every run saves the same change to the same file.  Cold: the copy's out/ (the
register cache) removed before each run; warm: the cache filled by a `check` first.

The floors are measured in the same run, each in a fresh worker process:

- reading the same workbook with python-calamine alone (`CalamineWorkbook.from_path`,
  every sheet `to_python`): no process start, no checks, no rows as dicts;
- copying the workbook's bytes through zipfile (every part read and written again,
  ZIP_DEFLATED): what writing the file back costs at least.

The ratios in results.md are whole-process medians divided by those floors.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

WRITE_WORKSPACES = ("normal", "actions-5000", "actions-50000")
WRITE_COMMANDS = ("actions add", "actions update", "actions close", "minutes import", "plan add")
# the registers each command writes: its floor is the sum of theirs
WRITTEN = {"actions add": ("actions.xlsx",), "actions update": ("actions.xlsx",),
           "actions close": ("actions.xlsx",), "minutes import": ("actions.xlsx", "membership.xlsx"),
           "plan add": ("forward-plan.xlsx",)}


def floor_worker(kind: str, path: str, reps: int) -> dict:
    """Run inside a worker process: the floor's times, imports not counted."""
    times, cpus = [], []
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        for _ in range(reps):
            started, cpu = time.perf_counter(), time.process_time()
            book = CalamineWorkbook.from_path(path)
            cells = sum(len(row) for name in book.sheet_names
                        for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            times.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            del book
        return {"times": times, "cpus": cpus, "cells": cells}
    if kind == "zipcopy":
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) / "copy.xlsx"
            for _ in range(reps):
                started, cpu = time.perf_counter(), time.process_time()
                with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
                    for info in source.infolist():
                        out.writestr(info.filename, source.read(info))
                times.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
        return {"times": times, "cpus": cpus}
    raise SystemExit(f"unknown floor {kind}")


def _pick(folder: Path, board: str) -> tuple[str, str]:
    """(an open action of the board, its owner) from the settled register."""
    from meeting_packs.registers.reading import read_workbook
    from meeting_packs.registers.schema import ACTIONS_BOOK

    rows = read_workbook(ACTIONS_BOOK, folder / "registers" / "actions.xlsx", frozenset({"Actions"}))["Actions"].rows
    for row in rows:
        if str(row.get("Board")).lower() == board and row.get("Status") != "Complete" and row.get("Owner"):
            return str(row["Reference"]), str(row["Owner"])
    raise SystemExit(f"no open {board} action in {folder}")


def _minutes(folder: Path, board: str, meeting: dt.date, as_of: dt.date, owner: str) -> Path:
    """The minutes template of the benchmark meeting, completed: three actions agreed."""
    import docx

    from meeting_packs.documents.registry import write_document
    from meeting_packs.workspace import Workspace

    template = folder / "bench-minutes-template.docx"
    write_document(Workspace(folder), "minutes-template", board, meeting.isoformat(), template, as_of, True)
    document = docx.Document(str(template))
    # actions are typed once, in an item's Action column: initials, words, due date
    from meeting_packs.documents.minutes_template import ITEM_HEADERS

    table = next(t for t in document.tables
                 if tuple(c.text for c in t.rows[0].cells)[:len(ITEM_HEADERS)] == ITEM_HEADERS)
    texts = ["Circulate the refreshed SEND strategy to all partners",
             "Bring the inclusion dashboard to the next meeting",
             "Write to schools about the new outreach offer"]
    cell = table.rows[1].cells[ITEM_HEADERS.index("Action")]
    cell.paragraphs[0].text = "\n".join(f"{owner} – {text} by 30/06/2026" for text in texts)
    path = folder / "bench-minutes.docx"
    document.save(str(path))
    return path


def run_writes(bench, quick: bool, note) -> dict:
    """Time the write commands; returns {"measures": …, "floors": …, "check_pairs": …} for `report`."""
    work, board = bench.WORK, bench.BOARD
    meeting, as_of = bench.generate.MEETING, bench.generate.AS_OF
    measures: dict[tuple[str, str, str], object] = {}
    floors: dict[tuple[str, str], dict] = {}
    pairs: dict[str, list[tuple[float, float]]] = {}  # cold check: (wall / C, CPU / C) of each run
    for name in WRITE_WORKSPACES:
        copy = work / f"{name}-writes"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(work / name, copy)
        shutil.rmtree(copy / "out", ignore_errors=True)
        ref, owner = _pick(copy, board)
        settle = bench.CLI + ["-w", str(copy), "actions", "add", board, "Settling action", "--owner", owner,
                              "--due", "2026-06-30"]
        wall, _, _, code, tail = bench.run_process(settle)
        if code != 0:
            raise SystemExit(f"settling {name} failed: {tail}")
        note(f"  {name}: settled by one actions add in {bench.fmt_s(wall)}")
        minutes = _minutes(copy, board, meeting, as_of, owner)
        snapshot = work / f"{name}-writes.registers"
        shutil.rmtree(snapshot, ignore_errors=True)
        shutil.copytree(copy / "registers", snapshot, ignore=shutil.ignore_patterns("backups"))
        for register in ("actions.xlsx", "membership.xlsx", "forward-plan.xlsx"):
            path = snapshot / register
            for kind in ("calamine", "zipcopy"):
                floors[(name, register, kind)] = bench.run_worker(f"floor-{kind}", [str(path)], 1 if quick else 3)
        commands = {
            "actions add": ["actions", "add", board, "Benchmark action", "--owner", owner, "--due", "2026-06-30"],
            "actions update": ["actions", "update", ref, "--rag", "Amber", "--progress", "Benchmark update"],
            "actions close": ["actions", "close", ref, "--progress", "Closed in the benchmark"],
            "minutes import": ["minutes", "import", str(minutes)],
            "plan add": ["plan", "add", board, "Benchmark item", "--purpose", "To note"],
        }
        for command, args in commands.items():
            for cache in (bench.COLD, bench.WARM):
                m = bench.Measure(command, name, cache)
                reps = 1 if quick else 3
                if cache == bench.WARM:
                    bench.run_process(bench.CLI + ["-w", str(copy), "check", "--as-of", bench.AS_OF])
                for _ in range(reps):
                    shutil.rmtree(copy / "registers", ignore_errors=True)
                    shutil.copytree(snapshot, copy / "registers")
                    if cache == bench.COLD:
                        shutil.rmtree(copy / "out", ignore_errors=True)
                    wall, cpu, peak, code, tail = bench.run_process(bench.CLI + ["-w", str(copy)] + args)
                    if code != 0:
                        m.failed = f"exit code {code}: {tail}"
                        note(f"    {command} on {name} FAILED ({m.failed})")
                        break
                    m.walls.append(wall)
                    m.cpus.append(cpu)
                    m.peaks.append(peak)
                if m.walls:
                    note(f"    {command:<15} {name:<14} {cache:<5} {bench.fmt_s(m.wall):>8} (cpu "
                         f"{bench.fmt_s(m.cpu)}) {bench.fmt_mb(m.peak):>7}  n={len(m.walls)}")
                measures[(command, name, cache)] = m
        # the first command after a change reads the registers cold; each run comes right after a
        # calamine read of the same actions.xlsx, so that the ratio is taken pair by pair, as
        # pdf.py does: on a shared machine a floor measured a minute earlier may have run at
        # another speed (in two runs it came to 3.06 s and 4.81 s, with check's own figures
        # moving the other way)
        m = bench.Measure("check", name, bench.COLD)
        pairs[name] = []
        for _ in range(1 if quick else 5):
            floor = bench.run_worker("floor-calamine", [str(copy / "registers" / "actions.xlsx")], 1)
            shutil.rmtree(copy / "out", ignore_errors=True)
            wall, cpu, peak, code, tail = bench.run_process(bench.CLI + ["-w", str(copy), "check", "--as-of",
                                                                         bench.AS_OF])
            if code not in (0, 1):  # check exits 1 when it finds problems in the rows
                m.failed = f"exit code {code}: {tail}"
                break
            m.walls.append(wall)
            m.cpus.append(cpu)
            m.peaks.append(peak)
            pairs[name].append((wall / floor["times"][0], cpu / floor["cpus"][0]))
        ratio = statistics.median(w for w, _ in pairs[name]) if pairs[name] else float("nan")
        note(f"    check (cold)    {name:<14}       {bench.fmt_s(m.wall):>8} {bench.fmt_mb(m.peak):>7}"
             f"  {ratio:.2f}× C pair by pair")
        measures[("check", name, bench.COLD)] = m
    return {"measures": measures, "floors": floors, "check_pairs": pairs}


def floor_of(found: dict, workspace: str, command: str, kind: str, what: str = "times") -> float:
    return sum(statistics.median(found["floors"][(workspace, register, kind)][what])
               for register in WRITTEN.get(command, ("actions.xlsx",)))


def report(bench, found: dict) -> tuple[list[str], list]:
    """Markdown lines for results.md, and the issue 14 targets on the write commands."""
    measures = found["measures"]
    lines = ["## Saving: the write commands next to their floors (issue 14)", "",
             "Median wall time · peak memory of the whole process; in brackets its ratio to the floors "
             "measured in this run on the same register(s): python-calamine reading the workbook(s) the "
             "command writes (C), and copying their bytes through zipfile (Z). Each run saves the same "
             "change to the same file (see benchmarks/writes.py). `check` is the first command after "
             "a change: cold cache.", ""]
    heads = ["command", "cache"] + [w for w in WRITE_WORKSPACES]
    rows = []
    for command in WRITE_COMMANDS + ("check",):
        for cache in ((bench.COLD,) if command == "check" else (bench.COLD, bench.WARM)):
            row = [f"`{command}`", cache]
            for name in WRITE_WORKSPACES:
                m = measures.get((command, name, cache))
                if m is None or not m.walls:
                    row.append("FAILED" if m is not None and m.failed else "–")
                    continue
                c = floor_of(found, name, command, "calamine")
                z = floor_of(found, name, command, "zipcopy")
                row.append(f"{bench.fmt_s(m.wall)} · {bench.fmt_mb(m.peak)} ({m.wall / c:.1f}× C, {m.wall / z:.0f}× Z)")
            rows.append(row)
    lines += bench.md_table(heads, rows)
    lines += ["", "The same as CPU time (user + system) over the floors' CPU time, which a busy machine "
              "disturbs less than wall time:", ""]
    cpu_rows = []
    for command in WRITE_COMMANDS + ("check",):
        for cache in ((bench.COLD,) if command == "check" else (bench.COLD, bench.WARM)):
            row = [f"`{command}`", cache]
            for name in WRITE_WORKSPACES:
                m = measures.get((command, name, cache))
                if m is None or not m.cpus:
                    row.append("–")
                    continue
                c = floor_of(found, name, command, "calamine", "cpus")
                row.append(f"{bench.fmt_s(m.cpu)} ({m.cpu / c:.1f}× C)")
            cpu_rows.append(row)
    lines += bench.md_table(heads, cpu_rows)
    lines += ["", "The floors (median, in a worker process; wall / CPU):", ""]
    floor_rows = []
    for name in WRITE_WORKSPACES:
        for register in ("actions.xlsx", "membership.xlsx", "forward-plan.xlsx"):
            c, z = (found["floors"][(name, register, kind)] for kind in ("calamine", "zipcopy"))
            floor_rows.append([name, register] + [f"{bench.fmt_s(statistics.median(f['times']))} / "
                                                  f"{bench.fmt_s(statistics.median(f['cpus']))}" for f in (c, z)])
    lines += bench.md_table(["workspace", "register", "python-calamine read (C)", "zipfile copy (Z)"], floor_rows)

    def value(command, name, cache, what="wall"):
        m = measures.get((command, name, cache))
        if m is None or not m.walls:
            return None, m
        return (m.wall if what == "wall" else m.peak / 1e6), m

    targets = []
    for command in ("actions add", "actions update"):
        targets.append(bench.Target(f"`{command}`, 5,000 actions", 1.0, "s",
                                    [(cache, *value(command, "actions-5000", cache))
                                     for cache in (bench.COLD, bench.WARM)]))
        ratio = []
        for cache in (bench.COLD, bench.WARM):
            wall, m = value(command, "actions-50000", cache)
            c = floor_of(found, "actions-50000", command, "calamine")
            ratio.append((cache, None if wall is None else wall / c, m))
        targets.append(bench.Target(f"`{command}`, 50,000 actions: × the calamine read of actions.xlsx",
                                    3.0, "×", ratio))
        cpu_ratio = []
        for cache in (bench.COLD, bench.WARM):
            m = measures.get((command, "actions-50000", cache))
            c = floor_of(found, "actions-50000", command, "calamine", "cpus")
            cpu_ratio.append((cache, None if m is None or not m.cpus else m.cpu / c, m))
        targets.append(bench.Target(f"`{command}`, 50,000 actions: the same in CPU time", 3.0, "×", cpu_ratio))
        targets.append(bench.Target(f"`{command}`, 50,000 actions: peak memory", 400, "MB",
                                    [(cache, *value(command, "actions-50000", cache, "peak"))
                                     for cache in (bench.COLD, bench.WARM)]))
    m = measures.get(("check", "actions-50000", bench.COLD))
    pairs = found.get("check_pairs", {})

    def median_of(name: str, which: int) -> float | None:
        return statistics.median(pair[which] for pair in pairs[name]) if pairs.get(name) else None

    targets.append(bench.Target("`check`, cold cache, 50,000 actions: × the calamine read of actions.xlsx, "
                                "pair by pair (wall / CPU)", 1.5, "×",
                                [("wall", median_of("actions-50000", 0), m), ("CPU", median_of("actions-50000", 1), m)]))
    lines += ["", "`check` with a cold cache is timed right after a python-calamine read of the same "
              "actions.xlsx, each time, and its ratio to that read is taken pair by pair (median of the "
              "pairs; the floors above were measured earlier, and on a shared machine that moves the "
              "ratio by a third):", ""]
    lines += bench.md_table(["workspace", "each run's wall / its C", "each run's CPU / its C", "median (wall / CPU)"],
                            [[name, ", ".join(f"{w:.2f}" for w, _ in pairs.get(name, [])),
                              ", ".join(f"{c:.2f}" for _, c in pairs.get(name, [])),
                              f"{median_of(name, 0):.2f}× / {median_of(name, 1):.2f}×" if pairs.get(name) else "–"]
                             for name in WRITE_WORKSPACES])
    return lines, targets


def main_worker(kind: str, args: list[str]) -> None:
    print(json.dumps(floor_worker(kind, args[0], int(args[-1]))))


if __name__ == "__main__":
    sys.exit("run it through run.py: python benchmarks/run.py --writes-only")
