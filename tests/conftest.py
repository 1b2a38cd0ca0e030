"""Shared fixtures: a fresh workspace with both boards, a CLI runner, and small builders.

Fixtures are built in code from a few rows added through the library, so each
test reads as the story it checks.  Keep them generic: the document tests use
them too.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from meeting_packs.registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK, RISKS_BOOK
from meeting_packs.workspace import Workspace, init_workspace

# The day the tests pretend is today, where a command takes --as-of or `today`.
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def _pristine_workspace(tmp_path_factory) -> Path:
    """One `init_workspace` per session; each test gets a copy (init is the slow part)."""
    from meeting_packs import resources

    root = tmp_path_factory.mktemp("pristine") / "ws"
    init_workspace(root)
    # the tests' boards are the example's (hwb, sendpb); `init` alone makes a placeholder board
    shutil.copy2(resources.example_dir() / "boards.toml", root / "boards.toml")
    return root


@pytest.fixture
def workspace(tmp_path, _pristine_workspace) -> Workspace:
    """A fresh, empty workspace (boards hwb and sendpb, empty registers) in tmp_path/'ws'."""
    root = tmp_path / "ws"
    shutil.copytree(_pristine_workspace, root)
    return Workspace(root)


@pytest.fixture(scope="session")
def _pristine_example(tmp_path_factory) -> Path:
    """One example workspace (`init --example`) per session; tests copy it."""
    root = tmp_path_factory.mktemp("pristine-example") / "example"
    init_workspace(root, example=True)
    return root


@pytest.fixture
def example_ws(tmp_path, _pristine_example) -> Path:
    """A fresh copy of the example workspace (boards.toml, registers and reports of the repository)."""
    root = tmp_path / "ex"
    shutil.copytree(_pristine_example, root)
    return root


def restore(workspace: Workspace, pristine: Path) -> Workspace:
    """Put a copy of a prepared workspace at `workspace.root`, so `invoke` works on it."""
    shutil.rmtree(workspace.root)
    shutil.copytree(pristine, workspace.root)
    return workspace


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner, workspace) -> Callable:
    """invoke("actions", "list", ...) runs the CLI with `-w WORKSPACE`; returns the Result."""
    from cli import app

    def run(*args: str, debug: bool = False, **kwargs):
        prefix = ["-w", str(workspace.root)] + (["--debug"] if debug else [])
        return runner.invoke(app, prefix + [str(a) for a in args], **kwargs)

    return run


@pytest.fixture
def populated(workspace, _pristine_populated) -> Workspace:
    """A workspace with one member, meeting, action, risk and forward-plan item per board.

    sendpb: member Ian Thomas (IT); meeting 2026-12-10; action SENDPB-A001 (row 2)
    owned by IT, Amber with a progress note, due 2026-12-31; risk SENDPB-R01 (3×4,
    row 2); plan item SENDPB-P001 on 2026-12-10.  hwb: member Marian Morrison (MM);
    meeting 2027-01-14; action HWB-A001 (row 3) owned by MM, Green, due 2027-02-01;
    risk HWB-R01 (2×2, row 3); plan item HWB-P001 unscheduled.  Same root as
    `workspace`, so `invoke` works on it.
    """
    shutil.rmtree(workspace.root)
    shutil.copytree(_pristine_populated, workspace.root)
    return workspace


@pytest.fixture(scope="session")
def _pristine_populated(tmp_path_factory, _pristine_workspace) -> Path:
    from meeting_packs.action_log import add_action, update_action
    from meeting_packs.forward_plan import add_item, add_meeting
    from meeting_packs.membership import add_member
    from meeting_packs.model import Purpose
    from meeting_packs.risk_register import add_risk

    root = tmp_path_factory.mktemp("populated") / "ws"
    shutil.copytree(_pristine_workspace, root)
    ws = Workspace(root)
    when = dt.datetime(2026, 11, 1, 9, 0)
    add_member(ws, "sendpb", "Ian Thomas", "IT", role="Chief Executive", organisation="Council")
    add_member(ws, "hwb", "Marian Morrison", "MM", role="Democratic Services Officer")
    add_meeting(ws, "sendpb", dt.date(2026, 12, 10))
    add_meeting(ws, "hwb", dt.date(2027, 1, 14))
    add_action(ws, "sendpb", "Publish the local offer", "IT", dt.date(2026, 12, 31),
               meeting=dt.date(2026, 10, 1), workstream="Local offer", rag="Amber", now=when)
    add_action(ws, "hwb", "Circulate the strategy", "MM", dt.date(2027, 2, 1), rag="Green", now=when)
    update_action(ws, "SENDPB-A001", progress="Draft with parents' forum", now=when)
    add_risk(ws, "sendpb", "Not enough specialist places", 3, 4, "IT", review=dt.date(2027, 3, 1))
    add_risk(ws, "hwb", "Data sharing agreement lapses", 2, 2, "MM", review=dt.date(2027, 3, 1))
    add_item(ws, "sendpb", "Written statement of action update", meeting=dt.date(2026, 12, 10),
             purpose=Purpose.NOTE, lead="Ian Thomas")
    add_item(ws, "hwb", "Pharmaceutical needs assessment", purpose=Purpose.APPROVE)
    return root


# ------------------------------------------------------------------ small helpers

def register_path(ws: Workspace, key: str) -> Path:
    spec = {"actions": ACTIONS_BOOK, "risks": RISKS_BOOK, "plan": PLAN_BOOK,
            "members": MEMBERS_BOOK}[key]
    return ws.register_path(spec)


@pytest.fixture
def register(workspace) -> Callable[[str], Path]:
    """register("actions") → the path of that register in the workspace."""
    return lambda key: register_path(workspace, key)


def sheet_xml(path: Path) -> str:
    """Every worksheet part of an .xlsx joined, for asserting on what Excel will see."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(n).decode("utf-8") for n in sorted(package.namelist())
                         if n.startswith("xl/worksheets/sheet"))


def leftovers(folder: Path) -> list[str]:
    """Temporary files a save left behind (there must be none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp.xlsx"))


@pytest.fixture
def helpers():
    """Plain functions shared by tests: sheet_xml, leftovers, register_path, rewrite_zip."""

    class Helpers:
        pass

    h = Helpers()
    h.sheet_xml = sheet_xml
    h.leftovers = leftovers
    h.register_path = register_path
    h.rewrite_zip = rewrite_zip
    h.TODAY = TODAY
    return h


def rewrite_zip(path: Path, changes: dict) -> None:
    """Rewrite an .xlsx/.docx package: {part: bytes} replaces or adds, {part: None} removes,
    {part: callable} maps the old bytes to new ones."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, change in changes.items():
        if change is None:
            parts.pop(name, None)
        elif callable(change):
            parts[name] = change(parts[name])
        else:
            parts[name] = change
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def damage_stored(path: Path, find: bytes, replace: bytes) -> None:
    """Store every part of a package uncompressed, then change bytes inside one (`find` → `replace`,
    the same length), so that part's checksum no longer matches: a damaged part."""
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    raw = bytearray(path.read_bytes())
    at = raw.find(find)
    assert at >= 0 and len(find) == len(replace)
    raw[at:at + len(find)] = replace
    path.write_bytes(bytes(raw))


def require_tool(tool: str, found, install: str) -> None:
    """The PDF tests need LibreOffice and poppler: skip on a developer's machine without them
    (saying what to install), fail under CI, where .ci/run installs them and they must run."""
    import os

    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {tool} is not installed, so the PDF is not tested. Install {install}.")
    pytest.skip(f"{tool} is not installed; install {install} to run the PDF tests")


def require_libreoffice() -> None:
    from meeting_packs.documents.pdf import find_soffice

    require_tool("LibreOffice (soffice)", find_soffice(), "libreoffice-writer-nogui")


@pytest.fixture
def recorded(monkeypatch):
    """Every Office that `pdf.started` yields, and every LibreOffice command line `to_pdf` runs."""
    offices, commands = [], []
    from meeting_packs.documents import pdf

    real_started, real_convert = pdf.started, pdf._convert

    from contextlib import contextmanager

    @contextmanager
    def started():
        with real_started() as office:
            offices.append(office)
            yield office

    def convert(command, *args, **kwargs):
        commands.append(command)
        return real_convert(command, *args, **kwargs)

    monkeypatch.setattr(pdf, "started", started)
    monkeypatch.setattr(pdf, "_convert", convert)
    return offices, commands
