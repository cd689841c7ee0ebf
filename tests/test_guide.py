"""The guide as data is the Cap Rural guide, word for word: checked against the seed itself.

The reader here is deliberately different from scripts/import_guide.py (regular expressions
over the raw HTML instead of an HTML parser), so that a bug in one is caught by the other.
"""

from __future__ import annotations

import html
import json
import re

from conftest import CTE_ITEMS, run, shared_file
from coopdocs.guide import load_guide


def seed_bullets(seed: str) -> list[tuple[str, bool]]:
    """(text, marked CTE) of every non-empty bullet of the seed, in document order."""
    bullets = []
    for match in re.finditer(r"<li>(.*?)(?=<ul|</li>|<li>)", seed, flags=re.S):
        raw = match.group(1)
        text = re.sub(r"<sup>.*?</sup>", "", raw)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        text = " ".join(text.split()).lstrip("✓▪ ").strip()
        cte = "<i>" in raw or "si cte" in raw.lower() or text.endswith("*")
        text = text.removesuffix(" *")
        if text:
            bullets.append((text, cte))
    return bullets


def flat_items() -> list:
    return list(load_guide().items())


def test_every_bullet_of_the_seed_is_an_item_word_for_word_in_order():
    seed = shared_file("seeds/000_eebdb0052eac5e4b.txt").read_text(encoding="utf-8")
    bullets = seed_bullets(seed)
    items = flat_items()
    assert len(bullets) == 197
    assert [i.text for i in items] == [text for text, _ in bullets]
    assert [i.cte for i in items] == [cte for _, cte in bullets]


def test_stage_ids_and_titles_follow_the_spec_table():
    spec = shared_file("spec/project-format.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| ([a-z-]+) \| (.+?) \|$", spec, flags=re.M)
    assert len(rows) == 16
    stages = load_guide().stages
    assert [(str(s.number), s.id, s.title) for s in stages] == rows


def test_item_ids_follow_the_spec():
    guide = load_guide()
    ids = guide.item_ids
    assert len(ids) == 197
    assert ids["suivre-piloter.m2.1"].text == "mettre en place un suivi du temps précis / planning des agents"
    assert {i.id for i in guide.items() if i.cte} == CTE_ITEMS
    for stage in guide.stages:
        for column, letter in (("methods", "m"), ("vigilance", "v")):
            for n, item in enumerate(getattr(stage, column), start=1):
                assert item.id == f"{stage.id}.{letter}{n}"
                for k, child in enumerate(item.children, start=1):
                    assert child.id == f"{item.id}.{k}"
    # The guide leaves the vigilance column of stage 12 empty, and two bullets empty.
    assert guide.stage("moyens-partages").vigilance == ()
    assert [i.id for i in guide.stage("formaliser-partenariat").vigilance][-1] == "formaliser-partenariat.v4"


def test_checklist_json_is_the_whole_guide():
    result = run("checklist", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["source"]["author"].startswith("Cap Rural")
    assert [s["id"] for s in data["stages"]] == load_guide().stage_ids
    stage = data["stages"][12]
    assert set(stage) >= {"id", "number", "title", "methods", "vigilance"}
    item = stage["methods"][1]
    assert item == {
        "id": "suivre-piloter.m2",
        "text": "donner un cadre administratif précis ( !! libellé des factures etc.)",
        "tags": [],
        "children": [
            {
                "id": "suivre-piloter.m2.1",
                "text": "mettre en place un suivi du temps précis / planning des agents",
                "tags": [],
                "children": [],
            }
        ],
    }

    def count(items):
        return sum(1 + count(i["children"]) for i in items)

    assert sum(count(s["methods"]) + count(s["vigilance"]) for s in data["stages"]) == 197


def test_the_committed_data_is_what_the_import_script_makes():
    import importlib.util
    from pathlib import Path

    seed = shared_file("seeds/000_eebdb0052eac5e4b.txt").read_text(encoding="utf-8")
    script = Path(__file__).resolve().parent.parent / "scripts" / "import_guide.py"
    spec = importlib.util.spec_from_file_location("import_guide", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = json.loads((Path(__file__).resolve().parent.parent / "coopdocs/guide/cap_rural.json").read_text())
    assert module.parse(seed) == committed
