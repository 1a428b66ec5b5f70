"""医保参保助手 policy engine: rules as cited data, behind the quote contract.

``quote(facts, today=...)`` answers one facts object; ``render(answer)`` gives the Chinese card.
``faq(topic, region, today)`` answers a general question from the texts; ``render_faq(answer)``
gives its card. Nothing is read at import time: the data files are loaded on the first answer.
"""

from .card import render, render_faq
from .engine import quote
from .general import faq

__all__ = ["faq", "quote", "render", "render_faq"]
