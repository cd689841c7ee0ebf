"""The entry pages' work without HTTP: what a page shows (cards, forms, the budget table, the
problems in words, each a link to its field) from the file as it is. The saves are entry_save."""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from coopdocs.errors import Problem, ProjectError
from coopdocs.project.model import ProjectFile
from coopdocs.web import entry, formgen, wording, yamlfile
from coopdocs.web.formgen import Node
from coopdocs.web.yamlfile import parse_path

MISSING = re.compile(r"clé obligatoire `([^`]+)` manquante")


@dataclass
class Said:
    """A problem or a warning in the person's words, with the address of its field."""

    path: str
    where: str
    message: str
    href: str
    warning: bool = False


@dataclass
class State:
    """The file as the pages show it: its text, hash, plain data, problems and warnings."""

    path: Path
    text: str
    hash: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unreadable: bool = False
    project: ProjectFile | None = None  # the validated project, when the file is valid
    words: dict[str, list[Said]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def said(self, lang: str) -> list[Said]:
        """The problems then the warnings in words, said once per state and language (a page
        asks for them in its summary, beside each field and on its cards)."""
        if lang not in self.words:
            self.words[lang] = said_all(self.problems, self.warnings, self.data, lang)
        return list(self.words[lang])

    def by_field(self, lang: str) -> dict[str, list[str]]:
        """The errors at their field (a field with one is marked invalid)."""
        return at_fields(self.said(lang)[: len(self.problems)])

    def warned_by_field(self, lang: str) -> dict[str, list[str]]:
        """The warnings at their field: said apart from the errors, never blocking."""
        return at_fields(self.said(lang)[len(self.problems) :])


def said_all(problems: list[Problem], warnings: list[Problem], data: Any, lang: str) -> list[Said]:
    """The problems, then the warnings, in the person's words (where in words, names, no key)."""
    return [say(p, data, lang) for p in problems] + [say(w, data, lang, warning=True) for w in warnings]


def at_fields(said: list[Said]) -> dict[str, list[str]]:
    """The messages by the field they belong to."""
    found: dict[str, list[str]] = {}
    for item in said:
        found.setdefault(item.path, []).append(item.message)
    return found


def state(path: Path, text: str | None = None) -> State:
    """The file read and checked as `coopdocs validate` checks it."""
    from coopdocs.project import validate_loaded
    from coopdocs.project.source import load_yaml, read_text

    text = read_text(path) if text is None else text
    result = State(path, text, yamlfile.digest(text))
    try:
        loaded = load_yaml(path, text)
    except ProjectError as exc:
        result.problems, result.unreadable = exc.problems, True
        return result
    result.data = copy.deepcopy(loaded.data)
    try:
        result.project = validate_loaded(loaded, result.warnings)
    except ProjectError as exc:
        result.problems = exc.problems
    return result


def placed(problem: Problem) -> str:
    """The field a problem belongs to: a missing key's own field, not its group."""
    match = MISSING.fullmatch(problem.message)
    if match:
        return f"{problem.path}.{match.group(1)}" if problem.path else match.group(1)
    return problem.path


def say(problem: Problem, data: Any, lang: str, warning: bool = False) -> Said:
    path = placed(problem)
    return Said(path, wording.where(path, data, lang), wording.humane(problem, data, lang), href(path), warning)


def href(path: str) -> str:
    """The page and field of a key: an element's own page, or the section that shows it."""
    parts = [int(p) if p.isdigit() else p for p in path.split(".")] if path else []
    keys: list[str] = []
    for position, part in enumerate(parts):
        if isinstance(part, int):
            list_key = ".".join(keys)
            if list_key in entry.ESSENTIAL and list_key not in entry.GRID_COLUMNS:
                return f"/projet/element/{list_key}/{part + 1}#f-{path}"
            if list_key in entry.GRID_COLUMNS:
                return f"/projet/{entry.section_of(list_key).slug}".rstrip("/") + f"#f-{path}"
            break
        keys.append(part)
        if ".".join(keys) in {g for s in entry.SECTIONS for g in s.groups} and position == len(parts) - 1:
            break
    top = ".".join(str(p) for p in parts[:2] if not isinstance(p, int))
    for section in entry.SECTIONS:
        if any(top == g or top.startswith(g + ".") or g.startswith(top) for g in section.groups) and top:
            return f"/projet/{section.slug}".rstrip("/") + f"#f-{path}"
    return f"/projet/tout#f-{path}"


def tree(data: Any, lang: str) -> Node:
    return entry.dress(formgen.build(ProjectFile, data if isinstance(data, dict) else {}, hints=True), data, lang)


@dataclass
class Card:
    index: int  # 1-based, as the address and the person count
    title: str
    figures: list[str]
    problems: int
    href: str


def cards(current: State, list_key: str, lang: str) -> list[Card]:
    items = yamlfile.get(current.data, parse_path(list_key)) if current.data else None
    by_field = current.by_field(lang)
    found = []
    for i, element in enumerate(items if isinstance(items, list) else []):
        prefix = f"{list_key}.{i}"
        count = sum(len(v) for k, v in by_field.items() if k == prefix or k.startswith(prefix + "."))
        feminine = wording.ITEM_NOUNS[list_key] in wording.FEMININE
        title = wording.item_name(element) or f"{wording.ordinal(i + 1, lang, feminine)} {noun(list_key, lang)}"
        figures = entry.summary(list_key, element, current.data, lang)
        if list_key == "agents" and current.project is not None and i < len(current.project.agents):
            figures += sheet_columns(current.project, i, lang)
        found.append(Card(i + 1, title, figures, count, f"/projet/element/{list_key}/{i + 1}"))
    return found


def only_the_example(data: Any, list_key: str) -> bool:
    """The list still holds just the example `coopdocs init` wrote, untouched: its page opens
    that example's form, the first thing the person has to replace."""
    items = yamlfile.get(data, parse_path(list_key)) if isinstance(data, dict) else None
    example = _init_examples().get(list_key)
    return isinstance(items, list) and len(items) == 1 and example is not None and _own(items[0]) == example


FOLLOWING = {"partner", "lead", "start", "end", "due"}  # what follows the rest of the file (references, dates)


def _own(value: Any) -> Any:
    """An element's own words, without what follows the rest of the file."""
    if isinstance(value, dict):
        return {k: _own(v) for k, v in value.items() if k not in FOLLOWING}
    if isinstance(value, list):
        return [_own(v) for v in value]
    return value


@cache
def _init_examples() -> dict[str, Any]:
    from coopdocs.project.init import FILE_NAME, Answers, render
    from coopdocs.project.source import load_yaml

    data = load_yaml(Path(FILE_NAME), render(Answers(), dt.date.today())).data
    return {key: _own(data[key][0]) for key in ("partners", "agents", "work_packages")}


def sheet_columns(project: ProjectFile, index: int, lang: str) -> list[str]:
    """« lots de ses feuilles : Coordination, Inventaire » for an agent who keeps time sheets:
    its sheets' columns, which follow its employer's budget lines and led packages."""
    from coopdocs.project.model import in_language
    from coopdocs.project.staff import agent_work_packages, keeps_timesheets

    agent = project.agents[index]
    if not keeps_timesheets(project, agent):
        return []
    mine = agent_work_packages(project, agent)
    names = [str(in_language(wp.title, lang)) for wp in project.work_packages if wp.id in mine]
    return [wording.words("entry", lang)["sheet_columns"].format(names=", ".join(names))]


def noun(list_key: str, lang: str) -> str:
    return wording.words("entry", lang)["noun_" + wording.ITEM_NOUNS[list_key]]


def first(list_key: str, lang: str) -> str:
    """« premier » or « première » as the noun asks (« votre première personne »)."""
    feminine = wording.ITEM_NOUNS[list_key] in wording.FEMININE
    return wording.words("entry", lang)["first_feminine" if feminine else "first"]


def section_counts(current: State, lang: str) -> dict[str, int]:
    """Problems on each page (shown in the sub-navigation)."""
    counts = {s.slug: 0 for s in entry.SECTIONS}
    counts["tout"] = 0
    for item in current.said(lang):
        if item.warning:
            continue
        slug = item.href.split("#")[0].removeprefix("/projet").strip("/")
        if slug.startswith("element/"):
            slug = entry.section_of(slug.split("/")[1]).slug
        counts[slug if slug in counts else "tout"] += 1
    return counts


def element_node(root: Node, list_key: str, index: int) -> Node | None:
    return root.find((*parse_path(list_key), index))


def split(node: Node, list_key: str) -> tuple[list[Node], list[Node]]:
    """An element's (or a group's) fields: those that matter first, then the advanced ones. A
    group with some of each is shown twice, each time with its own part (under its own title)."""
    essential, advanced = [], []
    for child in node.children:
        relative = _relative(child, list_key)
        if child.path[-1] == "id":
            advanced.append(child)
        elif child.kind == "group" and not entry.is_essential(list_key, relative):
            inner_essential, inner_advanced = split(child, list_key) if _mixed(child, list_key) else ([], [])
            if inner_essential:
                essential.append(replace(child, children=inner_essential))
                if inner_advanced:
                    advanced.append(replace(child, children=inner_advanced, second=True))
            else:
                advanced.append(child)
        elif entry.is_essential(list_key, relative):
            essential.append(child)
        else:
            advanced.append(child)
    order = entry.ESSENTIAL.get(list_key, ())
    essential.sort(key=lambda n: _rank(order, _relative(n, list_key)))
    return essential, [n for n in advanced if not _empty(n)]


def _empty(node: Node) -> bool:
    """A group or a list that would show nothing (an empty list of amendments): left out."""
    if node.kind == "list":
        return not node.children
    return node.kind == "group" and all(_empty(c) for c in node.children)


def _relative(node: Node, list_key: str) -> str:
    """`supervisor.name` for `agents.2.supervisor.name`: the key inside the element or group."""
    depth = len(parse_path(list_key)) + (1 if list_key in entry.ESSENTIAL and not _is_group(list_key) else 0)
    return ".".join(str(p) for p in node.path[depth:])


def _is_group(key: str) -> bool:
    return any(key in s.groups for s in entry.SECTIONS)


def _mixed(group: Node, list_key: str) -> bool:
    return any(entry.is_essential(list_key, _relative(c, list_key)) for c in group.nodes())


def _rank(order: tuple[str, ...], relative: str) -> int:
    return next(
        (
            i
            for i, e in enumerate(order)
            if relative == e or relative.startswith(e + ".") or e.startswith(relative + ".")
        ),
        len(order),
    )


def planned_costs(data: Any) -> dict[str, dict[str, Decimal]]:
    """Each partner's costs by category, its own flat rates computed by the money rules `build`
    uses, from the lines that are complete (the others are reported beside their field)."""
    from coopdocs.money import costs
    from coopdocs.project.flat import written_amounts

    budget: dict[str, Any] = data["budget"] if isinstance(data, dict) and isinstance(data.get("budget"), dict) else {}
    lines = []
    for line in budget.get("lines") or []:
        if not isinstance(line, dict) or not isinstance(line.get("partner"), str):
            continue
        kind = line.get("kind", "real")
        if kind == "unit_cost" and _num(line.get("unit_cost")) is not None and _num(line.get("quantity")) is not None:
            amount = costs.unit_cost_amount(_num(line["unit_cost"]) or Decimal(0), _num(line["quantity"]) or 0)
            lines.append((line["partner"], "unit_cost", amount))
        elif kind in ("real", "lump_sum") and _num(line.get("amount")) is not None and line.get("category"):
            bucket = str(line["category"]) if kind == "real" else kind
            lines.append((line["partner"], bucket, _num(line["amount"]) or Decimal(0)))
    return costs.costs_by_partner(lines, lambda partner: written_amounts(data, partner))


def _num(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(str(value))
