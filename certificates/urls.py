from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("mine/", views.my_certificates, name="mine"),
    path("mine/<int:certificate_id>/pdf/", views.download_pdf, name="pdf"),
    path("mine/<int:certificate_id>/status/", views.pdf_status, name="pdf_status"),
    path("mine/<int:certificate_id>/credential/", views.download_credential, name="credential"),
    path("transcript/", views.transcript_request, name="transcript"),
    path("keys/jwks.json", views.jwks, name="jwks"),
    path("status/<int:list_number>/", views.status_list, name="status_list"),
]
