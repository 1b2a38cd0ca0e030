"""The risk register: add, update, close and list risks; score and band worked out here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from .errors import InputError, NotFound
from .model import Board, Risk, RiskStatus, Strategy
from .references import issued_references, next_reference, remember_reference, same_ref
from .registers import convert
from .registers.schema import RISKS_BOOK
from .registers.workbook import WorkbookData
from .workspace import Workspace, require_clean


def _check_scale(name: str, value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise InputError(f"{name} must be a whole number from 1 to 5, not {value}.")


def _restamp(ws: Workspace, data: WorkbookData) -> None:
    """Score and rating are the tool's: work them out again for every readable row."""
    for row in data["Risks"].rows:
        try:
            risk = convert.risk_from_row(convert.RowReader(row, data.date1904))
            board = ws.boards.get(risk.board)
        except Exception:  # a row with a problem is left exactly as staff typed it
            continue
        if board is not None:
            row["Score"] = risk.score
            row["Rating"] = board.band_for(risk.score).label
            if risk.strategy is not None:
                row["Strategy"] = board.strategy_label(risk.strategy)


def _find(data: WorkbookData, ref: str) -> dict[str, Any]:
    for row in data["Risks"].rows:
        if same_ref(row.get("Reference"), ref):
            return row
    raise NotFound(f"There is no risk '{ref}' in {data.path.name}. List them with "
                   "'meeting-packs risks list'.")


def add_risk(ws: Workspace, board_code: str, text: str, likelihood: int, impact: int, owner: str,
             strategy: Strategy | None = None, mitigation: str = "", workstream: str = "",
             consequence: str = "", review: dt.date | None = None, target: int | None = None,
             force: bool = False) -> Risk:
    board = ws.board(board_code)
    if not text.strip():
        raise InputError("The risk text is empty. Describe the risk.")
    _check_scale("Likelihood", likelihood)
    _check_scale("Impact", impact)
    if target is not None and not 1 <= target <= 25:
        raise InputError(f"The target score must be from 1 to 25, not {target}.")
    with ws.editing(RISKS_BOOK, force=force) as data:
        ref = next_reference(board.code, "R", [r.get("Reference") for r in data["Risks"].rows]
                             + issued_references(data.properties), 2)
        remember_reference(data.properties, ref)
        risk = Risk(ref=ref, board=board.code, text=text, likelihood=likelihood, impact=impact,
                    owner=owner.strip(), strategy=strategy, mitigation=mitigation,
                    workstream=workstream.strip(), consequence=consequence, review=review,
                    target_score=target)
        data["Risks"].rows.append(convert.risk_to_row(risk, board.band_for(risk.score).label,
                                                      board.strategy_label(strategy)))
        _restamp(ws, data)
    return risk


def update_risk(ws: Workspace, ref: str, force: bool = False, **changes: Any) -> Risk:
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise InputError("Nothing to change: give at least one option, such as --likelihood or --review.")
    _check_scale("Likelihood", given.get("likelihood"))
    _check_scale("Impact", given.get("impact"))
    with ws.editing(RISKS_BOOK, force=force) as data:
        row = _find(data, ref)
        risk = convert.risk_from_row(convert.RowReader(row, data.date1904))
        board = ws.board(risk.board)
        risk = replace(risk, **given)
        row.update({k: v for k, v in convert.risk_to_row(
            risk, board.band_for(risk.score).label, board.strategy_label(risk.strategy)).items()})
        _restamp(ws, data)
    return risk


def close_risk(ws: Workspace, ref: str, force: bool = False) -> Risk:
    return update_risk(ws, ref, force=force, status=RiskStatus.CLOSED)


def list_risks(ws: Workspace, board: str | None = None, include_closed: bool = False) -> list[Risk]:
    if board:
        ws.board(board)
    registers = require_clean(ws.load((RISKS_BOOK,)))
    risks = [r for r in registers.risks
             if (not board or r.board == board.lower())
             and (include_closed or r.status is RiskStatus.OPEN)]
    return sorted(risks, key=lambda r: (-r.score, r.ref))


def band_label(board: Board, risk: Risk) -> str:
    return board.band_for(risk.score).label
