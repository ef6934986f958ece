"""The reusable rate limit (core.ratelimit): fixed windows per person and scope, a 429 page."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core.ratelimit import rate_limit_consume, rate_limited

pytestmark = pytest.mark.django_db


def test_rate_limit_counts_per_person_and_scope(rf, learner, other_user):
    request = rf.post("/x")
    request.user = learner
    results = [
        rate_limit_consume(request=request, scope="test.answer", limit=3, per_seconds=60)
        for _ in range(4)
    ]
    assert results == [True, True, True, False]
    other = rf.post("/x")
    other.user = other_user
    assert rate_limit_consume(request=other, scope="test.answer", limit=3, per_seconds=60)
    assert rate_limit_consume(request=request, scope="test.other", limit=3, per_seconds=60)


def test_rate_limited_view_answers_429_with_retry_after(learner):
    from django.contrib.auth.models import AnonymousUser

    @rate_limited("test.verify", limit=2, per_seconds=60)
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    responses = []
    for _ in range(3):
        request = factory.post("/verify", REMOTE_ADDR="10.5.5.5")
        request.user = AnonymousUser()
        request.session = {}
        responses.append(view(request))
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert 1 <= int(responses[-1]["Retry-After"]) <= 60
    assert 'role="alert"' in responses[-1].content.decode()
