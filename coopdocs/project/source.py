"""Read a YAML 1.2 project file into plain Python data, keeping where every value stands.

We compose the node tree ourselves (ruamel.yaml) instead of letting a loader build
objects, so that we can: report *every* duplicate key with both lines, keep dates as
text for the model to check with a precise line (`2027-02-30`), refuse alias bombs
before they expand, and return plain dicts, lists and scalars with a position index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coopdocs.errors import Problem, ProjectError
from coopdocs.messages import Arg, Phrase, say

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TEXT = 10_000  # characters in one value: a name, a summary
MAX_NODES = 200_000  # far above any real project; stops "billion laughs" alias bombs
MAX_DEPTH = 40  # nesting of lists and mappings (a project needs 5; a recursive alias has no end)
MAX_NUMBER = 10**15  # no amount, rate or count of a project comes near (and floats stay exact)

Path_ = tuple[str | int, ...]


@dataclass
class Loaded:
    """Plain data and where each path stands in the file (1-based line and column)."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor present in the file."""
        path = tuple(path)
        while path:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.file, line, column, dotted(path), message)

    def problem_of(self, path: Path_, said: str, args: Mapping[str, Any], *, key: bool = False) -> Problem:
        """The catalogue's problem `said` (group `problem`) with its arguments, at `path`."""
        line, column = self.where(path, key=key)
        return Problem.of(self.file, line, column, dotted(path), said, args)


def dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


class Refused(ValueError):
    """A value the reader refuses: the catalogue's problem `key` (group `problem`) and its arguments;
    its text is the French one."""

    def __init__(self, key: str, args: Mapping[str, Arg] | None = None):
        self.key, self.arguments = key, dict(args or {})
        super().__init__(say("problem", key, self.arguments, "fr"))


def refuse(file: str, where: tuple[int, int], key: str, args: Mapping[str, Arg] | None = None) -> ProjectError:
    """The file cannot be read at all: its one problem, `key` of the catalogue, at `where`."""
    return ProjectError([Problem.of(file, *where, "", key, args or {})])


_TAG = "tag:yaml.org,2002:"
# Control characters would become page or paragraph breaks in Word, or corrupt a workbook.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _check_text(value: str) -> str:
    """Text Word and Excel can hold: not too long, no control character, no character XML
    refuses (surrogates, U+FFFE, U+FFFF) nor any Unicode non-character."""
    if len(value) > MAX_TEXT:
        raise Refused("text-too-long", {"length": len(value), "limit": MAX_TEXT})
    control = CONTROL.search(value)
    if control:
        raise Refused("control-character", {"code": f"{ord(control.group()):04X}"})
    bad = next((c for c in value if _not_a_character(ord(c))), None)
    if bad is not None:
        raise Refused("not-a-character", {"code": f"{ord(bad):04X}"})
    return value


def _not_a_character(code: int) -> bool:
    return 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _number(value: int | float) -> int | float:
    """A finite number of plausible magnitude (.nan, .inf, 1e308 or 30 digits are typos or attacks)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise Refused("not-finite")
    if abs(value) > MAX_NUMBER:
        raise Refused("out-of-bounds")  # the catalogue writes MAX_NUMBER out
    return value


def _integer(value: str) -> int:
    digits = value.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if len(digits) > 20:
        raise Refused("out-of-bounds")  # the catalogue writes MAX_NUMBER out
    if digits[:2] in ("0o", "0x"):
        return int(_number(sign * int(digits[2:], 8 if digits[1] == "o" else 16)))
    return int(_number(sign * int(digits)))


def scalar(node: ScalarNode) -> Any:
    """A YAML 1.2 core-schema scalar; timestamps stay text for the model to check."""
    value = node.value
    tag = str(getattr(node.tag, "value", node.tag))
    if tag in (_TAG + "str", _TAG + "timestamp", "!"):
        return _check_text(value)
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return value.lower() == "true"
    if tag == _TAG + "int":
        return _integer(value)
    if tag == _TAG + "float":
        lowered = value.lower().replace("_", "")
        if lowered.lstrip("+-") in (".inf", ".nan"):
            raise Refused("not-finite")
        return _number(float(lowered))
    raise Refused("unsupported-tag", {"tag": tag})


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_text(path: Path) -> str:
    """The file's text (UTF-8, BOM tolerated), or a located error saying why not."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise refuse(name, (1, 1), "file-not-found") from None
    except IsADirectoryError:
        raise refuse(name, (1, 1), "is-a-folder") from None
    except OSError as exc:
        raise refuse(name, (1, 1), "unreadable", {"reason": str(exc.strerror)}) from None
    if len(raw) > MAX_FILE_BYTES:
        raise refuse(name, (1, 1), "too-large", {"size": len(raw), "limit": MAX_FILE_BYTES})
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise refuse(name, (line, column), "not-utf8") from None


# The kinds of YAML syntax error, told by what both of ruamel.yaml's parsers (libyaml through
# ruamel.yaml.clib, and the pure-Python one) say of them; the message shown is the catalogue's.
SYNTAX_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("escape",), "syntax-escape"),
    (("quoted scalar",), "syntax-quote"),
    (("']'",), "syntax-bracket"),
    (("'}'",), "syntax-brace"),
    (("<block end>", "expected key"), "syntax-indent"),
    (("mapping values are not allowed",), "syntax-colon"),
    (("could not find expected ':'",), "syntax-colon-missing"),
    (("undefined alias",), "syntax-alias"),
    (("cannot start any token",), "syntax-character"),
)


def explained(reason: str, line: str) -> Phrase:
    """The catalogue's words for a syntax error, from its kind; a tab in the line's indentation
    wins (the two parsers report it differently). An unknown kind keeps the parser's words."""
    if "\t" in line[: len(line) - len(line.lstrip(" \t"))] or "tab character" in reason:
        return Phrase("syntax-tab")
    for needles, key in SYNTAX_KINDS:
        if any(needle in reason for needle in needles):
            return Phrase(key)
    return Phrase("syntax-other", {"reason": reason})


def explain(reason: str, line: str) -> str:
    """The French message for a syntax error (see `explained`)."""
    said = explained(reason, line)
    return say("problem", said.key, said.args, "fr")


# Characters no text of a project may hold, written as such in the file (not as \u escapes).
RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff]")
SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def _flow_too_deep(text: str) -> tuple[int, int] | None:
    """Where `[`/`{` brackets nest deeper than MAX_DEPTH (line, column), found before parsing:
    the pure-Python parser would exhaust the stack on them, the C one would not."""
    depth, quote = 0, ""
    for number, line in enumerate(text.splitlines(), start=1):
        for column, char in enumerate(line, start=1):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] in " \t"):
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number, column
            elif char in "]}":
                depth = max(0, depth - 1)
    return None


def _position(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based) of the character at `index` of `text`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _refuse_raw(name: str, text: str) -> None:
    """Raise when the text cannot be parsed safely: empty, brackets nested too deep, a character
    no text may hold written as such or as a surrogate escape."""
    if not text.strip():
        raise refuse(name, (1, 1), "empty-file")
    deep = _flow_too_deep(text)
    if deep:
        raise refuse(name, deep, "too-deep", {"limit": MAX_DEPTH})
    raw = RAW_FORBIDDEN.search(text)
    if raw:  # the parsers would stop at it with an English message and a wrong place
        raise refuse(name, _position(text, raw.start()), "raw-character", {"code": f"{ord(raw.group()):04X}"})
    surrogate = SURROGATE_ESCAPE.search(text)
    if surrogate:  # libyaml refuses it while scanning, the Python parser lets it through: say it once
        raise refuse(name, _position(text, surrogate.start()), "escaped-surrogate", {"escape": surrogate.group()})


def _syntax_error(name: str, text: str, exc: MarkedYAMLError) -> ProjectError:
    """A syntax error, located; an unclosed quote is found at the end of the file: point at where it opened."""
    opened = exc.context and "quoted scalar" in exc.context
    mark = (exc.context_mark if opened else exc.problem_mark) or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = " ; ".join(filter(None, [exc.context if opened else None, exc.problem])) or "erreur"
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    return refuse(name, (line, column), "yaml-syntax", {"reason": explained(reason, source)})


def load_yaml(path: Path, text: str | None = None, keys: str = "project, partners, …") -> Loaded:
    """Parse the file; every duplicate key and the first syntax error become Problems."""
    name = str(path)
    if text is None:
        text = read_text(path)
    _refuse_raw(name, text)
    yaml = YAML(typ="safe")  # libyaml (ruamel.yaml.clib) composes 6x faster; marks on every node; no fold markers
    try:
        root = yaml.compose(text)
    except RecursionError:
        raise refuse(name, (1, 1), "too-deep", {"limit": MAX_DEPTH}) from None
    except MarkedYAMLError as exc:
        raise _syntax_error(name, text, exc) from None
    except YAMLError as exc:
        raise refuse(name, (1, 1), "yaml-syntax", {"reason": str(exc)}) from None
    if root is None:
        raise refuse(name, (1, 1), "empty-file")
    builder = _Builder(name)
    data = builder.build(root, ())
    if builder.problems:
        raise ProjectError(builder.problems)
    loaded = Loaded(name, data, builder.values, builder.keys)
    if not isinstance(data, dict):
        raise ProjectError([loaded.problem_of((), "not-a-mapping", {"keys": keys})])
    return loaded


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def build(self, node: Node, path: Path_) -> Any:
        self.nodes += 1
        if len(path) > MAX_DEPTH:
            self._add(node, dotted(path[:3]) + "…", "too-deep-alias", {"limit": MAX_DEPTH})
            raise ProjectError(self.problems)
        if self.nodes > MAX_NODES:
            self._add(node, dotted(path), "too-many-nodes")
            raise ProjectError(self.problems)
        self.values.setdefault(path, _pos(node))
        if isinstance(node, ScalarNode):
            try:
                return scalar(node)
            except Refused as exc:
                self._add(node, dotted(path), exc.key, exc.arguments)
                return None
            except ValueError as exc:  # a number Python cannot read (`0b2`): the parser's words
                self.problems.append(Problem(self.file, *_pos(node), dotted(path), str(exc)))
                return None
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        return None

    def _mapping(self, node: MappingNode, path: Path_) -> dict:
        result: dict = {}
        first_line: dict = {}
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if isinstance(source, MappingNode):
                        merged.extend(source.value)
                continue
            key = self._key(key_node)
            if key is None:
                self._add(key_node, dotted(path), "invalid-key")
                continue
            line, column = _pos(key_node)
            if key in first_line:
                self._add(key_node, dotted(path + (key,)), "duplicate-key", {"key": key, "line": first_line[key]})
                continue
            first_line[key] = line
            self.keys[path + (key,)] = (line, column)
            result[key] = self.build(value_node, path + (key,))
        for key_node, value_node in merged:
            key = self._key(key_node)
            if key is not None and key not in result:
                result[key] = self.build(value_node, path + (key,))
        return result

    def _add(self, node: Node, path: str, key: str, args: Mapping[str, Arg] | None = None) -> None:
        """The catalogue's problem `key` at `node`."""
        self.problems.append(Problem.of(self.file, *_pos(node), path, key, args or {}))

    @staticmethod
    def _key(node: Node) -> str | None:
        """Keys are text; `2027: x` or `NO: x` keys are taken as written."""
        if isinstance(node, ScalarNode) and node.value != "":
            return str(node.value)
        return None
