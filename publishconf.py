"""Production settings: canonical absolute URLs and feeds. Used by `invoke publish`."""

import os
import runpy
from pathlib import Path

# Every setting of pelicanconf.py, loaded from its file with runpy (no import-path edit).
_base = runpy.run_path(str(Path(__file__).with_name("pelicanconf.py")))
globals().update({key: value for key, value in _base.items() if key.isupper()})

# This edition's public addresses. pelicanconf.py holds example.org placeholders,
# which `invoke publish` refuses: set the real ones here, or in the build
# server's environment.
SITEURL = PUBLIC_SITEURL = os.environ.get("SAFEONLINE_SITEURL", _base["PUBLIC_SITEURL"])
ORGANISATION = {
    **_base["ORGANISATION"],
    "email": os.environ.get("SAFEONLINE_CONTACT_EMAIL", _base["ORGANISATION"]["email"]),
    "url": os.environ.get("SAFEONLINE_ORGANISATION_URL", _base["ORGANISATION"]["url"]),
}
RELATIVE_URLS = False

# `invoke publish` / `invoke rollback`. `target` is a local folder or an rsync
# destination "user@host:/srv/www/safeonline"; the web server's document root is
# TARGET/current. Other keys (keep, ssh): safeonline/commands/config.py.
PUBLISH = {"target": os.environ.get("SAFEONLINE_PUBLISH_TARGET", "")}
