"""How much one message may be, in every channel: text over the cap is answered at once with a
Chinese reply and never reaches NLU, so no input can hold the server (issue 10, bounded work)."""

MAX_MESSAGE_CHARS = 500  # a resident's message; the fact extractor reads short sentences well
MAX_BODY_BYTES = 16 * 1024  # 500 CJK characters are 1,500 bytes of UTF-8, or 3,000 as \u escapes

TOO_LONG = (f"您的消息太长了（超过{MAX_MESSAGE_CHARS}个字），助手没有读取。请分几次、简短地说明参保人的情况，"
            "例如：“杭州户口，40岁，没有职工医保”。")  # fmt: skip
