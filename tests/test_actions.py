"""The custom actions, run on rasa_sdk trackers built from fixtures: the events they return and the
Chinese text the resident sees. The date is fixed with ASSISTANT_TODAY."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import ledger_link
from actions.answer import ActionAnswer, ActionAnswerFaq
from actions.forms import ValidateQuoteForm, facts_still_needed
from actions.handoff import ActionHandoff
from actions.questions import ASK_ACTIONS, ActionAskRegion, ActionAskSpecial, ActionGreet
from actions.read_facts import ActionReadFacts
from bot.components.zh_facts import extract_entities

FORM_SLOTS = ["region", "region_unsupported", "age", "hukou", "student", "school_local", "employee_insured",
              "parent_employee_insured", "parent_employee_years", "residence_permit", "special", "gap_years"]  # fmt: skip
DOMAIN = {"forms": {"quote_form": {"required_slots": FORM_SLOTS + ["question", "subject"]}}, "slots": {}}


@pytest.fixture(autouse=True)
def fixed_day_and_ledger(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_TODAY", "2024-11-20")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/ledger.db")
    ledger_link.ledger.cache_clear()
    yield
    ledger_link.ledger.cache_clear()


def tracker(slots=None, text="", intent="inform", entities=None, active_loop=None, response_selector=None):
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0},
               "entities": extract_entities(text) if entities is None else entities}  # fmt: skip
    if response_selector:
        message["response_selector"] = response_selector
    return Tracker("tester", dict(slots or {}), message, [], False, None, {"name": active_loop} if active_loop else {},
                   "action_listen")  # fmt: skip


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return events, dispatcher.messages


def text_of(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def test_read_facts_sets_every_fact_stated_and_the_region_name():
    events, messages = run(ActionReadFacts(), tracker(text="我妈今年七十二，上海户口，低保"))
    sets = {e["name"]: e["value"] for e in events}
    assert sets["region"] == "shanghai" and sets["region_name"] == "上海市" and sets["hukou"] == "local"
    assert sets["age"] == 72 and sets["special"] == ["dibao"] and sets["subject"] == "parent"
    assert messages == []


def test_the_speakers_own_fact_while_asked_about_the_child_keeps_the_child_and_says_so():
    slots = {"subject": "child", "subject_key": "child", "age": 8, "region": "hangzhou", "requested_slot": "hukou"}
    events, messages = run(ActionReadFacts(), tracker(slots, text="我是外地户口"))
    note = "您说的这一条像是您本人的情况。现在问的是孩子的情况，请说孩子的；如果要改为查您自己，请说“查我自己”。"
    # the child stays the one asked about, with their age; no 户口 is pinned on them; the note waits for the question
    assert {"event": "slot", "timestamp": None, "name": "notice", "value": note} in events and messages == []
    assert {e["name"] for e in events} == {"notice", "aside"}
    asked, said = run(ASK_ACTIONS["hukou"](), tracker({**slots, "notice": note, "region_name": "杭州市区"}, text="我是外地户口"))
    assert text_of(said) == note + "\n孩子的户口是不是在杭州市区？"
    assert asked == [{"event": "slot", "timestamp": None, "name": "notice", "value": None}]
    aside = {e["name"]: e["value"] for e in events}
    assert [(e["entity"], e["value"]) for e in aside["aside"]] == [("hukou", "nonlocal")]
    events, messages = run(ActionReadFacts(), tracker({**slots, **aside, "notice": None}, text="查我自己"))
    sets = {e["name"]: e["value"] for e in events}
    # the speaker now: the child's age goes, the 外地户口 said before is theirs
    assert sets["subject"] == "self" and sets["age"] is None and sets["hukou"] == "nonlocal" and sets["aside"] is None


def test_a_fact_said_again_while_another_is_asked_is_acknowledged_not_misunderstood():
    from actions.read_facts import NOTED, RESTATED

    slots = {"subject": "self", "region": "yuyao", "hukou_region": "yuyao", "hukou": "local", "age": 65,
             "requested_slot": "employee_insured"}  # fmt: skip
    events, messages = run(ActionReadFacts(), tracker(slots, text="本地户口"))
    # the notice is an event, so the form goes on and its question comes again with it (no 没有理解)
    assert events == [{"event": "slot", "timestamp": None, "name": "notice", "value": RESTATED}] and messages == []
    asked, said = run(ASK_ACTIONS["employee_insured"](), tracker({**slots, "notice": RESTATED}, text="本地户口"))
    assert text_of(said).startswith(RESTATED + "\n您现在有没有参加职工医保")
    events, _ = run(ActionReadFacts(), tracker(slots, text="外地户口"))  # a change, said while asked something else
    assert {e["name"]: e["value"] for e in events} == {"hukou": "nonlocal", "notice": NOTED}  # kept, and said so


def test_two_places_held_with_neither_chosen_are_asked_and_the_question_says_why():
    from actions.read_facts import TWO_PLACES

    events, _ = run(ActionReadFacts(), tracker({}, text="我在余姚上班，现在住上海，35岁"))
    sets = {e["name"]: e["value"] for e in events}
    assert "region" not in sets and sets["age"] == 35 and sets["notice"] == TWO_PLACES
    asked, said = run(ActionAskRegion(), tracker({"age": 35, "notice": TWO_PLACES}, text="我在余姚上班，现在住上海，35岁"))
    assert text_of(said).startswith(TWO_PLACES + "\n请问您在哪个地区参保")
    events, _ = run(ActionReadFacts(), tracker({}, text="我在余姚上班，35岁"))
    assert {e["name"]: e["value"] for e in events}.get("region") == "yuyao"  # one place: no such notice
    assert "notice" not in {e["name"] for e in events}


def test_a_reply_said_with_doubt_is_not_taken_and_the_resident_is_asked_to_make_sure():
    from actions.read_facts import DOUBTED

    slots = {"subject": "child", "subject_key": "child", "age": 5, "region": "hangzhou", "region_name": "杭州市区",
             "requested_slot": "parent_employee_insured"}  # fmt: skip
    events, messages = run(ActionReadFacts(), tracker(slots, text="好像他爸公司有交"))
    assert events == [{"event": "slot", "timestamp": None, "name": "notice", "value": DOUBTED}] and messages == []
    _, said = run(ASK_ACTIONS["parent_employee_insured"](), tracker({**slots, "notice": DOUBTED}, text="好像他爸公司有交"))
    assert text_of(said).startswith(DOUBTED + "\n孩子的父母有没有一方在杭州市区参加职工医保")
    events, _ = run(ActionReadFacts(), tracker(slots, text="有，他爸公司交的"))
    assert {e["name"]: e["value"] for e in events} == {"parent_employee_insured": True}


def test_a_long_reply_in_doubt_is_not_taken_on_the_classifiers_word():
    from actions.read_facts import DOUBTED

    slots = {"subject": "self", "subject_key": "self", "age": 50, "region": "hangzhou", "hukou": "local",
             "requested_slot": "employee_insured"}  # fmt: skip
    # DIET read it as 不 (deny): a guess that once set 无职工医保 for a resident who did not know
    events, _ = run(ActionReadFacts(), tracker(slots, text="以前厂里交过，现在不知道还有没有", intent="deny"))
    assert events == [{"event": "slot", "timestamp": None, "name": "notice", "value": DOUBTED}]
    events, _ = run(ActionReadFacts(), tracker(slots, text="没有", intent="deny"))
    assert {e["name"]: e["value"] for e in events} == {"employee_insured": False}


def test_a_fact_told_while_another_question_is_asked_is_kept_and_said_so():
    from actions.read_facts import NOTED

    slots = {"subject": "child", "subject_key": "child", "age": 8, "region": "hangzhou", "hukou": "local",
             "student": "primary_secondary", "requested_slot": "special"}  # fmt: skip
    events, _ = run(ActionReadFacts(), tracker(slots, text="孩子他爸在这边交职工医保五六年了"))
    sets = {e["name"]: e["value"] for e in events}
    assert sets == {"parent_employee_insured": True, "parent_employee_years": 5, "notice": NOTED}
    _, said = run(ActionAskSpecial(), tracker({**slots, **sets}, text="孩子他爸在这边交职工医保五六年了"))
    assert text_of(said).startswith(NOTED + "\n孩子是否属于以下可减免个人缴费的群体")


def test_a_place_not_held_inside_a_wider_one_gets_one_reply_not_two():
    # 宁波鄞州的: 鄞州 is told it is not held; 宁波 (wider) asks nothing more, even when the facts are read again
    events, _ = run(ActionReadFacts(), tracker({}, text="宁波鄞州的，58岁，没工作，想交居民医保"))
    sets = {e["name"]: e["value"] for e in events}
    assert sets["region_unsupported"] == "鄞州" and "notice" not in sets
    again, _ = run(ActionReadFacts(), tracker(sets, text="宁波鄞州的，58岁，没工作，想交居民医保"))
    assert "notice" not in {e["name"] for e in again}


def test_an_unsure_word_in_a_first_message_is_no_doubt_about_what_it_states():
    from actions.read_facts import DOUBTED

    events, _ = run(ActionReadFacts(), tracker({}, text="我妈70岁，杭州户口，别的不清楚"))
    sets = {e["name"]: e["value"] for e in events}
    assert sets["age"] == 70 and sets["hukou"] == "local" and sets.get("notice") != DOUBTED


def test_a_place_wider_than_a_region_is_asked_about_again_with_the_regions_held():
    slots = {"subject": "self", "subject_key": "self", "requested_slot": "region"}
    events, messages = run(ActionReadFacts(), tracker(slots, text="宁波"))
    notice = {e["name"]: e["value"] for e in events}["notice"]
    assert notice.startswith("“宁波”范围较大，本助手只支持其中的部分地区（目前支持：") and "余姚" in notice and messages == []


def test_an_ids_birth_date_comes_from_the_message_metadata_and_the_number_is_gone():
    from base.privacy import birth_metadata, redact

    redacted = redact("我身份证11010519491231002X，上海户口")
    t = tracker(text=redacted.text)
    t.latest_message["metadata"] = birth_metadata(redacted, {"channel": "rest"})
    events, _ = run(ActionReadFacts(), t)
    sets = {e["name"]: e["value"] for e in events}
    assert sets["birth_date"] == "1949-12-31" and sets["hukou"] == "local" and sets.get("age") is None
    assert "11010519491231002" not in redacted.text and "1949" not in redacted.text


def test_the_form_asks_the_region_first_then_only_what_the_engine_is_missing():
    assert facts_still_needed({}, FORM_SLOTS) == ["region"]
    assert facts_still_needed({"region_unsupported": "北京"}, FORM_SLOTS) == []
    local_child = {"region": "hangzhou", "age": 8, "hukou": "local"}
    assert facts_still_needed(local_child, FORM_SLOTS) == ["student"]
    # then only the subsidy: never 居住证 or 职工医保 for a local child
    assert facts_still_needed({**local_child, "student": "primary_secondary"}, FORM_SLOTS) == ["special"]
    adult = {"region": "hangzhou", "age": 40, "hukou": "local", "student": "none"}
    assert facts_still_needed(adult, FORM_SLOTS) == ["employee_insured"]


def test_validate_quote_form_requests_the_next_missing_fact():
    child = {"region": "hangzhou", "age": 8, "hukou": "local", "student": "primary_secondary"}
    events, _ = run(ValidateQuoteForm(), tracker(child, active_loop="quote_form"))
    assert SlotSet("requested_slot", "special") in events
    done, _ = run(ValidateQuoteForm(), tracker({**child, "special": []}))
    assert SlotSet("requested_slot", None) in done


def test_answer_gives_the_card_with_fee_year_and_citation():
    slots = {"region": "hangzhou", "region_name": "杭州市区", "age": 8, "hukou": "local", "student": "primary_secondary",
             "special": [], "subject": "child", "question": "fee"}  # fmt: skip
    events, messages = run(ActionAnswer(), tracker(slots))
    text = text_of(messages)
    assert "按您提供的情况（杭州市区；为孩子咨询；8岁；本地户口；中小学/中职在读；不属于困难群体）" in text
    assert "个人需缴纳" not in text and text.count("交多少：个人330元。") == 1  # the card says the fee, once
    assert "结论：可以参加杭州市区2025年度城乡居民医保（少儿医保）。\n交多少：个人330元。" in text
    assert "依据：杭医保〔2024〕28号等2份文件。" in text and "附件" not in text  # clauses: agent's detail only
    assert events == [SlotSet("question", None), SlotSet("pay_date", None)]
    card = messages[0]["custom"]
    assert card["type"] == "answer_card" and card["fields"]["personal_fee"] == 330 and card["fields"]["scheme"] == "少儿医保"
    assert text.endswith(f"咨询编号：{card['reference']}（转人工时请提供）；参保咨询12393，缴费咨询12366。")
    assert card["spoken"].endswith(f"咨询编号{card['reference']}。") and len(card["spoken"]) <= 120
    assert card["wechat"].startswith("【杭州市区2025年度城乡居民医保】") and len(card["wechat"]) <= 300
    assert card["fields"]["sections"]["fee"] == "个人330元"
    assert card["fields"]["sections"]["channels"][0]["name"] == "支付宝"
    stored = ledger_link.ledger().find(card["reference"])
    assert stored["answer"]["personal_fee"] == 330 and stored["facts"]["age"] == 8 and stored["card_text"] == card["plain_text"]


def test_answer_for_a_subsidised_resident_says_what_is_paid_by_whom():
    slots = {"region": "yangling", "age": 50, "hukou": "local", "student": "none", "special": ["dibao"], "gap_years": 0,
             "employee_insured": False}  # fmt: skip
    _, messages = run(ActionAnswer(), tracker(slots))
    assert "交多少：个人80元（标准400元，低保对象" in text_of(messages)


def test_answer_not_eligible_says_why_and_where_to_go():
    slots = {"region": "hangzhou", "age": 40, "hukou": "nonlocal", "student": "none"}
    _, messages = run(ActionAnswer(), tracker(slots))
    text = text_of(messages)
    assert "结论：按您说的情况，不能参加杭州市区2025年度城乡居民医保。" in text
    assert "请在户籍地参加城乡居民医保" in text and "12393" in text
    assert not messages[0]["custom"]["fields"]["sections"]["fee"]  # no figures for a not-eligible answer


def test_approximate_age_is_said_to_be_approximate():
    slots = {"region": "shanghai", "age": 70, "age_approx": True, "hukou": "local", "student": "none", "special": [],
             "employee_insured": False, "gap_years": 0}  # fmt: skip
    _, messages = run(ActionAnswer(), tracker(slots))
    assert "年龄按70周岁计算；如实际周岁不同，适用档次可能不同" in text_of(messages)


def test_focus_lines_answer_the_question_asked():
    base = {"region": "shanghai", "age": 45, "hukou": "local", "student": "none", "special": [], "employee_insured": False,
            "gap_years": 0}  # fmt: skip
    _, window = run(ActionAnswer(), tracker({**base, "question": "window"}))
    assert "今天在集中参保期内，可以缴费；集中参保期为2024年11月11日至12月25日。" in text_of(window)
    _, waiting = run(ActionAnswer(), tracker({**base, "question": "waiting"}))
    assert "没有待遇等待期，2025年1月1日起享受待遇。" in text_of(waiting)
    _, channels = run(ActionAnswer(), tracker({**base, "question": "channels"}))
    assert "缴费方式：\n- 随申办App：" in text_of(channels)


def test_an_unsupported_region_gets_the_regions_held_and_the_hotline_never_other_figures():
    events, messages = run(ActionAnswer(), tracker({"region_unsupported": "北京"}))
    text = text_of(messages)
    assert "“北京”暂不在本助手的服务范围内" in text and "杭州市区、上海市、杨凌示范区、余姚市" in text and "12393" in text
    assert "元" not in text
    assert events == [SlotSet("region_unsupported", None)]


def test_invalid_facts_are_named_and_cleared_so_they_can_be_asked_again():
    events, messages = run(ActionAnswer(), tracker({"region": "hangzhou", "age": 200}))
    assert "age（年龄）" in text_of(messages) and "请重新告诉我" in text_of(messages)
    assert events == [SlotSet("age", None)]


def test_faq_answer_comes_from_the_regions_text():
    selector = {"faq": {"response": {"intent_response_key": "faq/refund"}}}
    _, messages = run(ActionAnswerFaq(), tracker({"region": "yangling"}, intent="faq", response_selector=selector))
    text = text_of(messages)
    assert text.startswith("【杨凌示范区 2025年度 退费】")
    assert "参保人成功缴费、进入待遇享受期后，个人缴费不再退回。" in text and "依据：杨管医保发〔2024〕28号。" in text


def test_faq_topic_asked_before_the_region_is_the_one_answered():
    stray = {"faq": {"response": {"intent_response_key": "faq/hotline"}}}  # the selector's guess for "上海"
    _, messages = run(ActionAnswerFaq(), tracker({"region": "shanghai", "faq_topic": "family_pay"}, text="上海",
                                                 intent="inform", response_selector=stray))  # fmt: skip
    assert "家庭共济" in text_of(messages) and "咨询电话" not in text_of(messages)


def test_faq_without_region_asks_for_it_and_keeps_the_topic():
    selector = {"faq": {"response": {"intent_response_key": "faq/newborn"}}}
    events, messages = run(ActionAnswerFaq(), tracker({}, intent="faq", response_selector=selector))
    assert "请先告诉我在哪个地区参保" in text_of(messages)
    assert events == [SlotSet("faq_topic", "newborn")]


def test_handoff_gives_hotlines_and_the_facts_gathered_and_ends_the_form():
    slots = {"region": "hangzhou", "age": 8, "hukou": "local", "subject": "child"}
    events, messages = run(ActionHandoff(), tracker(slots, active_loop="quote_form"))
    text = text_of(messages)
    assert "12393" in text and "12366" in text
    assert "杭州市区；为孩子咨询；8岁；本地户口" in text
    assert events == [ActiveLoop(None)]


def test_after_an_answer_the_handoff_gives_its_code_and_numbers_to_tap():
    slots = {"region": "hangzhou", "age": 40, "hukou": "local", "student": "none", "employee_insured": False,
             "special": [], "gap_years": 0}  # fmt: skip
    _, answered = run(ActionAnswer(), tracker(slots))
    card = answered[0]["custom"]
    # what residents ask next, as quick replies the rules already answer
    assert [b["title"] for b in answered[0]["buttons"]] == ["怎么缴", "一档二档有什么区别", "再查一位家人", "转人工（带编号）"]
    assert [b["payload"] for b in answered[0]["buttons"]] == ["/ask_channels", "/ask_compare", '/inform{"subject": "other"}',
                                                           "/human_handoff"]  # fmt: skip
    said = {"event": "bot", "text": answered[0]["text"], "data": {"custom": card}}
    t = tracker(slots, intent="human_handoff")
    t.events = [said, {"event": "user", "text": "转人工"}]
    _, messages = run(ActionHandoff(), t)
    assert f"请告诉人工客服您的咨询编号：{card['reference']}" in text_of(messages)
    assert messages[0]["custom"] == {"type": "handoff", "reference": card["reference"],
                                     "phones": [{"label": "参保咨询", "number": "12393"},
                                                {"label": "缴费咨询", "number": "12366"}]}  # fmt: skip
    t.events = [said, {"event": "restart"}]  # a new conversation has no code yet
    _, messages = run(ActionHandoff(), t)
    assert "咨询编号" not in text_of(messages) and messages[0]["custom"]["reference"] is None


def test_the_answer_is_filed_with_what_the_resident_said():
    slots = {"region": "hangzhou", "age": 8, "hukou": "local", "student": "primary_secondary", "special": []}
    t = tracker(slots)
    t.events = [{"event": "user", "text": "我在杭州，孩子8岁"}, {"event": "bot", "text": "孩子的户口…"},
                {"event": "user", "text": '/inform{"hukou": "local"}'}, {"event": "user", "text": "上小学，都不是"}]  # fmt: skip
    _, messages = run(ActionAnswer(), t)
    stored = ledger_link.ledger().find(messages[0]["custom"]["reference"])
    assert stored["transcript"] == ["我在杭州，孩子8岁", "上小学，都不是"]  # button payloads left out


def test_handoff_never_repeats_private_numbers():
    text = "我身份证号330102199001011234，手机13812345678，转人工"
    events, _ = run(ActionReadFacts(), tracker(text=text))
    slots = {e["name"]: e["value"] for e in events}
    _, messages = run(ActionHandoff(), tracker(slots))
    out = text_of(messages)
    assert "330102199001011234" not in out and "13812345678" not in out and "1234" not in out


def test_questions_built_from_the_data():
    _, region = run(ActionAskRegion(), tracker({"subject": "child"}))
    assert region[0]["text"].startswith("请问孩子在哪个地区参保？目前支持：杭州市区、上海市、杨凌示范区、余姚市")
    assert {b["payload"] for b in region[0]["buttons"]} >= {'/inform{"region": "yangling"}'}
    _, special = run(ActionAskSpecial(), tracker({"region": "shanghai"}))
    assert "特困人员" in special[0]["text"] and special[0]["buttons"][0]["title"] == "都不是"
    assert "计生户" not in special[0]["text"]  # 上海 subsidises no 计生户: only the region's own groups
    _, yangling = run(ActionAskSpecial(), tracker({"region": "yangling"}))
    titles = [b["title"] for b in yangling[0]["buttons"]]
    assert titles[0] == "都不是" and len(titles) == 11  # every group named is a button (10 in 杨凌)
    assert yangling[0]["text"].split("群体：")[1].startswith("、".join(titles[1:]))
    _, greet = run(ActionGreet(), tracker())
    assert "杨凌示范区" in greet[0]["text"] and len(greet[0]["buttons"]) == 4


def test_every_form_question_has_its_action_wording_and_domain_entry():
    import yaml

    from actions.questions import ASK_ACTIONS, questions

    with open("bot/domain/actions.yml", encoding="utf-8") as handle:
        declared = set(yaml.safe_load(handle)["actions"])
    assert set(ASK_ACTIONS) == set(questions())
    assert {f"action_ask_{slot}" for slot in ASK_ACTIONS} <= declared


def test_questions_are_worded_for_the_person_asked_about():
    from actions.questions import ASK_ACTIONS

    _, asked = run(ASK_ACTIONS["hukou"](), tracker({"subject": "child", "region_name": "杭州市区"}))
    assert asked[0]["text"] == "孩子的户口是不是在杭州市区？"
    assert [b["payload"] for b in asked[0]["buttons"]] == ['/inform{"hukou": "local"}', '/inform{"hukou": "nonlocal"}']
    _, asked = run(ASK_ACTIONS["employee_insured"](), tracker({}))
    assert asked[0]["text"].startswith("您现在有没有参加职工医保")
    assert asked[0]["buttons"][1]["payload"] == '/inform{"employee_insured": false}'


def test_a_newborns_permit_question_asks_about_the_parents_permit():
    from actions.questions import ASK_ACTIONS

    _, asked = run(ASK_ACTIONS["residence_permit"](), tracker({"subject": "child", "newborn_days": 20, "region_name": "余姚市"}))
    assert asked[0]["text"] == "宝宝的父母有没有一方持余姚市的有效居住证？"
    _, asked = run(ASK_ACTIONS["residence_permit"](), tracker({"subject": "child", "age": 9, "region_name": "余姚市"}))
    assert asked[0]["text"] == "孩子有没有余姚市的有效居住证？"


def test_year_ranges_offered_are_the_ones_the_regions_rules_draw():
    from actions.questions import ASK_ACTIONS

    _, hangzhou = run(ASK_ACTIONS["parent_employee_years"](), tracker({"region": "hangzhou"}))
    assert [b["title"] for b in hangzhou[0]["buttons"]] == ["不满3年", "满3年及以上"]
    _, yuyao = run(ASK_ACTIONS["parent_employee_years"](), tracker({"region": "yuyao"}))
    payloads = [b["payload"] for b in yuyao[0]["buttons"]]
    assert payloads == ['/inform{"parent_employee_years": 0.5}', '/inform{"parent_employee_years": 1}']


def test_why_and_compare_actions_answer_from_the_slots(monkeypatch):
    from actions.explain import NOTHING_YET, ActionCompare, ActionExplain

    monkeypatch.setenv("ASSISTANT_TODAY", "2027-06-10")
    slots = {"region": "hangzhou", "region_name": "杭州市区", "age": 40, "hukou": "local", "student": "none",
             "employee_insured": False, "special": [], "gap_years": 2, "tier": "一档"}  # fmt: skip
    events, said = run(ActionExplain(), tracker(slots, "为什么", intent="ask_why"))
    assert events == [] and text_of(said).startswith("判定依据：\n· 适用方案：城乡居民医保")
    events, said = run(ActionCompare(), tracker(slots, "补缴和不补缴有什么区别", intent="ask_compare"))
    assert events == [] and "待遇等待期（月）：不补缴：5；补缴2年：3" in text_of(said)
    _, said = run(ActionExplain(), tracker({}, "为什么", intent="ask_why"))
    assert text_of(said) == NOTHING_YET
    assert {ActionExplain().name(), ActionCompare().name()} == {"action_explain", "action_compare"}


def test_a_long_paste_is_read_in_part_and_the_next_reply_says_so():
    from actions.read_facts import LONG_NOTICE

    text = "我妈70岁，杭州户口。" + "以下是通知原文：" + "参保缴费请按时办理。" * 40
    events, messages = run(ActionReadFacts(), tracker(text=text))
    assert {"event": "slot", "timestamp": None, "name": "notice", "value": LONG_NOTICE} in events and messages == []
    slots = {e["name"]: e["value"] for e in events}
    _, said = run(ASK_ACTIONS["employee_insured"](), tracker(slots, text=text))
    assert said[0]["text"] == LONG_NOTICE
    # read on the next message, a notice not yet said is dropped rather than said late
    later, _ = run(ActionReadFacts(), tracker(slots, text="没有"))
    assert {"event": "slot", "timestamp": None, "name": "notice", "value": None} in later
