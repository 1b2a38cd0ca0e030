"""A workspace folder: boards.toml, registers/, templates/, reports/, out/."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

from . import resources
from .config import CONFIG_NAME, load_boards
from .errors import MeetingPacksError, NotFound, RegisterError, WorkspaceError
from .model import Board, Registers
from . import collector, files
from .registers import convert
from .registers.convert import BOARD_COLUMN, ERROR, SHEET_MODELS, Problem
from .registers.loss import cell_problems
from .registers.reading import WorkbookData, cannot_open, new_workbook, read_workbook
from .registers.saving import register_lock, save_workbook
from .registers.schema import HISTORY_SHEETS, WORKBOOKS, WorkbookSpec, fixed_lists
from .registers.writing import SheetStyles

ENV_VAR = "MEETING_PACKS_WORKSPACE"
FOLDERS = ("registers", "templates", "reports", "out")


@dataclass
class Loaded:
    """Registers as model objects plus every problem found reading them."""

    registers: Registers
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


class Workspace:
    def __init__(self, root: Path | str | None = None):
        if root is None:
            root = os.environ.get(ENV_VAR) or Path.cwd()
        # absolute, but not resolved: on Windows `resolve()` turns a mapped drive (S:\\) into
        # its \\server\\share path, which cmd.exe cannot `cd` to and users do not recognise
        self.root = Path(os.path.abspath(Path(root).expanduser()))

    # ------------------------------------------------------------ places
    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    # the workspace's folders (FOLDERS): registers/, templates/, reports/, out/
    registers_dir = property(lambda self: self.root / "registers")
    templates_dir = property(lambda self: self.root / "templates")
    reports_dir = property(lambda self: self.root / "reports")
    out_dir = property(lambda self: self.root / "out")

    def register_path(self, spec: WorkbookSpec) -> Path:
        return self.registers_dir / spec.filename

    def conflict_copies(self, spec: WorkbookSpec) -> list[Path]:
        """Copies a sync client left beside a register when two computers changed it at once:
        OneDrive's `actions-LAPTOP.xlsx`, `actions-LAPTOP-2.xlsx`; Dropbox's `actions (… conflicted copy …).xlsx`."""
        path = self.register_path(spec)
        try:
            found = [p for p in self.registers_dir.iterdir()
                     if p.suffix.lower() == path.suffix and p.name != path.name and not p.name.startswith((".", "~$"))
                     and (p.stem.lower().startswith(path.stem.lower() + "-")
                          or (p.stem.lower().startswith(path.stem.lower() + " (") and "conflict" in p.stem.lower()))]
        except OSError:
            return []
        return sorted(found)

    def is_outside(self, path: Path | str) -> bool:
        """Whether a file (as the forward plan names it) lies outside the workspace folder,
        by `..`, an absolute path or a symbolic link: the public pack does not publish one
        without --allow-outside (issue 10, finding 15)."""
        real = Path(os.path.realpath(self.root / path))
        root = Path(os.path.realpath(self.root))
        return real != root and root not in real.parents

    # ------------------------------------------------------------ boards
    @cached_property
    def boards(self) -> dict[str, Board]:
        if not self.config_path.exists():
            raise WorkspaceError(f"{self.root} is not a meeting-packs workspace (no {CONFIG_NAME}). "
                                 "Create one with 'meeting-packs init FOLDER', or give the folder "
                                 "with --workspace.")
        return load_boards(self.config_path)

    def board(self, code: str) -> Board:
        from .model import normalise_board_code

        key = normalise_board_code(code)
        if key not in self.boards:
            raise NotFound(f"There is no board '{code}' in {CONFIG_NAME}. Boards: "
                           f"{', '.join(self.boards)}.")
        return self.boards[key]

    # ------------------------------------------------------------ registers
    def read(self, spec: WorkbookSpec, only: frozenset[str] | None = None) -> WorkbookData:
        """A register as it is on disk.  Its history sheets are read only when something asks
        for their rows, if they are as the tool last saved them (`registers/as_saved.py`)."""
        if not self.config_path.exists():
            self.boards  # a folder that is not a workspace says so, not "register missing"
        return read_workbook(spec, self.register_path(spec), only, defer=HISTORY_SHEETS)

    def lists(self) -> dict[str, list[str]]:
        lists = fixed_lists()
        lists["board"] = list(self.boards)
        for board in self.boards.values():  # each board's own purposes join the drop-down
            lists["purpose"] += [p for p in board.purposes if p not in lists["purpose"]]
        rag: list[str] = []
        for board in self.boards.values():
            rag += [label for label in board.rag_scale.labels if label not in rag]
        lists["rag"] = rag
        for code, board in self.boards.items():  # each row's RAG drop-down offers its own board's scale
            lists[f"rag:{code}"] = list(board.rag_scale.labels)
        return lists

    def styles(self) -> SheetStyles:
        rag, bands = {}, {}
        for board in self.boards.values():
            for level in board.rag_scale.levels:
                rag.setdefault(level.label, (level.colour, level.text_colour))
            for band in board.risk_bands:
                bands.setdefault(band.label, (band.colour, band.text_colour))
        return SheetStyles(rag, bands)

    def save(self, data: WorkbookData, force: bool = False) -> Path | None:
        """Save a register safely; the risk register's Score and Rating are worked out again first,
        so a likelihood changed by hand in Excel never leaves a stale score behind."""
        if any(sheet.name == "Risks" for sheet in data.spec.sheets) and "Risks" in data.sheets:
            from .registers.repository import RiskRepository

            RiskRepository(data, self.boards.get).restamp()
        return save_workbook(data, self.lists(), self.styles(), force=force, keep=self.backups_kept)

    @cached_property
    def backups_kept(self) -> int | None:
        """How many backups of each register are kept: `[workspace] backups = N` in boards.toml (default 20)."""
        import tomllib

        try:
            table = tomllib.loads(self.config_path.read_text(encoding="utf-8-sig")).get("workspace", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None  # the default: reading the boards reports a broken file
        value = table.get("backups") if isinstance(table, dict) else None
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise WorkspaceError(f"{CONFIG_NAME}, [workspace], key 'backups': {value!r} is not a whole "
                                 "number of at least 1. Give how many backups of each register to keep, "
                                 "for example backups = 20.")
        return value

    @contextmanager
    def editing(self, spec: WorkbookSpec, force: bool = False) -> Iterator[WorkbookData]:
        """Read a register, let the caller change its rows, then save it safely.

        The writer lock is held from before the read until the save is done, so a
        second officer's command waits its turn (up to ten seconds) and then reads
        the version the first one saved, or stops naming who holds the lock: no
        change is ever saved over another (README, "What the tool guarantees").
        """
        if not self.config_path.exists():
            self.boards  # a folder that is not a workspace says so, not "register missing"
        with register_lock(self.register_path(spec), warn=_warn):
            data = self.read(spec)
            yield data
            self.save(data, force=force)

    def load(self, specs: tuple[WorkbookSpec, ...] = WORKBOOKS, skip: frozenset[str] = frozenset(),
             board: str | None = None, problems_only: frozenset[str] = frozenset()) -> Loaded:
        """Read registers into the model; rows with problems are reported, not dropped.

        `skip` names sheets not needed (e.g. History for a plain list), which are not even read.
        `board` keeps only that board's rows (and its actions' history): every problem is
        still reported.  `problems_only` names sheets whose problems are wanted but not their
        rows (`check` and History).  A register that cannot be read stops the load with its
        error (the first, in the order of `specs`).
        """
        parts: dict[str, list] = {}
        problems: list[Problem] = []
        for _, outcome in self.load_each(specs, skip, board, problems_only):
            if isinstance(outcome, MeetingPacksError):
                raise outcome
            for key, values in vars(outcome.registers).items():
                if values:
                    parts[key] = list(values)
            problems += outcome.problems
        registers = Registers(**{k: tuple(v) for k, v in parts.items()})
        return Loaded(registers, problems)

    def load_each(self, specs: tuple[WorkbookSpec, ...] = WORKBOOKS, skip: frozenset[str] = frozenset(),
                  board: str | None = None, problems_only: frozenset[str] = frozenset()
                  ) -> list[tuple[WorkbookSpec, Loaded | MeetingPacksError]]:
        """Each register read into the model (as `load`), or the error that stopped it, in the order given.

        Every register not in the cache is opened and checked first, and its sheets set
        parsing in threads of their own (`reading._SheetReading`); then each is converted,
        the smallest file first, so Python converts the small registers while the large
        one is still being parsed (README, "Performance").  `check` reports each
        register's error and goes on with the others.
        """
        if not self.config_path.exists():
            self.boards  # a folder that is not a workspace says so, not "register missing"
        with collector.paused():
            started: list[tuple[WorkbookSpec, Any]] = []
            for spec in specs:
                try:
                    started.append((spec, self._start_reading(spec, skip, board, problems_only)))
                except MeetingPacksError as err:
                    started.append((spec, err))
            done: dict[str, Loaded | MeetingPacksError] = {}
            for spec, reading in sorted(started, key=lambda pair: getattr(pair[1], "size", -1)):
                if isinstance(reading, RegisterError):
                    done[spec.key] = reading
                    continue
                try:
                    done[spec.key] = self._finish_reading(reading, skip, board, problems_only)
                except MeetingPacksError as err:
                    done[spec.key] = err
        return [(spec, done[spec.key]) for spec in specs]

    def _start_reading(self, spec: WorkbookSpec, skip: frozenset[str], board: str | None,
                       problems_only: frozenset[str]) -> "_Reading":
        """A register's sheets from the cache, and those it misses being read (`read_workbook`)."""
        from .registers import cache

        cache_dir = self.out_dir / ".cache"
        wanted = [s.name for s in spec.sheets if s.name not in skip]
        path = self.register_path(spec)
        # read once: hashed for the cache, and parsed from these very bytes if it misses (a register on
        # a shared drive fetched once, not twice; the bytes are held while the cache is read: 13 MB
        # at 50,000 actions)
        try:
            raw = path.read_bytes() if path.is_file() else None
        except OSError as err:
            raise cannot_open(path, err) from None
        digest = files.digest_bytes(raw) if raw is not None else None
        parts: dict[str, list] = {}
        hits: dict[str, tuple[list, list[Problem]] | None] = {}
        for name in wanted:  # in sheet order: Actions before History, whose rows follow them
            hit = None
            followed = SHEET_MODELS[name].history_of
            if board is not None and followed and followed not in parts:
                pass  # a board's history follows its records, not read yet: read it with them
            elif digest is not None:
                if name in problems_only:
                    found = cache.load_problems(cache_dir, spec.key, name, digest)
                    hit = None if found is None else ([], found)
                else:
                    hit = cache.load(cache_dir, spec.key, name, digest, _keep_rows(name, board, parts))
                if hit is not None:
                    parts[SHEET_MODELS[name].field] = hit[0]
            hits[name] = hit
        missed = frozenset(name for name, hit in hits.items() if hit is None)
        # the sheets not in the cache are read together: the package is checked and opened
        # once, and each sheet parsed in a thread while the caller goes on (`lazy_rows`: none
        # of their rows is built as dicts; each is converted column by column, none left for later)
        data = read_workbook(spec, path, missed, lazy_rows=True, raw=raw) if missed else None
        del raw
        return _Reading(spec, wanted, hits, parts, data, digest, data.size if data is not None else 0)

    def _finish_reading(self, reading: "_Reading", skip: frozenset[str], board: str | None,
                        problems_only: frozenset[str]) -> Loaded:
        """The sheets being read converted (and cached), the rows of unknown boards reported."""
        cache_dir = self.out_dir / ".cache"
        data, parts, problems = reading.data, reading.parts, []
        # what was read is cached under the digest of the bytes read (`_start_reading` reads them once)
        digest = data.read_digest if data is not None else reading.digest
        for name in reading.wanted:
            sheet_model = SHEET_MODELS[name]
            hit = reading.hits[name]
            if hit is None:
                hit = self._convert(data, name, digest, cache_dir, name in problems_only,
                                    _keep_rows(name, board, parts))
            parts[sheet_model.field] = hit[0]
            problems += hit[1]
        reading.data = None
        known = set(self.boards)
        for sheet_model in SHEET_MODELS.values():
            if not sheet_model.has_board or sheet_model.field not in parts:
                continue
            kept = []
            for obj in parts[sheet_model.field]:
                if obj.board not in known:
                    problems.append(Problem(ERROR, sheet_model.where(obj.row, BOARD_COLUMN),
                                            f"'{obj.board}' is not a board in {CONFIG_NAME} "
                                            f"({', '.join(self.boards)})."))
                    continue
                kept.append(obj)
            parts[sheet_model.field] = kept
        if "plan" in parts:
            parts["plan"] = _allowed_purposes(parts["plan"], self.boards, problems)
        return Loaded(Registers(**{k: tuple(v) for k, v in parts.items()}), problems)

    def _convert(self, data: WorkbookData, name: str, digest: str | None, cache_dir: Path,
                 problems_only: bool, keep: tuple[str, set[str]] | None) -> tuple[list, list[Problem]]:
        """One sheet just read: its objects (none if only its problems are wanted) and problems, cached."""
        from .registers import cache

        sheet_model = SHEET_MODELS[name]
        columns, found = convert.convert_columns(data.path, data.sheets[name], data.date1904,
                                                 sheet_model.from_row, fresh=True)
        found = found + cell_problems(data, name, fresh=True)
        del data.sheets[name]  # its rows are done with: free them before the next sheet
        if digest is not None:
            cache.store_columns(cache_dir, data.spec.key, name, digest, columns, found)
        if problems_only:
            return [], found
        objects = sheet_model.from_row.objects(columns)
        if keep is not None:
            objects = [obj for obj in objects if getattr(obj, keep[0]) in keep[1]]
        return objects, found


@dataclass
class _Reading:
    """A register on its way into the model (`Workspace.load_each`): the sheets found in the cache,
    and the workbook whose other sheets are being parsed (`size`: its bytes, 0 when all were cached)."""

    spec: WorkbookSpec
    wanted: list[str]
    hits: dict[str, tuple[list, list[Problem]] | None]
    parts: dict[str, list]
    data: WorkbookData | None
    digest: str | None
    size: int


def _warn(message: str) -> None:
    """A lock taken over from a command that did not finish: worth a line, not a stop."""
    print(f"Warning: {message}", file=sys.stderr)


def _keep_rows(sheet: str, board: str | None, parts: dict[str, list]) -> tuple[str, set[str]] | None:
    """Which rows of a sheet a one-board load keeps: (field, allowed values), or None for all."""
    if board is None:
        return None
    followed = SHEET_MODELS[sheet].history_of
    if followed:  # a history sheet: the history of the board's records, read just before it
        return ("ref", {record.ref for record in parts.get(followed, [])})
    return ("board", {board})


def _allowed_purposes(items: list, boards: dict[str, Board], problems: list[Problem]) -> list:
    """Items whose purpose their board allows; the others reported (boards.toml `purposes`)."""
    kept = []
    for item in items:
        board = boards[item.board]
        if item.purpose is not None:
            try:
                board.purpose(item.purpose.value)
            except ValueError as err:
                problems.append(Problem(ERROR, SHEET_MODELS["Forward plan"].where(item.row, "Purpose"), str(err)))
                continue
        kept.append(item)
    return kept


def require_clean(loaded: Loaded, what: str = "") -> Registers:
    """Stop with the first error (and a pointer to `check`) when a register has errors."""
    if loaded.errors:
        first = loaded.errors[0]
        more = f" ({len(loaded.errors) - 1} more problem(s))" if len(loaded.errors) > 1 else ""
        raise RegisterError(f"{first}{more}. Fix the register, then run 'meeting-packs check' to "
                            "see that everything is in order.")
    return loaded.registers


# ------------------------------------------------------------------ init

def init_workspace(target: Path, example: bool = False) -> Workspace:
    """Create a workspace: a boards.toml explaining every key with one placeholder board, empty
    registers and the templates; with `example`, the example boards, registers and reports."""
    target = Path(os.path.abspath(Path(target).expanduser()))  # as typed: never through a mapped drive
    if (target / CONFIG_NAME).exists() or (target / "registers").exists():
        raise WorkspaceError(f"{target} is already a workspace; I will not overwrite it. Choose an "
                             "empty or new folder.")
    if target.exists() and not target.is_dir():
        raise WorkspaceError(f"{target} is a file, not a folder.")
    source = resources.example_dir()
    target.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS:
        (target / folder).mkdir(exist_ok=True)
    if example:
        shutil.copy2(source / CONFIG_NAME, target / CONFIG_NAME)
    else:  # every key explained, one placeholder board: no council's own data
        from .board_setup import WORKSPACE_TOML

        files.write_text(target / CONFIG_NAME, WORKSPACE_TOML)
    templates = resources.templates_dir()
    for template in sorted(templates.glob("*.docx")):
        shutil.copy2(template, target / "templates" / template.name)
    if (templates / "README.md").exists():
        shutil.copy2(templates / "README.md", target / "templates" / "README.md")
    workspace = Workspace(target)
    if example:
        for spec in WORKBOOKS:
            shutil.copy2(source / "registers" / spec.filename, workspace.register_path(spec))
        for report in sorted((source / "reports").glob("*.docx")):
            shutil.copy2(report, target / "reports" / report.name)
    else:
        for spec in WORKBOOKS:
            workspace.save(new_workbook(spec, workspace.register_path(spec)))
    return workspace
