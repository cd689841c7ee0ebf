"""The Bilan page's payment claim: what its form offers (the partners by name, the next number),
the claim written by the same library function as `coopdocs claim` (coopdocs.pipeline.claim),
the files it wrote, and the claims of the ledger (demandes/registre.json). No rule of a claim
lives here: what is claimable, and every figure, is the claims package's."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from coopdocs.errors import CoopdocsError
from coopdocs.formats import long_date
from coopdocs.web import labels

if TYPE_CHECKING:
    from coopdocs.claims.figures import Claim
    from coopdocs.forms.anomalies import Anomaly
    from coopdocs.project.model import ProjectFile

# One claim written at a time: a form sent twice (a double click) finds the first one in the
# ledger and is refused, instead of two threads numbering the same claim.
WRITING = threading.Lock()


@dataclass
class EarlierRow:
    """A claim of the ledger as the page lists it."""

    number: int
    period: str
    date: str
    total: Decimal


@dataclass
class ClaimForm:
    """What the form offers and what it holds: (id, name) of each partner, the ones ticked, the
    choice on the points to check, the date; the next number and the claims written so far."""

    partners: list[tuple[str, str]]
    ticked: set[str]
    exclude: bool
    date: str
    next_number: int = 1
    earlier: list[EarlierRow] = field(default_factory=list)
    ledger_error: str = ""


@dataclass
class Written:
    """A claim just written: its figures, each partner's files and the points that kept items out."""

    claim: Claim
    files: dict[str, list[str]]
    left_out: dict[str, list[Anomaly]]


def claim_form(
    project_file: Path,
    out_dir: Path,
    lang: str,
    ticked: set[str] | None = None,
    exclude: bool = False,
    date: str = "",
    project: ProjectFile | None = None,
    period: str = "",
) -> ClaimForm:
    """The form for the page: every partner ticked unless the person chose otherwise, dated
    today or, for a period not over yet, its last day (a claim is never dated before it);
    `project`: the project file already read, else it is read here."""
    from coopdocs.claims.dates import last_day
    from coopdocs.claims.ledger import Ledger
    from coopdocs.project import load_project
    from coopdocs.project.model import in_language

    project = project or load_project(project_file)
    partners = [(p.id, str(in_language(p.name, lang))) for p in project.partners if not p.observer]  # no budget
    chosen = {pid for pid, _ in partners} if ticked is None else ticked
    earliest = max(labels.today(), last_day(project, period)) if period else labels.today()
    form = ClaimForm(partners, chosen, exclude, date or earliest.isoformat())
    try:
        ledger = Ledger.load(out_dir)
    except CoopdocsError as exc:
        form.ledger_error = exc.message
        return form
    form.next_number = ledger.next_number()
    form.earlier = [EarlierRow(n, p, long_date(d, lang), t) for n, p, d, t in ledger.written()]
    return form


def claim_date(text: str, refusal: str) -> dt.date:
    """The date typed (AAAA-MM-JJ, as a date field sends it), else CoopdocsError(`refusal`)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CoopdocsError(refusal) from None


def write_claim(
    project_file: Path,
    out_dir: Path,
    period: str,
    partners: tuple[str, ...],
    exclude: bool,
    when: dt.date,
    lang: str = "fr",
) -> Written:
    """`coopdocs claim` for the period: the same library call, its refusals as CoopdocsError
    (dated before the period's end, a folder already written, nothing claimable; a file open or
    edited by hand stops it all), the date's in the page's language."""
    from coopdocs import pipeline
    from coopdocs.claims.compute import ClaimOptions
    from coopdocs.forms.anomalies import Severity
    from coopdocs.output.writer import blocked_lines

    options = pipeline.BuildOptions(out_dir=out_dir, when=when)
    with WRITING:
        claim, report, target = pipeline.claim(
            project_file, period, options, ClaimOptions(None, when, exclude, partners, lang)
        )
    if report.blocked:
        raise CoopdocsError("\n".join(blocked_lines(report, target)))
    files: dict[str, list[str]] = {p.partner: [] for p in claim.partners}
    for outcome in report.outcomes:
        parts = outcome.path.split("/")
        if outcome.path.startswith(claim.folder + "/") and parts[2] in files:
            files[parts[2]].append(outcome.path)
    left_out = {p.partner: [a for a in p.anomalies if a.severity == Severity.BLOCKING] for p in claim.partners}
    return Written(claim, files, left_out)


def same_period(form: ClaimForm, period: str) -> list[int]:
    """The numbers of the claims already written for exactly this period (said with a refusal)."""
    return [row.number for row in form.earlier if row.period == period]
