"""One django-filter FilterSet per list page (workbench queue, public fact-check list)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from articles.models import Outlet, Quote, Rating
from articles.names import name_key
from articles.search import text_search
from articles.widgets import QuickSelect

# ---- Public fact-check list (/fact-checks/) ------------------------------------------------


class PublicFactCheckFilter(django_filters.FilterSet):
    """Readers' filters on published fact-checks: words, rating, speaker, outlet and dates.

    Every choice is by slug, so filtered URLs read well and stay valid when names change.
    Speakers are matched by slug (links from speaker pages) or by part of their name (the
    text box); an outlet matches a fact-check whose claim appeared in it.
    """

    PARAMS = ("q", "rating", "speaker", "outlet", "date_from", "date_to", "page")
    # The fact-check's own text only: PostgreSQL stores their weighted vector with each row
    # and indexes it (migrations 0005 and 0017).
    SEARCH_FIELDS = ["claim_reviewed", "headline", "summary", "body"]
    SEARCH_DOCUMENT = "search_document"

    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in the claim or the verdict"}),
    )
    rating = django_filters.ModelChoiceFilter(
        queryset=Rating.objects.all(),
        to_field_name="slug",
        empty_label="Any rating",
        label="Rating",
        widget=QuickSelect,
    )
    speaker = django_filters.CharFilter(
        method="filter_speaker", label="Speaker", widget=forms.TextInput(attrs={"placeholder": "Name"})
    )
    outlet = django_filters.ModelChoiceFilter(
        queryset=Outlet.objects.all(),
        to_field_name="slug",
        empty_label="Any outlet",
        label="Appeared in",
        method="filter_outlet",
        widget=QuickSelect,
    )
    date_from = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        label="Published from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label="to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def filter_text(self, queryset, name, value):
        return text_search(queryset, value, self.SEARCH_FIELDS, document=self.SEARCH_DOCUMENT)

    def filter_speaker(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(claim__speaker__slug=value) | Q(claim__speaker__name__icontains=value))

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(Exists(Quote.objects.filter(claim=OuterRef("claim_id"), article__outlet=value)))


# ---- Workbench review queue (/workbench/claims/) ---------------------------------------------

from django.db.models import F  # noqa: E402
from django.http import QueryDict  # noqa: E402

from articles.models import Claim, SpeakerAlias  # noqa: E402


class ClaimFilter(django_filters.FilterSet):
    """The review queue: pending claims, highest score first, unless the editor asks otherwise.

    Scores are shown and filtered on a 0–100 scale. An outlet or a date range matches a
    claim when any of its appearances does. "Assigned to me" needs the request.
    """

    SORTS = {
        "score": [F("checkworthiness").desc(), "-id"],
        "newest": [F("first_appeared_at").desc(nulls_last=True), "-id"],
        "oldest": [F("first_appeared_at").asc(nulls_last=True), "id"],
        "appearances": ["-appearance_count", F("checkworthiness").desc(), "-id"],
    }
    DEFAULTS = {"status": Claim.Status.PENDING, "sort": "score"}

    q = django_filters.CharFilter(
        method="filter_nothing",
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words or speaker", "autocomplete": "off"}),
    )
    status = django_filters.ChoiceFilter(
        choices=[*Claim.Status.choices, ("all", "Any status")], method="filter_status", empty_label=None
    )
    # A text box, not a select: a desk's speakers run to tens of thousands, and one option
    # each made the queue a megabyte and most of a second at 20,000.
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        label="Speaker",
        widget=forms.TextInput(attrs={"placeholder": "Any speaker", "autocomplete": "off"}),
    )
    outlet = django_filters.ModelChoiceFilter(
        queryset=Outlet.objects.all(), method="filter_outlet", empty_label="Any outlet", widget=QuickSelect
    )
    published = django_filters.DateFromToRangeFilter(
        method="filter_published",
        label="Article date",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    score = django_filters.RangeFilter(
        method="filter_score",
        label="Score (0–100)",
        widget=django_filters.widgets.RangeWidget(attrs={"type": "number", "min": 0, "max": 100, "step": 1}),
    )
    assigned = django_filters.ChoiceFilter(
        choices=[("me", "Assigned to me"), ("none", "Unassigned")], method="filter_assigned", empty_label="Anyone"
    )
    checked = django_filters.ChoiceFilter(
        choices=[("yes", "Has a fact-check"), ("no", "No fact-check yet")],
        method="filter_checked",
        empty_label="Either",
        label="Fact-check",
    )
    sort = django_filters.ChoiceFilter(
        choices=[
            ("score", "Highest score"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
            ("appearances", "Most appearances"),
        ],
        method="filter_nothing",
        empty_label=None,
        label="Sort by",
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, value in self.DEFAULTS.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, *args, **kwargs)
        for name, field in self.form.fields.items():
            if name not in ("q", "speaker"):  # the text boxes apply as you type; the rest when changed
                field.widget.attrs["data-apply"] = ""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        queryset = queryset.order_by(*self.SORTS.get(self.form.cleaned_data.get("sort"), self.SORTS["score"]))
        # Search last: on PostgreSQL the best matches come first, the chosen sort breaks ties.
        return text_search(queryset, self.form.cleaned_data.get("q", ""), ["text", "speaker__name"])

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_speaker(self, queryset, name, value):
        value = value.replace("\x00", "").strip()
        if value.isascii() and value.isdigit() and len(value) <= 18:  # a speaker's id, as links carry it
            return queryset.filter(speaker_id=int(value))
        # Other names too ("Baghaei", "MBS"), matched as the aliases are stored.
        aliases = SpeakerAlias.objects.filter(speaker=OuterRef("speaker_id"), normalized=name_key(value))
        return queryset.filter(Q(speaker__name__icontains=value) | Q(speaker__slug=value) | Exists(aliases))

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(Exists(Quote.objects.filter(claim=OuterRef("pk"), article__outlet=value)))

    def filter_published(self, queryset, name, value):
        appearances = Quote.objects.filter(claim=OuterRef("pk"))
        if value.start:
            appearances = appearances.filter(article__published_at__date__gte=value.start)
        if value.stop:
            appearances = appearances.filter(article__published_at__date__lte=value.stop)
        return queryset.filter(Exists(appearances))

    def filter_score(self, queryset, name, value):
        if value.start is not None:
            queryset = queryset.filter(checkworthiness__gte=float(value.start) / 100)
        if value.stop is not None:
            queryset = queryset.filter(checkworthiness__lte=float(value.stop) / 100)
        return queryset

    def filter_assigned(self, queryset, name, value):
        if value == "none":
            return queryset.filter(assigned_to__isnull=True)
        user = getattr(self.request, "user", None)
        return queryset.filter(assigned_to=user) if user and user.is_authenticated else queryset.none()

    def filter_checked(self, queryset, name, value):
        return queryset.filter(factcheck__isnull=value != "yes")


# ---- Workbench fact-check list (/workbench/fact-checks/) ----------------------------------

from articles.models import FactCheck  # noqa: E402


class FactCheckFilter(django_filters.FilterSet):
    """The newsroom's fact-checks by tab (mine, drafts, in review, awaiting my approval, scheduled, published,
    retracted) and words.

    `show` needs the request: “mine” and “awaiting my approval” depend on who is asking.
    """

    TABS = [
        ("", "All"),
        ("mine", "Mine"),
        ("drafts", "Drafts"),
        ("in_review", "In review"),
        ("awaiting", "Awaiting my approval"),
        ("scheduled", "Scheduled"),
        ("published", "Published"),
        ("retracted", "Retracted"),
    ]

    show = django_filters.ChoiceFilter(choices=TABS[1:], method="filter_show", empty_label="All", label="Show")
    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Headline, claim or speaker"}),
    )

    @classmethod
    def tab_conditions(cls, user) -> dict[str, Q]:
        """Each tab as a condition, so the page can count every tab in one query."""
        status = FactCheck.Status
        return {
            "": Q(),
            "mine": Q(author=user),
            "drafts": Q(status=status.DRAFT),
            "in_review": Q(status=status.IN_REVIEW),
            "awaiting": Q(pk__in=FactCheck.objects.awaiting_approval_by(user).values("pk")),
            "scheduled": Q(status=status.SCHEDULED),
            "published": Q(status=status.PUBLISHED),
            "retracted": Q(status=status.RETRACTED),
        }

    def filter_show(self, queryset, name, value):
        return queryset.filter(self.tab_conditions(self.request.user)[value])

    def filter_text(self, queryset, name, value):
        return text_search(queryset, value, ["headline", "claim_reviewed", "claim__text", "claim__speaker__name"])
