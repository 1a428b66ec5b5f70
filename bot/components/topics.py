"""What a message asks, from explicit cue words, so that a statistical guess never sends it elsewhere.

``topic(text)`` → the FAQ topic of a general question named in so many words (支付宝里咋交, 住院能报多少,
长护险含在里面吗): a code of ``policies.vocabulary.FAQ_TOPICS`` or ``None``. A message that also states
a person's facts (age, 户口…) or asks the fee is an interview, not a general question:
``bot.components.topic_cues`` leaves those to the fee interview.

``question(text)`` → (what the interview's answer should lead with, start, end): fee, repair,
waiting, window, channels or scheme; the extractor gives it as the entity ``question``.
"""

from __future__ import annotations

import re

# (topic, cue) in order of priority: the first topic whose cue is in the text wins (浙里办里绑定家庭共济
# is 家庭共济, 学生医保怎么交 is 学生参保, 连着交满四年能多报多少 is the incentive).
CUES = (
    ("ltc", r"长护险|长期护理|护理保险"),
    ("incentives", r"连续参保|连着交|连续交|一直交不断|多报|激励|奖励"),
    ("student", r"学生医保|学生参保|学生怎么(?:交|参保)"),
    ("newborn", r"新生儿(?:医保|参保)|刚出生的?(?:宝宝|孩子|小孩)?(?:怎么|咋|去哪)(?:参保|办|交)"),
    ("remote", r"异地就医|异地报销|外地看病|外地住院|在外地.{0,4}(?:看病|住院|报销)|异地备案"),
    ("benefits", r"(?:住院|门诊|看病|生病|大病|手术)\S{0,6}(?:报多少|报[销消]多少|报[销消]比例|怎么报)"
                 r"|报[销消]比例|能报多少|报多少|报百分之"),
    ("family_pay", r"家庭共济|共济账户|用我的?医保(?:卡|账户)(?:给|帮|替)"),
    ("refund", r"(?:能|可以|怎么)退|退费|退钱|退款|申请退|钱能要回"),
    # (医保卡丢了: card services are not held here, the hotline is the answer)
    ("hotline", r"电话|热线|号码是多少|打哪个号"
                r"|(?:医保卡|社保卡|医保码)\S{0,6}(?:丢|补办|挂失|激活|换卡|坏了|密码)|补办\S{0,3}(?:医保卡|社保卡)"),
    ("tier_change", r"(?:换|改|变更|调)(?:成|为|到)?(?:一档|二档|档次)|档次.{0,4}(?:换|改|变更|调)"),
    ("channels", r"支付宝|微信(?:上|里)?(?:怎么|咋|能|可以)?(?:交|缴)|浙里办|随申办"
                 r"|(?:怎么|咋|如何)(?:交|缴)(?:费|钱)?(?:啊|呢|呀)?$"),
)
COMPILED = tuple((code, re.compile(cue)) for code, cue in CUES)


def topic(text: str) -> str | None:
    return next((code for code, cue in COMPILED if cue.search(text or "")), None)


# (question, cue): the earliest cue in the text wins ("我在余姚，42岁…交多少钱" asks the fee).
QUESTION_CUES = (
    ("fee", r"多少钱|交多少|缴多少|几块钱|多少元|多少费用|费用多少|要交几百|收费标准|缴费标准"),
    ("repair", r"补缴修复|补交|补缴(?!期)|断保.{0,6}(?:怎么办|能补)"),
    ("waiting", r"等待期|多久.{0,4}(?:能|可以)?(?:报销|用)|(?:什么|啥)时候?(?:能|可以|开始)(?:报销|用|享受)|马上能用"),
    ("window", r"(?:什么|啥)时候?(?:交|缴|开始|截止)|截止|几号|缴费时间|参保时间|还能(?:交|缴)吗"),
    ("channels", r"在哪(?:里|儿)?(?:交|缴|办)|怎么(?:交|缴)|去哪(?:里|儿)?(?:交|缴|办)|哪里(?:交|缴|办)|支付宝|微信上|线上"),
    ("scheme", r"能不能(?:参保|参加|交)|能(?:参保|参加)吗|参加哪(?:种|个)|符合条件|有没有资格"),
)
QUESTION_COMPILED = tuple((code, re.compile(cue)) for code, cue in QUESTION_CUES)


def question(text: str) -> tuple[str, int, int] | None:
    found = [(m.start(), m.end(), code) for code, cue in QUESTION_COMPILED for m in [cue.search(text or "")] if m]
    if not found:
        return None
    start, end, code = min(found, key=lambda f: (f[0], -f[1]))  # at one place the longer cue says more
    return code, start, end
