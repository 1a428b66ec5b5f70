"""The day a resident says they would pay (bot/components/dates_zh.py), read on Thursday 2026-12-03."""

import datetime as dt

import pytest

from bot.components.dates_zh import pay_dates

TODAY = dt.date(2026, 12, 3)

CASES = [
    ("12月20号交来得及吗", "2026-12-20"),
    ("要是过完年再交，什么时候能用", "2027-02-01"),
    ("开春补缴要多少钱", "2027-03-01"),
    ("我老公说开了春再交 他50了 上海户口", "2027-03-01"),
    ("明年2月14号交 娃出生三周", "2027-02-14"),  # the birth is another part of the message
    ("娃是上个月出生的 下个月交还能享受吗", "2027-01-01"),
    # a date said alone is the day to pay
    ("大后天", "2026-12-06"),
    ("这个月25号", "2026-12-25"),
    ("本月底", "2026-12-31"),
    ("一月份", "2027-01-01"),
    ("明年1月底之前", "2027-01-31"),
    ("两个月后", "2027-02-03"),
    ("等到过年后", "2027-02-01"),
    ("要是拖到明年年底呢", "2027-12-31"),
    ("明年底交", "2027-12-31"),
    ("年底前交", "2026-12-31"),
    ("月中交", "2026-12-15"),
    ("半个月后交", "2026-12-18"),
    ("圣诞节那天交", "2026-12-25"),
    ("如果元宵节以后交呢", "2027-02-01"),
    ("国庆以后交", "2027-10-01"),
    ("今年年内交掉", "2026-12-31"),
    ("12.18号交", "2026-12-18"),
    ("1.5号交", "2027-01-05"),
    ("明年的12月份交可以吗", "2027-12-01"),
    ("等到年后三月中旬吧", "2027-03-15"),
    # no payment day
    ("要是今天不交，截止以后还能交吗", None),  # a day not to pay on
    ("我交了3.5年", None),
    ("我女儿1月5号出生的", None),
    ("孩子3岁", None),
    ("一月份出生的", None),
    ("【余姚医保】尊敬的参保人，您2027年度城乡居民医保尚未缴费，请于2026年12月31日前完成缴费。回复TD退订", None),
    ("集中参保缴费期为2026年9月1日至12月31日，逾期缴费的设置待遇等待期", None),
    ("一月份我妈70岁了", None),  # a month beside other facts, no word of paying: not a payment day
]


@pytest.mark.parametrize("text,day", CASES, ids=[c[0] for c in CASES])
def test_pay_day(text, day):
    found = pay_dates(text, TODAY)
    assert (found[0][2] if found else None) == day
