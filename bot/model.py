"""Is the trained model current? The model is retrained when it is missing or when anything it is
built from changed: config, domain, training data, the jieba dictionary, the NLU components, the
policy data (region names feed the extractor) and the Rasa version.

``python -m bot.model stale`` exits 0 when a retrain is needed; ``python -m bot.model stamp`` records
the inputs of the model just trained.
"""

from __future__ import annotations

import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "models", "assistant.tar.gz")
STAMP = os.path.join(ROOT, "models", "assistant.inputs")
INPUTS = ("bot/config.yml", "bot/domain", "data", "bot/dictionary", "bot/components")
REGION_FILES = os.path.join(ROOT, "policies", "data")  # region names and aliases feed the fact extractor


def _files():
    for item in INPUTS:
        path = os.path.join(ROOT, item)
        if os.path.isfile(path):
            yield path
            continue
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".yml", ".yaml", ".txt", ".py")):
                    yield os.path.join(folder, name)
    for folder in sorted(os.listdir(REGION_FILES)):
        path = os.path.join(REGION_FILES, folder, "region.yaml")
        if os.path.exists(path):
            yield path


def inputs_hash() -> str:
    from importlib.metadata import version

    digest = hashlib.sha256(f"rasa {version('rasa')}\0".encode())
    for path in _files():
        with open(path, "rb") as handle:
            digest.update(os.path.relpath(path, ROOT).encode() + b"\0" + handle.read() + b"\0")
    return digest.hexdigest()


def is_stale() -> bool:
    if not os.path.exists(MODEL) or not os.path.exists(STAMP):
        return True
    with open(STAMP, encoding="utf-8") as handle:
        return handle.read().strip() != inputs_hash()


def main(argv) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "stale":
        stale = is_stale()
        print("model missing or out of date: training" if stale else "model is up to date")
        return 0 if stale else 1
    if command == "stamp":
        with open(STAMP, "w", encoding="utf-8") as handle:
            handle.write(inputs_hash() + "\n")
        return 0
    print("usage: python -m bot.model stale|stamp", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
