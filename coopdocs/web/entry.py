"""The entry pages' plan: the pages in the order a coordinator works (the project, partners,
people, work packages, budget, financing, governance), what each list's new element asks
(the few fields that matter; the rest behind « Options avancées »), which answer decides which
questions follow, and which fields are references chosen from a list. `dress` puts the
person's words, choices and conditions on the form the model walk built (formgen)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from coopdocs.project.partner import signer_as_written
from coopdocs.web import references, wording
from coopdocs.web.formgen import Node
from coopdocs.web.yamlfile import dotted, get


@dataclass(frozen=True)
class Section:
    slug: str  # /projet/<slug>
    key: str  # its title in the catalogue (`entry`)
    lists: tuple[str, ...] = ()  # lists shown as cards
    groups: tuple[str, ...] = ()  # groups shown as a form on the page
    grid: str = ""  # a list shown as a table (the budget lines, the financing plan)


SECTIONS = (
    Section("", "sec_project", groups=("project", "reporting")),
    Section("partenaires", "sec_partners", lists=("partners",)),
    Section("personnes", "sec_people", lists=("agents",)),
    Section("lots", "sec_work_packages", lists=("work_packages",)),
    Section("budget", "sec_budget", groups=("budget.flat_rates",), grid="budget.lines"),
    Section("financement", "sec_funding", grid="budget.funding"),
    Section(
        "gouvernance", "sec_governance", lists=("governance.bodies", "meetings", "milestones"), groups=("governance",)
    ),
    Section("suivi", "sec_follow_up", lists=("indicators", "logbook")),
)
BY_SLUG = {s.slug: s for s in SECTIONS}

# The fields a person fills first (for a new element: the only ones); the rest is advanced.
ESSENTIAL = {
    "project": (
        "title",
        "acronym",
        "programme",
        "cooperation",
        "start",
        "end",
        "summary",
        "objectives",
        "place",
    ),  # the lead partner: the first partner until another is chosen (advanced; its card says it)
    "reporting": ("frequency", "retention_years"),
    "governance": ("decision_rule", "working_language", "ip", "disputes"),
    "budget.flat_rates": ("staff", "travel", "office_admin", "indirect", "remaining"),
    "partners": (
        "name",
        "short_name",
        "type",
        "host_body",
        "country",
        "address",
        "representative.name",
        "representative.title",
        "contact.name",
        "contact.email",
        "role",
    ),
    "agents": (
        "name",
        "partner",
        "job_title",
        "supervisor.name",
        "supervisor.title",
        "annual_gross_cost",
        "allocation.mode",
        "allocation.hours_planned",
        "allocation.share",
        "mission.tasks",
    ),
    "work_packages": ("title", "lead", "start", "end", "description", "deliverables"),
    "budget.lines": (
        "partner",
        "category",
        "wp",
        "label",
        "kind",
        "amount",
        "deliverable",
        "unit",
        "unit_cost",
        "quantity",
    ),
    "budget.funding": ("partner", "source", "rate", "amount"),
    "governance.bodies": ("name", "members", "frequency", "role"),
    "meetings": ("body", "date", "time", "place", "agenda", "attendees", "decisions", "actions"),
    "milestones": ("title", "date", "done"),
    "indicators": ("name", "unit", "kind", "baseline", "target", "target_date", "work_package", "values"),
    "logbook": ("date", "title", "text", "partners", "stage"),
}
GRID_COLUMNS = {
    "budget.lines": ("partner", "category", "wp", "label", "amount"),
    "budget.funding": ("partner", "source", "rate", "amount"),
}
# A question whose answer decides which fields follow: field → (the answer's field, its values).
CONDITIONS = {
    "partners.host_body": ("type", ("gal",)),
    "budget.lines.amount": ("kind", ("real", "lump_sum")),
    "budget.lines.deliverable": ("kind", ("lump_sum",)),
    "budget.lines.unit": ("kind", ("unit_cost",)),
    "budget.lines.unit_cost": ("kind", ("unit_cost",)),
    "budget.lines.quantity": ("kind", ("unit_cost",)),
}
DEFAULTS = {"budget.lines.kind": "real"}  # a select whose empty answer is the model's default
REFERENCES = {
    "project.lead_partner": "partners",
    "agents.partner": "partners",
    "work_packages.lead": "partners",
    "budget.lines.partner": "partners",
    "budget.lines.wp": "work_packages",
    "budget.funding.partner": "partners",
    "meetings.actions.who": "partners",
    "revenue.partner": "partners",
    "meetings.body": "bodies",
    "budget.lines.deliverable": "deliverables",
    "indicators.work_package": "work_packages",
    "project.current_stage": "stages",
    "logbook.stage": "stages",
}
# An optional group whose absence and emptiness say two things: a partner without flat rates of
# its own follows the budget's, `{}` says it has none (real costs). A choice above the group's
# fields says which; it is the form's (`HOW`), never a key of the file (entry_save.chosen_groups).
HOW = "@how"
CHOSEN = {"partners.flat_rates": ("project", "own", "none")}
MANY = {"governance.bodies.members": "partners", "meetings.attendees": "partners", "logbook.partners": "partners"}
RADIOS = ("agents.allocation.mode", "budget.lines.kind")
MULTILINE = ("address", "summary", "description", "role", "text", "decision_rule", "ip", "disputes")
# The id of a new element is made from this field.
NAMED_BY = {"partners": "name", "agents": "name", "meetings": "body", "work_packages": "title", "indicators": "name"}
ID_KINDS = {
    "partners": "partners",
    "agents": "agents",
    "work_packages": "work_packages",
    "meetings": "meetings",
    "indicators": "indicators",
}


def section_of(list_key: str) -> Section:
    return next((s for s in SECTIONS if list_key in s.lists or list_key == s.grid or list_key in s.groups), SECTIONS[0])


def is_essential(list_key: str, relative: str) -> bool:
    wanted = ESSENTIAL.get(list_key, ())
    return any(relative == e or relative.startswith(e + ".") for e in wanted)


@cache
def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """Every country by its name in the page's language, a few neighbours first."""
    from babel import Locale

    from coopdocs.project.partner import countries as codes

    names = Locale.parse("fr" if lang == "fr" else "en").territories
    first = ["FR", "BE", "LU", "DE", "NO", "ES", "IT"]
    rest = sorted((c for c in codes() if c not in first), key=lambda c: str(names.get(c, c)))
    return tuple((c, str(names.get(c, c))) for c in first + rest)


def dress(node: Node, data: Any, lang: str) -> Node:
    """Labels, helps, choices, conditions and references in the person's words, on the whole tree."""
    for item in node.nodes():
        _dress_one(item, data, lang)
    for group in [n for n in node.nodes() if n.kind == "group" and n.key in CHOSEN]:
        _choose(group, data, lang)
    return node


def _choose(group: Node, data: Any, lang: str) -> None:
    """The choice above a CHOSEN group: the first choice when the file has no group, the last when
    it holds an empty one, else the middle one; the group's fields show under the middle one."""
    first, middle, last = CHOSEN[group.key]
    value = get(data, group.path) if isinstance(data, dict) else None
    chosen = middle if isinstance(value, dict) and value else last if isinstance(value, dict) else first
    key = f"{group.key}.{HOW}"
    control = Node((*group.path, HOW), "radio", wording.field_label(key, lang), wording.field_help(key, lang))
    control.value, control.options = chosen, CHOSEN[group.key]
    control.choices = [(o, wording.words("choice", lang).get(f"{group.key}.{o}", o)) for o in control.options]
    for inner in group.nodes():
        if inner is not group:
            inner.when = (control.name, (middle,))
    group.children.insert(0, control)


def _dress_one(node: Node, data: Any, lang: str) -> None:
    key = node.key
    if not key:
        return
    node.label = wording.field_label(key, lang)
    node.help = wording.field_help(key, lang)
    last = key.rsplit(".", 1)[-1]
    if node.kind in ("i18n", "text", "textarea") and (last in MULTILINE or "\n" in node.value + node.value_en):
        node.multiline = True  # a line break is kept only by a textarea (an input's value loses it)
    if key in DEFAULTS and not node.value:
        node.value = DEFAULTS[key]
    if node.kind in ("select", "bool"):
        node.choices = [(o, _choice(key, o, lang)) for o in node.options]
    if key == "partners.country":
        _country(node, lang)
    elif key in REFERENCES:
        _reference(node, REFERENCES[key], data)
    elif key in MANY and node.kind in ("lines", "yaml"):
        node.kind, node.choices = "refs", references.options(data, MANY[key])
        node.value = "\n".join(node.value.split("\n")) if node.kind == "refs" else node.value
    if key in RADIOS:
        node.kind = "radio"
    if key.startswith("partners.representative"):
        _representative(node, data, lang)
    condition = CONDITIONS.get(key)
    if condition and len(node.path) >= 2:
        control = ".".join(str(p) for p in (*node.path[:-1], condition[0]))
        for inner in node.nodes():
            inner.when = (control, condition[1])


CHAIR_WORDS = {
    "": "gal_chair",
    ".name": "gal_chair_name",
    ".title": "gal_chair_title",
    ".civility": "gal_chair_civility",
}


def _representative(node: Node, data: Any, lang: str) -> None:
    """A GAL's chair (optional: left empty, its host body's, which signs the agreement) or the
    legal representative: the block's title, help and labels follow the partner's nature as it
    changes on the page; a GAL's has no star."""
    import typing

    from coopdocs.project.partner import PartnerType

    if get(data, (*node.path[:2], "type")) == "gal":
        node.starred = False
    said, fields = wording.words("entry", lang), wording.words("field", lang)
    helps = wording.words("field_help", lang)
    part = node.key.removeprefix("partners.representative")
    chair = CHAIR_WORDS.get(part)
    if chair is None:
        return
    control = dotted((*node.path[:2], "type"))
    others = tuple(t for t in typing.get_args(PartnerType) if t != "gal") + ("",)
    node.legends = [
        Node(node.path, "text", said[chair], when=(control, ("gal",)), help=said["gal_chair_help"] if not part else ""),
        Node(
            node.path,
            "text",
            fields[node.key],
            when=(control, others),
            help=helps.get(node.key, "") if not part else "",
            required=bool(part) and node.required,  # a GAL's chair may be left empty, a legal representative not
        ),
    ]


def _country(node: Node, lang: str) -> None:
    """Chosen by its name; a code the file holds that is no country stays shown (and reported),
    so that a save does not turn it silently into the first of the list."""
    node.kind, node.choices = "select", list(countries(lang))
    if node.value and node.value not in dict(node.choices):
        node.choices.append((node.value, node.value))


def choice_words(key: str, value: str, lang: str) -> str:
    return _choice(key, value, lang)


def _choice(key: str, value: str, lang: str) -> str:
    if value in ("true", "false"):
        return wording.words("web", lang)["yes" if value == "true" else "no"]
    return wording.choice_label(key, value, lang)


def _reference(node: Node, kind: str, data: Any) -> None:
    if kind == "bodies":
        node.choices = references.body_options(data)
    elif kind == "deliverables":
        node.choices = references.deliverable_options(data)
    elif kind == "stages":  # the guide's sixteen stages, by their number and title
        from coopdocs.guide import load_guide

        node.choices = [(s.id, f"{s.number}. {s.title}") for s in load_guide().stages]
    else:
        node.choices = references.options(data, kind)
    node.kind, node.value_en = "ref", ""
    if node.value and node.value not in {v for v, _ in node.choices}:
        node.choices.append((node.value, node.value))  # a value the file holds stays shown (and reported)


def summary(list_key: str, element: Any, data: Any, lang: str) -> list[str]:
    """A card's key figures: what a person checks at a glance."""
    if not isinstance(element, dict):
        return []
    names = wording.names_by_id(data)
    said = wording.words("entry", lang)
    figures: list[str] = []
    if list_key == "partners":
        figures.append(wording.choice_label("partners.type", str(element.get("type", "")), lang))
        figures.append(str(dict(countries(lang)).get(str(element.get("country")), element.get("country") or "")))
        if element.get("id") is not None and element.get("id") == get(data, ("project", "lead_partner")):
            figures.insert(0, said["lead_partner"])
        if element.get("observer") is True:
            figures.append(said["observer"])
    elif list_key == "agents":
        figures += _agent_figures(element, data, names, lang)
    elif list_key == "work_packages":
        figures.append(names.get(str(element.get("lead")), ""))
        figures += [wording.dates_text(element.get("start"), element.get("end"), lang)]
        count = len(element.get("deliverables") or [])
        if count:
            figures.append(said["deliverables"].format(count=count))
    elif list_key in ("milestones", "logbook"):
        figures.append(wording.date_text(element.get("date"), lang))
    elif list_key == "indicators":
        figures += _indicator_figures(element, lang)
    elif list_key == "meetings" and element.get("place"):  # its title says the body and the day
        figures.append(str(element["place"]))
    elif list_key == "governance.bodies":
        members: list[Any] = element["members"] if isinstance(element.get("members"), list) else []
        figures.append(", ".join(names.get(str(m), str(m)) for m in members))
    return [f for f in figures if f]


def _agent_figures(element: dict[str, Any], data: Any, names: dict[str, str], lang: str) -> list[str]:
    """An agent's employer, time on the project, annual cost and who approves the sheets."""
    from coopdocs.formats import money

    said = wording.words("entry", lang)
    figures = [names.get(str(element.get("partner")), "")]
    partners: list[Any] = data["partners"] if isinstance(data, dict) and isinstance(data.get("partners"), list) else []
    employer = next((p for p in partners if isinstance(p, dict) and p.get("id") == element.get("partner")), None)
    allocation: dict[str, Any] = element["allocation"] if isinstance(element.get("allocation"), dict) else {}
    if allocation.get("mode") == "fixed" and isinstance(allocation.get("share"), int | float):
        figures.append(said["fixed_share"].format(share=wording.percent_text(allocation["share"], lang)))
    elif allocation.get("mode") == "hourly" and isinstance(allocation.get("hours_planned"), int | float):
        figures.append(said["hours_planned"].format(hours=wording.number_text(allocation["hours_planned"], lang)))
    if isinstance(element.get("annual_gross_cost"), int | float):
        figures.append(said["per_year"].format(amount=money(element["annual_gross_cost"], lang)))
    supervisor = element.get("supervisor") or signer_as_written(employer)
    rules = get(data, ("project", "rules")) if isinstance(data, dict) else None
    sheets = allocation.get("mode") == "hourly" or (isinstance(rules, dict) and rules.get("fixed_share_timesheets"))
    if sheets and isinstance(supervisor, dict) and supervisor.get("name"):  # who approves, the default said
        figures.append(said["approved_by"].format(name=supervisor["name"]))
    return figures


def _indicator_figures(element: dict[str, Any], lang: str) -> list[str]:
    """« cible : 40 producteurs le 30/06/2029 », « dernière valeur : 12 (31/12/2027) »."""
    from coopdocs.formats import quantity

    said = wording.words("entry", lang)
    unit = element.get("unit")
    unit = (unit.get(lang) or unit.get("fr") or "") if isinstance(unit, dict) else unit if isinstance(unit, str) else ""
    figures = []
    if isinstance(element.get("target"), int | float) and not isinstance(element.get("target"), bool):
        target = quantity(element["target"], unit, lang)
        figures.append(said["indicator_target"].format(target=target))
    values = [v for v in element.get("values") or [] if isinstance(v, dict) and isinstance(v.get("value"), int | float)]
    if values:
        last = max(values, key=lambda v: str(v.get("date")))
        figures.append(
            said["indicator_last"].format(
                value=wording.number_text(last["value"], lang), date=wording.date_text(last.get("date"), lang)
            )
        )
    return figures
