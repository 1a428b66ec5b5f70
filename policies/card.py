"""The answer card: the plain Chinese text a hotline agent copies to a caller.

One renderer for the dialog, the agent console and the command line. Plain lines only (no
Markdown, tables or emoji), so that it survives being pasted into WeChat; at most ~25 lines.
"""

from __future__ import annotations

from .facts import LABELS
from .vocabulary import ASK_ENROLLMENT, HOTLINES_SHORT, SPECIAL_GROUPS

MAX_CHANNELS = 4
MAX_NOTES = 4
MAX_LINES = 25


def resident_notes(answer: dict) -> list[str]:
    """The notes a resident is shown (kind ``resident``); agent detail, referrals and the stale
    notice are shown in their own places (quote contract, ``notes``)."""
    return [n["text"] for n in answer.get("notes") or [] if n["kind"] == "resident"]


def yuan(amount) -> str:
    if amount is None:
        return "金额未列明"
    return f"{int(amount)}元" if float(amount).is_integer() else f"{amount}元"


def _fee_line(a: dict) -> str:
    subsidy = a.get("subsidy")
    if a.get("fee_options") and a.get("standard_fee") is None:
        options = "、".join(f"{o['name']}{yuan(o['fee'])}" for o in a["fee_options"])
        text = f"个人缴费：{options}，由本人选择"
        if subsidy and a.get("personal_fee") == 0:
            text += f"；{SPECIAL_GROUPS.get(subsidy['group'], subsidy['group'])}个人不缴费（{subsidy['paid_by']}）"
        return text + "。"
    if subsidy:
        group = SPECIAL_GROUPS.get(subsidy["group"], subsidy["group"])
        return (f"个人缴费：{yuan(a.get('personal_fee'))}（标准{yuan(a.get('standard_fee'))}，"
                f"{group}：{subsidy['paid_by']}）。")  # fmt: skip
    if a.get("personal_fee") is None:
        if "special" in (a.get("missing") or []):
            return f"个人缴费：标准{yuan(a.get('standard_fee'))}，困难群体可能减免。"
        return f"个人缴费：金额未定（标准{yuan(a.get('standard_fee'))}，所报身份的减免金额文件未列明），{ASK_ENROLLMENT}。"
    return f"个人缴费：{yuan(a['personal_fee'])}。"


def _waiting_line(wp: dict | None) -> str | None:
    if not wp:
        return None
    if wp["months"] is None:
        return f"待遇等待期：所收录文件未规定此情形，{ASK_ENROLLMENT}。"
    if wp["months"] == 0:
        why = f"（{wp['exempt_reason']}）" if wp.get("exempt_reason") else ""
        return f"待遇等待期：无{why}。"
    parts = f"固定{wp['fixed_months']}个月"
    if wp["variable_months"]:
        parts += f"+断保变动{wp['variable_months']}个月"
    line = f"待遇等待期：{wp['months']}个月（{parts}）。"
    repair = wp.get("repair")
    if repair:
        cost = f"每年{yuan(repair['cost_per_year'])}" if repair["cost_per_year"] is not None else "按所选档次"
        line += (f"\n补缴修复：还可补缴断保年度最多{repair['max_years']}年，{cost}，"
                 f"全部补缴后等待期为{repair['months_after_full_repair']}个月。")  # fmt: skip
    return line


def _citations_line(citations: list) -> str:
    """One line per card: each document once, each clause once (a citation may name several, "四；四、(一)")."""
    by_doc: dict[str, dict] = {}
    for c in citations:
        clauses = by_doc.setdefault(c["document"], {})
        for clause in c["clause"].split("；"):
            clauses[clause.strip()] = None
    return "依据：" + "；".join(f"{d} {'，'.join(cl)}" for d, cl in by_doc.items())


def _stale_line(a: dict) -> str:
    return f"注意：{a['coverage_year']}年度标准尚未收录，以下按{a['data_year']}年度标准，新标准以当地通知为准。"


def _invalid(answer: dict) -> str:
    return "输入有误：\n" + "\n".join(f"- {e['message']}" for e in answer.get("errors", []))


def render(answer: dict) -> str:
    """Render one answer (any status) as plain Chinese text."""
    if answer.get("status") == "invalid":
        return _invalid(answer)
    a = answer
    region, cy = a["region"]["name"], a["coverage_year"]
    lines = []
    scheme = a.get("scheme")
    title = f"【{region} {cy}年度城乡居民医保】"
    if scheme:
        title += f" 适用：{scheme['name']}"
    lines.append(title)
    if a.get("stale"):
        lines.append(_stale_line(a))
    status = a["status"]
    if status == "needs_info" and a.get("missing"):
        asked = "、".join(LABELS.get(m, m) for m in a["missing"])
        lines.append(f"还需要了解：{asked}。")
    if status == "not_eligible":
        lines.append("结论：不能按此情况参加该年度居民医保。")
    if scheme and status != "not_eligible":
        lines.append(_fee_line(a))
        if a.get("government_contribution") is not None:
            lines.append(f"政府补助：每人每年{yuan(a['government_contribution'])}。")
    window = a.get("enrollment_window")
    if window:
        text = f"集中参保期：{window['start']}至{window['end']}"
        if a.get("in_window"):
            text += "（今天在期内）"
        if window.get("makeup_start"):
            text += f"；补缴期：{window['makeup_start']}至{window['makeup_end']}"
        text += "。"
        lines.append(text)
    if scheme and status != "not_eligible":
        channels = a.get("channels") or []
        if channels:
            shown = "；".join(f"{c['name']}：{c['how']}" for c in channels[:MAX_CHANNELS])
            more = f"；另有{len(channels) - MAX_CHANNELS}种方式" if len(channels) > MAX_CHANNELS else ""
            lines.append(f"怎么缴：{shown}{more}。".replace("。；", "；").replace("。。", "。"))
        waiting = _waiting_line(a.get("waiting_period"))
        if waiting:
            lines.extend(waiting.split("\n"))
        if a.get("benefit_start"):
            lines.append(f"待遇开始：{a['benefit_start']}。")
        counted = [i for i in a.get("incentives") or [] if i.get("amount")]
        for item in counted:
            lines.append(f"{item['name']}：{item['detail']}")
        if a.get("documents"):
            lines.append("首次参保材料：" + a["documents"][0])
    notes = resident_notes(a)
    room = MAX_LINES - len(lines) - 2
    for note in notes[: max(0, min(MAX_NOTES, room))]:
        lines.append("提示：" + note)
    _close(lines, a)
    return "\n".join(lines[:MAX_LINES])


def _close(lines: list, answer: dict, hotlines: bool = True) -> None:
    """The last lines of every card: the citations, then the hotlines (unless the answer gives them)."""
    if answer.get("citations"):
        lines.append(_citations_line(answer["citations"]))
    if hotlines:
        lines.append(HOTLINES_SHORT)


MAX_FAQ_CONTENT = 10  # sentences of a general answer shown on the card
MAX_FAQ_NOTES = 2


def render_faq(answer: dict) -> str:
    """Render a general answer (policies.faq) as plain Chinese text, at most 20 lines."""
    if answer.get("status") == "invalid":
        return _invalid(answer)
    a = answer
    lines = [f"【{a['region']['name']} {a['coverage_year']}年度 {a['topic']['name']}】"]
    if a.get("stale"):
        lines.append(_stale_line(a))
    content = a.get("lines") or []
    lines.extend(content[:MAX_FAQ_CONTENT])
    if len(content) > MAX_FAQ_CONTENT:
        lines.append(f"……另有{len(content) - MAX_FAQ_CONTENT}条未列出。")
    # The stale line above and the dates marked 推定 already say what the stale notes say.
    lines.extend("提示：" + n for n in resident_notes(a)[:MAX_FAQ_NOTES])
    # a not_covered answer's line already refers to the hotlines; the hotline topic gives them
    _close(lines, a, hotlines=a["status"] == "answered" and a["topic"]["code"] != "hotline")
    return "\n".join(lines)
