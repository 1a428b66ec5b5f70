"""Pure slot logic: what a user message changes in the conversation's facts, and the facts object
the policy engine reads. No rasa_sdk here, so it is tested with plain dicts.

Slot names are the quote contract's fact names (shared/spec/quote-contract.md) plus a few the
dialog keeps for itself: ``hukou_region`` (a region tied to 户口, compared with ``region``),
``region_unsupported``, ``age_approx``, ``subject``/``subject_key`` (whom the facts are about),
``question`` (what the resident asked) and ``faq_topic``.
"""

from __future__ import annotations

import datetime as _dt

from policies.facts import FIELDS
from policies.vocabulary import ADULT_NOT_STUDENT_AGE

from .question_data import questions, subsidised_groups, threshold_buttons, thresholds, yes_no

# Contract facts the dialog can hold: the engine's list (policies.facts.FIELDS, in the contract's order)
# less what the dialog never asks a resident (the day is today or the payment day said; the year follows).
ENGINE_ONLY = ("coverage_year", "as_of", "continuous_years")
FACT_SLOTS = tuple(name for name in FIELDS if name not in ENGINE_ONLY)
ASIDE = "aside"  # the speaker's own facts said as an aside, applied if the resident then asks about themselves
NOTICE = "notice"  # a line for the resident, said before the next question or answer (common.with_notice)
# Slots the dialog keeps for itself beside the facts (bot/domain/slots.yml has each; tests/test_fact_list.py).
DIALOG_SLOTS = ("pay_date", "region_unsupported", "hukou_region", "age_approx", "gap_approx", "special_not", "subject",
                "subject_key", "question", NOTICE, ASIDE, "faq_topic", "region_name", "unread", "household",
                "household_next")  # fmt: skip
UNREAD = "unread"  # messages kept while the action server was down (bot.faults), read on the next turn

# Everything about the person: cleared when the resident starts asking about someone else.
PERSON_SLOTS = tuple(s for s in FACT_SLOTS if s != "region") + ("hukou_region", "age_approx", "gap_approx", "special_not")
BOOL_SLOTS = ("residence_permit", "school_local", "employee_insured", "parent_employee_insured")
NUMBER_SLOTS = {"age": (0, 120), "gap_years": (0, 30), "parent_employee_years": (0, 50)}
# Entities whose value goes straight into the slot of the same name.
DIRECT = ("hukou", "student", "school_local", "employee_insured", "parent_employee_insured", "parent_employee_years",
          "residence_permit", "transfer", "tier", "gap_years", "region_unsupported", "pay_date")  # fmt: skip
QUESTION_INTENTS = {"ask_fee": "fee", "ask_scheme": "scheme", "ask_waiting": "waiting", "ask_repair": "repair",
                    "ask_window": "window", "ask_channels": "channels"}  # fmt: skip
PARENT_QUESTIONS = ("parent_employee_insured", "parent_employee_years")
NOT_A_NUMBER_QUESTION = ("student", "hukou", "employee_insured", "special", "residence_permit", "school_local")
# Who a reply is about (the extractor's ``reply``: 他爸有 / 我有 / 两个都有): the subject asked about
# (``self`` is the speaker) or everyone at once.
PARENT_REPLY_WHO = ("child_parent", "parent", "speaker", "spouse", "group")
NO_GROUP = "none"  # button payload for 都不是 (Rasa turns a list payload into one entity per item)

AGE_PUT_RIGHT = 10  # years: a bare number put right (不对 六十三了) near the age held is that age corrected
SPEAKER_WORDS = ("我", "俺", "咱", "我是", "俺是")
ASIDE_KEPT = ("region", "question", "pay_date", "tier", "correction", "cue", "below_years")  # not about one person
# Questions about the person's own facts (a parent's 职工医保 or 居住证 does answer for a child, and 我一直给她交
# answers the gap question: those are not asides).
ASIDE_QUESTIONS = ("hukou", "age", "student", "school_local", "employee_insured", "special")


def speaker_aside(slots: dict, entities: list) -> bool:
    """我是外地户口, said while the form asks about someone else (孩子的户口…): the speaker's own fact,
    not an answer about that person and not a request to switch to the speaker (that takes 我自己 /
    问我自己 / 给我交). The person asked about and their facts are kept; the question is asked again."""
    if slots.get("requested_slot") not in ASIDE_QUESTIONS or slots.get("subject") in (None, "self") or slots.get("household"):
        return False
    said = [e for e in entities or [] if e.get("entity") == "subject"]
    if not said or said[-1].get("value") != "self" or (said[-1].get("text") or "").strip() not in SPEAKER_WORDS:
        return False
    with_speaker = {e.get("start") for e in entities if e.get("entity") == "cue" and e.get("value") == "speaker_with"}
    return said[-1].get("start") not in with_speaker  # 户口跟我在江苏: 我 is not who it is about


def aside_entities(entities: list) -> list:
    """What a speaker's aside still says about the conversation (the region, a question, a payment day)."""
    return [e for e in entities or [] if e.get("entity") in ASIDE_KEPT]


def updates(slots: dict, intent: str | None, entities: list, coverage_year=None, today: _dt.date | None = None,
            faq_topic: str | None = None) -> dict:
    """The slot values a message changes: ``{slot: new value}`` (``None`` clears a slot).

    ``coverage_year(region) -> int`` gives the coverage year asked about (for 2025年没交);
    ``today`` turns a birth year into an age.
    """
    new: dict = {}

    def now(name):
        return new[name] if name in new else slots.get(name)

    found: dict[str, list] = {}
    for entity in entities or []:
        found.setdefault(entity["entity"], []).append(entity.get("value"))

    def last(name):
        values = found.get(name)
        return values[-1] if values else None

    correcting = bool(found.get("correction"))
    requested = slots.get("requested_slot")

    # Explicit question words (the extractor's ``question``) decide what the answer leads with; DIET's
    # intent is the fallback (a long message full of facts can pull the intent towards another question).
    asked = last("question") if intent in QUESTION_INTENTS or intent == "inform" else None
    if asked or intent in QUESTION_INTENTS:
        new["question"] = asked or QUESTION_INTENTS[intent]
    if intent == "faq" and faq_topic:
        new["faq_topic"] = faq_topic

    # Whom it is about: a different person starts from a clean slate (the region stays). Answering the
    # questions about a child's parents (他爸有 / 妈妈有，交了两年), a parent named is the child's parent.
    subject = last("subject") if requested not in PARENT_QUESTIONS else None
    if not subject and not requested and not slots.get("subject"):
        subject = last("young_subject")  # 2岁8个月，余姚户口 as a first message: a child (a reply is the person asked)
    if subject:
        key = last("subject_key") or subject  # 我妈 / 我爸: told apart by the extractor
        before = slots.get("subject_key") or slots.get("subject")
        if before is None and any(slots.get(name) is not None for name in PERSON_SLOTS):
            before = "self"  # 上海 32岁 本地户口 … 那我老公呢: the facts so far were the speaker's own
        if before and not correcting and not _same_person(before, key):
            for name in PERSON_SLOTS:
                if slots.get(name) is not None:
                    new[name] = None
        new["subject"], new["subject_key"] = subject, key

    region = last("region")
    if region:
        if slots.get("region") and region != slots.get("region") and "hukou" not in found and "hukou_region" not in found:
            if now("hukou_region") is None and now("hukou") is not None:
                new["hukou"] = None  # 户籍 is relative to the region: ask again for the new one
        new["region"] = region
        new["region_unsupported"] = None
    for name in DIRECT:
        if name in found and not (name == "region_unsupported" and region):
            new[name] = last(name)
    if requested == "parent_employee_insured" and "employee_insured" in found and "parent_employee_insured" not in found:
        new.pop("employee_insured", None)  # 我们都没有职工医保: the parents asked about, not the child
        new["parent_employee_insured"] = last("employee_insured")
    hukou_region = last("hukou_region")
    if hukou_region:
        new["hukou_region"] = hukou_region
        if now("region") is None and not found.get("region_open"):  # region_open: 户口 in one region, work in another
            new["region"] = hukou_region
            new["region_unsupported"] = None
    if (hukou_region or region) and now("hukou_region") and now("region"):
        new["hukou"] = "local" if now("hukou_region") == now("region") else "nonlocal"

    if "gap_years" in found:
        new["gap_approx"] = bool(found.get("gap_approx", [False])[-1])
    _age(found, new, today)
    _special(found, new, slots, correcting)
    ruled_out, region = now("special_not"), now("region")
    if ruled_out and region and now("special") is None and set(subsidised_groups(region)) <= set(ruled_out):
        new["special"] = []  # 不是低保也不是特困…: every group the question would name, so none of them
    if "missed_last_year" in found and "gap_years" not in found:
        new["gap_years"] = 1
    since = last("missed_since")  # 从2024年开始没交: each coverage year from that one to the one before the year asked
    if since is not None and "gap_years" not in found and now("region") and coverage_year:
        years = coverage_year(now("region")) - since
        if 0 < years <= NUMBER_SLOTS["gap_years"][1]:
            new["gap_years"] = years
    missed = last("missed_year")
    if missed is not None and "gap_years" not in found and now("region") and coverage_year:
        if missed == coverage_year(now("region")) - 1:
            new["gap_years"] = 1

    corrected = (found.get("number") or [None])[-1] if correcting else None
    if isinstance(corrected, int) and "age" not in new and isinstance(slots.get("age"), int) and (
            requested not in NUMBER_SLOTS and abs(corrected - slots["age"]) <= AGE_PUT_RIGHT):
        new["age"], new["age_approx"] = corrected, False  # 您的户口…？— 不对 六十三了: the age said just before, put right
    _answer_to_question(requested, intent, found, new, slots, today)
    return {k: v for k, v in new.items() if slots.get(k) != v}


def _same_person(before: str, key: str) -> bool:
    """Whether two subject keys may be the same person (a generic ``parent`` may be 我妈 or 我爸)."""
    return before == key or {before, key} in ({"parent", "mother"}, {"parent", "father"})


def _age(found, new, today):
    if "birth_date" in found:  # exact, from an ID number the channel removed: the engine computes 周岁
        new["birth_date"] = found["birth_date"][-1]
        new["age"], new["age_approx"], new["newborn_days"] = None, False, None
    elif "age" in found:
        age = found["age"][-1]
        new["age"] = int(age) if isinstance(age, float) and age.is_integer() else age
        new["age_approx"] = bool(found.get("age_approx", [False])[-1])
        new["newborn_days"] = found["newborn_days"][-1] if "newborn_days" in found else None
        new["birth_date"] = None
    elif "birth_year" in found and today is not None:
        new["age"] = max(0, today.year - int(found["birth_year"][-1]))
        new["age_approx"] = True  # 周岁 depends on the birthday: the answer says so
        new["newborn_days"] = new["birth_date"] = None


def _special(found, new, slots, correcting):
    if "special_not" in found:  # 不是低保: the question leaves it out (kept for this person, across messages)
        held = [] if correcting or new.get("special_not", slots.get("special_not")) is None else list(slots["special_not"])
        new["special_not"] = list(dict.fromkeys(held + [g for g in found["special_not"] if isinstance(g, str)]))
    if "special" not in found:
        return
    groups = [g for g in found["special"] if g and g != NO_GROUP and not isinstance(g, list)]
    if not groups:
        new["special"] = []
        return
    held = [] if correcting or slots.get("special") is None else list(slots["special"])
    new["special"] = list(dict.fromkeys(held + groups))


def _answer_to_question(requested, intent, found, new, slots, today=None):
    """Short answers to the question just asked: a typed button title, 是/没有 (what they mean for that
    question is in questions.yml), a reply naming a person (他爸有 / 我没有), a length in years, a place
    (for the 户口, school, 居住证 questions), a bare year for the age, a bare number (``number``)."""
    cues = set(found.get("cue") or ())  # how the message stands as a reply (bot/components/reply_cues.py)
    if requested == "parent_employee_insured" and "paid_elsewhere" in cues:
        new.pop("employee_insured", None)  # 我在老家交的职工医保: not this region's (the question asks 在<region>)
        if "hukou_word" not in cues:
            new.pop("hukou", None)  # (是外地交的 says where it is paid, not a 户口)
        new["parent_employee_insured"] = False
        return
    if _place_answers(requested, found, cues, new, slots) or _not_here(requested, found, cues, new, slots):
        return
    if requested == "residence_permit" and cues & {"done", "not_done"} and "residence_permit" not in new:
        new["residence_permit"] = "done" in cues and "not_done" not in cues  # 办了在有效期内 / 我们俩都没办 / 还在办
        return
    if requested == "gap_years" and "never_paid" in cues and "gap_years" not in found:
        new["gap_years"], new["gap_approx"] = _long_gap(), True  # 从来没交过: no 没有 (断缴), the longest gap the buttons name
        return
    where_asked = requested == "region" or (not requested and not slots.get("region") and not set(new) & set(FACT_SLOTS))
    if where_asked and found.get("place_named") and "region" not in new:
        new["region_unsupported"] = found["place_named"][-1]  # 在哪个地区参保？— 鄞州啊，宁波鄞州区: not a region held
        return
    if not requested or requested in new:
        return
    if set(found.get("doubt") or ()) & {requested, "affirm", "reply", "duration"}:
        return  # 好像有 / 应该没断过吧: said with doubt, not taken (action_read_facts asks to make sure)
    extra = []
    if requested == "parent_employee_years" and slots.get("region"):
        extra = threshold_buttons(requested, thresholds(slots["region"], requested))
    typed = _below_threshold(requested, found, extra)
    if typed:
        new.update(typed)
        return

    yes = found.get("affirm", [None])[-1]
    replies = found.get("reply", [None])[-1] or []
    duration = found.get("duration", [None])[-1]
    newborn_permit = requested == "residence_permit" and slots.get("newborn_days") is not None
    for_parents = requested == "parent_employee_insured" or newborn_permit
    if for_parents and any(r["who"] in PARENT_REPLY_WHO for r in replies):  # (a newborn's 居住证 is a parent's)
        yes = any(r["yes"] for r in replies if r["who"] in PARENT_REPLY_WHO)  # 他爸没有，他妈有: one parent is enough
    elif yes is None:
        subject = slots.get("subject") or "self"
        # 我有 / 她没有: said of the person asked about (他/她 when that is someone else)
        mine = [r for r in replies if r["who"] in (("speaker",) if subject == "self" else (subject, "pronoun")) + ("group",)]
        yes = mine[-1]["yes"] if mine else None
    elif found.get("correction") and not for_parents:  # 有..不对 那是我的，他没有: the corrected answer, said of them
        subject = slots.get("subject") or "self"
        mine = [r for r in replies if r["who"] in (("speaker",) if subject == "self" else (subject, "pronoun")) + ("group",)]
        yes = mine[-1]["yes"] if mine else yes
    if requested == "parent_employee_insured" and yes and duration is not None and "parent_employee_years" not in new:
        new["parent_employee_years"] = _years(duration, "parent_employee_years")  # 我有，交了五年
    if requested in ("parent_employee_years", "gap_years") and duration is not None:
        new[requested] = _years(duration, requested)
        return
    place = (found.get("region") or found.get("region_unsupported") or [None])[-1]
    if place and slots.get("region") and requested in ("school_local", "residence_permit", "employee_insured",
                                                       "parent_employee_insured"):  # fmt: skip
        # 在慈溪 (the school) / 有，上海的 (a 居住证 of another place) / 有，在杭州交的 (where that 职工医保 is):
        # the place answers the question; the region asked about stays
        for name in ("region", "region_unsupported", "hukou"):
            if name in found:
                new.pop(name, None)
        here = place == slots["region"]
        if requested == "school_local" and "school_local" not in found:
            new["school_local"] = here
            return
        if requested == "residence_permit" and yes and not here:
            new["residence_permit"] = False  # a 居住证 of another place is not one of this region
            return
    if requested == "school_local" and "hukou" in found and not place and "school_local" not in found:
        new.pop("hukou", None)  # 学校在本地吗？— 本地的 / 外地: the school's place, not the 户口
        new["school_local"] = found["hukou"][-1] == "local"
        return
    if requested == "age" and "year" in found and today is not None and "age" not in new:
        new["age"], new["age_approx"] = max(0, today.year - found["year"][-1]), True  # 1946: a birth year
        return
    other_facts = bool(set(new) & set(FACT_SLOTS))
    if found.get("correction") and (other_facts or "number" in found):
        yes = None  # 不对，安徽户口，不是杭州的: corrects another fact, does not answer this question
    if yes is None and intent in ("affirm", "deny") and not found.get("correction") and not other_facts and "short" in cues:
        yes = intent == "affirm"
    if yes is not None and yes_no(requested, bool(yes)):
        new.update(yes_no(requested, bool(yes)))
    elif requested in BOOL_SLOTS and yes is not None:
        new[requested] = bool(yes)
    elif requested == "special" and yes is False:
        new["special"] = []
    elif requested == "hukou" and slots.get("region") and "hukou_kind" in found and not (
            found.get("region") or found.get("region_unsupported") or found.get("hukou_region")):
        new["hukou"] = "local"  # 您的户口是不是在余姚？— 农村户口: theirs, of the kind named
    elif requested == "hukou" and slots.get("region") and (found.get("region") or found.get("region_unsupported")):
        place = (found.get("region") or [None])[-1]
        new["hukou"] = "local" if place == slots["region"] else "nonlocal"
        new.pop("region", None) if place != slots["region"] else None
        new.pop("region_unsupported", None)
    elif requested in NUMBER_SLOTS and "number" in found:
        value = found["number"][-1]
        low, high = NUMBER_SLOTS[requested]
        if value is not None and low <= value <= high:
            new[requested] = int(value) if requested != "parent_employee_years" else value
    elif requested in NOT_A_NUMBER_QUESTION and "number" in found and slots.get("age") is None and "age" not in new:
        value = found["number"][-1]  # 在上学吗？— 35: no number answers that; with no age known, it is the age
        if isinstance(value, int) and not isinstance(value, bool) and 16 <= value <= 110:
            new["age"], new["age_approx"] = value, False
    if requested == "hukou" and slots.get("region") and new.get("hukou") == "nonlocal" and not found.get("region"):
        new.pop("region_unsupported", None)  # 户口在本地吗？— 不是，在安徽: where the 户口 is, not a place asked about


def _long_gap() -> int:
    """The longest gap the gap question's buttons name (断了4年及以上); the engine counts gap years from 2025
    on (rulings R4) and says so."""
    return max(value["gap_years"] for _, value in questions()["gap_years"]["buttons"])


PLACE_ANSWERS = ("school_local", "residence_permit", "employee_insured", "parent_employee_insured", "student")


def _place_answers(requested, found, cues, new, slots) -> bool:
    """A place in a reply to a question about the person (在上海读大学 / 他爸在宁波市区上班 单位交的 / 有，上海的):
    where the school, the 居住证 or the 职工医保 is — never a change of the region asked about. Whether it is
    that region answers the school and parents' questions. True when that settles the reply."""
    place = (found.get("region") or found.get("region_unsupported") or found.get("place_named") or [None])[-1]
    if not place or requested not in PLACE_ANSWERS or not slots.get("region") or found.get("hukou_region"):
        return False
    said_hukou = "hukou_word" in cues  # (在上海读，不过户口在外地: the 户口 is said as well)
    for name in ("region", "region_unsupported") + (() if said_hukou else ("hukou",)):
        if name in found:
            new.pop(name, None)
    here = place == slots["region"]
    if requested == "school_local" or (requested == "student" and "school_local" in found):
        new["school_local"] = here
        return requested == "school_local"
    if requested == "residence_permit" and not here and (found.get("affirm") or [None])[-1] is True:
        new["residence_permit"] = False  # 办了，在慈溪的: a 居住证 of another place is not one of this region
        return True
    if requested == "parent_employee_insured" and not here and new.get("parent_employee_insured") is not False:
        new["parent_employee_insured"] = False  # 他爸在宁波市区上班 单位交的: a 职工医保 of another place
        new.pop("employee_insured", None)
        return True
    return False


NOT_HERE_ANSWERS = {"hukou": ("hukou", "nonlocal"), "school_local": ("school_local", False),
                    "residence_permit": ("residence_permit", False)}  # fmt: skip


def _not_here(requested, found, cues, new, slots) -> bool:
    """户口是不是在上海？— 不是上海的 / 不是本地的，是宁波市区的: not the region asked about; 学校在本地吗？— 就在本地."""
    if requested not in NOT_HERE_ANSWERS or not slots.get("region") or requested in new:
        return False
    name, value = NOT_HERE_ANSWERS[requested]
    if slots["region"] in (found.get("region_not") or ()) or (found.get("place_named") and requested != "residence_permit"):
        new[name] = value
        return True
    if requested == "school_local" and "here" in cues:
        new["school_local"] = True
        new.pop("hukou", None)  # 本地的: the school's place, not a 户口
        return True
    return False


def _below_threshold(requested: str, found: dict, buttons: list) -> dict:
    """不到三年 / 一年不到, where three (one) years is the line the region's rules draw: that button's value."""
    years = (found.get("below_years") or [None])[-1] if requested == "parent_employee_years" else None
    below = [value for title, value in buttons if years is not None and title == f"不满{years}年"]
    return dict(below[0]) if below else {}


def _years(duration, requested: str):
    """A length said in years as the fact asked: a range (七八年) counts at its less favourable end — the
    fewer years of a parent's 职工医保, the more years of a gap; a gap is whole years."""
    if isinstance(duration, list):
        return duration[0] if requested == "parent_employee_years" else duration[-1]
    return int(duration) if requested == "gap_years" else duration


ADULT_NOT_STUDENT = ADULT_NOT_STUDENT_AGE  # rulings R8, one number for the engine and the dialog


def payment_day(slots: dict, today: _dt.date) -> _dt.date:
    """The day the answer is computed for: the payment date the resident named (rulings R12), else today."""
    named = slots.get("pay_date")
    if named:
        try:
            day = _dt.date.fromisoformat(named)
        except ValueError:
            return today
        return day if day >= today else today
    return today


def presumed_not_student(slots: dict) -> bool:
    """R8: aged 35 or over and nothing said about school."""
    age = slots.get("age")
    return slots.get("student") is None and isinstance(age, (int, float)) and age >= ADULT_NOT_STUDENT


INFANT = 3  # under 3 周岁 (a newborn included) a child is not at school: the school question is not asked


def presumed_infant(slots: dict) -> bool:
    """A baby (新生儿, or under 3) with nothing said about school: 学龄前, never asked 在上学吗."""
    age = slots.get("age")
    baby = slots.get("newborn_days") is not None or (isinstance(age, (int, float)) and age < INFANT)
    return slots.get("student") is None and baby and not slots.get("birth_date")


def contract_facts(slots: dict, today: _dt.date) -> dict:
    """The facts object for ``policies.quote`` from the slots (unknown facts are left out); ``as_of``
    is the payment date the resident named, else ``today``."""
    facts = {name: slots[name] for name in FACT_SLOTS if slots.get(name) is not None}
    if presumed_not_student(slots):
        facts["student"] = "none"
    elif presumed_infant(slots):
        facts["student"] = "preschool"
    facts["as_of"] = payment_day(slots, today).isoformat()
    return facts
