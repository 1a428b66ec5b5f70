"""Reading replies to the question just asked: bare numbers, durations, yes/no, a payment date,
which person has it, a correction."""

from __future__ import annotations

import re

from base.clock import today_from_env
from base.numerals import NUM, parse_year

from . import dates_zh, people
from .zh_message import Fact, Message, neighbours, number_of
from .zh_patterns import (
    _ANSWER_WORDS,
    AFFIRM_LEAD,
    AFFIRM_WHOLE,
    AFFIRM_YES,
    AFFIRM_YES_ALONE,
    CORRECTION,
    DECIDED,
)

BARE_NUMBER = re.compile(
    rf"^\s*(?:大概|大约|差不多|才|已经|今年|有)?\s*(?P<n>{NUM})\s*(?P<m>{NUM})?\s*(?:岁|周岁|年|多|个)?(?:了|啦|吧)?\s*[。.!！]?\s*$"
)
BARE_RANGE = re.compile(r"^\s*(?P<n>[一二两三四五六七八九])(?P<m>[二三四五六七八九])\s*(?:年|岁)")
# 不对 六十三了 / 说错了，63: a number put right (the dialog decides which fact; an age said just before)
CORRECTED_NUMBER = re.compile(
    rf"^\s*(?:不对|说错了?|搞错了?|记错了?|打错了?)[，,。\s]*(?:是|应该是)?(?P<n>{NUM})\s*(?:岁|周岁)?(?:了|啦)?\s*[。.!！]?\s*$"
)


def bare_number(msg: Message) -> list[Fact]:
    """A message that is only a number (35, 七十二, 三四年): the answer to a number question. A range of
    two neighbouring digits (三四年) gives the higher one, the reading with the longer waiting period."""
    m = BARE_NUMBER.match(msg.text) or BARE_RANGE.match(msg.text) or CORRECTED_NUMBER.match(msg.text)
    if not m:
        return []
    if m.re is CORRECTED_NUMBER:
        value = number_of(m.group("n"))
        return [Fact("number", value, *m.span("n"))] if value is not None else []
    if m.group("m"):
        pair = neighbours(m.group("n"), m.group("m"))
        value = pair[1] if pair else None
    else:
        value = number_of(m.group("n"))
    return [Fact("number", value, *m.span())] if value is not None else []


# A clause that is only a length of time in years (两年多 / 不到三年 / 满3年及以上 / 七八年 / 一年半 / 交了五年):
# the answer to how long a 职工医保 has been paid, or how many years were missed.
DURATION = re.compile(
    rf"(?:^|(?<=[，,。；;\s]))(?:[^，,。；;\s]{{1,6}}?(?=交了|缴了|交满|缴满))?"  # 他爸交了六年了 / 我在杭州交了三年多
    rf"(?:嗯+|大概|大约|差不多|才|已经|刚|都|有|快|一共|累计|总共)*(?:交了|缴了|交满|缴满|交|缴)?"
    rf"(?P<pre>不到|不满|未满|没满|满|超过|已满)?了?"
    rf"(?:(?P<n1>[一二两三四五六七八九])(?P<m>[二三四五六七八九])|(?P<teens>十几|十多)|(?P<n>{NUM}|半))"
    rf"(?P<lai>来|多)?个?年"
    r"(?P<half>半)?(?:多|以上|及以上|及已上|已上|了|整|左右|点)*(?:没交|没缴|没有交|都没交|断了)?(?:了)?(?=$|[，,。；;！!\s])"
)


def durations(msg: Message) -> list[Fact]:
    facts = []
    for m in DURATION.finditer(msg.text):
        if m.group("teens"):
            value = [11, 19]  # 十几年: the question decides which end counts
        elif m.group("n") == "半":
            value = 0.5
        elif m.group("m"):
            pair = neighbours(m.group("n1"), m.group("m"))
            value = list(pair) if pair else None  # 七八年: [7, 8]; the question decides which end counts
        else:
            value = number_of(m.group("n"))
        if isinstance(value, list):
            facts.append(Fact("duration", value, *m.span()))
            continue
        if not isinstance(value, (int, float)) or value > 60:
            continue
        almost = "快" in msg.text[m.start() : m.start("n") if m.group("n") else m.end()]  # 快三年了: not three yet
        if m.group("pre") in ("不到", "不满", "未满", "没满") or almost:
            value = max(0, value - 0.5)  # below that many years
        elif m.group("half"):
            value += 0.5
        facts.append(Fact("duration", value, *m.span()))
    return facts[:1] if len(facts) == 1 else []


# Replies naming who has it (他爸有 / 我有，交了五年 / 两个都有 / 他爸有，他妈没有): a yes or no said of a person.
REPLY_GROUP = re.compile(r"^(?:有一方|一方|其中一个|一个|两个|俩|我们俩|我俩|我们|我们两个|两口子|都|全都|两个人)$")


def replies(msg: Message) -> list[Fact]:
    if len(msg.text) > 30:
        return []
    facts = []
    for m in PERSON_ANSWER.finditer(msg.text):
        who = m.group("who")
        found = people.mentions(who)
        if REPLY_GROUP.match(who):
            code = "group"
        elif len(found) == 1 and found[0].start == 0 and found[0].end == len(who):
            code = found[0].who
        else:
            continue
        facts.append(Fact("reply", {"who": code, "yes": m.group("w") in ("有", "是", "是的")}, m.start("w"), m.end("w")))
    if not facts:
        return []
    return [Fact("reply", [f.value for f in facts], facts[0].start, facts[-1].end)]  # one entity: every person's reply


def pay_date(msg: Message) -> list[Fact]:
    """The day the resident says they would pay (rulings R12: it is the ``as_of`` of that answer)."""
    return [Fact("pay_date", day, start, end) for start, end, day in dates_zh.pay_dates(msg.text, today_from_env())][:1]


AFFIRM_NOISE = re.compile(r"[【】\[\]（）()✅👌👍🙏]")
DECIDED_LEAD = re.compile(rf"^(?:{DECIDED.pattern}|(?:那)?(?:就|算))(?:是)?")  # 那就算没有吧 / 算没有 / 就有


# 以前有现在没有 / 之前没有现在有了: what holds now answers the question.
NOW_ANSWER = re.compile(r"^\s*(?:以前|之前|原来|过去)[^，,。]{0,4}?[，,\s]*(?:现在|目前|如今|后来)(?:已经|也)?"
                        r"(?P<w>没有了?|没了|不是了?|有了?|是了?)[了啦]?\s*[。.!！]?\s*$")
# 以前有，今年离职就停了 / 以前厂里交过，厂子倒闭后就断了: had it, and no longer
STOPPED_ANSWER = re.compile(r"^\s*(?:以前|之前|原来|过去)[^。]{0,12}?(?:停了|断了|没了|不交了|没交了|离职|辞职|倒闭)")
# 她没上班，没有 / 他在杨凌读大学，没有: a short message ending in the answer word
AFFIRM_TAIL = re.compile(rf"^[^。]{{1,20}}?[，,\s]({_ANSWER_WORDS})[啊呀吧哦的了呢]*[。.!！]?\s*$")
BARE_YEAR = re.compile(r"^\s*(?P<y>(?:19|20)\d{2}|[一二][九〇零][零〇一二三四五六七八九]{2})\s*年?(?:的|生)?\s*[。.!！]?\s*$")


def bare_year(msg: Message) -> list[Fact]:
    """A message that is only a year (1946 / 一九四六年): a birth year when the age was asked."""
    m = BARE_YEAR.match(msg.text)
    year = parse_year(m.group("y")) if m else None
    return [Fact("year", year, *m.span())] if year else []


CORRECTED_ANSWER = re.compile(rf"[，,。\s]*(?:是|应该是)?({_ANSWER_WORDS})(?=$|[，,。！!\s啊呀吧哦的了呢]|领|办|交)")


# 在杭州有 / 老公在上海上班有交 / 孩子爸爸在杨凌上班交着呢: a short reply that ends in the answer
ENDS_YES = re.compile(r"^[^。？?]{0,16}?(?<![没不无])(?:有交|在交|交着|有在交|有的|有)(?:的|呢|着呢|啊)?\s*[。.!！]?\s*$")
ENDS_NO = re.compile(r"^\s*在[^，,。？?\s]{1,6}(?:也)?(?:没有|没)(?:的)?\s*[。.!！]?\s*$")
RHETORICAL_NO = re.compile(r"^[^。？?，,]{0,6}?哪(?:有|来的?|会有)(?:这个|那个|这些|啊|呀|的事)?\s*[。.!！]?\s*$")
ASKED_BACK = re.compile(r"吗|么|？|\?|多少|怎么|哪|啥|什么|没|不")


def affirm(msg: Message) -> list[Fact]:
    fixed = CORRECTION.search(msg.text)
    if fixed and fixed.start() <= 6:  # 有，哦不对，没有 / 有，哦不对，还没领: the answer after the correction
        again = CORRECTED_ANSWER.match(msg.text, fixed.end())
        if again:
            return [Fact("affirm", again.group(1) in AFFIRM_YES, *again.span(1))]
    now = NOW_ANSWER.match(msg.text)
    if now and not msg.terms_of("SPECIAL"):  # 以前是低保，现在不是了 rules out one group, not all
        return [Fact("affirm", now.group("w").startswith(("有", "是")), *now.span("w"))]
    stopped = STOPPED_ANSWER.match(msg.text)
    if stopped and not msg.terms_of("SPECIAL") and not re.search(r"现在(?:还|也)?(?:在交|有)|续了|又交", msg.text):
        return [Fact("affirm", False, *stopped.span())]
    text = AFFIRM_NOISE.sub(" ", msg.text).strip().lower()
    decided = DECIDED_LEAD.match(text)  # 那就算没有吧: the answer chosen
    if decided and len(text) > decided.end():
        text = " " * decided.end() + text[decided.end() :]
    if text.rstrip("。.!！~～") in AFFIRM_YES_ALONE:
        start = msg.text.find(text[:1])
        return [Fact("affirm", True, start, start + len(text))]
    lead = AFFIRM_WHOLE.fullmatch(text) or AFFIRM_LEAD.match(text)
    rhetorical = RHETORICAL_NO.match(msg.text) if not lead else None
    if rhetorical:  # 老人哪有这个: a no
        return [Fact("affirm", False, *rhetorical.span())]
    if not lead:
        tail = AFFIRM_TAIL.match(msg.text)
        if tail:
            word = tail.group(1)
            return [Fact("affirm", word in AFFIRM_YES, tail.start(1), tail.end(1))]
        ends = ENDS_NO.match(msg.text) or (ENDS_YES.match(msg.text) if not ASKED_BACK.search(msg.text) else None)
        if not ends:  # (多少钱有 / 没有单位给交 are not a yes)
            return []
        named = [m for m in people.mentions(msg.text) if m.who != "speaker"]
        if named:  # 我老公有 / 他爸在上海上班有交: said of that person (the parents' question counts a parent)
            who = "pronoun" if named[-1].text in ("他", "她") else named[-1].who
            return [Fact("reply", [{"who": who, "yes": ends.re is ENDS_YES}], *ends.span())]
        return [Fact("affirm", ends.re is ENDS_YES, *ends.span())]
    word = lead.group(1)
    start = len(msg.text) - len(msg.text.lstrip()) + lead.start(1)
    return [Fact("affirm", word in AFFIRM_YES, start, start + len(word))]


# 我妈是低保，我爸不是 / 我老婆有，我没有: a yes or no said of one person, in a clause of its own.
PERSON_ANSWER = re.compile(r"(?:^|(?<=[，,、。；;\s]))(?P<who>[^，,、。；;\s]{1,5}?)(?:也|都|倒是)?"
                           r"(?P<w>不是|没有|没交过?|没缴过?|没|无|不属于|有|是的|是)(?:的|啊|呀|呢)?(?=$|[，,、。；;！!？?\s])")


PER_PERSON = -1  # the group of an ``affirm`` said of one named person (read only for a family)


def person_answers(msg: Message) -> list[Fact]:
    facts = []
    for m in PERSON_ANSWER.finditer(msg.text):
        if people.mentions(m.group("who")):
            facts.append(Fact("affirm", m.group("w") in ("有", "是", "是的"), m.start("w"), m.end("w"), group=PER_PERSON))
    return facts


def correction(msg: Message) -> list[Fact]:
    m = CORRECTION.search(msg.text)
    return [Fact("correction", True, *m.span())] if m else []
