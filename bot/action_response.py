"""Checking the action server's reply at a fraction of Rasa's cost (issue 10).

Rasa 3.6 checks every reply of the action server with ``jsonschema.validate(reply, schema)``
(``RemoteAction._validate_action_result``). That call checks the schema itself first and then tries
every event against all 23 branches of the events schema's ``oneOf``; profiled with py-spy it was
about half of Rasa's CPU per turn here (a form turn returns dozens of events).

The same rules, checked faster: the schema's validators are built once per process, and each event is
checked against the base event schema and the one ``oneOf`` branch its ``event`` name selects. Every
branch fixes ``event`` to a different constant, so exactly that branch is the one ``oneOf`` could
accept: an event is valid here exactly when it is valid for Rasa (``tests/test_action_response.py``
compares the two on valid and invalid replies). An invalid reply raises the same
``jsonschema.ValidationError`` with Rasa's message appended.
"""

from __future__ import annotations

_state: dict = {}


def _validators() -> dict:
    if not _state:
        from jsonschema.validators import validator_for
        from rasa.shared.utils.schemas import events as schemas

        Validator = validator_for({})  # what jsonschema.validate uses for a schema without $schema
        base = {k: v for k, v in schemas.EVENT_SCHEMA.items() if k != "oneOf"}
        branches = {}
        for branch in schemas.EVENT_SCHEMA["oneOf"]:
            name = branch["properties"]["event"]["const"]
            branches[name] = Validator(branch)
        _state.update(
            reply=Validator({"type": "object", "properties": {
                "events": {"type": "array"}, "responses": {"type": "array", "items": {"type": "object"}}}}),
            base=Validator(base),
            branches=branches,
            full=Validator(schemas.EVENT_SCHEMA),
        )
    return _state


def validate_reply(reply) -> bool:
    """True for a valid reply; ``jsonschema.ValidationError`` otherwise (as Rasa's check would)."""
    checks = _validators()
    checks["reply"].validate(reply)
    for event in reply.get("events") or []:
        checks["base"].validate(event)
        branch = checks["branches"].get(event["event"])
        if branch is None or not branch.is_valid(event):
            checks["full"].validate(event)  # raises Rasa's own oneOf error for this event
    return True


def install() -> None:
    """Replace ``RemoteAction._validate_action_result`` (idempotent)."""
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction._validate_action_result, "_fast", False):
        return
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    def _validate_action_result(self, result):
        try:
            return validate_reply(result)
        except ValidationError as e:
            e.message += (
                ". Failed to validate Action server response from API, make sure your response from the "
                f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise e

    _validate_action_result._fast = True
    RemoteAction._validate_action_result = _validate_action_result
