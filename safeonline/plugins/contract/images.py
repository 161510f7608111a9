"""Images: stored in content/, readable, within the size limits, described by alt text.

A material's images are opened with Pillow limited to `CHECKS["image_formats"]`
(so a file named `.png` that is really something else is refused), and
`DecompressionBombWarning` is treated as an error: a small file that unpacks to
gigapixels must never reach the build, the leaflets or a reader's phone. The
folder walk in `check_image_files` covers images nobody links to, because
Pelican publishes every file under `STATIC_PATHS` anyway.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from safeonline.core.problems import ProblemList

from .body import Target, link_targets
from .config import check_settings
from .context import Context
from .links import INTRASITE_RE, content_root, resolve_intrasite

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".svg",
                  ".avif", ".heic", ".ico"}


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def image_problems(path: Path, settings: dict) -> list[tuple[str, str]]:
    """(message, fix) pairs for one image file; empty when it is fine."""
    limits = check_settings(settings)
    formats = [f.upper() for f in limits.image_formats]
    name = path.name
    size = path.stat().st_size
    found: list[tuple[str, str]] = []
    if size > limits.image_max_bytes:
        found.append((f"image '{name}' is {_size(size)}; the limit is "
                      + _size(limits.image_max_bytes),
                      "save it smaller, e.g. as a JPEG at quality 80 or resized"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=formats) as img:
                width, height = img.size
                img.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return found + [(f"image '{name}' declares an enormous size (a decompression bomb)",
                         "replace it with an ordinary image exported from an image editor")]
    except UnidentifiedImageError:
        return found + [(f"'{name}' is not an image in an allowed format",
                         f"save it as one of: {', '.join(formats)}")]
    except (OSError, SyntaxError, ValueError) as exc:
        return found + [(f"image '{name}' is damaged ({exc})", "export the image again")]
    if width * height > limits.image_max_pixels:
        million = limits.image_max_pixels / 1e6
        found.append((f"image '{name}' is {width}×{height} pixels "
                      + f"({width * height / 1e6:.1f} million); the limit is {million:.1f} million",
                      "resize it, e.g. to at most 2000 pixels on the long side"))
    return found


def check_image(ctx: Context, target: Target) -> None:
    url = target.url
    report = ctx.problems.error
    if not target.text.strip():
        report(ctx.path, target.line, f"image '{url}' has no alt text",
               "describe what it shows between the brackets, for readers who cannot see "
               "it, e.g. ![A parent and child reading together]")
    if re.match(r"^([a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE) or url.lower().startswith("data:"):
        report(ctx.path, target.line, f"image '{url}' is not stored on this site",
               "save the image in content/images/ and write {static}/images/NAME; "
               "the site makes no requests to other hosts")
        return
    if not INTRASITE_RE.match(url):
        report(ctx.path, target.line, f"image '{url}' is not written as a {{static}} link",
               "write it as {static}/images/NAME so the build can check and copy it")
        return
    resolved = resolve_intrasite(ctx, url)
    if resolved is None or not resolved.inside(content_root(ctx)) or not resolved.path.is_file():
        return  # links.check_links reports where it points
    ctx.record.setdefault("images", set()).add(resolved.path.resolve())
    for message, fix in image_problems(resolved.path, ctx.settings):
        report(ctx.path, target.line, message, fix)


def check_images(ctx: Context, text: str) -> None:
    for target in link_targets(ctx, text):
        if target.image:
            check_image(ctx, target)


def check_image_files(settings: dict, records: list[dict], problems: ProblemList) -> None:
    """Every file under content/: no links out of it; unlinked images within the limits."""
    root = Path(settings["PATH"])
    real_root = root.resolve()
    linked = set().union(*(r.get("images", set()) for r in records))
    static = [root / p for p in settings.get("STATIC_PATHS", [])]
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                problems.error(path, 1, "this is a link to a file outside the content folder",
                               "replace the link by a copy of the file")
                if name in dirs:
                    dirs.remove(name)
                continue
            if (name in files and path.suffix.lower() in IMAGE_SUFFIXES
                    and path.resolve() not in linked
                    and any(path.is_relative_to(s) for s in static)):
                for message, fix in image_problems(path, settings):
                    problems.error(path, 1, message, fix)
