"""A teacher opens a lesson plan: how long, for whom and what pupils learn come first.

The four bundled lessons (`Type: lesson`) build as pages and leaflets in English
and Arabic, each opening with its duration, age band and objectives in the page's
own language; `invoke new --type lesson` starts one that `invoke check` accepts
once written, and `invoke translate` carries it into Arabic with Arabic headings.
The contract's messages for a broken lesson are in tests/fixtures/bad/ (test_check.py).
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = {  # slug -> (minutes, age band)
    "media-literacy-lesson-plan": (45, "11-13"),
    "feelings-and-trusted-adults-lesson": (30, "5-7"),
    "private-information-lesson": (40, "8-10"),
    "image-sharing-and-sextortion-lesson": (50, "14-17"),
}
# What a reader sees, per language: the labels and the minutes as the catalogs say them.
SHOWN = {
    "en": {"duration": "Duration", "pupils": "Pupils", "objectives": "Learning objectives",
           "minutes": "{n} minutes", "ages": "Ages {low}-{high}",
           "first_section": "Materials needed"},
    "ar": {"duration": "المدة", "pupils": "التلاميذ", "objectives": "أهداف التعلّم",
           "minutes": "{n} دقيقة", "ages": "الأعمار من {low} إلى {high}",
           "first_section": "المواد اللازمة"},
}


def objectives(slug: str, lang: str) -> list[str]:
    from safeonline.plugins.contract.header import parse_header
    from safeonline.plugins.contract.lessons import split_objectives

    path = ROOT / "content/materials/teachers" / f"{slug}.{lang}.md"
    return list(split_objectives(parse_header(path.read_text(encoding="utf-8"))
                                 .values["objectives"]))


def page_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def squash(text: str) -> str:
    """PDF text compared as characters in order (see test_leaflets.squash), without Arabic
    vowel marks and colons, which poppler may extract out of their place."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u0640\u064b-\u0652:]", "",
                  unicodedata.normalize("NFKC", text))


CASES = [(slug, lang) for slug in LESSONS for lang in SHOWN]


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_a_lesson_page_opens_with_its_duration_age_and_objectives(bundled_site, read, slug,
                                                                   lang):
    minutes, band = LESSONS[slug]
    low, high = band.split("-")
    shown = SHOWN[lang]
    page = read(bundled_site, f"{lang}/materials/{slug}/index.html")
    facts = page_text(page.split('class="lesson-facts"', 1)[1].split("</section>", 1)[0])
    assert f"{shown['duration']} {shown['minutes'].format(n=minutes)}" in facts
    assert f"{shown['pupils']} {shown['ages'].format(low=low, high=high)}" in facts
    assert shown["objectives"] in facts
    for objective in objectives(slug, lang):
        assert objective in facts
    # At the top: before the lesson's own sections.
    assert page.index('class="lesson-facts"') < page.index(f">{shown['first_section']}</h2>")


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_a_lesson_leaflet_opens_with_the_same_facts(bundled_site, pdf_text, slug, lang):
    minutes, band = LESSONS[slug]
    low, high = band.split("-")
    shown = SHOWN[lang]
    first_page = squash(pdf_text(bundled_site / f"leaflets/{lang}/{slug}-a4.pdf",
                                 "-f", "1", "-l", "1"))
    facts = first_page.split(squash(shown["first_section"]), 1)[0]
    assert squash(f"{shown['duration']} {shown['minutes'].format(n=minutes)}") in facts
    assert squash(f"{shown['pupils']} {shown['ages'].format(low=low, high=high)}") in facts
    for objective in objectives(slug, lang):
        # Word by word: poppler may read a wrapped right-to-left line's first word last.
        assert [w for w in objective.split() if squash(w) not in facts] == []


def test_other_materials_show_no_lesson_facts(bundled_site, read):
    page = read(bundled_site, "en/materials/responding-to-disclosure/index.html")
    assert "lesson-facts" not in page


def test_invoke_new_writes_a_lesson_outline_that_passes_the_check_once_written(
        tmp_path, root, make_content, invoke):
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    content = make_content(tmp_path, "basic")
    run = invoke("new", "--type", "lesson", "--audience", "teachers", "--title",
                 "Asking for help online", "--clauses", "OP10, OP21", "--age", "8-10",
                 "--topics", "trusted-adults, reporting",
                 "--content", str(content))
    assert run.returncode == 0, run.stderr
    lesson = content / "materials/teachers/asking-for-help-online.en.md"
    text = lesson.read_text(encoding="utf-8")
    for line in ("Type: lesson", "Duration: 45", "Age: 8-10", "Status: draft"):
        assert f"\n{line}\n" in text
    for heading in ("Materials needed", "Activities", "Discussion prompts", "Checking learning",
                    "A note to send home to families", "If a child discloses something"):
        assert f"\n## {heading}\n" in text

    def problems() -> list[str]:
        settings = load_settings(root / "pelicanconf.py", PATH=str(content))
        return [str(p) for p in check_content(settings, root=tmp_path).sorted()]

    assert problems() == []  # a draft: the outline is valid as it stands
    # The teacher writes every TODO and publishes.
    written = text.replace("TODO: ", "").replace("Status: draft\n", "")
    lesson.write_text(written, encoding="utf-8")
    assert problems() == []
    # A translation starts with the shared keys and the Arabic headings the check asks for.
    run = invoke("translate", "asking-for-help-online", "--lang", "ar", "--content", str(content))
    assert run.returncode == 0, run.stderr
    arabic = lesson.with_name("asking-for-help-online.ar.md").read_text(encoding="utf-8")
    for line in ("Type: lesson", "Duration: 45", "Age: 8-10", "## المواد اللازمة",
                 "## إذا أفصح لك طفل عن شيء"):
        assert f"\n{line}\n" in arabic
    assert problems() == []


def test_a_lesson_without_a_duration_stops_the_build_and_keeps_the_site(
        tmp_path, make_content, build):
    from safeonline.core.problems import BuildFailed

    content = make_content(tmp_path, "basic")
    bad = ROOT / "tests/fixtures/bad/materials/lesson-no-duration.en.md"
    (content / "materials/teachers" / bad.name).write_bytes(bad.read_bytes())
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as it was", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(content, output)
    assert [str(p) for p in failed.value.problems.errors] == [
        ("content/materials/teachers/lesson-no-duration.en.md:4: error: a lesson needs "
         "'Duration' (add a line 'Duration: 45' to the header: the lesson's length in minutes)")]
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "the site as it was"
