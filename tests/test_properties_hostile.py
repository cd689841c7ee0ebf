"""Property-based attacks (hypothesis): hostile values in a project file, hostile values in the
cells people fill, and interruptions. Whatever validate accepts, build handles; whatever a cell
holds, the bilan answers; whenever a build dies, the next one ends as a clean build. Never an
internal error. The CI runs a fixed seed; a release runs more (see README, « Tests »)."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, MINIMAL, digests, examples, killed_build, run

MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")
# Scalars of the minimal project a hostile value may replace (line prefix → what follows it).
TARGETS = [
    "  title: ",
    "  summary: ",
    "  start: ",
    "  end: ",
    "    name: ",
    "    country: ",
    "    address: ",
    "  decision_rule: ",
    "  retention_years: ",
    "    - {partner: gal-a, category: travel, amount: ",
]
NON_CHARACTERS = ["\\uFFFE", "\\uFFFF", "\\uFDD0", "\\uD800", "\\U0010FFFF", "\\x00", "\\x0b", "\\u202E"]
HOSTILE = st.one_of(
    st.sampled_from([".nan", ".inf", "-.inf", "1e308", "-1e308", "1e-300", "0x7fffffffffffffff", "9" * 40]),
    st.sampled_from(["9999-12-31", "0001-01-01", "2027-02-30", "1798761600", "2027-01-01T10:00:00", "~", "[]", "{}"]),
    st.sampled_from(NON_CHARACTERS).map(lambda c: f'"a{c}b"'),
    st.integers(1, 60).map(lambda n: "[" * n + "]" * n),
    st.sampled_from(["&a [*a]", "!!binary aGk=", "!!python/object:os.system x", "<<: *x", "'" + "é" * 10_001 + "'"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20).map(json.dumps),
)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), value=HOSTILE)
def test_what_validate_accepts_build_handles(tmp_path_factory, target, value):
    lines = MINIMAL_TEXT.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(target))
    closing = "}" if target.endswith("amount: ") else ""
    lines[index] = target + value + closing
    folder = tmp_path_factory.mktemp("hostile")
    project = folder / "p.yaml"
    project.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = run("validate", project)
    assert "Erreur interne" not in checked.output and "Traceback" not in checked.output
    assert checked.exit_code in (0, 1)
    if checked.exit_code == 0:
        built = run("build", project, "-o", folder / "out", "--date", "2027-06-01")
        assert built.exit_code == 0, built.output
        assert all(p.resolve().is_relative_to(folder) for p in (folder / "out").rglob("*"))


CELLS = st.one_of(
    st.sampled_from(
        ["NaN", "sNaN", "Infinity", "-inf", "1E+400", "1e30", "1_0", "٣", "３", "10.005", "=A1*2", "1,5,5"]
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.booleans(),
)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hours=st.lists(CELLS, min_size=1, max_size=4), amounts=st.lists(CELLS, min_size=1, max_size=4))
def test_whatever_a_cell_holds_the_bilan_answers(built_example, tmp_path_factory, hours, amounts):
    import shutil

    from openpyxl import load_workbook

    out = tmp_path_factory.mktemp("cells") / "out"
    shutil.copytree(built_example, out)
    sheet = out / "feuilles-de-temps/zoe-martin/zoe-martin_2028-05.xlsx"
    register = out / "depenses/gal-etangs_registre-depenses.xlsx"
    for path, column, values in ((sheet, 3, hours), (register, 10, amounts)):
        book = load_workbook(path)
        book.worksheets[0].protection.sheet = False
        for offset, value in enumerate(values):
            book.worksheets[0].cell(row=13 + offset, column=column, value=value)
        book.save(path)
    result = run("bilan", EXAMPLE, "--period", "2028", "-o", out, "--json", "--date", "2029-01-15")
    assert result.exit_code == 0, result.output[-2000:]
    figures = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
    assert all(0 <= a["hours_total"] <= 24 * 366 for a in figures["agents"])
    assert figures["totals"]["staff_cost"] < 10**9


@settings(max_examples=examples(3), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(after=st.floats(0.3, 3.5), lose_manifest=st.booleans())
def test_whenever_a_build_dies_the_next_one_is_a_clean_build(built_example, tmp_path_factory, after, lose_manifest):
    out = tmp_path_factory.mktemp("kill") / "out"
    killed_build(EXAMPLE, out, after, "2028-07-01")
    if lose_manifest:
        (out / "manifest.json").unlink(missing_ok=True)
    result = run("build", EXAMPLE, "-o", out, "--date", "2028-07-01")
    assert result.exit_code == 0 and "conflit" not in result.output, result.output
    assert digests(out, manifest=False) == digests(built_example, manifest=False)
