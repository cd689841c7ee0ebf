"""A period's figures as the bilan and the workspace show them: the forms of the output folder read
once, the bilan's figures computed from them, each month's sheet life, what the payment claims
declared, and what the period holds without its unresolved points (a controller's view: blocking
points left out, « à vérifier » amounts given apart, their flat rates included)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from functools import partial
from pathlib import Path

from coopdocs.bilan.compute import compute
from coopdocs.bilan.figures import BilanFigures
from coopdocs.bilan.inputs import Inputs, approved_months, read_inputs
from coopdocs.bilan.signoff import with_sheet_life
from coopdocs.calendar import period_bounds
from coopdocs.claims.compute import ClaimOptions, claim_figures
from coopdocs.claims.ledger import Ledger
from coopdocs.control.record import with_control
from coopdocs.kinds import EXPENSES, TIMESHEETS
from coopdocs.office.folder import load_manifest
from coopdocs.project.model import ProjectFile, in_language


def bilan_date(project: ProjectFile, period: str, dated: dt.date | None) -> dt.date:
    """A bilan's date: `--date`, else the end of its period (never the machine's clock)."""
    return dated or period_bounds(period, project.project.start, project.project.end)[1]


def period_inputs(
    project: ProjectFile,
    period: str,
    out_dir: Path,
    jobs: int = 1,
    sheets_dir: Path | None = None,
    expenses_dir: Path | None = None,
) -> Inputs:
    """The filled forms of the period (a form still as coopdocs wrote it is not filled)."""
    unfilled = {entry["sha256"] for entry in load_manifest(out_dir)["files"].values() if entry.get("form")}
    sheets, expenses = sheets_dir or out_dir / TIMESHEETS, expenses_dir or out_dir / EXPENSES
    return read_inputs(project, period, sheets, expenses, unfilled, jobs)


def bilan_figures(
    project: ProjectFile,
    period: str,
    out_dir: Path,
    dated: dt.date | None = None,
    jobs: int = 1,
    sheets_dir: Path | None = None,
    expenses_dir: Path | None = None,
    lang: str | None = None,
    whole: bool = False,
) -> BilanFigures:
    """The period's figures from the filled forms of the output folder, with each month's sheet
    life and the progress (texts in `lang`): what `coopdocs bilan` writes and the workspace shows.
    Dated by `dated` (--date), else by the end of the period: never the machine's clock. `final`
    adds its reporting periods (`whole`: the project's figures alone, as one period)."""
    from coopdocs.bilan.final import FINAL, final_report, with_progress

    if period == FINAL and not whole:  # the whole project, each reporting period as its own bilan says
        of = partial(
            bilan_figures, project, out_dir=out_dir, jobs=jobs, sheets_dir=sheets_dir, expenses_dir=expenses_dir
        )
        return final_report(project, lang, dated, partial(of, lang=lang, whole=True))
    inputs = period_inputs(project, period, out_dir, jobs, sheets_dir, expenses_dir)
    unresolved = copy.deepcopy(inputs)  # the bilan's computation adds its findings to its inputs
    when = bilan_date(project, period, dated)
    local = in_language(project, lang) if lang else project  # the packages' and partners' names in `lang`
    figures = compute(local, period, inputs=inputs, today=when, approved=approved_months(out_dir))
    figures = with_control(with_claims(with_sheet_life(figures, project, out_dir), project, out_dir), project, out_dir)
    figures = without_unresolved(figures, project, period, unresolved, when)
    return with_progress(figures, project, when, lang)


def with_claims(figures: BilanFigures, project: ProjectFile, out_dir: Path) -> BilanFigures:
    """Each partner's « déclaré dans les demandes » beside its spending, once a claim is written."""
    declared = Ledger.load(out_dir).declared(project, figures.end)
    if not declared:
        return figures
    partners = [p.model_copy(update={"claimed": declared.get(p.id, Decimal(0))}) for p in figures.partners]
    return figures.model_copy(update={"partners": partners})


def without_unresolved(
    figures: BilanFigures, project: ProjectFile, period: str, inputs: Inputs, when: dt.date
) -> BilanFigures:
    """Each partner's spending as a claim of the period would take it, whatever was claimed
    before: without what a blocking point keeps out and without the « à vérifier » items, whose
    amount (flat rates included) is given apart (issue 23: « the total declared and the total
    without unresolved points »)."""
    claim = claim_figures(project, period, inputs, Ledger(), ClaimOptions(when=when, exclude_at_risk=True))
    found = {p.partner: p for p in claim.partners}
    partners = [
        p.model_copy(
            update={
                "without_unresolved": found[p.id].eligible if p.id in found else Decimal(0),
                "at_risk": found[p.id].at_risk if p.id in found else Decimal(0),
            }
        )
        for p in figures.partners
    ]
    return figures.model_copy(update={"partners": partners})
