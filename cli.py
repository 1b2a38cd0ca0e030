"""Run the meeting-packs command line from a checkout: `python cli.py --help`.

The commands live in meeting_packs/cli.py (the installed `meeting-packs` script); this
file is not installed (README, Development).  `app` is exported for tests and scripts.
"""

from meeting_packs.cli import app

if __name__ == "__main__":
    app(prog_name="meeting-packs")
