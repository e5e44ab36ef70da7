"""One django-filter FilterSet per list page (workbench queue, public fact-check list)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from articles.models import Outlet, Quote, Rating
from articles.search import text_search

# ---- Public fact-check list (/fact-checks/) ------------------------------------------------


class PublicFactCheckFilter(django_filters.FilterSet):
    """Readers' filters on published fact-checks: words, rating, speaker, outlet and dates.

    Every choice is by slug, so filtered URLs read well and stay valid when names change.
    Speakers are matched by slug (links from speaker pages) or by part of their name (the
    text box); an outlet matches a fact-check whose claim appeared in it.
    """

    PARAMS = ("q", "rating", "speaker", "outlet", "date_from", "date_to", "page")

    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in the claim or the verdict"}),
    )
    rating = django_filters.ModelChoiceFilter(
        queryset=Rating.objects.all(), to_field_name="slug", empty_label="Any rating", label="Rating"
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
        return text_search(queryset, value, ["claim_reviewed", "headline", "claim__text", "summary", "body"])

    def filter_speaker(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(claim__speaker__slug=value) | Q(claim__speaker__name__icontains=value))

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(Exists(Quote.objects.filter(claim=OuterRef("claim_id"), article__outlet=value)))

