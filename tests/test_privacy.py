"""Personal identifiers (ID, mobile and bank card numbers) are removed before text goes anywhere (base/privacy.py).

ID numbers are built here with an independent ISO 7064 MOD 11-2 implementation (the defining property:
sum of a_i * 2^(i-1) over the 18 characters, a_1 the check character, is 1 mod 11).
"""

import datetime as dt
import io
import logging
import random
import re

import pytest

from base.privacy import (
    BANK_CARD_PLACEHOLDER,
    ID_PLACEHOLDER,
    MOBILE_PLACEHOLDER,
    Redacted,
    RedactingFilter,
    id_check_digit,
    install_log_filter,
    redact,
    redact_payload,
    uninstall_log_filter,
)

FULLWIDTH = str.maketrans("0123456789Xx -+", "０１２３４５６７８９Ｘｘ　－＋")
PUBLIC_VECTOR = "11010519491231002X"  # the example in GB 11643


def check_char(first17: str) -> str:
    total = sum(int(d) * 2 ** (17 - k) for k, d in enumerate(first17))
    value = (1 - total) % 11
    return "X" if value == 10 else str(value)


def make_id(birth: str, area: str = "330106", seq: str = "123") -> str:
    first17 = area + birth + seq
    return first17 + check_char(first17)


def wrong_check(number: str) -> str:
    right = number[-1]
    for c in "0123456789X":
        if c != right:
            return number[:-1] + c
    raise AssertionError


def no_long_digit_run(text: str) -> bool:
    """A birth year (4 digits) may stay; nothing longer may."""
    return re.search(r"[0-9０-９]{5,}", text) is None


def no_part_of(number: str, text: str) -> bool:
    """No run of 5 or more characters of ``number`` (ignoring separators) is in ``text``."""
    digits = re.sub(r"[^0-9X]", "", number.upper().translate(str.maketrans("０１２３４５６７８９Ｘ", "0123456789X")))
    flat = re.sub(r"[\s\-]", "", text.upper())
    return all(digits[i : i + 5] not in flat for i in range(len(digits) - 4))


# ---------------------------------------------------------------------------------------------
# The check digit
# ---------------------------------------------------------------------------------------------


def test_public_vector_is_valid_for_both_implementations():
    assert check_char(PUBLIC_VECTOR[:17]) == "X"
    assert id_check_digit(PUBLIC_VECTOR[:17]) == "X"


def test_check_digit_agrees_with_the_independent_one():
    rng = random.Random(11643)
    for _ in range(500):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert id_check_digit(first17) == check_char(first17)


# ---------------------------------------------------------------------------------------------
# ID numbers
# ---------------------------------------------------------------------------------------------

VALID_IDS = [
    (PUBLIC_VECTOR, dt.date(1949, 12, 31)),
    (make_id("19900305"), dt.date(1990, 3, 5)),
    (make_id("20000229", area="610403", seq="007"), dt.date(2000, 2, 29)),
    (make_id("20180701", area="330281", seq="452"), dt.date(2018, 7, 1)),
    (make_id("19591010", area="310115", seq="888"), dt.date(1959, 10, 10)),
    (make_id("19011111", area="440305", seq="001"), dt.date(1901, 11, 11)),
]
# An ID ending in X, found by trying sequence numbers.
X_ID = next(n for n in (make_id("19850617", seq=f"{s:03d}") for s in range(1000)) if n.endswith("X"))


@pytest.mark.parametrize("number,born", VALID_IDS + [(X_ID, dt.date(1985, 6, 17))])
def test_valid_id_is_removed_and_gives_the_birth_date(number, born):
    result = redact(number)
    assert result.removed == ["id"]
    assert result.birth_date == born
    assert result.text == "［身份证号已隐去］"  # the date travels as metadata (birth_metadata), not as text
    assert no_long_digit_run(result.text) and no_part_of(number, result.text)


def test_lowercase_and_fullwidth_x():
    for variant in (X_ID[:-1] + "x", X_ID.translate(FULLWIDTH), X_ID[:-1].translate(FULLWIDTH) + "ｘ"):
        result = redact(f"身份证{variant}。")
        assert result.removed == ["id"], variant
        assert result.birth_date == dt.date(1985, 6, 17)
        assert result.text == "身份证［身份证号已隐去］。"


@pytest.mark.parametrize("number,born", VALID_IDS)
def test_fullwidth_id(number, born):
    result = redact("我的身份证号：" + number.translate(FULLWIDTH))
    assert result.removed == ["id"]
    assert result.birth_date == born
    assert result.text.startswith("我的身份证号：［身份证号已隐去］")
    assert no_long_digit_run(result.text)


@pytest.mark.parametrize("number,_born", VALID_IDS + [(X_ID, None)])
def test_invalid_check_digit_is_removed_without_birth_date(number, _born):
    bad = wrong_check(number)
    result = redact(f"身份证号{bad}，帮我查一下")
    assert result.removed == ["id_invalid"]
    assert result.birth_date is None
    assert result.text == f"身份证号{ID_PLACEHOLDER}，帮我查一下"


def test_invalid_id_ending_in_x_is_still_an_id():
    bad = wrong_check(X_ID) if X_ID.endswith("X") else X_ID
    assert redact(bad).removed == ["id_invalid"]
    weird = "999999999999999999"[:17] + "X"  # no birth date, bad check, but the X says ID
    assert redact(weird).removed == ["id_invalid"] and redact(weird).text == ID_PLACEHOLDER


def test_valid_check_digit_but_impossible_date_gives_no_birth_date():
    for birth in ("19901301", "19900230", "18991231", "21010101"):
        number = make_id(birth)
        result = redact(number)
        assert result.birth_date is None
        assert result.removed and result.removed[0] != "id"
        assert not re.search(r"\d", result.text)


@pytest.mark.parametrize(
    "layout",
    ["{a} {b} {c}", "{a}-{b}-{c}", "{a} - {b} - {c}", "{a}  {b}  {c}", "{a}　{b}　{c}", "{a} {b1} {b2} {c}",
     "{a}-{b1}-{b2}-{c}"],
)  # fmt: skip
def test_grouped_id(layout):
    number = make_id("19900305")
    written = layout.format(a=number[:6], b=number[6:14], b1=number[6:10], b2=number[10:14], c=number[14:])
    result = redact(f"身份证号是{written}，谢谢")
    assert result.removed == ["id"], written
    assert result.birth_date == dt.date(1990, 3, 5)
    assert result.text == "身份证号是［身份证号已隐去］，谢谢"


def test_grouped_id_with_invalid_check_is_still_removed():
    number = wrong_check(make_id("19900305"))
    result = redact(f"{number[:6]} {number[6:14]} {number[14:]}")
    assert result.removed == ["id_invalid"] and result.text == ID_PLACEHOLDER


@pytest.mark.parametrize("text, kind, born", [
    ("我妈老身份证110105491231002，帮查下", "id", dt.date(1949, 12, 31)),  # first-generation, 15 digits
    ("农行账户622848123456789", "bank_card", None),  # 15 digits, no date of the 1900s: an account
])  # fmt: skip
def test_fifteen_digit_ids_and_accounts_are_removed(text, kind, born):
    out = redact(text)
    assert out.removed == [kind] and out.birth_date == born
    assert not re.search(r"[0-9]{6}", out.text)


@pytest.mark.parametrize("mobile", ["1351 234 5678", "1351-234-5678", "136 1234 5678"])
def test_mobiles_grouped_four_three_four_or_three_four_four_are_removed(mobile):
    out = redact(f"电话{mobile}，找王阿姨")
    assert out.removed == ["mobile"] and out.text == f"电话{MOBILE_PLACEHOLDER}，找王阿姨"


def test_id_in_a_chinese_sentence_with_a_mobile():
    text = "我身份证号是330106199001011234，手机13800138000"
    result = redact(text)
    expected_kind = "id" if check_char("33010619900101123") == "4" else "id_invalid"
    assert result.removed == [expected_kind, "mobile"]
    assert result.text.startswith("我身份证号是［身份证号已隐去")
    assert result.text.endswith("，手机［手机号已隐去］")
    assert no_part_of("330106199001011234", result.text) and no_part_of("13800138000", result.text)

    valid = make_id("19900101")
    result = redact(f"我身份证号是{valid}，手机13800138000")
    assert result.text == "我身份证号是［身份证号已隐去］，手机［手机号已隐去］"
    assert result.removed == ["id", "mobile"] and result.birth_date == dt.date(1990, 1, 1)


def test_two_ids_the_first_valid_one_gives_the_birth_date():
    first, second = wrong_check(make_id("19700101")), make_id("19900305")
    result = redact(f"我{first}，我妈{second}")
    assert result.removed == ["id_invalid", "id"]
    assert result.birth_date == dt.date(1990, 3, 5)
    assert no_long_digit_run(result.text)


# ---------------------------------------------------------------------------------------------
# Mobile numbers
# ---------------------------------------------------------------------------------------------

MOBILES = [
    "13800138000", "15912345678", "18657101234", "17712345678", "19912345678", "14712345678", "16612345678",
    "+8613800138000", "+86 13800138000", "+86-13800138000", "+86 138 0013 8000", "+86-138-0013-8000",
    "8613800138000", "008613800138000", "0086 138 0013 8000", "(+86)13800138000", "（+86）13800138000",
    "138 0013 8000", "138-0013-8000", "138 - 0013 - 8000", "1380013 8000", "138 00138000",
    "１３８００１３８０００", "＋８６　１３８　００１３　８０００", "138－0013－8000",
]  # fmt: skip


@pytest.mark.parametrize("mobile", MOBILES)
def test_mobile_is_removed(mobile):
    result = redact(f"我的手机是{mobile}，有事打我")
    assert result.removed == ["mobile"], mobile
    assert result.text == f"我的手机是{MOBILE_PLACEHOLDER}，有事打我"
    assert result.birth_date is None


@pytest.mark.parametrize("mobile", MOBILES)
def test_mobile_alone_and_at_the_edges(mobile):
    assert redact(mobile).text == MOBILE_PLACEHOLDER
    assert redact(f"电话{mobile}").text == f"电话{MOBILE_PLACEHOLDER}"
    assert redact(f"{mobile}是我电话").text == f"{MOBILE_PLACEHOLDER}是我电话"


@pytest.mark.parametrize(
    "text",
    [
        "订单号113800138000",  # 12 digits
        "编号13800138000123",  # 14 digits
        "流水号202405151380013800",  # 18 digits: removed as a bank card, never as a mobile
        "流水号2024051513800138000123",  # 22 digits
        "12800138000",  # 12x is no mobile prefix
        "10086",
        "95588",
    ],
)
def test_eleven_digits_inside_a_longer_run_or_not_a_mobile(text):
    result = redact(text)
    assert "mobile" not in result.removed
    if len(re.sub(r"\D", "", text)) not in range(16, 20):
        assert result.text == text and result.removed == []


# ---------------------------------------------------------------------------------------------
# Bank card numbers
# ---------------------------------------------------------------------------------------------

CARDS = [
    "6222021234567890", "6222021234567890123", "62220212345678901", "622202123456789012",
    "6222 0212 3456 7890", "6222 0212 3456 7890 123", "6222-0212-3456-7890", "6222-0212-3456-7890-12",
    "4111 1111 1111 1111", "6217　0012　3456　7890", "６２２２０２１２３４５６７８９０", "6222  0212  3456  7890",
]  # fmt: skip


@pytest.mark.parametrize("card", CARDS)
def test_bank_card_is_removed(card):
    result = redact(f"我的卡号是{card}，扣款失败了")
    assert result.removed in (["bank_card"], ["id_invalid"]), card  # 18 digits may look like an ID
    assert result.birth_date is None
    assert not re.search(r"[0-9０-９]", result.text)
    assert result.text.startswith("我的卡号是［") and result.text.endswith("］，扣款失败了")


def test_sixteen_and_nineteen_digit_cards_are_bank_cards():
    assert redact("6222021234567890").removed == ["bank_card"]
    assert redact("6222021234567890123").text == BANK_CARD_PLACEHOLDER
    assert redact("卡号 6222 0212 3456 7890 123 谢谢").text == f"卡号 {BANK_CARD_PLACEHOLDER} 谢谢"


def test_eighteen_digits_without_date_or_x_is_a_bank_card():
    assert redact("622202123456789012").removed == ["bank_card"]


def test_all_three_in_one_message():
    number = make_id("19881111")
    text = f"身份证{number}，电话+86 139 1234 5678，银行卡6222 0212 3456 7890 123。"
    result = redact(text)
    assert result.removed == ["id", "mobile", "bank_card"]
    assert result.text == (
        f"身份证［身份证号已隐去］，电话{MOBILE_PLACEHOLDER}，银行卡{BANK_CARD_PLACEHOLDER}。"
    )
    assert result.birth_date == dt.date(1988, 11, 11)


# ---------------------------------------------------------------------------------------------
# What must be kept
# ---------------------------------------------------------------------------------------------

KEPT = [
    "2024-12-25", "2024年12月25日", "2024.12.25", "20241225", "730元", "12393", "12366", "打12393问问", "2025年",
    "我今年35岁", "断保3年", "6871元", "身份证", "身份证号", "我的身份证号码忘了", "手机号", "银行卡", "",
    "2025年度每人每年400元，12月31日前缴费", "1990年3月5日出生", "2021 2022 2023 2024年都没交",
    "2021-2022-2023-2024年断了", "我妈65岁，杭州户口，是低保户", "交了380元/人/年", "电话 0571 12345",
    "补缴2023、2024两年，共计1,460元", "第1档", "60周岁以上", "12345678", "1380013800",
]  # fmt: skip


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_numbers_are_kept(text):
    result = redact(text)
    assert result == Redacted(text, [], None)
    assert not result.changed


def test_non_string_input():
    assert redact(None).text == ""
    assert redact(13800138000).text == MOBILE_PLACEHOLDER


# ---------------------------------------------------------------------------------------------
# Idempotence
# ---------------------------------------------------------------------------------------------


def _random_messages(count=300):
    rng = random.Random(20250401)
    pieces = ["我", "身份证", "手机", "卡号", "，", "。", " ", "-", "2025年", "730元", "12393", "出生", "杭州", "1", "86", "+"]
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.random()
            if kind < 0.15:
                year = rng.randint(1930, 2024)
                parts.append(make_id(f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}", seq=f"{rng.randint(0, 999):03d}"))
            elif kind < 0.25:
                parts.append(f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}")
            elif kind < 0.32:
                parts.append(" ".join(f"{rng.randint(0, 9999):04d}" for _ in range(4)))
            elif kind < 0.45:
                parts.append(str(rng.randint(0, 10 ** rng.randint(1, 22))))
            else:
                parts.append(rng.choice(pieces))
        text = "".join(parts)
        yield text.translate(FULLWIDTH) if rng.random() < 0.2 else text


@pytest.mark.parametrize("text", KEPT + MOBILES + CARDS + [v[0] for v in VALID_IDS] + list(_random_messages()))
def test_idempotent(text):
    once = redact(text)
    twice = redact(once.text)
    assert twice.text == once.text
    assert twice.removed == []


def test_placeholders_carry_no_digits():
    for placeholder in (ID_PLACEHOLDER, MOBILE_PLACEHOLDER, BANK_CARD_PLACEHOLDER):
        assert not re.search(r"\d", placeholder)
    for text in _random_messages(200):
        cleaned = redact(text).text
        for number in re.findall(r"1[3-9]\d{9}", text):
            if re.search(rf"(?<!\d){number}(?!\d)", text):
                assert number not in cleaned


# ---------------------------------------------------------------------------------------------
# JSON-like payloads
# ---------------------------------------------------------------------------------------------


def test_redact_payload_walks_nested_data():
    number = make_id("19900305")
    payload = {
        "sender": "user-1",
        "message": f"身份证{number}",
        "metadata": {"phones": ["13800138000", "+86 139 1234 5678"], "card": ("6222021234567890",), "n": 3},
        "13800138000": True,
        "amount": 730,
        "ok": True,
        "raw_phone": 13800138000,
        "none": None,
    }
    clean = redact_payload(payload)
    assert clean["message"] == "身份证［身份证号已隐去］"
    assert clean["metadata"]["phones"] == [MOBILE_PLACEHOLDER, MOBILE_PLACEHOLDER]
    assert clean["metadata"]["card"] == (BANK_CARD_PLACEHOLDER,)
    assert clean["metadata"]["n"] == 3 and clean["amount"] == 730 and clean["ok"] is True and clean["none"] is None
    assert clean[MOBILE_PLACEHOLDER] is True and "13800138000" not in clean
    assert clean["raw_phone"] == MOBILE_PLACEHOLDER
    assert clean["sender"] == "user-1"
    assert payload["message"] == f"身份证{number}"  # the input is not changed
    assert no_long_digit_run(repr(clean))


def test_redact_payload_leaves_clean_data_equal():
    data = {"a": ["2025年", 730, 1.5, {"b": "12393"}], "c": (1, 2)}
    assert redact_payload(data) == data


# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def log_stream():
    """A logger writing to a StringIO through a StreamHandler; the redaction installed, and undone after."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test_privacy.channel")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    install_log_filter()
    yield logger, stream, handler
    uninstall_log_filter()
    logger.handlers[:] = []


def test_log_filter_redacts_args(log_stream):
    logger, stream, _ = log_stream
    number = make_id("19900305")
    logger.info("text %s", number)
    logger.info("user said: %s / %s", f"手机{'13800138000'}", "卡6222 0212 3456 7890")
    logger.info("%(id)s and %(n)d", {"id": number, "n": 3})
    logger.info("raw int %d", 13800138000)
    logger.info("a dict %s", {"text": f"身份证{number}", "age": 35})
    logger.info(f"in the message itself {number}")
    output = stream.getvalue()
    assert no_part_of(number, output) and no_part_of("13800138000", output) and no_part_of("6222021234567890", output)
    assert no_long_digit_run(output)
    assert ID_PLACEHOLDER in output and "1990" not in output and MOBILE_PLACEHOLDER in output and BANK_CARD_PLACEHOLDER in output
    assert "and 3" in output and "'age': 35" in output


def test_log_filter_keeps_clean_records_as_they_were(log_stream):
    logger, stream, handler = log_stream
    records = []
    handler.emit = records.append  # see the record the handler gets
    logger.info("year %s fee %d", "2025年", 730)
    assert records[0].msg == "year %s fee %d" and records[0].args == ("2025年", 730)
    assert records[0].getMessage() == "year 2025年 fee 730"


def test_log_filter_redacts_exceptions_extras_and_stack(log_stream):
    logger, stream, handler = log_stream
    handler.setFormatter(logging.Formatter("%(message)s|%(phone)s"))
    try:
        raise ValueError("bad id 110105194912310029 / 13800138000")
    except ValueError:
        logger.exception("failed for %s", "13912345678", extra={"phone": "+86 138 0013 8000"})
    logger.info("with stack", stack_info=True, extra={"phone": "none"})
    output = stream.getvalue()
    assert "ValueError: bad id" in output and "Traceback" in output
    assert no_long_digit_run(output)
    assert no_part_of("110105194912310029", output) and no_part_of("13912345678", output)


def test_records_made_anywhere_are_redacted_at_creation(log_stream):
    other = logging.getLogger("test_privacy.created_later")
    stream = io.StringIO()
    other.addHandler(logging.StreamHandler(stream))  # no filter on this handler: the record factory did it
    other.propagate = False
    try:
        other.warning("sanic-like %s", "13800138000")
        record = logging.getLogger("x").makeRecord("x", logging.INFO, __file__, 1, "id %s", (PUBLIC_VECTOR,), None)
    finally:
        other.handlers[:] = []
    assert stream.getvalue().strip() == f"sanic-like {MOBILE_PLACEHOLDER}"
    assert record.getMessage() == "id ［身份证号已隐去］"


def test_install_twice_does_not_double_wrap_or_break(log_stream):
    logger, stream, handler = log_stream
    install_log_filter()
    install_log_filter()
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
    factory = logging.getLogRecordFactory()
    assert not hasattr(factory._redacting_previous, "_redacting_previous")
    logger.info("text %s", PUBLIC_VECTOR)
    logger.info("phone %s", "13800138000")
    lines = stream.getvalue().splitlines()
    assert lines == [
        "INFO text ［身份证号已隐去］",
        f"INFO phone {MOBILE_PLACEHOLDER}",
    ]


def test_root_handlers_get_the_filter():
    root = logging.getLogger()
    handler = logging.StreamHandler(io.StringIO())
    root.addHandler(handler)
    try:
        install_log_filter()
        assert any(isinstance(f, RedactingFilter) for f in handler.filters)
    finally:
        uninstall_log_filter()
        root.removeHandler(handler)
    assert not any(isinstance(f, RedactingFilter) for f in handler.filters)
    assert not hasattr(logging.getLogRecordFactory(), "_redacting_previous")


def test_filter_on_a_bare_record_and_a_bad_format():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "手机 %s %s", ("13800138000",), None)  # too few args
    assert RedactingFilter().filter(record) is True
    assert record.msg == "手机 %s %s" and record.args == (MOBILE_PLACEHOLDER,)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "卡 6222021234567890", None, None)
    RedactingFilter().filter(record)
    assert record.getMessage() == f"卡 {BANK_CARD_PLACEHOLDER}"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%(p)s", ({"p": "13800138000"},), None)
    RedactingFilter().filter(record)
    assert record.getMessage() == MOBILE_PLACEHOLDER


# ---------------------------------------------------------------------------------------------
# The birth date of an ID travels as metadata; the cleaned text has none to read back
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template,year,extra",
    [
        ("我身份证号是{id}", 1990, {}),
        ("我妈身份证号{id}，杭州户口", 1958, {"hukou_region": "hangzhou"}),
        ("孩子的身份证：{id}", 2018, {}),
        ("{id}", 1949, {}),
        ("身份证号是 {grouped}，手机13800138000", 1976, {}),
    ],
)
def test_the_exact_birth_date_travels_as_metadata(monkeypatch, template, year, extra):
    from base.privacy import BIRTH_KEY, birth_metadata
    from bot.components.zh_facts import extract, extract_entities

    monkeypatch.setenv("ASSISTANT_TODAY", "2026-11-22")
    number = PUBLIC_VECTOR if year == 1949 else make_id(f"{year}0615", area="330106", seq="518")
    grouped = f"{number[:6]} {number[6:10]} {number[10:14]} {number[14:]}"
    result = redact(template.format(id=number, grouped=grouped))
    assert result.birth_date is not None and result.birth_date.year == year
    facts = extract(result.text)  # nothing is parsed back from the placeholder
    assert not {"birth_date", "birth_year", "age"} & set(facts)
    assert birth_metadata(result)[BIRTH_KEY] == result.birth_date.isoformat()  # the date goes as metadata
    for key, value in extra.items():
        assert facts[key] == value
    assert no_part_of(number, result.text) and no_long_digit_run(result.text)
    for entity in extract_entities(result.text):
        assert no_part_of(number, str(entity["value"])) and no_part_of(number, entity["text"])


def test_fact_extractor_gets_nothing_from_an_invalid_id(monkeypatch):
    from bot.components.zh_facts import extract

    monkeypatch.setenv("ASSISTANT_TODAY", "2026-11-22")
    result = redact("我身份证号是" + wrong_check(make_id("19900305")))
    assert "birth_year" not in extract(result.text) and "birth_date" not in extract(result.text)


@pytest.mark.parametrize("text", ['"confidence": 0.9999999403953552}', "score 12.34567890123456789", "0.13912345678"])
def test_decimal_fractions_are_not_identifiers(text):
    assert redact(text).text == text


def test_the_birth_date_of_a_valid_id_travels_as_metadata_a_client_cannot_forge():
    from base.privacy import BIRTH_KEY, birth_metadata

    number = make_id("19900305")
    assert birth_metadata(redact(f"身份证{number}"), {"channel": "rest"}) == {"channel": "rest", BIRTH_KEY: "1990-03-05"}
    assert birth_metadata(redact("我35岁"), {BIRTH_KEY: "1900-01-01"}) == {}  # forged by a client: dropped
