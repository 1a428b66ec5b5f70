"""JiebaTokenizer without whitespace tokens.

Rasa 3.6's JiebaTokenizer keeps jieba's whitespace "words" (" ") as tokens, which featurizers then
treat as real words (RasaHQ/rasa#7910, #6988). Residents type spaces freely ("杭州 35岁"), so this
subclass drops them; everything else (custom dictionary, persistence) is Rasa's own.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class ZhJiebaTokenizer(JiebaTokenizer):
    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        return [token for token in super().tokenize(message, attribute) if token.text.strip()]
