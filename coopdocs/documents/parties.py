"""How a partner is named and who signs for it, in a document's language.

French needs the article, its contractions and elisions ("le GAL…", "du GAL…", "de l'Association…",
"au GAL…"); a GAL without legal personality is a party through its host body, "agissant pour le
GAL…" (shared/spec/project-format.md, `host_body`, `article`).
"""

from __future__ import annotations

from coopdocs import french
from coopdocs.documents._values import inline, named_by
from coopdocs.documents.contexts import NameForms, PartyContext, PersonContext
from coopdocs.project.model import Partner, Person


def name_forms(name: str, article: str | None, lang: str) -> NameForms:
    """`the_name`, `of_name`, `to_name`, `for_name`: the name as each construction needs it."""
    if lang != "fr":
        return {"the_name": name, "of_name": f"of {name}", "to_name": f"to {name}", "for_name": f"For {name}"}
    return {
        "the_name": french.the(name, article),
        "of_name": french.of(name, article),
        "to_name": french.to(name, article),
        "for_name": "Pour " + french.the(name, article),
    }


def legal_id_text(legal_id: str | None, country: str, lang: str) -> str:
    """« SIRET 200 034 567 00012 »: a French number of digits is a SIRET; other numbers as given."""
    if not legal_id:
        return ""
    digits = legal_id.replace(" ", "")
    if country == "FR" and digits.isdigit() and len(digits) == 14:
        return f"SIRET {legal_id}"
    return legal_id


def person(who: Person, lang: str) -> PersonContext:
    """A signatory or addressee: name, title, and the salutation a letter to them opens with."""
    if lang == "fr":
        salutation = french.salutation(who.title, who.civility)
        address = french.address_form(who.title, who.civility)
        of_name = french.of_person(who.name)
    else:
        civility = french.civility(who.title, who.civility)
        surname = who.name.split()[-1] if who.name.split() else who.name
        salutation = f"Dear {ENGLISH_CIVILITY[civility]} {surname}," if civility else f"Dear {who.name},"
        address = ""
        of_name = f"of {who.name}"
    return {
        "name": who.name,
        "title": who.title,
        "salutation": salutation,
        "address_form": address,
        "of_name": of_name,
    }


ENGLISH_CIVILITY = {"Madame": "Ms", "Monsieur": "Mr"}


def party(partner: Partner, lang: str) -> PartyContext:
    """The legal person that signs for the partner: the partner itself, or its host body."""
    forms = name_forms(partner.name, partner.article, lang)
    host = partner.host_body
    if host is None:
        return {
            "name": partner.name,
            "legal_form": "",
            "legal_id": partner.legal_id or "",
            "legal_id_text": legal_id_text(partner.legal_id, partner.country, lang),
            "address": partner.address.strip(),
            "address_inline": inline(partner.address),
            "representative": person(partner.representative, lang),
            "acting_for": "",
            **forms,
        }
    host_forms = name_forms(host.name, None, lang)
    acting = f"agissant pour {forms['the_name']}" if lang == "fr" else f"acting for {partner.name}"
    return {
        "name": host.name,
        "legal_form": "" if named_by(host.name, host.legal_form or "") else host.legal_form or "",
        "legal_id": host.legal_id or "",
        "legal_id_text": legal_id_text(host.legal_id, partner.country, lang),
        "address": host.address.strip(),
        "address_inline": inline(host.address),
        "representative": person(host.representative, lang),
        "acting_for": acting,
        **host_forms,
    }
