"""The agreement's sentence on the flat rates: « (taux forfaitaires arrondis au centime inférieur —
frais de bureau : 15 % des frais de personnel) » when every partner applies the same ones; each
partner's own when they differ (`partners[].flat_rates`: in LEADER each local action group follows
its managing authority): « … — frais de bureau : 15 % des frais de personnel pour le GAL X ; coûts
réels pour les autres partenaires) ». The article is cited where Reg. (EU) 2021/1060 and 2021/1059
govern the programme (Interreg), never otherwise."""

from __future__ import annotations

from decimal import Decimal

from coopdocs.documents.parties import name_forms
from coopdocs.formats import percent
from coopdocs.project.flat import rates_of
from coopdocs.project.model import ProjectFile
from coopdocs.words import label


def flat_text(project: ProjectFile, partner_ids: list[str], lang: str) -> str:
    """The sentence for the partners of the budget (`partner_ids`), "" when none applies a flat rate."""
    groups: dict[tuple[tuple[str, Decimal], ...], list[str]] = {}
    for partner in partner_ids:
        rates = tuple((k, v) for k, v in rates_of(project, partner).items() if v is not None)
        groups.setdefault(rates, []).append(partner)
    if not any(groups):
        return ""
    if len(groups) == 1:
        said = [_part(project, k, v, lang) for k, v in next(iter(groups))]
    else:
        said = [
            _said(
                "flat_for",
                lang,
                rates=", ".join(_part(project, k, v, lang) for k, v in rates),
                name=_names(project, ids, lang),
            )
            for rates, ids in groups.items()
            if rates
        ]
        real = groups.get((), [])
        if real:  # named when one, else « les autres partenaires »: every other one is named before
            said.append(
                _said("flat_real_others", lang)
                if len(real) > 1
                else _said("flat_real_for", lang, name=_names(project, real, lang))
            )
    return f" ({_said('flat_intro', lang)}{_said('flat_between', lang).join(said)})"


def _part(project: ProjectFile, key: str, rate: Decimal, lang: str) -> str:
    """« frais de bureau : 15 % des frais de personnel », with its article under Interreg."""
    text = _said(f"flat_{key}", lang, rate=percent(float(rate), lang))
    if project.project.legal_model != "interreg":
        return text
    return f"{text} ({label('flat_article', key, lang)})"


def _names(project: ProjectFile, partner_ids: list[str], lang: str) -> str:
    """« le GAL X », « le GAL X et l'Association Y »: the partners as a sentence names them."""
    names = []
    for ident in partner_ids:
        partner = project.partner(ident)
        names.append(name_forms(partner.short_name or partner.name, partner.article, lang)["the_name"])
    last = names.pop()
    return f"{', '.join(names)} {_said('flat_and', lang)} {last}" if names else last


def _said(key: str, lang: str, **values: object) -> str:
    return label("text", key, lang).format(**values)
