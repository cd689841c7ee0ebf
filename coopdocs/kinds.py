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
)
LOGBOOK = "carnet-de-bord"
TIMESHEETS = "feuilles-de-temps"
EXPENSES = "depenses"
DECISIONS = "decisions-actions"
ALL = (*DOCUMENTS, LOGBOOK, TIMESHEETS, EXPENSES, DECISIONS)
