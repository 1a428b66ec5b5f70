"""The fast check of the action server's replies (bot/action_response.py) accepts and rejects exactly
what Rasa's own jsonschema check does."""

import copy

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import action_response

SPEC = RemoteAction.action_response_format_spec()

VALID = {
    "events": [
        {"event": "slot", "timestamp": None, "name": "age", "value": 68},
        {"event": "slot", "name": "region", "value": None, "metadata": {}},
        {"event": "active_loop", "name": "quote_form"},
        {"event": "action", "name": "action_quote", "policy": None, "confidence": 1.0},
        {"event": "bot", "text": "交多少：个人400元。", "data": {"buttons": []}},
        {"event": "followup", "name": "action_listen"},
        {"event": "user", "text": "我妈68", "parse_data": {"intent": {"name": "inform", "confidence": 0.9},
                                                          "entities": [{"entity": "age", "value": 68}]}},
        {"event": "entities", "entities": [{"entity": "hukou", "value": "local", "extractor": None}]},
        {"event": "reset_slots"},
    ],
    "responses": [{"text": "您好"}, {"response": "utter_ask_age"}],
}

INVALID = [
    [],  # not an object
    {"events": {"event": "slot"}},  # events not a list
    {"events": ["slot"]},  # an event not an object
    {"events": [{"name": "age", "value": 1}]},  # no event name
    {"events": [{"event": 3}]},  # event name not a string
    {"events": [{"event": "no_such_event"}]},  # matches no branch
    {"events": [{"event": "slot", "name": "age"}]},  # a slot without value
    {"events": [{"event": "slot", "name": 7, "value": 1}]},  # slot name not a string
    {"events": [{"event": "entities"}]},  # entities missing
    {"events": [{"event": "entities", "entities": [{"entity": "age"}]}]},  # entity without value
    {"events": [{"event": "action", "confidence": "high"}]},
    {"events": [{"event": "bot", "timestamp": "today"}]},
    {"events": [{"event": "bot", "metadata": []}]},
    {"events": [{"event": "user", "parse_data": {"intent": {"name": 5}}}]},
    {"responses": ["hello"]},
]


def rasa_accepts(reply) -> bool:
    try:
        validate(reply, SPEC)
        return True
    except ValidationError:
        return False


def ours_accepts(reply) -> bool:
    try:
        return action_response.validate_reply(reply)
    except ValidationError:
        return False


def test_a_valid_reply_is_accepted_by_both():
    assert rasa_accepts(VALID) and ours_accepts(VALID)
    for event in VALID["events"]:  # and each event alone
        assert ours_accepts({"events": [event]}) == rasa_accepts({"events": [event]}) is True


@pytest.mark.parametrize("reply", INVALID, ids=range(len(INVALID)))
def test_an_invalid_reply_is_rejected_by_both(reply):
    assert rasa_accepts(reply) is False
    assert ours_accepts(reply) is False


def test_every_event_kind_of_rasa_has_its_branch():
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    names = {b["properties"]["event"]["const"] for b in EVENT_SCHEMA["oneOf"]}
    assert names == set(action_response._validators()["branches"]) and len(names) == 23
    for name in names:  # the minimal event of each kind: both agree
        event = {"event": name}
        assert ours_accepts({"events": [event]}) == rasa_accepts({"events": [event]})


def test_installed_on_remote_action_with_rasas_message(monkeypatch):
    original = RemoteAction._validate_action_result
    monkeypatch.setattr(RemoteAction, "_validate_action_result", original)
    action_response.install()
    action = RemoteAction("action_quote", None)
    assert action._validate_action_result(copy.deepcopy(VALID)) is True
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "slot"}]})
