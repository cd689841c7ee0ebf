"""The posted project form back into the file's data: each input whose text differs from what
the page showed becomes the value the file should hold; the rest of the file is not touched.
Lists of groups take an action (add, remove, move up or down) with the same save."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from coopdocs.web.formgen import EN, Node, skeleton
from coopdocs.web.yamlfile import PathKey, get, parse_path, put

NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
MAX_FIELD = 10_000  # characters in one field (the file's own limit for one value)
MAX_AREA = 100_000  # characters in a list (one item a line) or a YAML area, which hold several values
AREAS = ("lines", "yaml", "lines_i18n", "refs")
SPACES = (" ", "\u00a0", "\u202f", "\u2009")


def too_long(node: Node, text: str) -> str | None:
    """The message for a field longer than its bound, or None."""
    bound = MAX_AREA if node.kind in AREAS else MAX_FIELD
    if len(text) <= bound:
        return None
    return f"texte trop long ({len(text)} caractères, {bound:_} au plus) : rien n'a été enregistré".replace(
        "_", "\u202f"
    )


def _text(posted: str) -> str:
    return posted.replace("\r\n", "\n").replace("\r", "\n")


def number(text: str, unit: str = "") -> int | float | str:
    """« 3,5 » → 3.5, « 1 720 » → 1720, « 45 000 € » → 45000 (`unit`: the sign people may type
    after it); anything else stays text (the checks then name it)."""
    compact = text
    for space in SPACES:
        compact = compact.replace(space, "")
    if unit:
        compact = compact.removesuffix(unit)
    if not NUMBER.fullmatch(compact) or len(compact) > 30:
        return text
    compact = compact.replace(",", ".")
    return float(compact) if "." in compact else int(compact)


def share(text: str) -> float | str:
    """« 80 % », « 80 », « 12,5 » → 0.8, 0.125: a percentage typed, the file's decimal part."""
    value = number(text, "%")
    if isinstance(value, str):
        return text
    return round(value / 100, 6)


def lines_by_language(text: str, text_en: str) -> list[Any]:
    """One text a line; with English lines, each French line and the English one beside it."""
    french = [line.strip() for line in text.split("\n") if line.strip()]
    english = [line.strip() for line in text_en.split("\n") if line.strip()]
    if not english:
        return french
    if len(english) != len(french):
        raise BadYaml(f"{len(french)} ligne(s) en français et {len(english)} en anglais : une traduction par ligne")
    return [{"fr": fr, "en": en} for fr, en in zip(french, english)]


def convert(node: Node, text: str, text_en: str, round_trip: bool) -> Any:
    """The value a leaf's text stands for; None removes an optional key."""
    if node.kind in ("lines", "refs", "lines_i18n"):
        return lines_by_language(text, text_en if node.kind == "lines_i18n" else "")
    if node.kind == "i18n":
        if text_en.strip():
            return {"fr": text, "en": text_en}
        return text if text or node.required else None
    if node.kind == "yaml":
        return _yaml(text)
    if text.strip() == "":
        return "" if node.required and node.kind in ("text", "textarea") else None
    if node.kind == "number":
        return number(text.strip())
    if node.kind == "money":
        return number(text.strip(), "€")
    if node.kind == "percent":
        return share(text.strip())
    if node.kind == "bool":
        return {"true": True, "false": False}.get(text, text)
    if node.kind == "date" and round_trip:
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            return text
    return text


class BadYaml(ValueError):
    pass


def _yaml(text: str) -> Any:
    """The value a YAML area holds: plain YAML only. An anchor or alias (`&a [*a]`, which a
    file may not hold) or a tag (`!!python/…`, `!!binary`) is refused before anything is built."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from coopdocs.project.source import explain

    if not text.strip():
        return None
    try:
        for event in YAML(typ="safe").parse(text):
            if getattr(event, "anchor", None) is not None:
                raise BadYaml("ancre ou alias YAML (&nom, *nom) refusé ici : écrivez chaque valeur en entier")
            if getattr(event, "tag", None) is not None:
                raise BadYaml(f"étiquette YAML « {event.tag} » refusée ici : écrivez la valeur sans « ! »")
        return YAML(typ="safe").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        lines = text.splitlines()
        line = lines[mark.line] if mark and mark.line < len(lines) else ""
        where = f" (ligne {mark.line + 1}, colonne {mark.column + 1})" if mark else ""
        raise BadYaml(explain(str(exc.problem or exc.context or ""), line) + where) from None
    except YAMLError:
        raise BadYaml("syntaxe YAML invalide") from None


def changes(root: Node, form: Mapping[str, Any], round_trip: bool) -> tuple[dict[PathKey, Any], dict[str, str]]:
    """path → new value of every input the person changed; and the YAML areas that do not parse."""
    found: dict[PathKey, Any] = {}
    errors: dict[str, str] = {}
    values = {n.name: n.value for n in root.leaves()}
    for node in root.leaves():
        if node.when is not None and str(form.get(node.when[0], values.get(node.when[0], ""))) not in node.when[1]:
            if node.value or node.value_en:  # the other mode's field leaves the file with it
                found[node.path] = None
            continue
        if node.name not in form:
            continue
        # a page that shows no English input for this text (a cell of a table) keeps the English one
        text, text_en = _text(str(form[node.name])), _text(str(form.get(node.name + EN, node.value_en)))
        if text == node.value and text_en == node.value_en and not node.placeholder:
            continue  # unchanged (an example shown as a hint is saved as the page showed it: empty)
        long = too_long(node, text) or too_long(node, text_en)
        if long:
            errors[node.name] = long
            continue
        try:
            found[node.path] = convert(node, text, text_en, round_trip)
        except BadYaml as exc:
            errors[node.name] = str(exc) if node.kind == "lines_i18n" else f"YAML invalide : {exc}"
    return found, errors


def apply(data: Any, found: dict[PathKey, Any]) -> None:
    for path, value in found.items():
        old = get(data, path)
        if isinstance(old, CommentedSeq) and isinstance(value, list):
            old[:] = value  # keeps the list's style (`[a, b]` stays on one line) and its comments
        else:
            put(data, path, value)


def act(root: Node, data: Any, action: str) -> bool:
    """`add:partners`, `remove:partners.2`, `up:partners.2`, `down:partners.2` on the data."""
    verb, _, target = action.partition(":")
    path = parse_path(target) if target else ()
    if verb == "add":
        node = root.find(path)
        if node is None or node.kind != "list":
            return False
        items = get(data, path)
        if not isinstance(items, list):
            put(data, path, CommentedSeq())
            items = get(data, path)
        items.append(skeleton(node.item_type))
        return True
    items, index = get(data, path[:-1]), path[-1] if path else None
    if not isinstance(items, list) or not isinstance(index, int) or not 0 <= index < len(items):
        return False
    if verb == "remove":
        del items[index]
    elif verb in ("up", "down"):
        other = index - 1 if verb == "up" else index + 1
        if not 0 <= other < len(items):
            return False
        items[index], items[other] = items[other], items[index]
    else:
        return False
    return True
