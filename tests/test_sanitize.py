"""Even HTML nobody checked never reaches a page: the sanitize plugin cleans every page."""

from __future__ import annotations

import pytest

UNSAFE = """Title: Unchecked HTML
Audience: parents
Topics: reporting
Clauses: OP10
Summary: Written with <em>raw</em> HTML <img src=x onerror="alert(1)" alt="x">.
Date: 2026-11-20

## Kept as written

A [normal link](https://www.example.org/help) and a table:

| Sign | What to do |
|:-----|-----------:|
| Gifts | Ask calmly |

![A blue square]({static}/images/blue.png)

<p onclick="steal()">Click <a href="javascript:alert(1)">here</a>.</p>
<script>document.cookie</script>
<iframe src="https://tracker.example.com/"></iframe>
<a href="  JaVaScRiPt:alert(2)">also here</a>
"""


@pytest.fixture(scope="session")
def unchecked_site(tmp_path_factory, root, make_content):
    """Pelican run directly, skipping `invoke check`, as a careless plugin or script might."""
    from pelican import Pelican
    from PIL import Image

    from safeonline.core.settings import load_settings

    tmp = tmp_path_factory.mktemp("unchecked")
    content = make_content(tmp, "basic")
    (content / "images").mkdir()
    Image.new("RGB", (8, 8), "blue").save(content / "images" / "blue.png")
    (content / "materials" / "parents" / "unsafe.en.md").write_text(UNSAFE, encoding="utf-8")
    settings = load_settings(root / "pelicanconf.py", PATH=str(content),
                             OUTPUT_PATH=str(tmp / "output"))
    Pelican(settings).run()
    return tmp / "output"


def test_scripts_handlers_frames_and_javascript_urls_are_gone(unchecked_site, read):
    html = read(unchecked_site, "en/materials/unsafe/index.html")
    body = html.split("<h2", 1)[1]
    for bad in ("onclick", "<script>document", "document.cookie", "<iframe", "tracker.example",
                "javascript:", "JaVaScRiPt", "onerror"):
        assert bad not in body, bad
    assert "Click <a>here</a>." in body
    assert "onerror" not in html and "javascript:" not in html.lower()


def test_ordinary_markdown_survives_cleaning(unchecked_site, read):
    html = read(unchecked_site, "en/materials/unsafe/index.html")
    assert '<h2 id="kept-as-written">Kept as written</h2>' in html
    assert '<a href="https://www.example.org/help">normal link</a>' in html
    # Column alignment survives as a class: the CSP forbids style attributes.
    assert '<th class="align-left">Sign</th>' in html and "style=" not in html
    assert '<img alt="A blue square" src="/images/blue.png">' in html
    assert (unchecked_site / "images" / "blue.png").is_file()
