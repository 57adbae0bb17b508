"""Two things authors saw (issue 17 §7): the results heading that said "Results: Quiz: <lesson>", and the
ordering question's move buttons, which did not line up from one item to the next."""

from __future__ import annotations

import pytest

from builder.runtime.units import launch_file
from tests.browser.conftest import Site
from tests.browser.scodriver import Learner

pytestmark = [pytest.mark.browser]


def open_course(page, site: Site, course, language: str) -> Learner:
    learner = Learner(page, course, site.url, "2004")
    learner.launch(f"{site.sco(course, language, '2004', 'single')}/{launch_file('course')}")
    return learner


@pytest.mark.parametrize(("language", "heading"), [("en", "Quiz results: {title}"), ("zh-Hant", "測驗結果：{title}")])
def test_a_lesson_quizs_results_name_the_lesson_once(page, site, example_course, language, heading) -> None:
    learner = open_course(page, site, example_course, language)
    learner.next_until_quiz()
    learner.take_quiz(True)
    title = example_course.lessons[0].title[language]
    assert learner.title() == heading.format(title=title)


def test_every_items_move_buttons_line_up(page, site, example_course) -> None:
    learner = open_course(page, site, example_course, "en")
    learner.next_until_quiz()
    learner.click("start-quiz")
    frame = learner.frame
    while not frame.locator("ol.ordering").count():
        learner.answer(True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        rows = frame.locator("ol.ordering > li")
        assert rows.count() >= 3
        ups, downs = [], []
        for index in range(rows.count()):
            row = rows.nth(index)
            up = row.locator("[data-move='up']").bounding_box()
            down = row.locator("[data-move='down']").bounding_box()
            text = row.locator(".item-text").bounding_box()
            assert up and down and text
            # In a row: both buttons the same size, side by side, level with each other and with the text.
            assert (up["width"], up["height"]) == (down["width"], down["height"])
            assert up["y"] == down["y"] and up["x"] < down["x"]
            assert abs((up["y"] + up["height"] / 2) - (text["y"] + text["height"] / 2)) <= 1
            ups.append(up["x"])
            downs.append(down["x"])
        # Down the list: every item's buttons in the same two columns, whatever the length of its text.
        assert len(set(ups)) == 1 and len(set(downs)) == 1, (width, ups, downs)
        assert frame.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
