"""The Word bilan: a report a steering committee reads. It only presents the figures of
coopdocs.bilan (tables and matplotlib charts); every text of the project is written as text."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from coopdocs.formats import long_date, money, number, percent
from coopdocs.guide.checklist import BOXES
from coopdocs.output._reproducible import pin_python_docx
from coopdocs.words import label, words


def summary_lines(figures: dict[str, Any], lang: str) -> list[str]:
    w = words("bilan", lang)
    cur = figures["currency"]
    totals = figures["totals"]
    hourly = [a for a in figures["agents"] if a["mode"] == "hourly"]
    lines = [
        w["sentence"].format(
            hours=number(totals["hours"], lang),
            agents=len(hourly),
            total=money(totals["total"], lang, cur),
            staff=money(totals["staff_cost"], lang, cur),
            cumulative=money(totals["cumulative_total"], lang, cur),
            consumed=percent(totals["consumed_cumulative"], lang),
            budget=money(totals["budget_total"], lang, cur),
        )
    ]
    missing = [f"{a['name']} ({', '.join(a['months_missing'])})" for a in figures["agents"] if a["months_missing"]]
    if missing:
        lines.append(w["missing_sentence"].format(months="; ".join(missing)))
    if figures["anomalies"]:
        lines.append(w["anomaly_sentence"].format(count=len(figures["anomalies"])))
    return lines


def bar_chart(categories: list[str], series: list[tuple[str, list[float]]], title: str) -> bytes:
    """A horizontal bar chart as PNG (matplotlib, Agg), the same bytes for the same data."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    height = max(2.2, 0.45 * len(categories) * max(1, len(series)) + 1)
    figure, axes = plt.subplots(figsize=(6.5, height), dpi=110)
    positions = list(range(len(categories)))
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series):
        axes.barh([p + i * width for p in positions], values, height=width, label=name)
    axes.set_yticks([p + width * (len(series) - 1) / 2 for p in positions])
    axes.set_yticklabels([c[:40] for c in categories])
    axes.invert_yaxis()
    axes.set_title(title, fontsize=10)
    if len(series) > 1:
        axes.legend(fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    plt.close(figure)
    return out.getvalue()


def bilan_docx(figures: dict[str, Any], lang: str, when: dt.date) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt

    w = words("bilan", lang)
    cur = figures["currency"]
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    document.styles["Normal"].font.name = "Liberation Sans"
    document.styles["Normal"].font.size = Pt(10)

    def table(headers: list[str], rows: list[list[str]], bold_last: bool = False):
        t = document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = Pt(8.5)
        for i, row in enumerate(rows):
            cells = t.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = ""
                run = cell.paragraphs[0].add_run(str(text))
                run.font.size = Pt(8.5)
                run.bold = bold_last and i == len(rows) - 1
        document.add_paragraph()

    start, end = dt.date.fromisoformat(figures["start"]), dt.date.fromisoformat(figures["end"])
    document.add_heading(w["title"].format(period=figures["period"]), level=0)
    document.add_paragraph(figures["title"]).runs[0].bold = True
    document.add_paragraph(
        f"{figures['programme']} — {w['from_to'].format(start=long_date(start, lang), end=long_date(end, lang))}"
    )
    document.add_paragraph(f"{w['partners']} : " if lang == "fr" else f"{w['partners']}: ").add_run(
        ", ".join(p["name"] for p in figures["partners"])
    )

    document.add_heading(w["summary"], level=1)
    for line in summary_lines(figures, lang):
        document.add_paragraph(line)

    document.add_heading(w["milestones"], level=1)
    rows = [
        [
            long_date(dt.date.fromisoformat(m["date"]), lang),
            m["title"],
            w["done"] if m["done"] else w["late"] if m["late"] else w["planned"],
        ]
        for m in figures["milestones"]
    ]
    rows += [
        [long_date(dt.date.fromisoformat(d["due"]), lang), f"{d['wp'].upper()} – {d['title']}", w["due"]]
        for d in figures["deliverables"]
    ]
    if rows:
        table([w["date"], w["item"], w["status"]], rows)
    else:
        document.add_paragraph(w["none"])

    document.add_heading(w["logbook"], level=1)
    if figures["logbook"]:
        for entry in figures["logbook"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(
                f"{long_date(dt.date.fromisoformat(entry['date']), lang)} — {entry['title']}. "
            ).bold = True
            paragraph.add_run(entry["text"])
    else:
        document.add_paragraph(w["none"])

    document.add_heading(w["hours"], level=1)
    wps = [wp["id"] for wp in figures["work_packages"]]
    table(
        [
            w["agent"],
            w["partner"],
            w["mode"],
            *[wp.upper() for wp in wps],
            w["hours_h"],
            w["rate"],
            w["cost"],
            w["missing"],
        ],
        [
            [
                a["name"],
                a["partner"],
                w[a["mode"]],
                *[number(a["hours"].get(wp, 0), lang) for wp in wps],
                number(a["hours_total"], lang),
                money(a["hourly_rate"], lang, cur),
                money(a["cost"], lang, cur),
                ", ".join(a["months_missing"]),
            ]
            for a in figures["agents"]
        ]
        + [
            [
                w["total"],
                "",
                "",
                *[number(wp["hours"], lang) for wp in figures["work_packages"]],
                number(figures["totals"]["hours"], lang),
                "",
                money(figures["totals"]["staff_cost"], lang, cur),
                "",
            ]
        ],
        bold_last=True,
    )

    document.add_heading(w["partner_costs"], level=1)
    partners = figures["partners"]
    table(
        [w["partner"], w["staff"], w["other"], w["flat"], w["total"]],
        [
            [
                p["name"],
                money(p["staff_cost"], lang, cur),
                money(sum(p["other_costs"].values()), lang, cur),
                money(sum(p["flat_rate_costs"].values()), lang, cur),
                money(p["total"], lang, cur),
            ]
            for p in partners
        ]
        + [
            [
                w["total"],
                money(figures["totals"]["staff_cost"], lang, cur),
                money(figures["totals"]["other_costs"], lang, cur),
                money(figures["totals"]["flat_rate_costs"], lang, cur),
                money(figures["totals"]["total"], lang, cur),
            ]
        ],
        bold_last=True,
    )

    document.add_heading(w["consumption"], level=1)
    funded = [p for p in partners if p["budget_total"]]
    table(
        [w["partner"], w["budget"], w["cumulative"], w["consumed"]],
        [
            [
                p["name"],
                money(p["budget_total"], lang, cur),
                money(p["cumulative"]["total"], lang, cur),
                percent(p["cumulative"]["consumed_total"], lang),
            ]
            for p in funded
        ]
        + [
            [
                w["total"],
                money(figures["totals"]["budget_total"], lang, cur),
                money(figures["totals"]["cumulative_total"], lang, cur),
                percent(figures["totals"]["consumed_cumulative"], lang),
            ]
        ],
        bold_last=True,
    )
    if funded:
        chart = bar_chart(
            [p["name"] for p in funded],
            [
                (w["budget"], [p["budget_total"] for p in funded]),
                (w["spent"], [p["cumulative"]["total"] for p in funded]),
            ],
            w["chart_budget"],
        )
        document.add_picture(io.BytesIO(chart), width=Mm(160))

    document.add_heading(w["by_wp"], level=1)
    chart = bar_chart(
        [f"{wp['id'].upper()} – {wp['title']}" for wp in figures["work_packages"]],
        [(w["hours_h"], [wp["hours"] for wp in figures["work_packages"]])],
        w["chart_wp"],
    )
    document.add_picture(io.BytesIO(chart), width=Mm(150))

    document.add_heading(w["anomalies"], level=1)
    if figures["anomalies"]:
        table(
            [w["kind"], w["agent"], w["date"], w["where"], w["message"]],
            [
                [
                    a["kind"],
                    a["agent"],
                    a["date"],
                    "!".join(x for x in (a["file"], a["sheet"], a["cell"]) if x),
                    a["message"],
                ]
                for a in figures["anomalies"]
            ],
        )
    else:
        document.add_paragraph(w["no_anomaly"])

    document.add_heading(w["guide"], level=1)
    for item in figures["guide"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{BOXES[item['status']]} ")
        paragraph.add_run(item["text"]).bold = item["vigilance"] and item["status"] in ("a-faire", "en-cours")
        paragraph.add_run(f" ({item['id']} — {label('status', item['status'], lang)})").italic = True
        paragraph.paragraph_format.space_after = Pt(1)

    props = document.core_properties
    stamp = dt.datetime.combine(when, dt.time(0, 0))
    props.author = props.last_modified_by = "coopdocs"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.title = w["title"].format(period=figures["period"])
    out = io.BytesIO()
    pin_python_docx()
    document.save(out)
    return out.getvalue()
