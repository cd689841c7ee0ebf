"""The Excel bilan: the same tables for controllers, with SUM formulas where they check a total,
native charts, frozen headers and filters. It only presents the figures of coopdocs.bilan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopdocs.words import words

CATEGORY = words("category", "fr") | {"unknown": "Non classé"}


def bilan_xlsx(figures: dict[str, Any], when: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from coopdocs.forms._xlsx import text_cell, workbook_bytes

    book = Workbook()
    bold = Font(bold=True)

    def sheet_with(
        title: str,
        headers: list[str],
        rows: list[list[Any]],
        sums: list[int] | None = None,
        money_cols: tuple[int, ...] = (),
        share_cols: tuple[int, ...] = (),
    ):
        sheet = book.create_sheet(title)
        for col, header in enumerate(headers, start=1):
            text_cell(sheet, 1, col, header).font = bold
        for r, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = text_cell(sheet, r, col, value)
                if col in money_cols:
                    cell.number_format = "#,##0.00"
                elif col in share_cols:
                    cell.number_format = "0.00%"
        last = len(rows) + 1
        if sums is not None and rows:
            total = last + 1
            text_cell(sheet, total, 1, "Total").font = bold
            for col in sums:
                letter = get_column_letter(col)
                cell = sheet.cell(row=total, column=col, value=f"=SUM({letter}2:{letter}{last})")
                cell.font = bold
                cell.number_format = "#,##0.00" if col in money_cols else "0.00"
        for col in range(1, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 30 if col == 1 else 15
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
        return sheet

    summary = book.active
    summary.title = "Synthèse"
    rows = [
        ("Projet", figures["title"]),
        ("Programme", figures["programme"]),
        ("Période", figures["period"]),
        ("Du", dt.date.fromisoformat(figures["start"])),
        ("Au", dt.date.fromisoformat(figures["end"])),
        ("Heures déclarées", figures["totals"]["hours"]),
        ("Frais de personnel", figures["totals"]["staff_cost"]),
        ("Autres dépenses", figures["totals"]["other_costs"]),
        ("Forfaits", figures["totals"]["flat_rate_costs"]),
        ("Total de la période", figures["totals"]["total"]),
        ("Budget du projet", figures["totals"]["budget_total"]),
        ("Dépensé depuis le début", figures["totals"]["cumulative_total"]),
        ("Part du budget consommée", figures["totals"]["consumed_cumulative"]),
        ("Anomalies", len(figures["anomalies"])),
    ]
    for r, (name, value) in enumerate(rows, start=1):
        text_cell(summary, r, 1, name).font = bold
        cell = text_cell(summary, r, 2, value)
        if isinstance(value, dt.date):
            cell.number_format = "DD/MM/YYYY"
        elif name == "Part du budget consommée":
            cell.number_format = "0.00%"
        elif isinstance(value, float) and name != "Heures déclarées":
            cell.number_format = "#,##0.00"
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 60

    wps = [wp["id"] for wp in figures["work_packages"]]
    n = len(wps)
    agents = sheet_with(
        "Agents",
        [
            "Agent",
            "Identifiant",
            "Partenaire",
            "Mode",
            *[wp.upper() for wp in wps],
            "Heures",
            "Taux horaire",
            "Coût",
            "Mois sans feuille",
        ],
        [
            [
                a["name"],
                a["id"],
                a["partner"],
                a["mode"],
                *[a["hours"].get(wp, 0.0) for wp in wps],
                a["hours_total"],
                a["hourly_rate"],
                a["cost"],
                ", ".join(a["months_missing"]),
            ]
            for a in figures["agents"]
        ],
        sums=[*range(5, 6 + n), 7 + n],
        money_cols=(6 + n, 7 + n),
    )
    partners = sheet_with(
        "Partenaires",
        [
            "Partenaire",
            "Identifiant",
            "Personnel",
            "Autres dépenses",
            "Forfaits",
            "Total",
            "Budget",
            "Cumul depuis le début",
            "Part consommée",
        ],
        [
            [
                p["name"],
                p["id"],
                p["staff_cost"],
                round(sum(p["other_costs"].values()), 2),
                round(sum(p["flat_rate_costs"].values()), 2),
                None,
                p["budget_total"],
                p["cumulative"]["total"],
                p["cumulative"]["consumed_total"],
            ]
            for p in figures["partners"]
        ],
        sums=[3, 4, 5, 6, 7, 8],
        money_cols=(3, 4, 5, 6, 7, 8),
        share_cols=(9,),
    )
    for r in range(2, len(figures["partners"]) + 2):
        cell = partners.cell(row=r, column=6, value=f"=C{r}+D{r}+E{r}")
        cell.number_format = "#,##0.00"
    category_rows = []
    for p in figures["partners"]:
        category_rows.append([p["name"], CATEGORY["staff"], p["staff_cost"]])
        for code, amount in p["other_costs"].items():
            category_rows.append([p["name"], CATEGORY[code], amount])
        for code, amount in p["flat_rate_costs"].items():
            if amount:
                category_rows.append([p["name"], CATEGORY[code] + " (forfait)", amount])
    sheet_with("Catégories", ["Partenaire", "Catégorie", "Montant"], category_rows, sums=[3], money_cols=(3,))
    sheet_with(
        "Anomalies",
        ["Type", "Agent", "Date", "Fichier", "Feuille", "Cellule", "Constat"],
        [
            [a["kind"], a["agent"], a["date"], a["file"], a["sheet"], a["cell"], a["message"]]
            for a in figures["anomalies"]
        ],
    )

    count = len(figures["partners"])
    if count:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Budget et dépenses cumulées par partenaire"
        chart.add_data(Reference(partners, min_col=7, max_col=8, min_row=1, max_row=count + 1), titles_from_data=True)
        chart.set_categories(Reference(partners, min_col=1, min_row=2, max_row=count + 1))
        chart.height, chart.width = 9, 18
        partners.add_chart(chart, "K2")
    if figures["agents"] and n:
        chart = BarChart()
        chart.title = "Heures par lot de travail et par agent"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.add_data(
            Reference(agents, min_col=5, max_col=4 + n, min_row=1, max_row=len(figures["agents"]) + 1),
            titles_from_data=True,
        )
        chart.set_categories(Reference(agents, min_col=1, min_row=2, max_row=len(figures["agents"]) + 1))
        chart.height, chart.width = 9, 18
        agents.add_chart(chart, f"{get_column_letter(10 + n)}2")
    return workbook_bytes(book, when, f"Bilan {figures['period']} — {figures['title']}")
