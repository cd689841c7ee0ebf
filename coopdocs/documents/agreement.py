"""What the partnership agreement sees beyond the project overview: its parties, its legal model,
its articles' numbers, the financing plan by partner and source.

The legal model follows `programme_kind` (shared/spec/project-format.md, version 2): `leader`, each
local action group paid by its own managing authority; `interreg`, the lead-partner principle
(Reg. (EU) 2021/1059 art. 26); `autre`, national or regional funds. The clauses themselves are
text, in templates/convention-partenariat.<lang>.yaml.
"""

from __future__ import annotations

from typing import Any

from coopdocs.documents.context import Builder

# The agreement's articles, in order; `observers` only when the project has associated partners.
ARTICLES = (
    "object",
    "duration",
    "lead",
    "partners",
    "observers",
    "roles",
    "governance",
    "budget",
    "payments",
    "changes",
    "reporting",
    "controls",
    "eligibility",
    "durability",
    "visibility",
    "data",
    "property",
    "liability",
    "withdrawal",
    "language",
    "law",
    "final",
)


def article_numbers(with_observers: bool) -> dict[str, int]:
    """Each clause's number, so that cross references follow when a clause is absent."""
    present = [a for a in ARTICLES if with_observers or a != "observers"]
    return {name: number for number, name in enumerate(present, start=1)}


def agreement_context(b: Builder) -> dict[str, Any]:
    overview = b.overview()
    partners = overview["partners"]
    signatories = [p for p in partners if not p["observer"]]
    observers = [p for p in partners if p["observer"]]
    info = b.project.project
    lead = b.partner(b.project.partner(info.lead_partner))
    law = info.governing_law or b.t("default_law", country=lead["country_name"])
    originals = info.signature.originals or len(partners)
    return {
        **overview,
        "governance": b.governance(),
        "signatories": signatories,
        "observers": observers,
        "art": article_numbers(bool(observers)),
        "agreement": {
            "model": info.legal_model,
            "law": law,
            "cross_border": len({p["country"] for p in partners}) > 1,
            "place": info.signature.place or info.place or lead["city"],
            "originals": originals,
            "one_each": originals == len(partners),
            "versions_text": versions_clause(b),
            "financing": [
                {"short": p["short"], "rows": p["financing"], "total": p["budget_total"]}
                for p in overview["budget"]["partners"]
            ],
        },
    }


def versions_clause(b: Builder) -> str:
    """The language article's sentence: the versions written (`agreement.languages`) and which
    prevails (`agreement.authentic`), the same in every version."""
    from coopdocs.project.naming import agreement_languages, authentic
    from coopdocs.words import words

    said = words("agreement_version", b.lang)
    languages = agreement_languages(b.project)
    versions = said["and"].join(said[lang] for lang in languages)
    prevails = authentic(b.project)
    if prevails == "all" and len(languages) > 1:
        return said["all"].format(versions=versions)
    which = said[f"{prevails if prevails != 'all' else languages[0]}_version"]
    return said["one" if len(languages) == 1 else "several"].format(versions=versions, prevails=which)
