"""Pelican's Writer, reusing each page whose inputs are those of the live page.

Every page Pelican or a plugin writes goes through `write_file(name, template,
context, **kwargs)`. Its digest joins the build's inputs that no context holds
(the theme's files, the code, the library versions: `static_inputs`), the
site-wide context without bodies (once per build), and this page's name,
template and own arguments, with the body of its own material or page only
(the one a template may show: `article.content`, `page.content`). When the manifest of the live output
has that digest for that name and the live file is unchanged, the file is
hard-linked into the staging folder instead of rendered: same bytes, no work.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import ClassVar

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


def shared_context(context: dict) -> dict:
    """What every page of this context may show, in an order that does not vary."""
    shared = {k: v for k, v in context.items() if k not in PER_PAGE}
    for key in UNORDERED & shared.keys():
        shared[key] = sorted(shared[key], key=lambda item: str(item.source_path))
    return shared


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
        self.fingerprint = Fingerprint()
        self.digests: dict[str, str] = {}
        self.rendered = self.reused = 0
        self._context_digests: dict[int, bytes] = {}
        self._contexts: dict[int, dict] = {}

    def context_digest(self, context: dict) -> bytes:
        key = id(context)
        if key not in self._context_digests:
            self._context_digests[key] = self.fingerprint.digest(shared_context(context),
                                                                 bodies=False)
            self._contexts[key] = context
        return self._context_digests[key]

    def contexts_unchanged(self) -> bool:
        """Whether every context still digests as it did when its first page was written.

        A plugin that changes the shared context while pages are written would make
        early pages' digests wrong; then nothing of this build is vouched for.
        """
        again = Fingerprint()
        return all(again.digest(shared_context(context), bodies=False)
                   == self._context_digests[key]
                   for key, context in self._contexts.items())

    def page_digest(self, name, template, context, relative_urls, kwargs) -> str:
        sink = hashlib.blake2b(self.static_inputs, digest_size=20)
        sink.update(self.context_digest(context))
        sink.update(f"\0{name}\0{template.name}\0{relative_urls}\0".encode())
        sink.update(self.fingerprint.digest(kwargs, bodies=False))
        for key in sorted(kwargs):  # the page's own material or page: with its body
            if isinstance(kwargs[key], Content):
                sink.update(key.encode() + self.fingerprint.digest(kwargs[key], bodies=True))
        return sink.hexdigest()

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
            signals.content_written.send(str(path), context=None)
        else:
            path.unlink(missing_ok=True)  # never write through a link into the live tree
            super().write_file(name, template, context, relative_urls, paginated,
                               template_name, override_output, url, **kwargs)
            self.rendered += 1
        self.digests[name] = digest
