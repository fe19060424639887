"""The Chinese catalog: every string translated, every placeholder kept, and what the pages show.

English is the source language of every message id; Chinese is the default
language of the site. A string added to a template or to the Python sources
without a Chinese translation fails ``test_every_message_has_a_chinese_translation``,
which names it: run ``make translations`` and translate the new entries in
``app/translations/zh/LC_MESSAGES/messages.po``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from app.advice.messages import MESSAGES as ADVICE

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
PO = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")

# The same options as `make translations` (Makefile).
EXTRACT = ["-F", str(TRANSLATIONS / "babel.cfg"), "-k", "_l", "-k", "N_", "-k", "lazy_gettext",
           "--no-location", "--sort-output"]

# %(name)s, %% (a literal percent sign in a format string) or a lone %: leftmost match wins, so %% is one token.
PERCENT = re.compile(r"%\((?P<name>\w+)\)s|(?P<escape>%%)|(?P<lone>%)")
CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
HALF_WIDTH_IN_CHINESE = re.compile(rf"{CJK}[,;:?!()]|[,;:?!(]{CJK}|{CJK}\.(?!\d)")


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def entries(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def forms(m: Message) -> list[tuple[str, str]]:
    """(source text, translation) for each form: one, or every plural form against the English plural."""
    if m.pluralizable:
        return [(m.id[1], text or "") for text in m.string]
    return [(m.id, m.string or "")]


def translation(po: Catalog, msgid: str) -> str:
    entry = po.get(msgid)
    assert entry is not None and entry.string, f"no translation of {msgid!r} in messages.po"
    return entry.string


def percents(text: str) -> tuple[Counter[str], int, int]:
    """(placeholder names with their counts, number of %% escapes, number of lone % signs)."""
    names: Counter[str] = Counter()
    escapes = lone = 0
    for m in PERCENT.finditer(text):
        if m["name"]:
            names[m["name"]] += 1
        elif m["escape"]:
            escapes += 1
        else:
            lone += 1
    return names, escapes, lone


def is_format(msgid: str) -> bool:
    """Whether the message is a %-format string (templates and advice always apply ``%`` to it)."""
    names, escapes, _ = percents(msgid)
    return bool(names or escapes)


def shown(text: str, msgid: str) -> str:
    """The text as a page shows it when the message has no parameters (``%%`` → ``%`` in format strings)."""
    return text % {} if is_format(msgid) and not percents(msgid)[0] else text


def normalise_space(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def po() -> Catalog:
    return read_catalog(PO)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The message ids in the sources now, extracted the way `make translations` does."""
    pot = tmp_path_factory.mktemp("extract") / "messages.pot"
    run = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", *EXTRACT, "-o", str(pot), "."],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    return read_catalog(pot)


# --- complete ---------------------------------------------------------------------------------------


def test_every_message_has_a_chinese_translation(po: Catalog, extracted: Catalog) -> None:
    assert len(entries(extracted)) > 100, "extraction found almost nothing: check babel.cfg"
    problems = []
    for source in entries(extracted):
        entry = po.get(source.id, source.context)
        if entry is None:
            problems.append(f"not in messages.po: {source.id!r}")
        elif not all(text for _, text in forms(entry)):
            problems.append(f"untranslated: {source.id!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {source.id!r}")
        elif any(text == english and re.search(r"[a-z]{2,}", english) for english, text in forms(entry)):
            problems.append(f"copied from English: {source.id!r}")
    assert not problems, "run `make translations`, then translate in messages.po:\n" + "\n".join(problems)


def test_no_entry_is_fuzzy(po: Catalog) -> None:
    assert [m.id for m in entries(po) if m.fuzzy] == []


# --- placeholders and percent signs -----------------------------------------------------------------


def test_translations_keep_every_placeholder_and_percent_sign(po: Catalog) -> None:
    problems = []
    for english, text in (form for m in entries(po) for form in forms(m)):
        if not text:
            continue
        source_names, source_escapes, source_lone = percents(english)
        names, escapes, lone = percents(text)
        if names != source_names:
            problems.append(f"placeholders {dict(names)} instead of {dict(source_names)}: {text!r}")
            continue
        if is_format(english):
            # Formatted with %: a literal percent sign must be written %%, never alone.
            if lone:
                problems.append(f"lone % in a format string (write %%): {text!r}")
            if escapes != source_escapes:
                problems.append(f"{escapes} literal % signs instead of {source_escapes}: {text!r}")
            else:
                params = dict.fromkeys(source_names, "X")
                try:
                    if (text % params).count("%") != (english % params).count("%"):
                        problems.append(f"percent signs do not survive formatting: {text!r}")
                except (ValueError, TypeError) as exc:
                    problems.append(f"cannot be formatted ({exc}): {text!r}")
        else:
            # Shown as is: %% would show two signs, %(…)s would show the code.
            if names or escapes:
                problems.append(f"% codes in a message that is never formatted: {text!r}")
            if lone != source_lone:
                problems.append(f"{lone} % signs instead of {source_lone}: {text!r}")
    assert not problems, "\n".join(problems)


def test_chinese_text_uses_full_width_punctuation(po: Catalog) -> None:
    bad = [text for m in entries(po) for _, text in forms(m) if HALF_WIDTH_IN_CHINESE.search(text)]
    assert bad == [], "use ，。：；？！（） next to Chinese text"


def test_the_compiled_catalog_is_the_current_one(po: Catalog) -> None:
    assert MO.exists(), f"{MO.relative_to(ROOT)} is missing: run `make install`"
    with MO.open("rb") as f:
        mo = read_mo(f)
    compiled = {m.id: m.string for m in mo if m.id}
    assert compiled == {m.id: m.string for m in entries(po)}, "messages.mo is not messages.po: run `make install`"


# --- what the pages show ----------------------------------------------------------------------------

HOME = "/"
CHECK = "/check?amount=10000&term=12&kind=daily&rate=0.05&fee=300"
# Elements whose own text is a whole UI message: navigation, headings, form labels, figures' names.
LABELS = ("nav.nav a", "title", "h1", "h2", "h3", "legend", "label", "button", ".hint", ".lede",
          ".headline-label", ".key-figures dt", "th", ".site-footer p", "option", ".severity-label", "summary")


def own_text(element) -> str:
    """The element's own text, without nested tags such as the 算清这笔账 beside a heading."""
    return normalise_space("".join(element.find_all(string=True, recursive=False)))


def page(client, url: str, lang: str | None) -> BeautifulSoup:
    if lang:
        url += ("&" if "?" in url else "?") + "lang=" + lang
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def label_pairs(po: Catalog, english: BeautifulSoup, chinese: BeautifulSoup) -> list[tuple[str, str, str]]:
    """(message id, text on the English page, text at the same place on the Chinese page) for every label."""
    by_english_text = {
        normalise_space(shown(m.id, m.id)): m.id for m in entries(po) if not m.pluralizable and not percents(m.id)[0]
    }
    pairs = []
    for selector in LABELS:
        en, zh = english.select(selector), chinese.select(selector)
        assert len(en) == len(zh), selector
        for e, z in zip(en, zh):
            msgid = by_english_text.get(own_text(e))
            if msgid is not None:
                pairs.append((msgid, own_text(e), own_text(z)))
    return pairs


@pytest.mark.parametrize("url", [HOME, CHECK])
def test_pages_show_the_catalog_in_chinese_and_the_source_in_english(client, po: Catalog, url: str) -> None:
    english, chinese = page(client, url, "en"), page(client, url, "zh")
    assert (english.html["lang"], chinese.html["lang"]) == ("en", "zh-CN")
    pairs = label_pairs(po, english, chinese)
    assert len(pairs) >= 10, pairs
    expected = {msgid: normalise_space(shown(translation(po, msgid), msgid)) for msgid, _, _ in pairs}
    assert [(msgid, text) for msgid, _, text in pairs] == [(msgid, expected[msgid]) for msgid, _, _ in pairs]
    nav_en = [own_text(a) for a in english.select("nav.nav a")]
    nav_zh = [own_text(a) for a in chinese.select("nav.nav a")]
    assert len(nav_en) >= 4
    assert nav_zh == [translation(po, label) for label in nav_en]
    assert not set(nav_en) & set(nav_zh), "the Chinese navigation still shows English"


def test_chinese_is_what_a_browser_without_a_preference_gets(app, po: Catalog) -> None:
    plain = page(app.test_client(), HOME, None)
    english = page(app.test_client(), HOME, "en")
    nav = [translation(po, own_text(a)) for a in english.select("nav.nav a")]
    assert [own_text(a) for a in plain.select("nav.nav a")] == nav
    assert plain.html["lang"] == "zh-CN"


def message_pattern(text: str) -> re.Pattern[str]:
    """A message with its %(name)s filled by anything: every literal part must be there, in order."""
    parts = re.split(r"%\(\w+\)s", text.replace("%%", "%"))
    return re.compile(".*?".join(re.escape(part) for part in parts))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_warnings_and_tips_read_in_the_page_language(client, po: Catalog, lang: str) -> None:
    html = page(client, CHECK, lang)
    shown_items = 0
    for item in html.select("li.advice-item[data-code]"):
        code = item["data-code"]
        # A code's message, or one of its variants ("dti_high.no_quote").
        msgids = [msgid for key, msgid in ADVICE.items() if key == code or key.startswith(code + ".")]
        if not msgids:
            continue
        message = item.select_one(".advice-message")
        for label in message.select(".severity-label"):
            label.decompose()
        text = normalise_space(message.get_text())
        expected = [translation(po, msgid) if lang == "zh" else msgid for msgid in msgids]
        assert any(message_pattern(e).fullmatch(text) for e in expected), (code, lang, text)
        shown_items += 1
    assert shown_items >= 4
