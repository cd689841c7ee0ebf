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

    @property
    def name(self) -> str:
        return dotted(self.path)

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


def build(model: type[BaseModel], data: Any) -> Node:
    """The form of the whole file."""
    root = Node((), "group", "")
    root.children = group_children(model, data if isinstance(data, dict) else {}, ())
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
        return node
    if any(m is PER_LANGUAGE for m in (*meta, *(info.metadata if info and not path_is_item(tp) else []))):
        return i18n_node(node, value)
    origin = typing.get_origin(tp)
    if origin is list:
        return list_node(node, typing.get_args(tp)[0], value)
    return leaf(node, tp, value)


def leaf(node: Node, tp: Any, value: Any) -> Node:
    """An input for a plain value; a YAML area when the file holds something else there."""
    if isinstance(value, dict | list):
        return yaml_node(node, value)
    node.value = shown(value)
    if typing.get_origin(tp) is typing.Literal:
        node.kind, node.options = "select", tuple(str(a) for a in typing.get_args(tp))
    elif tp is bool:
        node.kind, node.options = "bool", ("true", "false")
    elif tp in (int, float, Decimal):
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
        return node
    return yaml_node(node, value)


def item_title(element: Any, index: int) -> str:
    if isinstance(element, dict):
        for key in ("id", "name", "title", "what", "partner", "date"):
            if element.get(key):
                return shown(element[key])
    return str(index + 1)


def union_node(node: Node, args: list[Any], info: FieldInfo | None, meta: list[Any], value: Any) -> Node:
    """A model chosen by its discriminator; a text in one or two languages; otherwise YAML."""
    if all(is_model(a) for a in args):
        chosen = branch(args, value)
        node.kind = "group"
        node.children = group_children(chosen, value if isinstance(value, dict) else {}, node.path)
        return node
    if str in args and any(typing.get_origin(a) is dict for a in args) and len(args) == 2:
        return i18n_node(node, value)
    scalar = next((a for a in args if a in (int, float, Decimal, str, dt.date)), None)
    if scalar is not None and not isinstance(value, dict | list):
        return leaf(node, scalar, value)
    return yaml_node(node, value)


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
            item[name] = [] if typing.get_origin(inner) is list else skeleton(inner) if is_model(inner) else ""
    return item
