"""One life for a month's time sheet: `vierge` → `remplie` → `signee` (by the agent) →
`approuvee` (by the supervisor), or `renvoyee` by the supervisor with a reason → `remplie` again.

The state comes only from coopdocs' own record: the append-only history of the sheet in the
output folder's `manifest.json` (`history` → relative path → events `{event, by, at, sha256,
evidence}`), never from properties found in a workbook someone uploads. A correction is a new
event, never a rewrite. Every transition is made under the sheet's lock (`coopdocs.office.locks`),
so concurrent requests are serialised and none is lost. Who acts is always an argument (a later
team mode supplies it from accounts), never a global.

A signed or approved month whose file no longer has the sha256 of its last event was changed
on disk: `changed`, a blocking anomaly (`signed-sheet-changed`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from coopdocs.errors import CoopdocsError
from coopdocs.forms.anomalies import Anomaly, AnomalyKind, Severity
from coopdocs.forms.sheet_marks import AGENT_BLOCK, SUPERVISOR_BLOCK, clear_signatures, mark_signed
from coopdocs.forms.timesheet_form import agent_period, sheet_path
from coopdocs.forms.timesheet_reader import TimeSheet, read_timesheet
from coopdocs.french import of_person
from coopdocs.messages import Arg, Phrase, Word, chained, shown
from coopdocs.office.folder import inside, load_manifest, save_manifest, sha256
from coopdocs.office.locks import locked, manifest_locked
from coopdocs.office.reproducible import is_sealed
from coopdocs.project.model import Agent, ProjectFile

T = TypeVar("T")

SHEET = re.compile(r"^feuilles-de-temps/([^/]+)/\1_([0-9]{4}-[0-9]{2})\.xlsx$")
MAX_REASON = 2000


class SheetState(StrEnum):
    ABSENTE = "absente"  # not written yet (no sheet to speak of)
    VIERGE = "vierge"
    REMPLIE = "remplie"
    SIGNEE = "signee"
    APPROUVEE = "approuvee"
    RENVOYEE = "renvoyee"


SIGN, APPROVE, RETURN, REFILL = "sign", "approve", "return", "refill"
AFTER = {
    SIGN: SheetState.SIGNEE,
    APPROVE: SheetState.APPROUVEE,
    RETURN: SheetState.RENVOYEE,
    REFILL: SheetState.REMPLIE,
}
SIGNED_EVENTS = (SIGN, APPROVE, RETURN)  # what `coopdocs signatures` lists (a refill is no signature)
DECLARATION, PDF = "declaration", "pdf"


@dataclass(frozen=True)
class Evidence:
    """How a person signed: a declaration in the name typed, or a verified PDF signature."""

    kind: str = DECLARATION
    subject: str = ""  # the signer's certificate subject (pdf)
    fingerprint: str = ""  # SHA-256 of the signer's certificate (pdf)
    pdf: str = ""  # the signed PDF, relative to the output folder (pdf)
    pdf_sha256: str = ""
    signed_at: str = ""  # the signing time the signature states (pdf)
    origin: str = ""  # `coopdocs`: the signed PDF is coopdocs' own PDF of the month, signed (pdf)

    def as_event(self) -> dict[str, Any]:
        if self.kind != PDF:
            return {"evidence": DECLARATION}
        certificate = {"subject": self.subject, "sha256": self.fingerprint}
        signed = {"path": self.pdf, "sha256": self.pdf_sha256, "signed_at": self.signed_at, "origin": self.origin}
        return {"evidence": PDF, "certificate": certificate, "pdf": signed}


@dataclass
class Status:
    """Where a month's sheet stands, from its history and the file on disk."""

    agent: str
    month: str
    relative: str
    state: SheetState
    events: list[dict[str, Any]] = field(default_factory=list)
    changed: bool = False  # signed or approved, and the file is no longer what was signed

    def last(self, event: str) -> dict[str, Any] | None:
        return next((e for e in reversed(self.events) if e.get("event") == event), None)

    def said(self, event: str) -> str:
        """« par Anne Muller le 02/12/2026 » for the last event of that kind ("" when none)."""
        return shown(self.by_on(event), "error", "fr")

    def by_on(self, event: str) -> Phrase | str:
        """Who made the last event of that kind and when, as a message argument ("" when none)."""
        found = self.last(event)
        if not found:
            return ""
        return Phrase("by-on", {"by": str(found.get("by") or "?"), "day": _day(str(found.get("at", "")))})


def _day(at: str) -> str:
    try:
        return f"{dt.date.fromisoformat(at[:10]):%d/%m/%Y}"
    except ValueError:
        return at or "?"


def same_person(a: str, b: str) -> bool:
    """Two spellings of one name (case, accents and spaces aside)."""
    from coopdocs.french import plain

    return bool(plain(a)) and plain(a) == plain(b)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- reading the record -------------------------------------------------------------------


def history(manifest: dict[str, Any], relative: str) -> list[dict[str, Any]]:
    """The sheet's events, oldest first: an approval recorded by coopdocs 0.x in its file entry
    (`approved: {by, on, sha256}`) is read as the first event, then the history."""
    events: list[dict[str, Any]] = []
    legacy = (manifest.get("files", {}).get(relative) or {}).get("approved")
    if isinstance(legacy, dict) and isinstance(legacy.get("sha256"), str):
        at = str(legacy.get("on", ""))
        events.append({"event": APPROVE, "by": str(legacy.get("by", "")), "at": at, "sha256": legacy["sha256"]})
        events[-1]["evidence"] = DECLARATION
    recorded = manifest.get("history", {})
    own = recorded.get(relative) if isinstance(recorded, dict) else None
    if isinstance(own, list):
        events += [e for e in own if isinstance(e, dict) and e.get("event") in AFTER]
    return events


def status_of(out_dir: Path, manifest: dict[str, Any], relative: str) -> Status:
    match = SHEET.match(relative)
    agent, month = (match.group(1), match.group(2)) if match else ("", "")
    events = history(manifest, relative)
    try:
        target = inside(out_dir, relative)
        data = target.read_bytes() if target.is_file() else None
    except (CoopdocsError, OSError):
        data = None
    if data is None:
        return Status(agent, month, relative, SheetState.ABSENTE, events)
    if events:
        state = AFTER[events[-1]["event"]]
    else:
        state = SheetState.VIERGE if is_sealed(data) else SheetState.REMPLIE
    changed = state in (SheetState.SIGNEE, SheetState.APPROUVEE) and events[-1].get("sha256") != sha256(data)
    return Status(agent, month, relative, state, events, changed)


def status(out_dir: Path, agent_id: str, month: str) -> Status:
    return status_of(out_dir, load_manifest(out_dir), sheet_path(agent_id, month))


def all_sheets(out_dir: Path) -> list[Status]:
    """Every month's sheet the manifest knows of (written by coopdocs, or with a history)."""
    manifest = load_manifest(out_dir)
    recorded = manifest.get("history")
    names = set(manifest["files"]) | (set(recorded) if isinstance(recorded, dict) else set())
    return [status_of(out_dir, manifest, name) for name in sorted(names) if SHEET.match(name)]


def approved_months(out_dir: Path) -> set[tuple[str, str]]:
    """(agent, month) of each sheet approved and unchanged since."""
    return {(s.agent, s.month) for s in all_sheets(out_dir) if s.state == SheetState.APPROUVEE and not s.changed}


def changed_anomalies(out_dir: Path) -> list[Anomaly]:
    """A blocking anomaly for each signed or approved month whose file changed on disk."""
    found = []
    for s in all_sheets(out_dir):
        if s.changed:
            approved = s.state == SheetState.APPROUVEE
            args: dict[str, Arg] = {
                "state": Phrase("state-approved" if approved else "state-signed"),
                "said": s.said(APPROVE if approved else SIGN),
            }
            where = dict(file=Path(s.relative).name, month=s.month)
            found.append(Anomaly(AnomalyKind.SIGNED_SHEET_CHANGED, args, s.agent, **where))
    return found


def how_to_return(agent_id: str, month: str) -> str:
    return shown(_how_to_return(agent_id, month), "error", "fr")


def _how_to_return(agent_id: str, month: str) -> Phrase:
    return Phrase("how-to-return", {"agent": agent_id, "month": month})


def frozen(out_dir: Path) -> dict[str, str]:
    """relative path → why it cannot change, for each approved sheet (`build`, even `--force`)."""
    return {
        s.relative: f"feuille approuvée {s.said(APPROVE)}, jamais modifiée ; {how_to_return(s.agent, s.month)}"
        for s in all_sheets(out_dir)
        if s.state == SheetState.APPROUVEE
    }


# --- writing the record -------------------------------------------------------------------


def append(out_dir: Path, relative: str, event: dict[str, Any]) -> None:
    """Append one event to the sheet's history (under the manifest's lock: nothing is lost)."""
    with manifest_locked(out_dir):
        manifest = load_manifest(out_dir)
        recorded = manifest.get("history")
        if not isinstance(recorded, dict):
            recorded = manifest["history"] = {}
        events = recorded.get(relative)
        recorded[relative] = [*(events if isinstance(events, list) else []), event]
        save_manifest(out_dir, manifest)


def refusal(relative: str, current: Status, action: str) -> CoopdocsError:
    """Why the sheet cannot be changed or `action`ed in its state."""
    name, refused = Path(relative).name, Word("sheet_action", action)
    if current.state == SheetState.APPROUVEE:
        how = _how_to_return(current.agent, current.month)
        return CoopdocsError.of("sheet-approved", file=name, by=current.by_on(APPROVE), action=refused, how=how)
    if current.state == SheetState.SIGNEE:
        by = current.by_on(SIGN)
        return CoopdocsError.of(
            "sheet-signed", file=name, by=by, action=refused, agent=current.agent, month=current.month
        )
    if current.state == SheetState.ABSENTE:
        return CoopdocsError.of("sheet-absent", file=name)
    return CoopdocsError.of("sheet-in-state", file=name, state=Word("sheet_state", current.state.value), action=refused)


def edit(out_dir: Path, agent_id: str, month: str, by: str, change: Callable[[Path], T]) -> T:
    """Change a sheet that is neither signed nor approved (the grid, an upload), under its lock;
    a returned sheet that changes is filled again (event `refill`)."""
    relative = sheet_path(agent_id, month)
    with locked(out_dir, relative):
        current = status(out_dir, agent_id, month)
        if current.state in (SheetState.SIGNEE, SheetState.APPROUVEE):
            raise refusal(relative, current, "save")
        target = inside(out_dir, relative)
        before = sha256(target.read_bytes()) if target.is_file() else ""
        result = change(target)
        after = sha256(target.read_bytes()) if target.is_file() else ""
        if current.state == SheetState.RENVOYEE and after != before:
            append(out_dir, relative, {"event": REFILL, "by": by, "at": now(), "sha256": after})
    return result


def blocking(found: list[Anomaly]) -> list[Anomaly]:
    return [a for a in found if a.severity == Severity.BLOCKING]


# --- the transitions ----------------------------------------------------------------------


def sheet_checks(project: ProjectFile, agent: Agent, sheet: TimeSheet) -> list[Anomaly]:
    """The reader's problems and the day rules (holiday, weekend, daily maximum, absence with
    hours, outside the agent's period) of one month's sheet."""
    from coopdocs.calendar import public_holidays
    from coopdocs.forms.anomalies import sheet_anomalies

    employer = project.partner(agent.partner)
    start, end = agent_period(project, agent)
    year = int(sheet.month[:4]) if sheet.month else start.year
    holidays = public_holidays(employer.country, employer.subdivision, year)
    return sheet.problems + sheet_anomalies(sheet, start, end, agent.weekly_hours, holidays)


def _checked_month(project: ProjectFile, agent: Agent, month: str) -> None:
    from coopdocs.calendar import months

    if month not in months(*agent_period(project, agent)):
        start, end = agent_period(project, agent)
        raise CoopdocsError.of(
            "month-outside-agent", month=month, name=agent.name, start=f"{start:%m/%Y}", end=f"{end:%m/%Y}"
        )


def _event(event: str, by: str, at: str | None, path: Path, evidence: Evidence | None) -> dict[str, Any]:
    found = {"event": event, "by": by, "at": at or now(), "sha256": sha256(path.read_bytes())}
    return {**found, **(evidence.as_event() if evidence else {})}


def sign(
    out_dir: Path, project: ProjectFile, agent: Agent, month: str, by: str, evidence: Evidence, at: str | None = None
) -> Status:
    """The agent signs the month (a blank, filled or returned sheet); only the agent."""
    _checked_month(project, agent, month)
    if not same_person(by, agent.name):
        raise CoopdocsError.of("not-the-agent", by=by, name=agent.name)
    relative = sheet_path(agent.id, month)
    with locked(out_dir, relative):
        current = status(out_dir, agent.id, month)
        if current.state not in (SheetState.VIERGE, SheetState.REMPLIE, SheetState.RENVOYEE):
            raise refusal(relative, current, "sign")
        path = inside(out_dir, relative)
        mark_signed(path, AGENT_BLOCK, agent.name, dt.date.fromisoformat((at or now())[:10]))
        append(out_dir, relative, _event(SIGN, by, at, path, evidence))
        return status(out_dir, agent.id, month)


def approve(
    out_dir: Path, project: ProjectFile, agent: Agent, month: str, by: str, evidence: Evidence, at: str | None = None
) -> tuple[Status, list[Anomaly]]:
    """The supervisor approves a signed month without blocking anomaly (never the agent); the
    points « à vérifier » are returned, for the approver to see (a signature or this approval
    dated before the month's last day among them)."""
    from coopdocs.forms.sheet_signatures import early_signatures

    _checked_month(project, agent, month)
    _supervisor(agent, by, "approve")
    relative = sheet_path(agent.id, month)
    with locked(out_dir, relative):
        current = status(out_dir, agent.id, month)
        if current.state != SheetState.SIGNEE or current.changed:
            raise _not_approvable(relative, current)
        path = inside(out_dir, relative)
        found = sheet_checks(project, agent, read_timesheet(path))
        if stop := blocking(found):
            listed = chained([a.phrase() for a in stop[:5]], "then")
            listed = Phrase("and-more", {"last": listed}) if len(stop) > 5 else listed
            raise CoopdocsError.of(
                "blocking-anomalies", file=path.name, count=len(stop), listed=listed, agent=agent.id, month=month
            )
        mark_signed(path, SUPERVISOR_BLOCK, by, dt.date.fromisoformat((at or now())[:10]), lock=True)
        append(out_dir, relative, _event(APPROVE, by, at, path, evidence))
        after = status(out_dir, agent.id, month)
        return after, found + early_signatures(after, agent.name)


def _not_approvable(relative: str, current: Status) -> CoopdocsError:
    name = Path(relative).name
    if current.changed:
        return CoopdocsError.of("signed-then-changed", file=name, by=current.by_on(SIGN))
    if current.state == SheetState.APPROUVEE:
        return refusal(relative, current, "approve")
    return CoopdocsError.of("not-signed-yet", file=name, state=Word("sheet_state", current.state.value))


def _supervisor(agent: Agent, by: str, does: str) -> None:
    """Only the supervisor approves or returns (`does`: approve, return), never the agent."""
    boss = agent.supervisor.name
    if same_person(by, agent.name):
        raise CoopdocsError.of(
            "own-sheet", name=agent.name, does=Word("sheet_does", does), of=of_person(boss), boss=boss
        )
    if not same_person(by, boss):
        raise CoopdocsError.of("not-the-supervisor", by=by, name=agent.name, boss=boss)


def return_sheet(
    out_dir: Path, project: ProjectFile, agent: Agent, month: str, by: str, reason: str, at: str | None = None
) -> Status:
    """The supervisor sends a signed or approved month back to the agent, with a reason."""
    _checked_month(project, agent, month)
    _supervisor(agent, by, "return")
    reason = " ".join(reason.split())
    if not reason:
        raise CoopdocsError.of("reason-missing")
    if len(reason) > MAX_REASON:
        raise CoopdocsError.of("reason-too-long", length=len(reason), most=MAX_REASON)
    relative = sheet_path(agent.id, month)
    with locked(out_dir, relative):
        current = status(out_dir, agent.id, month)
        if current.state not in (SheetState.SIGNEE, SheetState.APPROUVEE):
            raise CoopdocsError.of(
                "not-returnable", file=Path(relative).name, state=Word("sheet_state", current.state.value)
            )
        path = inside(out_dir, relative)
        clear_signatures(path, agent_period(project, agent))
        append(out_dir, relative, {**_event(RETURN, by, at, path, None), "reason": reason})
        return status(out_dir, agent.id, month)
