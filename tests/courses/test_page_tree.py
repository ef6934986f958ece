"""The catalogue tree cannot be built wrong: catalogue -> topic -> course -> lesson."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CatalogueIndexPage, CoursePage, LessonPage, TopicPage
from home.models import HomePage


class PageTreeRules(WagtailPageTestCase):
    def test_catalogue_lives_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, CatalogueIndexPage)
        self.assertCanNotCreateAt(Page, CatalogueIndexPage)
        self.assertAllowedParentPageTypes(CatalogueIndexPage, {HomePage})

    def test_catalogue_holds_only_topics(self):
        self.assertAllowedSubpageTypes(CatalogueIndexPage, {TopicPage})

    def test_topic_holds_only_courses(self):
        self.assertAllowedParentPageTypes(TopicPage, {CatalogueIndexPage})
        self.assertAllowedSubpageTypes(TopicPage, {CoursePage})

    def test_course_holds_only_lessons(self):
        self.assertAllowedParentPageTypes(CoursePage, {TopicPage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertCanNotCreateAt(CatalogueIndexPage, CoursePage)

    def test_lesson_is_a_leaf_under_a_course(self):
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanNotCreateAt(TopicPage, LessonPage)

    def test_one_catalogue_per_home_page(self):
        self.assertEqual(CatalogueIndexPage.max_count_per_parent, 1)
