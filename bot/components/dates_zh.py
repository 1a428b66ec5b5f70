"""The day a resident says they would pay ("要是过完年再交", "明年1月10号交", "下个月补缴"), as a date.

``pay_dates(text, today)`` → [(start, end, "YYYY-MM-DD")] for each payment date named in a clause that
is about paying (交, 缴, 补, 参保, 办, 续, 买…), never a birth date. A month alone gives its first day
(the answer says which day it used); a season or festival gives the month it falls in:
过完年/年后/春节后 → February, 开春 → March, 年底 → 31 December, 月底 → the month's last day. Vague
words (下周, 过几天, 年前) give nothing: the answer is then for today.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from base.numerals import NUM, parse_number

PAY = re.compile(r"交|缴|补|参保|办|续|买|付|扣")
# 明年5月满60周岁 / 九月份刚上的小学 / 新单位下个月给我交职工: an age reached, a school begun, an employer
# paying: not the day the resident would pay
NOT_PAY = re.compile(r"出生|生的|生日|生了|出世|毕业|入学|退休|到期|满(?:了)?(?:\d{2}|[五六七八]十)(?:周)?岁?(?!再)|上的|开学"
                     r"|(?:单位|公司|厂里|老板)[^，,。]{0,4}给(?:我|他|她)?(?:们)?交")
# A deadline someone else sets (a notice pasted in: 请于12月31日前完成缴费 / 缴费期为9月1日至12月31日) is not
# the day the resident would pay.
DEADLINE = re.compile(r"请于|请在|期为|期是|截止|截至|之间|[至到]\d{1,2}月|[至到]\d{4}年|期限")
CLAUSE = re.compile(r"[，,。；;！!？?\n]")
SPACE = re.compile(r"\s+")
# What may stand around a date said alone ("大后天" / "要是拖到明年年底呢" / "一月份行吗"): the message is then
# about the day to pay, the one thing a date alone can mean in this conversation.
ALONE_AROUND = re.compile(
    r"[\s要是如果假如万一等等到拖到推到再呢吗嘛啊呀哦行不可以吧的那天时候之前以前以后后年过大概约，,。？?！!~～]*"
)

DAY = rf"(?P<d>{NUM})\s*(?:号|日)"
EXACT = re.compile(
    rf"(?P<y>明年|今年|后年|\d{{4}}年)?(?:的)?(?P<m>{NUM}|下下个?|下个?|这个?|本)\s*月(?:份)?"
    rf"(?P<end>底|末|中旬|中|上旬|初|下旬)?\s*(?:的)?\s*(?:{DAY})?"
)
# Part of a month said instead of a day: 一月中旬 → the 15th, 三月初 → the 1st, 月底 → the last day.
PART_OF_MONTH = {"底": -1, "末": -1, "中旬": 15, "中": 15, "上旬": 1, "初": 1, "下旬": 21}
DOTTED = re.compile(r"(?<![\d.])(?P<m>1[0-2]|0?[1-9])[.．](?P<d>3[01]|[12]\d|0?[1-9])\s*(?:号|日)")  # 12.18号
RELATIVE_DAY = re.compile(rf"(?:(?P<word>大后天|今天|明天|后天|元旦|圣诞节?)|(?P<n>{NUM})天(?:以?后|之后))(?![不没]|再说)")
MONTHS_LATER = re.compile(rf"(?P<n>{NUM}|半|两)\s*个月(?:以?后|之后|过后)")
MID_MONTH = re.compile(r"(?P<which>下个?|这个?|本)?月中")
WEEKDAY = re.compile(r"(?P<which>下|这|本)个?(?:周|星期|礼拜)(?P<d>[一二三四五六日天])")
WEEKDAYS = "一二三四五六日"
FESTIVAL = (  # (pattern, month, day or None)
    (re.compile(r"过完年|过了年|年过完|年后|春节后|过完春节|春节过后|过年后|过年以后|正月|元宵"), 2, None),
    (re.compile(r"国庆"), 10, 1),
    (re.compile(r"开春|开了春|春天|开年后"), 3, None),
    (re.compile(r"年底|年末|年终|今年底|元旦前|年内"), 12, 31),  # 明年年底: the year is read before it
    (re.compile(r"月底|月末"), None, -1),
)


def _month_date(today: _dt.date, year_word: str | None, month: int, day: int | None) -> _dt.date | None:
    if not 1 <= month <= 12:
        return None
    if year_word == "明年":
        year = today.year + 1
    elif year_word == "后年":
        year = today.year + 2
    elif year_word == "今年":
        year = today.year
    elif year_word:
        year = int(year_word[:4])
    else:  # the next such month from today
        year = today.year if (month, 31 if day in (None, -1) else day) >= (today.month, today.day) else today.year + 1
    last = calendar.monthrange(year, month)[1]
    day = last if day == -1 else (day or 1)
    return _dt.date(year, month, day) if 1 <= day <= last else None


def pay_dates(text: str, today: _dt.date) -> list[tuple[int, int, str]]:
    found = []
    start = 0
    for end in [m.start() for m in CLAUSE.finditer(text)] + [len(text)]:
        for s, e in _parts(text, start, end):
            clause = text[s:e]
            if PAY.search(clause) and not NOT_PAY.search(clause) and not DEADLINE.search(clause):
                found += [(s + a, s + b, d.isoformat()) for a, b, d in _in_clause(clause, today)]
        start = end + 1
    if not found and not NOT_PAY.search(text) and not DEADLINE.search(text):
        alone = _in_clause(text, today)  # 大后天 / 一月份 / 两个月后: a date said alone
        if alone and not ALONE_AROUND.sub("", text[: alone[0][0]] + text[alone[0][1] :]):
            found = [(a, b, d.isoformat()) for a, b, d in alone[:1]]
    return found


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clause, or its space-separated parts when one of them is about a birth (明年2月14号交 娃出生三周)."""
    if not NOT_PAY.search(text, start, end):
        return [(start, end)]
    parts, at = [], start
    for m in SPACE.finditer(text, start, end):
        parts.append((at, m.start()))
        at = m.end()
    return parts + [(at, end)]


def _in_clause(clause: str, today: _dt.date) -> list[tuple[int, int, _dt.date]]:
    out = []
    for m in EXACT.finditer(clause):
        month_word = m.group("m")
        if month_word[0] in "下这本":
            ahead = 0 if month_word[0] in "这本" else (2 if month_word.startswith("下下") else 1)
            index = today.year * 12 + today.month - 1 + ahead
            month, year_word = index % 12 + 1, f"{index // 12}年"
        else:
            month, year_word = parse_number(month_word), m.group("y")
        day = parse_number(m.group("d")) if m.group("d") else PART_OF_MONTH.get(m.group("end") or "")
        if isinstance(month, int) and (day is None or isinstance(day, int)):
            when = _month_date(today, year_word, month, day)
            if when is not None and when >= today:
                out.append((m.start(), m.end(), when))
    for m in DOTTED.finditer(clause):
        when = _month_date(today, None, int(m.group("m")), int(m.group("d")))
        if when is not None and when >= today:
            out.append((m.start(), m.end(), when))
    if out:
        return out
    m = RELATIVE_DAY.search(clause)
    if m:
        word = m.group("word")
        if word == "元旦":
            return [(m.start(), m.end(), _dt.date(today.year + 1, 1, 1))]
        if word and word.startswith("圣诞"):
            return [(m.start(), m.end(), _month_date(today, None, 12, 25))]
        days = {"今天": 0, "明天": 1, "后天": 2, "大后天": 3}.get(word) if word else parse_number(m.group("n"))
        if isinstance(days, int) and days <= 400:
            return [(m.start(), m.end(), today + _dt.timedelta(days=days))]
    m = WEEKDAY.search(clause)
    if m:
        weekday = WEEKDAYS.index(m.group("d").replace("天", "日"))
        monday = today - _dt.timedelta(days=today.weekday()) + _dt.timedelta(days=7 if m.group("which") == "下" else 0)
        when = monday + _dt.timedelta(days=weekday)
        if when >= today:
            return [(m.start(), m.end(), when)]
    m = MONTHS_LATER.search(clause)
    if m:
        n = 0 if m.group("n") == "半" else parse_number(m.group("n"))
        if isinstance(n, int) and n <= 24:
            index = today.year * 12 + today.month - 1 + n
            year, month = index // 12, index % 12 + 1
            if n == 0:  # 半个月后
                return [(m.start(), m.end(), today + _dt.timedelta(days=15))]
            return [(m.start(), m.end(), _dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1])))]
    m = MID_MONTH.search(clause)
    if m:
        ahead = 1 if (m.group("which") or "").startswith("下") else 0
        index = today.year * 12 + today.month - 1 + ahead
        when = _dt.date(index // 12, index % 12 + 1, 15)
        if when < today:  # 月中 already past this month: the next one
            index += 1
            when = _dt.date(index // 12, index % 12 + 1, 15)
        return [(m.start(), m.end(), when)]
    for pattern, month, day in FESTIVAL:
        m = pattern.search(clause)
        if m:
            lead = 0  # 明年年底 / 明年底: the end of next year
            if month == 12 and clause[: m.start()].endswith("明年"):
                lead = 2
            elif month == 12 and clause[: m.start()].endswith("明") and m.group().startswith("年"):
                lead = 1
            when = _month_date(today, "明年" if lead else None, month or today.month, day)
            if when is not None:
                return [(m.start() - lead, m.end(), when)]
    return []
