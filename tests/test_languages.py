"""Player and handbook words per language: complete files, one resolution rule, and a real ru + zh-Hans build.

The ru / zh-Hans course is the example course with its language keys renamed and its titles and pages
translated by hand (rough test data); the other YAML texts keep their English / Traditional wording.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from builder.builders.base import Builder, BuildOptions
from builder.builders.handbook.fonts import stack_for
from builder.builders.handbook.strings import STRINGS_DIR, Strings
from builder.diagnostics import Report
from builder.localization import STRINGS_ROOT, candidates, chinese_script, resolve_in
from builder.runtime.files import STRINGS, ui_strings
from builder.structure import Course
from tests.conftest import EXAMPLE_COURSE, ROOT

COURSEBUILD = ROOT / ".venv" / "bin" / "coursebuild"
SHIPPED = ("en", "zh-Hant", "zh-Hans", "ru")
PARTS = ("player", "handbook")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _words(part: str, language: str) -> dict[str, object]:
    return json.loads((STRINGS_ROOT / part / f"{language}.json").read_text(encoding="utf-8"))


# ----- the files ---------------------------------------------------------------------------------

def test_every_part_ships_the_four_languages() -> None:
    for part in PARTS:
        assert sorted(p.stem for p in (STRINGS_ROOT / part).glob("*.json")) == sorted(SHIPPED)


PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}  # CLDR's


def is_plural(text: object) -> bool:
    return isinstance(text, dict) and "count" in text and "other" in text


def test_a_count_chooses_the_languages_plural_form() -> None:
    english = Strings("en")
    assert english("printables.sets", count=1, each="1 per pair") == "1 set, 1 per pair"
    assert english("printables.sets", count=6, each="1 per pair") == "6 sets, 1 per pair"
    assert english("printables.copies", count=1, each="x") == "1 copy, x"
    assert english("total_time.value", minutes=1) == "1 minute"
    assert english("total_time.value", minutes=45) == "45 minutes"
    assert english("assessment_key.draw", count=1, total=4) == "1 of these 4 questions is drawn at each attempt."
    assert Strings("ru")("total_time.value", minutes=1) == "1 мин"
    for language in SHIPPED:  # every language's English-free wording still formats for one and for many
        for key in ("printables.sets", "printables.copies", "total_time.value", "assessment_key.draw"):
            for n in (1, 2, 5, 21):
                assert str(n) in Strings(language)(key, count=n, minutes=n, total=30, each="")


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("language", SHIPPED[1:])
def test_a_strings_file_has_exactly_the_keys_and_placeholders_of_english(part: str, language: str) -> None:
    english, words = _words(part, "en"), _words(part, language)
    assert list(words) == list(english), f"{part}/{language}.json: keys differ from en.json or are in another order"
    for key, text in english.items():
        if is_plural(text) or is_plural(words[key]):
            # A text with plural forms (strings.py): each form keeps English's placeholders; a language may
            # give one string instead (no plural forms, or worded around them).
            wanted = set(PLACEHOLDER.findall(text["other"] if is_plural(text) else text))
            forms = words[key]
            for form in (forms[c] for c in forms if c != "count") if is_plural(forms) else [forms]:
                assert set(PLACEHOLDER.findall(form)) == wanted, f"{part}/{language}.json '{key}': {form}"
            if is_plural(forms):
                assert "other" in forms and forms["count"] in wanted, f"{part}/{language}.json '{key}'"
                assert set(forms) - {"count"} <= PLURAL_CATEGORIES, f"{part}/{language}.json '{key}'"
            continue
        if isinstance(text, str):
            assert isinstance(words[key], str) and words[key].strip(), f"{part}/{language}.json: '{key}' is empty"
            # Dates may use the month's name or number; every other text keeps English's placeholders exactly.
            wanted = set(PLACEHOLDER.findall(text))
            got = set(PLACEHOLDER.findall(words[key]))
            if key == "date":
                assert {"day", "year"} <= got <= {"day", "month", "month_number", "year"}
            else:
                assert got == wanted, f"{part}/{language}.json '{key}': placeholders {got}, English has {wanted}"
        elif isinstance(text, list):
            assert len(words[key]) == len(text)
        else:
            assert set(words[key]) == set(text)
        if language != "en" and isinstance(text, str) and PLACEHOLDER.sub("", text).strip(" .,→:%") \
                and key not in ("order_sep", "match_sep"):
            assert words[key] != text, f"{part}/{language}.json '{key}' is still the English text"


def test_handbook_names_every_shipped_language_in_every_language() -> None:
    for language in SHIPPED:
        assert set(_words("handbook", language)["languages"]) == set(SHIPPED)


# ----- resolution --------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "served_by"), [
    ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-MO", "zh-Hant"), ("zh-Hant-TW", "zh-Hant"),
    ("zh-CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("zh", "zh-Hans"), ("zh-Hans-HK", "zh-Hans"),
    ("ru-RU", "ru"), ("ru", "ru"), ("en-GB", "en"), ("pt-BR", "en"), ("fr", "en"), ("zh-Latn", "en"),
])
def test_language_resolution(language: str, served_by: str) -> None:
    for part in PARTS:
        resolution = resolve_in(STRINGS_ROOT / part, language)
        assert resolution.strings == served_by
        assert resolution.untranslated == (language in ("pt-BR", "fr", "zh-Latn"))


def test_candidates_go_from_the_tag_to_english() -> None:
    assert candidates("zh-Hant-TW") == ["zh-Hant-TW", "zh-Hant", "zh", "en"]
    assert candidates("zh-TW") == ["zh-TW", "zh-Hant", "zh", "en"]
    assert candidates("pt-BR") == ["pt-BR", "pt", "en"]
    assert chinese_script("ja") is None


def test_player_and_handbook_serve_the_resolved_words() -> None:
    assert ui_strings("zh-TW") == ui_strings("zh-Hant") != ui_strings("zh-CN") == ui_strings("zh-Hans")
    assert ui_strings("ru-RU")["next"] == "Далее"
    assert ui_strings("pt-BR") == ui_strings("en")
    assert Strings("zh-HK")("contents") == "目錄" and Strings("zh-SG")("contents") == "目录"
    assert Strings("ru-RU")("page_of", page=3, pages=9) == "Страница 3 из 9"
    assert Strings("ru-RU").language_name("ru-RU") == "Русский"


def test_only_unserved_languages_are_warned_about(example_course: Course) -> None:
    report = Report()
    builder = Builder(example_course, BuildOptions(languages=("zh-TW", "zh-CN", "ru-RU", "pt-BR")), report)
    builder.warn_untranslated("player", STRINGS)
    builder.warn_untranslated("handbook", STRINGS_DIR)
    assert [w.message.split("'")[1] for w in report.warnings] == ["pt-BR", "pt-BR"]
    assert all(w.code == "untranslated-ui" for w in report.warnings)
    hints = sorted(w.hint for w in report.warnings)
    assert "builder/strings/handbook/pt-BR.json (or pt.json" in hints[0]
    assert "builder/strings/player/pt-BR.json (or pt.json" in hints[1]


@pytest.mark.parametrize(("language", "faces"), [
    ("zh-Hans", "SC"), ("zh-CN", "SC"), ("zh-SG", "SC"), ("zh", "SC"),
    ("zh-Hant", "TC"), ("zh-TW", "TC"), ("zh-HK", "TC"), ("zh-MO", "TC"), ("ja", "JP"),
])
def test_cjk_languages_get_their_regional_faces(language: str, faces: str) -> None:
    stack = stack_for(language)
    assert f"Noto Sans CJK {faces}" in stack.sans and f"Noto Serif CJK {faces}" in stack.serif


def test_russian_gets_noto_sans_and_serif_without_cjk() -> None:
    stack = stack_for("ru")
    assert stack.sans[0] == "Noto Sans" and stack.serif[0] == "Noto Serif"
    assert not any("CJK" in family for family in stack.families)


# ----- a ru + zh-Hans course, built -----------------------------------------------------------------

RUSSIAN = {  # example course text → its rough Russian
    "Phone basics": "Основы телефонного общения", "Opening the call": "Начало разговора",
    "Closing the call": "Завершение разговора", "Final check": "Итоговая проверка",
    "Example Contact Centre": "Учебный контакт-центр", "Greeting relay": "Эстафета приветствий",
}
SIMPLIFIED = {  # example course text → its Simplified Chinese
    "電話應對基本功": "电话沟通基础", "開場": "开场", "結束通話": "结束通话", "總結測驗": "结业测验",
    "範例客服中心": "示例客服中心", "開場接力": "开场接力",
}
PAGES = {  # page file stem → (Russian, Simplified Chinese) Markdown
    "introduction": ("# Добро пожаловать\n\nУ каждого звонка есть первые и последние десять секунд.\n",
                     "# 欢迎\n\n每通电话都有开头和结尾的十秒钟。本课程告诉您这两段时间该说什么。\n"),
    "lessons/01-greeting/pages/01-first-words": (
        "# Первые десять секунд\n\nНазовите компанию, своё имя и предложите помощь.\n\n"
        "![Гарнитура на столе](assets/headset.svg)\n",
        "# 最初的十秒\n\n请说出公司名称、您的名字，并主动提供帮助。\n\n![桌上的耳机](assets/headset.svg)\n"),
    "lessons/01-greeting/pages/02-stressed-callers": (
        "# Взволнованные клиенты\n\n| Клиент | Начните с |\n| --- | --- |\n| Сердится | Извинения за ожидание |\n",
        "# 情绪紧张的来电者\n\n| 来电者 | 开场方式 |\n| --- | --- |\n| 生气 | 为久等致歉 |\n"),
    "lessons/01-greeting/job-aid": ("# Памятка\n\n1. Компания\n2. Ваше имя\n3. Помощь\n",
                                    "# 开场检查单\n\n1. 公司\n2. 您的名字\n3. 提供帮助\n"),
    "lessons/02-closing/pages/01-close": ("# Последние десять секунд\n\nПовторите следующий шаг и поблагодарите.\n",
                                          "# 最后的十秒\n\n重述下一步，并称呼对方致谢。\n"),
    "lessons/02-closing/job-aid": ("# Завершение\n\nИтог, вопросы, благодарность.\n", "# 结束检查单\n\n总结、确认、致谢。\n"),
}


def make_ru_zh_hans_course(target: Path) -> Path:
    """The example course in [ru, zh-Hans]; texts not translated here keep their English or Traditional words."""
    shutil.copytree(EXAMPLE_COURSE, target)
    for path in target.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("languages: [en, zh-Hant]", "languages: [ru, zh-Hans]")
        for key, translations in (("en", RUSSIAN), ("zh-Hant", SIMPLIFIED)):
            for source, translated in translations.items():
                text = re.sub(rf"(?<=\b{key}: ){re.escape(source)}(?=\s*[,}}\n])", translated, text)
        path.write_text(re.sub(r"\ben:", "ru:", text).replace("zh-Hant:", "zh-Hans:"), encoding="utf-8")
    for stem, (russian, simplified) in PAGES.items():
        (target / f"{stem}.en.md").unlink()
        (target / f"{stem}.zh-Hant.md").unlink()
        (target / f"{stem}.ru.md").write_text(russian, encoding="utf-8")
        (target / f"{stem}.zh-Hans.md").write_text(simplified, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path]:
    root = tmp_path_factory.mktemp("ru-zh-hans")
    course = make_ru_zh_hans_course(root / "course")
    out = root / "out"
    result = subprocess.run([str(COURSEBUILD), "build", str(course), "-o", str(out), "-f", "scorm12", "-f", "handbook",
                             "--json"], capture_output=True, text=True, check=False, timeout=300)
    summary = json.loads(result.stdout)
    assert result.returncode == 0 and summary["ok"], result.stderr
    return summary, out


def _output(summary: dict[str, object], fmt: str, language: str, ending: str = "") -> Path:
    paths = [Path(o["path"]) for o in summary["outputs"]  # type: ignore[union-attr]
             if o["format"] == fmt and o["language"] == language and o["path"].endswith(ending)]
    assert len(paths) == 1, paths
    return paths[0]


@pytest.mark.slow
def test_the_course_builds_without_a_warning_about_words(built: tuple[dict[str, object], Path]) -> None:
    summary, _ = built
    assert not summary["errors"]
    assert [w for w in summary["warnings"] if w["code"] == "untranslated-ui"] == []  # type: ignore[union-attr]


@pytest.mark.slow
@pytest.mark.parametrize(("language", "words"), [
    ("ru", ("Перейти к содержанию", "Далее", "Проходной балл: {passMark}%")),
    ("zh-Hans", ("跳到主要内容", "下一页", "及格线：{passMark}%")),
])
def test_the_player_carries_the_language_words(built: tuple[dict[str, object], Path], language: str,
                                               words: tuple[str, ...]) -> None:
    with zipfile.ZipFile(_output(built[0], "scorm12", language)) as package:
        data = package.read("data/strings.js").decode()
        launch = package.read("index.html").decode()
    prefix = "window.COURSEBUILD_STRINGS = "
    assert data.startswith(prefix)
    strings = json.loads(data[len(prefix):].rstrip().rstrip(";"))
    assert strings == ui_strings(language)
    assert strings["skipToContent"] == words[0] and strings["next"] == words[1] and strings["passMark"] == words[2]
    assert f'lang="{language}"' in launch and words[0] in launch


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _pdf_fonts(pdf: Path) -> list[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # Subset prefix off, hyphens out: WeasyPrint names the faces "Noto-Serif-CJK-SC-Bold" and the like.
    return [line.split()[0].split("+", 1)[-1].replace("-", "") for line in listing.splitlines()[2:]]


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_russian_handbooks(built: tuple[dict[str, object], Path], edition: str) -> None:
    pdf = _output(built[0], "handbook", "ru", f"-{edition}.pdf")
    text = _pdf_text(pdf)
    assert re.search(r"Страница \d+ из \d+", text)
    heading = "Рабочая тетрадь участника" if edition == "participant" else "Руководство ведущего"
    assert heading in text and "Основы телефонного общения" in text and "Урок 1" in text and "Содержание" in text
    assert "1 ноября 2026 г." in text  # course.yaml's date: 2026-11-01, month in the genitive
    assert "Page " not in text and "Lesson " not in text
    fonts = _pdf_fonts(pdf)
    assert {"NotoSerif", "NotoSans"} <= set(fonts), fonts
    assert not any("CJK" in f for f in fonts), fonts


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_simplified_chinese_handbooks(built: tuple[dict[str, object], Path], edition: str) -> None:
    pdf = _output(built[0], "handbook", "zh-Hans", f"-{edition}.pdf")
    text = _pdf_text(pdf)
    assert re.search(r"第 \d+ 页，共 \d+ 页", text)
    heading = "学员手册" if edition == "participant" else "讲师手册"
    assert heading in text and "电话沟通基础" in text and "第 1 课" in text and "目录" in text
    assert "2026年11月1日" in text
    fonts = _pdf_fonts(pdf)
    assert {"NotoSansCJKSC", "NotoSerifCJKSC"} <= set(fonts), fonts
    assert all(f.startswith(("NotoSansCJKSC", "NotoSerifCJKSC")) for f in fonts if "CJK" in f), fonts
