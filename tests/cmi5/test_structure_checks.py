"""A broken cmi5.xml is refused, with the requirement it breaks: the XSD's violations, and what CATAPULT's
importer checks beyond the XSD (IRIs, duplicate ids, objective references, launch URLs)."""

from __future__ import annotations

import pytest

from builder.cmi5 import checks, structure
from builder.runtime.files import Delivery, delivery_files
from builder.runtime.units import PackagingMode, launch_file

AU1 = "urn:coursebuild:phone-basics:1.2.0:en:lesson:greeting:au"
AU2 = "urn:coursebuild:phone-basics:1.2.0:en:lesson:closing:au"
BLOCK1 = "urn:coursebuild:phone-basics:1.2.0:en:lesson:greeting"
BLOCK2 = "urn:coursebuild:phone-basics:1.2.0:en:lesson:closing"
OBJECTIVE1 = "urn:coursebuild:phone-basics:1.2.0:en:objective:greet-name"
OBJECTIVE2 = "urn:coursebuild:phone-basics:1.2.0:en:objective:greet-offer"


@pytest.fixture(scope="module")
def good(example_course) -> tuple[str, dict]:
    mode = PackagingMode.PER_LESSON
    plan = structure.plan_structure(example_course, mode, ("en",), launch_file)
    return structure.structure_xml(plan).decode(), delivery_files(example_course, "en", Delivery("scorm2004", mode))


def problems(xml: str, files) -> list[checks.StructureProblem]:
    return checks.structure_problems(xml.encode(), files)


def broken(good, old: str, new: str, count: int = 1) -> list[checks.StructureProblem]:
    xml, files = good
    assert xml.count(old) >= count, old
    return problems(xml.replace(old, new, count), files)


def test_the_good_structure_passes(good):
    assert problems(*good) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('masteryScore="0.7"', 'masteryScore="1.5"', "masteryScore"),
    ('moveOn="Completed"', 'moveOn="Sometimes"', "moveOn"),
    ('launchMethod="AnyWindow"', 'launchMethod="Popup"', "launchMethod"),
    ("<url>sco-greeting.html</url>", "", "url"),
    ("<url>sco-greeting.html</url>", "<url></url>", "url"),
    ("<title>", "<name>", "name"),
    ('<langstring lang="en">Phone basics', '<langstring lang="en_GB">Phone basics', "lang"),
])
def test_schema_violations_are_refused(good, old, new, expected):
    found = broken(good, old, new)
    assert found and all(p.requirement == "13.2.0.0-1" for p in found)
    assert any(expected in p.message for p in found), found


def test_xml_that_is_not_well_formed_is_refused(good):
    [problem] = broken(good, "</courseStructure>", "")
    assert problem.requirement == "13.2.0.0-1" and "not well-formed" in problem.message


@pytest.mark.parametrize("where", [f'<au id="{AU1}"', f'<block id="{BLOCK1}"', f'<objective id="{OBJECTIVE1}"',
                                   '<course id="urn:coursebuild:phone-basics:1.2.0:en"'])
def test_an_id_that_is_an_iri_reference_is_refused(good, where):
    relative = where.split('"')[0] + '"lesson/greeting"'
    found = broken(good, where, relative)
    assert [p.requirement for p in found if "fully qualified" in p.message] == ["3.0.0.0-1"], found


@pytest.mark.parametrize(("old", "new", "requirement"), [
    (f'<au id="{AU2}"', f'<au id="{AU1}"', "13.1.4.0-1"),
    (f'<block id="{BLOCK2}"', f'<block id="{BLOCK1}"', "13.1.2.0-1"),
    (f'<objective id="{OBJECTIVE2}"', f'<objective id="{OBJECTIVE1}"', "13.1.3.0-1"),
    (f'<au id="{AU1}"', f'<au id="{BLOCK1}"', "13.1.4.0-1"),  # one id for a block and an AU
])
def test_a_duplicate_id_is_refused(good, old, new, requirement):
    found = broken(good, old, new)
    assert requirement in [p.requirement for p in found], found
    assert any("already the id of a" in p.message for p in found)


def test_a_reference_to_an_undeclared_objective_is_refused(good):
    found = broken(good, f'idref="{OBJECTIVE2}"', 'idref="urn:coursebuild:elsewhere"')
    assert found and {p.requirement for p in found} == {"13.1.4"}
    assert "names no objective" in found[0].message


def test_a_mastery_score_with_more_than_four_decimals_is_refused(good):
    [problem] = broken(good, 'masteryScore="0.7"', 'masteryScore="0.70001"')
    assert problem.requirement == "13.1.4" and "4 decimal places" in problem.message


@pytest.mark.parametrize(("url", "requirement"), [
    ("sco-missing.html", "14.1.0.0-3"),
    ("../sco-greeting.html", "14.1.0.0-3"),
    ("/sco-greeting.html", "14.1.0.0-3"),
    ("https://cdn.example.com/sco-greeting.html", "14.1.0.0-3"),
    ("sco-greeting.html?endpoint=https://lrs.example.com/", "8.1.0.0-6"),
    ("sco-greeting.html?x=1&amp;activityId=2", "8.1.0.0-6"),
    ("sco greeting.html", "13.1.4.0-2"),
    ("http://[::1/sco.html", "13.2.0.0-1"),  # xs:anyURI already refuses it
])
def test_a_bad_au_url_is_refused(good, url, requirement):
    found = broken(good, "<url>sco-greeting.html</url>", f"<url>{url}</url>")
    assert requirement in [p.requirement for p in found], found


def test_a_url_with_its_own_query_string_is_allowed_when_the_file_exists(good):
    assert broken(good, "<url>sco-greeting.html</url>", "<url>sco-greeting.html?lang=en&amp;x=1</url>") == []


def test_every_problem_is_reported_at_once(good):
    xml, files = good
    xml = xml.replace(f'<au id="{AU2}"', f'<au id="{AU1}"').replace("<url>sco-greeting.html</url>", "<url>gone.html</url>")
    assert {p.requirement for p in problems(xml, files)} == {"13.1.4.0-1", "14.1.0.0-3"}
    assert all(str(p).endswith(f"(cmi5 {p.requirement})") for p in problems(xml, files))
