"""The immutable course model shared by every builder."""

from builder.structure.classroom import Break, Classroom, Material, Printable, PrintableKind, Sheet
from builder.structure.course import (
    Activity,
    AssessmentAccess,
    Asset,
    CompletionRule,
    Course,
    FacilitatorStep,
    GlossaryEntry,
    KnowledgeCheck,
    Lesson,
    LessonAccess,
    NavigationOptions,
    Objective,
    Page,
    Theme,
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
from builder.structure.source import NOWHERE, SourceLocation
from builder.structure.text import Text

__all__ = [
    "NOWHERE", "Activity", "AssessmentAccess", "Asset", "Choice", "CompletionRule", "Course", "FacilitatorStep",
    "FeedbackTiming", "FillInRule", "FinalAssessment", "GlossaryEntry", "Lesson", "LessonAccess", "MatchPair",
    "NavigationOptions", "Objective", "Page", "Question", "QuestionType", "Quiz", "QuizSettings", "SourceLocation",
    "Text",
]
__all__ += ["KnowledgeCheck", "Theme"]
__all__ += ["Break", "Classroom", "Material", "Printable", "PrintableKind", "Sheet"]
