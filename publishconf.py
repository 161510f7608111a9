"""Production settings: canonical absolute URLs and feeds. Used by `invoke publish`."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *

SITEURL = PUBLIC_SITEURL
RELATIVE_URLS = False

# `invoke publish` / `invoke rollback` (plugins/pipeline/publish.py). `target` is
# a local folder or an rsync destination "user@host:/srv/www/safeonline"; the
# web server's document root is TARGET/current. `keep`: releases kept for rollback.
PUBLISH = {
    "target": os.environ.get("SAFEONLINE_PUBLISH_TARGET", ""),
    "keep": 5,
    "ssh": "ssh",
}
