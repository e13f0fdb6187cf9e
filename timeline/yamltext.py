"""YAML text → plain data with the line and column of every value.

Only plain data comes out: mappings, lists, strings, numbers, booleans and null. Tags that
construct objects, anchors and aliases, and merge keys are refused before anything is built,
so no file can run code or expand into a bomb (REFERENCE §8). Duplicate keys, which PyYAML
would silently collapse, are refused too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.reader
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["Document", "Location", "YamlError", "parse_yaml"]

# libyaml's loader is about six times faster; both are safe loaders.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Location:
    """A 1-based line and column in a file."""

    line: int
    column: int


class YamlError(Exception):
    """YAML text that cannot be read as plain data."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


@dataclass
class Document:
    """Plain data read from YAML, with where each value and key was written."""

    data: Any
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    # The source text of scalars that YAML 1.1 turned into booleans or numbers, so an
    # error can show what the user wrote ("NO") rather than what PyYAML made of it (False).
    raw: dict[Path, str] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest written ancestor."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), Location(1, 1))


def _location(node: Node) -> Location:
    return Location(node.start_mark.line + 1, node.start_mark.column + 1)


# Event files nest a few levels; this is far beyond any real one.
MAX_DEPTH = 200
_BRACKETS = re.compile(r"[\[\]{}]")
# Block nesting needs a deeper indent or another indicator on the line for each level, so a
# deep block is either a line indented that far (after any of YAML's line breaks, which
# include CR, NEL and U+2028/9) or a run of "- ", "? " or ": " indicators on one line
# (tags and anchors may sit between them).
_DEEP_BLOCK = re.compile(
    rf"[\r\n\x85\u2028\u2029] {{{MAX_DEPTH},}}\S"
    rf"|(?:[-?:][ \t]+(?:[!&][^ \t\r\n]*[ \t]+)*){{{MAX_DEPTH // 2},}}"
)


def _may_nest_deeply(text: str) -> bool:
    """Whether ``text`` might nest deeper than :data:`MAX_DEPTH` (false alarms are allowed).

    libyaml's composer recurses in C and crashes the whole process on about 50,000 nested
    ``[`` (REFERENCE §8); the pure-Python loader fails cleanly with RecursionError instead.
    Brackets inside quoted text are counted too, which can only cause a false alarm.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return _DEEP_BLOCK.search(text) is not None


def parse_yaml(text: str, *, pure: bool = False) -> Document:
    """Read one YAML document as plain data; raise :class:`YamlError` with its location.

    ``pure`` forces PyYAML's Python loader; it is also used whenever the text might nest
    deeply enough to crash libyaml's.
    """
    loader = yaml.SafeLoader if pure or _may_nest_deeply(text) else _Loader
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.reader.ReaderError as exc:
        raise YamlError(
            f"control character U+{exc.character:04X} is not allowed in event files; remove it"
            if isinstance(exc.character, int)
            else f"invalid YAML: {_one_line(str(exc))}",
            _position(text, exc.position),
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(mark.line + 1, mark.column + 1) if mark else Location(1, 1)
        message = exc.problem or exc.context or "cannot parse"
        context = exc.context_mark
        if exc.problem == "but found another document":
            message = "a file holds one YAML document; put several events under 'events:'"
        elif (
            exc.problem
            and exc.context
            and exc.context.startswith("while ")
            and context is not None
            and context is not mark
        ):
            # "while parsing a flow sequence" + where it started: the line to look at.
            message += f" ({exc.context.removeprefix('while ')} that starts on line "
            message += f"{context.line + 1})"
        raise YamlError(f"invalid YAML: {message}", where) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {_one_line(str(exc))}", Location(1, 1)) from None
    except RecursionError:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep", Location(1, 1)) from None
    document = Document(data=None)
    if root is None:
        return document
    builder = _Builder(document)
    try:
        document.data = builder.build(root, ())
    except RecursionError:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep", _location(root)) from None
    return document


def _position(text: str, offset: int) -> Location:
    line = text.count("\n", 0, offset) + 1
    return Location(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _tag_message(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    return f"the tag '{shown}' is not allowed in event files (only plain data is read)"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Builder:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.seen: set[int] = set()
        self.constructor = SafeConstructor()

    def build(self, node: Node, path: Path) -> Any:
        # The composer returns the anchored node itself for every alias; seeing a node twice
        # is how an alias shows up. Refusing it keeps billion-laughs inputs from expanding.
        if id(node) in self.seen:
            raise YamlError(
                "anchors and aliases (&name, *name) are not allowed in event files; "
                "write the value out",
                _location(node),
            )
        self.seen.add(id(node))
        self.document.values[path] = _location(node)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            self._check_tag(node, f"{_CORE}seq")
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            self._check_tag(node, f"{_CORE}map")
            return self._mapping(node, path)
        raise YamlError("unsupported YAML node", _location(node))  # pragma: no cover

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise YamlError(_tag_message(node.tag), _location(node))

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            if tag == f"{_CORE}merge":
                raise YamlError("merge keys (<<) are not allowed in event files", _location(node))
            raise YamlError(_tag_message(tag), _location(node))
        if tag == f"{_CORE}str":
            return node.value
        # Dates stay as the text the user wrote; the date parser keeps their precision and
        # reports an impossible day ("2025-02-30") in its own words.
        if tag == f"{_CORE}timestamp":
            return node.value
        self.document.raw[path] = node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError):
            return node.value

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlError("a key must be plain text", _location(key_node))
            if key_node.tag == f"{_CORE}merge":
                raise YamlError(
                    "merge keys (<<) are not allowed in event files", _location(key_node)
                )
            if key_node.tag not in _SCALAR_TAGS:
                raise YamlError(_tag_message(key_node.tag), _location(key_node))
            # Keys are field names: keep the text as written ("on", "no" stay words).
            key = key_node.value
            where = _location(key_node)
            if key in first_line:
                raise YamlError(
                    f"duplicate key '{key}' (first on line {first_line[key]}); "
                    "YAML would keep only the last value",
                    where,
                )
            first_line[key] = where.line
            self.document.keys[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key))
        return result
