"""Who is who: the optional ``actors.yaml`` of an events folder, with each actor's one
canonical name, the other names articles use for them (aliases) and the group they belong
to. Validation warns about spellings it does not know, ``--actor`` matches aliases and
groups, ``--lanes group`` draws a lane per group, and drafting turns aliases into names.

The format (docs/events.md)::

    groups:
      - id: russia
        name: Russia
        aliases: [Kremlin, Moscow]
    actors:
      - name: Vladimir Putin
        aliases: [Putin, the Russian president]
        group: russia

Light to import: the YAML reader comes in only when a folder has the file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.errors import InvalidEvents
from timeline.files import ACTORS_FILE, max_file_bytes
from timeline.problems import Problem

__all__ = [
    "ACTORS_FILE",
    "NO_GROUP",
    "Actor",
    "ActorIndex",
    "Group",
    "actor_problems",
    "load_actors",
    "name_words",
    "read_actors",
]

# The lane of actors that belong to no group, with ``--lanes group``.
NO_GROUP = "no group"
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD_RE = re.compile(r"\w+(?:['\u2019.-]\w+)*")
# As in event files: no control character in a name, raw or escaped (it would drive the
# terminal that shows a warning naming it).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name, casefolded: "Vladimir Putin" → ("vladimir", "putin")."""
    return tuple(word.casefold() for word in _WORD_RE.findall(name))


@dataclass(frozen=True, slots=True)
class Actor:
    """One person or body: its canonical name, other names, and group id."""

    name: str
    aliases: tuple[str, ...] = ()
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A group of actors (a country, a bloc), with its id, name and other names."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class ActorIndex:
    """The actors and groups of an ``actors.yaml``; empty when a folder has none."""

    actors: tuple[Actor, ...] = ()
    groups: tuple[Group, ...] = ()
    _by_spelling: dict[str, Actor] = field(default_factory=dict, repr=False)
    _groups: dict[str, Group] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for actor in self.actors:
            for spelling in (actor.name, *actor.aliases):
                self._by_spelling.setdefault(spelling.casefold(), actor)
        for group in self.groups:
            for spelling in (group.id, group.name, *group.aliases):
                self._groups.setdefault(spelling.casefold(), group)

    def __bool__(self) -> bool:
        return bool(self.actors or self.groups)

    def canonical(self, name: str) -> str | None:
        """The canonical name of ``name``, in any case: the actor's name for its name or an
        alias, else the group's name for a group's id, name or alias ("Kremlin" → "Russia");
        None when the index does not know it."""
        key = name.casefold()
        if (actor := self._by_spelling.get(key)) is not None:
            return actor.name
        group = self._groups.get(key)
        return group.name if group is not None else None

    def group(self, name: str) -> str | None:
        """The group id of the actor called ``name`` (or an alias), or of the group it
        names; None without one."""
        key = name.casefold()
        if (actor := self._by_spelling.get(key)) is not None:
            return actor.group
        group = self._groups.get(key)
        return group.id if group is not None else None

    def group_name(self, group_id: str) -> str:
        """How a group is shown (its name, else its id)."""
        group = self._groups.get(group_id.casefold())
        return group.name if group is not None else group_id

    def lane(self, name: str) -> str:
        """The lane of the actor ``name`` with ``--lanes group``: its group's name."""
        group_id = self.group(name)
        return NO_GROUP if group_id is None else self.group_name(group_id)

    def spellings(self, term: str) -> frozenset[str]:
        """Every name (casefolded) that ``term`` stands for: an actor's name and aliases when
        ``term`` is one of them; the group's own names and every name of every actor of the
        group when ``term`` names a group (its id, name or an alias)."""
        found: set[str] = set()
        key = term.casefold()
        if (actor := self._by_spelling.get(key)) is not None:
            found.update(spelling.casefold() for spelling in (actor.name, *actor.aliases))
        if (group := self._groups.get(key)) is not None:
            found.update(s.casefold() for s in (group.id, group.name, *group.aliases))
            for member in self.actors:
                if member.group == group.id:
                    found.update(s.casefold() for s in (member.name, *member.aliases))
        return frozenset(found)

    def suggest(self, name: str) -> str | None:
        """The canonical name ``name`` is closest to, as a did-you-mean ("'Russia'
        ('Kremlin')" when closest to an alias); None if none is close."""
        spellings = {s: g.name for g in self.groups for s in (g.name, *g.aliases)}
        spellings.update({s: a.name for a in self.actors for s in (a.name, *a.aliases)})
        close = difflib.get_close_matches(name, list(spellings), n=1, cutoff=0.7)
        if not close:
            return None
        canonical = spellings[close[0]]
        return f"'{canonical}'" if canonical == close[0] else f"'{canonical}' ('{close[0]}')"


def read_actors(folder: Path) -> tuple[ActorIndex, list[Problem]]:
    """The actors of ``folder``'s ``actors.yaml`` and the problems of that file; an empty
    index and no problem when the folder has none (or ``folder`` is one event file)."""
    path = folder / ACTORS_FILE
    if not folder.is_dir() or not path.is_file():
        return ActorIndex(), []
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > max_file_bytes():
            message = f"file is {size:,} bytes, over the {max_file_bytes():,}-byte limit"
            return ActorIndex(), [Problem(shown, 1, 1, "error", message)]
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        return ActorIndex(), [Problem(shown, 1, 1, "error", f"cannot read: {exc.strerror}")]
    except UnicodeDecodeError:
        return ActorIndex(), [Problem(shown, 1, 1, "error", "not UTF-8 text; save as UTF-8")]
    from timeline.yaml_read import YamlError, parse_yaml

    try:
        document = parse_yaml(text)
    except YamlError as exc:
        where = exc.location
        return ActorIndex(), [Problem(shown, where.line, where.column, "error", exc.message)]
    return _Reader(shown, document).read()


def load_actors(folder: Path | str) -> ActorIndex:
    """The actors of ``folder``'s ``actors.yaml`` (empty without one);
    :class:`~timeline.errors.InvalidEvents` when the file has errors."""
    index, problems = read_actors(Path(folder))
    if any(problem.level == "error" for problem in problems):
        raise InvalidEvents(problems)
    return index


class _Reader:
    def __init__(self, shown: str, document: Any) -> None:
        self.shown = shown
        self.document = document
        self.problems: list[Problem] = []

    def error(self, path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        where = self.document.locate(path, key=key)
        self.problems.append(Problem(self.shown, where.line, where.column, "error", message))

    def read(self) -> tuple[ActorIndex, list[Problem]]:
        data = self.document.data
        if not isinstance(data, dict):
            self.error((), "expected a mapping with 'actors:' (and 'groups:')")
            return ActorIndex(), self.problems
        for key in data:
            if key not in ("actors", "groups"):
                self.error((key,), self._unknown(key, ("actors", "groups")), key=True)
        # Each valid entry with where it is written (its index among all entries).
        groups = {
            index: group
            for index, item in enumerate(self.items(data, "groups"))
            if (group := self.group(item, ("groups", index))) is not None
        }
        actors = {
            index: actor
            for index, item in enumerate(self.items(data, "actors"))
            if (actor := self.actor(item, ("actors", index))) is not None
        }
        self.check_groups(actors, list(groups.values()))
        self.check_spellings(actors, groups)
        index = ActorIndex(tuple(actors.values()), tuple(groups.values()))
        return index, sorted(self.problems)

    def items(self, data: dict[str, Any], name: str) -> list[Any]:
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error((name,), f"{name}: must be a list: put '- ' before each item")
            return []
        return value

    def texts(self, item: dict[str, Any], path: tuple[str | int, ...], name: str) -> list[str]:
        value = item.get(name, [])
        if isinstance(value, str):
            self.error((*path, name), f"{name}: must be a list: write [{value}]")
            return []
        if not isinstance(value, list) or not all(self.is_text(v) for v in value):
            self.error((*path, name), f"{name}: must be a list of names")
            return []
        return list(value)

    @staticmethod
    def is_text(value: Any) -> bool:
        return isinstance(value, str) and bool(value.strip()) and not _CONTROL_RE.search(value)

    def fields(
        self, item: Any, path: tuple[str | int, ...], allowed: tuple[str, ...], required: str
    ) -> bool:
        kind = path[0]
        if not isinstance(item, dict):
            example = "{name: Vladimir Putin}" if kind == "actors" else "{id: russia}"
            self.error(path, f"{kind}[{path[1]}]: must be a mapping, e.g. {example}")
            return False
        for key in item:
            if key not in allowed:
                message = f"{kind}[{path[1]}]: {self._unknown(str(key), allowed)}"
                self.error((*path, key), message, key=True)
        value = item.get(required)
        if isinstance(value, str) and (control := _CONTROL_RE.search(value)):
            code = f"{ord(control.group()):04X}"
            self.error(
                (*path, required),
                f"{required}: control character U+{code} is not allowed; remove it",
            )
            return False
        if not self.is_text(value):
            self.error(path, f"missing required field '{kind}[{path[1]}].{required}'")
            return False
        return True

    def actor(self, item: Any, path: tuple[str | int, ...]) -> Actor | None:
        if not self.fields(item, path, ("name", "aliases", "group"), "name"):
            return None
        group = item.get("group")
        if group is not None and not (isinstance(group, str) and _ID_RE.match(group)):
            self.error(
                (*path, "group"),
                f"group: {group!r} is not a group id: use lowercase letters, digits and -",
            )
            group = None
        return Actor(item["name"], tuple(self.texts(item, path, "aliases")), group)

    def group(self, item: Any, path: tuple[str | int, ...]) -> Group | None:
        if not self.fields(item, path, ("id", "name", "aliases"), "id"):
            return None
        if not _ID_RE.match(item["id"]):
            self.error(
                (*path, "id"),
                f"id: '{item['id']}' is not an id: use lowercase letters, digits and -",
            )
            return None
        name = item.get("name")
        return Group(
            item["id"],
            name if self.is_text(name) else item["id"],
            tuple(self.texts(item, path, "aliases")),
        )

    def check_groups(self, actors: dict[int, Actor], groups: list[Group]) -> None:
        # Without a groups: list, any id names a group; with one, an id it lacks is a typo.
        if not groups:
            return
        known = [group.id for group in groups]
        for index, actor in actors.items():
            if actor.group is not None and actor.group not in known:
                hint = difflib.get_close_matches(actor.group, known, n=1)
                extra = f"; did you mean '{hint[0]}'?" if hint else f" (groups: {', '.join(known)})"
                self.error(("actors", index, "group"), f"group: no group '{actor.group}'{extra}")

    def check_spellings(self, actors: dict[int, Actor], groups: dict[int, Group]) -> None:
        """A name or alias may stand for one actor only (and a group name for one group)."""
        self.unique(
            (("actors", index), actor.name, (actor.name, *actor.aliases))
            for index, actor in actors.items()
        )
        self.unique(
            (("groups", index), group.id, (group.id, group.name, *group.aliases))
            for index, group in groups.items()
        )

    def unique(self, entries: Iterable[tuple[tuple[str | int, ...], str, tuple[str, ...]]]) -> None:
        owner: dict[str, tuple[tuple[str | int, ...], str]] = {}
        for path, name, spellings in entries:
            written = {s.casefold(): s for s in reversed(spellings)}
            for key, spelling in written.items():
                if key not in owner:
                    owner[key] = (path, name)
                    continue
                first, other = owner[key]
                line = self.document.locate(first).line
                if other.casefold() == key == name.casefold():
                    message = f"'{name}' is already listed (line {line}): list it once"
                else:
                    message = f"'{spelling}' already stands for '{other}' (line {line})"
                self.error(path, message)

    @staticmethod
    def _unknown(key: str, allowed: tuple[str, ...]) -> str:
        hint = difflib.get_close_matches(key, allowed, n=1)
        return f"unknown field '{key}'" + (f"; did you mean '{hint[0]}'?" if hint else "")


def actor_problems(events: Iterable[Any], index: ActorIndex) -> list[Problem]:
    """Warnings for the actors of ``events`` that ``index`` does not name as written: a
    spelling it does not know (with the closest name), or an alias (with the name)."""
    if not index:
        return []
    problems = []
    for event in events:
        origin = event.origin
        path, line, column = "<memory>", 1, 1
        if origin is not None:
            path = origin.path
            line, column = origin.field("actors")
        for position, actor in enumerate(event.actors):
            canonical = index.canonical(actor)
            if canonical == actor:
                continue
            if canonical is not None:
                message = (
                    f"actors[{position}]: '{actor}' is an alias of '{canonical}' in "
                    f"{ACTORS_FILE}; write '{canonical}'"
                )
            else:
                hint = index.suggest(actor)
                message = f"actors[{position}]: '{actor}' is not in {ACTORS_FILE}" + (
                    f"; did you mean {hint}?" if hint else "; add it there"
                )
            problems.append(Problem(path, line, column, "warning", message))
    return problems
