"""The kinds of output, in one light module (the CLI lists them in its help without importing
the renderers)."""

DOCUMENTS = ("convention-partenariat", "fiche-projet", "lettre-intention", "fiche-engagement", "lettre-mission")
LOGBOOK = "carnet-de-bord"
TIMESHEETS = "feuilles-de-temps"
EXPENSES = "depenses"
ALL = (*DOCUMENTS, LOGBOOK, TIMESHEETS, EXPENSES)
