"""Rule-based extraction of quote facts from what residents type (Chinese).

``extract("我妈今年六十五，杭州户口，是低保户，一直在交")`` →
``{"age": 65, "hukou_region": "hangzhou", "special": ["dibao"], "gap_years": 0, "subject": "parent"}``.

Fact names and values are those of ``shared/spec/quote-contract.md`` plus a few the dialog resolves
itself: ``hukou_region`` (a supported region tied to 户口/户籍, compared with the conversation's
region), ``region_unsupported``, ``age_approx``, ``birth_year``, ``missed_year``, ``missed_last_year``,
``subject``, ``affirm`` and ``correction``.

How it works: the text is normalised (full-width digits) and private numbers (ID, mobile, bank
card) are masked, keeping every offset. A blank spaCy pipeline with jieba segmentation and an
``EntityRuler`` finds the closed vocabularies (regions from the policy rule book, other places,
hardship groups, school levels, relatives); short, boundary-sensitive words are taken from tokens
only, longer ones also from the raw text in case jieba merged them with a neighbour. Numbers, and
facts that depend on the words around them, are read with regexes on the raw text (the words and
patterns are in ``zh_patterns``). spaCy is imported lazily and the pipeline built once.

Where things are: ``zh_message`` (the message, its vocabulary words, shared helpers), one reader per
kind of fact (``read_places``, ``read_age``, ``read_status``, ``read_groups``, ``read_replies``), ``people``
(whose fact it is), ``reply_cues`` (how the message stands as a reply: 从来没交过, 就在本地, 不到三年…, which
the dialog matches with the question it asked); this module puts their facts together and resolves them.
"""

from __future__ import annotations

import re

from . import english, people, read_age, read_groups, read_places, read_replies, read_status, reply_cues, topics
from .read_replies import PER_PERSON
from .read_status import PAST_BEFORE, STOPPED_AFTER, parent_years
from .reply_cues import HUKOU_WORD
from .zh_message import Fact, Message
from .zh_patterns import DECIDED, GOES_ON, GROUP_UNSURE, HEDGE_AFTER, HEDGE_BEFORE, UNSURE_ANY

# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

GROUPED = {"age_approx": "age", "newborn_days": "age", "gap_approx": "gap_years"}  # kept only with the age they came with


def _all_facts(msg: Message) -> list[Fact]:
    facts = []
    for extractor in (read_places.regions, read_places.hukou, read_places.hukou_at_school, read_age.age, read_age.birth_year,
                      read_status.student, read_status.school_local, read_status.employment, read_status.elliptical,
                      read_status.residence_permit, read_status.other_transfers, read_status.gaps,
                      read_groups.special, read_groups.tier, read_replies.pay_date, read_replies.bare_number,
                      read_replies.bare_year, read_replies.affirm, read_replies.durations, read_replies.replies,
                      read_replies.correction, read_replies.person_answers):  # fmt: skip
        facts += extractor(msg)
    return _hedged(msg, facts)


# A fact said with doubt (好像有 / 应该是低保吧 / 可能断了两年): not taken; ``doubt`` names it, and the
# dialog asks the resident to make sure (actions/slots.py). Ages and places said so are close enough.
HEDGED = ("hukou", "hukou_region", "employee_insured", "parent_employee_insured", "residence_permit", "special", "student",
          "school_local", "gap_years", "parent_employee_years", "affirm", "reply", "duration")  # fmt: skip
CLAUSE_START = re.compile(r"[^，,。；;！!？?\s]*$")


def _hedged(msg: Message, facts: list[Fact]) -> list[Fact]:
    """The facts less those said with doubt in their clause, and a ``doubt`` fact naming each."""
    kept, doubts = [], []
    for fact in facts:
        if fact.name in HEDGED:
            clause = CLAUSE_START.search(msg.text[: fact.start]).group()
            decided = DECIDED.search(clause)  # 那就算没有吧: a choice made, not a doubt
            if not decided and (HEDGE_BEFORE.search(clause) or HEDGE_AFTER.match(msg.text[fact.end : fact.end + 12])):
                doubts.append(Fact("doubt", fact.name, fact.start, fact.end))
                if fact.name == "hukou_region":  # 户口应该在余姚吧: the region stands, the 户口 is asked
                    kept.append(Fact("region", fact.value, fact.start, fact.end))
                continue
        kept.append(fact)
    group_unsure = GROUP_UNSURE.search(msg.text)  # 村里说我们家是低保边缘，后来又说不是，到底是不是我也搞不清
    if group_unsure:
        unsure_of = [f for f in kept if f.name == "special" and f.start < group_unsure.start()]
        doubts += [Fact("doubt", "special", f.start, f.end) for f in unsure_of]
        kept = [f for f in kept if f not in unsure_of]
    unsure = UNSURE_ANY.search(msg.text)
    # 以前厂里交过，现在不知道还有没有: a reply in doubt
    if unsure and not doubts and not any(f.name in ("affirm", "reply") for f in kept):
        doubts.append(Fact("doubt", "affirm", *unsure.span()))
    doubted = {d.value for d in doubts}  # (灵活就业交的社保…好像只交了养老: the other reading is not taken either)
    return [f for f in kept if f.name not in doubted] + doubts


LONG_MESSAGE = 300  # characters; longer text is usually a paste (a notice, an SMS) with facts not about the resident
SENTENCE = re.compile(r"[^。！!？?\n]+")


def _plain_sentences(msg: Message) -> list[tuple[int, int]]:
    """In a long message, the resident's own words around a paste: its first and last sentences, when
    short and naming a person (帮我看看这个，我妈70岁 / …… 我妈70岁能交吗). The middle is the pasted text,
    whose examples (我65岁…, 新生儿…) are nobody's facts here."""
    sentences = [m for m in SENTENCE.finditer(msg.text) if m.group().strip()]
    ends = sentences[:1] + sentences[-1:] if len(sentences) > 1 else sentences
    def own(text: str) -> bool:  # the resident speaking (我 / 我妈 / 俺娘), not a notice's 新生儿 or 参保人
        return any(m.who == "speaker" or m.text[:1] in "我俺咱" for m in people.mentions(text))

    return [m.span() for m in ends if len(m.group()) <= 80 and own(m.group())]


def _plainly_stated(facts: list[Fact], keep: list[tuple[int, int]]) -> list[Fact]:
    """In a long message, only the facts of its plain sentences: a pasted notice's dates, groups, places
    and the people it names (参保人员, 子女…) are not the resident's."""
    return [f for f in facts if f.name != "pay_date" and any(s <= f.start and f.end <= e for s, e in keep)]


def _with_people(msg: Message, facts: list[Fact]) -> list[Fact]:
    """Only the facts of the person asked about, and that person as the fact ``subject``."""

    def for_child(fact: Fact, name: str) -> list[Fact]:
        found = [Fact(name, fact.value, fact.start, fact.end)]
        if name == "parent_employee_insured" and fact.value:
            years = parent_years(msg, fact.start)
            found += [years] if years else []
        return found

    kept, subject = people.attribute(msg.text, facts, for_child)
    if subject is not None:
        code = "self" if subject.who == "speaker" else subject.who
        kept.append(Fact("subject", code, subject.start, subject.end))
        kept = [f for f in kept if f.name != "subject_text"]
    return kept


# Facts whose two different values in one message (no correction said) are asked about, not chosen.
ASK_ON_CONFLICT = ("employee_insured", "hukou", "student")


def _key(value):
    return tuple(value) if isinstance(value, list) else value


NOW_BEFORE = re.compile(r"(?:现在|目前|如今|后来|然后|又|重新|续了?|自己续了?)[^，,。]{0,8}$")


def _superseded(facts: list[Fact], name: str, text: str = "") -> Fact | None:
    """The 职工医保 that holds now when one message says it changed, else None: 以前有职工医保，后来停了 (a
    later False after an earlier True); 以前单位交的，离职后自己续了灵活就业职工医保 (the last, said as now)."""
    if name != "employee_insured":
        return None
    ordered = sorted((f for f in facts if f.name == name), key=lambda f: f.start)
    last = ordered[-1]
    changed = STOPPED_AFTER.search(text[max(0, last.start - 6) : last.end + 6]) or any(
        PAST_BEFORE.search(text[max(0, f.start - 10) : f.start]) for f in ordered[:-1])  # fmt: skip
    if last.value is False and all(f.value is True for f in ordered[:-1]) and changed:
        return last
    now = NOW_BEFORE.search(text[max(0, last.start - 12) : last.start]) or GOES_ON.search(text, last.start, last.end)
    if last.value is True and now:
        return last
    return None


PERMIT_AFTER = re.compile(r"(?:的)?居住证")  # 有上海的居住证: the permit's place (read_status), not a place to enroll


def _resolve(facts: list[Fact], text: str = "") -> list[Fact]:
    """One fact per name (special, special_not: one per group); on a correction the last mention wins."""
    correcting = any(f.name == "correction" for f in facts)
    ordered = sorted(facts, key=lambda f: f.start, reverse=correcting)
    chosen: dict[str, Fact] = {}
    specials: dict[object, Fact] = {}
    for fact in ordered:
        if fact.name in ("special", "special_not"):
            specials.setdefault((fact.name, fact.value), fact)
        elif fact.name not in GROUPED:
            chosen.setdefault(fact.name, fact)
    for fact in ordered:
        owner = chosen.get(GROUPED.get(fact.name, ""))
        if owner is not None and owner.group == fact.group:
            chosen.setdefault(fact.name, fact)
    if not correcting:  # 我有职工医保…没有职工医保 in one message, no correction said: ask, never pick one
        for name in ASK_ON_CONFLICT:
            if len({_key(f.value) for f in facts if f.name == name}) < 2:
                continue
            now = _superseded(facts, name, text)
            if now is not None:
                chosen[name] = now
            else:
                chosen.pop(name, None)
                for grouped, owner in GROUPED.items():
                    if owner == name:
                        chosen.pop(grouped, None)
    regions = sorted((f for f in facts if f.name == "region" and not PERMIT_AFTER.match(text, f.end)), key=lambda f: f.start)
    if not correcting and len({f.value for f in regions}) > 1 and "region_open" not in chosen:
        # 退休职工医保在上海，人住杭州 / 我在余姚上班，现在住上海: two regions held, neither said to be where one
        # enrolls: asked, never the first one named (places one has left are dropped before: read_places._now_over_then)
        chosen.pop("region", None)
        chosen["region_open"] = Fact("region_open", True, regions[0].start, regions[0].end)
    parents = [f for f in facts if f.name == "parent_employee_insured"]
    if len({f.value for f in parents}) > 1:  # 他爸交的是居民医保，他妈单位交职工医保: one parent is enough
        chosen["parent_employee_insured"] = next(f for f in parents if f.value is True)
    hukou = chosen.get("hukou")
    if "hukou_region" in chosen and hukou is not None and hukou.value == "nonlocal" and not HUKOU_WORD.search(
            text[hukou.start : hukou.end]) and "户口" in text[chosen["hukou_region"].start - 12 : chosen["hukou_region"].start]:
        del chosen["hukou"]  # 我是外地嫁过来的，户口去年迁到上海了: where one came from yields to the 户口 said
        hukou = None
    places = {f.value for f in chosen.values() if f.name == "region"}
    if "hukou_region" in chosen and hukou is not None and hukou.value == "nonlocal" and (
            not places or places == {chosen["hukou_region"].value}):
        # 我户口在杭州，哦不对，我户口迁回老家江西了: the later one on a correction; else two 户口 — asked
        later = max((hukou, chosen["hukou_region"]), key=lambda f: f.start)
        for name in ("hukou", "hukou_region"):
            if not correcting or chosen[name] is not later:
                del chosen[name]
        hukou = chosen.get("hukou")
    if "hukou_region" in chosen and hukou is not None and hukou.value == "local":
        del chosen["hukou"]  # 杭州本地户口: the dialog compares the region itself
    elif hukou is not None and hukou.value == "local" and "region_unsupported" in chosen and "region" not in chosen:
        del chosen["hukou"]  # 我在黑龙江鹤岗，户口也在这: local to a place not held, which means nothing here
    for (name, value), fact in list(specials.items()):  # 我家是低保户，我儿子说他不算: the later word holds for them
        ruled_out = specials.get(("special_not", value))
        said_of_one = ruled_out is not None and text[ruled_out.start : ruled_out.start + 1] in ("我", "俺", "他", "她")
        if name == "special" and said_of_one and ruled_out.start > fact.start and not correcting:
            del specials[(name, value)]
    if sum(name == "special" for name, _ in specials) > 1:
        specials.pop(("special", None), None)  # a group named and 都不是: the group
    result = list(chosen.values()) + list(specials.values())
    return sorted(result, key=lambda f: (f.start, f.name))


def _entity(msg: Message, fact: Fact) -> dict:
    value = [] if fact.name == "special" and fact.value is None else fact.value
    return {"entity": fact.name, "value": value, "start": fact.start, "end": fact.end,
            "text": msg.raw[fact.start : fact.end]}  # fmt: skip


def _entities_of(msg: Message, facts: list[Fact]) -> list[dict]:
    """The facts as entities; a person named (``subject``) also as ``subject_key``, 我妈 told from 我爸."""
    entities = []
    for fact in facts:
        entities.append(_entity(msg, fact))
        if fact.name == "subject":
            key = people.subject_key(fact.value, entities[-1]["text"])
            entities.append({**entities[-1], "entity": "subject_key", "value": key})
    return entities


def _household(msg: Message, facts: list[Fact], need_age: bool = True) -> list[dict]:
    """Several people with facts of their own in one message: ``[{"label", "who", "entities"}]`` (each
    person's facts as entities, resolved as for one person; a yes/no said of one of them as ``affirm``),
    else []. ``need_age``: each has an age (a family told at once)."""
    family = []
    for person, own in people.members(msg.text, facts, need_age):
        own = [Fact("affirm", f.value, f.start, f.end) if f.group == PER_PERSON else f for f in own]
        who = "self" if person.who == "speaker" else person.who
        label = "我" if who == "self" else person.text
        family.append({"label": label, "who": who, "entities": _entities_of(msg, _resolve(own, msg.text))})
    return family


def extract_entities(text: str) -> list[dict]:
    """The facts in ``text`` as Rasa-style entities: entity, value, start, end, text (one per fact;
    ``special`` one per group, or a single entity with value ``[]`` for 都不是). A message in English or
    pinyin is read through its Chinese gloss (``english``); its facts then span the whole message."""
    glossed = english.gloss(text or "")
    if glossed is not None:
        return [{**e, "start": 0, "end": len(text)} for e in _entities(glossed)]
    return _entities(text or "")


YOUNG_CHILD = 12  # an age below this, with no one named, is a child's: the one typing is a parent


def _entities(text: str) -> list[dict]:
    msg = Message(text)
    entities = []
    facts = _all_facts(msg)
    long = len(msg.text) > LONG_MESSAGE
    if long:
        plain = _plain_sentences(msg)
        facts = _plainly_stated(facts, plain)
    family = _household(msg, facts)
    about = _with_people(msg, [f for f in facts if f.group != PER_PERSON])
    if long:  # the person a pasted text names is not the one asked about
        about = [f for f in about if f.name != "subject" or _plainly_stated([f], plain)]
    if not any(f.name == "subject" for f in about) and not people.mentions(msg.text):
        child = next((f for f in about if f.name == "special" and f.value in people.CHILD_GROUPS), None)
        others = [f for f in about if f.name in people.PERSONAL | {"region", "region_unsupported"} and f.name != "special"]
        if child is not None and others:  # 困境儿童 在杭州: a group only a child belongs to (孤儿 alone answers a question)
            about.append(Fact("subject", "child", child.start, child.end))
    if not any(f.name == "subject" for f in about) and not people.mentions(msg.text) and any(
            f.name == "newborn_days" or (f.name == "age" and isinstance(f.value, (int, float)) and f.value < YOUNG_CHILD)
            for f in about):  # 现在2岁8个月，余姚户口: no one named, and no speaker is two years old
        age = next(f for f in about if f.name in ("age", "newborn_days"))
        about.append(Fact("young_subject", "child", age.start, age.end))  # a first message's; not a reply's
    entities += _entities_of(msg, _resolve(about, msg.text))  # one person's reading; a family's is the entity below
    if family:
        entities.append({"entity": "household", "value": family, "start": 0, "end": len(msg.text), "text": msg.raw})
    else:  # several people, facts or yes/no of their own but not all with an age: a family under way reads this
        several = _household(msg, facts, need_age=False)
        if several:
            entities.append({"entity": "people_facts", "value": several, "start": 0, "end": len(msg.text), "text": msg.raw})
    asked = topics.question(msg.text)
    if asked:  # what the resident asks in so many words: the answer leads with it
        code, start, end = asked
        entities.append({"entity": "question", "value": code, "start": start, "end": end, "text": msg.raw[start:end]})
    entities += [_entity(msg, cue) for cue in reply_cues.cues(msg)]  # how it stands as a reply (the dialog decides)
    return entities


NOT_FACTS = ("question", "household", "people_facts", "cue", "below_years", "subject_key")


def extract(text: str) -> dict:
    """The normalised facts found in ``text``; only the keys actually found (not the question asked)."""
    facts: dict = {}
    for entity in extract_entities(text):
        if entity["entity"] in NOT_FACTS:
            continue  # the question asked, the per-person readings a family conversation uses, the reply cues
        if entity["entity"] in ("special", "special_not"):
            facts.setdefault(entity["entity"], [])
            if entity["value"] != []:
                facts[entity["entity"]].append(entity["value"])
        else:
            facts[entity["entity"]] = entity["value"]
    return facts
