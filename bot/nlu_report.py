"""Read `rasa test nlu`'s reports, print the figures, and fail below the intent macro-F1 target.

``python -m bot.nlu_report var/results/nlu --min-intent-macro-f1 0.90``
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--min-intent-macro-f1", type=float, default=0.90)
    args = parser.parse_args(argv)
    with open(os.path.join(args.folder, "intent_report.json"), encoding="utf-8") as handle:
        intents = json.load(handle)
    macro = intents["macro avg"]["f1-score"]
    print(f"NLU test set: {int(intents['macro avg']['support'])} utterances; intent macro-F1 {macro:.3f}, "
          f"accuracy {intents['accuracy']:.3f}")  # fmt: skip
    weak = sorted((v["f1-score"], k) for k, v in intents.items() if isinstance(v, dict) and "f1-score" in v
                  and k not in ("macro avg", "weighted avg", "micro avg"))  # fmt: skip
    print("  weakest intents: " + ", ".join(f"{k} {f:.2f}" for f, k in weak[:5]))
    selection = os.path.join(args.folder, "response_selection_report.json")
    if os.path.exists(selection):
        with open(selection, encoding="utf-8") as handle:
            faq = json.load(handle)
        print(f"  FAQ topics (ResponseSelector): macro-F1 {faq['macro avg']['f1-score']:.3f}, accuracy {faq['accuracy']:.3f}")
    if macro < args.min_intent_macro_f1:
        print(f"FAILED: intent macro-F1 {macro:.3f} is below {args.min_intent_macro_f1:.2f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
