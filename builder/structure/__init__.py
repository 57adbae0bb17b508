"""The immutable course model shared by every builder."""

from builder.structure.classroom import Break, Classroom, Material, Printable, PrintableKind, Sheet
from builder.structure.course import (
    Activity,
    Asset,
    CompletionRule,
    Course,
    FacilitatorStep,
    GlossaryEntry,
    HandbookOptions,
    Lesson,
    Objective,
    PackagingMode,
    PackagingOptions,
    Page,
    Sequencing,
)
from builder.structure.quiz import (
    Choice,
    FeedbackTiming,
    FillInRule,
    FinalAssessment,
    MatchPair,
    Question,
    QuestionType,
    Quiz,
    QuizSettings,
)
from builder.structure.text import Text

__all__ = [
    "Activity", "Asset", "Choice", "CompletionRule", "Course", "FacilitatorStep", "FeedbackTiming", "FillInRule",
    "FinalAssessment", "GlossaryEntry", "HandbookOptions", "Lesson", "MatchPair", "Objective", "PackagingMode",
    "PackagingOptions", "Page", "Question", "QuestionType", "Quiz", "QuizSettings", "Sequencing", "Text",
]
__all__ += ["Break", "Classroom", "Material", "Printable", "PrintableKind", "Sheet"]
