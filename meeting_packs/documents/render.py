"""Fill a Word template safely: sandboxed Jinja, XML escaping on, no silent blanks.

One shared environment: `ImmutableSandboxedEnvironment(autoescape=True,
undefined=StrictUndefined)` with the project's filters.  A template that asks
for a field the tool does not provide, or that reaches for Python internals,
fails with a message naming the template, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any, Callable

from .. import collector, files, resources
from ..dates import clock, long_date, numeric_date, short_date
from ..errors import TemplateError

# Word and LibreOffice leave the lock files `files.check_not_open` looks for.
OPEN_IN = "Word or LibreOffice"
OTHER_FILE = ", or choose another file with -o"


def find_template(workspace_templates: Path | None, filename: str) -> Path:
    """The workspace's own template `filename` ("agenda.docx") if it has one, else the built-in one."""
    if workspace_templates is not None:
        own = workspace_templates / filename
        if own.is_file():
            return own
    bundled = resources.templates_dir() / filename
    if not bundled.is_file():
        raise TemplateError(f"There is no template {filename}, neither in the workspace's templates/ "
                            "folder nor built in. Copy it back from a new workspace ('meeting-packs init').")
    return bundled


def _uk_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return long_date(value) if isinstance(value, dt.date) else ("" if value is None else str(value))


def _short(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return short_date(value) if isinstance(value, dt.date) else ("" if value is None else str(value))


def _dmy(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return numeric_date(value) if isinstance(value, dt.date) else ("" if value is None else str(value))


def _clock(value: Any) -> str:
    return clock(value) if isinstance(value, dt.time) else ("" if value is None else str(value))


# The budget a template gets (README, "What the tool guarantees"): far above any real board's
# papers (an appendix of 10,000 actions takes well under a million steps), far below "runs until killed".
MAX_STEPS = 5_000_000         # attribute look-ups, item look-ups, calls, loop turns over range()
MAX_OUTPUT = 200_000_000      # characters of XML one template part may produce
MAX_SECONDS = 120.0           # wall time one document's rendering may take
MAX_REPEAT = 100_000          # the longest text or list `*` may make


def _budgeted_environment():
    """A sandboxed Jinja environment with an operation budget.

    Jinja's sandbox stops templates reaching Python internals but bounds
    nothing: `{% for i in range(99999) %}{% for j in range(99999) %}…` runs
    for ever.  A subprocess with a time-out would bound it too, but costs a
    process start and pickling the context for every document (seconds on a
    pack); counting the sandbox's own hooks costs almost nothing.  Every
    attribute and item look-up, call, turn of a `range()` loop and piece of
    output counts as a step; past the budget (steps, output size or time) the
    rendering stops with a TemplateError naming the template.  A loop over the
    registers' own rows that touches nothing costs no step, but it is bounded
    by the data.
    """
    import time
    from itertools import islice

    import jinja2
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class TemplateBudgetExceeded(SecurityError):
        budget = True  # _template_problem tells this from a reach for Python internals

    class BoundedEnvironment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.reset_budget()
            self.globals["range"] = self._range
            for name in ("lipsum", "cycler", "joiner"):  # nothing a paper needs; lipsum(n) is a bomb
                self.globals.pop(name, None)

        def reset_budget(self) -> None:
            self.steps = 0
            self.output = 0
            self.started = time.monotonic()

        def _step(self, count: int = 1) -> None:
            before = self.steps
            self.steps += count
            if self.steps > MAX_STEPS:
                raise TemplateBudgetExceeded(f"it took more than {MAX_STEPS:,} steps")
            # the clock is read once every 4,096 steps
            if before >> 12 != self.steps >> 12 and time.monotonic() - self.started > MAX_SECONDS:
                raise TemplateBudgetExceeded(f"it ran for more than {MAX_SECONDS:.0f} seconds")

        def _range(self, *args):
            for value in range(*args):
                self._step()
                yield value

        def getattr(self, obj, attribute):
            # `_step()`, its checks made only when one may fail (over the budget, or on a step that reads
            # the clock): a Python call fewer for each of a long table's 90,000 fields
            steps = self.steps = self.steps + 1
            if steps > MAX_STEPS or not steps & 4095:
                self.steps -= 1
                self._step()
            # `a.ref` on a row's dict, 100,000 times for a long appendix: the sandbox would try the
            # attribute first and catch its AttributeError; a plain dict's key that names none of
            # dict's own attributes gives the same answer at once
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

        def getitem(self, obj, argument):
            self._step()
            return super().getitem(obj, argument)

        def call(self, __context, __obj, *args, **kwargs):
            self._step()
            return super().call(__context, __obj, *args, **kwargs)

        def call_binop(self, context, operator, left, right):
            if operator == "*":
                sized = [v for v in (left, right) if isinstance(v, (str, list, tuple))]
                times = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
                if sized and times and len(sized[0]) * max(times[0], 0) > MAX_REPEAT:
                    raise TemplateBudgetExceeded(f"it repeats text more than {MAX_REPEAT:,} characters long")
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
                raise TemplateBudgetExceeded("it raises a number to a power over 1,000")
            return super().call_binop(context, operator, left, right)

        def concat(self, pieces):
            # counted a few hundred pieces at a time (a 10,000-row table is 300,000 pieces): the
            # budget is passed by at most one batch before it stops the rendering
            out = []
            pieces = iter(pieces)
            while True:
                batch = list(islice(pieces, 256))
                if not batch:
                    return "".join(out)
                self.output += sum(map(len, batch))
                if self.output > MAX_OUTPUT:
                    raise TemplateBudgetExceeded(f"it produced more than {MAX_OUTPUT:,} characters")
                self._step(len(batch))
                out += batch

    env = BoundedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined,
                             finalize=_as_typed)
    return env


_DICT_ATTRIBUTES = frozenset(dir(dict))   # `d.items` is the method, as Jinja reads it
_MARKUPSAFE: tuple = ()   # (Markup, escape), imported on first use: `_as_typed` runs for every field written


def _markupsafe() -> tuple:
    global _MARKUPSAFE
    from markupsafe import Markup, escape

    _MARKUPSAFE = (Markup, escape)
    return _MARKUPSAFE


MARKUP_WRITTEN = [0]   # how many values given as markup (`|safe`, a macro's output …) were written


_TYPED: dict[str, Any] = {}   # short texts as `_as_typed` writes them: an owner, a date, a label
_TYPED_KEPT = 20_000


def _as_typed(value: Any) -> Any:
    """Text exactly as typed: docxtpl turns `{_{` `}_}` `{_%` `%_}` in its output into `{{ }} {% %}`
    (its own escape for template writers), so an underscore next to a brace or percent sign in
    register text is written as the character reference `&#95;`, which Word reads as `_`."""
    if type(value) is str:  # (a table of 10,000 rows repeats its owners, dates and labels thousands of times)
        found = _TYPED.get(value)
        if found is None:
            found = _typed(value)
            if len(value) <= 40 and len(_TYPED) < _TYPED_KEPT:
                _TYPED[value] = found
        return found
    return _typed(value)


def _typed(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    Markup, escape = _MARKUPSAFE or _markupsafe()
    if isinstance(value, Markup):
        MARKUP_WRITTEN[0] += 1  # (text given as markup: the row writer parses such rows at once)
        text = value
    else:
        text = escape(value)
    if "_" not in text:
        return text
    return Markup(str(text).replace("{_", "{&#95;").replace("_}", "&#95;}")
                  .replace("%_", "%&#95;").replace("_%", "&#95;%"))


def jinja_env():
    """A fresh environment for one document: the budget counts from zero."""
    import jinja2

    env = _budgeted_environment()

    def level(context, label) -> dict | None:
        """The document's RAG level (its `rag_scale` field) a label names, case ignored."""
        wanted = str(label or "").casefold()
        return next((lv for lv in context.get("rag_scale") or [] if str(lv["label"]).casefold() == wanted),
                    None)

    @jinja2.pass_context
    def rag_colour(context, label):
        found = level(context, label)
        return found["colour"] if found else "FFFFFF"

    @jinja2.pass_context
    def rag_label(context, label):
        found = level(context, label)
        return found["label"] if found else (label or "Not rated")

    env.filters.update(uk_date=_uk_date, short_date=_short, dmy=_dmy, clock=_clock,
                       rag_colour=rag_colour, rag_label=rag_label)
    return env


def _template_problem(template: Path, err: Exception) -> TemplateError:
    import jinja2
    from jinja2.exceptions import SecurityError

    name = template.name
    if isinstance(err, jinja2.UndefinedError):
        message = str(err)
        match = (re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
                 or re.search(r"no element '?([^']+)'?", message))
        field = match.group(1) if match else message
        return TemplateError(f"The template {name} uses the field '{field}', which this document does "
                             "not provide. Correct the field name in the template (the fields are listed "
                             "in templates/README.md).")
    if getattr(err, "budget", False):
        return TemplateError(f"The template {name} was stopped: {err}. A loop inside a loop that never "
                             "ends is the usual cause; correct the template. Nothing was written.")
    if isinstance(err, SecurityError):
        return TemplateError(f"The template {name} tries to reach Python internals ({err}). Templates "
                             "may only use the documented fields; nothing was written.")
    if isinstance(err, jinja2.TemplateSyntaxError):
        return TemplateError(f"The template {name} has a mistake in a {{{{ }}}} or {{% %}} tag: "
                             f"{err.message}. Retype the tag in one go in Word, with spaces inside the brackets.")
    return TemplateError(f"The template {name} could not be filled in: {type(err).__name__}: {err}.")


def render_docx(template: Path, context: dict[str, Any], output: Path,
                finish: Callable[[Any], None] | None = None, engine: str = "fast", rows_whole: bool = False,
                text_rows: bool = False) -> Path:
    """Render `template` with `context` to `output`; `finish(document)` may adjust the result.

    Written through `files.write_with` (a temporary file, then one replace), so
    a failure leaves no output file (and an existing one untouched).  `engine="docxtpl"` renders table rows with
    docxtpl's own loop (the benchmark's baseline) instead of our row writer.  `rows_whole`: `finish` keeps
    every row whole (`lay_out`), so the row writer writes its rows that way at once; `text_rows`: a long
    table's rows stay XML text until the save (`render_document`).
    """
    from .docx_tools import save_streamed, text_rows_let_go

    output = Path(output)
    files.check_not_open(output, OPEN_IN, OTHER_FILE)  # before the work, not only before the replace
    with text_rows_let_go():  # (the rows kept as text let go once saved, or if the rendering fails)
        document = render_document(template, context, finish, engine, rows_whole, text_rows)
        return files.write_with(output, lambda temp: save_streamed(document, temp), OTHER_FILE)


def render_document(template: Path, context: dict[str, Any], finish: Callable[[Any], None] | None = None,
                    engine: str = "fast", rows_whole: bool = False, text_rows: bool = False):
    """`template` rendered with `context` as a python-docx Document, not written anywhere: the pack
    appends it to itself, so writing it to a file and reading it back would only cost time and a
    second copy of its rows (README, "Performance").

    `text_rows` (with `rows_whole`): a long table's rows are kept as XML text (`docx_tools.TEXT_ROWS_TAG`),
    which `finish` colours, fits and splits as text, the pack appends as it is and `docx_tools.save_streamed`
    writes in its place; the caller saves the document with `save_streamed` (or first calls
    `docx_tools.parse_text_rows`)."""
    import jinja2
    from docxtpl import DocxTemplate

    from .fast_tables import FastRowTemplate, settled

    try:
        tpl = (FastRowTemplate(str(template), rows_whole, text_rows) if engine == "fast"
               else DocxTemplate(str(template)))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as err:
        if isinstance(err, TemplateError):
            raise
        raise TemplateError(f"The template {template.name} is not a Word document I can open "
                            f"({type(err).__name__}). Replace it with a .docx saved from Word.") from None
    # the garbage collector paused: 10,000 rows make millions of short-lived objects and no reference
    # cycles, and each full collection would walk the registers' objects again (a tenth of the time)
    with collector.paused():
        try:
            tpl.render(context, jinja_env=jinja_env(), autoescape=True)
        except (jinja2.TemplateError, jinja2.UndefinedError) as err:
            raise _template_problem(template, err) from None
        except Exception as err:  # docxtpl re-parses its output; a broken tag surfaces here
            raise TemplateError(f"The template {template.name} could not be filled in "
                                f"({type(err).__name__}: {err}). Check its {{{{ }}}} and {{% %}} tags.") from None
        document = tpl.docx if engine == "fast" else settled(tpl.docx)
        if finish is not None:
            finish(document)
    return document
