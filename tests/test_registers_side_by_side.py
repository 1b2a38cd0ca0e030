"""The sheets of a register are parsed side by side (issue 14, cold reads near the reader's floor).

python-calamine lets go of Python's lock while it parses a sheet, so `read_workbook`
parses each sheet in a thread of its own (`reading._SheetReading`) while Python checks
the rest of the package and converts the sheets already read.  What must hold: the
sheets really are parsed at the same time; what is read is what a one-at-a-time read
gives; and a damaged sheet still ends as the one "cannot be read" line naming the file.
"""

from __future__ import annotations

import threading
import pytest

from conftest import damage_stored
from meeting_packs.errors import RegisterError
from meeting_packs.registers import reading
from meeting_packs.registers.convert import SHEET_MODELS, convert_rows
from meeting_packs.registers.reading import SheetData, read_workbook
from meeting_packs.registers.schema import ACTIONS_BOOK


@pytest.mark.parametrize("lazy_rows", [False, True])
def test_the_sheets_of_a_workbook_are_parsed_at_the_same_time(populated, monkeypatch, lazy_rows):
    """Both sheets' parses must be under way together to pass the barrier; one after the other
    (as before this change) the first would wait for the second until the barrier times out."""
    barrier = threading.Barrier(2, timeout=20)
    threads: dict[str, str] = {}
    parse = reading._parse_sheet

    def parse_together(path, raw, spec, name, part, *rest):
        threads[spec.name] = threading.current_thread().name
        barrier.wait()  # BrokenBarrierError, so "cannot be read", if the other sheet is not being parsed
        return parse(path, raw, spec, name, part, *rest)

    monkeypatch.setattr(reading, "_parse_sheet", parse_together)
    path = populated.register_path(ACTIONS_BOOK)
    data = read_workbook(ACTIONS_BOOK, path, lazy_rows=lazy_rows)
    assert set(threads) == {"Actions", "History"}
    assert threading.current_thread().name not in threads.values()
    assert len(set(threads.values())) == 2
    assert [r["Reference"] for r in data.sheets["Actions"].rows] == ["SENDPB-A001", "HWB-A001"]


def test_side_by_side_reads_give_what_one_sheet_at_a_time_gives(populated):
    path = populated.register_path(ACTIONS_BOOK)
    whole = read_workbook(ACTIONS_BOOK, path)
    for name in ("Actions", "History"):
        alone = read_workbook(ACTIONS_BOOK, path, frozenset({name}))
        assert alone.sheets[name].rows == whole.sheets[name].rows
        assert alone.sheets[name].headers == whole.sheets[name].headers
        looked = read_workbook(ACTIONS_BOOK, path, frozenset({name}), lazy_rows=True)
        model = SHEET_MODELS[name]
        assert convert_rows(path, looked.sheets[name], False, model.from_row) == \
            convert_rows(path, whole.sheets[name], False, model.from_row)


def _damage_history(path):
    """A stored History part with a byte changed: its checksum no longer matches."""
    damage_stored(path, b"<t>New value</t>", b"<t>Nxw value</t>")


def test_a_damaged_second_sheet_is_one_line_naming_the_file(populated, invoke):
    """The History part is checked in its own thread: its damage is still the one error, for
    `check` (which converts Actions while History is parsed) and for a command that saves."""
    path = populated.register_path(ACTIONS_BOOK)
    _damage_history(path)
    before = path.read_bytes()
    result = invoke("check", "--as-of", "2026-11-23")
    assert result.exit_code == 1, result.output
    naming = [line for line in result.output.splitlines() if "actions.xlsx" in line]
    assert naming == [line for line in naming if line.startswith(
        "ERROR: actions.xlsx cannot be read: the part xl/worksheets/sheet2.xml is damaged")], result.output
    assert len(naming) == 1 and "Traceback" not in result.output
    result = invoke("actions", "update", "HWB-A001", "--rag", "Red")
    assert result.exit_code == 1
    assert result.output.startswith("Error: actions.xlsx cannot be read: the part xl/worksheets/sheet2.xml "
                                    "is damaged"), result.output
    assert path.read_bytes() == before


def test_a_failure_inside_the_reading_thread_is_the_one_cannot_be_read_error(populated, monkeypatch):
    """Whatever goes wrong in a sheet's thread (here calamine failing on the History sheet) reaches the
    caller as the "cannot be read" error, raised when the sheet is asked for."""
    parse = reading._parse_sheet

    def failing(path, raw, spec, name, part, *rest):
        if spec.name == "History":
            raise ValueError("calamine: bad cell")
        return parse(path, raw, spec, name, part, *rest)

    monkeypatch.setattr(reading, "_parse_sheet", failing)
    path = populated.register_path(ACTIONS_BOOK)
    with pytest.raises(RegisterError, match=r"actions\.xlsx cannot be read: it is damaged \(ValueError: "
                                            r"calamine: bad cell\)"):
        read_workbook(ACTIONS_BOOK, path)
    looked = read_workbook(ACTIONS_BOOK, path, lazy_rows=True)
    assert [r["Reference"] for r in looked.sheets["Actions"].rows] == ["SENDPB-A001", "HWB-A001"]
    with pytest.raises(RegisterError, match=r"actions\.xlsx cannot be read"):
        looked.sheets["History"]


def test_an_empty_when_says_it_is_empty(tmp_path):
    """A blank When in History reads as "is empty", not as "'None' is not a date and time"."""
    model = SHEET_MODELS["History"]
    row = {"Reference": "HWB-A001", "When": "  ", "What": "RAG", "New value": "Red"}
    for value in ("  ", None):
        row["When"] = value
        _, problems = convert_rows(tmp_path / "actions.xlsx", SheetData(model.sheet, model.sheet.headers, [row]),
                                   False, model.from_row)
        assert [p.message for p in problems] == ["is empty; type a date and time as DD/MM/YYYY HH:MM."]


def test_every_register_is_being_parsed_before_the_first_is_converted(populated, monkeypatch):
    """`Workspace.load_each` (`check`, a pack) opens every register and sets all their sheets parsing
    before converting any: each parse waits here until all of them are under way."""
    import shutil

    parse = reading._parse_sheet
    seen: list[str] = []

    def counting(path, raw, spec, name, part, *rest):
        seen.append(spec.name)
        return parse(path, raw, spec, name, part, *rest)

    monkeypatch.setattr(reading, "_parse_sheet", counting)
    shutil.rmtree(populated.out_dir / ".cache", ignore_errors=True)
    first = populated.load()
    assert len(seen) >= 8, seen  # two sheets or more in each of the four registers
    shutil.rmtree(populated.out_dir / ".cache")
    barrier = threading.Barrier(len(seen), timeout=20)

    def together(path, raw, spec, name, part, *rest):
        barrier.wait()
        return parse(path, raw, spec, name, part, *rest)

    monkeypatch.setattr(reading, "_parse_sheet", together)
    again = populated.load()
    assert again.registers == first.registers and again.problems == first.problems


def test_the_first_register_that_cannot_be_read_is_the_error_whatever_is_converted_first(populated):
    """Registers are converted smallest first, but `load` still stops with the error of the first
    register in its order that cannot be read, as when they were read one after another."""
    from meeting_packs.registers.schema import RISKS_BOOK

    _damage_history(populated.register_path(ACTIONS_BOOK))
    populated.register_path(RISKS_BOOK).write_bytes(b"not a workbook")
    with pytest.raises(RegisterError, match=r"^actions\.xlsx cannot be read: the part xl/worksheets/sheet2"):
        populated.load()
    outcomes = dict((spec.key, outcome) for spec, outcome in populated.load_each())
    assert str(outcomes["risks"]).startswith("risks.xlsx cannot be read")
    assert str(outcomes["actions"]).startswith("actions.xlsx cannot be read")
    assert [m.initials for m in outcomes["members"].registers.members] == ["IT", "MM"]


def test_one_sheet_read_to_be_changed_is_parsed_on_the_callers_thread(populated, monkeypatch):
    """A thread would win nothing for one sheet, and glibc's heap for it would stay taken (35 MB at
    50,000 actions): a save's read of the Actions sheet alone is parsed where it is asked for;
    a read for looking at (several registers at once) still uses a thread."""
    parse = reading._parse_sheet
    where: list[str] = []

    def recording(path, raw, spec, name, part, *rest):
        where.append(threading.current_thread().name)
        return parse(path, raw, spec, name, part, *rest)

    monkeypatch.setattr(reading, "_parse_sheet", recording)
    path = populated.register_path(ACTIONS_BOOK)
    read_workbook(ACTIONS_BOOK, path, frozenset({"Actions"}))
    assert where == [threading.current_thread().name]
    where.clear()
    read_workbook(ACTIONS_BOOK, path, frozenset({"Actions"}), lazy_rows=True).sheets["Actions"]
    assert where == ["reading Actions"]
