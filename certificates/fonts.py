"""The CJK font certificates are printed with, built once at install time.

Why: Debian's Noto CJK fonts have CFF outlines, and WeasyPrint's subsetter rewrites the whole CFF
glyph table for every PDF (about 10 s per certificate, see /work/shared/MEASURED.md). The same glyphs
with TrueType (glyf) outlines subset in a fraction of a second. `build_cjk_font` cuts Noto Sans CJK SC
to the characters certificates realistically use (ASCII, punctuation, the whole CJK Unified
Ideographs block — which includes name characters outside GB2312 such as 喆, 堃, 昇) and converts
the cut to quadratic outlines. Characters outside the cut still render: the CSS font stack falls
back to the full Noto CJK and WenQuanYi fonts.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

FAMILY = "GovLearn CJK Sans"
SOURCE_CANDIDATES = (
    # (path, index of the Simplified Chinese face in the collection)
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc", 2),
)
UNICODE_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (names in English, ·, ×)
    (0x2000, 0x206F),  # general punctuation (— “ ” …)
    (0x2100, 0x218F),  # letterlike symbols, number forms (№, Ⅰ)
    (0x2460, 0x24FF),  # enclosed numbers
    (0x25A0, 0x25FF),  # geometric shapes
    (0x3000, 0x303F),  # CJK punctuation (、。《》【】)
    (0x3400, 0x4DBF),  # CJK Extension A (rare name characters)
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms (，：（）)
)


def font_path() -> Path:
    """Where the converted font lives (var/fonts/, not in git: it is built, not source)."""
    return Path(getattr(settings, "CERTIFICATE_FONT_DIR", settings.BASE_DIR / "var" / "fonts")) / (
        "GovLearnCJKSans-Regular.ttf"
    )


def source_font() -> tuple[Path, int] | None:
    """The installed Noto Sans CJK collection and its Simplified Chinese index, if installed."""
    for path, index in SOURCE_CANDIDATES:
        if Path(path).exists():
            return Path(path), index
    return None


def _cff_to_glyf(font) -> None:
    """Replace the CFF table by TrueType quadratic outlines (after fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        # 1 unit of 1000 per em: invisible at print sizes, keeps the file small.
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    for table in ("VORG",):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width, _lsb = hmtx.metrics[name]
        hmtx.metrics[name] = (width, getattr(glyph, "xMin", 0) or 0)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and PDFs do not need them
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font) -> None:
    """Give the cut its own family name so it never shadows the installed full font."""
    name_table = font["name"]
    for record in list(name_table.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            name_table.removeNames(nameID=record.nameID)
    name_table.setName(FAMILY, 1, 3, 1, 0x409)
    name_table.setName("Regular", 2, 3, 1, 0x409)
    name_table.setName(f"{FAMILY} Regular", 3, 3, 1, 0x409)
    name_table.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    name_table.setName("GovLearnCJKSans-Regular", 6, 3, 1, 0x409)


def build_cjk_font(*, force: bool = False) -> Path | None:
    """Build the TrueType-outline CJK cut into var/fonts/ unless it is there already. Returns its
    path, or None when Noto Sans CJK is not installed (PDFs then use the fallback fonts)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target = font_path()
    if target.exists() and not force:
        return target
    source = source_font()
    if source is None:
        return None
    path, index = source
    font = TTFont(str(path), fontNumber=index, lazy=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.glyph_names = False
    unicodes = [cp for low, high in UNICODE_RANGES for cp in range(low, high + 1)]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    _cff_to_glyf(font)
    _rename(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    font.save(str(partial))
    partial.replace(target)  # atomic: a half-written font is never picked up
    return target
