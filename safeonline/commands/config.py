"""The commands' own settings: `PREVIEW` (`invoke serve`) and `PUBLISH` (`invoke publish`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import option, typed


@dataclass(frozen=True)
class PreviewSettings:
    NAME: ClassVar[str] = "PREVIEW"

    host: str = option("127.0.0.1", "address the preview server listens on")
    port: int = option(8000, "its port (`invoke serve --port` overrides it)")
    watch: tuple[str, ...] = option(("content", "themes", "safeonline", "assets",
                                     "pelicanconf.py"),
                                    "files and folders, relative to the project, that rebuild "
                                    "on save (the content folder always does)")


@dataclass(frozen=True)
class PublishSettings:
    NAME: ClassVar[str] = "PUBLISH"
    FILE: ClassVar[str] = "publishconf.py"

    target: str = option("", "a local folder or an rsync destination "
                         "'user@host:/srv/www/safeonline'; the web server's document root is "
                         "TARGET/current")
    keep: int = option(5, "releases kept on the host, the live one and the one "
                       "`invoke rollback` returns to always among them",
                       check=lambda n: None if n >= 1 else "must be 1 or more")
    ssh: str = option("ssh", "the ssh command rsync uses for a remote target")


def preview_settings(settings) -> PreviewSettings:
    return typed(settings, PreviewSettings)


def publish_settings(settings) -> PublishSettings:
    return typed(settings, PublishSettings)
