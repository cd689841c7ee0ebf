"""The project form, generated from the pydantic model of the project file: walk the model's
types beside the file's data, one node per key, so a key added to the model appears in the form
without a line here. What the walk does not know how to show as inputs (a mapping, a union of
a number and a list…) becomes a small YAML text area for that key alone.

The same tree reads the posted form back (`values`): each leaf turns its text into the value the
file should hold, and only what changed is written.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from coopdocs.project.model import PER_LANGUAGE
from coopdocs.web.yamlfile import PathKey, dotted

EN = "@en"  # suffix of the English input of a text given in two languages


@dataclass
class Node:
    """One key of the form: a leaf (an input), a group (a model) or a list of groups."""

    path: PathKey
    kind: str  # text, textarea, number, date, select, bool, lines, i18n, yaml, group, list
    label: str
    help: str = ""
    required: bool = False
    value: str = ""
    value_en: str = ""
    options: tuple[str, ...] = ()
    children: list[Node] = field(default_factory=list)
    item_type: Any = None  # the type of a list's items (to add one)
    title: str = ""  # a list item's summary line
    when: tuple[str, tuple[str, ...]] | None = None  # shown only when that field holds one of these values
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, words) of a select or checkboxes
    multiline: bool = False
    starred: bool = True  # required and not inside an optional group (a host body, a location)
    blanks: int = 1  # a table's empty rows at its end (the rows that add)
    placeholder: str = ""  # the example `coopdocs init` wrote there, shown as a hint in the empty input
    legends: list[Node] = field(default_factory=list)  # a group's title by an answer (each with its `when`)
    second: bool = False  # a group's second part on its page (its advanced fields): its own id, no second help

    @property
    def name(self) -> str:
        return dotted(self.path)

    @property
    def key(self) -> str:
        """The key in the model, without list positions (`agents.allocation.share`)."""
        return ".".join(str(p) for p in self.path if not isinstance(p, int))

    def nodes(self) -> typing.Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.nodes()

    def leaves(self) -> typing.Iterator[Node]:
        if self.kind in ("group", "list"):
            for child in self.children:
                yield from child.leaves()
        else:
            yield self

    def find(self, path: PathKey) -> Node | None:
        if self.path == path:
            return self
        for child in self.children:
            if path[: len(child.path)] == child.path:
                return child.find(path)
        return None


def unwrap(tp: Any) -> tuple[Any, list[Any]]:
    """The type under `Annotated[…]`, with its metadata."""
    meta: list[Any] = []
    while typing.get_origin(tp) is typing.Annotated:
        args = typing.get_args(tp)
        tp, meta = args[0], [*meta, *args[1:]]
    return tp, meta


def path_is_item(tp: Any) -> bool:
    """A list's field carries its own metadata, not its items'."""
    return typing.get_origin(tp) is list


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def union_args(tp: Any) -> tuple[list[Any], bool] | None:
    """The branches of a union without None, and whether None was one; None if not a union."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    args = [unwrap(a)[0] for a in typing.get_args(tp)]
    return [a for a in args if a is not type(None)], type(None) in args


def describe(info: FieldInfo | None, meta: list[Any], name: str) -> tuple[str, str]:
    """(label, help) from the French description: short ones are the label itself."""
    text = info.description if info is not None and info.description else ""
    text = text or next((m.description for m in meta if isinstance(m, FieldInfo) and m.description), "")
    if text and len(text) <= 60:
        return text.rstrip("."), ""
    return name.replace("_", " "), text


def shown(value: Any) -> str:
    """A value as the input shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        return str(value)
    return str(value)


def shown_amount(value: Any) -> str:
    """« 45 000 », « 12 500,5 »: an amount as people type it (the unit is beside the input)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return shown(value)
    whole, _, decimals = f"{Decimal(str(value)):f}".partition(".")
    decimals = decimals.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", "\u202f") if whole.lstrip("-").isdigit() else whole
    return grouped + ("," + decimals.ljust(2, "0") if decimals else "")


def shown_share(value: Any) -> str:
    """0.8 → « 80 » (the « % » is beside the input), 0.125 → « 12,5 »."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return shown(value)
    text = f"{Decimal(str(value)) * 100:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",")


def build(model: type[BaseModel], data: Any, hints: bool = False) -> Node:
    """The form of the whole file; with `hints` (the entry pages), init's stand-ins (« Prénom
    Nom ») are shown as hints in empty fields, not text to erase, and saved as shown: empty.
    « Tout le fichier » shows the file as it is."""
    from coopdocs.project.init import EXAMPLE_TEXTS

    root = Node((), "group", "")
    root.children = group_children(model, data if isinstance(data, dict) else {}, ())
    for node in root.leaves() if hints else ():
        if node.value in EXAMPLE_TEXTS and node.kind in ("text", "textarea", "i18n", "lines", "lines_i18n"):
            node.placeholder, node.value = node.value.strip(), ""
    return root


def group_children(model: type[BaseModel], data: dict[str, Any], path: PathKey) -> list[Node]:
    nodes = []
    for name, info in model.model_fields.items():
        nodes.append(node_for(info.annotation, info, data.get(name), (*path, name), info.is_required()))
    return nodes


def node_for(tp: Any, info: FieldInfo | None, value: Any, path: PathKey, required: bool) -> Node:
    tp, meta = unwrap(tp)
    label, help_ = describe(info, meta, str(path[-1]))
    node = Node(path, "yaml", label, help_, required)
    branches = union_args(tp)
    if branches is not None:
        args, _optional = branches
        if len(args) == 1:  # `X | None`: X with its own metadata (a text per language…)
            (single,) = [a for a in typing.get_args(tp) if a is not type(None)]
            return node_for(single, info, value, path, required and not _optional)
        return union_node(node, args, info, meta, value)
    if is_model(tp):
        node.kind = "group"
        node.children = group_children(tp, value if isinstance(value, dict) else {}, path)
        if not required:  # its keys are required only when the group is given: no star
            for inner in node.leaves():
                inner.starred = False
        return node
    if any(m is PER_LANGUAGE for m in (*meta, *(info.metadata if info and not path_is_item(tp) else []))):
        return i18n_node(node, value)
    origin = typing.get_origin(tp)
    if origin is list:
        return list_node(node, typing.get_args(tp)[0], value)
    return leaf(node, tp, value, [*meta, *(info.metadata if info else [])])


def is_share(meta: list[Any]) -> bool:
    """A part between 0 and 1 (`Share`): typed and shown as a percentage."""
    bounds = [getattr(m, "le", None) for m in meta] + [
        getattr(x, "le", None) for m in meta if isinstance(m, FieldInfo) for x in m.metadata
    ]
    return 1 in bounds


def leaf(node: Node, tp: Any, value: Any, meta: list[Any] | None = None) -> Node:
    """An input for a plain value; a YAML area when the file holds something else there."""
    if isinstance(value, dict | list):
        return yaml_node(node, value)
    node.value = shown(value)
    if typing.get_origin(tp) is typing.Literal:
        node.kind, node.options = "select", tuple(str(a) for a in typing.get_args(tp))
    elif tp is bool:
        node.kind, node.options = "bool", ("true", "false")
    elif tp is Decimal:
        node.kind, node.value = "money", shown_amount(value)
    elif tp is float and is_share(meta or []):
        node.kind, node.value = "percent", shown_share(value)
    elif tp in (int, float):
        node.kind = "number"
    elif tp is dt.date:
        node.kind = "date"
    elif tp is str:
        node.kind = "textarea" if "\n" in node.value or len(node.value) > 90 else "text"
    else:
        return yaml_node(node, value)
    return node


def yaml_node(node: Node, value: Any) -> Node:
    from coopdocs.web.yamlfile import plain_yaml

    node.kind, node.value = "yaml", plain_yaml(value) if value is not None else ""
    return node


def list_node(node: Node, item: Any, value: Any) -> Node:
    items = value if isinstance(value, list) else []
    inner, _ = unwrap(item)
    branches = union_args(inner)
    modelled = is_model(inner) or (branches is not None and all(is_model(a) for a in branches[0]))
    if modelled:
        node.kind, node.item_type = "list", item
        for i, element in enumerate(items):
            child = node_for(item, None, element, (*node.path, i), True)
            child.label, child.title = f"{node.label} {i + 1}", item_title(element, i)
            node.children.append(child)
        return node
    if inner in (str, int, float) and all(not isinstance(v, dict | list) for v in items):
        node.kind, node.value = "lines", "\n".join(shown(v) for v in items)
        if any(m is PER_LANGUAGE for m in unwrap(item)[1]):
            node.kind = "lines_i18n"
        return node
    if any(m is PER_LANGUAGE for m in unwrap(item)[1]) and all(_two_languages(v) for v in items):
        node.kind = "lines_i18n"
        node.value = "\n".join(shown(v.get("fr", "") if isinstance(v, dict) else v) for v in items)
        node.value_en = "\n".join(shown(v.get("en", "") if isinstance(v, dict) else "") for v in items)
        return node
    return yaml_node(node, value)


def _two_languages(value: Any) -> bool:
    """A text, or a text per language whose lines fit one line each (shown as two line lists)."""
    if isinstance(value, dict):
        return set(value) <= {"fr", "en"} and all(isinstance(v, str) and "\n" not in v for v in value.values())
    return isinstance(value, str) and "\n" not in value


def item_title(element: Any, index: int) -> str:
    if isinstance(element, dict):
        for key in ("id", "name", "title", "what", "partner", "date"):
            if element.get(key):
                return shown(element[key])
    return str(index + 1)


def union_node(node: Node, args: list[Any], info: FieldInfo | None, meta: list[Any], value: Any) -> Node:
    """A model chosen by its discriminator; a text in one or two languages; otherwise YAML."""
    if all(is_model(a) for a in args):
        return choice_group(node, args, value)
    if str in args and any(typing.get_origin(a) is dict for a in args) and len(args) == 2:
        return i18n_node(node, value)
    scalar = next((a for a in args if a in (int, float, Decimal, str, dt.date)), None)
    if scalar is not None and not isinstance(value, dict | list):
        return leaf(node, scalar, value)
    return yaml_node(node, value)


def choice_group(node: Node, models: list[Any], value: Any) -> Node:
    """A union chosen by its literal field (`mode: fixed | hourly`): that field offers every
    branch's value, and each branch's own fields are shown only when it is chosen. A field two
    branches share by name (their amendments) is the chosen branch's."""
    chosen = branch(models, value)
    data = value if isinstance(value, dict) else {}
    node.kind = "group"
    node.children = group_children(chosen, data, node.path)
    tag = discriminator(models)
    if tag is None:
        return node
    control = next(c for c in node.children if c.path[-1] == tag)
    control.options = tuple(
        t for model in models for t in typing.get_args(unwrap(model.model_fields[tag].annotation)[0])
    )
    control.required = True
    mine = list(node.children)
    own = {c.path[-1] for c in mine}
    for model in models:
        values = typing.get_args(unwrap(model.model_fields[tag].annotation)[0])
        children = mine if model is chosen else group_children(model, data, node.path)
        for child in children:
            if child.path[-1] == tag or (model is not chosen and child.path[-1] in own):
                continue
            child.when = (control.name, tuple(str(v) for v in values))
            if model is not chosen:
                node.children.append(child)
    return node


def discriminator(models: list[Any]) -> str | None:
    """The literal field that tells the branches of a union apart."""
    first = models[0]
    for name, info in first.model_fields.items():
        if typing.get_origin(unwrap(info.annotation)[0]) is typing.Literal and all(
            name in m.model_fields for m in models
        ):
            return str(name)
    return None


def i18n_node(node: Node, value: Any) -> Node:
    """A text in one or two languages: the French one, and an optional English one."""
    if isinstance(value, list) or (isinstance(value, dict) and not set(value) <= {"fr", "en"}):
        return yaml_node(node, value)
    node.kind = "i18n"
    if isinstance(value, dict):
        node.value, node.value_en = shown(value.get("fr")), shown(value.get("en"))
    else:
        node.value = shown(value)
    return node


def branch(models: list[Any], value: Any) -> Any:
    """The model of a union whose literal field (`mode: hourly`) matches the data; the first one."""
    if isinstance(value, dict):
        for model in models:
            for name, info in model.model_fields.items():
                literal = unwrap(info.annotation)[0]
                if typing.get_origin(literal) is typing.Literal and value.get(name) in typing.get_args(literal):
                    return model
    return models[0]


def skeleton(tp: Any) -> Any:
    """A new list item: its required keys, empty (the checks then say what to fill)."""
    tp, _ = unwrap(tp)
    branches = union_args(tp)
    if branches is not None:
        return skeleton(branches[0][0])
    if not is_model(tp):
        return ""
    item: dict[str, Any] = {}
    for name, info in tp.model_fields.items():
        inner, _ = unwrap(info.annotation)
        if typing.get_origin(inner) is typing.Literal and (info.is_required() or len(typing.get_args(inner)) == 1):
            item[name] = typing.get_args(inner)[0]
        elif info.is_required():
            models = union_args(inner)
            if typing.get_origin(inner) is list:
                item[name] = []
            elif is_model(inner) or (models is not None and all(is_model(a) for a in models[0])):
                item[name] = skeleton(inner)  # a group (an allocation: its first mode), never a text
            else:
                item[name] = ""
    return item
