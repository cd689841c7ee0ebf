"""What each entry form does to the file: add an element (saved only when complete), save an
element, a group or a table, delete an element (after a confirmation) and take the deletion back."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from coopdocs.web import entry, references, wording, yamlfile
from coopdocs.web.entry_page import state
from coopdocs.web.entry_save import (
    Outcome,
    Undo,
    _apply,
    commit,
    follow_name,
    form_tree,
    grid_seeds,
    ordered,
    packages_follow_dates,
    project_id_follows,
    prune,
    renamed,
    seed,
    seeded,
    to_round_trip,
)
from coopdocs.web.formgen import Node
from coopdocs.web.yamlfile import PathKey, carry_trailing_comment, get, parse_path, put


def _holder(data: Any, list_path: PathKey) -> Any:
    holder = get(data, list_path)
    if not isinstance(holder, list):
        put(data, list_path, CommentedSeq())
        holder = get(data, list_path)
    return holder


def _required(root: Node, base: PathKey) -> Any:
    def required(relative: PathKey) -> bool:
        node = root.find((*base, *relative))
        return node is None or node.required or node.key in entry.CHOSEN  # `{}` says something there

    return required


def _at_end(
    path: Path, list_key: str, lang: str, seeds_of: Callable[[Any], list[dict[str, Any]]]
) -> tuple[PathKey, int, list[dict[str, Any]], Node]:
    """The list's path, the index its new elements start at, their seeds and the form showing them."""
    current = state(path)
    list_path = parse_path(list_key)
    items = get(current.data, list_path)
    index = len(items) if isinstance(items, list) else 0
    seeds = seeds_of(current.data)
    root, _ = form_tree(current.data, lang, (*list_path, index), seeds)
    return list_path, index, seeds, root


def add(path: Path, list_key: str, expected: str, form: Mapping[str, Any], lang: str) -> Outcome:
    """A new element from its small form: written only when it has no problem of its own."""
    list_path, index, (start,), root = _at_end(path, list_key, lang, lambda data: [seed(data, list_key)])

    def change(data: Any) -> None:
        holder = _holder(data, list_path)
        holder.append(to_round_trip(start))
        _apply(root, data, form, (*list_path, index))
        element = holder[index]
        kind = entry.ID_KINDS.get(list_key)
        if kind is not None:
            name = str(element.get(entry.NAMED_BY[list_key]) or "")
            taken = references.ids(data, kind)
            element["id"] = (
                references.next_code("wp", taken)  # a work package's code: wp1, wp2… (its time-sheet column)
                if list_key == "work_packages"
                else references.new_id(name, taken, wording.ITEM_NOUNS[list_key].replace("_", "-"))
            )
            if list_key == "partners":
                join_bodies_of_everyone(data, taken, element["id"])
        prune(element, _required(root, (*list_path, index)), proposed=start)
        ordered(element, root.find((*list_path, index)))
        if index > 0:
            carry_trailing_comment(holder[index - 1], element)

    outcome = commit(path, expected, form, lang, f"{list_key}.{index}", change)
    outcome.index = index
    return outcome


def join_bodies_of_everyone(data: Any, partners_before: set[str], new_partner: str) -> None:
    """A new partner sits on every body that had all the partners (the steering committee of a
    cooperation project, as a rule): nobody has to tick it in afterwards."""
    governance = data.get("governance") if isinstance(data, dict) else None
    for body in (governance.get("bodies") or []) if isinstance(governance, dict) else []:
        members = body.get("members") if isinstance(body, dict) else None
        if (
            isinstance(members, list)
            and members
            and all(isinstance(m, str) for m in members)
            and set(members) == set(partners_before)
        ):
            members.append(new_partner)


def save_element(path: Path, list_key: str, index: int, expected: str, form: Mapping[str, Any], lang: str) -> Outcome:
    """An element's changes; an id changed by hand or made from the name is changed everywhere."""
    current = state(path)
    element_path = (*parse_path(list_key), index)
    root, _ = form_tree(current.data, lang, element_path)
    before = get(current.data, element_path)
    old_id = str(before.get("id") or "") if isinstance(before, dict) else ""
    old_name = str(before.get(entry.NAMED_BY.get(list_key, "name")) or "") if isinstance(before, dict) else ""

    def change(data: Any) -> None:
        _apply(root, data, form, element_path)
        element = get(data, element_path)
        if not isinstance(element, dict):
            return
        new_id = str(element.get("id") or "")
        if old_id and new_id != old_id:
            renamed(data, list_key, old_id, new_id)
        else:
            follow_name(data, list_key, index, old_name)
        prune(element, _required(root, element_path))

    outcome = commit(path, expected, form, lang, f"{list_key}.{index}", change)
    outcome.index = index
    return outcome


def save_group(
    path: Path, group_key: str, expected: str, form: Mapping[str, Any], lang: str, id_follows_title: bool = False
) -> Outcome:
    """A group's changes (the project, the flat rates, the governance rules); `id_follows_title`:
    nothing is built yet, so the project's id (its output folder) may follow a new title."""
    current = state(path)
    root, _ = form_tree(current.data, lang, parse_path(group_key))

    def change(data: Any) -> None:
        old_title = wording.item_name(get(data, ("project",)))
        old_dates = (get(data, ("project", "start")), get(data, ("project", "end")))
        _apply(root, data, form, parse_path(group_key))
        if group_key == "project":
            packages_follow_dates(data, old_dates)
            if id_follows_title:
                project_id_follows(data, old_title)

    return commit(path, expected, form, lang, group_key, change)


def save_grid(path: Path, list_key: str, expected: str, form: Mapping[str, Any], lang: str) -> Outcome:
    """A table's rows and its last, empty row (a new one, written only when complete)."""
    list_path, index, seeds, root = _at_end(path, list_key, lang, lambda data: grid_seeds(data, list_key))

    def change(data: Any) -> None:
        holder = _holder(data, list_path)
        _apply(root, data, form, list_path)
        seeded(holder, index, seeds)
        holder[:] = [row for row in holder if row is not None]  # an empty row between two filled ones

    return commit(path, expected, form, lang, list_key, change)


def delete(path: Path, list_key: str, index: int, expected: str, lang: str) -> tuple[Outcome, Undo | None]:
    """The element leaves the file (confirmed on the page before); it can be taken back."""
    taken: list[Any] = []
    listed: list[tuple[PathKey, int]] = []
    current = state(path)
    element = get(current.data, (*parse_path(list_key), index))
    name = wording.item_name(element)
    kind = entry.ID_KINDS.get(list_key)
    ident = element.get("id") if isinstance(element, dict) else None

    def change(data: Any) -> None:
        holder = get(data, parse_path(list_key))
        if kind and isinstance(ident, str):  # a member, an attendee: it leaves with the element
            listed.extend(references.listed_in(data, kind, ident))
            for where, at in reversed(listed):
                del get(data, where)[at]
        if isinstance(holder, list) and 0 <= index < len(holder):
            taken.append(copy.deepcopy(holder[index]))
            if index == len(holder) - 1 and index > 0:
                carry_trailing_comment(holder[index], holder[index - 1])
            del holder[index]

    outcome = commit(path, expected, {}, lang, "", change, refuse=False)
    if not outcome.saved or not taken:
        return outcome, None
    return outcome, Undo(list_key, index, taken[0], outcome.state.hash, name, listed)


def undo(path: Path, taken: Undo, lang: str) -> Outcome:
    """The deleted element back at its place, if nothing was saved since."""

    def change(data: Any) -> None:
        holder = _holder(data, parse_path(taken.list_key))
        holder.insert(min(taken.index, len(holder)), taken.element)
        ident = taken.element.get("id") if isinstance(taken.element, dict) else None
        for where, at in taken.listed:  # back in the lists it was in, at its place
            entries = get(data, where)
            if isinstance(entries, list) and isinstance(ident, str):
                entries.insert(min(at, len(entries)), ident)

    return commit(path, taken.hash_after, {}, lang, "", change, refuse=False)


def citations(path: Path, list_key: str, index: int, lang: str) -> list[str]:
    """Where the element is cited, in words (« Employeur », « Partenaire » ×3), before a deletion."""
    current = state(path)
    element = get(current.data, (*parse_path(list_key), index))
    kind = entry.ID_KINDS.get(list_key)
    if kind is None or not isinstance(element, dict) or not element.get("id"):
        return []
    keys = references.cited_in(current.data, kind, str(element["id"]))
    counted = {k: keys.count(k) for k in dict.fromkeys(keys)}
    return [wording.field_label(k, lang) + (f" ×{n}" if n > 1 else "") for k, n in counted.items()]


def cited_by_name(data: Any, kind: str, ident: str) -> int:
    return len(references.citations(data, kind, ident))


__all__ = ["add", "citations", "delete", "save_element", "save_grid", "save_group", "undo", "yamlfile"]
