"""What `coopdocs signatures` and the bilan say of each month's sheet: the signatories expected,
its state, and each signature, approval and return recorded (from coopdocs/forms/sheet_life.py);
and, as a controller reads them back, a signature or approval dated before the month's last day
(`early-signature`, « à vérifier »: the hours were certified before they were all worked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from coopdocs.forms.anomalies import Anomaly, AnomalyKind
from coopdocs.forms.sheet_life import APPROVE, SIGN, SIGNED_EVENTS, SheetState, Status, all_sheets
from coopdocs.messages import Arg, LongDate, Month
from coopdocs.project.model import ProjectFile


def signature_entry(event: dict[str, Any]) -> dict[str, Any]:
    """One recorded event as shown: who, when, and how it was verified."""
    shown = {k: event.get(k, "") for k in ("event", "by", "at", "sha256", "evidence")}
    for key in ("certificate", "pdf", "reason"):
        if key in event:
            shown[key] = event[key]
    return shown


def sheet_row(project: ProjectFile, status: Status) -> dict[str, Any]:
    agent = next((a for a in project.agents if a.id == status.agent), None)
    expected = (
        []
        if agent is None
        else [
            {"role": "agent", "name": agent.name},
            {"role": "responsable", "name": agent.supervisor.name},
        ]
    )
    return {
        "document": status.relative,
        "agent": status.agent,
        "month": status.month,
        "sheet_state": status.state.value,
        "changed": status.changed,
        "expected": expected,
        "signatures": [signature_entry(e) for e in status.events if e.get("event") in SIGNED_EVENTS],
    }


def signature_rows(project: ProjectFile, out_dir: Path) -> list[dict[str, Any]]:
    """Every month's sheet written, with its life."""
    return [sheet_row(project, s) for s in all_sheets(out_dir) if s.state != SheetState.ABSENTE]


def by_agent_month(project: ProjectFile, out_dir: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """(agent, month) → {sheet_state, signatures}, for the bilan."""
    return {
        (s.agent, s.month): {"sheet_state": s.state.value, "signatures": sheet_row(project, s)["signatures"]}
        for s in all_sheets(out_dir)
        if s.state != SheetState.ABSENTE
    }


def early_signatures(status: Status, name: str) -> list[Anomaly]:
    """The signature and the approval that count now (the last ones of a signed or approved
    sheet), each dated before the last day of the sheet's month: one anomaly each, naming the
    agent (`name`), the month and both days. A PDF's signature is dated by the earlier of the
    day it was recorded and the signing time it states (what a controller reads on the PDF)."""
    from coopdocs.calendar import period_bounds

    if status.state not in (SheetState.SIGNEE, SheetState.APPROUVEE) or not status.month:
        return []
    last = period_bounds(status.month, dt.date.min, dt.date.max)[1]
    found = []
    for event in (SIGN, APPROVE) if status.state == SheetState.APPROUVEE else (SIGN,):
        recorded = status.last(event)
        day = _dated(recorded) if recorded else None
        if recorded is None or day is None or day >= last:
            continue
        args: dict[str, Arg] = {"name": name, "month": Month(status.month), "day": LongDate(day), "end": LongDate(last)}
        if event == APPROVE:
            args["by"] = str(recorded.get("by") or "?")
        where = dict(date=day.isoformat(), file=Path(status.relative).name, month=status.month)
        key = "early-approval" if event == APPROVE else ""
        found.append(Anomaly(AnomalyKind.EARLY_SIGNATURE, args, status.agent, **where, key=key))
    return found


def _dated(event: dict[str, Any]) -> dt.date | None:
    """The day of a recorded event, the earlier of `at` and its PDF's `signed_at` (None when neither reads)."""
    pdf = event.get("pdf")
    days = []
    for at in (event.get("at"), pdf.get("signed_at") if isinstance(pdf, dict) else ""):
        try:
            days.append(dt.date.fromisoformat(str(at or "")[:10]))
        except ValueError:
            continue
    return min(days) if days else None


def early_anomalies(project: ProjectFile, out_dir: Path) -> list[Anomaly]:
    """`early_signatures` of every month's sheet of the output folder, each agent by name."""
    names = {a.id: a.name for a in project.agents}
    return [a for s in all_sheets(out_dir) for a in early_signatures(s, names.get(s.agent, s.agent))]
