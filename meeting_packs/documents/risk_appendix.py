"""The risk appendix: open risks by score, and a 5 × 5 likelihood × impact heat map."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..dates import numeric_date
from ..model import RiskStatus
from ..workspace import Workspace
from .context import MeetingData, common_context, load_meeting
from .output import write_document

TEMPLATE = "risk-appendix"
LABEL = "Risk register"


def build_context(md: MeetingData) -> dict[str, Any]:
    board = md.board
    risks = sorted((r for r in md.registers.risks if r.board == board.code and r.status is RiskStatus.OPEN),
                   key=lambda r: (-r.score, r.ref))
    rows = []
    for risk in risks:
        band = board.band_for(risk.score)
        rows.append({
            "ref": risk.ref, "text": risk.text, "workstream": risk.workstream,
            "consequence": risk.consequence, "likelihood": risk.likelihood, "impact": risk.impact,
            "score": risk.score, "band": band.label, "band_colour": band.colour,
            "band_text_colour": band.text_colour, "band_text": f"{risk.score} {band.label}",
            "strategy": board.strategy_label(risk.strategy), "mitigation": risk.mitigation,
            "owner": risk.owner, "review": risk.review,
            "review_text": numeric_date(risk.review) if risk.review else "",
            "overdue_review": bool(risk.review and risk.review < md.as_at),
            "target_score": risk.target_score or "",
        })
    heatmap = []
    for likelihood in range(5, 0, -1):
        cells = []
        for impact in range(1, 6):
            score = likelihood * impact
            band = board.band_for(score)
            count = sum(1 for r in risks if r.likelihood == likelihood and r.impact == impact)
            cells.append({"likelihood": likelihood, "impact": impact, "score": score, "count": count,
                          "text": str(count) if count else "–", "band": band.label,
                          "colour": band.colour, "text_colour": band.text_colour})
        heatmap.append({"likelihood": likelihood, "cells": cells})
    bands = [{"label": b.label, "range": f"{b.low}–{b.high}", "colour": b.colour,
              "text_colour": b.text_colour, "count": sum(1 for r in rows if r["band"] == b.label)}
             for b in board.risk_bands]
    context = common_context(md, f"{board.name} – Risk register – {md.meeting.date.day} {md.meeting.date:%B %Y}")
    context.update({"risks": rows, "heatmap": heatmap, "bands": bands, "risk_count": len(rows)})
    return context


def write_risk_appendix(ws: Workspace, board: str, when: str | None = None, output: Path | None = None,
                        today: dt.date | None = None) -> Path:
    md = load_meeting(ws, board, when, today, need_schedule=False)
    return write_document(ws, md, TEMPLATE, build_context(md), LABEL, output)
