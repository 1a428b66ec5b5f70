"""A household's answer (quote contract, "Household"): each member's own quote, what the family pays
in all, who is still to be decided, and the ways the region's text gives to pay for the family together.

``household(request, today=...)`` with ``request = {"region", "as_of"?, "coverage_year"?, "members":
[{"label", …facts}]}``: the shared facts are given once; each member carries its own. Every member's
``answer`` is exactly what ``quote`` gives that person; nothing here decides a figure of its own.
"""

from __future__ import annotations

from .engine import quote
from .facts import error, shown_text
from .rulebook import default_rulebook

SHARED = ("region", "as_of", "coverage_year")
MAX_MEMBERS = 12
MAX_LABEL = 20

ANSWERED, NEEDS_INFO, INVALID = "answered", "needs_info", "invalid"


def _invalid(errors: list[dict]) -> dict:
    """Bad input: every problem named with its member and field (``members.2.age``), nothing answered."""
    return {"status": INVALID, "errors": errors}


def _read_request(request) -> tuple[dict, list, list[dict]]:
    """The shared facts, the members as (label, facts) and the errors found in their shape."""
    if not isinstance(request, dict):
        return {}, [], [error(None, "not_object", "每行应为 {\"region\": …, \"members\": [{\"label\": …, 情况…}]}。")]
    errors = []
    unknown = sorted(set(request) - {*SHARED, "members"})
    for key in unknown:
        errors.append(error(key, "unknown_field", f"家庭查询不认识字段“{shown_text(str(key))}”；每人的情况写在 members 里。"))
    shared = {k: request[k] for k in SHARED if k in request}
    members = request.get("members")
    if not isinstance(members, list) or not members:
        errors.append(error("members", "missing_field" if members is None else "bad_type",
                            "members（家庭成员）应为至少一人的列表，每人如 {\"label\": \"孩子\", \"age\": 9}。"))  # fmt: skip
        return shared, [], errors
    if len(members) > MAX_MEMBERS:
        errors.append(error("members", "out_of_range", f"members（家庭成员）最多{MAX_MEMBERS}人，收到{len(members)}人。"))
        return shared, [], errors
    read, seen = [], set()
    for i, member in enumerate(members):
        where = f"members.{i}"
        if not isinstance(member, dict):
            errors.append(error(where, "bad_type", f"第{i + 1}位家庭成员应为一个对象，如 {{\"label\": \"孩子\", \"age\": 9}}。"))
            continue
        label = member.get("label")
        if not isinstance(label, str) or not label.strip() or len(label.strip()) > MAX_LABEL:
            errors.append(error(f"{where}.label", "bad_value",
                                f"第{i + 1}位家庭成员需要一个称呼（label，1到{MAX_LABEL}个字），如“孩子”“我妈”。"))  # fmt: skip
            continue
        label = label.strip()
        if label in seen:
            errors.append(error(f"{where}.label", "bad_value",
                                f"家庭成员的称呼“{shown_text(label)}”重复了，请区分（如“大儿子”“小儿子”）。"))  # fmt: skip
            continue
        seen.add(label)
        facts = {k: v for k, v in member.items() if k != "label"}
        for key in SHARED:
            if key in facts and key in shared and facts[key] != shared[key]:
                errors.append(error(f"{where}.{key}", "inconsistent",
                                    f"{label}的{key}与全家共用的不同；一个家庭查询只答一个地区和一个办理日期。"))  # fmt: skip
        read.append((label, {**shared, **facts}))
    return shared, read, errors


def _member_errors(label: str, index: int, answer: dict) -> list[dict]:
    return [{**e, "field": f"members.{index}.{e['field']}" if e.get("field") else f"members.{index}",
             "message": f"【{label}】{e['message']}"} for e in answer.get("errors", [])]  # fmt: skip


def _undecided_tier(answer: dict) -> bool:
    return answer["status"] == "eligible" and answer.get("personal_fee") is None and bool(answer.get("fee_options"))


def _pending(label: str, answer: dict) -> dict | None:
    """A member the total does not count, and why (the facts still needed, the tier, an amount not given)."""
    if answer["status"] == "needs_info":
        return {"label": label, "reason": "needs_info", "missing": list(answer.get("missing") or [])}
    if answer["status"] != "eligible" or answer.get("personal_fee") is not None:
        return None
    if _undecided_tier(answer):
        return {"label": label, "reason": "tier", "missing": []}
    return {"label": label, "reason": "amount_unknown", "missing": []}


def _totals(members: list[dict]) -> tuple[float | int, dict]:
    decided = [m["answer"]["personal_fee"] for m in members
               if m["answer"]["status"] == "eligible" and m["answer"].get("personal_fee") is not None]  # fmt: skip
    total = sum(decided)
    open_tier = [m["answer"] for m in members if _undecided_tier(m["answer"])]
    if not open_tier:
        return total, {}
    names = [o["name"] for o in open_tier[0]["fee_options"]]
    if any([o["name"] for o in a["fee_options"]] != names for a in open_tier):
        return total, {}  # tiers that do not line up have no common choice to total
    by_choice = {}
    for name in names:
        by_choice[name] = total + sum(next(o["fee"] for o in a["fee_options"] if o["name"] == name) for a in open_tier)
    return total, by_choice


def _family_payment(region_code: str, data_year: int | None, book) -> tuple[list[dict], dict]:
    """The region's ways to pay for the family together (data ``family_payment``), each part cited."""
    region = book.regions.get(region_code)
    year = region.years.get(data_year) if region and data_year is not None else None
    if year is None:
        return [], {}
    doc, ways, cites = year.document, [], {}
    for way in year.data.get("family_payment") or []:
        cites[(doc, way["cite"])] = None
        item = {"name": way["name"], "how": way["how"], "who": None, "condition": None, "deadlines": [],
                "cite": {"document": doc, "clause": way["cite"]}}  # fmt: skip
        for key in ("who", "condition"):
            if way.get(key):
                item[key] = way[key]["text"]
                cites[(doc, way[key]["cite"])] = None
        for d in way.get("deadlines") or []:
            item["deadlines"].append({"who": d["who"], "text": d["text"], "cite": {"document": doc, "clause": d["cite"]}})
            cites[(doc, d["cite"])] = None
        ways.append(item)
    return ways, cites


def household(request, today=None, rulebook=None) -> dict:
    """Answer a household (quote contract, "Household"); ``today`` as for ``quote``."""
    book = rulebook or default_rulebook()
    shared, members, errors = _read_request(request)
    if errors:
        return _invalid(errors)
    answers = []
    for i, (label, facts) in enumerate(members):
        answer = quote(facts, today=today, rulebook=book)
        answers.append({"label": label, "answer": answer})
        errors.extend(_member_errors(label, i, answer))
    if errors:
        return _invalid(errors)
    # The family's year: the one most members are answered for (a newborn's default is its birth year,
    # rulings R2; its own answer says so, and the card names a member's year when it differs).
    years = [m["answer"]["coverage_year"] for m in answers]
    year = max(dict.fromkeys(years), key=years.count)
    first = next(m["answer"] for m in answers if m["answer"]["coverage_year"] == year)
    total, by_choice = _totals(answers)
    pending = [p for p in (_pending(m["label"], m["answer"]) for m in answers) if p]
    ways, cites = _family_payment(first["region"]["code"], first["data_year"], book)
    for m in answers:
        for c in m["answer"].get("citations") or []:
            cites[(c["document"], c["clause"])] = None
    # said once for the family: which year's standard is shown (each member's answer says it too)
    notes = [n for n in first.get("notes") or [] if n["kind"] == "stale"]
    return {
        "status": NEEDS_INFO if any(p["reason"] == "needs_info" for p in pending) else ANSWERED,
        "region": first["region"],
        "coverage_year": year,
        "data_year": first["data_year"],
        "stale": first["stale"],
        "members": answers,
        "total": total,
        "totals_by_choice": by_choice,
        "pending": pending,
        "family_payment": ways,
        "notes": notes,
        "citations": [{"document": d, "clause": c} for d, c in cites],
    }

