"""Custom pieces of the Rasa bot: the rule-based Chinese fact extractor (:mod:`.zh_facts`)."""
