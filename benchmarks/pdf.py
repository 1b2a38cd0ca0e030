"""`pack --pdf` of a normal meeting against a bare LibreOffice conversion of the same .docx (issue 11).

The normal meeting is the example workspace's Health and Wellbeing Board of
28 March 2019 (agenda, welcome page, four reports: 28 pages).  Measured side
by side, whole processes, median of `--reps` runs each:

- pack:  `python cli.py pack hwb 2019-03-28 --pdf --force` (builds the Word pack,
  converts it tagged PDF/UA, writes page labels and bookmarks with pypdf);
- bare:  `soffice --headless --convert-to pdf` of the pack's .docx, untagged, with a
  profile of its own each time, made where the tool makes its own (`pdf.profile_folder`:
  /dev/shm on Linux), as the tool runs it (a first run in a new profile).  Only the
  soffice process is timed: not removing its profile, which the tool's figure includes.

Target: pack ≤ 1.3 × bare, judged on the median of the pair-by-pair ratios (each pack run
divided by the bare run beside it, so that a busy moment of a shared machine weighs on both
sides of one ratio).  Run: `python benchmarks/pdf.py [--reps 7]`.
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


def timed(argv: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
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
    args = parser.parse_args(argv)

    from meeting_packs.documents.pdf import find_soffice
    from meeting_packs.workspace import init_workspace

    soffice = find_soffice()
    if soffice is None:
        print("LibreOffice is not installed: nothing to measure.")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-pack-") as folder:
        ws = Path(folder) / "example"
        init_workspace(ws, example=True)
        command = [sys.executable, str(ROOT / "cli.py"), "-w", str(ws), "pack", "hwb", "2019-03-28",
                   "--as-of", "2019-03-01", "--pdf", "--force"]
        timed(command)  # warm the file cache and Python's bytecode once
        docx = next((ws / "out" / "hwb" / "2019-03-28").glob("*.docx"))
        pack_times, bare_times = [], []
        for _ in range(args.reps):  # alternated, so a busy moment of the machine touches both
            pack_times.append(timed(command))
            bare_times.append(bare(soffice, docx))
    pack_median, bare_median = statistics.median(pack_times), statistics.median(bare_times)
    pairs = [pack / bare for pack, bare in zip(pack_times, bare_times)]  # each pack run beside its bare run
    ratio = statistics.median(pairs)
    print(f"pack --pdf (normal meeting, 28 pages): median {pack_median:.2f} s  "
          f"({', '.join(f'{t:.2f}' for t in pack_times)})")
    print(f"bare LibreOffice conversion:           median {bare_median:.2f} s  "
          f"({', '.join(f'{t:.2f}' for t in bare_times)})")
    print(f"ratio pair by pair: {', '.join(f'{r:.2f}' for r in pairs)}; median {ratio:.2f}, "
          f"ratio of the medians {pack_median / bare_median:.2f}")
    print(f"target ≤ 1.30: {'met' if ratio <= 1.3 else 'MISSED'}  (load average {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} cores)")
    return 0 if ratio <= 1.3 else 2

if __name__ == "__main__":
    raise SystemExit(main())
