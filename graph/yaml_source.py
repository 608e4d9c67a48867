"""Reading curriculum YAML with line numbers, refusing what a data file has no use for.

Every mapping comes back as a ``LineDict``: a dict that also knows the line it starts on
and the line of each key, so a problem can be reported at ``file:line``. Duplicate keys,
aliases (the vector of "billion laughs" expansion bombs) and excessive nesting are
reported as problems instead of being silently resolved, as PyYAML would.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

try:  # a Rust YAML parser: ~20x faster than PyYAML on large curricula
    import yaml_rs
except ImportError:  # pragma: no cover - optional speed-up
    yaml_rs = None  # type: ignore[assignment]

from graph.errors import Problem
from graph.files import FileProblem, max_curriculum_bytes, read_curriculum_bytes

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built

MAX_DEPTH = 40


class LineDict(dict[str, Any]):
    """A mapping from YAML that remembers where it and each of its keys stand."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line) if hasattr(self, "key_lines") else self.line


class _Loader(_BaseLoader):  # type: ignore[misc]
    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.problems: list[tuple[int, str, str]] = []
        self._depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects and isinstance(
            node, yaml.MappingNode | yaml.SequenceNode
        ):
            self.problems.append(
                (
                    node.start_mark.line + 1,
                    "yaml-alias",
                    "YAML aliases (*name) are not allowed in a curriculum",
                )
            )
            return None
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                self.problems.append(
                    (
                        node.start_mark.line + 1,
                        "yaml-depth",
                        f"nesting deeper than {MAX_DEPTH} levels",
                    )
                )
                return None
            return super().construct_object(node, deep=True)
        finally:
            self._depth -= 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            loader.problems.append((line, "yaml-key", f"mapping key {key!r} is not a string"))
            key = str(key)
        if key in result:
            loader.problems.append(
                (line, "duplicate-key", f"key '{key}' appears twice in one mapping")
            )
            continue
        result[key] = loader.construct_object(value_node)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> list[Any]:
    return [loader.construct_object(child) for child in node.value]


# Resolve plain scalars as the YAML 1.2 core schema does (what the fast parser does too),
# not YAML 1.1: "yes", "no", "on", "off" and dates stay strings.
_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    return int(text, 0) if text.startswith(("0o", "0x")) else int(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# Anchors, aliases and tags make the fast path hand over to the careful one.
_NEEDS_CARE = re.compile(r"(?:^|[\s\[\{,:-])[&*!][^\s]", re.MULTILINE)


def read_yaml_fast(path: Path, *, max_bytes: int | None = None) -> Any | None:
    """Parse with the Rust parser when it is installed; None means "use read_yaml".

    Plain dicts and lists, no line numbers: used for the common case of a valid
    curriculum. Anything unusual (aliases, tags, a parse error, an oversized file) returns
    None so that the careful reader reports it with lines.
    """
    if yaml_rs is None:
        return None
    max_bytes = max_bytes if max_bytes is not None else max_curriculum_bytes()
    try:
        raw = read_curriculum_bytes(path, max_bytes=max_bytes)
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (FileProblem, UnicodeDecodeError):
        return None
    if "\t" in text or _NEEDS_CARE.search(text):
        return None
    try:
        return yaml_rs.loads(text)
    except Exception:  # noqa: BLE001 - any failure: the careful path explains it
        return None


def read_yaml(path: Path, *, max_bytes: int | None = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML file with line numbers; return its content and the problems found.

    The content is ``None`` when the file cannot be read or parsed at all.
    """
    name = path.name
    max_bytes = max_bytes if max_bytes is not None else max_curriculum_bytes()
    try:
        raw = read_curriculum_bytes(path, max_bytes=max_bytes)
    except FileProblem as err:
        return None, [err.problem]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless; editors on Windows add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [
            Problem(
                "encoding",
                f"not UTF-8: byte 0x{raw[err.start]:02x} at offset {err.start}",
                file=name,
                line=line,
            )
        ]
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        at: int | None = mark.line + 1 if mark else None
        message = " ".join(str(x) for x in (err.context, err.problem) if x)
        if "\\t" in message or "tab" in message.lower():
            message += " (YAML does not allow tabs for indentation)"
        return None, [Problem("yaml-syntax", message, file=name, line=at)]
    except yaml.YAMLError as err:
        return None, [Problem("yaml-syntax", str(err), file=name)]
    except RecursionError:
        return None, [Problem("yaml-depth", "nesting too deep to read", file=name)]
    finally:
        loader.dispose()
    problems = []
    aliases = [p for p in loader.problems if p[1] == "yaml-alias"]
    for index, (line, code, msg) in enumerate(loader.problems):
        if code == "yaml-alias":
            if index != loader.problems.index(aliases[0]):
                continue
            msg += f" ({len(aliases)} alias use(s) in the file; the first is here)"
        problems.append(Problem(code, msg, file=name, line=line))
    return data, problems
