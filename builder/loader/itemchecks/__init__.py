"""Item-writing checks: warnings about questions that a test-wise learner can answer without knowing.

Called once from builder/loader/checks.py with every question pool of the course: each lesson's practice
quiz and each lesson's final-assessment bank. Every warning names the file and line, has a code (see
codes.py and README's "Item-writing checks"), says how to fix it, and is silenced for one question by
`allow: {code: "reason"}` on that question.
"""

from __future__ import annotations

from builder.diagnostics import Report
from builder.loader.itemchecks.base import Pool, Warn
from builder.loader.itemchecks.pool import POOL_CODES, Printed, check_pool
from builder.loader.itemchecks.question import check_question, check_reuse
from builder.structure.order import static_orders

__all__ = ["Pool", "check_items"]


def check_items(pools: list[Pool], languages: tuple[str, ...], report: Report) -> None:
    printed: Printed = {}
    for pool in pools:
        printed.update(static_orders(pool.questions))
    for pool in pools:
        warn = Warn(report, pool.file)
        for question in pool.questions:
            check_question(question, languages, warn)
        check_pool(pool, languages, warn, printed)
    for practice, scope in ((True, "the course's lesson quizzes"), (False, "the course's final-assessment banks")):
        _check_course_wide([p for p in pools if p.practice is practice], scope, languages, report, printed)
    check_reuse(pools, languages, report)


def _check_course_wide(pools: list[Pool], scope: str, languages: tuple[str, ...], report: Report,
                       printed: Printed) -> None:
    """Small pools may each pass, yet together show a habit (the answer always written longest): the pool
    checks run again over all of them, reported when the questions counted come from more than one file."""
    files = {q.id: p.file for p in pools for q in p.questions}
    combined = Pool(pools[0].file if pools else "", tuple(q for p in pools for q in p.questions),
                    shown_as_written=False, practice=True, scope=scope)
    findings = Report()
    check_pool(combined, languages, Warn(findings, combined.file, files), printed)
    for diagnostic in findings.diagnostics:
        kind = POOL_CODES[diagnostic.code]
        if len({files[q.id] for q in combined.questions if q.type is kind}) > 1:
            report.diagnostics.append(diagnostic)


