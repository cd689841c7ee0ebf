"""The entry pages' saves: a new element, an element's or a group's changes, a table's rows, a
deletion and its undo. Each is one round-trip write of the whole file (comments kept), made
only when it adds no problem to what was edited: otherwise nothing is written and the form comes
back with what was typed and each message beside its field. An id changed (by hand, or because
it followed the name) is changed everywhere it is cited, in the same write."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from coopdocs.project.model import SLUG, is_own_funds
from coopdocs.web import entry, entry_page, formread, references, wording, yamlfile
from coopdocs.web.entry_page import State
from coopdocs.web.formgen import Node
from coopdocs.web.yamlfile import PathKey, get, parse_path

CONTROL_FIELDS = ("csrf", "file_hash", "action", "then")
GRID_BLANKS = 8  # empty rows at the end of a table without partners yet
BLANKS_PER_PARTNER = {"budget.lines": 3, "budget.funding": 2}  # each partner's new rows, its name already chosen


@dataclass
class Outcome:
    """What a save did: written (and the state after), or refused (the state it was checked as)."""

    saved: bool
    state: State
    stale: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)  # field → messages of a refused save
    summary: list[tuple[str, str, str]] = field(default_factory=list)  # field, where in words, message
    typed: dict[str, str] = field(default_factory=dict)
    differences: list[tuple[str, str, str]] = field(default_factory=list)  # label, typed, in the file
    index: int | None = None  # the element written
    backup: str = ""


@dataclass
class Undo:
    """A deletion that can be taken back until the next save."""

    list_key: str
    index: int
    element: Any
    hash_after: str
    name: str
    listed: list[tuple[PathKey, int]] = field(default_factory=list)  # where its id was a list's entry


def typed(form: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in form.items() if k not in CONTROL_FIELDS}


NEW_ELEMENT_ROWS = 2  # a new element's tables (deliverables, actions): two empty rows, so that two fit at once


def _blank_rows(data: Any, node_path: PathKey, count: int = 1) -> tuple[Any, list[PathKey]]:
    """The data with `count` empty rows at the end of each table inside the element (the rows
    that add), and the paths of those tables; a package's deliverables, a meeting's actions and
    an indicator's measured values are shown even while there is none (the table to write in)."""
    shown = copy.deepcopy(data)
    element = get(shown, node_path)
    tables: list[PathKey] = []
    always = {"work_packages": "deliverables", "meetings": "actions", "indicators": "values"}.get(
        str(node_path[0]) if node_path else ""
    )
    if isinstance(element, dict):
        for key in ("deliverables", "actions", "values", "changes", "achieved"):
            holder = element.get("allocation") if key == "changes" else element
            if isinstance(holder, dict) and (key in holder or key == always):
                if not isinstance(holder.get(key), list):
                    holder[key] = []
                holder[key].extend({} for _ in range(count))
                tables.append((*node_path, "allocation", key) if key == "changes" else (*node_path, key))
    return shown, tables


def form_tree(data: Any, lang: str, node_path: PathKey, seeds: list[dict[str, Any]] | None = None) -> tuple[Node, Any]:
    """The dressed form of the whole file, with the new elements (one a seed) at the end of
    their list and an empty row in each of the element's tables; and the data it was built from."""
    shown = copy.deepcopy(data) if isinstance(data, dict) else {}
    if seeds is not None:
        holder = get(shown, node_path[:-1])
        if not isinstance(holder, list):
            yamlfile.put(shown, node_path[:-1], [])
            holder = get(shown, node_path[:-1])
        holder.extend(copy.deepcopy(s) for s in seeds)
    count = 1 if seeds is None else NEW_ELEMENT_ROWS
    shown, tables = _blank_rows(shown, node_path, count)
    root = entry_page.tree(shown, lang)
    for table in tables:
        node = root.find(table)
        if node is not None:
            node.blanks = count
    return root, shown


def seed(data: Any, list_key: str) -> dict[str, Any]:
    """What a new element starts with: the choices a person most often makes already made."""
    project = (data.get("project") or {}) if isinstance(data, dict) else {}
    lead = project.get("lead_partner")
    found: dict[str, Any] = {}
    if list_key == "agents":
        found = {"partner": lead or "", "allocation": {"mode": "hourly"}} | _usual(data, list_key, ("job_title",))
    elif list_key == "work_packages":  # most packages run over the whole project
        found = {"lead": lead or "", "start": project.get("start") or "", "end": project.get("end") or ""}
    elif list_key == "meetings":  # the first body meets, all its members invited
        members = get(data, ("governance", "bodies", 0, "members"))
        names = references.body_options(data)
        found = {"body": names[0][0] if names else "", "attendees": list(members) if isinstance(members, list) else []}
    elif list_key == "logbook":  # written on the day, about the whole partnership unless unticked
        ids = [p["id"] for p in references.mappings(data, ("partners",)) if isinstance(p.get("id"), str)]
        found = {"date": dt.date.today().isoformat(), "partners": ids}
    elif list_key == "partners":  # most cooperations join partners of one kind (GALs in LEADER)
        found = {"country": "FR"} | _usual(data, list_key, ("type",), ("representative", "title"))
        found |= _usual(data, list_key, ("host_body", "representative", "title")) if found.get("type") == "gal" else {}
    return found


def _usual(data: Any, list_key: str, *keys: PathKey) -> dict[str, Any]:
    """The value most elements of the list have at each key (« Président », « gal »), nested as
    the key is; an example `coopdocs init` wrote is nobody's usual value."""
    from coopdocs.project.init import EXAMPLE_TEXTS

    found: dict[str, Any] = {}
    for key in keys:
        values = [get(e, key) for e in references.mappings(data, tuple(list_key.split(".")))]
        usual = Counter(v for v in values if isinstance(v, str) and v and v not in EXAMPLE_TEXTS).most_common(1)
        if usual:
            yamlfile.put(found, key, usual[0][0])
    return found


def grid_seeds(data: Any, grid: str) -> list[dict[str, Any]]:
    """A table's new rows: a few for each partner with a budget, its name already chosen (a
    budget is entered partner by partner) and the one work package it leads, and in the
    financing plan the public funder the others have on a partner's first row when it has none
    yet; eight empty rows while there is no partner."""
    ids = [
        str(p["id"])
        for p in references.mappings(data, ("partners",))
        if isinstance(p.get("id"), str) and p.get("observer") is not True
    ]
    if not ids or grid not in BLANKS_PER_PARTNER:
        return [{} for _ in range(GRID_BLANKS)]
    seeds: list[dict[str, Any]] = [{"partner": i} for i in ids for _ in range(BLANKS_PER_PARTNER[grid])]
    if grid == "budget.lines":  # a partner's costs go first to the one package it leads
        leads = Counter(wp.get("lead") for wp in references.mappings(data, ("work_packages",)))
        only = {
            wp["lead"]: wp.get("id")
            for wp in references.mappings(data, ("work_packages",))
            if leads[wp.get("lead")] == 1
        }
        for row in seeds:
            if isinstance(only.get(row["partner"]), str):
                row["wp"] = only[row["partner"]]
    if grid == "budget.funding":
        rows = references.mappings(data, ("budget", "funding"))
        public = Counter(str(r.get("source")) for r in rows if r.get("source") and not is_own_funds(str(r["source"])))
        usual = public.most_common(1)[0][0] if public else ""
        funded = {r.get("partner") for r in rows if str(r.get("source")) == usual}
        for start in seeds[:: BLANKS_PER_PARTNER[grid]]:
            if usual and start["partner"] not in funded:
                start["source"] = usual
    return seeds


def seeded(holder: list[Any], first: int, seeds: list[dict[str, Any]]) -> None:
    """The new rows a person typed in keep what their seed had chosen (a partner shown chosen
    and left so is not a change the form sends back)."""
    for row, start in zip(holder[first:], seeds, strict=False):
        missing = {k: v for k, v in start.items() if isinstance(row, dict) and k not in row}
        if missing:  # first, as the table's columns read
            typed = list(row.items())
            row.clear()
            row.update([*missing.items(), *typed])


def _refused(current: State, prefix: str, before: set[tuple[str, str]], lang: str) -> list[entry_page.Said]:
    """The problems the save would add inside `prefix`, in words."""
    found = []
    for problem in current.problems:
        path = entry_page.placed(problem)
        inside = path == prefix or path.startswith(prefix + ".") or not prefix
        if inside and (path, problem.message) not in before:
            found.append(entry_page.say(problem, current.data, lang))
    return found


def problems_in(current: State, prefix: str) -> set[tuple[str, str]]:
    return {(entry_page.placed(p), p.message) for p in current.problems}


def commit(
    path: Path,
    expected_hash: str,
    form: Mapping[str, Any],
    lang: str,
    prefix: str,
    change: Callable[[Any], None],
    refuse: bool = True,
) -> Outcome:
    """Read, change the round-trip data, check the text it would write, then write it or refuse."""
    before = entry_page.state(path)
    if before.hash != expected_hash:
        return Outcome(False, before, stale=True, typed=typed(form), differences=differences(before, form, lang))
    if before.unreadable:
        return Outcome(False, before, typed=typed(form))
    document = yamlfile.read(path, before.text)
    try:
        change(document.data)
    except formread.BadYaml as exc:
        return Outcome(False, before, errors={prefix: [str(exc)]}, summary=[(prefix, "", str(exc))], typed=typed(form))
    new_text = document.dump()
    after = entry_page.state(path, new_text)
    if after.unreadable:
        errors = {entry_page.placed(p) or prefix: [p.message] for p in after.problems}
        summary = [(k, "", m[0]) for k, m in errors.items()]
        return Outcome(False, before, errors=errors, summary=summary, typed=typed(form))
    refused = _refused(after, prefix, problems_in(before, prefix), lang) if refuse else []
    if refused:
        by_field: dict[str, list[str]] = {}
        for said in refused:
            by_field.setdefault(said.path, []).append(said.message)
        summary = [(s.path, s.where, s.message) for s in refused]
        return Outcome(False, before, errors=by_field, summary=summary, typed=typed(form))  # the file as it stays
    backup = yamlfile.save(path, new_text, expected_hash)
    yamlfile.forget(path)
    return Outcome(True, entry_page.state(path, new_text), backup=backup.name if backup else "")


def differences(current: State, form: Mapping[str, Any], lang: str) -> list[tuple[str, str, str]]:
    """What the person typed that the file (changed meanwhile) does not hold: the label, the typed
    value, the file's; only those, never every field of the form."""
    root = entry_page.tree(current.data, lang)
    shown = {n.name: n for n in root.leaves()}
    found = []
    for name, value in typed(form).items():
        node = shown.get(name)
        if node is not None and str(value).strip() != node.value.strip() and not node.name.endswith(".id"):
            found.append((node.label, str(value), node.value))
    return found[:12]


def _apply(root: Node, data: Any, form: Mapping[str, Any], prefix: PathKey) -> dict[PathKey, Any]:
    """The form's changes inside `prefix` applied to the round-trip data."""
    node = root.find(prefix) if prefix else root
    if node is None:
        return {}
    found, errors = formread.changes(node, form, round_trip=True)
    if errors:
        raise formread.BadYaml(next(iter(errors.values())))
    choices = {path[:-1]: found.pop(path) for path in list(found) if path and path[-1] == entry.HOW}
    formread.apply(data, found)
    chosen_groups(data, choices)
    return found


def chosen_groups(data: Any, choices: dict[PathKey, Any]) -> None:
    """A CHOSEN group as its choice says (entry.CHOSEN): the first choice takes the group out of
    the file (the partner follows the budget's flat rates), the last leaves it empty (`{}`: none),
    the middle keeps the fields typed (an empty group if none is)."""
    for path, how in choices.items():
        options = entry.CHOSEN.get(".".join(str(p) for p in path if not isinstance(p, int)))
        if options is None or how not in options:
            continue
        if how == options[0]:
            yamlfile.put(data, path, None)
        elif how == options[-1] or not isinstance(get(data, path), dict):
            yamlfile.put(data, path, CommentedMap())


def prune(element: Any, required: Callable[[PathKey], bool], path: PathKey = (), proposed: Any = None) -> None:
    """Optional groups left empty leave the file (a GAL without host body, no chair), and so do
    the empty rows a table's later row was typed after. `proposed`: the new element's seed; a
    title it proposed and the person left is no answer (a chair's title alone is no chair), while
    a choice it made stays made (an allocation left « au temps passé » still asks its hours)."""
    if not isinstance(element, dict):
        return
    for key in list(element):
        value = element[key]
        if isinstance(value, list) and None in value:
            value[:] = [v for v in value if v is not None]
        if isinstance(value, dict):
            seed = proposed.get(key) if isinstance(proposed, dict) else None
            prune(value, required, (*path, key), seed)
            left = [k for k, v in value.items() if k == "title" and isinstance(seed, dict) and seed.get(k) == v]
            if any(v not in ("", None, [], {}) for k, v in value.items() if k not in left):
                continue
            if not required((*path, key)):
                del element[key]
            for k in left:  # a required group: as if left empty (a GAL's chair: its host body's)
                del value[k]


def follow_name(data: Any, list_key: str, index: int, old_name: str) -> None:
    """An id that was made from the old name follows the new one; its citations follow it."""
    kind = entry.ID_KINDS.get(list_key)
    element = get(data, (*parse_path(list_key), index))
    if kind is None or not isinstance(element, dict):
        return
    from coopdocs.project.init import slug

    current = str(element.get("id") or "")
    name = str(element.get(entry.NAMED_BY[list_key]) or "")
    placeholder = re.fullmatch(r"(agent|partenaire|reunion)-[0-9]+", current) is not None
    if name and name != old_name and (current == slug(old_name, "") or placeholder):
        taken = references.ids(data, kind) - {current}
        new = references.new_id(name, taken, current or "x")
        if new != current:
            element["id"] = new
            references.rename(data, kind, current, new)


def project_id_follows(data: Any, old_title: str) -> None:
    """The project's id made from its old title (init's « mon-projet-de-cooperation ») follows
    the new one: the output folder is named after the project the person is setting up."""
    from coopdocs.project.init import slug

    project = get(data, ("project",))
    if not isinstance(project, dict):
        return
    title = wording.item_name(project)
    if title and title != old_title and project.get("id") == slug(old_title, "mon-projet"):
        project["id"] = slug(title, str(project["id"]))


def packages_follow_dates(data: Any, old: tuple[Any, Any]) -> None:
    """A work package (or a deliverable) dated on the project's old start or end moves with it:
    one that ran over the whole project still does (init's example first of all)."""
    new = (get(data, ("project", "start")), get(data, ("project", "end")))
    moved = {o: n for o, n in zip(old, new, strict=True) if _hashable(o) is not None and n is not None and o != n}
    packages = get(data, ("work_packages",))
    for package in packages if isinstance(packages, list) and moved else []:
        if not isinstance(package, dict):
            continue
        places = [(package, "start"), (package, "end")]
        deliverables = package.get("deliverables")
        places += [(d, "due") for d in deliverables if isinstance(d, dict)] if isinstance(deliverables, list) else []
        for holder, key in places:
            if _hashable(holder.get(key)) in moved:
                holder[key] = moved[holder[key]]


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | dt.date) else None


def renamed(data: Any, list_key: str, old_id: str, new_id: str) -> None:
    """An id changed by hand in the advanced options: every citation follows (when it is valid
    and free; otherwise the checks say so beside the field and nothing else changes)."""
    kind = entry.ID_KINDS.get(list_key)
    if kind is None or old_id == new_id or not re.fullmatch(SLUG, new_id):
        return
    if sum(1 for i in references.ids(data, kind) if i == new_id) == 1:
        references.rename(data, kind, old_id, new_id)


def ordered(element: Any, node: Node | None) -> None:
    """The element's keys in the model's order (a new element reads like the others)."""
    if not isinstance(element, CommentedMap) or node is None:
        return
    order = [c.path[-1] for c in node.children]
    keys = sorted(element, key=lambda k: order.index(k) if k in order else len(order))
    if keys != list(element):
        items = [(k, element[k]) for k in keys]
        for k in keys:
            del element[k]
        for k, v in items:
            element[k] = v
    for child in node.children:
        if child.kind == "group":
            ordered(element.get(child.path[-1]), child)


def to_round_trip(value: Any) -> Any:
    if isinstance(value, dict):
        return CommentedMap((k, to_round_trip(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(to_round_trip(v) for v in value)
    return value
