"""The kinds of output, in one light module (the CLI lists them in its help without importing
the renderers)."""

DOCUMENTS = (
    "convention-partenariat",
    "fiche-projet",
    "lettre-intention",
    "fiche-engagement",
    "lettre-soutien",
    "lettre-mission",
    "convocation",
    "compte-rendu",
    "avenant",
    "courrier-envoi",
    "plan-evaluation",
    "fiche-experience",
)
# Documents that a partner or an agent signs: they show only the guide's points for the person
# who signs (`signataire`), never the team's (coopdocs/documents/guide_map.py).
# `lettre-soutien` (an observer's letter of support) is mapped before its template exists.
SIGNED = (
    "convention-partenariat",
    "lettre-intention",
    "fiche-engagement",
    "lettre-mission",
    "avenant",
    "lettre-soutien",
)
LOGBOOK = "carnet-de-bord"
TIMESHEETS = "feuilles-de-temps"
EXPENSES = "depenses"
DECISIONS = "decisions-actions"
PREPARATION = "preparation"
ALL = (*DOCUMENTS, LOGBOOK, TIMESHEETS, EXPENSES, DECISIONS, PREPARATION)
