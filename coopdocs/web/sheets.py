"""Monthly time sheets in the browser, written into the same .xlsx form the CLI wrote, so the
reader, the bilan and the archive cannot tell where a sheet was filled.

The grid is read with the reader (`read_timesheet`: by header words, never fixed addresses);
a save writes numbers, codes from the list and comments as text (never a formula) into the
input cells the form unlocked, refusing the whole save when one value is wrong. Where a sheet
stands, and its signature and approval, are the sheet's life's (coopdocs/forms/sheet_life.py):
every change here goes through it, under the sheet's lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from coopdocs.errors import CoopdocsError
from coopdocs.formats import long_date
from coopdocs.forms.anomalies import Anomaly, fmt_hours
from coopdocs.forms.sheet_marks import open_book, write_book
from coopdocs.forms.timesheet_form import ABSENCE, ABSENCE_CODES, COMMENT, MAX_HOURS_INPUT, OTHER, sheet_path
from coopdocs.forms.timesheet_reader import TimeSheet, read_timesheet
from coopdocs.office.atomic import atomic_write
from coopdocs.office.xmlparts import xml_refusal
from coopdocs.project.model import Agent, ProjectFile
from coopdocs.web.formread import MAX_FIELD, number
from coopdocs.web.paths import sheet as checked_sheet

MAX_UPLOAD = 5 * 1024 * 1024  # a month's sheet is about 20 kB
WEB_NAMES = {"absente": "absent", "vierge": "blank", "remplie": "filled", "signee": "signed"}
WEB_NAMES |= {"approuvee": "approved", "renvoyee": "returned"}


@dataclass
class State:
    """Where a month's sheet stands, in the page's words: absent, blank, filled, signed,
    approved, returned (with who signed, approved or returned it, and the reason)."""

    name: str
    signed: str = ""
    approved: str = ""
    reason: str = ""  # why an unreadable sheet cannot be read (the page says it; an upload replaces it)
    returned: str = ""
    changed: bool = False
    signed_pdf: str = ""  # the verified PDF of the signature (and approval) that count now, in signes/

    @property
    def locked(self) -> bool:
        return self.name in ("signed", "approved")


def path_of(out_dir: Path, agent_id: str, month: str) -> Path:
    return out_dir / sheet_path(agent_id, month)


def file_refusal(path: Path) -> str | None:
    """Why no reader may open the file at `path` (its XML parts), None when it is fine or absent;
    read again only when the file changed (the list page asks it of every month)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return _refusal(str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=4096)
def _refusal(path: str, mtime_ns: int, size: int) -> str | None:
    return xml_refusal(Path(path).read_bytes())


def state(out_dir: Path, agent_id: str, month: str, manifest: dict[str, Any] | None = None) -> State:
    """The sheet's state, from the manifest's history (never from the file's own properties);
    `manifest`: the output folder's, already read (a list of months reads it once)."""
    from coopdocs.forms import sheet_life as life

    path = path_of(out_dir, agent_id, month)
    refused = file_refusal(path)
    if refused:  # a file put there by hand that no reader may open: said, and an upload replaces it
        return State("unreadable", reason=refused)
    if manifest is None:
        found = life.status(out_dir, agent_id, month)
    else:
        found = life.status_of(out_dir, manifest, sheet_path(agent_id, month))
    returned = found.last(life.RETURN) if found.state == life.SheetState.RENVOYEE else None
    why = f"{found.said(life.RETURN)} : {returned.get('reason', '')}" if returned else ""
    signed = found.said(life.SIGN) if found.state in (life.SheetState.SIGNEE, life.SheetState.APPROUVEE) else ""
    approved = found.said(life.APPROVE) if found.state == life.SheetState.APPROUVEE else ""
    last = found.events[-1] if found.events and signed else {}
    pdf = str((last.get("pdf") or {}).get("path", "")) if last.get("evidence") == life.PDF else ""
    return State(WEB_NAMES[found.state.value], signed, approved, returned=why, changed=found.changed, signed_pdf=pdf)


@dataclass
class Grid:
    """What the grid page shows: one row a day, the sheet's columns (each work package by its
    title), its anomalies split into blocking ones and points to check (each with the key the
    approver's confirmation names), and the files a person downloads."""

    agent: Agent
    month: str
    path: Path
    state: State
    wps: list[tuple[str, str]] = field(default_factory=list)  # (id, header)
    titles: dict[str, str] = field(default_factory=dict)  # id → the work package's title
    rows: list[dict[str, Any]] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    total: float = 0.0
    column_totals: dict[str, float] = field(default_factory=dict)
    columns_missing: list[str] = field(default_factory=list)  # packages the budget gives now, the sheet lacks

    @property
    def relative(self) -> str:
        return sheet_path(self.agent.id, self.month)

    @property
    def blocking(self) -> list[Anomaly]:
        from coopdocs.forms.anomalies import Severity

        return [a for a in self.anomalies if a.severity == Severity.BLOCKING]

    @property
    def to_check(self) -> list[tuple[str, Anomaly]]:
        """(key, point) of each point « à vérifier »: the approver confirms each one by its key."""
        from coopdocs.forms.anomalies import Severity

        return [(point_key(a), a) for a in self.anomalies if a.severity == Severity.TO_CHECK]


def point_key(anomaly: Anomaly) -> str:
    """A short, stable key of a point to check (its kind, place and words)."""
    import hashlib

    said = "|".join((anomaly.kind.value, anomaly.file, anomaly.cell, anomaly.date, anomaly.message))
    return hashlib.sha256(said.encode()).hexdigest()[:12]


def unreadable(path: Path) -> str:
    """Why the sheet at `path` cannot be read ("" when it reads, or is not there): a file put
    there by hand is said, and an upload replaces it."""
    if not path.is_file():
        return ""
    refused = file_refusal(path)
    if refused:
        return refused
    try:
        read_timesheet(path)
    except CoopdocsError as exc:
        return str(getattr(exc, "reason", exc.message))
    return ""


def grid(project: ProjectFile, agent: Agent, month: str, out_dir: Path, lang: str = "fr") -> Grid:
    from coopdocs.forms.sheet_life import changed_anomalies, sheet_checks, status
    from coopdocs.forms.sheet_signatures import early_signatures
    from coopdocs.forms.timesheet_form import sheet_model
    from coopdocs.project.model import in_language
    from coopdocs.web.labels import date_words, day_words

    path = path_of(out_dir, agent.id, month)
    result = Grid(agent, month, path, state(out_dir, agent.id, month))
    if result.state.name == "absent":
        return result
    try:
        sheet = read_timesheet(path)
    except CoopdocsError as exc:  # a file put there by hand: the page says why, an upload replaces it
        result.state = State("unreadable", reason=getattr(exc, "reason", exc.message))
        return result
    model = sheet_model(project, agent, month)
    result.wps = list(sheet.work_packages.items())
    named = {wp.id: str(in_language(wp.title, lang)) for wp in project.work_packages}
    result.columns_missing = [
        named.get(wp["id"], wp["header"]) for wp in model["wps"] if wp["id"] not in sheet.work_packages
    ]
    result.titles = {wp: named.get(wp, header.split("–", 1)[-1].strip()) for wp, header in result.wps}
    by_date = {day.date.isoformat(): day for day in sheet.days}
    for info in model["days"]:
        day = by_date.get(info["date"])
        values = {wp: fmt_hours(day.hours[wp]) if day and day.hours.get(wp) else "" for wp, _ in result.wps}
        result.rows.append(
            {
                **info,
                "label": date_words(info["date"], lang),
                "day": day_words(info, lang),
                "row": day.row if day else 0,
                "hours": values,
                "other": fmt_hours(day.other) if day and day.other else "",
                "absence": day.absence if day else "",
                "comment": day.comment if day else "",
                "total": fmt_hours(day.total) if day and day.total else "",
            }
        )
    result.total = sum(day.total for day in sheet.days)
    result.column_totals = {wp: sum(d.hours.get(wp) or 0.0 for d in sheet.days) for wp, _ in result.wps}
    result.column_totals[OTHER] = sum(d.other or 0.0 for d in sheet.days)
    changed = [a for a in changed_anomalies(out_dir) if (a.agent, a.month) == (agent.id, month)]
    early = early_signatures(status(out_dir, agent.id, month), agent.name)
    result.anomalies = changed + sheet_checks(project, agent, sheet) + early
    return result


def typed_into(result: Grid, typed: dict[str, str]) -> None:
    """What a person typed in a save that was refused, shown again in the grid (never lost)."""
    for row in result.rows:
        date = row["date"]
        row["hours"] = {wp: typed.get(f"h:{date}:{wp}", value) for wp, value in row["hours"].items()}
        row["other"] = typed.get(f"o:{date}", row["other"])
        row["absence"] = typed.get(f"a:{date}", row["absence"]).strip().upper()
        row["comment"] = typed.get(f"c:{date}", row["comment"])


def _hours(text: str, where: str, lang: str) -> float | None:
    from coopdocs.web.labels import word

    text = text.strip()
    if not text:
        return None
    value = number(text)
    if isinstance(value, str) or not 0 <= value <= MAX_HOURS_INPUT:
        raise ValueError(word("not_hours", lang, where=where, text=text, most=MAX_HOURS_INPUT))
    return float(value)


def _cells(
    sheet: TimeSheet, form: dict[str, str], titles: dict[str, str], lang: str
) -> tuple[dict[str, Any], list[str]]:
    """cell address → value to write, for each cell of the grid the form carries (a cell it does
    not carry is left as it is); and what is wrong in it, each said as the grid labels its cell
    (« 2 mai 2028, lot Coordination »; `titles`: the packages' names)."""
    from coopdocs.web.labels import word

    wanted: dict[str, Any] = {}
    errors: list[str] = []
    columns = sheet.columns
    for day in sheet.days:
        when = long_date(day.date, lang)
        fields = {
            f"h:{day.date}:{wp}": (header, word("cell_wp", lang, date=when, title=titles.get(wp, wp.upper())))
            for wp, header in sheet.work_packages.items()
        }
        fields[f"o:{day.date}"] = (OTHER, word("cell_other", lang, date=when))
        for key, (header, where) in fields.items():
            if key in form:
                try:
                    wanted[f"{columns[header]}{day.row}"] = _hours(form[key], where, lang)
                except ValueError as exc:
                    errors.append(str(exc))
        code = form.get(f"a:{day.date}")
        if code is not None:
            code = code.strip().upper()
            if code and code not in ABSENCE_CODES:
                errors.append(word("absence_unknown", lang, date=when, code=code, codes=", ".join(ABSENCE_CODES)))
            wanted[f"{columns[ABSENCE]}{day.row}"] = code or None
        if f"c:{day.date}" in form:
            comment = form[f"c:{day.date}"].strip()
            refused = _comment_refusal(comment, lang)
            if refused:
                errors.append(word("comment_refused", lang, where=word("cell_comment", lang, date=when), why=refused))
            wanted[f"{columns[COMMENT]}{day.row}"] = comment or None
    return wanted, errors


def _comment_refusal(comment: str, lang: str) -> str | None:
    """Why a comment cannot go into its cell (never cut: Excel holds 32 767 characters, the form
    takes MAX_FIELD), or None."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from coopdocs.web.labels import word

    if len(comment) > MAX_FIELD:
        return word("comment_too_long", lang, length=len(comment), most=f"{MAX_FIELD:_}".replace("_", "\u202f"))
    bad = ILLEGAL_CHARACTERS_RE.search(comment)
    if bad:
        return word("comment_control", lang, code=f"U+{ord(bad.group()):04X}")
    return None


def save(path: Path, form: dict[str, str], titles: dict[str, str] | None = None, lang: str = "fr") -> int:
    """Write the grid into the workbook; returns the number of cells changed. Refused whole
    (CoopdocsError, nothing written) when a value is wrong. Call it through `sheet_life.edit`,
    which refuses a signed or approved sheet and holds the sheet's lock."""
    sheet = read_timesheet(path)
    wanted, errors = _cells(sheet, form, titles or {}, lang)
    if errors:
        raise CoopdocsError(" ; ".join(errors))
    book = open_book(path)
    cells = book[sheet.sheet]
    changed = 0
    for address, value in wanted.items():
        cell = cells[address]
        if cell.value == value or (cell.value in (None, "", 0) and value is None):  # a blank shows no 0
            continue
        if cell.protection.locked:
            raise CoopdocsError.of("cell-locked", file=path.name, cell=address)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: never a formula
        changed += 1
    if changed:
        write_book(book, path)
    return changed


def upload(out_dir: Path, agent_id: str, month: str, name: str, data: bytes, by: str) -> str:
    """Put a sheet filled in Excel at its place in the output folder, if it reads as this agent's
    sheet for this month (its identity cells); a filled one already there is backed up first.
    Refused (nothing written) for a signed or approved month. Returns the backup's relative path
    ("" when none was needed)."""
    from coopdocs.forms.sheet_life import edit
    from coopdocs.office.safezip import check_zip
    from coopdocs.output.writer import inside, is_sealed, keep_backup

    if len(data) > MAX_UPLOAD:
        raise CoopdocsError.of("upload-too-large", file=name, megabytes=MAX_UPLOAD // (1024 * 1024))
    check_zip(data, name, "workbook")
    refused = xml_refusal(data)
    if refused:
        raise CoopdocsError(f"{name} : refusé, {refused} ; rien n'a été enregistré")
    checked_sheet(out_dir, agent_id, month)  # never written through a link
    said = _identity(name, data)
    if said != (agent_id, month):
        who, when = (said[0] or "?", said[1] or "?")
        raise CoopdocsError.of("upload-other-sheet", file=name, who=who, when=when, agent=agent_id, month=month)
    relative = sheet_path(agent_id, month)

    def put(path: Path) -> str:
        inside(out_dir, relative)  # never through a link
        filled = path.is_file() and not is_sealed(path.read_bytes())
        backup = keep_backup(out_dir, relative) if filled else ""
        atomic_write(path, data)
        return backup

    return edit(out_dir, agent_id, month, by, put)


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
