"""The Chinese text of a personal answer: who it is for, the line that answers the question asked,
then the engine's card (policies.render), which carries the figures, year and citations."""

from __future__ import annotations

from policies.card import chinese_date, date_range, sections, yuan

from .slots import presumed_not_student
from .summary import summary


def focus_line(answer: dict, question: str | None, day: str = "今天") -> str | None:
    """One sentence answering the specific question (waiting, repair, window, channels) from the answer's
    own fields; ``None`` when the card alone answers it (the fee and the scheme lead the card)."""
    # 交多少 and 可以参加 are the card's first two lines (policies.card): no line of their own here
    if answer.get("status") not in ("eligible", "needs_info") or not question:
        return None
    if question == "window" and answer.get("enrollment_window"):
        window = answer["enrollment_window"]
        when = f"{day}在集中参保期内，可以缴费" if answer.get("in_window") else f"{day}不在集中参保期内"
        return f"{when}；集中参保期为{date_range(window['start'], window['end'])}。"
    if question == "channels" and answer.get("channels"):
        return "缴费方式：\n" + "\n".join(f"- {c['name']}：{c['how']}" for c in answer["channels"])
    if question == "waiting" and answer.get("waiting_period"):
        start = answer.get("benefit_start")
        months = answer["waiting_period"].get("months")
        if months == 0:
            return f"没有待遇等待期，{chinese_date(start)}起享受待遇。" if start else "没有待遇等待期。"
        if months:
            return f"待遇等待期{months}个月，按{day}缴费计，{chinese_date(start)}起享受待遇。"
        return None
    if question == "repair" and answer.get("waiting_period"):
        repair = answer["waiting_period"].get("repair")
        if not repair:
            return "按您的情况没有因断保产生的变动等待期，不需要补缴修复。"
        cost = yuan(repair["cost_per_year"]) if repair.get("cost_per_year") is not None else "按当年个人缴费标准"
        return (f"可补缴断保年度最多{repair['max_years']}年，每年{cost}；"
                f"全部补缴后等待期为{repair['months_after_full_repair']}个月。")
    return None


def answer_text(answer: dict, slots: dict, card: str) -> str:
    """Who it is for, the focus line, then ``card`` (``policies.render(answer)``)."""
    lines = []
    known = summary(slots, answer.get("region", {}).get("name") if answer.get("region") else None)
    if known and answer.get("status") != "invalid":
        lines.append(f"按您提供的情况（{known}）：")
    if slots.get("age_approx") and answer.get("status") != "invalid":
        lines.append(f"年龄按{slots.get('age')}周岁计算；如实际周岁不同，适用档次可能不同，请告诉我准确年龄。")
    if slots.get("gap_approx") and slots.get("gap_years") is not None and answer.get("status") != "invalid":
        lines.append(f"断保年数按{slots['gap_years']}年计算；如实际年数不同，待遇等待期和补缴金额会不同，请告诉我准确年数。")
    if slots.get("pay_date") and answer.get("status") != "invalid":
        lines.append(f"按您说的缴费日期{chinese_date(slots['pay_date'])}计算（如实际缴费日期不同，待遇开始时间可能不同）。")
    if presumed_not_student(slots) and answer.get("status") != "invalid":
        who = "您" if slots.get("subject") in (None, "self") else "参保人"
        lines.append(f"按非全日制在校学生计算；如{who}是全日制在校学生，请告诉我。")
    day = chinese_date(slots["pay_date"]) if slots.get("pay_date") else "今天"
    focus = focus_line(answer, slots.get("question"), day)
    if focus:
        lines.append(focus)
    lines.append(card)
    return "\n".join(lines)


def card_fields(answer: dict, as_of: str | None = None, today=None) -> dict:
    """The answer as fields a front end renders (mini-program card, console): the figures, and the
    full card's sections as ``policies.card`` words them (``sections``)."""
    waiting = answer.get("waiting_period") or {}
    return {
        "region": (answer.get("region") or {}).get("name"),
        "coverage_year": answer.get("coverage_year"),
        "data_year": answer.get("data_year"),
        "stale": answer.get("stale"),
        "status": answer.get("status"),
        "scheme": (answer.get("scheme") or {}).get("name"),
        "personal_fee": answer.get("personal_fee"),
        "fee_options": answer.get("fee_options") or [],
        "enrollment_window": answer.get("enrollment_window"),
        "in_window": answer.get("in_window"),
        "waiting_months": waiting.get("months"),
        "benefit_start": answer.get("benefit_start"),
        "channels": [c["name"] for c in answer.get("channels") or []],
        "citations": answer.get("citations") or [],
        "sections": sections(answer, as_of, today),
    }
