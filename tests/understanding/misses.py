"""``python -m tests.understanding.misses [SET ...]``: the messages of a development set read wrong,
fact by fact, and the replies to the form's questions read wrong (``--answers``), to work from.

The held-out sets are refused: they measure the reader and are never developed against
(tests/understanding/README.md).
"""

from __future__ import annotations

import os
import sys

from . import scoring

HELD_OUT = ("heldout_facts.yml", "answers_to_questions.yml")
DEV_SETS = ("dev_facts.yml", "dev2_facts.yml", "dev3_facts.yml", "dev4_facts.yml", "dev5_facts.yml", "dev6_facts.yml",
            "dev7_facts.yml", "dev8_facts.yml", "dev9_facts.yml")
DEV_ANSWERS = ("dev2_answers.yml", "dev3_answers.yml", "dev4_answers.yml", "dev5_answers.yml")


def main(argv: list[str]) -> int:
    os.environ.setdefault("ASSISTANT_TODAY", scoring.TODAY.isoformat())  # the sets' day, as the report reads them
    names = [a for a in argv if not a.startswith("-")] or list(DEV_SETS + DEV_ANSWERS)
    refused = [n for n in names if n in HELD_OUT]
    if refused:
        print(f"held out, not shown: {', '.join(refused)}", file=sys.stderr)
        return 2
    for name in names:
        items = scoring.load(name)
        if name.endswith("_answers.yml"):
            right, total, wrong = scoring.score_answers(items)
            print(f"\n== {name}: {right}/{total} replies read right")
            for asked, text, expect, got in wrong:
                print(f"{asked:24} {text!r:40} want {expect} got {got}")
            continue
        result = scoring.score(items)
        print(f"\n== {name}: {len(result.errors)} misses")
        for item_id, fact, gold, value, text in result.errors:
            print(f"{item_id} {fact:22} want {gold!r:28} got {value!r:28} {text[:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
