"""The guide map: which items of the Cap Rural guide each document serves, and for whom.

Each entry names one item and its audience:
- `signataire`: the partner or agent who signs (or, for an unsigned document, who reads it):
  the item is shown in the document — in a signed one, in a short « points d'attention » box;
- `equipe`: the project team, who checks it before sending the document
  (`suivi/preparation.xlsx`); never shown in a signed document.

A map of the former format (`document: [stage or item ids]`) still loads: there, a stage
stands for all its items, an item for itself and its sub-items; in an unsigned document they
are shown (`signataire`), in a signed one they become the team's (`equipe`), because nobody
chose them for the person who signs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from coopdocs.errors import Problem, ProjectError
from coopdocs.guide import Guide, Item, load_guide, walk
from coopdocs.kinds import DOCUMENTS, EXPENSES, SIGNED, TIMESHEETS
from coopdocs.project.source import Loaded
from coopdocs.words import known_list, suggest

SIGNATORY, TEAM = "signataire", "equipe"
AUDIENCES = (SIGNATORY, TEAM)
MAX_POINTS = 4  # a signed document's « points d'attention » box stays short
KINDS = tuple(dict.fromkeys((*DOCUMENTS, *SIGNED, EXPENSES, TIMESHEETS)))
KEYS = ("point", "public", "raison")
OPTIONAL = ("raison_en",)  # the reason for a reader working in English
FORMER = "(carte de l'ancien format)"


@dataclass(frozen=True)
class Mapped:
    """One guide item for one document: who it is for and why (one line, French; in English too
    when the map gives `raison_en`)."""

    item: str
    audience: str
    reason: str
    reason_en: str = ""

    def reason_in(self, lang: str) -> str:
        """The reason in `lang`; the French one when the map has no English one."""
        return self.reason_en if lang == "en" and self.reason_en else self.reason


GuideMap = dict[str, tuple[Mapped, ...]]


def for_audience(entries: tuple[Mapped, ...] | list[Mapped], audience: str) -> list[Mapped]:
    return [e for e in entries if e.audience == audience]


def parse(loaded: Loaded) -> GuideMap:
    """The map of a loaded guide-map.yaml, every problem located in the file at once."""
    guide = load_guide()
    problems: list[Problem] = []
    result: GuideMap = {}
    for kind, entries in loaded.data.items():
        if kind not in KINDS:
            where = f"{suggest(str(kind), list(KINDS))} ({known_list(list(KINDS))})"
            problems.append(loaded.problem((kind,), f"document `{kind}` inconnu{where}", key=True))
            continue
        if not isinstance(entries, list):
            problems.append(loaded.problem((kind,), "doit être une liste de points du guide"))
            continue
        mapped: dict[str, Mapped] = {}  # item → its entry; a former-format overlap keeps the first
        for i, entry in enumerate(entries):
            found, problem = _entry(guide, kind, entry)
            if isinstance(entry, dict) and found and found[0].item in mapped:
                problem = (("point",), f"`{found[0].item}` est déjà cité pour `{kind}` : gardez-en un seul")
            for one in found:
                mapped.setdefault(one.item, one)
            if problem:
                problems.append(loaded.problem((kind, i, *problem[0]), problem[1]))
        shown = for_audience(list(mapped.values()), SIGNATORY)
        if kind in SIGNED and len(shown) > MAX_POINTS:
            problems.append(
                loaded.problem(
                    (kind,),
                    f"{len(shown)} points `signataire` dans un document signé : {MAX_POINTS} au plus "
                    "(passez les autres en `public: equipe`)",
                )
            )
        result[kind] = tuple(mapped.values())
    if problems:
        raise ProjectError(problems)
    return result


Located = tuple[tuple[str | int, ...], str]


def _entry(guide: Guide, kind: str, entry: Any) -> tuple[list[Mapped], Located | None]:
    """One entry: a mapping (point, public, raison) or, in the former format, a stage or item id."""
    if isinstance(entry, str):
        return _former(guide, kind, entry)
    if not isinstance(entry, dict):
        return [], ((), "doit être `{point: …, public: signataire|equipe, raison: …}`")
    unknown = [k for k in entry if k not in (*KEYS, *OPTIONAL)]
    if unknown:
        known = [*KEYS, *OPTIONAL]
        return [], (
            (unknown[0],),
            f"clé `{unknown[0]}` inconnue{suggest(str(unknown[0]), known)} (connues : {', '.join(known)})",
        )
    if "raison_en" in entry and not (isinstance(entry["raison_en"], str) and entry["raison_en"].strip()):
        return [], (("raison_en",), "`raison_en` : la raison en anglais, en une ligne de texte")
    missing = [k for k in KEYS if not isinstance(entry.get(k), str) or not entry[k].strip()]
    if missing:
        return [], ((), f"`{missing[0]}` manque (chaque point a un `point`, un `public` et une `raison`)")
    item, audience = entry["point"], entry["public"]
    if item not in guide.item_ids:
        close = suggest(item, list(guide.item_ids))
        return [], (("point",), f"`{item}` n'est pas un point du guide{close} (identifiants de `coopdocs checklist`)")
    if audience not in AUDIENCES:
        return [], (("public",), f"`{audience}` : le public est `signataire` ou `equipe`")
    english = " ".join(str(entry.get("raison_en", "")).split())
    return [Mapped(item, audience, " ".join(entry["raison"].split()), english)], None


def _former(guide: Guide, kind: str, entry: str) -> tuple[list[Mapped], Located | None]:
    audience = TEAM if kind in SIGNED else SIGNATORY
    if entry in guide.stage_ids:
        stage = guide.stage(entry)
        items: list[Item] = [*walk(stage.methods), *walk(stage.vigilance)]
    elif entry in guide.item_ids:
        items = list(walk((guide.item_ids[entry],)))
    else:
        return [], ((), f"`{entry}` n'est ni une étape ni un point du guide")
    return [Mapped(i.id, audience, FORMER) for i in items], None


def in_guide_order(entries: tuple[Mapped, ...] | list[Mapped]) -> Iterator[tuple[Item, Mapped]]:
    """The entries' items, in the guide's order."""
    guide = load_guide()
    by_id = {e.item: e for e in entries}
    for item in guide.items():
        if item.id in by_id:
            yield item, by_id[item.id]


def markdown(guide_map: GuideMap) -> str:
    """docs/guide-par-document.md: each document's items, with audience and reason (the test
    tests/test_docs.py checks the committed page is what the built-in map gives)."""
    from coopdocs.words import label

    audience = {SIGNATORY: "signataire (montré)", TEAM: "équipe (à vérifier avant l'envoi)"}
    lines = [
        "# Les points du guide dans chaque document",
        "",
        "<!-- Page générée depuis guide-map.yaml par `make generate` : ne pas la modifier à la main. -->",
        "",
        "Chaque document cite, un par un, les points du guide Cap Rural « Conduire des démarches ou des",
        "projets de coopération » qu'il sert (coopdocs/documents/builtin/guide-map.yaml), chacun avec",
        "son public et la raison de ce choix :",
        "",
        "- **signataire** : la personne qui signe (pour un document non signé, qui le lit). Le point est",
        "  montré dans le document : dans un document signé, dans un court encadré « Points d'attention »",
        f"  placé après les signatures ({MAX_POINTS} points au plus, sans case à cocher) ; dans un document",
        "  non signé, dans la check-list avec le statut du projet ;",
        "- **équipe** : l'équipe projet, qui le vérifie avant d'envoyer le document ; il n'est jamais",
        "  montré dans un document signé, mais listé dans `suivi/preparation.xlsx` avec son statut, sa",
        "  remarque, qui l'a vérifié et quand, et l'état du document (produit, modifié, rempli, signé).",
        "",
        "Un document est « signé » dans `suivi/preparation.xlsx` quand la remarque (`note`) d'un de ses",
        "points dans la `checklist` du fichier projet le dit : « signé » (signée, signés, signées) seul",
        "vaut pour tous les documents de ce type, « signées : gal-a, gal-b » pour ceux des partenaires,",
        "agents ou réunions nommés ; « non signé » et « pas signé » ne comptent pas.",
        "",
        "Documents signés : " + ", ".join(f"`{k}`" for k in SIGNED) + ". Les points CTE ne valent que",
        "dans les projets transnationaux et transfrontaliers.",
        "",
        "Pour changer ce choix, copiez `guide-map.yaml` dans votre dossier de modèles. L'ancien format",
        "(`document: [étapes ou points]`) est encore lu : une étape y vaut tous ses points, un point",
        "lui-même et ses sous-points ; ils sont montrés dans un document non signé et deviennent ceux",
        "de l'équipe dans un document signé (personne ne les a choisis pour celui qui signe).",
        "",
    ]
    guide = load_guide()
    for kind, entries in guide_map.items():
        signed = " — document signé" if kind in SIGNED else ""
        lines += [f"## {label('document', kind, 'fr')} (`{kind}`){signed}", ""]
        lines += ["| Point | Texte du guide | Public | Raison |", "|---|---|---|---|"]
        for who in AUDIENCES:
            for item, entry in in_guide_order(for_audience(entries, who)):
                cells = [f"`{item.id}`", guide.item_ids[item.id].text, audience[who], entry.reason]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    """`make generate` writes docs/guide-par-document.md with this."""
    from coopdocs.documents.search_path import TemplatePath

    print(markdown(TemplatePath().guide_map()), end="")
