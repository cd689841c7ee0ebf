"""`coopdocs checklist`: the guide's stages and items, with a project's statuses, in four formats."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from coopdocs.errors import CoopdocsError
from coopdocs.guide import Guide, Item, Stage, keep_for
from coopdocs.messages import unknown_id
from coopdocs.words import words

COLUMNS = {"methods": "Méthodes et outils", "vigilance": "Points de vigilance"}
BOXES = {"a-faire": "☐", "en-cours": "◐", "fait": "☑", "sans-objet": "☒"}
STATUS_LABELS = words("status", "fr")


def check_stages(guide: Guide, stage_ids: Iterable[str]) -> None:
    """Refuse an unknown stage id, suggesting the close one."""
    for stage in stage_ids:
        if stage not in guide.stage_ids:
            raise CoopdocsError.of("unknown-stage-option", **unknown_id(stage, guide.stage_ids, feminine=True))


def view(
    guide: Guide,
    stage_ids: list[str] | None = None,
    checklist: Mapping[str, Any] | None = None,
    transnational: bool = True,
) -> dict:
    """The JSON form of the spec; with a project's checklist (item id → entry with `status` and
    `note`), each item has its status, and CTE items are dropped unless the cooperation is
    transnational."""

    def item(it: Item) -> dict[str, Any]:
        out: dict[str, Any] = {"id": it.id, "text": it.text, "tags": list(it.tags)}
        if checklist is not None:
            entry = checklist.get(it.id)
            out["status"] = entry.status if entry else "a-faire"
            if entry and entry.note:
                out["note"] = entry.note
        out["children"] = [item(c) for c in it.children]
        return out

    def stage(st: Stage) -> dict[str, Any]:
        out: dict[str, Any] = {"id": st.id, "number": st.number, "title": st.title}
        for column in COLUMNS:
            out[column] = [item(i) for i in keep_for(getattr(st, column), transnational)]
        if st.notes:
            out["notes"] = list(st.notes)
        return out

    stages = [s for s in guide.stages if not stage_ids or s.id in stage_ids]
    return {"source": guide.source, "stages": [stage(s) for s in stages]}


def _walk(items: list[dict], depth: int = 0) -> Iterator[tuple[int, dict]]:
    for it in items:
        yield depth, it
        yield from _walk(it["children"], depth + 1)


def _mark(it: dict) -> str:
    return BOXES[it["status"]] if "status" in it else "•"


def _suffix(it: dict) -> str:
    parts = []
    if "cte" in it["tags"]:
        parts.append("[CTE]")
    if it.get("note"):
        parts.append(f"({it['note']})")
    return (" " + " ".join(parts)) if parts else ""


def as_text(data: dict) -> str:
    lines = [data["source"]["title"], f"Source : {data['source']['author']}", ""]
    if any("status" in it for st in data["stages"] for c in COLUMNS for _, it in _walk(st[c])):
        lines[-1:] = ["Légende : " + "  ".join(f"{BOXES[s]} {label}" for s, label in STATUS_LABELS.items()), ""]
    for st in data["stages"]:
        lines.append(f"{st['number']}. {st['title']}  [{st['id']}]")
        for column, label in COLUMNS.items():
            lines.append(f"  {label}")
            if not st[column]:
                lines.append("    (aucun)")
            for depth, it in _walk(st[column]):
                lines.append(f"    {'  ' * depth}{_mark(it)} {it['id']}  {it['text']}{_suffix(it)}")
        for note in st.get("notes", []):
            lines.append(f"  ({note})")
        lines.append("")
    return "\n".join(lines)


def as_markdown(data: dict) -> str:
    lines = [f"# {data['source']['title']}", "", f"Source : {data['source']['author']}.", ""]
    md_boxes = {"a-faire": "[ ]", "en-cours": "[ ] *(en cours)*", "fait": "[x]", "sans-objet": "[x] *(sans objet)*"}
    for st in data["stages"]:
        lines += [f"## {st['number']}. {st['title']}", "", f"Identifiant : `{st['id']}`", ""]
        for column, label in COLUMNS.items():
            lines += [f"### {label}", ""]
            if not st[column]:
                lines.append("*(aucun)*")
            for depth, it in _walk(st[column]):
                box = md_boxes[it["status"]] + " " if "status" in it else ""
                lines.append(f"{'  ' * depth}- {box}`{it['id']}` {_md_escape(it['text'])}{_suffix(it)}")
            lines.append("")
        for note in st.get("notes", []):
            lines += [f"*{_md_escape(note)}*", ""]
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    """Keep the guide's `>`, `*`, `#` and `_` as text in Markdown."""
    for char in "\\*_#>[]`":
        text = text.replace(char, "\\" + char)
    return text


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_xlsx(data: dict, when: dt.date | None = None) -> bytes:
    """One row an item, headers frozen and filtered: a working list for a steering committee."""
    from openpyxl import Workbook

    from coopdocs.office.xlsx import workbook_bytes

    book = Workbook()
    fill_sheet(book.active, data)
    return workbook_bytes(book, when or dt.date.today(), "Check-list du guide Cap Rural")


def fill_sheet(sheet: Any, data: dict) -> None:
    from openpyxl.styles import Alignment, Font

    from coopdocs.office.xlsx import text_cell

    sheet.title = "Check-list"
    has_status = any("status" in it for st in data["stages"] for c in COLUMNS for _, it in _walk(st[c]))
    headers = ["Étape", "N°", "Colonne", "Identifiant", "Élément du guide", "CTE"]
    headers += ["Statut", "Remarque"] if has_status else []
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for st in data["stages"]:
        for column, label in COLUMNS.items():
            for depth, it in _walk(st[column]):
                row = sheet.max_row + 1
                values = [
                    st["title"],
                    st["number"],
                    label,
                    it["id"],
                    "    " * depth + it["text"],
                    "oui" if "cte" in it["tags"] else "",
                ]
                if has_status:
                    values += [STATUS_LABELS[it["status"]], it.get("note", "")]
                for col, value in enumerate(values, start=1):
                    cell = text_cell(sheet, row, col, value)
                    cell.alignment = Alignment(wrap_text=col in (1, 5, 8), vertical="top")
    for letter, width in zip("ABCDEFGH", (40, 5, 20, 28, 80, 6, 12, 40)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
