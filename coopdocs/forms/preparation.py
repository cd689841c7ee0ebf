"""suivi/preparation.xlsx: before sending each document, the team's guide items to check.

One row per document the project sends × guide item the map gives to the team (`equipe`),
with the item's status and note from the project file's `checklist`, two empty columns (who
checked, when), and the document's state:
- `signé`: a checklist note of one of the document's items says so — « signé » (or signée,
  signés, signées) alone for every document of its kind, « signé : gal-a, gal-b » for those
  of the partners, agents or meetings named (« non signé », « pas signé » do not count);
- `modifié`: the file on disk is no longer what coopdocs wrote (a filled form: `rempli`);
- `produit`: written by this build or earlier, untouched; `non produit`: not there yet.
Time sheets get one row group per agent (their folder), expense registers one per partner.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopdocs.documents.guide_map import TEAM, GuideMap, for_audience, in_guide_order
from coopdocs.kinds import EXPENSES, TIMESHEETS
from coopdocs.project.model import ProjectFile
from coopdocs.words import label, words

PATH = "suivi/preparation.xlsx"
SIGNED_NOTE = re.compile(r"(?<!non )(?<!pas )\bsignée?s?\b(?:\s*:\s*(?P<who>[^;.]+))?", re.IGNORECASE)
WIDTHS = (44, 22, 12, 24, 60, 50, 11, 30, 18, 12)


@dataclass(frozen=True)
class Sent:
    """A document the project sends: where it is (a folder for time sheets), its kind, and the
    ids (partner, agent, meeting) it belongs to."""

    path: str
    kind: str
    owners: tuple[str, ...] = ()
    form: bool = False


def sent_documents(project: ProjectFile, planned: Iterable[tuple[str, str]]) -> list[Sent]:
    """The documents of `planned` (path, kind), the expense registers and each agent's sheets."""
    from coopdocs.forms.expense_form import register_categories, register_path
    from coopdocs.project.staff import keeps_timesheets

    sent = [Sent(path, kind, tuple(path.split("/")[1:2]) if "/" in path else ()) for path, kind in planned]
    for partner in dict.fromkeys(line.partner for line in project.budget.lines):
        if register_categories(project, partner):  # none under the art. 56 flat rate
            sent.append(Sent(register_path(partner), EXPENSES, (partner,), form=True))
    for agent in project.agents:
        if keeps_timesheets(project, agent):
            sent.append(Sent(f"{TIMESHEETS}/{agent.id}/", TIMESHEETS, (agent.id,), form=True))
    return sent


def signed_by_note(project: ProjectFile, item_ids: Iterable[str], owners: tuple[str, ...]) -> bool:
    """Whether a checklist note of these items says the document is signed (see the module)."""
    for item in item_ids:
        entry = project.checklist.get(item)
        match = SIGNED_NOTE.search(entry.note or "") if entry else None
        if match:
            named = {w.strip().casefold() for w in (match["who"] or "").split(",") if w.strip()}
            if not named or named & {o.casefold() for o in owners}:
                return True
    return False


def file_state(
    out_dir: Path, sent: Sent, built: set[str], manifest: dict[str, Any], signed: frozenset[str] = frozenset()
) -> str:
    """`signe`, `produit`, `modifie`, `rempli` or `non-produit`: what is on disk after this build.
    `signed`: the documents whose signed PDF was verified (manifest's `signed`); an agent's time
    sheets are `signe` when every month written is approved (coopdocs/forms/sheet_life.py)."""
    from coopdocs.office.folder import sha256
    from coopdocs.office.reproducible import is_sealed

    target = out_dir / sent.path
    if sent.path in signed:
        return "signe"
    if sent.kind == TIMESHEETS and sent.owners and (sheets := _sheets_state(out_dir, sent.owners[0])):
        return sheets
    if sent.path.endswith("/"):
        return "produit" if sent.path in built or (target.is_dir() and any(target.iterdir())) else "non-produit"
    if not target.is_file():
        return "produit" if sent.path in built else "non-produit"
    data = target.read_bytes()
    entry = manifest.get(sent.path)
    if (entry and entry.get("sha256") == sha256(data)) or is_sealed(data):
        return "produit"
    if sent.form:
        return "rempli"
    return "produit" if sent.path in built else "modifie"


def _sheets_state(out_dir: Path, agent_id: str) -> str:
    """`signe` when every month of the agent written is approved and unchanged, `rempli` when one
    is filled, signed or returned, "" otherwise (the folder's own state then)."""
    from coopdocs.forms.sheet_life import SheetState, all_sheets

    mine = [s for s in all_sheets(out_dir) if s.agent == agent_id and s.state != SheetState.ABSENTE]
    if mine and all(s.state == SheetState.APPROUVEE and not s.changed for s in mine):
        return "signe"
    return "rempli" if any(s.state != SheetState.VIERGE for s in mine) else ""


def preparation_rows(
    project: ProjectFile, guide_map: GuideMap, sent: list[Sent], states: dict[str, str], lang: str
) -> list[list[Any]]:
    """The rows: document, its kind, its state, then for each team item: id, text, reason,
    status, note, and two empty cells (who checked, when)."""
    transnational = project.project.cte
    state_words = words("preparation_state", lang)
    rows: list[list[Any]] = []
    for doc in sent:
        entries = guide_map.get(doc.kind, ())
        state = "signe" if signed_by_note(project, (e.item for e in entries), doc.owners) else states[doc.path]
        head = [doc.path, label("document", doc.kind, lang), state_words[state]]
        for item, entry in in_guide_order(for_audience(entries, TEAM)):
            if item.cte and not transnational:
                continue
            check = project.checklist.get(item.id)
            status = label("status", check.status if check else "a-faire", lang)
            rows.append([*head, item.id, item.text, entry.reason, status, (check.note or "") if check else "", "", ""])
    return rows


def preparation_workbook(title: str, rows: list[list[Any]], lang: str, when: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from coopdocs.office.xlsx import header_row, register_layout, text_cell, workbook_bytes

    w = words("preparation", lang)
    book = Workbook()
    sheet = book.active
    sheet.title = w["sheet"]
    text_cell(sheet, 1, 1, w["title"].format(title=title)).font = Font(bold=True, size=12)
    text_cell(sheet, 2, 1, w["note"]).font = Font(italic=True)
    headers = [w[k] for k in ("document", "kind", "state", "item", "text", "reason", "status", "remark", "who", "when")]
    header_row(sheet, 4, headers)
    for r, cells in enumerate(rows, start=5):
        for col, value in enumerate(cells, start=1):
            text_cell(sheet, r, col, value).alignment = Alignment(wrap_text=True, vertical="top")
    register_layout(sheet, WIDTHS, len(headers), len(rows))
    sheet.column_dimensions["D"].hidden = True  # the guide item's id (the project file's checklist key)
    return workbook_bytes(book, when, w["title"].format(title=title))
