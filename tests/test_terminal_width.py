"""Lists fit the terminal they are shown in (issue 13): COLUMNS is honoured as every shell tool does."""

from __future__ import annotations


def _lines_for(runner, root, columns: str) -> int:
    from cli import app

    result = runner.invoke(app, ["-w", str(root), "actions", "list", "sendpb"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    return len(result.output.splitlines())


def test_a_wide_terminal_shows_the_actions_in_fewer_lines(example_ws, runner):
    wide, narrow = _lines_for(runner, example_ws, "200"), _lines_for(runner, example_ws, "80")
    assert wide < narrow


def test_no_line_is_wider_than_the_terminal(example_ws, runner):
    from cli import app

    result = runner.invoke(app, ["-w", str(example_ws), "actions", "list", "sendpb"], env={"COLUMNS": "100"})
    assert max(len(line) for line in result.output.splitlines()) <= 100
