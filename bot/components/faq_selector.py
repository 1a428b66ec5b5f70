"""The FAQ ResponseSelector, run only for messages DIET took for a general question (issue 10).

Rasa's ResponseSelector predicts a FAQ topic for every message, about 7 ms of a turn here, although
its output counts only when the intent is ``faq`` (``actions.common.faq_topic``; TopicCues, which runs
after it, sets the topic itself when the words name one). This subclass selects for the messages whose
intent is the retrieval intent and leaves the others untouched: the same answers, less work.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqResponseSelector(ResponseSelector):
    def process(self, messages: List[Message]) -> List[Message]:
        asked = [m for m in messages if (m.get(INTENT) or {}).get("name") == self.retrieval_intent]
        if asked:
            super().process(asked)
        return messages
