"""The project file as the workspace edits it: ruamel's round trip (comments, order and quoting
of what the person did not touch are kept), a hash to refuse a stale save, an atomic write after
a backup of the previous version, and the same located problems as `coopdocs validate`."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from coopdocs.errors import CoopdocsError, Problem, ProjectError
from coopdocs.office.atomic import atomic_write

BACKUPS = "sauvegardes"
PathKey = tuple[str | int, ...]


def round_trip() -> YAML:
    yaml = YAML()  # round trip: comments, key order, quotes and block styles survive
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Checked:
    """What the checks say of a text: problems (errors) and warnings, each located."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


def check(path: Path, text: str) -> Checked:
    """`coopdocs validate` on a text: the same problems and warnings, never an exception."""
    from coopdocs.project import load_project

    result = Checked()
    try:
        load_project(path, result.warnings, text=text)
    except ProjectError as exc:
        result.problems = exc.problems
    except CoopdocsError as exc:
        result.problems = [Problem(str(path), 1, 1, "", exc.message)]
    return result


@dataclass
class Document:
    """The file's text, its hash, and its data as ruamel's round-trip objects."""

    path: Path
    text: str
    data: Any

    @property
    def hash(self) -> str:
        return digest(self.text)

    def dump(self) -> str:
        out = io.StringIO()
        round_trip().dump(self.data, out)
        return out.getvalue()


_LAST: dict[Path, Document] = {}  # the round-trip data of the last save (parsing it again is slow)


def read(path: Path, text: str | None = None) -> Document:
    """The file as round-trip data; the copy kept by the last save when the text is the same."""
    from coopdocs.project.source import read_text

    text = read_text(path) if text is None else text
    kept = _LAST.pop(path, None)
    if kept is not None and kept.text == text:
        return kept
    try:
        data = round_trip().load(text)
    except Exception:  # the checks locate a syntax error; the form then starts from nothing
        data = None
    return Document(path, text, data if isinstance(data, CommentedMap) else CommentedMap())


def remember(document: Document, text: str) -> None:
    """Keep the data just written (it is the new text's) for the next save of the same file."""
    document.text = text
    _LAST.clear()
    _LAST[document.path] = document


def forget(path: Path) -> None:
    """After a full rewrite: the data's places in the text are the old text's, parse it again."""
    _LAST.pop(path, None)


class StaleFile(CoopdocsError):
    """The file changed on disk since the page was loaded."""


def save(path: Path, text: str, expected_hash: str, when: dt.datetime | None = None) -> Path | None:
    """Write `text` over the file if it is still the one the page showed (else StaleFile):
    the previous version is first copied into `sauvegardes/` beside it; returns that copy."""
    from coopdocs.project.source import read_text
    from coopdocs.web.paths import checked

    current = read_text(path)
    if digest(current) != expected_hash:
        raise StaleFile(f"{path.name} : modifié sur le disque depuis l'ouverture de la page")
    if current == text:
        return None
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    backup = checked(path.parent, f"{BACKUPS}/{path.stem}_{stamp}{path.suffix}")  # never through a link
    atomic_write(backup, current)
    atomic_write(path, text)
    return backup


# ---- reading and writing values at a path ---------------------------------------------------


def get(data: Any, path: PathKey) -> Any:
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def put(data: Any, path: PathKey, value: Any) -> None:
    """Set the value at `path`, creating missing mappings on the way; `None` removes the key.
    A changed string keeps the style of the old one (a `|` block stays a block)."""
    node = data
    for part, following in zip(path[:-1], path[1:]):
        child = get(node, (part,))
        if not isinstance(child, dict | list):  # missing, or a text where a group belongs (`allocation: ''`)
            if value is None:
                return
            child = CommentedSeq() if isinstance(following, int) else CommentedMap()
            _set(node, part, child)
        node = child
    last = path[-1]
    if value is None:
        if isinstance(node, CommentedMap) and node and list(node)[-1] == last:
            start = _last_key(node)  # the next section's heading sits on the last key: it stays
            node.pop(last)
            move_trailing_comment(start, _last_key(node))
        elif isinstance(node, dict):
            node.pop(last, None)
        return
    old = get(node, (last,))
    if isinstance(old, ScalarString) and isinstance(value, str):
        value = type(old)(value)
    elif isinstance(value, str) and not isinstance(value, ScalarString) and "\n" in value.strip("\n"):
        value = LiteralScalarString(value)  # several lines are written as lines (`|`), as people read them
    _set(node, last, value)


def _set(node: Any, key: str | int, value: Any) -> None:
    if isinstance(node, list) and isinstance(key, int):
        while len(node) <= key:
            node.append(None)
    node[key] = value


def parse_path(name: str) -> PathKey:
    """`partners.0.name` → ('partners', 0, 'name')."""
    return tuple(int(p) if re.fullmatch(r"[0-9]+", p) else p for p in name.split("."))


def dotted(path: PathKey) -> str:
    return ".".join(str(p) for p in path)


def plain_yaml(value: Any) -> str:
    """A part of the file as the YAML text area shows it (block style, keys in their order)."""
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.dump(_plain(value), out)
    return out.getvalue().removesuffix("\n...\n").rstrip("\n")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, ScalarString):
        return str(value)
    if isinstance(value, bool | int | str | None | dt.date):
        return value
    if isinstance(value, float):
        return float(value)
    return str(value)


def carry_trailing_comment(source: Any, target: Any) -> None:
    """The comment lines after a list's last element (the next section's heading, which the file
    keeps on that element's last key) follow to the list's new last element: adding an element
    after it, or deleting it, never leaves the heading inside an element nor loses it."""
    move_trailing_comment(_last_key(source), _last_key(target))


def move_trailing_comment(start: tuple[CommentedMap, Any] | None, end: tuple[CommentedMap, Any] | None) -> None:
    """The comment lines after the key `start` go after the key `end` (its own line's stays)."""
    if start is None or end is None or start == end:
        return
    slot = start[0].ca.items.get(start[1])
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or "\n" not in token.value:
        return
    own, _, following = token.value.partition("\n")  # the line's own comment stays on its line
    if "#" not in following:
        return
    slot[2] = CommentToken(own + "\n", token.start_mark, None) if own.strip() else None
    column = token.start_mark.column if token.start_mark else 0
    end[0].ca.items.setdefault(end[1], [None, None, None, None])[2] = CommentToken(
        "\n" + following, CommentMark(column), None
    )


def _last_key(element: Any) -> tuple[CommentedMap, Any] | None:
    """(the mapping, its key) where a comment after `element` sits: its last key, inside the
    last block mapping it ends with; None when it ends with a list or is no mapping."""
    if not isinstance(element, CommentedMap) or not element:
        return None
    key = list(element)[-1]
    value = element[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        return _last_key(value)
    if isinstance(value, CommentedSeq) and not value.fa.flow_style():
        return None
    return element, key
