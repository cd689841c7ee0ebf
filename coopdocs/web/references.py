"""References between the parts of the project file, as the entry pages need them: an id made
from a name (unique), the lists a person chooses from (partners, people, work packages, bodies,
deliverables, funders), where an id is cited, and a rename that updates every citation in the
same data (so one round-trip save writes it all, or nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from coopdocs.project.init import slug
from coopdocs.project.model import RESERVED_NAMES
from coopdocs.web.wording import item_name
from coopdocs.web.yamlfile import get

# Where each kind of id is cited: a path with `*` for every element of a list.
CITED = {
    "partners": (
        ("project", "lead_partner"),
        ("agents", "*", "partner"),
        ("work_packages", "*", "lead"),
        ("budget", "lines", "*", "partner"),
        ("budget", "funding", "*", "partner"),
        ("governance", "bodies", "*", "members", "*"),
        ("meetings", "*", "attendees", "*"),
        ("meetings", "*", "actions", "*", "who"),
        ("logbook", "*", "partners", "*"),
        ("revenue", "*", "partner"),
    ),
    "work_packages": (("budget", "lines", "*", "wp"), ("indicators", "*", "work_package")),
    "indicators": (("evaluation", "indicators", "*"),),
}
LISTS = {
    "partners": ("partners",),
    "agents": ("agents",),
    "work_packages": ("work_packages",),
    "meetings": ("meetings",),
    "indicators": ("indicators",),
}


def _items(data: Any, path: tuple[str, ...]) -> list[Any]:
    node = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, list) else []


def mappings(data: Any, path: tuple[str, ...]) -> list[dict[str, Any]]:
    """The elements of a list of the file that are mappings (a hand-edited file may hold anything)."""
    return [element for element in _items(data, path) if isinstance(element, dict)]


def new_id(name: str, taken: set[str], fallback: str) -> str:
    """An id from a name: « Zoé Martin » → zoe-martin, then zoe-martin-2 when taken."""
    base = slug(name, fallback, 36)
    if base in RESERVED_NAMES:
        base = f"{base}-1"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def next_code(prefix: str, taken: set[str]) -> str:
    """wp1, wp2…: the first code of the series not taken."""
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def ids(data: Any, kind: str) -> set[str]:
    return {str(e.get("id")) for e in _items(data, LISTS[kind]) if isinstance(e, dict) and e.get("id")}


def options(data: Any, kind: str) -> list[tuple[str, str]]:
    """(id, name) of every partner, person, work package or meeting, in the file's order."""
    found = []
    for element in _items(data, LISTS[kind]):
        if isinstance(element, dict) and isinstance(element.get("id"), str):
            name = item_name(element) or element["id"]
            if kind == "partners" and isinstance(element.get("short_name"), str) and element["short_name"].strip():
                name = element["short_name"].strip()
            if kind == "work_packages":
                name = f"{element['id'].upper()} – {name}"
            found.append((element["id"], name))
    return found


def body_options(data: Any) -> list[tuple[str, str]]:
    """The governance bodies by their (French) name: a meeting names its body so."""
    bodies = _items(data, ("governance", "bodies"))
    names = [item_name(b) for b in bodies if isinstance(b, dict)]
    return [(n, n) for n in names if n]


def deliverable_options(data: Any) -> list[tuple[str, str]]:
    found = []
    for wp in _items(data, ("work_packages",)):
        for deliverable in _items(wp, ("deliverables",)) if isinstance(wp, dict) else []:
            name = item_name(deliverable)
            if name:
                found.append((name, name))
    return found


def funders(data: Any) -> list[str]:
    """The funders already named in the financing plan, each once."""
    names = [item_name(f) for f in _items(data, ("budget", "funding"))]
    return list(dict.fromkeys(n for n in names if n))


def citations(data: Any, kind: str, ident: str) -> list[tuple[Any, str | int]]:
    """(container, key) of every place that cites `ident`."""
    found: list[tuple[Any, str | int]] = []
    for pattern in CITED.get(kind, ()):
        for container, key in _walk(data, pattern):
            if container[key] == ident:
                found.append((container, key))
    return found


def listed_in(data: Any, kind: str, ident: str) -> list[tuple[tuple[str | int, ...], int]]:
    """(the list's path, the index) of every list that names `ident` among others (a body's
    members, a meeting's attendees): those leave with the element deleted."""
    found = []
    for pattern in CITED.get(kind, ()):
        if pattern[-1] == "*":
            found += [(path, i) for path, i in _list_entries(data, pattern[:-1], ()) if get(data, path)[i] == ident]
    return found


def _list_entries(node: Any, pattern: tuple[str, ...], path: tuple[str | int, ...]) -> Iterator[tuple[Any, int]]:
    if not pattern:
        if isinstance(node, list):
            yield from ((path, i) for i, v in enumerate(node) if isinstance(v, str))
        return
    head, rest = pattern[0], pattern[1:]
    keys: list[str | int] = list(range(len(node))) if head == "*" and isinstance(node, list) else []
    if head != "*" and isinstance(node, dict) and head in node:
        keys = [head]
    for key in keys:
        yield from _list_entries(node[key], rest, (*path, key))


def cited_in(data: Any, kind: str, ident: str) -> list[str]:
    """The generic keys that cite `ident`, one per citation (`agents.partner`…)."""
    found = []
    for pattern in CITED.get(kind, ()):
        found += [".".join(p for p in pattern if p != "*") for c, k in _walk(data, pattern) if c[k] == ident]
    return found


def _walk(node: Any, pattern: tuple[str, ...]) -> Iterator[tuple[Any, str | int]]:
    head, rest = pattern[0], pattern[1:]
    keys: list[str | int]
    if head == "*":
        keys = list(range(len(node))) if isinstance(node, list) else []
    else:
        keys = [head] if isinstance(node, dict) and head in node else []
    for key in keys:
        if rest:
            yield from _walk(node[key], rest)
        elif isinstance(node[key], str):
            yield node, key


def rename(data: Any, kind: str, old: str, new: str) -> int:
    """Every citation of `old` becomes `new`, in place; the number changed. The payment claims'
    addressees, keyed by partner, follow too."""
    changed = 0
    for container, key in citations(data, kind, old):
        container[key] = new
        changed += 1
    addressees = (data.get("claims") or {}).get("addressees") if isinstance(data.get("claims"), dict) else None
    if kind == "partners" and isinstance(addressees, dict) and old in addressees and new not in addressees:
        position = list(addressees).index(old)
        value = addressees.pop(old)
        addressees.insert(position, new, value) if hasattr(addressees, "insert") else addressees.update({new: value})
        changed += 1
    return changed
