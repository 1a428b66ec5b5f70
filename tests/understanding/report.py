"""``python -m tests.understanding.report``: how well the assistant reads residents, on sets written
apart from the training data and the rules (tests/understanding/README.md says by whom and how).

Prints per-fact precision and recall on the held-out fact-reading set and the share of replies to the
form's questions read right, writes them to ``var/results/understanding.json``, and exits 1 when a
gated figure is below its floor in ``floors.yml``. The issue's targets are printed next to the floors.
"""

from __future__ import annotations

import json
import os
import sys

import yaml

from . import scoring

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main() -> int:
    os.environ.setdefault("ASSISTANT_TODAY", scoring.TODAY.isoformat())
    with open(os.path.join(HERE, "floors.yml"), encoding="utf-8") as handle:
        floors = yaml.safe_load(handle)
    results, failures = {}, []
    for name in ("heldout_facts.yml", "dev_facts.yml", "dev2_facts.yml", "dev3_facts.yml", "dev4_facts.yml",
                 "dev5_facts.yml", "dev6_facts.yml", "dev7_facts.yml", "dev8_facts.yml", "dev9_facts.yml"):
        items = scoring.load(name)
        table = scoring.score(items).table()
        results[name] = {"items": len(items), "facts": table}
        print(f"\n{name} ({len(items)} messages)\n{'fact':24} precision  recall   (tp/fp/fn)")
        for fact, row in table.items():
            gate = floors["facts"].get(name, {}).get(fact)
            mark = ""
            if gate:
                low_p, low_r = gate["precision"], gate["recall"]
                if row["precision"] < low_p or row["recall"] < low_r:
                    failures.append(f"{name} {fact}: P {row['precision']:.3f} / R {row['recall']:.3f} below {low_p} / {low_r}")
                    mark = "  << below floor"
            print(f"{fact:24} {row['precision']:.3f}      {row['recall']:.3f}    ({row['tp']}/{row['fp']}/{row['fn']}){mark}")
    for name, floor in (("answers_to_questions.yml", floors["answers"]), ("dev2_answers.yml", floors["dev_answers"]),
                        ("dev3_answers.yml", floors["dev3_answers"]), ("dev4_answers.yml", floors["dev4_answers"]),
                        ("dev5_answers.yml", floors["dev5_answers"])):
        right, total, _ = scoring.score_answers(scoring.load(name))
        share = right / total
        results[name] = {"replies": total, "right": right, "share": round(share, 4)}
        print(f"\n{name}: {right}/{total} replies read right ({share:.3f})")
        if share < floor:
            failures.append(f"{name}: {share:.3f} below {floor}")
    targets = floors["targets"]
    print(f"\nissue targets (not met where below): precision {targets['precision']}, recall {targets['recall']}")
    out = os.path.join(ROOT, "var", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "understanding.json"), "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False, indent=1)
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
