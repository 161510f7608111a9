"""Site settings: the one place where audiences, languages, age bands and output options live.

Plugins read these through the settings mapping Pelican hands them; nothing in
`safeonline/` hard-codes an audience, a language or a colour.
"""

from pathlib import Path

from jinja2 import StrictUndefined

ROOT = Path(__file__).resolve().parent

SITENAME = "Safe Online Press"
SITESUBTITLE = "Awareness materials on online child sexual exploitation and abuse"
SITEURL = ""
# Canonical public address: printed under leaflets' QR codes and used for
# canonical links. Never a localhost address (publishconf.py may override it).
PUBLIC_SITEURL = "https://safeonline.example.org"

PATH = "content"
OUTPUT_PATH = "output"
THEME = str(ROOT / "themes" / "safeonline")
ASSETS_PATH = str(ROOT / "assets")
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# No date from file modification times: a build is a pure function of the repository.
DEFAULT_DATE = None
LICENCE = "Text CC BY 4.0. Print and share freely."
# Who publishes this edition. Content names it as {organisation.name},
# {organisation.email} and {organisation.url} (plugins/organisation), so another
# organisation's edition changes it here once. The example addresses are
# placeholders: `invoke publish` refuses to publish them (publishconf.py).
ORGANISATION = {
    "name": "Safe Online Press",
    "email": "contact@example.org",
    "url": "https://safeonline.example.org/",
}

# Languages, in the order the switcher shows them. `dir` drives the page
# direction and the leaflets' alignment; `font` names the leaflet font family
# registered from assets/fonts.
LANGUAGES = {
    "en": {"name": "English", "dir": "ltr", "font": "NotoSans"},
    "ar": {"name": "العربية", "dir": "rtl", "font": "NotoSansArabic"},
}

# Audiences, in the order the home page shows them. Labels are gettext msgids,
# translated by the theme's catalogs; colours are shared by pages and leaflets.
AUDIENCES = {
    "parents": {"label": "Parents and carers", "colour": "#1f5f99"},
    "teachers": {"label": "Teachers", "colour": "#2e7d4f"},
    "children": {"label": "Children and young people", "colour": "#8a4baf"},
    "lawmakers": {"label": "Lawmakers", "colour": "#a34a1c"},
}
# Interface translations (plugins/i18n): gettext catalogs in
# themes/<theme>/translations/<lang>/LC_MESSAGES/messages.po. SITENAME, SITESUBTITLE,
# LICENCE, the audience labels, TOPICS and the language names (the library's language
# filter) are translated like template strings (I18N's default; see
# safeonline/plugins/i18n/config.py).
AGE_BANDS = ["5-7", "8-10", "11-13", "14-17"]
# Topics: the controlled vocabulary of `Topics:` (one to three per material), in the
# order the library and the topic pages show them. Keys are written in every
# language's files; labels are gettext msgids, translated like the audience labels.
TOPICS = {
    "grooming": "Grooming",
    "sextortion": "Sextortion",
    "image-sharing": "Sharing images",
    "privacy-settings": "Privacy settings",
    "gaming": "Games and game chat",
    "reporting": "Reporting",
    "the-law": "The law",
    "trusted-adults": "Trusted adults",
    "responding": "Responding to a child",
    "school-policy": "School policy",
    "media-literacy": "Media literacy",
}
# Audiences whose materials must name an age band.
AGE_BAND_AUDIENCES = ["children"]

RESOLUTION_PATH = "resolution"  # relative to PATH: one TOML file per language
PRIORITY_CLAUSES = ["OP10", "OP21"]

MATERIALS_PATH = "materials"
ARTICLE_PATHS = [MATERIALS_PATH]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_EXCLUDES = []
IGNORE_FILES = [".#*", "*~", ".*.swp"]

ARTICLE_URL = "{lang}/materials/{slug}/"
ARTICLE_SAVE_AS = "{lang}/materials/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
PAGE_URL = "{lang}/{slug}/"
PAGE_SAVE_AS = "{lang}/{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
# Pelican's own listings are replaced by our audience hubs.
INDEX_SAVE_AS = ""
DIRECT_TEMPLATES = []
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
# Pelican's reader cache: unchanged files are not parsed again. safeonline/commands/read_cache.py
# keeps it in a folder named by a digest of code, settings, theme and data, so it
# is never stale.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CACHE_PATH = str(ROOT / ".cache" / "pelican")
# Stored uncompressed: Pelican gzips at level 9, which costs 0.4 s of CPU per
# 1,000 materials on every cold build (docs/performance.md) to save ~14 MB of disk.
GZIP_CACHE = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Our plugins, by dotted name (the `safeonline` package is installed by `pip install -e .`).
PLUGINS = [f"safeonline.plugins.{name}" for name in
           ("contract", "drafts", "organisation", "i18n", "resolution", "site_pages",
            "topics", "leaflets")]

# Strict templates: a typo in a variable name fails the build. Autoescaped: an
# editor's header values (titles, summaries) are text, shown exactly as written;
# HTML made by Markdown or our plugins reaches a template as markupsafe.Markup.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    # `{% cache %}`: a fragment shown on many pages rendered once a build (library cards).
    "extensions": ["jinja2.ext.i18n", "safeonline.plugins.site_pages.fragments.FragmentCache"],
    "undefined": StrictUndefined,
}

# Each namespaced setting below holds only this site's choices: every key, its
# type and its default is declared in the plugin that reads it (`config.py` in
# its package, e.g. safeonline/plugins/leaflets/config.py); a key not declared
# there stops the build.
# Caches live in the project, whichever content folder a build reads.
LEAFLETS = {"cache_dir": str(ROOT / ".cache" / "leaflets")}

# `invoke check` limits for content (plugins/contract): `reading_grade` is the
# highest Coleman-Liau grade per age band (AGE_BANDS) for English children's
# materials (the index reads short, plain texts about one grade high, hence 4.0
# for ages 5-7).
CHECKS = {"reading_grade": {"5-7": 4.0, "8-10": 5.5, "11-13": 8.0, "14-17": 10.0},
          "cache_dir": str(ROOT / ".cache" / "checks")}

# Raw HTML allowed in Markdown: SANITIZE's default allowlist
# (safeonline/plugins/sanitize/config.py); `invoke check` reports anything outside it.

# `invoke new` / `invoke translate`: body outlines per audience and language.
SCAFFOLDS_PATH = str(ROOT / "scaffolds")

# `invoke serve`: live-reload preview on 127.0.0.1:8000 (PREVIEW, declared in
# safeonline/commands/config.py).

# The reader's site: safety, search, help, sharing.
# Quick exit: where the "Quick exit" control and the Escape key send the reader.
# A plain navigation (no request is made to it while reading the site).
QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
# One policy for every page (<meta http-equiv>) and for the server's headers
# (docs/publishing.md, "Privacy and security headers"). Only the search page adds
# SEARCH["csp"] ('wasm-unsafe-eval': the index runs as WebAssembly; data:
# images: the icons inside pagefind-ui.css).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",  # header only: browsers ignore it in <meta>
}
# Response headers for the web server, written to output/_headers (Netlify /
# Cloudflare Pages format; docs/publishing.md shows nginx and Apache equivalents). The
# header CSP is CONTENT_SECURITY_POLICY plus SEARCH["csp"]; each page's <meta>
# narrows it further.
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}
SEARCH = {
    # Not indexed: the resolution text a material quotes (its clause notes and "What the
    # resolution says"; the resolution's own pages answer that search) and its download
    # links. Indexed, they matched every material citing a clause and took 25-30 % of
    # Pagefind's memory.
    "exclude_selectors": ["article.material .clause-note", "article.material aside.clauses",
                          "article.material aside.downloads"],
}
# Helplines: content/data/helplines.toml. A deployment names where its readers live,
# so their services come first on leaflets and the help page, with
# HELPLINES = {"countries": ["JO", "EG"]} (safeonline/plugins/helplines/config.py).
CARDS = {"cache_dir": str(ROOT / ".cache" / "cards")}
DISCOVERY = {"og_locales": {"en": "en_GB", "ar": "ar_AR"}}
PLUGINS += [f"safeonline.plugins.{name}" for name in
            ("privacy", "search", "helplines", "discovery", "cards", "webfonts")]
# The theme's fonts split by script (plugins/webfonts), cached here by font and code.
WEBFONTS = {"cache_dir": str(ROOT / ".cache" / "webfonts")}
# Last in the list: cleans each page's HTML after every other plugin has added to it.
PLUGINS += ["safeonline.plugins.sanitize"]
# Pages whose inputs are unchanged are reused from the live output, and a build
# with nothing changed does nothing (plugins/incremental, safeonline/commands/unchanged.py).
PLUGINS += ["safeonline.plugins.incremental"]
INCREMENTAL = {"cache_dir": str(ROOT / ".cache" / "pages")}

# Clause pages, the coverage matrix and its export: COVERAGE's defaults
# (safeonline/plugins/resolution/config.py).
