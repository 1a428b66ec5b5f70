"""Strict YAML reading: duplicate keys and bad dates stop loading with file and line.

Mappings come back as :class:`LineDict` (a dict that remembers the line of each key) so that the
schema check can name the line of every problem it finds.
"""

from __future__ import annotations

import datetime as _dt

import yaml

try:  # libyaml is much faster; fall back to the pure-Python loader.
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class DataError(ValueError):
    """A policy data file is malformed; the message names the file and line."""


class LineDict(dict):
    """A mapping that also records the 1-based line of the mapping and of each key."""

    __slots__ = ("line", "key_lines")

    def __init__(self, *args, line: int = 0, key_lines: dict | None = None):
        super().__init__(*args)
        self.line = line
        self.key_lines = key_lines or {}


class LineList(list):
    __slots__ = ("line",)

    def __init__(self, *args, line: int = 0):
        super().__init__(*args)
        self.line = line


def _make_loader(path: str):
    class StrictLoader(_Base):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        result = LineDict(line=node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                raise DataError(f"{path}:{line}: a mapping key must be a plain value") from None
            if key in result:
                first = result.key_lines[key]
                raise DataError(f"{path}:{line}: duplicate key '{key}' (first given on line {first})")
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_sequence(loader, node, deep=False):
        return LineList(
            (loader.construct_object(child, deep=True) for child in node.value),
            line=node.start_mark.line + 1,
        )

    def construct_timestamp(loader, node):
        try:
            value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError as exc:
            raise DataError(
                f"{path}:{node.start_mark.line + 1}: bad date '{node.value}' ({exc})"
            ) from None
        if isinstance(value, _dt.datetime):
            raise DataError(f"{path}:{node.start_mark.line + 1}: expected a date, got a date-time")
        return value

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    return StrictLoader


def load_yaml(path: str):
    """Parse one YAML file strictly; raise :class:`DataError` naming file and line."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        return yaml.load(text, Loader=_make_loader(path))  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise DataError(f"{path}:{line}: {exc.problem or exc}") from None
