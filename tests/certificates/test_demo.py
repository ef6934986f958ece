"""The demo seed issues certificates once: running seed_demo again changes nothing."""

import pytest
from django.core.management import call_command

from certificates.models import Certificate, CertificateRule, SerialCounter


@pytest.mark.django_db
def test_seeding_twice_changes_no_certificate(demo):
    before = list(Certificate.objects.values_list("serial", "code", "status").order_by("serial"))
    counters = list(SerialCounter.objects.values_list("year", "last"))
    assert CertificateRule.objects.count() == 1
    call_command("seed_demo", verbosity=0)
    after = list(Certificate.objects.values_list("serial", "code", "status").order_by("serial"))
    assert after == before
    assert list(SerialCounter.objects.values_list("year", "last")) == counters
