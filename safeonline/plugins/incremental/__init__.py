"""Incremental pages: a page whose inputs did not change is linked from the last build.

`invoke build` names the live output in `INCREMENTAL["previous_output"]` and,
once the new tree is live, calls `commit(settings, output)`.
"""

from pathlib import Path

from . import manifest
from .config import incremental_settings
from .plugin import register


def commit(settings, output: Path) -> None:
    """Record the pages now live in `output` (after the swap), for the next build."""
    options = incremental_settings(settings)
    if options.enabled and options.previous_output:
        manifest.commit(manifest.manifest_path(options.cache_dir, options.previous_output),
                        output)


__all__ = ["commit", "register"]
