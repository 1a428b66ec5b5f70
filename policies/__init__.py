"""医保参保助手 policy engine: rules as cited data, behind the quote contract.

``quote(facts, today=...)`` answers one facts object; ``render(answer)`` gives the Chinese card.
``faq(topic, region, today)`` answers a general question from the texts; ``render_faq(answer)``
gives its card. ``quote(..., trace=True)`` adds the why-trace, ``why_lines(answer)`` says it;
``compare(facts, variants, today)`` answers what-ifs side by side; ``household(request, today)`` a family
(each member's quote, the total, who is pending, the ways to pay together), ``render_household`` its card.
Nothing is read at import time: the data files are loaded on the first answer.
"""

from .card import render, render_faq, render_household
from .compare import compare, render_compare, repair_variants, tier_variants
from .engine import quote
from .explain import why_lines
from .general import faq
from .household import household

__all__ = ["compare", "faq", "household", "quote", "render", "render_compare", "render_faq", "render_household",
           "repair_variants", "tier_variants", "why_lines"]
