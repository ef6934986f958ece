"""Search: how well it finds what people type, and what Chinese costs against English.

Quality. The demo catalogue (seed_site + seed_courses, the content of `seed_demo`) is searched
with every query of bench/search_queries.json (zh and en; single words, words apart, run
together, reordered, cross-language, English prefixes), each on the site language it names.
Reported per query group and overall: recall@10 (the share of a query's expected pages among its
first ten results, averaged over queries; target >= 0.95) and MRR (the mean of 1 / rank of the
first expected page). Every miss is printed. Subject time: the group's mean search; baseline: an
indexed primary-key lookup of one page.

Cost. Subject: courses.selectors.search_pages() — cutting the query, the one ranked statement and
fetching and highlighting the best 50 — over N Chinese lessons and N English lessons, N = 5,000
(500 with --quick). The two corpora are translations of each other sentence by sentence, drawn
with the same random choices, so a Chinese query and its English translation match the same
share of lessons. Pairs: a common word pair (数据共享 / "share data", in about half the lessons),
a rare one (标准接口 / "interoperability", 5%), two words apart (老年人 线上渠道 / "older
channels"), and a prefix ("interop"). Baseline: the same primary-key lookup. Each Chinese row
also gives its ratio to the English row of its pair (target <= 2x); query counts must not differ.
"""

from __future__ import annotations

import json
import random
import statistics
import uuid
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from bench.harness import BenchmarkError, Context, Result, percentile

QUERIES_FILE = Path(__file__).with_name("search_queries.json")
RECALL_TARGET = 0.95
TOP = 10

# Sentence i of one list is the translation of sentence i of the other.
ZH_SENTENCES = [
    "各部门应当推进政务数据共享，减少群众重复提交材料。",
    "一网通办要求统一入口和统一身份认证。",
    "处理个人信息应当遵循合法、正当、必要的原则。",
    "政务云集约化建设可以减少重复投资。",
    "人工智能辅助审批必须保留人工复核环节。",
    "公共数据开放前要进行分级分类和脱敏处理。",
    "网络日志留存不少于六个月。",
    "窗口工作人员要帮助老年人使用线上渠道。",
    "电子证照互认让办事材料可以在线核验。",
    "流程再造要减环节、减材料、减时限、减跑动。",
]
EN_SENTENCES = [
    "Departments share data so that citizens do not hand in the same documents twice.",
    "One-stop services need one entry point and one identity.",
    "Personal information is handled lawfully, fairly and only as necessary.",
    "A consolidated government cloud cuts duplicated spending.",
    "AI-assisted approval always keeps a human review.",
    "Open data is classified and de-identified before release.",
    "Network logs are kept for at least six months.",
    "Service windows help older people use online channels.",
    "Electronic licences can be verified online across departments.",
    "Re-engineering removes steps, documents, days and trips.",
]
ZH_RARE = "标准接口实现跨部门数据共享。"
EN_RARE = "Common standards give interoperability between departments."
# (what the pair measures, Chinese query, English query)
COST_PAIRS = [
    ("common word", "数据共享", "share data"),
    ("rare word", "标准接口", "interoperability"),
    ("two words apart", "老年人 线上渠道", "older channels"),
]
PREFIX_QUERY = "interop"


# --- quality ---------------------------------------------------------------------------------------


def load_queries(path: Path = QUERIES_FILE) -> list[dict]:
    """The query set; each query names its group, site language, text and expected pages."""
    queries = json.loads(path.read_text(encoding="utf-8"))["queries"]
    for query in queries:
        if not query.get("expect"):
            raise BenchmarkError(f"Query {query['query']!r} expects no page: nothing to measure.")
    return queries


def page_key(page) -> str:
    """'<zh|en>:<path under the catalogue>', the name search_queries.json uses for a page."""
    language = "en" if page.locale.language_code == "en" else "zh"
    path = page.url_path.strip("/").split("/", 2)  # home-xx / courses / the rest
    return f"{language}:{path[2] if len(path) > 2 else ''}"


def score_query(found: list[str], expected: list[str]) -> tuple[float, float]:
    """(recall@10, reciprocal rank of the first expected page) of one query's results."""
    top = found[:TOP]
    recall = sum(1 for key in expected if key in top) / len(expected)
    rank = next((i for i, key in enumerate(found, start=1) if key in expected), None)
    return recall, (1 / rank if rank else 0.0)


def _quality(ctx: Context, baseline: float) -> list[Result]:
    from courses.models import SearchEntry
    from courses.selectors import search_pages

    queries = load_queries()
    known = {
        page_key(entry.page) for entry in SearchEntry.objects.select_related("page", "page__locale")
    }
    unknown = sorted({key for q in queries for key in q["expect"]} - known)
    if unknown:
        raise BenchmarkError(f"search_queries.json names pages the demo does not have: {unknown}")
    by_group: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    misses = []
    for query in queries:

        def run(query=query):
            return search_pages(query=query["query"], language=query["language"], limit=TOP)

        seconds = statistics.median(ctx.sample_seconds(run, repeat=3, warmup=1))
        results, _total = run()
        found = [page_key(result.entry.page) for result in results]
        recall, reciprocal = score_query(found, query["expect"])
        by_group[query["group"]].append((recall, reciprocal, seconds))
        if recall < 1:
            missing = [key for key in query["expect"] if key not in found[:TOP]]
            misses.append(
                f"  [{query['group']}] {query['language']} {query['query']!r}: missed {missing}, top: {found[:5]}"
            )
    print(f"Search quality: {len(queries)} queries, {len(misses)} with a miss.")
    for line in misses:
        print(line)
    rows = []
    everything = [score for scores in by_group.values() for score in scores]
    for group, scores in [*by_group.items(), ("all queries", everything)]:
        recall = statistics.mean(s[0] for s in scores)
        rows.append(
            Result(
                name=f"search quality: {group}",
                subject_seconds=statistics.mean(s[2] for s in scores),
                baseline_name="indexed primary-key lookup of one page",
                baseline_seconds=baseline,
                extra={
                    "queries": len(scores),
                    "recall_at_10": round(recall, 3),
                    "mrr": round(statistics.mean(s[1] for s in scores), 3),
                    "target_met": recall >= RECALL_TARGET if group == "all queries" else "-",
                },
            )
        )
    return rows


# --- cost ------------------------------------------------------------------------------------------


def _guide() -> dict:
    today = timezone.localdate()
    return {
        "audience": "全体公务员",
        "credit_hours": Decimal("2.0"),
        "estimated_minutes": 90,
        "enrolment_opens": today.replace(year=today.year - 1, day=1),
        "enrolment_closes": today.replace(year=today.year + 1, day=1),
        "prerequisites": "无",
        "assessment_method": "完成全部课时",
        "pass_mark": 80,
        "certificate_issued": True,
        "contact_person": "刘老师",
        "contact_channel": "010-12345678",
    }


def _paragraph(text: str) -> str:
    return json.dumps(
        [{"type": "paragraph", "id": str(uuid.uuid4()), "value": f"<p>{text}</p>"}],
        ensure_ascii=False,
    )


@transaction.atomic
def _seed_corpus(home, lessons: int, rng: random.Random) -> None:
    """`lessons` Chinese lessons and their English translations, 100 to a course, indexed."""
    from courses.models import CatalogueIndexPage, CoursePage, LessonPage, TopicPage
    from courses.search import index_page

    en = Locale.objects.get(language_code="en")
    trees = {}
    for locale, title in ((home.locale, "语料"), (en, "Corpus")):
        root = home if locale == home.locale else home.get_translation(en)
        catalogue = CatalogueIndexPage(title=title, slug="bench-corpus")
        catalogue.locale = locale
        root.add_child(instance=catalogue)
        topic = TopicPage(title=title, slug="corpus")
        topic.locale = locale
        catalogue.add_child(instance=topic)
        trees[locale.pk] = topic
    per_course = 100
    for start in range(0, lessons, per_course):
        # One draw of sentence numbers per lesson, written out in both languages.
        drawn = []
        for _ in range(min(per_course, lessons - start)):
            numbers = [rng.randrange(len(ZH_SENTENCES)) for _ in range(8)]
            drawn.append((numbers, rng.random() < 0.05))
        for locale_id, sentences, rare in (
            (home.locale.pk, ZH_SENTENCES, ZH_RARE),
            (en.pk, EN_SENTENCES, EN_RARE),
        ):
            course = CoursePage(
                title=f"课程 {start}", slug=f"c-{start}", body="<p>课程介绍</p>", **_guide()
            )
            course.locale_id = locale_id
            trees[locale_id].add_child(instance=course)
            index_page(course)
            for number, (numbers, with_rare) in enumerate(drawn):
                text = " ".join(sentences[i] for i in numbers) + (f" {rare}" if with_rare else "")
                lesson = LessonPage(
                    title=f"{course.title} · {number + 1}",
                    slug=f"l-{number + 1}",
                    min_seconds=60,
                    body=_paragraph(text),
                )
                lesson.locale_id = locale_id
                course.add_child(instance=lesson)
                index_page(lesson)


def _cost(ctx: Context, home, baseline: float, baseline_queries: int) -> list[Result]:
    from courses.selectors import search_pages

    corpus = 500 if ctx.quick else 5000
    repeat, warmup = (5, 2) if ctx.quick else (15, 3)
    _seed_corpus(home, corpus, random.Random(20261204))
    rows = []
    pairs = [*COST_PAIRS, ("prefix", None, PREFIX_QUERY)]
    for label, zh_query, en_query in pairs:
        measured = {}
        for language, query in (("zh-hans", zh_query), ("en", en_query)):
            if query is None:
                continue

            def search(language=language, query=query):
                return search_pages(query=query, language=language)

            results, total = search()
            if not results:
                raise BenchmarkError(f"search for {query!r} found nothing in the corpus.")
            samples = ctx.sample_seconds(search, repeat=repeat, warmup=warmup)
            measured[language] = (statistics.median(samples), ctx.count_queries(search))
            rows.append(
                Result(
                    name=f"search {label} {query!r}, {corpus} + {corpus} lessons",
                    subject_seconds=measured[language][0],
                    baseline_name="indexed primary-key lookup of one page",
                    baseline_seconds=baseline,
                    queries=measured[language][1],
                    baseline_queries=baseline_queries,
                    extra={
                        "results": total,
                        "p95_ms": percentile(samples, 0.95) * 1000,
                        "lessons_per_language": corpus,
                    },
                )
            )
        if len(measured) == 2:
            zh, en = measured["zh-hans"], measured["en"]
            if zh[1] != en[1]:
                raise BenchmarkError(f"{label}: Chinese runs {zh[1]} queries, English {en[1]}.")
            rows[-2].extra["zh_over_en"] = round(zh[0] / en[0], 2)
            rows[-2].extra["target_2x_met"] = zh[0] / en[0] <= 2
    return rows


def run(ctx: Context) -> list[Result]:
    from courses.search.ranking import forget_corpus_stats
    from demo.courses import seed_courses
    from demo.site import seed_site

    home = seed_site()
    seed_courses()
    forget_corpus_stats()
    page_pk = Page.objects.order_by("-pk").values_list("pk", flat=True).first()

    def pk_lookup():
        return Page.objects.get(pk=page_pk)

    baseline = statistics.median(ctx.sample_seconds(pk_lookup, repeat=40, warmup=5))
    results = _quality(ctx, baseline)
    results += _cost(ctx, home, baseline, ctx.count_queries(pk_lookup))
    return results
