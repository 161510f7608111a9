"""Compile each theme template once per build, not once per generator.

Pelican gives every generator its own Jinja environment (articles, pages,
clause pages, hubs, help, feeds, leaflets, cards...), and each environment
compiles `base.html` and every partial again: about 70 compilations of some
20 templates per build. The environments of one build are configured alike,
so they can share the compiled code through Jinja's bytecode cache. The cache
lives for one Pelican run (a new run, e.g. another test site or the next
`invoke serve` rebuild, starts empty) and is split by the options that change
the compiled code, so an environment configured differently never gets code
compiled for another.
"""

from __future__ import annotations

from types import CodeType

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache


class SharedTemplateCode(BytecodeCache):
    """Compiled templates kept in memory for one run: key -> (source checksum, code).

    The key is the template's name and file plus the compile options of the
    environment asking (read when it asks, after every plugin has set it up).
    """

    def __init__(self) -> None:
        self._code: dict[tuple, tuple[str, CodeType]] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        bucket = Bucket(environment, self.get_cache_key(name, filename),
                        self.get_source_checksum(source))
        bucket.key = (bucket.key, compile_options(environment))  # type: ignore[assignment]
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)  # type: ignore[call-overload]
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)  # type: ignore[index]

    def clear(self) -> None:
        self._code.clear()


def compile_options(env: Environment) -> tuple:
    """What, besides the source, shapes a template's compiled code."""
    autoescape = env.autoescape
    return (
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
        env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        tuple(sorted(env.extensions)), env.optimized, env.is_async, env.finalize is not None,
        autoescape if isinstance(autoescape, bool) else id(autoescape),
        getattr(env, "newstyle_gettext", False),
        env.code_generator_class, env.context_class,
    )


def share_compiled_templates(generator) -> None:
    """`generator_init`: this generator's environment uses the run's shared cache.

    Generators of one run share their settings object; a new settings object
    means a new run, which starts with an empty cache.
    """
    settings = generator.settings
    if _RUN.get("settings") is not settings:
        _RUN.clear()
        _RUN.update(settings=settings, cache=SharedTemplateCode())
    generator.env.bytecode_cache = _RUN["cache"]


# The current run (its settings object) and its cache: run-time state, not a setting.
_RUN: dict = {}
