"""A family through the running assistant (fixture ``assistant``, today 2024-11-20): told in one
message, answered member by member by name, the household card with one code, 转人工 with that code,
and a correction that re-answers; a single person in the same assistant is answered as before."""

from tests.test_e2e_http import say, texts


def test_a_family_of_four_as_a_resident_types_it(assistant):
    first = texts(say("family-1", "我们家四口：我42、老婆40、孩子9岁读小学、我妈70，都是杭州户口"))
    assert "您、您爱人、您母亲中，有没有人现在参加职工医保" in first
    assert "您、您母亲中" in texts(say("family-1", "我老婆有职工医保"))
    assert "有没有人属于以下可减免个人缴费的群体" in texts(say("family-1", "都没有"))
    replies = say("family-1", "都不是")
    card = texts(replies)
    assert "【杭州市区2025年度城乡居民医保·全家4人】" in card and "合计：选一档共1790元，选二档共1590元。" in card
    code = next(m["custom"]["reference"] for m in replies if (m.get("custom") or {}).get("type") == "household_card")
    assert f"咨询编号：{code}" in card
    assert f"咨询编号：{code}" in texts(say("family-1", "转人工"))
    corrected = texts(say("family-1", "不对，我妈是低保"))
    assert "我妈：城乡居民医保，个人0元（低保对象，政府全额补贴）" in corrected
    assert "合计：选一档共1060元，选二档共960元。" in corrected


def test_one_person_is_answered_as_before(assistant):
    texts(say("family-2", "我在杭州，孩子8岁，本地户口"))
    texts(say("family-2", "上小学二年级"))
    answer = texts(say("family-2", "都不是"))
    assert "结论：可以参加杭州市区2025年度城乡居民医保（少儿医保）。" in answer and "全家" not in answer
