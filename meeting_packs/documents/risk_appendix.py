"""The risk appendix: open risks by score, and a 5 × 5 likelihood × impact heat map."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..dates import numeric_date, short_date
from ..model import RiskStatus, history_by_ref, risk_movement
from ..workspace import Workspace
from .context import MeetingData, common_context


def build_context(md: MeetingData) -> dict[str, Any]:
    board = md.board
    risks = sorted((r for r in md.registers.risks if r.board == board.code and r.status is RiskStatus.OPEN),
                   key=lambda r: (-r.score, r.ref))
    movements = history_by_ref(md.registers.risk_history)
    previous = md.previous.date if md.previous else None
    rows = []
    for risk in risks:
        band = board.band_for(risk.score)
        movement = risk_movement(board, risk, movements.get(risk.ref.casefold(), []), previous)
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
            "target_text": (f"{risk.target_score} {board.band_for(risk.target_score).label}"
                            if risk.target_score else "Not set"),
            # since the previous meeting, from the Risk history ("" when it cannot be known)
            "direction": movement.direction.label if movement else "",
            "direction_text": movement.text(board, risk) if movement else "",
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
                          "label": f"{count if count else '–'} {band.label}",
                          "colour": band.colour, "text_colour": band.text_colour})
        heatmap.append({"likelihood": likelihood, "likelihood_text": f"Likelihood {likelihood}", "cells": cells})
    bands = [{"label": b.label, "range": f"{b.low}–{b.high}", "colour": b.colour,
              "text_colour": b.text_colour, "count": sum(1 for r in rows if r["band"] == b.label)}
             for b in board.risk_bands]
    context = common_context(md, f"{board.name} – Risk register – {short_date(md.meeting.date)}")
    context.update({"risks": rows, "heatmap": heatmap, "bands": bands, "risk_count": len(rows)})
    return context


def write_risk_appendix(ws: Workspace, board: str, when: str | None = None, output: Path | None = None,
                        today: dt.date | None = None) -> Path:
    """`registry.write_document(ws, "risk-appendix", …)`, under the name the CLI has always called."""
    from .registry import write_document

    return write_document(ws, "risk-appendix", board, when, output, today)


def default_template():
    """The built-in template's layout (written by `python -m meeting_packs.documents.default_templates`)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from .default_templates import base, loop_table, para

    d = base(landscape=True, footer_label="{{ board.short_name }} – Risk register – {{ meeting.date_short }}")
    para(d, "{{ board.name }}", style="Title")
    para(d, "Risk register", style="Heading 1")
    para(d, "{{ risk_count }} open risk(s), highest score first. Score = likelihood × impact (1 to 25).")
    para(d, "Heat map", style="Heading 2")
    para(d, "Number of open risks in each cell, and the cell's rating band in words. Rows: likelihood, from "
            "5 (almost certain) at the top; columns: impact, from 1 (negligible) to 5 (severe).", size=9, italic=True)
    heat = loop_table(d, ["Likelihood ↓  Impact →", "Impact 1", "Impact 2", "Impact 3", "Impact 4", "Impact 5"],
                      [4.4, 3, 3, 3, 3, 3], "for row in heatmap",
                      ["{{ row.likelihood_text }}"] + [f"{{% cellbg row.cells[{i}].colour %}}{{{{ row.cells[{i}].text }}}}\n"
                                                       f"{{{{ row.cells[{i}].band }}}}" for i in range(5)])
    for cell in heat.rows[2].cells[1:]:
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(d, "Rating bands", style="Heading 2")
    loop_table(d, ["Rating", "Scores", "Open risks"], [4, 3, 3], "for b in bands",
                ["{% cellbg b.colour %}{{ b.label }}", "{{ b.range }}", "{{ b.count }}"])
    para(d, "Risks", style="Heading 2")
    para(d, "L: likelihood, I: impact (1 to 5). Target: the score the mitigating actions aim for.", italic=True,
         size=9).paragraph_format.keep_with_next = True  # the key stays with the table
    loop_table(d, ["Ref", "Risk and impact", "L", "I", "Rating", "Target", "Strategy", "Mitigating actions", "Owner",
                   "Review"],
                [2.5, 6.4, 0.8, 0.8, 2.3, 2.3, 2.0, 5.8, 1.6, 2.2], "for r in risks",
                ["{{ r.ref }}", "{{ r.text }}{% if r.workstream %} [{{ r.workstream }}]{% endif %}\n"
                 "{%p if r.consequence %}\nImpact: {{ r.consequence }}\n{%p endif %}",
                 "{{ r.likelihood }}", "{{ r.impact }}", "{% cellbg r.band_colour %}{{ r.band_text }}{% if r.direction_text %} {{ r.direction_text }}{% endif %}",
                 "{{ r.target_text }}", "{{ r.strategy }}", "{{ r.mitigation }}", "{{ r.owner }}", "{{ r.review_text }}"],
                size=9.5)
    return d
