"""Reading hardship and priority groups (低保, 特困…, or none of them) and the tier chosen."""

from __future__ import annotations

import re

from base.numerals import parse_number

from . import people
from .zh_message import Fact, Message, Term
from .zh_patterns import (
    CORRECTION,
    DISABILITY_GRADE,
    HYPOTHETICAL,
    SPECIAL_NONE,
    TIER,
)

GROUP_JOIN = re.compile(r"^(?:、|和|或|或者|跟|与|及|也不是|也不|也没有|，也不是|,也不是|/)?$")
# 未明确是否为低保: whether, not that (a form's 是否低保：是 says it is)
WHETHER_BEFORE = re.compile(r"是否(?:为|是|属于)?$")
GROUPS_NONE_AFTER = re.compile(r"^(?:也|都|全都|啥的|什么的|这些|之类的)*(?:都)?(?:不是|没有|不属于|没)")


def _negated_groups(msg: Message) -> set[int]:
    """Starts of the hardship groups a negation covers: 不是低保特困 / 不是低保也不是特困 / 低保特困都不是."""
    terms = msg.terms_of("SPECIAL")
    runs: list[list[Term]] = []
    for term in terms:
        if runs and GROUP_JOIN.match(msg.text[runs[-1][-1].end : term.start]):
            runs[-1].append(term)
        else:
            runs.append([term])
    negated = set()
    for run in runs:
        first, last = run[0], run[-1]
        whether = WHETHER_BEFORE.search(msg.before(first.start)) and not re.match(r"[：:]\s*(?:是|有)", msg.text[last.end :])
        none_after = GROUPS_NONE_AFTER.match(msg.text[last.end :])
        if whether or none_after or msg.negated(first.start, first.end if len(run) == 1 else None):
            negated |= {t.start for t in run}
        else:
            negated |= {t.start for t in run if msg.negated(t.start, t.end)}
    return negated


WHAT_IS_BEFORE = re.compile(  # 什么是低保边缘 / 没评上低保 / 未认定低保
    r"(?:什么|啥)(?:是|叫|算|算是)(?:那个)?$|没(?:评|申请|批|办)(?:上|到|下来)$|(?:未|没有?|尚未)(?:认定|评定)(?:为)?$"
    r"|有没有(?:评|申请|批|办)(?:上|到|下来)?$|(?:评|批|办)没(?:评|批|办)(?:上|下来)?$"
)


# A group asked about (算优抚对象吗 / 算不算被征地农民) or not (yet, still) held (证明还没办下来 / 证过期了).
ASKED_GROUP = (re.compile(r"(?:算|算是|算不算|属于|属不属于|是不是)$"), re.compile(r"^(?:的)?(?:吗|么|嘛|不|？|\?)"))
ENJOYS_ASKED = re.compile(r"(?:能不能|能否|可不可以|可以|能)(?:享受|按)(?:到)?$")  # 能不能享受优抚对象的政策: asked
NOT_HELD_AFTER = re.compile(  # the rest of the clause and the next one (我是重残，二级的，但是残疾证过期了)
    r"^[^，,。；;]{0,6}?(?:[，,][^，,。；;]{0,5}?(?=[，,]))?(?:[，,](?:但是|但|可是|不过)[^，,。；;]{0,6}?|[，,](?=已经|都|早就|一直))?"
    r"(?:还没(?:有)?(?:办|批|下来)|没(?:办|批)下来|没有?去?办|尚未办|未办|(?:已经)?过期|(?:一直)?没(?:拿到|领到|发)(?:证|本))"
)


# 低保户能免费交医保吗 / 低边家庭的医保咋交 / 特困孤儿这些都免费的吧: a group asked about in general, said of
# no one (unless the resident then says so: 低边户有补贴吗？我家就是); 如果我申请下来低保: a case imagined.
GENERIC_LEAD = re.compile(r"(?:请问|问下|问一下|想问下?|想问一下|那|那么|你好|您好|听说|听人说|听别人说|[，,\s])*(?:吃)?")
GENERIC_AFTER = re.compile(
    r"^(?:户|家庭|人员|对象|人群|人|的人|这些|这类|之类的?|等)*(?:的)?(?:家庭|人)?"
    r"(?:医保|能|可以|可不可以|能不能|是不是|都|有没有|交|参保|怎么|咋|要|需要|免费|享受|补贴|还)"
)
GENERIC_ASKED = re.compile(r"[吗么嘛？?]|咋|怎么|多少|是不是|能不能|可不可以|的吧|有没有|啥|什么|免费")
SAID_OF_ONESELF = re.compile(r"(?:我|我家|我们|我们家|俺|俺家)(?:就|也|正好|刚好)?是(?:的|啊|呀)?(?=$|[，,。！!\s])")


def _generic(msg: Message, term: Term) -> bool:
    start, end = msg.clause(term.start)
    lead = msg.text[start : term.start]
    for other in msg.terms_of("SPECIAL"):  # 特困孤儿这些: a run of groups leads the clause together
        if start <= other.start and other.end <= term.start:
            lead = lead.replace(msg.text[other.start : other.end], "", 1)
    last = term.end
    for other in msg.terms_of("SPECIAL"):  # ...and is followed by the rest of the run
        if other.start >= last and GROUP_JOIN.match(msg.text[last : other.start]) and other.end <= end + 1:
            last = other.end
    if not GENERIC_LEAD.fullmatch(lead) or not GENERIC_AFTER.match(msg.text[last : end + 1]):
        return False
    return bool(GENERIC_ASKED.search(msg.text, term.end, end + 1)) and not SAID_OF_ONESELF.search(msg.text)


def _stated(msg: Message, term: Term) -> bool:
    before, after = msg.before(term.start), msg.after(term.end)
    if WHAT_IS_BEFORE.search(before) or NOT_HELD_AFTER.match(msg.text[term.end : term.end + 20]):
        return False  # 什么是低保边缘 / 低保边缘户，但是证明还没办下来
    if HYPOTHETICAL.search(msg.text, msg.clause(term.start)[0], term.start) or _generic(msg, term):
        return False
    return not (ASKED_GROUP[0].search(before) and ASKED_GROUP[1].match(after)) and not ENJOYS_ASKED.search(before)


def special(msg: Message) -> list[Fact]:
    """The groups said to be held; ``special`` ``None`` for none of them; ``special_not`` for each group
    said not to be held (不是低保): the question then leaves it out."""
    negated = _negated_groups(msg)
    facts = [Fact("special", t.code, t.start, t.end) for t in msg.terms_of("SPECIAL")
             if t.start not in negated and _stated(msg, t)]
    ruled_out = [Fact("special_not", t.code, t.start, t.end) for t in msg.terms_of("SPECIAL")
                 if t.start in negated and not WHETHER_BEFORE.search(msg.before(t.start))]
    for m in _grades(msg):
        grade = parse_number(next(g for g in m.groups() if g))
        if grade in (1, 2) and not msg.negated(m.start()) and not NOT_HELD_AFTER.match(msg.text[m.end() : m.end() + 20]):
            facts.append(Fact("special", "disabled_severe", *m.span()))
    for term in [t for t in msg.terms_of("SPECIAL") if t.start not in negated]:
        contrast = people.SPEAKER_NOT.search(msg.text, term.end)  # 我妈是低保 我不是 / 我儿子说他不算: not that one
        if contrast and not re.search(r"[。！!？?]", msg.text[term.end : contrast.start()]):
            ruled_out.append(Fact("special_not", term.code, *contrast.span("who")))
    if not facts:
        facts = [Fact("special", None, *m.span()) for m in SPECIAL_NONE.finditer(msg.text)][:1]
    if not facts:
        facts = _closing_none(msg)
    return facts + ruled_out


CORRECTED_GRADE = re.compile(r"(?:是|应该是|改成)(?P<g4>[一二三四1-4])级")


def _grades(msg: Message) -> list:
    """The disability grades said; on a correction (我是二级残疾 不对 是三级 / 四级。。看错了 是二级) only the last one."""
    found = list(DISABILITY_GRADE.finditer(msg.text))
    fixed = CORRECTION.search(msg.text)
    if not found or not fixed:
        return found
    later = [m for m in CORRECTED_GRADE.finditer(msg.text, fixed.end())] + [m for m in found if m.start() >= fixed.end()]
    return [max(later, key=lambda m: m.start())] if later else found


# 杭州的，我40岁，本地户口，没有职工医保，都不是: a closing "none of them" after the facts, as the greeting's
# example and the questions' order lead residents to write. Not after alternatives (杭州还是余姚？都不是),
# a list of its own (不是学生也不是职工，都不是) or a question.
CLOSING_NONE = re.compile(r"[，,。；;\s]\s*(?:也|我们|家里)?(?:都不是|啥都不是|都不沾|全都不是)[啊呀吧哦的]?\s*[。.!！]?\s*$")
ALTERNATIVES = re.compile(r"还是|或者|或是|哪个|哪种|什么|啥|吗|么|？|\?")
OWN_LIST_BEFORE = re.compile(r"(?:不是|不属于|没有)[^，,。；;\s]*(?:也|又)(?:不是|不属于|没有)[^，,。；;\s]*[，,。；;\s]*$")


def _closing_none(msg: Message) -> list[Fact]:
    m = CLOSING_NONE.search(msg.text)
    if not m or m.start() == 0:
        return []
    before = msg.text[: m.start() + 1]
    if ALTERNATIVES.search(before) or OWN_LIST_BEFORE.search(before):
        return []
    return [Fact("special", None, m.start() + 1, m.end())]


TIER_CHOSEN_BEFORE = re.compile(r"(?:想|要|打算|准备|选|就)(?:交|缴|选|买)?(?:第)?$")


def tier(msg: Message) -> list[Fact]:
    """The tier named; of two, the one chosen (我老公交的是一档，我想交二档); 一档和二档 (a comparison) is none."""
    found = [Fact("tier", "一档" if m.group("n") in "一1" else "二档", *m.span()) for m in TIER.finditer(msg.text)]
    if len({f.value for f in found}) > 1:
        chosen = [f for f in found if TIER_CHOSEN_BEFORE.search(msg.text[max(0, f.start - 4) : f.start])
                  and not msg.text.startswith("的话", f.end)]  # 我选二档的话: if, not a choice
        return chosen[-1:] if len({f.value for f in chosen}) == 1 else []
    return found
