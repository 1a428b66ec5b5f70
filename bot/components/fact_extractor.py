"""A Rasa NLU component around the rule-based Chinese fact extractor (``zh_facts``).

Every message gets the facts it states as entities (``age``, ``hukou``, ``special`` …) with values
already normalised to the quote contract; the dialog's slot action reads them. The spaCy/jieba
pipeline is built when the model is loaded, never at import time.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from . import zh_facts


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ZhFactExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ZhFactExtractor:
        return cls(config)

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs: Any) -> ZhFactExtractor:
        zh_facts.extract("预热 warm up")  # build the pipeline and the pinyin places at load, not on the first resident
        return cls(config)

    def __init__(self, config: Dict[str, Any]) -> None:
        self._config = config

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # training examples carry no entity annotations of their own

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            found = self.add_extractor_name(zh_facts.extract_entities(text))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
