"""The real PDF: Chinese names and titles with real glyphs, the QR code, the verification URL."""

import pytest

from certificates.qr import verification_url
from certificates.rendering import local_url_fetcher, render_pdf
from tests.certificates.conftest import pdf_font_coverage, pdf_text, qr_codes_in_pdf
from tests.factories.certificates import certificate
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued_pdf(run_tasks):
    with run_tasks():
        cert = certificate(holder=UserFactory(full_name="王喆堃"), title="政务数据共享与开放")
    cert.refresh_from_db()
    assert cert.pdf, "the render task stores the PDF"
    with cert.pdf.open("rb") as handle:
        return cert, handle.read()


def test_pdf_contains_chinese_holder_name_and_course_title(issued_pdf):
    cert, data = issued_pdf
    text = pdf_text(data)
    assert "王喆堃" in text
    assert "政务数据共享与开放" in text
    assert cert.serial in text


def test_every_character_printed_has_a_real_glyph_including_rare_name_characters(issued_pdf):
    _cert, data = issued_pdf
    coverage = pdf_font_coverage(data)
    used = {ch for ch in "王喆堃政务数据共享与开放" if not ch.isspace()}
    missing = [ch for ch in used if not coverage.get(ord(ch))]
    assert not missing, f"no glyph embedded for {missing}"


def test_qr_code_decodes_to_the_verification_url(issued_pdf):
    cert, data = issued_pdf
    url = verification_url(cert.code)
    assert url.startswith("http://testserver/certificates/verify/")
    assert qr_codes_in_pdf(data) == [url]
    # The printed address may wrap anywhere in the random code; text extraction then shows the
    # break as a newline or a space. The address itself has no whitespace.
    assert url in "".join(pdf_text(data).split())


@pytest.mark.parametrize(
    ("design", "expected"),
    [
        ("completion", "政务数据"),
        ("pass", "政务数据"),
        ("award", "一等奖"),
        ("transcript", "政务数据"),
    ],
)
def test_every_shipped_design_renders_the_snapshot(design, expected):
    snapshot = {
        "serial": "GL-2026-000009",
        "holder_name": "李堃",
        "title": "政务数据",
        "issuer": "政务学堂",
        "issued_on": "2026-05-01",
        "details": {
            "contest": "信息化竞赛",
            "award": "一等奖",
            "year": 2026,
            "rows": [
                {
                    "kind": "course",
                    "title": "政务数据",
                    "date": "2026-03-01",
                    "hours": "2.0",
                    "required": True,
                }
            ],
            "required_hours": "2.0",
            "elective_hours": "0",
            "total": "2.0",
            "requirement": "90",
            "met": False,
        },
    }
    data = render_pdf(design=design, snapshot=snapshot, verification_url="http://testserver/v/")
    text = pdf_text(data)
    assert "李堃" in text and expected in text


def test_renderer_refuses_to_fetch_over_http():
    fetcher = local_url_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("http://127.0.0.1:8000/static/css/site.css")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.com/logo.png")
