"""What-if: the same facts answered under two or more variations, side by side (quote contract,
"Comparison"): tier 一档 vs 二档, with and without ``repair_years``, paying today vs on a named date.

``compare(facts, variants, today)`` gives ``{"status": "compared", "variants": [{"label", "answer"}],
"differences": [{"field", "label", "values": {variant label: value}}]}``, or ``{"status": "invalid",
"errors": [...]}`` when the request itself is malformed (a variant's own bad facts are that
variant's ``invalid`` answer).
"""

from __future__ import annotations

from .engine import quote
from .facts import error

MAX_VARIANTS = 6

# The fields compared, in the order a resident weighs them.
COMPARED = (
    ("status", "结论"),
    ("scheme.name", "适用方案"),
    ("personal_fee", "个人缴费（元）"),
    ("standard_fee", "缴费标准（元）"),
    ("subsidy.amount", "资助金额（元）"),
    ("waiting_period.months", "待遇等待期（月）"),
    ("waiting_period.repair.max_years", "还可补缴年数"),
    ("benefit_start", "待遇开始"),
    ("coverage_year", "待遇年度"),
)


def _get(answer, path):
    value = answer
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def repair_variants(gap_years: int) -> list[dict]:
    """不补缴 vs repaying every gap year: the what-if a resident with a gap asks first."""
    return [{"label": "不补缴", "repair_years": 0}, {"label": f"补缴{gap_years}年", "repair_years": gap_years}]


def tier_variants(answer: dict) -> list[dict]:
    """One variant per tier the answer offers (杭州 一档 / 二档)."""
    return [{"label": o["name"], "tier": o["name"]} for o in answer.get("fee_options") or []]


def compare(facts, variants, today=None, rulebook=None) -> dict:
    errors = []
    if not isinstance(facts, dict):
        errors.append(error("facts", "bad_type", "facts（共同情况）应为一个JSON对象。"))
    if not isinstance(variants, list) or not 2 <= len(variants) <= MAX_VARIANTS:
        errors.append(error("variants", "bad_type", f"variants（比较方案）应为2到{MAX_VARIANTS}个对象的列表。"))
    else:
        labels = [v.get("label") if isinstance(v, dict) else None for v in variants]
        if not all(isinstance(label, str) and label.strip() for label in labels):
            errors.append(error("variants", "missing_field", "每个比较方案都需要 label（名称），如“补缴”“不补缴”。"))
        elif len(set(labels)) != len(labels):
            errors.append(error("variants", "bad_value", "比较方案的 label（名称）不能重复。"))
    if errors:
        return {"status": "invalid", "errors": errors}
    answers = []
    for variant in variants:
        changes = {k: v for k, v in variant.items() if k != "label"}
        answers.append({"label": variant["label"], "answer": quote({**facts, **changes}, today=today, rulebook=rulebook)})
    differences = []
    for path, label in COMPARED:
        values = {a["label"]: _get(a["answer"], path) for a in answers}
        if len(set(map(repr, values.values()))) > 1:
            differences.append({"field": path, "label": label, "values": values})
    return {"status": "compared", "variants": answers, "differences": differences}


def render_compare(result: dict) -> str:
    """The comparison as plain Chinese lines: one line per difference, the variants side by side."""
    if result["status"] == "invalid":
        return "输入有误：\n" + "\n".join(f"- {e['message']}" for e in result["errors"])
    labels = [v["label"] for v in result["variants"]]
    lines = ["【比较】" + " / ".join(labels)]
    if not result["differences"]:
        lines.append("这几种情况的结论、缴费和待遇等待期都相同。")
    for diff in result["differences"]:
        shown = "；".join(f"{label}：{_say(diff['values'][label])}" for label in labels)
        lines.append(f"{diff['label']}：{shown}")
    return "\n".join(lines)


_STATUS = {"eligible": "可以参保", "not_eligible": "不能参保", "needs_info": "还需补充情况", "invalid": "输入有误"}


def _say(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _STATUS.get(value, str(value)) if isinstance(value, str) else str(value)
