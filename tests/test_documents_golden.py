"""Golden tests: every document built on the example workspace, read back with python-docx.

Paragraphs (with style names), table cell texts and the shading of RAG,
rating-band and heat-map cells are compared with tests/golden/*.json.  When a
change to a document is intended, run `python tests/regenerate_golden.py` and
review `git diff tests/golden`.
"""

from __future__ import annotations

import difflib
import json

import pytest

from regenerate_golden import CASES, GOLDEN, REGENERATE, build_case, dumps, example_workspace, golden_view

MAX_DIFF_LINES = 150


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """Each case's document, built once on one fresh copy of the example workspace."""
    root = tmp_path_factory.mktemp("golden")
    ws = example_workspace(root / "example")
    return {case.name: build_case(ws, case, root / "out") for case in CASES}


def readable_diff(expected_text: str, actual_text: str, name: str) -> str:
    lines = list(difflib.unified_diff(expected_text.splitlines(), actual_text.splitlines(),
                                      f"tests/golden/{name}.json (expected)", f"{name} (built now)",
                                      n=2, lineterm=""))
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... ({len(lines) - MAX_DIFF_LINES} more diff lines)"]
    return "\n".join(lines)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_document_matches_golden(case, built):
    assert case.golden_path.exists(), f"{case.golden_path} is missing: {REGENERATE}."
    expected_text = case.golden_path.read_text(encoding="utf-8")
    actual = golden_view(case, built[case.name])
    actual_text = dumps(actual)
    if json.loads(expected_text) != json.loads(actual_text):
        pytest.fail(f"{case.command}: the document differs from tests/golden/{case.name}.json.\n"
                    f"If the change is intended, {REGENERATE}.\n\n"
                    + readable_diff(expected_text, actual_text, case.name), pytrace=False)


def test_every_golden_file_belongs_to_a_case():
    names = {c.golden_path.name for c in CASES}
    stale = sorted(p.name for p in GOLDEN.glob("*.json") if p.name not in names)
    assert not stale, f"Golden files no case builds: {stale}; {REGENERATE}."


def test_golden_views_hold_what_matters(built):
    """A guard on the golden files themselves: they are not empty, and the coloured documents have shading."""
    views = {case.name: golden_view(case, built[case.name]) for case in CASES}
    for name, view in views.items():
        assert view["paragraphs"], f"{name}: no paragraphs extracted"
    assert views["appendix-plan-hwb-2019-03-28"]["tables"] == []  # the work programme is lists, not tables
    for name in ("agenda-hwb-2019-03-28", "agenda-sendpb-2019-11-14", "minutes-template-sendpb-2019-11-14"):
        assert views[name]["tables"], f"{name}: no tables extracted"
    for name in ("appendix-actions-sendpb-2019-11-14", "appendix-risks-sendpb-2019-11-14"):
        assert views[name]["shading"], f"{name}: no RAG or heat-map shading extracted"
