"""The ground level every other package stands on: the clock (``ASSISTANT_TODAY``), personal-data
redaction and Chinese numerals. It imports nothing of this project, so ``channels/``, ``ledger/``,
``actions/``, ``bot/`` and ``policies``' command line can all use it without a lower layer importing
a higher one.
"""
