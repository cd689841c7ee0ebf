"""Turn the Cap Rural guide (the HTML table of the seed text) into coopdocs/guide/cap_rural.json.

Run once when the guide changes:  python scripts/import_guide.py tests/data/guide-cap-rural.txt
The JSON is committed; tests/test_guide.py checks it against the seed with an independent reader.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

STAGES = [
    ("identifier-besoin", "Identifier un besoin, un problème, une attente, l'expliciter"),
    ("lever-freins", "Lever les freins à la coopération"),
    ("identifier-acteurs", "Identifier les acteurs concernés ou à associer sur le territoire"),
    ("mobiliser-acteurs", "Recruter / mobiliser les acteurs du territoire"),
    ("engager-acteurs", "Les engager dans la démarche"),
    ("organiser-synergie", "Construire / organiser la synergie des acteurs locaux"),
    (
        "rechercher-partenaires",
        "Rechercher des complémentarités / Faire connaître son besoin / Identifier des partenaires « extérieurs »",
    ),
    ("contacter-partenaires", "Entrer en contact avec ces partenaires"),
    ("se-connaitre", "Apprendre à se connaître, à travailler ensemble"),
    ("construire-projet", "Construire un projet commun"),
    ("formaliser-partenariat", "Formaliser le partenariat et le projet"),
    ("moyens-partages", "Se doter de moyens d'action partagés"),
    ("suivre-piloter", "Suivre, piloter le projet, évaluer"),
    ("rendre-compte", "Rendre compte – Communiquer"),
    ("capitaliser", "Capitaliser, valoriser l'action et se projeter"),
    ("anticiper-controles", "Anticiper les contrôles"),
]

SOURCE = {
    "title": "Conduire des démarches ou des projets de coopération — Méthodes, outils et points de vigilance",
    "author": "Cap Rural, pôle Coopérations",
    "note": "Texte reproduit mot pour mot ; les puces vides ne sont pas des éléments ; "
    "les éléments en italique ou marqués « si CTE » ou « * » portent l'étiquette cte "
    "(Coopération Territoriale Européenne), l'astérisque et l'appel de note sont retirés.",
}

MARKERS = "✓▪"


def clean(text: str) -> str:
    """Collapse white space, drop the bullet marker and the trailing CTE asterisk."""
    text = re.sub(r"\s+", " ", text).strip()
    text = text.lstrip(MARKERS).strip()
    if text.endswith(" *"):
        text = text[:-2].rstrip()
    return text


class ColumnParser(HTMLParser):
    """Builds the nested bullet lists of one column, remembering italics per item."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []
        self.stack: list[dict] = []  # open <li>
        self.lists: list[list[dict]] = []  # open <ul>: the list new <li> go into
        self.italic = 0
        self.sup = 0
        self.notes: list[str] = []
        self.in_p = False

    def handle_starttag(self, tag, attrs):
        if tag == "ul":
            self.lists.append(self.stack[-1]["children"] if self.stack else self.items)
        elif tag == "li":
            item = {"raw": [], "italic": [], "children": []}
            self.lists[-1].append(item)
            self.stack.append(item)
        elif tag == "i":
            self.italic += 1
        elif tag == "sup":
            self.sup += 1
        elif tag == "p":
            self.in_p = True
            self.notes.append("")

    def handle_endtag(self, tag):
        if tag == "ul":
            self.lists.pop()
        elif tag == "li":
            self.stack.pop()
        elif tag == "i":
            self.italic -= 1
        elif tag == "sup":
            self.sup -= 1
        elif tag == "p":
            self.in_p = False

    def handle_data(self, data):
        if self.sup:
            return
        if self.stack:
            self.stack[-1]["raw"].append(data)
            if data.strip() and data.strip() not in MARKERS:
                self.stack[-1]["italic"].append(bool(self.italic))
        elif self.in_p:
            self.notes[-1] += data


def finish(items: list[dict], prefix: str) -> list[dict]:
    """Give ids in the guide's order, skipping empty bullets; tag the CTE items."""
    out = []
    for raw in items:
        text = clean("".join(raw["raw"]))
        if not text:
            continue
        number = len(out) + 1
        ident = f"{prefix}{number}" if prefix[-1] in "mv" else f"{prefix}.{number}"
        joined = "".join(raw["raw"])
        cte = (
            (raw["italic"] and all(raw["italic"]))
            or re.search(r"\bsi CTE\b", joined, re.IGNORECASE) is not None
            or joined.rstrip().endswith("*")
        )
        out.append(
            {
                "id": ident,
                "text": text,
                "tags": ["cte"] if cte else [],
                "children": finish(raw["children"], ident),
            }
        )
    return out


def parse_column(html: str, prefix: str) -> tuple[list[dict], list[str]]:
    parser = ColumnParser()
    parser.feed(html)
    notes = [clean(n) for n in parser.notes if clean(n)]
    return finish(parser.items, prefix), notes


def parse(seed: str) -> dict:
    rows = [line for line in seed.splitlines() if "\t" in line and not line.startswith("Etapas des projets")]
    if len(rows) != len(STAGES):
        raise SystemExit(f"{len(rows)} lignes d'étapes trouvées, {len(STAGES)} attendues")
    stages = []
    for number, ((ident, title), row) in enumerate(zip(STAGES, rows), start=1):
        cells = row.split("\t")
        cells += [""] * (3 - len(cells))
        methods, notes = parse_column(cells[1], f"{ident}.m")
        vigilance, more = parse_column(cells[2], f"{ident}.v")
        stage = {
            "id": ident,
            "number": number,
            "title": title,
            "methods": methods,
            "vigilance": vigilance,
        }
        if notes + more:
            stage["notes"] = notes + more
        stages.append(stage)
    return {"source": SOURCE, "stages": stages}


def main() -> None:
    seed = Path(sys.argv[1]).read_text(encoding="utf-8")
    target = Path(__file__).resolve().parent.parent / "coopdocs" / "guide" / "cap_rural.json"
    data = parse(seed)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    count = sum(1 for _ in walk(data))
    print(f"{target}: {len(data['stages'])} étapes, {count} éléments")


def walk(data: dict):
    def rec(items):
        for item in items:
            yield item
            yield from rec(item["children"])

    for stage in data["stages"]:
        yield from rec(stage["methods"])
        yield from rec(stage["vigilance"])


if __name__ == "__main__":
    main()
