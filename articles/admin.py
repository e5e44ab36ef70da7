"""The back office. Editors work in /workbench/; admins fix data here.

The editorial workflow is not the admin's to bypass: a fact-check's status, approver,
dates and version, a claim's decision and a quote's speaker and claim are read-only here,
and the audit trail and corrections are read-only for everyone. What the admin may still
change goes through the same services as the workbench (`save_model`), so the two-person
rule, edit conflicts and the audit trail hold.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from articles.models import (
    Article,
    AuditEvent,
    Citation,
    Claim,
    Correction,
    FactCheck,
    FactCheckOldSlug,
    FactCheckRevision,
    FeedEntry,
    FeedPoll,
    FeedSubscription,
    ImportBatch,
    ImportFile,
    ImportItem,
    Outlet,
    PeriodicRun,
    Quote,
    Rating,
    Source,
    Speaker,
    SpeakerAlias,
)
from articles.services import factchecks, review
from articles.services import subscriptions as subscription_services
from articles.services.errors import ServiceError
from articles.services.speakers import name_key

SEARCH_WORDS = 10


class NewsroomAdmin(admin.ModelAdmin):
    """Every model admin here: a search reads at most SEARCH_WORDS words.

    The admin ANDs one OR-clause per word; a pasted paragraph made a query SQLite refused
    ("expression tree is too large") and a slow one on PostgreSQL.
    """

    def get_search_results(self, request, queryset, search_term):
        words = search_term.split()
        if len(words) > SEARCH_WORDS:
            search_term = " ".join(words[:SEARCH_WORDS])
        return super().get_search_results(request, queryset, search_term)


class WorkbenchRecordAdmin(NewsroomAdmin):
    """Shown here, changed only in the workbench.

    Claims, quotes, fact-checks, citations and corrections go through the services, which
    enforce the two-person rule, the publish checks, corrections on published work and the
    audit trail. An admin form would write the row directly and skip all of them (an Admin
    could set a fact-check's status to published and approve it themselves).
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NewsroomAdmin):
    """A record kept by the services: anyone allowed may look, nobody (superusers included) edits it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceSavedAdmin(NewsroomAdmin):
    """Saves through a service (`save_through_service`); a refusal is shown and nothing is saved."""

    def save_through_service(self, request, obj, form, change) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        try:
            self.save_through_service(request, obj, form, change)
        except ServiceError as error:
            request._service_refusal = error

    def log_change(self, request, obj, message):
        if not getattr(request, "_service_refusal", None):
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return super().response_change(request, obj)
        for message in refusal.messages:
            self.message_user(request, f"Not saved: {message}", level=messages.ERROR)
        return HttpResponseRedirect(request.path)


@admin.register(Outlet)
class OutletAdmin(NewsroomAdmin):
    list_display = ["name", "slug", "homepage_url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ImportBatch)
class ImportBatchAdmin(NewsroomAdmin):
    list_display = ["__str__", "created_by", "origin", "status", "created_count", "unchanged_count", "failed_count"]
    list_filter = ["status", "origin"]
    search_fields = ["file_names"]
    list_select_related = ["created_by"]
    autocomplete_fields = ["created_by"]
    readonly_fields = [
        "created_at",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "total",
        "processed",
        "created_count",
        "unchanged_count",
        "failed_count",
        "problem",
        "errors",
    ]
    exclude = ["preview"]

    def has_add_permission(self, request):
        # Batches are records of import runs; new imports start from the upload page.
        return False

    def changelist_view(self, request, extra_context=None):
        # The object-tools button in templates/admin/articles/importbatch/change_list.html.
        extra_context = {**(extra_context or {}), "upload_url": reverse("workbench:import_new")}
        return super().changelist_view(request, extra_context)


@admin.register(ImportItem)
class ImportItemAdmin(admin.ModelAdmin):
    """What became of each item of an import; written by the import tasks, read-only here."""

    list_display = ["locator", "batch", "position", "status", "attempts", "article"]
    list_filter = ["status"]
    search_fields = ["locator", "error"]
    list_select_related = ["batch", "article"]
    autocomplete_fields = ["batch", "article"]
    exclude = ["record"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    """When each periodic task (articles/periodic.py) is next due; move `next_run_at` to run one sooner."""

    list_display = ["name", "next_run_at", "last_run_at"]
    search_fields = ["name"]
    readonly_fields = ["name", "last_run_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ImportFile)
class ImportFileAdmin(NewsroomAdmin):
    """Uploaded files waiting for (or feeding) an import; the bytes themselves are not shown."""

    list_display = ["name", "batch", "uploaded_by", "size", "created_at"]
    list_select_related = ["batch", "uploaded_by"]
    search_fields = ["name"]
    list_filter = ["format"]
    autocomplete_fields = ["batch", "uploaded_by"]
    exclude = ["data"]
    readonly_fields = ["upload_key", "name", "format", "size", "created_at"]


@admin.register(Source)
class SourceAdmin(NewsroomAdmin):
    list_display = ["title", "outlet", "url", "published_on"]
    list_filter = ["outlet"]
    search_fields = ["title", "url", "outlet__name"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]


class QuoteInline(admin.TabularInline):
    model = Quote
    fields = ["text", "speaker", "start", "end", "checkworthiness", "claim"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(NewsroomAdmin):
    list_display = ["title", "outlet", "published_at", "extraction_status", "import_batch"]
    list_filter = ["extraction_status", "outlet"]
    search_fields = ["title", "url", "byline"]
    list_select_related = ["outlet", "import_batch"]
    autocomplete_fields = ["outlet", "sources"]
    date_hierarchy = "published_at"
    readonly_fields = ["body", "content_hash", "headings", "imported_at", "extracted_at", "import_batch"]
    inlines = [QuoteInline]


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    fields = ["name"]
    extra = 1


@admin.register(Speaker)
class SpeakerAdmin(NewsroomAdmin):
    list_display = ["name", "kind", "role", "affiliation"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "affiliation", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]

    def save_formset(self, request, form, formset, change):
        # Aliases are matched on their normalised form, which the inline does not show.
        for alias in formset.save(commit=False):
            alias.normalized = name_key(alias.name)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()
        formset.save_m2m()


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(NewsroomAdmin):
    list_display = ["name", "speaker"]
    search_fields = ["name", "speaker__name"]
    list_select_related = ["speaker"]
    autocomplete_fields = ["speaker"]

    def save_model(self, request, obj, form, change):
        obj.normalized = name_key(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Quote)
class QuoteAdmin(WorkbenchRecordAdmin):
    list_display = ["__str__", "speaker", "article", "kind", "checkworthiness"]
    list_filter = ["kind", "article__outlet"]
    search_fields = ["text", "speaker__name", "article__title"]
    list_select_related = ["speaker", "article"]
    # Speaker, span and claim change through the workbench's corrections (quote_correct, merge,
    # split), which refuse to rewrite a published fact-check's claim.
    readonly_fields = ["text", "start", "end", "article", "claim", "speaker", "fingerprint", "edited"]

    def has_add_permission(self, request):
        return False


@admin.register(Claim)
class ClaimAdmin(ServiceSavedAdmin):
    """Only the assignee changes here (through `claim_assign`); decisions are made in the review queue."""

    list_display = ["__str__", "speaker", "status", "checkworthiness", "appearance_count", "assigned_to"]
    list_filter = ["status", "rejection_reason"]
    search_fields = ["text", "speaker__name"]
    list_select_related = ["speaker", "assigned_to"]
    autocomplete_fields = ["assigned_to"]
    fields = [
        "text",
        "speaker",
        "assigned_to",
        "status",
        "rejection_reason",
        "decided_by",
        "decided_at",
        "checkworthiness",
        "reasons",
        "appearance_count",
        "first_appeared_at",
        "fingerprint",
    ]
    readonly_fields = [name for name in fields if name != "assigned_to"]

    def has_add_permission(self, request):
        return False  # claims come from extraction

    def has_delete_permission(self, request, obj=None):
        return False  # quotes and fact-checks hang on it; reject or merge it in the queue instead

    def save_through_service(self, request, obj, form, change):
        if "assigned_to" in form.changed_data:
            review.claim_assign(claim=obj, user=request.user, assignee=form.cleaned_data["assigned_to"])


@admin.register(Rating)
class RatingAdmin(NewsroomAdmin):
    list_display = ["label", "value", "colour", "order"]
    list_editable = ["order"]
    list_filter = ["value"]
    search_fields = ["label", "definition"]
    prepopulated_fields = {"slug": ["label"]}


class CitationInline(admin.TabularInline):
    """Shown, not edited: sources are cited in the workbench, which locks them in review."""

    model = Citation
    fields = ["order", "source", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FactCheckAdminForm(admin.ModelAdmin.form):
    """The version the page was loaded at travels with the form, so a stale save is an edit conflict."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version


# Set by the workflow in the workbench, never typed in here.
FACTCHECK_WORKFLOW_FIELDS = [
    "claim",
    "slug",
    "status",
    "author",
    "approved_by",
    "published_at",
    "retracted_at",
    "review_comment",
    "version",
    "created_at",
    "updated_at",
    "workbench_link",
]


@admin.register(FactCheck)
class FactCheckAdmin(ServiceSavedAdmin):
    """The text is saved through `factcheck_update` (on published work: as proposed changes for review)."""

    form = FactCheckAdminForm
    list_display = ["headline", "status", "rating", "author", "approved_by", "published_at", "public_link"]
    list_filter = ["status", "rating"]
    search_fields = ["headline", "claim_reviewed", "claim__text"]
    list_select_related = ["rating", "author", "approved_by"]
    autocomplete_fields = ["rating"]
    fields = [*factchecks.EDITABLE_FIELDS, "loaded_version", *FACTCHECK_WORKFLOW_FIELDS]
    readonly_fields = FACTCHECK_WORKFLOW_FIELDS
    inlines = [CitationInline]

    def has_add_permission(self, request):
        return False  # a fact-check starts when a claim is accepted in the review queue

    def has_delete_permission(self, request, obj=None):
        return False  # published work is retracted, never erased

    def get_readonly_fields(self, request, obj=None):
        locked = obj is not None and obj.status not in (FactCheck.Status.DRAFT, FactCheck.Status.PUBLISHED)
        return [*self.readonly_fields, *factchecks.EDITABLE_FIELDS] if locked else self.readonly_fields

    def save_through_service(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in factchecks.EDITABLE_FIELDS}
        if changes:
            current = FactCheck.objects.get(pk=obj.pk)
            loaded = form.cleaned_data.get("loaded_version") or current.version
            factchecks.factcheck_update(factcheck=current, user=request.user, expected_version=loaded, changes=changes)

    @admin.display(description="Page")
    def public_link(self, obj):
        if not obj.is_live and obj.status != FactCheck.Status.RETRACTED:
            return "—"
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())

    @admin.display(description="Workflow")
    def workbench_link(self, obj):
        return format_html(
            '<a href="{}">Open in the workbench</a> to submit, approve, schedule or retract it.',
            reverse("workbench:factcheck_edit", args=[obj.pk]),
        )


@admin.register(FactCheckRevision)
class FactCheckRevisionAdmin(ReadOnlyAdmin):
    list_display = ["factcheck", "status", "created_by", "created_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["factcheck__headline", "headline", "correction_note"]
    list_select_related = ["factcheck", "created_by", "decided_by"]


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdmin):
    list_display = ["factcheck", "source", "order", "note"]
    list_filter = ["source__outlet"]
    search_fields = ["factcheck__headline", "source__title", "note"]
    list_select_related = ["factcheck", "source"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    """Published notes: readers have seen them, so they are never edited or deleted."""

    list_display = ["factcheck", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["note", "factcheck__headline"]
    list_select_related = ["factcheck", "created_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The trail itself: written only by the services, read-only for everyone."""

    list_display = ["created_at", "actor", "action", "claim", "factcheck"]
    list_filter = ["action"]
    search_fields = ["action", "message", "actor__username"]
    list_select_related = ["actor", "claim", "factcheck"]


@admin.register(FactCheckOldSlug)
class FactCheckOldSlugAdmin(admin.ModelAdmin):
    """Old addresses are made by `factcheck_slug_set`; here they are only looked up or removed."""

    list_display = ["slug", "factcheck", "created_at"]
    search_fields = ["slug", "factcheck__slug", "factcheck__headline"]
    list_select_related = ["factcheck"]
    readonly_fields = ["factcheck", "slug", "created_at"]

    def has_add_permission(self, request):
        return False


# ---- Feed subscriptions --------------------------------------------------------------------


POLL_STATE = [
    "feed_title",
    "last_status",
    "last_error",
    "last_polled_at",
    "last_success_at",
    "next_poll_at",
    "consecutive_failures",
    "imported_count",
    "poll_count",
    "etag",
    "last_modified",
    "claimed_until",
    "created_by",
    "created_at",
]


class FeedSubscriptionAdminForm(forms.ModelForm):
    """Refuses, before saving, what the services would refuse (private addresses, duplicates)."""

    class Meta:
        model = FeedSubscription
        fields = ["url", "title", "outlet", "interval_minutes", "active"]

    def clean_url(self):
        try:
            return subscription_services.subscription_url_check(url=self.cleaned_data["url"], exclude=self.instance.pk)
        except ServiceError as error:
            raise forms.ValidationError(error.message) from None


class FeedPollInline(admin.TabularInline):
    model = FeedPoll
    fields = ["started_at", "outcome", "http_status", "created_count", "unchanged_count", "failed_count", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        # Each subscription keeps its last 100 polls; the page shows the newest.
        return super().get_queryset(request).order_by("-started_at", "-id")


@admin.register(FeedSubscription)
class FeedSubscriptionAdmin(NewsroomAdmin):
    """Subscriptions are saved and acted on through the services, as in the workbench."""

    list_display = [
        "__str__",
        "outlet",
        "active",
        "last_status",
        "last_polled_at",
        "next_poll_at",
        "consecutive_failures",
        "imported_count",
    ]
    list_filter = ["active", "last_status"]  # outlets are searched: a newsroom has too many to list
    search_fields = ["url", "title", "feed_title", "outlet__name", "last_error"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    form = FeedSubscriptionAdminForm
    fieldsets = [
        (None, {"fields": ["url", "title", "outlet", "interval_minutes", "active"]}),
        ("Poll state (written by the polls)", {"fields": POLL_STATE}),
    ]
    readonly_fields = POLL_STATE
    inlines = [FeedPollInline]
    actions = ["poll_now", "pause", "resume"]

    def get_readonly_fields(self, request, obj=None):
        # Whether a feed is polled is changed by the pause/resume actions, which the services run.
        return [*self.readonly_fields, "active"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        fields = {
            "url": obj.url,
            "title": obj.title,
            "outlet_name": obj.outlet.name if obj.outlet_id else "",
            "interval_minutes": obj.interval_minutes,
        }
        if change:
            saved = subscription_services.subscription_update(
                subscription=FeedSubscription.objects.get(pk=obj.pk), **fields
            )
        else:
            saved = subscription_services.subscription_create(**fields, user=request.user)
            if not obj.active:
                saved = subscription_services.subscription_pause(subscription=saved)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def _each(self, request, queryset, action, done: str):
        count = 0
        for subscription in queryset:
            try:
                action(subscription=subscription)
            except ServiceError as error:
                self.message_user(request, f"{subscription}: {error.message}", messages.WARNING)
            else:
                count += 1
        if count:
            self.message_user(request, done.format(count=count, s="" if count == 1 else "s"), messages.SUCCESS)

    @admin.action(description="Poll the selected feeds now")
    def poll_now(self, request, queryset):
        self._each(request, queryset, subscription_services.subscription_poll_now, "{count} poll{s} queued.")

    @admin.action(description="Pause the selected feeds")
    def pause(self, request, queryset):
        self._each(request, queryset, subscription_services.subscription_pause, "{count} feed{s} paused.")

    @admin.action(description="Resume the selected feeds")
    def resume(self, request, queryset):
        self._each(request, queryset, subscription_services.subscription_resume, "{count} feed{s} resumed.")


@admin.register(FeedPoll)
class FeedPollAdmin(NewsroomAdmin):
    """The poll log, written by the polls only."""

    list_display = ["started_at", "subscription", "outcome", "http_status", "created_count", "failed_count"]
    list_filter = ["outcome"]
    search_fields = ["subscription__url", "subscription__title", "error"]
    list_select_related = ["subscription"]
    autocomplete_fields = ["subscription"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FeedEntry)
class FeedEntryAdmin(NewsroomAdmin):
    """The entries each subscription has seen; deleting one lets the next poll import it again."""

    list_display = ["__str__", "subscription", "article", "created", "first_seen_at"]
    list_filter = ["created"]
    search_fields = ["guid", "subscription__url", "article__title"]
    list_select_related = ["subscription", "article"]
    autocomplete_fields = ["subscription", "article"]
    readonly_fields = ["subscription", "key", "guid", "article", "created", "first_seen_at"]

    def has_add_permission(self, request):
        return False
