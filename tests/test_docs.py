"""The command line documents itself: every command and sub-command has help text, the
README's command reference names each one in full (as sqlite-utils checks its docs), and
every help page can be printed on a cp1252 console."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from meeting_packs.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
# The command reference: from "## Commands" to the next section.
REFERENCE = README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]


def walk(command, path=("meeting-packs",)):
    """(full name, command) for the app and every group and command under it."""
    yield " ".join(path), command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, path + (name,))


COMMANDS = dict(walk(typer.main.get_command(app)))


def test_the_walk_finds_every_level():
    assert {"meeting-packs pack", "meeting-packs actions", "meeting-packs actions chase",
            "meeting-packs appendix risks", "meeting-packs minutes import"} <= set(COMMANDS)
    assert len(COMMANDS) > 30


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    command = COMMANDS[name]
    assert (command.help or "").strip(), f"{name} has no help text"
    for param in command.params:
        if param.name != "help":
            assert (getattr(param, "help", None) or "").strip(), f"{name}: {param.name} has no help"


@pytest.mark.parametrize("name", [n for n, c in COMMANDS.items() if not hasattr(c, "commands")])
def test_the_readme_names_every_command_in_full(name):
    # The full name, then its arguments or the closing backtick (not a longer command's prefix).
    assert re.search(rf"`{re.escape(name)}[ `]", REFERENCE), f"README.md's command reference does not mention `{name}`"


@pytest.mark.parametrize("name", COMMANDS)
def test_help_can_be_printed_on_a_cp1252_console(name):
    command = COMMANDS[name]
    texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
    for text in texts:
        text.encode("cp1252")


LEAVES = [n for n, c in COMMANDS.items() if not hasattr(c, "commands")]


@pytest.mark.parametrize("name", LEAVES)
def test_every_command_shows_examples_of_itself(name):
    help_text = COMMANDS[name].help or ""
    assert "Examples:" in help_text, f"{name} has no examples in its help"
    examples = help_text.split("Examples:", 1)[1].strip().splitlines()
    assert examples and all(line.strip().startswith(name) for line in examples), examples


@pytest.mark.parametrize("name", LEAVES)
def test_help_says_what_to_type_not_python_types(name):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, name.split()[1:] + ["--help"])
    assert result.exit_code == 0
    assert "<str>" not in result.output and "<int>" not in result.output, result.output
    assert not re.search(r"\{[A-Z]+\}", result.output), result.output
    # every option that takes a value names what it takes (DATE, FILE, REF ...), never TEXT for a date
    options = result.output.split("\nOptions:", 1)[-1]
    for option in re.findall(r"--(due|as-of|meeting|since|review|reply-by) (\S+)", options):
        assert option[1] == "DATE", option
