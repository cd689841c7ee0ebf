"""The project page's work, without HTTP: the form of the file with its problems, the check of a
form as the person types, and the save (round trip, stale refusal, backup, atomic write)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coopdocs.errors import Problem, ProjectError
from coopdocs.project.model import ProjectFile
from coopdocs.web import formgen, formread, yamlfile, yamlpatch
from coopdocs.web.entry_page import Said, said_all
from coopdocs.web.formgen import Node
from coopdocs.web.yamlfile import PathKey


@dataclass
class View:
    """What the page shows: the form, the file's hash, its problems and warnings by field."""

    hash: str
    form: Node | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    saved: bool = False
    stale: bool = False
    backup: str = ""
    unsaved: dict[str, str] = field(default_factory=dict)  # a refused save: what the person typed
    data: Any = None  # the file's data, for the names its messages say instead of ids
    pending: str = ""  # the rows « Ajouter » added to the form, written with the next save (`add:…` each)

    def said(self, lang: str) -> list[Said]:
        return said_all(self.problems, self.warnings, self.data, lang)


def _loaded(path: Path, text: str) -> Any:
    from coopdocs.project.source import load_yaml

    return load_yaml(path, text)


def view(path: Path, text: str | None = None, loaded: Any = None, lang: str = "fr") -> View:
    """The form of the file as it is on disk, with every problem `coopdocs validate` reports
    (`loaded`: the text already read as data, when the caller has it)."""
    from coopdocs.project import validate_loaded
    from coopdocs.project.source import read_text

    text = read_text(path) if text is None else text
    try:
        loaded, form = form_of(path, text, lang, loaded)  # the form before the checks, which may read the data
    except ProjectError as exc:  # a syntax error: no form (saving it would lose the file), only the message
        return View(yamlfile.digest(text), None, exc.problems)
    result = View(yamlfile.digest(text), form, data=copy.deepcopy(loaded.data))
    try:
        validate_loaded(loaded, result.warnings)
    except ProjectError as exc:
        result.problems = exc.problems
    return result


_FORMS: dict[tuple[str, str], Node] = {}  # (the text's hash, the language) → its form: the file as it is now


def form_of(path: Path, text: str, lang: str, loaded: Any = None, need: bool = True) -> tuple[Any, Node]:
    """The text read as data (`loaded` when given; None when not `need`ed and its form is kept)
    and its dressed form, made once per content of the file and language: the page, its live
    checks and its save read the same form (60 ms on a large project). Nobody changes a form
    once made. ProjectError when the text cannot be read."""
    key = (yamlfile.digest(text), lang)
    form = _FORMS.get(key)
    if loaded is None and (need or form is None):
        loaded = _loaded(path, text)
    if form is None:
        form = dressed(loaded.data, lang)
        _FORMS.clear()  # one file, one text at a time: the previous one is no longer on disk
        _FORMS[key] = form
    return loaded, form


def dressed(data: Any, lang: str) -> Node:
    """The whole-file form in the entry pages' words: labels, helps and values from the
    catalogue, references chosen by name, each element titled by its name (no key, no id)."""
    from coopdocs.web import entry, wording

    form = entry.dress(formgen.build(ProjectFile, data), data, lang)
    names = wording.names_by_id(data)
    for node in form.nodes():
        for child in node.children if node.kind == "list" else []:
            element = yamlfile.get(data, child.path)
            child.title = wording.item_name(element) or _partner_row(element, names, lang) or child.label
    return form


def _partner_row(element: Any, names: dict[str, str], lang: str) -> str:
    """« GAL Pays des Étangs — Frais de personnel »: a budget or financing row without a label."""
    from coopdocs.web import wording

    if not isinstance(element, dict) or not isinstance(element.get("partner"), str):
        return ""
    category = element.get("category")
    said = wording.choice_label("budget.lines.category", category, lang) if isinstance(category, str) else ""
    return " — ".join(w for w in (names.get(element["partner"], element["partner"]), said) if w)


def _form_read(
    path: Path, text: str, expected_hash: str, form: Mapping[str, Any], round_trip: bool, lang: str
) -> View | tuple[Any, Node, dict[PathKey, Any], dict[str, str]]:
    """The file read, its form built and the form's values read against it: (the loaded file, the
    form, the changes, the values refused), or the View that says why the file cannot be read.
    A save (`round_trip`) needs only the form: the file is not read again when its form is kept."""
    try:
        loaded, tree = form_of(path, text, lang, need=not round_trip)
    except ProjectError as exc:
        return View(expected_hash, None, exc.problems)
    found, errors = formread.changes(tree, form, round_trip=round_trip)
    return loaded, tree, found, errors


def live_check(path: Path, expected_hash: str, form: Mapping[str, Any], lang: str = "fr") -> View:
    """The problems the file would have with the form's values (nothing is written)."""
    from coopdocs.project import validate_loaded
    from coopdocs.project.source import read_text

    text = read_text(path)
    if yamlfile.digest(text) != expected_hash:
        return View(expected_hash, None, stale=True)
    read = _form_read(path, text, expected_hash, form, round_trip=False, lang=lang)
    if isinstance(read, View):
        return read
    loaded, tree, found, errors = read
    loaded.data = copy.deepcopy(loaded.data)
    formread.apply(loaded.data, found)
    result = View(expected_hash, tree, data=loaded.data)  # a copy already
    try:
        validate_loaded(loaded, result.warnings)
    except ProjectError as exc:
        result.problems = exc.problems
    result.problems += [Problem(str(path), 1, 1, key, message) for key, message in errors.items()]
    return result


def save(path: Path, expected_hash: str, form: Mapping[str, Any], action: str = "", lang: str = "fr") -> View:
    """Write the form's changes into the file (refused if it changed on disk since the page
    was loaded: then nothing is written and what the person typed is given back)."""
    from coopdocs.project.source import read_text

    text = read_text(path)
    if yamlfile.digest(text) != expected_hash:
        current = view(path, lang=lang)
        current.stale = True
        current.unsaved = _differences(current.form, form)
        return current
    on_disk, pending = text, [a for a in str(form.get("pending", "")).split() if a.startswith("add:")]
    text = with_rows(path, text, pending, lang)
    read = _form_read(path, text, expected_hash, form, round_trip=True, lang=lang)
    if isinstance(read, View):
        return read
    _, tree, found, errors = read
    if errors:
        current = view(path, lang=lang)
        current.problems += [Problem(str(path), 1, 1, key, message) for key, message in errors.items()]
        current.unsaved = _differences(current.form, form)
        return current
    document = yamlfile.read(path, text)
    formread.apply(document.data, found)
    if action:
        formread.act(tree, document.data, action)
    if action.startswith("add:"):  # a row to fill: shown, with what was typed, and written by « Enregistrer »
        return added(path, on_disk, document.dump(), " ".join([*pending, action]), lang)
    new_text, only_scalars = text, None
    if found or action or pending:  # a few scalars are rewritten where they stand; anything else, the whole file
        only_scalars = None if action or pending else yamlpatch.patched(text, document.data, found, document.data)
        new_text = only_scalars or document.dump()
    readable = _readable(path, new_text, tree)
    if isinstance(readable, list):  # the form could not show the file any more: nothing written
        current = view(path, text, lang=lang)
        current.problems += readable
        current.unsaved = _differences(current.form, form)
        return current
    backup = yamlfile.save(path, new_text, expected_hash)
    if only_scalars is not None or new_text == text:
        yamlfile.remember(document, new_text)  # its places in the text still hold: the next save can patch
    else:
        yamlfile.forget(path)
    result = view(path, new_text, readable, lang)
    result.saved, result.backup = True, str(backup.name) if backup else ""
    return result


def with_rows(path: Path, text: str, pending: list[str], lang: str) -> str:
    """The file's text with the rows « Ajouter » added since the page was loaded (empty, in the
    form only until a save writes them with what was typed in them)."""
    if not pending:
        return text
    try:
        _, tree = form_of(path, text, lang, need=False)
    except ProjectError:
        return text
    document = yamlfile.read(path, text)
    for action in pending:
        formread.act(tree, document.data, action)
    return document.dump()


def added(path: Path, on_disk: str, shown: str, pending: str, lang: str) -> View:
    """The page with its new row, nothing written: the hash stays the file's on disk."""
    result = view(path, shown, lang=lang)
    result.hash, result.pending = yamlfile.digest(on_disk), pending
    return result


def _readable(path: Path, text: str, tree: Node) -> Any:
    """The text read as data, or the problems that would leave the page without a form (a value
    the file may not hold: too long, a control character, an alias, a tag), each placed beside
    the field it comes from."""
    try:
        return _loaded(path, text)
    except ProjectError as exc:
        names = {node.name for node in tree.leaves()}
        return [replace(problem, path=_nearest(problem.path, names)) for problem in exc.problems]


def _nearest(dotted: str, names: set[str]) -> str:
    """The field a problem's key belongs to: the key itself, or its nearest parent that is a field."""
    parts = dotted.split(".")
    while parts and ".".join(parts) not in names:
        parts.pop()
    return ".".join(parts) or dotted


def _differences(tree: Node | None, form: Mapping[str, Any]) -> dict[str, str]:
    """What the person typed that the file (changed meanwhile) does not hold, by field label:
    the differences that matter, never every field of the form."""
    typed = _typed(form)
    if tree is None:
        return typed
    shown = {n.name: n for n in tree.leaves()}
    found = {}
    for name, value in typed.items():
        node = shown.get(name.removesuffix(formgen.EN))
        current = (node.value_en if name.endswith(formgen.EN) else node.value) if node else None
        if node is not None and value.strip() != (current or "").strip():
            found[node.label + (" (en)" if name.endswith(formgen.EN) else "")] = value
    return found


def _typed(form: Mapping[str, Any]) -> dict[str, str]:
    return {
        k: str(v) for k, v in form.items() if k not in ("csrf", "file_hash", "action", "pending") and str(v).strip()
    }
