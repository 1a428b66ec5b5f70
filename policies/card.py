"""The answer card: what a resident reads, an agent copies or reads aloud.

One renderer, three lengths (issue 12), plain lines only (no Markdown, tables or emoji) so that
every length survives being pasted into WeChat:

- ``render(answer)`` — the full card, at most 12 lines, in a fixed order: 结论 → 交多少 → 截止 →
  怎么缴 → 何时能用 → 注意 → 依据 → 咨询编号. Lines that do not apply to this person are left out.
- ``render(answer, "spoken")`` — the 口播版, at most 120 characters, for an agent to read aloud.
- ``render(answer, "wechat")`` — the 微信版, at most 300 characters, to paste into a chat.
- ``render_detail(answer)`` — the agent's detail view: every channel, the documents, every note
  (agent notes and ruling labels included) and each document's clauses.

Residents' lengths never show ruling labels or clause lists: notes are chosen by their ``kind``
(quote contract, ``notes``), never by their text. ``as_of`` (the day the answer was asked for)
gives "还剩N天"; ``code`` (the ledger's 咨询编号) ends every length when there is one.
"""

from __future__ import annotations

import datetime as _dt

from .facts import LABELS
from .vocabulary import ASK_ENROLLMENT, HOTLINE_ENROLLMENT, HOTLINE_PAYMENT, HOTLINES_SHORT, SPECIAL_GROUPS

FULL, SPOKEN, WECHAT = "full", "spoken", "wechat"
LENGTHS = (FULL, SPOKEN, WECHAT)
MAX_LINES = 12  # the full card
MAX_CHARS = {SPOKEN: 120, WECHAT: 300}
MAIN_CHANNELS = 2  # the data files list each region's channels most used first
MAX_FULL_NOTES = 3
DETAIL_MAX_LINES = 40


def resident_notes(answer: dict) -> list[str]:
    """The notes a resident is shown (kind ``resident``); agent detail, referrals and the stale
    notice are shown in their own places (quote contract, ``notes``)."""
    return [n["text"] for n in answer.get("notes") or [] if n["kind"] == "resident"]


def yuan(amount) -> str:
    if amount is None:
        return "金额未列明"
    return f"{int(amount)}元" if float(amount).is_integer() else f"{amount}元"


def chinese_date(iso: str, since: str | None = None) -> str:
    """2027-01-10 → 2027年1月10日; the year is left out when it is ``since``'s year (a range's end)."""
    year, month, day = (int(x) for x in iso.split("-"))
    if since and int(since[:4]) == year:
        return f"{month}月{day}日"
    return f"{year}年{month}月{day}日"


def date_range(start: str, end: str) -> str:
    return f"{chinese_date(start)}至{chinese_date(end, since=start)}"


def _as_date(as_of) -> _dt.date | None:
    if as_of is None or isinstance(as_of, _dt.date):
        return as_of
    try:
        return _dt.date.fromisoformat(str(as_of))
    except ValueError:
        return None


# ---------------------------------------------------------------- the parts every length is made of


def _region_year(a: dict) -> str:
    return f"{a['region']['name']}{a['coverage_year']}年度城乡居民医保"


def _scheme_name(a: dict) -> str | None:
    """The scheme's own name when it says more than 城乡居民医保 (少儿医保, 19—59周岁…)."""
    name = (a.get("scheme") or {}).get("name")
    return name if name and name != "城乡居民医保" else None


def _decided(a: dict) -> bool:
    """Figures are shown as this person's only for an eligible answer."""
    return a.get("status") == "eligible" and bool(a.get("scheme"))


def _group(subsidy: dict) -> str:
    return SPECIAL_GROUPS.get(subsidy["group"], subsidy["group"])


def _fee(a: dict, short: bool = False) -> str:
    """What this person pays, with 元, e.g. "一档730元、二档630元，任选一档"."""
    subsidy = a.get("subsidy")
    if a.get("fee_options") and a.get("standard_fee") is None:
        options = "、".join(f"{o['name']}{yuan(o['fee'])}" for o in a["fee_options"])
        if subsidy and a.get("personal_fee") == 0:
            return f"个人0元（{_group(subsidy)}，{subsidy['paid_by']}）"
        return f"{options}，任选一档"
    if subsidy and a.get("personal_fee") is not None:
        if short:
            return f"个人{yuan(a['personal_fee'])}（{_group(subsidy)}）"
        return f"个人{yuan(a['personal_fee'])}（标准{yuan(a.get('standard_fee'))}，{_group(subsidy)}：{subsidy['paid_by']}）"
    if a.get("personal_fee") is None:
        return f"金额未定（标准{yuan(a.get('standard_fee'))}，所报身份的减免金额文件未列明），{ASK_ENROLLMENT}"
    return f"个人{yuan(a['personal_fee'])}"


def _days_left(a: dict, as_of) -> int | None:
    day, window = _as_date(as_of), a.get("enrollment_window")
    if day is None or not window or not a.get("in_window"):
        return None
    return (_dt.date.fromisoformat(window["end"]) - day).days


def _deadline(a: dict, as_of, today=None) -> str | None:
    """截止 when in the window ("2024年12月25日前，还剩35天"), else where the day stands. ``today``: when the
    answer is for a payment date the resident named (``as_of`` later than today), the lines say "届时" of
    that date, never "现在" (rulings R12)."""
    window = a.get("enrollment_window")
    if not window:
        return None
    day, now = _as_date(as_of), _as_date(today)
    named = day is not None and now is not None and day > now
    makeup = (f"；补缴期{date_range(window['makeup_start'], window['makeup_end'])}"
              if window.get("makeup_start") else "")  # fmt: skip
    if a.get("in_window"):
        left = _days_left(a, now if named else as_of)
        tail = f"（还剩{left}天）" if left is not None and left > 0 else ("（今天截止）" if left == 0 else "")
        return f"截止：{chinese_date(window['end'])}前缴费{tail}{makeup}。"
    if day is not None and day < _dt.date.fromisoformat(window["start"]):
        before = "您说的缴费日期时尚未开始" if named else "尚未开始"
        return f"缴费时间：{date_range(window['start'], window['end'])}（{before}）{makeup}。"
    if day is not None and window.get("makeup_start") and (
            _dt.date.fromisoformat(window["makeup_start"]) <= day <= _dt.date.fromisoformat(window["makeup_end"])):
        passed = date_range(window["start"], window["end"])
        when = "您说的缴费日期在补缴期内" if named else "现在是补缴期"
        return f"{when}，{chinese_date(window['makeup_end'])}截止（集中参保期{passed}{'届时' if named else ''}已过）。"
    if named:
        return f"集中参保期：{date_range(window['start'], window['end'])}，到您说的缴费日期时已过{makeup}。"
    return f"集中参保期：{date_range(window['start'], window['end'])}，现已不在期内{makeup}。"


def _channels(a: dict) -> tuple[list[dict], int]:
    channels = a.get("channels") or []
    return channels[:MAIN_CHANNELS], max(0, len(channels) - MAIN_CHANNELS)


def _channels_line(a: dict) -> str | None:
    main, more = _channels(a)
    if not main:
        return None
    text = "；".join(f"{c['name']}：{c['how'].rstrip('。')}" for c in main)
    tail = f"。另有{more}种方式，问“怎么缴”可看全部" if more else ""
    return f"怎么缴：{text}{tail}。"


def _benefit(a: dict, short: bool = False) -> str | None:
    """何时能用: the benefit start and the waiting period in one clause."""
    wp, start = a.get("waiting_period"), a.get("benefit_start")
    if wp and wp.get("months") is None:
        return f"何时能用：文件未规定此情形，{ASK_ENROLLMENT}"
    when = f"{chinese_date(start)}起" if start else "以经办机构通知为准"
    if not wp:
        return f"何时能用：{when}"
    if wp["months"] == 0:
        why = f"，{wp['exempt_reason']}" if wp.get("exempt_reason") and not short else ""
        return f"何时能用：{when}（无等待期{why}）"
    if short or not wp.get("variable_months"):
        return f"何时能用：{when}（等待期{wp['months']}个月）"
    parts = f"固定{wp['fixed_months']}个月"
    if wp.get("variable_months"):
        parts += f"+断保{wp['variable_months']}个月"
    return f"何时能用：{when}（等待期{wp['months']}个月：{parts}）"


def _repair(a: dict) -> str | None:
    repair = (a.get("waiting_period") or {}).get("repair")
    if not repair:
        return None
    cost = f"每年{yuan(repair['cost_per_year'])}" if repair.get("cost_per_year") is not None else "按所选档次"
    return (f"补缴修复：可补缴断保年度最多{repair['max_years']}年（{cost}），"
            f"全部补缴后等待期{repair['months_after_full_repair']}个月。")  # fmt: skip


def _stale(a: dict) -> str | None:
    if not a.get("stale"):
        return None
    return (f"注意：{a['coverage_year']}年度标准还没有收录，本答复按{a['data_year']}年度标准，"
            f"日期按往年推算，以当地通知为准。")  # fmt: skip


def _documents_named(citations: list) -> list[str]:
    seen: dict[str, None] = {}
    for c in citations:
        seen.setdefault(c["document"], None)
    return list(seen)


def basis_line(a: dict) -> str | None:
    """Citations folded into one line naming the documents ("依据：杭医保〔2024〕28号等2份文件")."""
    docs = _documents_named(a.get("citations") or [])
    if not docs:
        return None
    return f"依据：{docs[0]}" + (f"等{len(docs)}份文件" if len(docs) > 1 else "") + "。"


def code_line(code: str | None) -> str:
    if code:
        return f"咨询编号：{code}（转人工时请提供）；参保咨询{HOTLINE_ENROLLMENT}，缴费咨询{HOTLINE_PAYMENT}。"
    return HOTLINES_SHORT


def _conclusion(a: dict) -> str:
    status, what = a["status"], _region_year(a)
    if status == "not_eligible":
        return f"结论：按您说的情况，不能参加{what}。"
    if status == "needs_info":
        asked = "、".join(LABELS.get(m, m) for m in a.get("missing") or [])
        if asked:
            return f"结论：还需要了解{asked}，才能确定{what}的缴费。"
        return f"结论：所收录文件不能确定此情况，{ASK_ENROLLMENT}。"
    scheme = _scheme_name(a)
    return f"结论：可以参加{what}" + (f"（{scheme}）" if scheme else "") + "。"


def _invalid(answer: dict) -> str:
    return "输入有误：\n" + "\n".join(f"- {e['message']}" for e in answer.get("errors", []))


# ---------------------------------------------------------------- the three lengths


def render(answer: dict, length: str = FULL, *, code: str | None = None, as_of=None, today=None) -> str:
    """Render one answer (any status) in one of the three lengths (``full``, ``spoken``, ``wechat``)."""
    if length not in LENGTHS:
        raise ValueError(f"unknown card length {length!r}; one of {LENGTHS}")
    if answer.get("status") == "invalid":
        return _invalid(answer)
    if length == SPOKEN:
        return _spoken(answer, code, as_of)
    if length == WECHAT:
        return _wechat(answer, code, as_of, today)
    return _full(answer, code, as_of, today)


def _full(a: dict, code, as_of, today=None) -> str:
    lines = [_conclusion(a)]
    decided = _decided(a)
    if decided:
        fee = f"交多少：{_fee(a)}"
        if a.get("government_contribution") is not None:
            fee += f"；政府另补助每人每年{yuan(a['government_contribution'])}"
        lines.append(fee + "。")
        lines.append(_deadline(a, as_of, today))
        lines.append(_channels_line(a))
        lines.append(_benefit(a) + "。")
        lines.append(_repair(a))
    elif a["status"] == "needs_info" and a.get("enrollment_window"):
        window = a["enrollment_window"]
        lines.append(f"集中参保期：{date_range(window['start'], window['end'])}。")
    lines.append(_stale(a))
    lines = [line for line in lines if line]
    tail = [basis_line(a), code_line(code)]
    tail = [line for line in tail if line]
    room = MAX_LINES - len(lines) - len(tail)
    notes = resident_notes(a) if a["status"] != "needs_info" else []
    if decided:  # an incentive this person has earned or lost (an amount) comes before general notes
        notes = [i["detail"] for i in a.get("incentives") or [] if i.get("amount")] + notes
    label = "说明：" if a["status"] == "not_eligible" else "注意："
    lines.extend(label + n for n in notes[: max(0, min(MAX_FULL_NOTES if decided else room, room))])
    return "\n".join(lines + tail)


def _fit(parts: list[tuple[int, str]], limit: int) -> str:
    """Join the parts in order, leaving out the least important (highest number) until it fits."""
    kept = [p for p in parts if p[1]]
    while kept and len("".join(t for _, t in kept)) > limit:
        worst = max(range(len(kept)), key=lambda i: (kept[i][0], i))
        if kept[worst][0] == 0:
            break  # nothing optional left: the caller's must-haves are within the limit by construction
        kept.pop(worst)
    return "".join(t for _, t in kept)


def _spoken_benefit(a: dict) -> str:
    wp, start = a.get("waiting_period") or {}, a.get("benefit_start")
    if not start or wp.get("months") is None:
        return ""
    wait = "没有等待期" if wp.get("months") == 0 else f"等待期{wp['months']}个月"
    return f"{chinese_date(start)}起可以享受待遇，{wait}。"


def _spoken(a: dict, code, as_of) -> str:
    """口播版: sentences an agent reads aloud, ≤120 characters; essentials first, extras as room allows."""
    ending = f"咨询编号{code}。" if code else ""
    stale = f"按{a['data_year']}年度标准，" if a.get("stale") else ""
    if a["status"] == "not_eligible":
        notes = [(2, n) for n in resident_notes(a)]
        basis = f"（按{a['data_year']}年度标准）" if a.get("stale") else ""
        return _fit([(0, f"按您说的情况，不能参加{_region_year(a)}{basis}。"), *notes, (0, ending)], MAX_CHARS[SPOKEN])
    if not _decided(a):
        asked = "、".join(LABELS.get(m, m) for m in a.get("missing") or [])
        said = f"还需要了解{asked}才能确定。" if asked else f"此情况文件未写明，{ASK_ENROLLMENT}。"
        return _fit([(0, said), (1, ending)], MAX_CHARS[SPOKEN])
    scheme = _scheme_name(a)
    window = a.get("enrollment_window")
    deadline = ""
    if window and a.get("in_window"):
        deadline = f"请在{chinese_date(window['end'], since=str(_as_date(as_of) or ''))}前缴费，"
    elif window:
        deadline = f"集中参保期{date_range(window['start'], window['end'])}，"
    main, _ = _channels(a)
    channels = f"可通过{'或'.join(c['name'] for c in main)}缴纳。" if main else ""
    benefit = _spoken_benefit(a)
    return _fit([
        (0, f"{stale}您可以参加{_region_year(a)}" + (f"（{scheme}）" if scheme else "") + "，"),
        (0, _fee(a, short=True).replace("个人", "个人交", 1) + "，"),
        (1, deadline),
        (3, channels),
        (2, benefit),
        (0, ending),
    ], MAX_CHARS[SPOKEN]).replace("，。", "。").replace("，可通过", "。可通过")


def _wechat(a: dict, code, as_of, today=None) -> str:
    """微信版: the full card's essentials in short lines, ≤300 characters."""
    limit = MAX_CHARS[WECHAT]
    head = f"【{_region_year(a)}】"
    parts: list[tuple[int, str]] = [(0, head + "\n")]
    if a["status"] == "not_eligible":
        parts.append((0, "按您说的情况，不能参加。\n"))
        parts.extend((2, n + "\n") for n in resident_notes(a))
    elif not _decided(a):
        parts.append((0, _conclusion(a).replace("结论：", "") + "\n"))
    else:
        scheme = _scheme_name(a)
        parts.append((1, f"适用：{scheme}\n" if scheme else ""))
        parts.append((0, f"交多少：{_fee(a, short=True)}\n"))
        deadline = _deadline(a, as_of, today)
        parts.append((1, deadline.replace("。", "") + "\n" if deadline else ""))
        main, more = _channels(a)
        if main:
            named = "、".join(c["name"] for c in main) + (f"等{len(main) + more}种方式" if more else "")
            parts.append((2, f"怎么缴：{named}\n"))
        parts.append((1, _benefit(a, short=True) + "\n"))
        repair = _repair(a)
        parts.append((3, repair + "\n" if repair else ""))
        parts.extend((5, f"注意：{n}\n") for n in resident_notes(a)[:1])
    stale = _stale(a)
    parts.append((1, stale + "\n" if stale else ""))
    parts.append((0, code_line(code)))
    text = _fit(parts, limit)
    return text


def sections(answer: dict, as_of=None, today=None) -> dict:
    """The full card's sections as separate texts, for front ends that lay them out themselves
    (the mini-program's structured card, the console): the same words as ``render``."""
    a, decided = answer, _decided(answer)
    main, more = _channels(answer) if decided else ([], 0)
    notes = [i["detail"] for i in a.get("incentives") or [] if i.get("amount")] if decided else []
    notes += resident_notes(a) if a.get("status") != "needs_info" else []
    return {
        "conclusion": _conclusion(a).removeprefix("结论："),
        "fee": _fee(a) if decided else None,
        "government_contribution": a.get("government_contribution") if decided else None,
        "deadline": _deadline(a, as_of, today) if decided else None,
        "days_left": _days_left(a, as_of) if decided else None,
        "channels": [{"name": c["name"], "how": c["how"]} for c in main],
        "more_channels": more,
        "benefit": _benefit(a).removeprefix("何时能用：") if decided else None,
        "repair": _repair(a) if decided else None,
        "stale": _stale(a).removeprefix("注意：") if a.get("stale") else None,
        "notes": notes,
        "basis": basis_line(a),
    }


# ---------------------------------------------------------------- the agent's detail view


def _citations_line(citations: list) -> str:
    """Each document once with its clauses once (a citation may name several, "四；四、(一)")."""
    by_doc: dict[str, dict] = {}
    for c in citations:
        clauses = by_doc.setdefault(c["document"], {})
        for clause in c["clause"].split("；"):
            clauses[clause.strip()] = None
    return "条款：" + "；".join(f"{d} {'，'.join(cl)}" for d, cl in by_doc.items())


def render_detail(answer: dict) -> str:
    """The agent's detail view: what the card folds away (all channels, documents, every note by
    kind, clause lists). Not for residents: agent notes carry ruling labels."""
    if answer.get("status") == "invalid":
        return _invalid(answer)
    a, lines = answer, []
    if a.get("scheme"):
        lines.append(f"适用方案：{a['scheme']['name']}（{a['scheme']['code']}）")
    for c in a.get("channels") or []:
        lines.append(f"缴费渠道 {c['name']}：{c['how']}")
    for d in a.get("documents") or []:
        lines.append(f"首次参保材料：{d}")
    for i in a.get("incentives") or []:
        lines.append(f"{i['name']}：{i['detail']}")
    labels = {"resident": "提示", "agent": "坐席", "referral": "转介", "stale": "标准年度"}
    for n in a.get("notes") or []:
        lines.append(f"{labels.get(n['kind'], n['kind'])}：{n['text']}")
    if a.get("citations"):
        lines.append(_citations_line(a["citations"]))
    return "\n".join(lines[:DETAIL_MAX_LINES])


# ---------------------------------------------------------------- a household (policies.household)

MAX_HOUSEHOLD_LINES = 15


def _member_line(m: dict, spoken: bool = False, year: int | None = None) -> str:
    a, label = m["answer"], m["label"]
    if year is not None and a.get("coverage_year") != year:
        label += f"（{a['coverage_year']}年度）"
    if a["status"] == "needs_info" and not a.get("missing"):
        return f"{label}所收录文件未定" if spoken else f"{label}：所收录文件不能确定，{ASK_ENROLLMENT}"
    if a["status"] == "not_eligible":
        return f"{label}不能参加" if spoken else f"{label}：不能参加居民医保（见各人明细）"
    if a["status"] == "needs_info":
        asked = "、".join(LABELS.get(x, x) for x in a.get("missing") or [])
        return f"{label}还需补充情况" if spoken else f"{label}：还需要了解{asked}"
    fee = _fee(a, short=True)
    if spoken:
        return f"{label}{fee.replace('个人', '', 1)}"
    scheme = (a.get("scheme") or {}).get("name") or "城乡居民医保"
    wp = a.get("waiting_period") or {}
    start = a.get("benefit_start")
    when = f"，{chinese_date(start)}起可用" if start and wp.get("months") is not None else ""
    return f"{label}：{scheme}，{fee}{when}"


def _household_total(h: dict, short: bool = False) -> str | None:
    counted = [m for m in h["members"] if m["answer"]["status"] == "eligible"]
    if not counted:
        return None
    left = [p["label"] for p in h.get("pending") or [] if p["reason"] != "tier"]
    not_in = f"（未含{'、'.join(left)}）" if left else ""
    choices = h.get("totals_by_choice") or {}
    if choices:
        each = "，".join(f"选{name}共{yuan(amount)}" for name, amount in choices.items())
        return (f"合计{each}{not_in}" if short else f"合计：{each}{not_in}")
    return f"合计{yuan(h['total'])}{not_in}" if short else f"合计：全家个人缴费{yuan(h['total'])}{not_in}"


def render_household(h: dict, length: str = FULL, *, code: str | None = None, as_of=None, today=None) -> str:
    """A household in the three lengths: one line per member (who, scheme, fee), the total, the
    deadline, the way to pay together, the code; at most 15 lines for the full card."""
    if length not in LENGTHS:
        raise ValueError(f"unknown card length {length!r}; one of {LENGTHS}")
    if h.get("status") == "invalid":
        return _invalid(h)
    first = next(m["answer"] for m in h["members"] if m["answer"]["coverage_year"] == h["coverage_year"])
    what = f"{h['region']['name']}{h['coverage_year']}年度城乡居民医保"
    eligible = any(m["answer"]["status"] == "eligible" for m in h["members"])
    deadline = _deadline(first, as_of, today) if eligible else None
    ways = h.get("family_payment") or []
    if length == SPOKEN:
        ending = f"咨询编号{code}。" if code else ""
        stale = f"按{h['data_year']}年度标准，" if h.get("stale") else ""
        members = "，".join(_member_line(m, True, h["coverage_year"]) for m in h["members"])
        if len(members) > MAX_CHARS[SPOKEN] - 40:  # too many people to read out one by one: the count, then the card
            counted = sum(m["answer"]["status"] == "eligible" for m in h["members"])
            members = f"其中{counted}人可以参加，各人金额见卡片"
        total = _household_total(h, short=True)
        window = first.get("enrollment_window")
        when = f"请在{chinese_date(window['end'], since=str(_as_date(as_of) or ''))}前缴费。" if window and first.get(
            "in_window") and eligible else ""
        return _fit([(0, f"{stale}全家{len(h['members'])}人：{members}。"), (1, f"{total}。" if total else ""),
                     (2, when), (3, f"可用{ways[0]['name']}一起缴。" if ways and eligible else ""), (0, ending)],
                    MAX_CHARS[SPOKEN])  # fmt: skip
    if length == WECHAT:
        def wechat(member_text):
            parts = [(0, f"【{what}·全家{len(h['members'])}人】\n")]
            parts += [(0, member_text(m) + "\n") for m in h["members"]]
            total = _household_total(h)
            parts.append((1, total + "\n" if total else ""))
            parts.append((1, deadline.replace("。", "") + "\n" if deadline else ""))
            parts.append((2, f"一起缴：{ways[0]['name']}\n" if ways and eligible else ""))
            stale = _stale(h)
            parts.append((1, stale + "\n" if stale else ""))
            parts.append((0, code_line(code)))
            return _fit(parts, MAX_CHARS[WECHAT])

        text = wechat(lambda m: _member_line(m, year=h["coverage_year"]).replace("（见各人明细）", ""))
        if len(text) > MAX_CHARS[WECHAT]:  # many people: each in a few words
            text = wechat(lambda m: _member_line(m, True, h["coverage_year"]))
        return text
    lines = [f"【{what}·全家{len(h['members'])}人】"]
    lines += [_member_line(m, year=h["coverage_year"]) + "。" for m in h["members"]]
    total = _household_total(h)
    if total:
        lines.append(total + "。")
    if deadline:
        lines.append(deadline)
    if ways and eligible:
        way = ways[0]
        lines.append(f"一起缴：{way['name']}" + (f"，可为{way['who']}" if way.get("who") else "") + "。")
        lines.append(f"怎么办：{way['how'].rstrip('。')}。")
        if way.get("deadlines"):
            lines.append("一起缴的截止：" + "；".join(f"{d['who']}{d['text']}" for d in way["deadlines"]) + "。")
    stale = _stale(h)
    if stale:
        lines.append(stale)
    tail = [line for line in (basis_line(h), code_line(code)) if line]
    room = MAX_HOUSEHOLD_LINES - len(tail)
    return "\n".join(lines[:room] + tail)


# ---------------------------------------------------------------- general answers (policies.faq)

MAX_FAQ_CONTENT = 10  # sentences of a general answer shown on the card
MAX_FAQ_NOTES = 2


def render_faq(answer: dict) -> str:
    """Render a general answer (policies.faq) as plain Chinese text, at most 20 lines."""
    if answer.get("status") == "invalid":
        return _invalid(answer)
    a = answer
    lines = [f"【{a['region']['name']} {a['coverage_year']}年度 {a['topic']['name']}】"]
    stale = _stale(a)
    if stale:
        lines.append(stale.replace("以上", "以下"))
    content = a.get("lines") or []
    lines.extend(content[:MAX_FAQ_CONTENT])
    if len(content) > MAX_FAQ_CONTENT:
        lines.append(f"……另有{len(content) - MAX_FAQ_CONTENT}条未列出。")
    lines.extend("提示：" + n for n in resident_notes(a)[:MAX_FAQ_NOTES])
    basis = basis_line(a)
    if basis:
        lines.append(basis)
    # a not_covered answer's line already refers to the hotlines; the hotline topic gives them
    if a["status"] == "answered" and a["topic"]["code"] != "hotline":
        lines.append(HOTLINES_SHORT)
    return "\n".join(lines)
