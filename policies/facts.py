"""Reading a facts object (quote contract, "Facts (input)") into checked values.

Every problem becomes one error ``{field, code, message}``: the fact's name, a stable English code
and a Chinese message naming the field; nothing is silently defaulted except the fields the
contract gives a meaning when absent.
"""

from __future__ import annotations

import datetime as _dt
import math

from .vocabulary import HUKOU, SPECIAL_GROUPS, STUDENT, TRANSFERS

FIELDS = (
    "region", "coverage_year", "as_of", "age", "birth_date", "hukou", "residence_permit",
    "student", "school_local", "employee_insured", "parent_employee_insured",
    "parent_employee_years", "special", "tier", "gap_years", "repair_years",
    "continuous_years", "newborn_days", "transfer",
)  # fmt: skip

LABELS = {
    "region": "地区",
    "coverage_year": "待遇年度",
    "as_of": "办理日期",
    "age": "年龄",
    "birth_date": "出生日期",
    "hukou": "户籍",
    "residence_permit": "居住证",
    "student": "在读情况",
    "school_local": "是否在本地就读",
    "employee_insured": "是否参加职工医保",
    "parent_employee_insured": "父母是否参加职工医保",
    "parent_employee_years": "父母职工医保累计年限",
    "special": "困难群体身份",
    "tier": "缴费档次",
    "gap_years": "断保年数",
    "repair_years": "补缴年数",
    "continuous_years": "连续参保年数",
    "newborn_days": "新生儿出生天数",
    "transfer": "转入情形",
}

MAX_AGE = 150
MAX_YEARS = 100


class Facts:
    """The checked facts; an attribute left at None is unknown."""

    region: str | None = None
    coverage_year: int | None = None
    as_of: _dt.date | None = None
    age: int | None = None
    birth_date: _dt.date | None = None
    hukou: str | None = None
    residence_permit: bool | None = None
    student: str | None = None
    school_local: bool | None = None
    employee_insured: bool | None = None
    parent_employee_insured: bool | None = None
    parent_employee_years: float | None = None
    special: tuple | None = None
    tier: str | None = None
    gap_years: int | None = None
    repair_years: int | None = None
    continuous_years: int | None = None
    newborn_days: int | None = None
    transfer: str | None = None


def error(field, code: str, message: str) -> dict:
    """One problem with the input (quote contract, ``errors``); ``field`` is None when no single fact is meant."""
    return {"field": field, "code": code, "message": message}


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _field(name: str) -> str:
    return f"{name}（{LABELS[name]}）"


def parse_date(value):
    """``YYYY-MM-DD`` text to a date, or None."""
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return None


def _int(value, name, low, high, errors, unit=""):
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer() and low <= value <= high:
            return int(value)
        errors.append(error(name, "bad_type", f"{_field(name)}应为{low}到{high}之间的整数{unit}，收到 {_show(value)}。"))
        return None
    if not low <= value <= high:
        errors.append(error(name, "out_of_range", f"{_field(name)}应在{low}到{high}之间{unit}，收到 {value}。"))
        return None
    return value


def _bool(value, name, errors):
    if not isinstance(value, bool):
        errors.append(error(name, "bad_type", f"{_field(name)}应为 true 或 false，收到 {_show(value)}。"))
        return None
    return value


def _choice(value, name, choices, errors):
    if not isinstance(value, str) or value not in choices:
        errors.append(error(name, "bad_value", f"{_field(name)}只能是 {' / '.join(choices)} 之一，收到 {_show(value)}。"))
        return None
    return value


def shown_text(text: str, limit: int = 20) -> str:
    """Text a message may quote: cut to ``limit`` and with unencodable characters (lone surrogates) escaped."""
    return text[:limit].encode("utf-8", "backslashreplace").decode("utf-8")


def _region(value, errors):
    if isinstance(value, str) and not value.isprintable():
        errors.append(error("region", "bad_value", f"{_field('region')}含无法识别的字符，收到 {_show(value)}。"))
        return None
    if not isinstance(value, str) or not value.strip():
        errors.append(error("region", "bad_type", f"{_field('region')}应为地区代码或中文名称，收到 {_show(value)}。"))
        return None
    return value


# The years a date may fall in: a payment day like the coverage years (2000–2100), a birth from 1900.
_DATE_YEARS = {"as_of": (2000, 2100), "birth_date": (1900, 2100)}


def _date(name):
    low, high = _DATE_YEARS[name]

    def check(value, errors):
        parsed = parse_date(value)
        if parsed is None:
            errors.append(error(name, "bad_date", f"{_field(name)}应为有效日期 YYYY-MM-DD，收到 {_show(value)}。"))
        elif not low <= parsed.year <= high:
            errors.append(error(name, "out_of_range", f"{_field(name)}的年份应在{low}到{high}之间，收到 {value}。"))
            return None
        return parsed

    return check


def _years_number(value, errors):
    if not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value):
        if 0 <= value <= MAX_YEARS:
            return value
    errors.append(error("parent_employee_years", "out_of_range",
                        f"{_field('parent_employee_years')}应为0到{MAX_YEARS}之间的数字（年），收到 {_show(value)}。"))
    return None


def _special(value, errors):
    if not isinstance(value, list):
        message = f"{_field('special')}应为列表，如 [\"dibao\"]；没有则为 []，收到 {_show(value)}。"
        errors.append(error("special", "bad_type", message))
        return None
    bad = [v for v in value if not isinstance(v, str) or v not in SPECIAL_GROUPS]
    if bad:
        message = f"{_field('special')}含未知身份 {_show(bad[0])}；可用：{'、'.join(SPECIAL_GROUPS)}。"
        errors.append(error("special", "bad_value", message))
        return None
    return tuple(dict.fromkeys(value))


def _tier(value, errors):
    if not isinstance(value, str) or not value.strip() or len(value) > 20 or not value.isprintable():
        errors.append(error("tier", "bad_type", f"{_field('tier')}应为档次名称，如“一档”，收到 {_show(value)}。"))
        return None
    return value.strip()


def _ranged(name, low, high, unit=""):
    return lambda value, errors: _int(value, name, low, high, errors, unit)


def _flag(name):
    return lambda value, errors: _bool(value, name, errors)


def _among(name, choices):
    return lambda value, errors: _choice(value, name, choices, errors)


# The closed values, flags and whole-number ranges of the contract: one table each, used by both
# the readers below (with their messages) and the fast paths in read_facts.
_ENUMS = {"hukou": HUKOU, "student": STUDENT, "transfer": tuple(TRANSFERS)}
_FLAGS = ("residence_permit", "school_local", "employee_insured", "parent_employee_insured")
_INT_RANGES = {
    "coverage_year": (2000, 2100, ""),
    "age": (0, MAX_AGE, "（周岁）"),
    "gap_years": (0, MAX_YEARS, "（年）"),
    "repair_years": (0, MAX_YEARS, "（年）"),
    "continuous_years": (0, MAX_YEARS, "（年）"),
    "newborn_days": (0, 366, "（天）"),
}
_READERS = {
    "region": _region,
    "as_of": _date("as_of"),
    "birth_date": _date("birth_date"),
    "parent_employee_years": _years_number,
    "special": _special,
    "tier": _tier,
    **{name: _among(name, choices) for name, choices in _ENUMS.items()},
    **{name: _flag(name) for name in _FLAGS},
    **{name: _ranged(name, *bounds) for name, bounds in _INT_RANGES.items()},
}
assert set(_READERS) == set(FIELDS)


# Fast paths for the common, valid values; anything else goes through its reader for the message.
_ENUM_SETS = {name: frozenset(choices) for name, choices in _ENUMS.items()}
_FLAG_SET = frozenset(_FLAGS)
_GROUPS = frozenset(SPECIAL_GROUPS)


def read_facts(raw) -> tuple[Facts, list[dict]]:
    """Check a decoded JSON value; return the facts and the list of errors (see :func:`error`).

    ``null`` means unknown, exactly like an absent field.
    """
    facts = Facts()
    if not isinstance(raw, dict):
        return facts, [error(None, "not_object", f"输入应为一个JSON对象（facts），收到 {type(raw).__name__}。")]
    errors: list[dict] = []
    values = facts.__dict__
    for key, value in raw.items():
        if value is None:
            if key not in _READERS:
                errors.append(_unknown(key))
            continue
        kind = type(value)
        if kind is bool:
            if key in _FLAG_SET:
                values[key] = value
                continue
        elif kind is int:
            bounds = _INT_RANGES.get(key)
            if bounds and bounds[0] <= value <= bounds[1]:
                values[key] = value
                continue
        elif kind is str:
            choices = _ENUM_SETS.get(key)
            if choices is not None and value in choices:
                values[key] = value
                continue
        elif kind is list and key == "special" and all(type(v) is str for v in value) and _GROUPS.issuperset(value):
            values[key] = tuple(dict.fromkeys(value))
            continue
        reader = _READERS.get(key)
        if reader is None:
            errors.append(_unknown(key))
        else:
            values[key] = reader(value, errors)
    if raw.get("region") is None:
        errors.append(error("region", "missing_field", f"缺少必填字段 {_field('region')}。"))
    return facts, errors


def _unknown(key) -> dict:
    name = key if isinstance(key, str) and len(key) <= 40 else None
    return error(name, "unknown_field", f"未知字段 {_show(key)}：请只使用约定的字段（如 region、age、hukou）。")


def read_field(name: str, value, errors: list):
    """One contract field read on its own (e.g. ``coverage_year`` for policies.faq), same messages."""
    return _READERS[name](value, errors)


_VALUE_WORDS = {
    "hukou": {"local": "本地", "nonlocal": "非本地"},
    "student": {"none": "不在读", "preschool": "学龄前", "primary_secondary": "中小学", "university": "大学"},
}


def shown_value(name: str, value):
    """A fact's value as a why-trace shows it: Chinese words for codes, 是/否, 未知."""
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    if name in _VALUE_WORDS:
        return _VALUE_WORDS[name].get(value, value)
    if name == "special":
        return "、".join(SPECIAL_GROUPS[g] for g in value) or "无"
    if name == "transfer":
        return TRANSFERS.get(value, value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value
