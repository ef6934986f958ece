"""Signals the courses app sends to the apps above it (listeners: training.receivers credits the
course's hours; certificates.receivers issues the completion certificate).

course_completed
    Sent once, after the transaction that completed an enrolment has committed, when an enrolment
    becomes completed (courses.services.course_completion_record). Arguments:
    ``sender`` = courses.models.Enrolment, ``enrolment`` (the completed Enrolment), ``user``,
    ``course`` (the source-locale CoursePage). Receivers call their own app's services (issue a
    certificate, credit hours); they must not change the enrolment.
"""

from django.dispatch import Signal

course_completed = Signal()
