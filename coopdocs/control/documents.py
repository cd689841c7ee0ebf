"""The control's Word documents, framed like every document of the project (letterhead, footer),
French typography for French: `rapport-controle.docx` (amounts declared, certified, deducted and
parked by category, deductions by type of error, the sample, the findings, the parked lines, the
checklist's answers) and `certificat-controle.docx` (the certified amount, signed by the
controller and by the reviewer: two different people)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coopdocs import french
from coopdocs.bilan.word import document_bytes, new_document
from coopdocs.calendar import period_bounds
from coopdocs.control.figures import Result
from coopdocs.control.lines import Line
from coopdocs.formats import long_date, money, percent
from coopdocs.office.letterhead import add_footer, add_letterhead
from coopdocs.office.typeset import typeset_document
from coopdocs.project.model import ProjectFile, in_language
from coopdocs.words import label, words


@dataclass
class Page:
    document: Any
    project: ProjectFile
    result: Result
    lang: str
    when: dt.date
    frame: dict[str, Any]

    @property
    def w(self) -> dict[str, str]:
        return words("control_doc", self.lang)

    def money(self, amount: Decimal) -> str:
        return money(amount, self.lang, self.project.project.currency)

    def para(self, text: str = "", bold: bool = False) -> Any:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(text).bold = bold
        return paragraph

    def table(
        self,
        headers: list[str],
        rows: list[list[str]],
        widths: tuple[int, ...],
        right: tuple[int, ...] = (),
        bold_last: bool = False,
    ) -> None:
        """A grid, its header bold, each column `widths` millimetres wide; the `right` columns
        (amounts) right-aligned."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.autofit = False
        for col, width in enumerate(widths):
            table.columns[col].width = Mm(width)  # the grid LibreOffice and Word lay out
        repeat = OxmlElement("w:tblHeader")  # the header row repeated on every page the table runs on
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for i, row in enumerate([headers, *rows]):
            cells = table.rows[0].cells if i == 0 else table.add_row().cells
            for col, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.width = Mm(widths[col])
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(9)
                run.bold = i == 0 or (bold_last and i == len(rows))
                if i and col in right:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.document.add_paragraph()

    def heading(self, text: str) -> None:
        self.document.add_heading(text, level=2)

    def identity(self, title: str) -> None:
        p, claim, w = self.project.project, self.result.claim, self.w
        self.document.add_heading(title, level=0)
        start, end = period_bounds(claim.period, p.start, p.end)
        self.para(
            w["period"].format(period=claim.period, start=long_date(start, self.lang), end=long_date(end, self.lang)),
            bold=True,
        )
        self.para(f"{in_language(p.title, self.lang)} — {p.programme}")
        if p.operation_number:
            said = label("text", "operation", self.lang).format(number=p.operation_number)
            self.para(said[:1].upper() + said[1:])
        self.para(w["partner"].format(partner=self.project.partner(claim.partner).name))

    def signatures(self) -> None:
        """The controller's and the reviewer's blocks side by side, room to sign."""
        from docx.shared import Pt

        control = self.project.control
        assert control is not None  # refused before (pipeline.control_report)
        self.para(self.w["done_at"].format(date=long_date(self.when, self.lang)))
        table = self.document.add_table(rows=1, cols=2)
        people = ((self.w["controller"], control.controller), (self.w["reviewer"], control.reviewer))
        for cell, (role, person) in zip(table.rows[0].cells, people, strict=True):
            cell.paragraphs[0].add_run(role).bold = True
            for text in (str(person.name), in_language(person.body, self.lang), "", "", self.w["signature"]):
                cell.add_paragraph().add_run(text).font.size = Pt(9)

    def finish(self, title: str) -> bytes:
        add_letterhead(self.document, self.frame["letterhead"])
        add_footer(self.document, self.frame["footer"], self.lang)
        if self.lang == "fr":
            typeset_document(self.document)
        return document_bytes(self.document, self.when, title)


def amounts_rows(page: Page) -> tuple[list[str], list[list[str]]]:
    r, w, m = page.result, page.w, page.money
    back = bool(r.brought_back)
    headers = [w["category"], w["declared"], *([w["brought_back"]] if back else []), w["certified"], w["deducted"]]
    headers.append(w["parked"])
    rows = []
    for category, a in r.by_category.items():
        row = [label("category", category, page.lang), m(a.declared), *([m(a.brought_back)] if back else [])]
        rows.append([*row, m(a.certified), m(a.deducted), m(a.parked)])
    if r.claim.revenue:
        revenue = "− " + m(r.claim.revenue)
        rows.append([w["revenue"], revenue, *([""] if back else []), revenue, "", ""])
    total = [w["total"], m(r.declared), *([m(r.brought_back)] if back else [])]
    rows.append([*total, m(r.certified), m(r.deducted), m(r.parked)])
    return headers, rows


def _line_name(page: Page, line: Line) -> str:
    if line.brought_back:
        return page.w["back_of"].format(what=line.what, number=line.claim)
    return line.what


def sample_section(page: Page) -> None:
    r, w = page.result, page.w
    page.heading(w["sample"])
    sample = r.sample
    if not sample:
        page.para(w["no_sample"])
        return
    amount = sum((line.declared for line in sample), Decimal(0))
    declared = sum((line.declared for line in r.checkable), Decimal(0))
    share = percent(float(amount / declared), page.lang) if declared else "—"
    page.para(w["sample_text"].format(count=len(sample), of=len(r.checkable), amount=page.money(amount), share=share))
    rows = [
        [_line_name(page, line), page.money(line.declared), page.money(r.decisions[line.key].certified)]
        for line in sample
    ]
    page.table([w["line"], w["declared"], w["certified"]], rows, (114, 30, 30), (1, 2))


def findings_section(page: Page) -> None:
    r, w = page.result, page.w
    page.heading(w["findings"])
    noted = [
        line
        for line in r.claim.lines
        if line.kind != "flat"
        and not r.decisions[line.key].parked  # said in their own section
        and (r.decisions[line.key].deducted or r.decisions[line.key].comment)
    ]
    if not noted:
        page.para(w["no_findings"])
        return
    rows = []
    for line in noted:
        d = r.decisions[line.key]
        rows.append([_line_name(page, line), page.money(line.declared), page.money(d.deducted), d.error, d.comment])
    page.table([w["line"], w["declared"], w["deducted"], w["error"], w["comment"]], rows, (64, 24, 24, 28, 34), (1, 2))


def parked_section(page: Page) -> None:
    r, w = page.result, page.w
    page.heading(w["parked_lines"])
    if not r.parked_lines:
        page.para(w["no_parked"])
        return
    rows = [
        [_line_name(page, line), page.money(r.parked_amount(line)), r.decisions[line.key].comment]
        for line in r.parked_lines
    ]
    page.table([w["line"], w["amount"], w["comment"]], rows, (100, 28, 46), (1,))
    page.para(w["parked_next"])


def report_docx(project: ProjectFile, result: Result, lang: str, when: dt.date, frame: dict[str, Any]) -> bytes:
    page = Page(new_document(), project, result, lang, when, frame)
    w = page.w
    title = w["report_title"].format(number=result.claim.number)
    page.identity(title)
    control = project.control
    assert control is not None
    page.para(
        w["by"].format(
            controller=control.controller.name,
            body=in_language(control.controller.body, lang),
            reviewer=control.reviewer.name,
            reviewer_body=in_language(control.reviewer.body, lang),
        )
    )
    page.heading(w["amounts"])
    headers, rows = amounts_rows(page)
    wide = 174 - 28 * (len(headers) - 1)
    page.table(headers, rows, (wide, *[28] * (len(headers) - 1)), tuple(range(1, len(headers))), bold_last=True)
    page.heading(w["by_type"])
    if result.by_type:
        rows = [[kind, page.money(amount)] for kind, amount in result.by_type.items()]
        rows.append([w["total"], page.money(sum(result.by_type.values(), Decimal(0)))])
        page.table([w["error"], w["deducted"]], rows, (120, 40), (1,), bold_last=True)
    else:
        page.para(w["no_deduction"])
    sample_section(page)
    findings_section(page)
    parked_section(page)
    page.heading(w["checklist"])
    rows = [[c.theme, c.point, c.auto, c.answer or w["unanswered"], c.comment] for c in result.checks]
    page.table([w["theme"], w["point"], w["auto"], w["answer"], w["comment"]], rows, (24, 42, 58, 20, 30))
    page.signatures()
    return page.finish(title)


def certificate_docx(project: ProjectFile, result: Result, lang: str, when: dt.date, frame: dict[str, Any]) -> bytes:
    page = Page(new_document(), project, result, lang, when, frame)
    w, control = page.w, project.control
    assert control is not None
    title = w["certificate_title"]
    page.identity(title)
    partner = project.partner(result.claim.partner)
    page.para(
        w["certify"].format(
            controller=control.controller.name,
            body=in_language(control.controller.body, lang),
            partner=french.the(partner.name, partner.article) if lang == "fr" else partner.name,
            number=result.claim.number,
            programme=project.project.programme,
        )
    )
    rows = [[w["declared"], page.money(result.declared)]]
    if result.brought_back:
        rows.append([w["brought_back"], page.money(result.brought_back)])
    rows += [[w["deducted"], page.money(result.deducted)], [w["parked"], page.money(result.parked)]]
    rows.append([w["certified_amount"], page.money(result.certified)])
    page.table(["", w["amount"]], rows, (120, 40), (1,), bold_last=True)
    page.para(w["certified_text"].format(amount=page.money(result.certified)), bold=True)
    if result.parked:
        page.para(w["parked_next"])
    page.para(w["reviewed"].format(reviewer=control.reviewer.name, body=in_language(control.reviewer.body, lang)))
    page.signatures()
    return page.finish(title)
