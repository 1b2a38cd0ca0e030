"""Run the meeting-packs command line from a checkout: `python cli.py --help`.

The commands live in meeting_packs/cli.py (the installed `meeting-packs` script); this
file is not installed (README, Development).  `app` is exported for tests and scripts.
"""

if __name__ == "__main__":
    from meeting_packs.entry import main  # before the commands are imported (see entry.py)

    main()
else:
    from meeting_packs.cli import app  # noqa: F401

