"""Pelican's Writer, reusing each page whose inputs are those of the live page.

Every page Pelican or a plugin writes goes through `write_file(name, template,
context, **kwargs)`. Its digest joins what no context holds (the theme's files,
the code, the library versions: `static_inputs`), every setting, the context
entries its template can name (found by reading the template and every template
it includes, extends or imports, with jinja2.meta) and the page's own
arguments: the lists a hub is given as listing data (titles, summaries, slugs,
audiences, dates, clauses), its own material or page with its body. When the
manifest of the live output has that digest for that name and the live file is
unchanged, the file is hard-linked into the staging folder instead of rendered:
same bytes, no work. So a body edit renders that material's page, and a changed
PDF size the library pages that show it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import ClassVar

from jinja2 import meta
from pelican import signals
from pelican.contents import Content
from pelican.utils import sanitised_join
from pelican.writers import Writer

from safeonline.core.files import place

from . import manifest
from .config import incremental_settings
from .fingerprint import Fingerprint

log = logging.getLogger(__name__)

# Set by Pelican per page, used only by the static generator after writing, or naming
# where this build's files and caches go (never what a page shows).
PER_PAGE = frozenset({"output_file", "static_links", "OUTPUT_PATH", "CACHE_PATH",
                      "INCREMENTAL"})
# Lists Pelican fills in the filesystem's order, which differs between two
# checkouts of the same files: digested in name order.
UNORDERED = frozenset({"staticfiles"})


# Read by Content.content to resolve {filename} and {static} links: digested as
# source path -> URL, which is all a link takes from them.
LINK_TARGETS = frozenset({"generated_content", "static_content"})
# Read by the theme's global functions, whatever the template names
# (plugins/i18n: the page's language comes from these).
GLOBAL_READS = frozenset({"lang_code", "article", "page"})


def _shared(key: str) -> bool:
    """An entry every page's digest holds (ReusingWriter.shared_part)."""
    return key.isupper() or key in GLOBAL_READS or key in LINK_TARGETS


def context_value(context: dict, key: str):
    """An entry as a page sees it, in an order that does not vary between checkouts."""
    value = context[key]
    if key in UNORDERED:
        return sorted(value, key=lambda item: str(item.source_path))
    if key in LINK_TARGETS:
        return {str(path): getattr(item, "url", "") for path, item in value.items()}
    return value


def referenced_names(env, name: str) -> frozenset[str] | None:
    names: set[str] = set()
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source = env.loader.get_source(env, current)[0]
        tree = env.parse(source)
        names |= meta.find_undeclared_variables(tree)
        for included in meta.find_referenced_templates(tree):
            if included is None:
                return None
            todo.append(included)
    return frozenset(names)


class ReusingWriter(Writer):
    """A Writer that renders only what changed; see the module docstring."""

    static_inputs = b""  # set by the plugin, per build, on a subclass (plugin.get_writer)
    instances: ClassVar[list[ReusingWriter]] = []

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        type(self).instances.append(self)
        options = incremental_settings(settings)
        self.previous = Path(options.previous_output) if options.previous_output else None
        self.manifest_path = manifest.manifest_path(options.cache_dir,
                                                    options.previous_output or output_path)
        self.live = manifest.load(self.manifest_path) if self.previous else {}
        # Template -> the names it can reach: parsing costs ~40 ms a template, so it is
        # kept by the digest of the theme and code it was read from (names.json).
        self.names_path = Path(options.cache_dir) / f"names-{self.static_inputs.hex()[:16]}.json"
        self._names = manifest.load_names(self.names_path)
        self._names_known = len(self._names)
        self._parts: dict[tuple[int, str], bytes] = {}
        self.fingerprint = Fingerprint()
        self.digests: dict[str, str] = {}
        self.rendered = self.reused = 0
        self.reused_paths: set[str] = set()  # output files taken unchanged from the live tree
        self._contexts: dict[int, dict] = {}
        self._shared: dict[tuple[int, int], bytes] = {}

    def context_part(self, context: dict, key: str) -> bytes:
        """One context entry's digest, once per build (contexts are shared by pages)."""
        memo = (id(context), key)
        if memo not in self._parts:
            self._parts[memo] = self.fingerprint.digest(context_value(context, key),
                                                        bodies=False)
            self._contexts[id(context)] = context
        return self._parts[memo]

    def contexts_unchanged(self) -> bool:
        """Whether every entry digested still digests the same after the last page.

        A plugin that changed the context while pages were written would make the
        digests of earlier pages wrong; then nothing of this build is vouched for.
        """
        again = Fingerprint()
        return all(again.digest(context_value(self._contexts[cid], key), bodies=False)
                   == digest for (cid, key), digest in self._parts.items())

    def shared_part(self, context: dict) -> bytes:
        """The entries every page of `context` takes, whatever its template names: every
        setting (the theme's global functions read them), the global reads and the link
        targets; digested once per context (and again if an entry is added)."""
        memo = (id(context), len(context))
        if memo not in self._shared:
            sink = hashlib.blake2b(digest_size=20)
            for key in sorted(context):
                if key not in PER_PAGE and _shared(key):
                    sink.update(b"\0" + key.encode() + self.context_part(context, key))
            self._shared[memo] = sink.digest()
        return self._shared[memo]

    def page_digest(self, name, template, context, relative_urls, kwargs) -> str:
        sink = hashlib.blake2b(self.static_inputs, digest_size=20)
        sink.update(self.shared_part(context))
        named = self.template_names(template)
        for key in sorted(context if named is None else named & context.keys()):
            if key not in PER_PAGE and not _shared(key):
                sink.update(b"\0" + key.encode() + self.context_part(context, key))
        sink.update(f"\0{name}\0{template.name}\0{relative_urls}\0".encode())
        shared = {id(value): key for key, value in context.items()}
        for key in sorted(kwargs):
            value = kwargs[key]
            if id(value) in shared and context.get(shared[id(value)]) is value:
                # A context entry handed on (the library to each of its pages): its
                # digest is memoised once per build, and re-checked at the end.
                sink.update(f"\0{key}=".encode() + self.context_part(context, shared[id(value)]))
            else:
                sink.update(f"\0{key}:".encode() + self.fingerprint.digest(value, bodies=False))
        for key in sorted(kwargs):  # the page's own material or page: with its body
            if isinstance(kwargs[key], Content):
                sink.update(key.encode() + self.fingerprint.digest(kwargs[key], bodies=True))
        return sink.hexdigest()

    def save_names(self) -> None:
        if len(self._names) > self._names_known:
            manifest.save_names(self.names_path, self._names)

    def template_names(self, template) -> frozenset[str] | None:
        """Every variable `template` and the templates it includes, extends or imports
        name; None when one of them is chosen at run time (then: every name)."""
        if template.name not in self._names:
            self._names[template.name] = referenced_names(template.environment, template.name)
        return self._names[template.name]

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        paginates = template_name in self.settings.get("PAGINATED_TEMPLATES", {}) and (
            paginated or any(k in kwargs for k in ("articles", "dates")))
        if not name or paginates or override_output:
            # Rare shapes (paginated lists, overrides) are always rendered.
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)
        digest = self.page_digest(name, template, context, relative_urls, kwargs)
        path = Path(sanitised_join(self.output_path, name))
        entry = self.live.get(name)
        if (entry and entry[0] == digest and str(path) not in self._written_files
                and manifest.still_live(entry, self.previous / name)):
            place(self.previous / name, path)
            self._written_files.add(str(path))
            self.reused += 1
            self.reused_paths.add(str(path))
            signals.content_written.send(str(path), context=None)
        else:
            path.unlink(missing_ok=True)  # never write through a link into the live tree
            super().write_file(name, template, context, relative_urls, paginated,
                               template_name, override_output, url, **kwargs)
            self.rendered += 1
        self.digests[name] = digest
