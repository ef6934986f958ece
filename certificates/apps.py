from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from trust.services import personal_data_register_anonymiser

        from . import receivers
        from .services import certificates_anonymise

        receivers.connect()
        # An anonymised person's certificates stop verifying as theirs and lose their name.
        personal_data_register_anonymiser(key="certificates", anonymiser=certificates_anonymise)
