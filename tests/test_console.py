"""Output that cannot fail after the work is done (README, Commands): on a console whose code
page lacks a character — Windows' cp1252 with output redirected to a file — a command that
has saved its change still ends with exit 0, printing the character in words it has."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from meeting_packs.cli import console_safe

REPO = Path(__file__).resolve().parents[1]


def test_text_the_code_page_can_carry_is_unchanged():
    text = "SENDPB-A011: RAG 'Amber' → 'Light green' – 5×5 … £10 ‘quoted’"
    assert console_safe(text, "utf-8") == text
    assert console_safe("5×5 … £10 ‘quoted’ – ok", "cp1252") == "5×5 … £10 ‘quoted’ – ok"


def test_characters_the_code_page_lacks_are_written_in_words_it_has():
    assert console_safe("RAG 'Amber' → 'Red'", "cp1252") == "RAG 'Amber' -> 'Red'"
    assert console_safe("Ref ≤ 5 · 日本", "cp1252") == "Ref <= 5 · ??"
    assert console_safe("→ £", "ascii") == "-> ?"


def test_an_encoding_python_does_not_know_leaves_the_text_to_the_stream():
    assert console_safe("a → b", "no-such-codec") == "a → b"
    assert console_safe("a → b", None) == "a → b"


def run_cp1252(workspace: Path, out_file: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m meeting_packs -w WORKSPACE ARGS > out_file` under PYTHONIOENCODING=cp1252."""
    env = {k: v for k, v in os.environ.items() if k != "MEETING_PACKS_WORKSPACE"}
    env["PYTHONIOENCODING"] = "cp1252"  # strict errors, as Python uses for a redirected cp1252 console
    with out_file.open("wb") as stdout:
        return subprocess.run([sys.executable, "-m", "meeting_packs", "-w", str(workspace), *args],
                              cwd=REPO, env=env, stdout=stdout, stderr=subprocess.PIPE, timeout=120)


def assert_clean(result: subprocess.CompletedProcess, out_file: Path) -> str:
    stderr = result.stderr.decode("cp1252")
    assert result.returncode == 0, stderr
    assert "unexpected" not in stderr and "UnicodeEncodeError" not in stderr, stderr
    return out_file.read_bytes().decode("cp1252")


@pytest.mark.parametrize("args, expected", [
    (["actions", "add", "sendpb", "Map the route → school", "--owner", "IT", "--due", "2020-01-31"],
     "SENDPB-A"),
    (["actions", "update", "SENDPB-A011", "--rag", "Light green", "--progress", "Chased"],
     "SENDPB-A011: RAG 'Amber' -> 'Light green'"),
    (["check", "--as-of", "2019-11-01"], "error(s)"),
])
def test_a_command_ends_clean_on_a_cp1252_console_with_output_redirected(example_ws, tmp_path, args, expected):
    out_file = tmp_path / "out.txt"
    assert expected in assert_clean(run_cp1252(example_ws, out_file, *args), out_file)


def test_a_list_shows_text_the_code_page_lacks_after_it_was_saved(example_ws, tmp_path):
    out_file = tmp_path / "out.txt"
    added = run_cp1252(example_ws, out_file, "actions", "add", "sendpb", "Walk → bus → school",
                       "--owner", "IT", "--due", "2020-01-31")
    ref = assert_clean(added, out_file).strip()
    listed = assert_clean(run_cp1252(example_ws, out_file, "actions", "list", "sendpb"), out_file)
    assert ref in listed and "Walk -> bus ->" in listed


def test_an_error_naming_text_the_code_page_lacks_is_still_one_line(example_ws, tmp_path):
    out_file = tmp_path / "out.txt"
    result = run_cp1252(example_ws, out_file, "actions", "close", "SENDPB-A999→")
    stderr = result.stderr.decode("cp1252")
    assert result.returncode == 1
    assert stderr.startswith("Error: ") and "SENDPB-A999->" in stderr
    assert "unexpected" not in stderr and len(stderr.splitlines()) == 1


# ------------------------------------------------------------------ the ways to start it

@pytest.mark.parametrize("start", [["-m", "meeting_packs"], ["cli.py"]], ids=["python -m", "python cli.py"])
def test_each_documented_way_to_start_the_tool_works(start):
    result = subprocess.run([sys.executable, *start, "--help"], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Usage: meeting-packs" in result.stdout and "pack" in result.stdout


def test_version_names_the_tool_and_its_version():
    import meeting_packs
    from typer.testing import CliRunner

    from meeting_packs.cli import app

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"meeting-packs {meeting_packs.__version__}"


def test_the_wheel_installs_the_package_only_and_its_script_is_inside_it():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"meeting-packs": "meeting_packs.entry:main"}
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["only-include"] == ["meeting_packs"]  # no top-level cli.py in site-packages
    assert set(wheel["force-include"].values()) == {
        "meeting_packs/templates", "meeting_packs/example/registers",
        "meeting_packs/example/reports", "meeting_packs/example/boards.toml"}


def test_debug_names_the_version_before_the_traceback(workspace):
    from typer.testing import CliRunner

    from meeting_packs.cli import app
    from meeting_packs.errors import NotFound

    result = CliRunner().invoke(app, ["-w", str(workspace.root), "--debug", "actions", "close", "HWB-A999"])
    assert isinstance(result.exception, NotFound)  # --debug lets the traceback through
    assert result.stderr.startswith("meeting-packs ")


def test_check_writes_its_whole_report_to_one_stream_and_exits_1_on_errors(example_ws, runner):
    """Issue 13: `check > report.txt` lost the errors, which went to the other stream."""
    from openpyxl import load_workbook

    from meeting_packs.cli import app

    path = example_ws / "registers" / "actions.xlsx"
    book = load_workbook(path)
    book["Actions"]["G2"] = "31/02/2020"  # Due date: no such day
    book.save(path)
    result = runner.invoke(app, ["-w", str(example_ws), "check", "--as-of", "2019-11-01"])
    assert result.exit_code == 1
    assert result.stderr == ""
    assert "ERROR: actions.xlsx, sheet Actions, row 2, column Due date" in result.stdout
    assert "1 error(s)" in result.stdout.splitlines()[-1]


# Every command, in the order a user meets them, on one example workspace; text outside
# cp1252 ("→", "Ŵ") typed into the registers first, so the lists have to print it.
EVERY_COMMAND = [
    ("boards", ["--as-of", "2019-11-01"], 0),
    ("meetings add", ["sendpb", "2020-03-19", "--venue", "Neuadd y Sir → Room 2"], 0),
    ("meetings list", ["sendpb"], 0),
    ("members add", ["sendpb", "Gwenllïan Ŵyn", "--initials", "GW", "--role", "Pennaeth → Head"], 0),
    ("members list", ["sendpb"], 0),
    ("members update", ["sendpb", "GW", "--role", "Pennaeth → Head of Service"], 0),
    ("actions add", ["sendpb", "Map the route → school", "--owner", "GW", "--due", "2020-01-31"], 0),
    ("actions list", ["sendpb", "--as-of", "2019-11-01"], 0),
    ("actions update", ["SENDPB-A011", "--rag", "Light green", "--progress", "Chased → done"], 0),
    ("actions close", ["SENDPB-A011", "--progress", "Closed ✓"], 0),
    ("actions reopen", ["SENDPB-A011"], 0),
    ("actions show", ["SENDPB-A011"], 0),
    ("actions chase", ["sendpb", "--as-of", "2019-11-01"], 0),
    ("risks add", ["sendpb", "Ŵ risk → high", "--likelihood", "3", "--impact", "4", "--owner", "GW"], 0),
    ("risks list", ["sendpb"], 0),
    ("risks update", ["SENDPB-R01", "--likelihood", "2"], 0),
    ("risks show", ["SENDPB-R01"], 0),
    ("risks close", ["SENDPB-R01"], 0),
    ("plan add", ["sendpb", "Ŵelsh-medium places → review", "--meeting", "2020-03-19"], 0),
    ("plan list", ["sendpb"], 0),
    ("plan update", ["SENDPB-P001", "--title", "Ŵ title → new"], 0),
    ("plan show", ["SENDPB-P001"], 0),
    ("plan move", ["SENDPB-P001", "--unscheduled"], 0),
    ("plan drop", ["SENDPB-P001"], 0),
    ("check", ["--as-of", "2019-11-01"], None),  # 0 or 1: whatever the example holds, said cleanly
    ("agenda", ["sendpb", "2019-11-14", "--as-of", "2019-11-01"], 0),
    ("appendix actions", ["sendpb", "2019-11-14", "--as-of", "2019-11-01"], 0),
    ("appendix risks", ["sendpb", "2019-11-14", "--as-of", "2019-11-01"], 0),
    ("appendix plan", ["sendpb", "2019-11-14", "--as-of", "2019-11-01"], 0),
    ("minutes template", ["sendpb", "2019-11-14", "--as-of", "2019-11-01"], 0),
    ("pack", ["sendpb", "2019-11-14", "--as-of", "2019-11-01"], 0),
    ("attendance", ["sendpb"], 0),
    ("members leave", ["sendpb", "GW", "--on", "2019-12-31"], 0),
    ("meetings move", ["sendpb", "2020-03-19", "2020-03-26"], 0),
    ("meetings cancel", ["sendpb", "2020-03-26"], 0),
    ("boards add", ["sf", "--name", "Schools Forum → Fforwm Ysgolion"], 0),
    ("boards show", ["sf"], 0),
    ("minutes import", ["no-such-minutes.docx"], None),
    ("minutes publish", ["no-such-minutes.docx"], None),
    ("init", ["{tmp}/new-workspace"], 0),
]


def test_every_command_runs_clean_on_a_cp1252_console_with_output_redirected(example_ws, tmp_path):
    """No command may fail after its work is done because the console lacks a character (issue 13)."""
    import typer.main

    from meeting_packs.cli import app

    def leaves(command, path=()):
        subs = getattr(command, "commands", None)
        if not subs:
            yield " ".join(path)
        for name, sub in (subs or {}).items():
            yield from leaves(sub, path + (name,))

    missing = set(leaves(typer.main.get_command(app))) - {name for name, _, _ in EVERY_COMMAND}
    assert not missing, f"add these commands to EVERY_COMMAND: {sorted(missing)}"
    for number, (name, args, expected) in enumerate(EVERY_COMMAND):
        out_file = tmp_path / f"out-{number}.txt"
        args = [a.replace("{tmp}", str(tmp_path)) for a in args]
        result = run_cp1252(example_ws, out_file, *name.split(), *args)
        stderr = result.stderr.decode("cp1252")
        output = out_file.read_bytes().decode("cp1252")
        if expected is not None:
            assert result.returncode == expected, (name, stderr, output)
        assert result.returncode in (0, 1, 2), (name, stderr)
        for text in (stderr, output):
            assert "unexpected" not in text and "Traceback" not in text and "UnicodeEncodeError" not in text, \
                (name, text)
