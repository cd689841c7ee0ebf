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
from coopdocs.documents.kind_contexts import AgreementExtra, LumpSumContext
from coopdocs.words import label

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


def agreement_context(b: Builder) -> AgreementExtra:
    overview = b.overview()
    partners = overview["partners"]
    signatories = [p for p in partners if not p["observer"]]
    observers = [p for p in partners if p["observer"]]
    info = b.project.project
    lead = b.partner(b.project.partner(info.lead_partner))
    law = info.governing_law or b.t("default_law", country=lead["country_name"])
    if b.lang == "fr":
        from coopdocs.french import with_article

        law = with_article(law)  # « régie par le droit français »
    originals = info.signature.originals or len(partners)
    lump_sums = lump_sum_lines(b)
    for wp in overview["work_packages"]:  # each lump sum beside the deliverable that triggers it
        shorts = {x["index"]: x["short"] for x in lump_sums if x["wp_id"] == wp["id"] and x["index"] is not None}
        wp["deliverables_text"] = "; ".join(
            f"{d['title']} ({shorts[i]})" if i in shorts else d["title"] for i, d in enumerate(wp["deliverables"])
        )
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
            "lump_sums": lump_sums,
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


def lump_sum_lines(b: Builder) -> list[LumpSumContext]:
    """Each lump sum of the budget (CPR art. 53(1)(c)) said in the budget article: its partner, its
    label, its amount, the deliverable that triggers it and its work package's code."""
    from coopdocs.formats import money
    from coopdocs.project.naming import wp_code

    currency = b.project.project.currency
    found: list[LumpSumContext] = []
    for line in b.project.budget.lines:
        if line.kind != "lump_sum":
            continue
        partner = b.project.partner(line.partner)
        amount = money(line.cost, b.lang, currency)
        name = line.label or label("category", line.category, b.lang)
        code = wp_code(b.project, line.wp) if line.wp else ""
        said = label("lump_sum", "with_deliverable" if line.deliverable else "plain", b.lang)
        text = said.format(
            partner=partner.short_name or partner.name,
            label=name,
            amount=amount,
            deliverable=line.deliverable or "",
            wp=f" ({code})" if code else "",
        )
        short = label("lump_sum", "short", b.lang).format(amount=amount)
        found.append({"text": text, "short": short, "wp_id": line.wp or "", "index": _deliverable(b, line)})
    return found


def _deliverable(b: Builder, line: Any) -> int | None:
    """The place, in its work package, of the deliverable a lump sum names (in any language)."""
    wp = next((w for w in b.source.work_packages if w.id == line.wp), None)
    for i, d in enumerate(wp.deliverables if wp and line.deliverable else ()):
        if line.deliverable in {str(d.title), *getattr(d.title, "texts", {}).values()}:
            return i
    return None
