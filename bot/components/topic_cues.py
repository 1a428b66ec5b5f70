"""A Rasa NLU component after the ResponseSelector: what a message asks in so many words decides
the intent, whatever DIET and the selector guessed.

- A general question (``topics.topic``: 支付宝里咋交, 长护险…) is the FAQ intent with that topic,
  unless the message states a person's facts or asks the fee (the fee interview).
- "为什么 / 怎么算的" said on its own is ``ask_why``; "补缴和不补缴有什么区别" is ``ask_compare``.
- Otherwise a question of the interview (the extractor's ``question`` entity: 要是开春再交呢，什么时候能用)
  is its ``ask_*`` intent when DIET's intent is another one or unsure.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from . import people, topics

# Facts that make a message part of the interview, not a general question: a person's own facts.
PERSONAL = people.PERSONAL


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TopicCues(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TopicCues:  # fmt: skip
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES) or []
            after = cued_follow_up(message.get(TEXT) or "", message.get(INTENT) or {})
            if after:
                _decide(message, after)
                continue
            if (message.get(INTENT) or {}).get("name") in FOLLOW_UPS:
                _set_aside(message)  # 为什么 / 补缴对比 only when the words say so
            if named_date_only(message.get(INTENT) or {}, entities):
                _decide(message, "ask_fee")  # 那要是过完年再交呢: the answer again, for that day (rulings R12)
                continue
            if unworded_restart(message.get(TEXT) or "", message.get(INTENT) or {}, entities):
                _decide(message, "inform")  # "resident … in shanghai, I am 30" is no 重新开始: its facts are the message
            code = cued_topic(message.get(TEXT) or "", entities)
            if code in INTERVIEW_TOPICS and (message.get(INTENT) or {}).get("name") in ASK_INTENTS:
                code = None  # 支付宝能交不 as ask_channels: the interview's answer leads with the channels
            asked = cued_question(message.get(INTENT) or {}, entities)
            if asked and not code:
                _decide(message, f"ask_{asked}")
            elif not code and (stated_facts_only(message.get(TEXT) or "", message.get(INTENT) or {}, entities)
                               or corrected_facts(message.get(INTENT) or {}, entities)):
                _decide(message, "inform")
            if code:
                _decide(message, "faq")
                selector = dict(message.get("response_selector") or {})
                key = f"faq/{code}"
                selector["faq"] = {"response": {"intent_response_key": key, "utter_action": f"utter_{key}",
                                                "confidence": 1.0, "responses": [], "id": None},
                                   "ranking": [{"intent_response_key": key, "confidence": 1.0, "id": None}]}  # fmt: skip
                message.set("response_selector", selector, add_to_output=True)
        return messages


def _decide(message: Message, intent: str) -> None:
    """The intent, first in the ranking too (the FallbackClassifier after this reads the ranking)."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
    message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 1.0}] + [{**r, "confidence": 0.0} for r in ranking],
                add_to_output=True)  # fmt: skip


def cued_topic(text: str, entities: list) -> str | None:
    """The FAQ topic ``text`` asks about in so many words, unless it is part of the fee interview."""
    if not text or text.startswith("/"):
        return None
    if any(e.get("entity") in PERSONAL or (e.get("entity") == "question" and e.get("value") == "fee") for e in entities):
        return None  # a person's facts, or the fee asked (交多少钱，支付宝能交吗): the interview
    return topics.topic(text)


WHY = re.compile(r"^(?:那|请问|可是|但是)?(?:为什么|为啥|为何|凭什么|咋算的|怎么算的|怎么算出来的|依据是什么|有什么依据)"
                 r"(?:呢|呀|啊|啦)?[?？!！。.，,\s]*$")
COMPARE = re.compile(r"补[缴交](?:和|跟|与|或)?不补[缴交]|补不补[缴交]|补[缴交](?:前后|了?有什么不一样|划算)")


FOLLOW_UPS = {"ask_why", "ask_compare"}
SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny", "out_of_scope", "nlu_fallback", "help"}


def named_date_only(intent: dict, entities: list) -> bool:
    """A payment date named in a message DIET took for small talk or was unsure of (过完年再交呢 read as
    goodbye; 要是明年二月再交呢 as ask_window at 0.23), with no question of its own."""
    unsure = intent.get("name") not in KEPT and (intent.get("confidence") or 0) < SURE
    return ((intent.get("name") in SMALL_TALK or unsure) and any(e.get("entity") == "pay_date" for e in entities)
            and not any(e.get("entity") == "question" for e in entities))


def _set_aside(message: Message) -> None:
    """DIET guessed a follow-up the words do not ask: its next guess instead, with its own confidence."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in FOLLOW_UPS]
    best = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0}
    message.set(INTENT, {"name": best["name"], "confidence": best.get("confidence") or 0.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def cued_follow_up(text: str, intent: dict) -> str | None:
    """``ask_why`` for a bare 为什么 / 怎么算的, ``ask_compare`` for 补缴和不补缴有什么区别."""
    if intent.get("name") in KEPT:
        return None
    words = text.strip()
    if WHY.match(words):
        return "ask_why"
    if COMPARE.search(words):
        return "ask_compare"
    return None


INTERVIEW_TOPICS = {"channels"}  # also a question of the fee interview (ask_channels)
ASK_INTENTS = {"ask_fee", "ask_scheme", "ask_waiting", "ask_repair", "ask_window", "ask_channels"}
SURE = 0.6
KEPT = {"human_handoff", "restart"}  # 转人工 stays a handoff whatever else the message asks


def cued_question(intent: dict, entities: list) -> str | None:
    """The interview question asked in so many words, unless DIET is sure it is a question or a statement
    of facts (the answer then leads with the words' question anyway: ``actions.slots``)."""
    asked = next((e.get("value") for e in entities if e.get("entity") == "question"), None)
    name = intent.get("name")
    if not asked or name in KEPT or (name in ASK_INTENTS | {"inform"} and (intent.get("confidence") or 0) >= SURE):
        return None
    return asked


QUESTION_WORDS = re.compile(
    r"[?？吗么嘛呢]|怎么|咋|如何|多少|几|哪|什么|啥|能不能|可不可以|是否|有没有|要不要|算不算|还是|给一个|[不没][?？。]?\s*$"
)


# Intents a statement of facts may be mistaken for: a general question, or small talk (我妈在桐庐，户口也在
# 桐庐 read as greet; "my mom is 70, Hangzhou hukou" as a greeting); never 是/不是, which answer a question.
NOT_A_STATEMENT = (SMALL_TALK - {"affirm", "deny"}) | {"faq"}


def corrected_facts(intent: dict, entities: list) -> bool:
    """哦不对 是杭州户口: a correction with the fact it corrects, which DIET took for 不对 (deny) or small
    talk — a statement, so the answer is given again for the corrected facts."""
    return (intent.get("name") in SMALL_TALK and any(e.get("entity") == "correction" for e in entities)
            and any(e.get("entity") in PERSONAL | {"region", "region_unsupported"} for e in entities))


# The words of starting again (data/nlu/chitchat.yml, intent restart); DIET may take other words for it
# (English "resident" for "restart"), and clearing what the resident said must never rest on a guess.
RESTART_WORDS = re.compile(r"重新|重来|从头|清空|清除|清掉|作废|重置|不算|不要了|再来一遍|restart|start over|reset", re.I)


def unworded_restart(text: str, intent: dict, entities: list) -> bool:
    """A restart DIET read in a message with facts or a question and none of the words of starting again."""
    said = any(e.get("entity") in PERSONAL | {"region", "region_unsupported", "question"} for e in entities)
    return intent.get("name") == "restart" and said and not RESTART_WORDS.search(text)


GREETINGS = {"greet", "thank", "goodbye"}  # 哈喽～我儿子16个月了户口在杭州…他怎么参保呀: the facts are the message


def stated_facts_only(text: str, intent: dict, entities: list) -> bool:
    """居民医包 余要 六十五: facts and no question word, which DIET took for a general question or small talk;
    facts after a greeting or a thanks, question word or not."""
    name = intent.get("name")
    if name not in NOT_A_STATEMENT or (QUESTION_WORDS.search(text) and name not in GREETINGS):
        return False
    return any(e.get("entity") in PERSONAL | {"region", "region_unsupported"} for e in entities)
