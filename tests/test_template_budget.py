"""Templates are bounded, and register text comes out exactly as typed whatever docxtpl does after
rendering (reliability guarantees 10 and 19; issue 10, finding 12)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from jinja2.sandbox import SecurityError
from hypothesis import strategies as st
from docx import Document

from meeting_packs.documents import render
from meeting_packs.documents.registry import write_document
from meeting_packs.errors import TemplateError
from meeting_packs.forward_plan import add_item
from meeting_packs.workspace import Workspace


def _template(tmp_path, text: str):
    document = Document()
    document.add_paragraph(text)
    path = tmp_path / "bad.docx"
    document.save(str(path))
    return path


def test_a_loop_inside_a_loop_that_never_ends_is_stopped(tmp_path):
    """The finding's 10^10-step loop: stopped by the step budget in seconds, nothing written."""
    template = _template(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}"
                                   "{% endfor %}{% endfor %}")
    output = tmp_path / "out.docx"
    started = time.monotonic()
    with pytest.raises(TemplateError, match="bad.docx was stopped: it took more than"):
        render.render_docx(template, {}, output)
    assert time.monotonic() - started < 60
    assert not output.exists()


@pytest.mark.parametrize("text, words", [
    ("{{ 'x' * 1000000000 }}", "repeats text"),
    ("{{ 9 ** 99999999 }}", "power"),
    ("{{ lipsum(1000000) }}", "lipsum"),
])
def test_bombs_in_one_expression_are_refused(tmp_path, text, words):
    with pytest.raises(TemplateError, match=words):
        render.render_docx(_template(tmp_path, text), {}, tmp_path / "out.docx")


def test_output_that_never_ends_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "MAX_OUTPUT", 100_000)
    template = _template(tmp_path, "{% for i in range(1000000) %}a long enough line {% endfor %}")
    with pytest.raises(TemplateError, match="produced more than"):
        render.render_docx(template, {}, tmp_path / "out.docx")


def _text(path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("typed", ["Budget {_{ 2020 }_} and {_% review %_}",
                                   "Pasted \u2063FASTROWS0\u2063 marker and \u2063FASTROWS1-0\u2063"])
def test_register_text_comes_out_exactly_as_typed(example_ws, tmp_path, typed):
    ws = Workspace(example_ws)
    add_item(ws, "hwb", typed, meeting=dt.date(2019, 3, 28))
    output = write_document(ws, "agenda", "hwb", "2019-03-28", tmp_path / "agenda.docx", dt.date(2019, 3, 1))
    assert typed in _text(output)


def test_a_real_appendix_is_far_inside_the_budget(example_ws, tmp_path, monkeypatch):
    """The budget is no risk to real papers: the SEND action log needs a small share of it."""
    monkeypatch.setattr(render, "MAX_STEPS", 200_000)
    write_document(Workspace(example_ws), "action-appendix", "sendpb", "2019-11-14", tmp_path / "a.docx",
                   dt.date(2019, 11, 1))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 3 * 4096), st.integers(1, 9000), st.booleans(), st.booleans())
def test_a_field_look_up_is_one_step_of_the_budget(start, calls, over_time, near_the_limit):
    """The sandbox's attribute look-up counts its step in line (a long table makes 90,000): the budget it
    spends, and where it stops — over the step budget, or on the step that finds the time budget spent —
    are those of a step counted the ordinary way (`_step`)."""
    stopped = []
    for counted_in_line in (True, False):
        env = render.jinja_env()
        env.steps = start + (render.MAX_STEPS - 3 * 4096 if near_the_limit else 0)
        if over_time:
            env.started = time.monotonic() - render.MAX_SECONDS - 1
        made = 0
        try:
            for made in range(1, calls + 1):
                if counted_in_line:
                    assert env.getattr({"owner": "JS"}, "owner") == "JS"
                else:
                    env._step()
            made += 1
        except SecurityError as err:  # (the budget's own kind of it)
            stopped.append((made, str(err), env.steps))
        else:
            stopped.append((made, None, env.steps))
    assert stopped[0] == stopped[1]
