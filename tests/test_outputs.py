"""An output path only ever replaces a file the tool made (reliability guarantee 17, issue 10 finding 3)."""

from __future__ import annotations

import pytest

from meeting_packs.cli import app


def _run(runner, root, *args):
    return runner.invoke(app, ["-w", str(root), *map(str, args)])


@pytest.mark.parametrize("victim", ["registers/actions.xlsx", "boards.toml", "templates/agenda.docx",
                                    "reports/Appendix C - WSoA sign off statement.docx"])
def test_an_output_never_replaces_a_workspace_file(example_ws, runner, victim):
    target = example_ws / victim
    if not target.exists():
        target = next((example_ws / victim.split("/")[0]).glob("*.docx"))
    before = target.read_bytes()
    result = _run(runner, example_ws, "agenda", "sendpb", "2019-11-14", "-o", target, "--as-of", "2019-11-01")
    assert result.exit_code == 1
    assert "Error:" in result.stderr and "\n" not in result.stderr.strip()
    assert target.read_bytes() == before


def test_an_unknown_file_is_replaced_only_with_force(example_ws, runner, tmp_path):
    target = tmp_path / "my notes.docx"
    target.write_bytes(b"my own notes")
    result = _run(runner, example_ws, "agenda", "sendpb", "2019-11-14", "-o", target, "--as-of", "2019-11-01")
    assert result.exit_code == 1
    assert "was not made by meeting-packs" in result.stderr
    assert target.read_bytes() == b"my own notes"
    forced = _run(runner, example_ws, "agenda", "sendpb", "2019-11-14", "-o", target, "--as-of", "2019-11-01",
                  "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes()[:2] == b"PK"


def test_a_document_the_tool_made_is_replaced_when_built_again(example_ws, runner, tmp_path):
    target = tmp_path / "agenda.docx"
    for _ in range(2):
        result = _run(runner, example_ws, "agenda", "sendpb", "2019-11-14", "-o", target, "--as-of", "2019-11-01")
        assert result.exit_code == 0, result.output


def test_a_pack_never_replaces_a_file_it_did_not_make(example_ws, runner, tmp_path):
    first = _run(runner, example_ws, "pack", "sendpb", "2019-11-14", "--output-dir", tmp_path, "--as-of", "2019-11-01")
    assert first.exit_code == 0, first.output
    pack = next(tmp_path.glob("*.docx"))
    pack.write_bytes(b"someone saved over it")
    again = _run(runner, example_ws, "pack", "sendpb", "2019-11-14", "--output-dir", tmp_path, "--as-of", "2019-11-01")
    assert again.exit_code == 1
    assert pack.read_bytes() == b"someone saved over it"
