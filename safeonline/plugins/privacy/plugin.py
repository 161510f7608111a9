"""Privacy and safety of every page.

Registered signals (the whole list): `generator_init` gives templates
`csp_policy()`; `finalized` writes `theme/css/audiences.css` (audience colours
as classes, since CSP forbids inline style attributes), writes `_headers`
(the response headers for static hosts) and fails the build,
like MkDocs Material's privacy plugin, on any page or stylesheet that would
load something from another host.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from safeonline.plugins.incremental.plugin import reused_pages
from safeonline.plugins.search.config import search_settings

from .external import foreign_fetches, own_hosts
from .policy import audience_css, headers_file, policy_string

log = logging.getLogger(__name__)


def install(generator) -> None:
    policy = generator.settings["CONTENT_SECURITY_POLICY"]

    def csp_policy(extra: dict[str, str] | None = None) -> Markup:
        """The page's policy; a page needing more passes {directive: sources} (search).

        Markup: the policy comes from the settings, not from an editor, and its
        quotes are the CSP's own syntax (the attribute is double-quoted).
        """
        return Markup(policy_string(policy, for_meta=True, extra=extra))

    generator.env.globals["csp_policy"] = csp_policy


def write_audience_css(pelican) -> None:
    css = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"] / "css"
    css.mkdir(parents=True, exist_ok=True)
    (css / "audiences.css").write_text(audience_css(pelican.settings["AUDIENCES"]),
                                       encoding="utf-8")


def write_headers(pelican) -> None:
    settings = pelican.settings
    text = headers_file(settings["CONTENT_SECURITY_POLICY"],
                        search_settings(settings).csp,
                        settings.get("SECURITY_HEADERS", {}))
    (Path(pelican.output_path) / "_headers").write_text(text, encoding="utf-8")


def refuse_third_parties(pelican) -> None:
    """Every page and stylesheet written, but pages reused unchanged from the live output
    (plugins/incremental): those passed this check when a build wrote them, with the same
    code and settings, or that build would have failed and left no output."""
    output = Path(pelican.output_path)
    own = own_hosts(pelican.settings)
    checked = set(reused_pages(pelican))
    for path in sorted([*output.rglob("*.html"), *output.rglob("*.css")]):
        if str(path) in checked:
            continue
        for line, url in foreign_fetches(path, own):
            log.error("privacy: %s:%d loads %s from another host (serve it from the site "
                      "itself: readers must not be seen by third parties)",
                      path.relative_to(output), line, url)


def register() -> None:
    signals.generator_init.connect(install)
    signals.finalized.connect(write_audience_css)
    signals.finalized.connect(write_headers)
    signals.finalized.connect(refuse_third_parties)
