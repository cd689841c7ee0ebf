"""A save that changes a few scalars rewrites only them in the file's text: ruamel's full dump of
a large project takes most of a save's time (bench/serve.py). The patched text is kept only when
it reads back as exactly the data the full dump would write; otherwise the full dump is used."""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from coopdocs.web.yamlfile import PathKey, get, round_trip

QUOTED = r"'(?:[^'\n]|'')*'|\"(?:[^\"\\\n]|\\.)*\""
BLOCK_PLAIN = re.compile(rf"(?:{QUOTED}|[^#\n]*?)(?=\s+#|\s*$)")
FLOW_PLAIN = re.compile(rf"(?:{QUOTED}|[^,{{}}\[\]#\n]*?)(?=\s*[,}}\]]|\s+#|\s*$)")


def patched(text: str, before: Any, found: dict[PathKey, Any], after: Any) -> str | None:
    """`text` with each changed scalar replaced where it stands, or None when a change is not a
    one-line scalar or the result would not read back as `after` (the data with the changes)."""
    from ruamel.yaml import YAML

    lines = text.split("\n")
    spans = []
    for path, value in found.items():
        span = _span(before, path, lines)
        shown = _scalar_text(value)
        if span is None or shown is None:
            return None
        spans.append((*span, shown))
    # right to left on each line, so that earlier columns stay valid
    for line, start, end, shown in sorted(spans, key=lambda s: (s[0], -s[1])):
        lines[line] = lines[line][:start] + shown + lines[line][end:]
    result = "\n".join(lines)
    try:
        reread = YAML(typ="safe").load(result)
    except Exception:
        return None
    return result if reread == after else None


def _span(data: Any, path: PathKey, lines: list[str]) -> tuple[int, int, int] | None:
    """(line, first column, end column) of the scalar at `path` in the original text."""
    parent, key = get(data, path[:-1]) if len(path) > 1 else data, path[-1]
    try:  # a key or a mapping the save created has no place in the text yet
        if isinstance(parent, CommentedMap) and key in parent:
            line, col = parent.lc.value(key)
        elif isinstance(parent, CommentedSeq) and isinstance(key, int) and 0 <= key < len(parent):
            line, col = parent.lc.item(key)
        else:
            return None
    except (KeyError, TypeError, AttributeError):
        return None
    if isinstance(parent[key], dict | list) or line >= len(lines):
        return None
    pattern = FLOW_PLAIN if parent.fa.flow_style() else BLOCK_PLAIN
    match = pattern.match(lines[line], col)
    if match is None or lines[line][col : match.end()].lstrip().startswith(("|", ">", "&", "*", "!")):
        return None
    return line, col, match.end()


def _scalar_text(value: Any) -> str | None:
    """The value as ruamel would write it after `key: `, on one line; None otherwise."""
    if isinstance(value, dict | list):
        return None
    out = io.StringIO()
    round_trip().dump({"k": value}, out)
    written = out.getvalue()
    if not written.startswith("k: ") or written.count("\n") != 1:
        return None
    return written[3:-1]
