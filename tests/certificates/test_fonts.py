"""The CJK font: the converted cut is used when built, the full fonts catch what it lacks."""

import io

from pypdf import PdfReader

from certificates.fonts import FAMILY, UNICODE_RANGES, font_path
from certificates.rendering import font_face_css, render_pdf
from tests.certificates.conftest import pdf_text

SNAPSHOT = {
    "serial": "GL-2026-000001",
    "title": "数据",
    "issuer": "政务学堂",
    "issued_on": "2026-01-01",
}


def _font_names(data: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(data)).pages[0]
    return [str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]


def test_the_cut_covers_rare_name_characters_outside_gb2312():
    for character in "喆堃昇":
        assert any(low <= ord(character) <= high for low, high in UNICODE_RANGES)


def test_without_the_built_cut_the_stack_falls_back_to_the_installed_cjk_fonts(settings, tmp_path):
    settings.CERTIFICATE_FONT_DIR = tmp_path
    css = font_face_css()
    assert "@font-face" not in css and FAMILY not in css
    assert '"Noto Sans CJK SC"' in css and '"WenQuanYi Micro Hei"' in css


def test_a_character_outside_the_cut_still_renders_from_the_fallback_font():
    assert font_path().exists(), "run `make fonts` (manage.py build_cjk_font) first"
    rare = "\U0002003e"  # CJK Extension B, not in the cut
    data = render_pdf(
        design="completion",
        snapshot={**SNAPSHOT, "holder_name": f"王{rare}"},
        verification_url="http://testserver/v/",
    )
    names = " ".join(_font_names(data))
    assert "GovLearn-CJK-Sans" in names and "Noto" in names
    assert f"王{rare}" in pdf_text(data)
