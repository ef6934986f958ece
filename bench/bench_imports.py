"""Imports: how fast, and with how little memory, an XLSX zip bomb is refused.

Subject: the HR import's reader (people.import_sheet.read_table, which goes through
core.sheet_reader like every import) given a real XLSX bomb built at run time in a temp dir: a
valid workbook of about 1 MB whose shared-strings part inflates to 1 GB of one string (the part
openpyxl loads whole into memory, so an unguarded reader would need gigabytes). The subject must
refuse it with the "unpacks to more than N MB" problem, or the module fails.

Baseline, "small normal sheet": the same reader on an ordinary 200-person sheet written by
openpyxl, read all the way through. It is the cheapest honest import the reader does, so a ratio
below 1x says the bomb is refused for less than reading a small legitimate file costs.

Time is the median of repeats; peak memory is traced with tracemalloc (Python and zlib
allocations) in separate calls, so tracing does not distort the times. Both figures are printed as
ratios to the baseline beside their absolute values.
"""

from __future__ import annotations

import io
import itertools
import struct
import tempfile
import tracemalloc
import zlib
from pathlib import Path

from bench.harness import BenchmarkError, Context, Result

BOMB_INFLATED_BYTES = 1024 * 1024 * 1024  # 1 GiB once inflated
BASELINE_PEOPLE = 200

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="people" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>"
)
_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
)
_STRINGS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>'
)
_STRINGS_TAIL = b"</t></si></sst>"
_CHUNK = 1024 * 1024


class _ZipWriter:
    """A minimal zip writer that takes ready-made deflate data, so a 1 GB part is written from one
    1 MB chunk compressed once (Python's zipfile would have to deflate the whole gigabyte)."""

    def __init__(self, handle):
        self.handle = handle
        self.central: list[bytes] = []

    def add(self, name: str, deflated_parts, *, crc: int, size: int, deflated_size: int) -> None:
        """One deflated part, its data written piece by piece as `deflated_parts` yields it."""
        encoded = name.encode("ascii")
        offset = self.handle.tell()
        # version 2.0, no flags, deflate, 1980-01-01 00:00
        fields = (20, 0, 8, 0, 0x21, crc, deflated_size, size, len(encoded))
        self.handle.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded)
        for part in deflated_parts:
            self.handle.write(part)
        self.central.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset)
            + encoded
        )

    def add_bytes(self, name: str, data: bytes) -> None:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        deflated = compressor.compress(data) + compressor.flush()
        self.add(
            name, [deflated], crc=zlib.crc32(data), size=len(data), deflated_size=len(deflated)
        )

    def close(self) -> None:
        start = self.handle.tell()
        directory = b"".join(self.central)
        self.handle.write(directory)
        count = len(self.central)
        self.handle.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0)
        )


def write_xlsx_bomb(
    path: Path, *, inflated_bytes: int = BOMB_INFLATED_BYTES, declared_bytes: int | None = None
) -> Path:
    """Write a valid XLSX at `path` whose shared string is `inflated_bytes` of "A" (rounded down to
    whole megabytes), in about a thousandth of that on disk and with about 1 MB of memory.
    `declared_bytes` forges the size the zip directory declares (a bomb that lies about itself).

    After a full flush a deflate stream starts afresh, so one compressed megabyte of "A" can be
    repeated as often as needed; the CRC is still computed over every inflated byte."""
    chunk = b"A" * _CHUNK
    repeats = max(inflated_bytes // _CHUNK, 1)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(_STRINGS_HEAD) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(_STRINGS_TAIL) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(_STRINGS_HEAD)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(_STRINGS_TAIL, crc)
    size = len(_STRINGS_HEAD) + repeats * _CHUNK + len(_STRINGS_TAIL)
    with open(path, "wb") as handle:
        writer = _ZipWriter(handle)
        writer.add_bytes("[Content_Types].xml", _CONTENT_TYPES)
        writer.add_bytes("_rels/.rels", _ROOT_RELS)
        writer.add_bytes("xl/workbook.xml", _WORKBOOK)
        writer.add_bytes("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        writer.add_bytes("xl/worksheets/sheet1.xml", _SHEET)
        # The data goes straight to the file, one repeated block at a time.
        writer.add(
            "xl/sharedStrings.xml",
            itertools.chain([head], itertools.repeat(block, repeats), [tail]),
            crc=crc,
            size=size if declared_bytes is None else declared_bytes,
            deflated_size=len(head) + repeats * len(block) + len(tail),
        )
        writer.close()
    return path


def minimal_xlsx(sheet_xml: bytes, strings_xml: bytes | None = None) -> bytes:
    """A workbook of exactly the given worksheet XML (and shared strings), for files no spreadsheet
    program would write: forged row numbers or dimensions, cells far to the right."""
    buffer = io.BytesIO()
    writer = _ZipWriter(buffer)
    writer.add_bytes("[Content_Types].xml", _CONTENT_TYPES)
    writer.add_bytes("_rels/.rels", _ROOT_RELS)
    writer.add_bytes("xl/workbook.xml", _WORKBOOK)
    writer.add_bytes("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
    writer.add_bytes("xl/worksheets/sheet1.xml", sheet_xml)
    writer.add_bytes("xl/sharedStrings.xml", strings_xml or _STRINGS_HEAD + _STRINGS_TAIL)
    writer.close()
    return buffer.getvalue()


def normal_people_xlsx(people: int = BASELINE_PEOPLE) -> bytes:
    """An ordinary HR sheet as the platform writes its template: the header and `people` rows."""
    from core.spreadsheets import write_table
    from people.import_sheet import TEMPLATE_EXAMPLE, TEMPLATE_HEADERS

    rows = ([f"E{number:05d}", *TEMPLATE_EXAMPLE[1:]] for number in range(people))
    return write_table(TEMPLATE_HEADERS, rows, "xlsx", sheet_title="people")


def peak_bytes(fn) -> int:
    """The most memory fn held at once, as tracemalloc sees it (Python objects and zlib buffers)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(ctx: Context) -> list[Result]:
    from people.import_sheet import read_table

    repeat, warmup = (5, 1) if ctx.quick else (15, 3)
    with tempfile.TemporaryDirectory() as directory:
        path = write_xlsx_bomb(Path(directory) / "bomb.xlsx")
        bomb = path.read_bytes()
    normal = normal_people_xlsx()

    def refuse_bomb():
        return read_table(bomb, "bomb.xlsx")

    def read_normal():
        return read_table(normal, "people.xlsx")

    rows, problems = refuse_bomb()
    if rows or [p.code for p in problems] != ["xlsx_too_large_unpacked"]:
        raise BenchmarkError(f"The XLSX bomb was not refused as too large unpacked: {problems!r}")
    rows, problems = read_normal()
    if problems or len(rows) != BASELINE_PEOPLE + 1:
        raise BenchmarkError(f"The normal sheet did not read cleanly: {problems!r}")

    subject_peak, baseline_peak = peak_bytes(refuse_bomb), peak_bytes(read_normal)
    mb = 1024 * 1024
    return [
        Result(
            name="XLSX bomb refused (HR import reader)",
            subject_seconds=ctx.median_seconds(refuse_bomb, repeat=repeat, warmup=warmup),
            baseline_name=f"small normal sheet ({BASELINE_PEOPLE} people)",
            baseline_seconds=ctx.median_seconds(read_normal, repeat=repeat, warmup=warmup),
            extra={
                "bomb_file_mb": len(bomb) / mb,
                "bomb_inflated_mb": BOMB_INFLATED_BYTES // mb,
                "peak_mb": subject_peak / mb,
                "baseline_peak_mb": baseline_peak / mb,
                "peak_ratio": subject_peak / max(baseline_peak, 1),
            },
        )
    ]
