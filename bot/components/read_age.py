"""Reading ages: years, months, days of a newborn, a birthday, a birth year."""

from __future__ import annotations

import datetime as _dt
import re

from base.clock import today_from_env
from base.numerals import parse_year

from . import people
from .zh_message import Fact, Message, neighbours, number_of, overlaps
from .zh_patterns import (
    AGE_AFTER_WORD,
    AGE_AND,
    AGE_BARE_APPROX,
    AGE_BARE_DAYS,
    AGE_BARE_MONTHS,
    AGE_CLAUSE,
    AGE_DAYS,
    AGE_DAYS_RANGE,
    AGE_MONTHS,
    AGE_MONTHS_CLAUSE,
    AGE_MONTHS_NOW,
    AGE_NEARLY,
    AGE_NEWBORN,
    AGE_NUMBER_CLAUSE,
    AGE_ONE,
    AGE_TO_REACH,
    AGE_TWO_NUMBERS,
    AGE_WEEKS,
    AGE_YEARS,
    BABY,
    BELOW,
    BIRTH_YEAR,
    BIRTHDAY,
    CLAUSE_BREAK,
    FACT_WORDS,
    MONEY_BEFORE,
    REACH_TIMES,
)


def _days_since(month: int, day: int) -> int | None:
    today = today_from_env()
    for year in (today.year, today.year - 1):
        try:
            born = _dt.date(year, month, day)
        except ValueError:
            return None
        if born <= today:
            days = (today - born).days
            return days if days < 366 else None
    return None


DAYS_MORE = re.compile(r"(?:零|又)(?P<d>[一二三四五六七八九十]{1,3}|\d{1,2})天")
# 比我小两岁 / 我妈小他两岁: a difference, not an age
RELATIVE_AGE_BEFORE = re.compile(r"比(?:我|他|她|你|俺)[^，,。\d]{0,2}(?:小|大)$|(?:小|大)(?:我|他|她|你|俺)(?:们)?$")
NEARLY_BEFORE = re.compile(r"(?:快|快要|将近|马上|马上就|虚岁)$")  # 快三岁 / 虚岁三岁: short of that
# 明年5月满60周岁 / 下个月就满六十了: an age to be reached, one year short of it now
TO_REACH_BEFORE = re.compile(rf"(?:{REACH_TIMES}|\d{{1,2}}\s*月份?|[一二三四五六七八九十]{{1,2}}月份?)"
                             r"[^，,。；;\d]{0,2}?(?:就|才|要|才能)?$")


def age(msg: Message) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(match, age, days=None, approx=False):
        start, end = match.span()
        if overlaps((start, end), taken) or msg.negated(start) or RELATIVE_AGE_BEFORE.search(msg.text, 0, start):
            return  # (比我小两岁: a difference, not an age)
        taken.append((start, end))
        facts.append(Fact("age", age, start, end, group=start))
        if days is not None:
            facts.append(Fact("newborn_days", days, start, end, group=start))
        if approx:
            facts.append(Fact("age_approx", True, start, end, group=start))

    for pattern in AGE_DAYS:
        for m in re.finditer(pattern, msg.text):
            days = number_of(m.group("n"))
            if isinstance(days, int) and days <= 400:
                add(m, 0, days)
    for m in AGE_DAYS_RANGE.finditer(msg.text):
        pair = neighbours(m.group("n"), m.group("m"))
        if pair:
            add(m, 0, pair[1], approx=True)
    bare = AGE_BARE_DAYS.match(msg.text)  # the answer 两周 / 一百天
    if bare:
        n = number_of(bare.group("w") or bare.group("d"))
        days = n * 7 if bare.group("w") and isinstance(n, int) else n
        if isinstance(days, int) and days < 366:
            add(bare, 0, days)
    for m in BIRTHDAY.finditer(msg.text):
        days = _days_since(int(m.group("m")), int(m.group("d")))
        if days is not None:
            add(m, 0, days)
    for m in AGE_WEEKS.finditer(msg.text):
        weeks = number_of(m.group("n"))
        if isinstance(weeks, int) and weeks <= 52:
            add(m, 0, weeks * 7)
    baby_months = [AGE_MONTHS_NOW, AGE_MONTHS_CLAUSE] if re.search(BABY, msg.text) else []
    months_patterns = list(AGE_MONTHS) + [AGE_BARE_MONTHS] + baby_months
    for pattern in months_patterns:
        for m in re.finditer(pattern, msg.text):
            months = number_of(m.group("n"))
            if months is not None and months < 12:
                months += 0.5 if m.group("half") else 0  # 一个半月
                more = DAYS_MORE.match(msg.text, m.end())  # 三个月零十天
                add(m, 0, round(months * 30) + (number_of(more.group("d")) or 0 if more else 0))
            elif isinstance(months, int) and 12 <= months < 48:  # 16个月 / 十八个月: a year and more, counted in months
                add(m, months // 12)
    if not facts:
        for m in re.finditer(AGE_NEWBORN, msg.text):
            days = {"半岁": 180, "满百天": 100}.get(m.group(), 30 if m.group().endswith("满月") else None)
            add(m, 0, 0 if m.group().startswith("今天") else days)  # 今天刚生: born today
    for m in AGE_AND.finditer(msg.text):
        add(m, number_of(m.group("t")) * 10 + number_of(m.group("u")))
    for m in AGE_TO_REACH.finditer(msg.text):
        age = number_of(m.group("n"))
        if isinstance(age, int) and 16 <= age <= 110 and not MONEY_BEFORE.search(msg.before(m.start())):
            add(m, age - 1, approx=True)
    for m in AGE_ONE.finditer(msg.text):
        add(m, 1)
    for m in AGE_YEARS.finditer(msg.text):
        age = number_of(m.group("n"))
        if age is None or age > 120 or m.group("range") or m.group("pre") not in (None, "满"):
            continue
        to_reach = m.group("pre") == "满" and TO_REACH_BEFORE.search(msg.text, 0, m.start())
        nominal = msg.text.startswith("虚岁", m.end())  # 36岁虚岁: 虚岁 counts a year ahead
        if NEARLY_BEFORE.search(msg.text, 0, m.start()) or to_reach or nominal:  # 孩子快三岁了: two
            add(m, max(int(age) - 1, 0), approx=True)
            continue
        add(m, int(age), approx=bool(m.group("approx")) or m.group("post") in ("多", "左右", "上下"))
    for m in AGE_TWO_NUMBERS.finditer(msg.text):  # 八九岁, 三十五六岁
        first, second = number_of(m.group("n")), number_of(m.group("m"))
        if first is not None and second == first % 10 + 1 and not MONEY_BEFORE.search(msg.before(m.start())):
            add(m, first, approx=True)
    for m in AGE_NEARLY.finditer(msg.text):
        age = number_of(m.group("n"))
        if isinstance(age, int) and 10 <= age <= 120 and not MONEY_BEFORE.search(msg.before(m.start())):
            add(m, age - 1 if m.group("word") in BELOW else age, approx=True)
    for m in AGE_BARE_APPROX.finditer(msg.text):
        age = number_of(m.group("n"))
        if isinstance(age, int) and 10 <= age <= 110 and age % 10 == 0 and not MONEY_BEFORE.search(msg.before(m.start())):
            add(m, age + 5 if m.group("few") == "好几" else age, approx=True)  # 六十好几: past the middle of the sixties
    if people.mentions(msg.text) or msg.terms or FACT_WORDS.search(msg.text):
        for m in AGE_CLAUSE.finditer(msg.text):
            age = number_of(m.group("n"))
            if isinstance(age, int) and 10 <= age <= 110:
                add(m, age, approx=bool(m.group("more")))
    for m in AGE_AFTER_WORD.finditer(msg.text):
        age = number_of(m.group("n"))
        if isinstance(age, int) and 0 < age <= 120 and not MONEY_BEFORE.search(msg.before(m.start())):
            below = m.group("about") in ("快", "将近")
            age = age - 1 if below else age + 5 if m.group("more") == "好几" and age % 10 == 0 else age
            add(m, age, approx=bool(m.group("about") or m.group("more")))
    if not facts and CLAUSE_BREAK.search(msg.text.strip()) and (
            msg.terms or FACT_WORDS.search(msg.text) or people.mentions(msg.text)):
        ages = [m for m in AGE_NUMBER_CLAUSE.finditer(msg.text) if isinstance(number_of(m.group("n")), int)
                and 16 <= number_of(m.group("n")) <= 110 and not MONEY_BEFORE.search(msg.before(m.start()))]  # fmt: skip
        if len(ages) == 1:  # one such number: an age; two would be anyone's guess
            add(ages[0], number_of(ages[0].group("n")))
    return [_past_the_tens(msg, f) for f in facts]


MORE_THAN_TENS = re.compile(r"(?:[二三四五六七八九]十|[2-9]0)\s*(?:岁)?多")  # 七十多 / 70多 / 六十多岁 (not 六十好几)


def _past_the_tens(msg: Message, fact: Fact) -> Fact:
    """七十多 is 71 to 79: the age taken is the first of them (70 is not 七十多), still said to be approximate."""
    if fact.name == "age" and isinstance(fact.value, int) and fact.value % 10 == 0 and MORE_THAN_TENS.search(
            msg.text, fact.start, fact.end):
        return Fact("age", fact.value + 1, fact.start, fact.end, group=fact.group)
    return fact


# A full birth date in words (出生日期1990年3月5日). An ID number's birth date never comes back as text:
# the channel that removes the number sends it as message metadata (base/privacy.birth_metadata).
BIRTH_DATE = (re.compile(r"出生日期[：:\s]*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),  # and 1960年12月1日出生
              re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})(?:日|号)(?:出生|生的|生(?![效活产意病]))"),
              # 我是1966年12月25号的 / 我妈身份证上是1959年3月2号的: a person's date, said as what they are
              re.compile(r"(?:我|俺|他|她|身份证上)(?:是|写的是?)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})(?:日|号)的"))


def birth_year(msg: Message) -> list[Fact]:
    this_year = today_from_env().year  # ASSISTANT_TODAY keeps tests deterministic
    facts, taken = [], []
    for m in (m for pattern in BIRTH_DATE for m in pattern.finditer(msg.text)):
        try:
            born = _dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        if overlaps(m.span(), taken):
            continue
        taken.append(m.span())
        days = (today_from_env() - born).days
        if 0 <= days < 366:  # 宝宝2026年11月3号出生: a baby, its days since birth
            facts += [Fact("age", 0, *m.span(), group=m.start()), Fact("newborn_days", days, *m.span(), group=m.start())]
        else:
            facts.append(Fact("birth_date", born.isoformat(), *m.span()))
    for index, pattern in enumerate(BIRTH_YEAR):
        for m in pattern.finditer(msg.text):
            year = parse_year(m.group("y"))
            latest = this_year - 3 if index == 2 else this_year  # 2025年的 is more likely the coverage year
            if year is None or not 1900 <= year <= latest or overlaps(m.span(), taken):
                continue
            taken.append(m.span())
            facts.append(Fact("birth_year", year, *m.span()))
    return facts
