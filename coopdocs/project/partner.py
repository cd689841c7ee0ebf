"""The people and organisations of a project file: partners, the host body that signs for a GAL,
representatives and contacts."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, ValidationInfo, field_validator, model_validator

from coopdocs.project._types import EMAIL, Slug, Strict, Text, one_of, refused
from coopdocs.project.evaluation import Location
from coopdocs.project.money import FlatRates

Language = Literal["fr", "en"]
PartnerType = Literal["collectivite", "epci", "gal", "association", "entreprise", "etablissement-public", "autre"]
Article = Literal["le", "la", "l'", "les", ""]


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from Babel's territory names (already a dependency)."""
    from babel import Locale

    codes = (str(code) for code in Locale("fr").territories)
    not_countries = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}  # Babel's groupings and pseudo-locales
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha() and code not in not_countries)


Country = Annotated[str, one_of(countries, "unknown-country")]


class Person(Strict):
    name: Text = Field(description="Nom et prénom.")
    title: Text = Field(description="Fonction (ex. « Président », « Directrice »).")
    civility: Literal["Madame", "Monsieur"] | None = Field(
        default=None,
        description="Madame ou Monsieur, pour l'appel des lettres (défaut : déduit de la fonction, "
        "« Présidente » → Madame ; sinon « Madame, Monsieur, »).",
    )


class Signature(Strict):
    place: str | None = Field(default=None, description="Lieu de signature de la convention.")
    originals: int | None = Field(
        default=None, ge=1, le=50, description="Nombre d'originaux (défaut : un par partie signataire)."
    )


class Agreement(Strict):
    """The agreement's versions: every signing party reads what it signs."""

    languages: list[Language] | None = Field(
        default=None,
        min_length=1,
        description="Langues de la convention (défaut : chaque langue de ses parties signataires).",
    )
    authentic: Literal["fr", "en", "all"] | None = Field(
        default=None,
        description="Version qui fait foi : fr, en, ou all (toutes également) ; défaut : la langue du projet.",
    )


def signer_as_written(partner: object) -> object:
    """Who signs for a partner, as the file writes it (before validation): its host body's
    representative for a GAL, else its own; None when the file does not say."""
    if not isinstance(partner, dict):
        return None
    body = partner.get("host_body")
    return (body if isinstance(body, dict) else partner).get("representative")


def supervisors_by_default(value: object) -> object:
    """The file's data with a `supervisor` for each agent without one: whoever signs for the
    employer (its legal representative, its host body's for a GAL), who signs the mission letter
    too. The data read is not changed: the agents are copied."""
    if not isinstance(value, dict) or not isinstance(value.get("agents"), list):
        return value
    partners: list[Any] = value["partners"] if isinstance(value.get("partners"), list) else []
    signers = {p["id"]: signer_as_written(p) for p in partners if isinstance(p, dict) and isinstance(p.get("id"), str)}
    agents = []
    for agent in value["agents"]:
        employer = agent.get("partner") if isinstance(agent, dict) else None
        signer = signers.get(employer) if isinstance(employer, str) else None
        if isinstance(agent, dict) and agent.get("supervisor") is None:  # absent, or null
            agent = {k: v for k, v in agent.items() if k != "supervisor"}
            if isinstance(signer, dict):  # else an unknown employer or a wrong signer: named elsewhere
                agent["supervisor"] = signer
        agents.append(agent)
    return {**value, "agents": agents}


class HostBody(Strict):
    """The legal person that signs for a partner without legal personality (a French GAL)."""

    name: Text = Field(description="Raison sociale de la structure porteuse.")
    legal_form: str | None = Field(default=None, description="Forme juridique (ex. « syndicat mixte »).")
    legal_id: str | None = Field(default=None, description="SIRET ou numéro d'enregistrement.")
    address: Text = Field(  # type: ignore[assignment]  # filled before validation (Partner)
        default=None, description="Adresse postale (défaut : celle du partenaire)."
    )
    representative: Person = Field(description="Représentant légal de la structure porteuse, qui signe.")


class Contact(Strict):
    name: Text = Field(description="Nom de la personne à contacter.")
    email: str = Field(pattern=EMAIL, description="Adresse électronique.")
    phone: str | None = Field(default=None, description="Téléphone.")


def _given(person: object) -> bool:
    """A person written in the file (a form left empty sends a name and a title without words)."""
    if not isinstance(person, dict):
        return person is not None
    return any(v not in (None, "") for v in person.values())


class Partner(Strict):
    id: Slug
    name: Text = Field(description="Raison sociale.")
    short_name: str | None = Field(default=None, description="Nom court.")
    type: PartnerType = Field(description="Nature juridique du partenaire.")
    country: Country = Field(pattern=r"^[A-Z]{2}$", description="Pays (code ISO 3166-1 alpha-2, ex. FR, BE, NO).")

    subdivision: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$", description="Subdivision ISO 3166-2, ex. FR-57."
    )
    address: Text = Field(description="Adresse postale (plusieurs lignes possibles).")
    legal_id: str | None = Field(default=None, description="SIRET, numéro de TVA ou d'enregistrement.")
    language: Language | None = Field(default=None, description="Langue des documents du partenaire.")
    representative: Person = Field(
        description="Représentant légal, qui signe (un GAL sans le sien : celui de sa structure porteuse)."
    )
    contact: Contact = Field(description="Personne à contacter.")
    role: Text | None = Field(default=None, description="Rôle dans le projet.")
    observer: StrictBool = Field(
        default=False,
        description="Partenaire associé (observateur) : sans budget ni obligation financière ; reçoit une lettre "
        "de soutien et signe seulement l'article qui le concerne.",
    )
    host_body: HostBody | None = Field(
        default=None,
        description="Structure porteuse qui signe pour un partenaire sans personnalité juridique (un GAL).",
    )
    article: Article | None = Field(
        default=None,
        description='Article devant le nom en français : le, la, l\', les, ou "" pour aucun (défaut : déduit '
        "du nom, « GAL » → le, « Association » → l').",
    )

    location: Location | None = Field(
        default=None,
        description="Où placer le partenaire sur la carte de la fiche d'expérience {lat, lon} (défaut : le "
        "centre de son pays).",
    )
    flat_rates: FlatRates | None = Field(
        default=None,
        description="Taux forfaitaires propres au partenaire, à la place de ceux du budget (`{}` : aucun taux "
        "forfaitaire, coûts réels) ; en LEADER, chaque GAL suit ceux de son autorité de gestion.",
    )

    @model_validator(mode="before")
    @classmethod
    def _host_body_at_its_address(cls, value: object) -> object:
        """A GAL's host body without an address is at the GAL's (where the GAL is housed), a GAL
        without a representative of its own is presided by its host body's; the file's data is
        not changed."""
        if not isinstance(value, dict) or not isinstance(value.get("host_body"), dict):
            return value
        host = value["host_body"]
        if not _given(value.get("representative")) and _given(host.get("representative")):
            value = {**value, "representative": host["representative"]}  # one person presides both
        if host.get("address") is not None or value.get("address") is None:
            return value
        return {**value, "host_body": {**host, "address": value.get("address")}}

    @field_validator("subdivision")
    @classmethod
    def _subdivision_in_country(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A subdivision only changes the public holidays. One the holidays package does not know
        (FR-05, a correct code without holidays of its own) is not an error: the project
        warnings say that its time sheets count the country's holidays only."""
        country = info.data.get("country")
        if value is None or country is None:
            return value
        if not value.startswith(country + "-"):
            raise refused("subdivision-elsewhere", value=value, country=country)
        return value
