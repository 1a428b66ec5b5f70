"""The shape of the policy data files, checked strictly.

Every mapping lists its keys; an unknown key, a missing required key, a value of the wrong type or
a figure without its citation stops loading with ``file:line: problem``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .vocabulary import CONDITION_FACTS, FAQ_TOPICS, HUKOU, SPECIAL_GROUPS, STUDENT, TRANSFERS
from .yamlstrict import DataError, LineDict


@dataclass(frozen=True)
class Field:
    spec: object
    required: bool = True


def opt(spec) -> Field:
    return Field(spec, required=False)


class Path:
    """Where a value sits: file, line and a dotted key path, for error messages."""

    def __init__(self, file: str, line: int, keys: str = ""):
        self.file, self.line, self.keys = file, line, keys

    def child(self, key, line: int | None) -> Path:
        keys = f"{self.keys}.{key}" if self.keys else str(key)
        return Path(self.file, line or self.line, keys)

    def fail(self, message: str):
        where = f" ({self.keys})" if self.keys else ""
        raise DataError(f"{self.file}:{self.line}:{where} {message}")


def check(value, spec, path: Path):
    """Validate ``value`` against ``spec``; return it (lists and maps rebuilt, still line-aware)."""
    if isinstance(spec, Field):
        spec = spec.spec
    if isinstance(spec, dict):
        return _check_map(value, spec, path)
    if isinstance(spec, list):
        if not isinstance(value, list):
            path.fail(f"expected a list, got {type(value).__name__}")
        line = getattr(value, "line", path.line)
        return [check(item, spec[0], path.child(i, _line_of(item, line))) for i, item in enumerate(value)]
    return spec(value, path)


def _line_of(value, default):
    return getattr(value, "line", default) or default


def _check_map(value, fields: dict, path: Path):
    if not isinstance(value, dict):
        path.fail(f"expected a mapping, got {type(value).__name__}")
    lines = getattr(value, "key_lines", {})
    for key in value:
        if key not in fields:
            known = ", ".join(fields)
            path.child(key, lines.get(key)).fail(f"unknown key '{key}' (allowed: {known})")
    out = LineDict(line=getattr(value, "line", path.line), key_lines=lines)
    for key, field in fields.items():
        field = field if isinstance(field, Field) else Field(field)
        if key not in value:
            if field.required:
                path.fail(f"missing required key '{key}'")
            continue
        out[key] = check(value[key], field.spec, path.child(key, lines.get(key)))
    return out


# ---- scalar checks -------------------------------------------------------------------------


def text(value, path):
    if not isinstance(value, str) or not value.strip():
        path.fail("expected non-empty text")
    return value


def cite(value, path):
    if not isinstance(value, str) or not value.strip():
        path.fail("every figure needs its citation: expected a non-empty clause reference")
    return value


FAQ_TEXT_MAX = 120  # characters: one FAQ sentence is read in a chat


def faq_text(value, path):
    text(value, path)
    if len(value) > FAQ_TEXT_MAX:
        path.fail(f"an FAQ sentence is read in a chat: at most {FAQ_TEXT_MAX} characters, got {len(value)}; split it")
    return value


def integer(value, path):
    if isinstance(value, bool) or not isinstance(value, int):
        path.fail(f"expected a whole number, got {value!r}")
    return value


def amount(value, path):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        path.fail(f"expected an amount in yuan (a number >= 0), got {value!r}")
    return value


def amount_or_null(value, path):
    return None if value is None else amount(value, path)


def boolean(value, path):
    if not isinstance(value, bool):
        path.fail(f"expected true or false, got {value!r}")
    return value


def date(value, path):
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        path.fail(f"expected a date YYYY-MM-DD, got {value!r}")
    return value


def one_of(*choices):
    def _check(value, path):
        if value not in choices:
            path.fail(f"unknown value {value!r} (allowed: {', '.join(map(str, choices))})")
        return value

    return _check


special_group = one_of(*SPECIAL_GROUPS)
faq_topic = one_of(*FAQ_TOPICS)
transfer_code = one_of(*TRANSFERS)
code = text


def condition_list(value, path):
    """``when:`` — a list of alternatives, each a mapping of fact tests that must all hold."""
    if not isinstance(value, list) or not value:
        path.fail("'when' must be a non-empty list of alternatives")
    return [_condition(alt, path.child(i, _line_of(alt, path.line))) for i, alt in enumerate(value)]


_RANGE = {"min": opt(amount), "max": opt(amount)}
_CONDITION_CHECKS = {
    "age": _RANGE,
    "parent_employee_years": _RANGE,
    "newborn_days": _RANGE,
    "hukou": one_of(*HUKOU),
    "student": None,  # one value or a list of them
    "school_local": boolean,
    "employee_insured": boolean,
    "parent_employee_insured": boolean,
    "residence_permit": boolean,
    "newborn": boolean,
    "special_any": boolean,
}
assert set(_CONDITION_CHECKS) == set(CONDITION_FACTS)


def _condition(alt, path):
    if not isinstance(alt, dict) or not alt:
        path.fail("each alternative of 'when' must be a non-empty mapping of fact tests")
    lines = getattr(alt, "key_lines", {})
    out = {}
    for key, value in alt.items():
        where = path.child(key, lines.get(key))
        if key not in _CONDITION_CHECKS:
            where.fail(f"unknown fact '{key}' in condition (allowed: {', '.join(_CONDITION_CHECKS)})")
        if key == "student":
            values = value if isinstance(value, list) else [value]
            out[key] = tuple(one_of(*STUDENT)(v, where) for v in values)
        else:
            checked = check(value, _CONDITION_CHECKS[key], where)
            if isinstance(checked, dict) and not checked:
                where.fail("a range needs 'min' or 'max'")
            out[key] = checked
    return out


# ---- file shapes ---------------------------------------------------------------------------

FIGURE = {"amount": amount, "cite": cite, "effective": opt({"start": date, "end": opt(date)})}
# ``kind`` says who a note is for (quote contract, ``notes``); a note in the data is for residents
# unless it says ``agent`` (detail that the card need not show).
NOTE = {"text": text, "cite": cite, "when": opt(condition_list), "kind": opt(one_of("resident", "agent"))}
PERIOD = {"start": date, "end": opt(date), "cite": cite}
WINDOW = {"start": date, "end": date, "cite": cite}

WAITING = {
    "paid_from": opt(date),
    "paid_from_cite": opt(cite),
    "from_coverage_year": integer,
    "applies": one_of("outside_window", "outside_window_or_gap"),
    "fixed_months": {"amount": integer, "cite": cite},
    "variable_months_per_gap_year": {"amount": integer, "cite": cite},
    "gap_counted_from": integer,
    "repair": {
        "months_per_year": integer,
        "floor_from_gap_years": integer,
        "floor_months": integer,
        "cost": one_of("standard_fee"),
        "cite": cite,
    },
    "exempt": {
        "newborn": opt({"within_days": opt(integer), "from_birth": opt(boolean), "cite": cite,
                        # after the days allowed, paid in the birth year: from the month after payment (G4a)
                        "late_in_birth_year": opt({"cite": cite})}),
        "subsidized": opt({"cite": cite, "label": opt(text), "outside_window_only": opt(boolean)}),
        "transfers": opt(
            {"codes": [transfer_code], "scope": opt(one_of("all", "gap_only")), "note": opt(text), "cite": cite}
        ),
    },
}

INCENTIVES = {
    "from_coverage_year": integer,
    "limit": opt(text),  # the limit raised, as the text names it (default 大病保险最高支付限额)
    "continuity": {"after_years": integer, "amount_per_year": opt(amount), "cite": cite},
    "zero_claim": {"amount": opt(amount), "cite": cite},
    "break_penalty": opt({"amount": opt(amount), "cite": cite}),
    "cap": opt({"text": text, "cite": cite}),
    "reset": opt({"text": text, "cite": cite}),
}

HOTLINE = {"number": text, "cite": cite}

# One sentence of a general answer (policies.faq), faithful to the text and cited. In a year file
# ``{fee:<scheme code>}`` stands for that scheme's fee, so a figure is never written twice.
FAQ_ITEM = {"topic": faq_topic, "text": faq_text, "cite": cite}

SCHEME = {
    "code": code,
    "name": text,
    "eligibility": {"cite": cite, "when": condition_list},
    "fee": opt(FIGURE),
    "tiers": opt([{"name": text, "amount": amount, "cite": cite}]),
    "government_contribution": opt(FIGURE),
    "notes": opt([NOTE]),
}

YEAR_FILE = {
    "coverage_year": integer,
    "document": text,
    "title": text,
    "effective": PERIOD,
    "window": WINDOW,
    "makeup": opt({"start": date, "end": date, "fixed_months": integer, "cite": cite}),
    "late": opt(
        {
            "closed": boolean,
            "cite": cite,
            "open_for_subsidized": opt({"cite": cite}),
            "open_for_transfers": opt({"codes": [transfer_code], "cite": cite}),
        }
    ),
    "hotlines": opt({"enrollment": HOTLINE, "payment": HOTLINE}),
    "schemes": [SCHEME],
    "scheme_notes": opt([NOTE]),
    "undecided": opt([NOTE]),
    # ``reading``: a sentence saying the text itself does not settle this and which reading is used
    # (e.g. 上海 S6); ``cite`` is then left out.
    "ineligible": opt([{"when": condition_list, "reason": text, "refer": text, "cite": opt(cite),
                        "reading": opt(text)}]),
    "subsidies": [
        {
            "groups": [special_group],
            "personal_fee": amount_or_null,
            "paid_by": text,
            "when": opt(condition_list),
            "cite": cite,
        }
    ],
    "subsidy_window_only": opt({"cite": cite}),
    "subsidy_rule": opt({"text": text, "cite": cite}),
    # What is said to a resident in a hardship group the text gives no subsidy (default: 按标准缴费).
    "subsidy_other_groups": opt({"text": text, "cite": cite}),
    "waiting": opt(WAITING),
    "incentives": opt(INCENTIVES),
    "channels": [
        {"name": text, "how": text, "schemes": opt([code]), "when": opt(condition_list), "cite": cite}
    ],
    "special_channels": opt([{"groups": [special_group], "how": text, "cite": cite}]),
    "documents": [{"text": text, "schemes": opt([code]), "when": opt(condition_list), "cite": cite}],
    "notes": opt([NOTE]),
    # Ways the text gives to pay for family members together (policies.household, the family_pay FAQ):
    # who pays for whom, how, and each deadline, every part cited.
    "family_payment": opt([
        {"name": text, "how": text, "cite": cite, "who": opt({"text": text, "cite": cite}),
         "condition": opt({"text": text, "cite": cite}), "deadlines": opt([{"who": text, "text": text, "cite": cite}])}
    ]),
    "faq": opt([FAQ_ITEM]),
}

MECHANISM_FILE = {
    "code": code,
    "name": text,
    "document": text,
    "title": text,
    "effective": PERIOD,
    "waiting": opt(WAITING),
    "incentives": opt(INCENTIVES),
    "notes": opt([NOTE]),
    "faq": opt([FAQ_ITEM]),
}

REGION_FILE = {
    "code": code,
    "name": text,
    "aliases": [text],
    "hukou_name": text,
    "mechanisms": [code],
    "divisions": [text],
}
