"""A family in the conversation (issue 13): several people in one message become members; the form asks
what is still missing member by member, naming whom it asks about; the answer is the household card.

The slot ``household`` holds ``{"members": [{"label", "who", "slots"}], "asking": {"label", "fact"} |
None}``: each member's own slots, read from its facts by the same slot logic as one person
(``actions.slots.updates``), so every reading rule (户口 against the region, ages, yes/no answers)
is the same. Shared facts (the region, the payment date) stay in the conversation's slots. A single
person never enters this path: the slot stays empty and everything works as before.
"""

from __future__ import annotations

from policies import household as engine_household

from .slots import PERSON_SLOTS, contract_facts, updates

HOUSEHOLD = "household"
NEXT = "household_next"
SHARED_KEYS = ("region", "region_unsupported", "pay_date", "question", "tier")
ASKABLE = ("age", "hukou", "student", "school_local", "employee_insured", "parent_employee_insured",
           "parent_employee_years", "residence_permit", "special", "gap_years")  # fmt: skip
MAX_MEMBERS = 8
# The quick reply 再查一位家人 after one person's answer: that person and a family member still to be named.
ANOTHER_PAYLOAD = '/inform{"subject": "other"}'
PLACEHOLDER = "家人"
# Facts asked once for the whole family when several members lack them ("这几位有没有人…"): an answer
# naming nobody (都没有 / 都不是) is everyone's; a yes that names nobody is asked again one by one.
FAMILY_FACTS = ("employee_insured", "special")
EVERYONE = "*"
NAMES = {"我": "您", "本人": "您", "我妈": "您母亲", "我爸": "您父亲", "妈妈": "您母亲", "爸爸": "您父亲", "老婆": "您爱人",
         "老公": "您爱人", "我老婆": "您爱人", "我老公": "您爱人", "爱人": "您爱人", "媳妇": "您爱人",
         "家人": "这位家人"}  # fmt: skip


def addressed(label: str) -> str:
    """How a question names a member: 我 → 您, 我妈 → 您母亲, 我婆婆 → 您婆婆, 孩子 → 孩子."""
    if label in NAMES:
        return NAMES[label]
    return "您" + label[1:] if label[:1] in "我俺" else label


def active(slots: dict) -> bool:
    return bool((slots.get(HOUSEHOLD) or {}).get("members"))


def _member_slots(base: dict, entities: list, intent: str | None, coverage_year, today, requested=None):
    """A member's slot changes from its entities, read as the one-person slot logic reads them."""
    slots = {**base, "requested_slot": requested}
    return updates(slots, intent, entities, coverage_year=coverage_year, today=today)


def _clean(slots: dict) -> dict:
    return {k: v for k, v in slots.items() if k in PERSON_SLOTS and v is not None} | (
        {"subject": slots["subject"]} if slots.get("subject") else {})


MESSAGE_CUES = ("cue", "below_years")  # how the whole message stands as a reply (bot/components/reply_cues.py)
EARLIER = {"self": "我", "child": "孩子", "parent": "老人", "spouse": "爱人", "mother": "我妈", "father": "我爸"}


def _earlier_person(slots: dict) -> dict | None:
    """The person asked about so far, as a member, when they have facts of their own."""
    own = {k: v for k, v in slots.items() if k in PERSON_SLOTS and v is not None}
    if not any(k in own for k in ("age", "newborn_days", "birth_date")):
        return None
    who = slots.get("subject") or "self"
    return {"label": EARLIER.get(slots.get("subject_key") or who, EARLIER.get(who, "参保人")), "who": who, "slots": own}


def read(slots: dict, message: dict, entities: list, text: str, coverage_year, today, before=None) -> dict:
    """The slot changes a message makes in household mode (or that start it): ``{}`` when the message
    is not about a family and none is under way. ``before``: the slots before this message (the person
    asked about so far, when "还有…" makes a family of them)."""
    family = next((e["value"] for e in entities if e["entity"] == HOUSEHOLD), None)
    state = slots.get(HOUSEHOLD) or {}
    if family is None and not state.get("members"):
        named = any(e["entity"] == "subject" for e in entities)
        button = text.strip() == ANOTHER_PAYLOAD
        another = any(e["entity"] == "cue" and e["value"] == "another" for e in entities)  # 还有我老婆，40: one by one
        earlier = _earlier_person(before or slots) if named and (button or another) else None
        if earlier is None:
            return {}
        state = {"members": [earlier], "asking": None}
        if button:  # 再查一位家人: who it is comes in the answer to the next question
            state = {"members": [earlier, {"label": PLACEHOLDER, "who": "other", "slots": {}}], "asking": None}
            return {HOUSEHOLD: state, NEXT: None}
    intent = (message.get("intent") or {}).get("name")
    members = [dict(m, slots=dict(m["slots"])) for m in state.get("members") or []]
    shared = {k: slots.get(k) for k in SHARED_KEYS if slots.get(k) is not None}
    out: dict = {}

    def apply(member, own_entities, requested=None):
        cues = [e for e in entities if e["entity"] in MESSAGE_CUES and e not in own_entities]  # the message's, for each
        changes = _member_slots({**shared, **member["slots"]}, own_entities + cues, intent, coverage_year, today, requested)
        if changes.get("region") and not shared.get("region"):  # a member's 户口 place, when no region was given
            shared["region"] = out["region"] = changes["region"]
        member["slots"] = _clean({**member["slots"], **changes})

    if family is not None:
        for person in family:
            member = next((m for m in members if _same(m["label"], person["label"])), None)
            if member is None:
                if len(members) >= MAX_MEMBERS:
                    continue
                member = {"label": person["label"], "who": person["who"], "slots": {}}
                members.append(member)
            apply(member, person["entities"])
    elif next((e for e in entities if e["entity"] == "people_facts"), None) is not None:
        # 我妈是低保，我爸不是: each named member gets their own facts, read as answers to what was asked
        asking = state.get("asking") or {}
        for person in next(e["value"] for e in entities if e["entity"] == "people_facts"):
            target = next((m for m in members if _same(m["label"], person["label"])), None)
            if target is not None:
                asked = asking.get("fact") if asking.get("label") in (target["label"], EVERYONE) else None
                apply(target, person["entities"], asked)
    else:
        personal = [e for e in entities if e["entity"] not in ("question", "household", "people_facts")]
        named = next((e for e in entities if e["entity"] == "subject"), None)
        target = None
        if named is not None:
            label = _label(named)
            target = next((m for m in members if _same(m["label"], label)), None)
            unnamed = next((m for m in members if m["label"] == PLACEHOLDER), None)
            if target is None and unnamed is not None:  # the family member asked for after 再查一位家人
                unnamed.update(label=label, who=named["value"])
                target = unnamed
                state = {**state, "asking": {"label": label, "fact": "age", "labels": [label]}}
            if target is None and len(members) < MAX_MEMBERS:  # 还有我爸 / 再加一个我婆婆: a new member
                target = {"label": label, "who": named["value"], "slots": {}}
                members.append(target)
                state = {**state, "asking": {"label": label, "fact": "age", "labels": [label]}}  # 还有我爸，72
        asking = state.get("asking")
        own = [e for e in personal if e["entity"] != "subject"]
        if target is None and asking and asking["label"] == EVERYONE:
            _everyone(members, asking, own, apply, state)
        else:
            if target is None and asking:
                target = next((m for m in members if m["label"] == asking["label"]), None)
            if target is not None:
                requested = asking["fact"] if asking and asking["label"] in (target["label"], EVERYONE) else None
                apply(target, own, requested)
    out[HOUSEHOLD] = {"members": members, "asking": None, "one_by_one": state.get("one_by_one") or []}
    out[NEXT] = None
    return out


def _everyone(members, asking, entities, apply, state) -> None:
    """An answer to a question asked of the whole family: a no (都没有 / 都不是) is everyone's; a yes that
    names nobody cannot be pinned on anyone, so that fact is asked one by one from now on."""
    fact, labels = asking["fact"], set(asking.get("labels") or [])
    for m in members:
        if m["label"] not in labels:
            continue
        before = dict(m["slots"])
        apply(m, entities, fact)
        value = m["slots"].get(fact)
        m["slots"] = before  # only the fact asked: 都不是 to the 职工医保 question says nothing of hardship
        if value in (False, []):
            m["slots"][fact] = value
        elif value is not None:  # "有" for someone unnamed
            state["one_by_one"] = sorted(set(state.get("one_by_one") or []) | {fact})


def _same(a: str, b: str) -> bool:
    """老婆 and 我老婆 are one person; 我妈 and 我爸 are not."""
    return a.lstrip("我俺") == b.lstrip("我俺") if a not in ("我", "本人") else b in ("我", "本人")


def _label(subject_entity: dict) -> str:
    text = (subject_entity.get("text") or "").strip()
    if subject_entity.get("value") == "self" or not text:
        return "我"
    return text


def request(slots: dict, today) -> dict:
    """The household engine's request from the conversation's slots."""
    members = []
    for m in (slots.get(HOUSEHOLD) or {}).get("members") or []:
        facts = contract_facts({**m["slots"], "region": slots.get("region"), "pay_date": slots.get("pay_date")}, today)
        facts.pop("region", None)
        facts.pop("as_of", None)
        members.append({"label": m["label"], **facts})
    as_of = contract_facts({"pay_date": slots.get("pay_date")}, today)["as_of"]
    return {"region": slots.get("region"), "as_of": as_of, "members": members}


def next_question(slots: dict, today) -> dict | None:
    """What to ask next, ``{"label", "fact", "labels"}``: the first fact the first member still misses,
    asked of everyone who misses it (label ``*``) when several do and it is one of FAMILY_FACTS."""
    if not slots.get("region"):
        return None
    answer = engine_household(request(slots, today), today=today)
    if answer.get("status") == "invalid":
        return None
    pending = [p for p in answer["pending"] if any(f in ASKABLE for f in p["missing"])]
    if not pending:
        return None
    first = pending[0]
    fact = next(f for f in first["missing"] if f in ASKABLE)
    lacking = [p["label"] for p in pending if fact in p["missing"]]
    one_by_one = (slots.get(HOUSEHOLD) or {}).get("one_by_one") or []
    if fact in FAMILY_FACTS and len(lacking) > 1 and fact not in one_by_one:
        return {"label": EVERYONE, "fact": fact, "labels": lacking}
    return {"label": first["label"], "fact": fact, "labels": [first["label"]]}


def family_question(asked: dict, slots: dict) -> dict:
    """One question for several members at once; its button is the answer for all of them."""
    from policies.vocabulary import SPECIAL_GROUPS

    from .question_data import subsidised_groups
    from .questions import NO_GROUP, _payload

    names = "、".join(addressed(label) for label in asked["labels"])
    if asked["fact"] == "special":
        groups = "、".join(SPECIAL_GROUPS[g] for g in subsidised_groups(slots["region"]))
        return {"text": f"{names}中，有没有人属于以下可减免个人缴费的群体：{groups}？都不是请选“都不是”；有的话请说是谁，"
                        f"如“我妈是低保”。",
                "buttons": [{"title": "都不是", "payload": _payload(special=NO_GROUP)}]}  # fmt: skip
    return {"text": f"{names}中，有没有人现在参加职工医保（单位缴纳或灵活就业参保的职工医保）？都没有请选“都没有”；"
                    f"有的话请说是谁，如“我老婆有职工医保”。",
            "buttons": [{"title": "都没有", "payload": _payload(employee_insured=False)}]}  # fmt: skip


def member(slots: dict, label: str) -> dict:
    return next(m for m in slots[HOUSEHOLD]["members"] if m["label"] == label)
