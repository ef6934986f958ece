import io
import subprocess
import tempfile
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_font_coverage(data: bytes) -> dict[int, bool]:
    """Code point -> whether an embedded TrueType font maps it to a glyph with an outline."""
    covered: dict[int, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                stream = descriptor.get("/FontFile2")
                if stream is None:
                    continue
                tt = TTFont(io.BytesIO(stream.get_object().get_data()))
                glyf = tt["glyf"]
                for code_point, name in (tt.getBestCmap() or {}).items():
                    glyph = glyf[name]
                    covered[code_point] = covered.get(code_point, False) or (
                        name != ".notdef"
                        and (glyph.numberOfContours != 0 or chr(code_point).isspace())
                    )
    return covered


def qr_codes_in_pdf(data: bytes) -> list[str]:
    """Every QR code on the first page, decoded from a 150 dpi raster (poppler + zxing-cpp)."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "c.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "150",
                "-png",
                "-singlefile",
                "-f",
                "1",
                str(pdf),
                str(Path(folder) / "p"),
            ],
            check=True,
        )
        image = Image.open(Path(folder) / "p.png")
        return [result.text for result in zxingcpp.read_barcodes(image)]
