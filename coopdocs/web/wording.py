"""The person's words on the entry pages: each field's label and help, each value of a list in
words, where a problem is (« 2e agent, Sophie Blanc — Part fixe de son temps ») and the
problem itself without keys, ids, YAML or ISO dates. Everything comes from the catalogue
(groups `field`, `field_help`, `choice`, `entry`); the checks' messages are rewritten here, at
the edge, never in the core."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from coopdocs.errors import Problem
from coopdocs.formats import long_date, ordinal
from coopdocs.messages import Phrase, say
from coopdocs.words import words

# A few values that have their own group in the catalogue already.
VALUE_GROUPS = {"partners.type": "type", "budget.lines.category": "category"}
ITEM_NOUNS = {
    "partners": "partner",
    "agents": "agent",
    "work_packages": "work_package",
    "budget.lines": "line",
    "budget.funding": "funding",
    "governance.bodies": "body",
    "meetings": "meeting",
    "milestones": "milestone",
    "logbook": "log_entry",
    "revenue": "revenue_item",
    "work_packages.deliverables": "deliverable",
    "meetings.actions": "action",
    "agents.allocation.changes": "amendment",
    "budget.lines.achieved": "achieved_item",
    "indicators": "indicator",
    "indicators.values": "measure",
}
ISO_DATE = re.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b")
TICKED = re.compile(r"`([^`]*)`")
KEY_IN_BRACKETS = re.compile(r" ?\(([a-z_]+(?:\.[a-z_]+)*)(?:[:,][^)]*)?\)")


def generic(path: tuple[str | int, ...] | str) -> str:
    """`agents.1.allocation.share` → `agents.allocation.share` (the key in the model)."""
    parts = path.split(".") if isinstance(path, str) else [str(p) for p in path]
    return ".".join(p for p in parts if not p.isdigit())


def field_label(key: str, lang: str) -> str:
    """The field's label: its own, else its name's (`name`, `title`), else its parent's words."""
    found = words("field", lang)
    last = key.rsplit(".", 1)[-1]
    return found.get(key) or found.get(last) or found.get(key.rsplit(".", 1)[0], last.replace("_", " "))


def field_help(key: str, lang: str) -> str:
    return words("field_help", lang).get(key, "")


def choice_label(key: str, value: str, lang: str) -> str:
    """A value of a list in words (`hourly` → « Temps passé (feuilles de temps mensuelles) »)."""
    if key in VALUE_GROUPS:
        return words(VALUE_GROUPS[key], lang).get(value, value)
    last = key.rsplit(".", 1)[-1]
    if value == "":
        return words("choice", lang).get(f"{last}.none", value)
    return words("choice", lang).get(f"{last}.{value}", value)


FEMININE = {
    "agent",
    "line",
    "funding",
    "body",
    "meeting",
    "log_entry",
    "revenue_item",
    "action",
    "achieved_item",
    "measure",
}


def item_name(element: Any) -> str:
    """What a person calls an element of a list: its name, title, what, source or date."""
    if not isinstance(element, dict):
        return ""
    if element.get("body") and element.get("date") and not element.get("name"):  # a meeting: its body and day
        body = element["body"].get("fr", "") if isinstance(element["body"], dict) else str(element["body"])
        return f"{body.strip()[:60]}, {date_text(element['date'], 'fr')}"
    for key in ("name", "title", "what", "label", "source", "body"):
        value = element.get(key)
        if isinstance(value, dict):
            value = value.get("fr") or next(iter(value.values()), "")
        if isinstance(value, str) and value.strip():
            return value.strip()[:80]
    return ""


def where(path: str, data: Any, lang: str) -> str:
    """« 2e agent, Sophie Blanc — Part fixe de son temps »: a problem's place in words."""
    parts = [int(p) if p.isdigit() else p for p in path.split(".")] if path else []
    said: list[str] = []
    node: Any = data
    keys: list[str] = []
    for position, part in enumerate(parts):
        if isinstance(part, int):
            noun = ITEM_NOUNS.get(".".join(keys))
            element = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if noun and position < len(parts):
                name = item_name(element)
                text = words("entry", lang)[f"noun_{noun}"]
                said.append(f"{ordinal(part + 1, lang, noun in FEMININE)} {text}" + (f", {name}" if name else ""))
            node = element
            continue
        keys.append(part)
        node = node.get(part) if isinstance(node, dict) else None
    key = ".".join(keys)
    if key and (not said or key not in ITEM_NOUNS):
        said.append(field_label(key, lang))
        last = parts[-1]
        if isinstance(last, int) and key not in ITEM_NOUNS:  # a line of a list of texts: which one
            said[-1] += f", {ordinal(last + 1, lang, True)} {words('entry', lang)['noun_text_line']}"
    return " — ".join(said)


def names_by_id(data: Any) -> dict[str, str]:
    """Every id of the file and the name a person knows it by."""
    found: dict[str, str] = {}
    if not isinstance(data, dict):
        return found
    for key in ("partners", "agents", "work_packages", "meetings"):
        items = data.get(key)
        for element in items if isinstance(items, list) else []:
            if isinstance(element, dict) and isinstance(element.get("id"), str):
                name = item_name(element)
                if key == "partners" and isinstance(element.get("short_name"), str) and element["short_name"]:
                    name = element["short_name"]
                found.setdefault(element["id"], name or element["id"])
    return found


PLAIN = {
    "missing": "to_fill",
    "string_too_short": "to_fill",
    "union_tag_not_found": "to_choose",
}  # problems said plainly at their field
UNKNOWN_CHOICES = ("unknown-partner", "unknown-work-package", "unknown-body")
IN_FILE_SYNTAX = "({fr: …, en: …})"  # how a text per language is written in the file


def humane(problem: Problem, data: Any, lang: str) -> str:
    """A check's message in the person's words and language: no « avertissement : », no key,
    no file syntax, no id, no ISO date."""
    said = words("entry", lang)
    key = problem.key
    if key in PLAIN:
        return said[PLAIN[key]]
    if problem.args.get("input") == "" and key != "warning":  # an empty field: « date invalide « » » says nothing
        return said["to_choose" if key == "pattern-slug" else "to_fill"]
    if key in UNKNOWN_CHOICES:
        return said["unknown_choice"]
    names = names_by_id(data)
    inner = problem.args.get("text") if key == "warning" else None
    if isinstance(inner, Phrase):
        text = say("problem", inner.key, _named_args(inner.args, names), lang)
    elif problem.key in words("problem", lang) and problem.args:
        text = say("problem", problem.key, _named_args(problem.args, names), lang)
    else:
        text = problem.said(lang)
    text = text.removeprefix("avertissement : ")  # a warning made without the catalogue
    text = text.replace(IN_FILE_SYNTAX, said["also_in_english"])
    text = KEY_IN_BRACKETS.sub(lambda m: "" if _is_key(m.group(1)) else m.group(0), text)
    text = TICKED.sub(lambda m: _named(m.group(1), names, lang), text)
    text = ISO_DATE.sub(lambda m: _date(m.group(0), lang), text)
    for ident, name in sorted(names.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", name, text)
    return text


def _named_args(args: Any, names: dict[str, str]) -> dict[str, Any]:
    """An id given as an argument replaced by its name before the sentence is made: its elision
    follows the name (« de Croqueurs de pommes », never « d'Croqueurs » after « association-… »)."""
    return {k: names.get(v, v) if isinstance(v, str) else v for k, v in args.items()}


def _is_key(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z]+(?:_[a-z]+)*(?:\.[a-z_]+)*", text)) and (
        "_" in text or "." in text or text in KNOWN_KEYS
    )


KNOWN_KEYS = {"start", "end", "rate", "amount", "wp", "share", "mode", "name", "title", "partner", "id", "lead"}


def _named(inner: str, names: dict[str, str], lang: str) -> str:
    if inner in names:
        return names[inner]
    if _is_key(inner) or inner.replace("_", "").isalpha():
        label = words("field", lang).get(inner.split(":")[0].strip())
        if label:
            return f"« {label} »" if lang == "fr" else f"“{label}”"
    return f"« {inner} »" if lang == "fr" else f"“{inner}”"


def _date(text: str, lang: str) -> str:
    try:
        return long_date(dt.date.fromisoformat(text), lang)
    except ValueError:
        return text


def percent_text(share: float, lang: str) -> str:
    from coopdocs.formats import percent

    return percent(float(share), lang)


def number_text(value: float, lang: str) -> str:
    from coopdocs.formats import number

    return number(value, lang)


def dates_text(start: Any, end: Any, lang: str) -> str:
    """« 1er mars 2027 → 31 mars 2029 »."""
    if start and end:
        return f"{date_text(start, lang)} → {date_text(end, lang)}"
    return ""


def date_text(day: Any, lang: str) -> str:
    """A date of the file in the page's words (« 29 juin 2027 »); a text as it is."""
    if isinstance(day, dt.date):
        return long_date(day, lang)
    if isinstance(day, str) and ISO_DATE.fullmatch(day):
        return _date(day, lang)
    return str(day or "")
