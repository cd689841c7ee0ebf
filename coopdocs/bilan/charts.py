"""The charts of the Word bilan: horizontal bars drawn by matplotlib (Agg), the same PNG bytes
for the same figures."""

from __future__ import annotations

import io

from coopdocs.bilan.figures import PartnerFigures, WorkPackageHours
from coopdocs.formats import clipped


def bar_chart(
    categories: list[str], series: list[tuple[str, list[float]]], title: str, lang: str = "fr", unit: str = ""
) -> bytes:
    """A horizontal bar chart as PNG (matplotlib, Agg), the same bytes for the same data; the
    axis in the document's numbers (« 20 000 € », « 150 h »)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    height = max(2.2, 0.45 * len(categories) * max(1, len(series)) + 1)
    figure, axes = plt.subplots(figsize=(6.5, height), dpi=110)
    positions = list(range(len(categories)))
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series):
        axes.barh([p + i * width for p in positions], values, height=width, label=name)
    axes.set_yticks([p + width * (len(series) - 1) / 2 for p in positions])
    axes.set_yticklabels([clipped(c, 40) for c in categories])
    axes.invert_yaxis()
    axes.set_title(title, fontsize=10)
    if len(series) > 1:
        axes.legend(fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: axis_label(x, lang, unit)))
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    plt.close(figure)
    return out.getvalue()


def axis_label(value: float, lang: str, unit: str) -> str:
    """An axis graduation: « 20 000 € » in French (a no-break space before the unit)."""
    from coopdocs.formats import number

    shown = number(int(value) if value == int(value) else value, lang)
    return f"{shown}\u00a0{unit}" if unit else shown


def budget_chart(
    funded: list[PartnerFigures], budget: str, spent: str, title: str, lang: str = "fr", unit: str = "€"
) -> bytes:
    """Budget and cumulative spending of the partners with a budget, side by side."""
    return bar_chart(
        [p.name for p in funded],
        [
            (budget, [float(p.budget_total) for p in funded]),
            (spent, [float(p.cumulative.total) for p in funded]),
        ],
        title,
        lang,
        unit,
    )


def work_package_chart(work_packages: list[WorkPackageHours], hours: str, title: str, lang: str = "fr") -> bytes:
    """Hours declared on each work package over the period."""
    return bar_chart(
        [f"{wp.code or wp.id.upper()} – {wp.title}" for wp in work_packages],
        [(hours, [wp.hours for wp in work_packages])],
        title,
        lang,
        "h",
    )


def progress_chart(names: list[str], shares: list[float], labels: list[str], axis: str, title: str) -> bytes:
    """Each indicator's share of its target reached, as horizontal bars against a 100 % line,
    each bar labelled with its value and target (« 31 / 40 »). The same bytes for the same data."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    height = max(1.8, 0.55 * len(names) + 1.1)
    figure, axes = plt.subplots(figsize=(6.5, height), dpi=110)
    percents = [100 * max(share, 0.0) for share in shares]
    positions = list(range(len(names)))
    axes.barh(positions, percents, height=0.6, color="#1F4E79")
    axes.axvline(100, color="#C00000", linewidth=1)
    top = max([110.0, *[p * 1.25 for p in percents]])
    for position, percent, text in zip(positions, percents, labels):
        axes.text(percent + top * 0.01, position, text, va="center", fontsize=8)
    axes.set_xlim(0, top)
    axes.set_yticks(positions)
    axes.set_yticklabels([n if len(n) <= 42 else n[:41] + "…" for n in names], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(axis, fontsize=8)
    axes.set_title(title, fontsize=10)
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    plt.close(figure)
    return out.getvalue()
