"""Certificates: one PDF against bare WeasyPrint, and N certificates through the task worker.

Render. Subject: certificates.rendering.render_pdf() for a Chinese course-completion certificate
— template rendering, the QR code, our stylesheets from disk, the local-only URL fetcher, the
converted TrueType CJK font and the per-process FontConfiguration. Baseline, "bare WeasyPrint":
weasyprint.HTML(string=<the same final HTML>).write_pdf() with the same final CSS text, with its own
reused FontConfiguration, in the same run. The ratio is what our pipeline adds to WeasyPrint
itself. An extra row renders the same HTML with the full Noto Sans CJK (CFF outlines) in place of
the converted cut: what `make fonts` saves (MEASURED.md: ~20x).

Throughput. N certificates (500; 50 with --quick) for N learners who completed a demo course:
each issued through certificates.services (which queues the render task on commit), then every
queued task is run by the real worker code (`db_worker --batch`, in this process, because the
bench database may be an in-memory SQLite the subprocess could not see). Reported: seconds per
certificate against the bare render above, certificates per second, failures (the benchmark fails
unless 0 and every certificate has its PDF) and the worker's resident memory growth from after
the first tenth (warm caches, fonts loaded) to the end.
"""

from __future__ import annotations

import statistics
import time
import uuid
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from bench.harness import BenchmarkError, Context, Result

SNAPSHOT = {
    "serial": "GL-2026-000123",
    "holder_name": "张喆堃",
    "kind": "course_completion",
    "title": "政务数据共享与开放",
    "credit_hours": "12.0",
    "issuer": "政务学堂",
    "issued_on": "2026-06-30",
    "expires_on": None,
    "language": "zh-hans",
}
URL = "https://govlearn.example.gov.cn/certificates/verify/Xq3v9mK2bT7wR1pL8nZ4cY6hJ0sD5fGa/"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _embedded_fonts(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]


def _final_html_and_css(design: str) -> tuple[str, str]:
    from certificates.rendering import certificate_html, font_face_css, stylesheet_paths

    html = certificate_html(design=design, snapshot=SNAPSHOT, verification_url=URL)
    css = font_face_css() + "".join(p.read_text() for p in stylesheet_paths(design))
    return html, css


def _bare_renderer(html: str, css: str):
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()

    def render() -> bytes:
        return HTML(string=html).write_pdf(
            stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts
        )

    return render


def _render_rows(ctx: Context) -> tuple[list[Result], float]:
    from certificates.fonts import FAMILY, font_path
    from certificates.rendering import render_pdf

    if not font_path().exists():
        raise BenchmarkError("The CJK font is not built: run `make fonts` first.")
    html, css = _final_html_and_css("completion")

    def subject() -> bytes:
        return render_pdf(design="completion", snapshot=SNAPSHOT, verification_url=URL)

    pdf = subject()
    if FAMILY.replace(" ", "-") not in " ".join(_embedded_fonts(pdf)):
        raise BenchmarkError("The certificate PDF does not embed the converted CJK font.")
    bare = _bare_renderer(html, css)
    repeat = 5 if ctx.quick else 15
    # In alternation, so that load from elsewhere on a shared machine falls on both sides alike.
    subject_samples, bare_samples = ctx.paired_samples(subject, bare, repeat=repeat, warmup=2)
    subject_s, bare_s = statistics.median(subject_samples), statistics.median(bare_samples)
    rows = [
        Result(
            name="certificate PDF (render_pdf)",
            subject_seconds=subject_s,
            baseline_name="bare WeasyPrint, same HTML/CSS",
            baseline_seconds=bare_s,
            extra={"pdf_kb": round(len(pdf) / 1024, 1), "repeat": repeat},
        )
    ]
    cff_css = css.replace(f'"{FAMILY}", ', "")  # same page, the installed CFF Noto CJK instead
    cff = _bare_renderer(html, cff_css)
    cff_repeat = 1 if ctx.quick else 3
    cff_s = ctx.median_seconds(cff, repeat=cff_repeat, warmup=1)
    rows.append(
        Result(
            name="same page with the unconverted CFF Noto CJK",
            subject_seconds=cff_s,
            baseline_name="bare WeasyPrint, converted font",
            baseline_seconds=bare_s,
            extra={"repeat": cff_repeat, "pdf_kb": round(len(cff()) / 1024, 1)},
        )
    )
    return rows, bare_s


def _learners_who_completed(count: int):
    from django.contrib.auth import get_user_model

    from courses.models import CoursePage, Enrolment

    call_command("seed_demo", verbosity=0)
    course = (
        CoursePage.objects.filter(certificate_issued=True, locale__language_code="zh-hans")
        .order_by("path")
        .first()
    )
    if course is None:
        raise BenchmarkError("The demo has no course that issues certificates.")
    User = get_user_model()
    tag = uuid.uuid4().hex[:6]
    users = User.objects.bulk_create(
        [User(username=f"bench-{tag}-{n}", full_name=f"测试学员{n}喆") for n in range(count)]
    )
    now = timezone.now()
    return Enrolment.objects.bulk_create(
        [
            Enrolment(
                user=user, course=course, status="completed", enrolled_at=now, completed_at=now
            )
            for user in users
        ]
    )


def _drain() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def _throughput_row(ctx: Context, bare_s: float) -> Result:
    from django_tasks_db.models import DBTaskResult

    from certificates.models import Certificate
    from certificates.services import certificate_issue_for_enrolment

    count = 50 if ctx.quick else 500
    enrolments = _learners_who_completed(count)
    _drain()  # whatever the demo seed queued is not part of this measurement
    for failed in DBTaskResult.objects.failed():
        print(
            f"  (before the run, a task failed: {failed.task_path}: {failed.exception_class_path})"
        )
    failed_before = DBTaskResult.objects.failed().count()
    warm = max(1, count // 10)
    start = time.perf_counter()
    rss_after_warmup = None
    issued = []
    for index, enrolment in enumerate(enrolments, start=1):
        with transaction.atomic():  # the on-commit render task is queued when this block commits
            issued.append(certificate_issue_for_enrolment(enrolment=enrolment).pk)
        if index % warm == 0:
            _drain()
            if rss_after_warmup is None:
                rss_after_warmup = _rss_mb()
    _drain()
    elapsed = time.perf_counter() - start
    rss_end = _rss_mb()
    failures = DBTaskResult.objects.failed().count() - failed_before
    without_pdf = Certificate.objects.filter(pk__in=issued, pdf="").count()
    if failures or without_pdf or len(set(issued)) != count:
        raise BenchmarkError(
            f"{failures} render tasks failed and {without_pdf} certificates have no PDF "
            f"({len(set(issued))} of {count} issued); failures must be 0."
        )
    return Result(
        name=f"{count} certificates issued + rendered by the worker (per certificate)",
        subject_seconds=elapsed / count,
        baseline_name="bare WeasyPrint, same HTML/CSS",
        baseline_seconds=bare_s,
        extra={
            "certificates": count,
            "per_second": round(count / elapsed, 2),
            "failures": failures,
            "worker_rss_growth_mb": round(rss_end - (rss_after_warmup or rss_end), 1),
            "worker_rss_end_mb": round(rss_end, 1),
        },
    )


def run(ctx: Context) -> list[Result]:
    rows, bare_s = _render_rows(ctx)
    rows.append(_throughput_row(ctx, bare_s))
    return rows
