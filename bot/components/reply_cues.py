"""Cues the dialog needs beside the facts: how a message stands as a reply to the question just asked.

The extractor reads no question (NLU sees one message); these say what the words are, and the slot
logic (``actions/slots.py``) decides what they answer, given the question asked. Each is an entity
``cue`` whose value names it (``below_years`` carries the number of years):

- ``never_paid``: 从来没交过 / 一次都没交 — the longest gap, to the gap question;
- ``paid_elsewhere``: 在老家交的 / 是外地交的 — a 职工医保 of another place, to the parents' question;
- ``here``: 就在本地 / 这边的学校 — the whole reply says "here", to the school question;
- ``hukou_word``: 户口 / 户籍 is said (在上海读，不过户口在外地: the 户口 is said beside the school's place);
- ``speaker_with``: the 我 of 户口跟我在江苏 — whom something goes with, not whom the message is about;
- ``another``: 还有 / 再加一个 / 再问下 at the start — one more person of a household;
- ``short``: a message of at most ``SHORT_REPLY`` characters (a classifier's yes or no counts only then);
- ``done`` / ``not_done``: 办了在有效期内 / 我们俩都没办 — a 居住证 had or not, to the 居住证 question;
- ``below_years``: 不到三年 / 一年不到 — below that many years, to the parents' 职工医保 years question.
"""

from __future__ import annotations

import re

from base.numerals import parse_number

from .zh_message import Fact, Message

NEVER_PAID = re.compile(r"(?:从来|从|一直|都|还|根本)(?:就)?没(?:有)?(?:交|缴|参保|买)过|一次(?:都|也)没(?:交|缴)")
PAID_ELSEWHERE = re.compile(r"(?:在|是)(?:老家|外地|外省|外市|别的地方|其他地方)(?:交|缴|参保|上班)")
HERE = re.compile(
    r"^\s*(?:是的?[，,\s]*)?(?:就|也|都)?(?:在)?(?:本地|这边|这里|当地|家门口|市里)(?:的|上的)?(?:学校)?[啊呀吧哦的]?\s*$"
)
HUKOU_WORD = re.compile(r"户口|户籍")
SPEAKER_WITH = re.compile(r"(?<=[跟随和同与])(?:我|俺)")
ANOTHER = re.compile(r"^(?:那|对了|另外)?(?:还有|再加(?:一个|一位|上)?|加上|以及|再算(?:一个|一位|上)?|再问(?:一个|一位|下)?)")
BELOW = re.compile(r"(?:不到|不满|没满|未满|没到|还不到)\s*(?P<n>\d+|[一二两三四五六七八九十])\s*年"
                   r"|(?P<m>\d+|[一二两三四五六七八九十])\s*年(?:都)?不到")
# 办了在有效期内 / 上个月刚办下来 / 我们俩都没办 / 还在办: a 居住证 (or anything asked 办没办) done or not
DONE = re.compile(
    r"^\s*(?:嗯+|是的?|对)?[，,\s]*(?:已经|早就|早|上个月|去年|今年)?(?:刚|都)?(?:办了|办好了?|办下来了?|办过了?|已办|办的有)"
)
DONE_UNDONE = re.compile(r"过期|到期|失效|作废|注销|在(?!有效期)")  # 办过，已经过期了 / 办了在慈溪的: not one held here
NOT_DONE = re.compile(
    r"^\s*(?:我们俩|我们|俩人|两个人|他|她|孩子)?(?:都|也|还)?(?:没|没有|未)(?:去)?(?:办|办理)|^\s*(?:还在|正在|在)办"
)
SHORT_REPLY = 12  # characters: a longer message with no yes or no read in it is not one on the classifier's word

SEARCHED = (("never_paid", NEVER_PAID), ("paid_elsewhere", PAID_ELSEWHERE), ("hukou_word", HUKOU_WORD))


def cues(msg: Message) -> list[Fact]:
    text = msg.text
    found = [Fact("cue", name, *m.span()) for name, pattern in SEARCHED for m in [pattern.search(text)] if m]
    for name, pattern in (("done", DONE), ("not_done", NOT_DONE)):
        m = pattern.match(text)
        if m and len(text) <= 20 and not (name == "done" and DONE_UNDONE.search(text, m.end())):
            found.append(Fact("cue", name, *m.span()))
    here = HERE.match(text)
    if here:
        found.append(Fact("cue", "here", *here.span()))
    lead = len(text) - len(text.lstrip())
    another = ANOTHER.match(text, lead)
    if another:
        found.append(Fact("cue", "another", *another.span()))
    found += [Fact("cue", "speaker_with", *m.span()) for m in SPEAKER_WITH.finditer(text)]
    if text.strip() and len(text) <= SHORT_REPLY:
        found.append(Fact("cue", "short", 0, len(text)))
    below = BELOW.search(text)
    years = parse_number(below.group("n") or below.group("m")) if below else None
    if years is not None:
        found.append(Fact("below_years", years, *below.span()))
    return found
