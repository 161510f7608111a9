"""A synthetic but realistic content folder of N materials in English and Arabic.

The benchmark needs thousands of materials that look like what editors write:
every audience (children with an age band), a header that passes the content
contract, headings, bullet and numbered lists, tables, images, inline clause
references such as [[OP10]] and a "where to get help" section. Text is drawn
from small pools of calm, factual sentences with a seeded random generator, so
two runs with the same seed build byte-identical content and compare fairly.

Everything else a site needs (pages, resolution data, data files) is copied
from the project's own content folder, so the corpus follows the project as
it grows.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

TOPICS = [
    ("game-chats", "Game chats that move to private messages"),
    ("first-phone", "A first phone, set up together"),
    ("photo-requests", "When someone asks for a photo"),
    ("sextortion", "Threats to share an image"),
    ("disclosure", "When a child tells you something"),
    ("privacy-settings", "Privacy settings that matter"),
    ("reporting", "How to report harmful content"),
    ("online-friends", "Friends you have only met online"),
    ("live-streaming", "Live streaming and comments"),
    ("school-policy", "An online safety policy for a school"),
    ("safety-by-design", "Safety by design for online services"),
    ("victim-support", "Support that puts survivors first"),
]

# Each bench subject's `Topics:` (keys of TOPICS in pelicanconf.py).
BENCH_TOPICS = {
    "game-chats": "gaming, grooming", "first-phone": "privacy-settings, trusted-adults",
    "photo-requests": "image-sharing", "sextortion": "sextortion, image-sharing",
    "disclosure": "responding", "privacy-settings": "privacy-settings",
    "reporting": "reporting", "online-friends": "grooming", "live-streaming": "image-sharing",
    "school-policy": "school-policy", "safety-by-design": "the-law",
    "victim-support": "responding, the-law",
}

EN_SENTENCES = {
    "parents": [
        "Talk with your child about the apps and games they enjoy, and ask them to show you how they work.",
        "Most contact online is friendly, but some adults try to build trust with children in order to harm them.",
        "Agree together which settings to use, so your child understands why they matter.",
        "If your child tells you something worrying, stay calm and thank them for telling you.",
        "A child is never to blame for what an adult does to them online.",
        "Keep the conversation going as your child grows, and review settings every few months.",
        "Notice changes in mood, secrecy about a device or new gifts from people you do not know.",
        "Save evidence such as user names and messages before you block or report an account.",
        "Helplines and the police can advise you on the next steps, and you do not have to decide alone.",
        "Learning alongside your child is one of the best ways to keep them safe.",
    ],
    "teachers": [
        "Give pupils time to practise blocking and reporting in a safe classroom setting.",
        "Make sure every member of staff knows who the designated safeguarding lead is.",
        "When a pupil discloses abuse, listen, reassure them and record their own words.",
        "Do not promise to keep a secret; explain calmly who you will need to tell and why.",
        "Media literacy lessons help pupils recognise grooming tactics and manipulation.",
        "Invite parents to a short session on the tools their children use every day.",
        "Review the school's online safety policy each year with pupils, staff and parents.",
        "Children with disabilities may need adapted materials and extra time to ask questions.",
        "A clear, simple reporting route makes it more likely that pupils speak up early.",
        "Keep records secure and share them only with people who need to act on them.",
    ],
    "children": [
        "You can always tell a grown-up you trust.",
        "It is not your fault if something online makes you feel bad.",
        "You do not have to keep a secret that makes you sad.",
        "If someone asks for a photo, you can say no.",
        "You can block a person who is mean to you.",
        "Tell a grown-up if a new friend asks you to keep things quiet.",
        "Good friends do not ask you to hide things from your family.",
        "You will not get in trouble for telling.",
        "Take a break from the screen if you feel upset.",
        "There are people whose job is to help you.",
    ],
    "lawmakers": [
        "The resolution asks parliaments to criminalise all forms of online child sexual exploitation and abuse.",
        "Laws should place clear duties on online services to assess and reduce risks to children.",
        "Victims need access to justice, support services and remedies that respect their privacy.",
        "Parliaments can hold hearings to check how existing laws are applied in practice.",
        "Budgets for specialised police units and helplines are part of making laws effective.",
        "International cooperation lets investigators act quickly across borders.",
        "Children and survivors should be consulted when new legislation is drafted.",
        "Reporting duties for service providers should come with safeguards for privacy.",
        "Data on reports, investigations and convictions helps parliaments measure progress.",
        "Education for children, parents and teachers belongs in every national strategy.",
    ],
}

EN_HEADINGS = ["What happens", "Why it matters", "What you can do", "Step by step",
               "Signs to look for", "Talking about it", "Key points", "What the law says"]
EN_ITEMS = [
    "Keep profiles private.", "Turn off location sharing.", "Block and report the account.",
    "Save messages and user names.", "Tell someone you trust.", "Take a break from the app.",
    "Check who can message you.", "Agree rules together.", "Call a helpline for advice.",
    "Review settings after updates.",
]
EN_TABLE = [("Setting", "Why it matters"), ("Private profile", "Strangers cannot see photos"),
            ("Messages from contacts", "Fewer unwanted messages"),
            ("Location off", "Others cannot see where you are"),
            ("Reporting tools", "Harmful accounts can be removed")]
EN_HELP = ["Talk to someone you trust.", ("Contact a national child helpline: our "
           "[Get help](/en/help/) page lists them."),
           "If a child is in immediate danger, call your local emergency services."]

AR_SENTENCES = [
    "تحدّث مع طفلك عن الألعاب والتطبيقات التي يحبها، واطلب منه أن يريك كيف تعمل.",
    "معظم التواصل عبر الإنترنت ودّي، لكن بعض البالغين يحاولون كسب ثقة الأطفال لإيذائهم.",
    "اتفقوا معاً على الإعدادات التي ستستخدمونها، ليفهم الطفل سبب أهميتها.",
    "إذا أخبرك طفلك بشيء مقلق، فابقَ هادئاً واشكره على إخبارك.",
    "الطفل ليس مسؤولاً أبداً عمّا يفعله به شخص بالغ عبر الإنترنت.",
    "يمكنك دائماً أن تخبر شخصاً كبيراً تثق به.",
    "احفظ الأدلة مثل أسماء المستخدمين والرسائل قبل حظر الحساب أو الإبلاغ عنه.",
    "يدعو القرار البرلمانات إلى تجريم جميع أشكال الاستغلال والاعتداء الجنسي على الأطفال عبر الإنترنت.",
    "ينبغي أن تفرض القوانين على الخدمات الرقمية واجبات واضحة لتقييم المخاطر على الأطفال والحد منها.",
    "يساعد التثقيف الإعلامي الأطفال على التعرّف على أساليب الاستدراج والتلاعب.",
    "خطوط المساعدة والشرطة يمكنها أن تنصحك بالخطوات التالية، ولست مضطراً إلى القرار وحدك.",
    "راجعوا الإعدادات كل بضعة أشهر وبعد كل تحديث للتطبيقات.",
]
AR_HEADINGS = ["ماذا يحدث", "لماذا يهم ذلك", "ما الذي يمكنك فعله", "خطوة بخطوة",
               "علامات ينبغي الانتباه إليها", "الحديث عن الأمر", "نقاط أساسية", "ماذا يقول القانون"]
AR_ITEMS = ["اجعل الملف الشخصي خاصاً.", "أوقف مشاركة الموقع.", "احظر الحساب وأبلغ عنه.",
            "احفظ الرسائل وأسماء المستخدمين.", "أخبر شخصاً تثق به.", "خذ استراحة من التطبيق.",
            "تحقق ممن يمكنه مراسلتك.", "اتفقوا على قواعد معاً.", "اتصل بخط المساعدة."]
AR_TABLE = [("الإعداد", "لماذا يهم"), ("ملف شخصي خاص", "لا يرى الغرباء الصور"),
            ("الرسائل من جهات الاتصال فقط", "رسائل غير مرغوب فيها أقل"),
            ("إيقاف الموقع", "لا يعرف الآخرون مكانك")]
AR_HELP = ["تحدّث إلى شخص تثق به.", ("اتصل بخط مساعدة الأطفال الوطني: صفحة "
           "[احصل على المساعدة](/ar/help/) تذكرها."),
           "إذا كان طفل في خطر مباشر، فاتصل بخدمات الطوارئ المحلية."]
AR_TITLES = {
    "game-chats": "محادثات الألعاب التي تنتقل إلى الرسائل الخاصة",
    "first-phone": "الهاتف الأول، نُعدّه معاً",
    "photo-requests": "عندما يطلب شخص صورة",
    "sextortion": "التهديد بنشر صورة",
    "disclosure": "عندما يخبرك طفل بشيء",
    "privacy-settings": "إعدادات الخصوصية المهمة",
    "reporting": "كيف تبلغ عن محتوى ضار",
    "online-friends": "أصدقاء لم تلتقِ بهم إلا عبر الإنترنت",
    "live-streaming": "البث المباشر والتعليقات",
    "school-policy": "سياسة مدرسية للسلامة على الإنترنت",
    "safety-by-design": "السلامة في التصميم للخدمات الرقمية",
    "victim-support": "دعم يضع الناجين أولاً",
}


@dataclass(frozen=True)
class Corpus:
    content: Path
    materials: int  # materials, each in every language
    files: int  # Markdown files written for materials
    edit_target: Path  # the material `edit_one` changes


def _clause_ids(content: Path) -> list[str]:
    import tomllib

    data = tomllib.loads((content / "resolution" / "en.toml").read_text(encoding="utf-8"))
    return [c["id"] for c in data["clause"]]


def _images(folder: Path, rng: random.Random, colours: list[str], count: int) -> list[str]:
    """A few small diagrams (PNG) that materials embed, as real content does."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(count):
        image = Image.new("RGB", (640, 320), "white")
        draw = ImageDraw.Draw(image)
        colour = colours[i % len(colours)]
        for _ in range(6):
            x, y = rng.randrange(0, 560), rng.randrange(0, 240)
            draw.rounded_rectangle((x, y, x + 80, y + 80), radius=12, outline=colour, width=6)
        name = f"bench-diagram-{i:02d}.png"
        image.save(folder / name, optimize=False)
        names.append(name)
    return names


def _table(rows: list[tuple[str, str]]) -> str:
    head, *body = rows
    lines = [f"| {head[0]} | {head[1]} |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in body]
    return "\n".join(lines)


def _paragraph(rng: random.Random, pool: list[str], cite: list[str], size: int) -> str:
    sentences = [rng.choice(pool) for _ in range(size)]
    for cid in cite:
        at = rng.randrange(len(sentences))
        sentences[at] = sentences[at].rstrip(".") + f" [[{cid}]]."
    return " ".join(sentences)


def _body(rng: random.Random, lang: str, audience: str, clauses: list[str],
          image: str | None) -> str:
    en = lang == "en"
    pool = EN_SENTENCES[audience] if en else AR_SENTENCES
    headings = rng.sample(EN_HEADINGS if en else AR_HEADINGS, 4)
    items = EN_ITEMS if en else AR_ITEMS
    size = 3 if audience == "children" else 5
    parts = [_paragraph(rng, pool, clauses[:1], size)]
    for n, heading in enumerate(headings):
        parts.append(f"## {heading}")
        parts.append(_paragraph(rng, pool, clauses[1 + n:2 + n], size))
        if n == 0:
            parts.append("\n".join(f"- {item}" for item in rng.sample(items, 4)))
        elif n == 1:
            parts.append("\n".join(f"{i}. {item}" for i, item in
                                   enumerate(rng.sample(items, 5), 1)))
        elif n == 2 and audience != "children":
            parts.append(_table(EN_TABLE if en else AR_TABLE))
        if n == 2 and image:
            alt = "A diagram of safety settings" if en else "رسم يوضح إعدادات الأمان"
            parts.append(f"![{alt}]({{static}}/images/{image})")
        parts.append(_paragraph(rng, pool, [], size))
    parts.append("## Where to get help" if en else "## أين تجد المساعدة")
    parts.append("\n".join(f"- {line}" for line in (EN_HELP if en else AR_HELP)))
    return "\n\n".join(parts) + "\n"


def _write_material(folder: Path, i: int, rng: random.Random, settings: dict,
                    clause_ids: list[str], images: list[str]) -> list[Path]:
    audiences = list(settings["AUDIENCES"])
    audience = audiences[i % len(audiences)]
    key, title = TOPICS[i % len(TOPICS)]
    slug = f"{key}-{i:05d}"
    clauses = sorted(rng.sample(clause_ids, rng.randint(1, 4)),
                     key=lambda c: (c[:2] != "PP", int(c[2:])))
    age = rng.choice(settings["AGE_BANDS"]) if audience in settings["AGE_BAND_AUDIENCES"] else ""
    date = dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)
    image = images[i % len(images)] if images and i % 3 == 0 else None
    body_seed = rng.random()
    written = []
    for lang in settings["LANGUAGES"]:
        en = lang == "en"
        header = [
            f"Title: {title} ({i})" if en else f"Title: {AR_TITLES[key]} ({i})",
            f"Audience: {audience}",
            f"Topics: {BENCH_TOPICS[key]}",
            f"Clauses: {', '.join(clauses)}",
            *([f"Age: {age}"] if age else []),
            f"Lang: {lang}",
            f"Slug: {slug}",
            "Summary: " + ("A calm, practical note on what to notice, what to do and where "
                           "to find help." if en else
                           "ملاحظة هادئة وعملية عمّا ينبغي ملاحظته وما يمكن فعله وأين تجد "
                           "المساعدة."),
            f"Date: {date.isoformat()}",
        ]
        # Same seed per language: both translations get the same structure.
        body = _body(random.Random(body_seed), lang if lang == "en" else "ar", audience,
                     clauses, image)
        path = folder / audience / f"{slug}.{lang}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(header) + "\n\n" + body, encoding="utf-8")
        written.append(path)
    return written


def make_corpus(target: Path, materials: int, settings: dict, *, seed: int = 1,
                source: Path | None = None) -> Corpus:
    """Write `materials` materials (in every language) plus the site's own pages to `target`.

    `settings` are the project's (for audiences, languages, age bands and the
    folder names); `source` is the content folder whose non-material parts are
    copied (default: the project's).
    """
    source = source or Path(settings["PATH"])
    materials_dir = settings["ARTICLE_PATHS"][0]
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(materials_dir))
    rng = random.Random(seed)
    colours = [a["colour"] for a in settings["AUDIENCES"].values()]
    images = _images(target / "images", rng, colours, min(12, max(1, materials // 3)))
    clause_ids = _clause_ids(target)
    files: list[Path] = []
    for i in range(materials):
        files += _write_material(target / materials_dir, i, rng, settings, clause_ids, images)
    return Corpus(content=target, materials=materials, files=len(files), edit_target=files[0])


def edit_one(corpus: Corpus) -> Path:
    """An editor's typical change: one more sentence in one material's text."""
    path = corpus.edit_target
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nOne more practical tip: write the helpline number down "
                    "somewhere your child can find it.\n", encoding="utf-8")
    return path


def edit_title(corpus: Corpus) -> Path:
    """A change every list shows: one material's title (hubs, library, feeds, clause pages)."""
    path = corpus.edit_target
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"Title: {line[len('Title:'):].strip()}, revised\n" if line.startswith("Title:")
             else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")
    return path
