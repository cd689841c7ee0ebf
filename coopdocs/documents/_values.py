"""Small values the document contexts share: a town from an address, a country's name, the
programme's line, the letterhead, a partner's financing rows, an agent's salutation."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from babel import Locale

from coopdocs import french
from coopdocs.documents.contexts import FinancingRow, FundingLine, LetterheadContext
from coopdocs.formats import LOCALES
from coopdocs.office.letterhead import logo_digests
from coopdocs.project.model import Agent, Partner, ProjectFile
from coopdocs.words import label


def inline(address: str) -> str:
    """An address on one line: "2 rue des Salines, 57260 Dieuze, France"."""
    return ", ".join(line.strip() for line in address.strip().splitlines() if line.strip())


def city(address: str) -> str:
    """The town of an address: the text after a postcode on its last such line ("57260 Dieuze")."""
    for line in reversed(address.splitlines()):
        match = re.search(r"\b\d{4,5}\s+(.+?)\s*(?:cedex.*)?$", line.strip(), flags=re.IGNORECASE)
        if match:
            return match.group(1)
    return ""


def agent_salutation(agent: Agent, lang: str) -> str:
    """« Madame, » from the job title (« Chargée de mission ») or `civility`; English by name."""
    if lang != "fr":
        return f"Dear {agent.name},"
    who = french.civility(agent.job_title, agent.civility)
    return f"{who}," if who else "Madame, Monsieur,"


def programme_line(programme: str, cooperation: str, lang: str) -> str:
    """« LEADER 2023-2027 — coopération transnationale », without saying it twice when the
    programme's name already does (in either language). `cooperation`: the key (transnationale…)."""
    said = (
        f"coopération {label('cooperation', cooperation, 'fr')}",
        f"{label('cooperation', cooperation, 'en')} cooperation",
    )
    if any(words.lower() in programme.lower() for words in said):
        return programme
    return f"{programme} — {said[0] if lang == 'fr' else said[1]}"


def footer(project: ProjectFile, lang: str) -> str:
    """Every page's footer: the project, and the file number the managing authority gave."""
    info = project.project
    name = info.acronym or info.title
    if info.operation_number:
        return name + " — " + label("text", "operation", lang).format(number=info.operation_number)
    return name


def letterhead(project: ProjectFile, lang: str) -> LetterheadContext:
    """What every page's header shows: the EU emblem with its statement (CPR 2021/1060 art. 47 and
    annex IX) when the programme is EU-funded, and the project's logos (read when loaded)."""
    info = project.project
    return {
        "emblem": info.with_eu_emblem,
        "statement": label("text", "eu_statement", lang) if info.with_eu_emblem else "",
        "logos": list(info.logos),
        "logo_digests": logo_digests(list(info.logos)),
    }


def financing_rows(funding: list[FundingLine], own: Decimal, total: Decimal, own_label: str) -> list[FinancingRow]:
    """A partner's financing plan: each funder, then its own funds, with their shares of its cost."""
    rows = [(f["source"], f["amount"]) for f in funding]
    rows.append((own_label, own))
    return [
        {"source": source, "amount": amount, "share": float(amount / total) if total else 0.0}
        for source, amount in rows
    ]


def country_name(code: str, lang: str) -> str:
    return Locale.parse(LOCALES[lang]).territories.get(code, code)


def page_frame(project: ProjectFile, lang: str) -> dict[str, Any]:
    """What frames every page of a document coopdocs writes without a template (the bilans)."""
    return {"footer": footer(project, lang), "letterhead": letterhead(project, lang)}


def named_by(name: str, words: str) -> bool:
    """Whether a name already says its kind (« Association Saveurs… » is an association,
    « Syndicat mixte du Parc… » a syndicat mixte): the agreement does not say it twice."""
    return bool(french.plain(words)) and french.plain(name).startswith(french.plain(words))


def type_label(partner: Partner, lang: str) -> str:
    """The partner's kind in words; an EPCI is French law: abroad, an « intercommunale »."""
    if partner.type == "epci" and partner.country != "FR":
        return label("type", "epci_abroad", lang)
    return label("type", partner.type, lang)
