"""`python -m meeting_packs …` (or `py -m meeting_packs …` on Windows) runs the command line
(README, Set up and run)."""

from meeting_packs.entry import main

main()
