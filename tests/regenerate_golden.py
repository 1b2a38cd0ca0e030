"""Regenerate tests/golden/*.json: `python tests/regenerate_golden.py`, then review `git diff tests/golden`.

Each golden file holds what python-docx reads back from one document built on
the example workspace (the repository's boards.toml, registers and reports):
its paragraphs with their style names, its tables as rows of cell texts, and
the shading of its RAG, rating-band and heat-map cells.  "Today" is fixed per
case, so nothing in a file depends on the day the tests run.

The test (test_documents_golden.py) builds the documents with the same
`CASES` and `build_case`, so the two can never drift apart.  One JSON value per
line keeps the diffs readable.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
GOLDEN = TESTS / "golden"
for place in (str(ROOT), str(TESTS)):
    if place not in sys.path:
        sys.path.insert(0, place)

from docx_extract import extract  # noqa: E402

REGENERATE = "run python tests/regenerate_golden.py and review the diff (git diff tests/golden)"


@dataclass(frozen=True)
class Case:
    name: str                 # the golden file's stem
    document: str             # the document's name in the registry (meeting_packs/documents/registry.py)
    command: str              # the CLI command the document comes from (for the reader)
    board: str
    date: str
    today: dt.date            # --as-of

    @property
    def golden_path(self) -> Path:
        return GOLDEN / f"{self.name}.json"


HWB_TODAY = dt.date(2019, 3, 1)
SENDPB_TODAY = dt.date(2019, 11, 1)

CASES = [
    Case("agenda-hwb-2019-03-28", "agenda", "agenda hwb 2019-03-28 --as-of 2019-03-01", "hwb", "2019-03-28",
         HWB_TODAY),
    Case("agenda-sendpb-2019-11-14", "agenda", "agenda sendpb 2019-11-14 --as-of 2019-11-01", "sendpb",
         "2019-11-14", SENDPB_TODAY),
    Case("appendix-actions-sendpb-2019-11-14", "action-appendix",
         "appendix actions sendpb 2019-11-14 --as-of 2019-11-01", "sendpb", "2019-11-14", SENDPB_TODAY),
    Case("appendix-risks-sendpb-2019-11-14", "risk-appendix",
         "appendix risks sendpb 2019-11-14 --as-of 2019-11-01", "sendpb", "2019-11-14", SENDPB_TODAY),
    Case("appendix-plan-hwb-2019-03-28", "plan-appendix", "appendix plan hwb 2019-03-28 --as-of 2019-03-01",
         "hwb", "2019-03-28", HWB_TODAY),
    Case("minutes-template-sendpb-2019-11-14", "minutes-template",
         "minutes template sendpb 2019-11-14 --as-of 2019-11-01", "sendpb", "2019-11-14", SENDPB_TODAY),
]


def check_every_document_has_a_case() -> None:
    """Every registered document has at least one golden case (a new document type needs one)."""
    from meeting_packs.documents.registry import BY_NAME

    missing = sorted(set(BY_NAME) - {case.document for case in CASES})
    if missing:
        raise SystemExit(f"No golden case builds {', '.join(missing)}: add one to CASES in {__file__}.")


def header_fill() -> str:
    """The decorative header-row shading, left out of the golden shading (it carries no meaning)."""
    from meeting_packs.documents.default_templates import HEADER_FILL

    return HEADER_FILL.upper()


def example_workspace(folder: Path):
    """A fresh copy of the example workspace (what `meeting-packs init --example` makes)."""
    from meeting_packs.workspace import init_workspace

    return init_workspace(folder, example=True)


def build_case(ws, case: Case, out_dir: Path) -> Path:
    from meeting_packs.documents.registry import write_document

    return write_document(ws, case.document, case.board, case.date, out_dir / f"{case.name}.docx", case.today)


def golden_view(case: Case, path: Path) -> dict[str, Any]:
    view = {"document": case.command}
    view.update(extract(path, shading_ignore={header_fill()}))
    return view


def dumps(view: dict[str, Any]) -> str:
    """Valid JSON with one paragraph, table row or shaded cell per line."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def block(items: list[str], indent: str) -> str:
        return "[\n" + ",\n".join(indent + item for item in items) + "\n" + indent[:-1] + "]" if items else "[]"

    tables = [block([one(row) for row in table], "   ") for table in view["tables"]]
    return ("{\n"
            f' "document": {one(view["document"])},\n'
            f' "paragraphs": {block([one(p) for p in view["paragraphs"]], "  ")},\n'
            f' "tables": {block(tables, "  ")},\n'
            f' "shading": {block([one(c) for c in view["shading"]], "  ")}\n'
            "}\n")


def main() -> int:
    check_every_document_has_a_case()
    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="meeting-packs-golden-") as scratch:
        ws = example_workspace(Path(scratch) / "example")
        wanted = set()
        for case in CASES:
            path = build_case(ws, case, Path(scratch) / "out")
            text = dumps(golden_view(case, path))
            json.loads(text)  # the file must stay valid JSON
            old = case.golden_path.read_text(encoding="utf-8") if case.golden_path.exists() else None
            case.golden_path.write_text(text, encoding="utf-8")
            wanted.add(case.golden_path.name)
            state = "new" if old is None else ("unchanged" if old == text else "CHANGED")
            print(f"{state:9} {case.golden_path.relative_to(ROOT)}  ({case.command})")
        for stale in sorted(GOLDEN.glob("*.json")):
            if stale.name not in wanted:
                stale.unlink()
                print(f"removed   {stale.relative_to(ROOT)} (no case builds it any more)")
    print("Review the changes with: git diff tests/golden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
