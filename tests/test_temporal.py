"""Every day from 2022-09-01 to 2029-12-31, in every region, yields a well-formed, cited answer."""

import datetime as dt

import pytest

from policies import quote
from policies.rulebook import default_rulebook

from .contract import check_answer

PROFILES = {
    "adult": {"age": 40, "hukou": "local", "student": "none", "employee_insured": False, "special": [],
              "gap_years": 2, "repair_years": 1},
    "child_dibao": {"age": 8, "hukou": "local", "student": "primary_secondary", "special": ["dibao"]},
    "unknown": {"age": 30},
    "newborn": {"newborn_days": 20, "hukou": "local", "student": "none", "special": []},
}  # fmt: skip


def _days():
    day, end = dt.date(2022, 9, 1), dt.date(2029, 12, 31)
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("region", sorted(default_rulebook().regions))
def test_every_day_every_region(region):
    statuses = set()
    for i, day in enumerate(_days()):
        for name, facts in PROFILES.items():
            answer = quote({"region": region, "as_of": day.isoformat(), **facts})
            try:
                check_answer(answer, schema=(i % 11 == 0))
            except AssertionError as exc:
                raise AssertionError(f"{region} {day} {name}: {exc}") from None
            assert answer["status"] != "invalid", (region, day, name, answer)
            statuses.add(answer["status"])
            if answer["scheme"] and answer["standard_fee"] is not None:
                year = default_rulebook().regions[region].year_for(answer["coverage_year"])
                clauses = {c["clause"] for c in answer["citations"]}
                scheme = next(s for s in year.schemes if s.code == answer["scheme"]["code"])
                fee_clauses = {scheme.fee["cite"]} if scheme.fee else {t["cite"] for t in scheme.tiers}
                assert fee_clauses & clauses, (region, day, name, "fee not cited")
    assert {"eligible", "needs_info"} <= statuses
