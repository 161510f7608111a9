"""Editor and developer tasks. Each is thin: it calls one function in the safeonline package or one tool.

Run `invoke --list` for the list; `invoke --help TASK` for a task's options.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent

CONFIG = {
    "settings": ROOT / "pelicanconf.py",
    "publish_settings": ROOT / "publishconf.py",
    "output": ROOT / "output",
    "publish_output": ROOT / ".cache" / "publish" / "output",
    "cache": ROOT / ".cache",
    "bench_results": ROOT / "bench-results",
    "port": 8000,
}


def _settings(config=None, **overrides) -> dict:
    from safeonline.core.settings import load_settings

    return load_settings(config or CONFIG["settings"], **overrides)


def _content_overrides(content=None, output=None) -> dict:
    overrides = {}
    if content:
        overrides["PATH"] = str(Path(content).resolve())
    if output:
        overrides["OUTPUT_PATH"] = str(Path(output).resolve())
    return overrides


def _fail(message: str) -> Exit:
    print(message, file=sys.stderr)
    return Exit(code=1)


@task(help={"debug": "show full tracebacks", "content": "content folder (default: content/)",
            "output": "output folder (default: output/)"})
def build(c, debug=False, content=None, output=None):
    """Check the content, then build the site and leaflets into output/ (atomically)."""
    from safeonline.commands.build import BuildFailed, build_site
    from safeonline.commands.progress import Progress
    from safeonline.core.stages import StageClock

    settings = _settings(**_content_overrides(content, output))
    try:
        report = build_site(settings, debug=debug, clock=Progress(sys.stderr).watch(StageClock()))
    except BuildFailed as failed:
        print(failed.problems.as_text(details=debug), file=sys.stderr)
        raise _fail(f"Build failed: {len(failed.problems.errors)} error(s); "
                    f"{settings['OUTPUT_PATH']} was left as it was.") from None
    except Exception as exc:  # a bug, not an editor's mistake: say so, briefly
        if debug:
            raise
        raise _fail(f"Build failed: {type(exc).__name__}: {exc} (run 'invoke build --debug' "
                    f"for the traceback); {settings['OUTPUT_PATH']} was left as it was.") from None
    for problem in report.problems.sorted():
        print(problem, file=sys.stderr)
    print(f"Built {report.output}: {report.summary}.")
    for note in report.notes:  # e.g. a leaflet that still ends on a near-empty page
        print(f"  {note}")


@task(help={"format": "text (default) or json", "content": "content folder (default: content/)",
            "debug": "show full tracebacks"})
def check(c, format="text", content=None, debug=False):
    """Validate all content without building; exit 1 on any error."""
    from safeonline.core.settings import SettingsError
    from safeonline.plugins.contract import check_content

    settings = _settings(**_content_overrides(content))
    try:
        problems = check_content(settings, root=Path(settings["PATH"]).parent)
    except SettingsError as exc:  # a mistake in pelicanconf.py: its own line, as in a build
        raise _fail(exc.problems.as_text()) from None
    except Exception as exc:  # broken project data or a bug, not an editor's material
        if debug:
            raise
        raise _fail(f"Check failed: {type(exc).__name__}: {exc} "
                    "(run 'invoke check --debug' for the traceback)") from None
    if format == "json":
        print(problems.as_json())
    elif problems.items:
        print(problems.as_text())
        print(f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s).")
    else:
        print("No problems found.")
    if problems.errors:
        raise Exit(code=1)


@task(help={"audience": "parents, teachers, children or lawmakers (see AUDIENCES)",
            "title": "the material's title; the slug is made from it",
            "lang": "language code (default: DEFAULT_LANG)",
            "clauses": "clause ids, e.g. 'OP10, OP21'",
            "topics": "one to three topics, e.g. 'grooming, gaming' (see TOPICS)",
            "age": "age band, for children's materials and lessons (see AGE_BANDS)",
            "slug": "the slug, when the title cannot make one (e.g. an Arabic title)",
            "content": "content folder (default: content/)",
            "type": "'lesson' for a lesson plan (its own outline); default: a leaflet"})
def new(c, audience, title, clauses, topics="", lang=None, age=None, slug=None, content=None,
        type=None):
    """Start a material: valid header, an outline for its audience, Status: draft."""
    from safeonline.commands.scaffold import ScaffoldError, new_material

    try:
        path = new_material(_settings(**_content_overrides(content)), audience=audience,
                            title=title, lang=lang, clauses=clauses, topics=topics, age=age,
                            slug=slug, kind=type)
    except ScaffoldError as exc:
        raise _fail(f"error: {exc}") from None
    print(f"Created {path}: fill in each TODO, then remove 'Status: draft' to publish.")


@task(help={"slug": "the material to translate", "lang": "the new language, e.g. ar",
            "source": "the language to translate from (default: DEFAULT_LANG)",
            "content": "content folder (default: content/)"})
def translate(c, slug, lang, source=None, content=None):
    """Start a translation of SLUG: shared keys copied, text marked to translate."""
    from safeonline.commands.scaffold import ScaffoldError, translate_material

    try:
        path = translate_material(_settings(**_content_overrides(content)), slug, lang,
                                  source_lang=source)
    except ScaffoldError as exc:
        raise _fail(f"error: {exc}") from None
    print(f"Created {path}: translate each TODO, then remove 'Status: draft' to publish.")


def _publish_options(target=None, content=None, output=None) -> tuple[dict, dict]:
    from safeonline.commands.publish import check_publish_settings

    settings = _settings(CONFIG["publish_settings"],
                         **_content_overrides(content, output or CONFIG["publish_output"]))
    if target:
        settings["PUBLISH"] = {**(settings.get("PUBLISH") or {}), "target": target}
    return settings, check_publish_settings(settings)


@task(help={"target": "override PUBLISH['target']: a folder or host:/path",
            "content": "content folder (default: content/)",
            "output": "build folder before upload (default: .cache/publish/output)",
            "debug": "show full tracebacks"})
def publish(c, target=None, content=None, output=None, debug=False):
    """Build with publishconf.py, check, upload a new release and switch to it atomically."""
    from safeonline.commands.build import BuildFailed, build_site
    from safeonline.commands.progress import Progress
    from safeonline.commands.public_addresses import placeholder_addresses
    from safeonline.commands.publish import PublishError, deploy
    from safeonline.core.stages import StageClock

    try:
        settings, options = _publish_options(target, content, output)
        if placeholders := placeholder_addresses(settings):
            print("\n".join(placeholders), file=sys.stderr)
            raise _fail(f"Publish stopped: {len(placeholders)} placeholder address(es); "
                        "the live site was not touched.")
        report = build_site(settings, debug=debug, clock=Progress(sys.stderr).watch(StageClock()))
        name, changed = deploy(report.output, options)
    except BuildFailed as failed:
        print(failed.problems.as_text(details=debug), file=sys.stderr)
        raise _fail(f"Publish stopped: {len(failed.problems.errors)} error(s); "
                    "the live site was not touched.") from None
    except PublishError as exc:
        raise _fail(f"Publish stopped: {exc}; the live site was not touched.") from None
    print(f"Built: {report.summary}.")
    for note in report.notes:
        print(f"  {note}")
    print(f"Published {name} to {options['target']}." if changed else
          f"Nothing changed since {name}; {options['target']} left as it was.")


@task(help={"target": "override PUBLISH['target']", "to": "a release name (default: the "
            "release live before the current one)"})
def rollback(c, target=None, to=None):
    """Switch the live site back to the release live before it (instant; nothing is rebuilt)."""
    from safeonline.commands.publish import PublishError
    from safeonline.commands.publish import rollback as switch_back
    from safeonline.core.settings import SettingsError

    try:
        _, options = _publish_options(target)
        old, new = switch_back(options, to)
    except SettingsError as exc:
        raise _fail(f"{exc.problems.as_text()}\nRollback failed: see above.") from None
    except PublishError as exc:
        raise _fail(f"Rollback failed: {exc}") from None
    print(f"Rolled back {options['target']}: {old} -> {new}.")


@task(help={"port": "port to serve on (default: PREVIEW['port'], 8000)",
            "content": "content folder (default: content/)",
            "output": "output folder (default: output/)"})
def serve(c, port=None, content=None, output=None):
    """Preview on http://localhost:8000/: rebuild on every save, reload the browser."""
    import time

    from safeonline.commands.config import preview_settings
    from safeonline.commands.preview import Preview
    from safeonline.commands.warm_build import WarmBuilder

    overrides = _content_overrides(content, output)
    settings = _settings(**overrides)
    options = preview_settings(settings)
    overrides = {"PATH": settings["PATH"], "OUTPUT_PATH": settings["OUTPUT_PATH"]}
    builder = WarmBuilder(CONFIG["settings"], overrides,
                          code=[ROOT / "safeonline", ROOT / "tasks.py"])
    watch = [ROOT / p for p in options.watch] + [Path(settings["PATH"])]
    port = int(port or options.port)
    try:
        preview = Preview(Path(settings["OUTPUT_PATH"]), watch, builder,
                          host=options.host, port=port)
    except OSError as exc:
        raise _fail(f"cannot serve on port {port} ({exc.strerror}): try --port {port + 1}") \
            from None
    preview.start()
    print(f"Previewing on {preview.url} (Ctrl-C to stop); rebuilding when files change.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()


@task
def clean(c):
    """Remove output/ and the build caches (and a staging folder a killed build left)."""
    output = CONFIG["output"]
    for path in (output, output.with_name(f".{output.name}.staging"), CONFIG["cache"],
                 *output.parent.glob(f".{output.name}.old*")):
        shutil.rmtree(path, ignore_errors=True)
    print(f"Removed {output.name}/ and {CONFIG['cache'].name}/.")


@task(help={"materials": "how many synthetic materials (each in every language; default 1000)",
            "seed": "corpus seed: same seed, same content (default 1)",
            "json": "where to write the figures (default: bench-results/<timestamp>.json)",
            "keep": "keep the corpus and outputs in this folder instead of a temporary one",
            "profile": "run our builds under cProfile; .prof files go beside the JSON",
            "only": "comma-separated builds to run: cold,warm,edit,title,plain (default: all)"})
def bench(c, materials=1000, seed=1, json=None, keep=None, profile=False, only=None):
    """Time cold, warm and one-edit builds of a synthetic corpus against plain Pelican."""
    from safeonline.bench.profile import top_functions
    from safeonline.bench.progress import Progress
    from safeonline.bench.runner import BUILDS, BenchFailed, run_bench, save
    from safeonline.bench.table import format_table, summarize

    workdir = Path(keep).resolve() if keep else None
    if workdir:
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
    builds = [b.strip() for b in only.split(",")] if only else None
    progress = Progress(len(builds or BUILDS) + 1)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    json_path = Path(json) if json else CONFIG["bench_results"] / f"{stamp}.json"
    profile_dir = json_path.with_suffix(".prof") if profile else None
    if profile_dir:
        profile_dir.mkdir(parents=True, exist_ok=True)
    try:
        results = run_bench(int(materials), seed=int(seed), workdir=workdir, progress=progress,
                            profile_dir=profile_dir, only=builds)
    except BenchFailed as failed:
        progress.close()
        print(f"Bench failed: {failed}", file=sys.stderr)
        raise Exit(code=1) from None
    progress.close()
    results["summary"] = summarize(results)
    path = save(results, json_path)
    print(format_table(results))
    if profile_dir and (profile_dir / "cold.prof").exists():
        print(f"\nProfile of the cold build ({profile_dir / 'cold.prof'}; times are inflated "
              "by profiling):\n" + top_functions(profile_dir / "cold.prof", ROOT))
    print(f"Figures written to {path}")


@task(name="i18n-extract")
def i18n_extract(c):
    """Collect interface strings (templates, plugins, settings) into messages.pot."""
    from safeonline.plugins.i18n.update import write_template

    path, count, changed = write_template(_settings(), ROOT)
    print(f"{path.relative_to(ROOT)}: {count} messages{'' if changed else ' (unchanged)'}.")


@task(name="i18n-update")
def i18n_update(c):
    """Merge messages.pot into each language's .po (creating catalogs for new languages)."""
    from safeonline.plugins.i18n.update import target_languages, update_catalog

    settings = _settings()
    for lang in target_languages(settings):
        result = update_catalog(settings, lang)
        state = "created" if result.created else "updated" if result.changed else "unchanged"
        print(f"{result.path.relative_to(ROOT)}: {state}, "
              f"{result.untranslated} message(s) to translate.")


@task(name="i18n-compile", help={"output": "also write .mo files under this folder"})
def i18n_compile(c, output=None):
    """Check every catalog is complete (no missing, empty or fuzzy entry), then compile it."""
    from safeonline.core.problems import ProblemList
    from safeonline.plugins.i18n.check import compile_catalogs

    settings = _settings()
    problems = ProblemList(root=ROOT)
    written = compile_catalogs(settings, problems, root=ROOT,
                               output=Path(output).resolve() if output else None)
    if problems.items:
        print(problems.as_text(), file=sys.stderr)
    if problems.errors:
        raise Exit(code=1)
    langs = ", ".join(lang for lang in settings["LANGUAGES"] if lang != settings["DEFAULT_LANG"])
    print(f"Catalogs complete: {langs}." + (f" Wrote {len(written)} .mo file(s)." if written
                                            else ""))


@task(help={"args": "extra arguments for pytest, e.g. '-k leaflets' or "
            "'-m \"not browser\"' (no Chromium or Java)"})
def test(c, args=""):
    """Run the whole test suite (needs Chromium, Java, poppler and zbar; see README)."""
    # One worker per core (pytest-xdist): the suite's builds are CPU-bound.
    c.run(f"{sys.executable} -m pytest -n auto {args}", pty=False)


@task(help={"format": "text (default: table and gaps), csv or json",
            "content": "content folder (default: content/)",
            "output": "write to this file instead of the terminal"})
def coverage(c, format="text", content=None, output=None):
    """Which clauses the materials cite, per audience and language, and the gaps (no build)."""
    from safeonline.commands.coverage import coverage_from_content
    from safeonline.core.settings import SettingsError
    from safeonline.plugins.i18n.catalogs import gettext_for
    from safeonline.plugins.resolution.clauses import ResolutionDataError, load_resolutions
    from safeonline.plugins.resolution.config import coverage_settings
    from safeonline.plugins.resolution.coverage import (
        as_csv,
        as_json,
        as_text,
        check_priority_clauses,
    )

    if format not in ("text", "csv", "json"):
        raise Exit(f"Unknown format '{format}': use text, csv or json.", code=2)
    settings = _settings(**({"PATH": str(Path(content).resolve())} if content else {}))
    try:
        coverage_settings(settings)
        check_priority_clauses(settings)
    except (SettingsError, ResolutionDataError) as exc:
        raise Exit(str(exc), code=1) from None
    matrix, problems = coverage_from_content(settings)
    if problems.errors:
        print(f"Note: {len(problems.errors)} content error(s); files with errors may be "
              "missing from the matrix (run 'invoke check').", file=sys.stderr)
    if format == "json":
        text = as_json(matrix, load_resolutions(settings), settings)
    elif format == "csv":
        text = as_csv(matrix)
    else:
        _ = gettext_for(settings, settings["DEFAULT_LANG"])
        text = as_text(matrix, {k: _(v["label"]) for k, v in settings["AUDIENCES"].items()})
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(f"Wrote {output}.")
    else:
        sys.stdout.write(text)
