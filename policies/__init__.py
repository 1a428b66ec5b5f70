"""医保参保助手 policy engine: rules as cited data, behind the quote contract.

``quote(facts, today=...)`` answers one facts object; ``render(answer)`` gives the Chinese card.
Nothing is read at import time: the data files are loaded on the first quote.
"""

from .card import render
from .engine import quote

__all__ = ["quote", "render"]
