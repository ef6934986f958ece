import pytest

from tests.factories.qanda import course_with_expert


@pytest.fixture
def course_and_expert(db):
    return course_with_expert(lessons=2)
