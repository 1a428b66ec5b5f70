"""Messages in English or in pinyin ("my mom is 67, Yuyao hukou", "jumin yibao duoshao qian hangzhou"),
glossed into the Chinese the fact reader knows, so that what they state is read like any other message.

``gloss(text)`` → the glossed text, or ``None`` when the message has no English or pinyin words to gloss.
Number words go through ``text2num`` (``sixty-five`` → 65, MIT, compiled inside its wheel, no download);
place names spelled in pinyin come from the administrative-division table (``places``) through
``pypinyin``, and only when the spelling names one place (``hangzhou`` → 杭州, ``xian`` → 西安). The
phrases are the few a resident uses about the facts that decide an answer (who, age, 户口, 职工医保,
school, 低保): what is not glossed stays as it was and is simply not read.
"""

from __future__ import annotations

import re
from functools import lru_cache

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
LATIN_BESIDE_HAN = re.compile(r"(?<=[\u4e00-\u9fff])(?=[a-z])|(?<=[a-z])(?=[\u4e00-\u9fff])")

# (pattern, Chinese): applied in order on the lower-cased text; earlier phrases are taken first.
PHRASES = [
    # what is asked, and the answers to the form's questions that have no Chinese word in them
    (r"\bhow\s+much\b", " 多少钱 "),
    (r"\bwhen\s+(?:can|does|will|could)\b[^?.!]*?\b(?:use|start|begin|cover(?:ed|age)?|effective)\b", " 什么时候能用 "),
    (r"\b(?:deadline|when\s+(?:should|do|can|must)\s+i\s+pay)\b", " 什么时候交 "),
    (r"\b(?:how|where)\s+(?:do|can|should)\s+i\s+pay\b", " 怎么交 "),
    (r"\b(?:never\s+(?:stopped|missed|broke(?:n)?)|always\s+paid|continuous(?:ly)?(?:\s+paid)?|no\s+gaps?)\b", " 一直连续参保 "),
    (r"\bnone\s+of\s+(?:these|them|the\s+above)\b", " 都不是 "),
    # "my 5 year old son": the person first, then the age (as 我儿子5岁)
    (r"\b(?:my\s+)?(\d{1,3})[\s-]*(?:years?|yrs?)[\s-]*old\s+(sons?|daughters?|child|kid|boy|girl|baby)\b",
     r" my \2 \1 years old "),
    # who
    (r"\b(?:my\s+)?(?:mom|mum|mother|mama|mommy)\b", " 我妈 "),
    (r"\b(?:my\s+)?(?:dad|father|papa|daddy)\b", " 我爸 "),
    (r"\b(?:my\s+)?parents\b", " 我父母 "),
    (r"\b(?:my\s+)?(?:grandma|grandmother|granny)\b", " 我奶奶 "),
    (r"\b(?:my\s+)?(?:grandpa|grandfather)\b", " 我爷爷 "),
    (r"\b(?:my\s+)?(?:mother|father)[- ]in[- ]law\b", " 我婆婆 "),
    (r"\b(?:my\s+)?sons?\b", " 我儿子 "),
    (r"\b(?:my\s+)?daughters?\b", " 我女儿 "),
    (r"\b(?:my\s+)?(?:child|kid|children|kids)\b", " 我孩子 "),
    (r"\b(?:my\s+)?(?:baby|newborn)\b", " 我宝宝 "),
    (r"\b(?:my\s+)?wife\b", " 我老婆 "),
    (r"\b(?:my\s+)?husband\b", " 我老公 "),
    (r"\b(?:boy|girl)\b", " 孩子 "),
    # age
    (r"\b(\d{1,3})\s*-?\s*(?:years?|yrs?|y/?o)(?:\s*-?\s*old)?\b", r" \1岁 "),
    (r"\b(\d{1,3})\s*-?\s*(?:days?)\s*-?\s*old\b", r" 出生\1天 "),
    (r"\bage[ds]?\s*:?\s*(\d{1,3})\b", r" \1岁 "),
    (r"\b(?:i\s*am|i'm|i’m|im|she\s+is|he\s+is|she's|he's|is)\s+(\d{1,3})\b(?!\s*(?:yuan|rmb|元|块|年))", r" \1岁 "),
    (r"\b(?:i|me|myself)\b", " 我 "),
    # 户口
    (r"\b(?:hukou|household\s+registration|registered\s+residence)\s+(?:is\s+)?(?:not\s+(?:local|here)|non-?local|elsewhere)\b",
     " 外地户口 "),
    (r"\b(?:non-?local|not\s+local|out-of-town|migrant|other\s+province)\s+(?:hukou|household\s+registration)\b", " 外地户口 "),
    (r"\b(?:local\s+(?:hukou|household\s+registration)|(?:hukou|household\s+registration)\s+(?:is\s+)?local)\b",
     " 本地户口 "),
    (r"\s*(?<![a-z])(?:hukou|household\s+registration)(?![a-z])", "户口 "),  # (hukou不在这边: no \b before 不)
    # 职工医保
    (r"\b(?:no|not|don'?t\s+have|do\s+not\s+have|doesn'?t\s+have|without|haven'?t)\s+(?:any\s+)?"
     r"(?:employee|employer|employment|work|staff)(?:\s+medical)?(?:\s+health)?\s+insurance\b", " 没有职工医保 "),
    (r"\b(?:employee|employer|employment|staff)(?:\s+medical)?(?:\s+health)?\s+insurance\b", " 职工医保 "),
    (r"\bresident(?:s')?(?:\s+basic)?(?:\s+medical|\s+health)?\s+insurance\b", " 居民医保 "),
    # school
    (r"\b(?:stud(?:y|ies|ying)|student)\s+at\s+(?:a\s+)?(?:university|college)\b", " 在读大学 "),
    (r"\b(?:stud(?:y|ies|ying)|student)\s+(?:at|in)\b", " 在读大学 在 "),
    (r"\b(?:university|college|undergraduate|postgraduate|graduate\s+student|phd)\b", " 大学 "),
    (r"\b(?:primary|elementary)\s+school\b", " 小学 "),
    (r"\b(?:middle|junior\s+high)\s+school\b", " 初中 "),
    (r"\bhigh\s+school\b", " 高中 "),
    (r"\b(?:kindergarten|preschool|nursery)\b", " 幼儿园 "),
    # where
    (r"\b(?:work(?:s|ing)?|live(?:s)?|living|stay(?:s|ing)?)\s+in\b", " 在 "),
    (r"\bin\b", " 在 "),
    (r"\b(?:residence|resident)\s+permit\b", " 居住证 "),
    # hardship
    (r"\b(?:dibao|minimum\s+living\s+(?:allowance|guarantee)|low[- ]income\s+subsidy)\b", " 低保 "),
    # pinyin words residents type for the domain's own
    (r"\bju\s?min\s+yi\s?bao\b", " 居民医保 "),
    (r"\byi\s?bao\b", " 医保 "),
    (r"\bwo\s?ma\b", " 我妈 "),
    (r"\bwo\s?ba\b", " 我爸 "),
    (r"\bhai\s?zi\b", " 孩子 "),
    (r"\b(\d{1,3})\s*sui\b", r" \1岁 "),
    (r"\bduo\s?shao\s+qian\b", " 多少钱 "),
]
_COMPILED = [(re.compile(p), c) for p, c in PHRASES]
DOMAIN_PINYIN = {"hukou", "yibao", "dibao", "shebao", "jumin", "huji"}  # spelled like places (湖口), never one here


@lru_cache(maxsize=1)
def _pinyin_places() -> dict[str, str]:
    """Toneless pinyin of a place's name (short form and full name) → the name, for spellings that name
    exactly one place; a held region's names first (``yangling`` → 杨凌 or 杨陵, the same region)."""
    from pypinyin import lazy_pinyin

    from policies.rulebook import default_rulebook

    from . import places

    spelled: dict[str, set] = {}
    for name in places.table():
        spelled.setdefault("".join(lazy_pinyin(name)), set()).add(name)
    out = {key: min(names, key=len) for key, names in spelled.items() if len(names) == 1 or _same_place(names)}
    for region in default_rulebook().regions.values():  # a region held wins over a place elsewhere spelled alike
        for alias in (region.name, *region.aliases):
            out["".join(lazy_pinyin(alias))] = alias
    return out


def _same_place(names: set) -> bool:
    """西安 and 西安市: one place written two ways."""
    shortest = min(names, key=len)
    return all(n.startswith(shortest) for n in names)


def _place(match: re.Match) -> str:
    word = match.group().lower().replace("'", "").replace("’", "")
    name = _pinyin_places().get(word) if word not in DOMAIN_PINYIN else None
    return f" {name} " if name else match.group()


def gloss(text: str) -> str | None:
    """The message with its English and pinyin words in Chinese, or ``None`` when there are none."""
    words = LATIN_WORD.findall(text or "")
    if not words:
        return None
    from text_to_num import alpha2digit

    spaced = LATIN_BESIDE_HAN.sub(" ", text.lower())  # 有residence permit: a word boundary before the English
    lowered = alpha2digit(spaced, "en")
    for pattern, chinese in _COMPILED:
        lowered = pattern.sub(chinese, lowered)
    lowered = LATIN_WORD.sub(_place, lowered)
    glossed = re.sub(r"\s+", " ", lowered).strip().replace(" 户口", "户口")  # yuyao hukou → 余姚户口
    glossed = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", glossed)  # 户口 不在这边 → 户口不在这边
    return glossed if glossed != re.sub(r"\s+", " ", spaced).strip() else None
