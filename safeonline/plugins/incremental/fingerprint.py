"""A stable digest of what a template can show, without rendering it.

A page is a function of its template, the code, the settings and the content it
is given. `Fingerprint` digests the last three the same way in every process
and every build: values by what they hold, never by their address, so two
builds of the same inputs agree and any change to an input shows.

Content objects (materials, pages) are digested once per build and mode:
*with* their body where a page shows it (the page's own material: writer.py)
and *without* it where they appear as listing data (the context, the lists a
hub is given, a material's translations). That split is what lets a body edit
re-render one page. It holds because no template shows a body but its own
page's (`article.content`, `page.content`); tests/test_incremental.py checks
the templates for that and holds the output to a clean build's. A material's
`leaflets` (its PDFs' page counts and sizes, which change with its body) are
shown on its own page only too, so they count as part of its body here.

Code (functions, classes, modules) is digested by name: its source is in the
build's code digest. A frozen dataclass with a `__fingerprint__` (a digest of
all its fields, made when it was made) is digested by that. A value of an
unknown kind without attributes is digested by its type and noted in `opaque`,
so a new kind shows up in `--debug`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import types
from collections.abc import Mapping
from pathlib import PurePath

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

# Shared by every content object and wrapper (digested once, as part of the context),
# or Pelican's own bookkeeping: `_output_location_referenced` turns True while pages
# are written, when a page first links the file; it changes no byte of any page.
SHARED_ATTRIBUTES = frozenset({"settings", "_context", "_output_location_referenced"})
# What only a content object's own page shows (see above): its body, its leaflets.
BODY_ATTRIBUTES = frozenset({"_content", "leaflets"})
CODE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.ModuleType,
        type, staticmethod, classmethod)


class Fingerprint:
    """Digests for one build; content objects are memoised by identity for its length."""

    def __init__(self) -> None:
        self._contents: dict[tuple[int, bool], bytes] = {}
        self._keep: list[object] = []  # memoised objects stay alive, so ids stay unique
        self.opaque: set[str] = set()
        self._active: set[int] = set()  # content objects being digested (for cycles)

    def digest(self, value: object, *, bodies: bool) -> bytes:
        sink = hashlib.blake2b(digest_size=20)
        self._feed(sink, value, bodies, set())
        return sink.digest()

    def _content(self, obj: Content, bodies: bool) -> bytes:
        key = (id(obj), bodies)
        if key not in self._contents:
            skip = SHARED_ATTRIBUTES if bodies else SHARED_ATTRIBUTES | BODY_ATTRIBUTES
            sink = hashlib.blake2b(digest_size=20)
            sink.update(type(obj).__qualname__.encode())
            self._active.add(id(obj))
            try:
                # Inside a material, others (its translations) are listing data.
                self._attributes(sink, obj, skip, False, {id(obj)})
            finally:
                self._active.discard(id(obj))
            self._contents[key] = sink.digest()
            self._keep.append(obj)
        return self._contents[key]

    def _attributes(self, sink, obj: object, skip: frozenset, bodies: bool, seen: set) -> None:
        for name in sorted(vars(obj)):
            if name not in skip:
                sink.update(b"\x01" + name.encode())
                self._feed(sink, vars(obj)[name], bodies, seen)

    def _feed(self, sink, value: object, bodies: bool, seen: set) -> None:
        update = sink.update
        if value is None or isinstance(value, bool | int | float | complex):
            update(b"n" + repr(value).encode())
        elif isinstance(value, str):
            update(b"s%d:" % len(value) + value.encode("utf-8", "surrogatepass"))
        elif isinstance(value, bytes):
            update(b"b%d:" % len(value) + value)
        elif isinstance(value, dt.date | dt.time | dt.timedelta):
            update(b"t" + repr(value).encode())
        elif isinstance(value, PurePath | enum.Enum):
            update(b"p" + str(value).encode())
        elif isinstance(value, Content) and id(value) in self._active:
            # A cycle (a translation naming its original): by name; its state is
            # being digested already.
            update(b"R" + f"{value.source_path}\0{getattr(value, 'url', '')}".encode())
        elif isinstance(value, Content):
            update(b"C" + self._content(value, bodies and not self._active))
        elif isinstance(value, CODE):
            name = getattr(value, "__qualname__", None) or getattr(value, "__name__", "")
            update(b"f" + f"{getattr(value, '__module__', '')}.{name}".encode())
        elif id(value) in seen:
            update(b"^")  # a cycle: its content is already in the digest
        elif isinstance(value, Mapping):
            seen.add(id(value))
            items = sorted(value.items(), key=lambda item: repr(item[0]))
            update(b"d%d" % len(items))
            for key, item in items:
                self._feed(sink, key, bodies, seen)
                self._feed(sink, item, bodies, seen)
            seen.discard(id(value))
        elif isinstance(value, list | tuple):
            seen.add(id(value))
            update(b"l%d" % len(value))
            for item in value:
                self._feed(sink, item, bodies, seen)
            seen.discard(id(value))
        elif isinstance(value, set | frozenset):
            update(b"e%d" % len(value) + b"".join(
                sorted(self.digest(item, bodies=bodies) for item in value)))
        elif dataclasses.is_dataclass(value) and hasattr(value, "__fingerprint__"):
            # A frozen value that names its own digest of everything it holds (a
            # library entry, on a dozen pages): digested by that name.
            update(b"K" + type(value).__qualname__.encode() + value.__fingerprint__.encode())
        elif dataclasses.is_dataclass(value):
            seen.add(id(value))
            update(b"D" + type(value).__qualname__.encode())
            for f in dataclasses.fields(value):
                update(b"\x01" + f.name.encode())
                self._feed(sink, getattr(value, f.name), bodies, seen)
            seen.discard(id(value))
        elif hasattr(value, "__dict__"):
            seen.add(id(value))
            update(b"o" + type(value).__qualname__.encode())
            skip = SHARED_ATTRIBUTES if isinstance(value, URLWrapper) else frozenset()
            self._attributes(sink, value, skip, bodies, seen)
            seen.discard(id(value))
        else:
            self.opaque.add(f"{type(value).__module__}.{type(value).__qualname__}")
            update(b"?" + type(value).__qualname__.encode())
