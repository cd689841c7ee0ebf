"""Monthly time sheets in the browser, written into the same .xlsx form the CLI wrote, so the
reader, the bilan and the archive cannot tell where a sheet was filled.

The grid is read with the reader (`read_timesheet`: by header words, never fixed addresses);
a save writes numbers, codes from the list and comments as text (never a formula) into the
input cells the form unlocked, refusing the whole save when one value is wrong. The agent signs,
the supervisor approves: both are recorded in the workbook (custom properties, and the dates
beside the signature blocks); an approved sheet is locked (its input cells too, for Excel).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopdocs.errors import CoopdocsError
from coopdocs.forms.anomalies import Anomaly, fmt_hours
from coopdocs.forms.timesheet_form import ABSENCE, ABSENCE_CODES, COMMENT, MAX_HOURS_INPUT, OTHER, sheet_path
from coopdocs.forms.timesheet_reader import TimeSheet, read_timesheet
from coopdocs.office.atomic import atomic_write
from coopdocs.office.xmlparts import xml_refusal
from coopdocs.project.model import Agent, ProjectFile
from coopdocs.web.formread import MAX_FIELD, number
from coopdocs.web.paths import sheet as checked_sheet

SIGNED, APPROVED = "coopdocs-signee", "coopdocs-approuvee"
MAX_UPLOAD = 5 * 1024 * 1024  # a month's sheet is about 20 kB


@dataclass
class State:
    """Where a month's sheet stands: absent, blank (as coopdocs wrote it), filled, signed, approved."""

    name: str
    signed: str = ""
    approved: str = ""
    reason: str = ""  # why an unreadable sheet cannot be read (the page says it; an upload replaces it)

    @property
    def locked(self) -> bool:
        return bool(self.signed or self.approved)


def path_of(out_dir: Path, agent_id: str, month: str) -> Path:
    return out_dir / sheet_path(agent_id, month)


def state(path: Path) -> State:
    """The sheet's state, from its seal and its custom properties (read without openpyxl)."""
    from coopdocs.office.reproducible import is_sealed

    if not path.is_file():
        return State("absent")
    data = path.read_bytes()
    if is_sealed(data):
        return State("blank")
    try:
        props = _custom_properties(data)
    except UnreadableSheet as exc:
        return State("unreadable", reason=str(exc))
    if props.get(APPROVED):
        return State("approved", props.get(SIGNED, ""), props[APPROVED])
    if props.get(SIGNED):
        return State("signed", props[SIGNED])
    return State("filled")


class UnreadableSheet(Exception):
    pass


def _custom_properties(data: bytes) -> dict[str, str]:
    from defusedxml import DefusedXmlException, ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("docProps/custom.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    except (RuntimeError, zlib.error, EOFError, NotImplementedError):  # encrypted, corrupt
        raise UnreadableSheet("docProps/custom.xml : élément illisible") from None
    try:
        root = ElementTree.fromstring(xml)
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        raise UnreadableSheet(f"docProps/custom.xml : XML refusé ({type(exc).__name__})") from None
    found = {}
    for prop in root:
        name = prop.get("name")
        if name:
            found[name] = "".join(child.text or "" for child in prop)
    return found


@dataclass
class Grid:
    """What the grid page shows: one row a day, the sheet's columns, its anomalies."""

    agent: Agent
    month: str
    path: Path
    state: State
    wps: list[tuple[str, str]] = field(default_factory=list)  # (id, header)
    rows: list[dict[str, Any]] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    total: float = 0.0


def grid(project: ProjectFile, agent: Agent, month: str, out_dir: Path) -> Grid:
    from coopdocs.forms.timesheet_form import sheet_model

    path = path_of(out_dir, agent.id, month)
    result = Grid(agent, month, path, state(path))
    if result.state.name in ("absent", "unreadable"):
        return result
    try:
        sheet = read_timesheet(path)
    except CoopdocsError as exc:  # a file put there by hand: the page says why, an upload replaces it
        result.state = State("unreadable", reason=getattr(exc, "reason", exc.message))
        return result
    model = sheet_model(project, agent, month)
    result.wps = list(sheet.work_packages.items())
    by_date = {day.date.isoformat(): day for day in sheet.days}
    for info in model["days"]:
        day = by_date.get(info["date"])
        values = {wp: fmt_hours(day.hours[wp]) if day and day.hours.get(wp) else "" for wp, _ in result.wps}
        result.rows.append(
            {
                **info,
                "row": day.row if day else 0,
                "hours": values,
                "other": fmt_hours(day.other) if day and day.other else "",
                "absence": day.absence if day else "",
                "comment": day.comment if day else "",
                "total": fmt_hours(day.total) if day and day.total else "",
            }
        )
    result.total = sum(day.total for day in sheet.days)
    result.anomalies = sheet.problems + checks(project, agent, sheet)
    return result


def checks(project: ProjectFile, agent: Agent, sheet: TimeSheet) -> list[Anomaly]:
    """The reader's day rules (holiday, weekend, daily maximum, absence with hours, outside period)."""
    from coopdocs.calendar import public_holidays
    from coopdocs.forms.anomalies import sheet_anomalies
    from coopdocs.forms.timesheet_form import agent_period

    employer = project.partner(agent.partner)
    start, end = agent_period(project, agent)
    year = int(sheet.month[:4]) if sheet.month else start.year
    holidays = public_holidays(employer.country, employer.subdivision, year)
    return sheet_anomalies(sheet, start, end, agent.weekly_hours, holidays)


def _hours(text: str, where: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    value = number(text)
    if isinstance(value, str) or not 0 <= value <= MAX_HOURS_INPUT:
        raise ValueError(f"{where} : « {text} » n'est pas un nombre d'heures entre 0 et {MAX_HOURS_INPUT}")
    return float(value)


def _cells(sheet: TimeSheet, form: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """cell address → value to write, for each cell of the grid the form carries (a cell it does
    not carry is left as it is); and what is wrong in it."""
    wanted: dict[str, Any] = {}
    errors: list[str] = []
    columns = sheet.columns
    for day in sheet.days:
        when = f"{day.date:%d/%m/%Y}"
        fields = {f"h:{day.date}:{wp}": (header, f"{when}, {wp.upper()}") for wp, header in sheet.work_packages.items()}
        fields[f"o:{day.date}"] = (OTHER, f"{when}, {OTHER}")
        for key, (header, where) in fields.items():
            if key in form:
                try:
                    wanted[f"{columns[header]}{day.row}"] = _hours(form[key], where)
                except ValueError as exc:
                    errors.append(str(exc))
        code = form.get(f"a:{day.date}")
        if code is not None:
            code = code.strip().upper()
            if code and code not in ABSENCE_CODES:
                errors.append(f"{when} : absence « {code} » inconnue ({', '.join(ABSENCE_CODES)})")
            wanted[f"{columns[ABSENCE]}{day.row}"] = code or None
        if f"c:{day.date}" in form:
            comment = form[f"c:{day.date}"].strip()
            refused = _comment_refusal(comment)
            if refused:
                errors.append(f"{when}, {COMMENT.lower()} : {refused}")
            wanted[f"{columns[COMMENT]}{day.row}"] = comment or None
    return wanted, errors


def _comment_refusal(comment: str) -> str | None:
    """Why a comment cannot go into its cell (never cut: Excel holds 32 767 characters, the form
    takes MAX_FIELD), or None."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if len(comment) > MAX_FIELD:
        return f"texte trop long ({len(comment)} caractères, {MAX_FIELD:_} au plus)".replace("_", "\u202f")
    bad = ILLEGAL_CHARACTERS_RE.search(comment)
    if bad:
        return f"caractère de contrôle U+{ord(bad.group()):04X} interdit dans un classeur"
    return None


def save(path: Path, form: dict[str, str]) -> int:
    """Write the grid into the workbook; returns the number of cells changed. Refused whole
    (CoopdocsError, nothing written) when a value is wrong or the sheet is signed or approved."""
    current = state(path)
    if current.locked:
        raise CoopdocsError(f"{path.name} : feuille {'approuvée' if current.approved else 'signée'}, non modifiable")
    sheet = read_timesheet(path)
    wanted, errors = _cells(sheet, form)
    if errors:
        raise CoopdocsError(" ; ".join(errors))
    book = _open(path)
    cells = book[sheet.sheet]
    changed = 0
    for address, value in wanted.items():
        cell = cells[address]
        if cell.value == value or (cell.value in (None, "", 0) and value is None):  # a blank shows no 0
            continue
        if cell.protection.locked:
            raise CoopdocsError(f"{path.name} : la cellule {address} est verrouillée (jour hors de la période)")
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: never a formula
        changed += 1
    if changed:
        _write(book, path)
    return changed


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    from coopdocs.office.safezip import check_zip

    data = path.read_bytes()
    check_zip(data, path.name, "classeur Excel (.xlsx)")
    return load_workbook(io.BytesIO(data))


def _write(book: Any, path: Path) -> None:
    out = io.BytesIO()
    book.save(out)
    atomic_write(path, out.getvalue())


def sign(path: Path, who: str, when: dt.date, approve: bool = False) -> None:
    """The agent signs (a filled sheet), or the supervisor approves (a signed one, then locked)."""
    from openpyxl.packaging.custom import StringProperty

    current = state(path)
    if approve and current.name != "signed":
        raise CoopdocsError(f"{path.name} : seule une feuille signée par l'agent peut être approuvée")
    if not approve and current.name not in ("filled", "blank"):
        raise CoopdocsError(f"{path.name} : feuille déjà {'approuvée' if current.approved else 'signée'}")
    book = _open(path)
    key = APPROVED if approve else SIGNED
    book.custom_doc_props.append(StringProperty(name=key, value=f"{when.isoformat()} {who}"))
    sheet = read_timesheet(path)
    cells = book[sheet.sheet]
    _signature_block(cells, 1 if approve else 0, when, who)
    if approve:
        _lock_inputs(cells, sheet)
    _write(book, path)


def unsign(path: Path) -> None:
    """The supervisor sends a signed sheet back to the agent (an approved one stays locked)."""
    current = state(path)
    if current.name != "signed":
        raise CoopdocsError(f"{path.name} : seule une feuille signée, non approuvée, peut être renvoyée")
    book = _open(path)
    props = book.custom_doc_props
    for prop in [p for p in props.props if p.name == SIGNED]:
        props.props.remove(prop)
    sheet = read_timesheet(path)
    _signature_block(book[sheet.sheet], 0, None, "")
    _write(book, path)


def _signature_block(cells: Any, which: int, when: dt.date | None, who: str) -> None:
    """The date and the name beside the `which`-th « Date : » and « Signature : » labels."""
    for label, value in (("Date :", f"{when:%d/%m/%Y}" if when else None), ("Signature :", who or None)):
        found = [c for row in cells.iter_rows() for c in row if c.value == label]
        if len(found) > which:
            target = cells.cell(row=found[which].row, column=found[which].column + 1)
            target.value = value
            if isinstance(value, str):
                target.data_type = "s"


def _lock_inputs(cells: Any, sheet: TimeSheet) -> None:
    from openpyxl.styles import Protection

    locked = Protection(locked=True)
    for day in sheet.days:
        for letter in sheet.columns.values():
            cells[f"{letter}{day.row}"].protection = locked


def upload(out_dir: Path, agent_id: str, month: str, name: str, data: bytes) -> str:
    """Put a sheet filled in Excel at its place in the output folder, if it reads as this agent's
    sheet for this month (its identity cells); a filled one already there is backed up first.
    Returns the backup's relative path ("" when none was needed)."""
    from coopdocs.office.safezip import check_zip
    from coopdocs.output.writer import keep_backup

    if len(data) > MAX_UPLOAD:
        raise CoopdocsError(f"{name} : fichier trop volumineux (plus de {MAX_UPLOAD // (1024 * 1024)} Mo), refusé")
    check_zip(data, name, "classeur Excel (.xlsx)")
    refused = xml_refusal(data)
    if refused:
        raise CoopdocsError(f"{name} : refusé, {refused} ; rien n'a été enregistré")
    path = checked_sheet(out_dir, agent_id, month)  # never written through a link
    current = state(path)
    if current.locked:
        raise CoopdocsError(
            f"{path.name} : feuille {'approuvée' if current.approved else 'signée'}, non remplaçable ; rien n'a été enregistré"
        )
    said = _identity(name, data)
    if said != (agent_id, month):
        who, when = (said[0] or "?", said[1] or "?")
        raise CoopdocsError(
            f"{name} : c'est la feuille de « {who} » pour « {when} », pas celle de « {agent_id} » pour « {month} » ; "
            "rien n'a été enregistré"
        )
    relative = sheet_path(agent_id, month)
    backup = keep_backup(out_dir, relative) if current.name not in ("absent", "blank") else ""
    atomic_write(path, data)
    return backup


def _identity(name: str, data: bytes) -> tuple[str, str]:
    """(agent, month) from the identity cells of a sheet (read under a neutral name: never guessed
    from the file's own name)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="coopdocs-envoi-") as scratch:
        probe = Path(scratch) / "envoi.xlsx"
        probe.write_bytes(data)
        try:
            sheet = read_timesheet(probe)
        except CoopdocsError as exc:
            raise CoopdocsError(f"{name} : {getattr(exc, 'reason', exc.message)}") from None
    return sheet.agent, sheet.month
