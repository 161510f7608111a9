"""Pelican settings for our tasks and tests, and the typed form of each namespaced setting.

A namespaced setting (`LEAFLETS = {...}` in pelicanconf.py) is declared once,
in the package that reads it, as a frozen dataclass: each field's type,
default and docstring in one place, as MkDocs' config schemas and Sphinx's
`add_config_value` do. The site's conf file then holds only real choices.

    @dataclass(frozen=True)
    class LeafletSettings:
        NAME: ClassVar[str] = "LEAFLETS"
        workers: int = option(0, "processes rendering in parallel; 0: one per core",
                              check=at_least(0))

`typed(settings, LeafletSettings)` is the only way to read it. The first call
checks the dict against the declaration and puts the typed value back into
the settings mapping under the same name, so later readers (plugins, the
templates' `SEARCH.bundle_dir`) get that one value: built and validated once
per build. Each plugin types its settings on Pelican's `initialized` signal,
before any work, so a typo stops the build at once. An unknown key or a wrong
type raises `SettingsError`, a `BuildFailed` whose one problem reads
`pelicanconf.py: error: LEAFLETS has no key 'worker' (did you mean 'workers'?)`.

Hand-written rather than pydantic: the few shapes settings take (numbers,
strings, lists, dicts of those) need 100 lines, no new dependency and no
import cost in every worker, and the messages are ours.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any, TypeVar

from .problems import BuildFailed, ProblemList

T = TypeVar("T")
Check = Callable[[Any], str | None]  # a complaint ("must be 0 or more"), or None


def load_settings(config: str | Path = "pelicanconf.py", **overrides) -> dict:
    """Settings with paths made absolute relative to the config file's folder.

    Tests point `PATH` at a fixture content folder and `OUTPUT_PATH` at a
    temporary one; everything else comes from the config file.
    """
    from pelican.settings import read_settings  # here: render workers type no settings

    config = Path(config).resolve()
    settings = read_settings(str(config), override=overrides or None)
    base = config.parent
    for key in ("PATH", "OUTPUT_PATH"):
        path = Path(settings[key])
        settings[key] = str(path if path.is_absolute() else (base / path).resolve())
    return settings


def project_path(settings: Mapping, path: str) -> str:
    """`path` made absolute: a relative folder is the project's (PATH's parent), not the
    working directory's, so a cache lands in the same place however the build is started."""
    folder = Path(path)
    if not folder.is_absolute():
        folder = Path(settings.get("PATH", ".")).resolve().parent / folder
    return str(folder)


def option(default: Any, doc: str, *, check: Check | None = None) -> Any:
    """One field of a settings schema: its default, what it is for, and any range check.

    Dict defaults are copied for each instance; sequences are declared as
    tuples, so the frozen value cannot be changed under another reader.
    """
    metadata = {"doc": doc, "check": check}
    if isinstance(default, dict):
        return dataclasses.field(default_factory=lambda: dict(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def at_least(low: float) -> Check:
    return lambda value: None if value >= low else f"must be {low} or more"


def between(low: float, high: float) -> Check:
    return lambda value: None if low <= value <= high else f"must be {low} to {high}"


class SettingsError(BuildFailed):
    """A namespaced setting does not match its declaration; the message names the key."""

    def __init__(self, file: str, message: str, fix: str = ""):
        problems = ProblemList()
        problems.error(file, None, message, fix)
        super().__init__(problems)


class _Wrong(Exception):
    """A value is not of the declared type; `expected` says what would be."""

    def __init__(self, expected: str):
        self.expected = expected


def describe(kind: Any) -> str:
    """A declared type in the words an editor of pelicanconf.py uses."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is bool:
        return "True or False"
    if kind is float:
        return "a number"
    if isinstance(kind, type):
        return {int: "a whole number", str: "a string"}.get(kind, kind.__name__)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"a list of {_plural(args[0])}"
        return f"a list of {len(args)} ({', '.join(describe(a) for a in args)})"
    if origin is dict:
        return f"a dict of {_plural(args[1])} by {_plural(args[0])}"
    if origin in (typing.Union, types.UnionType):
        return " or ".join("None" if a is type(None) else describe(a) for a in args)
    return str(kind)


def _plural(kind: Any) -> str:
    return {int: "whole numbers", float: "numbers", str: "strings"}.get(kind, describe(kind))


def conform(value: Any, kind: Any) -> Any:
    """`value` as the declared `kind` (lists become tuples), or `_Wrong`."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            try:
                return conform(value, arg)
            except _Wrong:
                pass
        raise _Wrong(describe(kind))
    if kind is type(None):
        if value is None:
            return None
    elif kind is bool or kind is str:
        if isinstance(value, kind):
            return value
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif origin is tuple and isinstance(value, list | tuple):
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(conform(item, args[0]) for item in value)
        if len(value) == len(args):
            return tuple(conform(item, arg) for item, arg in zip(value, args, strict=True))
    elif origin is dict and isinstance(value, dict):
        return {conform(k, args[0]): conform(v, args[1]) for k, v in value.items()}
    raise _Wrong(describe(kind))


def build(schema: type[T], given: Any, settings: MutableMapping | None = None) -> T:
    """`given` (the dict from the conf file) checked against `schema`; raises SettingsError."""
    name: str = schema.NAME  # type: ignore[attr-defined]
    file: str = getattr(schema, "FILE", "pelicanconf.py")
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise SettingsError(file, f"{name} must be a dict, not {type(given).__name__}",
                            f"write {name} = {{'key': value, ...}}")
    fields = {f.name: f for f in dataclasses.fields(schema)}  # type: ignore[arg-type]
    for key in given:
        if key not in fields:
            close = difflib.get_close_matches(str(key), fields, n=1)
            fix = (f"did you mean {close[0]!r}?" if close
                   else f"{name} has {', '.join(map(repr, fields))}")
            raise SettingsError(file, f"{name} has no key {key!r}", fix)
    hints = typing.get_type_hints(schema)
    values = {}
    for key, value in given.items():
        doc, check = fields[key].metadata["doc"], fields[key].metadata["check"]
        try:
            values[key] = conform(value, hints[key])
        except _Wrong:
            raise SettingsError(file, f"{name}[{key!r}] must be {describe(hints[key])}, "
                                f"not {type(value).__name__} {value!r}", f"{key}: {doc}") from None
        complaint = check(values[key]) if check else None
        if complaint:
            raise SettingsError(file, f"{name}[{key!r}] {complaint} (it is {value!r})",
                                f"{key}: {doc}")
    built = schema(**values)
    settle = getattr(built, "settle", None)
    return settle(settings or {}) if settle else built


def typed(settings: MutableMapping, schema: type[T]) -> T:
    """The typed `settings[schema.NAME]`: built on first use, then kept in `settings`."""
    name: str = schema.NAME  # type: ignore[attr-defined]
    value = settings.get(name)
    if isinstance(value, schema):
        return value
    built = build(schema, value, settings)
    settings[name] = built
    return built


def plain(value: object) -> object:
    """Settings as data with a stable repr (code objects by name, never by address):
    what cache keys digest, the same in every process."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # a typed setting
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return sorted((str(k), plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Path):
        return str(value)
    return f"<{type(value).__module__}.{type(value).__qualname__}>"
