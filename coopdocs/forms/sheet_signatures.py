"""What `coopdocs signatures` and the bilan say of each month's sheet: the signatories expected,
its state, and each signature, approval and return recorded (from coopdocs/forms/sheet_life.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coopdocs.forms.sheet_life import SIGNED_EVENTS, SheetState, Status, all_sheets
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
