"""Write synthetic courses of any size for the benchmarks.

Each lesson has 6 pages of about 400 words, 10 questions covering every question type,
an activity, facilitator notes and a job aid, in English and Traditional Chinese; the first 20
lessons, which the final assessment draws from, also have a bank of 3 questions.

    python benchmarks/synthetic.py /tmp/big-course 500
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

LANGUAGES = ("en", "zh-Hant")
EN_WORDS = ("queue", "agent", "caller", "service", "level", "team", "coach", "shift", "ticket", "escalation",
            "priority", "feedback", "schedule", "quality", "handling", "time", "goal", "follow-up")
ZH_CHARS = "客服督導團隊排班品質回饋目標時間情緒執行誠信教練來電處理服務水準升級追蹤"


def _en_text(seed: int, words: int) -> str:
    chosen = [EN_WORDS[(seed * 7 + i * 3) % len(EN_WORDS)] for i in range(words)]
    sentences = [" ".join(chosen[i:i + 12]).capitalize() + "." for i in range(0, words, 12)]
    return "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))


def _zh_text(seed: int, chars: int) -> str:
    body = "".join(ZH_CHARS[(seed * 5 + i * 7) % len(ZH_CHARS)] for i in range(chars))
    sentences = [body[i:i + 24] + "。" for i in range(0, chars, 24)]
    return "\n\n".join("".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6))


def _both(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh-Hant": zh}


def _questions(lesson: int) -> list[dict]:
    p = f"l{lesson}"
    objective = [f"{p}-obj-{i}" for i in range(1, 4)]

    def base(n: int, kind: str) -> dict:
        return {"id": f"{p}-q{n}", "type": kind, "objective": objective[n % 3],
                "prompt": _both(f"Question {n} of lesson {lesson}: which is right?", f"第{lesson}課第{n}題：哪個正確？"),
                "feedback": {"correct": _both("Right, because it fits.", "正確，因為它符合。"),
                             "incorrect": _both("Not quite; read the page again.", "不完全正確，請再讀一次。")}}

    def choices(n: int, correct: set[int]) -> list[dict]:
        return [{"id": f"c{i}", "text": _both(f"Option {i} for {n}", f"選項{i}之{n}"), "correct": i in correct}
                for i in range(4)]

    return [
        {**base(1, "single"), "choices": choices(1, {0})},
        {**base(2, "single"), "choices": choices(2, {2})},
        {**base(3, "multiple"), "choices": choices(3, {0, 1})},
        {**base(4, "multiple"), "choices": choices(4, {1, 3})},
        {**base(5, "true-false"), "answer": True},
        {**base(6, "fill-in"), "answers": {"en": ["queue", "line"], "zh-Hant": ["佇列"]}, "max_length": 20},
        {**base(7, "matching"), "pairs": [{"id": f"m{i}", "left": _both(f"Left {i}", f"左{i}"),
                                           "right": _both(f"Right {i}", f"右{i}")} for i in range(3)]},
        {**base(8, "ordering"), "items": [{"id": f"s{i}", "text": _both(f"Step {i}", f"步驟{i}")} for i in range(4)]},
        {**base(9, "numeric"), "value": 80, "tolerance": 1},
        {**base(10, "true-false"), "answer": False},
    ]


def _bank(lesson: int) -> list[dict]:
    """The final assessment's questions for a lesson: three of the quiz's forms, with ids and prompts of their own."""
    bank = []
    for question in _questions(lesson)[:5:2]:
        number = question["id"].rsplit("q", 1)[1]
        bank.append({**question, "id": f"l{lesson}-a{number}",
                     "prompt": _both(f"Final question {number} of lesson {lesson}: which applies?",
                                     f"第{lesson}課總結第{number}題：哪個適用？")})
    return bank


def _lesson(lesson: int) -> dict:
    p = f"l{lesson}"
    return {
        "id": f"lesson-{lesson}",
        "title": _both(f"Lesson {lesson}", f"第{lesson}課"),
        "goal": _both(f"Learners can apply idea {lesson}.", f"學員能應用第{lesson}個觀念。"),
        "duration": 60,
        "materials": [_both("Flip chart", "海報紙")],
        "objectives": [{"id": f"{p}-obj-{i}", "text": _both(f"Explain point {i}.", f"說明第{i}點。")} for i in range(1, 4)],
        "activities": [{"id": f"{p}-act", "kind": "group", "title": _both("Practice", "練習"), "minutes": 20,
                        "instructions": _both("1. Read the case.\n2. Discuss.", "1. 閱讀案例。\n2. 討論。"),
                        "debrief": [_both("What did you notice?", "你注意到什麼？")]}],
        "reflection": [_both("What will you try first?", "你會先嘗試什麼？")],
        "facilitator": [
            {"minutes": 20, "do": _both("Present the pages.", "講解頁面。"), "say": _both("Let's begin.", "我們開始。")},
            {"activity": f"{p}-act"},
            {"minutes": 20, "say": _both("Summarise.", "總結。")},
        ],
    }


def write_course(target: Path, lessons: int) -> None:
    """Write a valid synthetic course with `lessons` lessons into `target` (created if needed)."""
    target.mkdir(parents=True, exist_ok=True)
    folders = [f"{n:03d}-lesson" for n in range(1, lessons + 1)]
    course = {
        "format": 1, "id": f"synthetic-{lessons}", "version": "1.0.0", "languages": list(LANGUAGES),
        "title": _both(f"Synthetic course of {lessons} lessons", f"{lessons}課合成課程"),
        "description": _both("Generated for benchmarks.", "為效能測試產生。"),
        "organization": _both("Benchmarks", "效能測試"), "learning_time": lessons * 30,
        "completion": "both", "lessons": folders,
        "assessment": {"title": _both("Final check", "總結測驗"), "pass_mark": 80,
                       "draw": {f"lesson-{n}": 2 for n in range(1, min(lessons, 20) + 1)}},
    }
    _dump(target / "course.yaml", course)
    _dump(target / "glossary.yaml", {"terms": [
        {"id": f"term-{n}", "term": _both(f"Term {n}", f"術語{n}"), "definition": _both("A definition.", "一個定義。")}
        for n in range(1, 21)]})
    for lang, title in (("en", "Welcome"), ("zh-Hant", "歡迎")):
        (target / f"introduction.{lang}.md").write_text(f"# {title}\n\n{_en_text(0, 60)}\n", encoding="utf-8")
    for number, folder in enumerate(folders, start=1):
        lesson_dir = target / "lessons" / folder
        (lesson_dir / "pages").mkdir(parents=True, exist_ok=True)
        _dump(lesson_dir / "lesson.yaml", _lesson(number))
        _dump(lesson_dir / "quiz.yaml", {"settings": {"pass_mark": 70}, "questions": _questions(number)})
        if number <= 20:  # the lessons the final assessment draws from get their own bank
            _dump(lesson_dir / "assessment.yaml", {"questions": _bank(number)})
        for page in range(1, 7):
            seed = number * 10 + page
            (lesson_dir / "pages" / f"{page:02d}-page-{page}.en.md").write_text(
                f"# Page {page}\n\n{_en_text(seed, 400)}\n", encoding="utf-8")
            (lesson_dir / "pages" / f"{page:02d}-page-{page}.zh-Hant.md").write_text(
                f"# 第{page}頁\n\n{_zh_text(seed, 600)}\n", encoding="utf-8")
        (lesson_dir / "job-aid.en.md").write_text("# Job aid\n\n| Step | Do |\n|---|---|\n| 1 | Plan |\n",
                                                  encoding="utf-8")
        (lesson_dir / "job-aid.zh-Hant.md").write_text("# 工作輔助\n\n| 步驟 | 做法 |\n|---|---|\n| 1 | 規劃 |\n",
                                                       encoding="utf-8")


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    write_course(Path(sys.argv[1]), int(sys.argv[2]))
