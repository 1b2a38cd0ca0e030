"""Python's garbage collector paused while the tool makes millions of objects that hold no
reference cycles: reading a register (cells, rows) or rendering a long table (row elements).
Each full collection would walk them all again: about a second on a cold read of a
50,000-action register, a quarter of a second on a 10,000-row appendix (README, Performance)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside, and set back as it was on leaving."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def settled() -> Iterator[None]:
    """What exists on entering (the registers read, the libraries imported) left out of every collection
    inside, and given back to the collector on leaving: a pack's few collections (`pack.add_appendix`'s,
    after a long table) then walk only what the pack made, not the 10,000 actions' objects too.  Nothing is
    done inside a program that froze objects of its own: they could not be given back apart from ours."""
    import gc

    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
