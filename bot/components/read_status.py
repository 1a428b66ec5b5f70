"""Reading school, 职工医保 (one's own and a child's parents'), 居住证, transfers and coverage gaps."""

from __future__ import annotations

import re

from base.clock import today_from_env
from base.numerals import parse_year

from . import people
from .zh_message import Fact, Message, at_least, neighbours, number_of, overlaps, parent_holder, scan
from .zh_patterns import (
    EMP,
    EMPLOYEE_PATTERNS,
    EMPLOYEE_TRANSFER,
    FOLLOWING_YEARS,
    GAP_PATTERNS,
    HYPOTHETICAL,
    NOT_YET_BEFORE,
    OTHER_TRANSFER_PATTERNS,
    PARENT_YEARS,
    PAST_WORDS,
    RESIDENCE_PERMIT_PATTERNS,
    SCHOOL_LOCAL_PATTERNS,
    STUDENT_NONE,
    STUDENT_TERMS,
)

LATER_BEFORE = re.compile(r"明年|下个?月|下学期|后$|以后|之后|那时候|到时候|快要?|马上|即将")
STUDIES_AGAIN = re.compile(r"现在|又|后来|然后|再|在读|正在|在上|在念|接着|继续|去(?:了)?[^，,。]{0,4}?(?:读|上|$)")
SUSPENDED = re.compile(r"休学|停学|本来(?:在)?(?:读|上)")
RESUMED = re.compile(r"复学|回去上学|回学校了")  # 去年休学了，今年复学了: at school again


def student(msg: Message) -> list[Fact]:
    facts = []
    for term in msg.terms_of("STUDENT"):
        negated = term.code != "preschool" and msg.negated(term.start)  # 还没上幼儿园 is still preschool
        if negated or (term.code != "none" and NOT_YET_BEFORE.search(msg.before(term.start))):  # 今年刚毕业 is done
            continue
        if term.code == "none" and msg.text[term.start - 1 : term.start] == msg.text[term.start + 1 : term.start + 2] != "":
            continue  # 上不上学: asked (A不A), not said
        if term.code == "none" and LATER_BEFORE.search(msg.before(term.start)):
            # 明年7月高中毕业 / 春节后上班了再弄 / 那时候就上大学了: not yet; a school named is where they are now
            level = _level_named(msg.text[term.start : term.end])
            if level:
                facts.append(Fact("student", level, term.start, term.end))
            continue
        facts.append(Fact("student", term.code, term.start, term.end))
    for m in re.finditer(r"(?<![大研])[一二三四五六七八九1-9]年级", msg.text):
        if not any(f.start <= m.start() < f.end for f in facts):
            facts.append(Fact("student", "primary_secondary", *m.span()))
    part_time = STUDENT_NONE.search(msg.text)
    if part_time:  # 在职研究生 / 非全日制 / 不上了: not a full-time student, whatever the level named
        facts = [Fact("student", "none", *part_time.span())]
    if any(f.value == "none" for f in facts):  # 大学毕业了: the level is past
        done = max(f.end for f in facts if f.value == "none")
        later = [f for f in facts if f.value != "none" and f.start >= done and STUDIES_AGAIN.search(msg.text, done, f.start)]
        # 本科毕业后又考了研 现在研二 / 初中毕业了在读中专: a level taken up after the one finished
        facts = later[-1:] if later else [f for f in facts if f.value == "none"]
    if SUSPENDED.search(msg.text) and not RESUMED.search(msg.text):  # 休学在家养病，本来读初二: asked
        facts = [f for f in facts if f.value == "none"]
    facts.sort(key=lambda f: f.start)
    return facts


def _level_named(words: str) -> str | None:
    """The school level a word names inside it (高中毕业 → primary_secondary), from STUDENT_TERMS."""
    return next((level for level in ("primary_secondary", "university")
                 for word in STUDENT_TERMS[level] if len(word) >= 2 and word in words), None)  # fmt: skip


def school_local(msg: Message) -> list[Fact]:
    return [Fact("school_local", value, *m.span()) for value, m in scan(msg, SCHOOL_LOCAL_PATTERNS)]


def employment(msg: Message) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for regex in EMPLOYEE_TRANSFER:
        for m in regex.finditer(msg.text):
            months = number_of(m.group("n")) if "n" in regex.groupindex else 0
            if months is None or months > 3:
                continue
            if not parent_holder(msg, m.start()):
                facts.append(Fact("transfer", "employee_within_3m", *m.span()))
            facts += _employment_fact(msg, False, m)
            taken.append(m.span())
    for value, m in scan(msg, EMPLOYEE_PATTERNS):
        if not overlaps(m.span(), taken):
            facts += _employment_fact(msg, value, m)
    if UNSURE_WHICH.search(msg.text):  # 我自己交的社保，不知道是职工还是居民: asked, not guessed
        facts = [f for f in facts if f.name != "employee_insured"]
    return facts


PAST_BEFORE = re.compile(rf"(?:{PAST_WORDS})\S{{0,6}}$")
PAID_ONCE = re.compile(r"(?:有|交|缴|参加|买|上)过")  # 交过职工医保: once, not said to hold now
STOPPED_AFTER = re.compile(r"断|停|辞职|离职|下岗|没得?交|不交|倒了|倒闭|退了|没了")


STOPPED_LATER = re.compile(
    r"^[^。；;]{0,16}?(?:今年|现在|后来|去年|上个月|已经|就)?(?:也)?(?:断了|停了|停交了|没交了|不交了|断缴了|倒闭|断掉了|停掉了)"
)


def _current(msg: Message, value: bool, match) -> bool | None:
    """之前在厂里交职工医保，现在厂子倒了没得交了: coverage said in the past is not current coverage
    (False when the message says it stopped, unknown otherwise); 交了十五年，今年断了 / 单位交的社保今年十月份停了:
    it stopped."""
    later = msg.text[match.end() : match.end() + 24]
    stopped = STOPPED_LATER.match(later)
    other_insurance = stopped and re.search(r"居民|城乡|新农合|农保", stopped.group())
    if value and stopped and not other_insurance and not HYPOTHETICAL.search(stopped.group()):
        return False  # (居民医保断了 is another insurance)
    said_past = PAST_BEFORE.search(msg.text[max(0, match.start() - 10) : match.start()]) or PAID_ONCE.match(match.group())
    if not value or not said_past:
        return value
    return False if STOPPED_AFTER.search(msg.text[match.end() :]) else None


UNSURE_WHICH = re.compile(r"不(?:知道|清楚|晓得)(?:是)?(?:职工|居民|哪种|哪个|什么)|不(?:知道|清楚|晓得)有没有"
                          r"|不(?:知道|清楚|晓得)[^，,。]{0,10}(?:停了没|断了没|停没停|断没断|还有没有|交没交|有没有交)")
# Before 交职工医保: asked about or planned, not held (灵活就业能交职工医保吗 / 想交职工医保).
NOT_HELD_BEFORE = re.compile(r"(?:能|可以|可不可以|能不能|要不要|需不需要|需要|该|应该|怎么|如何|想|打算|准备|还得|必须)$")


ASKED_BEFORE = re.compile(r"能|可以|要不要|需不需要|怎么|如何|是否")
ASKED_END = re.compile(r"[吗么嘛?？]|能不能|可不可以|多少钱|怎么交|怎么缴|在哪|哪里交")
PAY_VERB = re.compile(r"交|缴|买|参加")


def _employment_fact(msg: Message, value: bool, match) -> list[Fact]:
    if HYPOTHETICAL.search(msg.text, msg.clause(match.start())[0], match.start()):
        return []  # 如果我离职了 / 万一公司倒闭了: a case imagined, not the facts
    value = _current(msg, value, match)
    if value is None or (value and NOT_HELD_BEFORE.search(msg.text[max(0, match.start() - 4) : match.start()])):
        return []
    start, end = msg.clause(match.start())
    asked_after = ASKED_END.search(msg.text[match.end() : end + 1])
    if value and asked_after and (ASKED_BEFORE.search(msg.text, start, match.start()) or PAY_VERB.match(match.group())):
        return []  # 灵活就业能交职工医保吗 / 交职工医保要多少钱: a question about it, not coverage held
    if not parent_holder(msg, match.start()):
        return [Fact("employee_insured", value, *match.span())]
    facts = [Fact("parent_employee_insured", value, *match.span())]
    if value:
        years = parent_years(msg, match.start())
        if years:
            facts.append(years)
    return facts


def parent_years(msg: Message, pos: int) -> Fact | None:
    start, end = msg.clause(pos)
    match = PARENT_YEARS.search(msg.text, start, end)
    offset = 0
    if not match:  # 孩子爸爸有职工医保，交了五年
        nxt = msg.text[end + 1 :]
        match = FOLLOWING_YEARS.match(nxt) if end < len(msg.text) else None
        offset = end + 1
    if not match:
        return None
    value = at_least(match.group("n"))
    if value is None or value > 50:
        return None
    value = value + 0.5 if match.group("half") else value
    span = match.span("n")
    return Fact("parent_employee_years", value, span[0] + offset, match.end() + offset)


ELLIPTICAL = re.compile(
    rf"(?P<who>{people.RELATIVE.pattern}|我们|咱们|我自己|我|她|他|俺)(?:也|都|还|却|倒是)?(?P<v>没有|没|无|有|不是|没交过?|没缴过?|没买过?)(?:的)?"
    r"(?=$|[，,。；;！!？?\s])"
)


def elliptical(msg: Message) -> list[Fact]:
    """我有职工医保，她没有 / 我爸有职工医保，我妈没有: the 有/没有 after 职工医保 was named is about it."""
    first = re.search(EMP, msg.text)
    if not first:
        return []
    facts = []
    for m in ELLIPTICAL.finditer(msg.text, first.end()):
        facts += _employment_fact(msg, m.group("v") == "有", m)  # 我有 / 她没有 / 我自己没交
    return facts


def residence_permit(msg: Message) -> list[Fact]:
    """有居住证 / 未办理上海居住证. A 居住证 of a place is this region's only when that place is the one region
    the message names (持杭州居住证，现居上城区); 有上海的居住证 said about 杭州 is not one."""
    regions = {t.code for t in msg.terms if t.label == "REGION"}
    facts = []
    for value, m in scan(msg, RESIDENCE_PERMIT_PATTERNS):
        named = [t for t in msg.terms
                 if m.start() <= t.start and t.end <= m.end() and t.label in ("REGION", "PLACE", "CONTAINER")]
        if named and value and (named[0].label != "REGION" or len(regions) > 1):
            continue
        facts.append(Fact("residence_permit", value, *m.span()))
    return facts


YEAR_BEFORE = re.compile(r"(?:今年|去年|前年)$")


def other_transfers(msg: Message) -> list[Fact]:
    facts = []
    for code, pattern in OTHER_TRANSFER_PATTERNS.items():
        for m in pattern.finditer(msg.text):
            months = number_of(m.group("n")) if m.group("n") else 0
            if YEAR_BEFORE.search(msg.text, max(0, m.start() - 3), m.start()):
                continue  # 今年刚落户: this year, not said to be within three months
            if months is not None and months <= 3:
                facts.append(Fact("transfer", code, *m.span()))
                if code == "new_qualification_within_3m" and "居住证" in m.group():
                    facts.append(Fact("residence_permit", True, *m.span()))
    return facts


def gaps(msg: Message) -> list[Fact]:
    facts = []
    for kind, m in scan(msg, GAP_PATTERNS):
        if re.search(EMP, msg.clause_text(m.start())) and kind in ("gap_years", "gap_zero", "missed_since"):
            continue  # 社保停了两年 / 一直交社保: 职工医保, not the resident scheme
        if kind == "gap_range":  # 三四年没交了: the higher (the longer waiting), said to be approximate
            pair = neighbours(m.group("n") or m.group("n2"), m.group("m") or m.group("m2"))
            if pair:
                facts += [Fact("gap_years", pair[1], *m.span(), group=m.start()),
                          Fact("gap_approx", True, *m.span(), group=m.start())]
        elif kind == "gap_two":
            facts.append(Fact("gap_years", 2, *m.span()))
        elif kind == "gap_zero":
            facts.append(Fact("gap_years", 0, *m.span()))
        elif kind == "missed_last_year":
            facts.append(Fact("missed_last_year", True, *m.span()))
        elif kind == "missed_year":
            facts += _missed_year(m)
        elif kind == "missed_since":
            back = {"去年": 1, "前年": 2, "大前年": 3}.get(m.group("y"))
            year = today_from_env().year - back if back else parse_year(m.group("y"))
            if year is not None and 2000 <= year <= today_from_env().year:
                facts.append(Fact("missed_since", year, *m.span()))
        else:
            years = number_of(m.group("n"))
            if years is not None and years <= 30:
                facts.append(Fact("gap_years", max(1, round(years)), *m.span()))
    return facts


def _missed_year(match) -> list[Fact]:
    text = match.group("y")
    year = parse_year(text)
    if text.isdigit() and len(text) == 2 and not 15 <= int(text) <= 30:
        value = int(text)  # 10年没交: ten years
        return [Fact("gap_years", value, *match.span())] if value <= 30 else []
    if year is None or not 2000 <= year <= today_from_env().year + 1:
        return []
    return [Fact("missed_year", year, *match.span())]
