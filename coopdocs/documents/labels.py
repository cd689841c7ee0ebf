"""Words the documents need in French and English (values of the project file are not translated)."""

from __future__ import annotations

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "type": {
        "fr": {
            "collectivite": "collectivité",
            "epci": "EPCI",
            "gal": "groupe d'action locale",
            "association": "association",
            "entreprise": "entreprise",
            "etablissement-public": "établissement public",
            "autre": "structure",
        },
        "en": {
            "collectivite": "local authority",
            "epci": "inter-municipal body",
            "gal": "local action group",
            "association": "association",
            "entreprise": "company",
            "etablissement-public": "public body",
            "autre": "organisation",
        },
    },
    "category": {
        "fr": {
            "staff": "Frais de personnel",
            "office_admin": "Frais de bureau et administratifs",
            "travel": "Frais de déplacement",
            "external_expertise": "Expertise et services externes",
            "equipment": "Équipement",
            "other": "Autres dépenses",
            "indirect": "Coûts indirects",
        },
        "en": {
            "staff": "Staff costs",
            "office_admin": "Office and administrative costs",
            "travel": "Travel costs",
            "external_expertise": "External expertise and services",
            "equipment": "Equipment",
            "other": "Other costs",
            "indirect": "Indirect costs",
        },
    },
    "cooperation": {
        "fr": {"locale": "locale", "interterritoriale": "interterritoriale", "transnationale": "transnationale"},
        "en": {"locale": "local", "interterritoriale": "inter-territorial", "transnationale": "transnational"},
    },
    "frequency": {
        "fr": {"monthly": "mensuels", "quarterly": "trimestriels", "semiannual": "semestriels", "annual": "annuels"},
        "en": {"monthly": "monthly", "quarterly": "quarterly", "semiannual": "half-yearly", "annual": "annual"},
    },
    "status": {
        "fr": {"a-faire": "à faire", "en-cours": "en cours", "fait": "fait", "sans-objet": "sans objet"},
        "en": {"a-faire": "to do", "en-cours": "in progress", "fait": "done", "sans-objet": "not applicable"},
    },
    "text": {
        "fr": {
            "guide_title": "Points de vigilance — check-list du guide Cap Rural",
            "guide_intro": "Les points du guide « Conduire des démarches ou des projets de coopération » utiles à ce "
            "document, avec leur statut dans le projet.",
            "methods": "Méthodes et outils",
            "vigilance": "Points de vigilance",
            "lead": ", chef de file",
            "share_of_time": "{share} du temps de travail",
            "planned_hours": "{hours} heures prévues",
            "no_role": "Partenaire du projet",
            "observer_role": "Observateur",
            "flat_office": "frais de bureau au taux forfaitaire de {rate} des frais de personnel",
            "flat_indirect": "coûts indirects au taux forfaitaire de {rate} des coûts directs",
            "rate": "({rate} du coût éligible)",
            "phone": " — tél. {phone}",
            "legal_id": ", {legal_id}",
        },
        "en": {
            "guide_title": "Points of vigilance — checklist from the Cap Rural guide",
            "guide_intro": "The items of the guide “Conduire des démarches ou des projets de coopération” (in French) "
            "that matter for this document, with their status in the project.",
            "methods": "Methods and tools",
            "vigilance": "Points of vigilance",
            "lead": ", lead partner",
            "share_of_time": "{share} of working time",
            "planned_hours": "{hours} planned hours",
            "no_role": "Project partner",
            "observer_role": "Observer",
            "flat_office": "office and administrative costs at a flat rate of {rate} of staff costs",
            "flat_indirect": "indirect costs at a flat rate of {rate} of direct costs",
            "rate": "({rate} of eligible cost)",
            "phone": " — tel. {phone}",
            "legal_id": ", {legal_id}",
        },
    },
}


def label(group: str, key: str, lang: str) -> str:
    return LABELS[group][lang][key]
