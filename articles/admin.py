"""The back office. Editors work in /workbench/; admins fix data here."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from articles.models import (
    Article,
    AuditEvent,
    Citation,
    Claim,
    Correction,
    FactCheck,
    FeedEntry,
    FeedPoll,
    FeedSubscription,
    ImportBatch,
    ImportFile,
    Outlet,
    Quote,
    Rating,
    Source,
    Speaker,
    SpeakerAlias,
)
from articles.services import subscriptions as subscription_services
from articles.services.errors import ServiceError
from articles.services.speakers import name_key


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "homepage_url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "origin", "status", "created_count", "unchanged_count", "failed_count"]
    list_filter = ["status", "origin"]
    search_fields = ["file_names"]
    list_select_related = ["created_by"]
    autocomplete_fields = ["created_by"]
    readonly_fields = ["created_at", "finished_at", "total", "processed", "errors"]

    def has_add_permission(self, request):
        # Batches are records of import runs; new imports start from the upload page.
        return False

    def changelist_view(self, request, extra_context=None):
        # The object-tools button in templates/admin/articles/importbatch/change_list.html.
        extra_context = {**(extra_context or {}), "upload_url": reverse("workbench:import_new")}
        return super().changelist_view(request, extra_context)


@admin.register(ImportFile)
class ImportFileAdmin(admin.ModelAdmin):
    """Uploaded files waiting for (or feeding) an import; the bytes themselves are not shown."""

    list_display = ["name", "batch", "uploaded_by", "size", "created_at"]
    list_select_related = ["batch", "uploaded_by"]
    search_fields = ["name"]
    list_filter = ["format"]
    autocomplete_fields = ["batch", "uploaded_by"]
    exclude = ["data"]
    readonly_fields = ["upload_key", "name", "format", "size", "created_at"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
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
class ArticleAdmin(admin.ModelAdmin):
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
class SpeakerAdmin(admin.ModelAdmin):
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
class SpeakerAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "speaker"]
    search_fields = ["name", "speaker__name"]
    list_select_related = ["speaker"]
    autocomplete_fields = ["speaker"]

    def save_model(self, request, obj, form, change):
        obj.normalized = name_key(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "article", "kind", "checkworthiness"]
    list_filter = ["kind", "article__outlet"]
    search_fields = ["text", "speaker__name", "article__title"]
    list_select_related = ["speaker", "article"]
    autocomplete_fields = ["article", "claim", "speaker"]
    readonly_fields = ["text", "start", "end", "article", "fingerprint"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "status", "checkworthiness", "appearance_count", "assigned_to"]
    list_filter = ["status", "rejection_reason"]
    search_fields = ["text", "speaker__name"]
    list_select_related = ["speaker", "assigned_to"]
    autocomplete_fields = ["speaker", "assigned_to", "decided_by"]
    readonly_fields = ["fingerprint", "appearance_count", "first_appeared_at", "decided_at"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "colour", "order"]
    list_editable = ["order"]
    list_filter = ["value"]
    search_fields = ["label", "definition"]
    prepopulated_fields = {"slug": ["label"]}


class CitationInline(admin.TabularInline):
    model = Citation
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "rating", "author", "approved_by", "published_at", "public_link"]
    list_filter = ["status", "rating"]
    search_fields = ["headline", "claim_reviewed", "claim__text"]
    list_select_related = ["rating", "author", "approved_by"]
    autocomplete_fields = ["claim", "rating", "author", "approved_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [CitationInline]

    @admin.display(description="Page")
    def public_link(self, obj):
        if obj.status != FactCheck.Status.PUBLISHED:
            return "—"
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["factcheck", "source", "order", "note"]
    list_filter = ["source__outlet"]
    search_fields = ["factcheck__headline", "source__title", "note"]
    list_select_related = ["factcheck", "source"]
    autocomplete_fields = ["factcheck", "source"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["factcheck", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["note", "factcheck__headline"]
    list_select_related = ["factcheck", "created_by"]
    autocomplete_fields = ["factcheck", "previous_rating", "new_rating", "created_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "claim", "factcheck"]
    list_filter = ["action"]
    search_fields = ["action", "message", "actor__username"]
    list_select_related = ["actor", "claim", "factcheck"]
    autocomplete_fields = ["actor", "claim", "factcheck"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
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
class FeedSubscriptionAdmin(admin.ModelAdmin):
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
class FeedPollAdmin(admin.ModelAdmin):
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
class FeedEntryAdmin(admin.ModelAdmin):
    """The entries each subscription has seen; deleting one lets the next poll import it again."""

    list_display = ["__str__", "subscription", "article", "created", "first_seen_at"]
    list_filter = ["created"]
    search_fields = ["guid", "subscription__url", "article__title"]
    list_select_related = ["subscription", "article"]
    autocomplete_fields = ["subscription", "article"]
    readonly_fields = ["subscription", "key", "guid", "article", "created", "first_seen_at"]

    def has_add_permission(self, request):
        return False
