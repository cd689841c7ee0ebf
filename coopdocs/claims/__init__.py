"""Payment claims: each partner's claim for a period, written from the same files and figures as
the bilan, only what is claimable, never an item claimed twice (the ledger `demandes/registre.json`).

figures: the typed claim; items: what may be claimed, item by item; compute: a partner's claim;
ledger: the claims written so far; workbook and documents: the files of a claim.
"""
