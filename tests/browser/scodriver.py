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
from builder.structure.scenario import Node, Scenario

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


@dataclass
class Decision:
    """A choice taken in a scenario, and what SCORM should receive for it (worked out from the model)."""

    interaction_id: str
    scenario: Scenario
    node: Node
    choice: int
    objective: str | None
    language: str

    def response(self, version: str) -> str:
        return short_id(self.node.choices[self.choice].id) if version == "2004" else DIGITS[self.choice]

    @property
    def most(self) -> int:
        return max(c.points for c in self.node.choices)

    def result(self, version: str) -> str:
        if not self.most:
            return "neutral"
        return "correct" if self.node.choices[self.choice].points == self.most else \
            ("incorrect" if version == "2004" else "wrong")

    def patterns(self, version: str) -> list[str]:
        best = [i for i, c in enumerate(self.node.choices) if self.most and c.points == self.most]
        return [short_id(self.node.choices[i].id) if version == "2004" else DIGITS[i] for i in best]

    @property
    def description(self) -> str:
        return self.node.text[self.language][:250]


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
        self.decisions: list[Decision] = []
        self.recorded: list[Answered | Decision] = []  # every interaction, in the order sent

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

    def next_until_quiz(self, scenarios: bool = True) -> None:
        """Press Next until a quiz or the final assessment is showing; a scenario on the way is played (on its
        model path, or on a poor path with `scenarios=False`) unless it was played already, then left."""
        while not self._at_quiz():
            if self.location().startswith("s"):
                if self.frame.locator("[data-action='start-scenario']").count() and not self._played():
                    self.play_scenario(scenarios)
                self.click("continue")
            else:
                self.click("next")

    def _played(self) -> bool:
        return any(d.scenario is self._scenario() for d in self.decisions)

    def view_every_page(self) -> None:
        """Open the introduction and every content page from the menu, as a learner does before the final
        assessment, which stays locked until then (navigation.assessment)."""
        for loc in self.frame.eval_on_selector_all("#menu a[data-loc]", "links => links.map(a => a.dataset.loc)"):
            if loc == "i" or loc.startswith("p"):
                self.frame.evaluate("loc => document.querySelector(`#menu a[data-loc='${loc}']`).click()", loc)

    def _at_quiz(self) -> bool:
        loc = self.location()
        return loc == "a" or loc.startswith("q")

    # ----- scenarios -----

    def _scenario(self) -> Scenario:
        li, si = (int(n) for n in self.location()[1:].split("."))
        lesson_id = self.frame.evaluate(
            "li => COURSEBUILD_COURSE.units[document.body.dataset.unit].lessons.map(n => COURSEBUILD_COURSE.lessons[n].id)[li]",
            li)
        lesson = next(lesson for lesson in self.course.lessons if lesson.id == lesson_id)
        return lesson.scenarios[si]

    def play_scenario(self, model: bool, steps: int | None = None) -> None:
        """Start (or try again) and take the model path's choices, or at each node the first of those earning the
        fewest points; stop after `steps` choices when given (a run left under way)."""
        frame = self.frame
        scenario = self._scenario()
        for action in ("start-scenario", "retry-scenario"):
            if frame.locator(f"[data-action='{action}']").count():
                frame.locator(f"[data-action='{action}']").click()
                break
        model_steps = {step.node: step.choice for step in scenario.facts.model_path}
        taken = 0
        while frame.locator("[data-action='choose']").count() and (steps is None or taken < steps):
            offered = frame.eval_on_selector_all("[data-action='choose']", "b => b.map(x => x.dataset.choice)")
            node = self._current_node(scenario)
            if model:
                choice_id = model_steps[node.id]
            else:
                choice_id = min((c for c in node.choices if c.id in offered), key=lambda c: c.points).id
            index = next(i for i, c in enumerate(node.choices) if c.id == choice_id)
            frame.locator(f"[data-action='choose'][data-choice='{choice_id}']").click()
            decision = Decision(f"{scenario.id}.{node.id}", scenario, node, index,
                                scenario.objectives[0] if scenario.assessed else None,
                                frame.locator("html").get_attribute("lang") or "en")
            self.decisions.append(decision)
            self.recorded.append(decision)
            taken += 1

    def _current_node(self, scenario: Scenario) -> Node:
        return scenario.node(self.frame.locator("#line").get_attribute("data-node") or "")

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
        self.recorded.append(answered)
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
