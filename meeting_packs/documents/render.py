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
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from .. import files, resources
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


@lru_cache(maxsize=1)
def jinja_env():
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)

    @jinja2.pass_context
    def rag_colour(context, label):
        scale = context.get("rag_scale") or []
        for level in scale:
            if str(level["label"]).casefold() == str(label or "").casefold():
                return level["colour"]
        return "FFFFFF"

    @jinja2.pass_context
    def rag_label(context, label):
        scale = context.get("rag_scale") or []
        for level in scale:
            if str(level["label"]).casefold() == str(label or "").casefold():
                return level["label"]
        return label or "Not rated"

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
    if isinstance(err, SecurityError):
        return TemplateError(f"The template {name} tries to reach Python internals ({err}). Templates "
                             "may only use the documented fields; nothing was written.")
    if isinstance(err, jinja2.TemplateSyntaxError):
        return TemplateError(f"The template {name} has a mistake in a {{{{ }}}} or {{% %}} tag: "
                             f"{err.message}. Retype the tag in one go in Word, with spaces inside the brackets.")
    return TemplateError(f"The template {name} could not be filled in: {type(err).__name__}: {err}.")


def render_docx(template: Path, context: dict[str, Any], output: Path,
                finish: Callable[[Any], None] | None = None, engine: str = "fast") -> Path:
    """Render `template` with `context` to `output`; `finish(document)` may adjust the result.

    Written through `files.write_with` (a temporary file, then one replace), so
    a failure leaves no output file (and an existing one untouched).  `engine="docxtpl"` renders table rows with
    docxtpl's own loop (the benchmark's baseline) instead of our row writer.
    """
    import jinja2
    from docxtpl import DocxTemplate

    from .fast_tables import FastRowTemplate

    output = Path(output)
    files.check_not_open(output, OPEN_IN, OTHER_FILE)  # before the work, not only before the replace
    try:
        tpl = FastRowTemplate(str(template)) if engine == "fast" else DocxTemplate(str(template))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as err:
        if isinstance(err, TemplateError):
            raise
        raise TemplateError(f"The template {template.name} is not a Word document I can open "
                            f"({type(err).__name__}). Replace it with a .docx saved from Word.") from None
    try:
        tpl.render(context, jinja_env=jinja_env(), autoescape=True)
    except (jinja2.TemplateError, jinja2.UndefinedError) as err:
        raise _template_problem(template, err) from None
    except Exception as err:  # docxtpl re-parses its output; a broken tag surfaces here
        raise TemplateError(f"The template {template.name} could not be filled in "
                            f"({type(err).__name__}: {err}). Check its {{{{ }}}} and {{% %}} tags.") from None
    document = tpl.docx
    if finish is not None:
        finish(document)
    return files.write_with(output, lambda temp: document.save(str(temp)), OTHER_FILE)
