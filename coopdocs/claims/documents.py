"""The Word documents of a claim, in the partner's language, framed like every document of the
project (letterhead, footer), French typography for French: `demande-paiement.docx`, the claim
itself addressed as the legal model says, and `attestation-temps_<agent>.docx`, the time-spent (or
fixed-percentage) attestation of each person, signed by the person and by the employer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coopdocs import french
from coopdocs.bilan.word import document_bytes, new_document
from coopdocs.calendar import FINAL
from coopdocs.claims.figures import Claim, PartnerClaim, PersonMonth
from coopdocs.documents import page_frame
from coopdocs.formats import long_date, money, number, percent
from coopdocs.office.letterhead import add_footer, add_letterhead
from coopdocs.office.typeset import typeset_document
from coopdocs.project.model import Agent, Partner, ProjectFile
from coopdocs.words import label, words


def local(text: str, lang: str) -> str:
    """A text of the project file in `lang` when it is given per language."""
    in_language = getattr(text, "in_language", None)
    return str(in_language(lang)) if in_language else str(text)


@dataclass
class Page:
    document: Any
    project: ProjectFile
    claim: Claim
    partner: PartnerClaim
    lang: str
    w: dict[str, str]
    frame: dict[str, Any] | None = None  # the project's page frame in `lang` (built once per language)

    def money(self, amount: Decimal) -> str:
        return money(amount, self.lang, self.claim.currency)

    def para(self, text: str = "", bold: bool = False, size: float | None = None) -> Any:
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return paragraph

    def table(self, headers: list[str], rows: list[list[str]], bold_last: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for i, row in enumerate([headers, *rows]):
            cells = table.rows[0].cells if i == 0 else table.add_row().cells
            for col, (cell, text) in enumerate(zip(cells, row, strict=True)):
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(9)
                run.bold = i == 0 or (bold_last and i == len(rows))
                if col and i:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.document.add_paragraph()

    def period(self) -> str:
        c = self.claim
        text = self.w["period_final" if c.period == FINAL else "period_text"]
        return text.format(period=c.period, start=long_date(c.start, self.lang), end=long_date(c.end, self.lang))

    def partner_as_subject(self, partner: Partner) -> str:
        """« Le GAL du Pays… », « L'Association… » at the head of a French sentence; the name in English."""
        if self.lang != "fr":
            return partner.name
        named = french.the(partner.name, partner.article)
        return named[:1].upper() + named[1:]

    def signature(self, people: list[tuple[str, str, str]]) -> None:
        """Side by side: each signatory's role, name and title, room to sign."""
        from docx.shared import Pt

        place = self.project.project.place or self.project.project.signature.place or ""
        at = french.at_place(place) if self.lang == "fr" else place  # « au Cheylard »
        self.para(self.w["done_at"].format(place=at, date=long_date(self.claim.date, self.lang)))
        table = self.document.add_table(rows=1, cols=len(people))
        for cell, (role, name, title) in zip(table.rows[0].cells, people, strict=True):
            cell.paragraphs[0].add_run(role).bold = True
            for text in (name, title, "", "", self.w["signature"]):
                run = cell.add_paragraph().add_run(text)
                run.font.size = Pt(9)

    def finish(self, title: str) -> bytes:
        frame = self.frame or page_frame(self.project, self.lang)
        add_letterhead(self.document, frame["letterhead"])
        add_footer(self.document, frame["footer"], self.lang)
        if self.lang == "fr":
            typeset_document(self.document)
        return document_bytes(self.document, self.claim.date, title)


def addressees(page: Page) -> list[str]:
    """To whom the claim goes (LEADER: the partner's managing authority or paying agency; Interreg:
    its controller, then the lead partner; otherwise the funders), as the project file names them."""
    project, w, partner = page.project, page.w, page.partner
    named = project.claims.addressees.get(partner.partner)
    first = [local(named.name, page.lang), *named.address.splitlines()] if named else []
    model = page.claim.legal_model
    if model == "interreg":
        lead = project.partner(project.project.lead_partner)
        return [*(first or [w["controller"]]), "", w["then_lead"].format(lead=lead.name)]
    if model == "leader":
        return first or [w["authority"]]
    return first or [", ".join(dict.fromkeys(f.source for f in partner.funders)) or w["funders"]]


def amounts_section(page: Page) -> None:
    p, w, lang = page.partner, page.w, page.lang
    rows = [[label("category", "staff", lang), page.money(p.staff)]]
    rows += [[label("category", c, lang), page.money(v)] for c, v in p.real_costs.items()]
    rows += [[f"{label('category', f.key, lang)} ({w['flat_short']})", page.money(f.amount)] for f in p.flat_rates]
    for kind, items in (("unit_cost", p.unit_costs), ("lump_sum", p.lump_sums)):
        if items:
            rows.append([label("category", kind, lang), page.money(sum((i.amount for i in items), Decimal(0)))])
    rows.append([w["eligible"], page.money(p.eligible)])
    if p.revenue:
        rows.append([w["revenue"], "− " + page.money(p.revenue)])
    rows.append([w["claimed"], page.money(p.total)])
    page.document.add_heading(w["amounts"], level=2)
    page.table([w["category"], w["amount"]], rows, bold_last=True)
    funders = [
        [f.source, percent(float(f.rate), lang) if f.rate is not None else "", page.money(f.amount)] for f in p.funders
    ]
    funders.append([w["own_funds"], "", page.money(p.own_funds)])
    page.document.add_heading(w["financing"], level=2)
    page.table([w["funder"], w["rate"], w["amount"]], funders)
    consumed = percent(float(p.cumulative / p.budget_total), lang) if p.budget_total else "—"
    page.document.add_heading(w["to_date"], level=2)
    page.table(
        [w["earlier"], w["this_claim"], w["cumulative"], w["budget"], w["consumed"]],
        [
            [
                page.money(p.earlier_total),
                page.money(p.total),
                page.money(p.cumulative),
                page.money(p.budget_total),
                consumed,
            ]
        ],
    )


def paragraph_count(page: Page) -> int:
    """Paragraphs written since the sender's block (the addressee's first line is bold)."""
    paragraphs = page.document.paragraphs
    return len(paragraphs) - 1 - max(i for i, p in enumerate(paragraphs) if not p.text)


def claim_docx(
    project: ProjectFile, claim: Claim, partner: PartnerClaim, lang: str, frame: dict[str, Any] | None = None
) -> bytes:
    w = words("claim_doc", lang)
    page = Page(new_document(), project, claim, partner, lang, w, frame)
    me = project.partner(partner.partner)
    for line in [me.name, *me.address.splitlines()]:
        page.para(line, bold=line == me.name).paragraph_format.space_after = 0
    page.para()
    for line in addressees(page):
        paragraph = page.para(line, bold=not paragraph_count(page))
        paragraph.paragraph_format.left_indent, paragraph.paragraph_format.space_after = 3_000_000, 0
    title = w["title"].format(number=claim.number)
    page.document.add_heading(title, level=0)
    page.para(page.period(), bold=True)
    page.para(f"{local(project.project.title, lang)} — {claim.programme}")
    if project.project.operation_number:
        page.para(label("text", "operation", lang).format(number=project.project.operation_number))
    page.para(w["request"].format(partner=page.partner_as_subject(me), amount=page.money(partner.total)))
    amounts_section(page)
    if partner.at_risk:
        key = "at_risk_in" if partner.at_risk_included else "at_risk_out"
        page.para(w[key].format(amount=page.money(partner.at_risk)))
    page.document.add_heading(w["attached"], level=2)
    attached = [w["attached_list"], *[w["attached_time"].format(name=n) for n in _names(partner)]]
    attached += [w["attached_invoices"].format(count=len(partner.invoices))] if partner.invoices else []
    for text in attached:
        page.document.add_paragraph(text, style="List Bullet")
    page.para(w["certify"])
    rep = me.representative
    page.signature([(w["representative"], rep.name, local(rep.title, lang))])
    return page.finish(title)


def _names(partner: PartnerClaim) -> list[str]:
    return list(dict.fromkeys(m.name for m in partner.staff_months))


def hourly_rows(page: Page, months: list[PersonMonth]) -> tuple[list[str], list[list[str]]]:
    from coopdocs.claims.workbook import wp_name

    lang = page.lang
    wps = list(dict.fromkeys(wp for m in months for wp in m.hours))
    headers = [page.w["month"], *[wp_name(page.project, wp, lang) for wp in wps], page.w["hours"]]
    rows = [
        [m.month, *[number(m.hours.get(wp, 0), lang) for wp in wps], number(m.hours_total, lang)]
        + [page.money(m.rate), page.money(m.amount)]
        for m in months
    ]
    total = sum((m.hours_total for m in months), Decimal(0))
    amount = page.partner.staff_by_agent[months[0].agent]
    rows.append([page.w["total"], *["" for _ in wps], number(total, lang), "", page.money(amount)])
    return [*headers, page.w["rate"], page.w["amount"]], rows


def attestation_docx(
    project: ProjectFile,
    claim: Claim,
    partner: PartnerClaim,
    agent: Agent,
    lang: str,
    frame: dict[str, Any] | None = None,
) -> bytes:
    w = words("claim_doc", lang)
    page = Page(new_document(), project, claim, partner, lang, w, frame)
    months = [m for m in partner.staff_months if m.agent == agent.id]
    fixed = months[0].mode == "fixed"
    title = w["attestation_fixed" if fixed else "attestation_hours"].format(name=agent.name)
    page.document.add_heading(title, level=0)
    page.para(page.period(), bold=True)
    page.para(f"{local(project.project.title, lang)} — {claim.programme}")
    me = project.partner(agent.partner)
    values = {"name": agent.name, "job": local(agent.job_title, lang), "employer": me.name}
    values["employer"] = page.partner_as_subject(me)  # « Le GAL… atteste »
    if lang == "fr":
        values["of_employer"] = french.of(me.name, me.article)
    else:
        values["of_employer"] = f"at {me.name}"
    if fixed:
        page.para(w["fixed_text"].format(**values, share=percent(float(months[-1].share), lang)))
        rows = [
            [m.month, percent(float(m.share), lang), page.money(m.annual_cost), page.money(m.amount)] for m in months
        ]
        rows.append([w["total"], "", "", page.money(partner.staff_by_agent[agent.id])])
        page.table([w["month"], w["share"], w["annual_cost"], w["amount"]], rows, bold_last=True)
        if claim.legal_model == "interreg":
            page.para(w["fixed_article"])
    else:
        page.para(w["hours_text"].format(**values))
        headers, rows = hourly_rows(page, months)
        page.table(headers, rows, bold_last=True)
    signer = agent.supervisor if agent.supervisor else me.representative
    page.signature(
        [
            (w["person"], agent.name, local(agent.job_title, lang)),
            (w["employer"], signer.name, local(signer.title, lang)),
        ]
    )
    return page.finish(title)
