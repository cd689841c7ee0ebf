"""Every word coopdocs shows to people, in French and English, in one catalogue.

Values of the project file are never translated; these are the words around them: labels of
the project's codes, document titles, the bilan's headings, what happened to each file, the
kinds of anomaly. Help texts of the command line are French/English pairs given to `t()`.
"""

from __future__ import annotations

import difflib
import os

LANGUAGES = ("fr", "en")

WORDS: dict[str, dict[str, dict[str, str]]] = {
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
    "document": {
        "fr": {
            "convention-partenariat": "Convention de partenariat",
            "fiche-projet": "Fiche projet",
            "lettre-intention": "Lettre d'intention",
            "fiche-engagement": "Fiche d'engagement",
            "lettre-mission": "Lettre de mission",
        },
        "en": {
            "convention-partenariat": "Partnership agreement",
            "fiche-projet": "Project sheet",
            "lettre-intention": "Letter of intent",
            "fiche-engagement": "Commitment form",
            "lettre-mission": "Mission letter",
        },
    },
    "anomaly": {
        "fr": {
            "holiday": "heures un jour férié",
            "weekend": "heures un week-end",
            "over-daily-max": "au-delà du maximum journalier",
            "absence-with-hours": "heures un jour d'absence",
            "over-annual-basis": "au-delà de la base annuelle",
            "outside-period": "hors de la période de l'agent",
            "missing-month": "mois sans feuille de temps",
            "unreadable": "fichier illisible",
            "invalid-value": "valeur invalide",
            "missing-invoice-number": "numéro de facture manquant",
            "unknown-category": "catégorie inconnue",
            "payment-before-invoice": "paiement avant la facture",
            "expense-outside-period": "dépense hors de la période d'éligibilité",
            "duplicate-sheet": "deux feuilles pour un même mois",
            "foreign-sheet": "feuille d'un autre agent ou d'un autre mois",
            "unknown-column": "colonne inconnue",
            "row-without-date": "heures sans date",
            "date-outside-month": "date hors du mois de la feuille",
            "hours-vs-contract": "plus d'heures que le contrat",
            "hours-over-plan": "plus d'heures que la lettre de mission",
            "duplicate-invoice": "facture déclarée deux fois",
            "unbudgeted-category": "dépense sans ligne de budget",
            "flat-rate-overlap": "dépense réelle d'une catégorie forfaitaire",
            "unknown-partner": "registre d'un partenaire inconnu",
            "duplicate-register": "deux registres pour un partenaire",
            "bloquant": "bloquant",
            "a-verifier": "à vérifier",
        },
        "en": {
            "holiday": "hours on a public holiday",
            "weekend": "hours on a weekend",
            "over-daily-max": "above the daily maximum",
            "absence-with-hours": "hours on a day of absence",
            "over-annual-basis": "above the annual basis",
            "outside-period": "outside the staff member's period",
            "missing-month": "month without a time sheet",
            "unreadable": "unreadable file",
            "invalid-value": "invalid value",
            "missing-invoice-number": "missing invoice number",
            "unknown-category": "unknown category",
            "payment-before-invoice": "payment before the invoice",
            "expense-outside-period": "expense outside the eligibility period",
            "duplicate-sheet": "two sheets for one month",
            "foreign-sheet": "sheet of another staff member or month",
            "unknown-column": "unknown column",
            "row-without-date": "hours without a date",
            "date-outside-month": "date outside the sheet's month",
            "hours-vs-contract": "more hours than the contract",
            "hours-over-plan": "more hours than the mission letter",
            "duplicate-invoice": "invoice claimed twice",
            "unbudgeted-category": "expense without a budget line",
            "flat-rate-overlap": "real cost in a flat-rate category",
            "unknown-partner": "register of an unknown partner",
            "duplicate-register": "two registers for one partner",
            "bloquant": "blocking",
            "a-verifier": "to check",
        },
    },
    "outcome": {
        "fr": {
            "created": "créé",
            "updated": "mis à jour",
            "identical": "identique",
            "kept": "conservé",
            "conflict": "conflit",
            "open": "ouvert",
            "replaced": "remplacé",
        },
        "en": {
            "created": "created",
            "updated": "updated",
            "identical": "identical",
            "kept": "kept",
            "conflict": "conflict",
            "open": "open",
            "replaced": "replaced",
        },
    },
    "outcomes": {
        "fr": {
            "created": "créés",
            "updated": "mis à jour",
            "identical": "identiques",
            "kept": "conservés (remplis)",
            "conflict": "en conflit",
            "open": "ouverts",
            "replaced": "remplacés",
        },
        "en": {
            "created": "created",
            "updated": "updated",
            "identical": "identical",
            "kept": "kept (filled)",
            "conflict": "in conflict",
            "open": "open",
            "replaced": "replaced",
        },
    },
    "bilan": {
        "fr": {
            "title": "Bilan de la période {period}",
            "from_to": "du {start} au {end}",
            "partners": "Partenaires",
            "summary": "Synthèse",
            "milestones": "Jalons et livrables de la période",
            "logbook": "Carnet de bord",
            "hours": "Heures et coûts de personnel par agent",
            "partner_costs": "Dépenses par partenaire",
            "consumption": "Consommation du budget (cumul depuis le début du projet)",
            "by_wp": "Répartition du temps par lot de travail",
            "anomalies": "Anomalies à corriger avant le prochain contrôle",
            "guide": "Points du guide Cap Rural : suivre, rendre compte, anticiper les contrôles",
            "agent": "Agent",
            "partner": "Partenaire",
            "mode": "Mode",
            "hours_h": "Heures",
            "rate": "Taux horaire",
            "cost": "Coût",
            "missing": "Mois sans feuille",
            "staff": "Personnel",
            "other": "Autres dépenses",
            "flat": "Forfaits",
            "total": "Total",
            "budget": "Budget",
            "cumulative": "Cumul",
            "consumed": "Consommé",
            "wp": "Lot",
            "kind": "Type",
            "where": "Où",
            "message": "Constat",
            "date": "Date",
            "item": "Point",
            "status": "Statut",
            "none": "Aucun.",
            "no_anomaly": "Aucune anomalie relevée.",
            "done": "atteint",
            "late": "en retard",
            "planned": "prévu",
            "due": "échéance",
            "hourly": "temps passé",
            "fixed": "part fixe",
            "sentence": "Sur la période, {hours} heures ont été déclarées par {agents} agent(s) au temps passé ; "
            "les dépenses s'élèvent à {total} (dont {staff} de personnel). Depuis le début du projet, "
            "{cumulative} ont été dépensés, soit {consumed} du budget de {budget}.",
            "missing_sentence": "Feuilles de temps manquantes : {months}.",
            "anomaly_sentence": "{count} anomalie(s) à corriger avant le prochain contrôle.",
            "chart_budget": "Budget et dépenses cumulées par partenaire",
            "chart_wp": "Heures par lot de travail",
            "spent": "Dépensé (cumul)",
            # The Excel bilan's sheets, rows and columns.
            "project": "Projet",
            "programme": "Programme",
            "period": "Période",
            "from": "Du",
            "to": "Au",
            "hours_declared": "Heures déclarées",
            "staff_costs": "Frais de personnel",
            "period_total": "Total de la période",
            "project_budget": "Budget du projet",
            "spent_so_far": "Dépensé depuis le début",
            "budget_consumed": "Part du budget consommée",
            "anomaly_count": "Anomalies",
            "agents_sheet": "Agents",
            "categories_sheet": "Catégories",
            "anomalies_sheet": "Anomalies",
            "id": "Identifiant",
            "cumulative_since_start": "Cumul depuis le début",
            "share_consumed": "Part consommée",
            "category": "Catégorie",
            "amount": "Montant",
            "flat_rate": "forfait",
            "unclassified": "Non classé",
            "file": "Fichier",
            "sheet": "Feuille",
            "cell": "Cellule",
            "chart_wp_agent": "Heures par lot de travail et par agent",
            "workbook_title": "Bilan {period} — {title}",
        },
        "en": {
            "title": "Report for the period {period}",
            "from_to": "from {start} to {end}",
            "partners": "Partners",
            "summary": "Summary",
            "milestones": "Milestones and deliverables of the period",
            "logbook": "Logbook",
            "hours": "Hours and staff costs by staff member",
            "partner_costs": "Expenditure by partner",
            "consumption": "Budget consumption (cumulative since the start of the project)",
            "by_wp": "Time by work package",
            "anomalies": "Anomalies to fix before the next control",
            "guide": "Items of the Cap Rural guide: monitor, report, anticipate controls",
            "agent": "Staff member",
            "partner": "Partner",
            "mode": "Mode",
            "hours_h": "Hours",
            "rate": "Hourly rate",
            "cost": "Cost",
            "missing": "Months without a sheet",
            "staff": "Staff",
            "other": "Other costs",
            "flat": "Flat rates",
            "total": "Total",
            "budget": "Budget",
            "cumulative": "Cumulative",
            "consumed": "Consumed",
            "wp": "WP",
            "kind": "Kind",
            "where": "Where",
            "message": "Finding",
            "date": "Date",
            "item": "Item",
            "status": "Status",
            "none": "None.",
            "no_anomaly": "No anomaly found.",
            "done": "reached",
            "late": "late",
            "planned": "planned",
            "due": "due",
            "hourly": "hourly",
            "fixed": "fixed share",
            "sentence": "Over the period, {hours} hours were declared by {agents} hourly staff member(s); expenditure "
            "amounts to {total} (of which {staff} staff costs). Since the start of the project, {cumulative} "
            "have been spent, {consumed} of the {budget} budget.",
            "missing_sentence": "Missing time sheets: {months}.",
            "anomaly_sentence": "{count} anomaly(ies) to fix before the next control.",
            "chart_budget": "Budget and cumulative expenditure by partner",
            "chart_wp": "Hours by work package",
            "spent": "Spent (cumulative)",
            # The Excel bilan's sheets, rows and columns.
            "project": "Project",
            "programme": "Programme",
            "period": "Period",
            "from": "From",
            "to": "To",
            "hours_declared": "Hours declared",
            "staff_costs": "Staff costs",
            "period_total": "Total of the period",
            "project_budget": "Project budget",
            "spent_so_far": "Spent since the start",
            "budget_consumed": "Share of the budget consumed",
            "anomaly_count": "Anomalies",
            "agents_sheet": "Staff",
            "categories_sheet": "Categories",
            "anomalies_sheet": "Anomalies",
            "id": "Identifier",
            "cumulative_since_start": "Cumulative since the start",
            "share_consumed": "Share consumed",
            "category": "Category",
            "amount": "Amount",
            "flat_rate": "flat rate",
            "unclassified": "Unclassified",
            "file": "File",
            "sheet": "Sheet",
            "cell": "Cell",
            "chart_wp_agent": "Hours by work package and staff member",
            "workbook_title": "Report {period} — {title}",
        },
    },
}


def label(group: str, key: str, lang: str) -> str:
    """The word for `key` of `group` (a category, a status, a heading…) in `lang`."""
    return WORDS[group][lang][key]


def words(group: str, lang: str) -> dict[str, str]:
    """Every word of a group in one language."""
    return WORDS[group][lang]


def help_language() -> str:
    """Help texts follow LANG (French by default, English when LANG starts with `en`)."""
    lang = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "en" if lang.lower().startswith("en") else "fr"


def t(fr: str, en: str) -> str:
    """The French or English text of a help string."""
    return en if help_language() == "en" else fr


def suggest(word: str, known: list[str]) -> str:
    """« — vouliez-vous dire `x` ? » when a known id is close to a misspelt one."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.7)
    return f" — vouliez-vous dire `{close[0]}` ?" if close else ""


def known_list(ids: list[str], feminine: bool = False) -> str:
    """« connus : a, b » (or « aucun n'est défini »), to follow an unknown id."""
    if not ids:
        return "aucune n'est définie" if feminine else "aucun n'est défini"
    return f"{'connues' if feminine else 'connus'} : {', '.join(ids)}"
