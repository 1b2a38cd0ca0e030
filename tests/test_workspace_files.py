"""The workspace on a synced or shared drive (issue 13) and reports from outside it (issue 10, finding 15).

- paths are kept as the user typed them (absolute, never resolved through links or
  mapped drives);
- OneDrive conflict copies beside a register are reported by `check`;
- a register the OS will not open (an online-only placeholder) is one line saying
  to make it available offline;
- backups are kept to `[workspace] backups = N` (default 20);
- output names are shortened to keep the whole path under 240 characters;
- a forward-plan report outside the workspace is reported by `check`, and the
  public pack refuses it unless --allow-outside.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cli import app
from meeting_packs.check import check_workspace
from meeting_packs.errors import RegisterError
from meeting_packs.registers import saving
from meeting_packs.registers.schema import ACTIONS_BOOK, PLAN_BOOK, RISKS_BOOK
from meeting_packs.workspace import Workspace

AS_OF = "2019-03-01"
REPORT_B = "reports/Appendix B - SEND Transformation Plan.docx"


def run(root, *args):
    return CliRunner().invoke(app, ["-w", str(root)] + [str(a) for a in args])


# ------------------------------------------------------------------ paths as typed

def test_the_workspace_path_is_kept_as_typed_not_resolved(populated, tmp_path):
    link = tmp_path / "S-drive"
    link.symlink_to(populated.root, target_is_directory=True)   # as a mapped drive is to its share
    ws = Workspace(link)
    assert ws.root == link and ws.register_path(ACTIONS_BOOK) == link / "registers" / "actions.xlsx"
    relative = Workspace(os.path.relpath(link))
    assert relative.root == link                                  # absolute, still through the link
    assert ws.load((ACTIONS_BOOK,)).registers.actions             # and it works


# ------------------------------------------------------------------ sync conflicts and placeholders

def test_check_reports_onedrive_conflict_copies(populated):
    registers = populated.registers_dir
    for name in ("actions-LAPTOP.xlsx", "actions-LAPTOP-2.xlsx", "forward-plan-DESKTOP1.xlsx"):
        shutil.copy(registers / ("forward-plan.xlsx" if name.startswith("forward") else "actions.xlsx"),
                    registers / name)
    found = [p for p in check_workspace(populated).problems if "two computers" in p.message]
    assert [p.where for p in found] == ["registers/actions-LAPTOP-2.xlsx", "registers/actions-LAPTOP.xlsx",
                                        "registers/forward-plan-DESKTOP1.xlsx"]
    assert all(p.severity == "warning" for p in found)


def test_a_register_that_is_only_online_is_one_line(populated, invoke, monkeypatch):
    target = populated.register_path(ACTIONS_BOOK)
    real_open = open

    def placeholder_open(file, *args, **kwargs):
        if Path(os.fspath(file)) == target:
            raise OSError(errno.EIO, "The cloud file provider is not running")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", placeholder_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: placeholder_open(self).read())
    with pytest.raises(RegisterError, match="make it available offline"):
        populated.read(ACTIONS_BOOK)
    result = invoke("actions", "list")
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith("Error: actions.xlsx could not be opened (The cloud file provider is not "
                                    "running). If it is in OneDrive or SharePoint, make it available offline")


# ------------------------------------------------------------------ backups kept

def _save_times(ws: Workspace, times: int) -> list[Path]:
    for number in range(times):
        data = ws.read(RISKS_BOOK)
        data["Risks"].rows[0]["Mitigating actions"] = f"version {number}"
        saving.save_workbook(data, ws.lists(), ws.styles(), keep=ws.backups_kept,
                             now=dt.datetime(2026, 11, 23, 10, number))
    return sorted((ws.registers_dir / "backups").glob("risks *.xlsx"))


def test_twenty_backups_are_kept_by_default(populated):
    assert saving.BACKUPS_KEPT == 20 and populated.backups_kept is None
    shutil.rmtree(populated.registers_dir / "backups", ignore_errors=True)
    assert len(_save_times(populated, 22)) == 20


def test_the_number_of_backups_kept_is_set_in_boards_toml(populated):
    config = populated.config_path
    config.write_text("[workspace]\nbackups = 3\n\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    ws = Workspace(populated.root)
    assert ws.backups_kept == 3 and ws.boards  # the boards still read
    shutil.rmtree(ws.registers_dir / "backups", ignore_errors=True)
    kept = _save_times(ws, 5)
    assert [p.name for p in kept] == [f"risks 2026-11-23 10{n:02d}00.xlsx" for n in (2, 3, 4)]


def test_a_wrong_backups_setting_is_named(populated, invoke):
    config = populated.config_path
    config.write_text("[workspace]\nbackups = 0\n\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    assert result.exit_code != 0 and result.output.count("\n") == 1
    assert "boards.toml, [workspace], key 'backups': 0 is not a whole number of at least 1" in result.output


# ------------------------------------------------------------------ output names under 240 characters

def test_output_names_are_shortened_to_keep_the_path_under_240_characters(example_ws, tmp_path):
    from meeting_packs.documents.context import load_meeting
    from meeting_packs.documents.output import MAX_PATH, default_path

    # a synced folder so deep that 65 characters are left for the file name
    room = MAX_PATH - 65 - len(str(tmp_path / "Boards and Partnerships" / "out" / "hwb" / "2019-03-28")) - 2
    deep = tmp_path / ("Democratic Services Shared Documents " * 8)[:room].strip() / "Boards and Partnerships"
    shutil.copytree(example_ws, deep)
    ws = Workspace(deep)
    md = load_meeting(ws, "hwb", "2019-03-28", dt.date(2019, 3, 1))
    normal = default_path(Workspace(example_ws), md, "Agenda pack (public)")
    assert normal.name == "2019-03-28 Health and Wellbeing Board - Agenda pack (public).docx"
    public = default_path(ws, md, "Agenda pack (public)")
    private = default_path(ws, md, "Agenda pack (private - not for publication)")
    for path in (public, private):
        assert len(os.path.abspath(path)) <= MAX_PATH, len(os.path.abspath(path))
        assert path.name.startswith("2019-03-28 ") and path.suffix == ".docx"
    assert public != private


# ------------------------------------------------------------------ finding 15: reports outside

def _point_report_at(root: Path, report: str) -> None:
    path = root / "registers" / "forward-plan.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Forward plan"]
    column = PLAN_BOOK.sheets[0].headers.index("Report file") + 1
    [cell] = [row[column - 1] for row in sheet.iter_rows(min_row=2) if row[column - 1].value == REPORT_B]
    cell.value = report
    book.save(path)


@pytest.mark.parametrize("where", ["relative", "absolute"])
def test_a_report_outside_the_workspace_is_checked_and_kept_out_of_the_public_pack(example_ws, tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(example_ws / REPORT_B, outside / "x.docx")
    typed = os.path.relpath(outside / "x.docx", example_ws) if where == "relative" else str(outside / "x.docx")
    _point_report_at(example_ws, typed)
    problems = [p for p in check_workspace(Workspace(example_ws), today=dt.date(2019, 3, 1)).problems
                if "outside the workspace" in p.message]
    assert len(problems) == 1 and problems[0].where.startswith("forward-plan.xlsx, sheet Forward plan, row ")
    assert typed in problems[0].message
    refused = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF)
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1, refused.output
    assert "is outside the workspace folder" in refused.stderr and "--allow-outside" in refused.stderr
    assert not list((example_ws / "out").rglob("*.docx"))
    allowed = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF, "--allow-outside")
    assert allowed.exit_code == 0, allowed.output
