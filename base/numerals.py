"""Numbers as residents type them: Arabic digits and Chinese numerals.

``parse_number("二十三") == 23``, ``parse_number("一百零二") == 102``, ``parse_number("两") == 2``,
``parse_number("一百二") == 120`` (colloquial), ``parse_number("3.5") == 3.5``; Chinese numerals are
read by ``cn2an``. Runs of bare digit
characters such as ``八九`` are not numbers (``None``); years said digit by digit (``九八``, ``二〇〇五``)
go through :func:`parse_year`.
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}

# A number in a regex: Arabic digits (with an optional decimal part) or a run of Chinese numerals.
NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
# A year: four or two Arabic digits, Chinese digits said one by one (九八, 二〇〇五), or 两千零五.
YEAR = r"(?:\d{4}|\d{2}|[零〇一二三四五六七八九]{4}|[零〇一二三四五六七八九]{2}|[一两二]千[零〇一二三四五六七八九十]+)"

_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_DIGITWISE = re.compile(r"[零〇一二三四五六七八九]+")


def _parse_chinese(text: str) -> int | None:
    """A Chinese numeral through ``cn2an`` (maintained, handles 两 and the colloquial 一百二); a run of
    bare digits without a unit (八九, 三四) is a range or a year said digit by digit, not a number."""
    import cn2an

    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        return None
    try:
        value = cn2an.cn2an(text.replace("〇", "零"), "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None


def parse_number(text: str) -> int | float | None:
    """The value of a number written in digits or Chinese numerals; ``None`` when it is not one."""
    text = text.strip()
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        value = float(text)
        return int(value) if value.is_integer() else value
    return _parse_chinese(text)


def parse_year(text: str, two_digit_pivot: int = 30) -> int | None:
    """A calendar year: ``1958``, ``58`` (→1958), ``05`` (→2005), ``九八`` (→1998), ``两千零五`` (→2005).

    Two-digit years ``00``–``30`` are 20xx, the others 19xx."""
    text = text.strip()
    if text.isdigit():
        digits = text
    elif _DIGITWISE.fullmatch(text):
        digits = "".join(str(DIGITS[ch]) for ch in text)
    else:
        value = _parse_chinese(text)
        return value if value is not None and 1000 <= value <= 2999 else None
    if len(digits) == 4:
        return int(digits)
    if len(digits) == 2:
        value = int(digits)
        return 2000 + value if value <= two_digit_pivot else 1900 + value
    return None
