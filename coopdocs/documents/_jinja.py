"""The one Jinja environment every template renders in.

Sandboxed (a template cannot reach Python internals), StrictUndefined (a misspelt variable
is an error, not an empty string), autoescaped (a value like `Dupont & Fils <SARL>` comes
out exactly and cannot inject XML), and `None` refused rather than printed as "None".
Filters format dates, amounts and percentages in the document's language.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, pass_context
from jinja2.exceptions import UndefinedError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from coopdocs import formats, french


def _refuse_none(value: Any) -> Any:
    if value is None:
        raise UndefinedError("une valeur est vide (None) : utilisez {% if … %} ou le filtre default")
    return value


BLANK_DATE = "…………………………"


@pass_context
def _date_long(ctx: Context, value: dt.date | None) -> str:
    """A date in words; no date (a letter built without --date) leaves dots to fill by hand."""
    if value is None or value == "":
        return BLANK_DATE
    return formats.long_date(value, ctx.get("lang", "fr"))


@pass_context
def _money(ctx: Context, value: Decimal | float | int) -> str:
    return formats.money(value, ctx.get("lang", "fr"), ctx.get("currency", "EUR"))


@pass_context
def _percent(ctx: Context, value: float, decimals: int | None = None) -> str:
    """`{{ share|percent }}`, or `{{ share|percent(2) }}` in a column of shares."""
    return formats.percent(value, ctx.get("lang", "fr"), decimals)


@pass_context
def _hours(ctx: Context, value: float) -> str:
    return formats.number(value, ctx.get("lang", "fr"))


def _capfirst(value: str) -> str:
    """« le GAL… » at the start of a sentence: « Le GAL… » (Jinja's `capitalize` lowers the rest)."""
    text = str(value)
    return text[:1].upper() + text[1:]


MAX_SIZE = 1_000_000  # characters or items a single operation may produce in a template


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, plus a cap on what one `*` or `**` may build (`'x' * 10**10` would exhaust
    memory before any time limit fires). Loops are bounded by Jinja's range limit and by the
    time limit of coopdocs.render.limits."""

    intercepted_binops = frozenset(["*", "**"])
    compiled_cache_size = 256

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        """docxtpl compiles the same document XML for every document it renders: compile each
        source once per process (about half of a document's rendering time)."""
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        cache = self.__dict__.setdefault("_compiled", {})
        template = cache.get(source)
        if template is None:
            if len(cache) >= self.compiled_cache_size:
                cache.clear()
            template = cache[source] = super().from_string(source)
        return template

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
            raise SecurityError(f"puissance trop grande dans un modèle ({right})")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_SIZE:
                    raise SecurityError(f"texte ou liste trop grand construit dans un modèle ({len(seq) * n} éléments)")
        return super().call_binop(context, operator, left, right)


def make_environment() -> ImmutableSandboxedEnvironment:
    env = LimitedEnvironment(undefined=StrictUndefined, autoescape=True, finalize=_refuse_none)
    env.filters.update(
        date_long=_date_long,
        money=_money,
        percent=_percent,
        number=_hours,
        capfirst=_capfirst,
        at_place=french.at_place,
        clause=french.clause,
    )
    return env
