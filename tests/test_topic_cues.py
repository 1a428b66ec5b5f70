"""A general question named in so many words goes to its FAQ topic (bot/components/topic_cues.py);
the fee interview is left to the intent classifier."""

import pytest

from bot.components.topic_cues import cued_question, cued_topic
from bot.components.zh_facts import extract_entities


@pytest.mark.parametrize("text, topic", [
    ("支付宝里咋交", "channels"),
    ("微信上怎么交", "channels"),
    ("住院能报多少", "benefits"),
    ("门诊看病报销比例是多少", "benefits"),
    ("杨凌的，长护险包含在里面吗", "ltc"),
    ("我在余姚，异地就医怎么弄", "remote"),
    ("交了能退钱吗", "refund"),
    ("想从一档换成二档", "tier_change"),
    ("家庭共济怎么用", "family_pay"),
    ("医保卡丢了咋补办", "hotline"),  # card services are not held here: the hotline, not 重复参保
])  # fmt: skip
def test_a_named_topic_decides(text, topic):
    assert cued_topic(text, extract_entities(text)) == topic


@pytest.mark.parametrize("text", [
    "我在杭州，60岁，本地户口，支付宝能交吗",  # a person's facts: the interview, which leads with channels
    "交多少钱，支付宝能交吗",  # the fee asked
    "我在上海",  # no topic named
    "/inform{\"region\": \"shanghai\"}",  # a button payload
])  # fmt: skip
def test_the_interview_is_left_to_the_classifier(text):
    assert cued_topic(text, extract_entities(text)) is None


@pytest.mark.parametrize("intent, expected", [
    ({"name": "out_of_scope", "confidence": 0.5}, "waiting"),  # another intent: the words decide
    ({"name": "ask_waiting", "confidence": 0.3}, "waiting"),  # unsure: made sure (the fallback reads the ranking)
    ({"name": "inform", "confidence": 0.9}, None),  # sure it states facts: the slot logic leads with the question
    ({"name": "ask_fee", "confidence": 0.95}, None),  # sure of another question: kept (the answer leads with waiting)
    ({"name": "human_handoff", "confidence": 0.5}, None),  # 转人工 is never overridden
])  # fmt: skip
def test_an_interview_question_in_words_decides_an_unsure_intent(intent, expected):
    text = "要是开春再交呢，什么时候能用"
    assert cued_question(intent, extract_entities(text)) == expected


def test_no_question_words_no_decision():
    assert cued_question({"name": "nlu_fallback", "confidence": 0.4}, extract_entities("我在上海")) is None


def test_facts_without_a_question_are_a_statement_not_a_general_question():
    from bot.components.topic_cues import stated_facts_only

    text = "居民医包 余要 六十五岁"
    assert stated_facts_only(text, {"name": "faq"}, extract_entities(text))
    assert not stated_facts_only("余姚的重复参保怎么算", {"name": "faq"}, extract_entities("余姚的重复参保怎么算"))
    assert not stated_facts_only(text, {"name": "inform"}, extract_entities(text))


def test_facts_taken_for_small_talk_are_a_statement_but_a_yes_or_no_stays_one():
    from bot.components.topic_cues import stated_facts_only

    for text in ("我妈在桐庐，户口也在桐庐", "my mom is 70, Hangzhou hukou", "你好，我妈70岁，杭州户口"):
        assert stated_facts_only(text, {"name": "greet", "confidence": 0.5}, extract_entities(text)), text
    assert not stated_facts_only("没有，我妈70岁", {"name": "deny"}, extract_entities("没有，我妈70岁"))
    assert not stated_facts_only("你好", {"name": "greet"}, extract_entities("你好"))
    # facts after a greeting, with a question word: the facts are the message (the greeting alone was given)
    text = "哈喽～想问下我儿子16个月了户口在杭州临平我们两个都在上班有五险的他怎么参保呀"
    assert stated_facts_only(text, {"name": "greet", "confidence": 0.9}, extract_entities(text))
    assert not stated_facts_only("你好，请问怎么参保", {"name": "greet"}, extract_entities("你好，请问怎么参保"))


def test_a_correction_with_its_fact_is_a_statement_even_when_taken_for_deny():
    from bot.components.topic_cues import corrected_facts

    text = "哦不对 是杭州户口"
    assert corrected_facts({"name": "deny", "confidence": 0.51}, extract_entities(text))
    assert not corrected_facts({"name": "deny"}, extract_entities("不对"))  # no fact: a plain no
    assert not corrected_facts({"name": "deny"}, extract_entities("没有"))


def test_every_cued_topic_is_a_topic_the_engine_answers():
    from bot.components.topics import CUES
    from policies.vocabulary import FAQ_TOPICS

    assert {code for code, _ in CUES} <= set(FAQ_TOPICS)


def test_a_named_payment_date_taken_for_small_talk_is_the_answer_again_for_that_day():
    from rasa.shared.nlu.training_data.message import Message

    from bot.components.topic_cues import TopicCues

    entities = [{"entity": "pay_date", "value": "2025-02-01", "start": 3, "end": 6}]
    message = Message(data={"text": "那要是过完年再交呢", "entities": entities,
                            "intent": {"name": "goodbye", "confidence": 0.8}, "intent_ranking": []})  # fmt: skip
    TopicCues().process([message])
    assert message.get("intent")["name"] == "ask_fee"
    handoff = Message(data={"text": "过完年再说，转人工", "entities": entities,
                            "intent": {"name": "human_handoff", "confidence": 0.9}, "intent_ranking": []})  # fmt: skip
    TopicCues().process([handoff])
    unsure = Message(data={"text": "要是明年二月再交呢", "entities": entities,
                           "intent": {"name": "ask_window", "confidence": 0.23}, "intent_ranking": []})  # fmt: skip
    TopicCues().process([unsure])
    assert unsure.get("intent")["name"] == "ask_fee"  # DIET unsure: the date said is the answer again
    assert handoff.get("intent")["name"] == "human_handoff"


@pytest.mark.parametrize("text, unworded", [
    ("how much is the resident medical insurance in shanghai, I am 30", True),  # "resident" is no restart
    ("我妈70了，余姚户口", True),
    ("重新开始，我妈70了", False),  # said in so many words
    ("刚才的都不算，我妈70了", False),
    ("重新开始", False),  # nothing said to keep: the classifier's restart stands
])  # fmt: skip
def test_clearing_the_conversation_takes_the_words_of_starting_again(text, unworded):
    from bot.components.topic_cues import unworded_restart

    assert unworded_restart(text, {"name": "restart", "confidence": 0.7}, extract_entities(text)) is unworded
