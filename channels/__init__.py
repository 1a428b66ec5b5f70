"""Channel-side helpers that run before a message reaches Rasa (privacy redaction, ...)."""
