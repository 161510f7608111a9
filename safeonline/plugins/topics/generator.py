"""One page per topic and language, and an index of topics per language.

A topic page lists the materials in its language that name the topic, by
audience in AUDIENCES' order, so a teacher looking for "grooming" sees the
parents' and children's materials too. A topic no material in a language uses
yet still gets its page there (saying so), so a link to it never breaks.
"""

from __future__ import annotations

from pelican.generators import Generator

from safeonline.plugins.site_pages.generator import lang_urls


def by_topic(materials: list, topics: dict) -> dict[str, list]:
    """topic -> its materials (in the order given), for every topic of TOPICS."""
    found: dict[str, list] = {topic: [] for topic in topics}
    for material in materials:
        for topic in getattr(material, "topics", []):
            if topic in found:
                found[topic].append(material)
    return found


def by_audience(materials: list, audiences: dict) -> list[tuple[str, list]]:
    return [(audience, [m for m in materials if m.audience == audience])
            for audience in audiences if any(m.audience == audience for m in materials)]


class TopicPagesGenerator(Generator):
    def generate_context(self) -> None:
        """Nothing to read: the materials are collected by site_pages."""

    def generate_output(self, writer) -> None:
        settings = self.settings
        topics = settings.get("TOPICS", {})
        by_lang = self.context.get("materials_by_lang", {})
        index_urls = lang_urls(settings, "topics/")
        for lang in settings["LANGUAGES"]:
            grouped = by_topic(by_lang.get(lang, []), topics)
            writer.write_file(f"{lang}/topics/index.html", self.get_template("topics"),
                              self.context, lang_code=lang, page_url=index_urls[lang],
                              alternates=index_urls, topic_counts=[
                                  (topic, len(grouped[topic])) for topic in topics])
            for topic in topics:
                urls = lang_urls(settings, f"topics/{topic}/")
                writer.write_file(f"{lang}/topics/{topic}/index.html",
                                  self.get_template("topic"), self.context, lang_code=lang,
                                  page_url=urls[lang], alternates=urls, topic=topic,
                                  topic_materials=grouped[topic],
                                  by_audience=by_audience(grouped[topic],
                                                          settings["AUDIENCES"]))
