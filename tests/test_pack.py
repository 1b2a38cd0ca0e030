"""The agenda pack (issue 4): agenda, welcome page, then appendices A, B, C … with pages A1, A2 … B1 …

Built on the example workspace (the HWB meeting of 28 March 2019 and its four
reports).  The PDF is made once, by a module fixture; the LibreOffice tests
skip when soffice is absent, except under CI=true, where they fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import zipfile

import pytest

from conftest import require_tool
from typer.testing import CliRunner

from cli import app
from docx_extract import core, footers, full_text, headers, orientations, section_texts

AS_OF = "2019-03-01"
PUBLIC = "2019-03-28 Health and Wellbeing Board - Agenda pack (public).docx"
PRIVATE = "2019-03-28 Health and Wellbeing Board - Agenda pack (private - not for publication).docx"
SUPPLEMENT = "2019-03-28 Health and Wellbeing Board - Supplementary pack (public).docx"
REPORT_B = "reports/Appendix B - SEND Transformation Plan.docx"
SECRET = "The unique confidential sentence zebra-42 about the budget."
LATE = "The late report's own sentence quokka-17."
REPORT_TITLES = {  # a heading near the top of each example report, in appendix order
    "A": "Partners’ Update and the Board’s Work Programme",
    "B": "SEND Transformation Plan",
    "C": "Ofsted and CQC Local Area SEND Inspection, Written Statement of Action",
    "D": "Board Membership - Representation of Children’s Services",
}


def run(ws_root, *args):
    return CliRunner().invoke(app, ["-w", str(ws_root)] + [str(a) for a in args])


def out_dir(ws_root):
    return ws_root / "out" / "hwb" / "2019-03-28"


require = require_tool


def require_soffice() -> None:
    from meeting_packs.documents.pdf import find_soffice

    require("LibreOffice (soffice)", find_soffice(), "libreoffice-writer-nogui")


def require_pdftotext() -> None:
    require("pdftotext", shutil.which("pdftotext"), "poppler-utils")


def with_report(source, target, sentence: str) -> None:
    """A copy of an example report with one sentence of its own added at the end."""
    from docx import Document

    document = Document(str(source))
    document.add_paragraph(sentence)
    document.save(str(target))


@pytest.fixture(scope="module")
def hwb_pack(tmp_path_factory, _pristine_example):
    """`pack hwb 2019-03-28 --pdf` once (without --pdf when LibreOffice is missing)."""
    from meeting_packs.documents.pdf import find_soffice

    root = tmp_path_factory.mktemp("hwbpack") / "ex"
    shutil.copytree(_pristine_example, root)
    pdf = find_soffice() is not None
    result = run(root, "pack", "hwb", "2019-03-28", "--as-of", AS_OF, *(["--pdf"] if pdf else []))
    return root, result


@pytest.fixture(scope="module")
def exempt_packs(tmp_path_factory, _pristine_example):
    """The public and private packs with an exempt report (paragraph 3) added as item 12."""
    root = tmp_path_factory.mktemp("exempt") / "ex"
    shutil.copytree(_pristine_example, root)
    with_report(root / "reports" / "Appendix D - Board Membership.docx", root / "reports" / "confidential.docx",
                SECRET)
    added = run(root, "plan", "add", "hwb", "Confidential thing", "--meeting", "2019-03-28",
                "--report", "reports/confidential.docx", "--exempt", "3")
    assert added.exit_code == 0, added.stderr
    public = run(root, "pack", "hwb", "2019-03-28", "--as-of", AS_OF)
    private = run(root, "pack", "hwb", "2019-03-28", "--private", "--as-of", AS_OF)
    return root, public, private


# ------------------------------------------------------------------ the Word pack

def test_pack_writes_the_public_word_pack(hwb_pack):
    root, result = hwb_pack
    assert result.exit_code == 0, result.stderr
    target = out_dir(root) / PUBLIC
    assert result.stdout.splitlines()[0] == str(target)
    assert target.is_file()
    assert "publish by Wednesday 20 March 2019" in result.stdout
    assert "deadline" not in result.stderr


def test_appendix_sections_have_lettered_footers_restarting_at_one(hwb_pack):
    root, _ = hwb_pack
    sections = footers(out_dir(root) / PUBLIC)
    assert len(sections) == 5, "the agenda (with the welcome page) and one section per appendix"
    assert "Agenda" in sections[0]["text"] and sections[0]["start"] is None
    for letter, footer in zip("ABCD", sections[1:]):
        assert not footer["linked"], f"appendix {letter} must have its own footer"
        assert footer["text"].startswith(f"Appendix {letter} – "), footer
        assert footer["text"].endswith(f"\t{letter}1"), footer  # the letter, then the PAGE field
        assert footer["fields"] == ["PAGE"], footer
        assert footer["start"] == 1, f"appendix {letter}: page numbers must restart at 1"


def test_appendices_follow_the_agenda_in_letter_order(hwb_pack):
    root, _ = hwb_pack
    texts = section_texts(out_dir(root) / PUBLIC)
    assert len(texts) == 5
    assert "Welcome to this meeting" in texts[0] and "Exclusion of the Press and Public" in texts[0]
    for letter, text in zip("ABCD", texts[1:]):
        opening = [line for line in text.split("\n") if line.strip()][:4]
        assert REPORT_TITLES[letter] in opening, f"appendix {letter} should open with its report: {opening}"


def test_landscape_report_keeps_its_orientation(hwb_pack):
    from docx import Document

    root, _ = hwb_pack
    report = Document(str(root / REPORT_B))
    assert report.sections[-1].page_width > report.sections[-1].page_height, "the example report B is landscape"
    assert orientations(out_dir(root) / PUBLIC) == ["portrait", "portrait", "landscape", "portrait", "portrait"]


def test_pack_title_and_language(hwb_pack):
    root, _ = hwb_pack
    props = core(out_dir(root) / PUBLIC)
    assert props["title"] == "Health and Wellbeing Board – Agenda pack – Thursday 28 March 2019"
    assert props["language"] == "en-GB"


# ------------------------------------------------------------------ the PDF

def pdf_pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_label(page: str) -> str | None:
    """'A3' from a footer line 'Appendix A – Title … A3', 'Page 2' from the agenda's footer."""
    label = None
    for line in page.splitlines():
        appendix = re.match(r"\s*Appendix ([A-Z]) – .*\s([A-Z])(\d+)\s*$", line)
        if appendix and appendix.group(1) == appendix.group(2):
            label = f"{appendix.group(2)}{appendix.group(3)}"
        agenda = re.search(r"Agenda\s+Page (\d+)\s*$", line)
        if agenda:
            label = f"Page {agenda.group(1)}"
    return label


def test_pdf_pages_are_labelled_a1_to_d1_after_the_agenda(hwb_pack):
    require_soffice()
    require_pdftotext()
    root, result = hwb_pack
    assert result.exit_code == 0, result.stderr
    pdf = out_dir(root) / PUBLIC.replace(".docx", ".pdf")
    assert str(pdf) in result.stdout.splitlines() and pdf.stat().st_size > 0
    pages = pdf_pages(pdf)
    labels = [page_label(p) for p in pages]
    assert None not in labels, f"pages without a label: {[i + 1 for i, l in enumerate(labels) if l is None]}"
    agenda = [l for l in labels if l.startswith("Page ")]
    assert labels[:len(agenda)] == [f"Page {n}" for n in range(1, len(agenda) + 1)], labels
    assert any("Welcome to this meeting" in p for p in pages[:len(agenda)])
    appendix = labels[len(agenda):]
    letters = [label[0] for label in appendix]
    assert sorted(set(letters)) == list("ABCD") and letters == sorted(letters), appendix
    for letter in "ABCD":
        numbers = [int(label[1:]) for label in appendix if label[0] == letter]
        assert numbers == list(range(1, len(numbers) + 1)), f"{letter}: {numbers}"
    positions = [labels.index(label) for label in ("A1", "A2", "B1", "C1", "D1")]
    assert positions == sorted(positions) and positions[0] == len(agenda)
    first = {label[0]: pages[labels.index(label)] for label in ("A1", "B1", "C1", "D1")}
    for letter, page in first.items():
        assert " ".join(REPORT_TITLES[letter].split()[:3]) in " ".join(page.split()), letter


def test_no_libreoffice_gives_a_clear_message_and_keeps_the_word_pack(example_ws, monkeypatch):
    import meeting_packs.documents.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--pdf", "--as-of", AS_OF)
    assert result.exit_code != 0
    message = result.stderr
    assert "LibreOffice" in message and "install" in message.lower(), message
    assert "apt-get install libreoffice" in message or "libreoffice.org" in message
    assert (out_dir(example_ws) / PUBLIC).is_file()
    assert not (out_dir(example_ws) / PUBLIC.replace(".docx", ".pdf")).exists()


# ------------------------------------------------------------------ exempt reports

def _parts_text(path) -> str:
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())


def test_public_pack_leaves_out_the_exempt_report_and_names_its_paragraph(exempt_packs):
    root, public, _ = exempt_packs
    assert public.exit_code == 0, public.stderr
    path = out_dir(root) / PUBLIC
    assert SECRET not in full_text(path)
    assert "zebra-42" not in _parts_text(path), "the exempt report's text is somewhere in the package"
    last = section_texts(path)[-1]
    assert "Appendix E" in last and "paragraph 3 of Part 1 of Schedule 12A" in last, last
    assert "NOT FOR PUBLICATION" in last
    agenda = section_texts(path)[0]
    assert "item 12 (Confidential thing): paragraph 3" in agenda


def test_private_pack_holds_the_exempt_report_marked(exempt_packs):
    root, _, private = exempt_packs
    assert private.exit_code == 0, private.stderr
    path = out_dir(root) / PRIVATE
    assert private.stdout.splitlines()[0] == str(path)
    assert SECRET in section_texts(path)[-1]
    marked = headers(path)[-1]
    assert "NOT FOR PUBLICATION" in marked and "paragraph 3" in marked, marked
    assert not any(headers(path)[1:-1]), "only the exempt appendix is marked"
    assert "it adds: Appendix E – Confidential thing (item 12, paragraph 3)" in headers(path)[0], \
        "the agenda's header says what the private pack adds"
    assert "NOT FOR PUBLICATION" in core(path)["title"]


def test_public_and_private_packs_have_different_names(exempt_packs):
    root, public, private = exempt_packs
    public_name, private_name = public.stdout.splitlines()[0], private.stdout.splitlines()[0]
    assert public_name.endswith("(public).docx") and private_name.endswith("(private - not for publication).docx")
    assert (out_dir(root) / PUBLIC).is_file() and (out_dir(root) / PRIVATE).is_file()


# ------------------------------------------------------------------ supplementary pack

def test_supplement_holds_only_the_to_follow_report_with_its_letter(example_ws):
    with_report(example_ws / "reports" / "Appendix D - Board Membership.docx", example_ws / "reports" / "late.docx",
                LATE)
    added = run(example_ws, "plan", "add", "hwb", "Late report", "--meeting", "2019-03-28", "--to-follow",
                "--report", "reports/late.docx")
    assert added.exit_code == 0, added.stderr
    main = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF)
    assert main.exit_code == 0
    main_text = section_texts(out_dir(example_ws) / PUBLIC)
    assert "Report to follow" in main_text[-1] and LATE not in "\n".join(main_text)

    result = run(example_ws, "pack", "hwb", "2019-03-28", "--supplement", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    path = out_dir(example_ws) / SUPPLEMENT
    assert result.stdout.splitlines()[0] == str(path)
    sections = footers(path)
    assert len(sections) == 2
    assert sections[1]["text"].startswith("Appendix E – Late report") and sections[1]["start"] == 1
    texts = section_texts(path)
    assert "Appendix E – Late report" in texts[0]
    assert LATE in texts[1]
    assert not any(title in "\n".join(texts) for title in
                   (REPORT_TITLES["A"], REPORT_TITLES["B"], REPORT_TITLES["C"])), "only the late report"


def test_supplement_without_a_to_follow_item_says_so(example_ws):
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--supplement")
    assert result.exit_code != 0
    assert "To follow" in result.stderr and "supplementary" in result.stderr
    assert not (out_dir(example_ws) / SUPPLEMENT).exists()


# ------------------------------------------------------------------ reports that cannot be used

def test_missing_report_is_one_line_naming_the_item_and_the_path(example_ws):
    (example_ws / REPORT_B).unlink()
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Item 7" in lines[0] and "SEND" in lines[0] and REPORT_B in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    assert not (out_dir(example_ws) / PUBLIC).exists()


def test_allow_missing_builds_with_a_placeholder(example_ws):
    (example_ws / REPORT_B).unlink()
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--allow-missing", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert REPORT_B in result.stderr and "Warning" in result.stderr
    texts = section_texts(out_dir(example_ws) / PUBLIC)
    assert len(texts) == 5
    assert "Report missing" in texts[2] and "Appendix B" in texts[2]
    assert REPORT_TITLES["C"] in texts[3], "the other reports are still there"


def _zip_without_document(path):
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")


def _damaged_report(path, cut_xml: bool = False):
    """A Word document of 400 paragraphs whose document part is damaged: its XML cut short (`cut_xml`), or
    its compressed bytes changed in the middle (as a bad sector or a cut-off copy leaves them)."""
    import docx

    document = docx.Document()
    for _ in range(400):
        document.add_paragraph("Words of the report.")
    document.save(path)
    with zipfile.ZipFile(path) as package:
        members = [(info, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in members:
            package.writestr(info.filename, data[:-40] if cut_xml and info.filename == "word/document.xml" else data)
    if not cut_xml:
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("word/document.xml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for at in range(start + 20, start + info.compress_size - 20, 7):
            data[at] ^= 0x5A
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("name, make, words", [
    ("report.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n%fake\n"), "not a Word .docx"),
    ("corrupt.docx", lambda p: p.write_bytes(b"this is not a zip file"), "damaged"),
    ("empty.docx", lambda p: p.write_bytes(b""), "damaged"),
    ("hollow.docx", _zip_without_document, "not a Word document"),
    ("bad-bytes.docx", _damaged_report, "is damaged: part of it cannot be unpacked"),
    ("bad-xml.docx", lambda p: _damaged_report(p, cut_xml=True), "is damaged: its XML cannot be read"),
], ids=["pdf", "corrupt", "empty", "no-document-part", "damaged-bytes", "damaged-xml"])
def test_unusable_report_names_the_item(example_ws, name, make, words):
    make(example_ws / "reports" / name)
    added = run(example_ws, "plan", "add", "hwb", "Odd paper", "--meeting", "2019-03-28",
                "--report", f"reports/{name}")
    assert added.exit_code == 0, added.stderr
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert 'Item 10 "Odd paper"' in lines[0] and f"reports/{name}" in lines[0] and words in lines[0], lines[0]
    assert not (out_dir(example_ws) / PUBLIC).exists()


# ------------------------------------------------------------------ an open output file

@pytest.mark.parametrize("lock", ["~${name}", ".~lock.{name}#"], ids=["word", "libreoffice"])
def test_open_pack_is_not_overwritten(example_ws, lock):
    first = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF)
    assert first.exit_code == 0
    target = out_dir(example_ws) / PUBLIC
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    lock_file = target.with_name(lock.format(name=target.name))
    lock_file.write_text(",someone,host,2019-03-01T09:00,;" if lock.startswith(".~lock") else "")
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF)
    assert result.exit_code != 0
    assert result.stderr.startswith(f"Error: {target.name} is open"), result.stderr
    assert lock_file.name in result.stderr and "Close it and run the command again" in result.stderr, result.stderr
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in target.parent.iterdir()) == sorted([target.name, lock_file.name])


def _refuse_replace(monkeypatch, held) -> None:
    """What Windows does when Word holds `held` open: a replace over it is refused (other files are fine)."""
    replace = os.replace

    def refuse(src, dst, *args, **kwargs):
        if os.fspath(dst) == os.fspath(held):
            raise PermissionError(13, "The process cannot access the file because it is being used by another "
                                      "process")
        return replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse)


def test_pack_held_open_is_file_locked_and_leaves_no_temporary_file(example_ws, monkeypatch):
    from meeting_packs.documents.pack import build_pack
    from meeting_packs.errors import FileLocked
    from meeting_packs.workspace import Workspace

    first = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", AS_OF)
    assert first.exit_code == 0, first.stderr
    target = out_dir(example_ws) / PUBLIC
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    _refuse_replace(monkeypatch, target)
    with pytest.raises(FileLocked) as caught:
        build_pack(Workspace(example_ws), "hwb", "2019-03-28", today=dt.date(2019, 3, 1))
    message = str(caught.value)
    assert message.startswith(f"{target.name} is open in another program") and "\n" not in message, message
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no .part, no temporary file


def test_document_held_open_is_file_locked_and_leaves_no_temporary_file(example_ws, monkeypatch):
    from meeting_packs.documents.registry import write_document
    from meeting_packs.errors import FileLocked
    from meeting_packs.workspace import Workspace

    ws = Workspace(example_ws)
    folder = example_ws / "held"
    target = write_document(ws, "agenda", "hwb", "2019-03-28", folder / "agenda.docx", dt.date(2019, 3, 1))
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    _refuse_replace(monkeypatch, target)
    with pytest.raises(FileLocked, match=r"^agenda\.docx is open in another program"):
        write_document(ws, "agenda", "hwb", "2019-03-28", target, dt.date(2019, 3, 1))
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert [p.name for p in folder.iterdir()] == ["agenda.docx"]


# ------------------------------------------------------------------ publication deadlines

def test_check_prints_the_publication_deadline(example_ws):
    result = run(example_ws, "check", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "Thursday 28 March 2019: publish by Wednesday 20 March 2019" in result.stdout


def test_bank_holiday_moves_the_deadline(example_ws):
    added = run(example_ws, "meetings", "add", "hwb", "2019-05-28")
    assert added.exit_code == 0, added.stderr
    result = run(example_ws, "check", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "Tuesday 28 May 2019: publish by Friday 17 May 2019" in result.stdout


def test_pack_after_the_deadline_warns(example_ws):
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", "2019-03-25")
    assert result.exit_code == 0, result.stderr
    assert "after the publication deadline" in result.stderr and "Wednesday 20 March 2019" in result.stderr
    assert (out_dir(example_ws) / PUBLIC).is_file()
