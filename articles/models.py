"""The newsroom's domain: outlets, articles, speakers, quotes, claims and fact-checks.

Writes go through `articles.services`; these classes hold fields, constraints and the
QuerySets that read like the domain.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Length, Lower, NullIf
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from articles.names import name_key


@functools.cache
def _slug_route(name: str, prefix: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=["SLUG"]).partition("SLUG")
    return before, after


def slug_url(name: str, slug: str) -> str:
    """`reverse(name, args=[slug])` for a route whose only argument is a slug, at a fraction of the cost.

    Public lists and feeds link hundreds of fact-checks and speakers a page, and reverse()
    costs about 70 µs each; the route is reversed once (per script prefix) and the slug,
    which holds only URL-safe characters, put in its place.
    """
    before, after = _slug_route(name, get_script_prefix())
    return f"{before}{slug}{after}"


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


class ImportBatchQuerySet(models.QuerySet):
    def listed(self):
        """Batches people started: previews nobody confirmed stay out of the list."""
        return self.exclude(status__in=[ImportBatch.Status.PREVIEWING, ImportBatch.Status.PREVIEWED])

    def unfinished(self):
        return self.filter(
            status__in=[ImportBatch.Status.PREVIEWING, ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING]
        )


class ImportBatch(models.Model):
    """One import run: what was read, and what came of each item (ImportItem).

    The counts are a cache of the items' statuses, recomputed from them by the services
    after every chunk, so they always add up; the batch is finished exactly when no item
    is pending.
    """

    class Status(models.TextChoices):
        PREVIEWING = "previewing", "Reading the files"
        PREVIEWED = "previewed", "Waiting for confirmation"
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
    started_at = models.DateTimeField(null=True, blank=True, help_text="When the workers started on it.")
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of progress; a batch silent for too long is picked up again."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    origin = models.CharField(
        max_length=20, default="command", help_text="Where the import was started: command, upload or admin."
    )
    format = models.CharField(max_length=10, default="auto", help_text="auto, text, html, feed, json or csv.")
    outlet = models.CharField(
        max_length=200, blank=True, help_text="The outlet given at upload, for articles that name none."
    )
    file_names = models.JSONField(default=list, blank=True, help_text="The files read, in order.")
    total = models.PositiveIntegerField(default=0, help_text="Items found.")
    processed = models.PositiveIntegerField(default=0, help_text="Items handled so far (progress).")
    created_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True, help_text="Why the whole import stopped, when it did.")
    preview = models.JSONField(null=True, blank=True, help_text="The dry run shown before confirmation.")

    objects = ImportBatchQuerySet.as_manager()

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

    @property
    def is_previewing(self) -> bool:
        return self.status in (self.Status.PREVIEWING, self.Status.PREVIEWED)

    @property
    def seconds_left(self) -> int | None:
        """The time left at the pace so far, once there is a pace to go by."""
        if self.status != self.Status.RUNNING or not self.started_at or not self.processed:
            return None
        elapsed = (timezone.now() - self.started_at).total_seconds()
        return max(0, round(elapsed / self.processed * (self.total - self.processed)))

    @property
    def expected_finish(self):
        seconds = self.seconds_left
        return None if seconds is None else timezone.now() + timedelta(seconds=seconds)

    @property
    def errors(self) -> list[dict]:
        """One {"item", "reason"} per failed item, in upload order, then the batch's own problem."""
        failed = self.items.filter(status=ImportItem.Status.FAILED).order_by("position")
        errors = [{"item": item.locator, "reason": item.error} for item in failed]
        if self.problem:
            errors.append({"item": "(import)", "reason": self.problem})
        return errors


class ImportItem(models.Model):
    """One article (or unreadable item) of an ImportBatch, and what became of it.

    Items are written when the batch's files are read; a chunk task then stores the
    pending ones. A chunk run twice skips what is no longer pending, so a re-delivered or
    retried task imports each item once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        CREATED = "created", "Imported"
        UNCHANGED = "unchanged", "Already imported"
        FAILED = "failed", "Not imported"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(help_text="Order in the upload, from 0.")
    locator = models.CharField(max_length=500, help_text="Where in the upload: file, row or entry.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    article = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times a worker started on this item.")
    record = models.JSONField(null=True, blank=True, help_text="The parsed article, kept until it is stored.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="import_item_unique_position"),
        ]
        indexes = [models.Index(fields=["batch", "status"], name="import_item_batch_status")]

    def __str__(self):
        return f"{self.locator} ({self.get_status_display()})"


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


class NameKeyField(models.CharField):
    """A speaker's name as names are compared (`articles.names.name_key`), worked out from the name.

    Computed whenever a row is written, bulk inserts included, so no way of creating a
    speaker can leave it stale or blank; only `QuerySet.update(name=…)` bypasses it.
    """

    @staticmethod
    def key_for(name: str, slug: str) -> str:
        return name_key(name) or f"#{slug}"

    def pre_save(self, model_instance, add):
        value = self.key_for(model_instance.name, model_instance.slug)
        setattr(model_instance, self.attname, value)
        return value


class SpeakerQuerySet(models.QuerySet):
    def checked(self):
        """Speakers with a fact-check readers can see, most checked first, each with its count as `checks`.

        `live_checks` counts the approved fact-checks (published or scheduled); the few
        whose publication time is still ahead are taken off here, so a scheduled check
        neither shows nor moves its speaker up before its time, and counts from then on.
        """
        ahead = (
            FactCheck.objects.filter(status__in=FactCheck.APPROVED, published_at__gt=timezone.now())
            .order_by()
            .values_list("claim__speaker")
            .annotate(n=models.Count("pk"))
        )
        hidden = {speaker: n for speaker, n in ahead if speaker is not None}
        if not hidden:
            return (
                self.filter(live_checks__gt=0).annotate(checks=F("live_checks")).order_by("-live_checks", "name", "id")
            )
        not_yet = models.Case(*(models.When(pk=pk, then=Value(n)) for pk, n in hidden.items()), default=Value(0))
        return self.annotate(checks=F("live_checks") - not_yet).filter(checks__gt=0).order_by("-checks", "name", "id")


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organisation"

    name = models.CharField(max_length=200, help_text="Full canonical name, e.g. “Esmaeil Baghaei”.")
    # Unique, so two imports that meet the same new name at once make one speaker, not
    # "maria-lopez" and "maria-lopez-2". Casefolding can lengthen a name, hence the room.
    name_key = NameKeyField(
        max_length=600,
        unique=True,
        editable=False,
        help_text="The name as names are compared (no case, accents or punctuation): one speaker per name.",
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.PERSON)
    role = models.CharField(max_length=200, blank=True, help_text="Role or title, e.g. “Foreign Ministry spokesman”.")
    affiliation = models.CharField(max_length=200, blank=True, help_text="Government, party or employer.")
    # Kept by `speakers_recount` whenever one of their fact-checks is approved or retracted,
    # so that the speakers' list need not count 100,000 fact-checks per view.
    live_checks = models.PositiveIntegerField(
        default=0, editable=False, help_text="Approved fact-checks of this speaker (published or scheduled)."
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(F("live_checks").desc(), "name", condition=Q(live_checks__gt=0), name="speaker_live_checks"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("public:speaker_detail", self.slug)

    def clean(self):
        super().clean()
        self.name_key = self.key_for(self.name, self.slug)
        same = Speaker.objects.filter(name_key=self.name_key).exclude(pk=self.pk).first()
        if same is not None:
            raise ValidationError(
                {"name": f"“{same.name}” already has this name (spelling, case and accents aside); edit that speaker."}
            )

    @staticmethod
    def key_for(name: str, slug: str) -> str:
        """`name_key` of `name`; a name of punctuation alone is keyed by its (unique) slug."""
        return NameKeyField.key_for(name, slug)


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
    fingerprint = models.CharField(max_length=64)
    checkworthiness = models.FloatField(default=0.0, help_text="Highest score among its appearances.")
    reasons = models.JSONField(default=list, blank=True)
    appearance_count = models.PositiveIntegerField(default=0)
    first_appeared_at = models.DateTimeField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
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
        # Plain indexes: `db_index` on a CharField adds a second, LIKE-pattern index on
        # PostgreSQL that no query uses and every import pays for.
        indexes = [
            models.Index(fields=["fingerprint"], name="claim_fingerprint"),
            models.Index(fields=["status"], name="claim_status"),
        ]
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
        return self.select_related("article__outlet").only(
            *("claim_id", "article_id", "speaker_id", "start", "created_at", "speaker_role"),
            *("article__title", "article__url", "article__published_at", "article__imported_at"),
            *("article__outlet__name", "article__outlet__slug", "article__outlet__homepage_url"),
        )

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

    # No index of its own: the unique (article, start, end) index serves look-ups by article.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes", db_index=False)
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
    fingerprint = models.CharField(max_length=64)
    edited = models.BooleanField(
        default=False,
        help_text="An editor corrected its span or speaker or moved it to another claim; "
        "re-running extraction leaves it as the editor left it.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["fingerprint"], name="quote_fingerprint")]
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


def live_q(prefix: str = "") -> Q:
    """The condition for a fact-check readers can see now, optionally on a related path ("claims__factcheck__").

    A scheduled fact-check is live from its publication time on, whether or not the
    periodic task has yet marked it published, so it goes public at that very moment.
    """
    live = [FactCheck.Status.PUBLISHED, FactCheck.Status.SCHEDULED]
    return Q(**{f"{prefix}status__in": live, f"{prefix}published_at__lte": timezone.now()})


class FactCheckQuerySet(models.QuerySet):
    def published(self):
        """What readers see now: published, or scheduled with its time come."""
        return self.filter(live_q())

    def scheduled(self):
        """Approved to go live at a time still ahead."""
        return self.filter(status=FactCheck.Status.SCHEDULED, published_at__gt=timezone.now())

    def due(self):
        """Scheduled fact-checks whose time has come but which are not yet marked published."""
        return self.filter(status=FactCheck.Status.SCHEDULED, published_at__lte=timezone.now())

    def retracted(self):
        return self.filter(status=FactCheck.Status.RETRACTED)

    def on_record(self):
        """Everything readers have been shown: what is live and what was retracted (with its notice)."""
        # Written so that its first condition is the partial index's (migration 0016): an
        # "is it on record?" probe by id is then an index-only look-up, not a table scan.
        shown = Q(status=FactCheck.Status.RETRACTED) | Q(published_at__lte=timezone.now())
        return self.filter(Q(status__in=FactCheck.ON_RECORD) & shown)

    def awaiting_approval_by(self, user):
        """What `user` could be asked to approve: in review, and not theirs (they never approve their own)."""
        changes = FactCheckRevision.objects.filter(
            factcheck=OuterRef("pk"), status=FactCheckRevision.Status.IN_REVIEW
        ).exclude(created_by=user)
        return self.filter((Q(status=FactCheck.Status.IN_REVIEW) & ~Q(author=user)) | Exists(changes))

    def drafts(self):
        return self.filter(status=FactCheck.Status.DRAFT)

    def for_list(self):
        return self.select_related("claim__speaker", "rating", "author", "approved_by")

    def for_public(self):
        """What readers' pages show of each fact-check: its claim, speaker, rating and people, in one query."""
        return self.select_related("claim__speaker", "rating", "author", "approved_by")


class FactCheck(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        RETRACTED = "retracted", "Retracted"

    # Approved by a second editor: live now, or from its publication time on.
    APPROVED = (Status.PUBLISHED, Status.SCHEDULED)
    # What readers have been shown at some time: the live ones, and the retracted ones' notices.
    ON_RECORD = (Status.PUBLISHED, Status.SCHEDULED, Status.RETRACTED)

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
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="When it went (or, when scheduled, goes) public."
    )
    retracted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to detect edit conflicts.")

    objects = FactCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        permissions = [("publish_factcheck", "Can approve, publish and retract fact-checks")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["published", "scheduled", "retracted"]) | Q(published_at__isnull=False),
                name="factcheck_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="retracted") | Q(retracted_at__isnull=False),
                name="factcheck_retracted_has_date",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return slug_url("public:factcheck_detail", self.slug)

    @property
    def is_live(self) -> bool:
        """Whether readers can see it now (see `live_q`)."""
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        """Approved, with its publication time still ahead."""
        return self.status == self.Status.SCHEDULED and not self.is_live


class FactCheckOldSlug(models.Model):
    """An address a fact-check had while public, before its slug changed: it redirects (301) to
    the current one, so links already shared keep working. Unique, so no other fact-check
    can take an address readers may still follow."""

    factcheck = models.ForeignKey(FactCheck, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "old fact-check address"

    def __str__(self):
        return f"/fact-checks/{self.slug}/ → {self.factcheck.slug}"


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
        RETRACTION = "retraction", "Retracted"

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


class FactCheckRevisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=FactCheckRevision.OPEN)


class FactCheckRevision(models.Model):
    """Changes proposed to a published fact-check, kept apart until a second editor approves them.

    Readers go on seeing the fact-check as it was published; approving copies these
    fields onto it and publishes the correction note with them. One revision at a time
    is open (being written or in review) per fact-check.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Being written"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved and published"
        DISCARDED = "discarded", "Discarded"

    OPEN = (Status.DRAFT, Status.IN_REVIEW)

    factcheck = models.ForeignKey(FactCheck, on_delete=models.CASCADE, related_name="revisions")
    headline = models.CharField(max_length=200)
    claim_reviewed = models.CharField(max_length=200, blank=True)
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    correction_kind = models.CharField(
        max_length=20, choices=Correction.Kind, blank=True, help_text="The kind of correction to publish."
    )
    correction_note = models.TextField(blank=True, help_text="The dated note readers will see with the changes.")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    review_comment = models.TextField(blank=True, help_text="The reviewer’s note when sending it back.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = FactCheckRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["factcheck"], condition=Q(status__in=["draft", "in_review"]), name="factcheck_one_open_revision"
            ),
        ]

    def __str__(self):
        return f"Changes to “{self.factcheck}” ({self.get_status_display().lower()})"


REFUSED_SUFFIX = "_refused"


class AuditEventQuerySet(models.QuerySet):
    def recent(self):
        return self.select_related("actor", "claim", "factcheck").order_by("-created_at", "-id")

    def refusals(self):
        """Attempts a service refused (a lost race, a locked text), recorded outside the failed transaction."""
        return self.filter(action__endswith=REFUSED_SUFFIX)

    def actions(self):
        """What people did, without the attempts that were refused."""
        return self.exclude(action__endswith=REFUSED_SUFFIX)


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
    revision = models.ForeignKey(
        FactCheckRevision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        help_text="The proposed changes to a published fact-check this event was about, if any.",
    )
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]}")
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.actor} {self.action} at {self.created_at:%Y-%m-%d %H:%M}"


class PeriodicRun(models.Model):
    """When each entry of `articles.periodic.PERIODIC_TASKS` is next due.

    Workers claim a due entry by moving `next_run_at` forward in one conditional UPDATE,
    so however many workers run, each period enqueues the task once.
    """

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} (next {self.next_run_at:%Y-%m-%d %H:%M:%S})"


# ---- Feed subscriptions: outlets' RSS/Atom feeds polled by the task workers ---------------


# Politeness to publishers: no feed more often than every 5 minutes; at least daily.
FEED_INTERVAL_MIN_MINUTES = 5
FEED_INTERVAL_MAX_MINUTES = 24 * 60


class FeedSubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def due(self):
        """Active subscriptions whose next poll has come and that no worker is polling now."""
        now = timezone.now()
        return (
            self.active().filter(next_poll_at__lte=now).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        )

    def failing(self):
        return self.active().filter(consecutive_failures__gt=0)

    def for_list(self):
        return self.select_related("outlet")

    def by_name(self):
        """Active ones first, then by the name lists show (title, else the feed's title, else the address)."""
        name = Coalesce(NullIf("title", Value("")), NullIf("feed_title", Value("")), "url")
        return self.order_by("-active", Lower(name), "pk")


class FeedSubscription(models.Model):
    """An outlet's RSS or Atom feed that the workers poll on schedule, importing new entries.

    Writes go through `articles.services.subscriptions`. The poll state (validators, times,
    failures) is written by the polls themselves; people edit the address, outlet, interval
    and whether it is active.
    """

    class Outcome(models.TextChoices):
        NEW_ENTRIES = "new", "New entries imported"
        NO_NEW_ENTRIES = "no_new", "No new entries"
        NOT_MODIFIED = "not_modified", "Not modified"
        FAILED = "failed", "Failed"

    url = models.URLField(
        "feed address",
        max_length=1000,
        unique=True,
        help_text="The RSS or Atom feed itself (often ending in /feed, /rss or .xml), not the outlet’s front page.",
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="A name for lists. Left blank, the feed’s own title is used."
    )
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feed_subscriptions",
        help_text="The outlet its articles are filed under. Left blank, the feed’s own title names the outlet.",
    )
    interval_minutes = models.PositiveIntegerField(
        "poll every (minutes)",
        default=15,
        validators=[MinValueValidator(FEED_INTERVAL_MIN_MINUTES), MaxValueValidator(FEED_INTERVAL_MAX_MINUTES)],
        help_text=f"How often to look for new entries, from {FEED_INTERVAL_MIN_MINUTES} minutes to a day "
        f"({FEED_INTERVAL_MAX_MINUTES} minutes). Failing feeds are polled less often until they recover.",
    )
    active = models.BooleanField(default=True, help_text="Paused subscriptions are not polled.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Poll state, written by the polls.
    feed_title = models.CharField(max_length=300, blank=True, help_text="The title the feed gives itself.")
    etag = models.CharField(max_length=500, blank=True, help_text="The feed’s ETag, sent back as If-None-Match.")
    last_modified = models.CharField(
        max_length=100, blank=True, help_text="The feed’s Last-Modified, sent back as If-Modified-Since."
    )
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the last feed read, to skip a feed that did not change."
    )
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True, help_text="The last poll that read the feed.")
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is polling it until then; after that, another may."
    )
    last_status = models.CharField(max_length=15, choices=Outcome, blank=True, help_text="How the last poll went.")
    last_error = models.TextField(blank=True, help_text="Why the last poll failed; empty once a poll succeeds.")
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text="Failed polls in a row; each one doubles the wait before the next, up to a cap."
    )
    imported_count = models.PositiveIntegerField(default=0, help_text="Articles this feed has brought in.")
    poll_count = models.PositiveIntegerField(default=0)

    objects = FeedSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        constraints = [
            models.CheckConstraint(condition=Q(interval_minutes__gte=1), name="feedsubscription_interval_positive"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workbench:subscription_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.title or self.feed_title or self.url

    @property
    def is_polling(self) -> bool:
        return self.claimed_until is not None and self.claimed_until > timezone.now()

    @property
    def is_failing(self) -> bool:
        return self.consecutive_failures > 0

    @property
    def is_due(self) -> bool:
        return self.active and self.next_poll_at <= timezone.now()


class FeedEntry(models.Model):
    """An entry a subscription has already brought in, so that later polls skip it.

    Entries are known by their guid (Atom id, RSS guid), else their link, else their text;
    `article` is the stored article, which may have come from another import first.
    """

    subscription = models.ForeignKey(FeedSubscription, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=64, help_text="SHA-256 of the guid, link or text that identifies the entry.")
    guid = models.CharField(max_length=1000, blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_entries")
    created = models.BooleanField(
        default=True, help_text="Whether this feed imported the article (or found it stored)."
    )
    first_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-first_seen_at", "-id"]
        verbose_name_plural = "feed entries"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="feedentry_once_per_subscription"),
        ]

    def __str__(self):
        return self.guid or self.key


class FeedPoll(models.Model):
    """One poll of a subscription: when, what the server answered, and what came of it."""

    subscription = models.ForeignKey(FeedSubscription, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=15, choices=FeedSubscription.Outcome)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    bytes_read = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0, help_text="Entries seen before or already stored.")
    failed_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the poll failed.")
    notes = models.JSONField(
        default=list, blank=True, help_text="Entries that could not be imported, and other remarks, one per line."
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.subscription} at {self.started_at:%Y-%m-%d %H:%M}: {self.get_outcome_display()}"
