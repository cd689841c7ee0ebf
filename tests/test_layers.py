"""The layers the README promises, read from the imports themselves (function bodies included):
each package imports only the floors below it, never another package's `_module`, and no two
packages import each other."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT

# The README's order, ground floor first. A package imports only packages of a lower floor;
# the ground floor's modules may import each other. `coopdocs/__init__.py` (the library's face)
# and `__main__` sit above everything.
FLOORS: list[set[str]] = [
    {"errors", "formats", "french", "words", "messages", "kinds", "calendar"},
    {"office"},
    {"guide", "money"},
    {"project"},
    {"documents"},
    {"forms"},
    {"bilan"},
    {"signing"},
    {"claims"},
    {"control"},
    {"output"},
    {"pipeline"},
    {"web"},
    {"cli"},
]
FLOOR = {name: level for level, names in enumerate(FLOORS) for name in names}
TOP = {"__init__", "__main__"}


def package_of(relative: Path) -> str:
    """`coopdocs/forms/anomalies.py` → `forms`; `coopdocs/french.py` → `french`."""
    parts = relative.with_suffix("").parts
    return parts[1] if len(parts) > 2 else parts[1]


def module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, str, list[str]]]:
    """Every `coopdocs…` import anywhere in the module: (line, target module, names taken)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target, [alias.name for alias in node.names]


def problems(sources: dict[Path, str]) -> list[str]:
    """What goes against the layers, one line each (`sources`: path relative to the repo → text)."""
    found: list[str] = []
    edges: dict[str, set[str]] = {}
    for relative, text in sources.items():
        source = package_of(relative)
        if source in TOP and len(relative.parts) == 2:
            continue
        if source not in FLOOR:
            found.append(f"{relative}: package `{source}` has no floor in FLOORS")
            continue
        tree = ast.parse(text)
        for line, target, names in imported(tree, module_name(relative), relative.name == "__init__.py"):
            parts = target.split(".")
            if parts[0] != "coopdocs" or len(parts) < 2:
                continue
            dest = parts[1]
            where = f"{relative}:{line}: {source} imports {target}"
            if dest == source:
                continue
            edges.setdefault(source, set()).add(dest)
            hidden = [p for p in parts[2:] if p.startswith("_") and not p.startswith("__")]
            hidden += [n for n in names if len(parts) == 2 and n.startswith("_") and not n.startswith("__")]
            if hidden:
                found.append(f"{where}: private module of another package ({', '.join(hidden)})")
            if dest in TOP or dest not in FLOOR:
                found.append(f"{where}: not a package with a floor")
            elif FLOOR[dest] >= FLOOR[source] and not (FLOOR[source] == 0 == FLOOR[dest]):
                found.append(f"{where}: floor {FLOOR[dest]} from floor {FLOOR[source]}")
    found += [f"cycle between packages: {' → '.join(c)}" for c in cycles(edges)]
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each package that a chain of imports leads back to, with that chain."""
    out = []
    for start in sorted(edges):
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(edges.get(node, ())):
                if nxt == start:
                    out.append([*path, start])
                    stack.clear()
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return out


def the_code() -> dict[Path, str]:
    return {p.relative_to(ROOT): p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("coopdocs/**/*.py"))}


def test_every_import_follows_the_readme_s_layers():
    assert problems(the_code()) == []


def test_the_readme_gives_the_same_order():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Couches :"))
    named = [word.strip("`,.;") for word in line.split() if word.startswith("`")]
    assert [name for name in named if name in FLOOR] == [n for floor in FLOORS for n in sorted(floor, key=named.index)]


def test_a_planted_wrong_import_is_found():
    code = the_code()
    planted = {
        # a lower floor reaching up, hidden in a function body
        Path("coopdocs/money/costs.py"): code[Path("coopdocs/money/costs.py")]
        + "\n\ndef _planted():\n    from coopdocs.bilan import compute\n",
        # a private module of another package
        Path("coopdocs/forms/logbook.py"): code[Path("coopdocs/forms/logbook.py")]
        + "\nfrom coopdocs.project._load import load_project\n",
        # a relative import into another package's private module
        Path("coopdocs/bilan/charts.py"): code[Path("coopdocs/bilan/charts.py")] + "\nfrom ..documents import _jinja\n",
    }
    found = problems({**code, **planted})
    assert any("money/costs.py" in p and "imports coopdocs.bilan" in p for p in found), found
    assert any("forms/logbook.py" in p and "private module" in p for p in found), found
    assert any("bilan/charts.py" in p and "_jinja" in p for p in found), found
    assert any(p.startswith("cycle between packages: bilan → money") for p in found), found


def test_a_cycle_is_named():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})[0] == ["a", "b", "c", "a"]
