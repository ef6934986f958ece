"""Our own search index: one entry per live course or lesson page, one row per distinct token.

Chinese has no spaces, so text is cut into tokens by jieba plus CJK character bigrams (see
courses.search); English is lower-cased words. Lookups are equality matches on an indexed token
column, the same SQL on SQLite and PostgreSQL.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """What search knows about one live page. Rebuilt on publish; removed on unpublish/delete."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        LESSON = "lesson", _("Lesson")

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_entry"
    )
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=255)
    text = models.TextField(help_text="Plain text of the page, for result snippets.")
    # The course (the page itself for a course) and its topic, in the page's own locale: the
    # topic and tag filters join through these.
    course = models.ForeignKey(
        "courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.ForeignKey(
        "courses.TopicPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    indexed_at = models.DateTimeField(default=timezone.now)
    # Words of title and text (Chinese characters count half): BM25's length normalisation.
    length = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return self.title


class SearchToken(models.Model):
    """One distinct token of one entry; `in_title` ranks title hits first."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=64)
    in_title = models.BooleanField(default=False)
    occurrences = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")
        constraints = [
            models.UniqueConstraint(fields=["entry", "token"], name="search_token_once_per_entry")
        ]
        # Covering: the ranked lookup reads token, entry, occurrences and the title flag from the
        # index alone, never the table.
        indexes = [
            models.Index(
                fields=["token", "entry", "occurrences", "in_title"], name="search_token_cover"
            )
        ]

    def __str__(self) -> str:
        return self.token


class SearchQueryLog(models.Model):
    """Every search a learner ran and how many results it had; issue 8 reports the empty ones."""

    query = models.CharField(_("query"), max_length=200)
    locale = models.CharField(_("language"), max_length=16)
    results_count = models.PositiveIntegerField(_("results"))
    created_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        indexes = [models.Index(fields=["results_count", "created_at"], name="search_log_empty")]

    def __str__(self) -> str:
        return self.query
