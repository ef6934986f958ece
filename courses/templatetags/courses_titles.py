"""`{{ course|course_title:course_titles }}`: a course's title in the active language, read from
the map a view built once with courses.selectors.course_titles_in_active_language (no query per
row); the course's own title when the map has none."""

from django import template

register = template.Library()


@register.filter
def course_title(course, titles) -> str:
    if course is None:
        return ""
    return (titles or {}).get(course.pk, course.title)
