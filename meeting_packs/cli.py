"""meeting-packs: the command line.  Each command parses, calls one library function, prints.

What is printed is composed in meeting_packs/views.py (or the library function
that owns the wording); this module only prints it, through `say`, which never
fails on a console whose code page lacks a character (README, Commands).  The
exit status comes from the exception class (`MeetingPacksError.exit_code`).

Heavy libraries (openpyxl, python-docx, docxtpl) and the views are imported
inside the commands, so `--help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from meeting_packs.errors import InputError, MeetingPacksError


def _plain_argument_help() -> None:
    """Show arguments as pip and git do: `REF` in usage (Typer writes `{REF}`) and no `<str>`.

    The metavar we give each argument already says what to type (BOARD, DATE, REF, FILE).
    """
    from typer import core

    argument = getattr(core, "TyperArgument", None)
    if argument is None:
        return  # another Typer: its own style

    def usage_name(self) -> str:
        raw = self.metavar or (self.name or "").upper()
        name = raw if self.required or raw.startswith("[") else f"[{raw}]"
        return name + ("..." if self.nargs != 1 else "")

    argument.get_usage_pieces = lambda self, ctx: [usage_name(self)]
    if hasattr(argument, "_usage_display_name"):  # Typer 0.29
        argument._usage_display_name = usage_name
    argument.display_type_rich = lambda self, ctx: None


_plain_argument_help()

# Plain help (rich_markup_mode=None): Typer's rich help costs 0.1 s of imports on every call,
# and shell completion runs the program on every Tab.  Completion for bash, zsh, fish and
# PowerShell: `meeting-packs --install-completion`.
app = typer.Typer(no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Keep a board's registers in Excel and build its agenda packs in Word.")
meetings_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="The meeting schedule.")
members_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Board membership.")
actions_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="The action log.")
risks_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="The risk register.")
plan_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="The forward plan (work programme).")
app.add_typer(meetings_app, name="meetings")
app.add_typer(members_app, name="members")
app.add_typer(actions_app, name="actions")
app.add_typer(risks_app, name="risks")
app.add_typer(plan_app, name="plan")

_state = {"workspace": None, "debug": False}


class OutputFormat(str, enum.Enum):
    table = "table"
    csv = "csv"
    json = "json"


Format = Annotated[OutputFormat, typer.Option("--format", help="table (for reading), csv (for Excel) "
                                              "or json (exact stored text, ISO dates).")]

BoardCode = Annotated[str, typer.Argument(metavar="BOARD", help="Board code, e.g. hwb (see 'meeting-packs boards').")]
Force = Annotated[bool, typer.Option("--force", help="Save even if the workbook holds things the "
                                     "tool cannot keep (they are listed first; a backup is kept).")]


# What a code page lacks, in words it has, before the last resort of "?".
_PLAIN = str.maketrans({"→": "->", "←": "<-", "✓": "v", "✗": "x", "≤": "<=", "≥": ">=",
                        "\u2011": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " "})


def console_safe(text: str, encoding: str | None) -> str:
    """`text` as the stream's encoding can carry it: unchanged when it can, else with the
    characters it lacks replaced (→ becomes ->, the rest ?).  Printing happens after the
    work is saved, so it must not be the step that fails (a cp1252 console, output
    redirected to a file on Windows)."""
    if not encoding:
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        return text.translate(_PLAIN).encode(encoding, "replace").decode(encoding)
    except LookupError:  # an encoding Python does not know: leave the text to the stream
        return text


def say(text: object = "", err: bool = False) -> None:
    """Print one text on stdout (or stderr); every line the CLI prints goes through here."""
    stream = sys.stderr if err else sys.stdout
    typer.echo(console_safe(str(text), getattr(stream, "encoding", None)), err=err)


def say_lines(lines, err: bool = False) -> None:
    for line in lines:
        say(line, err=err)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("meeting-packs")
    except PackageNotFoundError:  # run from a checkout that is not installed
        from meeting_packs import __version__

        return __version__


def _ws():
    from meeting_packs.workspace import Workspace

    return Workspace(_state["workspace"])


def friendly(command):
    """Turn library errors into one line on stderr and a non-zero exit (traceback with --debug)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        from meeting_packs import views

        try:
            return command(*args, **kwargs)
        except MeetingPacksError as err:
            if _state["debug"]:
                say(f"meeting-packs {_version()}", err=True)
                raise
            say(views.error_text(err), err=True)
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            say("Stopped.", err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except OSError as err:  # a nameable cause (read-only folder, name too long, full disk): one line
            if _state["debug"]:
                say(f"meeting-packs {_version()}", err=True)
                raise
            from meeting_packs import files

            say(views.error_text(files.os_problem(err, Path(err.filename or "a file"))), err=True)
            raise typer.Exit(1) from None
        except Exception as err:  # an unforeseen failure still gets one line
            if _state["debug"]:
                say(f"meeting-packs {_version()}", err=True)
                raise
            say(views.unexpected_text(err), err=True)
            raise typer.Exit(3) from None

    return run


def _date(text: str | None, what: str = "date") -> dt.date | None:
    from meeting_packs.dates import parse_date

    return None if text is None else parse_date(text, what)


def _time(text: str | None, what: str = "time") -> dt.time | None:
    from meeting_packs.dates import parse_time

    return None if text is None else parse_time(text, what)


def _choice(enum_type, text: str | None, option: str):
    if text is None:
        return None
    try:
        return enum_type.parse(text)
    except ValueError:
        raise InputError(f"{option}: '{text}' is not one of: {', '.join(enum_type.labels())}.") from None


def _today(as_of: str | None) -> dt.date:
    return _date(as_of, "--as-of date") if as_of else dt.date.today()


def _say_warnings(warnings) -> None:
    from meeting_packs.views import warning_lines

    say_lines(warning_lines(warnings), err=True)


def _print_version(value: bool) -> None:
    if value:
        say(f"meeting-packs {_version()}")
        raise typer.Exit()


@app.callback()
def main(
    workspace: Annotated[Optional[Path], typer.Option(
        "--workspace", "-w", metavar="FOLDER", help="The workspace folder (default: $MEETING_PACKS_WORKSPACE, "
        "or the current folder).", show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the version and the full traceback "
                                        "on errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.",
                                          callback=_print_version, is_eager=True)] = False,
):
    """Keep a board's registers in Excel and build its agenda packs in Word."""
    _state["workspace"] = workspace or os.environ.get("MEETING_PACKS_WORKSPACE") or None
    _state["debug"] = debug


# ------------------------------------------------------------------ workspace

@app.command()
@friendly
def init(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="The folder to create the workspace in.")],
    example: Annotated[bool, typer.Option("--example", help="Fill the registers with the example "
                                          "boards' data and reports.")] = False,
):
    """Create a workspace: boards.toml, registers, templates, reports and out folders."""
    from meeting_packs.workspace import init_workspace

    from meeting_packs.views import workspace_created

    say_lines(workspace_created(init_workspace(folder, example=example), example))


boards_app = typer.Typer(rich_markup_mode=None)
app.add_typer(boards_app, name="boards")


@boards_app.callback(invoke_without_command=True)
@friendly
def boards(
    ctx: typer.Context,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today.")] = None,
):
    """Each board with its next meetings; 'boards add' and 'boards show' set a board up.

    \b
    Examples:
      meeting-packs boards
      meeting-packs boards --as-of 2019-03-01
      meeting-packs boards add sf --name "Schools Forum"
    """
    if ctx.invoked_subcommand is not None:
        return
    from meeting_packs.views import boards_overview

    say(boards_overview(_ws(), _today(as_of)))


@boards_app.command("add")
@friendly
def boards_add(
    code: Annotated[str, typer.Argument(metavar="CODE", help="Short lower-case code, e.g. sf (names out/sf/ and "
                                        "starts references: SF-A001).")],
    name: Annotated[str, typer.Option(metavar="NAME", help="The board's full name, e.g. 'Schools Forum'.")],
    statutory: Annotated[bool, typer.Option("--statutory", help="Access-to-information rules apply (Part VA "
                                            "LGA 1972): exclusion resolution, 5-day publication.")] = False,
    chair: Annotated[Optional[list[str]], typer.Option(metavar="NAME", help="The chair; give it twice for "
                                                       "co-chairs.")] = None,
    council: Annotated[str, typer.Option(metavar="TEXT", help="The council's name, under the title.")] = "",
    venue: Annotated[str, typer.Option(metavar="TEXT", help="Default venue for new meetings.")] = "",
    start: Annotated[Optional[str], typer.Option(metavar="HH:MM", help="Default start time (default 10:00).")] = None,
    end: Annotated[Optional[str], typer.Option(metavar="HH:MM", help="Default end time.")] = None,
):
    """Add a board to boards.toml: a commented entry, the rest of the file kept as it is."""
    from meeting_packs.board_setup import add_board
    from meeting_packs.views import board_added

    ws = _ws()
    board = add_board(ws, code, name, statutory, tuple(chair or ()), council, venue,
                      _time(start, "start time"), _time(end, "end time"))
    say_lines(board_added(board, ws.config_path))


@boards_app.command("show")
@friendly
def boards_show(code: Annotated[str, typer.Argument(metavar="CODE", help="Board code, e.g. hwb.")]):
    """A board's settings as the tool uses them, saying which are defaults."""
    from meeting_packs.board_setup import board_settings
    from meeting_packs.views import board_settings_text

    say(board_settings_text(*board_settings(_ws(), code)))


@app.command()
@friendly
def check(
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today "
                                                 "(for overdue actions and deadlines).")] = None,
):
    """Check boards.toml and every register; list every problem at once.

    The whole report goes to standard output; the exit status is 1 when there
    are errors, 0 when there are only warnings or nothing at all.
    """
    from meeting_packs.check import check_workspace
    from meeting_packs.views import check_report

    today = _today(as_of)
    report = check_workspace(_ws(), today)
    say_lines(check_report(report, today))
    if report.errors:
        raise typer.Exit(1)


# ------------------------------------------------------------------ meetings

@meetings_app.command("add")
@friendly
def meetings_add(
    board: Annotated[str, typer.Argument(metavar="BOARD", help="Board code, e.g. hwb.")],
    date: Annotated[str, typer.Argument(metavar="DATE", help="Meeting date, YYYY-MM-DD or DD/MM/YYYY.")],
    start: Annotated[Optional[str], typer.Option(metavar="HH:MM", help="Start time HH:MM (default: the board's).")] = None,
    end: Annotated[Optional[str], typer.Option(metavar="HH:MM", help="End time HH:MM (default: the board's).")] = None,
    venue: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Venue (default: the board's).")] = None,
    notes: Annotated[str, typer.Option(metavar="TEXT", help="A note, e.g. 'Private workshop'.")] = "",
    force: Force = False,
):
    """Add a meeting to the board's schedule."""
    from meeting_packs.forward_plan import add_meeting
    from meeting_packs.views import meeting_added

    meeting = add_meeting(_ws(), board, _date(date, "meeting date"), _time(start, "start time"),
                          _time(end, "end time"), venue or "", notes, force=force)
    say(meeting_added(board, meeting))


@meetings_app.command("cancel")
@friendly
def meetings_cancel(board: BoardCode,
                    date: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date.")],
                    force: Force = False):
    """Take a meeting off the schedule; its forward-plan items become unscheduled (listed)."""
    from meeting_packs.forward_plan import cancel_meeting
    from meeting_packs.views import meeting_changed

    say_lines(meeting_changed(cancel_meeting(_ws(), board, _date(date, "meeting date"), force=force)))


@meetings_app.command("move")
@friendly
def meetings_move(board: BoardCode,
                  date: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date now.")],
                  new_date: Annotated[str, typer.Argument(metavar="NEW_DATE", help="The date it moves to.")],
                  force: Force = False):
    """Move a meeting to another date; its forward-plan items move with it."""
    from meeting_packs.forward_plan import move_meeting
    from meeting_packs.views import meeting_changed

    say_lines(meeting_changed(move_meeting(_ws(), board, _date(date, "meeting date"),
                                           _date(new_date, "new meeting date"), force=force)))


@meetings_app.command("list")
@friendly
def meetings_list(board: Annotated[Optional[str], typer.Argument(metavar="BOARD", help="Board code (default: all).")] = None,
                  fmt: Format = OutputFormat.table):
    """List scheduled meetings."""
    from meeting_packs.forward_plan import list_meetings
    from meeting_packs.views import formatted, meetings_table

    meetings = list_meetings(_ws(), board)
    say(formatted(meetings, fmt.value, lambda: meetings_table(meetings)))


# ------------------------------------------------------------------ members

@members_app.command("add")
@friendly
def members_add(
    board: BoardCode,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Full name, e.g. 'Ian Thomas'.")],
    initials: Annotated[str, typer.Option(metavar="INITIALS", help="Initials used in the minutes, e.g. IT.")],
    role: Annotated[str, typer.Option(metavar="TEXT", help="Job title or role.")] = "",
    org: Annotated[str, typer.Option(metavar="TEXT", help="Organisation.")] = "",
    type: Annotated[str, typer.Option(metavar="TYPE", help="Chair, Co-chair, Member, Named substitute, Officer or "
                                      "Observer.")] = "Member",
    email: Annotated[str, typer.Option(metavar="ADDRESS", help="Email address (for chasing actions).")] = "",
    substitute_for: Annotated[str, typer.Option(metavar="NAME", help="For a named substitute: whose substitute.")] = "",
    force: Force = False,
):
    """Add a member to a board."""
    from meeting_packs.membership import add_member
    from meeting_packs.model import MemberType
    from meeting_packs.views import member_added

    member = add_member(_ws(), board, name, initials, role, org, _choice(MemberType, type, "--type"),
                        email, substitute_for, force=force)
    say(member_added(board, member))


@members_app.command("list")
@friendly
def members_list(board: BoardCode,
                 all_: Annotated[bool, typer.Option("--all", help="Include members who have left.")] = False,
                 as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE",
                                                              help="Treat this date as today.")] = None,
                 fmt: Format = OutputFormat.table):
    """List a board's members (with --all, those who have left too)."""
    from meeting_packs.membership import list_members
    from meeting_packs.views import formatted, members_table

    members = list_members(_ws(), board, _today(as_of), all_)
    say(formatted(members, fmt.value, lambda: members_table(members)))


Initials = Annotated[str, typer.Argument(metavar="INITIALS", help="The member's initials on that board, e.g. IT.")]


@members_app.command("update")
@friendly
def members_update(
    board: BoardCode,
    initials: Initials,
    name: Annotated[Optional[str], typer.Option(metavar="NAME", help="Full name.")] = None,
    role: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Job title or role.")] = None,
    org: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Organisation.")] = None,
    type: Annotated[Optional[str], typer.Option(metavar="TYPE", help="Chair, Co-chair, Member, Named substitute, "
                                                "Officer or Observer.")] = None,
    email: Annotated[Optional[str], typer.Option(metavar="ADDRESS", help="Email address ('' to clear it).")] = None,
    force: Force = False,
):
    """Change a member's name, role, organisation, type or email."""
    from meeting_packs.membership import update_member
    from meeting_packs.model import MemberType
    from meeting_packs.views import member_updated

    member, changes = update_member(_ws(), board, initials, name, role, org, _choice(MemberType, type, "--type"),
                                    email, force=force)
    say_lines(member_updated(board, member, changes))


@members_app.command("leave")
@friendly
def members_leave(
    board: BoardCode,
    initials: Initials,
    on: Annotated[Optional[str], typer.Option(metavar="DATE", help="The day they left (default: today).")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today.")] = None,
    force: Force = False,
):
    """Record that a member left: gone from later agendas and templates, kept in attendance."""
    from meeting_packs.membership import leave_member
    from meeting_packs.views import member_left

    ws = _ws()
    member = leave_member(ws, board, initials, _date(on, "--on date") or _today(as_of), force=force)
    say(member_left(ws.board(board), member))


# ------------------------------------------------------------------ actions

@actions_app.command("add")
@friendly
def actions_add(
    board: BoardCode,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What is to be done.")],
    owner: Annotated[str, typer.Option(metavar="INITIALS", help="Initials or name of a board member.")],
    due: Annotated[str, typer.Option(metavar="DATE", help="Due date, YYYY-MM-DD or DD/MM/YYYY.")],
    meeting: Annotated[Optional[str], typer.Option(metavar="DATE", help="Date of the meeting that agreed it.")] = None,
    item: Annotated[str, typer.Option(metavar="NUMBER", help="Agenda item number.")] = "",
    workstream: Annotated[str, typer.Option(metavar="TEXT", help="Workstream or area.")] = "",
    rag: Annotated[str, typer.Option(metavar="RAG", help="Initial RAG status (from the board's scale).")] = "",
    force: Force = False,
):
    """Add an action; prints its new reference."""
    from meeting_packs.action_log import add_action

    outcome = add_action(_ws(), board, text, owner, _date(due, "due date"),
                         _date(meeting, "meeting date"), item, workstream, rag, force=force)
    _say_warnings(outcome.warnings)
    say(outcome.action.ref)


@actions_app.command("list")
@friendly
def actions_list(
    board: Annotated[Optional[str], typer.Argument(metavar="BOARD", help="Board code (default: all boards).")] = None,
    owner: Annotated[Optional[str], typer.Option(metavar="INITIALS", help="Only this owner's actions.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Include completed actions.")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today.")] = None,
    fmt: Format = OutputFormat.table,
):
    """List open actions (with --all, completed ones too)."""
    from meeting_packs.action_log import list_actions
    from meeting_packs.views import actions_table, formatted

    today = _today(as_of)
    actions = list_actions(_ws(), board, owner, overdue, all_, today)
    say(formatted(actions, fmt.value, lambda: actions_table(actions, today)))


@actions_app.command("update")
@friendly
def actions_update(
    ref: Annotated[str, typer.Argument(metavar="REF", help="The action's reference, e.g. SENDPB-A003.")],
    rag: Annotated[Optional[str], typer.Option(metavar="RAG", help="New RAG status.")] = None,
    status: Annotated[Optional[str], typer.Option(metavar="STATUS", help="Open, In progress, On hold or Complete.")] = None,
    progress: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Progress update text.")] = None,
    due: Annotated[Optional[str], typer.Option(metavar="DATE", help="New due date.")] = None,
    owner: Annotated[Optional[str], typer.Option(metavar="INITIALS", help="New owner.")] = None,
    text: Annotated[Optional[str], typer.Option(metavar="TEXT", help="New wording of the action.")] = None,
    workstream: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Workstream or area.")] = None,
    meeting: Annotated[Optional[str], typer.Option(metavar="DATE", help="Date of the meeting that agreed it.")] = None,
    item: Annotated[Optional[str], typer.Option(metavar="NUMBER", help="Agenda item number.")] = None,
    force: Force = False,
):
    """Change an action; every change is kept in its history."""
    from meeting_packs.action_log import update_action
    from meeting_packs.model import ActionStatus
    from meeting_packs.views import action_changes

    outcome = update_action(_ws(), ref, rag, _choice(ActionStatus, status, "--status"), progress,
                            _date(due, "due date"), owner, force=force, text=text, workstream=workstream,
                            meeting=_date(meeting, "meeting date"), item=item)
    _say_warnings(outcome.warnings)
    say_lines(action_changes(outcome))


@actions_app.command("close")
@friendly
def actions_close(
    ref: Annotated[str, typer.Argument(metavar="REF", help="The action's reference.")],
    progress: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Closing note.")] = None,
    on: Annotated[Optional[str], typer.Option(metavar="DATE", help="The day it was done (default: today).")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today.")] = None,
    force: Force = False,
):
    """Mark an action complete, dated today or --on the day it was done."""
    from meeting_packs.action_log import close_action
    from meeting_packs.views import action_closed

    say(action_closed(close_action(_ws(), ref, progress, force=force, on=_date(on, "--on date"),
                                   today=_today(as_of)).action))


@actions_app.command("reopen")
@friendly
def actions_reopen(
    ref: Annotated[str, typer.Argument(metavar="REF", help="The action's reference.")],
    progress: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Why it is open again.")] = None,
    force: Force = False,
):
    """Open a completed action again, with the RAG it had before it was closed."""
    from meeting_packs.action_log import reopen_action
    from meeting_packs.views import action_reopened

    say_lines(action_reopened(reopen_action(_ws(), ref, progress, force=force)))


@actions_app.command("show")
@friendly
def actions_show(ref: Annotated[str, typer.Argument(metavar="REF", help="The action's reference.")],
                 fmt: Format = OutputFormat.table):
    """One action and its history, oldest change first."""
    from meeting_packs.action_log import show_action
    from meeting_packs.views import shown_text

    say(shown_text(show_action(_ws(), ref), fmt.value))


# ------------------------------------------------------------------ risks

@risks_app.command("add")
@friendly
def risks_add(
    board: BoardCode,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The risk.")],
    likelihood: Annotated[int, typer.Option(metavar="1-5", help="Likelihood 1 (rare) to 5 (almost certain).")],
    impact: Annotated[int, typer.Option(metavar="1-5", help="Impact 1 (negligible) to 5 (severe).")],
    owner: Annotated[str, typer.Option(metavar="INITIALS", help="Risk owner.")],
    strategy: Annotated[Optional[str], typer.Option(metavar="STRATEGY", help="Treat/Mitigate, Tolerate/Accept, Transfer, "
                                                    "Terminate/Avoid.")] = None,
    mitigation: Annotated[str, typer.Option(metavar="TEXT", help="Mitigating actions.")] = "",
    workstream: Annotated[str, typer.Option(metavar="TEXT", help="Workstream.")] = "",
    consequence: Annotated[str, typer.Option(metavar="TEXT", help="What happens if the risk occurs.")] = "",
    review: Annotated[Optional[str], typer.Option(metavar="DATE", help="Next review date.")] = None,
    target: Annotated[Optional[int], typer.Option(metavar="1-25", help="Target score (1-25).")] = None,
    force: Force = False,
):
    """Add a risk; prints its reference, score and rating."""
    from meeting_packs.model import Strategy
    from meeting_packs.risk_register import add_risk
    from meeting_packs.views import risk_added

    ws = _ws()
    risk = add_risk(ws, board, text, likelihood, impact, owner,
                    _choice(Strategy, strategy, "--strategy"), mitigation, workstream, consequence,
                    _date(review, "review date"), target, force=force)
    say(risk_added(ws, risk))


@risks_app.command("list")
@friendly
def risks_list(
    board: Annotated[Optional[str], typer.Argument(metavar="BOARD", help="Board code (default: all).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include closed risks.")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today "
                                                 "(for overdue reviews).")] = None,
    fmt: Format = OutputFormat.table,
):
    """List open risks, highest score first; reviews past due are marked OVERDUE."""
    from meeting_packs.risk_register import list_risks
    from meeting_packs.views import formatted, risks_table

    ws = _ws()
    today = _today(as_of)
    risks = list_risks(ws, board, all_)
    say(formatted(risks, fmt.value, lambda: risks_table(ws, risks, today)))


@risks_app.command("update")
@friendly
def risks_update(
    ref: Annotated[str, typer.Argument(metavar="REF", help="The risk's reference, e.g. SENDPB-R03.")],
    likelihood: Annotated[Optional[int], typer.Option(metavar="1-5", help="Likelihood 1-5.")] = None,
    impact: Annotated[Optional[int], typer.Option(metavar="1-5", help="Impact 1-5.")] = None,
    owner: Annotated[Optional[str], typer.Option(metavar="INITIALS", help="Risk owner.")] = None,
    strategy: Annotated[Optional[str], typer.Option(metavar="STRATEGY", help="Strategy.")] = None,
    mitigation: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Mitigating actions.")] = None,
    review: Annotated[Optional[str], typer.Option(metavar="DATE", help="Next review date.")] = None,
    target: Annotated[Optional[int], typer.Option(metavar="1-25", help="Target score.")] = None,
    status: Annotated[Optional[str], typer.Option(metavar="STATUS", help="Open or Closed.")] = None,
    text: Annotated[Optional[str], typer.Option(metavar="TEXT", help="New wording of the risk.")] = None,
    workstream: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Workstream.")] = None,
    consequence: Annotated[Optional[str], typer.Option(metavar="TEXT", help="What happens if the risk occurs.")] = None,
    force: Force = False,
):
    """Change a risk; the score and rating are worked out again, and the change kept in its history."""
    from meeting_packs.model import RiskStatus, Strategy
    from meeting_packs.risk_register import update_risk
    from meeting_packs.views import risk_updated

    ws = _ws()
    risk = update_risk(ws, ref, force=force, likelihood=likelihood, impact=impact, owner=owner,
                       strategy=_choice(Strategy, strategy, "--strategy"), mitigation=mitigation,
                       review=_date(review, "review date"), target_score=target,
                       status=_choice(RiskStatus, status, "--status"), text=text, workstream=workstream,
                       consequence=consequence)
    say(risk_updated(ws, risk))


@risks_app.command("show")
@friendly
def risks_show(ref: Annotated[str, typer.Argument(metavar="REF", help="The risk's reference.")],
               fmt: Format = OutputFormat.table):
    """One risk and its history (score and rating at every change), oldest first."""
    from meeting_packs.risk_register import show_risk
    from meeting_packs.views import shown_text

    ws = _ws()
    say(shown_text(show_risk(ws, ref), fmt.value, ws))


@risks_app.command("close")
@friendly
def risks_close(ref: Annotated[str, typer.Argument(metavar="REF", help="The risk's reference.")], force: Force = False):
    """Close a risk (it stays in the register)."""
    from meeting_packs.risk_register import close_risk
    from meeting_packs.views import risk_closed

    say(risk_closed(close_risk(_ws(), ref, force=force)))


# ------------------------------------------------------------------ forward plan

@plan_app.command("add")
@friendly
def plan_add(
    board: BoardCode,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="Item title as it will appear on the agenda.")],
    meeting: Annotated[Optional[str], typer.Option(metavar="DATE", help="Meeting date (leave out: unscheduled).")] = None,
    purpose: Annotated[Optional[str], typer.Option(metavar="PURPOSE", help="To note, To endorse, To approve, To consider, "
                                                   "To update, Verbal update, For discussion, or one of the "
                                                   "board's own purposes (boards.toml).")] = None,
    lead: Annotated[str, typer.Option(metavar="NAME", help="Lead or presenter.")] = "",
    report: Annotated[str, typer.Option(metavar="FILE", help="Report file (.docx), relative to the workspace.")] = "",
    exempt: Annotated[Optional[int], typer.Option(metavar="PARAGRAPH", help="Schedule 12A paragraph (1-7) if exempt.")] = None,
    author: Annotated[str, typer.Option(metavar="NAME", help="Report author.")] = "",
    recommendation: Annotated[str, typer.Option(metavar="TEXT", help="Recommendation line for the agenda.")] = "",
    to_follow: Annotated[bool, typer.Option("--to-follow", help="The report will follow later.")] = False,
    appendix: Annotated[Optional[str], typer.Option(metavar="PAPER", help="A generated appendix as this item's paper: "
                                                    "'Action log', 'Risk register' or 'Forward plan'.")] = None,
    force: Force = False,
):
    """Add an item to the forward plan."""
    from meeting_packs.forward_plan import add_item
    from meeting_packs.model import GeneratedPaper

    item, warnings = add_item(_ws(), board, title, _date(meeting, "meeting date"),
                              purpose, lead, report, exempt, author,
                              recommendation, to_follow, _choice(GeneratedPaper, appendix, "--appendix"),
                              force=force)
    _say_warnings(warnings)
    say(item.ref)


@plan_app.command("list")
@friendly
def plan_list(
    board: Annotated[Optional[str], typer.Argument(metavar="BOARD", help="Board code (default: all).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include dropped items.")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today "
                                                 "(items of earlier meetings are marked past).")] = None,
    fmt: Format = OutputFormat.table,
):
    """The forward plan by meeting, then unscheduled items."""
    from meeting_packs.forward_plan import list_items
    from meeting_packs.views import formatted, plan_table

    today = _today(as_of)
    items = list_items(_ws(), board, all_)
    say(formatted(items, fmt.value, lambda: plan_table(items, today)))


PlanRef = Annotated[str, typer.Argument(metavar="REF", help="The item's reference, e.g. HWB-P004.")]


@plan_app.command("update")
@friendly
def plan_update(
    ref: PlanRef,
    title: Annotated[Optional[str], typer.Option(metavar="TITLE", help="Item title as on the agenda.")] = None,
    purpose: Annotated[Optional[str], typer.Option(metavar="PURPOSE", help="To note, To approve … or one of the "
                                                   "board's own purposes (boards.toml).")] = None,
    lead: Annotated[Optional[str], typer.Option(metavar="NAME", help="Lead or presenter.")] = None,
    author: Annotated[Optional[str], typer.Option(metavar="NAME", help="Report author.")] = None,
    report: Annotated[Optional[str], typer.Option(metavar="FILE", help="The report (.docx, relative to the "
                                                  "workspace); marks a planned or to-follow item received.")] = None,
    status: Annotated[Optional[str], typer.Option(metavar="STATUS", help="Planned, To follow, Report received, "
                                                  "Taken or Dropped.")] = None,
    exempt: Annotated[Optional[int], typer.Option(metavar="PARAGRAPH", help="Schedule 12A paragraph (1-7); "
                                                  "0 makes it public again.")] = None,
    to_follow: Annotated[bool, typer.Option("--to-follow", help="The report will follow later.")] = False,
    force: Force = False,
):
    """Change a forward-plan item; a report that has arrived goes into the supplementary pack."""
    from meeting_packs.forward_plan import update_item
    from meeting_packs.model import PlanStatus
    from meeting_packs.views import plan_updated

    update = update_item(_ws(), ref, title, purpose, lead, author, report,
                         _choice(PlanStatus, status, "--status"), exempt, to_follow, force=force)
    _say_warnings(update.warnings)
    say_lines(plan_updated(update))


@plan_app.command("show")
@friendly
def plan_show(ref: PlanRef, fmt: Format = OutputFormat.table):
    """One forward-plan item and its history, oldest change first."""
    from meeting_packs.forward_plan import show_item
    from meeting_packs.views import shown_text

    say(shown_text(show_item(_ws(), ref), fmt.value))


@plan_app.command("move")
@friendly
def plan_move(
    ref: Annotated[str, typer.Argument(metavar="REF", help="The item's reference, e.g. HWB-P004.")],
    date: Annotated[Optional[str], typer.Argument(metavar="DATE", help="The new meeting date.")] = None,
    unscheduled: Annotated[bool, typer.Option("--unscheduled", help="Take it off any meeting.")] = False,
    force: Force = False,
):
    """Move an item to another meeting, or back to unscheduled."""
    from meeting_packs.forward_plan import move_item
    from meeting_packs.views import plan_moved

    if (date is None) == (not unscheduled):
        raise InputError("Give either a new meeting DATE or --unscheduled.")
    item, warnings = move_item(_ws(), ref, None if unscheduled else _date(date, "meeting date"), force=force)
    _say_warnings(warnings)
    say(plan_moved(item))


@plan_app.command("drop")
@friendly
def plan_drop(ref: Annotated[str, typer.Argument(metavar="REF", help="The item's reference.")], force: Force = False):
    """Drop an item from the plan (it stays in the register, marked Dropped)."""
    from meeting_packs.forward_plan import drop_item
    from meeting_packs.views import plan_dropped

    say(plan_dropped(drop_item(_ws(), ref, force=force)))


# ------------------------------------------------------------------ documents

appendix_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Build the generated appendices.")
minutes_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Minutes: the template, and reading it back.")
app.add_typer(appendix_app, name="appendix")
app.add_typer(minutes_app, name="minutes")

Output = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write to this file "
                                                "instead of out/<board>/<date>/.", show_default=False)]
ForceOutput = Annotated[bool, typer.Option("--force", help="Replace the output file even if it was not "
                                           "made by meeting-packs.")]
MeetingDate = Annotated[str, typer.Argument(metavar="DATE", help="Meeting date (YYYY-MM-DD or DD/MM/YYYY), 'next' or 'last'.")]
OptionalDate = Annotated[Optional[str], typer.Argument(metavar="DATE", help="Meeting date, 'next' or 'last' "
                                                       "(default: the next meeting).", show_default=False)]
AsOf = Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today.")]


def _document_command(kind) -> None:
    """`meeting-packs <words> BOARD DATE …` for one entry of the document registry."""
    group = {"appendix": appendix_app, "minutes": minutes_app}.get(kind.command[0], app)
    name = kind.command[-1]

    def build(board: BoardCode, date: OptionalDate = None, output: Output = None, as_of: AsOf = None,
              force: ForceOutput = False):
        from meeting_packs.documents.registry import write_document

        if date is None and kind.needs_schedule:
            date = "next"  # a document of a meeting: the next scheduled one
        say(write_document(_ws(), kind.name, board, date, output, _today(as_of), force))

    build.__name__ = "_".join(kind.command).replace("-", "_")
    build.__doc__ = kind.description
    group.command(name)(friendly(build))


def _document_commands() -> None:
    from meeting_packs.documents.registry import DOCUMENTS

    for kind in DOCUMENTS:
        _document_command(kind)


_document_commands()


@app.command()
@friendly
def pack(
    board: BoardCode,
    date: MeetingDate,
    private: Annotated[bool, typer.Option("--private", help="Include exempt reports (marked NOT FOR "
                                          "PUBLICATION). The default is the public pack.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also make a PDF with LibreOffice.")] = False,
    supplement: Annotated[bool, typer.Option("--supplement", help="Only the reports marked 'to follow', "
                                             "with their original appendix letters.")] = False,
    output_dir: Annotated[Optional[Path], typer.Option("--output-dir", metavar="FOLDER", help="Folder to "
                                                       "write to (default: out/<board>/<date>/).")] = None,
    allow_missing: Annotated[bool, typer.Option("--allow-missing", help="Put a placeholder page in place "
                                                "of a missing or damaged report instead of stopping.")] = False,
    as_of: AsOf = None,
    published: Annotated[Optional[str], typer.Option("--published", metavar="DATE", help="The day the pack "
                                                     "is published, which the agenda states (default: today).")] = None,
    force: ForceOutput = False,
    allow_outside: Annotated[bool, typer.Option("--allow-outside", help="Let the public pack include a "
                                                "report from outside the workspace folder.")] = False,
):
    """Build the whole agenda pack: agenda, welcome page and every appendix, pages numbered A1, A2 … B1 …"""
    from contextlib import nullcontext

    from meeting_packs.documents import pdf as pdf_step

    # LibreOffice starts first and gets ready while the pack is built; it is stopped on leaving
    with (pdf_step.started() if pdf else nullcontext()) as office, _progress() as progress:
        from meeting_packs.documents.pack import build_pack
        from meeting_packs.views import pack_contents, pack_deadline

        today = _today(as_of)
        result = build_pack(_ws(), board, date, private=private, supplement=supplement,
                            output_dir=output_dir, allow_missing=allow_missing, today=today,
                            progress=progress, force=force, published=_date(published, "--published date"),
                            allow_outside=allow_outside)
        _say_warnings(result.warnings)
        say(result.docx)
        say_lines(pack_contents(result))
        # the deadline first: it must be seen even if the PDF step then fails
        out, err = pack_deadline(result, today)
        say_lines(out)
        say_lines(err, err=True)
        if pdf:
            if progress:
                progress("converting to PDF", 0, 0)
            say(pdf_step.to_pdf(result.docx, force=force, parts=result.parts, office=office))
        else:
            from meeting_packs.views import pdf_hint

            say(pdf_hint(pdf_step.find_soffice() is not None))


class _progress:
    """A rich progress bar on a terminal; nothing when output is redirected (or under tests)."""

    def __enter__(self):
        self._bar = None
        if not sys.stderr.isatty():
            return None
        from rich.progress import Progress

        self._bar = Progress(transient=True)
        self._bar.start()
        self._task = self._bar.add_task("Building the pack", total=None)

        def update(text: str, step: int, total: int) -> None:
            self._bar.update(self._task, description=f"Building the pack: {text}",
                             completed=step, total=total or None)

        return update

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()
        return False


# ------------------------------------------------------------------ closing the loop

@minutes_app.command("import")
@friendly
def minutes_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The minutes template as completed in Word (.docx).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    force: Force = False,
):
    """Read completed minutes: add the agreed actions to the action log and record attendance."""
    from meeting_packs.minutes import import_minutes, summary

    result = import_minutes(_ws(), file, dry_run=dry_run, force=force)
    _say_warnings(result.warnings)
    say_lines(summary(result))


@minutes_app.command("publish")
@friendly
def minutes_publish(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The approved minutes: the minutes template as "
                                         "completed in Word (.docx).")],
    pdf: Annotated[bool, typer.Option("--pdf", help="Also make a PDF of each with LibreOffice.")] = False,
    output_dir: Annotated[Optional[Path], typer.Option("--output-dir", metavar="FOLDER", help="Folder to write "
                                                       "to (default: the folder FILE is in).")] = None,
    force: ForceOutput = False,
):
    """Write the minutes ready to publish, and the Part 2 (exempt) minutes apart, without the tool's notes."""
    from meeting_packs.minutes.publishing import publish_minutes
    from meeting_packs.views import minutes_published

    say_lines(minutes_published(publish_minutes(_ws(), file, output_dir, pdf, force)))


@app.command()
@friendly
def attendance(
    board: BoardCode,
    since: Annotated[Optional[str], typer.Option(metavar="DATE", help="Only meetings on or after this date.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today "
                                                 "(meetings after it are not counted).")] = None,
):
    """Each member's attendance: meetings expected, attended, apologies, and a percentage."""
    from meeting_packs.attendance import attendance_report, attendance_text

    say(attendance_text(attendance_report(_ws(), board, _date(since, "--since date"), _today(as_of))))


@actions_app.command("chase")
@friendly
def actions_chase(
    board: BoardCode,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    output_dir: Annotated[Optional[Path], typer.Option("--output-dir", metavar="FOLDER", help="Folder for the drafts "
                                                       "(default: out/<board>/chase-<date>/).")] = None,
    reply_by: Annotated[Optional[str], typer.Option("--reply-by", metavar="DATE", help="Ask for updates by this date "
                                                    "(default: the next meeting's publication deadline, "
                                                    "else 5 working days).")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Treat this date as today.")] = None,
):
    """Write one draft email (.eml, opens in Outlook as unsent) per owner of open actions."""
    from meeting_packs.chase import chase_owners, chase_text

    result = chase_owners(_ws(), board, overdue, output_dir, _today(as_of), _date(reply_by, "--reply-by date"))
    out, err = chase_text(result, overdue)
    say_lines(out)
    say_lines(err, err=True)


# ------------------------------------------------------------------ examples in every command's help

EXAMPLES = {
    "init": ['meeting-packs init "S:\\Committees\\Boards"', "meeting-packs init demo --example"],
    "boards add": ['meeting-packs boards add sf --name "Schools Forum"',
                   'meeting-packs boards add adults --name "Adults Safeguarding Board" --statutory --chair "Cllr A Smith"'],
    "boards show": ["meeting-packs boards show hwb"],
    "check": ["meeting-packs check", "meeting-packs check > report.txt"],
    "agenda": ["meeting-packs agenda hwb next", 'meeting-packs agenda hwb 2019-03-28 -o "agenda.docx"'],
    "pack": ["meeting-packs pack hwb next --pdf", "meeting-packs pack hwb 2019-03-28 --private",
             "meeting-packs pack hwb next --supplement"],
    "attendance": ["meeting-packs attendance sendpb", "meeting-packs attendance sendpb --since 2019-09-01",
                   "meeting-packs attendance sendpb --as-of 2019-12-31"],
    "meetings add": ["meeting-packs meetings add hwb 2026-03-26 --start 18:30 --venue \"Guildhall\""],
    "meetings cancel": ["meeting-packs meetings cancel hwb 2026-03-26"],
    "meetings move": ["meeting-packs meetings move hwb 2026-03-26 2026-04-02"],
    "members update": ['meeting-packs members update sendpb IT --role "Interim Chief Executive"',
                       "meeting-packs members update sendpb AW --email a.white@example.gov.uk"],
    "members leave": ["meeting-packs members leave sendpb NG --on 2019-12-31"],
    "meetings list": ["meeting-packs meetings list hwb", "meeting-packs meetings list --format csv > meetings.csv"],
    "members add": ['meeting-packs members add sendpb "Ian Thomas" --initials IT --role "Chief Executive"'],
    "members list": ["meeting-packs members list sendpb", "meeting-packs members list sendpb --all",
                     "meeting-packs members list sendpb --format json"],
    "actions add": ['meeting-packs actions add sendpb "Circulate the survey" --owner NG --due 29/11/2019'],
    "actions list": ["meeting-packs actions list sendpb --overdue", "meeting-packs actions list --owner AW --all",
                     "meeting-packs actions list sendpb --format json"],
    "actions update": ['meeting-packs actions update SENDPB-A005 --rag Amber --progress "Now January 2020"',
                       'meeting-packs actions update SENDPB-A031 --workstream "Local offer" --meeting 2019-11-14 --item 5'],
    "actions close": ['meeting-packs actions close SENDPB-A004 --progress "Presented on 14/11/2019"',
                      "meeting-packs actions close SENDPB-A004 --on 2019-11-14"],
    "actions reopen": ['meeting-packs actions reopen SENDPB-A004 --progress "Returns still missing"'],
    "actions show": ["meeting-packs actions show SENDPB-A004", "meeting-packs actions show SENDPB-A004 --format json"],
    "actions chase": ["meeting-packs actions chase sendpb --overdue",
                      'meeting-packs actions chase sendpb --output-dir "drafts"'],
    "risks add": ['meeting-packs risks add sendpb "Demand outstrips places" --likelihood 4 --impact 4 --owner AW'],
    "risks list": ["meeting-packs risks list sendpb", "meeting-packs risks list --all --format csv > risks.csv",
                   "meeting-packs risks list sendpb --as-of 2020-02-01"],
    "risks update": ["meeting-packs risks update SENDPB-R03 --likelihood 2 --review 2026-06-30",
                     "meeting-packs risks update SENDPB-R03 --status Closed"],
    "risks show": ["meeting-packs risks show SENDPB-R03", "meeting-packs risks show SENDPB-R03 --format csv"],
    "risks close": ["meeting-packs risks close SENDPB-R03"],
    "plan add": ['meeting-packs plan add hwb "Better Care Fund plan" --meeting 2026-03-26 --purpose "To approve"'],
    "plan list": ["meeting-packs plan list hwb", "meeting-packs plan list hwb --all --format csv",
                  "meeting-packs plan list hwb --as-of 2019-03-01"],
    "plan update": ['meeting-packs plan update HWB-P004 --report "reports/Better Care Fund.docx"',
                    'meeting-packs plan update HWB-P004 --purpose "To consult" --lead "Director of Public Health"',
                    "meeting-packs plan update HWB-P004 --status Planned"],
    "plan show": ["meeting-packs plan show HWB-P004"],
    "plan move": ["meeting-packs plan move HWB-P004 2026-06-25", "meeting-packs plan move HWB-P004 --unscheduled"],
    "plan drop": ["meeting-packs plan drop HWB-P004"],
    "appendix actions": ["meeting-packs appendix actions sendpb 2019-11-14"],
    "appendix risks": ["meeting-packs appendix risks sendpb next"],
    "appendix plan": ["meeting-packs appendix plan hwb 2019-03-28"],
    "minutes template": ["meeting-packs minutes template sendpb 2019-11-14"],
    "minutes publish": ['meeting-packs minutes publish "Minutes 14 November 2019.docx" --pdf',
                        'meeting-packs minutes publish "Minutes 14 November 2019.docx" --output-dir "S:\\Published"'],
    "minutes import": ['meeting-packs minutes import "Minutes 14 November 2019.docx" --dry-run',
                       'meeting-packs minutes import "Minutes 14 November 2019.docx"'],
}


def _add_examples(typer_app: typer.Typer, prefix: str = "") -> None:
    """Append an 'Examples' paragraph (kept as typed: click's \\b) to each command's help."""
    import inspect

    for info in typer_app.registered_commands:
        name = f"{prefix}{info.name or info.callback.__name__.replace('_', '-')}"
        lines = EXAMPLES.get(name)
        if lines:
            text = info.help or inspect.getdoc(info.callback) or ""
            info.help = text + "\n\n\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
    for group in typer_app.registered_groups:
        _add_examples(group.typer_instance, f"{prefix}{group.name} ")


_add_examples(app)
