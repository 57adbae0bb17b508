"""A learner at the keyboard: opens a SCO through the test LMS, pages through it and answers its questions.

Every answer is given through the player's own controls (clicks, typing, the ordering buttons). For each
one the driver also works out, independently of the player's code, what SCORM should receive: the
response in each version's format and whether it is right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Frame, Page

from builder.structure import Course, Question, QuestionType

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass
class Answered:
    interaction_id: str
    question: Question
    correct: bool
    response_12: str
    response_2004: str

    def response(self, version: str) -> str:
        return self.response_2004 if version == "2004" else self.response_12


def short_id(item_id: str) -> str:
    """A choice, pair or item id as SCORM 2004 responses carry it: Moodle's short identifiers allow no hyphen."""
    return item_id.replace("-", "_")


def _number(value: float) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".")


class Learner:
    def __init__(self, page: Page, course: Course, site_url: str, version: str) -> None:
        self.page = page
        self.course = course
        self.site_url = site_url
        self.version = version
        self.answered: list[Answered] = []

    # ----- launching -----

    def launch(self, sco_url: str, cmi: dict[str, Any] | None = None) -> None:
        query = f"scorm={self.version}&sco={quote(sco_url)}"
        if cmi:
            query += "&cmi=" + quote(json.dumps(cmi))
        self.page.goto(f"{self.site_url}/lms/launch.html?{query}")
        self.frame.locator("#view-title").wait_for()

    @property
    def frame(self) -> Frame:
        handle = self.page.wait_for_selector("#sco")
        frame = handle.content_frame() if handle else None
        assert frame is not None
        return frame

    def lms(self) -> dict[str, Any]:
        return self.page.evaluate("lms.data()")["cmi"]

    def lms_calls(self) -> list[str]:
        return self.page.evaluate("lms.calls")

    def lms_failures(self) -> list[dict[str, str]]:
        return self.page.evaluate("lms.failures")

    def sent(self, element: str) -> list[str]:
        """Every value the SCO set for that element, in order."""
        return [value for name, value in self.page.evaluate("lms.sets") if name == element]

    def close(self) -> None:
        """The LMS removes the SCO's frame, as when the learner closes the course."""
        self.page.evaluate("lms.close()")

    # ----- moving around -----

    def location(self) -> str:
        return self.frame.locator("body").get_attribute("data-location") or ""

    def title(self) -> str:
        return self.frame.locator("#view-title").inner_text()

    def click(self, action: str) -> None:
        self.frame.locator(f"[data-action='{action}']").first.click()

    def next_until_quiz(self) -> None:
        """Press Next until a quiz or the final assessment is showing."""
        while not self._at_quiz():
            self.click("next")

    def view_every_page(self) -> None:
        """Open the introduction and every content page from the menu, as a learner does before the final
        assessment, which stays locked until then (navigation.assessment)."""
        for loc in self.frame.eval_on_selector_all("#menu a[data-loc]", "links => links.map(a => a.dataset.loc)"):
            if loc == "i" or loc.startswith("p"):
                self.frame.evaluate("loc => document.querySelector(`#menu a[data-loc='${loc}']`).click()", loc)

    def _at_quiz(self) -> bool:
        loc = self.location()
        return loc == "a" or loc.startswith("q")

    # ----- answering -----

    def take_quiz(self, plan: list[bool] | bool) -> None:
        """Start the quiz shown and answer every question; `plan` says which to answer right."""
        if self.frame.locator("[data-action='start-quiz']").count():
            self.click("start-quiz")
        position = 0
        while self.frame.locator("form.question").count():
            right = plan if isinstance(plan, bool) else plan[position]
            self.answer(right)
            position += 1

    def answer(self, right: bool) -> Answered:
        """Answer the question on screen, right or wrong, and go on to the next screen."""
        frame = self.frame
        form = frame.locator("form.question")
        qid = form.get_attribute("data-question") or ""
        question = self._question(qid)
        prefix = "final-" if self.location() == "a" else ""
        answered = self._fill(question, right)
        answered.interaction_id = prefix + qid
        form.locator("[data-action='submit-answer']").click()
        immediate = frame.locator("#feedback").count() > 0
        if immediate:
            verdict = frame.locator("#feedback").get_attribute("data-result")
            assert verdict == ("correct" if right else "incorrect"), f"{qid}: the player says {verdict}"
            frame.locator("[data-action='next-question']").click()
        self.answered.append(answered)
        return answered

    def _question(self, qid: str) -> Question:
        return next(q for q in self.course.all_questions() if q.id == qid)

    def _fill(self, q: Question, right: bool) -> Answered:
        form = self.frame.locator("form.question")
        language = self.frame.locator("html").get_attribute("lang") or "en"
        match q.type:
            case QuestionType.SINGLE:
                index = next(i for i, c in enumerate(q.choices) if c.correct == right)
                form.locator(f"input[value='{DIGITS[index]}']").check()
                return self._answered(q, right, DIGITS[index], short_id(q.choices[index].id))
            case QuestionType.MULTIPLE:
                chosen = [i for i, c in enumerate(q.choices) if c.correct] if right else \
                    [next(i for i, c in enumerate(q.choices) if not c.correct)]
                for i in chosen:
                    form.locator(f"input[value='{DIGITS[i]}']").check()
                return self._answered(q, right, ",".join(DIGITS[i] for i in chosen),
                                      "[,]".join(short_id(q.choices[i].id) for i in chosen))
            case QuestionType.TRUE_FALSE:
                value = bool(q.true_false) if right else not q.true_false
                form.locator(f"input[value='{'t' if value else 'f'}']").check()
                return self._answered(q, right, "t" if value else "f", "true" if value else "false")
            case QuestionType.FILL_IN:
                assert q.fill_in
                text = q.fill_in.answers(language)[0].upper() if right else "no idea"
                form.locator("input[type='text']").fill(text)
                return self._answered(q, right, text, text)
            case QuestionType.NUMERIC:
                assert q.numeric_value is not None
                value = q.numeric_value + (q.numeric_tolerance if right else q.numeric_tolerance + 5)
                form.locator("input[type='text']").fill(_number(value).replace(".", ","))
                return self._answered(q, right, _number(value), _number(value))
            case QuestionType.MATCHING:
                targets = list(range(len(q.pairs)))
                if not right:
                    targets[0], targets[1] = targets[1], targets[0]
                for left, target in enumerate(targets):
                    form.locator(f"select[data-left='{DIGITS[left]}']").select_option(DIGITS[target])
                return self._answered(
                    q, right, ",".join(f"{DIGITS[i]}.{DIGITS[t]}" for i, t in enumerate(targets)),
                    "[,]".join(f"{short_id(q.pairs[i].id)}[.]{short_id(q.pairs[t].id)}" for i, t in enumerate(targets)))
            case QuestionType.ORDERING:
                if right:
                    self._sort_ordering()
                order = [DIGITS.index(c) for c in form.locator("ol.ordering").get_attribute("data-order") or ""]
                assert (order == sorted(order)) == right, "the player showed an ordering question already solved"
                return self._answered(q, right, ",".join(DIGITS[i] for i in order),
                                      "[,]".join(short_id(q.choices[i].id) for i in order))
        raise AssertionError(f"no driver for {q.type}")

    def _sort_ordering(self) -> None:
        """Put the items in order with the Move up buttons only, as a keyboard user would."""
        items = self.frame.locator("ol.ordering > li")
        for target in range(items.count()):
            while True:
                row = next(r for r in range(items.count())
                           if items.nth(r).get_attribute("data-item") == DIGITS[target])
                if row == target:
                    break
                items.nth(row).locator("[data-move='up']").click()

    def _answered(self, q: Question, right: bool, r12: str, r2004: str) -> Answered:
        return Answered("", q, right, r12, r2004)
