"""The controller's side of a payment claim (shared/spec/cli.md, version 3, « Control »): every
line of a claim handed to the first-level controller (Interreg) or the managing authority's
instructor (LEADER) in a workbook, with its source and what coopdocs found on it; their
decisions read back by the readers' rules; the report and the certificate, signed by two people.

lines: the claim's lines from the ledger, and the lines parked by an earlier control; record: the
controls written so far (`controle/registre.json`); checklist: the « Liste de contrôle »;
workbook and reader: `controle.xlsx` written and read back; figures: the control's totals;
documents: `rapport-controle.docx` and `certificat-controle.docx`.
"""
