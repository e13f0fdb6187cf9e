"""YAML text → plain data with the line and column of every value.

Only plain data comes out: mappings, lists, strings, numbers, booleans and null. Tags that
construct objects, anchors and aliases, and merge keys are refused before anything is built,
so no file can run code (a ``!!python/object`` tag) or expand into a "billion laughs" bomb
(aliases of aliases); event files never need them. Duplicate keys, which PyYAML would
silently collapse, are refused too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
import yaml.reader
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["Document", "Location", "YamlError", "parse_yaml"]


_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR = f"{_CORE}str"
_TIMESTAMP = f"{_CORE}timestamp"
_MERGE = f"{_CORE}merge"
_SEQ = f"{_CORE}seq"
_MAP = f"{_CORE}map"

Path = tuple[str | int, ...]

# Plain scalars resolved so far, by their text: keys, types and names recur in every file.
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 4096
_RESOLVED_MAX_LENGTH = 40
# The longest plain scalar that may be a number, boolean, null or date. YAML 1.1's patterns
# backtrack: on a megabyte of "1:0:0:..." (a sexagesimal number, as far as the pattern can
# tell) the int and float patterns take quadratic time, 18 s at 1 MB and 90 s at 2 MB. No
# value an event file needs is longer than a timestamp (35 characters), so a longer plain
# scalar is text, without asking the patterns: reading stays linear in the file's size.
MAX_TYPED_LENGTH = 64
_resolve: Callable[..., Any] = yaml.resolver.BaseResolver.resolve


# Every value costs about 370 bytes of memory while a file is read (the node with its two
# marks, the value, its place in the result), whatever its length: "[a,a,a,...]" costs 180
# times its size. This many values (about 50,000 detailed events in one list file) cost at
# most about 750 MB; a file with more is refused rather than read until memory runs out.
MAX_VALUES = 2_000_000


class _TooManyValues(Exception):
    """More than :data:`MAX_VALUES` values in one file."""


class _QuickResolve(yaml.resolver.BaseResolver):
    """PyYAML's tag resolution, with the same results and less work per scalar.

    The composer asks for the tag of every node; PyYAML's answer for a plain scalar depends
    only on its text while no path resolvers are registered (the safe loaders have none), so
    short texts are looked up once. A quoted scalar is always a string, and so is a plain
    one longer than :data:`MAX_TYPED_LENGTH` characters. (A resolver that
    some other code registers on PyYAML's safe loaders after a text was looked up would not
    be seen for that text; nothing here registers one.)
    """

    # Set per loader (see _counted); the composer asks for the tag of every node, so this
    # counts the values as they are made.
    values_left = MAX_VALUES

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        self.values_left -= 1
        if self.values_left < 0:
            raise _TooManyValues
        if kind is ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0] or len(value) > MAX_TYPED_LENGTH:
                return _STR
            tag = _RESOLVED.get(value)
            if tag is not None:
                return tag
            resolvers = self.yaml_implicit_resolvers
            if value[:1] not in resolvers and None not in resolvers:
                return _STR  # no implicit type starts with this character
            tag = _resolve(self, kind, value, implicit)
            if len(value) <= _RESOLVED_MAX_LENGTH and len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[value] = tag
            return tag
        return _resolve(self, kind, value, implicit)


class _PureLoader(_QuickResolve, yaml.SafeLoader):
    """PyYAML's Python safe loader; fails cleanly on deep nesting."""


_Loader: type = _PureLoader
if hasattr(yaml, "CSafeLoader"):

    class _CLoader(_QuickResolve, yaml.CSafeLoader):
        """libyaml's safe loader: about six times faster."""

    _Loader = _CLoader


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


class Document:
    """Plain data read from YAML, with where each value and key was written."""

    __slots__ = ("_keys", "_root", "_values", "data", "raw")

    def __init__(
        self, data: Any = None, root: Node | None = None, raw: dict[Path, str] | None = None
    ) -> None:
        self.data = data
        # The source text of scalars that YAML 1.1 turned into booleans or numbers, so an
        # error can show what the user wrote ("NO") rather than what PyYAML made of it (False).
        self.raw: dict[Path, str] = raw if raw is not None else {}
        self._root = root
        # Where every value and key was written, worked out from the nodes when first asked
        # for: a file read without problems needs only a few locations, found directly.
        self._values: dict[Path, Location] | None = None
        self._keys: dict[Path, Location] | None = None

    @property
    def values(self) -> dict[Path, Location]:
        """Where each value was written, by its path."""
        if self._values is None:
            self._values, self._keys = _tables(self._root)
        return self._values

    @property
    def keys(self) -> dict[Path, Location]:
        """Where each mapping key was written, by the path of its value."""
        if self._keys is None:
            self._values, self._keys = _tables(self._root)
        return self._keys

    def locate(self, path: Path, *, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest written ancestor."""
        if not key and (node := self._node_at(path)) is not None:
            return _location(node)
        return self.locate_in_tables(path, key=key)

    def locate_in_tables(self, path: Path, *, key: bool = False) -> Location:
        """As :meth:`locate`, from the tables of every value and key alone (slower: they are
        made on first use)."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), Location(1, 1))

    def where(self, path: Path) -> tuple[int, int, tuple[tuple[str, int, int], ...]]:
        """The line and column of the value at ``path`` (or of its nearest written ancestor)
        and, when it is a mapping, the name, line and column of each of its keys in the
        order written: all that a record keeps of where it was written, in one walk."""
        node = self._node_at(path)
        if node is None:
            where = self.locate(path)
            return where.line, where.column, ()
        mark = node.start_mark
        if not isinstance(node, MappingNode):
            return mark.line + 1, mark.column + 1, ()
        fields = tuple(
            (key.value, key.start_mark.line + 1, key.start_mark.column + 1) for key, _ in node.value
        )
        return mark.line + 1, mark.column + 1, fields

    def field_locations(self, path: Path) -> dict[str, Location]:
        """Where each key of the mapping at ``path`` was written (empty if it is no mapping)."""
        node = self._node_at(path)
        if not isinstance(node, MappingNode):
            return {}
        return {key.value: _location(key) for key, _ in node.value}

    def _node_at(self, path: Path) -> Node | None:
        node = self._root
        for part in path:
            if isinstance(node, MappingNode) and isinstance(part, str):
                node = next((value for key, value in node.value if key.value == part), None)
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                node = node.value[part] if 0 <= part < len(node.value) else None
            else:
                return None
        return node


def _tables(root: Node | None) -> tuple[dict[Path, Location], dict[Path, Location]]:
    """The location of every value and key under ``root``, by path."""
    values: dict[Path, Location] = {}
    keys: dict[Path, Location] = {}
    if root is None:
        return values, keys
    # A stack, not recursion: this may run deep in a caller's stack.
    pending: list[tuple[Node, Path]] = [(root, ())]
    while pending:
        node, path = pending.pop()
        values[path] = _location(node)
        if isinstance(node, SequenceNode):
            pending.extend((item, (*path, i)) for i, item in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                keys[(*path, key_node.value)] = _location(key_node)
                pending.append((value_node, (*path, key_node.value)))
    return values, keys


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

# Two indicators in a row (or an indicator and a tag), with blanks between: what any run of
# MAX_DEPTH // 2 of them on one line starts with, and what an event file almost never holds.
_TWO_INDICATORS = re.compile(r"[-?:][ \t]+[-?:!&]")


def _may_nest_deeply(text: str) -> bool:
    """Whether ``text`` might nest deeper than :data:`MAX_DEPTH` (false alarms are allowed).

    libyaml's composer recurses in C and crashes the whole process on about 50,000 nested
    ``[`` (a hostile file must give an error message, never a crash); the pure-Python
    loader fails cleanly with RecursionError instead.
    Brackets inside quoted text are counted too, which can only cause a false alarm.
    """
    # Going deeper takes more than MAX_DEPTH opening brackets: most files skip the count.
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for match in _BRACKETS.finditer(text):
            depth += 1 if match.group() in "[{" else -1
            if depth > MAX_DEPTH:
                return True
    # The pattern needs a run of MAX_DEPTH spaces, or a run of MAX_DEPTH // 2 indicators each
    # followed by blanks, which starts with two of them: looking for those first spares most
    # files the search, the slowest step here (and costs half of counting the indicators).
    if " " * MAX_DEPTH not in text and _TWO_INDICATORS.search(text) is None:
        return False
    return _DEEP_BLOCK.search(text) is not None


def parse_yaml(text: str, *, pure: bool = False) -> Document:
    """Read one YAML document as plain data; raise :class:`YamlError` with its location.

    ``pure`` forces PyYAML's Python loader; it is also used whenever the text might nest
    deeply enough to crash libyaml's.
    """
    loader = _PureLoader if pure or _may_nest_deeply(text) else _Loader
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
    except _TooManyValues:
        raise YamlError(
            f"more than {MAX_VALUES:,} values in one file; split it into several files",
            Location(1, 1),
        ) from None
    except MemoryError:
        raise YamlError(_OUT_OF_MEMORY, Location(1, 1)) from None
    if root is None:
        return Document()
    builder = _Builder()
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep", _location(root)) from None
    except MemoryError:
        raise YamlError(_OUT_OF_MEMORY, Location(1, 1)) from None
    return Document(data, root, builder.raw)


_OUT_OF_MEMORY = "not enough memory to read this file; split it into several files"


def _position(text: str, offset: int) -> Location:
    line = text.count("\n", 0, offset) + 1
    return Location(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _tag_message(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    return f"the tag '{shown}' is not allowed in event files (only plain data is read)"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Builder:
    def __init__(self) -> None:
        self.raw: dict[Path, str] = {}
        self.seen: set[int] = set()
        self.constructor = SafeConstructor()

    def build(self, node: Node, path: Path) -> Any:
        # The composer returns the anchored node itself for every alias; seeing a node twice
        # is how an alias shows up. Refusing it keeps billion-laughs inputs from expanding.
        seen = self.seen
        if id(node) in seen:
            raise YamlError(
                "anchors and aliases (&name, *name) are not allowed in event files; "
                "write the value out",
                _location(node),
            )
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            return node.value if node.tag == _STR else self._scalar(node, path)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ)
            return [
                item.value if self._plain_text(item) else self.build(item, (*path, i))
                for i, item in enumerate(node.value)
            ]
        if isinstance(node, MappingNode):
            self._check_tag(node, _MAP)
            return self._mapping(node, path)
        raise YamlError("unsupported YAML node", _location(node))  # pragma: no cover

    def _plain_text(self, node: Node) -> bool:
        """Whether ``node`` is a string met for the first time; marks it seen if so.

        Most values are; taking them here rather than through :meth:`build` saves a call and
        a path tuple per value. Anything else goes to build.
        """
        if node.__class__ is ScalarNode and node.tag == _STR and id(node) not in self.seen:
            self.seen.add(id(node))
            return True
        return False

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise YamlError(_tag_message(node.tag), _location(node))

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            if tag == _MERGE:
                raise YamlError("merge keys (<<) are not allowed in event files", _location(node))
            raise YamlError(_tag_message(tag), _location(node))
        # Dates stay as the text the user wrote; the date parser keeps their precision and
        # reports an impossible day ("2025-02-30") in its own words.
        if tag in (_STR, _TIMESTAMP):
            return node.value
        self.raw[path] = node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError):
            return node.value

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlError("a key must be plain text", _location(key_node))
            tag = key_node.tag
            if tag != _STR:
                if tag == _MERGE:
                    raise YamlError(
                        "merge keys (<<) are not allowed in event files", _location(key_node)
                    )
                if tag not in _SCALAR_TAGS:
                    raise YamlError(_tag_message(tag), _location(key_node))
            # Keys are field names: keep the text as written ("on", "no" stay words).
            key = key_node.value
            if key in result:
                first = next(k for k, _ in node.value if k.value == key)
                raise YamlError(
                    f"duplicate key '{key}' (first on line {first.start_mark.line + 1}); "
                    "YAML would keep only the last value",
                    _location(key_node),
                )
            if self._plain_text(value_node):
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, (*path, key))
        return result
