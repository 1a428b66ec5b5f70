"""Three-valued evaluation of the ``when:`` conditions in the data.

A condition is a list of alternatives; an alternative is a set of fact tests that must all hold.
A fact that is unknown (``None``) makes a test undecided: the result is then ``None`` together
with the facts that would decide it, which is how the engine knows what to ask next.
"""

from __future__ import annotations

from .vocabulary import CONDITION_FACTS

TRUE = (True, ())
FALSE = (False, ())


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
    return tuple(compiled)


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
