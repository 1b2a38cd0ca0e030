"""The shape of the documents package: the registry is complete, templates/README.md lists every
field, and Word XML stays in docx_tools (the README's Development section; templates/README.md)."""

from __future__ import annotations

import re

import pytest

from regenerate_golden import CASES, ROOT

from meeting_packs.documents import registry
from meeting_packs.documents.context import common_context

TEMPLATES_README = ROOT / "templates" / "README.md"
COMMON_SECTION = "Fields every document has"
DOCUMENTS = ROOT / "meeting_packs" / "documents"


def readme_sections() -> dict[str, str]:
    """templates/README.md cut at its `## ` headings: heading -> text under it."""
    text = TEMPLATES_README.read_text(encoding="utf-8")
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.M)
    return {heading: body for heading, body in zip(parts[1::2], parts[2::2])}


def documented_fields(section: str) -> set[str]:
    """The top-level names in the first column of a section's field table (`board.name` -> board)."""
    names = set()
    for line in section.splitlines():
        cells = line.split("|")
        if not line.startswith("|") or len(cells) < 3:
            continue
        named = re.sub(r"\([^)]*\)", "", cells[1])  # "(list of `label`, …)" describes inner fields
        for name in re.findall(r"`([A-Za-z_][\w.]*)", named):
            names.add(name.split(".")[0])
    return names


@pytest.fixture(scope="module")
def contexts(tmp_path_factory) -> dict[str, tuple[dict, dict]]:
    """Each registered document's context for its first golden case, with the common fields of that meeting."""
    from regenerate_golden import example_workspace

    ws = example_workspace(tmp_path_factory.mktemp("registry") / "example")
    out = {}
    for kind in registry.DOCUMENTS:
        case = next(c for c in CASES if c.document == kind.name)
        md = kind.load(ws, case.board, case.date, case.today)
        out[kind.name] = (kind.build_context(md), common_context(md, "title"))
    return out


@pytest.mark.parametrize("kind", registry.DOCUMENTS, ids=[k.name for k in registry.DOCUMENTS])
def test_templates_readme_lists_every_field_a_template_receives(kind, contexts):
    context, common = contexts[kind.name]
    sections = readme_sections()
    assert kind.template in sections, f"templates/README.md has no '## {kind.template}' section"
    own = documented_fields(sections[kind.template])
    shared = documented_fields(sections[COMMON_SECTION])
    missing = sorted(key for key in context if key not in (shared if key in common else own))
    assert not missing, (f"templates/README.md does not list {missing} "
                         f"under '## {COMMON_SECTION}' or '## {kind.template}'")
    stale = sorted((own - set(context)) | (shared - set(common)))
    assert not stale, f"templates/README.md lists {stale} for {kind.template}, which it does not receive"


def test_templates_readme_names_every_template_and_its_command():
    table = TEMPLATES_README.read_text(encoding="utf-8").split("## ")[0]
    for kind in registry.DOCUMENTS:
        assert f"| `{kind.template}` |" in table, f"templates/README.md's table of files lacks {kind.template}"


def test_every_registered_document_has_a_golden_case_and_a_built_in_template():
    from meeting_packs import resources

    assert {c.document for c in CASES} == set(registry.BY_NAME)
    for kind in registry.DOCUMENTS:
        assert (resources.templates_dir() / kind.template).is_file(), kind.template


def test_each_generated_paper_has_one_document():
    from meeting_packs.model import GeneratedPaper

    for paper in GeneratedPaper:
        assert registry.appendix_for(paper).appendix_for is paper
        assert registry.appendix_for(paper).paper == paper.value


def test_an_unknown_document_name_is_refused_with_the_list():
    from meeting_packs.errors import InputError

    with pytest.raises(InputError, match="agenda, action-appendix"):
        registry.get("agendas")


XML_SURGERY = re.compile(r"\bqn\(|OxmlElement|xpath|\._element\b|\._tc\b|\._tbl\b|\._tr\b|\._r\b|\._p\b|"
                         r"\.element\b|etree|sectPr")


@pytest.mark.parametrize("module", ["agenda", "action_appendix", "risk_appendix", "plan_appendix",
                                    "minutes_template", "pack", "context", "output", "registry",
                                    "default_templates"])
def test_word_xml_stays_in_docx_tools(module):
    source = (DOCUMENTS / f"{module}.py").read_text(encoding="utf-8")
    found = sorted({m.group(0) for m in XML_SURGERY.finditer(source)})
    assert not found, f"meeting_packs/documents/{module}.py touches Word XML ({found}): move it to docx_tools.py"


def test_every_docx_tools_function_is_used():
    """docx_tools keeps no helper nothing calls."""
    import ast

    tree = ast.parse((DOCUMENTS / "docx_tools.py").read_text(encoding="utf-8"))
    public = [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
    package = ROOT / "meeting_packs"
    others = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py") if p.name != "docx_tools.py")
    unused = [name for name in public if not re.search(rf"\b{name}\b", others)]
    assert not unused, f"docx_tools functions nothing calls: {unused}"
