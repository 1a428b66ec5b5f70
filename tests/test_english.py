"""Messages in English or pinyin are read through their Chinese gloss (bot/components/english.py)."""

import pytest

from bot.components.english import gloss
from bot.components.zh_facts import extract, extract_entities

CASES = [
    ("I work in Hangzhou, hukou not local, no employee insurance",
     {"region": "hangzhou", "hukou": "nonlocal", "employee_insured": False, "subject": "self"}),
    ("my mom 67岁 yuyao hukou", {"subject": "parent", "age": 67, "hukou_region": "yuyao"}),
    ("how much is the resident medical insurance in Shanghai for my 5 year old son",
     {"region": "shanghai", "subject": "child", "age": 5}),
    ("my father is seventy two, dibao, Yangling", {"region": "yangling", "subject": "parent", "age": 72, "special": ["dibao"]}),
    ("jumin yibao duoshao qian hangzhou", {"region": "hangzhou"}),
    ("我在hz working，hukou不在这边，有residence permit", {"hukou": "nonlocal", "residence_permit": True, "subject": "self"}),
    ("Hi, I live in Shanghai and I'm 40, how much is the resident medical insurance?",
     {"region": "shanghai", "age": 40, "subject": "self"}),
    ("never stopped", {"gap_years": 0}),
    ("what is this", {}),
    ("hello", {}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_facts_of_an_english_or_pinyin_message(text, expected):
    got = {k: v for k, v in extract(text).items() if k not in ("question", "number", "affirm")}
    assert got == expected


def test_number_words_and_pinyin_places():
    assert gloss("sixty-five") == "65"
    assert gloss("Xian") == "西安"  # one place spelled so
    assert gloss("我妈70岁") is None  # nothing to gloss: read as typed


def test_the_facts_of_a_glossed_message_span_the_whole_message():
    text = "my mom 67岁 yuyao hukou"
    entities = extract_entities(text)
    assert entities and all((e["start"], e["end"]) == (0, len(text)) for e in entities)
