"""What the ledger refuses to keep: personal identifiers.

Facts may only use the quote contract's fact fields (``policies.facts.FIELDS``: age, hukou, region …,
never a name or an ID). As defence in depth every string (and integer) anywhere in the facts, the
answer and the card text is scanned with the channels' own detector (base/privacy.py) for an
18-digit 居民身份证号, a mobile number or a bank card number. Messages name where the value was, never the value.
"""

from __future__ import annotations

import json

_KINDS = {"id": "身份证号", "id_invalid": "身份证号", "mobile": "手机号", "bank_card": "银行卡号"}


def looks_personal(text: str) -> str | None:
    """The kind of identifier ``text`` seems to contain (身份证号 / 手机号 / 银行卡号), or None.
    The same detector the channels redact with (base/privacy.py), so both agree on what is personal."""
    from base.privacy import redact

    removed = redact(text).removed
    return _KINDS.get(removed[0], "个人号码") if removed else None


def _scan(value, path: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _scan(key, f"{path}（键）")
            _scan(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _scan(item, f"{path}[{i}]")
    elif isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        text = str(value)
        if "\x00" in text:
            raise ValueError(f"{path} 含有 NUL 字符，无法保存。")
        kind = looks_personal(text)
        if kind:
            raise ValueError(f"{path} 中疑似含有{kind}：咨询记录不得保存个人身份信息，已拒绝写入。")


def _json(value, name: str) -> None:
    try:
        json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} 无法保存为 JSON：{error}") from None


def _check_household(facts: dict, fields) -> None:
    for i, member in enumerate(facts["members"]):
        if not isinstance(member, dict) or not isinstance(member.get("label"), str):
            raise ValueError(f"第{i + 1}位家庭成员应为带 label 的对象。")
        unknown = sorted(str(k) for k in member if k != "label" and k not in fields)
        if unknown:
            raise ValueError(f"家庭成员“{member['label']}”含有报价契约以外的字段：{', '.join(unknown)}。")


MAX_TRANSCRIPT = 40


def check_transcript(transcript) -> None:
    """A transcript is a short list of strings with no identifier left in them."""
    if not isinstance(transcript, list) or len(transcript) > MAX_TRANSCRIPT or not all(isinstance(t, str) for t in transcript):
        raise ValueError(f"transcript 应为不超过{MAX_TRANSCRIPT}条的字符串列表。")
    _scan(transcript, "transcript")


def check_record(facts, answer, card_text, channel, rule_version) -> None:
    """Raise ValueError (Chinese message) unless the record may be stored as it is."""
    from policies.facts import FIELDS  # on first use: importing the ledger stays cheap

    if not isinstance(facts, dict):
        raise ValueError(f"facts 应为 dict，收到 {type(facts).__name__}。")
    shared = facts
    if isinstance(facts.get("members"), list):  # a household (policies.household): shared facts and members
        _check_household(facts, FIELDS)
        shared = {k: v for k, v in facts.items() if k != "members"}
    unknown = sorted(str(key) for key in shared if key not in FIELDS)
    if unknown:
        raise ValueError(f"facts 含有报价契约以外的字段：{', '.join(unknown)}；咨询记录只保存 policies.facts.FIELDS 中的字段。")
    if not isinstance(answer, dict):
        raise ValueError(f"answer 应为 dict，收到 {type(answer).__name__}。")
    if not isinstance(card_text, str):
        raise ValueError(f"card_text 应为字符串，收到 {type(card_text).__name__}。")
    for name, value, longest in (("channel", channel, 32), ("rule_version", rule_version, 64)):
        if not isinstance(value, str) or not value.strip() or len(value) > longest:
            raise ValueError(f"{name} 应为不超过{longest}个字符的非空字符串，收到 {value!r:.60}。")
    _json(facts, "facts")
    _json(answer, "answer")
    _scan(facts, "facts")
    _scan(answer, "answer")
    _scan(card_text, "card_text")
    _scan(channel, "channel")
