"""Production settings: canonical absolute URLs and feeds. Used by `invoke publish`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *

SITEURL = PUBLIC_SITEURL
RELATIVE_URLS = False
