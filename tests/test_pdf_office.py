"""`pack --pdf` overlaps LibreOffice's start with the Word build (issue 11, "pack --pdf costs at most
1.3 × a bare conversion"), and always stops it and removes its profile.

LibreOffice is started in a profile of its own when the command begins; the
.docx is handed to it when written; on leaving (done, an error, a time-out,
Ctrl+C) no LibreOffice process of that profile is left and the profile is
gone.  Skipped without LibreOffice, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import require_libreoffice
from typer.testing import CliRunner

from cli import app
from meeting_packs.documents import pdf
from meeting_packs.errors import ConversionError

AS_OF = "2019-03-01"


def run(root, *args):
    return CliRunner().invoke(app, ["-w", str(root)] + [str(a) for a in args])


@pytest.fixture(autouse=True)
def _soffice():
    require_libreoffice()


def processes_with(text: str) -> list[str]:
    """Command lines of the running processes that mention `text` (Linux's /proc)."""
    if not Path("/proc/self/cmdline").exists():
        pytest.skip("no /proc to look for processes in")
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            status = (entry / "stat").read_text()
        except OSError:
            continue
        if text in line and ") Z " not in status:  # a zombie has ended already
            found.append(line)
    return found


def assert_gone(office: pdf.Office) -> None:
    home = office.profile.parent
    deadline = time.monotonic() + 5
    while processes_with(home.name) and time.monotonic() < deadline:
        time.sleep(0.1)  # a signalled soffice.bin may take a moment to go
    assert not processes_with(home.name), processes_with(home.name)
    assert office.process.poll() is not None
    assert not home.exists(), f"the profile {home} was left behind"


def wait_until_listening(office: pdf.Office) -> None:
    """Wait until the background LibreOffice listens for work, steadily: in a new profile it starts,
    makes the profile, restarts itself once and listens again; a `soffice` handed work in between
    does it by itself (correct, but then this test would not see the hand-over).  It listens on
    LibreOffice's pipe: OSL_PIPE_<uid>_SingleOfficeIPC_<MD5 of the profile's URL in UTF-16, in hex>."""
    import hashlib
    import sys
    import tempfile

    if not sys.platform.startswith("linux"):
        pytest.skip("LibreOffice's pipe is looked for where Linux puts it")
    digest = hashlib.md5(office.profile.as_uri().encode("utf-16-le")).digest()
    name = f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)
    pipes = [Path("/tmp") / name, Path(tempfile.gettempdir()) / name]
    deadline, since = time.monotonic() + 60, None
    while time.monotonic() < deadline:
        if any(pipe.exists() for pipe in pipes):
            since = since or time.monotonic()
            if time.monotonic() - since > 1.5:
                return
        else:
            since = None
        time.sleep(0.05)
    pytest.fail("the background LibreOffice never listened")


def test_pack_pdf_starts_libreoffice_before_the_build_and_hands_it_the_pack(example_ws, recorded, monkeypatch):
    import meeting_packs.documents.pack as pack

    offices, commands = recorded
    running_during_build = []
    real_build = pack.build_pack

    def build(*args, **kwargs):
        running_during_build.append(bool(offices) and offices[0].process.poll() is None)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(pack, "build_pack", build)
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF, "--pdf")
    assert result.exit_code == 0, result.stderr
    assert running_during_build == [True], "LibreOffice was not started before the Word pack was built"
    [office] = offices
    [command] = commands
    assert f"-env:UserInstallation={office.profile.as_uri()}" in command  # forwarded to the running one
    assert Path(result.stdout.strip().splitlines()[-1]).stat().st_size > 0
    assert_gone(office)


def test_libreoffice_is_stopped_when_the_build_fails(example_ws, recorded):
    offices, _ = recorded
    result = run(example_ws, "pack", "hwb", "2031-01-01", "--pdf")
    assert result.exit_code != 0
    [office] = offices
    assert_gone(office)


def test_the_running_libreoffice_does_the_conversion(tmp_path):
    from docx import Document

    source = tmp_path / "note.docx"
    document = Document()
    document.add_paragraph("A short note.")
    document.save(str(source))
    with pdf.started() as office:
        wait_until_listening(office)
        made = pdf.to_pdf(source, office=office)
        assert made.stat().st_size > 0
        office.process.wait(timeout=30)  # its work done, it ends by itself (and writes out what it printed)
        assert "note.docx" in office.log.read_text(), "the conversion was not done by the running LibreOffice"
    assert_gone(office)


def test_a_time_out_stops_libreoffice_and_removes_its_profile(tmp_path):
    from docx import Document

    source = tmp_path / "note.docx"
    Document().save(str(source))
    with pdf.started() as office:
        with pytest.raises(ConversionError, match="took longer than 0.01 seconds"):
            pdf.to_pdf(source, timeout=0.01, office=office)
        assert not [line for line in processes_with("--convert-to") if office.profile.as_uri() in line]
    assert not source.with_suffix(".pdf").exists()
    assert_gone(office)


def test_ctrl_c_while_converting_stops_every_libreoffice_process(tmp_path, monkeypatch):
    from docx import Document

    source = tmp_path / "note.docx"
    Document().save(str(source))
    real_launch = pdf._launch

    def launch(command, output):
        process = real_launch(command, output)
        if "--convert-to" in command:
            real_wait, calls = process.wait, []

            def wait(timeout=None):
                calls.append(timeout)
                if len(calls) == 1:
                    raise KeyboardInterrupt  # Ctrl+C while we wait for the conversion
                return real_wait(timeout)

            process.wait = wait
        return process

    monkeypatch.setattr(pdf, "_launch", launch)
    with pytest.raises(KeyboardInterrupt):
        with pdf.started() as office:
            pdf.to_pdf(source, office=office)
    assert not [line for line in processes_with("--convert-to") if office.profile.as_uri() in line]
    assert_gone(office)


def test_ctrl_c_during_the_build_stops_libreoffice():
    with pytest.raises(KeyboardInterrupt):
        with pdf.started() as office:
            raise KeyboardInterrupt
    assert_gone(office)


def test_a_closed_terminal_or_a_kill_stops_libreoffice_too():
    """SIGHUP or SIGTERM while LibreOffice waits in the background: the command ends through its
    clean-up, not at once (an idle headless LibreOffice would run on for ever)."""
    import signal

    if os.name == "nt":
        pytest.skip("POSIX signals")
    for number in (signal.SIGTERM, signal.SIGHUP):
        with pytest.raises(SystemExit):
            with pdf.started() as office:
                os.kill(os.getpid(), number)
                time.sleep(5)  # the handler interrupts this
        assert_gone(office)
        assert signal.getsignal(number) is signal.SIG_DFL


def test_without_libreoffice_nothing_is_started(monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pdf.started() as office:
        assert office is None


# ------------------------------------------------------------------ started before the command line is read

def test_the_entry_point_starts_libreoffice_before_the_commands_and_the_pack_takes_it(
        example_ws, recorded, monkeypatch):
    """`meeting-packs pack … --pdf` starts LibreOffice before Typer and the commands are imported
    (entry.py); the pack converts through that one, and it is stopped when the command ends."""
    import sys

    import meeting_packs.cli as cli_module
    from meeting_packs import entry

    offices, commands = recorded
    running_when_parsed = []
    real_app = cli_module.app

    def app(**kwargs):
        running_when_parsed.append(bool(offices) and offices[0].process.poll() is None)
        return real_app(**kwargs)

    monkeypatch.setattr(cli_module, "app", app)
    monkeypatch.setattr(sys, "argv", ["meeting-packs", "-w", str(example_ws), "pack", "hwb", "2019-03-28",
                                      "--as-of", AS_OF, "--pdf"])
    with pytest.raises(SystemExit) as ended:
        entry.main()
    assert ended.value.code in (0, None)
    assert running_when_parsed == [True]
    assert len(offices) == 2 and offices[0] is offices[1], "the pack started a second LibreOffice"
    [command] = commands
    assert f"-env:UserInstallation={offices[0].profile.as_uri()}" in command
    assert_gone(offices[0])


@pytest.mark.parametrize("args", [
    pytest.param(["pack", "hwb", "2031-01-01", "--pdf"], id="no-such-meeting"),
    pytest.param(["pack", "--pdf", "--no-such-option"], id="command-line-mistake"),
])
def test_libreoffice_started_early_is_stopped_whatever_the_command_does(example_ws, args):
    import subprocess
    import sys

    from meeting_packs.documents.pdf import profile_folder

    folder = Path(profile_folder() or __import__("tempfile").gettempdir())
    before = set(folder.glob("meeting-packs-lo-*"))
    done = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[1] / "cli.py"),
                           "-w", str(example_ws)] + args, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert set(folder.glob("meeting-packs-lo-*")) - before == set()
    time.sleep(0.5)
    assert [line for line in processes_with("meeting-packs-lo-") if "soffice" in line] == []


def test_only_pack_with_pdf_gets_a_head_start():
    from meeting_packs.entry import wants_office

    assert wants_office(["-w", "S:/Boards", "pack", "hwb", "2019-03-28", "--pdf"])
    assert not wants_office(["pack", "hwb", "2019-03-28"])
    assert not wants_office(["pack", "--pdf", "--help"])
    assert not wants_office(["appendix", "actions", "hwb", "2019-03-28"])
    assert wants_office(["minutes", "publish", "m.docx", "--pdf"])
    assert not wants_office(["minutes", "import", "m.docx"])
