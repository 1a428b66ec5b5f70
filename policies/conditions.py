"""Three-valued evaluation of the ``when:`` conditions in the data.

A condition is a list of alternatives; an alternative is a set of fact tests that must all hold.
A fact that is unknown (``None``) makes a test undecided: the result is then ``None`` together
with the facts that would decide it, which is how the engine knows what to ask next.
"""

from __future__ import annotations

from .vocabulary import CONDITION_FACTS

TRUE = (True, ())
FALSE = (False, ())


class Condition(tuple):
    """A compiled condition: tuples of ``(fact, test)``; ``.source`` keeps the checked ``when:`` data
    so that a why-trace can say it in Chinese (:func:`describe`)."""


def compile_condition(alternatives) -> tuple:
    """Turn checked ``when:`` data into tuples of ``(fact, test)`` for fast evaluation."""
    compiled = []
    for alt in alternatives:
        tests = []
        for key, value in alt.items():
            if isinstance(value, dict):
                low, high = value.get("min"), value.get("max")
                tests.append((key, _range(low, high)))
            elif isinstance(value, tuple):
                tests.append((key, value.__contains__))
            else:
                tests.append((key, value.__eq__))
        compiled.append(tuple(tests))
    condition = Condition(compiled)
    condition.source = tuple(alternatives)
    return condition


def _range(low, high):
    if low is None:
        return lambda v: v <= high
    if high is None:
        return lambda v: v >= low
    return lambda v: low <= v <= high


def evaluate(condition: tuple, facts: dict):
    """Return ``(True|False|None, unknown_facts)`` for a compiled condition."""
    unknown: list[str] = []
    for alt in condition:
        undecided = []
        for key, test in alt:
            value = facts[key]
            if value is None:
                undecided.append(CONDITION_FACTS[key])
            elif not test(value):
                break
        else:
            if not undecided:
                return TRUE
            unknown.extend(undecided)
    if unknown:
        return None, tuple(unknown)
    return FALSE


def holds(condition: tuple | None, facts: dict) -> bool:
    """True only when the condition is certainly met (no condition counts as met)."""
    return condition is None or evaluate(condition, facts)[0] is True


def facts_used(*conditions) -> tuple:
    """The condition facts that any of the compiled ``conditions`` (or None) test, in a fixed order."""
    used = {key for condition in conditions if condition for alt in condition for key, _ in alt}
    return tuple(sorted(used))


# ---- saying a condition in Chinese (why-traces) ---------------------------------------------

_FACT_WORDS = {
    "hukou": {"local": "本地户籍", "nonlocal": "非本地户籍"},
    "student": {"none": "不在读", "preschool": "学龄前", "primary_secondary": "中小学在读", "university": "大学在读"},
    "school_local": {True: "在本地就读", False: "不在本地就读"},
    "employee_insured": {True: "已参加职工医保", False: "未参加职工医保"},
    "parent_employee_insured": {True: "父母一方参加本地职工医保", False: "父母未参加本地职工医保"},
    "residence_permit": {True: "持本地居住证", False: "无本地居住证"},
    "newborn": {True: "新生儿", False: "非新生儿"},
    "special_any": {True: "属于困难群体", False: "不属于困难群体"},
}
_RANGE_WORDS = {"age": ("年龄", "周岁"), "parent_employee_years": ("父母职工医保累计", "年"),
                "newborn_days": ("出生", "天")}  # fmt: skip


def _say(key, value) -> str:
    if key in _RANGE_WORDS:
        name, unit = _RANGE_WORDS[key]
        low, high = value.get("min"), value.get("max")
        if low is None:
            return f"{name}{high}{unit}及以下"
        if high is None:
            return f"{name}{low}{unit}及以上"
        return f"{name}{low}至{high}{unit}"
    words = _FACT_WORDS[key]
    if isinstance(value, tuple):
        return "或".join(words[v] for v in value)
    return words[value]


def describe(condition) -> str:
    """A compiled condition in Chinese: ``本地户籍、年龄18周岁及以上；或……``."""
    source = getattr(condition, "source", None)
    if not source:
        return "无条件"
    return "；或".join("、".join(_say(k, v) for k, v in alt.items()) for alt in source)


def held_alternative(condition, facts: dict):
    """The index of the first alternative of ``condition`` that certainly holds, or None."""
    for i, alt in enumerate(condition):
        if all(facts[key] is not None and test(facts[key]) for key, test in alt):
            return i
    return None


def describe_alternative(condition, index: int) -> str:
    """One alternative of a compiled condition in Chinese."""
    return "、".join(_say(k, v) for k, v in condition.source[index].items())
