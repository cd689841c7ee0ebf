"""Write the built-in Word templates (coopdocs/documents/builtin/<kind>.<lang>.docx) with python-docx.

The templates are committed; tests/test_templates.py checks that they are what this script
makes. Edit the texts here, run `python scripts/make_templates.py`, commit both.
Users who want their own wording copy a template and edit it in Word or LibreOffice.

Tags follow docxtpl: `{{ value }}` inside one run, `{%p … %}` alone in a paragraph for loops
over paragraphs, `{%tr … %}` alone in a table row for loops over rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopdocs.output._reproducible import normalize_zip  # noqa: E402

TARGET = ROOT / "coopdocs" / "documents" / "builtin"
LANGS = ("fr", "en")
ACCENT = RGBColor(0x1F, 0x4E, 0x79)


class Doc:
    """A template under construction, in one language."""

    def __init__(self, lang: str, title: tuple[str, str]):
        self.lang = lang
        self.document = Document()
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        normal = self.document.styles["Normal"]
        normal.font.name = "Liberation Sans"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(4)
        for name, size in (("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 10.5)):
            style = self.document.styles[name]
            style.font.name = "Liberation Sans"
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
        self.document.core_properties.title = self.t(*title)
        self._footer()

    def t(self, fr: str, en: str) -> str:
        return fr if self.lang == "fr" else en

    # ---- blocks ---------------------------------------------------------------------------
    def p(self, *parts, align=None, size=None, style=None, space_after=None):
        """A paragraph of runs: a plain string, or ("b", text) for bold, ("i", text) italic."""
        paragraph = self.document.add_paragraph(style=style)
        for part in parts:
            kind, text = part if isinstance(part, tuple) else ("", part)
            run = paragraph.add_run(text)
            run.bold = "b" in kind
            run.italic = "i" in kind
            if size:
                run.font.size = Pt(size)
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "justify":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if space_after is not None:
            paragraph.paragraph_format.space_after = Pt(space_after)
        return paragraph

    def tag(self, text: str):
        """A paragraph holding only a `{%p … %}` tag (docxtpl removes it)."""
        return self.document.add_paragraph(text)

    def h(self, text: str, level: int = 2):
        return self.document.add_heading(text, level=level)

    def bullets(self, loop: str, item: str):
        self.tag(f"{{%p for {loop} %}}")
        self.p(item, style="List Bullet")
        self.tag("{%p endfor %}")

    def items(self, texts: list[tuple[str, str]]):
        """Fixed bullet points, in the template itself so that users can reword them in Word."""
        for fr, en in texts:
            self.p(self.t(fr, en), style="List Bullet", align="justify")

    def letterhead(self, who: str):
        """Sender block: name, address, contact, from the context variable `who` (a partner)."""
        self.p(("b", f"{{{{ {who}.name }}}}"), space_after=0)
        self.p(f"{{{{ {who}.address }}}}", space_after=0)
        self.tag(f"{{%p if {who}.legal_id %}}")
        self.p(f"{{{{ {who}.legal_id }}}}", size=9, space_after=0)
        self.tag("{%p endif %}")
        self.p(f"{{{{ {who}.contact.email }}}}", size=9)

    def addressee(self, who: str):
        self.p(("b", f"{{{{ {who}.name }}}}"), align="right", space_after=0)
        self.p(
            self.t("À l'attention de ", "For the attention of ") + f"{{{{ {who}.representative.name }}}}, "
            f"{{{{ {who}.representative.title }}}}",
            align="right",
            space_after=0,
        )
        self.p(f"{{{{ {who}.address }}}}", align="right")

    def place_date(self):
        self.p(
            self.t("Fait à {{ place }}, le {{ doc_date|date_long }}", "{{ place }}, {{ doc_date|date_long }}"),
            align="right",
        )

    def subject(self, text: str):
        self.p(("b", self.t("Objet : ", "Subject: ")), text)

    def table(
        self,
        headers: list[str],
        row: list[str],
        loop: str,
        total: list[str] | None = None,
        widths: list[int] | None = None,
        size: float = 9,
        inner: tuple[str, list[str]] | None = None,
        after_inner: list[str] | None = None,
    ):
        """A table with a header row, one row per item of `loop`, and an optional total row.

        With `inner` = (loop, cells), each outer item gets rows for its own items (nested loop),
        then `after_inner` (a subtotal row).
        """
        table = self.document.add_table(rows=0, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER

        def add(cells: list[str], bold: bool = False, shade: str | None = None):
            r = table.add_row()
            for cell, text in zip(r.cells, cells):
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.bold = bold
                run.font.size = Pt(size)
                if shade:
                    _shade(cell, shade)
            return r

        add(headers, bold=True, shade="D9E2F3")
        _repeat_header(table.rows[0])
        add([f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1))
        if inner:
            add([f"{{%tr for {inner[0]} %}}"] + [""] * (len(headers) - 1))
            add(inner[1])
            add(["{%tr endfor %}"] + [""] * (len(headers) - 1))
            add(after_inner or [], bold=True, shade="F2F2F2")
        else:
            add(row)
        add(["{%tr endfor %}"] + [""] * (len(headers) - 1))
        if total:
            add(total, bold=True, shade="D9E2F3")
        if widths:
            for r in table.rows:
                for cell, width in zip(r.cells, widths):
                    cell.width = Mm(width)
        self.p("", space_after=2)
        return table

    def guide_box(self):
        """The guide's items for this document, in a bordered box, with their status boxes."""
        table = self.document.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        cell = table.rows[0].cells[0]
        _shade(cell, "F5F8FC")
        first = cell.paragraphs[0]
        run = first.add_run("{{ guide.title }}")
        run.bold = True
        run.font.color.rgb = ACCENT

        def cp(text: str, bold: bool = False, italic: bool = False, size: float = 9):
            paragraph = cell.add_paragraph()
            r = paragraph.add_run(text)
            r.bold, r.italic = bold, italic
            r.font.size = Pt(size)
            paragraph.paragraph_format.space_after = Pt(1)
            return paragraph

        cp("{{ guide.intro }}", italic=True, size=8.5)
        cp("{%p for stage in guide.stages %}")
        cp("{{ stage.number }}. {{ stage.title }}", bold=True, size=9.5)
        for column in ("methods", "vigilance"):
            cp(f"{{%p if stage.{column} %}}")
            cp(f"{{{{ guide.labels.{column} }}}}", italic=True)
            cp(f"{{%p for item in stage.{column} %}}")
            cp("{{ item.indent }}{{ item.box }} {{ item.text }} ({{ item.id }}){{ item.note }}")
            cp("{%p endfor %}")
            cp("{%p endif %}")
        cp("{%p endfor %}")
        cp("{{ guide.legend }}", italic=True, size=8)
        cp("{{ guide.source }}", italic=True, size=8)
        self.p("", space_after=2)

    def signatures(self, *blocks: tuple[str, str]):
        """Side-by-side signature blocks: (heading, lines) pairs."""
        table = self.document.add_table(rows=1, cols=len(blocks))
        for cell, (heading, lines) in zip(table.rows[0].cells, blocks):
            cell.text = ""
            cell.paragraphs[0].add_run(heading).bold = True
            for line in lines.split("\n"):
                cell.add_paragraph(line)
            cell.add_paragraph(self.t("Signature :", "Signature:"))
            cell.add_paragraph("")
            cell.add_paragraph("")

    def partner_signature(self):
        """The partner's representative signs its own letter and form."""
        self.signatures(
            (
                self.t("Pour ", "For ") + "{{ partner.name }}",
                "{{ partner.representative.name }}\n{{ partner.representative.title }}",
            )
        )

    def _footer(self):
        footer = self.document.sections[0].footer
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run("{{ footer }} — " + self.t("page ", "page "))
        run.font.size = Pt(8)
        _field(paragraph, "PAGE")
        tail = paragraph.add_run(self.t(" sur ", " of "))
        tail.font.size = Pt(8)
        _field(paragraph, "NUMPAGES")

    def save(self, path: Path) -> bytes:
        props = self.document.core_properties
        stamp = dt.datetime(2026, 1, 1)
        props.author = props.last_modified_by = "coopdocs"
        props.created = props.modified = props.last_printed = stamp
        props.revision = 1
        props.language = self.lang
        out = io.BytesIO()
        self.document.save(out)
        data = normalize_zip(slim(out.getvalue()))
        path.write_bytes(data)
        return data


DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def slim(data: bytes) -> bytes:
    """python-docx's default package carries 800 KB of styles (every latent and unused style,
    a Word 2010 copy of them), a thumbnail and custom XML. Every document rendered from a
    template parses, serialises and compresses all of it: keep only the styles in use."""
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    kept = {name: blob for name, blob in parts.items() if not name.startswith(DROPPED)}
    used = set()
    for name, blob in kept.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used |= set(re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', blob))
    styles = etree.fromstring(kept["word/styles.xml"])
    by_id = {s.get(f"{{{W}}}styleId").encode(): s for s in styles.iter(f"{{{W}}}style")}
    wanted = used | {i for i, s in by_id.items() if s.get(f"{{{W}}}default") == "1"}
    pending = list(wanted)
    while pending:  # styles a kept style is based on, linked to or followed by
        style = by_id.get(pending.pop())
        for tag in ("basedOn", "link", "next"):
            ref = style.find(f"{{{W}}}{tag}") if style is not None else None
            if ref is not None and ref.get(f"{{{W}}}val").encode() not in wanted:
                wanted.add(ref.get(f"{{{W}}}val").encode())
                pending.append(ref.get(f"{{{W}}}val").encode())
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)
    for latent in styles.findall(f"{{{W}}}latentStyles"):
        styles.remove(latent)
    kept["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    for name in ("_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml"):
        tree = etree.fromstring(kept[name])
        for element in list(tree):
            target = element.get("Target", "") or element.get("PartName", "")
            if any(drop.rstrip("/") in target for drop in ("stylesWithEffects.xml", "thumbnail.jpeg", "customXml")):
                tree.remove(element)
        kept[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in kept.items():
            target.writestr(name, blob)
    return out.getvalue()


def _field(paragraph, instruction: str):
    run = paragraph.add_run()
    run.font.size = Pt(8)
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
            run._r.append(element)
        else:
            element = OxmlElement("w:t")
            element.text = text
            run._r.append(element)


def _shade(cell, color: str):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color)
    properties.append(shading)


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


# ---- the documents -----------------------------------------------------------------------


def lettre_intention(d: Doc):
    d.letterhead("partner")
    d.addressee("lead")
    d.place_date()
    d.subject(
        d.t("lettre d'intention — projet « {{ project.title }} »", "letter of intent — project “{{ project.title }}”")
    )
    d.p(d.t("Madame, Monsieur,", "Dear Sir or Madam,"))
    d.p(
        d.t(
            "{{ partner.name }} ({{ partner.type_label }}, {{ partner.country_name }}) fait part de son intention "
            "de participer au projet de coopération {{ project.cooperation_label }} « {{ project.title }} », porté "
            "par {{ lead.name }} en qualité de chef de file dans le cadre du programme {{ project.programme }}, "
            "du {{ project.start|date_long }} au {{ project.end|date_long }}.",
            "{{ partner.name }} ({{ partner.type_label }}, {{ partner.country_name }}) hereby states its intention "
            "to take part in the {{ project.cooperation_label }} cooperation project “{{ project.title }}”, led by "
            "{{ lead.name }} as lead partner under the programme {{ project.programme }}, from "
            "{{ project.start|date_long }} to {{ project.end|date_long }}.",
        ),
        align="justify",
    )
    d.p(d.t("Le projet vise à :", "The project aims to:"))
    d.bullets("objective in project.objectives", "{{ objective }}")
    d.tag("{%p if partner.role %}")
    d.p(("b", d.t("Notre rôle : ", "Our role: ")), "{{ partner.role }}")
    d.tag("{%p endif %}")
    d.tag("{%p if partner.work_packages %}")
    d.p(d.t("Nous contribuerons aux lots de travail suivants :", "We will contribute to the following work packages:"))
    d.bullets("wp in partner.work_packages", "{{ wp.code }} – {{ wp.title }}")
    d.tag("{%p endif %}")
    d.tag("{%p if partner.observer %}")
    d.p(
        d.t(
            "Nous rejoignons le projet en qualité d'observateur, sans financement du programme : nous prendrons part "
            "aux échanges et aux instances auxquelles nous serons invités, sans engager de dépenses au titre du projet.",
            "We join the project as an observer, without funding from the programme: we will take part in the "
            "exchanges and in the bodies we are invited to, without incurring expenditure for the project.",
        ),
        align="justify",
    )
    d.tag("{%p else %}")
    d.p(
        d.t(
            "Notre budget prévisionnel s'élève à {{ partner.budget_total|money }}, dont {{ partner.funding_total|money }} "
            "de cofinancements sollicités et {{ partner.self_financing|money }} d'autofinancement.",
            "Our planned budget amounts to {{ partner.budget_total|money }}, of which {{ partner.funding_total|money }} "
            "is requested co-financing and {{ partner.self_financing|money }} self-financing.",
        ),
        align="justify",
    )
    d.tag("{%p endif %}")
    d.p(
        d.t(
            "Notre interlocuteur pour le projet sera {{ partner.contact.name }} ({{ partner.contact.email }}).",
            "Our contact person for the project will be {{ partner.contact.name }} ({{ partner.contact.email }}).",
        )
    )
    d.p(
        (
            "i",
            d.t(
                "Cette lettre ne vaut pas engagement juridique ; celui-ci résultera de la convention de partenariat.",
                "This letter is not a legal commitment; that will result from the partnership agreement.",
            ),
        )
    )
    d.p(d.t("Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.", "Yours faithfully,"))
    d.partner_signature()
    d.guide_box()


def fiche_engagement(d: Doc):
    d.letterhead("partner")
    d.p(("b", d.t("FICHE D'ENGAGEMENT", "COMMITMENT FORM")), align="center", size=14)
    d.p(
        d.t(
            "Projet « {{ project.title }} » — {{ project.programme }}",
            "Project “{{ project.title }}” — {{ project.programme }}",
        ),
        align="center",
    )
    d.h(d.t("1. Le partenaire", "1. The partner"))
    d.p(
        ("b", d.t("Structure : ", "Organisation: ")),
        "{{ partner.name }} ({{ partner.type_label }}, {{ partner.country_name }})",
    )
    d.p(
        ("b", d.t("Représentant : ", "Representative: ")),
        "{{ partner.representative.name }}, {{ partner.representative.title }}",
    )
    d.p(
        ("b", d.t("Contact : ", "Contact: ")),
        "{{ partner.contact.name }} — {{ partner.contact.email }}{{ partner.contact.phone_text }}",
    )
    d.p(("b", d.t("Rôle dans le projet : ", "Role in the project: ")), "{{ partner.role_text }}")
    d.h(d.t("2. Ressources humaines engagées", "2. Human resources committed"))
    d.tag("{%p if partner.agents %}")
    d.table(
        [
            d.t("Agent", "Staff member"),
            d.t("Poste", "Position"),
            d.t("Temps consacré au projet", "Time on the project"),
            d.t("Période", "Period"),
        ],
        ["{{ a.name }}", "{{ a.job_title }}", "{{ a.time_text }}", "{{ a.start|date_long }} – {{ a.end|date_long }}"],
        "a in partner.agents",
        widths=[40, 45, 45, 36],
    )
    d.tag("{%p else %}")
    d.p(d.t("Aucun agent dont le temps est imputé au projet.", "No staff member whose time is charged to the project."))
    d.tag("{%p endif %}")
    d.h(d.t("3. Contribution financière", "3. Financial contribution"))
    d.tag("{%p if partner.observer %}")
    d.p(
        d.t(
            "Partenaire observateur : aucune dépense ni aucun financement au titre du projet.",
            "Observer partner: no expenditure and no funding under the project.",
        )
    )
    d.tag("{%p else %}")
    d.table(
        [d.t("Catégorie de dépenses", "Cost category"), d.t("Montant", "Amount")],
        ["{{ c.label }}", "{{ c.amount|money }}"],
        "c in partner.costs",
        total=[d.t("Total", "Total"), "{{ partner.budget_total|money }}"],
        widths=[110, 56],
    )
    d.table(
        [d.t("Financeur", "Funder"), d.t("Montant", "Amount")],
        ["{{ f.source }} {{ f.rate_text }}", "{{ f.amount|money }}"],
        "f in partner.funding",
        total=[d.t("Autofinancement", "Self-financing"), "{{ partner.self_financing|money }}"],
        widths=[110, 56],
    )
    d.tag("{%p endif %}")
    d.h(d.t("4. Participation à la gouvernance", "4. Seats in the governance bodies"))
    d.tag("{%p if partner.seats %}")
    d.bullets("body in partner.seats", "{{ body.name }} ({{ body.frequency }})")
    d.tag("{%p else %}")
    d.p(d.t("Aucune instance.", "None."))
    d.tag("{%p endif %}")
    d.h(d.t("5. Attentes du partenaire", "5. Expectations of the partner"))
    d.p(("i", d.t("(à compléter par le partenaire)", "(to be completed by the partner)")))
    for _ in range(4):
        d.p("." * 110, size=8)
    d.h(d.t("6. Règles d'engagement", "6. Rules of engagement"))
    d.items(
        [
            (
                "Participer aux instances du projet et aux échanges entre partenaires.",
                "Take part in the project's bodies and in the exchanges between partners.",
            ),
            (
                "Informer le chef de file sans délai de tout changement (personnes, calendrier, budget).",
                "Inform the lead partner without delay of any change (people, calendar, budget).",
            ),
            (
                "Tenir les pièces justificatives (feuilles de temps, factures) à jour et les conserver "
                "{{ reporting.retention_years }} ans pour les contrôles.",
                "Keep supporting documents (time sheets, invoices) up to date and keep them for "
                "{{ reporting.retention_years }} years for controls.",
            ),
            (
                "Signer la convention de partenariat avant le début des dépenses.",
                "Sign the partnership agreement before incurring any expenditure.",
            ),
        ]
    )
    d.place_date()
    d.partner_signature()
    d.guide_box()


def lettre_mission(d: Doc):
    d.letterhead("employer")
    d.p(("b", "{{ agent.name }}"), align="right", space_after=0)
    d.p("{{ agent.job_title }}", align="right")
    d.place_date()
    d.subject(
        d.t("lettre de mission — projet « {{ project.title }} »", "mission letter — project “{{ project.title }}”")
    )
    d.p(d.t("Madame, Monsieur,", "Dear {{ agent.name }},"))
    d.p(
        d.t(
            "Dans le cadre du projet de coopération « {{ project.title }} » ({{ project.programme }}), dont "
            "{{ lead.name }} est chef de file, {{ employer.name }} vous confie la mission décrite ci-dessous.",
            "As part of the cooperation project “{{ project.title }}” ({{ project.programme }}), led by {{ lead.name }}, "
            "{{ employer.name }} entrusts you with the mission described below.",
        ),
        align="justify",
    )
    d.h(d.t("Article 1 – Tâches et responsabilités", "Article 1 – Tasks and responsibilities"))
    d.bullets("task in agent.tasks", "{{ task }}")
    d.tag("{%p if agent.responsibilities %}")
    d.p(d.t("Vous êtes en outre responsable de :", "You are also responsible for:"))
    d.bullets("item in agent.responsibilities", "{{ item }}")
    d.tag("{%p endif %}")
    d.h(d.t("Article 2 – Période et encadrement", "Article 2 – Period and supervision"))
    d.p(
        d.t(
            "La mission court du {{ agent.start|date_long }} au {{ agent.end|date_long }}. Elle s'exerce sous "
            "l'autorité de {{ agent.supervisor.name }}, {{ agent.supervisor.title }}.",
            "The mission runs from {{ agent.start|date_long }} to {{ agent.end|date_long }}, under the authority of "
            "{{ agent.supervisor.name }}, {{ agent.supervisor.title }}.",
        ),
        align="justify",
    )
    d.h(d.t("Article 3 – Temps consacré au projet", "Article 3 – Time allocated to the project"))
    d.tag("{%p if agent.mode == 'fixed' %}")
    d.p(
        d.t(
            "Vous consacrez au projet un pourcentage fixe de {{ agent.share|percent }} de votre temps de travail "
            "(quotité {{ agent.work_time_ratio|percent }}, {{ agent.weekly_hours|number }} heures par semaine), pendant "
            "toute la période de la mission. Conformément aux règles de l'Union européenne et aux règles nationales "
            "d'éligibilité des frais de personnel à pourcentage fixe, ce pourcentage est fixé par la présente lettre ; "
            "aucune feuille de temps n'est alors exigée. Toute modification fera l'objet d'un avenant.",
            "You devote a fixed percentage of {{ agent.share|percent }} of your working time to the project "
            "(work time ratio {{ agent.work_time_ratio|percent }}, {{ agent.weekly_hours|number }} hours a week) "
            "throughout the mission. Under EU and national rules on staff costs at a fixed percentage, this percentage "
            "is set by this letter; no time sheet is then required. Any change requires an amendment.",
        ),
        align="justify",
    )
    d.tag("{%p else %}")
    d.p(
        d.t(
            "Vous consacrez au projet {{ agent.hours_planned|number }} heures sur la période de la mission "
            "(quotité {{ agent.work_time_ratio|percent }}, {{ agent.weekly_hours|number }} heures par semaine). "
            "Ces heures sont enregistrées chaque jour sur la feuille de temps mensuelle fournie, que vous complétez, "
            "datez et signez à la fin de chaque mois, puis faites contresigner par {{ agent.supervisor.name }}.",
            "You devote {{ agent.hours_planned|number }} hours to the project over the mission "
            "(work time ratio {{ agent.work_time_ratio|percent }}, {{ agent.weekly_hours|number }} hours a week). "
            "These hours are recorded every day on the monthly time sheet provided, which you complete, date and sign "
            "at the end of each month and have countersigned by {{ agent.supervisor.name }}.",
        ),
        align="justify",
    )
    d.tag("{%p endif %}")
    d.h(d.t("Article 4 – Traçabilité et contrôles", "Article 4 – Traceability and controls"))
    d.p(
        d.t(
            "Le temps consacré au projet et les pièces qui le justifient (lettre de mission, feuilles de temps, "
            "bulletins de salaire) sont conservés {{ reporting.retention_years }} ans et présentés à toute demande "
            "des autorités de contrôle. Le taux horaire retenu est de {{ agent.hourly_rate|money }} "
            "(coût annuel brut chargé ÷ {{ agent.rate_basis|number }} heures).",
            "The time devoted to the project and its supporting documents (mission letter, time sheets, payslips) "
            "are kept for {{ reporting.retention_years }} years and shown to the control authorities on request. "
            "The hourly rate used is {{ agent.hourly_rate|money }} (annual gross employment cost ÷ "
            "{{ agent.rate_basis|number }} hours).",
        ),
        align="justify",
    )
    d.signatures(
        (
            d.t("L'employeur", "The employer"),
            "{{ employer.name }}\n{{ employer.representative.name }}, {{ employer.representative.title }}",
        ),
        (d.t("L'agent (lu et approuvé)", "The staff member (read and approved)"), "{{ agent.name }}"),
    )
    d.guide_box()


def convention(d: Doc):
    d.p(("b", d.t("CONVENTION DE PARTENARIAT", "PARTNERSHIP AGREEMENT")), align="center", size=16)
    d.p(("b", "{{ project.title }}"), align="center", size=12)
    d.p("{{ project.programme }}", align="center")
    d.h(d.t("Entre les soussignés", "Between the undersigned"))
    d.tag("{%p for p in partners %}")
    d.p(
        ("b", "{{ p.name }}"),
        ", {{ p.type_label }} ({{ p.country_name }}), {{ p.address_inline }}{{ p.legal_id_text }}, "
        + d.t(
            "représenté(e) par {{ p.representative.name }}, {{ p.representative.title }}",
            "represented by {{ p.representative.name }}, {{ p.representative.title }}",
        )
        + "{{ p.lead_text }}",
        align="justify",
    )
    d.tag("{%p endfor %}")
    d.p(
        d.t(
            "ci-après « les partenaires », il est convenu ce qui suit.",
            "hereinafter “the partners”, it is agreed as follows.",
        )
    )
    d.h(d.t("Préambule", "Preamble"))
    d.p("{{ project.summary }}", align="justify")
    d.p(
        d.t(
            "Le projet relève du programme {{ project.programme }} ; il s'agit d'une coopération {{ project.cooperation_label }}.",
            "The project falls under the programme {{ project.programme }}; it is a {{ project.cooperation_label }} cooperation.",
        )
    )
    d.h(d.t("Article 1 – Objet", "Article 1 – Purpose"))
    d.p(
        d.t(
            "La présente convention définit les droits et obligations des partenaires pour la mise en œuvre du projet "
            "« {{ project.title }} », dont les objectifs sont :",
            "This agreement sets the rights and obligations of the partners in carrying out the project "
            "“{{ project.title }}”, whose objectives are:",
        ),
        align="justify",
    )
    d.bullets("objective in project.objectives", "{{ objective }}")
    d.h(d.t("Article 2 – Durée", "Article 2 – Duration"))
    d.p(
        d.t(
            "Le projet se déroule du {{ project.start|date_long }} au {{ project.end|date_long }} ({{ project.months }} mois). "
            "La convention entre en vigueur à sa signature par tous les partenaires et prend fin à l'issue des "
            "obligations de conservation des pièces (article 9).",
            "The project runs from {{ project.start|date_long }} to {{ project.end|date_long }} ({{ project.months }} months). "
            "The agreement takes effect when signed by all partners and ends when the record-keeping obligations "
            "(article 9) expire.",
        ),
        align="justify",
    )
    d.h(d.t("Article 3 – Obligations du chef de file", "Article 3 – Obligations of the lead partner"))
    d.p(d.t("{{ lead.name }}, chef de file :", "{{ lead.name }}, lead partner:"))
    d.items(
        [
            (
                "coordonne le projet, anime le partenariat et convoque les instances ;",
                "coordinates the project, leads the partnership and convenes the bodies;",
            ),
            (
                "dépose les demandes de paiement et reverse à chaque partenaire la part de financement qui lui revient ;",
                "submits the payment claims and passes on to each partner its share of the funding;",
            ),
            (
                "veille à la régularité des dépenses déclarées et recouvre auprès des partenaires les montants indûment versés ;",
                "ensures that declared expenditure is regular and recovers from the partners any amount unduly paid;",
            ),
            (
                "tient les partenaires informés de l'avancement et des échanges avec l'autorité de gestion.",
                "keeps the partners informed of progress and of the exchanges with the managing authority.",
            ),
        ]
    )
    d.h(d.t("Article 4 – Obligations de chaque partenaire", "Article 4 – Obligations of each partner"))
    d.items(
        [
            (
                "réalise les actions qui lui reviennent, selon le calendrier et le budget convenus ;",
                "carries out its actions, to the agreed calendar and budget;",
            ),
            (
                "transmet au chef de file les justificatifs de ses dépenses et les feuilles de temps signées ;",
                "sends the lead partner the supporting documents of its expenditure and the signed time sheets;",
            ),
            ("participe aux instances et aux bilans du projet ;", "takes part in the project's bodies and reports;"),
            (
                "reverse au chef de file tout montant indûment perçu.",
                "repays to the lead partner any amount unduly received.",
            ),
        ]
    )
    d.h(d.t("Article 5 – Rôles et lots de travail", "Article 5 – Roles and work packages"))
    d.table(
        [d.t("Partenaire", "Partner"), d.t("Rôle", "Role")],
        ["{{ p.name }}", "{{ p.role_text }}"],
        "p in partners",
        widths=[60, 106],
    )
    d.table(
        [
            d.t("Lot", "WP"),
            d.t("Intitulé", "Title"),
            d.t("Responsable", "Lead"),
            d.t("Période", "Period"),
            d.t("Livrables", "Deliverables"),
        ],
        [
            "{{ wp.code }}",
            "{{ wp.title }}",
            "{{ wp.lead_name }}",
            "{{ wp.start|date_long }} – {{ wp.end|date_long }}",
            "{{ wp.deliverables_text }}",
        ],
        "wp in work_packages",
        widths=[12, 45, 35, 36, 38],
    )
    d.h(d.t("Article 6 – Budget et plan de financement", "Article 6 – Budget and funding plan"))
    d.p(
        d.t(
            "Le budget du projet s'élève à {{ budget.total|money }}. Il se répartit comme suit par partenaire et par "
            "catégorie de dépenses{{ budget.flat_text }}.",
            "The project budget amounts to {{ budget.total|money }}, split by partner and cost category as "
            "follows{{ budget.flat_text }}.",
        ),
        align="justify",
    )
    d.table(
        [d.t("Partenaire", "Partner"), d.t("Catégorie", "Category"), d.t("Montant", "Amount")],
        [],
        "p in budget.partners",
        inner=("c in p.costs", ["{{ p.short }}", "{{ c.label }}", "{{ c.amount|money }}"]),
        after_inner=[d.t("Sous-total ", "Subtotal ") + "{{ p.short }}", "", "{{ p.budget_total|money }}"],
        total=[d.t("Total du projet", "Project total"), "", "{{ budget.total|money }}"],
        widths=[60, 66, 40],
    )
    d.table(
        [
            d.t("Partenaire", "Partner"),
            d.t("Coût total", "Total cost"),
            d.t("Cofinancements", "Co-financing"),
            d.t("Autofinancement", "Self-financing"),
        ],
        ["{{ p.short }}", "{{ p.budget_total|money }}", "{{ p.funding_total|money }}", "{{ p.self_financing|money }}"],
        "p in budget.partners",
        total=[
            "Total",
            "{{ budget.total|money }}",
            "{{ budget.funding_total|money }}",
            "{{ budget.self_financing|money }}",
        ],
        widths=[60, 36, 36, 34],
    )
    d.table(
        [
            d.t("Source de financement", "Funding source"),
            d.t("Montant", "Amount"),
            d.t("Part du budget", "Share of budget"),
        ],
        ["{{ s.source }}", "{{ s.amount|money }}", "{{ s.share|percent }}"],
        "s in budget.sources",
        total=[
            d.t("Total des cofinancements", "Total co-financing"),
            "{{ budget.funding_total|money }}",
            "{{ budget.funding_share|percent }}",
        ],
        widths=[80, 46, 40],
    )
    d.h(d.t("Article 7 – Gouvernance", "Article 7 – Governance"))
    d.tag("{%p for body in governance.bodies %}")
    d.p(
        ("b", "{{ body.name }}"),
        " — {{ body.role }} "
        + d.t("Membres : ", "Members: ")
        + "{{ body.members_text }}. "
        + d.t("Réunions : ", "Meetings: ")
        + "{{ body.frequency }}.",
        align="justify",
    )
    d.tag("{%p endfor %}")
    d.p(("b", d.t("Règle de décision : ", "Decision rule: ")), "{{ governance.decision_rule }}")
    d.h(d.t("Article 8 – Suivi et bilans", "Article 8 – Monitoring and reporting"))
    d.p(
        d.t(
            "Les partenaires transmettent au chef de file les éléments des bilans {{ reporting.frequency_label }} "
            "(avancement, dépenses, feuilles de temps signées) dans le mois qui suit chaque période, afin que tous "
            "disposent d'un même niveau d'information.",
            "The partners send the lead partner the material for the {{ reporting.frequency_label }} reports (progress, "
            "expenditure, signed time sheets) within a month after each period, so that all have the same level of "
            "information.",
        ),
        align="justify",
    )
    d.h(d.t("Article 9 – Contrôles et conservation des pièces", "Article 9 – Controls and record keeping"))
    d.p(
        d.t(
            "Chaque partenaire se soumet aux contrôles des autorités du programme et conserve toutes les pièces "
            "justificatives (factures, preuves de paiement, feuilles de temps, lettres de mission) pendant "
            "{{ reporting.retention_years }} ans après le dernier paiement. Tout montant indûment perçu est reversé au "
            "chef de file, qui le restitue à l'autorité de gestion.",
            "Each partner accepts the controls of the programme authorities and keeps every supporting document "
            "(invoices, proofs of payment, time sheets, mission letters) for {{ reporting.retention_years }} years "
            "after the last payment. Any amount unduly received is repaid to the lead partner, who returns it to the "
            "managing authority.",
        ),
        align="justify",
    )
    d.h(d.t("Article 10 – Communication", "Article 10 – Communication"))
    d.p(
        d.t(
            "Toute action de communication mentionne le projet, le programme et ses financeurs, avec leurs logos, "
            "selon les règles du programme.",
            "Every communication mentions the project, the programme and its funders, with their logos, as the "
            "programme's rules require.",
        ),
        align="justify",
    )
    d.h(d.t("Article 11 – Propriété des livrables", "Article 11 – Ownership of deliverables"))
    d.p("{{ governance.ip }}", align="justify")
    d.h(d.t("Article 12 – Langue de travail", "Article 12 – Working language"))
    d.p(
        d.t(
            "La langue de travail du partenariat est : {{ governance.working_language }}.",
            "The working language of the partnership is: {{ governance.working_language }}.",
        )
    )
    d.h(d.t("Article 13 – Avenants et retrait", "Article 13 – Amendments and withdrawal"))
    d.p(
        d.t(
            "Toute modification fait l'objet d'un avenant signé par tous les partenaires. Un partenaire qui se retire "
            "en informe les autres par écrit trois mois à l'avance et reste tenu des obligations liées aux dépenses "
            "déjà engagées et aux contrôles.",
            "Any change requires an amendment signed by all partners. A partner that withdraws informs the others in "
            "writing three months in advance and remains bound by the obligations on expenditure already incurred "
            "and on controls.",
        ),
        align="justify",
    )
    d.h(d.t("Article 14 – Règlement des différends", "Article 14 – Disputes"))
    d.p("{{ governance.disputes }}", align="justify")
    d.place_date()
    d.h(d.t("Signatures", "Signatures"))
    d.tag("{%p for p in partners %}")
    d.p(("b", d.t("Pour ", "For ") + "{{ p.name }}"), space_after=0)
    d.p("{{ p.representative.name }}, {{ p.representative.title }}", space_after=0)
    d.p(d.t("Signature :", "Signature:"), space_after=18)
    d.tag("{%p endfor %}")
    d.h(d.t("Annexe – Points de vigilance du guide", "Annex – Points of vigilance from the guide"))
    d.guide_box()


def fiche_projet(d: Doc):
    d.p(("b", "{{ project.title }}"), align="center", size=16)
    d.p(
        "{{ project.programme }} — "
        + d.t("coopération ", "")
        + "{{ project.cooperation_label }}"
        + d.t("", " cooperation"),
        align="center",
    )
    d.p(
        ("b", d.t("Chef de file : ", "Lead partner: ")),
        "{{ lead.name }} — {{ lead.contact.name }}, {{ lead.contact.email }}",
    )
    d.p(
        ("b", d.t("Période : ", "Period: ")),
        "{{ project.start|date_long }} – {{ project.end|date_long }} ({{ project.months }} " + d.t("mois)", "months)"),
    )
    d.h(d.t("Le projet", "The project"))
    d.p("{{ project.summary }}", align="justify")
    d.h(d.t("Objectifs", "Objectives"))
    d.bullets("objective in project.objectives", "{{ objective }}")
    d.h(d.t("Partenaires", "Partners"))
    d.table(
        [d.t("Partenaire", "Partner"), d.t("Pays", "Country"), d.t("Rôle", "Role")],
        ["{{ p.name }}", "{{ p.country_name }}", "{{ p.role_text }}"],
        "p in partners",
        widths=[62, 28, 76],
    )
    d.h(d.t("Lots de travail et calendrier", "Work packages and calendar"))
    d.table(
        [d.t("Lot", "WP"), d.t("Intitulé", "Title"), d.t("Responsable", "Lead"), d.t("Période", "Period")],
        ["{{ wp.code }}", "{{ wp.title }}", "{{ wp.lead_name }}", "{{ wp.start|date_long }} – {{ wp.end|date_long }}"],
        "wp in work_packages",
        widths=[14, 70, 40, 42],
    )
    d.tag("{%p if milestones %}")
    d.p(("b", d.t("Jalons", "Milestones")))
    d.bullets("m in milestones", "{{ m.date|date_long }} : {{ m.title }}")
    d.tag("{%p endif %}")
    d.h(d.t("Budget en bref", "Budget in brief"))
    d.p(
        d.t("Budget total : ", "Total budget: "),
        ("b", "{{ budget.total|money }}"),
        d.t(
            ", dont {{ budget.funding_total|money }} de cofinancements ({{ budget.funding_share|percent }}).",
            ", of which {{ budget.funding_total|money }} co-financing ({{ budget.funding_share|percent }}).",
        ),
    )
    d.bullets("s in budget.sources", "{{ s.source }} : {{ s.amount|money }}")
    d.guide_box()


DOCUMENTS = {
    "lettre-intention": (lettre_intention, ("Lettre d'intention", "Letter of intent")),
    "fiche-engagement": (fiche_engagement, ("Fiche d'engagement", "Commitment form")),
    "lettre-mission": (lettre_mission, ("Lettre de mission", "Mission letter")),
    "convention-partenariat": (convention, ("Convention de partenariat", "Partnership agreement")),
    "fiche-projet": (fiche_projet, ("Fiche projet", "Project sheet")),
}


def build(target: Path = TARGET) -> dict[str, bytes]:
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind, (write, title) in DOCUMENTS.items():
        for lang in LANGS:
            doc = Doc(lang, title)
            write(doc)
            name = f"{kind}.{lang}.docx"
            written[name] = doc.save(target / name)
    return written


if __name__ == "__main__":
    for name in build():
        print(TARGET / name)
