"""Round-trip editing of a session file: apply an edited document, keep everything else as written.

The editor sends the whole session as plain JSON. Rather than dumping that (which would lose
comments, key order, quoting and `|` blocks), the new values are merged into the file's own
ruamel.yaml tree: unchanged values keep their exact text, changed ones keep their style, new
keys go where the format's key order puts them, and steps keep their comments when moved.
"""
from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from sessions.errors import SessionFileError

TOP_ORDER = ("id", "number", "title", "subtitle", "series", "partners", "k_threshold", "steps")
STEP_ORDER = ("type", "id", "kind", "number", "group", "heading", "subtitle", "prompt", "text", "body", "source",
              "help", "options", "multiple", "other", "min", "max", "min_label", "max_label", "max_words",
              "note", "time_limit", "k_threshold", "review_all", "groups", "publisher", "links", "label", "url")
STEP_KEY = "_key"  # the editor's handle on a step: its position in the file it was loaded from
MAX_DEPTH = 12


def _yaml(text: str) -> YAML:
    """A round-trip YAML set up to write the way this file was written."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the author wrote on one line
    _, indent, sequence_indent = load_yaml_guess_indent(text) if text.strip() else (None, 2, 2)
    offset = sequence_indent if sequence_indent is not None else 0
    sequence = max(indent or 2, offset + 2)
    yaml.indent(mapping=max(2, sequence - offset), sequence=sequence, offset=offset)
    return yaml


def load_tree(text: str) -> Any:
    """The round-trip tree of a file's text; SessionFileError when it is not YAML."""
    try:
        return _yaml(text).load(text)
    except (YAMLError, ValueError, RecursionError) as error:
        raise SessionFileError([f"invalid YAML ({getattr(error, 'problem', None) or error})"]) from error


def dump_tree(tree: Any, original_text: str) -> str:
    """The text of a tree, indented like the original."""
    out = io.StringIO()
    _yaml(original_text).dump(tree, out)
    return out.getvalue()


def to_plain(value: Any, depth: int = 0) -> Any:
    """A ruamel tree as plain JSON-ready data; steps get their `_key` (position in the file)."""
    if depth > MAX_DEPTH:
        raise SessionFileError(["the file is nested too deeply"])
    if isinstance(value, dict):
        plain = {str(key): to_plain(item, depth + 1) for key, item in value.items()}
        if depth == 0 and isinstance(plain.get("steps"), list):
            for index, step in enumerate(plain["steps"]):
                if isinstance(step, dict):
                    step[STEP_KEY] = index
        return plain
    if isinstance(value, list):
        return [to_plain(item, depth + 1) for item in value]
    if isinstance(value, ScalarString):
        return str(value)
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def apply_document(text: str, document: dict[str, Any]) -> str:
    """The file's text with `document` (the editor's plain session) merged into it."""
    tree = load_tree(text) if text.strip() else CommentedMap()
    if not isinstance(tree, CommentedMap):
        tree = CommentedMap()
    document = dict(document)
    new_steps = document.pop("steps", None)
    old_steps = tree.get("steps")
    _merge_map(tree, {key: value for key, value in document.items()}, TOP_ORDER, skip=("steps",))
    if new_steps is None:
        tree.pop("steps", None)
    else:
        merged = _merge_steps(old_steps if isinstance(old_steps, CommentedSeq) else CommentedSeq(), new_steps)
        if "steps" in tree:
            if merged is not tree["steps"]:
                tree["steps"] = merged
        else:
            _insert(tree, "steps", merged, TOP_ORDER)
    return dump_tree(tree, text)


def _merge_steps(old: CommentedSeq, new: list[Any]) -> CommentedSeq:
    """Steps matched by `_key`: a kept step keeps its comments, wherever it moved to."""
    originals = list(old)
    comments = {index: old.ca.items.get(index) for index in range(len(originals))}
    used: set[int] = set()
    rebuilt, rebuilt_comments = [], {}
    for position, step in enumerate(new):
        step = dict(step) if isinstance(step, dict) else step
        key: Any = step.pop(STEP_KEY, None) if isinstance(step, dict) else None
        reusable = (isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(originals)
                    and key not in used and isinstance(originals[key], CommentedMap) and isinstance(step, dict))
        if reusable:
            used.add(key)
            _merge_map(originals[key], step, STEP_ORDER)
            rebuilt.append(originals[key])
            if comments.get(key) is not None:
                rebuilt_comments[position] = comments[key]
        else:
            rebuilt.append(_fresh(step))
    if rebuilt == originals and all(a is b for a, b in zip(rebuilt, originals, strict=True)):
        return old
    del old[:]
    old.ca.items.clear()
    old.extend(rebuilt)
    old.ca.items.update(rebuilt_comments)
    _separate_like_neighbours(old)
    return old


def _separate_like_neighbours(steps: CommentedSeq) -> None:
    """A new step gets the blank line after it that its neighbours have, so the file stays readable."""
    spaced = [step for step in steps if isinstance(step, CommentedMap) and _trailing_comment(step) is not None]
    if not spaced:
        return
    template = _trailing_comment(spaced[0])
    for step in steps[:-1]:
        if isinstance(step, CommentedMap) and len(step) and _trailing_comment(step) is None:
            last = list(step.keys())[-1]
            if not isinstance(step[last], (dict, list)):
                step.ca.items[last] = template


def _trailing_comment(step: CommentedMap) -> Any:
    if not len(step):
        return None
    return step.ca.items.get(list(step.keys())[-1])


def _merge_map(old: CommentedMap, new: dict[str, Any], order: tuple[Any, ...], skip: tuple[Any, ...] = ()) -> None:
    """Change `old` in place into `new`: keep untouched values and the key order of the file."""
    for key in [key for key in old if key not in new and key not in skip]:
        _delete(old, key)
    for key, value in new.items():
        if key in skip:
            continue
        if key in old:
            merged = _merge_value(old[key], value)
            if merged is not old[key]:
                old[key] = merged
        else:
            _insert(old, key, _fresh(value), order)


def _merge_value(old: Any, new: Any) -> Any:
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new, STEP_ORDER)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        for index in range(min(len(old), len(new))):
            merged = _merge_value(old[index], new[index])
            if merged is not old[index]:
                old[index] = merged
        del old[len(new):]
        for item in new[len(old):]:
            old.append(_fresh(item))
        return old
    if _same(old, new):
        return old
    if isinstance(new, str) and isinstance(old, ScalarString):
        if "\n" in new.strip("\n") or isinstance(old, (LiteralScalarString, FoldedScalarString)):
            if not isinstance(old, FoldedScalarString) or "\n" in new:
                return LiteralScalarString(new)
            return type(old)(new)
        return type(old)(new)
    return _fresh(new)


def _same(old: Any, new: Any) -> bool:
    plain = str(old) if isinstance(old, ScalarString) else old
    return type(plain) is type(new) and plain == new


def _fresh(value: Any) -> Any:
    """A new value as ruamel nodes: several-line texts as `|` blocks, maps in the format's key order."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key in sorted(value, key=lambda k: STEP_ORDER.index(k) if k in STEP_ORDER else len(STEP_ORDER)):
            if key != STEP_KEY:
                node[key] = _fresh(value[key])
        return node
    if isinstance(value, list):
        return CommentedSeq(_fresh(item) for item in value)
    if isinstance(value, str) and "\n" in value.strip("\n"):
        return LiteralScalarString(value)
    return value


def _insert(node: CommentedMap, key: str, value: Any, order: tuple[Any, ...]) -> None:
    """Insert a key after the last existing key that comes before it in the format's order."""
    rank = order.index(key) if key in order else len(order)
    keys = list(node.keys())
    position = 0
    for index, existing in enumerate(keys):
        if (order.index(existing) if existing in order else len(order)) <= rank:
            position = index + 1
    if position == len(keys) and keys:
        # The last key carries the blank line after the mapping: it moves to the new last key.
        comment = node.ca.items.pop(keys[-1], None)
        node.insert(position, key, value)
        if comment is not None and not isinstance(value, (dict, list)):
            node.ca.items[key] = comment
        elif comment is not None:
            node.ca.items[keys[-1]] = comment
        return
    node.insert(position, key, value)


def _delete(node: CommentedMap, key: str) -> None:
    """Delete a key; a blank line or comment after the last key stays with the mapping."""
    keys = list(node.keys())
    comment = node.ca.items.pop(key, None)
    del node[key]
    if comment is not None and keys and keys[-1] == key and len(keys) > 1:
        previous = keys[-2]
        if not isinstance(node[previous], (dict, list)) and previous not in node.ca.items:
            node.ca.items[previous] = comment
