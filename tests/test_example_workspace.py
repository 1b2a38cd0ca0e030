"""The example workspace as a new user first meets it (README's first command)."""

from __future__ import annotations

from python_calamine import CalamineWorkbook


def _history(root):
    rows = CalamineWorkbook.from_path(str(root / "registers" / "actions.xlsx")).get_sheet_by_name(
        "History").to_python()
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:] if any(row)]


def test_the_first_save_on_the_example_records_no_change_that_nobody_made(example_ws, runner):
    """Issue 10, finding 16: the example history had no baselines, so 80 'changed in Excel' rows appeared."""
    from cli import app

    before = _history(example_ws)
    result = runner.invoke(app, ["-w", str(example_ws), "actions", "add", "sendpb", "Circulate the notes",
                                 "--owner", "ID", "--due", "01/01/2030"])
    assert result.exit_code == 0, result.output
    added = _history(example_ws)[len(before):]
    assert added, "the new action's own history rows"
    assert {row["Reference"] for row in added} == {"SENDPB-A025"}
    assert all(row["Note"] == "added" for row in added)


def test_every_example_action_has_a_baseline_for_each_field_it_fills(example_ws):
    rows = _history(example_ws)
    actions = CalamineWorkbook.from_path(str(example_ws / "registers" / "actions.xlsx")).get_sheet_by_name(
        "Actions").to_python()
    header = actions[0]
    for values in actions[1:]:
        action = dict(zip(header, values))
        for what in ("Owner", "Due date", "Progress update", "RAG", "Status"):
            if action[what] not in ("", None):
                assert any(r["Reference"] == action["Reference"] and r["What"] == what for r in rows), \
                    (action["Reference"], what)


def test_the_readme_first_command_succeeds_without_libreoffice(example_ws, runner, tmp_path):
    """The first command must not fail on a machine with no LibreOffice; it says how to get the PDF."""
    from cli import app

    result = runner.invoke(app, ["-w", str(example_ws), "pack", "hwb", "2019-03-28", "--as-of", "2019-03-01"],
                           env={"MEETING_PACKS_SOFFICE": str(tmp_path / "no-such-soffice")})
    assert result.exit_code == 0, result.output
    assert "Publish" in result.output or "publish" in result.output  # the deadline line
    assert "No PDF was made: LibreOffice is not installed here" in result.output
    assert "--pdf" in result.output


def test_the_deadline_is_still_printed_when_the_pdf_step_fails(example_ws, runner, tmp_path):
    from cli import app

    result = runner.invoke(app, ["-w", str(example_ws), "pack", "hwb", "2019-03-28", "--as-of", "2019-03-01",
                                 "--pdf"], env={"MEETING_PACKS_SOFFICE": str(tmp_path / "no-such-soffice")})
    assert result.exit_code == 1
    assert "publish" in result.stdout.lower()
    assert "LibreOffice is not installed" in result.stderr


def test_a_history_without_baselines_gets_them_once_as_baseline(example_ws, runner):
    """Issue 10, finding 16 (and issue 14): an older workbook's first save wrote every due date,
    owner and progress as "changed in Excel" — 58,824 rows on a 20,000-action register."""
    from openpyxl import load_workbook

    from cli import app

    path = example_ws / "registers" / "actions.xlsx"
    book = load_workbook(path)
    sheet = book["History"]
    notes = [c.value for c in sheet[1]].index("Note") + 1
    for number in range(sheet.max_row, 1, -1):
        if sheet.cell(number, notes).value == "baseline":
            sheet.delete_rows(number)
    book.save(path)
    before = _history(example_ws)

    def add():
        return runner.invoke(app, ["-w", str(example_ws), "actions", "add", "sendpb", "Circulate the notes",
                                   "--owner", "ID", "--due", "01/01/2030"])

    assert add().exit_code == 0
    added = _history(example_ws)[len(before):]
    assert {row["Note"] for row in added} == {"baseline", "added"}
    first = {}
    for row in before:
        first.setdefault(row["Reference"], row["When"])
        first[row["Reference"]] = min(first[row["Reference"]], row["When"])
    assert all(row["When"] == first[row["Reference"]] for row in added if row["Note"] == "baseline")
    again = _history(example_ws)
    assert add().exit_code == 0
    assert {row["Note"] for row in _history(example_ws)[len(again):]} == {"added"}


def test_the_example_registers_carry_input_messages_and_print_setup(example_ws):
    """What a new user opens in Excel first (issue 13): every drop-down or date column says what it takes."""
    from openpyxl import load_workbook

    for path in sorted((example_ws / "registers").glob("*.xlsx")):
        for sheet in load_workbook(path).worksheets:
            validations = sheet.data_validations.dataValidation
            assert validations, (path.name, sheet.title)
            assert all(v.prompt and v.showInputMessage for v in validations), (path.name, sheet.title)
            assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
