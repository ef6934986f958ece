"""Models of the courses app, split by domain and re-exported here.

Pages (`pages`) are editorial content only; learner state lives in `learning`; the search index
lives in `search_index`.
"""

from .learning import CheckAnswer, Enrolment, LessonProgress
from .pages import (
    CatalogueIndexPage,
    CourseMaterial,
    CoursePage,
    CoursePageTag,
    LessonPage,
    TopicPage,
    TopicPageTag,
)
from .search_index import SearchEntry, SearchQueryLog, SearchToken

__all__ = [
    "CatalogueIndexPage",
    "CheckAnswer",
    "CourseMaterial",
    "CoursePage",
    "CoursePageTag",
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "SearchEntry",
    "SearchQueryLog",
    "SearchToken",
    "TopicPage",
    "TopicPageTag",
]
