"""What a message changes in the conversation's facts (actions/slots.py), and the facts the engine reads."""

import datetime as dt

import pytest

from actions.slots import contract_facts, updates
from bot.components.people import subject_key
from bot.components.zh_facts import extract_entities

TODAY = dt.date(2024, 11, 20)


def said(text, slots=None, intent="inform", **kw):
    """The slot changes for ``text`` typed by the resident, read by the real fact extractor."""
    kw.setdefault("today", TODAY)
    kw.setdefault("coverage_year", lambda region: 2025)
    return updates(slots or {}, intent, extract_entities(text), **kw)


def test_several_facts_in_one_message_fill_several_slots():
    assert said("我妈今年六十五，杭州户口，是低保户，一直在交") == {
        "subject": "parent", "subject_key": "mother", "region": "hangzhou", "hukou_region": "hangzhou",
        "hukou": "local", "age": 65, "age_approx": False, "special": ["dibao"], "gap_years": 0, "gap_approx": False,
    }  # fmt: skip


def test_hukou_is_compared_with_the_region_where_the_resident_enrolls():
    assert said("我在上海，想在上海交，杭州户口")["hukou"] == "nonlocal"
    # living in one region held with the 户口 in another: where to enroll is asked, the 户口 kept
    first = said("我在上海，杭州户口")
    assert first.get("region") is None and first["hukou_region"] == "hangzhou"
    assert said("上海", {**first, "requested_slot": "region"})["hukou"] == "nonlocal"
    later = said("上海", {"hukou_region": "hangzhou", "region": "hangzhou", "hukou": "local"})
    assert later["region"] == "shanghai" and later["hukou"] == "nonlocal"


def test_changing_region_asks_hukou_again_unless_restated():
    assert said("我在上海", {"region": "hangzhou", "hukou": "local"}) == {"region": "shanghai", "hukou": None}


def test_a_correction_replaces_the_fact():
    slots = {"region": "hangzhou", "hukou": "local", "age": 8}
    assert said("不对，是外地户口", slots)["hukou"] == "nonlocal"
    assert said("我说错了，孩子是十岁", {**slots, "subject": "child", "subject_key": "child"})["age"] == 10


def test_asking_for_someone_else_clears_the_first_persons_facts_but_keeps_the_region():
    slots = {"region": "shanghai", "subject": "parent", "subject_key": "mother", "age": 70, "hukou": "local", "special": []}
    change = said("那我爸呢，他68岁", slots)
    assert change["age"] == 68 and change["hukou"] is None and change["special"] is None
    assert "region" not in change and change["subject_key"] == "father"


def test_the_same_person_again_keeps_the_facts():
    slots = {"region": "shanghai", "subject": "child", "subject_key": "child", "age": 8, "hukou": "local"}
    assert said("孩子在上小学", slots) == {"student": "primary_secondary"}


@pytest.mark.parametrize(
    "requested, text, intent, expected",
    [
        ("employee_insured", "没有", "deny", {"employee_insured": False}),
        ("employee_insured", "有的", "affirm", {"employee_insured": True}),
        ("residence_permit", "嗯", "affirm", {"residence_permit": True}),
        ("special", "都不是", "deny", {"special": []}),
        ("special", "没有", "deny", {"special": []}),
        ("gap_years", "没有", "deny", {"gap_years": 0}),
        ("age", "35", "inform", {"age": 35}),
        ("age", "七十二", "inform", {"age": 72}),
        ("gap_years", "2", "inform", {"gap_years": 2}),
        ("parent_employee_years", "5", "inform", {"parent_employee_years": 5}),
        ("age", "200", "inform", {}),
        ("student", "不上学", "inform", {"student": "none"}),
        ("student", "没有", "deny", {"student": "none"}),
    ],
)
def test_short_answers_fill_the_question_just_asked(requested, text, intent, expected):
    change = said(text, {"requested_slot": requested, "region": "hangzhou"}, intent=intent)
    assert {k: v for k, v in change.items() if k in expected or k == requested} == expected


def test_button_payloads_fill_their_slots():
    assert updates({}, "inform", [{"entity": "special", "value": "none"}]) == {"special": []}
    assert updates({}, "inform", [{"entity": "hukou", "value": "local"}]) == {"hukou": "local"}
    assert updates({}, "inform", [{"entity": "employee_insured", "value": False}]) == {"employee_insured": False}


def test_birth_year_gives_an_approximate_age():
    change = said("1958年出生")
    assert change["age"] == 66 and change["age_approx"] is True


def test_missed_year_right_before_the_coverage_year_is_a_one_year_gap():
    assert said("2024年没交", {"region": "shanghai"})["gap_years"] == 1
    assert "gap_years" not in said("2020年没交", {"region": "shanghai"})


def test_questions_and_faq_topics_are_remembered():
    assert said("交多少钱", intent="ask_fee")["question"] == "fee"
    assert updates({}, "faq", [], faq_topic="refund") == {"faq_topic": "refund"}


def test_subject_keys_tell_mother_from_father():
    assert subject_key("parent", "我妈") == "mother" and subject_key("parent", "老爸") == "father"
    assert subject_key("parent", "父母") == "parent" and subject_key("child", "儿子") == "child"


def test_contract_facts_leave_unknowns_out_and_add_the_date():
    slots = {"region": "hangzhou", "age": 8, "hukou": None, "special": [], "question": "fee", "subject": "child"}
    assert contract_facts(slots, TODAY) == {"region": "hangzhou", "age": 8, "special": [], "as_of": "2024-11-20"}


def test_an_exact_birth_date_gives_no_age_and_a_stated_age_replaces_it():
    change = updates({}, "inform", [{"entity": "birth_date", "value": "1949-12-31"}])
    assert change["birth_date"] == "1949-12-31" and "age" not in change
    assert said("我今年75", {"birth_date": "1949-12-31"})["birth_date"] is None


def test_a_student_with_the_hukou_in_another_region_held_is_asked_where_to_enroll():
    # a student may enroll where the school is or where the 户口 is (rulings G6): asked, never chosen
    change = said("我是杭州户口，在上海读大学")
    assert change.get("region") is None and change["hukou_region"] == "hangzhou" and change["student"] == "university"
    assert said("上海", {**change, "requested_slot": "region"})["hukou"] == "nonlocal"
    assert said("杭州", {**change, "requested_slot": "region"})["hukou"] == "local"
    # where they say they will enroll settles it
    assert said("我是杭州户口，在上海读大学，想在上海交")["region"] == "shanghai"


@pytest.mark.parametrize(
    "text, intent, topic",
    [
        ("我在余姚，今年42岁，本地户口，交多少钱", "ask_window", "fee"),  # the words win over a wrong intent
        ("杭州的医保在哪里交", "ask_fee", "channels"),
        ("断了两年，补交要多少钱", "ask_fee", "repair"),
        ("交了以后多久能报销", "inform", "waiting"),
        ("截止到哪天", "ask_channels", "window"),
        ("外地人能不能参保", "inform", "scheme"),
        ("交多少钱，在哪交", "ask_fee", "fee"),
        ("想问问医保的事", "ask_scheme", "scheme"),  # no cue: the intent decides
    ],
)
def test_explicit_question_words_decide_what_the_answer_leads_with(text, intent, topic):
    assert said(text, intent=intent)["question"] == topic


def test_a_plain_statement_asks_nothing():
    assert "question" not in said("我今年35岁，杭州户口")


@pytest.mark.parametrize("slots, student", [
    ({"region": "yuyao", "age": 0, "newborn_days": 20}, "preschool"),  # a baby is not asked 在上学吗
    ({"region": "shanghai", "age": 2}, "preschool"),
    ({"region": "shanghai", "age": 40}, "none"),  # R8
    ({"region": "shanghai", "age": 8}, None),  # asked
    ({"region": "shanghai", "age": 1, "student": "none"}, "none"),  # what was said stands
])  # fmt: skip
def test_who_is_not_asked_about_school(slots, student):
    assert contract_facts(slots, TODAY).get("student") == student


def test_a_rural_hukou_answers_the_hukou_question_as_local_but_not_when_another_place_is_named():
    assert said("农村户口", {"region": "yuyao", "requested_slot": "hukou"})["hukou"] == "local"
    assert said("杭州的农村户口", {"region": "yuyao", "requested_slot": "hukou"}).get("hukou") == "nonlocal"


def test_a_range_of_gap_years_is_the_longer_and_said_to_be_approximate():
    change = said("三四年没交了", {"region": "shanghai"})
    assert change["gap_years"] == 4 and change["gap_approx"] is True
    assert said("断了两年", {"region": "shanghai"})["gap_approx"] is False


CHILD = {"region": "hangzhou", "subject": "child", "subject_key": "child", "age": 5, "hukou": "nonlocal"}


@pytest.mark.parametrize("text, expected", [
    ("他爸有", {"parent_employee_insured": True}),
    ("爸爸有", {"parent_employee_insured": True}),  # the child's father: not a new person asked about
    ("他爸没有，他妈有", {"parent_employee_insured": True}),  # one parent is enough
    ("两个都没有", {"parent_employee_insured": False}),
    ("我有，交了五年", {"parent_employee_insured": True, "parent_employee_years": 5}),
    ("有，交了六年", {"parent_employee_insured": True, "parent_employee_years": 6}),
    ("我们都没有职工医保，交的居民医保", {"parent_employee_insured": False}),  # not the child's own 职工医保
])
def test_replies_naming_a_parent_answer_the_parents_question_and_keep_the_child(text, expected):
    assert said(text, {**CHILD, "requested_slot": "parent_employee_insured"}) == expected


@pytest.mark.parametrize("requested, text, value", [
    ("parent_employee_years", "两年多", 2),
    ("parent_employee_years", "不到三年", 1.5),  # below 杭州's 3-year line: that button's value
    ("parent_employee_years", "满3年以上", 3),
    ("parent_employee_years", "七八年", 7),  # a range: the fewer years
    ("parent_employee_years", "一年半", 1.5),
    ("gap_years", "三四年", 4),  # a range: the longer gap
    ("gap_years", "两年多", 2),
])
def test_lengths_in_years_answer_the_years_asked(requested, text, value):
    assert said(text, {**CHILD, "requested_slot": requested})[requested] == value


def test_a_place_answers_the_school_and_permit_questions_and_the_region_stays():
    slots = {"region": "yuyao", "subject": "child", "subject_key": "child", "requested_slot": "school_local"}
    assert said("在余姚", slots) == {"school_local": True}
    assert said("在慈溪", slots) == {"school_local": False}
    permit = {"region": "hangzhou", "requested_slot": "residence_permit"}
    assert said("有，上海的", permit) == {"residence_permit": False}  # a 上海 居住证 is not a 杭州 one
    employee = {"region": "yuyao", "requested_slot": "employee_insured"}
    assert said("有，在杭州交的", employee) == {"employee_insured": True}


def test_more_replies_people_give():
    assert said("1946", {"requested_slot": "age"}) == {"age": 78, "age_approx": True}
    assert said("一百天", {"requested_slot": "age"})["newborn_days"] == 100
    assert said("两周", {"requested_slot": "age"})["newborn_days"] == 14
    assert said("以前有现在没有", {"requested_slot": "employee_insured"}) == {"employee_insured": False}
    assert said("嗯有的", {"requested_slot": "residence_permit"}) == {"residence_permit": True}
    assert said("啥也不是", {"requested_slot": "special"}) == {"special": []}
    assert said("什么是低保边缘", {"requested_slot": "special"}) == {}  # a question back: asked again
    assert said("非全日制的", {"requested_slot": "student", "age": 24})["student"] == "none"
    assert said("单位给交的", {"requested_slot": "employee_insured"}) == {"employee_insured": True}
    assert said("交的是居民医保", {"requested_slot": "employee_insured"}) == {"employee_insured": False}


@pytest.mark.parametrize("asked, slots, text, expected", [
    # a correction right after the first word: the answer after it
    ("employee_insured", {}, "有，哦不对，没有", {"employee_insured": False}),
    ("residence_permit", {"region": "hangzhou"}, "有，哦不对，还没领", {"residence_permit": False}),
    # 本地 / 外地 to the school question are the school's place, not the 户口
    ("school_local", {"region": "yuyao"}, "本地的", {"school_local": True}),
    ("school_local", {"region": "yuyao"}, "外地", {"school_local": False}),
    # 他/她 is the person asked about; repeated and dialect yes; lapsed and never-done no
    ("employee_insured", {"subject": "parent"}, "他有的，在厂里交", {"employee_insured": True}),
    ("residence_permit", {"region": "shanghai"}, "有有有", {"residence_permit": True}),
    ("residence_permit", {"region": "shanghai"}, "办过，已经过期了", {"residence_permit": False}),
    ("employee_insured", {}, "没交过", {"employee_insured": False}),
    ("gap_years", {"region": "shanghai"}, "断了叁年", {"gap_years": 3, "gap_approx": False}),
    ("special", {"region": "yangling"}, "不清楚有没有评上低保", {}),
    ("parent_employee_insured", {"region": "hangzhou", "subject": "child"}, "我们是交的居民医保",
     {"parent_employee_insured": False}),
    # a short reply ending in the answer; said of someone named, it is theirs
    ("residence_permit", {"region": "hangzhou"}, "在杭州有", {"residence_permit": True}),
    ("residence_permit", {"region": "hangzhou"}, "在杭州没有", {"residence_permit": False}),
    ("parent_employee_insured", {"region": "yangling", "subject": "child"}, "孩子爸爸在杨凌上班交着呢",
     {"parent_employee_insured": True}),
    ("employee_insured", {}, "我老公有", {"subject": "spouse", "subject_key": "spouse"}),  # the husband's, not yours
    ("employee_insured", {}, "多少钱有", {"question": "fee"}),
    ("school_local", {"region": "hangzhou"}, "在", {"school_local": True}),  # 在 is a yes only alone
    ("employee_insured", {}, "在 上海上班 没交", {"employee_insured": False, "region": "shanghai"}),
    # a 职工医保 paid elsewhere is not this region's; below the line the rules draw is that button
    ("parent_employee_insured", {"region": "hangzhou", "subject": "child"}, "我在老家交的职工医保",
     {"parent_employee_insured": False}),
    ("parent_employee_insured", {"region": "hangzhou", "subject": "child"}, "有，哦不对，是外地交的",
     {"parent_employee_insured": False}),
    ("parent_employee_years", {"region": "hangzhou", "subject": "child"}, "不到三年", {"parent_employee_years": 1.5}),
    ("parent_employee_years", {"region": "yuyao", "subject": "child"}, "一年不到", {"parent_employee_years": 0.5}),
    ("age", {}, "比我小两岁", {}),
    ("school_local", {"region": "yuyao"}, "不是本地的学校", {"school_local": False}),
])
def test_replies_from_a_fourth_set(asked, slots, text, expected):
    assert said(text, {**slots, "requested_slot": asked}) == expected


def test_a_hukou_in_one_region_held_and_work_in_another_asks_where_and_keeps_the_hukou():
    first = said("我是余姚户口，现在在上海工作，想交居民医保")
    assert first.get("region") is None and first["hukou_region"] == "yuyao"  # the form asks the region
    assert said("余姚", {**first, "requested_slot": "region"})["hukou"] == "local"
    assert said("上海", {**first, "requested_slot": "region"})["hukou"] == "nonlocal"


def test_a_hukou_held_while_living_outside_every_region_asks_where_and_keeps_the_hukou():
    first = said("户口在杨凌 但是常年在西安打工")
    assert first.get("region") is None and first.get("region_unsupported") is None
    assert first["hukou_region"] == "yangling"  # the form asks the region; the 户口 is not asked again
    assert said("杨凌", {**first, "requested_slot": "region"})["hukou"] == "local"
    assert said("西安", {**first, "requested_slot": "region"})["region_unsupported"]  # told it is not held


def test_groups_ruled_out_are_kept_for_the_person_and_left_out_of_the_question():
    from actions.questions import question

    slots = said("我妈七十，杭州户口，没有职工医保，不是低保")
    assert slots["special_not"] == ["dibao"] and "special" not in slots
    asked = question("special", slots)
    assert "低保对象" not in asked["text"]
    assert asked["text"].startswith("老人是否属于以下可减免个人缴费的群体：特困人员、低保边缘家庭成员")
    assert [b["title"] for b in asked["buttons"]][:2] == ["都不是", "特困人员"]
    later = {**slots, **said("也不是特困", slots)}
    assert later["special_not"] == ["dibao", "tekun"]
    assert "特困人员" not in question("special", later)["text"]
    # another person starts again: nothing ruled out for them
    assert said("那我老公呢，他50", later)["special_not"] is None


def test_every_group_the_question_would_name_ruled_out_is_none_of_them():
    assert said("上海的，不是低保也不是特困也不是低保边缘，也不是重度残疾")["special"] == []
    assert "special" not in said("上海的，不是低保也不是特困")  # 低保边缘, 重度残疾 are still to be asked


def test_the_speakers_own_fact_while_asked_about_someone_else_is_an_aside():
    from actions.slots import aside_entities, speaker_aside

    child = {"subject": "child", "subject_key": "child", "age": 8, "region": "hangzhou", "requested_slot": "hukou"}
    entities = extract_entities("我是外地户口")
    assert speaker_aside(child, entities)
    assert updates(child, "inform", aside_entities(entities)) == {}  # the child's facts are kept
    assert not speaker_aside(child, extract_entities("查我自己"))  # a switch said in so many words
    assert not speaker_aside(child, extract_entities("外地户口"))
    assert not speaker_aside({**child, "requested_slot": "parent_employee_insured"}, extract_entities("我有职工医保"))
    assert not speaker_aside({**child, "subject": "self"}, entities)
    said_with = [{"entity": "subject", "value": "self", "text": "我", "start": 3, "end": 4},
                 {"entity": "hukou", "value": "nonlocal", "text": "江苏", "start": 5, "end": 7}]
    assert speaker_aside(child, said_with)
    with_cue = said_with + [{"entity": "cue", "value": "speaker_with", "text": "我", "start": 3, "end": 4}]
    assert not speaker_aside(child, with_cue)  # 户口跟我在江苏: whom the 户口 goes with, not whom it is about


def test_a_bare_age_said_to_a_question_no_number_answers_is_the_age_when_none_is_known():
    asked = {"region": "hangzhou", "subject": "self", "subject_key": "self", "requested_slot": "student"}
    assert said("35", asked) == {"age": 35, "age_approx": False}
    assert said("35", {**asked, "age": 40}) == {}  # an age already known: not changed by a stray number
    assert said("5", asked) == {}  # too young to be asked about oneself this way: asked again


def test_a_place_in_a_reply_to_the_hukou_question_is_where_the_hukou_is_not_a_place_asked_about():
    asked = {"region": "yuyao", "subject": "parent", "subject_key": "parent", "requested_slot": "hukou"}
    assert said("不是 在安徽", asked) == {"hukou": "nonlocal"}  # (not: 安徽 is not a region held)
    assert said("在宁波市区", asked) == {"hukou": "nonlocal"}  # 宁波's districts are outside 余姚
    assert said("俺们都是本地的", asked) == {"hukou": "local"}


def test_a_young_age_with_no_one_named_is_a_childs_in_a_first_message_but_not_in_a_reply():
    assert said("现在2岁8个月，余姚户口")["subject"] == "child"
    reply = said("刚出生12天", {"subject": "self", "subject_key": "self", "requested_slot": "age"})
    assert "subject" not in reply and reply["newborn_days"] == 12 and reply["age"] == 0


def test_a_reply_said_with_doubt_answers_nothing():
    asked = {"region": "hangzhou", "subject": "child", "subject_key": "child", "age": 5,
             "requested_slot": "parent_employee_insured"}  # fmt: skip
    assert said("好像他爸公司有交", asked) == {}
    assert said("他爸公司有交", asked) == {"parent_employee_insured": True}
    gap = {"region": "hangzhou", "subject": "self", "subject_key": "self", "requested_slot": "gap_years"}
    assert said("好像断过一年", gap) == {} and said("断过一年", gap)["gap_years"] == 1


def test_replies_in_dialect_and_with_a_correction_answer_the_question():
    employee = {"region": "shanghai", "subject": "self", "subject_key": "self", "requested_slot": "employee_insured"}
    assert said("呒没", employee) == {"employee_insured": False}  # 吴语 没有
    assert said("有额", employee) == {"employee_insured": True}
    parents = {"region": "shanghai", "subject": "child", "subject_key": "child", "age": 4,
               "requested_slot": "parent_employee_insured"}  # fmt: skip
    assert said("阿拉两个都没", parents) == {"parent_employee_insured": False}  # 阿拉: 我们
    permit = {"region": "shanghai", "subject": "parent", "subject_key": "parent", "requested_slot": "residence_permit"}
    assert said("有..不对 那是我的，他没有", permit) == {"residence_permit": False}
    assert said("在办了，还没拿到", permit) == {"residence_permit": False}
    newborn = {"region": "yuyao", "subject": "child", "subject_key": "child", "age": 0, "newborn_days": 20,
               "requested_slot": "residence_permit"}  # fmt: skip
    assert said("我没有，他爸有", newborn) == {"residence_permit": True}  # a newborn's 居住证 is a parent's
    gap = {"region": "hangzhou", "subject": "self", "subject_key": "self", "requested_slot": "gap_years"}
    assert said("莫断过", gap)["gap_years"] == 0 and said("十来年没交了", gap)["gap_years"] == 10
    assert said("三年没断", gap)["gap_years"] == 0  # three years without a break: no gap, not a gap of three
    years = {"region": "hangzhou", "subject": "child", "subject_key": "child", "age": 4,
             "requested_slot": "parent_employee_years"}  # fmt: skip
    assert said("快三年了", years)["parent_employee_years"] < 3  # below the line 杭州 draws at three years


def test_replies_heard_in_conversations_tried_as_residents():
    region = {"subject": "self", "subject_key": "self", "requested_slot": "region"}
    assert said("鄞州啊，宁波鄞州区", region) == {"region_unsupported": "鄞州"}  # told it is not held, not asked again
    assert said("宁波", region) == {}  # wider than a region: asked again, with a notice (action_read_facts)
    employee = {"region": "hangzhou", "subject": "self", "subject_key": "self", "requested_slot": "employee_insured"}
    assert said("那就算没有吧", employee) == {"employee_insured": False}  # a choice made, not a doubt
    assert said("应该没有了吧", employee) == {}
    special = {"region": "hangzhou", "subject": "self", "subject_key": "self", "requested_slot": "special"}
    assert said("我说了不困难啊", special) == {"special": []}
    gap = {"region": "shanghai", "subject": "child", "subject_key": "child", "age": 13, "requested_slot": "gap_years"}
    assert said("上学以后一直在上海交的", gap)["gap_years"] == 0
    assert said("never stopped", gap)["gap_years"] == 0 and said("continuous", gap)["gap_years"] == 0
    age = {"region": "shanghai", "subject": "child", "subject_key": "child", "requested_slot": "age"}
    assert said("七八天吧，上礼拜二生的", age)["newborn_days"] == 8


def test_a_place_alone_as_a_first_message_is_where_the_resident_enrolls():
    assert said("鄞州啊，宁波鄞州区") == {"region_unsupported": "鄞州"}
    assert said("我是农村户口 能交城乡居民医保吗").get("region_unsupported") is None  # 交城 is a county, not here
    assert said("交了居民医保还要交那个惠民保吗").get("region_unsupported") is None  # nor 惠民


def test_a_place_in_a_reply_says_where_the_school_or_the_insurance_is_never_a_new_region():
    school = {"region": "hangzhou", "subject": "self", "subject_key": "self", "requested_slot": "school_local"}
    assert said("没有 在上海读研", school) == {"school_local": False, "student": "university"}  # the region stays 杭州
    assert said("在上海读，不过户口在外地", {**school, "region": "shanghai"}) == {"school_local": True, "hukou": "nonlocal"}
    parents = {"region": "yuyao", "subject": "child", "subject_key": "child", "age": 5,
               "requested_slot": "parent_employee_insured"}  # fmt: skip
    assert said("他爸在宁波市区上班 单位交的", parents) == {"parent_employee_insured": False}  # not 余姚's; no 宁波市区 region
    assert said("有，在余姚交的", parents) == {"parent_employee_insured": True}


def test_never_paid_is_not_no_gap():
    gap = {"region": "hangzhou", "subject": "self", "subject_key": "self", "age": 40, "requested_slot": "gap_years"}
    assert said("从来没交过", gap) == {"gap_years": 4, "gap_approx": True}  # the engine counts from 2025 on (R4)
    assert said("没断过", gap)["gap_years"] == 0


def test_not_the_region_asked_about_answers_the_question():
    hukou = {"region": "shanghai", "subject": "parent", "subject_key": "parent", "requested_slot": "hukou"}
    assert said("不是上海的", hukou) == {"hukou": "nonlocal"}
    assert said("不是本地的，是宁波市区的", {**hukou, "region": "yuyao"}) == {"hukou": "nonlocal"}
    school = {"region": "hangzhou", "subject": "child", "subject_key": "child", "requested_slot": "school_local"}
    assert said("不是杭州的", school) == {"school_local": False}
    assert said("就在本地", school) == {"school_local": True}


def test_that_my_husband_after_facts_said_of_no_one_named_starts_him_afresh():
    first = said("上海 32岁 本地户口 单位交社保的")
    assert first["age"] == 32 and first["employee_insured"] is True and "subject" not in first
    switch = said("那我老公呢", first)  # the 32 and the 职工医保 were the speaker's, never the husband's
    assert switch["subject"] == "spouse" and switch["age"] is None and switch["employee_insured"] is None
    assert switch["hukou"] is None and "region" not in switch  # the region is shared and stays


def test_a_rhetorical_where_would_they_have_it_is_a_no():
    permit = {"region": "shanghai", "subject": "parent", "subject_key": "parent", "requested_slot": "residence_permit"}
    assert said("老人哪有这个", permit) == {"residence_permit": False}
    assert said("有，上海的", {**permit, "region": "yuyao"}) == {"residence_permit": False}  # a 居住证 of another place


def _typed_titles():
    from actions.question_data import questions, threshold_buttons, thresholds

    for slot, item in questions().items():
        for region in ("hangzhou", "yuyao", "shanghai", "yangling"):
            buttons = list(item.get("buttons") or [])
            if item.get("buttons_from_thresholds"):
                buttons += threshold_buttons(slot, thresholds(region, slot))
            for title, value in buttons:
                yield slot, region, title, value, thresholds(region, slot)


@pytest.mark.parametrize("slot, region, title, value, bounds", list(_typed_titles()))
def test_a_button_title_typed_reads_as_the_button(slot, region, title, value, bounds):
    # the extractor reads each title as any reply; a length of years lands in the same range as the button's
    asked = {"requested_slot": slot, "region": region, "subject": "child" if slot.startswith("parent") else "self"}
    change = said(title, asked)
    for name, want in value.items():
        got = change.get(name)
        if isinstance(want, float) or name == "parent_employee_years":
            assert got is not None and sum(got >= b for b in bounds) == sum(want >= b for b in bounds), (title, got)
        else:
            assert got == want, (title, change)


@pytest.mark.parametrize("requested, text, slots, expected", [
    ("gap_years", "从来没交过", {}, {"gap_years": 4, "gap_approx": True}),
    ("parent_employee_insured", "他爸在老家交的", {"subject": "child"}, {"parent_employee_insured": False}),
    ("school_local", "就在本地", {}, {"school_local": True}),
    ("parent_employee_years", "一年不到", {"region": "yuyao", "subject": "child"}, {"parent_employee_years": 0.5}),
    ("parent_employee_years", "嗯嗯满了一年", {"region": "yuyao", "subject": "child"}, {"parent_employee_years": 1}),
    ("parent_employee_years", "交好久了 十几年", {"subject": "child"}, {"parent_employee_years": 11}),  # the fewer years
    ("residence_permit", "办了在有效期内", {}, {"residence_permit": True}),
    ("residence_permit", "我们俩都没办", {}, {"residence_permit": False}),
    ("residence_permit", "办过，已经过期了", {}, {"residence_permit": False}),
    ("residence_permit", "还在办", {}, {"residence_permit": False}),
    ("gap_years", "从2023年开始就断了", {}, {"gap_years": 2}),  # 2023 and 2024 missed, asked for 2025
    ("gap_years", "连续的", {}, {"gap_years": 0}),
    ("student", "还在吃奶呢", {"subject": "child"}, {"student": "preschool"}),
])
def test_the_extractors_reply_cues_answer_the_question_asked(requested, text, slots, expected):
    change = said(text, {"region": "hangzhou", **slots, "requested_slot": requested})
    assert {k: change.get(k) for k in expected} == expected


def test_a_long_message_with_no_yes_or_no_read_is_not_one_on_the_classifiers_word():
    asked = {"region": "hangzhou", "requested_slot": "employee_insured"}
    short = [{"entity": "cue", "value": "short", "text": "嗯呐", "start": 0, "end": 2}]
    assert updates(asked, "affirm", short) == {"employee_insured": True}
    assert updates(asked, "affirm", []) == {}  # no ``short`` cue: the classifier's affirm alone answers nothing
    assert "employee_insured" not in said("对了我还想问一下杭州那边怎么交费用", asked, intent="affirm")


def test_who_looks_after_the_child_is_not_who_the_reply_is_about():
    child = {"region": "yuyao", "subject": "child", "subject_key": "child", "age": 3, "hukou": "local",
             "requested_slot": "student"}  # fmt: skip
    assert said("没上学，在家奶奶带", child) == {"student": "none"}  # 奶奶 looks after her: the child is still asked about
    assert said("我妈在家带孙子，她65了", {"region": "yuyao"})["subject"] == "parent"  # 带孙子: she is the one named


def test_a_number_put_right_while_another_question_is_asked_corrects_the_age_and_answers_nothing():
    asked = {"region": "shanghai", "subject": "spouse", "subject_key": "spouse", "age": 62, "requested_slot": "hukou"}
    assert said("不对 六十三了", asked) == {"age": 63, "age_approx": False}  # not 不对 = 外地户口
    assert said("说错了，63", asked)["age"] == 63
    assert said("不对 3", asked) == {}  # far from the age: put right but unplaced; no 户口 taken from 不对
    assert said("不对", asked)["hukou"] == "nonlocal"  # 不对 alone answers the question
