"""What both readers of filled forms share: opening a workbook people saved (safely, every
worksheet's values as typed), and reading a number a person typed in a cell."""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from coopdocs.errors import CoopdocsError
from coopdocs.forms.anomalies import UnreadableForm
from coopdocs.messages import Arg, Phrase, say

Rows = list[tuple[Any, ...]]

# A number as people type it: ASCII digits, one decimal comma or point, spaces (plain,
# no-break, narrow no-break) or none between thousands. No exponent, no "1_0", no other digits.
TYPED_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?")
MAX_CELL = Decimal(10**9)  # no hour count nor invoice amount comes near; 1E+400 or 1e300 are typos


def workbook_rows(path: Path) -> list[tuple[str, Rows]]:
    """(sheet title, rows of typed values) of every worksheet, or UnreadableForm with the reason.
    The zip is checked before openpyxl opens it; formulas are read as written, never computed."""
    from openpyxl import load_workbook

    from coopdocs.office.safezip import check_zip

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableForm(path, f"lecture impossible ({exc.strerror})") from None
    try:
        check_zip(data, path.name, "workbook")
    except CoopdocsError as exc:
        raise UnreadableForm(path, exc.message.split(" : ", 1)[1]) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a zip that is not a workbook
        raise UnreadableForm(path, f"ce n'est pas un classeur Excel lisible ({type(exc).__name__})") from None
    try:
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]
    except Exception as exc:  # a cell openpyxl cannot read (<v>NaN</v> in a number cell…)
        raise UnreadableForm(path, f"une cellule est illisible ({type(exc).__name__}: {exc})") from None
    finally:
        book.close()


def plain(value: Any) -> str:
    """A cell's text as words compare: stripped, its non-breaking spaces (French typography, or
    typed in Excel) as plain spaces; "" for anything but text."""
    if not isinstance(value, str):
        return ""
    return value.replace("\u00a0", " ").replace("\u202f", " ").strip()


class NotANumber(ValueError):
    """What is wrong with a number a person typed, as a phrase of the catalogue (`anomaly_text`)."""

    def __init__(self, key: str, **args: Arg):
        self.phrase = Phrase(key, args)
        super().__init__(say("anomaly_text", key, args, "fr"))


def typed_number(value: Any, what: str, decimals: int | None = None) -> Decimal | None:
    """The number a person meant in a cell (None for an empty cell), or `NotANumber`: never
    NaN, infinity, an exponent, a formula, another script's digits. `what`: `hours` or `amount`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    wrong = NotANumber(f"not-{what}", value=str(value))
    if isinstance(value, bool):
        raise wrong
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")) or abs(value) > MAX_CELL:
            raise wrong
        number = Decimal(str(value))
    else:
        text = str(value).strip()
        if text.startswith("="):
            raise NotANumber(f"formula-{what}", value=text)
        text = text.removesuffix("€").removesuffix("h").strip()
        if not TYPED_NUMBER.fullmatch(text):
            raise wrong
        try:
            number = Decimal(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
        except InvalidOperation:
            raise wrong from None
    if abs(number) > MAX_CELL:
        raise wrong
    if decimals is not None and number != number.quantize(Decimal(1).scaleb(-decimals)):
        raise NotANumber("too-many-decimals", value=str(value), decimals=decimals)
    return number
