"""The YAML loader every session file goes through: PyYAML's safe loader, made strict.

A key twice in one mapping is an error, not "last wins" (the editor's ruamel.yaml refuses it
too), and an integer longer than any session needs is refused before Python converts it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

# The C loader when PyYAML has it: parsing blocks the server, so faster is kinder.
if TYPE_CHECKING:
    _BASE_LOADER = yaml.SafeLoader
else:  # libyaml's C loader where PyYAML has it
    _BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NUMBER_DIGITS = 100  # far above any number a session holds; Python refuses int() above 4,300 digits


class DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping names the same key twice (the editor's ruamel.yaml refuses this; so does every load)."""

    def __init__(self, key: Any, mark: Any) -> None:
        super().__init__(None, None, f"duplicate key '{key}'", mark)
        self.key, self.line = key, mark.line + 1 if mark else None


class NumberTooLong(yaml.constructor.ConstructorError):
    """An integer with more digits than any session needs."""

    def __init__(self, mark: Any) -> None:
        super().__init__(None, None, f"a number of more than {MAX_NUMBER_DIGITS} digits", mark)
        self.line = mark.line + 1 if mark else None


class StrictLoader(_BASE_LOADER):
    """PyYAML's safe loader with the editor's rule: a key twice in one mapping is an error, not "last wins"."""

    def construct_mapping(self, node: Any, deep: Any = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    if key in seen:
                        raise DuplicateKey(key, key_node.start_mark)
                    seen.add(key)
                except TypeError:  # an unhashable key: the base class says so
                    break
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node: Any) -> Any:
        if sum(c.isdigit() for c in str(node.value)) > MAX_NUMBER_DIGITS:
            raise NumberTooLong(node.start_mark)
        return super().construct_yaml_int(node)


StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
YAML_LOADER = StrictLoader
