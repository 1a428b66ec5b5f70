"""Whose fact is it: the people a message names, and which of them each fact belongs to.

A message may name the speaker (我, 本人, 来电人), the person asked about (孩子, 我妈, 我老公…) and
others (孩子他爸, 我爸 when the question is about 我妈). Each fact found by the extractor gets an owner:
the person named last before it in its clause, else the topic carried from the clauses before. Then
the person asked about (the subject) is chosen: named by a request ("给我妈交", "替我婆婆问", "问的是我
妹妹"), else the person the personal facts are about. Only the subject's own facts are kept, with one
exception: for a child, a parent's 职工医保 (the speaker's, "孩子他爸"'s, "我老公"'s) is the child's
``parent_employee_insured``. The speaker's own coverage is never pinned on an elderly parent.

Works on the extractor's ``Message`` and ``Fact`` objects; no Rasa, no spaCy here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# Facts about one person; the others (region, tier, pay date, question…) belong to the conversation.
PERSONAL = {"age", "age_approx", "newborn_days", "birth_date", "birth_year", "hukou", "hukou_region", "hukou_kind", "student",
            "school_local", "employee_insured", "parent_employee_insured", "parent_employee_years",
            "residence_permit", "special", "special_not",
            "gap_years", "gap_approx", "missed_year", "missed_last_year", "missed_since", "transfer"}  # fmt: skip
AGE_FACTS = {"age", "newborn_days", "birth_date", "birth_year"}
CHILD_GROUPS = ("orphan", "hardship_child")  # 孤儿/事实无人抚养儿童, 困境儿童: children by definition
# Facts about paying, which the speaker often states as the payer for the person asked about.
PAID_BY_SPEAKER = {"gap_years", "gap_approx", "missed_year", "missed_last_year", "missed_since"}
# What a parent's own facts say about their child.
FOR_CHILD = {"employee_insured": "parent_employee_insured", "parent_employee_years": "parent_employee_years",
             "residence_permit": "residence_permit"}  # fmt: skip

RELATIVES = {
    "child": ("其子", "其女", "之子", "之女", "其孙", "其孙子", "其孙女", "其外孙", "其外孙女", "之孙", "之孙子", "之孙女",
              "之外孙", "之外孙女", "伢", "伢儿", "细伢子", "老二", "老三",
              "孩子", "儿子", "女儿", "宝宝", "小孩", "小孩子", "闺女", "娃", "娃儿", "娃娃", "小朋友", "婴儿", "新生儿",
              "子女", "孙子", "孙女", "外孙", "外孙女", "孙儿", "宝贝", "小宝", "大宝", "二宝", "儿女", "小孙子", "小孙女",
              "囡囡", "小囡", "双胞胎", "龙凤胎",
              "女孩", "男孩", "小女孩", "小男孩", "女娃", "男娃", "继女", "继子", "养子", "养女"),
    "parent": ("其母亲", "其父亲", "其母", "其父", "其父母", "之母", "之父", "老汉儿", "姆妈", "娘家妈", "继父", "继母",
               "其祖父", "其祖母", "其外公", "其外婆", "其岳母", "其岳父", "其婆婆", "其公公",
               "我妈", "我爸", "老妈", "老爸", "老人", "老人家", "母亲", "父亲", "爸爸", "妈妈", "父母", "爸妈", "公公",
               "婆婆", "岳父", "岳母", "丈母娘", "老丈人", "我爹", "我娘", "俺娘", "俺爹", "俺妈", "俺爸", "外婆", "外公",
               "奶奶", "爷爷", "姥姥", "姥爷", "老太太", "老爷子", "公婆", "家婆", "家公", "老母亲", "老父亲", "阿爸",
               "阿妈", "娘", "爹", "妈", "爸", "我爸妈", "俺爸妈", "我爹妈", "俺爹娘", "我爹娘"),
    "spouse": ("老婆", "老公", "爱人", "媳妇", "妻子", "丈夫", "太太", "老伴", "老伴儿", "配偶", "先生", "对象", "其妻", "其夫",
               "其丈夫", "其妻子", "其配偶", "之妻", "之夫", "那口子", "老头子"),
    "other": ("其妹", "其弟", "其兄", "其姐", "其叔", "其姑", "其舅", "其姨", "之兄", "之弟", "之妹", "之姐",
              "弟弟", "妹妹", "哥哥", "姐姐", "朋友", "亲戚", "儿媳", "儿媳妇", "女婿", "邻居", "大姨", "小姨", "姨妈",
              "阿姨", "舅舅", "叔叔", "伯伯", "姑姑", "侄子", "侄女", "外甥", "外甥女", "同事", "嫂子", "弟媳", "表弟",
              "表妹", "表哥", "表姐", "堂弟", "堂妹", "女朋友", "男朋友", "我弟", "我妹", "我哥", "我姐", "俺弟", "俺妹", "俺哥",
              "俺姐", "小叔子",
              "小姑子", "大伯", "老乡", "小舅子", "大舅子", "小姨子", "大姨子", "连襟", "妯娌", "爷叔", "娘舅", "阿叔"),
}  # fmt: skip
_WORDS = sorted(((w, c) for c, ws in RELATIVES.items() for w in ws), key=lambda x: -len(x[0]))
RELATIVE = re.compile("|".join(re.escape(w) for w, _ in _WORDS))
CODE_OF = dict(_WORDS)
SELF_DESCRIBED = re.compile(r"(?:我|俺)(?:一个|是个|这个|这种|是)$")
SOMEONE_ELSES = re.compile(rf"(?:他|她|其|(?<![我俺咱])(?:{RELATIVE.pattern}|哥|弟|姐|妹)(?:的|家)?)$")  # 他老婆 / 同事的老婆
CARE_BEFORE = re.compile(r"(?:在家|家里|在家里|在屋头|回家|帮忙|帮着|(?:人)?在[^，,。；;\s]{1,6})(?:带|看|照顾|照看)(?:着)?$"
                         r"|(?<![给帮替为])(?:生|怀|要|怀了|生了个?)$")  # 回湖南生孩子 / 人在上海带孙子
CARER_AFTER = re.compile(r"(?:在家|在家里|在)?(?:带|照顾|照看|看)(?:着)?(?:的|呢|啊)?(?=$|[，,。；;！!？?\s])")
# An agent's 来电人岳母 / 来电人之子 is the caller's mother-in-law, son; not when the note goes on to ask
# about someone else (来电人女儿，咨询父亲…: the caller is the daughter).
CALLER_OWN = re.compile(r"来电人(?:的)?$")
ASKS_ANOTHER = re.compile(rf"(?:咨询|为|替|帮|代)(?:其|他|她)?(?:的)?(?:{RELATIVE.pattern})")
# Someone's home as the place one lives or stays: 住在我姐家 / 在儿子家带孩子.
AT_HOME_OF = re.compile(rf"(?<=[住在到])(?:[^，,。；;！!？?\s]{{0,4}}?)(?:我|俺)?(?:{RELATIVE.pattern})家(?![长属人里])")
# Someone the 户口 or the resident moved to or lives with (投靠女儿 / 迁到绍兴老公那边 / 挂靠在亲戚家 / 随子女居住 /
# 亲戚家在上海宝山): where, not who.
WITH_SOMEONE = re.compile(
    rf"(?:投靠|挂靠在|挂靠|挂在|迁到|迁去|迁往|落在)(?:[^，,。；;！!？?\s]{{0,4}}?)(?:我|俺)?(?:{RELATIVE.pattern})(?:家|那边|那里|那儿)?"
    rf"|随(?:着)?(?:子女|儿子|女儿|儿女)(?=居住|生活|住)|(?:{RELATIVE.pattern})(?<!老人)家(?=在|是)"  # (老人家 is a person)
)
# A parent named as the child's parent (孩子他爸, 娃他妈, 孩子的爸爸…), not as the person asked about.
CHILD_PARENT = re.compile(
    r"(?:孩子|小孩|宝宝|儿子|女儿|娃|娃儿|孙子|孙女|外孙|外孙女|外甥|外甥女|侄子|侄女|孩(?=他|她))(?:的|他|她)?"
    r"(?:爸爸|妈妈|爸|妈|父亲|母亲|爹|娘|父母|爸妈)"
    r"|(?<![我俺])(?:他|她)(?:的)?(?:爸爸|妈妈|爸|妈|父亲|母亲|爹|娘|爸妈|父母)|(?:他|她)们?(?:的)?爸妈|家长"
)
# Group and scheme words that contain a relative's word: 独生子女户, 监测对象, 救助对象, 子女统筹.
NOT_A_PERSON = re.compile(r"独生子女|(?:监测|救助|供养|帮扶|保障|优抚|低保|特困|困难|服务|参保|重点)(?:户|人员)?对象|无人抚养"
                          r"|(?:父母|爸妈|爸爸妈妈)(?:都|也|早就|早|双双)?(?:不在了|去世|过世|离世|没了|走了)"  # (dead parents)
                          r"|烈士(?:的)?(?:儿子|女儿|子女|父母|家属|遗属)|上门女婿|全职太太"  # (烈士的儿子: a group's name)
                          rf"|(?:{RELATIVE.pattern})(?:也|都|已经|早就|早|前年|去年)?"
                          r"(?:去世|过世|离世|不在了|走了)")  # (老伴也去世了: no longer a person asked about)
# 俺大 / 我大 is "my dad" in 关中 and 河南 speech; only where an age or a fact follows (not 我大概, 我大学, 我大四).
DIALECT_DAD = re.compile(
    r"俺大(?=今年|都|也|已经|是|在|快|有|没|他|[五六七八九]|[4-9]\d)|我大(?=今年|都已经|已经|快[五六七八九])"
)
# 我是她女儿 / 我是孩子妈: the speaker says who they are to the one just named (then 我要交吗 is the speaker's)
SPEAKER_AS_RELATIVE = re.compile(rf"(?:我|俺)是(?:他|她|孩子|其)(?:的)?(?:{RELATIVE.pattern})")
# 我妈是低保 我不是 / 他有职工医保，我没有: the speaker set against someone just named (我儿子说他不算: the son)
SPEAKER_NOT = re.compile(
    r"(?:^|[，,；;\s]|说)(?:但是?|可)?(?P<who>(?:我|俺)(?:自己|本人)?|(?<=说)(?:他|她)(?:自己)?)(?:却|倒)?(?:不是|不算|没有?)(?:的)?"
    r"(?=$|[，,。；;！!？?\s])"
)
# 老公退休了有医保，我没退休 / 老婆有社保，我没社保: the speaker's 没 echoes what was said of the other
SPEAKER_NOT_ECHO = re.compile(
    r"(?:^|[，,；;\s])(?:但是?|可)?(?:我|俺)(?:自己|本人)?(?:却|倒|还)?(?:没有?|不是)(?P<what>[^，,。；;！!？?\s]{2})"
)
SPEAKER = re.compile(r"来电人本人|来电人|本人|我自己|我本人|俺自己|自己|我|俺|咱")
PRONOUN = re.compile(r"(?:他|她)(?:们)?")
# The person the question is for: 给我妈交 / 替我婆婆问 / 帮邻居阿姨问 / 问的是我妹妹 / 先问老伴的 / 咨询配偶.
REQUEST_BEFORE = re.compile(
    r"(?:给|帮|替|为|代|问问?|咨询|反映|问的是|先问|先算|先说|算算?|说说|查查?|关于|想给|(?<=来电人)(?:称|表示|说|告知))"
    r"(?:一下)?(?:我|俺|咱|其)?(?:家|们家)?(?:的)?$"
)
REQUEST_SELF = re.compile(
    r"(?:给|帮|替|为)(?:我|俺)?自己|(?:我|俺)自己(?:能|可以|想|要)?(?:交|缴|参保|问|办|买|减免)(?!(?:的|了|着)?(?:社保|职工|五险|养老))"
    r"|(?:问|咨询)的?是?(?:我|俺)自己|本人参保|是(?:我|俺)自己|先(?:问|算|查)(?:一下)?(?:我|俺)(?:的|自己)|(?:咨询|问)(?:其|来电人)本人"
    r"|(?:我们|俺们|咱们)?(?:老两口|两口子|我俩|我们俩)(?:的)?(?:医保|居民医保)"
    r"|(?<!单位)(?<!公司)(?<!厂里)(?<!老板)(?<!厂)(?<!也)(?<!都)(?<!超市)给(?:我|俺)(?:交|缴|买|办)"  # not 公司给我交了医保
    r"|(?:我|俺)(?:想|要|打算)(?:交|缴|选)(?:第)?[一二12]档|想自己(?:交|缴|参保|买)|把(?:我|俺)(?:也)?(?:挂|加|带)"
)
# 我能交城乡居民吗 / 我能在上海交医保吗 (not 我能给我妈交吗): the speaker, when the speaker's own facts are said too
# (我在家带娃啥社保都没有…我能交吗); 我妈70了，我能交吗 is still about the mother.
SELF_ASK = re.compile(
    r"(?:^|[，,。；;？?！!\s])(?:那)?(?:我|俺)(?:能|可以|能不能|可不可以)(?:在[^，,。给帮替为]{1,6})?(?:交|缴|参保|参加)(?!.{0,3}(?:给|帮|替))"
    r"|(?:^|[，,。；;？?！!\s])(?:那)?(?:我|俺)(?:自己)?(?:交|缴|参保)[^，,。给帮替为]{0,6}?(?:要钱|要不要钱|多少钱|要多少|免费|能免|能减)"
    r"|(?:^|[，,。；;？?！!\s])(?:那)?(?:我|俺)(?:自己)?(?:还|也)?(?:要|需要|用)(?:交|缴|参保)(?:吗|么|嘛)"  # 我要交吗
    r"|(?:^|[，,。；;？?！!\s])(?:那)?(?:我|俺)(?:自己)?(?:还|也)?(?:要不要|需不需要|用不用)(?:交|缴|参保)"
)  # (我交医保要钱吗)
BREAK = re.compile(r"[，,。；;！!？?\n\r\t 　~～、]")
SHARED = re.compile(
    r"^(?:都|也都|全都|全家都?|我们都|我们全家都?|咱们都|一家人都|一家都|(?:两人|两个人|俩人|我们俩|我俩|我们两个)都)"
)
TOPIC_LEAD = re.compile(
    r"^(?:那|那么|就|但|但是|而|而且|还有|另外|然后|其实|对了|哦|嗯|问下|问一下|想问)?(?:我|俺)?(?:的|家|家的)?$"
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    who: str  # "speaker", "child_parent", or a relative code: child, parent, spouse, other
    text: str


def mentions(text: str) -> list[Mention]:
    """The people named in ``text``, in order; a relative word hides the 我 before it (我妈)."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(s, e):
        return all(e <= a or s >= b for a, b in taken)

    taken += [m.span() for m in NOT_A_PERSON.finditer(text)]
    taken += [m.span() for m in AT_HOME_OF.finditer(text)]  # 住桐庐我姐家: a place, not a person
    taken += [m.span() for m in WITH_SOMEONE.finditer(text)]
    for m in CHILD_PARENT.finditer(text):
        found.append(Mention(m.start(), m.end(), "child_parent", m.group()))
        taken.append(m.span())
    for m in DIALECT_DAD.finditer(text):  # 俺大今年六十五咧: my dad (关中 / 河南)
        if free(*m.span()):
            found.append(Mention(m.start(), m.end(), "parent", m.group()))
            taken.append(m.span())
    for m in RELATIVE.finditer(text):
        word = m.group()
        if not free(*m.span()) or (word in "妈爸娘爹" and not _single_relative(text, m.start())):
            continue
        if CARE_BEFORE.search(text, 0, m.start()):
            continue  # 我在家带娃啥社保都没有: the child cared for is not who the clause is about
        if CARER_AFTER.match(text, m.end()):
            continue  # 没上学，在家奶奶带 / 由外婆照顾着: who looks after the child, not who it is about
        start = m.start() - 1 if m.start() and text[m.start() - 1] in "我俺咱" else m.start()
        caller = CALLER_OWN.search(text[max(0, m.start() - 4) : m.start()])
        if caller and not ASKS_ANOTHER.search(text, m.end()):
            start = m.start() - len(caller.group())
        if SELF_DESCRIBED.search(text, 0, m.start()):
            continue  # 我一个老头子 / 我是个老人: the speaker, described
        code = CODE_OF[word]
        if code == "spouse" and SOMEONE_ELSES.search(text, 0, start):
            code = "other"  # 他老婆 / 同事的老婆 / 我弟媳妇: someone else's husband or wife
        found.append(Mention(start, m.end(), code, text[start : m.end()]))
        taken.append((start, m.end()))
    relative_ends = {m.end for m in found} | {m.end() for m in PRONOUN.finditer(text)}
    for m in SPEAKER.finditer(text):
        possessive = m.group() in "我俺咱" and text[m.end() : m.end() + 1] in ("们", "家", "的")
        if m.group() in ("自己", "本人") and m.start() in relative_ends:
            continue  # 我妈自己有职工医保 / 她本人: that person, not the speaker
        if m.group() == "自己" and (m.start() == 0 or BREAK.match(text[m.start() - 1])) and any(
                e <= m.start() for e in relative_ends):
            continue  # 我老公以前跑运输，自己交过几年职工医保: the one just named
        if free(*m.span()) and not possessive:
            found.append(Mention(m.start(), m.end(), "speaker", m.group()))
            taken.append(m.span())
    for m in PRONOUN.finditer(text):
        if free(*m.span()):
            found.append(Mention(m.start(), m.end(), "pronoun", m.group()))
    if any(m.who == "speaker" and m.text.startswith("来电人") for m in found):
        # 来电人称其本人为低保边缘户 / 来电人称：本人52岁: an agent's note, whose 本人 is the caller
        found = [replace(m, text="来电人本人") if m.who == "speaker" and m.text in ("本人", "其本人") else m for m in found]
    if any(m.who in ("child", "child_parent") and not DESCRIBED.search(text[: m.start]) for m in found):
        # 孩子…爸爸在余姚交社保: the child's father
        found = [replace(m, who="child_parent") if m.who == "parent" and m.text in CHILDS_PARENT_WORDS else m
                 for m in found]  # fmt: skip
    return _merge(sorted(found, key=lambda x: x.start))


def _merge(found: list[Mention]) -> list[Mention]:
    """邻居阿姨 / 我家老太太: two words for one person, side by side, are one mention (the last word's kind)."""
    out: list[Mention] = []
    for m in found:
        if out and out[-1].end == m.start and out[-1].who not in ("speaker", "pronoun") and m.who not in ("speaker", "pronoun"):
            out[-1] = Mention(out[-1].start, m.end, m.who, out[-1].text + m.text)
        else:
            out.append(m)
    return out


def _single_relative(text: str, pos: int) -> bool:
    """妈 / 爸 / 娘 / 爹 alone are people only after 我/俺/老/他/她 (not in 妈呀, 爸爸 is matched whole)."""
    return pos > 0 and text[pos - 1] in "我俺咱老他她"


FEMALE = re.compile(r"[妈母婆娘女妻媳姐妹奶姥姨姑嫂囡闺]|太太|阿婆")
MALE = re.compile(r"[爸父爹公夫儿子哥弟爷叔伯舅婿]|老头|先生|小伙")


_BOTH_PARENTS = re.compile(r"父母|爸妈|双亲|老人")
_MOTHER = re.compile(r"妈|母|婆|娘")
_FATHER = re.compile(r"爸|父亲|公公|爹|岳父|老丈人")


def subject_key(code: str, text: str) -> str:
    """Who the facts are about, finely enough to tell 我妈 from 我爸 (both ``parent``)."""
    if code == "parent" and text and not _BOTH_PARENTS.search(text):
        if _MOTHER.search(text) and not _FATHER.search(text):
            return "mother"
        if _FATHER.search(text) and not _MOTHER.search(text):
            return "father"
    return code


def _resolve_pronouns(found: list[Mention]) -> list[Mention]:
    """他/她 is the last person named before it who is not the speaker (or stays unresolved); 她 skips
    back over anyone not named as a woman to the last woman named (同事的老婆…同事自己有社保，她能不能交: the
    wife), 他 over a woman."""
    out, named = [], []
    for m in found:
        if m.who == "pronoun":
            if named:
                she = m.text.startswith("她")
                other, same = (MALE, FEMALE) if she else (FEMALE, MALE)
                last = named[-1]
                if (other.search(last.text) or she) and not same.search(last.text):  # (他 stands for 同事 / 孩子 too)
                    last = next((n for n in reversed(named) if same.search(n.text) and not other.search(n.text)), last)
                out.append(replace(m, who=last.who, text=last.text))
            continue
        if m.who not in ("speaker", "child_parent"):
            named.append(m)
        out.append(m)
    return out


def _identity(m: Mention) -> tuple:
    if m.who == "speaker":  # 我 / 我自己 / 本人: one person (an agent's 来电人 is the caller, not the agent's 我)
        return ("speaker", "caller" if m.text.startswith("来电人") else "me")
    # 其母亲 / 来电人之子 (an agent's note) and 母亲 / 孩子 are one person
    word = re.sub(r"^来电人(?:的)?", "", m.text).lstrip("我俺咱的其之")
    return (m.who, GENERIC.get(word, word))


# Words that name "the child" or "the old person" without saying which: one person in one message
# (小孩在上海读高一…孩子有居住证).
GENERIC = {w: "孩子" for w in ("孩子", "小孩", "小孩子", "宝宝", "娃", "娃儿", "娃娃", "小朋友", "宝贝", "小宝", "子", "女",
                               "伢", "伢儿", "细伢子")} | {
    w: "老人" for w in ("老人", "老人家")}


def owners(text: str, spans: list[tuple[int, int]], found: list[Mention]) -> list[Mention | None]:
    """For each span, the person it is about: the last person named before it in its clause, else the
    topic of the clauses before (a person named at a clause's start, or the last person named)."""
    clauses = [0] + [m.end() for m in BREAK.finditer(text)]
    topic: Mention | None = None
    topics: list[tuple[int, Mention | None]] = []  # (clause start, topic in force at that clause)
    for index, start in enumerate(clauses):
        end = clauses[index + 1] - 1 if index + 1 < len(clauses) else len(text)
        topics.append((start, topic))
        inside = [m for m in found if start <= m.start < end and not _object(text, m)]  # (户口跟着老公迁到…)
        if inside:
            first = inside[0]
            lead_ok = TOPIC_LEAD.match(text[start : first.start]) is not None
            topic = first if lead_ok else (topic or first)
            if len(inside) > 1:  # (同事的老婆，全职太太… / 他们家宝宝 3岁: the wife, the baby, whose the words say)
                between = text[inside[-2].end : inside[-1].start]
                whose = between == "的" or between in ("家", "家的") and inside[-1].who == "child"
                owned_by = whose and inside[0].start == start
                topic = inside[-1] if TOPIC_LEAD.match(text[start : inside[-1].start] or "") or owned_by else topic
            asked = [m for m in inside
                     if m.who not in ("speaker", "child_parent") and REQUEST_BEFORE.search(text[start : m.start])]
            if asked:  # 来电人为其母咨询，72岁: what follows is about the one asked about
                topic = asked[-1]
    result = []
    for s, e in spans:
        described = next((m for m in found if m.start == e + 1 and text[e : e + 1] == "的"
                          and _identity(m)[1] in ("孩子", "老人")), None)  # fmt: skip
        if described is not None:  # 集中供养的孩子 / 低保户的老人: the person the words describe
            result.append(described)
            continue
        clause_start = max(c for c in clauses if c <= s)
        before = [m for m in found if clause_start <= m.start <= s and not _object(text, m)]
        topic_now = next((t for c, t in reversed(topics) if c <= s), None)
        only_them = topic_now is not None and all(_identity(m) == _identity(topic_now) for m in found if m.start < s)
        if SHARED.match(text[clause_start:s]) and not before and only_them and _a_pair(topic_now):
            result.append(topic_now)  # 俺爹俺娘都在余姚，都八十好几了: the two named, not the speaker said of later
        elif SHARED.match(text[clause_start:s]) and not before:
            result.append(None)  # 都余姚户口 / 我们全家都是: said of everyone named
        elif before:
            result.append(before[-1])
        else:
            result.append(next((t for c, t in reversed(topics) if c <= s), None))
    return result


OBJECT_BEFORE = "跟随和同像比帮给替与"
# A parent named bare in a message about a child is the child's parent (爸爸在余姚单位交了十年社保).
DESCRIBED = re.compile(r"(?:来电人|我是|我系|系|作为)[（(]?(?:他|她|其)?(?:的)?$")  # 来电人女儿: the caller, described
CHILDS_PARENT_WORDS = {"爸爸", "妈妈", "爸妈", "父母", "父亲", "母亲", "他爸", "他妈", "她爸", "她妈", "他爸爸", "他妈妈",
                       "她爸爸", "她妈妈", "其父", "其母", "其父母", "其父亲", "其母亲"}  # fmt: skip
MOVED_WITH = re.compile(r"(?:把|一起|一块|迁|落|过来|来|去|搬)")
OBJECT_WORDS = ("跟着", "随着", "带着", "陪着")  # 孩子跟着我在杨凌读初中: the child reads there
WANTS_TO_PAY = re.compile(  # 他想在上海交: the one who wants to pay is the one asked about
    r"(?:也|自己)?(?:想|要|打算|准备)(?:在[^，,。给帮替为]{1,6})?(?:交|缴|参保|参加|买)(?:个|一下|一份)?(?:居民|城乡|医保|$|[，,。])"
)
# 我女儿能交居民医保吗 (after 我女婿…有五险一金): the one asked about is the one who would pay
CAN_PAY = re.compile(
    r"(?:也|还)?(?:能|可以|能不能|可不可以)(?:也|还|都)?(?:免费|一起)?(?:在[^，,。给帮替为]{1,6})?(?:交|缴|参保|参加|买)"
    r"(?:那个|这个|个)?(?:[^，,。？?给帮替为]{0,4}?(?:居民|城乡|医保)|吗|么|$|[，,。？?])"
)
OWN_INSURANCE = re.compile(r"\s*的?(?:城乡|居民)*(?:医保|医疗保险)(?:要|该|怎么|咋|能|可以|在哪|去哪|多少)")  # 我妈的医保要怎么交
# 他交医保要多少 / 她交哪种 / 她交居民医保吗: the one whose paying is asked about
PAYS_WHAT = re.compile(
    r"(?:也|还)?(?:要|需要|得|该)?(?:交|缴)(?:医保|居民医保|城乡居民医保|的)?(?:要|需要|得)?(?:多少|几|哪种|哪个|什么|啥)"
    r"|(?:也|还)?(?:交|缴)(?:居民医保|城乡居民医保|医保|居民的)(?:吗|么|不)"
)
BOTH_PARENTS = {"爸妈", "父母", "爸爸妈妈", "公婆", "老两口", "二老", "双亲", "爹妈", "爹娘"}
WE_TWO = re.compile(
    r"(?:^|[，,。；;\s])(?:我|俺)(?:和|跟|与)(?:我)?(?:老伴|老伴儿|老公|老婆|爱人|媳妇|丈夫|妻子|老头子)(?:都|俩|两个)"
)
CALLER_DESCRIBED = re.compile(r"来电人[（(][^）)]{0,12}[）)]?[^，,。；;\s]{0,3}?(?:咨询|为|替|代)")
NOT_FOR_ME = re.compile(r"不是(?:问|给|帮|替|查)(?:的)?(?:我|俺)(?!们)(?:自己)?")
NOT_REQUEST = re.compile(r"不是(?:给|帮|替|为|代|问)")
SELF_WORDS = ("我自己", "本人", "自己", "我本人", "俺自己", "来电人本人")


DESCRIBES = re.compile(r"(?:也|都|倒)?(?:是|在|有|没|不是|退休|上班|工作)")  # words said of the one just named


def _a_pair(m: Mention) -> bool:
    """爸妈 / 俺爹俺娘 / 公公婆婆 / 老两口: two people named as one."""
    word = re.sub(r"^[我俺咱]", "", m.text)
    both = _FATHER.search(word) is not None and _MOTHER.search(word) is not None  # (the words subject_key tells apart)
    return m.who == "parent" and (word in BOTH_PARENTS or both)


def _object(text: str, m: Mention) -> bool:
    """户口跟我 / 随他爸 / 孩子跟爷爷奶奶在余姚上小学: a person named after 跟/随/和… is not who the clause is about."""
    after_word = m.start > 0 and text[m.start - 1] in OBJECT_BEFORE or text[max(0, m.start - 2) : m.start] in OBJECT_WORDS
    if m.start > 0 and text[m.start - 1] in "跟随" and m.who == "parent":
        return True
    if MOVED_WITH.match(text, m.end) and re.search(r"(?:跟|随)(?:着)?$", text[max(0, m.start - 2) : m.start]):
        return True  # 跟儿子把户口迁到上海了: who one moved with, not who the clause is about
    return after_word and m.who in ("speaker", "child_parent")


def _child_of(found: list[Mention]) -> Mention:
    """The child whose parent is named (孩子他爸 → the child), at the words naming that parent."""
    parent = next(m for m in found if m.who == "child_parent")
    return Mention(parent.start, parent.end, "child", parent.text)


def subject_of(text: str, found: list[Mention], owned: list[tuple[str, Mention | None]],
               setting_only: bool = False) -> Mention | None:
    """The person asked about: named by a request, else the person the age (or other personal facts)
    is about, else the last relative named. ``owned`` is (fact name, owner) for the personal facts;
    ``setting_only``: the only ones are someone's held 职工医保 (the setting of a question, not its case)."""
    if REQUEST_SELF.search(text) and not NOT_FOR_ME.search(text):  # (我自己交的灵活就业 不是问我 是问我闺女)
        return next((m for m in found if m.who == "speaker"), Mention(0, 0, "speaker", "我"))
    if WE_TWO.search(text) and not any(m.who in ("child", "child_parent", "parent", "other") for m in found) and not any(
            REQUEST_BEFORE.search(text[: m.start]) for m in found if m.who != "speaker"):
        # 我和老伴都60多了: the speaker, with the spouse (a couple asking for themselves; a child named is the case)
        return next((m for m in found if m.who == "speaker"), Mention(0, 0, "speaker", "我"))
    requested = [m for m in found if m.who not in ("speaker", "child_parent") and (REQUEST_BEFORE.search(text[: m.start])
                 or WANTS_TO_PAY.match(text, m.end) or CAN_PAY.match(text, m.end) or OWN_INSURANCE.match(text, m.end)
                 or PAYS_WHAT.match(text, m.end))
                 and not NOT_REQUEST.search(text[max(0, m.start - 6) : m.start])]  # 不是给我妈问: not the one asked about
    if requested:
        aged = [o for name, o in owned if name in AGE_FACTS and o is not None and o.who not in ("speaker", "child_parent")]
        if not any(o is not None and _identity(o) == _identity(requested[-1]) for _, o in owned) and len(
                {_identity(o) for o in aged}) == 1 and aged[0].who == "child":
            return aged[0]  # 帮儿子儿媳问…孙子刚生下来5天: asked for by the parents, about their baby
        return requested[-1]
    follows = hukou_follows(text, found)
    if follows is not None:  # 孩子户口随老公 / 孩子户口跟我，我是上海户口: the child's case
        return follows[0]
    if SELF_ASK.search(text) and (any(o is not None and o.who == "speaker" for _, o in owned) or setting_only or not any(
            o is not None for _, o in owned) or SPEAKER_AS_RELATIVE.search(text)):
        # (户口在余姚，老婆孩子都在余姚，我能在余姚再交一份吗 / 我妈是低保，我是她女儿，我要交吗 / 我老公交职工医保，我能交吗)
        return next((m for m in found if m.who == "speaker"), Mention(0, 0, "speaker", "我"))
    own_age = next((o for name, o in owned if name == "age" and o is not None and o.who == "speaker"
                    and o.text in ("我自己", "俺自己", "我本人", "本人")), None)
    if own_age is not None and any(name != "age" and o is own_age for name, o in owned):
        # 我儿子28了在杭州上班 … 我自己55岁户口在萧山 没有医保: the speaker's own case (not 我儿子15岁…我自己41岁
        # 有职工医保, where the speaker's coverage is the child's parent's)
        return own_age
    contrast = next((m for m in SPEAKER_NOT.finditer(text) if m.group("who")[0] in "我俺"), None) or next(
        (m for m in SPEAKER_NOT_ECHO.finditer(text) if m.group("what") in text[: m.start()]), None)
    if contrast and not any(m.who in ("child", "child_parent") for m in found) and any(
            m.who in ("parent", "spouse", "other") and m.end <= contrast.start() for m in found):
        # 我妈是低保 我不是 / 我家那口子是职工医保 我不是: set against someone else's, the speaker's own case
        return next((m for m in found if m.who == "speaker" and m.start >= contrast.start()), Mention(0, 0, "speaker", "我"))
    for names in (("age", "newborn_days", "birth_date", "birth_year"), None):
        people = [o for name, o in owned if o is not None and o.who != "child_parent" and (names is None or name in names)]
        relatives = [o for o in people if o.who != "speaker"]
        own = [o for o in people if o.who == "speaker"]
        no_child = not any(m.who == "child" for m in found)  # 孩子户口随老公: about the child
        said_of = [o.who for _, o in owned if o is not None]
        at_least_as_much = said_of.count("speaker") >= said_of.count("spouse")  # (我今年30 我老婆28 她没工作…: hers)
        if relatives and all(o.who == "spouse" for o in relatives) and own and no_child and at_least_as_much:
            # 老公单位交职工医保，我全职在家带娃，啥保险都没有 / 我户籍是安徽的，老公是杭州户口: the spouse's facts
            # are the setting, the speaker's own are the case (a request names the spouse: 想给她交 / 他想交)
            return own[0]
        if relatives:
            return relatives[-1]
        if people and any(m.who == "child_parent" for m in found):  # 我和孩子爸爸都没有职工医保
            return _child_of(found)
        if people:
            return people[0]
    others = [m for m in found if m.who not in ("speaker", "child_parent")]
    if others:
        return others[-1]
    if any(m.who == "child_parent" for m in found):  # 孩子他爸有职工医保: the question is about the child
        return _child_of(found)
    return next((m for m in found if m.who == "speaker" and m.text in SELF_WORDS), None)


# 孩子户口随老公 / 孩子的户口跟我 / 小孩户口也是跟着他爸: the child's 户口 is where that person's is.
HUKOU_FOLLOWS = re.compile(r"(?:的)?户口(?:也|都)?(?:是)?(?:随|跟)(?:着|的)?")  # (孩子户口跟的妈妈)
HUKOU_FACTS = ("hukou", "hukou_region", "hukou_kind")


def hukou_follows(text: str, found: list[Mention]) -> tuple[Mention, Mention] | None:
    """(the child, the person whose 户口 the child's follows), when a child's 户口 is said to follow someone's."""
    for child in (m for m in found if m.who == "child"):
        follows = HUKOU_FOLLOWS.match(text, child.end)
        whom = next((m for m in found if follows and m.start == follows.end()), None)
        if whom is not None and whom.who != "child":
            return child, whom
    return None


GRANDCHILD = re.compile(r"孙")  # 孙子 / 孙女 / 外孙: the speaker's grandchild
CHILDS_PARENTS = re.compile(r"儿子|女儿|闺女|儿媳|媳妇|女婿")  # (the speaker's son and his wife are the grandchild's parents)


def _same_parent(whom: Mention, o: Mention | None) -> bool:
    """Whether ``o`` is the one whose 户口 the child's follows: the same words, or 她爸 for 老公 (妈 for 老婆)."""
    if o is None:
        return False
    if _identity(o) == _identity(whom):
        return True
    if whom.who != "child_parent" or o.who != "spouse":
        return False
    father, husband = whom.text[-1:] in "爸爹父", MALE.search(o.text) is not None
    return father == husband and (FEMALE.search(o.text) is None) == husband  # (爱人 says neither: not taken)


def _family_of(text: str, found: list[Mention], o: Mention, child: Mention) -> bool:
    """Whether ``child`` is named as a child of ``o``'s household (我姐家的孩子 … 她家)."""
    return any(_identity(m) == _identity(o) and text[m.end : child.start] in ("家", "家的") for m in found)


def attribute(text: str, facts: list, make) -> tuple[list, Mention | None]:
    """The facts that belong to the person asked about, and that person (``None``: not said).

    ``facts`` have ``name``, ``value``, ``start``, ``end``; ``make(fact, name)`` gives the facts that a
    parent's fact says about the child."""
    found = _resolve_pronouns(mentions(text))
    personal = [f for f in facts if f.name in PERSONAL]
    who = owners(text, [(f.start, f.end) for f in personal], found)
    owner = {id(f): o for f, o in zip(personal, who, strict=True)}
    # a held 职工医保 of one's own is the setting of a question about someone else (我是职工医保，我爱人…)
    owned = [(f.name, owner[id(f)]) for f in personal if not (f.name == "employee_insured" and f.value is True)]
    first_named = min((m.start for m in found), default=len(text))
    implicit = Mention(0, 0, "speaker", "")  # 户口萧山的，我老婆是外地的: facts said before anyone is named are the speaker's
    spouse_said = any(o is not None and o.who == "spouse" for _, o in owned) or any(
        m.who == "spouse" and DESCRIBES.match(text, m.end) for m in found)  # (老公是余姚人: words of his own, unread)
    if found and all(m.who in ("spouse", "speaker") for m in found) and spouse_said:
        # (not 上海 80岁 老头子, where the words describe the one named; not a baby's 出生八天)
        before = {f.name for f in personal if f.end <= first_named and not _newborn_fact(f)}
        owned = [(name, implicit if o is None and name in before else o) for name, o in owned]
    subject = subject_of(text, found, owned or [(f.name, owner[id(f)]) for f in personal], setting_only=not owned)
    if subject is implicit:
        subject = Mention(0, 0, "speaker", "我")
    if subject is not None:  # the words that name them (我爸, not the 他 that refers back to it)
        subject = next((m for m in found if _identity(m) == _identity(subject) and text[m.start : m.end] == m.text), subject)
    child = subject is not None and subject.who == "child"
    follows = hukou_follows(text, found)
    elsewhere = _worked_by_others(text, facts, found, subject)
    kept = []
    for fact in facts:
        if fact.name not in PERSONAL:
            if not any(fact is f for f in elsewhere):
                kept.append(fact)
            continue
        o = owner[id(fact)]
        if child and fact.name == "residence_permit" and o is not None and o.who != "child" and not _newborn(facts, text):
            continue  # 我在上海有居住证，我女儿8岁: a parent's 居住证 is a newborn's only (contract)
        if child and fact.name in FOR_CHILD and _said_by_the_parents(text, fact.start, o):
            kept.extend(make(fact, FOR_CHILD[fact.name]))  # 我们两口子都没有职工医保，闺女6岁: the parents'
        elif o is None or subject is None or _identity(o) == _identity(subject) or _together(text, o, subject) or (
                o.who == subject.who == "parent" and _identity(o)[1] in BOTH_PARENTS):
            # (我爸妈都70多了，户口在上海…我妈的医保: what is said of both is each one's)
            kept.append(fact)
        elif child and follows and fact.name in HUKOU_FACTS and _same_parent(follows[1], o):
            kept.append(fact)  # 孩子户口随老公，老公是上海人: the child's 户口 is his
        elif child and _newborn_fact(fact):
            kept.append(fact)  # 刚生了娃 出生十二天: days since birth are a baby's, whoever the clause named
        elif child and fact.name == "special" and text[o.end : o.end + 1] == "家" and _family_of(text, found, o, subject):
            kept.append(fact)  # 我姐家的孩子…她家是低保: a household's group is the child's of that household
        elif child and fact.name == "special" and fact.value in CHILD_GROUPS:
            kept.append(fact)  # 妈妈改嫁联系不上 民政认定了事实无人抚养儿童: only the child can be that
        elif o.who == "speaker" and fact.name in PAID_BY_SPEAKER:
            kept.append(fact)  # 我去年忘了给她交: the speaker pays; the gap is the insured person's
        elif child and fact.name in FOR_CHILD and GRANDCHILD.search(subject.text) and CHILDS_PARENTS.search(o.text):
            kept.extend(make(fact, FOR_CHILD[fact.name]))  # 儿子儿媳在杨凌交职工医保…孙子: the grandchild's parents'
        elif child and o.who in ("speaker", "child_parent", "spouse") and fact.name in FOR_CHILD:
            if not (o.who == "speaker" and NOT_THE_PARENT.search(text)):  # 我是孩子奶奶，我有职工医保: not a parent's
                kept.extend(make(fact, FOR_CHILD[fact.name]))
        elif fact.name.startswith("parent_employee") and child:
            kept.append(fact)
    return kept, subject


WORKS_THERE = re.compile(
    r"上班|工作|打工|务工|(?:城镇职工医保|职工医保|职工医疗保险|职工保险|职工社保|社保|五险|单位医保)(?!卡|局|所|中心|窗口)"
)


def _worked_by_others(text: str, facts: list, found: list[Mention], subject: Mention | None) -> list:
    """Regions named as where someone else works or holds 职工医保 (我在上海交职工医保，帮我爸问，他杭州户口 /
    俺姐在上海上班 我在杨凌种地), when another place is said: not where the person asked about enrolls. A
    parent's work place is kept for a child (the child enrolls where the family is)."""
    regions = [f for f in facts if f.name == "region"]
    if subject is None or not regions:
        return []
    dropped = []
    for fact, owner in zip(regions, owners(text, [(f.start, f.end) for f in regions], found), strict=True):
        if owner is None or _identity(owner) == _identity(subject) or _together(text, owner, subject):
            continue
        if subject.who == "child" and owner.who in ("speaker", "child_parent", "spouse"):
            continue
        clause_start = max([0] + [m.end() for m in BREAK.finditer(text, 0, fact.start)])
        clause_end = next((m.start() for m in BREAK.finditer(text, fact.end)), len(text))
        if WORKS_THERE.search(text[clause_start:clause_end]):
            dropped.append(fact)
    # only where another place is said (他杭州户口 / 我妈在余姚 / 我在杨凌种地): with none, the family is
    # where the speaker works (我在杨凌上班…想给我老婆交)
    other_places = [f for f in facts if f.name in ("region", "region_unsupported", "hukou_region")
                    and not any(f is d or f.value == d.value for d in dropped)]
    return dropped if other_places else []


# The speaker is the child's grandparent or another relative, not a parent (孙子…我自己是职工医保退休的).
NOT_THE_PARENT = re.compile(
    r"孙子|孙女|外孙|孙儿|我是(?:孩子|他|她|宝宝)?(?:的)?(?:奶奶|爷爷|外婆|外公|姥姥|姥爷|舅舅|舅妈|姑姑|姑妈|姨妈|小姨|大姨|阿姨|叔叔|伯伯|婶婶)"
)
COUPLE = re.compile(r"(?:我们|俺们|咱们)(?:两个|俩|两口子|夫妻俩?)|我俩|俺俩|两口子")
WE_PARENTS = re.compile(r"我们|咱们|俺们|两口子|夫妻|我俩|双职工|我和(?:老公|老婆|爱人|媳妇|孩子他?爸|孩子他?妈)")


NEWBORN_WORDS = re.compile(r"新生儿|刚出生|刚生|出生\d*天|宝宝|婴儿|满月|百天|几个月大|个月大")


def _newborn_fact(fact) -> bool:
    """Days since birth, or an age of 0: only a baby's."""
    return fact.name == "newborn_days" or (fact.name == "age" and fact.value == 0)


def _newborn(facts: list, text: str) -> bool:
    """Whether the child is a baby: an age of 0, days since birth, or words for a newborn."""
    return any((f.name == "age" and f.value == 0) or f.name == "newborn_days" for f in facts) or bool(NEWBORN_WORDS.search(text))


def _said_by_the_parents(text: str, pos: int, owner: Mention | None) -> bool:
    """我们夫妻在杭州都没社保 / 我们是双职工，都有社保: said of the parents as "we", in the fact's clause or the one
    before it, with no person of the fact's own clause."""
    starts = [0] + [m.end() for m in BREAK.finditer(text, 0, pos)]
    clause = starts[-1]
    if owner is not None and owner.start >= clause:  # a person named in the fact's own clause owns it, unless
        return bool(COUPLE.search(text, owner.end, pos))  # 我儿子16个月了…我们两个都在上班有五险的: the parents
    window = text[starts[-2] if len(starts) > 1 else 0 : next((m.start() for m in BREAK.finditer(text, pos)), len(text))]
    return bool(WE_PARENTS.search(window))


def _together(text: str, a: Mention, b: Mention) -> bool:
    """我们全家 / 我跟老公都是…: a fact said of several people at once belongs to each."""
    lo, hi = sorted((a, b), key=lambda m: m.start)
    between = text[lo.end : hi.start]
    return len(between) <= 2 and bool(re.fullmatch(r"(?:和|跟|与|、|还有)?", between)) and "都" in text[hi.end : hi.end + 4]


def members(text: str, facts: list, need_age: bool = True) -> list[tuple[Mention, list]]:
    """A message about several people (我42、老婆40、孩子9岁读小学、我妈70，都是杭州户口): each person named
    with personal facts of their own, in order, with those facts, and the facts said of everyone (都…)
    given to each. Fewer than two such people: [] (the message is about one person, see ``attribute``)."""
    found = [m for m in _resolve_pronouns(mentions(text)) if m.who != "child_parent"]
    personal = [f for f in facts if f.name in PERSONAL or (f.name == "affirm" and f.group == -1)]  # -1: read_replies.PER_PERSON
    who = owners(text, [(f.start, f.end) for f in personal], found)
    people: dict[tuple, tuple[Mention, list]] = {}
    shared = []
    for fact, owner in zip(personal, who, strict=True):
        if owner is None:
            shared.append(fact)
        elif owner.who != "child_parent" and not (_newborn_fact(fact) and owner.who != "child"):  # (not a parent's)
            for person in [owner] + [m for m in found if m is not owner and _together(text, m, owner)]:  # 我和老公都45岁
                people.setdefault(_identity(person), (person, []))[1].append(fact)
    # A family is two or more people each with an age of their own (the speaker's 职工医保 beside a child's
    # age is about the child: ``attribute`` reads it as the parent's).
    named = [entry for entry in people.values() if any(f.name in AGE_FACTS or not need_age for f in entry[1])]
    if CALLER_DESCRIBED.search(text):  # 来电人(女 55岁)咨询其孙…: an agent's note describes the caller, not a member
        named = [entry for entry in named if not entry[0].text.startswith("来电人")]
    if len(named) < 2:
        return []
    named.sort(key=lambda entry: entry[0].start)
    return [(person, own + [f for f in shared if f.name not in {g.name for g in own}]) for person, own in named]
