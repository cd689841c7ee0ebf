"""Money rules: hourly rates, flat rates, funding."""

from __future__ import annotations

from decimal import Decimal

from conftest import EXAMPLE, ROOT
from coopdocs.money import costs
from coopdocs.project.model import ProjectFile
from coopdocs.project.source import load_yaml


def test_hourly_rate_is_1720_hours_pro_rata_rounded_half_up_to_the_cent_once():
    assert costs.hourly_rate(Decimal(43000), 1) == Decimal(25)
    assert costs.hourly_rate(Decimal(34400), 0.8) == Decimal(25)
    assert costs.hourly_rate(Decimal(51000), 1, 1700) == Decimal(30)
    # 52 617,60 / 1720 = 30,5916… → 30,59 (third decimal 1); 472 h × 30,59 = 14 438,48 (not 14 439,25).
    rate = costs.hourly_rate(Decimal("52617.60"))
    assert rate == Decimal("30.59") and rate * 472 == Decimal("14438.48")
    # 41 000 / 1720 = 23,837… → 23,84 (half-up); with a programme basis of 1607 h: 25,513… → 25,51.
    assert costs.hourly_rate(Decimal(41000)) == Decimal("23.84")
    assert costs.hourly_rate(Decimal(41000), hours_basis=1607) == Decimal("25.51")
    # Monthly method: 42 000 / 12 = 3 500 a month; 35 h × 52 / 12 = 151,666… h; 3 500 / 151,666… = 23,076… → 23,08.
    assert costs.hourly_rate(Decimal(42000), method="monthly", weekly_hours=35) == Decimal("23.08")


def test_flat_rates_worked_examples_rounded_down_to_the_cent():
    staff, travel, equipment = Decimal("100000.00"), Decimal("3000.00"), Decimal("10000.00")
    entered = {"staff": staff, "travel": travel, "equipment": equipment}
    # (a) office 15 % of staff (art. 54(b)): 15 000,00.
    assert costs.flat_rate_amounts(entered, {"office_admin": Decimal("0.15")}) == {"office_admin": Decimal("15000.00")}
    # (b) indirect 7 % of direct costs 113 000,00 (art. 54(a)): 7 910,00.
    assert costs.flat_rate_amounts(entered, {"indirect": Decimal("0.07")}) == {"indirect": Decimal("7910.00")}
    # (c) remaining 40 % of staff (art. 56): 40 000,00.
    assert costs.flat_rate_amounts({"staff": staff}, {"remaining": Decimal("0.40")}) == {
        "remaining": Decimal("40000.00")
    }
    # (d) staff 20 % of other direct costs 33 333,33 (art. 55(1)): 6 666,666 → 6 666,66 (half-up would be ,67).
    other = {"external_expertise": Decimal("33333.33")}
    assert costs.flat_rate_amounts(other, {"staff": Decimal("0.20")}) == {"staff": Decimal("6666.66")}
    # (e) travel 15 % of staff 12 345,67 (Reg. 2021/1059 art. 41(5)): 1 851,8505 → 1 851,85.
    got = costs.flat_rate_amounts({"staff": Decimal("12345.67")}, {"travel": Decimal("0.15")})
    assert got == {"travel": Decimal("1851.85")}


def test_flat_rates_in_jems_order_each_on_its_base():
    # Jems' own test: external 10 000 + equipment 7 500 + infrastructure (our `other`) 2 500 = 20 000;
    # staff 20 % × 20 000 = 4 000; travel 15 % × 4 000 = 600; indirect 10 % × (4 000 + 600 + 20 000) = 2 460.
    # (10 % is above the 7 % ceiling the model enforces; the computation itself is the rule's.)
    entered = {"external_expertise": Decimal(10000), "equipment": Decimal(7500), "other": Decimal(2500)}
    rates = {"staff": Decimal("0.20"), "travel": Decimal("0.15"), "indirect": Decimal("0.10")}
    assert costs.flat_rate_amounts(entered, rates) == {
        "staff": Decimal("4000.00"),
        "travel": Decimal("600.00"),
        "indirect": Decimal("2460.00"),
    }


def test_lump_sums_and_unit_costs_are_in_no_flat_rate_base():
    lines = [
        ("a", "staff", Decimal(1000)),
        ("a", "travel", Decimal(200)),
        ("a", "lump_sum", Decimal(5000)),
        ("a", "unit_cost", costs.unit_cost_amount(Decimal("333.33"), 2.5)),  # 833,325 → 833,32
        ("b", "travel", Decimal(50)),
    ]
    result = costs.costs_by_partner(lines, {"indirect": Decimal("0.07")})
    # indirect: 7 % × (1 000 + 200) = 84,00; lump sum and unit cost left out of the base.
    assert result["a"] == {
        "staff": Decimal(1000),
        "travel": Decimal(200),
        "lump_sum": Decimal(5000),
        "unit_cost": Decimal("833.32"),
        "indirect": Decimal("84.00"),
    }
    assert result["b"]["indirect"] == Decimal("3.50")  # 7 % × 50


def test_refused_combinations_name_their_article():
    both = costs.combination_problems({"office_admin": 0.15, "indirect": 0.07})
    assert [k for k, _ in both] == ["indirect"] and both[0][1].startswith("art. 54 RDC")
    alone = costs.combination_problems({"remaining": 0.4, "travel": 0.15})
    assert [k for k, _ in alone] == ["remaining"] and alone[0][1].startswith("art. 56 RDC")
    assert costs.combination_problems({"staff": 0.2, "travel": 0.15, "office_admin": 0.15}) == []


def _fixed_share_agent(cost: object, allocation: dict) -> tuple[ProjectFile, object]:
    """The minimal project (2027) with one fixed-share agent."""
    from coopdocs.project import load_project
    from coopdocs.project.model import Agent

    project = load_project(ROOT / "projects/minimal.yaml")
    agent = Agent.model_validate(
        {
            "id": "bob",
            "name": "Bob",
            "partner": "gal-a",
            "job_title": "J",
            "supervisor": {"name": "S", "title": "T"},
            "annual_gross_cost": cost,
            "allocation": allocation,
            "mission": {"tasks": ["T"]},
        }
    )
    return project, agent


def test_fixed_share_month_by_month_worked_example():
    # Research example (iii): 50 % of 48 000 for 6 months, 30 % from month 7, 50 400 from month 10:
    # 6 × 2 000,00 + 3 × 1 200,00 + 3 × 1 260,00 = 12 000,00 + 3 600,00 + 3 780,00 = 19 380,00.
    from coopdocs.project.staff import fixed_share_cost

    project, agent = _fixed_share_agent(
        [{"from": "2027-01-01", "amount": 48000}, {"from": "2027-10-01", "amount": 50400}],
        {"mode": "fixed", "share": 0.5, "changes": [{"from": "2027-07-01", "share": 0.3}]},
    )
    months = [f"2027-{m:02d}" for m in range(1, 13)]
    assert fixed_share_cost(project, agent, agent.allocation, months) == Decimal("19380.00")  # type: ignore[arg-type, attr-defined]
    assert fixed_share_cost(project, agent, agent.allocation, months[6:9]) == Decimal("3600.00")  # type: ignore[arg-type, attr-defined]


def test_a_fixed_share_is_exact_over_a_period_and_its_months_add_up_to_it():
    # Issue 23: 34 400 € × 50 % ÷ 12 = 1 433,333… € a month; six months are 8 600,00 €, not
    # 6 × 1 433,33 = 8 599,98 €. The months carry the cents: 1 433,33, 1 433,34, 1 433,33…
    from coopdocs.project.staff import fixed_share_cost, fixed_share_schedule

    project, agent = _fixed_share_agent(34400, {"mode": "fixed", "share": 0.5})
    schedule = fixed_share_schedule(project, agent, agent.allocation)  # type: ignore[arg-type, attr-defined]
    first_half = [f"2027-{m:02d}" for m in range(1, 7)]
    assert [schedule[m] for m in first_half] == [Decimal(v) for v in ("1433.33", "1433.34", "1433.33") * 2]
    assert fixed_share_cost(project, agent, agent.allocation, first_half) == Decimal("8600.00")  # type: ignore[arg-type, attr-defined]
    assert sum(schedule.values()) == Decimal("17200.00")  # the year: 34 400 × 50 %
    assert fixed_share_cost(project, agent, agent.allocation, ["2028-01"]) == Decimal(0)  # outside the project


def test_funding_is_a_rate_or_an_amount():
    assert costs.funding_amount(Decimal(1000), 0.8, None) == Decimal(800)
    assert costs.funding_amount(Decimal(1000), None, Decimal(300)) == Decimal(300)


COST_RULES = ROOT / "tests/fixtures/regles-de-cout.yaml"
INTERREG = ROOT / "tests/fixtures/interreg-frontiere.yaml"


def _keys(model: type, prefix: str = "") -> set[str]:
    from coopdocs.project._load import _flatten, _is_model

    out = set()
    for name, field in model.model_fields.items():
        out.add(prefix + (field.alias or name))
        for sub in _flatten(field.annotation):
            args = getattr(sub, "__args__", ())
            for candidate in (sub, *args):
                for inner in _flatten(candidate):
                    if _is_model(inner):
                        out |= _keys(inner, prefix + (field.alias or name) + ".")
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
    present = _present(load_yaml(EXAMPLE).data) | _present(load_yaml(COST_RULES).data)
    present |= _present(load_yaml(INTERREG).data)  # logos, a cross-border Interreg project
    present |= {k.replace(".*.", ".") for k in present}
    present |= {"checklist.status", "checklist.note"}  # `item: fait` and `item: {status, note}` both used
    present |= {"claims.addressees.name", "claims.addressees.address"}  # keyed by partner id (Interreg fixture)
    # `partners.flat_rates`: tests/test_flat_per_partner.py gives the example's GALs their own
    # (`{office_admin: 0.15}`, `{}`, `{office_admin: 0.15, indirect: 0.07}` refused); its keys are
    # those of `budget.flat_rates`, one model (FlatRates).
    present |= {"partners.flat_rates", *(f"partners.flat_rates.{k}" for k in costs.FLAT_ORDER)}
    missing = _keys(ProjectFile) - present
    # The cost-rules fixture (tests/fixtures/regles-de-cout.yaml) and the Interreg one use the
    # version 2 keys; `civility` is the same key for every person (a representative's is used). A budget
    # takes the flat rates that combine (travel, office): `indirect`, `staff` and `remaining` are
    # exercised by test_flat_rates_worked_examples_rounded_down_to_the_cent and the corpus.
    # `templates_dir` is an extension of the contract, for users' own templates.
    # `signatures.trust` names root certificates: tests/test_signatures.py makes them in the test.
    # `agents.employer_signatory`: test_build_documents' refusal of a letter signed twice sets it;
    # `meetings.chair`: tests/test_meetings.py's second meeting has its own chair.
    flat = {"budget.flat_rates.indirect", "budget.flat_rates.staff", "budget.flat_rates.remaining"}
    people = {"agents.supervisor.civility", "partners.host_body.representative.civility"}
    person = ("", ".name", ".title", ".civility")
    signatory = {f"{where}{key}" for where in ("agents.employer_signatory", "meetings.chair") for key in person}
    assert missing == flat | people | signatory | {"templates_dir", "signatures", "signatures.trust"}
