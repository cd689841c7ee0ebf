"""What the Bilan page shows beside the figures: each anomaly with whom it is about (by name),
its month in words and what to do; each month's signatures (who signed and approved, when,
how it was verified); the charts, drawn in SVG that fits the page's width."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coopdocs.formats import long_date
from coopdocs.web.labels import month_words, to_do, who, word

if TYPE_CHECKING:
    from coopdocs.bilan.figures import BilanFigures, SheetMonth
    from coopdocs.forms.anomalies import Anomaly
    from coopdocs.project.model import ProjectFile

STATE_WORDS = {"vierge": "blank", "remplie": "filled", "signee": "signed", "approuvee": "approved"}
STATE_WORDS |= {"renvoyee": "returned", "absente": "absent"}


@dataclass
class AnomalyRow:
    anomaly: Anomaly
    blocking: bool
    who: str
    month: str  # in words
    text: str
    to_do: str
    sheet: str  # the grid's address, when the anomaly is about a month's sheet


def anomaly_rows(figures: BilanFigures, project: ProjectFile, lang: str) -> list[AnomalyRow]:
    """Blocking ones first, each naming its agent or partner."""
    from coopdocs.forms.anomalies import AnomalyKind, Severity

    hourly = {a.id for a in figures.agents if a.mode == "hourly"}
    rows = []
    for a in figures.anomalies:
        month = a.month or (a.date[:7] if a.kind == AnomalyKind.MISSING_MONTH else "")
        sheet = f"/feuilles/{a.agent}/{month}" if a.agent in hourly and month else ""
        rows.append(
            AnomalyRow(
                a,
                a.severity == Severity.BLOCKING,
                who(a, project, lang),
                month_words(month, lang) if month else "",
                a.text(lang),
                to_do(a, lang),
                sheet,
            )
        )
    return sorted(rows, key=lambda r: not r.blocking)


def _day(at: str, lang: str) -> str:
    try:
        return long_date(dt.date.fromisoformat(at[:10]), lang)
    except ValueError:
        return at


def how_signed(event: dict[str, Any], lang: str) -> str:
    """« certificat vérifié (Common Name: Zoé Martin, empreinte 3f2a…) » or « déclaration »."""
    if event.get("evidence") == "pdf":
        certificate = event.get("certificate") or {}
        return word(
            "evidence_pdf",
            lang,
            subject=certificate.get("subject", "?"),
            fingerprint=str(certificate.get("sha256", ""))[:16],
        )
    return word("evidence_declaration", lang)


@dataclass
class SignoffRow:
    agent: str
    month: str  # in words
    link: str
    state: str  # the web's state name (`signed`, `approved`…)
    signed: str  # « Zoé Martin, le 2 juin 2028 — certificat vérifié (…) », "" when not signed now
    approved: str
    returned: str  # the last return, with its reason, when it came after the last signature


def signoff_rows(figures: BilanFigures) -> list[tuple[Any, str, SheetMonth]]:
    """(agent, month, sheet) of each month of the period with a sheet's life."""
    return [
        (agent, month, sheet)
        for agent in figures.agents
        if agent.mode == "hourly"
        for month, sheet in getattr(agent, "sheets", {}).items()
    ]


def signoffs(figures: BilanFigures, lang: str) -> list[SignoffRow]:
    """Each month of the period that was signed, approved or returned at least once."""
    rows = []
    for agent, month, sheet in signoff_rows(figures):
        events = list(sheet.signatures)
        if not events:
            continue
        state = STATE_WORDS.get(sheet.sheet_state, sheet.sheet_state)
        cycle = _current_cycle(events)
        said: dict[str, str] = {}
        for kind in ("sign", "approve", "return"):
            last = next((e for e in reversed(cycle) if e.get("event") == kind), None)
            said[kind] = _said(last, lang) if last else ""
        if said["return"]:
            reason = next(e for e in reversed(cycle) if e.get("event") == "return").get("reason", "")
            said["return"] += f" : « {reason} »" if reason else ""
        link = f"/feuilles/{agent.id}/{month}"
        rows.append(
            SignoffRow(agent.name, month_words(month, lang), link, state, said["sign"], said["approve"], said["return"])
        )
    return rows


def _current_cycle(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events since the last return (the signatures that count now), or the last return
    itself when nothing was signed after it."""
    last_return = max((i for i, e in enumerate(events) if e.get("event") == "return"), default=-1)
    after = events[last_return + 1 :]
    return after if after or last_return < 0 else [events[last_return]]


def _said(event: dict[str, Any], lang: str) -> str:
    who_ = event.get("by") or "?"
    text = word("signed_by", lang, name=who_, date=_day(str(event.get("at", "")), lang))
    return text if event.get("event") == "return" else f"{text} — {how_signed(event, lang)}"


def _fitted(name: str, room_px: float, size_px: float = 12) -> str:
    """The label cut with « … » to what fits in front of the bars, measured with DejaVu Sans, wider
    than most browsers' sans-serif: a long name is cut at its end, never lost at its start."""
    from coopdocs.office.tables import text_width

    if text_width(name, size_px) <= room_px:
        return name
    cut = name
    while cut and text_width(cut.rstrip() + "…", size_px) > room_px:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def bar_svg(bars: list[tuple[str, list[float]]], series: list[str], unit: str, title: str, lang: str = "fr") -> str:
    """Horizontal bars as an SVG drawing that scales to the page's width (its text escaped):
    (label, values) per bar, each value as the tables write it (92,5 h); a label too long for
    its place is cut with « … », its whole text in a tooltip; `title` names the drawing for a
    screen reader."""
    from markupsafe import escape

    from coopdocs.formats import number

    colours = ("#2f6f4f", "#a86400", "#3b6ea8")
    top = max([v for _, values in bars for v in values] + [1.0])
    row, width, left = 18 * max(1, len(series)) + 8, 640, 230
    height = row * len(bars) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (name, values) in enumerate(bars):
        y = 10 + i * row
        cut = _fitted(name, left - 10)
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end" font-size="12"><title>{escape(name)}</title>'
            f"{escape(cut)}</text>"
        )
        for j, value in enumerate(values):
            length = (width - left - 90) * value / top
            colour = colours[j % len(colours)]
            parts.append(f'<rect x="{left}" y="{y + j * 18}" width="{length:.1f}" height="15" fill="{colour}"/>')
            shown = number(round(value, 2) if unit == "h" else round(value), lang)
            parts.append(
                f'<text x="{left + length + 4:.1f}" y="{y + j * 18 + 12}" font-size="11">{shown} {unit}</text>'
            )
    for j, name in enumerate(series if len(series) > 1 else []):
        x = left + j * 160
        parts.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colours[j % len(colours)]}"/>')
        parts.append(f'<text x="{x + 14}" y="{height - 5}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
