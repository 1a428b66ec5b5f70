"""The scorer of tests/understanding/ counts what it says it counts (a scorer that cannot fail is a defect)."""

from tests.understanding import scoring


def test_ranges_dates_and_groups_match_as_annotated():
    assert scoring.matches("age", [60, 69], 65) and not scoring.matches("age", [60, 69], 70)
    assert scoring.matches("pay_date", "2027-02", "2027-02-01") and not scoring.matches("pay_date", "2027-02", "2027-03-01")
    assert scoring.matches("special", ["dibao", "tekun"], ["tekun", "dibao"]) and not scoring.matches("special", [], ["dibao"])
    assert not scoring.matches("employee_insured", False, 0)


def test_a_guess_counts_against_precision_and_a_miss_against_recall():
    items = [
        {"id": "a", "text": "我妈七十五了，上海户口", "person": "parent",
         "facts": {"age": 75, "hukou": "local", "region": "shanghai"}},
        {"id": "b", "text": "我今年40岁", "person": "self", "facts": {}, "doubtful": ["age"]},
        {"id": "c", "text": "嗯", "person": "self", "facts": {"age": 40}},
    ]
    result = scoring.score(items)
    assert result.tp["age"] == 1 and result.fp["age"] == 1 and result.fn["age"] == 1
    assert result.precision("age") == 0.5 and result.recall("age") == 0.5
    assert result.tp["person"] == 3


def test_a_reply_is_read_right_only_with_exactly_the_expected_facts():
    blocks = [{"asked": "hukou", "who": "老人", "region": "hangzhou",
               "replies": [{"text": "是的", "expect": {"hukou": "local"}}, {"text": "不知道", "expect": {}},
                           {"text": "不是", "expect": {"hukou": "local"}}]}]  # fmt: skip
    right, total, wrong = scoring.score_answers(blocks)
    assert (right, total) == (2, 3) and wrong[0][1] == "不是"
