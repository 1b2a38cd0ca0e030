"""Lists for machines as well as people (issue 13): --format table|csv|json on every list."""

from __future__ import annotations

import csv
import io
import json

import pytest
from python_calamine import CalamineWorkbook

from meeting_packs.cli import app


def _run(runner, root, *args):
    return runner.invoke(app, ["-w", str(root), *args])


def test_json_holds_the_stored_text_byte_for_byte(example_ws, runner):
    result = _run(runner, example_ws, "actions", "list", "sendpb", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    rows = CalamineWorkbook.from_path(str(example_ws / "registers" / "actions.xlsx")).get_sheet_by_name(
        "Actions").to_python()
    stored = {row[0]: row[rows[0].index("Action")] for row in rows[1:]}
    assert listed and all(item["text"] == stored[item["ref"]] for item in listed)
    assert all(item["due"] is None or len(item["due"]) == 10 and item["due"][4] == "-" for item in listed)


def test_json_survives_a_console_that_cannot_show_the_text(example_ws, runner):
    """ASCII-escaped JSON decodes to the exact text even through a cp1252 console."""
    result = _run(runner, example_ws, "actions", "list", "sendpb", "--format", "json")
    assert result.stdout.isascii()


@pytest.mark.parametrize("args", [("meetings", "list"), ("members", "list", "sendpb"), ("actions", "list"),
                                  ("risks", "list", "sendpb"), ("plan", "list", "hwb")])
def test_every_list_gives_csv_with_a_header_and_a_row_per_record(example_ws, runner, args):
    table = _run(runner, example_ws, *args)
    result = _run(runner, example_ws, *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and "board" in rows[0]
    as_json = json.loads(_run(runner, example_ws, *args, "--format", "json").stdout)
    assert len(as_json) == len(rows)
    assert table.exit_code == 0


def test_an_empty_list_is_empty_json_and_exit_0(workspace, runner):
    result = runner.invoke(app, ["-w", str(workspace.root), "actions", "list", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_an_unknown_format_is_refused(example_ws, runner):
    result = _run(runner, example_ws, "actions", "list", "--format", "xml")
    assert result.exit_code == 2
