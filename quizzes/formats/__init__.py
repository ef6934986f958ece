"""Question file formats: GIFT, Moodle XML and the spreadsheet. Readers return QuestionData and
Problems and never touch the database; quizzes.services.imports matches and writes."""

from .base import FormatError, ParseResult, Problem, QuestionData, describe_problem

__all__ = ["FormatError", "ParseResult", "Problem", "QuestionData", "describe_problem"]
