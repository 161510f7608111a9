"""An edition names its organisation once, in ORGANISATION; content refers to it by name."""

from __future__ import annotations


def test_a_placeholder_the_organisation_does_not_have_is_an_error(tmp_path, make_content, invoke):
    content = make_content(tmp_path, "basic")
    about = content / "pages" / "about.en.md"
    about.write_text(about.read_text() + "\nCall us on {organisation.phone}.\n")
    lines = about.read_text().splitlines()
    run = invoke("check", "--content", str(content))
    assert run.returncode == 1
    assert run.stdout.splitlines()[0] == (
        f"content/pages/about.en.md:{len(lines)}: error: unknown placeholder "
        "'{organisation.phone}' (use {organisation.name}, {organisation.email}, "
        "{organisation.url})")


def test_pages_name_the_organisation_from_the_settings(tmp_path, make_content, invoke):
    content = make_content(tmp_path, "basic")
    about = content / "pages" / "about.en.md"
    about.write_text(about.read_text() + "\nWritten by {organisation.name}; mail "
                     "{organisation.email} or visit {organisation.url}.\n")
    output = tmp_path / "output"
    run = invoke("build", "--content", str(content), "--output", str(output))
    assert run.returncode == 0, run.stderr
    html = (output / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert ('<p>Written by Safe Online Press; mail <a href="mailto:contact@example.org">'
            'contact@example.org</a> or visit <a href="https://safeonline.example.org/">'
            'https://safeonline.example.org/</a>.</p>') in html
