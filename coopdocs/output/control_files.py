"""The files of a claim's control, as outputs of coopdocs.output.writer: the controller's workbook
(a form: once filled, kept as it is), then, from the filled workbook, the report, the certificate
and the record of controls with this one in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from coopdocs import french
from coopdocs.control.checklist import Point
from coopdocs.control.documents import certificate_docx, report_docx
from coopdocs.control.figures import Result
from coopdocs.control.lines import ClaimLines, Line, flat_line
from coopdocs.control.record import PATH, Record
from coopdocs.control.workbook import control_xlsx
from coopdocs.documents import page_frame
from coopdocs.errors import CoopdocsError
from coopdocs.messages import unknown_id
from coopdocs.output.writer import Output, Report, inputs_hash, write_outputs
from coopdocs.project.control import ERROR_TYPES
from coopdocs.project.model import ProjectFile

KIND = "controle"
SOURCES = ["demandes", "project"]


def folder(number: int, partner: str) -> str:
    return f"controle/{number:02d}/{partner}"


def workbook_outputs(
    project: ProjectFile, claim: ClaimLines, points: list[Point], lang: str, types: list[str], when: dt.date
) -> list[Output]:
    lines = [line.as_entry() for line in claim.lines]
    key = inputs_hash(lines, [vars(p) for p in points], lang, types, str(when))
    render = partial(control_xlsx, project, claim, points, lang, types, when)
    return [Output(f"{folder(claim.number, claim.partner)}/controle.xlsx", KIND, SOURCES, key, render, form=True)]


def parked_entries(result: Result, lang: str) -> list[dict[str, Any]]:
    """The lines put aside, as the next control brings them back: a flat rate by its share on them."""
    found = []
    for line in result.parked_lines:
        if line.kind == "flat":
            amount = result.parked_amount(line)
            line = flat_line(result.claim.partner, line.claim, line.category, line.rate, amount, lang, True)
        found.append(Line(**{**vars(line), "brought_back": False}).as_entry())
    return found


def control_entry(result: Result, lang: str, when: dt.date) -> dict[str, Any]:
    claim = result.claim
    parked = {line.key for line in result.parked_lines}
    return {
        "claim": claim.number,
        "partner": claim.partner,
        "period": claim.period,
        "date": when.isoformat(),
        "declared": str(result.declared),
        "brought_back": str(result.brought_back),
        "certified": str(result.certified),
        "deducted": str(result.deducted),
        "parked_total": str(result.parked),
        "by_type": {k: str(v) for k, v in result.by_type.items()},
        "parked": parked_entries(result, lang),
        "decided": sorted(line.key for line in claim.lines if line.brought_back and line.key not in parked),
    }


def report_outputs(
    project: ProjectFile, result: Result, record: Record, lang: str, when: dt.date, frame: dict[str, Any]
) -> list[Output]:
    data = result.json_dict()
    key = inputs_hash(data, [vars(c) for c in result.checks], lang, str(when), frame)
    where = folder(result.claim.number, result.claim.partner)
    recorded = record.with_control(control_entry(result, lang, when)).to_bytes()
    return [
        Output(
            f"{where}/rapport-controle.docx",
            KIND,
            SOURCES,
            key,
            partial(report_docx, project, result, lang, when, frame),
        ),
        Output(
            f"{where}/certificat-controle.docx",
            KIND,
            SOURCES,
            key,
            partial(certificate_docx, project, result, lang, when, frame),
        ),
        Output(PATH, KIND, SOURCES, inputs_hash(recorded.decode()), lambda: recorded),
    ]


@dataclass
class ControlOptions:
    number: int
    partner: str
    report: bool = False
    out_dir: Path | None = None
    lang: str | None = None
    when: dt.date = field(default_factory=dt.date.today)
    dry_run: bool = False


def control(project_file: Path, options: ControlOptions) -> tuple[ClaimLines | Result, Report, Path]:
    """`coopdocs control`: write the controller's workbook of claim `number` for `partner`; with
    `report`, read it back and write the report, the certificate and the record of controls."""
    from coopdocs.claims.ledger import Ledger
    from coopdocs.control.checklist import checklist
    from coopdocs.control.lines import claim_lines
    from coopdocs.project import load_project

    project = load_project(project_file)
    out_dir = options.out_dir or Path("output") / project.project.id
    number, partner, report = options.number, options.partner, options.report
    known = [p.id for p in project.partners]
    if partner not in known:
        raise CoopdocsError.of("option-unknown-partner", **unknown_id(partner, known))
    me = project.partner(partner)
    lang = options.lang or me.language or project.project.language
    record = Record.load(out_dir)
    claim = claim_lines(project, Ledger.load(out_dir), number, partner, lang, record.parked(partner, number))
    points = checklist(project, claim, out_dir, lang)
    types = [str(t) for t in project.control.error_types] if project.control else list(ERROR_TYPES)
    if not report:
        outputs = workbook_outputs(project, claim, points, lang, types, options.when)
        done = write_outputs(out_dir, outputs, project_id=project.project.id, dry_run=options.dry_run, label="Contrôle")
        return claim, done, out_dir
    result = read_back(project, out_dir, claim, points, types, lang)
    outputs = report_outputs(project, result, record, lang, options.when, page_frame(project, lang))
    done = write_outputs(out_dir, outputs, project_id=project.project.id, dry_run=options.dry_run, label="Contrôle")
    return result, done, out_dir


def read_back(
    project: ProjectFile, out_dir: Path, claim: ClaimLines, points: list[Point], types: list[str], lang: str
) -> Result:
    from coopdocs.control.figures import compute
    from coopdocs.control.reader import read_control
    from coopdocs.messages import say
    from coopdocs.words import label

    path = out_dir / folder(claim.number, claim.partner) / "controle.xlsx"
    if not path.is_file():
        where = str(path.relative_to(out_dir))
        raise CoopdocsError.of("control-workbook-missing", path=where, number=claim.number, partner=claim.partner)
    if project.control is None:
        raise CoopdocsError.of("control-section-missing")
    partner = project.partner(claim.partner)
    of_partner = french.of(partner.name, partner.article)
    said = say(
        "control_refusal",
        "the_claim",
        {"number": claim.number, "partner": partner.name, "of_partner": of_partner},
        lang,
    )
    decisions, checks = read_control(path, project.project.id, claim, points, types, said, lang)
    return compute(claim, decisions, checks, label("control", "flat_recalculated", lang))
