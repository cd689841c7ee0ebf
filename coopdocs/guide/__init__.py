"""The Cap Rural guide as data (cap_rural.json, imported word for word by scripts/import_guide.py).

Queries: stages, items by id, and the items relevant to a kind of cooperation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    tags: tuple[str, ...]
    children: tuple[Item, ...] = field(default_factory=tuple)

    @property
    def cte(self) -> bool:
        return "cte" in self.tags

    @property
    def column(self) -> str:
        """`m` (méthodes et outils) or `v` (points de vigilance)."""
        return self.id.split(".")[1][0]


@dataclass(frozen=True)
class Stage:
    id: str
    number: int
    title: str
    methods: tuple[Item, ...]
    vigilance: tuple[Item, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guide:
    source: dict
    stages: tuple[Stage, ...]

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    @cached_property
    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]

    def items(self) -> Iterator[Item]:
        """Every item and sub-item, in the guide's order."""
        for stage in self.stages:
            yield from walk(stage.methods)
            yield from walk(stage.vigilance)

    @cached_property
    def item_ids(self) -> dict[str, Item]:
        return {item.id: item for item in self.items()}


def walk(items: tuple[Item, ...]) -> Iterator[Item]:
    for item in items:
        yield item
        yield from walk(item.children)


def _item(raw: dict) -> Item:
    return Item(raw["id"], raw["text"], tuple(raw["tags"]), tuple(_item(c) for c in raw["children"]))


@cache
def load_guide() -> Guide:
    raw = json.loads(files(__package__).joinpath("cap_rural.json").read_text(encoding="utf-8"))
    stages = tuple(
        Stage(
            s["id"],
            s["number"],
            s["title"],
            tuple(_item(i) for i in s["methods"]),
            tuple(_item(i) for i in s["vigilance"]),
            tuple(s.get("notes", ())),
        )
        for s in raw["stages"]
    )
    return Guide(raw["source"], stages)


def keep_for(items: tuple[Item, ...], transnational: bool) -> tuple[Item, ...]:
    """Drop the CTE-specific items (and their sub-items) outside transnational projects."""
    return tuple(
        Item(i.id, i.text, i.tags, keep_for(i.children, transnational)) for i in items if transnational or not i.cte
    )
