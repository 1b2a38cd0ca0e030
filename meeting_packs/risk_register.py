"""The risk register: add, update, close and list risks; score and band worked out here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import InputError
from .model import Board, Risk, RiskStatus, Strategy
from .references import issued_references, next_reference, remember_reference
from .registers.repository import RiskRepository
from .registers.schema import RISKS_BOOK
from .registers.reading import WorkbookData
from .workspace import Workspace, require_clean


def _check_scale(name: str, value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise InputError(f"{name} must be a whole number from 1 to 5, not {value}.")


def _risks(ws: Workspace, data: WorkbookData) -> RiskRepository:
    """The Risks sheet, rated with the boards of boards.toml."""
    return RiskRepository(data, ws.boards.get)


def add_risk(ws: Workspace, board_code: str, text: str, likelihood: int, impact: int, owner: str,
             strategy: Strategy | None = None, mitigation: str = "", workstream: str = "",
             consequence: str = "", review: dt.date | None = None, target: int | None = None,
             force: bool = False, now: dt.datetime | None = None) -> Risk:
    board = ws.board(board_code)
    now = now or dt.datetime.now()
    if not text.strip():
        raise InputError("The risk text is empty. Describe the risk.")
    _check_scale("Likelihood", likelihood)
    _check_scale("Impact", impact)
    if target is not None and not 1 <= target <= 25:
        raise InputError(f"The target score must be from 1 to 25, not {target}.")
    with ws.editing(RISKS_BOOK, force=force) as data:
        risks = _risks(ws, data)
        risks.record_hand_edits(now)
        ref = next_reference(board.code, "R", risks.references() + risks.history_references()
                             + issued_references(data.properties), 2)
        remember_reference(data.properties, ref)
        risk = risks.append(Risk(ref=ref, board=board.code, text=text, likelihood=likelihood,
                                 impact=impact, owner=owner.strip(), strategy=strategy,
                                 mitigation=mitigation, workstream=workstream.strip(),
                                 consequence=consequence, review=review, target_score=target))
        risks.restamp()
        risks.record_new(risk, now)
    return risk


@dataclass
class RiskUpdate:
    risk: Risk
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def update_risk(ws: Workspace, ref: str, force: bool = False, now: dt.datetime | None = None,
                note: str = "updated", **changes: Any) -> Risk:
    """Change a risk; each changed field (and the score and rating that follow) goes into
    its Risk history, so the risk appendix can show the direction since a meeting."""
    return change_risk(ws, ref, force=force, now=now, note=note, **changes).risk


def change_risk(ws: Workspace, ref: str, force: bool = False, now: dt.datetime | None = None,
                note: str = "updated", **changes: Any) -> RiskUpdate:
    """`update_risk`, also returning each change as (column, old, new)."""
    now = now or dt.datetime.now()
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise InputError("Nothing to change: give at least one option, such as --likelihood or --review.")
    _check_scale("Likelihood", given.get("likelihood"))
    _check_scale("Impact", given.get("impact"))
    if "target_score" in given and not 1 <= given["target_score"] <= 25:
        raise InputError(f"The target score must be from 1 to 25, not {given['target_score']}.")
    for name in ("owner", "text"):
        if name in given and not str(given[name]).strip():
            raise InputError(f"The risk's {'owner' if name == 'owner' else 'text'} cannot be empty.")
    with ws.editing(RISKS_BOOK, force=force) as data:
        risks = _risks(ws, data)
        risks.restamp()
        risks.record_hand_edits(now)
        before = risks.find(ref)
        ws.board(before.board)  # a risk of a board no longer in boards.toml is not changed
        risk = replace(before, **given)
        recorded = risks.record_changes(before, risk, now, note)
        risk = risks.replace(risk)
        risks.restamp()
    return RiskUpdate(risk, recorded)


def close_risk(ws: Workspace, ref: str, force: bool = False, now: dt.datetime | None = None) -> Risk:
    return update_risk(ws, ref, force=force, now=now, note="closed", status=RiskStatus.CLOSED)


def show_risk(ws: Workspace, ref: str):
    """The risk and its Risk history, oldest first (see `action_log.RecordShown`)."""
    from .action_log import RecordShown

    risks = _risks(ws, ws.read(RISKS_BOOK))
    risk = risks.find(ref)
    return RecordShown(risk, risks.history(risk.ref))


def list_risks(ws: Workspace, board: str | None = None, include_closed: bool = False) -> list[Risk]:
    code = ws.board(board).code if board else None
    registers = require_clean(ws.load((RISKS_BOOK,), skip=frozenset({"Risk history"})))
    risks = [r for r in registers.risks
             if (not code or r.board == code)
             and (include_closed or r.status is RiskStatus.OPEN)]
    return sorted(risks, key=lambda r: (-r.score, r.ref))


def band_label(board: Board, risk: Risk) -> str:
    """The risk's rating on the board's bands (as the Rating column shows it)."""
    return board.band_for(risk.score).label
