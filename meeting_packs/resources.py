"""Where the bundled templates and example workspace live, installed or not.

A wheel carries them inside the package (see pyproject.toml); an editable
install or a source checkout finds them at the top of the repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _bundled(name: str, fallback: Path) -> Path:
    packaged = Path(str(resources.files("meeting_packs") / name))
    return packaged if packaged.is_dir() else fallback


def templates_dir() -> Path:
    return _bundled("templates", _SOURCE_ROOT / "templates")


def example_dir() -> Path:
    """A folder holding the example boards.toml, registers/ and reports/."""
    return _bundled("example", _SOURCE_ROOT)
