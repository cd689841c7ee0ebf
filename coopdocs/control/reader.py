"""Read the controller's workbook back by the readers' rules: by its words (headers in either
language, found wherever they are), every refusal located (file, sheet, cell), nothing silently
dropped (a line deleted, added or typed in a computed cell is refused). The workbook says which
claim and partner it is for in its very hidden sheet: another claim's workbook is refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from coopdocs.control.checklist import Point, answers
from coopdocs.control.figures import Check, Decision
from coopdocs.control.lines import ClaimLines, Line
from coopdocs.control.workbook import CHECK_COLUMNS, CONTROLLER, IDENTITY, LINE_COLUMNS
from coopdocs.errors import CoopdocsError
from coopdocs.forms import NotANumber, Rows, plain, typed_number, workbook_rows
from coopdocs.forms.anomalies import cell_address
from coopdocs.messages import Amount, Arg, say
from coopdocs.words import LANGUAGES, words

REFUSAL = "control_refusal"  # the catalogue's group of this reader's refusals


class ControlError(CoopdocsError):
    """Every problem of the controller's workbook, one a line, each where to find it (in `lang`)."""

    def __init__(self, problems: list[str], lang: str = "fr"):
        self.problems, self.lang = problems, lang
        super().__init__("\n".join(problems))

    def lines(self) -> list[str]:
        count = len(self.problems)
        total = say(REFUSAL, "count_one" if count == 1 else "count", {"count": count}, self.lang)
        return [say(REFUSAL, "error", {"problem": p}, self.lang) for p in self.problems] + [total]


def _norm(text: str) -> str:
    return " ".join(plain(text).casefold().split())


def _headers(prefix: str, names: tuple[str, ...]) -> dict[str, str]:
    return {_norm(words("control", lang)[f"{prefix}{n}"]): n for lang in LANGUAGES for n in names}


LINE_HEADERS = _headers("col_", LINE_COLUMNS)
CHECK_HEADERS = _headers("check_", CHECK_COLUMNS)
YES = {_norm(words("control", lang)["yes"]) for lang in LANGUAGES}
NO = {_norm(words("control", lang)["no"]) for lang in LANGUAGES}
TOTAL = {_norm(words("control", lang)["total"]) for lang in LANGUAGES}


def _key(text: str) -> str:
    """A line's reference without its spaces: French typography puts no-break spaces in a cell's
    text (before « : », « ; »…), which a supplier's name may hold."""
    return "".join(text.split()).replace("\u00a0", "").replace("\u202f", "")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class Reading:
    """The workbook being read: its file name, the language of its refusals and the problems
    found so far."""

    def __init__(self, path: Path, lang: str = "fr"):
        self.path, self.lang = path, lang
        self.problems: list[str] = []

    def refuse(self, sheet: str, cell: str, key: str, **args: Arg) -> None:
        """The refusal `key` of the catalogue at its cell."""
        self.said(sheet, cell, say(REFUSAL, key, args, self.lang))

    def said(self, sheet: str, cell: str, message: str) -> None:
        where = cell_address(self.path.name, sheet, cell)
        self.problems.append(say(REFUSAL, "located", {"where": where, "message": message}, self.lang))

    def stop(self) -> None:
        if self.problems:
            raise ControlError(self.problems, self.lang)


def check_identity(reading: Reading, sheets: dict[str, Rows], expected: list[tuple[str, Any]], said: str) -> None:
    rows = sheets.get(IDENTITY)
    if rows is None:
        reading.refuse("", "", "not_a_control")
        reading.stop()
    found = {str(r[0]): r[1] for r in rows or [] if r and r[0] is not None and len(r) > 1}
    for index, (name, value) in enumerate(expected[:3], start=1):
        if str(found.get(name)) != str(value):
            reading.refuse(IDENTITY, f"B{index}", "other_claim", claim=said)
            reading.stop()


def _find(sheets: dict[str, Rows], headers: dict[str, str], needed: set[str]) -> tuple[str, int, dict[str, int]]:
    for title, rows in sheets.items():
        for index, row in enumerate(rows[:40]):
            cols = {headers[_norm(v)]: i for i, v in enumerate(row) if isinstance(v, str) and _norm(v) in headers}
            if needed <= set(cols):
                return title, index, cols
    return "", -1, {}


def read_lines(
    reading: Reading, sheets: dict[str, Rows], claim: ClaimLines, error_types: list[str]
) -> dict[str, Decision]:
    title, head, cols = _find(sheets, LINE_HEADERS, {"key", *CONTROLLER, "declared"})
    if head < 0:
        reading.refuse("", "", "no_line_header")
        reading.stop()
    lines = {_key(line.key): line for line in claim.lines}
    decisions: dict[str, Decision] = {}
    types = {_norm(t): t for t in error_types}
    for number, row in enumerate(sheets[title][head + 1 :], start=head + 2):
        key = row[cols["key"]] if cols["key"] < len(row) else None
        if "number" in cols and cols["number"] < len(row) and _norm(str(row[cols["number"]] or "")) in TOTAL:
            break  # the totals under the lines: formulas of coopdocs
        if not isinstance(key, str) or not key.strip():
            if any(
                v not in (None, "") for i, v in enumerate(row) if i in [cols[n] for n in CONTROLLER if n != "comment"]
            ):
                reading.refuse(title, f"A{number}", "line_added")
            continue
        line = lines.get(_key(key))
        if line is None or line.key in decisions:
            reading.refuse(title, f"A{number}", "line_unknown")
            continue
        decisions[line.key] = _decision(reading, title, number, row, cols, line, types)
    for line in lines.values():
        if line.key not in decisions:
            reading.refuse(title, "", "line_missing", line=line.what)
    return decisions


def _decision(
    reading: Reading, title: str, number: int, row: tuple, cols: dict[str, int], line: Line, types: dict[str, str]
) -> Decision:
    def get(name: str) -> Any:
        i = cols[name]
        return row[i] if i < len(row) else None

    def where(name: str) -> str:
        return f"{_letter(cols[name])}{number}"

    if line.kind == "flat":
        typed = [n for n in CONTROLLER if n != "comment" and get(n) not in (None, "")]
        for name in typed:
            reading.refuse(title, where(name), "flat_typed")
        return Decision(row=number, comment=plain(get("comment")))
    decision = Decision(row=number, comment=str(get("comment") or "").strip())
    decision.sample = _yes_no(reading, title, where("sample"), get("sample"))
    decision.parked = _yes_no(reading, title, where("parked"), get("parked"))
    certified = _amount(reading, title, where("certified"), get("certified"))
    deducted = _amount(reading, title, where("deducted"), get("deducted"))
    error = plain(get("error"))
    if error and _norm(error) not in types:
        reading.refuse(title, where("error"), "error_unknown", error=error, types=", ".join(types.values()))
    decision.error = types.get(_norm(error), error)
    _amounts(reading, title, where, line, decision, certified, deducted)
    return decision


def _amounts(
    reading: Reading,
    title: str,
    where: Any,
    line: Line,
    d: Decision,
    certified: Decimal | None,
    deducted: Decimal | None,
) -> None:
    declared = line.declared
    shown = Amount(declared)
    if d.parked:
        if certified or deducted:
            reading.refuse(title, where("parked"), "parked_amounts")
        return
    for name, amount in (("certified", certified), ("deducted", deducted)):
        if amount is not None and amount > declared:
            reading.refuse(title, where(name), f"{name}_above", amount=Amount(amount), declared=shown)
            return
    if certified is not None and deducted is not None and certified + deducted != declared:
        reading.refuse(title, where("certified"), "sum_differs", declared=shown)
        return
    if deducted is None:
        deducted = declared - certified if certified is not None else Decimal(0)
    d.deducted, d.certified = deducted, declared - deducted
    if d.deducted and not d.error:
        reading.refuse(title, where("error"), "deduction_untyped")
    if d.error and not d.deducted:
        reading.refuse(title, where("error"), "error_without_deduction", error=d.error)


def _yes_no(reading: Reading, title: str, cell: str, value: Any) -> bool:
    text = _norm(str(value)) if value is not None else ""
    if text in YES:
        return True
    if text and text not in NO:
        reading.refuse(title, cell, "yes_no", value=str(value))
    return False


def _amount(reading: Reading, title: str, cell: str, value: Any) -> Decimal | None:
    try:
        amount = typed_number(value, "amount", decimals=2)
    except NotANumber as exc:
        reading.said(title, cell, say("anomaly_text", exc.phrase.key, exc.phrase.args, reading.lang))
        return None
    if amount is not None and amount < 0:
        reading.refuse(title, cell, "negative", value=str(value))
        return None
    return amount


def read_checks(reading: Reading, sheets: dict[str, Rows], points: list[Point], lang: str) -> list[Check]:
    title, head, cols = _find(sheets, CHECK_HEADERS, set(CHECK_COLUMNS))
    if head < 0:
        reading.refuse("", "", "no_checklist")
        return []
    known = {_norm(text): code for language in LANGUAGES for code, text in answers(language).items()}
    found: dict[str, Check] = {}
    by_key = {p.key: p for p in points}
    for number, row in enumerate(sheets[title][head + 1 :], start=head + 2):
        key = row[cols["key"]] if cols["key"] < len(row) else None
        point = by_key.get(str(key)) if key else None
        if point is None:
            continue
        value = row[cols["answer"]] if cols["answer"] < len(row) else None
        text = _norm(str(value)) if value is not None else ""
        if not text:  # a report says what was checked: no point of the checklist left unanswered
            reading.refuse(title, f"{_letter(cols['answer'])}{number}", "unanswered")
        elif text not in known:
            reading.refuse(title, f"{_letter(cols['answer'])}{number}", "bad_answer", value=str(value))
        comment = row[cols["comment"]] if cols["comment"] < len(row) else None
        shown = answers(lang).get(known.get(text, ""), "")
        theme = words("control_theme", lang)[point.theme]
        found[point.key] = Check(theme, point.text, point.auto, shown, str(comment or "").strip())
    for point in points:
        if point.key not in found:
            reading.refuse(title, "", "point_missing", point=point.text)
    return [found[p.key] for p in points if p.key in found]


def read_control(
    path: Path, project_id: str, claim: ClaimLines, points: list[Point], error_types: list[str], said: str, lang: str
) -> tuple[dict[str, Decision], list[Check]]:
    """The controller's decisions on every line and answers to every point, or a ControlError (in
    `lang`; `said`: which claim, in words of `lang`)."""
    from coopdocs.forms.anomalies import UnreadableForm

    try:
        sheets = dict(workbook_rows(path))
    except UnreadableForm as exc:
        raise CoopdocsError(exc.message) from None
    reading = Reading(path, lang)
    expected = [("project", project_id), *identity_rows_of(claim)]
    check_identity(reading, sheets, expected, said)
    decisions = read_lines(reading, sheets, claim, error_types)
    checks = read_checks(reading, sheets, points, lang)
    reading.stop()
    return decisions, checks


def identity_rows_of(claim: ClaimLines) -> list[tuple[str, Any]]:
    return [("claim", claim.number), ("partner", claim.partner)]
