"""The newsroom's domain: outlets, articles, speakers, quotes, claims and fact-checks.

Writes go through `articles.services`; these classes hold fields, constraints and the
QuerySets that read like the domain.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone


class OutletQuerySet(models.QuerySet):
    pass


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="As readers know it, e.g. “Politico”.")
    slug = models.SlugField(max_length=200, unique=True)
    homepage_url = models.URLField(blank=True, help_text="The outlet’s front page.")

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ImportBatch(models.Model):
    """One import run: what was read, what came of it, and each item's error."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped with an error"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    origin = models.CharField(
        max_length=20, default="command", help_text="Where the import was started: command, upload or admin."
    )
    file_names = models.JSONField(default=list, blank=True, help_text="The files read, in order.")
    total = models.PositiveIntegerField(default=0, help_text="Items found so far.")
    processed = models.PositiveIntegerField(default=0, help_text="Items handled so far (progress).")
    created_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list,
        blank=True,
        help_text="One entry per failed item: {“item”: file, row or entry, “reason”: what went wrong}.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"
        permissions = [("run_import", "Can import articles")]

    def __str__(self):
        return f"Import #{self.pk} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("workbench:import_detail", args=[self.pk])

    @property
    def progress_percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.processed / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ImportFile(models.Model):
    """An uploaded file kept in the database between the preview and the import.

    The web server and the task worker may run on different machines, so the bytes live
    here rather than on disk. `upload_key` ties together the files of one upload before
    the admin confirms it; confirming attaches them to a batch.
    """

    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    upload_key = models.UUIDField(db_index=True, help_text="Groups the files of one upload until it is confirmed.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=500, help_text="The file name as uploaded.")
    format = models.CharField(max_length=10, default="auto", help_text="auto, text, html, feed, json or csv.")
    data = models.BinaryField()
    size = models.PositiveIntegerField(help_text="Bytes.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Source(models.Model):
    """A citable document: something an article or a fact-check relies on."""

    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="sources")
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    archived_url = models.URLField(max_length=1000, blank=True, help_text="A copy on an archive service.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["outlet__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique"),
            models.UniqueConstraint(
                fields=["outlet", "title"], condition=Q(url=""), name="source_outlet_title_unique_without_url"
            ),
        ]

    def __str__(self):
        return f"{self.outlet} – {self.title}" if self.outlet_id else self.title


class ArticleQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("outlet", "import_batch")


class Article(models.Model):
    class ExtractionStatus(models.TextChoices):
        PENDING = "pending", "Not yet extracted"
        DONE = "done", "Quotes extracted"
        FAILED = "failed", "Extraction failed"

    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, null=True, blank=True, unique=True)
    byline = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    body = models.TextField(help_text="The text as imported. Quote offsets point into it, so it never changes.")
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the normalised body.")
    headings = models.JSONField(default=list, blank=True, help_text="[start, end] spans of section headings.")
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="cited_by_articles")
    extraction_status = models.CharField(max_length=10, choices=ExtractionStatus, default=ExtractionStatus.PENDING)
    extracted_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-imported_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workbench:article_detail", args=[self.pk])


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organisation"

    name = models.CharField(max_length=200, help_text="Full canonical name, e.g. “Esmaeil Baghaei”.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.PERSON)
    role = models.CharField(max_length=200, blank=True, help_text="Role or title, e.g. “Foreign Ministry spokesman”.")
    affiliation = models.CharField(max_length=200, blank=True, help_text="Government, party or employer.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:speaker_detail", args=[self.slug])


class SpeakerAlias(models.Model):
    """Another name a speaker goes by (“Baghaei”, “MBS”); matched case- and accent-insensitively."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.UniqueConstraint(fields=["speaker", "normalized"], name="speaker_alias_unique"),
        ]

    def __str__(self):
        return self.name


class ClaimQuerySet(models.QuerySet):
    def pending_review(self):
        return self.filter(status=Claim.Status.PENDING)

    def accepted(self):
        return self.filter(status=Claim.Status.ACCEPTED)

    def for_list(self):
        return self.select_related("speaker", "assigned_to", "decided_by", "factcheck")

    def for_queue(self):
        """Review-queue rows: speaker, assignee, fact-check and every appearance, in two queries."""
        appearances = Quote.objects.select_related("article__outlet", "speaker").order_by(
            F("article__published_at").asc(nulls_last=True), "article_id", "start"
        )
        return self.for_list().prefetch_related(models.Prefetch("quotes", queryset=appearances))


class Claim(models.Model):
    """One checkable statement by one speaker; each Quote repeating it is an appearance."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        ACCEPTED = "accepted", "Worth checking"
        REJECTED = "rejected", "Rejected"

    class RejectionReason(models.TextChoices):
        OPINION = "opinion", "Opinion"
        NOT_CHECKABLE = "not_checkable", "Not checkable"
        DUPLICATE = "duplicate", "Duplicate"
        OUT_OF_SCOPE = "out_of_scope", "Out of scope"

    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    text = models.TextField(help_text="The fullest wording of the claim among its appearances.")
    fingerprint = models.CharField(max_length=64, db_index=True)
    checkworthiness = models.FloatField(default=0.0, help_text="Highest score among its appearances.")
    reasons = models.JSONField(default=list, blank=True)
    appearance_count = models.PositiveIntegerField(default=0)
    first_appeared_at = models.DateTimeField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    rejection_reason = models.CharField(max_length=20, choices=RejectionReason, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-checkworthiness", "-id"]
        permissions = [("review_claim", "Can triage claims and write fact-check drafts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1), name="claim_score_in_unit_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="claim_rejection_has_reason"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("workbench:claim_detail", args=[self.pk])


class QuoteQuerySet(models.QuerySet):
    def pending_review(self):
        return self.filter(claim__status=Claim.Status.PENDING)

    def as_appearances(self):
        """Quotes with the article and outlet a reader sees, without the article bodies (public lists)."""
        return self.select_related("article__outlet").defer("article__body", "article__headings")

    def for_list(self):
        return self.select_related("article__outlet", "speaker", "claim")


class Quote(models.Model):
    """One extracted occurrence of a quotation in one article.

    The database itself guarantees that `text == article.body[start:end]`: the check
    constraints below cover the offsets, and a trigger (migration 0002) compares the text
    with the article body, which no check constraint can see.
    """

    class Kind(models.TextChoices):
        DIRECT = "direct", "Full quote"
        PARTIAL = "partial", "Partial quote"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="quotes")
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the first character in the article body.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    attribution = models.CharField(max_length=300, blank=True, help_text="The raw attribution phrase.")
    speaker_role = models.CharField(max_length=200, blank=True, help_text="The role as the article gives it.")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.DIRECT)
    checkworthiness = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    edited = models.BooleanField(
        default=False,
        help_text="An editor corrected its span or speaker or moved it to another claim; "
        "re-running extraction leaves it as the editor left it.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0) & Q(end__gt=F("start")), name="quote_offsets_ordered"),
            models.CheckConstraint(condition=Q(end=F("start") + Length("text")), name="quote_text_matches_span_length"),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1), name="quote_score_in_unit_range"
            ),
            models.UniqueConstraint(fields=["article", "start", "end"], name="quote_span_unique_per_article"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def unnamed_source(self) -> str:
        """How the article describes a source it does not name ("a company spokesman"), or ""."""
        return self.speaker_role if self.speaker_id is None else ""


class Rating(models.Model):
    """One step of the rating scale, in order from most to least accurate."""

    label = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Numeric value for ClaimReview; empty for steps such as “Unverifiable”."
    )
    colour = models.CharField(max_length=7, default="#666666", help_text="Badge colour as #rrggbb.")
    definition = models.TextField(help_text="The public definition readers see.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="rating_colour_hex"),
        ]

    def __str__(self):
        return self.label


class FactCheckQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FactCheck.Status.PUBLISHED, published_at__lte=timezone.now())

    def awaiting_approval(self):
        return self.filter(status=FactCheck.Status.IN_REVIEW)

    def drafts(self):
        return self.filter(status=FactCheck.Status.DRAFT)

    def for_list(self):
        return self.select_related("claim__speaker", "rating", "author", "approved_by")

    def for_public(self):
        """What readers' pages show of each fact-check: its claim, speaker and rating, in one query."""
        return self.select_related("claim__speaker", "rating")


class FactCheck(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="factcheck")
    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    claim_reviewed = models.CharField(
        max_length=200,
        blank=True,
        help_text="The claim in under 75 characters, as search engines show it. Leave out the rating.",
    )
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="factchecks")
    summary = models.TextField(blank=True, help_text="“If your time is short”: two or three sentences.")
    body = models.TextField(blank=True, help_text="The full fact-check, in Markdown.")
    sources = models.ManyToManyField(Source, through="Citation", blank=True, related_name="factchecks")
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="authored_factchecks"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_factchecks",
    )
    review_comment = models.TextField(blank=True, help_text="The reviewer’s note when sending it back.")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to detect edit conflicts.")

    objects = FactCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        permissions = [("publish_factcheck", "Can approve, publish and unpublish fact-checks")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="factcheck_published_has_date",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("public:factcheck_detail", args=[self.slug])


class Citation(models.Model):
    """A Source a fact-check relies on, in the order readers see, with what it supports."""

    factcheck = models.ForeignKey(FactCheck, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    order = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=500, blank=True, help_text="What this source supports.")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["factcheck", "source"], name="citation_source_once_per_factcheck"),
        ]

    def __str__(self):
        return f"{self.factcheck} ← {self.source}"


class Correction(models.Model):
    """A public, dated note on a published fact-check."""

    class Kind(models.TextChoices):
        TYPO = "typo", "Typo fixed"
        CLARIFICATION = "clarification", "Clarification"
        CORRECTION = "correction", "Correction"
        RATING_CHANGE = "rating_change", "Rating changed"

    factcheck = models.ForeignKey(FactCheck, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind)
    note = models.TextField()
    previous_rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    new_rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="correction_has_note"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.factcheck}"


class AuditEventQuerySet(models.QuerySet):
    def recent(self):
        return self.select_related("actor", "claim", "factcheck").order_by("-created_at", "-id")


class AuditEvent(models.Model):
    """Who did what to a Claim or FactCheck, when, and which fields changed.

    A small model rather than django-simple-history or django-reversion: editors need
    the *action* (accepted, merged, sent back) in one feed across both models, not
    per-model snapshots, and the services layer already knows each action by name.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, db_index=True)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events")
    factcheck = models.ForeignKey(
        FactCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]}")
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.actor} {self.action} at {self.created_at:%Y-%m-%d %H:%M}"
