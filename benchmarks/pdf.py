"""`pack --pdf` of a normal meeting against a bare LibreOffice conversion of the same .docx (issue 11).

The normal meeting is the example workspace's Health and Wellbeing Board of
28 March 2019 (agenda, welcome page, four reports: 29 pages).  Measured side
by side, whole processes, median of `--reps` runs each:

- pack:  `python cli.py pack hwb 2019-03-28 --pdf --force` (builds the Word pack,
  converts it tagged PDF/UA, writes page labels and bookmarks with pypdf);
- bare:  `soffice --headless --convert-to pdf` of the pack's .docx, untagged, with a
  profile of its own each time, made where the tool makes its own (`pdf.profile_folder`:
  /dev/shm on Linux), as the tool runs it (a first run in a new profile).  Only the
  soffice process is timed: not removing its profile, which the tool's figure includes.

The tool runs as installed: with its bytecode cached (`PYTHONDONTWRITEBYTECODE`, which a
development shell may set, is left out of its environment, so the first, untimed run compiles it
once as `pip install` would), else each run would also compile the tool's modules from source.

Target: pack ≤ 1.3 × bare, judged on the median of the pair-by-pair ratios (each pack run
divided by the bare run beside it, so that a busy moment of a shared machine weighs on both
sides of one ratio).  Run: `python benchmarks/pdf.py [--reps 7] [--write]` (`--write`: the
figures into benchmarks/results-pdf.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# the tool's environment: bytecode written and read, as an installed tool has it
TOOL_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def bare(soffice: str, docx: Path) -> float:
    from meeting_packs.documents.pdf import profile_folder

    profile = Path(tempfile.mkdtemp(prefix="bench-lo-", dir=profile_folder()))  # where the tool makes its own
    out = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        return timed([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                      "--convert-to", "pdf", "--outdir", str(out), str(docx)])
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--write", action="store_true", help="also write benchmarks/results-pdf.md")
    args = parser.parse_args(argv)

    from meeting_packs.documents.pdf import find_soffice
    from meeting_packs.workspace import init_workspace

    soffice = find_soffice()
    if soffice is None:
        print("LibreOffice is not installed: nothing to measure.")
        return 1
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-pack-") as folder:
        ws = Path(folder) / "example"
        init_workspace(ws, example=True)
        command = [sys.executable, str(ROOT / "cli.py"), "-w", str(ws), "pack", "hwb", "2019-03-28",
                   "--as-of", "2019-03-01", "--force"]
        timed(command + ["--pdf"], env=TOOL_ENV)  # warm the file cache and Python's bytecode once
        docx = next((ws / "out" / "hwb" / "2019-03-28").glob("*.docx"))
        pack_times, bare_times, word_times = [], [], []
        for rep in range(args.reps):  # side by side, each going first every other time
            if rep % 2:
                bare_times.append(bare(soffice, docx))
                pack_times.append(timed(command + ["--pdf"], env=TOOL_ENV))
            else:
                pack_times.append(timed(command + ["--pdf"], env=TOOL_ENV))
                bare_times.append(bare(soffice, docx))
            word_times.append(timed(command, env=TOOL_ENV))  # the Word pack alone, for the account of the difference
    load_after = os.getloadavg()[0]
    pairs = [pack / bare for pack, bare in zip(pack_times, bare_times)]  # each pack run beside its bare run
    rows = [("`pack --pdf`", pack_times), ("bare LibreOffice conversion", bare_times),
            ("`pack` (Word only)", word_times)]
    ratio = statistics.median(pairs)
    verdict = "met" if ratio <= 1.3 else "missed"
    lines = [f"{name:30s} median {statistics.median(times):.2f} s  ({', '.join(f'{t:.2f}' for t in times)})"
             for name, times in rows]
    lines.append(f"pack / bare, pair by pair: {', '.join(f'{r:.2f}' for r in pairs)}; median {ratio:.2f} "
                 f"(ratio of the medians {statistics.median(pack_times) / statistics.median(bare_times):.2f})")
    lines.append(f"target ≤ 1.30: {verdict}  (load average {load_before:.1f} before, {load_after:.1f} after; "
                 f"{os.cpu_count()} cores)")
    print("\n".join(lines))
    if args.write:
        write_results(rows, pairs, ratio, verdict, load_before, load_after, args.reps)
    return 0 if ratio <= 1.3 else 2


def write_results(rows, pairs, ratio, verdict, load_before, load_after, reps) -> None:
    import datetime as dt
    import platform

    import meeting_packs.documents.pdf as pdf

    version = subprocess.run([pdf.find_soffice(), "--version"], capture_output=True, text=True).stdout.strip()
    text = [
        "# `pack --pdf` against a bare LibreOffice conversion",
        "",
        f"Written by `python benchmarks/pdf.py --reps {reps} --write` on "
        f"{dt.datetime.now():%Y-%m-%d %H:%M}: {platform.platform()}, {os.cpu_count()} cores, load average "
        f"{load_before:.1f} before and {load_after:.1f} after (the machine is shared); {version}.",
        "",
        "Whole processes, wall time; `pack --pdf` and the bare conversion side by side, each going first "
        "every other time. The Word-only `pack` is there to account for the difference.",
        "",
        "| measured | median | runs |",
        "|---|---|---|",
    ]
    text += [f"| {name} | {statistics.median(times):.2f} s | {', '.join(f'{t:.2f}' for t in times)} |"
             for name, times in rows]
    text += ["", f"Pack / bare, pair by pair: {', '.join(f'{r:.2f}' for r in pairs)}; median **{ratio:.2f}** "
             f"(target ≤ 1.30: {verdict}).", ""]
    (ROOT / "benchmarks" / "results-pdf.md").write_text("\n".join(text), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
