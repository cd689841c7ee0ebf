"""Money rules: hourly rates, flat rates, funding."""

from __future__ import annotations

from decimal import Decimal

from conftest import EXAMPLE
from coopdocs.money import costs
from coopdocs.project._loader import load_yaml
from coopdocs.project.model import ProjectFile


def test_hourly_rate_is_1720_hours_pro_rata():
    assert costs.hourly_rate(Decimal(43000), 1) == Decimal(25)
    assert costs.hourly_rate(Decimal(34400), 0.8) == Decimal(25)
    assert costs.hourly_rate(Decimal(51000), 1, 1700) == Decimal(30)


def test_flat_rates_office_admin_on_staff_and_indirect_on_direct_costs():
    lines = [("a", "staff", Decimal(1000)), ("a", "travel", Decimal(200)), ("b", "travel", Decimal(50))]
    result = costs.costs_by_partner(lines, office_admin=0.15, indirect=0.07)
    assert result["a"] == {
        "staff": Decimal(1000),
        "travel": Decimal(200),
        "office_admin": Decimal("150.00"),
        "indirect": Decimal("94.5000"),  # 7 % of 1 350
    }
    assert result["b"]["office_admin"] == 0 and costs.cents(result["b"]["indirect"]) == Decimal("3.50")


def test_funding_is_a_rate_or_an_amount():
    assert costs.funding_amount(Decimal(1000), 0.8, None) == Decimal(800)
    assert costs.funding_amount(Decimal(1000), None, Decimal(300)) == Decimal(300)


def _keys(model: type, prefix: str = "") -> set[str]:
    from coopdocs.project._load import _flatten, _is_model

    out = set()
    for name, field in model.model_fields.items():
        out.add(prefix + name)
        for sub in _flatten(field.annotation):
            args = getattr(sub, "__args__", ())
            for candidate in (sub, *args):
                for inner in _flatten(candidate):
                    if _is_model(inner):
                        out |= _keys(inner, prefix + name + ".")
    return out


def _present(data, prefix: str = "") -> set[str]:
    out = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if prefix == "checklist.":
                key = "*"
            out.add(prefix + key)
            out |= _present(value, prefix + key + ".")
    elif isinstance(data, list):
        for value in data:
            out |= _present(value, prefix)
    return out


def test_the_example_exercises_every_key_of_the_contract():
    present = _present(load_yaml(EXAMPLE).data)
    present |= {k.replace(".*.", ".") for k in present}
    present |= {"checklist.status", "checklist.note"}  # `item: fait` and `item: {status, note}` both used
    missing = _keys(ProjectFile) - present
    # A project takes the 15 % office flat rate or the 7 % indirect one, rarely both: `indirect`
    # is exercised by test_flat_rates_office_admin_on_staff_and_indirect_on_direct_costs.
    # `templates_dir` is an extension of the contract, for users' own templates.
    assert missing == {"budget.flat_rates.indirect", "templates_dir"}
