"""Property-based tests (hypothesis): whatever people do to a valid input, coopdocs answers with its
own error or a result, never a crash; every valid random project builds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, MINIMAL, run
from coopdocs.errors import CoopdocsError
from coopdocs.project import load_project

VALID = EXAMPLE.read_text(encoding="utf-8")
LINES = VALID.splitlines(keepends=True)
NOISE = st.lists(
    st.sampled_from(list(":-[]{}&*!|>'\"#%@ \t\n\\ab1é€\x07") + ["  ", "- ", ": ", "&a", "*a", "<<"]), max_size=8
).map("".join)


@st.composite
def mutated(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            lines.insert(i, draw(NOISE) + "\n")
        elif action == "replace" and lines[i].strip():
            j = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:j] + draw(NOISE) + lines[i][j + 1 :]
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_a_mutated_project_file_loads_or_gives_our_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("p") / "p.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_project(path)
    except CoopdocsError as exc:
        assert str(path) in exc.message


CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-50, 50),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=8),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1)),
    st.sampled_from(["=1+1", "7h30", "CP", "FER", "Total", "Date", "WP1 – x", ""]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(st.tuples(st.integers(1, 50), st.integers(1, 12), CELL_VALUES), min_size=1, max_size=8),
    delete_row=st.one_of(st.none(), st.integers(1, 50)),
)
def test_a_mutated_time_sheet_reads_or_gives_our_error(sheet_template, tmp_path_factory, changes, delete_row):
    from openpyxl import load_workbook

    from coopdocs.forms.timesheet_reader import read_timesheet

    path = tmp_path_factory.mktemp("s") / sheet_template.name
    shutil.copyfile(sheet_template, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.protection.sheet = False
    for row, col, value in changes:
        sheet.cell(row=row, column=col, value=value)
    if delete_row:
        sheet.delete_rows(delete_row)
    book.save(path)
    try:
        read = read_timesheet(path)
    except CoopdocsError as exc:
        assert path.name in exc.message
        return
    for day in read.days:
        assert all(0 <= h <= 24 for h in day.hours.values()) and 0 <= day.other <= 24


PARTNER = """  - id: {id}
    name: "{name}"
    type: {type}
    country: {country}
    address: "1 rue, 57000 Ville"
    observer: {observer}
    representative: {{name: "{name} R", title: P}}
    contact: {{name: C, email: c@{id}.example}}
"""


@st.composite
def valid_project(draw) -> str:
    names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
    count = draw(st.integers(1, 3))
    ids = [f"p{i}" for i in range(count)]
    observers = [False] + [draw(st.booleans()) for _ in ids[1:]]
    start = draw(st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 1, 1)))
    end = start + dt.timedelta(days=draw(st.integers(31, 400)))
    partners = "".join(
        PARTNER.format(
            id=i,
            name=draw(names).replace("\\", "/").replace('"', "'"),
            type=draw(st.sampled_from(["gal", "epci", "association"])),
            country=draw(st.sampled_from(["FR", "BE", "DE", "NO", "IT"])),
            observer=str(o).lower(),
        )
        for i, o in zip(ids, observers)
    )
    agents = []
    for k in range(draw(st.integers(0, 2))):
        employer = draw(st.sampled_from([i for i, o in zip(ids, observers) if not o]))
        allocation = draw(st.sampled_from(["{mode: fixed, share: 0.4}", "{mode: hourly, hours_planned: 300}"]))
        agents.append(
            f'  - {{id: a{k}, name: "Agent {k}", partner: {employer}, job_title: J, '
            f"supervisor: {{name: S, title: D}}, annual_gross_cost: {draw(st.integers(1000, 90000))}, "
            f"work_time_ratio: {draw(st.sampled_from([0.5, 0.8, 1]))}, allocation: {allocation}, "
            f"mission: {{tasks: [T]}}}}\n"
        )
    lines = "".join(
        f"    - {{partner: {i}, category: staff, amount: {draw(st.integers(0, 100000))}}}\n"
        for i, o in zip(ids, observers)
        if not o
    )
    cooperation = draw(st.sampled_from(["locale", "interterritoriale", "transnationale"]))
    language = draw(st.sampled_from(["fr", "en"]))
    return f"""project:
  id: hasard
  title: "{draw(names).replace(chr(92), "/").replace('"', "'")}"
  programme: P
  cooperation: {cooperation}
  language: {language}
  start: {start}
  end: {end}
  summary: S
  objectives: [O]
  lead_partner: p0
partners:
{partners}agents:
{"".join(agents) if agents else "  []"}
work_packages:
  - {{id: wp1, title: W, lead: p0, start: {start}, end: {end}}}
budget:
  lines:
{lines}  flat_rates: {{office_admin: 0.15}}
governance:
  bodies: [{{name: C, members: [p0], frequency: F, role: R}}]
  decision_rule: D
  working_language: W
  ip: I
  disputes: L
reporting: {{frequency: annual, retention_years: 5}}
""".replace("agents:\n  []", "agents: []")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=valid_project())
def test_valid_random_projects_always_build(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("h")
    (folder / "p.yaml").write_text(text, encoding="utf-8")
    checked = run("validate", folder / "p.yaml")
    assert checked.exit_code == 0, checked.output + text
    result = run(
        "build",
        folder / "p.yaml",
        "-o",
        folder / "out",
        "--date",
        "2028-01-01",
        "--only",
        "convention-partenariat",
        "--only",
        "lettre-intention",
        "--only",
        "lettre-mission",
        "--only",
        "depenses",
    )
    assert result.exit_code == 0, result.output + text


def test_minimal_is_valid_for_reference():
    assert load_project(MINIMAL).project.id == "minimal"


@pytest.fixture(scope="module")
def sheet_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("modele")
    assert run("timesheets", EXAMPLE, "--month", "2028-05", "--agent", "zoe-martin", "-o", folder).exit_code == 0
    return folder / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"
