"""An incremental build makes exactly the bytes a clean build makes.

The contract of every shortcut a rebuild takes (reused pages, cached leaflets,
cards, checks and search parts, hard-linked output): an editor works on a site
through a seeded sequence of everyday edits, rebuilding after each one, and
after every step the output is compared, file by file and byte by byte, with a
clean build of the same content, settings and theme.

"Clean" means a new output folder (so no page manifest and no record of the last
build), an empty reader cache, check cache and search parts. Leaflets and cards are named by the digest of all their
inputs, so a clean build shares their caches with the session
(tests/test_leaflets.py holds those digests to their inputs); the last step is
compared with a build whose every cache starts empty as well.
"""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from safeonline.commands.unchanged import record_path
from safeonline.core.settings import load_settings
from safeonline.plugins.contract.header import parse_header
from safeonline.plugins.contract.translations import source_hash

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [int(s) for s in os.environ.get("INCREMENTAL_SEEDS", "20261201").split(",")]


def tree(output: Path) -> dict[str, bytes]:
    """Every file of a built site, Pagefind's index included (made byte-stable by
    safeonline/plugins/search/stable.py)."""
    return {str(p.relative_to(output)): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


def differences(incremental: Path, clean: Path) -> list[str]:
    ours, theirs = tree(incremental), tree(clean)
    only = sorted(set(ours) ^ set(theirs))
    return only + sorted(n for n in set(ours) & set(theirs) if ours[n] != theirs[n])


@dataclass
class Site:
    """The editor's working copy: content, theme and settings, and what each build uses."""

    folder: Path
    overrides: dict = field(default_factory=dict)

    @property
    def content(self) -> Path:
        return self.folder / "content"

    @property
    def theme(self) -> Path:
        return self.folder / "theme"

    def materials(self, lang: str = "en") -> list[Path]:
        return sorted(self.content.glob(f"materials/*/*.{lang}.md"))

    def settings(self, caches: Path, **shared) -> dict:
        """Overrides for a build whose reader, check and search caches are in `caches`."""
        base = load_settings(ROOT / "pelicanconf.py")
        return {"THEME": str(self.theme), "CACHE_PATH": str(caches / "pelican"),
                "CHECKS": {**base["CHECKS"], "cache_dir": str(caches / "checks")},
                "SEARCH": {**base["SEARCH"], "cache_dir": str(caches / "search")},
                **shared, **self.overrides}


def set_header(path: Path, key: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[i] = f"{key}: {value}"
            break
        if not line.strip():  # the end of the header: add the key
            lines.insert(i, f"{key}: {value}")
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def translation_of(source: Path) -> str:
    text = source.read_text(encoding="utf-8")
    return f"en {source_hash(text, parse_header(text))}"


# The edits, each what an editor does in a working day. Each returns what it did.
def edit_body(site: Site, rng: random.Random) -> str:
    path = rng.choice(site.materials())
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\nAsk for help early: it is never too late ({rng.randrange(1000)}).\n")
    return f"body of {path.name}"


def edit_title(site: Site, rng: random.Random) -> str:
    path = rng.choice(site.materials())
    set_header(path, "Title", f"Staying safe online, part {rng.randrange(1000)}")
    return f"title of {path.name}"


def edit_summary(site: Site, rng: random.Random) -> str:
    path = rng.choice(site.materials())
    set_header(path, "Summary", f"What to do and who can help ({rng.randrange(1000)}).")
    return f"summary of {path.name}"


def edit_clauses(site: Site, rng: random.Random) -> str:
    path = rng.choice(site.materials())
    clauses = rng.sample(["OP10", "OP16", "OP21", "PP8", "OP4"], 2)
    set_header(path, "Clauses", ", ".join(sorted(clauses)))
    for translation in path.parent.glob(path.name.replace(".en.md", ".*.md")):
        set_header(translation, "Clauses", ", ".join(sorted(clauses)))  # translations agree
    return f"clauses of {path.name}"


def edit_audience(site: Site, rng: random.Random) -> str:
    path = rng.choice([p for p in site.materials() if "children" not in p.parts])
    current = path.parent.name
    audience = rng.choice([a for a in ("parents", "teachers", "lawmakers") if a != current])
    for source in sorted(path.parent.glob(path.name.replace(".en.md", ".*.md"))):
        set_header(source, "Audience", audience)
        (site.content / "materials" / audience).mkdir(exist_ok=True)
        source.rename(site.content / "materials" / audience / source.name)
    return f"audience of {path.name}: {audience}"


def edit_age(site: Site, rng: random.Random) -> str:
    path = rng.choice(sorted(site.content.glob("materials/children/*.en.md")))
    set_header(path, "Age", rng.choice(["5-7", "11-13", "14-17"]))
    return f"age band of {path.name}"


def add_material(site: Site, rng: random.Random) -> str:
    n = rng.randrange(1000)
    folder = site.content / "materials" / "parents"
    folder.mkdir(exist_ok=True)
    (folder / f"new-{n}.en.md").write_text(
        f"Title: Talking about apps, number {n}\nAudience: parents\nTopics: gaming\n"
        "Clauses: OP10\n"
        f"Summary: A calm conversation about the apps your child uses.\nDate: 2026-11-2{n % 9}\n"
        "\nAsk which apps your child likes, and look at them together [[OP10]].\n",
        encoding="utf-8")
    return f"new-{n}.en.md added"


def remove_material(site: Site, rng: random.Random) -> str:
    """One material and its translations; the children's one stays (edit_age needs it)."""
    if len(site.materials()) < 3:
        add_material(site, rng)
    path = rng.choice([p for p in site.materials() if "children" not in p.parts])
    for source in path.parent.glob(path.name.replace(".en.md", ".*.md")):
        source.unlink()
    return f"{path.name} removed"


def add_translation(site: Site, rng: random.Random) -> str:
    untranslated = [p for p in site.materials()
                    if not list(p.parent.glob(p.name.replace(".en.md", ".ar.md")))]
    if not untranslated:
        add_material(site, rng)
        return add_translation(site, rng)
    source = rng.choice(untranslated)
    header = parse_header(source.read_text(encoding="utf-8")).values
    lines = [f"Title: ترجمة {rng.randrange(1000)}", f"Audience: {header['audience']}",
             f"Topics: {header['topics']}", f"Clauses: {header['clauses']}", "Lang: ar",
             f"Translation-Of: {translation_of(source)}",
             "Summary: ماذا تفعل ومن يمكنه المساعدة.", "Date: 2026-11-25"]
    if "age" in header:
        lines.insert(2, f"Age: {header['age']}")
    if "slug" in header:
        lines.append(f"Slug: {header['slug']}")
    body = "\n\nاطلب المساعدة من شخص بالغ تثق به. ليس الذنب ذنبك أبدًا.\n"
    source.with_name(source.name.replace(".en.md", ".ar.md")).write_text(
        "\n".join(lines) + body, encoding="utf-8")
    return f"Arabic translation of {source.name}"


def make_stale(site: Site, rng: random.Random) -> str:
    translated = [p for p in site.materials()
                  if list(p.parent.glob(p.name.replace(".en.md", ".ar.md")))]
    if not translated:
        add_translation(site, rng)
        return make_stale(site, rng)
    source = rng.choice(translated)
    translation = source.with_name(source.name.replace(".en.md", ".ar.md"))
    set_header(translation, "Translation-Of", translation_of(source))
    with source.open("a", encoding="utf-8") as fh:
        fh.write("\nThe advice above was reviewed this month.\n")
    return f"{translation.name} made stale"


def replace_image(site: Site, rng: random.Random) -> str:
    from PIL import Image

    image = rng.choice(sorted((site.content / "images").glob("*.png")))
    with Image.open(image) as img:
        size = img.size
    Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3))).save(image)
    return f"{image.name} replaced"


def change_template(site: Site, rng: random.Random) -> str:
    footer = site.theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        "</footer>", f"<!-- revised {rng.randrange(1000)} --></footer>", 1), encoding="utf-8")
    return "footer template changed"


def change_catalog(site: Site, rng: random.Random) -> str:
    import re

    po = site.theme / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r'(msgid "Get help"\nmsgstr )"[^"]*"',
                         rf'\1"احصل على المساعدة الآن {rng.randrange(1000)}"', text, count=1),
                  encoding="utf-8")
    return "Arabic 'Get help' changed"


def change_setting(site: Site, rng: random.Random) -> str:
    site.overrides["PUBLIC_SITEURL"] = f"https://edition-{rng.randrange(1000)}.example.org"
    return "PUBLIC_SITEURL changed"  # canonical links, feeds, QR codes on leaflets


EDITS = [edit_body, edit_title, edit_summary, edit_clauses, edit_audience, edit_age,
         add_material, remove_material, add_translation, make_stale, replace_image,
         change_template, change_catalog, change_setting]


@pytest.fixture()
def site(tmp_path, make_content, root) -> Site:
    site = Site(tmp_path / "site")
    make_content(site.folder, "leaflets")
    shutil.copytree(root / "themes" / "safeonline", site.theme)
    return site


@pytest.mark.parametrize("seed", SEEDS)
def test_every_rebuild_after_an_edit_matches_a_clean_build(seed, site, tmp_path, build,
                                                          leaflet_cache, card_cache):
    rng = random.Random(seed)
    steps = EDITS + rng.sample(EDITS, 4)  # every kind once, then four again
    rng.shuffle(steps)
    live, caches = tmp_path / "live", tmp_path / "live-caches"
    own = {"LEAFLETS": {"cache_dir": str(caches / "leaflets")},
           "CARDS": {"cache_dir": str(caches / "cards")}}
    first = build(site.content, live, **site.settings(caches, **own))
    assert first.stages["pages"]["counts"] == {"rendered": first.counts["pages"]}
    for n, edit in enumerate(steps):
        did = edit(site, rng)
        report = build(site.content, live, **site.settings(caches, **own))
        clean = tmp_path / f"clean-{n}"
        build(site.content, clean / "output", **site.settings(clean))
        assert differences(live, clean / "output") == [], f"step {n}: {did}"
        shutil.rmtree(clean)
        pages = report.stages.get("pages", {}).get("counts", {})  # none: nothing changed
        if edit is edit_body:  # its own page, and those showing its PDFs' sizes (library)
            assert 0 < pages["rendered"] < pages["reused"], (did, pages)
    # The last state again, every cache empty this time.
    fresh = tmp_path / "fresh"
    build(site.content, fresh / "output", **site.settings(
        fresh, LEAFLETS={"cache_dir": str(fresh / "leaflets")},
        CARDS={"cache_dir": str(fresh / "cards")}))
    assert differences(live, fresh / "output") == []


def test_a_rebuild_with_nothing_changed_does_nothing_and_reuses_every_page(site, tmp_path,
                                                                         build, root):
    output = tmp_path / "output"
    settings = site.settings(tmp_path / "caches")
    first = build(site.content, output, **settings)
    before = tree(output)
    again = build(site.content, output, **settings)
    assert list(again.stages) == ["unchanged"]  # seen from the inputs: no other stage ran
    assert again.counts == first.counts and tree(output) == before
    # The same summary as the build it stands for, in the same order.
    assert again.summary.split(" in ")[0] == first.summary.split(" in ")[0]
    # Without that record (a cache cleared, say), every page is still reused.
    record_path(str(root / ".cache" / "pages"), output).unlink()
    third = build(site.content, output, **settings)
    assert third.stages["pages"]["counts"] == {"reused": third.counts["pages"]}
    assert tree(output) == before


def test_a_page_changed_by_hand_in_the_output_is_rendered_again(site, tmp_path, build):
    output = tmp_path / "output"
    settings = site.settings(tmp_path / "caches")
    build(site.content, output, **settings)
    page = output / "en" / "materials" / "game-chat" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<p>edited by hand</p></body>"))
    again = build(site.content, output, **settings)
    assert again.stages["pages"]["counts"]["rendered"] == 1
    assert page.read_bytes() == original


def test_no_template_shows_a_body_but_its_own_pages(root):
    """A page's digest holds the body of its own material only (plugins/incremental), and
    its leaflets' sizes, which change with the body: a template showing another
    material's body or leaflets would be reused when that body changed."""
    import re

    shown = re.compile(r"(\w+)\.(?:content|get_content\(|_content|leaflets)\b")
    owners = {m.group(1) for path in (root / "themes").rglob("*.html")
              for m in shown.finditer(path.read_text(encoding="utf-8"))}
    assert owners <= {"article", "page"}
