"""The guide page's work: the 16 stages of the Cap Rural guide with each item's status and note
from the file's `checklist`, the documents that carry each item, and the save into `checklist`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from coopdocs.errors import ProjectError
from coopdocs.project.model import CTE, Status
from coopdocs.web import yamlfile

STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]


@dataclass
class GuideView:
    hash: str
    stages: list[dict[str, Any]] = field(default_factory=list)
    statuses: tuple[str, ...] = STATUSES
    saved: bool = False
    stale: bool = False
    error: str = ""


def _entries(data: Any) -> dict[str, tuple[str, str]]:
    """item id → (status, note) as the file says (`item: fait` or `item: {status, note}`)."""
    raw = data.get("checklist") if isinstance(data, dict) else None
    found = {}
    for key, value in (raw or {}).items() if isinstance(raw, dict) else []:
        if isinstance(value, str):
            found[str(key)] = (value, "")
        elif isinstance(value, dict):
            found[str(key)] = (str(value.get("status") or "a-faire"), str(value.get("note") or ""))
    return found


def _carried_by() -> dict[str, list[str]]:
    """stage or item id → the kinds of document that carry it (guide-map.yaml)."""
    from coopdocs.documents.search_path import TemplatePath

    carried: dict[str, list[str]] = {}
    for kind, entries in TemplatePath([]).guide_map().items():
        for entry in entries:
            carried.setdefault(entry.item, []).append(kind)
    return carried


def view(path: Path) -> GuideView:
    from coopdocs.guide import keep_for, load_guide, walk
    from coopdocs.project.source import load_yaml, read_text

    text = read_text(path)
    result = GuideView(yamlfile.digest(text))
    try:
        data = load_yaml(path, text).data
    except ProjectError as exc:
        result.error = exc.message
        return result
    entries, carried = _entries(data), _carried_by()
    cooperation = (data.get("project") or {}).get("cooperation") if isinstance(data, dict) else None
    for stage in load_guide().stages:
        items = []
        for column in ("methods", "vigilance"):
            for item in walk(keep_for(getattr(stage, column), cooperation in CTE)):
                status, note = entries.get(item.id, ("a-faire", ""))
                docs = sorted(set(carried.get(item.id, []) + carried.get(stage.id, [])))
                depth = item.id.count(".") - 1
                items.append(
                    {"id": item.id, "text": item.text, "status": status, "note": note, "docs": docs, "depth": depth}
                )
        result.stages.append({"id": stage.id, "number": stage.number, "title": stage.title, "items": items})
    return result


def save(path: Path, expected_hash: str, form: Mapping[str, str]) -> GuideView:
    """Each item whose status or note changed, written into `checklist` (short form without a note)."""
    from coopdocs.project.source import load_yaml

    document = yamlfile.read(path)
    if document.hash != expected_hash:
        stale = view(path)
        stale.stale = True
        return stale
    entries = _entries(document.data)
    checklist = document.data.get("checklist")
    for key, status in form.items():
        if not key.startswith("s:"):
            continue
        item = key[2:]
        note = form.get(f"n:{item}", "").strip()
        if status not in STATUSES or entries.get(item, ("a-faire", "")) == (status, note):
            continue
        if not isinstance(checklist, dict):
            checklist = document.data["checklist"] = CommentedMap()
        checklist[item] = CommentedMap([("status", status), ("note", note)]) if note else status
    text = document.dump()
    try:  # a note the file may not hold (too long, a control character): said, nothing written
        load_yaml(path, text)
    except ProjectError as exc:
        refused = view(path)
        refused.error = "Rien n'a été enregistré : " + " ; ".join(f"{p.path} : {p.message}" for p in exc.problems)
        return refused
    yamlfile.save(path, text, expected_hash)
    result = view(path)
    result.saved = True
    return result
